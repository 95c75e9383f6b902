/* Tests for view: the pager state machine driven through view_apply() on
 * in-memory documents, with no terminal. The fixture is a Markdown text
 * written here: a preamble and three sections of short CJK paragraphs. */
#include "testutil.h"

#include "doc.h"
#include "keymap.h"
#include "layout.h"
#include "marks.h"
#include "outline.h"
#include "view.h"

#define ROWS	24
#define COLS	80
#define FP	"0123456789abcdef"	/* a fingerprint as doc makes them */

struct fx {
	char		*text;
	size_t		 len;
	struct doc	*doc;
	struct view	*v;
};

static char *
make_text(size_t *len)
{
	static const char	para[] =
	    "这是一段用来测试翻页的文字，它足够长，可以折成好几行。"
	    "阅读器应当按照中文排版的规则把它排好。";
	size_t			cap = 64 * 1024, n = 0;
	char			*s = malloc(cap);
	int			sec, p;

	assert_non_null(s);
	n += (size_t)snprintf(s + n, cap - n, "前言：这是第一段，没有标题。\n\n");
	for (sec = 1; sec <= 3; sec++) {
		n += (size_t)snprintf(s + n, cap - n, "# 第%d章 标题%d\n\n", sec, sec);
		for (p = 0; p < 20; p++)
			n += (size_t)snprintf(s + n, cap - n, "%d-%d %s\n\n", sec, p,
			    para);
	}
	*len = n;
	return s;
}

static struct fx *
fx_open(const char *text, size_t len, const char *name, int scan)
{
	struct fx		*f = calloc(1, sizeof *f);
	struct doc_opts		 o;
	struct view_opts	 vo;
	char			*cause = NULL;

	assert_non_null(f);
	memset(&o, 0, sizeof o);
	o.markdown = 1;
	o.no_scan = 1;
	f->doc = doc_open_mem(text, len, name, &o, &cause);
	if (f->doc == NULL)
		fail_msg("doc_open_mem: %s", cause ? cause : "?");
	if (scan)
		doc_scan_wait(f->doc);
	memset(&vo, 0, sizeof vo);
	vo.indent = 1;
	f->v = view_new(f->doc, &vo, ROWS, COLS);
	view_poll(f->v);
	return f;
}

static struct fx *
fx_fixture(void)
{
	size_t		 len;
	char		*text = make_text(&len);
	struct fx	*f = fx_open(text, len, "book.md", 1);

	f->text = text;
	f->len = len;
	return f;
}

static void
fx_close(struct fx *f)
{
	view_free(f->v);
	doc_free(f->doc);
	free(f->text);
	free(f);
}

/* The section the top row is in, -1 in the preamble. */
static long
top_section(struct fx *f)
{
	return (long)outline_at(doc_outline(f->doc), view_top_off(f->v));
}

static int
top_is_heading(struct fx *f)
{
	struct layout_line	l;

	return view_rows(f->v, &l, 1) == 1 && (l.flags & LAYOUT_HEADING);
}

/* The last row of the text is on screen. */
static int
at_end(struct fx *f)
{
	struct layout_pos	p = f->v->top;

	return layout_move(f->v->layout, &p, f->v->text_rows) < f->v->text_rows;
}

static void
test_empty_and_degenerate(void **state)
{
	struct fx	*f;
	char		 left[256], right[256];
	int		 cmd;

	(void)state;
	view_free(NULL);
	f = fx_open("", 0, "empty.txt", 1);
	assert_int_equal(view_top_off(f->v), 0);
	assert_int_equal(view_percent(f->v), 100);
	for (cmd = 0; cmd < CMD_COUNT; cmd++) {
		if (cmd == CMD_QUIT)
			continue;
		view_apply(f->v, cmd, -1);
		view_apply(f->v, cmd, 3);
		assert_int_equal(view_top_off(f->v), 0);
	}
	view_apply(f->v, CMD_LIST_CLOSE, -1);
	assert_int_equal(view_apply(f->v, CMD_QUIT, -1) & VIEW_QUIT, VIEW_QUIT);
	view_status(f->v, left, sizeof left, right, sizeof right);
	assert_non_null(strstr(right, "100%"));
	/* Sizes below 1 are clamped, never passed on. */
	view_resize(f->v, 0, -4);
	assert_int_equal(f->v->rows, 1);
	assert_int_equal(f->v->cols, 1);
	assert_int_equal(f->v->text_rows, 1);
	assert_int_equal(f->v->status_row, -1);
	assert_int_equal(f->v->lo.width, 1);
	fx_close(f);
}

static void
test_geometry(void **state)
{
	struct fx	*f = fx_fixture();

	(void)state;
	assert_int_equal(f->v->text_rows, ROWS - 1);
	assert_int_equal(f->v->status_row, ROWS - 1);
	assert_int_equal(f->v->lo.width, 80);
	assert_int_equal(f->v->left, 0);
	view_resize(f->v, 30, 120);
	assert_int_equal(f->v->lo.width, 80);
	assert_int_equal(f->v->left, 20);
	view_resize(f->v, 10, 50);
	assert_int_equal(f->v->lo.width, 50);
	assert_int_equal(f->v->left, 0);
	assert_int_equal(f->v->text_rows, 9);
	fx_close(f);
}

static void
test_line_and_page_moves(void **state)
{
	struct fx		*f = fx_fixture();
	struct layout_line	 a[ROWS], b[ROWS];
	int			 flags;

	(void)state;
	/* Up at the top: nothing to redraw. */
	flags = view_apply(f->v, CMD_LINE_UP, -1);
	assert_int_equal(flags & VIEW_DRAW, 0);
	assert_int_equal(view_top_off(f->v), 0);

	view_rows(f->v, a, ROWS - 1);
	flags = view_apply(f->v, CMD_LINE_DOWN, -1);
	assert_true(flags & VIEW_DRAW);
	view_rows(f->v, b, 1);
	assert_int_equal(b[0].off, a[1].off);
	/* A count repeats. */
	view_apply(f->v, CMD_LINE_DOWN, 4);
	view_rows(f->v, b, 1);
	assert_int_equal(b[0].off, a[5].off);
	view_apply(f->v, CMD_LINE_UP, 5);
	assert_int_equal(view_top_off(f->v), 0);

	/* A page moves by the text rows: the row below the screen comes up. */
	view_apply(f->v, CMD_PAGE_DOWN, -1);
	view_rows(f->v, b, 1);
	view_apply(f->v, CMD_PAGE_UP, -1);
	assert_int_equal(view_top_off(f->v), 0);
	view_apply(f->v, CMD_LINE_DOWN, ROWS - 1);
	assert_int_equal(view_top_off(f->v), b[0].off);
	view_apply(f->v, CMD_TOP, -1);
	view_apply(f->v, CMD_HALF_DOWN, -1);
	view_rows(f->v, b, 1);
	assert_int_equal(b[0].off, a[(ROWS - 1) / 2].off);
	view_apply(f->v, CMD_HALF_UP, -1);
	assert_int_equal(view_top_off(f->v), 0);
	fx_close(f);
}

static void
test_bottom_and_clamp(void **state)
{
	struct fx	*f = fx_fixture();
	size_t		 end_off;
	int		 flags;

	(void)state;
	view_apply(f->v, CMD_BOTTOM, -1);
	assert_true(at_end(f));
	/* The last row sits on the last text row, not higher. */
	assert_int_equal(view_rows(f->v, f->v->rowbuf, f->v->text_rows),
	    f->v->text_rows);
	assert_int_equal(view_percent(f->v), 100);
	end_off = view_top_off(f->v);
	flags = view_apply(f->v, CMD_LINE_DOWN, -1);
	assert_int_equal(flags & VIEW_DRAW, 0);
	view_apply(f->v, CMD_PAGE_DOWN, 10);
	assert_int_equal(view_top_off(f->v), end_off);
	view_apply(f->v, CMD_TOP, -1);
	view_apply(f->v, CMD_PAGE_DOWN, 1000);
	assert_int_equal(view_top_off(f->v), end_off);
	view_apply(f->v, CMD_TOP, -1);
	assert_int_equal(view_top_off(f->v), 0);
	assert_true(view_percent(f->v) < 30);
	fx_close(f);
}

static void
test_sections(void **state)
{
	struct fx	*f = fx_fixture();
	char		 left[256], right[256];
	int		 flags;

	(void)state;
	assert_int_equal(outline_count(doc_outline(f->doc)), 3);
	assert_int_equal(top_section(f), -1);
	view_apply(f->v, CMD_SECTION_NEXT, -1);
	assert_int_equal(top_section(f), 0);
	assert_true(top_is_heading(f));
	view_apply(f->v, CMD_SECTION_NEXT, -1);
	assert_int_equal(top_section(f), 1);
	assert_true(top_is_heading(f));
	view_status(f->v, left, sizeof left, right, sizeof right);
	assert_non_null(strstr(left, "book.md"));
	assert_non_null(strstr(left, "标题2"));
	assert_non_null(strstr(right, "\xc2\xa7" "2/3"));
	assert_non_null(strstr(right, "min"));
	view_apply(f->v, CMD_SECTION_NEXT, -1);
	assert_int_equal(top_section(f), 2);
	assert_true(top_is_heading(f));
	flags = view_apply(f->v, CMD_SECTION_NEXT, -1);
	assert_int_equal(flags & VIEW_DRAW, 0);
	assert_int_equal(top_section(f), 2);
	assert_true(strlen(f->v->msg) > 0);

	/* Inside a section, [ goes to its own heading first. */
	view_apply(f->v, CMD_LINE_DOWN, 3);
	view_apply(f->v, CMD_SECTION_PREV, -1);
	assert_int_equal(top_section(f), 2);
	assert_true(top_is_heading(f));
	view_apply(f->v, CMD_SECTION_PREV, 2);
	assert_int_equal(top_section(f), 0);
	view_apply(f->v, CMD_SECTION_PREV, -1);
	assert_int_equal(top_section(f), 0);
	assert_true(strlen(f->v->msg) > 0);
	/* The message goes with the next command. */
	view_apply(f->v, CMD_LINE_DOWN, -1);
	assert_string_equal(f->v->msg, "");

	view_apply(f->v, CMD_SECTION_GOTO, 3);
	assert_int_equal(top_section(f), 2);
	assert_true(top_is_heading(f));
	view_apply(f->v, CMD_SECTION_GOTO, 1);
	assert_int_equal(top_section(f), 0);
	view_apply(f->v, CMD_SECTION_GOTO, 9);
	assert_int_equal(top_section(f), 0);
	assert_non_null(strstr(f->v->msg, "9"));
	view_apply(f->v, CMD_SECTION_GOTO, -1);
	assert_int_equal(top_section(f), 0);
	assert_true(strlen(f->v->msg) > 0);
	fx_close(f);
}

static void
test_percent_and_jump_back(void **state)
{
	struct fx	*f = fx_fixture();
	size_t		 off;
	int		 pct;

	(void)state;
	view_apply(f->v, CMD_PERCENT_GOTO, -1);
	assert_int_equal(view_top_off(f->v), 0);
	assert_true(strlen(f->v->msg) > 0);
	view_apply(f->v, CMD_JUMP_BACK, -1);
	assert_true(strlen(f->v->msg) > 0);

	view_apply(f->v, CMD_PERCENT_GOTO, 50);
	off = view_top_off(f->v);
	assert_true(off > f->len * 40 / 100 && off <= f->len / 2);
	pct = view_percent(f->v);
	assert_true(pct > 50 && pct < 75);
	view_apply(f->v, CMD_JUMP_BACK, -1);
	assert_int_equal(view_top_off(f->v), 0);
	view_apply(f->v, CMD_JUMP_BACK, -1);
	assert_int_equal(view_top_off(f->v), off);
	view_apply(f->v, CMD_PERCENT_GOTO, 0);
	assert_int_equal(view_top_off(f->v), 0);
	view_apply(f->v, CMD_PERCENT_GOTO, 250);
	assert_true(at_end(f));
	fx_close(f);
}

static void
test_toc(void **state)
{
	struct fx	*f = fx_fixture();
	char		 buf[256];
	int		 cur, flags;

	(void)state;
	view_apply(f->v, CMD_SECTION_GOTO, 2);
	flags = view_apply(f->v, CMD_TOC, -1);
	assert_true(flags & VIEW_DRAW);
	assert_int_equal(f->v->mode, VIEW_MODE_TOC);
	assert_int_equal(view_list_count(f->v), 3);
	assert_int_equal(f->v->sel, 1);
	view_list_text(f->v, 1, buf, sizeof buf, &cur);
	assert_true(cur);
	assert_non_null(strstr(buf, "标题2"));
	view_list_text(f->v, 0, buf, sizeof buf, &cur);
	assert_false(cur);
	assert_non_null(strstr(buf, "标题1"));
	assert_int_equal(view_list_text(f->v, 3, buf, sizeof buf, &cur), 0);

	view_apply(f->v, CMD_LIST_DOWN, -1);
	assert_int_equal(f->v->sel, 2);
	view_apply(f->v, CMD_LIST_DOWN, 5);
	assert_int_equal(f->v->sel, 2);
	view_apply(f->v, CMD_LIST_FIRST, -1);
	assert_int_equal(f->v->sel, 0);
	view_apply(f->v, CMD_LIST_UP, -1);
	assert_int_equal(f->v->sel, 0);
	view_apply(f->v, CMD_LIST_LAST, -1);
	view_apply(f->v, CMD_LIST_PICK, -1);
	assert_int_equal(f->v->mode, VIEW_MODE_TEXT);
	assert_int_equal(top_section(f), 2);
	assert_true(top_is_heading(f));

	/* Close leaves the place unchanged; a click picks the row clicked. */
	view_apply(f->v, CMD_TOC, -1);
	view_apply(f->v, CMD_LIST_FIRST, -1);
	view_apply(f->v, CMD_LIST_CLOSE, -1);
	assert_int_equal(f->v->mode, VIEW_MODE_TEXT);
	assert_int_equal(top_section(f), 2);
	assert_int_equal(view_click(f->v, 0), 0);
	view_apply(f->v, CMD_TOC, -1);
	assert_int_equal(view_click(f->v, 10), 0);
	assert_int_equal(view_click(f->v, -1), 0);
	assert_true(view_click(f->v, 1) & VIEW_DRAW);
	assert_int_equal(f->v->mode, VIEW_MODE_TEXT);
	assert_int_equal(top_section(f), 1);
	fx_close(f);
}

static void
test_help(void **state)
{
	struct fx	*f = fx_fixture();
	char		 buf[256];
	size_t		 i, n;
	int		 cur, found = 0, ctrl_l = 0;

	(void)state;
	view_apply(f->v, CMD_HELP, -1);
	assert_int_equal(f->v->mode, VIEW_MODE_HELP);
	n = view_list_count(f->v);
	assert_true(n > 20);
	for (i = 0; i < n; i++) {
		view_list_text(f->v, i, buf, sizeof buf, &cur);
		assert_null(strchr(buf, '\n'));
		found += strstr(buf, keymap_help(CMD_SECTION_NEXT)) != NULL;
		ctrl_l += strstr(buf, "Ctrl-L") != NULL;
	}
	assert_int_equal(found, 1);
	assert_int_equal(ctrl_l, 2);	/* in the pager and in lists */
	view_apply(f->v, CMD_LIST_DOWN, 3);
	assert_int_equal(f->v->list_top, 3);
	view_apply(f->v, CMD_LIST_LAST, -1);
	assert_int_equal(f->v->list_top, n - (size_t)f->v->text_rows);
	view_apply(f->v, CMD_LIST_CLOSE, -1);
	assert_int_equal(f->v->mode, VIEW_MODE_TEXT);
	fx_close(f);
}

static void
test_resize_keeps_top(void **state)
{
	struct fx		*f = fx_fixture();
	struct layout_line	 l;
	size_t			 off;
	int			 i;

	(void)state;
	view_apply(f->v, CMD_SECTION_GOTO, 2);
	off = view_top_off(f->v);
	view_resize(f->v, ROWS, 50);
	assert_int_equal(view_top_off(f->v), off);
	assert_true(top_is_heading(f));
	/* Mid-paragraph: the row at the top still shows the same byte, and a
	 * storm of sizes does not drift. */
	view_apply(f->v, CMD_LINE_DOWN, 7);
	off = view_top_off(f->v);
	for (i = 0; i < 200; i++)
		view_resize(f->v, 1 + i % 13, 1 + (i * 7) % 97);
	view_resize(f->v, ROWS, 50);
	view_rows(f->v, &l, 1);
	assert_true(l.off <= off && off < l.off + l.len);
	/* Every command still works at 1x1 and 3x10. */
	view_resize(f->v, 1, 1);
	view_apply(f->v, CMD_PAGE_DOWN, -1);
	view_apply(f->v, CMD_PAGE_UP, -1);
	view_apply(f->v, CMD_TOC, -1);
	view_apply(f->v, CMD_LIST_LAST, -1);
	view_apply(f->v, CMD_LIST_PICK, -1);
	assert_int_equal(top_section(f), 2);
	view_resize(f->v, 3, 10);
	view_apply(f->v, CMD_BOTTOM, -1);
	assert_true(at_end(f));
	view_apply(f->v, CMD_TOP, -1);
	assert_int_equal(view_top_off(f->v), 0);
	fx_close(f);
}

static void
test_width_keys(void **state)
{
	struct fx	*f = fx_fixture();
	size_t		 off;

	(void)state;
	view_apply(f->v, CMD_SECTION_GOTO, 2);
	off = view_top_off(f->v);
	view_resize(f->v, ROWS, 100);
	assert_int_equal(f->v->lo.width, 80);
	view_apply(f->v, CMD_WIDER, -1);
	assert_int_equal(f->v->lo.width, 82);
	assert_int_equal(f->v->left, 9);
	view_apply(f->v, CMD_NARROWER, 3);
	assert_int_equal(f->v->lo.width, 76);
	assert_int_equal(view_top_off(f->v), off);
	view_apply(f->v, CMD_WIDER, 100);
	assert_int_equal(f->v->lo.width, 100);
	view_apply(f->v, CMD_WIDER, -1);
	assert_int_equal(f->v->lo.width, 100);
	assert_true(strlen(f->v->msg) > 0);
	view_apply(f->v, CMD_NARROWER, 1000);
	assert_int_equal(f->v->lo.width, 10);
	fx_close(f);
}

static void
test_scan_in_progress(void **state)
{
	size_t		 len;
	char		*text = make_text(&len);
	struct fx	*f = fx_open(text, len, "book.md", 0);
	char		 left[256], right[256];
	int		 flags;

	(void)state;
	f->text = text;
	view_status(f->v, left, sizeof left, right, sizeof right);
	assert_non_null(strstr(right, "scanning"));
	assert_non_null(strstr(right, "~"));
	view_apply(f->v, CMD_SECTION_NEXT, -1);
	assert_int_equal(view_top_off(f->v), 0);
	assert_true(strlen(f->v->msg) > 0);
	view_apply(f->v, CMD_TOC, -1);
	assert_int_equal(f->v->mode, VIEW_MODE_TEXT);
	view_apply(f->v, CMD_LINE_DOWN, 2);
	assert_true(view_top_off(f->v) > 0);

	doc_scan_wait(f->doc);
	flags = view_poll(f->v);
	assert_true(flags & VIEW_DRAW);
	assert_int_equal(view_poll(f->v) & VIEW_DRAW, 0);
	view_status(f->v, left, sizeof left, right, sizeof right);
	assert_null(strstr(right, "scanning"));
	assert_null(strstr(right, "~"));
	assert_non_null(strstr(right, "\xc2\xa7" "1/3"));
	view_apply(f->v, CMD_SECTION_NEXT, -1);
	assert_int_equal(top_section(f), 1);
	fx_close(f);
}

static void
test_hostile_name_and_count(void **state)
{
	static const char	text[] = "hello\n";
	struct fx		*f = fx_open(text, sizeof text - 1,
				    "dir/evil\033]0;pwn\007\n\xc2\x9b.txt", 1);
	char			 left[256], right[256];
	size_t			 i;

	(void)state;
	view_status(f->v, left, sizeof left, right, sizeof right);
	for (i = 0; left[i] != '\0'; i++) {
		assert_true((unsigned char)left[i] >= 0x20);
		assert_true((unsigned char)left[i] != 0x7f);
		/* No C1 control in its UTF-8 form. */
		if ((unsigned char)left[i] == 0xc2)
			assert_true((unsigned char)left[i + 1] >= 0xa0);
	}
	assert_null(strstr(left, "dir/"));
	assert_non_null(strstr(left, "evil"));
	f->v->count = 12;
	view_status(f->v, left, sizeof left, right, sizeof right);
	assert_non_null(strstr(right, "12"));
	view_apply(f->v, CMD_LINE_DOWN, -1);
	assert_int_equal(f->v->count, -1);
	view_message(f->v, "bad \033[2J %s", "x\x9b");
	assert_null(strchr(f->v->msg, '\033'));
	view_message(f->v, NULL);
	assert_string_equal(f->v->msg, "");
	fx_close(f);
}

/* Run the search the view started until it stops. */
static int
finish_search(struct fx *f)
{
	int	flags = 0, guard = 0;

	while (f->v->searching && guard++ < 100000)
		flags |= view_search_step(f->v, 64);
	assert_false(f->v->searching);
	return flags;
}

static void
test_search(void **state)
{
	struct fx	*f = fx_fixture();
	char		 left[512], right[256];
	size_t		 first, total = 0;
	int		 flags;

	(void)state;
	/* Nothing to repeat yet; an empty pattern searches nothing. */
	view_apply(f->v, CMD_MATCH_NEXT, -1);
	assert_true(strlen(f->v->msg) > 0);
	assert_int_equal(view_search_step(f->v, 100), 0);
	assert_true(view_apply(f->v, CMD_SEARCH_FWD, -1) & VIEW_PROMPT);
	assert_int_equal(f->v->prompt, VIEW_PROMPT_SEARCH);
	view_search_start(f->v, "", 0, 0);
	assert_null(f->v->search);

	/* Incremental: the first match from the top, on screen. */
	flags = view_search_start(f->v, "2-5 ", 4, 0);
	assert_true(flags & VIEW_SEARCH);
	flags = finish_search(f);
	assert_true(flags & VIEW_DRAW);
	assert_true(f->v->has_match);
	first = f->v->match.off;
	assert_memory_equal(f->text + first, "2-5 ", 4);
	assert_true(view_top_off(f->v) <= first);
	view_search_commit(f->v);
	while (!search_count(f->v->search, &total))
		;
	assert_int_equal(total, 1);
	view_poll(f->v);
	view_status(f->v, left, sizeof left, right, sizeof right);
	assert_non_null(strstr(left, "1/1"));
	assert_non_null(strstr(left, "\xc2\xa7" "2 第2章 标题2"));

	/* n wraps around to the only match, and says so. */
	view_apply(f->v, CMD_MATCH_NEXT, -1);
	finish_search(f);
	assert_int_equal(f->v->match.off, first);
	assert_non_null(strstr(f->v->msg, "wrapped"));

	/* Several matches: n and N walk them in order. */
	view_apply(f->v, CMD_TOP, -1);
	view_apply(f->v, CMD_SEARCH_FWD, -1);
	view_search_start(f->v, "章 标题", strlen("章 标题"), 0);
	finish_search(f);
	view_search_commit(f->v);
	/* The first match was on screen already: the view stays. */
	assert_int_equal(view_top_off(f->v), 0);
	assert_int_equal(outline_at(doc_outline(f->doc), f->v->match.off), 0);
	view_apply(f->v, CMD_MATCH_NEXT, -1);
	finish_search(f);
	assert_int_equal(outline_at(doc_outline(f->doc), f->v->match.off), 1);
	view_apply(f->v, CMD_MATCH_PREV, -1);
	finish_search(f);
	assert_int_equal(outline_at(doc_outline(f->doc), f->v->match.off), 0);

	/* Esc hides the highlight; n brings it back. */
	{
		struct doc_para		p;
		struct search_match	m[4];

		assert_int_equal(doc_para_at(f->doc, f->v->match.off, &p), 0);
		assert_int_equal(view_matches(f->v, &p, m, 4), 1);
		view_apply(f->v, CMD_SEARCH_CLEAR, -1);
		assert_int_equal(view_matches(f->v, &p, m, 4), 0);
	}

	/* Not found; an invalid regex; Esc at the prompt goes back. */
	view_apply(f->v, CMD_SEARCH_FWD, -1);
	view_search_start(f->v, "不存在的词", strlen("不存在的词"), 0);
	finish_search(f);
	assert_false(f->v->has_match);
	assert_non_null(strstr(f->v->msg, "Pattern not found: 不存在的词"));
	view_apply(f->v, CMD_SEARCH_BACK, -1);
	assert_true(f->v->backward);
	flags = view_search_start(f->v, "(", 1, 1);
	assert_int_equal(flags & VIEW_SEARCH, 0);
	assert_true(strlen(f->v->msg) > 0);
	view_apply(f->v, CMD_TOP, -1);
	view_apply(f->v, CMD_SEARCH_FWD, -1);
	view_search_start(f->v, "3-1", 3, 0);
	finish_search(f);
	assert_true(view_top_off(f->v) > 0);
	view_search_cancel(f->v, 1);
	assert_int_equal(view_top_off(f->v), 0);
	assert_null(f->v->search);
	fx_close(f);
}

static void
test_marks(void **state)
{
	struct fx	*f = fx_fixture();
	struct marks	*m = marks_new(NULL);
	char		 buf[256];
	size_t		 off;
	int		 cur, flags;

	(void)state;
	/* Without marks: a message, no prompt. */
	assert_int_equal(view_apply(f->v, CMD_MARK_ADD, -1) & VIEW_PROMPT, 0);
	assert_true(strlen(f->v->msg) > 0);
	view_apply(f->v, CMD_MARK_LIST, -1);
	assert_int_equal(f->v->mode, VIEW_MODE_TEXT);

	assert_int_equal(view_set_marks(f->v, m, FP, "/x/book.md", 1), 0);
	view_apply(f->v, CMD_MARK_LIST, -1);
	assert_int_equal(f->v->mode, VIEW_MODE_TEXT);
	view_apply(f->v, CMD_SECTION_GOTO, 2);
	off = view_top_off(f->v);
	assert_int_equal(view_apply(f->v, CMD_MARK_ADD, -1), VIEW_PROMPT);
	assert_int_equal(view_answer(f->v, NULL) & VIEW_SAVE, 0);
	view_apply(f->v, CMD_MARK_ADD, -1);
	flags = view_answer(f->v, "");
	assert_true(flags & VIEW_SAVE);
	assert_int_equal(marks_count(m, FP), 1);
	assert_non_null(strstr(marks_get(m, FP, 0)->name, "标题2"));
	assert_int_equal(marks_get(m, FP, 0)->off, off);

	view_apply(f->v, CMD_TOP, -1);
	view_apply(f->v, CMD_MARK_LIST, -1);
	assert_int_equal(f->v->mode, VIEW_MODE_MARKS);
	assert_int_equal(view_list_count(f->v), 1);
	view_list_text(f->v, 0, buf, sizeof buf, &cur);
	assert_non_null(strstr(buf, "标题2"));
	assert_int_equal(view_apply(f->v, CMD_LIST_RENAME, -1), VIEW_PROMPT);
	assert_true(view_answer(f->v, "新名字") & VIEW_SAVE);
	assert_string_equal(marks_get(m, FP, 0)->name, "新名字");
	view_apply(f->v, CMD_LIST_PICK, -1);
	assert_int_equal(f->v->mode, VIEW_MODE_TEXT);
	assert_int_equal(view_top_off(f->v), off);
	view_apply(f->v, CMD_MARK_LIST, -1);
	assert_true(view_apply(f->v, CMD_LIST_DELETE, -1) & VIEW_SAVE);
	assert_int_equal(marks_count(m, FP), 0);
	assert_int_equal(f->v->mode, VIEW_MODE_TEXT);

	/* The position saved at exit is where the next run resumes. */
	view_save_position(f->v);
	view_apply(f->v, CMD_TOP, -1);
	flags = view_set_marks(f->v, m, FP, "/x/book.md", 1);
	assert_true(flags & VIEW_DRAW);
	assert_int_equal(view_top_off(f->v), off);
	assert_non_null(strstr(f->v->msg, "Resumed at \xc2\xa7" "2"));
	view_apply(f->v, CMD_TOP, -1);
	view_set_marks(f->v, m, FP, "/x/book.md", 0);
	assert_int_equal(view_top_off(f->v), 0);
	fx_close(f);
	marks_free(m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty_and_degenerate),
		cmocka_unit_test(test_geometry),
		cmocka_unit_test(test_line_and_page_moves),
		cmocka_unit_test(test_bottom_and_clamp),
		cmocka_unit_test(test_sections),
		cmocka_unit_test(test_percent_and_jump_back),
		cmocka_unit_test(test_toc),
		cmocka_unit_test(test_help),
		cmocka_unit_test(test_resize_keeps_top),
		cmocka_unit_test(test_width_keys),
		cmocka_unit_test(test_scan_in_progress),
		cmocka_unit_test(test_hostile_name_and_count),
		cmocka_unit_test(test_search),
		cmocka_unit_test(test_marks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
