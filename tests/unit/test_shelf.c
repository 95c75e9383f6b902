/* Unit tests for the shelf: relative dates, durations, shortened paths,
 * the bar, ISO 8601; rows from a state file (order, titles, reading time,
 * time left at the learned pace, the guide last, stdin and missing files);
 * --shelf --list and --stats; and the screen: moving, filtering, removing
 * with undo and the confirmation, committing. In UTC unless said. */
#define _GNU_SOURCE	/* nftw(), open_memstream() */
#include <fcntl.h>
#include <ftw.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "testutil.h"
#include "marks.h"
#include "shelf.h"
#include "ustr.h"

#define T0	1709672640	/* 2024-03-05 21:04:00 UTC, a Tuesday */
#define DAY	86400
#define GUIDE	"/guide/juan-guide.txt"

static char	tmpdir[64];
static char	statedir[128];

/* Positions: aaaa read last (its reading time is later than its
 * position), bbbb with two bookmarks, cccc from a pipe, dddd the guide
 * (no row of its own), eeee from a format 2 file (no title) at /tmp. The
 * CJK pace is learned (600 s), the Latin one not yet (599 s). */
static const char state_text[] =
    "juan-bookmarks 3\n"
    "m\tbbbb\t10\t5.0\t100\t/books/new.txt\tone\ts\tx\t0000000000000001\n"
    "m\tbbbb\t20\t6.0\t100\t/books/new.txt\ttwo\ts\tx\t0000000000000002\n"
    "p\taaaa\t100\t25.0\t1709600000\t/books/old.txt\tsnip\tOld Book\tChapter 1\t4000\t0\n"
    "p\tbbbb\t50\t50.0\t1709650000\t/books/new.txt\tsnip\tNew Book\t第二章\t800\t250\n"
    "p\tcccc\t0\t10.0\t1709000000\t\tsnip\tPiped\t\t0\t0\n"
    "p\tdddd\t0\t0.0\t1709660000\t" GUIDE "\tsnip\tGuide\t\t0\t0\n"
    "p\teeee\t0\t5.0\t1700000000\t/tmp\tsnip\n"
    "read\taaaa\t2024-03-04\t600\t1709672000\n"
    "read\taaaa\t2024-03-05\t300\t1709672500\n"
    "read\tbbbb\t2024-02-01\t60\t1706800000\n"
    "read\tcccc\t2023-12-31\t1000\t1704000000\n"
    "read\tcccc\t2024-03-03\t120\t1709000000\n"
    "pace\tcjk\t500.0\t600\n"
    "pace\tlatin\t100.0\t599\n";

static int
rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int
setup(void **state)
{
	int	fd;
	char	path[192];

	(void)state;
	setenv("TZ", "UTC", 1);
	tzset();
	snprintf(tmpdir, sizeof tmpdir, "/tmp/test_shelf.XXXXXX");
	if (mkdtemp(tmpdir) == NULL)
		return -1;
	snprintf(statedir, sizeof statedir, "%s/juan", tmpdir);
	snprintf(path, sizeof path, "%s/bookmarks", statedir);
	if (mkdir(statedir, 0700) != 0 ||
	    (fd = open(path, O_WRONLY | O_CREAT, 0600)) < 0)
		return -1;
	if (write(fd, state_text, strlen(state_text)) !=
	    (ssize_t)strlen(state_text))
		return -1;
	return close(fd);
}

static int
teardown(void **state)
{
	(void)state;
	return nftw(tmpdir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
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

static struct shelf *
made(struct marks *m, double cpm)
{
	struct shelf_opts	o = { 0 };

	o.guide = GUIDE;
	o.home = "/books";
	o.cjk_per_min = cpm;
	o.now = T0;
	return shelf_new(m, &o);
}

static void
test_ago(void **state)
{
	char	b[64];

	(void)state;
	shelf_ago(T0 - 3600, T0, 0, b, sizeof b);
	assert_string_equal(b, "today 20:04");
	shelf_ago(T0 - 3600, T0, 1, b, sizeof b);
	assert_string_equal(b, "今天 20:04");
	shelf_ago(1709539800, T0, 0, b, sizeof b);
	assert_string_equal(b, "yesterday 08:10");
	shelf_ago(1709539800, T0, 1, b, sizeof b);
	assert_string_equal(b, "昨天 08:10");
	shelf_ago(1709380800, T0, 0, b, sizeof b);
	assert_string_equal(b, "3 days ago");
	shelf_ago(1709380800, T0, 1, b, sizeof b);
	assert_string_equal(b, "3 天前");
	shelf_ago(T0 - 29 * DAY, T0, 0, b, sizeof b);
	assert_string_equal(b, "29 days ago");
	shelf_ago(T0 - 30 * DAY, T0, 0, b, sizeof b);
	assert_string_equal(b, "2024-02-04");
	shelf_ago(1705752000, T0, 1, b, sizeof b);
	assert_string_equal(b, "2024-01-20");
	shelf_ago(T0 + 2 * DAY, T0, 0, b, sizeof b);	/* a clock set back */
	assert_string_equal(b, "2024-03-07");
	/* The day is the local one. */
	setenv("TZ", "CST-8", 1);
	tzset();
	shelf_ago(T0 - 3600, T0, 0, b, sizeof b);	/* 04:04 on the 6th */
	assert_string_equal(b, "today 04:04");
	shelf_ago(T0 - 6 * 3600, T0, 0, b, sizeof b);	/* 23:04 on the 5th */
	assert_string_equal(b, "yesterday 23:04");
}

static void
test_duration(void **state)
{
	char	b[64];

	(void)state;
	shelf_duration(0.2, 0, b, sizeof b);
	assert_string_equal(b, "<1 min");
	shelf_duration(0.2, 1, b, sizeof b);
	assert_string_equal(b, "不到 1 分钟");
	shelf_duration(44.6, 0, b, sizeof b);
	assert_string_equal(b, "45 min");
	shelf_duration(200, 0, b, sizeof b);
	assert_string_equal(b, "3 h 20 min");
	shelf_duration(200, 1, b, sizeof b);
	assert_string_equal(b, "3 小时 20 分钟");
	shelf_duration(120, 0, b, sizeof b);
	assert_string_equal(b, "2 h");
	shelf_duration(6000.4, 0, b, sizeof b);
	assert_string_equal(b, "100 h");
	shelf_duration(0.0 / 0.0, 0, b, sizeof b);
	assert_string_equal(b, "<1 min");
	shelf_duration(1e12, 0, b, sizeof b);
	assert_string_equal(b, "ages");
}

static void
test_shorten(void **state)
{
	char	b[256];

	(void)state;
	shelf_shorten("/home/u/books/x.txt", "/home/u", 40, b, sizeof b);
	assert_string_equal(b, "~/books/x.txt");
	shelf_shorten("/home/user/x", "/home/u", 40, b, sizeof b);
	assert_string_equal(b, "/home/user/x");
	/* Cut in the middle, more of the end (the file's name) kept. */
	shelf_shorten("/home/u/books/a/very/long/directory/name/the-book.txt",
	    "/home/u", 20, b, sizeof b);
	assert_string_equal(b, "~/book…/the-book.txt");
	assert_int_equal(ustr_strwidth(b, strlen(b)), 20);
	/* Wide characters: never past the cells. */
	shelf_shorten("/书/长篇小说集/第一卷.txt", NULL, 12, b, sizeof b);
	assert_string_equal(b, "/书…一卷.txt");
	shelf_shorten("/书/长篇小说集/第一卷.txt", NULL, 11, b, sizeof b);
	assert_true(ustr_strwidth(b, strlen(b)) <= 11);
	/* Control bytes are shown, never sent. */
	shelf_shorten("/tmp/a\x1b[31mb", NULL, 40, b, sizeof b);
	assert_string_equal(b, "/tmp/a^[[31mb");
	shelf_shorten("/tmp/abcdef", NULL, 1, b, sizeof b);
	assert_true(ustr_strwidth(b, strlen(b)) <= 1);
	shelf_shorten("/tmp/abcdef", NULL, 20, b, 5);	/* a small buffer */
	assert_string_equal(b, "/tmp");
}

static void
test_bar_and_iso(void **state)
{
	char	b[128];

	(void)state;
	shelf_bar(50, 10, b, sizeof b);
	assert_string_equal(b, "█████░░░░░");
	shelf_bar(0, 4, b, sizeof b);
	assert_string_equal(b, "░░░░");
	shelf_bar(104, 4, b, sizeof b);
	assert_string_equal(b, "████");
	shelf_bar(0.0 / 0.0, 2, b, sizeof b);
	assert_string_equal(b, "░░");
	ustr_set_ambiguous_wide(1);	/* blocks take two cells: ASCII */
	shelf_bar(50, 4, b, sizeof b);
	ustr_set_ambiguous_wide(0);
	assert_string_equal(b, "##--");
	shelf_iso8601(T0, b, sizeof b);
	assert_string_equal(b, "2024-03-05T21:04:00+00:00");
	setenv("TZ", "CST-8", 1);
	tzset();
	shelf_iso8601(T0, b, sizeof b);
	assert_string_equal(b, "2024-03-06T05:04:00+08:00");
}

static void
test_rows(void **state)
{
	struct marks		*m = loaded();
	struct shelf		*sh = made(m, 0);
	const struct shelf_row	*r;

	(void)state;
	assert_int_equal(shelf_documents(sh), 4);
	assert_int_equal(shelf_count(sh), 5);
	r = shelf_get(sh, 0);
	assert_string_equal(r->fp, "aaaa");
	assert_string_equal(r->title, "Old Book");
	assert_int_equal(r->last, 1709672500);	/* its reading, not its place */
	assert_int_equal(r->seconds, 900);
	assert_int_equal(r->days, 2);
	assert_int_equal(r->first_day, 20240304);
	/* 4000 characters at the learned 500 a minute. */
	assert_true(r->minutes_left > 7.999 && r->minutes_left < 8.001);
	r = shelf_get(sh, 1);
	assert_string_equal(r->fp, "bbbb");
	assert_string_equal(r->section, "第二章");
	assert_int_equal(r->bookmarks, 2);
	/* 800 at 500, 250 words at the default 250 (599 s: not learned). */
	assert_true(r->minutes_left > 2.599 && r->minutes_left < 2.601);
	r = shelf_get(sh, 2);
	assert_string_equal(r->fp, "cccc");
	assert_string_equal(r->path, "");
	r = shelf_get(sh, 3);
	assert_string_equal(r->title, "tmp");	/* no title: the file name */
	assert_true(r->minutes_left < 0);
	assert_int_equal(r->first_day, 0);
	r = shelf_get(sh, 4);
	assert_null(r->fp);			/* the guide, last */
	assert_string_equal(r->path, GUIDE);
	assert_null(shelf_get(sh, 5));
	assert_int_equal(shelf_missing(sh, 0), 1);	/* /books/old.txt */
	assert_int_equal(shelf_missing(sh, 2), 0);	/* stdin */
	assert_int_equal(shelf_missing(sh, 3), 0);	/* /tmp */
	assert_int_equal(shelf_missing(sh, 4), 0);	/* the guide */
	shelf_free(sh);

	/* --wpm wins over the learned pace. */
	sh = made(m, 1000);
	assert_true(shelf_get(sh, 0)->minutes_left > 3.999 &&
	    shelf_get(sh, 0)->minutes_left < 4.001);
	shelf_free(sh);
	marks_free(m);
}

static char *
printed(struct shelf *sh, struct marks *m, int what)
{
	char	*s = NULL;
	size_t	 n = 0;
	FILE	*f = open_memstream(&s, &n);

	assert_non_null(f);
	assert_int_equal(what < 0 ? shelf_print_list(sh, f) :
	    shelf_print_stats(sh, m, what, f), 0);
	fclose(f);
	return s;
}

static void
test_list_and_stats(void **state)
{
	struct marks	*m = loaded();
	struct shelf	*sh = made(m, 0);
	char		*s;

	(void)state;
	s = printed(sh, m, -1);
	assert_string_equal(s,
	    "/books/old.txt\tOld Book\t25%\tChapter 1\t2024-03-05T21:01:40+00:00\n"
	    "/books/new.txt\tNew Book\t50%\t第二章\t2024-03-05T14:46:40+00:00\n"
	    "\tPiped\t10%\t\t2024-02-27T02:13:20+00:00\n"
	    "/tmp\ttmp\t5%\t\t2023-11-14T22:13:20+00:00\n");
	free(s);

	/* Today 300 s; this week (from Monday the 4th, not Sunday the 3rd)
	 * 900; this year 1080. */
	s = printed(sh, m, 0);
	assert_non_null(strstr(s, "  today          0:05\n"));
	assert_non_null(strstr(s, "  this week      0:15\n"));
	assert_non_null(strstr(s, "  this year      0:18\n"));
	assert_non_null(strstr(s, "    500 CJK characters a minute: learned from "
	    "0:10 of reading\n"));
	assert_non_null(strstr(s, "    250 Latin words a minute: the default "
	    "(0:09 of reading measured)\n"));
	assert_non_null(strstr(s, "  0:15        2  2024-03-04  2024-03-05  Old Book (/books/old.txt)\n"));
	assert_non_null(strstr(s, "  0:18        2  2023-12-31  2024-02-27  Piped\n"));
	assert_non_null(strstr(s, "  0:00        0  -           2023-11-14  tmp (/tmp)\n"));
	free(s);

	s = printed(sh, m, 1);
	assert_non_null(strstr(s, "\"reading_seconds\": {\"today\": 300, "
	    "\"this_week\": 900, \"this_year\": 1080}"));
	assert_non_null(strstr(s, "\"cjk\": {\"per_minute\": 500.0, \"source\": "
	    "\"learned\", \"learned_per_minute\": 500.0, \"measured_seconds\": 600}"));
	assert_non_null(strstr(s, "{\"path\": \"/books/old.txt\", \"title\": "
	    "\"Old Book\", \"section\": \"Chapter 1\", \"percent\": 25.0, "
	    "\"seconds\": 900, \"days\": 2, \"first_read\": \"2024-03-04\", "
	    "\"last_read\": \"2024-03-05T21:01:40+00:00\"}"));
	assert_non_null(strstr(s, "\"first_read\": null"));
	free(s);
	shelf_free(sh);
	marks_free(m);
}

/* JSON strings stay valid whatever a path holds. */
static void
test_json_escapes(void **state)
{
	struct marks	*m = marks_new(NULL);
	struct mark	 p = { 0 };
	struct shelf	*sh;
	char		*s;

	(void)state;
	p.fp = "abcd";
	p.path = "/a\"b\\c\x01\x7f\xff.txt";
	p.title = "t\n";
	p.snippet = "";
	marks_set_place(m, &p);
	sh = made(m, 0);
	s = printed(sh, m, 1);
	assert_non_null(strstr(s, "\"path\": \"/a\\\"b\\\\c\\u0001\\u007f\\ufffd.txt\", "
	    "\"title\": \"t\\u000a\""));
	free(s);
	shelf_free(sh);
	marks_free(m);
}

#define T(f)	cmocka_unit_test_setup_teardown(f, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_ago),
		T(test_duration),
		T(test_shorten),
		T(test_bar_and_iso),
		T(test_rows),
		T(test_list_and_stats),
		T(test_json_escapes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
