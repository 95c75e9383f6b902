/* Unit tests for marks: the state file format, merging between instances,
 * every kind of bad file, re-anchoring, permissions, failures (read-only
 * directory, full disk) and a SIGKILL crash test. Each test works in its own
 * mkdtemp directory. */
#define _GNU_SOURCE	/* unshare() for the tmpfs test */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <pwd.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <dirent.h>
#include <sched.h>
#include <time.h>
#include <unistd.h>

#include "testutil.h"
#include "testdir.h"
#include "marks.h"

#define FP_A	"0123456789abcdef"
#define FP_B	"fedcba9876543210"

static char	 tmpdir[64];
static char	 statedir[128];	/* tmpdir/state/juan: missing until a save */

static int
setup(void **state)
{
	(void)state;
	if (test_tmpdir_make(tmpdir, sizeof tmpdir, "test_marks") != 0)
		return -1;
	snprintf(statedir, sizeof statedir, "%s/state/juan", tmpdir);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	return test_tmpdir_remove(tmpdir);
}

static char *
file_in(const char *dir, const char *name)
{
	char	*p = malloc(strlen(dir) + strlen(name) + 2);

	assert_non_null(p);
	sprintf(p, "%s/%s", dir, name);
	return p;
}

static void
write_file(const char *path, const char *data, size_t len)
{
	int	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	assert_int_equal(close(fd), 0);
}

static void
make_statedir(void)
{
	char	*p = file_in(tmpdir, "state");

	assert_int_equal(mkdir(p, 0700), 0);
	assert_int_equal(mkdir(statedir, 0700), 0);
	free(p);
}

/* Write a state file with the given body (no version line added). */
static char *
state_file(const char *body, size_t len)
{
	char	*p;

	make_statedir();
	p = file_in(statedir, "bookmarks");
	write_file(p, body, len);
	return p;
}

/* Names in statedir that start with prefix. */
static int
count_prefix(const char *prefix, char *first, size_t size)
{
	DIR		*d = opendir(statedir);
	struct dirent	*e;
	int		 n = 0;

	if (d == NULL)
		return 0;
	while ((e = readdir(d)) != NULL)
		if (strncmp(e->d_name, prefix, strlen(prefix)) == 0) {
			if (n++ == 0 && first != NULL)
				snprintf(first, size, "%s/%s", statedir, e->d_name);
		}
	closedir(d);
	return n;
}

/* A position as the view records one, with nothing of what the shelf
 * shows known (so the recorded title, section and counts stay). */
static void
set_position(struct marks *m, const char *fp, const char *path, size_t off,
    double percent, const char *snippet)
{
	struct mark	p = { 0 };

	p.fp = (char *)fp;
	p.path = (char *)path;
	p.off = off;
	p.percent = percent;
	p.snippet = (char *)snippet;
	p.left_cjk = p.left_words = MARKS_UNKNOWN;
	marks_set_place(m, &p);
}

static void
add(struct marks *m, const char *fp, size_t off, const char *name)
{
	struct mark	mk = { 0 };

	mk.fp = (char *)fp;
	mk.path = "/books/a.txt";
	mk.off = off;
	mk.name = (char *)name;
	mk.snippet = "snip";
	mk.section = "第一章";
	mk.percent = 12.34;
	mk.time = 1700000000;
	marks_add(m, &mk);
}

static struct marks *
loaded(const char *dir)
{
	struct marks	*m = marks_new(dir);
	char		*cause = (char *)1;

	assert_int_equal(marks_load(m, &cause), 0);
	assert_null(cause);
	return m;
}

static void
save_ok(struct marks *m)
{
	char	*cause = (char *)1;

	assert_int_equal(marks_save(m, &cause), 0);
	assert_null(cause);
	assert_int_equal(marks_pending(m), 0);
}

/* Expect -1 and a one-line cause containing word (cause is passed by
 * address: it is only read after the call that set it). */
static void
expect_cause(int rc, char **cause, const char *word)
{
	assert_int_equal(rc, -1);
	assert_non_null(*cause);
	assert_null(strchr(*cause, '\n'));
	if (strstr(*cause, word) == NULL)
		fail_msg("cause \"%s\" lacks \"%s\"", *cause, word);
	free(*cause);
}

/* End a forked child with everything freed (valgrind checks children). */
static _Noreturn void
child_exit(struct marks *m, char *cause, int code)
{
	marks_free(m);
	free(cause);
	_exit(code);
}

/* n instances started together, each adding one bookmark "child" to fp
 * (at its index with by_index, else all at 99) and saving; each must save. */
static void
savers_race(int n, const char *fp, int by_index)
{
	int	go[2], status;
	pid_t	pid[20];
	char	c = 0;

	assert_true(n <= 20);
	assert_int_equal(pipe(go), 0);
	for (int i = 0; i < n; i++) {
		pid[i] = fork();
		assert_true(pid[i] >= 0);
		if (pid[i] == 0) {
			struct marks	*m = marks_new(statedir);
			char		*cause;

			close(go[1]);
			if (read(go[0], &c, 1) != 0)	/* wait for EOF: all start */
				_exit(3);
			marks_load(m, &cause);
			free(cause);
			add(m, fp, by_index ? (size_t)i : 99, "child");
			status = marks_save(m, &cause) == 0 ? 0 : 2;
			child_exit(m, cause, status);
		}
	}
	close(go[0]);
	close(go[1]);
	for (int i = 0; i < n; i++) {
		assert_int_equal(waitpid(pid[i], &status, 0), pid[i]);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 0);
	}
}

static void
test_degenerate(void **state)
{
	struct marks	*m = marks_new(NULL);
	struct mark	 bad = { 0 };
	char		*cause = (char *)1;
	size_t		 off = 7;

	(void)state;
	marks_free(NULL);
	assert_int_equal(marks_load(m, &cause), 0);
	assert_null(cause);
	assert_int_equal(marks_save(m, &cause), 0);	/* nothing to save */
	assert_int_equal(marks_count(m, NULL), 0);
	assert_int_equal(marks_count(m, FP_A), 0);
	assert_null(marks_get(m, FP_A, 0));
	assert_null(marks_all_get(m, 0));
	assert_null(marks_history_get(m, 0));
	assert_int_equal(marks_position(m, FP_A, &off), 0);
	assert_int_equal(off, 7);
	marks_add(m, NULL);
	marks_add(m, &bad);			/* no fingerprint */
	bad.fp = "XYZ";
	marks_add(m, &bad);			/* not hex */
	bad.fp = "";
	marks_add(m, &bad);
	marks_delete(m, FP_A, 0);
	marks_rename(m, FP_A, 3, "x");
	marks_history_add(m, NULL);
	marks_history_add(m, "");
	set_position(m, NULL, "/x", 1, 1, "s");
	assert_int_equal(marks_size(m, MARKS_ALL), 0);
	assert_int_equal(marks_size(m, MARKS_HISTORY), 0);
	assert_int_equal(marks_pending(m), 0);
	assert_int_equal(marks_reanchor(m, FP_A, "/x", NULL, NULL), 0);

	/* No persistence: usable in memory, saving says why it cannot. */
	bad.fp = FP_A;
	marks_add(m, &bad);			/* NULL strings become "" */
	assert_int_equal(marks_count(m, FP_A), 1);
	assert_string_equal(marks_get(m, FP_A, 0)->name, "");
	assert_true(marks_get(m, FP_A, 0)->time > 0);	/* 0 means now */
	expect_cause(marks_save(m, &cause), &cause, "not saved");
	assert_int_equal(marks_pending(m), 1);
	marks_free(m);
}

static void
test_state_dir(void **state)
{
	char		*save_home = getenv("HOME") ? strdup(getenv("HOME")) : NULL;
	char		*save_xdg = getenv("XDG_STATE_HOME") ?
			    strdup(getenv("XDG_STATE_HOME")) : NULL;
	char		*d, *cause;
	struct passwd	*pw = getpwuid(getuid());

	(void)state;
	setenv("XDG_STATE_HOME", "/xdg/state/", 1);
	d = marks_state_dir(&cause);
	assert_string_equal(d, "/xdg/state/juan");
	assert_null(cause);
	free(d);

	setenv("HOME", "/home/reader", 1);
	setenv("XDG_STATE_HOME", "relative/state", 1);	/* ignored (XDG spec) */
	d = marks_state_dir(&cause);
	assert_string_equal(d, "/home/reader/.local/state/juan");
	free(d);
	setenv("XDG_STATE_HOME", "", 1);
	d = marks_state_dir(&cause);
	assert_string_equal(d, "/home/reader/.local/state/juan");
	free(d);

	unsetenv("XDG_STATE_HOME");
	unsetenv("HOME");
	d = marks_state_dir(&cause);
	assert_non_null(pw);
	assert_non_null(d);
	assert_true(strncmp(d, pw->pw_dir, strlen(pw->pw_dir)) == 0);
	assert_non_null(strstr(d, "/.local/state/juan"));
	free(d);

	/* Nothing is created by asking. */
	setenv("XDG_STATE_HOME", tmpdir, 1);
	d = marks_state_dir(&cause);
	assert_int_equal(access(d, F_OK), -1);
	free(d);

	if (save_home)
		setenv("HOME", save_home, 1);
	if (save_xdg)
		setenv("XDG_STATE_HOME", save_xdg, 1);
	else
		unsetenv("XDG_STATE_HOME");
	free(save_home);
	free(save_xdg);
}

static void
test_round_trip(void **state)
{
	struct marks		*m = loaded(statedir), *r;
	const struct mark	*g;
	struct stat		 sb;
	char			*path, *text, *out1, *out2;
	size_t			 len = 0, off, n1, n2;
	struct mark		 mk = { 0 };

	(void)state;
	add(m, FP_A, 500, "second");
	add(m, FP_A, 10, "tab\there, newline\nthere, back\\slash");
	mk.fp = FP_B;
	mk.path = "/odd/na\tme\x1b[31m\xc2\x9b.txt";
	mk.off = (size_t)-1;
	mk.name = "\x1b]0;title\x07中文";
	mk.snippet = "工业\n泡沫\x1a";
	mk.section = "";
	mk.percent = 200;		/* clamped */
	mk.time = 5;
	marks_add(m, &mk);
	set_position(m, FP_A, "/books/a.txt", 4242, 33.36, "pos\tsnip");
	marks_history_add(m, "工业泡沫");
	marks_history_add(m, "a\\b\tc");
	assert_int_equal(marks_pending(m), 1);
	save_ok(m);

	/* Mode 0700 for the created directories, 0600 for the files. */
	assert_int_equal(stat(statedir, &sb), 0);
	assert_int_equal(sb.st_mode & 07777, 0700);
	path = file_in(tmpdir, "state");
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 07777, 0700);
	free(path);
	path = file_in(statedir, "bookmarks");
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 07777, 0600);
	text = test_slurp(path, &len);
	free(path);
	path = file_in(statedir, "bookmarks.lock");
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 07777, 0600);
	free(path);

	/* Human-readable, versioned, escaped: no control byte but tab and
	 * newline in the file. */
	assert_true(strncmp(text, "juan-bookmarks 3\n", 17) == 0);
	assert_non_null(strstr(text, "\tsecond\t"));
	assert_non_null(strstr(text, "tab\\there, newline\\nthere, back\\\\slash"));
	assert_non_null(strstr(text, "\\x1b]0;title\\x07中文"));
	assert_non_null(strstr(text, "h\t工业泡沫\n"));
	for (size_t i = 0; i < len; i++)
		assert_false(((unsigned char)text[i] < 0x20 && text[i] != '\t' &&
		    text[i] != '\n') || text[i] == 0x7f);
	free(text);

	r = loaded(statedir);
	assert_int_equal(marks_count(r, FP_A), 2);
	g = marks_get(r, FP_A, 0);		/* offset order */
	assert_int_equal(g->off, 10);
	assert_string_equal(g->name, "tab\there, newline\nthere, back\\slash");
	assert_string_equal(g->section, "第一章");
	assert_string_equal(g->path, "/books/a.txt");
	assert_string_equal(g->snippet, "snip");
	assert_true(g->percent > 12.29 && g->percent < 12.31);
	assert_int_equal(g->time, 1700000000);
	assert_int_equal(g->lost, 0);
	assert_string_equal(marks_get(r, FP_A, 1)->name, "second");
	g = marks_get(r, FP_B, 0);
	assert_string_equal(g->path, mk.path);
	assert_string_equal(g->name, mk.name);
	assert_string_equal(g->snippet, mk.snippet);
	assert_int_equal(g->off, (size_t)-1);
	assert_true(g->percent == 100.0);
	assert_int_equal(marks_size(r, MARKS_ALL), 3);
	assert_true(marks_position(r, FP_A, &off));
	assert_int_equal(off, 4242);
	assert_int_equal(marks_size(r, MARKS_HISTORY), 2);
	assert_string_equal(marks_history_get(r, 0), "工业泡沫");
	assert_string_equal(marks_history_get(r, 1), "a\\b\tc");

	/* Serialising again gives the same bytes. */
	out1 = marks_format(m, &n1);
	out2 = marks_format(r, &n2);
	assert_int_equal(n1, n2);
	assert_memory_equal(out1, out2, n1);
	free(out1);
	free(out2);
	marks_free(m);
	marks_free(r);
}

static void
test_clamp_and_identity(void **state)
{
	struct marks	*m = marks_new(NULL);
	struct mark	 mk = { 0 };
	char		 big[5000];

	(void)state;
	/* Long strings are cut without splitting a UTF-8 sequence. */
	for (size_t i = 0; i + 3 < sizeof big; i += 3)
		memcpy(big + i, "中", 3);
	big[sizeof big - 2] = '\0';
	mk.fp = FP_A;
	mk.name = big;
	mk.snippet = big;
	mk.path = big;
	mk.time = 9;
	marks_add(m, &mk);
	assert_true(strlen(marks_get(m, FP_A, 0)->name) <= 256);
	assert_int_equal(strlen(marks_get(m, FP_A, 0)->name) % 3, 0);
	assert_true(strlen(marks_get(m, FP_A, 0)->snippet) <= MARKS_SNIPPET_MAX);
	assert_int_equal(strlen(marks_get(m, FP_A, 0)->snippet) % 3, 0);

	/* Same (fp, off, time): a second bookmark, never a replacement; each
	 * has its own id. */
	mk.name = "again";
	marks_add(m, &mk);
	assert_int_equal(marks_count(m, FP_A), 2);
	assert_true(marks_get(m, FP_A, 0)->id != 0);
	assert_true(marks_get(m, FP_A, 1)->id != 0);
	assert_true(marks_get(m, FP_A, 0)->id != marks_get(m, FP_A, 1)->id);
	mk.time = 10;
	marks_add(m, &mk);
	assert_int_equal(marks_count(m, FP_A), 3);
	marks_rename(m, FP_A, 2, "renamed");	/* time 10 sorts last */
	assert_string_equal(marks_get(m, FP_A, 2)->name, "renamed");
	marks_delete(m, FP_A, 0);
	assert_int_equal(marks_count(m, FP_A), 2);
	assert_string_equal(marks_get(m, FP_A, 1)->name, "renamed");
	/* Given the id of an existing bookmark, marks_add() replaces it. */
	mk = *marks_get(m, FP_A, 0);
	mk.name = "replaced";
	marks_add(m, &mk);
	assert_int_equal(marks_count(m, FP_A), 2);
	assert_string_equal(marks_get(m, FP_A, 0)->name, "replaced");
	marks_free(m);
}

/* A run that changes nothing leaves the file alone (same inode, same
 * mtime); an unchanged position is not a change. */
static void
test_no_change_no_rewrite(void **state)
{
	struct marks	*m = loaded(statedir);
	struct stat	 before, after;
	struct timespec	 old[2] = { { 1000000, 0 }, { 1000000, 0 } };
	char		*path = file_in(statedir, "bookmarks"), *cause;

	(void)state;
	add(m, FP_A, 1, "a");
	set_position(m, FP_A, "/books/a.txt", 77, 50, "s");
	save_ok(m);
	marks_free(m);
	assert_int_equal(utimensat(AT_FDCWD, path, old, 0), 0);
	assert_int_equal(stat(path, &before), 0);

	m = loaded(statedir);
	set_position(m, FP_A, "/books/a.txt", 77, 50, "s");
	marks_history_add(m, "x");
	marks_history_add(m, "x");		/* repeated: one entry */
	assert_int_equal(marks_size(m, MARKS_HISTORY), 1);
	marks_free(m);				/* quits without saving */
	m = loaded(statedir);
	set_position(m, FP_A, "/books/a.txt", 77, 50, "s");
	assert_int_equal(marks_pending(m), 0);
	assert_int_equal(marks_save(m, &cause), 0);
	/* Added and deleted again: saved state equals the file, no write. */
	add(m, FP_B, 3, "tmp");
	marks_delete(m, FP_B, 0);
	assert_int_equal(marks_pending(m), 1);
	save_ok(m);
	assert_int_equal(stat(path, &after), 0);
	assert_int_equal(before.st_ino, after.st_ino);
	assert_int_equal(before.st_mtime, after.st_mtime);
	marks_free(m);
	free(path);
}

/* The settings kept with a position (issue 15: the width and spacing the
 * reader chose, remembered per document): saved in a "set" record after
 * the positions, kept when the position moves, none without a position. */
static void
test_position_settings(void **state)
{
	struct marks	*m = loaded(statedir), *r;
	char		*path = file_in(statedir, "bookmarks"), *text;
	size_t		 len;

	(void)state;
	assert_null(marks_settings(m, FP_A));
	marks_set_settings(m, FP_A, "width=60");	/* no position: nothing */
	assert_int_equal(marks_pending(m), 0);
	set_position(m, FP_A, "/a", 100, 10, "snip");
	assert_string_equal(marks_settings(m, FP_A), "");
	marks_set_settings(m, FP_A, "width=60 spacing=1");
	assert_string_equal(marks_settings(m, FP_A), "width=60 spacing=1");
	/* The position moves, the settings stay. */
	set_position(m, FP_A, "/a", 200, 20, "snip");
	assert_string_equal(marks_settings(m, FP_A), "width=60 spacing=1");
	save_ok(m);
	text = test_slurp(path, &len);
	assert_non_null(strstr(text, "\nset\t" FP_A "\twidth=60 spacing=1\n"));
	free(text);
	r = loaded(statedir);
	assert_string_equal(marks_settings(r, FP_A), "width=60 spacing=1");
	/* Unchanged: no change to save. */
	marks_set_settings(r, FP_A, "width=60 spacing=1");
	assert_int_equal(marks_pending(r), 0);
	marks_free(r);
	marks_free(m);
	free(path);
}

/* Read from a file: a "set" record of no position is dropped. */
static void
test_position_settings_read(void **state)
{
	const char	*s = "juan-bookmarks 3\n"
			    "set\t" FP_B "\twidth=50\n"
			    "p\t" FP_A "\t10\t5.0\t100\t/a\tsnip\n"
			    "set\t" FP_A "\twidth=70 spacing=0\n";
	char		*path = state_file(s, strlen(s));
	struct marks	*m;

	(void)state;
	m = loaded(statedir);
	assert_string_equal(marks_settings(m, FP_A), "width=70 spacing=0");
	assert_null(marks_settings(m, FP_B));
	marks_free(m);
	free(path);
}

static void
test_merge_two_instances(void **state)
{
	struct marks	*a = loaded(statedir), *b = loaded(statedir), *r;
	size_t		 off;

	(void)state;
	add(a, FP_A, 100, "from a");
	set_position(a, FP_A, "/a", 1000, 10, "");
	marks_history_add(a, "alpha");
	add(b, FP_A, 200, "from b");
	set_position(b, FP_B, "/b", 2000, 20, "");
	marks_history_add(b, "beta");
	save_ok(a);
	save_ok(b);
	/* b now also sees what a saved. */
	assert_int_equal(marks_count(b, FP_A), 2);
	r = loaded(statedir);
	assert_int_equal(marks_count(r, FP_A), 2);
	assert_string_equal(marks_get(r, FP_A, 0)->name, "from a");
	assert_string_equal(marks_get(r, FP_A, 1)->name, "from b");
	assert_true(marks_position(r, FP_A, &off));
	assert_int_equal(off, 1000);
	assert_true(marks_position(r, FP_B, &off));
	assert_int_equal(off, 2000);
	assert_int_equal(marks_size(r, MARKS_HISTORY), 2);
	assert_string_equal(marks_history_get(r, 0), "alpha");
	assert_string_equal(marks_history_get(r, 1), "beta");
	/* A position update lands on top of the other's. */
	set_position(a, FP_B, "/b", 3000, 30, "");
	save_ok(a);
	marks_free(r);
	r = loaded(statedir);
	assert_true(marks_position(r, FP_B, &off));
	assert_int_equal(off, 3000);
	marks_free(a);
	marks_free(b);
	marks_free(r);
}

static void
test_merge_delete_wins(void **state)
{
	struct marks	*a, *b, *r;

	(void)state;
	a = loaded(statedir);
	add(a, FP_A, 1, "doomed");
	add(a, FP_A, 2, "kept");
	save_ok(a);
	marks_free(a);

	a = loaded(statedir);
	b = loaded(statedir);			/* holds stale copies */
	marks_delete(a, FP_A, 0);
	save_ok(a);
	add(b, FP_A, 3, "new in b");
	marks_rename(b, FP_A, 0, "renamed in b");	/* of the deleted one */
	save_ok(b);
	r = loaded(statedir);
	assert_int_equal(marks_count(r, FP_A), 2);
	assert_string_equal(marks_get(r, FP_A, 0)->name, "kept");
	assert_string_equal(marks_get(r, FP_A, 1)->name, "new in b");
	/* b's view follows the file after its save. */
	assert_int_equal(marks_count(b, FP_A), 2);
	marks_free(a);
	marks_free(b);
	marks_free(r);
}

/* 20 instances started together, each adding one bookmark and saving. */
static void
test_twenty_instances(void **state)
{
	struct marks	*r;

	(void)state;
	savers_race(20, FP_A, 1);
	r = loaded(statedir);
	assert_int_equal(marks_count(r, FP_A), 20);
	for (size_t i = 0; i < 20; i++)
		assert_int_equal(marks_get(r, FP_A, i)->off, i);
	marks_free(r);
}

static void
test_history(void **state)
{
	struct marks	*m = loaded(statedir), *r;
	char		 pat[16];

	(void)state;
	for (int i = 0; i < 150; i++) {
		snprintf(pat, sizeof pat, "p%d", i);
		marks_history_add(m, pat);
	}
	assert_int_equal(marks_size(m, MARKS_HISTORY), MARKS_HISTORY_MAX);
	assert_string_equal(marks_history_get(m, 0), "p50");
	marks_history_add(m, "p60");		/* again: moves to the end */
	assert_int_equal(marks_size(m, MARKS_HISTORY), MARKS_HISTORY_MAX);
	assert_string_equal(marks_history_get(m, MARKS_HISTORY_MAX - 1), "p60");
	assert_string_equal(marks_history_get(m, 10), "p61");
	save_ok(m);
	r = loaded(statedir);
	assert_int_equal(marks_size(r, MARKS_HISTORY), MARKS_HISTORY_MAX);
	assert_string_equal(marks_history_get(r, MARKS_HISTORY_MAX - 1), "p60");
	marks_free(m);
	marks_free(r);
}

/* An unparseable file is moved aside, with its bytes, and a message. */
static void
check_moved_aside(const char *body, size_t len)
{
	char		*path = state_file(body, len), *cause, *got, aside[512];
	struct marks	*m = marks_new(statedir), *r;
	size_t		 n;

	assert_int_equal(marks_load(m, &cause), -1);
	assert_int_equal(access(path, F_OK), -1);
	assert_int_equal(count_prefix("bookmarks.corrupt-", aside, sizeof aside), 1);
	/* Words first, then the new name without its directory: 80 columns
	 * show it whole. */
	assert_non_null(cause);
	assert_true(strncmp(cause, "Bookmarks file was corrupt; moved to "
	    "bookmarks.corrupt-", 55) == 0);
	assert_string_equal(cause + 37, strrchr(aside, '/') + 1);
	assert_true(strlen(cause) < 78);
	free(cause);
	got = test_slurp(aside, &n);
	assert_int_equal(n, len);
	assert_memory_equal(got, body, len);
	free(got);
	assert_int_equal(marks_size(m, MARKS_ALL), 0);
	/* Starts afresh and adds a bookmark. */
	add(m, FP_A, 1, "fresh");
	save_ok(m);
	r = loaded(statedir);
	assert_int_equal(marks_size(r, MARKS_ALL), 1);
	marks_free(m);
	marks_free(r);
	free(path);
}

static void
test_corrupt_binary(void **state)
{
	char	bin[3000];

	(void)state;
	srand(42);
	for (size_t i = 0; i < sizeof bin; i++)
		bin[i] = (char)rand();
	bin[0] = '\0';
	check_moved_aside(bin, sizeof bin);
}

static void
test_corrupt_garbage_text(void **state)
{
	const char	*s = "{\"bookmarks\": [[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]}\n"
			    "m\t" FP_A "\t1\t0\t1\t/p\tn\ts\tx\n";

	(void)state;
	check_moved_aside(s, strlen(s));
}

static void
test_corrupt_truncated_header(void **state)
{
	(void)state;
	check_moved_aside("juan-bookm", 10);
}

static void
test_corrupt_version_zero(void **state)
{
	(void)state;
	check_moved_aside("juan-bookmarks 0\n", 17);
}

/* Two corrupt files in the same second do not replace each other. */
static void
test_corrupt_twice(void **state)
{
	char		*path, *cause;
	struct marks	*m;

	(void)state;
	path = state_file("garbage one", 11);
	m = marks_new(statedir);
	expect_cause(marks_load(m, &cause), &cause, "moved to");
	marks_free(m);
	write_file(path, "garbage two", 11);
	m = marks_new(statedir);
	expect_cause(marks_load(m, &cause), &cause, "moved to");
	marks_free(m);
	assert_int_equal(count_prefix("bookmarks.corrupt-", NULL, 0), 2);
	free(path);
}

static void
test_empty_file(void **state)
{
	char		*path = state_file("", 0), *text;
	struct marks	*m = loaded(statedir);
	size_t		 len;

	(void)state;
	assert_int_equal(marks_size(m, MARKS_ALL), 0);
	add(m, FP_A, 1, "x");
	save_ok(m);
	text = test_slurp(path, &len);
	assert_true(strncmp(text, "juan-bookmarks 3\nm\t", 19) == 0);
	assert_int_equal(count_prefix("bookmarks.corrupt-", NULL, 0), 0);
	free(text);
	free(path);
	marks_free(m);
}

/* An editor's BOM and CRLF line ends are tolerated, not "corrupt". */
static void
test_bom_crlf(void **state)
{
	const char	*s = "\xef\xbb\xbfjuan-bookmarks 1\r\n"
			    "m\t" FP_A "\t10\t5.0\t100\t/p\tedited\tsec\tsnip\r\n";
	char		*path = state_file(s, strlen(s));
	struct marks	*m = loaded(statedir);

	(void)state;
	assert_int_equal(marks_count(m, FP_A), 1);
	assert_string_equal(marks_get(m, FP_A, 0)->snippet, "snip");
	free(path);
	marks_free(m);
}

static void
test_truncated_record(void **state)
{
	const char	*s = "juan-bookmarks 1\n"
			    "m\t" FP_A "\t10\t5.0\t100\t/p\tfirst\tsec\tsnip\n"
			    "m\t" FP_A "\t20\t6.0\t1";	/* cut mid-record */
	struct marks	*m = marks_new(statedir);
	char		*path = state_file(s, strlen(s)), *cause;

	(void)state;
	expect_cause(marks_load(m, &cause), &cause, "skipped 1 bad line");
	assert_int_equal(marks_count(m, FP_A), 1);
	assert_string_equal(marks_get(m, FP_A, 0)->name, "first");
	free(path);
	marks_free(m);
}

static void
test_bad_lines_among_good(void **state)
{
	const char	*s = "juan-bookmarks 1\r\n"
			    "m\t" FP_A "\t10\t5.0\t100\t/p\tgood1\tsec\tsnip\n"
			    "m\t" FP_A "XYZ\t11\t5.0\t100\t/p\tbad fp\ts\tx\n"
			    "m\t" FP_A "\t12\t5.0\t100\t/p\tbad \\q escape\ts\tx\n"
			    "m\t" FP_A "\t13\t5.0\t100\t/p\traw \x1b esc\ts\tx\n"
			    "m\t" FP_A "\t14\t5.0\t100\t/p\ttoo few fields\n"
			    "m\t" FP_A "\t15\t5.0\t100\t/p\tn\ts\tx\textra\n"
			    "zz\tunknown kind\n"
			    "m\t" FP_A "\t-16\t5.0\t100\t/p\tneg\ts\tx\n"
			    "m\t" FP_A "\t17\tNaN\t100\t/p\tnan\ts\tx\n"
			    "m\t" FP_A "\t18\t5.0\t100\t/p\tnul \\x00\ts\tx\n"
			    "m\t" FP_A "\t19\t5.0\t100\t/p\ttrailing \\\ts\tx\n"
			    "h\t\n"
			    "\n"
			    "m\t" FP_A "\t99999999999999999999999\t150\t99999999999999\t/p\t"
			    "clamped\ts\tx\r\n"
			    "p\t" FP_A "\t7\t1.25\t100\t/p\tpos\n"
			    "h\tpat\\x1bern\n"
			    "lost\t" FP_B "\t3\t0\t100\t/q\tgone\ts\tx\n";
	char		*path = state_file(s, strlen(s)), *cause, aside[512], *got;
	struct marks	*m = marks_new(statedir);
	const struct mark *g;
	size_t		 off, n;

	(void)state;
	expect_cause(marks_load(m, &cause), &cause, "skipped 11 bad lines");
	assert_int_equal(marks_count(m, FP_A), 2);
	assert_string_equal(marks_get(m, FP_A, 0)->name, "good1");
	g = marks_get(m, FP_A, 1);
	assert_string_equal(g->name, "clamped");
	assert_int_equal(g->off, (size_t)-1);		/* saturated */
	assert_true(g->percent == 100.0);
	assert_true(g->time > 0);
	assert_true(marks_position(m, FP_A, &off));
	assert_int_equal(off, 7);
	assert_int_equal(marks_size(m, MARKS_HISTORY), 1);
	assert_string_equal(marks_history_get(m, 0), "pat\x1b" "ern");
	assert_int_equal(marks_count(m, FP_B), 1);
	assert_int_equal(marks_get(m, FP_B, 0)->lost, 1);

	/* Saving drops the bad lines from the file but keeps a copy. */
	add(m, FP_A, 30, "new");
	save_ok(m);
	assert_int_equal(count_prefix("bookmarks.corrupt-", aside, sizeof aside), 1);
	got = test_slurp(aside, &n);
	assert_int_equal(n, strlen(s));
	assert_memory_equal(got, s, n);
	free(got);
	marks_free(m);
	m = loaded(statedir);
	assert_int_equal(marks_count(m, FP_A), 3);
	marks_free(m);
	free(path);
}

static void
test_future_version(void **state)
{
	const char	*s = "juan-bookmarks 4\n"
			    "m\t" FP_A "\t10\t5.0\t100\t/p\tkept\tsec\tsnip\tnew-field\tmore\n"
			    "q\tsomething new\n"
			    "h\tpattern\n";
	char		*path = state_file(s, strlen(s)), *cause, *got;
	struct marks	*m = marks_new(statedir);
	size_t		 n;

	(void)state;
	expect_cause(marks_load(m, &cause), &cause, "newer");
	assert_int_equal(marks_count(m, FP_A), 1);
	assert_string_equal(marks_get(m, FP_A, 0)->name, "kept");
	assert_int_equal(marks_size(m, MARKS_HISTORY), 1);
	add(m, FP_A, 20, "not written");
	expect_cause(marks_save(m, &cause), &cause, "newer");
	assert_int_equal(marks_pending(m), 1);
	got = test_slurp(path, &n);
	assert_int_equal(n, strlen(s));
	assert_memory_equal(got, s, n);
	assert_int_equal(count_prefix("bookmarks.corrupt-", NULL, 0), 0);
	free(got);
	free(path);
	marks_free(m);
}

static void
test_oversized(void **state)
{
	char		*path = state_file("juan-bookmarks 1\n", 17), *cause;
	struct marks	*m = marks_new(statedir);
	struct stat	 sb;

	(void)state;
	assert_int_equal(truncate(path, MARKS_FILE_MAX + 1), 0);
	expect_cause(marks_load(m, &cause), &cause, "larger than 8 MiB");
	add(m, FP_A, 1, "x");
	expect_cause(marks_save(m, &cause), &cause, "larger than 8 MiB");
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_size, MARKS_FILE_MAX + 1);
	assert_int_equal(count_prefix("bookmarks.corrupt-", NULL, 0), 0);
	free(path);
	marks_free(m);
}

/* A FIFO, a directory or a device as the state file: refused at once. */
static void
test_not_regular(void **state)
{
	char		*path, *cause;
	struct marks	*m;
	long long	 t0;
	struct timespec	 ts;
	struct stat	 sb;

	(void)state;
	make_statedir();
	path = file_in(statedir, "bookmarks");
	assert_int_equal(mkfifo(path, 0600), 0);
	clock_gettime(CLOCK_MONOTONIC, &ts);
	t0 = ts.tv_sec;
	m = marks_new(statedir);
	expect_cause(marks_load(m, &cause), &cause, "not a regular file");
	add(m, FP_A, 1, "x");
	expect_cause(marks_save(m, &cause), &cause, "not a regular file");
	clock_gettime(CLOCK_MONOTONIC, &ts);
	assert_true(ts.tv_sec - t0 < 2);
	marks_free(m);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(mkdir(path, 0700), 0);
	m = marks_new(statedir);
	expect_cause(marks_load(m, &cause), &cause, "not a regular file");
	marks_free(m);
	assert_int_equal(rmdir(path), 0);
	/* A symlink to a device is followed, refused, and left in place. */
	assert_int_equal(symlink("/dev/null", path), 0);
	m = marks_new(statedir);
	expect_cause(marks_load(m, &cause), &cause, "not a regular file");
	add(m, FP_A, 1, "x");
	expect_cause(marks_save(m, &cause), &cause, "not a regular file");
	assert_int_equal(lstat(path, &sb), 0);
	assert_true(S_ISLNK(sb.st_mode));
	marks_free(m);
	free(path);
	m = marks_new("/dev");		/* /dev/bookmarks is missing: fine */
	assert_int_equal(marks_load(m, &cause), 0);
	marks_free(m);
}

/* Nearest occurrence of snippet to old_off in a test string. */
static size_t
find_in(void *ctx, const char *snippet, size_t old_off)
{
	const char	*text = ctx, *p;
	size_t		 best = (size_t)-1, d, bestd = (size_t)-1;

	if (*snippet == '\0')
		return (size_t)-1;
	for (p = strstr(text, snippet); p != NULL; p = strstr(p + 1, snippet)) {
		size_t	o = (size_t)(p - text);

		d = o > old_off ? o - old_off : old_off - o;
		if (d < bestd) {
			bestd = d;
			best = o;
		}
	}
	return best;
}

#define OFF(text, s)	((size_t)(strstr((text), (s)) - (text)))

static void
put(struct marks *m, const char *fp, size_t off, const char *snippet,
    const char *name, time_t t)
{
	struct mark	mk = { 0 };

	mk.fp = (char *)fp;
	mk.path = "/books/edited.txt";
	mk.off = off;
	mk.name = (char *)name;
	mk.snippet = (char *)snippet;
	mk.time = t;
	marks_add(m, &mk);
}

static void
test_reanchor(void **state)
{
	const char	*v1 = "第一章 开始。Alpha paragraph here. Beta middle text. "
			    "Gamma near the end. Omega.";
	/* Inserted before and between, Beta deleted, text after changed. */
	const char	*v2 = "序言：新增的一段。第一章 开始。Alpha paragraph here. "
			    "More inserted words. Gamma near the end. Omega, and more.";
	struct marks	*m = loaded(statedir), *r;
	const struct mark *g;
	size_t		 off, pos_v1;
	char		*cause;

	(void)state;
	put(m, FP_A, OFF(v1, "Alpha paragraph"), "Alpha paragraph", "alpha", 100);
	put(m, FP_A, OFF(v1, "Beta middle"), "Beta middle", "beta", 101);
	put(m, FP_A, OFF(v1, "Gamma near"), "Gamma near", "gamma", 102);
	put(m, FP_A, OFF(v1, "Omega"), "Omega", "omega", 103);
	pos_v1 = (size_t)(strstr(v1, "Gamma") - v1);
	set_position(m, FP_A, "/books/edited.txt", pos_v1, 80, "Gamma near");
	save_ok(m);
	marks_free(m);

	m = loaded(statedir);
	/* Another path, or a document that already has records: nothing. */
	assert_int_equal(marks_reanchor(m, FP_B, "/books/other.txt", find_in,
	    (void *)v2), 0);
	assert_int_equal(marks_reanchor(m, FP_A, "/books/edited.txt", find_in,
	    (void *)v2), 0);
	assert_int_equal(marks_reanchor(m, FP_B, "", find_in, (void *)v2), 0);
	assert_int_equal(marks_pending(m), 0);

	assert_int_equal(marks_reanchor(m, FP_B, "/books/edited.txt", find_in,
	    (void *)v2), 4);
	assert_int_equal(marks_count(m, FP_A), 0);
	assert_false(marks_position(m, FP_A, NULL));
	assert_int_equal(marks_count(m, FP_B), 4);
	/* Offset order: the lost one keeps its old offset (between). */
	g = marks_get(m, FP_B, 0);
	assert_string_equal(g->name, "beta");
	assert_int_equal(g->lost, 1);
	assert_int_equal(g->off, (size_t)(strstr(v1, "Beta") - v1));
	g = marks_get(m, FP_B, 1);
	assert_string_equal(g->name, "alpha");
	assert_int_equal(g->off, (size_t)(strstr(v2, "Alpha") - v2));
	assert_int_equal(g->lost, 0);
	g = marks_get(m, FP_B, 2);
	assert_string_equal(g->name, "gamma");
	assert_int_equal(g->off, (size_t)(strstr(v2, "Gamma") - v2));
	g = marks_get(m, FP_B, 3);
	assert_string_equal(g->name, "omega");
	assert_int_equal(g->off, (size_t)(strstr(v2, "Omega") - v2));
	assert_string_equal(g->path, "/books/edited.txt");
	assert_true(marks_position(m, FP_B, &off));
	assert_int_equal(off, (size_t)(strstr(v2, "Gamma") - v2));
	/* Done once: a second call finds records under fp. */
	assert_int_equal(marks_reanchor(m, FP_B, "/books/edited.txt", find_in,
	    (void *)v2), 0);
	save_ok(m);
	marks_free(m);

	/* The lost flag survives a save and is never dropped. */
	r = loaded(statedir);
	assert_int_equal(marks_count(r, FP_B), 4);
	assert_int_equal(marks_count(r, FP_A), 0);
	assert_int_equal(marks_get(r, FP_B, 0)->lost, 1);
	/* Deleting the text before a bookmark moves it back; Beta returns
	 * in a third version and its mark is found again. */
	assert_int_equal(marks_reanchor(r, "aaaa", "/books/edited.txt", find_in,
	    (void *)v1), 4);
	assert_int_equal(marks_get(r, "aaaa", 0)->off, (size_t)(strstr(v1, "Alpha") - v1));
	assert_int_equal(marks_get(r, "aaaa", 0)->lost, 0);
	assert_int_equal(marks_get(r, "aaaa", 1)->off, (size_t)(strstr(v1, "Beta") - v1));
	assert_int_equal(marks_get(r, "aaaa", 1)->lost, 0);
	assert_int_equal(marks_save(r, &cause), 0);
	marks_free(r);
}

/* Read from a pipe, a text has no path (""): its position keeps the path
 * the file had, so an edited file is still found by path afterwards. */
static void
test_position_from_pipe_keeps_path(void **state)
{
	const char	*v1 = "Alpha here. Beta there.";
	const char	*v2 = "A new start. Alpha here. Beta there.";
	size_t		 beta = (size_t)(strstr(v1, "Beta") - v1), off, len;
	struct marks	*m = loaded(statedir);
	char		*s;

	(void)state;
	/* No record yet: the path stays unknown. */
	set_position(m, FP_B, "", 3, 10, "x");
	s = marks_format(m, &len);
	assert_non_null(strstr(s, "\t10.0\t"));
	assert_non_null(strstr(s, "\t\tx\t"));
	free(s);
	set_position(m, FP_A, "/books/a.txt", 0, 0, "Alpha");
	set_position(m, FP_A, "", beta, 60, "Beta there");
	assert_true(marks_position(m, FP_A, &off));
	assert_int_equal(off, beta);
	s = marks_format(m, &len);
	assert_non_null(strstr(s, "\t/books/a.txt\tBeta there\t"));
	assert_null(strstr(s, "\t\tBeta there\t"));
	free(s);
	save_ok(m);
	/* The same place again through a pipe is no change. */
	set_position(m, FP_A, "", beta, 60, "Beta there");
	assert_int_equal(marks_pending(m), 0);
	marks_free(m);

	/* The file was edited: found by its path, the position follows. */
	m = loaded(statedir);
	assert_int_equal(marks_reanchor(m, "aaaa", "/books/a.txt", find_in,
	    (void *)v2), 0);
	assert_true(marks_position(m, "aaaa", &off));
	assert_int_equal(off, (size_t)(strstr(v2, "Beta") - v2));
	assert_false(marks_position(m, FP_A, NULL));
	marks_free(m);
}

/* Two marks made in the same second that re-anchor to one place both stay;
 * a concurrent deletion beats a re-anchoring. */
static void
test_reanchor_collision_and_merge(void **state)
{
	const char	*v1 = "one two one three", *v2 = "XX one";
	struct marks	*m = loaded(statedir), *b, *r;

	(void)state;
	put(m, FP_A, 0, "one", "first", 50);
	put(m, FP_A, 8, "one", "second", 50);
	put(m, FP_A, OFF(v1, "three"), "three", "third", 50);
	save_ok(m);
	marks_free(m);
	m = loaded(statedir);
	b = loaded(statedir);
	marks_delete(b, FP_A, 2);		/* "third" */
	save_ok(b);
	assert_int_equal(marks_reanchor(m, FP_B, "/books/edited.txt", find_in,
	    (void *)v2), 3);
	save_ok(m);
	r = loaded(statedir);
	assert_int_equal(marks_count(r, FP_A), 0);
	assert_int_equal(marks_count(r, FP_B), 2);
	assert_int_equal(marks_get(r, FP_B, 0)->off, 3);
	assert_int_equal(marks_get(r, FP_B, 1)->off, 3);
	assert_string_not_equal(marks_get(r, FP_B, 0)->name,
	    marks_get(r, FP_B, 1)->name);
	marks_free(m);
	marks_free(b);
	marks_free(r);
}

/* A directory that cannot be created: its parent is a regular file (as root,
 * mode 0500 stops nothing, so this is the portable way to fail). */
static void
test_unwritable_dir(void **state)
{
	char		*file = file_in(tmpdir, "plainfile"), *dir, *cause;
	struct marks	*m;

	(void)state;
	write_file(file, "x", 1);
	dir = file_in(file, "juan");
	m = marks_new(dir);
	assert_int_equal(marks_load(m, &cause), 0);
	add(m, FP_A, 1, "x");
	expect_cause(marks_save(m, &cause), &cause, "cannot create");
	assert_int_equal(marks_pending(m), 1);
	marks_free(m);
	free(dir);
	free(file);
}

/* In a child: the state file is larger than RLIMIT_FSIZE allows (SIGXFSZ
 * ignored, so write() fails with EFBIG as on a full disk). */
static void
test_file_size_limit(void **state)
{
	struct marks	*m = loaded(statedir);
	char		*path = file_in(statedir, "bookmarks"), *before, *after;
	size_t		 n1 = 0, n2 = 0;
	int		 status;
	pid_t		 pid;

	(void)state;
	for (size_t i = 0; i < 40; i++)
		add(m, FP_A, i, "a name long enough to make the file grow quickly");
	save_ok(m);
	marks_free(m);
	before = test_slurp(path, &n1);
	assert_true(n1 > 4096);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct rlimit	 rl = { 4096, 4096 };
		char		*cause = NULL;
		int		 rc;

		free(before);
		free(path);
		signal(SIGXFSZ, SIG_IGN);
		if (setrlimit(RLIMIT_FSIZE, &rl) != 0)
			_exit(3);
		m = marks_new(statedir);
		marks_load(m, &cause);
		free(cause);
		add(m, FP_A, 1000, "one more");
		rc = marks_save(m, &cause);
		child_exit(m, cause, rc == -1 && cause != NULL &&
		    strstr(cause, "too large") != NULL ? 0 : 2);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	after = test_slurp(path, &n2);
	assert_int_equal(n1, n2);
	assert_memory_equal(before, after, n1);
	assert_int_equal(count_prefix("bookmarks.tmp-", NULL, 0), 0);
	free(before);
	free(after);
	free(path);
}

/* A real read-only mount and a real full disk: a small tmpfs in a private
 * mount namespace (needs CAP_SYS_ADMIN; main leaves the test out of the run
 * without it, see can_unshare). */
static int
tmpfs_child(const char *dir)
{
	struct marks	*m;
	char		*cause, *path, *before, *after, *filler, buf[4096];
	size_t		 n1 = 0, n2 = 0;
	int		 fd;

	if (unshare(CLONE_NEWNS) != 0 ||
	    mount("none", "/", "none", MS_REC | MS_PRIVATE, NULL) != 0)
		return 77;
	if (mount("tmpfs", dir, "tmpfs", 0, "size=64k,mode=0700") != 0)
		return 77;
	m = marks_new(dir);
	add(m, FP_A, 1, "before");
	if (marks_save(m, &cause) != 0)
		return 10;
	marks_free(m);
	filler = file_in(dir, "filler");
	path = file_in(dir, "bookmarks");
	before = test_slurp(path, &n1);

	if (mount("none", dir, "none", MS_REMOUNT | MS_RDONLY, NULL) != 0)
		return 11;
	m = marks_new(dir);
	if (marks_load(m, &cause) != 0 || marks_count(m, FP_A) != 1)
		return 12;
	add(m, FP_A, 2, "read-only");
	if (marks_save(m, &cause) != -1 || strstr(cause, "Read-only") == NULL)
		return 13;
	free(cause);
	marks_free(m);

	if (mount("none", dir, "none", MS_REMOUNT, "size=64k") != 0)
		return 14;
	fd = open(filler, O_WRONLY | O_CREAT, 0600);
	memset(buf, 'f', sizeof buf);
	while (write(fd, buf, sizeof buf) > 0)
		;
	if (errno != ENOSPC)
		return 15;
	close(fd);
	m = marks_new(dir);
	marks_load(m, &cause);
	free(cause);
	for (size_t i = 0; i < 100; i++)
		add(m, FP_A, 10 + i, "the disk is full now");
	if (marks_save(m, &cause) != -1 || strstr(cause, "No space") == NULL)
		return 16;
	after = test_slurp(path, &n2);
	if (n1 != n2 || memcmp(before, after, n1) != 0)
		return 17;
	if (count_prefix("bookmarks.tmp-", NULL, 0) != 0)
		return 18;
	free(cause);
	marks_free(m);
	free(path);
	free(filler);
	free(before);
	free(after);
	return 0;
}

static void
test_readonly_and_full_tmpfs(void **state)
{
	int	status;
	pid_t	pid;

	(void)state;
	make_statedir();
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		_exit(tmpfs_child(statedir));
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	if (WEXITSTATUS(status) == 77)
		fail_msg("no private tmpfs although can_unshare said yes");
	assert_int_equal(WEXITSTATUS(status), 0);
}

/* Whether a child may make a private mount namespace (root, or
 * CAP_SYS_ADMIN). Without it the tmpfs test is not part of the run rather
 * than a SKIP: make check reports only tests that ran. */
static int
can_unshare(void)
{
	int	status;
	pid_t	pid = fork();

	if (pid == 0)
		_exit(unshare(CLONE_NEWNS) == 0 && mount("none", "/", "none",
		    MS_REC | MS_PRIVATE, NULL) == 0 ? 0 : 1);
	return pid > 0 && waitpid(pid, &status, 0) == pid &&
	    WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/* Another instance holds the lock too long: the save fails, changes stay
 * pending, and succeed once the lock is free. */
static void
test_lock_timeout(void **state)
{
	struct marks	*m = loaded(statedir);
	char		*lock, *cause;
	int		 fd;

	(void)state;
	make_statedir();
	lock = file_in(statedir, "bookmarks.lock");
	fd = open(lock, O_RDWR | O_CREAT, 0600);
	assert_true(fd >= 0);
	assert_int_equal(flock(fd, LOCK_EX), 0);
	add(m, FP_A, 1, "x");
	/* flock locks belong to the open file: a child must wait for it. */
	if (fork() == 0) {
		struct marks	*c = marks_new(statedir);
		int		 rc;

		marks_free(m);
		free(lock);
		add(c, FP_A, 2, "child");
		rc = marks_save(c, &cause);
		child_exit(c, cause, rc == -1 && strstr(cause, "another juan") != NULL ?
		    0 : 2);
	}
	{
		int	status;

		assert_true(wait(&status) > 0);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 0);
	}
	close(fd);
	save_ok(m);
	marks_free(m);
	free(lock);
}

static long
now_us(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000L + ts.tv_nsec / 1000;
}

/* 200 savers SIGKILLed at random moments (every tenth after its save
 * returned): after each kill the file parses cleanly and holds every
 * bookmark whose save had returned. The moments are
 * drawn from 0-5 ms, widened to twice the time a save takes here (fsync on a
 * real disk takes 5-20 ms), so that both finished and cut saves occur. */
static void
test_crash_kill(void **state)
{
	unsigned char	 done[200] = { 0 }, found[200];
	struct marks	*r;
	char		*cause, c;
	int		 p[2], status, completed = 0;
	pid_t		 pid;
	struct timespec	 ts;

	long		 range_us = 5000, t0;

	(void)state;
	t0 = now_us();
	for (int i = 0; i < 5; i++) {
		r = loaded(statedir);
		add(r, "5eed", (size_t)i, "timing");
		save_ok(r);
		marks_free(r);
	}
	if ((now_us() - t0) * 2 / 5 > range_us)
		range_us = (now_us() - t0) * 2 / 5;
	if (range_us > 50000)
		range_us = 50000;
	srand(1234);
	for (int i = 0; i < 200; i++) {
		assert_int_equal(pipe(p), 0);
		pid = fork();
		assert_true(pid >= 0);
		if (pid == 0) {
			struct marks	*m = marks_new(statedir);

			close(p[0]);
			marks_load(m, &cause);
			free(cause);
			add(m, FP_A, (size_t)i, "crash");
			if (marks_save(m, &cause) == 0 && write(p[1], "x", 1) != 1)
				child_exit(m, cause, 2);
			child_exit(m, cause, 0);
		}
		close(p[1]);
		if (i % 10 == 9) {
			/* Every tenth save is let finish: later kills must
			 * not lose it. */
			assert_int_equal(read(p[0], &c, 1), 1);
			done[i] = 1;
			completed++;
		} else {
			ts.tv_sec = 0;
			ts.tv_nsec = (rand() % range_us) * 1000;
			nanosleep(&ts, NULL);
		}
		kill(pid, SIGKILL);
		assert_int_equal(waitpid(pid, &status, 0), pid);
		if (!done[i] && read(p[0], &c, 1) == 1) {
			done[i] = 1;
			completed++;
		}
		close(p[0]);

		r = marks_new(statedir);
		cause = NULL;
		if (marks_load(r, &cause) != 0)
			fail_msg("after kill %d: %s", i, cause);
		memset(found, 0, sizeof found);
		for (size_t k = 0; k < marks_count(r, FP_A); k++)
			if (marks_get(r, FP_A, k)->off < 200)
				found[marks_get(r, FP_A, k)->off] = 1;
		for (int j = 0; j <= i; j++)
			if (done[j] && !found[j])
				fail_msg("after kill %d: saved mark %d lost", i, j);
		marks_free(r);
		assert_true(count_prefix("bookmarks.tmp-", NULL, 0) <= 1);
	}
	/* Some saves were cut: the test exercised the kill. */
	print_message("# crash test: %d of 200 saves completed, kills within "
	    "0-%ld us\n", completed, range_us);
	assert_true(completed >= 20 && completed < 200);
	/* The next save removes a temp file left by a killed saver. */
	r = loaded(statedir);
	add(r, FP_B, 1, "after");
	save_ok(r);
	assert_int_equal(count_prefix("bookmarks.tmp-", NULL, 0), 0);
	assert_int_equal(count_prefix("bookmarks.corrupt-", NULL, 0), 0);
	marks_free(r);
}

/* Issue 14: bookmarks made at one place in one second are all kept, in one
 * instance and across a save and a reload. */
static void
test_same_place_same_second(void **state)
{
	struct marks	*m = loaded(statedir), *r;
	char		 name[16];

	(void)state;
	for (int i = 0; i < 8; i++) {
		snprintf(name, sizeof name, "n%d", i);
		add(m, FP_A, 42, name);		/* all at time 1700000000 */
	}
	assert_int_equal(marks_count(m, FP_A), 8);
	save_ok(m);
	r = loaded(statedir);
	assert_int_equal(marks_count(r, FP_A), 8);
	for (int i = 0; i < 8; i++) {
		snprintf(name, sizeof name, "n%d", i);
		for (size_t k = 0; ; k++) {
			assert_true(k < 8);
			if (strcmp(marks_get(r, FP_A, k)->name, name) == 0)
				break;
		}
		for (int j = 0; j < i; j++)
			assert_true(marks_get(r, FP_A, (size_t)i)->id !=
			    marks_get(r, FP_A, (size_t)j)->id);
	}
	marks_free(m);
	marks_free(r);
}

/* Two instances each add one at the same place in the same second: the
 * merge keeps both; then eight forked instances at once do the same. */
static void
test_merge_same_place_same_second(void **state)
{
	struct marks	*a = loaded(statedir), *b = loaded(statedir), *r;

	(void)state;
	add(a, FP_A, 7, "from a");
	add(b, FP_A, 7, "from b");
	save_ok(a);
	save_ok(b);
	r = loaded(statedir);
	assert_int_equal(marks_count(r, FP_A), 2);
	assert_string_not_equal(marks_get(r, FP_A, 0)->name,
	    marks_get(r, FP_A, 1)->name);
	marks_free(a);
	marks_free(b);
	marks_free(r);

	savers_race(8, FP_B, 0);
	r = loaded(statedir);
	assert_int_equal(marks_count(r, FP_B), 8);
	assert_int_equal(marks_count(r, FP_A), 2);
	marks_free(r);
}

/* A format 1 file (no ids) loads; its bookmarks get ids that every instance
 * reading it agrees on, so that after one instance rewrote it with ids
 * another one's rename and delete still reach them and nothing doubles. */
static void
test_old_format(void **state)
{
	const char	*s = "juan-bookmarks 1\n"
			    "m\t" FP_A "\t10\t5.0\t100\t/p\tone\tsec\tsnip\n"
			    "m\t" FP_A "\t10\t5.0\t101\t/p\ttwo\tsec\tsnip\n"
			    "lost\t" FP_A "\t20\t6.0\t100\t/p\tthree\tsec\tsnip\n"
			    "p\t" FP_A "\t7\t1.0\t100\t/p\tpos\n";
	char		*path = state_file(s, strlen(s)), *text;
	struct marks	*a = loaded(statedir), *b = loaded(statedir), *r;
	size_t		 len, lines = 0;
	uint64_t	 id0;

	(void)state;
	assert_int_equal(marks_count(a, FP_A), 3);
	id0 = marks_get(a, FP_A, 0)->id;
	assert_true(id0 != 0);
	assert_true(id0 != marks_get(a, FP_A, 1)->id);
	for (size_t i = 0; i < 3; i++)
		assert_true(marks_get(a, FP_A, i)->id == marks_get(b, FP_A, i)->id);
	/* The derived id is FNV-1a 64 of "fp TAB off TAB time": files written
	 * before format 2 hold no ids, so its value may never change. */
	for (size_t i = 0; i < 3; i++) {
		const struct mark	*mk = marks_get(a, FP_A, i);

		if (strcmp(mk->name, "one") == 0)
			assert_true(mk->id == 0x029971434d65af67ULL);
		else if (strcmp(mk->name, "two") == 0)
			assert_true(mk->id == 0x029970434d65adb4ULL);
		else
			assert_true(mk->id == 0xa3971c5124280f9cULL);
	}

	/* a rewrites the file in format 3, with the ids. */
	add(a, FP_B, 1, "new in a");
	save_ok(a);
	text = test_slurp(path, &len);
	assert_true(strncmp(text, "juan-bookmarks 3\n", 17) == 0);
	for (char *p = strchr(text, '\n'); p != NULL && p[1] != '\0';
	    p = strchr(p + 1, '\n')) {
		size_t	tabs = 0;

		if (p[1] != 'm' && p[1] != 'l')
			continue;
		lines++;
		for (char *q = p + 1; *q != '\n' && *q != '\0'; q++)
			tabs += *q == '\t';
		assert_int_equal(tabs, 9);	/* ten fields: the id last */
	}
	assert_int_equal(lines, 4);
	free(text);

	/* b, which read the old file, renames, deletes and adds. */
	marks_rename(b, FP_A, 0, "one renamed");
	marks_delete(b, FP_A, 1);
	add(b, FP_A, 10, "new in b");
	save_ok(b);
	r = loaded(statedir);
	assert_int_equal(marks_size(r, MARKS_ALL), 4);
	assert_int_equal(marks_count(r, FP_A), 3);
	assert_string_equal(marks_get(r, FP_A, 0)->name, "one renamed");
	assert_true(marks_get(r, FP_A, 0)->id == id0);
	assert_string_equal(marks_get(r, FP_A, 1)->name, "new in b");
	assert_string_equal(marks_get(r, FP_A, 2)->name, "three");
	assert_int_equal(marks_get(r, FP_A, 2)->lost, 1);
	assert_int_equal(marks_count(r, FP_B), 1);
	assert_int_equal(count_prefix("bookmarks.corrupt-", NULL, 0), 0);
	marks_free(a);
	marks_free(b);
	marks_free(r);
	free(path);
}

/* A rename follows the bookmark's id after another instance moved it
 * (re-anchored it to an edited text). */
static void
test_rename_after_move(void **state)
{
	const char	*v2 = "new text before. Alpha here.";
	struct marks	*a, *b, *r;

	(void)state;
	a = loaded(statedir);
	put(a, FP_A, 0, "Alpha", "alpha", 100);
	save_ok(a);
	marks_free(a);
	a = loaded(statedir);
	b = loaded(statedir);
	assert_int_equal(marks_reanchor(a, FP_B, "/books/edited.txt", find_in,
	    (void *)v2), 1);
	save_ok(a);
	marks_rename(b, FP_A, 0, "renamed in b");
	save_ok(b);
	r = loaded(statedir);
	assert_int_equal(marks_size(r, MARKS_ALL), 1);
	assert_int_equal(marks_count(r, FP_B), 1);
	assert_string_equal(marks_get(r, FP_B, 0)->name, "renamed in b");
	assert_int_equal(marks_get(r, FP_B, 0)->off, OFF(v2, "Alpha"));
	marks_free(a);
	marks_free(b);
	marks_free(r);
}

static void
assert_form(const char *s, const char *head, const char *tail)
{
	size_t	n = strlen(s), t = strlen(tail);

	if (strncmp(s, head, strlen(head)) != 0 || n < t ||
	    strcmp(s + n - t, tail) != 0)
		fail_msg("\"%s\" is not \"%s...%s\"", s, head, tail);
}

/* Causes say what happened first and quote the path last, in parentheses,
 * so that a narrow status line can drop it; a save that failed says "not
 * saved" first. marks_complete() tells a state file that was not read. */
static void
test_cause_form(void **state)
{
	char		*path, *lock, *cause, tail[600];
	struct marks	*m;

	(void)state;
	make_statedir();
	path = file_in(statedir, "bookmarks");
	lock = file_in(statedir, "bookmarks.lock");
	snprintf(tail, sizeof tail, " (%s)", path);
	assert_int_equal(mkdir(path, 0700), 0);
	m = marks_new(statedir);
	assert_int_equal(marks_load(m, &cause), -1);
	assert_int_equal(marks_complete(m), 0);
	assert_form(cause, "Bookmarks not read: the state file is not a "
	    "regular file", tail);
	free(cause);
	add(m, FP_A, 1, "x");
	assert_int_equal(marks_save(m, &cause), -1);
	assert_form(cause, "Bookmarks not saved: the state file is not a "
	    "regular file", tail);
	free(cause);
	assert_int_equal(rmdir(path), 0);
	assert_int_equal(unlink(lock), 0);	/* made by the save above */
	assert_int_equal(mkdir(lock, 0700), 0);
	assert_int_equal(marks_save(m, &cause), -1);
	snprintf(tail, sizeof tail, " (%s)", lock);
	assert_form(cause, "Bookmarks not saved: cannot lock the state file: ",
	    tail);
	free(cause);
	assert_int_equal(rmdir(lock), 0);
	save_ok(m);
	marks_free(m);
	m = loaded(statedir);
	assert_int_equal(marks_complete(m), 1);
	assert_int_equal(marks_count(m, FP_A), 1);
	marks_free(m);
	free(path);
	free(lock);
}

#define T(f)	cmocka_unit_test_setup_teardown(f, setup, teardown)

int
main(void)
{
	struct CMUnitTest tests[] = {
		T(test_degenerate),
		T(test_state_dir),
		T(test_position_settings),
		T(test_position_settings_read),
		T(test_round_trip),
		T(test_clamp_and_identity),
		T(test_no_change_no_rewrite),
		T(test_merge_two_instances),
		T(test_merge_delete_wins),
		T(test_twenty_instances),
		T(test_same_place_same_second),
		T(test_merge_same_place_same_second),
		T(test_old_format),
		T(test_rename_after_move),
		T(test_history),
		T(test_corrupt_binary),
		T(test_corrupt_garbage_text),
		T(test_corrupt_truncated_header),
		T(test_corrupt_version_zero),
		T(test_corrupt_twice),
		T(test_empty_file),
		T(test_bom_crlf),
		T(test_truncated_record),
		T(test_bad_lines_among_good),
		T(test_future_version),
		T(test_oversized),
		T(test_not_regular),
		T(test_cause_form),
		T(test_reanchor),
		T(test_reanchor_collision_and_merge),
		T(test_position_from_pipe_keeps_path),
		T(test_unwritable_dir),
		T(test_file_size_limit),
		T(test_readonly_and_full_tmpfs),
		T(test_lock_timeout),
		T(test_crash_kill),
	};
	size_t	n = sizeof tests / sizeof tests[0], i;

	if (!can_unshare()) {
		printf("# test_readonly_and_full_tmpfs not run: it needs root "
		    "(CAP_SYS_ADMIN) for a private tmpfs\n");
		for (i = 0; i < n; i++)
			if (tests[i].test_func == test_readonly_and_full_tmpfs)
				memmove(&tests[i], &tests[i + 1],
				    (--n - i) * sizeof tests[0]);
	}
	return _cmocka_run_group_tests("marks", tests, n, NULL, NULL);
}
