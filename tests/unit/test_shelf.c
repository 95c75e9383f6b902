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
#include "testdir.h"
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
setup(void **state)
{
	int	fd;
	char	path[192];

	(void)state;
	setenv("TZ", "UTC", 1);
	tzset();
	if (test_tmpdir_make(tmpdir, sizeof tmpdir, "test_shelf") != 0)
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
	return test_tmpdir_remove(tmpdir);
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

/* The screen: moving, the entries' two lines, the header and status. */
static void
test_screen(void **state)
{
	struct marks	*m = loaded();
	struct shelf	*sh = made(m, 0);
	char		 l1[512], l2[512], st[256], want[512];
	size_t		 bold;
	int		 dim, sel;

	(void)state;
	shelf_resize(sh, 24, 80);
	shelf_header(sh, l1, sizeof l1);
	assert_string_equal(l1, " Shelf: 4 documents · pace 500 CJK (learned), "
	    "250 words (default) a minute");
	/* Entry 0, selected: the title bold, the bar, the percentage and
	 * when, on the right of 80 cells. */
	assert_int_equal(shelf_entry(sh, 0, l1, sizeof l1, l2, sizeof l2, &bold,
	    &dim, &sel), 1);
	assert_int_equal(sel, 1);
	assert_int_equal(dim, 1);		/* /books/old.txt is gone */
	/* 79 cells: " Old Book", spaces, and 32 cells on the right. */
	snprintf(want, sizeof want, "%-47s%s", " Old Book",
	    "███░░░░░░░  25%      today 21:01");
	assert_string_equal(l1, want);
	assert_int_equal(ustr_strwidth(l1, strlen(l1)), 79);
	assert_int_equal(bold, strlen(" Old Book"));
	assert_string_equal(l2, "   (moved or deleted) ~/old.txt · Chapter 1 · "
	    "8 min left");
	shelf_entry(sh, 1, l1, sizeof l1, l2, sizeof l2, &bold, &dim, &sel);
	assert_int_equal(sel, 0);
	assert_string_equal(l2, "   (moved or deleted) ~/new.txt · 第二章 · "
	    "3 min left");
	shelf_entry(sh, 2, l1, sizeof l1, l2, sizeof l2, &bold, &dim, &sel);
	assert_string_equal(l2, "   from standard input · <1 min left");
	shelf_entry(sh, 4, l1, sizeof l1, l2, sizeof l2, &bold, &dim, &sel);
	assert_string_equal(l1, " Guide to juan (built in)");
	assert_int_equal(dim, 1);
	assert_int_equal(shelf_entry(sh, 5, l1, sizeof l1, l2, sizeof l2, &bold,
	    &dim, &sel), 0);
	assert_string_equal(l1, "");
	shelf_status(sh, st, sizeof st);
	assert_string_equal(st, "Enter opens · / filters · d removes · "
	    "u puts back · q closes");

	/* Narrow: the bar goes first, then when; never past the width. */
	shelf_resize(sh, 24, 40);
	shelf_entry(sh, 1, l1, sizeof l1, l2, sizeof l2, &bold, &dim, &sel);
	snprintf(want, sizeof want, "%-22s%s", " New Book", " 50%  today 14:46");
	assert_string_equal(l1, want);
	assert_int_equal(ustr_strwidth(l1, strlen(l1)), 39);
	assert_true(ustr_strwidth(l2, strlen(l2)) <= 40);
	shelf_resize(sh, 24, 12);
	for (int e = 0; e < 5; e++) {
		shelf_entry(sh, e, l1, sizeof l1, l2, sizeof l2, &bold, &dim,
		    &sel);
		assert_true(ustr_strwidth(l1, strlen(l1)) <= 12);
		assert_true(ustr_strwidth(l2, strlen(l2)) <= 12);
	}

	/* Six rows hold two entries: the selection scrolls them. */
	shelf_resize(sh, 6, 80);
	assert_int_equal(shelf_apply(sh, CMD_LIST_LAST), SHELF_DRAW);
	shelf_entry(sh, 1, l1, sizeof l1, l2, sizeof l2, &bold, &dim, &sel);
	assert_int_equal(sel, 1);
	assert_string_equal(l1, " Guide to juan (built in)");
	assert_int_equal(shelf_entry(sh, 2, l1, sizeof l1, l2, sizeof l2, &bold,
	    &dim, &sel), 0);
	shelf_apply(sh, CMD_LIST_FIRST);
	shelf_apply(sh, CMD_LIST_PAGE_DOWN);
	assert_string_equal(shelf_selected(sh)->fp, "cccc");
	shelf_apply(sh, CMD_LIST_UP);
	assert_string_equal(shelf_selected(sh)->fp, "bbbb");
	/* A click selects; a click on the selected entry opens it. */
	shelf_resize(sh, 24, 80);
	assert_int_equal(shelf_click(sh, 0), 0);	/* the header */
	assert_int_equal(shelf_click(sh, 20), 0);	/* below the entries */
	assert_int_equal(shelf_click(sh, 7), SHELF_DRAW);
	assert_string_equal(shelf_selected(sh)->fp, "eeee");
	assert_int_equal(shelf_click(sh, 8), SHELF_OPEN);
	assert_int_equal(shelf_wheel(sh, -3), SHELF_DRAW);
	assert_string_equal(shelf_selected(sh)->fp, "aaaa");
	assert_int_equal(shelf_apply(sh, CMD_LIST_CLOSE), SHELF_CLOSE);
	assert_int_equal(shelf_apply(sh, CMD_QUIT), SHELF_QUIT);
	assert_int_equal(shelf_apply(sh, CMD_SHELF_FILTER),
	    SHELF_DRAW | SHELF_FILTER);
	shelf_free(sh);
	marks_free(m);
}

/* Enter on what cannot be opened says why; on the others and the guide it
 * opens. */
static void
test_open(void **state)
{
	struct marks	*m = loaded();
	struct shelf	*sh = made(m, 0);
	char		 st[256];

	(void)state;
	assert_int_equal(shelf_apply(sh, CMD_SHELF_OPEN), SHELF_DRAW);
	shelf_status(sh, st, sizeof st);
	assert_non_null(strstr(st, "moved or deleted"));
	shelf_apply(sh, CMD_LIST_DOWN);
	shelf_apply(sh, CMD_LIST_DOWN);
	assert_int_equal(shelf_apply(sh, CMD_SHELF_OPEN), SHELF_DRAW);
	shelf_status(sh, st, sizeof st);
	assert_non_null(strstr(st, "standard input"));
	shelf_apply(sh, CMD_LIST_DOWN);
	assert_int_equal(shelf_apply(sh, CMD_SHELF_OPEN), SHELF_OPEN);
	shelf_apply(sh, CMD_LIST_DOWN);
	assert_null(shelf_selected(sh)->fp);
	assert_int_equal(shelf_apply(sh, CMD_SHELF_OPEN), SHELF_OPEN);
	shelf_free(sh);
	marks_free(m);
}

/* / filters by title or path (case and width folded); d removes, u puts
 * back, the question for bookmarks; committing forgets in the marks. */
static void
test_filter_remove_undo(void **state)
{
	struct marks	*m = loaded(), *r;
	struct shelf	*sh = made(m, 0);
	char		 h[256], st[256];

	(void)state;
	shelf_filter(sh, "BOOK");
	assert_int_equal(shelf_count(sh), 3);	/* 2 books and the guide */
	shelf_header(sh, h, sizeof h);
	assert_non_null(strstr(h, "Shelf: 2 of 4 documents shown"));
	shelf_filter(sh, "ｎｅｗ");		/* full width */
	assert_int_equal(shelf_count(sh), 2);
	assert_string_equal(shelf_get(sh, 0)->fp, "bbbb");
	shelf_filter(sh, "/tmp");		/* the path */
	assert_string_equal(shelf_get(sh, 0)->fp, "eeee");
	shelf_filter(sh, "nothing like it");
	assert_int_equal(shelf_count(sh), 1);
	assert_null(shelf_get(sh, 0)->fp);
	shelf_filter(sh, "book/books");	/* across title and path: no */
	assert_int_equal(shelf_count(sh), 1);
	shelf_filter(sh, "");
	assert_int_equal(shelf_count(sh), 5);

	assert_int_equal(shelf_apply(sh, CMD_SHELF_UNDO), SHELF_DRAW);
	shelf_status(sh, st, sizeof st);
	assert_string_equal(st, "Nothing to put back");
	/* The guide stays. */
	shelf_apply(sh, CMD_LIST_LAST);
	assert_int_equal(shelf_apply(sh, CMD_SHELF_REMOVE), SHELF_DRAW);
	assert_int_equal(shelf_count(sh), 5);
	/* No bookmarks: removed at once; the next one is selected. */
	shelf_apply(sh, CMD_LIST_FIRST);
	assert_int_equal(shelf_apply(sh, CMD_SHELF_REMOVE), SHELF_DRAW);
	assert_int_equal(shelf_count(sh), 4);
	assert_string_equal(shelf_selected(sh)->fp, "bbbb");
	shelf_status(sh, st, sizeof st);
	assert_string_equal(st, "Removed “Old Book” (u puts it back)");
	shelf_header(sh, h, sizeof h);
	assert_non_null(strstr(h, "Shelf: 3 documents"));
	/* Bookmarks: the question; Esc keeps, n removes the entry only. */
	assert_int_equal(shelf_apply(sh, CMD_SHELF_REMOVE),
	    SHELF_DRAW | SHELF_CONFIRM);
	assert_non_null(shelf_question(sh));
	shelf_status(sh, st, sizeof st);
	assert_non_null(strstr(st, "Delete its bookmarks too?"));
	assert_int_equal(shelf_confirm(sh, 27), SHELF_DRAW);
	assert_null(shelf_question(sh));
	assert_int_equal(shelf_count(sh), 4);
	assert_int_equal(shelf_confirm(sh, 'y'), 0);	/* nothing asked */
	shelf_apply(sh, CMD_SHELF_REMOVE);
	shelf_confirm(sh, 'n');
	assert_int_equal(shelf_count(sh), 3);
	/* u puts back the last one removed, then the one before. */
	shelf_apply(sh, CMD_SHELF_UNDO);
	assert_int_equal(shelf_count(sh), 4);
	assert_string_equal(shelf_selected(sh)->fp, "bbbb");
	shelf_apply(sh, CMD_SHELF_REMOVE);
	shelf_confirm(sh, 'y');
	shelf_apply(sh, CMD_LIST_FIRST);
	assert_string_equal(shelf_selected(sh)->fp, "cccc");
	/* Hidden by a filter, a removed one comes back hidden. */
	shelf_apply(sh, CMD_SHELF_REMOVE);
	shelf_filter(sh, "tmp");
	shelf_apply(sh, CMD_SHELF_UNDO);
	shelf_status(sh, st, sizeof st);
	assert_non_null(strstr(st, "the filter hides it"));
	shelf_filter(sh, "");
	assert_int_equal(shelf_count(sh), 3);	/* eeee, cccc, the guide */

	/* Committed: aaaa forgotten, bbbb with its bookmarks; cccc and eeee
	 * stay. */
	assert_int_equal(shelf_commit(sh, m), 2);
	assert_int_equal(shelf_commit(sh, m), 0);
	assert_false(marks_position(m, "aaaa", NULL));
	assert_false(marks_position(m, "bbbb", NULL));
	assert_int_equal(marks_count(m, "bbbb"), 0);
	assert_true(marks_position(m, "cccc", NULL));
	assert_int_equal(marks_size(m, MARKS_READS), 5);	/* reading time stays */
	assert_int_equal(marks_save(m, NULL), 0);
	r = loaded();
	assert_int_equal(marks_size(r, MARKS_POSITIONS), 3);	/* cccc, dddd, eeee */
	marks_free(r);
	shelf_free(sh);
	marks_free(m);
}

/* n: the entry goes, its bookmarks stay; the entry after a removed one
 * is selected. */
static void
test_remove_keeps_marks(void **state)
{
	struct marks	*m = loaded();
	struct shelf	*sh = made(m, 0);

	(void)state;
	shelf_apply(sh, CMD_LIST_DOWN);
	shelf_apply(sh, CMD_LIST_DOWN);
	assert_string_equal(shelf_selected(sh)->fp, "cccc");
	shelf_apply(sh, CMD_SHELF_REMOVE);
	assert_string_equal(shelf_selected(sh)->fp, "eeee");
	shelf_apply(sh, CMD_LIST_FIRST);
	shelf_apply(sh, CMD_LIST_DOWN);
	assert_int_equal(shelf_apply(sh, CMD_SHELF_REMOVE),
	    SHELF_DRAW | SHELF_CONFIRM);
	shelf_confirm(sh, 'n');
	assert_int_equal(shelf_commit(sh, m), 2);
	assert_false(marks_position(m, "bbbb", NULL));
	assert_int_equal(marks_count(m, "bbbb"), 2);
	assert_false(marks_position(m, "cccc", NULL));
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
		T(test_screen),
		T(test_open),
		T(test_filter_remove_undo),
		T(test_remove_keeps_marks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
