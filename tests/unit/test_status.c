/* Tests for status: the words (English and Chinese), the time units, the
 * cutting rule, and the layout at every width from 20 to 200 cells: the
 * line is exactly as wide as the screen, pieces give way in their order and
 * never overlap, titles are cut with "…". */
#include "testutil.h"

#include "status.h"
#include "ustr.h"

#define DOTS	"\xe2\x80\xa6"

static size_t
cells(const char *s)
{
	return ustr_strwidth(s, strlen(s));
}

static void
test_lang(void **state)
{
	(void)state;
	assert_int_equal(status_lang_from(NULL, NULL, NULL), STATUS_EN);
	assert_int_equal(status_lang_from(NULL, NULL, "zh_CN.UTF-8"), STATUS_ZH);
	assert_int_equal(status_lang_from("", "", "zh_TW.UTF-8"), STATUS_ZH);
	assert_int_equal(status_lang_from("C.UTF-8", NULL, "zh_CN.UTF-8"),
	    STATUS_EN);
	assert_int_equal(status_lang_from(NULL, "zh_CN.UTF-8", "en_US.UTF-8"),
	    STATUS_ZH);
	assert_int_equal(status_lang_from(NULL, NULL, "ja_JP.UTF-8"), STATUS_EN);
}

static void
minutes_is(int lang, double m, const char *want)
{
	char	buf[64];

	status_minutes(lang, m, buf, sizeof buf);
	assert_string_equal(buf, want);
}

static void
test_minutes(void **state)
{
	(void)state;
	minutes_is(STATUS_EN, 0, "<1 min");
	minutes_is(STATUS_EN, 0.6, "<1 min");
	minutes_is(STATUS_EN, 3.2, "3 min");
	minutes_is(STATUS_EN, 59.4, "59 min");
	minutes_is(STATUS_EN, 59.6, "1 h");
	minutes_is(STATUS_EN, 130, "2 h 10 min");
	minutes_is(STATUS_EN, 120, "2 h");
	minutes_is(STATUS_EN, 599, "9 h 59 min");
	minutes_is(STATUS_EN, 600, "10 h");
	minutes_is(STATUS_EN, 12 * 60 + 40, "13 h");
	/* The 71 MB file: 49813 min is read at a glance as hours. */
	minutes_is(STATUS_EN, 49813, "830 h");
	minutes_is(STATUS_EN, 1e30, "1666667 h");
	minutes_is(STATUS_ZH, 0.2, "\xe4\xb8\x8d\xe5\x88\xb0 1 \xe5\x88\x86\xe9\x92\x9f");
	minutes_is(STATUS_ZH, 3, "3 \xe5\x88\x86\xe9\x92\x9f");
	minutes_is(STATUS_ZH, 130,
	    "2 \xe5\xb0\x8f\xe6\x97\xb6 10 \xe5\x88\x86\xe9\x92\x9f");
	minutes_is(STATUS_ZH, 720, "12 \xe5\xb0\x8f\xe6\x97\xb6");
}

static void
fit_is(const char *s, size_t width, const char *want, size_t want_cells)
{
	char	buf[256];

	assert_int_equal(status_cut(s, strlen(s), width, buf, sizeof buf),
	    want_cells);
	assert_string_equal(buf, want);
}

static void
test_fit(void **state)
{
	(void)state;
	fit_is("Chapter 3", 20, "Chapter 3", 9);
	fit_is("Chapter 3", 9, "Chapter 3", 9);
	fit_is("Chapter 3", 8, "Chapter" DOTS, 8);
	fit_is("Chapter 3", 1, DOTS, 1);
	fit_is("Chapter 3", 0, "", 0);
	/* A wide character that does not fit leaves its cell empty. */
	fit_is("\xe7\xac\xac\xe4\xb8\x89\xe5\x8d\x81\xe5\x9b\x9e", 6,
	    "\xe7\xac\xac\xe4\xb8\x89" DOTS, 5);
	fit_is("\xe7\xac\xac\xe4\xb8\x89\xe5\x8d\x81\xe5\x9b\x9e", 7,
	    "\xe7\xac\xac\xe4\xb8\x89\xe5\x8d\x81" DOTS, 7);
	/* Clusters stay whole: e + combining acute. */
	fit_is("cafe\xcc\x81st", 5, "cafe\xcc\x81" DOTS, 5);
}

/* Names and list entries: white space (ideographic spaces, tabs, line
 * breaks) one space, none at the ends, controls shown as codes, cut with
 * "…". */
static void
test_tidy(void **state)
{
	char	buf[128];

	(void)state;
	assert_int_equal(status_tidy("\xe7\xac\xac\xe4\xb8\x89\xe7\xab\xa0"
	    "\xe3\x80\x80\xe3\x80\x80\xe6\xb0\xb4\xe7\x97\x95", 21, 40, buf,
	    sizeof buf), 11);
	assert_string_equal(buf, "\xe7\xac\xac\xe4\xb8\x89\xe7\xab\xa0 "
	    "\xe6\xb0\xb4\xe7\x97\x95");		/* 第三章 水痕 */
	status_tidy("\xe3\x80\x80 a\t\tb\r\nc  ", 12, 40, buf, sizeof buf);
	assert_string_equal(buf, "a b c");
	status_tidy("a\x1b[2Jb", 6, 40, buf, sizeof buf);
	assert_null(strchr(buf, '\x1b'));
	assert_non_null(strstr(buf, "^["));
	assert_int_equal(status_tidy("The Ledger of Gull Rock", 23, 10, buf,
	    sizeof buf), 10);
	assert_string_equal(buf, "The Ledge" DOTS);
	assert_int_equal(status_tidy("   ", 3, 10, buf, sizeof buf), 0);
	assert_string_equal(buf, "");
}

/* A reader in chapter 30 of a long Chinese novel, and the same in an
 * English book. */
static void
reader(struct status_in *in, int lang)
{
	memset(in, 0, sizeof *in);
	in->lang = lang;
	in->count = -1;
	in->known = 1;
	in->sec_count = 120;
	in->sec = 30;
	if (lang == STATUS_ZH) {
		in->doc = "\xe4\xb8\x89\xe5\x9b\xbd\xe6\xbc\x94\xe4\xb9\x89.txt";
		in->sec_title = "\xe7\xac\xac\xe4\xb8\x89\xe5\x8d\x81\xe5\x9b\x9e "
		    "\xe6\x88\x98\xe5\xae\x98\xe6\xb8\xa1\xe6\x9c\xac\xe5\x88\x9d"
		    "\xe8\xb4\xa5\xe7\xbb\xa9 \xe5\x8a\xab\xe4\xb9\x8c\xe5\xb7\xa2"
		    "\xe5\xad\x9f\xe5\xbe\xb7\xe7\x83\xa7\xe7\xb2\xae";
	} else {
		in->doc = "war-and-peace.txt";
		in->sec_title = "CHAPTER XXX. The Battle of Borodino";
	}
	in->pos = STATUS_POS_PERCENT;
	in->percent = 24;
	in->min_section = 12.4;
	in->min_book = 130;
}

static char line[4096];

static const char *
build(const struct status_in *in, int width)
{
	size_t	n = status_build(in, width, line, sizeof line);

	assert_int_equal(n, strlen(line));
	return line;
}

/* The invariants of every line: exactly width cells, a space at each end,
 * no piece drawn over another (each shown piece is found whole, in order,
 * or cut with "…"). */
static void
check_line(const char *s, int width)
{
	size_t	len = strlen(s);

	if (cells(s) != (size_t)width)
		fail_msg("width %d: %zu cells: '%s'", width, cells(s), s);
	assert_true(len >= 2);
	assert_int_equal(s[0], ' ');
	assert_int_equal(s[len - 1], ' ');
}

static int
has(const char *s, const char *what)
{
	return strstr(s, what) != NULL;
}

/* A title is shown whole, or cut with "…" to at least 8 cells, or not at
 * all. */
static void
check_title(const char *s, const char *title, int width)
{
	char	head[16];

	if (has(s, title))
		return;
	/* Its first 3 bytes (an ASCII "CHA" or one ideograph) start it. */
	memcpy(head, title, 3);
	head[3] = '\0';
	if (!has(s, head))
		return;
	if (!has(s, DOTS))
		fail_msg("width %d: title cut without '…': '%s'", width, s);
}

static void
test_widths(void **state)
{
	struct status_in	in;
	const char		*s, *secnum = "\xc2\xa7" "30/120";
	int			 prev_secnum = 0, prev_book = 0, prev_doc = 0;

	(void)state;
	for (int lang = STATUS_EN; lang <= STATUS_ZH; lang++) {
		reader(&in, lang);
		prev_secnum = prev_book = prev_doc = 0;
		for (int w = 20; w <= 200; w++) {
			int	book;

			s = build(&in, w);
			check_line(s, w);
			check_title(s, in.sec_title, w);
			/* The position is never dropped for the rest. */
			assert_true(has(s, "24%"));
			/* Pieces drop by priority: the book's time left only
			 * with §x/y and the section's time left. */
			book = has(s, lang == STATUS_EN ? "book" :
			    "\xe5\x85\xa8\xe4\xb9\xa6");
			if (book && (!has(s, secnum) || !has(s, lang == STATUS_EN ?
			    "12 min" : "12 \xe5\x88\x86\xe9\x92\x9f")))
				fail_msg("width %d: book time before others: '%s'",
				    w, s);
			/* ...and what is shown at one width stays at the
			 * next. */
			if (prev_secnum)
				assert_true(has(s, secnum));
			if (prev_book && !book)
				fail_msg("width %d: the book's time went: '%s'", w, s);
			if (prev_doc && !has(s, in.doc) && !has(s, "war-an") &&
			    !has(s, "\xe4\xb8\x89\xe5\x9b\xbd"))
				fail_msg("width %d: the name went: '%s'", w, s);
			prev_secnum = has(s, secnum);
			prev_book = book;
			prev_doc = has(s, in.doc);
		}
		/* Wide enough, everything is there in its long form. */
		s = build(&in, 200);
		assert_true(has(s, in.doc));
		assert_true(has(s, in.sec_title));
		assert_true(has(s, lang == STATUS_EN ? "12 min left in section" :
		    "\xe6\x9c\xac\xe8\x8a\x82\xe8\xbf\x98\xe5\x89\xa9 12 \xe5\x88\x86\xe9\x92\x9f"));
		assert_true(has(s, lang == STATUS_EN ? "2 h 10 min left in book" :
		    "\xe5\x85\xa8\xe4\xb9\xa6\xe8\xbf\x98\xe5\x89\xa9 2 \xe5\xb0\x8f\xe6\x97\xb6 10 \xe5\x88\x86\xe9\x92\x9f"));
		assert_true(has(s, lang == STATUS_EN ? "h: help" :
		    "h \xe5\xb8\xae\xe5\x8a\xa9"));
		/* Narrow, §x/y and the position. */
		s = build(&in, 20);
		assert_true(has(s, secnum));
	}
}

/* The golden lines of README's "Keys" section (the e2e test checks the
 * real screen against the same text). */
static void
test_golden(void **state)
{
	struct status_in	in;

	(void)state;
	reader(&in, STATUS_EN);
	assert_string_equal(build(&in, 40),
	    " CHAPTER XXX. The Battle" DOTS "  \xc2\xa7" "30/120  24% ");
	assert_string_equal(build(&in, 80),
	    " war-and-peac" DOTS " \xc2\xb7 CHAPTER XXX. The Battle of Borodino"
	    "  \xc2\xa7" "30/120  24%  12 min left ");
	assert_string_equal(build(&in, 160),
	    " war-and-peace.txt \xc2\xb7 CHAPTER XXX. The Battle of Borodino"
	    "                                 \xc2\xa7" "30/120  24%  "
	    "12 min left in section  2 h 10 min left in book  h: help ");
	reader(&in, STATUS_ZH);
	/* The 40 columns showed no title at all. */
	assert_string_equal(build(&in, 40),
	    " \xe7\xac\xac\xe4\xb8\x89\xe5\x8d\x81\xe5\x9b\x9e "
	    "\xe6\x88\x98\xe5\xae\x98\xe6\xb8\xa1\xe6\x9c\xac\xe5\x88\x9d"
	    "\xe8\xb4\xa5\xe7\xbb\xa9" DOTS "  \xc2\xa7" "30/120  24% ");
}

static void
test_front_matter(void **state)
{
	struct status_in	in;
	const char		*s;

	(void)state;
	reader(&in, STATUS_EN);
	in.sec = 0;
	in.pos = STATUS_POS_TOP;
	s = build(&in, 80);
	check_line(s, 80);
	/* Not "§–/120": words, and no section time. */
	assert_true(has(s, "front matter"));
	assert_true(has(s, "120 sections"));
	assert_true(has(s, "Top"));
	assert_false(has(s, "\xc2\xa7"));
	assert_false(has(s, "left in section"));
	assert_false(has(s, "24%"));
	reader(&in, STATUS_ZH);
	in.sec = 0;
	in.pos = STATUS_POS_END;
	s = build(&in, 80);
	assert_true(has(s, "\xe5\x89\x8d\xe8\xa8\x80"));		/* 前言 */
	assert_true(has(s, "\xe5\x85\xb1 120 \xe8\x8a\x82"));	/* 共 120 节 */
	assert_true(has(s, "\xe7\xbb\x93\xe5\xb0\xbe"));		/* 结尾 */
	in.pos = STATUS_POS_TOP;
	in.approx = 1;
	in.percent = 3;
	/* A pipe still growing: no end known, a guess. */
	assert_true(has(build(&in, 80), "~3%"));
}

static void
test_scan(void **state)
{
	struct status_in	in;
	const char		*s;

	(void)state;
	reader(&in, STATUS_EN);
	in.known = 0;
	in.scanning = 1;
	in.scan_pct = 37;
	s = build(&in, 80);
	check_line(s, 80);
	/* One progress indicator, nothing about sections yet. */
	assert_true(has(s, "finding sections 37%"));
	assert_false(has(s, "\xc2\xa7"));
	assert_false(has(s, "min"));
	assert_true(has(build(&in, 30), "scan 37%"));
	in.scan_bytes = 3u << 20;
	assert_true(has(build(&in, 80), "reading 3 MiB"));
	in.scan_bytes = 1500;
	assert_true(has(build(&in, 80), "reading 2 KiB"));
	in.lang = STATUS_ZH;
	in.scan_bytes = 0;
	assert_true(has(build(&in, 80),
	    "\xe6\xad\xa3\xe5\x9c\xa8\xe6\x9f\xa5\xe6\x89\xbe\xe7\xab\xa0\xe8\x8a\x82 37%"));
	for (int w = 20; w <= 200; w++)
		check_line(build(&in, w), w);
}

static void
test_match(void **state)
{
	struct status_in	in;
	const char		*s;

	(void)state;
	for (int lang = STATUS_EN; lang <= STATUS_ZH; lang++) {
		reader(&in, lang);
		in.match = 1;
		in.match_idx = 3;
		in.match_total = 17;
		in.match_sec = 2;
		in.match_title = "Chapter two";
		/* Still counting: i/…, then i/N. */
		s = build(&in, 80);
		assert_true(strncmp(s, " 3/" DOTS " \xc2\xb7 \xc2\xa7" "2 Chapter two",
		    strlen(" 3/" DOTS " \xc2\xb7 \xc2\xa7" "2 ")) == 0);
		in.match_done = 1;
		s = build(&in, 80);
		assert_true(strncmp(s, " 3/17 \xc2\xb7 \xc2\xa7" "2 Chapter two", 19) == 0);
		in.match_idx = 0;
		in.match_done = 0;
		assert_true(strncmp(build(&in, 80), " " DOTS "/" DOTS " ", 9) == 0);
		in.match_idx = 3;
		in.match_wrapped = 1;
		s = build(&in, 100);
		assert_true(has(s, lang == STATUS_EN ? "wrapped to the start" :
		    "\xe5\xb7\xb2\xe4\xbb\x8e\xe5\xbc\x80\xe5\xa4\xb4"));
		for (int w = 20; w <= 200; w++) {
			s = build(&in, w);
			check_line(s, w);
			assert_true(strncmp(s, " 3/", 3) == 0);
		}
	}
}

static void
test_message(void **state)
{
	struct status_in	in;
	const char		*s;
	const char		*msg = "resumed at \xc2\xa7" "3 \xc2\xb7 37%";

	(void)state;
	reader(&in, STATUS_EN);
	in.message = msg;
	in.count = 50;
	for (int w = 20; w <= 200; w++) {
		s = build(&in, w);
		check_line(s, w);
		/* Read once: whole whenever the line can hold it. */
		if (cells(msg) + 2 <= (size_t)w)
			assert_true(has(s, msg));
		assert_false(has(s, in.sec_title));
	}
	s = build(&in, 200);
	assert_true(has(s, "50  \xc2\xa7" "30/120  24%"));
	/* Narrower than the message: it is cut, the rest gone. */
	s = build(&in, 12);
	check_line(s, 12);
	assert_string_equal(s, " resumed a" DOTS " ");
	for (int w = 1; w < 20; w++)
		assert_true(cells(build(&in, w)) <= (size_t)w);
}

static void
test_count_and_hints(void **state)
{
	struct status_in	in;
	const char		*s;

	(void)state;
	reader(&in, STATUS_EN);
	in.count = 50;
	for (int w = 20; w <= 200; w++) {
		s = build(&in, w);
		check_line(s, w);
		/* What is typed is always shown. */
		assert_true(has(s, " 50  "));
	}
	in.count = -1;
	in.hint = STATUS_HINT_TOC;
	s = build(&in, 80);
	assert_true(strncmp(s, " Contents: Enter goes there, / filters, Space "
	    "folds, q closes", 59) == 0);
	assert_false(has(s, "h: help"));
	assert_true(strncmp(build(&in, 30), " Contents  ", 11) == 0);
	in.lang = STATUS_ZH;
	in.hint = STATUS_HINT_MARKS;
	assert_true(has(build(&in, 100), "\xe4\xb9\xa6\xe7\xad\xbe\xef\xbc\x9a"));
	in.hint = STATUS_HINT_SEARCHING;
	for (int w = 20; w <= 200; w++)
		check_line(build(&in, w), w);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lang),
		cmocka_unit_test(test_minutes),
		cmocka_unit_test(test_fit),
		cmocka_unit_test(test_tidy),
		cmocka_unit_test(test_widths),
		cmocka_unit_test(test_golden),
		cmocka_unit_test(test_front_matter),
		cmocka_unit_test(test_scan),
		cmocka_unit_test(test_match),
		cmocka_unit_test(test_message),
		cmocka_unit_test(test_count_and_hints),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
