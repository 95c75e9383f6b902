/* Unit tests for the list of matches (F, view_find.c) and the row of
 * context a match shows there and in --grep: the row holding the match,
 * cut with "…" so that the match stays in view, the highlight on the
 * match's bytes; groups by section with their counts; the filter of the
 * sections' titles; Enter goes to the match, q back to where the reader
 * was. */
#include "testutil.h"

#include <locale.h>
#include <unistd.h>

#include "doc.h"
#include "keymap.h"
#include "layout.h"
#include "outline.h"
#include "search.h"
#include "status.h"
#include "ustr.h"
#include "view.h"

#define ROWS	24
#define COLS	80

struct fx {
	char		*text;
	struct doc	*doc;
	struct view	*v;
};

/* A preamble with one match, then three sections: the first with two
 * matches, the second none, the third one (in its heading). */
static const char book[] =
    "preamble with a key here\n\n"
    "# One\n\nfirst key of one\n\nsecond key of one\n\n"
    "# Two\n\nnothing to see\n\n"
    "# Three key\n\nthe end\n";

static struct fx *
fx_open(const char *text, const char *name)
{
	struct fx		*f = calloc(1, sizeof *f);
	struct doc_opts		 o;
	struct view_opts	 vo;
	char			*cause = NULL;

	assert_non_null(f);
	memset(&o, 0, sizeof o);
	o.markdown = -1;
	o.no_scan = 1;
	f->doc = doc_open_mem(text, strlen(text), name, &o, &cause);
	assert_non_null(f->doc);
	doc_scan_wait(f->doc);
	memset(&vo, 0, sizeof vo);
	f->v = view_new(f->doc, &vo, ROWS, COLS);
	view_poll(f->v);
	return f;
}

static void
fx_close(struct fx *f)
{
	view_free(f->v);
	doc_free(f->doc);
	free(f);
}

/* Search for pat as / and Enter do, and wait for its count. */
static void
fx_search(struct fx *f, const char *pat)
{
	size_t	 total;
	int	 committed;

	assert_true(view_key(f->v, '/') & VIEW_PROMPT);
	view_search_enter(f->v, pat, 0, &committed);
	assert_true(committed);
	while (view_searching(f->v))
		view_search_step(f->v, 1 << 20);
	while (search_count(f->v->search, &total) != 1)
		usleep(1000);
}

static void
fx_wait_list(struct fx *f)
{
	size_t	 total;

	while (search_count(f->v->search, &total) != 1)
		usleep(1000);
	view_poll(f->v);
}

static void
row_text(struct fx *f, size_t i, char *buf, size_t size)
{
	int	current;

	view_list_text(f->v, i, buf, size, &current);
}

/* The context of the match at off in a one-paragraph document laid out
 * at width, cut to cells. */
static size_t
context(const char *text, const char *pat, int width, int cells, char *buf,
    size_t size, size_t *hl_off, size_t *hl_len)
{
	struct doc_opts		 o;
	struct layout_opts	 lo;
	struct doc		*d;
	struct layout		*lay;
	struct search		*s;
	struct search_match	 m;
	char			*cause = NULL;
	size_t			 resume, n;

	memset(&o, 0, sizeof o);
	o.no_scan = 1;
	d = doc_open_mem(text, strlen(text), "c.txt", &o, &cause);
	assert_non_null(d);
	doc_scan_wait(d);
	memset(&lo, 0, sizeof lo);
	lo.width = width;
	lay = layout_new(d, &lo);
	s = search_new(pat, strlen(pat), 0, &cause);
	assert_non_null(s);
	assert_int_equal(search_step(s, d, 0, 0, 1 << 20, &m, &resume),
	    SEARCH_FOUND);
	n = view_match_context(lay, d, s, NULL, m.off, cells, buf, size,
	    hl_off, hl_len);
	search_free(s);
	layout_free(lay);
	doc_free(d);
	return n;
}

static void
test_context(void **state)
{
	char	buf[512];
	size_t	off, len, n;

	(void)state;
	/* It fits: the row as it is, the match's bytes marked. */
	n = context("one two key three\n", "key", 40, 40, buf, sizeof buf,
	    &off, &len);
	assert_string_equal(buf, "one two key three");
	assert_int_equal(n, strlen(buf));
	assert_int_equal(off, 8);
	assert_int_equal(len, 3);
	/* Only the row that holds the match, at the layout's width. */
	context("aaaa bbbb cccc dddd key eeee\n", "key", 10, 40, buf,
	    sizeof buf, &off, &len);
	assert_string_equal(buf, "key eeee");
	assert_int_equal(off, 0);
	/* Too wide, the match early: the end is cut. */
	context("key 0123456789 0123456789\n", "key", 40, 10, buf, sizeof buf,
	    &off, &len);
	assert_string_equal(buf, "key 01234\xe2\x80\xa6");
	assert_int_equal(off, 0);
	assert_int_equal(len, 3);
	/* The match at the end: the start gives way to "…". */
	context("0123456789 0123456789 key\n", "key", 40, 10, buf, sizeof buf,
	    &off, &len);
	assert_string_equal(buf, "\xe2\x80\xa6" "56789 key");
	assert_int_equal(off, strlen("\xe2\x80\xa6" "56789 "));
	assert_int_equal(len, 3);
	/* Folded: the text as written is marked. */
	context("\xe4\xbb\x96\xe8\xaf\xb4\xe5\xaf\xb6\xe7\x8e\x89\xe6\x9d\xa5\n",
	    "\xe5\xae\x9d\xe7\x8e\x89", 40, 40, buf, sizeof buf, &off, &len);
	assert_string_equal(buf,
	    "\xe4\xbb\x96\xe8\xaf\xb4\xe5\xaf\xb6\xe7\x8e\x89\xe6\x9d\xa5");
	assert_int_equal(off, 6);
	assert_int_equal(len, 6);
	/* Controls never come out raw. */
	context("a\x1b[31mkey\n", "key", 40, 40, buf, sizeof buf, &off, &len);
	assert_string_equal(buf, "a^[[31mkey");
	assert_int_equal(off, 7);
}

/* A cache kept from one match to the next (--grep's way) gives what no
 * cache gives, within a paragraph and across paragraphs. */
static void
test_context_cache(void **state)
{
	static const char	 text[] = "key one key two key\n\nthree key\n\n"
	    "four\n\nkey\n";
	struct view_match_cache	 c = { 0 };
	struct doc_opts		 o;
	struct layout_opts	 lo;
	struct search_match	 m;
	struct doc		*d;
	struct layout		*lay;
	struct search		*s;
	char			*cause = NULL, a[256], b[256];
	size_t			 from = 0, resume, ao, al, bo, bl, n = 0;

	(void)state;
	memset(&o, 0, sizeof o);
	o.no_scan = 1;
	d = doc_open_mem(text, strlen(text), "c.txt", &o, &cause);
	assert_non_null(d);
	doc_scan_wait(d);
	memset(&lo, 0, sizeof lo);
	lo.width = 12;
	lay = layout_new(d, &lo);
	s = search_new("key", 3, 0, &cause);
	assert_non_null(s);
	while (search_step(s, d, from, 0, 1 << 20, &m, &resume) ==
	    SEARCH_FOUND) {
		view_match_context(lay, d, s, &c, m.off, 10, a, sizeof a, &ao,
		    &al);
		view_match_context(lay, d, s, NULL, m.off, 10, b, sizeof b, &bo,
		    &bl);
		assert_string_equal(a, b);
		assert_int_equal(ao, bo);
		assert_int_equal(al, 3);
		assert_int_equal(bl, 3);
		from = m.off + 1;
		n++;
	}
	assert_int_equal(n, 5);
	view_match_cache_free(&c);
	search_free(s);
	layout_free(lay);
	doc_free(d);
}

static void
test_section_name(void **state)
{
	struct fx	*f = fx_open(book, "b.md");
	char		 buf[256];

	(void)state;
	view_section_name(doc_outline(f->doc), 0, STATUS_EN, buf, sizeof buf);
	assert_string_equal(buf, "front matter");
	view_section_name(doc_outline(f->doc), 0, STATUS_ZH, buf, sizeof buf);
	assert_string_equal(buf, status_front_matter(STATUS_ZH));
	view_section_name(doc_outline(f->doc), strlen(book) - 1, STATUS_EN,
	    buf, sizeof buf);
	assert_string_equal(buf, "Three key");
	fx_close(f);
}

static void
test_list(void **state)
{
	struct fx	*f = fx_open(book, "b.md");
	char		 buf[512];
	size_t		 top, from, len;
	int		 flags;

	(void)state;
	/* No search yet. */
	assert_int_equal(view_key(f->v, 'F'), VIEW_STATUS);
	assert_int_equal(f->v->mode, VIEW_MODE_TEXT);
	assert_string_equal(f->v->msg, "No previous search (/ searches)");
	fx_search(f, "key");
	view_jump(f->v, 0);
	top = view_top_off(f->v);
	flags = view_key(f->v, 'F');
	assert_true(flags & VIEW_DRAW);
	assert_int_equal(f->v->mode, VIEW_MODE_FIND);
	fx_wait_list(f);
	/* Three groups with a row each, four matches. */
	assert_int_equal(view_list_count(f->v), 7);
	row_text(f, 0, buf, sizeof buf);
	assert_int_equal(strlen(buf), COLS);
	assert_true(strncmp(buf, "front matter ", 13) == 0);
	assert_true(buf[COLS - 1] == '1' && buf[COLS - 2] == ' ');
	row_text(f, 1, buf, sizeof buf);
	assert_string_equal(buf, "  preamble with a key here");
	assert_true(view_list_match(f->v, 1, &from, &len));
	assert_int_equal(from, 2 + strlen("preamble with a "));
	assert_int_equal(len, 3);
	row_text(f, 2, buf, sizeof buf);
	assert_true(strncmp(buf, "One ", 4) == 0 && buf[COLS - 1] == '2');
	assert_false(view_list_match(f->v, 2, &from, &len));
	row_text(f, 4, buf, sizeof buf);
	assert_string_equal(buf, "  second key of one");
	row_text(f, 5, buf, sizeof buf);
	assert_true(strncmp(buf, "Three key ", 10) == 0 && buf[COLS - 1] == '1');
	row_text(f, 6, buf, sizeof buf);
	assert_string_equal(buf, "  Three key");
	/* The selection starts on the first match from the reader's place. */
	assert_int_equal(f->v->sel, 1);
	view_status(f->v, COLS, buf, sizeof buf);
	assert_non_null(strstr(buf, "1/4"));
	/* The filter keeps the sections whose title holds it. */
	view_key(f->v, '/');
	assert_int_equal(f->v->prompt, VIEW_PROMPT_FILTER);
	view_prompt_edit(f->v, "thr", 3, 0);
	assert_int_equal(view_list_count(f->v), 2);
	row_text(f, 1, buf, sizeof buf);
	assert_string_equal(buf, "  Three key");
	view_answer(f->v, "thr");
	/* Esc clears the filter first, then closes: back where it was. */
	view_key(f->v, K_ESC);
	assert_int_equal(f->v->mode, VIEW_MODE_FIND);
	assert_int_equal(view_list_count(f->v), 7);
	view_key(f->v, K_ESC);
	assert_int_equal(f->v->mode, VIEW_MODE_TEXT);
	assert_int_equal(view_top_off(f->v), top);
	/* Enter on the second match of One goes there, as n would. */
	view_key(f->v, 'F');
	fx_wait_list(f);
	view_key(f->v, 'j');
	view_key(f->v, 'j');
	view_key(f->v, 'j');
	assert_int_equal(f->v->sel, 4);
	view_key(f->v, K_ENTER);
	assert_int_equal(f->v->mode, VIEW_MODE_TEXT);
	assert_int_equal(view_match(f->v)->off,
	    (size_t)(strstr(book, "second key") - book) + 7);
	assert_int_equal(view_match(f->v)->len, 3);
	assert_int_equal(view_top_off(f->v),
	    (size_t)(strstr(book, "second key") - book));
	/* n on to the heading below, on screen: F selects that match, not
	 * the first one from the top of the screen. */
	view_key(f->v, 'n');
	while (view_searching(f->v))
		view_search_step(f->v, 1 << 20);
	assert_int_equal(view_top_off(f->v),
	    (size_t)(strstr(book, "second key") - book));
	view_key(f->v, 'F');
	fx_wait_list(f);
	assert_int_equal(f->v->sel, 6);
	view_key(f->v, 'q');
	assert_int_equal(view_top_off(f->v),
	    (size_t)(strstr(book, "second key") - book));
	/* Enter on a group's row: its first match. */
	view_key(f->v, 'F');
	fx_wait_list(f);
	view_key(f->v, 'g');
	view_key(f->v, 'j');
	view_key(f->v, 'j');
	view_key(f->v, K_ENTER);
	assert_int_equal(view_match(f->v)->off,
	    (size_t)(strstr(book, "first key") - book) + 6);
	fx_close(f);
}

/* Without sections the matches have no groups, and nothing to filter. */
static void
test_list_flat(void **state)
{
	struct fx	*f = fx_open("a key\n\nb\n\nc key\n", "flat.txt");
	char		 buf[256];

	(void)state;
	fx_search(f, "key");
	view_key(f->v, 'F');
	fx_wait_list(f);
	assert_int_equal(view_list_count(f->v), 2);
	row_text(f, 1, buf, sizeof buf);
	assert_string_equal(buf, "c key");
	assert_int_equal(view_key(f->v, '/'), VIEW_STATUS);
	assert_string_equal(f->v->msg, "No sections to filter by");
	view_key(f->v, 'q');
	/* No match: no list. */
	fx_search(f, "absent");
	assert_int_equal(view_key(f->v, 'F'), VIEW_STATUS);
	assert_int_equal(f->v->mode, VIEW_MODE_TEXT);
	fx_close(f);
}

/* From past the last match (G in a text longer than the screen), F
 * selects the last match. */
static void
test_list_past_last(void **state)
{
	char		 text[4096];
	size_t		 n;
	struct fx	*f;
	int		 i;

	(void)state;
	n = (size_t)snprintf(text, sizeof text, "a key\n\nb key\n\n");
	for (i = 0; i < 60; i++)
		n += (size_t)snprintf(text + n, sizeof text - n, "line %d\n\n",
		    i);
	f = fx_open(text, "long.txt");
	fx_search(f, "key");
	view_key(f->v, 'G');
	view_key(f->v, 'F');
	fx_wait_list(f);
	assert_int_equal(view_list_count(f->v), 2);
	assert_int_equal(f->v->sel, 1);
	fx_close(f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_context),
		cmocka_unit_test(test_context_cache),
		cmocka_unit_test(test_section_name),
		cmocka_unit_test(test_list),
		cmocka_unit_test(test_list_flat),
		cmocka_unit_test(test_list_past_last),
	};

	setlocale(LC_ALL, "C.UTF-8");
	ustr_set_script_fold(1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
