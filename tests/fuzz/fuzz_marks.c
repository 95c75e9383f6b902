/* Fuzz target for marks: arbitrary bytes as a state file. Properties:
 * loading never crashes; what it serialises is clean (version line, no
 * control byte but tab and newline) and stable (parse -> serialise -> parse
 * gives the same bytes, with no bad line); a save after adding and deleting
 * a bookmark keeps every other record, or refuses and leaves the file
 * byte-identical; a file moved aside keeps its bytes. The files live in a
 * private directory (on /dev/shm when there is one: fsync is free there). */
#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "marks.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char	root[64];

static void
check(int ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "fuzz_marks: %s\n", what);
		abort();
	}
}

static void
path_of(char *buf, size_t size, const char *sub, const char *name)
{
	snprintf(buf, size, "%s/%s/%s", root, sub, name);
}

/* Empty root/sub (creating it), so every input starts afresh. */
static void
reset(const char *sub)
{
	char		 dir[128], p[512];
	DIR		*d;
	struct dirent	*e;

	snprintf(dir, sizeof dir, "%s/%s", root, sub);
	mkdir(dir, 0700);
	if ((d = opendir(dir)) == NULL)
		abort();
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
		unlink(p);
	}
	closedir(d);
}

static void
put_file(const char *path, const void *data, size_t size)
{
	int	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	check(fd >= 0 && write(fd, data, size) == (ssize_t)size && close(fd) == 0,
	    "cannot write the input file");
}

/* The whole file, or NULL if it is missing. */
static char *
get_file(const char *path, size_t *len)
{
	FILE	*f = fopen(path, "rb");
	char	*buf;
	long	 n;

	if (f == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = malloc((size_t)n + 1);
	check(buf != NULL && fread(buf, 1, (size_t)n, f) == (size_t)n, "read back");
	fclose(f);
	*len = (size_t)n;
	return buf;
}

/* Does dir hold a bookmarks.corrupt-* file with exactly these bytes? */
static int
kept_aside(const char *sub, const uint8_t *data, size_t size)
{
	char		 dir[128], p[512], *got;
	DIR		*d;
	struct dirent	*e;
	size_t		 n;
	int		 found = 0;

	snprintf(dir, sizeof dir, "%s/%s", root, sub);
	if ((d = opendir(dir)) == NULL)
		return 0;
	while (!found && (e = readdir(d)) != NULL) {
		if (strncmp(e->d_name, "bookmarks.corrupt-", 18) != 0)
			continue;
		snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
		if ((got = get_file(p, &n)) != NULL)
			found = n == size && memcmp(got, data, size) == 0;
		free(got);
	}
	closedir(d);
	return found;
}

static void
cleanup(void)
{
	char	dir[128];

	reset("in");
	reset("again");
	snprintf(dir, sizeof dir, "%s/in", root);
	rmdir(dir);
	snprintf(dir, sizeof dir, "%s/again", root);
	rmdir(dir);
	rmdir(root);
}

static struct marks *
load(const char *sub, int *rc, char **cause)
{
	char		 dir[128];
	struct marks	*m;

	snprintf(dir, sizeof dir, "%s/%s", root, sub);
	m = marks_new(dir);
	*rc = marks_load(m, cause);
	check(*rc == 0 ? *cause == NULL : *cause != NULL && strchr(*cause, '\n') == NULL,
	    "load result and cause disagree");
	return m;
}

static int
has_mark(struct marks *m, const struct mark *want)
{
	for (size_t i = 0; i < marks_count(m, want->fp); i++) {
		const struct mark	*g = marks_get(m, want->fp, i);

		if (g->off == want->off && g->time == want->time &&
		    strcmp(g->name, want->name) == 0 &&
		    strcmp(g->snippet, want->snippet) == 0 && g->lost == want->lost)
			return 1;
	}
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct marks		*a, *b, *c;
	char			*cause, *s1, *s2, *s3, path[512], *now;
	size_t			 n1, n2, n3, nn, i, total;
	int			 rc, rc2;
	struct mark		 add = { 0 };
	const struct mark	*gone = NULL;

	if (root[0] == '\0') {
		struct stat	sb;

		snprintf(root, sizeof root, "%s/fuzz_marks.XXXXXX",
		    stat("/dev/shm", &sb) == 0 && S_ISDIR(sb.st_mode) ? "/dev/shm" : "/tmp");
		check(mkdtemp(root) != NULL, "mkdtemp");
		atexit(cleanup);
	}
	reset("in");
	reset("again");
	path_of(path, sizeof path, "in", "bookmarks");
	put_file(path, data, size);

	a = load("in", &rc, &cause);
	if (cause != NULL && strstr(cause, "moved to") != NULL)
		check(kept_aside("in", data, size), "moved aside but bytes lost");
	free(cause);
	s1 = marks_format(a, &n1);
	check(n1 >= 17 && memcmp(s1, "juan-bookmarks 3\n", 17) == 0, "version line");
	check(strlen(s1) == n1, "NUL in output");
	for (i = 0; i < n1; i++)
		check(!(((unsigned char)s1[i] < 0x20 && s1[i] != '\t' && s1[i] != '\n') ||
		    s1[i] == 0x7f), "control byte in output");

	/* Stable: what we write reads back without complaint, identically. */
	path_of(path, sizeof path, "again", "bookmarks");
	put_file(path, s1, n1);
	b = load("again", &rc2, &cause);
	check(rc2 == 0, "own output does not load cleanly");
	s2 = marks_format(b, &n2);
	check(n1 == n2 && memcmp(s1, s2, n1) == 0, "parse/serialise not stable");

	/* Merge: add one bookmark, delete another, save, reload. */
	add.fp = "feedface";
	add.off = 12345;
	add.time = 1;
	add.name = "fuzz";
	add.path = "/fuzz";
	add.snippet = "";
	/* A new bookmark never replaces one (issue 14), even an equal one. */
	total = marks_size(a, MARKS_ALL) + 1;
	marks_add(a, &add);
	check(marks_size(a, MARKS_ALL) == total, "add miscounted");
	if (total > 1) {
		gone = marks_all_get(a, size % total);
		if (strcmp(gone->fp, add.fp) == 0 && gone->off == add.off)
			gone = NULL;
	}
	if (gone != NULL) {
		char	*fp = strdup(gone->fp);

		for (i = 0; marks_get(a, fp, i) != gone; i++)
			;
		marks_delete(a, fp, i);
		free(fp);
		check(marks_size(a, MARKS_ALL) == total - 1, "delete miscounted");
	}
	path_of(path, sizeof path, "in", "bookmarks");
	if (marks_save(a, &cause) != 0) {
		/* Refused (a newer version): the file is untouched. */
		check(cause != NULL, "save failed without a cause");
		check(strstr(cause, "moved to") == NULL, "corrupt again after load");
		now = get_file(path, &nn);
		check(now != NULL && nn == size && memcmp(now, data, size) == 0,
		    "refused save changed the file");
		free(now);
		free(cause);
	} else {
		c = load("in", &rc, &cause);
		check(rc == 0, "saved file does not load cleanly");
		check(has_mark(c, &add), "added bookmark missing");
		check(marks_size(c, MARKS_ALL) == marks_size(a, MARKS_ALL), "bookmarks lost or extra");
		for (i = 0; i < marks_size(a, MARKS_ALL); i++)
			check(has_mark(c, marks_all_get(a, i)), "bookmark lost");
		s3 = marks_format(c, &n3);
		now = marks_format(a, &nn);
		check(n3 == nn && memcmp(s3, now, n3) == 0, "saved state differs");
		free(s3);
		free(now);
		marks_free(c);
	}
	free(s1);
	free(s2);
	marks_free(a);
	marks_free(b);
	return 0;
}
