/* Unit tests for the state file's records of issue 17: the positions'
 * shelf fields (title, section, what is left to read), reading time, the
 * learned pace, the records of a newer juan kept on save, an older
 * release's file read and rewritten without loss, and two instances'
 * statistics merged without loss. Each test works in its own mkdtemp
 * directory, in UTC. */
#define _GNU_SOURCE	/* nftw() */
#include <dirent.h>
#include <fcntl.h>
#include <ftw.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "testutil.h"
#include "testdir.h"
#include "marks.h"

#define FP_A	"0123456789abcdef"
#define FP_B	"fedcba9876543210"
#define T0	1709672640	/* 2024-03-05 21:04:00 UTC, a Tuesday */
#define DAY	86400

static char	 tmpdir[64];
static char	 statedir[128];

static int
setup(void **state)
{
	(void)state;
	setenv("TZ", "UTC", 1);
	tzset();
	if (test_tmpdir_make(tmpdir, sizeof tmpdir, "test_records") != 0)
		return -1;
	snprintf(statedir, sizeof statedir, "%s/juan", tmpdir);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	return test_tmpdir_remove(tmpdir);
}

static char *
state_path(void)
{
	static char	p[192];

	snprintf(p, sizeof p, "%s/bookmarks", statedir);
	return p;
}

static void
state_file(const char *body)
{
	int	fd;

	assert_int_equal(mkdir(statedir, 0700), 0);
	fd = open(state_path(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, body, strlen(body)), (ssize_t)strlen(body));
	assert_int_equal(close(fd), 0);
}

static struct marks *
loaded(void)
{
	struct marks	*m = marks_new(statedir);
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

static char *
file_text(void)
{
	size_t	len;
	char	*s = test_slurp(state_path(), &len);

	assert_non_null(s);
	return s;
}

static int
has_line(const char *text, const char *line)
{
	const char	*p = strstr(text, line);

	return p != NULL && (p == text || p[-1] == '\n');
}

static int
corrupt_copies(void)
{
	DIR		*d = opendir(statedir);
	struct dirent	*e;
	int		 n = 0;

	if (d == NULL)
		return 0;
	while ((e = readdir(d)) != NULL)
		n += strncmp(e->d_name, "bookmarks.corrupt-", 18) == 0;
	closedir(d);
	return n;
}

static void
place(struct marks *m, const char *fp, size_t off, const char *title,
    const char *section, size_t cjk, size_t words)
{
	struct mark	p = { 0 };

	p.fp = (char *)fp;
	p.path = "/books/a.txt";
	p.off = off;
	p.percent = 12.5;
	p.snippet = "snip";
	p.title = (char *)title;
	p.section = (char *)section;
	p.left_cjk = cjk;
	p.left_words = words;
	marks_set_place(m, &p);
}

static const struct marks_read *
read_of(struct marks *m, const char *fp, int day)
{
	const struct marks_read	*r;

	for (size_t i = 0; (r = marks_read_get(m, i)) != NULL; i++)
		if (strcmp(r->fp, fp) == 0 && r->day == day)
			return r;
	return NULL;
}

/* Positions with their shelf fields, reading time (coalesced within a day,
 * one record a day) and the pace, written in format 3 and read back. */
static void
test_round_trip(void **state)
{
	struct marks		*m = loaded(), *r;
	const struct mark	*p;
	char			*text, *a, *b;
	size_t			 na, nb;

	(void)state;
	place(m, FP_A, 100, "长篇\t书名", "第二章", 12000, 30);
	marks_read_add(m, FP_A, T0, 300);
	marks_read_add(m, FP_A, T0 + 60, 120);
	marks_read_add(m, FP_A, T0 - DAY, 50);
	marks_read_add(m, FP_A, T0, 0);		/* nothing: no record */
	marks_read_add(m, "XYZ", T0, 10);	/* a bad fingerprint */
	marks_pace_learn(m, PACE_CJK, 600, 60);
	marks_pace_learn(m, PACE_LATIN, 0, 60);	/* nothing read */
	save_ok(m);
	text = file_text();
	assert_true(strncmp(text, "juan-bookmarks 3\n", 17) == 0);
	assert_non_null(strstr(text, "\t/books/a.txt\tsnip\t长篇\\t书名\t第二章\t"
	    "12000\t30\n"));
	assert_true(has_line(text, "read\t" FP_A "\t2024-03-04\t50\t1709586240\n"));
	assert_true(has_line(text, "read\t" FP_A "\t2024-03-05\t420\t1709672700\n"));
	assert_true(has_line(text, "pace\tcjk\t600.0\t60\n"));
	assert_null(strstr(text, "pace\tlatin"));
	free(text);

	r = loaded();
	assert_int_equal(marks_size(r, MARKS_POSITIONS), 1);
	p = marks_position_get(r, 0);
	assert_string_equal(p->title, "长篇\t书名");
	assert_string_equal(p->section, "第二章");
	assert_int_equal(p->left_cjk, 12000);
	assert_int_equal(p->left_words, 30);
	assert_int_equal(p->off, 100);
	assert_int_equal(marks_size(r, MARKS_READS), 2);
	assert_int_equal(read_of(r, FP_A, 20240305)->seconds, 420);
	assert_int_equal(read_of(r, FP_A, 20240304)->seconds, 50);
	assert_true(marks_pace(r, PACE_CJK)->per_min == 600);
	assert_true(marks_pace(r, PACE_CJK)->seconds == 60);
	assert_true(marks_pace(r, PACE_LATIN)->seconds == 0);
	a = marks_format(m, &na);
	b = marks_format(r, &nb);
	assert_int_equal(na, nb);
	assert_memory_equal(a, b, na);
	free(a);
	free(b);

	/* The same place again is no change; so is one that does not know
	 * the title, the section or the counts (the outline not read yet). */
	place(r, FP_A, 100, "长篇\t书名", "第二章", 12000, 30);
	place(r, FP_A, 100, NULL, NULL, MARKS_UNKNOWN, MARKS_UNKNOWN);
	place(r, FP_A, 100, "", "", MARKS_UNKNOWN, 30);
	assert_int_equal(marks_pending(r), 0);
	/* Moved on before the outline is known: the rest is kept. */
	place(r, FP_A, 200, NULL, "ignored", MARKS_UNKNOWN, MARKS_UNKNOWN);
	assert_int_equal(marks_pending(r), 1);
	p = marks_position_get(r, 0);
	assert_int_equal(p->off, 200);
	assert_string_equal(p->title, "长篇\t书名");
	assert_string_equal(p->section, "第二章");
	assert_int_equal(p->left_cjk, 12000);
	/* Known again: all of it is taken. */
	place(r, FP_A, 300, "新书名", "", 10, 0);
	p = marks_position_get(r, 0);
	assert_string_equal(p->title, "新书名");
	assert_string_equal(p->section, "");
	assert_int_equal(p->left_cjk, 10);
	save_ok(r);
	marks_free(m);
	marks_free(r);
}

/* A format 2 file, as the release before the shelf wrote it: read without
 * a word, rewritten in format 3 with every record it had. */
static void
test_older_release_file(void **state)
{
	const char		*s = "juan-bookmarks 2\n"
	    "m\t" FP_A "\t10\t5.0\t100\t/p\tone\tsec\tsnip\t00000000000000aa\n"
	    "lost\t" FP_B "\t20\t6.0\t101\t/q\ttwo\tsec2\tsnip2\t00000000000000bb\n"
	    "p\t" FP_A "\t7\t1.5\t102\t/p\tpos\n"
	    "p\t" FP_B "\t9\t2.0\t103\t\tpiped\n"
	    "h\tpattern\n";
	struct marks		*m, *r;
	const struct mark	*p;
	char			*text;

	(void)state;
	state_file(s);
	m = loaded();
	marks_read_add(m, FP_A, T0, 60);
	save_ok(m);
	text = file_text();
	assert_true(strncmp(text, "juan-bookmarks 3\n", 17) == 0);
	assert_true(has_line(text, "m\t" FP_A "\t10\t5.0\t100\t/p\tone\tsec\tsnip\t"
	    "00000000000000aa\n"));
	assert_true(has_line(text, "lost\t" FP_B "\t20\t6.0\t101\t/q\ttwo\tsec2\t"
	    "snip2\t00000000000000bb\n"));
	/* The positions get the new fields, not known yet. */
	assert_true(has_line(text, "p\t" FP_A "\t7\t1.5\t102\t/p\tpos\t\t\t\t\n"));
	assert_true(has_line(text, "p\t" FP_B "\t9\t2.0\t103\t\tpiped\t\t\t\t\n"));
	assert_true(has_line(text, "h\tpattern\n"));
	assert_true(has_line(text, "read\t" FP_A "\t2024-03-05\t60\t1709672640\n"));
	free(text);
	assert_int_equal(corrupt_copies(), 0);

	r = loaded();
	assert_int_equal(marks_size(r, MARKS_ALL), 2);
	assert_int_equal(marks_get(r, FP_B, 0)->lost, 1);
	assert_true(marks_get(r, FP_A, 0)->id == 0xaa);
	assert_int_equal(marks_size(r, MARKS_POSITIONS), 2);
	p = marks_position_get(r, 0);
	assert_string_equal(p->path, "/p");
	assert_string_equal(p->title, "");
	assert_int_equal(p->left_cjk, MARKS_UNKNOWN);
	assert_int_equal(marks_size(r, MARKS_HISTORY), 1);
	marks_free(m);
	marks_free(r);
}

/* Records of a kind this juan does not know, in a format 3 file: a newer
 * juan's, kept as they are when this one saves; garbage is still a bad
 * line. In a format 2 file no juan wrote such records: bad lines. */
static void
test_unknown_records_kept(void **state)
{
	const char	*s = "juan-bookmarks 3\n"
	    "zz\tsomething\tnew\n"
	    "pace\tkana\t12.0\t100\n"
	    "note-2\tx\t\t\t\t\t\t\t\t\t\t\t\t\t\tmany fields\n"
	    "ZZ\tnot a kind\n"
	    "zz\traw \x1b escape\n"
	    "read\t" FP_A "\t2024-02-30\t5\t1\n"
	    "read\t" FP_A "\t2024-02-29\t5\n"
	    "pace\tcjk\tfast\t5\n"
	    "p\t" FP_A "\t7\t1.5\t102\t/p\tpos\ttitle\n"
	    "h\tkept\n";
	struct marks	*m = marks_new(statedir), *r;
	char		*cause, *text;

	(void)state;
	state_file(s);
	assert_int_equal(marks_load(m, &cause), -1);
	assert_non_null(strstr(cause, "skipped 6 bad lines"));
	free(cause);
	marks_history_add(m, "new");
	assert_int_equal(marks_save(m, &cause), 0);
	text = file_text();
	assert_true(has_line(text, "zz\tsomething\tnew\n"));
	assert_true(has_line(text, "pace\tkana\t12.0\t100\n"));
	assert_true(has_line(text, "note-2\tx\t\t\t\t\t\t\t\t\t\t\t\t\t\tmany fields\n"));
	assert_null(strstr(text, "ZZ"));
	assert_true(has_line(text, "h\tnew\n"));
	free(text);
	/* The bad lines were kept aside, as ever. */
	assert_int_equal(corrupt_copies(), 1);
	r = loaded();		/* no bad line left */
	marks_free(r);
	marks_free(m);

	teardown(state);
	setup(state);
	state_file("juan-bookmarks 2\nzz\tsomething\n");
	m = marks_new(statedir);
	assert_int_equal(marks_load(m, &cause), -1);
	assert_non_null(strstr(cause, "skipped 1 bad line"));
	free(cause);
	marks_free(m);
}

/* Two instances read, each adds reading time and pace samples, both save:
 * the file holds the sum of both, each counted once (also after a failed
 * save replayed), and the pace learned from both, in the order saved. */
static void
test_merge_statistics(void **state)
{
	struct marks	*a, *b, *r;
	char		*cause, lock[192];

	(void)state;
	state_file("juan-bookmarks 3\n"
	    "read\t" FP_A "\t2024-03-05\t1000\t1709600000\n");
	a = loaded();
	b = loaded();
	marks_read_add(a, FP_A, T0, 100);
	marks_read_add(a, FP_B, T0, 10);
	marks_pace_learn(a, PACE_CJK, 600, 60);
	marks_read_add(b, FP_A, T0 + 30, 50);
	marks_read_add(b, FP_A, T0 - DAY, 30);
	marks_pace_learn(b, PACE_CJK, 300, 600);	/* 30 a minute */
	save_ok(a);

	/* b's first save fails (the lock is a directory), the next one
	 * replays the journal on the file as it is then. */
	snprintf(lock, sizeof lock, "%s/bookmarks.lock", statedir);
	assert_int_equal(unlink(lock), 0);
	assert_int_equal(mkdir(lock, 0700), 0);
	assert_int_equal(marks_save(b, &cause), -1);
	free(cause);
	assert_int_equal(rmdir(lock), 0);
	save_ok(b);

	r = loaded();
	assert_int_equal(marks_size(r, MARKS_READS), 3);
	assert_int_equal(read_of(r, FP_A, 20240305)->seconds, 1150);
	assert_int_equal(read_of(r, FP_A, 20240305)->last, T0 + 30);
	assert_int_equal(read_of(r, FP_A, 20240304)->seconds, 30);
	assert_int_equal(read_of(r, FP_B, 20240305)->seconds, 10);
	/* a's sample first (600 a minute), then b's over one half-life:
	 * 600 + (30 - 600) / 2 = 315, over 660 s. */
	assert_true(marks_pace(r, PACE_CJK)->per_min == 315);
	assert_true(marks_pace(r, PACE_CJK)->seconds == 660);
	/* b adopted the merged state. */
	assert_int_equal(read_of(b, FP_A, 20240305)->seconds, 1150);
	marks_free(a);
	marks_free(b);
	marks_free(r);
}

/* Forgetting a document: its position goes, its bookmarks only when
 * asked, its reading time stays in the statistics. */
static void
test_forget(void **state)
{
	struct marks	*m = loaded(), *r;
	struct mark	 k = { 0 };

	(void)state;
	place(m, FP_A, 1, "A", "", 1, 1);
	place(m, FP_B, 2, "B", "", 1, 1);
	k.fp = FP_A;
	k.name = "a mark";
	marks_add(m, &k);
	k.fp = FP_B;
	marks_add(m, &k);
	k.off = 5;
	marks_add(m, &k);
	marks_read_add(m, FP_A, T0, 60);
	save_ok(m);
	marks_forget(m, marks_position_get(m, 0)->fp, 0);	/* FP_A */
	marks_forget(m, FP_B, 1);
	marks_forget(m, "0000", 1);		/* none: nothing */
	save_ok(m);
	r = loaded();
	assert_int_equal(marks_size(r, MARKS_POSITIONS), 0);
	assert_int_equal(marks_count(r, FP_A), 1);
	assert_int_equal(marks_count(r, FP_B), 0);
	assert_int_equal(marks_size(r, MARKS_READS), 1);
	marks_free(m);
	marks_free(r);
}

/* Beyond 50,000 reading records the oldest days go, once for a whole
 * file. */
static void
test_read_records_capped(void **state)
{
	size_t		 n = 50010, len = 0, cap = n * 64 + 64;
	char		*s = malloc(cap);
	struct marks	*m;
	char		*cause;

	(void)state;
	assert_non_null(s);
	len += (size_t)snprintf(s, cap, "juan-bookmarks 3\n");
	/* Document i read on day i from 1980-01-01. */
	for (size_t i = 0; i < n; i++) {
		time_t		t = 315532800 + (time_t)i * DAY;
		struct tm	tm;

		gmtime_r(&t, &tm);
		len += (size_t)snprintf(s + len, cap - len,
		    "read\t%016zx\t%04d-%02d-%02d\t7\t1\n", i,
		    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	}
	state_file(s);
	free(s);
	m = marks_new(statedir);
	assert_int_equal(marks_load(m, &cause), 0);
	assert_int_equal(marks_size(m, MARKS_READS), 50000);
	/* The ten oldest went. */
	assert_null(read_of(m, "0000000000000000", 19800101));
	assert_null(read_of(m, "0000000000000009", 19800110));
	assert_non_null(read_of(m, "000000000000000a", 19800111));
	/* One more day read: the oldest left goes. */
	marks_read_add(m, FP_A, T0, 60);
	assert_int_equal(marks_size(m, MARKS_READS), 50000);
	assert_null(read_of(m, "000000000000000a", 19800111));
	assert_non_null(read_of(m, FP_A, 20240305));
	marks_free(m);
}

/* The two kinds of format 3 records, the shelf's (read, pace, positions
 * of eleven fields) and the reader's settings ("set" records),
 * live in one file: a file either kind of juan wrote loads whole, both
 * are written back, a newer juan's record is still kept, and two
 * instances, one changing the settings and one reading, lose nothing. */
static void
test_settings_and_shelf_records(void **state)
{
	const char	*s = "juan-bookmarks 3\n"
	    "p\t" FP_A "\t7\t1.5\t102\t/a\tpos\tTitle A\tOne\t100\t20\n"
	    "p\t" FP_B "\t9\t2.0\t103\t/b\tpos\n"
	    "set\t" FP_A "\twidth=60 spacing=1\n"
	    "set\t" FP_B "\tindent=no\n"
	    "h\tkept\n"
	    "read\t" FP_A "\t2024-03-05\t60\t1709672640\n"
	    "pace\tcjk\t600.0\t60\n"
	    "zz\ta newer juan's\n";
	struct marks	*a, *b, *r;
	const struct mark *p;
	char		*text;

	(void)state;
	state_file(s);
	a = loaded();
	b = loaded();
	assert_string_equal(marks_settings(a, FP_A), "width=60 spacing=1");
	assert_string_equal(marks_settings(a, FP_B), "indent=no");
	p = marks_place(a, FP_A);
	assert_non_null(p);
	assert_string_equal(p->title, "Title A");
	assert_int_equal(p->left_cjk, 100);
	assert_int_equal(marks_size(a, MARKS_READS), 1);
	assert_true(marks_pace(a, PACE_CJK)->per_min > 599.0);

	/* a: new settings, and a position recorded again keeps them. */
	marks_set_settings(a, FP_A, "width=50");
	{
		struct mark	pos = { 0 };

		pos.fp = FP_A;
		pos.path = "/a";
		pos.off = 70;
		pos.percent = 15;
		pos.snippet = "moved";
		pos.left_cjk = pos.left_words = MARKS_UNKNOWN;
		marks_set_place(a, &pos);
	}
	assert_string_equal(marks_settings(a, FP_A), "width=50");
	save_ok(a);
	/* b, which read the old file: reading time only. */
	marks_read_add(b, FP_B, T0, 30);
	save_ok(b);

	text = file_text();
	assert_true(has_line(text, "juan-bookmarks 3\n"));
	assert_true(has_line(text, "set\t" FP_A "\twidth=50\n"));
	assert_true(has_line(text, "set\t" FP_B "\tindent=no\n"));
	assert_true(has_line(text, "read\t" FP_A "\t2024-03-05\t60\t1709672640\n"));
	assert_true(has_line(text, "pace\tcjk\t600.0\t60\n"));
	assert_true(has_line(text, "zz\ta newer juan's\n"));
	assert_true(has_line(text, "h\tkept\n"));
	free(text);
	r = loaded();
	assert_string_equal(marks_settings(r, FP_A), "width=50");
	assert_string_equal(marks_settings(r, FP_B), "indent=no");
	assert_int_equal(marks_place(r, FP_A)->off, 70);
	assert_string_equal(marks_place(r, FP_A)->title, "Title A");
	assert_int_equal(marks_size(r, MARKS_READS), 2);
	/* Forgetting a document forgets its settings. */
	marks_forget(r, FP_B, 0);
	assert_null(marks_settings(r, FP_B));
	save_ok(r);
	text = file_text();
	assert_null(strstr(text, "set\t" FP_B));
	free(text);
	marks_free(r);
	marks_free(b);
	marks_free(a);
}

#define T(f)	cmocka_unit_test_setup_teardown(f, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_round_trip),
		T(test_older_release_file),
		T(test_unknown_records_kept),
		T(test_settings_and_shelf_records),
		T(test_merge_statistics),
		T(test_forget),
		T(test_read_records_capped),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
