/* Tests for view: the pager state machine driven through view_apply() on
 * in-memory documents, with no terminal. The fixture is a Markdown text
 * written here: a preamble and three sections of short CJK paragraphs. */
#include "testutil.h"

#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "config.h"
#include "convert.h"
#include "doc.h"
#include "keymap.h"
#include "layout.h"
#include "marks.h"
#include "outline.h"
#include "status.h"
#include "ustr.h"
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

/* The status line at a width that holds every piece, in its two parts:
 * left, up to the gap (the parts' pieces are joined by " · " and two
 * spaces, the gap is at least two), and right, after it. */
static void
status_parts(struct fx *f, char *left, size_t lsize, char *right,
    size_t rsize)
{
	char		 line[2048];
	const char	*gap, *r;
	size_t		 n;

	view_status(f->v, 400, line, sizeof line);
	assert_int_equal(line[0], ' ');
	gap = strstr(line + 1, "  ");
	assert_non_null(gap);
	n = (size_t)(gap - line - 1);
	snprintf(left, lsize, "%.*s", (int)n, line + 1);
	for (r = gap; *r == ' '; r++)
		;
	snprintf(right, rsize, "%s", r);
	n = strlen(right);
	if (n > 0 && right[n - 1] == ' ')
		right[n - 1] = '\0';
}

static void
fx_view(struct fx *f)
{
	struct view_opts	vo;

	memset(&vo, 0, sizeof vo);
	vo.indent = 1;
	f->v = view_new(f->doc, &vo, ROWS, COLS);
	view_poll(f->v);
}

static struct fx *
fx_open(const char *text, size_t len, const char *name, int scan)
{
	struct fx		*f = calloc(1, sizeof *f);
	struct doc_opts		 o;
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
	fx_view(f);
	return f;
}

/* The same over text the fixture owns (fx_close frees it). */
static struct fx *
fx_own(char *text, size_t len, const char *name, int scan)
{
	struct fx	*f = fx_open(text, len, name, scan);

	f->text = text;
	f->len = len;
	return f;
}

/* text fed through a pipe by a child process, spooled under max_spool; the
 * spool fills in doc_scan_wait() (no thread), so until then the length is
 * not final and there is no fingerprint. */
static struct fx *
fx_pipe(const char *text, size_t len, size_t max_spool, pid_t *pid)
{
	struct fx		*f = calloc(1, sizeof *f);
	struct doc_opts		 o;
	char			*cause = NULL, path[64];
	int			 fd[2];

	assert_non_null(f);
	assert_int_equal(pipe(fd), 0);
	*pid = fork();
	assert_true(*pid >= 0);
	if (*pid == 0) {
		close(fd[0]);
		while (len > 0) {
			ssize_t	w = write(fd[1], text, len);

			if (w <= 0)
				_exit(1);
			text += w;
			len -= (size_t)w;
		}
		_exit(0);
	}
	close(fd[1]);
	memset(&o, 0, sizeof o);
	o.markdown = 1;
	o.no_scan = 1;
	o.max_spool = max_spool;
	snprintf(path, sizeof path, "/dev/fd/%d", fd[0]);
	f->doc = doc_open(path, &o, &cause);
	if (f->doc == NULL)
		fail_msg("doc_open: %s", cause ? cause : "?");
	close(fd[0]);
	fx_view(f);
	return f;
}


static struct fx *
fx_fixture(void)
{
	size_t		 len;
	char		*text = make_text(&len);
	return fx_own(text, len, "book.md", 1);
}

static void
fx_close(struct fx *f)
{
	view_free(f->v);
	doc_free(f->doc);
	free(f->text);
	free(f);
}

static void
fx_pipe_close(struct fx *f, pid_t pid)
{
	int	st;

	fx_close(f);
	/* The writer may die of SIGPIPE when the spool stopped early. */
	assert_int_equal(waitpid(pid, &st, 0), pid);
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
	status_parts(f, left, sizeof left, right, sizeof right);
	/* Top and end at once: the whole text is on screen. */
	assert_non_null(strstr(right, "All"));
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
	/* The preamble is in no section: no "§0". */
	status_parts(f, left, sizeof left, right, sizeof right);
	/* Words, not "§–/3": the front matter and how many sections. */
	assert_string_equal(left, "book.md \xc2\xb7 front matter");
	assert_non_null(strstr(right, "3 sections  Top"));
	assert_null(strstr(right, "\xc2\xa7"));
	view_apply(f->v, CMD_SECTION_NEXT, -1);
	assert_int_equal(top_section(f), 0);
	assert_true(top_is_heading(f));
	view_apply(f->v, CMD_SECTION_NEXT, -1);
	assert_int_equal(top_section(f), 1);
	assert_true(top_is_heading(f));
	status_parts(f, left, sizeof left, right, sizeof right);
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

/* A book of three parts of 150 chapters (453 sections), written here. */
static struct fx *
fx_parts(void)
{
	static const char *const parts[] = { "Part One", "Part Two",
	    "Part Three" };
	size_t		 cap = 1 << 20, n = 0;
	char		*s = malloc(cap);

	assert_non_null(s);
	n += (size_t)snprintf(s + n, cap - n, "Front matter.\n\n");
	for (int p = 0; p < 3; p++) {
		n += (size_t)snprintf(s + n, cap - n, "# %s\n\n", parts[p]);
		for (int c = 1; c <= 150; c++)
			n += (size_t)snprintf(s + n, cap - n, "## Chapter %d of "
			    "%s\n\nText of chapter %d.\n\n", p * 150 + c,
			    parts[p], c);
	}
	return fx_own(s, n, "parts.md", 1);
}

/* The contents of a big book (issue 15 item 3): numbers right-aligned,
 * parts folded over 200 entries but the reader's, Space and the arrows
 * fold, counts pick entries, `/` filters as one types (smart case, full
 * width folded), Esc clears the filter before it closes. */
static void
test_toc_big(void **state)
{
	struct fx	*f = fx_parts();
	const char	*wide = "chapter \xef\xbc\x91\xef\xbc\x92\xef\xbc\x93 ";
	char		 buf[512];
	int		 cur;

	(void)state;
	assert_int_equal(outline_count(doc_outline(f->doc)), 453);
	view_key(f->v, 't');
	/* From the front matter: the three parts, folded. */
	assert_int_equal(view_list_count(f->v), 3);
	view_list_text(f->v, 0, buf, sizeof buf, &cur);
	assert_string_equal(buf, " +   1  Part One  (150)");
	view_list_text(f->v, 2, buf, sizeof buf, &cur);
	assert_string_equal(buf, " + 303  Part Three  (150)");
	/* Space unfolds, the chapters indented, numbers aligned. */
	view_key(f->v, ' ');
	assert_int_equal(view_list_count(f->v), 153);
	view_list_text(f->v, 1, buf, sizeof buf, &cur);
	assert_string_equal(buf, "     2    Chapter 1 of Part One");
	view_list_text(f->v, 0, buf, sizeof buf, &cur);
	assert_string_equal(buf, " -   1  Part One");
	/* 50j on a chapter, Left folds its part and selects it. */
	view_key(f->v, '5');
	view_key(f->v, '0');
	view_key(f->v, 'j');
	assert_int_equal(f->v->sel, 50);
	view_key(f->v, K_LEFT);
	assert_int_equal(f->v->sel, 0);
	assert_int_equal(view_list_count(f->v), 3);
	view_key(f->v, K_RIGHT);
	assert_int_equal(view_list_count(f->v), 153);
	/* 400G: section 400, in the third part, which unfolds. */
	view_key(f->v, '4');
	view_key(f->v, '0');
	view_key(f->v, '0');
	view_key(f->v, 'G');
	assert_int_equal(view_toc_entry(f->v, f->v->sel), 399);
	view_key(f->v, K_ENTER);
	assert_int_equal(f->v->mode, VIEW_MODE_TEXT);
	assert_int_equal(top_section(f), 399);
	view_free(f->v);
	fx_view(f);

	/* Opened from section 400: its part unfolded, it selected and
	 * marked, the others folded. */
	view_apply(f->v, CMD_SECTION_GOTO, 400);
	view_key(f->v, 't');
	assert_int_equal(view_list_count(f->v), 153);
	view_list_text(f->v, f->v->sel, buf, sizeof buf, &cur);
	assert_true(cur);
	assert_string_equal(buf, "\xe2\x96\xb8  400    Chapter 397 of Part Three");
	assert_true(f->v->sel >= f->v->list_top &&
	    f->v->sel < f->v->list_top + (size_t)f->v->text_rows);

	/* / filters as one types: smart case, full width folded. */
	assert_int_equal(view_key(f->v, '/'), VIEW_PROMPT);
	view_prompt_edit(f->v, "chapter 12", 10, 0);
	/* Chapters 12 and 120 to 129. */
	assert_int_equal(view_list_count(f->v), 11);
	view_prompt_edit(f->v, "Chapter 12", 10, 0);
	assert_int_equal(view_list_count(f->v), 11);
	view_prompt_edit(f->v, "CHAPTER 12", 10, 0);
	assert_int_equal(view_list_count(f->v), 0);
	view_prompt_edit(f->v, wide, strlen(wide), 0);
	assert_int_equal(view_list_count(f->v), 1);
	view_list_text(f->v, 0, buf, sizeof buf, &cur);
	assert_string_equal(buf, "   124    Chapter 123 of Part One");
	view_answer(f->v, wide);
	/* The status line counts them. */
	status_parts(f, buf, sizeof buf, buf + 256, 256);
	assert_string_equal(buf, "Contents: 1 of 453 match, Esc clears the filter");
	/* Esc clears the filter, the list stays; Esc again closes it. */
	view_key(f->v, K_ESC);
	assert_int_equal(f->v->mode, VIEW_MODE_TOC);
	/* The selection stays on its entry: its part unfolds too. */
	assert_int_equal(view_list_count(f->v), 303);
	assert_int_equal(view_toc_entry(f->v, f->v->sel), 123);
	view_key(f->v, K_ESC);
	assert_int_equal(f->v->mode, VIEW_MODE_TEXT);
	fx_close(f);
}

/* The help (issue 15 item 4): every key of every mode, the prompt's too;
 * wrapped to the column, at any width; scrolled like the text, with
 * "↓ more" in the status line while more follows. */
static void
test_help(void **state)
{
	struct fx	*f = fx_fixture();
	char		 buf[512], line[512];
	size_t		 i, n, all = 0;
	int		 cur, cmd, ctx, ctrl_l = 0, width, shelf = 0, filter = 0;

	(void)state;
	view_apply(f->v, CMD_HELP, -1);
	assert_int_equal(f->v->mode, VIEW_MODE_HELP);
	n = view_list_count(f->v);
	assert_true(n > 20);
	for (i = 0; i < n; i++) {
		view_list_text(f->v, i, buf, sizeof buf, &cur);
		assert_null(strchr(buf, '\n'));
		ctrl_l += strstr(buf, "Ctrl-L") != NULL;
		for (char *p = buf; *p; p++)
			all += *p != ' ';
		shelf += strncmp(buf, "  o ", 4) == 0 &&
		    strstr(buf, keymap_help(CMD_SHELF)) != NULL;
		filter += strncmp(buf, "  / ", 4) == 0 &&
		    strstr(buf, keymap_help(CMD_SHELF_FILTER)) != NULL;
	}
	/* In the pager and in lists (the shelf's are the lists' keys). */
	assert_int_equal(ctrl_l, 2);
	assert_int_equal(shelf, 1);	/* o, in the pager's keys */
	assert_int_equal(filter, 1);	/* the shelf's keys are listed */
	/* Every command bound anywhere has its help text on a line. */
	for (cmd = 0; cmd < CMD_COUNT; cmd++) {
		int	 found = 0;
		char	 keys[128];

		for (ctx = 0; ctx < KEYMAP_CONTEXTS; ctx++)
			found |= keymap_keys(ctx, cmd, keys, sizeof keys) > 0;
		assert_true(found);
		for (i = found = 0; i < n; i++) {
			view_list_text(f->v, i, buf, sizeof buf, &cur);
			found += strstr(buf, keymap_help(cmd)) != NULL;
		}
		if (found == 0 && strlen(keymap_help(cmd)) < 40)
			fail_msg("no help line for %s", keymap_name(cmd));
	}
	/* The prompt's keys are there. */
	for (i = cur = 0; i < n; i++) {
		view_list_text(f->v, i, buf, sizeof buf, &ctx);
		cur += strstr(buf, "Ctrl-R") != NULL;
	}
	assert_int_equal(cur, 1);

	/* More below: the status line says so; scrolled like the text. */
	view_status(f->v, 120, line, sizeof line);
	assert_non_null(strstr(line, "Help: \xe2\x86\x93 more"));
	view_key(f->v, 'j');
	assert_int_equal(f->v->list_top, 1);
	view_key(f->v, ' ');
	assert_int_equal(f->v->list_top, 1 + (size_t)f->v->text_rows);
	view_key(f->v, 'b');
	assert_int_equal(f->v->list_top, 1);
	view_key(f->v, 'G');
	assert_int_equal(f->v->list_top, n - (size_t)f->v->text_rows);
	view_status(f->v, 120, line, sizeof line);
	assert_null(strstr(line, "more"));
	assert_non_null(strstr(line, "Help: q closes"));
	view_key(f->v, 'g');
	assert_int_equal(f->v->list_top, 0);

	/* Wrapped to the column at every width: no line wider, nothing
	 * lost (the same characters but spaces, on more lines). */
	for (width = 10; width <= 100; width += 9) {
		size_t	chars = 0;

		view_resize(f->v, ROWS, width);
		n = view_list_count(f->v);
		for (i = 0; i < n; i++) {
			view_list_text(f->v, i, buf, sizeof buf, &cur);
			if (ustr_strwidth(buf, strlen(buf)) > (size_t)width)
				fail_msg("width %d: '%s' is wider", width, buf);
			for (char *p = buf; *p; p++)
				chars += *p != ' ';
		}
		assert_int_equal(chars, all);
	}
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
	status_parts(f, left, sizeof left, right, sizeof right);
	/* One progress indicator: the length is known, so the position is
	 * no guess. */
	assert_non_null(strstr(right, "finding sections"));
	assert_null(strstr(right, "~"));
	view_apply(f->v, CMD_SECTION_NEXT, -1);
	assert_int_equal(view_top_off(f->v), 0);
	assert_true(strlen(f->v->msg) > 0);
	view_apply(f->v, CMD_LINE_DOWN, 2);
	assert_true(view_top_off(f->v) > 0);
	/* t during the scan (issue 15): the list opens, empty, says why,
	 * and fills in when the sections are known. */
	assert_true(view_key(f->v, 't') & VIEW_DRAW);
	assert_int_equal(f->v->mode, VIEW_MODE_TOC);
	assert_int_equal(view_list_count(f->v), 0);
	status_parts(f, left, sizeof left, right, sizeof right);
	assert_string_equal(left, "Contents: the sections are being found"
	    "\xe2\x80\xa6");

	doc_scan_wait(f->doc);
	flags = view_poll(f->v);
	assert_true(flags & VIEW_DRAW);
	assert_int_equal(view_poll(f->v) & VIEW_DRAW, 0);
	assert_int_equal(view_list_count(f->v), 3);
	view_key(f->v, 'q');
	status_parts(f, left, sizeof left, right, sizeof right);
	assert_null(strstr(right, "finding sections"));
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
	status_parts(f, left, sizeof left, right, sizeof right);
	for (i = 0; left[i] != '\0'; i++) {
		assert_true((unsigned char)left[i] >= 0x20);
		assert_true((unsigned char)left[i] != 0x7f);
		/* No C1 control in its UTF-8 form. */
		if ((unsigned char)left[i] == 0xc2)
			assert_true((unsigned char)left[i + 1] >= 0xa0);
	}
	assert_null(strstr(left, "dir/"));
	assert_non_null(strstr(left, "evil"));
	view_key(f->v, '1');
	view_key(f->v, '2');
	status_parts(f, left, sizeof left, right, sizeof right);
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

/* / for the three headings' "章 标题", Enter. */
static void
search_headings(struct fx *f)
{
	view_apply(f->v, CMD_SEARCH_FWD, -1);
	view_search_start(f->v, "章 标题", strlen("章 标题"), 0);
	finish_search(f);
	view_search_commit(f->v);
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
	status_parts(f, left, sizeof left, right, sizeof right);
	assert_non_null(strstr(left, "1/1"));
	assert_non_null(strstr(left, "\xc2\xa7" "2 第2章 标题2"));

	/* n wraps around to the only match, and says so by the count. */
	view_apply(f->v, CMD_MATCH_NEXT, -1);
	finish_search(f);
	assert_int_equal(f->v->match.off, first);
	status_parts(f, left, sizeof left, right, sizeof right);
	assert_string_equal(left, "1/1 \xc2\xb7 wrapped to the start \xc2\xb7 "
	    "\xc2\xa7" "2 第2章 标题2");
	/* The note goes with the next key; the count stays while the match
	 * is on screen (k: the match, on the top row, moves down one). */
	assert_true(view_apply(f->v, CMD_LINE_UP, -1) & VIEW_STATUS);
	status_parts(f, left, sizeof left, right, sizeof right);
	assert_string_equal(left, "1/1 \xc2\xb7 \xc2\xa7" "2 第2章 标题2");

	/* Several matches: n and N walk them in order. */
	view_apply(f->v, CMD_TOP, -1);
	search_headings(f);
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

/* `=` cycles the paragraph spacing (auto, a blank line, none) and `i`
 * turns the first-line indent off and on (issue 15): the rows follow, the
 * message says what it is now, and the view notes the reader chose them. */
static void
test_spacing_indent_keys(void **state)
{
	struct fx		*f = fx_fixture();
	struct layout_line	 r[ROWS];
	int			 n, blanks, i, indented;

	(void)state;
	view_apply(f->v, CMD_SECTION_GOTO, 1);
	assert_int_equal(f->v->lo.para_spacing, 0);
	assert_true(view_key(f->v, '=') & VIEW_DRAW);
	assert_int_equal(f->v->lo.para_spacing, LAYOUT_SPACING_AUTO);
	assert_non_null(strstr(f->v->msg, "where a paragraph has no indent"));
	view_key(f->v, '=');
	assert_int_equal(f->v->lo.para_spacing, 1);
	n = view_rows(f->v, r, ROWS);
	for (i = blanks = 0; i < n; i++)
		blanks += (r[i].flags & LAYOUT_BLANK) != 0;
	/* The heading's own blank row, and one between paragraphs. */
	assert_true(blanks > 3);
	view_key(f->v, '=');
	assert_int_equal(f->v->lo.para_spacing, 0);
	assert_string_equal(f->v->msg, "Spacing: none");
	assert_true(f->v->chosen & (1u << CONFIG_SPACING));
	assert_false(f->v->chosen & (1u << CONFIG_INDENT));

	n = view_rows(f->v, r, ROWS);
	for (i = indented = 0; i < n; i++)
		indented += (r[i].flags & LAYOUT_PARA) && r[i].indent > 0;
	assert_true(indented > 0);
	assert_true(view_key(f->v, 'i') & VIEW_DRAW);
	assert_string_equal(f->v->msg, "First-line indent off");
	n = view_rows(f->v, r, ROWS);
	for (i = indented = 0; i < n; i++)
		indented += (r[i].flags & LAYOUT_PARA) && r[i].indent > 0;
	assert_int_equal(indented, 0);
	/* Without an indent, auto spacing shows each paragraph's start. */
	view_key(f->v, '=');
	n = view_rows(f->v, r, ROWS);
	for (i = 1; i < n; i++)
		if ((r[i].flags & LAYOUT_PARA) && !(r[i - 1].flags & LAYOUT_BLANK))
			fail_msg("row %d starts a paragraph with no blank row above", i);
	view_key(f->v, 'i');
	assert_string_equal(f->v->msg, "First-line indent on");
	assert_true(f->v->chosen & (1u << CONFIG_INDENT));
	fx_close(f);
}

/* The text of the top row's paragraph as the view shows it holds s. */
static int
top_shows(struct fx *f, const char *s)
{
	struct doc_para	 p;
	const char	*t;

	if (doc_para_at(f->doc, view_top_off(f->v), &p) != 0 ||
	    (t = view_para_text(f->v, &p, NULL)) == NULL)
		return 0;
	return strstr(t, s) != NULL;
}

/* `C` (issue 16) cycles the display conversion off, t2s, s2t, off: the
 * top row keeps its offset, the text shown follows, the message names the
 * mode, the view notes the reader chose it, and it is kept with the
 * document and comes back with it. */
static void
test_convert_key(void **state)
{
	struct fx		*f = fx_fixture();
	struct marks		*m = marks_new(NULL);
	struct view_opts	 vo;
	size_t			 off;

	(void)state;
	view_set_marks(f->v, m, FP, "/x/book.md", 1);
	view_apply(f->v, CMD_SECTION_GOTO, 2);
	view_apply(f->v, CMD_LINE_DOWN, 3);
	off = view_top_off(f->v);
	assert_true(top_shows(f, "用来测试"));
	assert_true(view_key(f->v, 'C') & VIEW_DRAW);
	assert_int_equal(f->v->convert, CONVERT_T2S);
	assert_string_equal(f->v->msg,
	    "Conversion: traditional to simplified (t2s)");
	assert_int_equal(view_top_off(f->v), off);
	assert_true(top_shows(f, "用来测试"));	/* simplified already */
	assert_true(f->v->chosen & (1u << CONFIG_CONVERT));
	view_key(f->v, 'C');
	assert_int_equal(f->v->convert, CONVERT_S2T);
	assert_string_equal(f->v->msg,
	    "Conversion: simplified to traditional (s2t)");
	assert_int_equal(view_top_off(f->v), off);
	assert_true(top_shows(f, "用來測試"));
	view_save_settings(f->v);
	assert_string_equal(marks_settings(m, FP), "convert=s2t");
	view_key(f->v, 'C');
	assert_int_equal(f->v->convert, CONVERT_OFF);
	assert_string_equal(f->v->msg, "Conversion off: the text as written");
	assert_int_equal(view_top_off(f->v), off);
	assert_true(top_shows(f, "用来测试"));
	view_free(f->v);

	/* Opened again: s2t comes back with the document. */
	memset(&vo, 0, sizeof vo);
	vo.indent = 1;
	f->v = view_new(f->doc, &vo, ROWS, COLS);
	view_poll(f->v);
	assert_int_equal(f->v->convert, CONVERT_OFF);
	view_set_marks(f->v, m, FP, "/x/book.md", 1);
	assert_int_equal(f->v->convert, CONVERT_S2T);
	assert_int_equal(view_top_off(f->v), off);
	assert_true(top_shows(f, "用來測試"));
	fx_close(f);
	marks_free(m);
}

/* The position (issue 15): Top on the first screen, End on the last;
 * in between the share of the text above the bottom row, except on a
 * section's first row, where it is where the section starts (the issue's
 * `]` to section 1 said 50% of a short article); in Chinese the words are
 * Chinese. */
static void
test_status_position(void **state)
{
	struct fx			*f = fx_fixture();
	const struct outline_section	*s;
	char				 left[512], right[256], want[16];

	(void)state;
	status_parts(f, left, sizeof left, right, sizeof right);
	assert_non_null(strstr(right, "  Top  "));
	assert_true(view_apply(f->v, CMD_SECTION_NEXT, -1) & VIEW_STATUS);
	s = outline_get(doc_outline(f->doc), 0);
	snprintf(want, sizeof want, "  %d%%  ",
	    (int)((double)s->off * 100.0 / (double)f->len));
	status_parts(f, left, sizeof left, right, sizeof right);
	assert_non_null(strstr(right, want));
	assert_true(view_percent(f->v) > (int)((double)s->off * 100.0 /
	    (double)f->len));
	/* A row down: the bottom of the screen again, as less. */
	view_apply(f->v, CMD_LINE_DOWN, -1);
	snprintf(want, sizeof want, "  %d%%  ", view_percent(f->v));
	status_parts(f, left, sizeof left, right, sizeof right);
	assert_non_null(strstr(right, want));
	view_apply(f->v, CMD_BOTTOM, -1);
	status_parts(f, left, sizeof left, right, sizeof right);
	assert_non_null(strstr(right, "  End  "));
	assert_null(strstr(right, "100%"));
	f->v->lang = STATUS_ZH;
	status_parts(f, left, sizeof left, right, sizeof right);
	assert_non_null(strstr(right, "  \xe7\xbb\x93\xe5\xb0\xbe  "));	/* 结尾 */
	assert_non_null(strstr(right, "\xe5\x85\xa8\xe4\xb9\xa6\xe8\xbf\x98\xe5\x89\xa9"));	/* 全书还剩 */
	fx_close(f);
}

/* The status follows the view (issue 13 item 4): the section it names is
 * the top row's after any move; a search count, with its match's section,
 * shows only while that match is on screen. */
static void
test_status_follows_view(void **state)
{
	struct fx	*f = fx_fixture();
	char		 left[512], right[256];
	size_t		 total;

	(void)state;
	view_apply(f->v, CMD_SEARCH_FWD, -1);
	view_search_start(f->v, "2-5 ", 4, 0);
	finish_search(f);
	view_search_commit(f->v);
	while (!search_count(f->v->search, &total))
		;
	view_poll(f->v);
	status_parts(f, left, sizeof left, right, sizeof right);
	assert_string_equal(left, "1/1 \xc2\xb7 \xc2\xa7" "2 第2章 标题2");

	/* 3s: chapter 3 on screen, the match gone from it. */
	view_apply(f->v, CMD_SECTION_GOTO, 3);
	assert_int_equal(top_section(f), 2);
	status_parts(f, left, sizeof left, right, sizeof right);
	assert_string_equal(left, "book.md \xc2\xb7 第3章 标题3");
	assert_non_null(strstr(right, "\xc2\xa7" "3/3"));

	/* g: the preamble names no section: it is the front matter. */
	view_apply(f->v, CMD_TOP, -1);
	status_parts(f, left, sizeof left, right, sizeof right);
	assert_string_equal(left, "book.md \xc2\xb7 front matter");

	/* 2s, back to the section with the match: the count again. */
	view_apply(f->v, CMD_SECTION_GOTO, 2);
	status_parts(f, left, sizeof left, right, sizeof right);
	assert_string_equal(left, "1/1 \xc2\xb7 \xc2\xa7" "2 第2章 标题2");

	/* Scrolled until the match's row leaves the top: the section on
	 * screen, whichever it is. */
	while (view_top_off(f->v) <= f->v->match.off)
		assert_true(view_apply(f->v, CMD_LINE_DOWN, -1) & VIEW_STATUS);
	status_parts(f, left, sizeof left, right, sizeof right);
	assert_string_equal(left, "book.md \xc2\xb7 第2章 标题2");
	fx_close(f);
}

/* The section of the current match. */
static long
match_section(struct fx *f)
{
	assert_true(f->v->has_match);
	return (long)outline_at(doc_outline(f->doc), f->v->match.off);
}

/* n typed again while the search of the first n still runs (keys typed
 * ahead, all read before the first step) moves one match further each
 * time, never to the same match twice; the other way round undoes one. */
static void
test_search_typeahead(void **state)
{
	struct fx	*f = fx_fixture();
	char		 left[512], right[256];
	size_t		 total;

	(void)state;
	search_headings(f);
	while (!search_count(f->v->search, &total))
		;
	assert_int_equal(total, 3);
	view_poll(f->v);
	assert_int_equal(match_section(f), 0);

	/* 1/3, n n: 3/3. The second n only queues. */
	assert_true(view_apply(f->v, CMD_MATCH_NEXT, -1) & VIEW_SEARCH);
	assert_true(f->v->searching);
	assert_int_equal(view_apply(f->v, CMD_MATCH_NEXT, -1) & VIEW_SEARCH, 0);
	assert_int_equal(f->v->search_queue, 1);
	finish_search(f);
	assert_int_equal(f->v->search_queue, 0);
	assert_int_equal(match_section(f), 2);
	status_parts(f, left, sizeof left, right, sizeof right);
	assert_true(strncmp(left, "3/3 \xc2\xb7 \xc2\xa7" "3 ", 11) == 0);

	/* n n from the last: wrapped to 1/3 on the way to 2/3, and told. */
	view_apply(f->v, CMD_MATCH_NEXT, -1);
	view_apply(f->v, CMD_MATCH_NEXT, -1);
	finish_search(f);
	assert_int_equal(match_section(f), 1);
	status_parts(f, left, sizeof left, right, sizeof right);
	assert_non_null(strstr(left, "2/3 \xc2\xb7 wrapped to the start"));

	/* n N: back at once, no step run, no note. */
	view_apply(f->v, CMD_MATCH_NEXT, -1);
	assert_true(view_apply(f->v, CMD_MATCH_PREV, -1) & VIEW_DRAW);
	assert_false(f->v->searching);
	assert_int_equal(match_section(f), 1);
	status_parts(f, left, sizeof left, right, sizeof right);
	assert_true(strncmp(left, "2/3 \xc2\xb7 \xc2\xa7" "2 ", 11) == 0);

	/* N N N from 2/3: 1/3, 3/3 (wrapping to the end), 2/3. */
	view_apply(f->v, CMD_MATCH_PREV, -1);
	view_apply(f->v, CMD_MATCH_PREV, -1);
	view_apply(f->v, CMD_MATCH_PREV, -1);
	assert_int_equal(f->v->search_queue, -2);
	finish_search(f);
	assert_int_equal(match_section(f), 1);
	status_parts(f, left, sizeof left, right, sizeof right);
	assert_non_null(strstr(left, "2/3 \xc2\xb7 wrapped to the end"));

	/* n n N: one on. */
	view_apply(f->v, CMD_MATCH_NEXT, -1);
	view_apply(f->v, CMD_MATCH_NEXT, -1);
	view_apply(f->v, CMD_MATCH_PREV, -1);
	assert_int_equal(f->v->search_queue, 0);
	finish_search(f);
	assert_int_equal(match_section(f), 2);

	/* Esc drops what was queued: the match stays. */
	view_apply(f->v, CMD_MATCH_NEXT, -1);
	view_apply(f->v, CMD_MATCH_NEXT, -1);
	view_apply(f->v, CMD_SEARCH_CLEAR, -1);
	assert_false(f->v->searching);
	assert_int_equal(f->v->search_queue, 0);
	assert_int_equal(view_search_step(f->v, 64), 0);
	assert_int_equal(match_section(f), 2);
	fx_close(f);
}

/* Type keys as the reader would: each byte of s is one key. */
static int
type_keys(struct fx *f, const char *s)
{
	int	flags = 0;

	for (; *s != '\0'; s++)
		flags |= view_key(f->v, (unsigned char)*s);
	return flags;
}

/* 80 sections "# 第N章", one paragraph each holding "独角兽" once. */
static struct fx *
fx_many_sections(void)
{
	size_t		 cap = 64 * 1024, n = 0;
	char		*s = malloc(cap);
	int		 i;

	assert_non_null(s);
	n += (size_t)snprintf(s + n, cap - n, "前言。\n\n");
	for (i = 1; i <= 80; i++)
		n += (size_t)snprintf(s + n, cap - n, "# 第%d章\n\n第%d章的独角兽"
		    "在这里出现一次。\n\n", i, i);
	return fx_own(s, n, "many.md", 1);
}

/* Count prefixes are the view's (issue 12 item 5): 10n moves ten matches,
 * 2] two sections, and in the contents, help and bookmark list 50j moves
 * fifty entries. */
static void
test_count_keys(void **state)
{
	struct fx	*f = fx_many_sections();
	struct marks	*m = marks_new(NULL);
	char		 left[512], right[256];
	size_t		 total;
	int		 i;

	(void)state;
	/* Typed digits show in the status; an unbound key drops them. */
	assert_true(type_keys(f, "12") & VIEW_STATUS);
	assert_int_equal(f->v->count, 12);
	status_parts(f, left, sizeof left, right, sizeof right);
	assert_true(strncmp(right, "12  ", 4) == 0);
	type_keys(f, "x");
	assert_int_equal(f->v->count, -1);
	type_keys(f, "2]");
	assert_int_equal(top_section(f), 1);
	assert_int_equal(f->v->count, -1);
	type_keys(f, "g");

	assert_true(type_keys(f, "/") & VIEW_PROMPT);
	view_search_start(f->v, "独角兽", strlen("独角兽"), 0);
	finish_search(f);
	view_search_commit(f->v);
	while (!search_count(f->v->search, &total))
		;
	assert_int_equal(total, 80);
	assert_int_equal(search_index(f->v->search, f->v->match.off), 1);
	type_keys(f, "10n");
	finish_search(f);
	assert_int_equal(search_index(f->v->search, f->v->match.off), 11);
	type_keys(f, "3N");
	finish_search(f);
	assert_int_equal(search_index(f->v->search, f->v->match.off), 8);
	/* Typed ahead of a running search: 5n then n, six on. */
	type_keys(f, "5nn");
	finish_search(f);
	assert_int_equal(search_index(f->v->search, f->v->match.off), 14);
	/* More than the matches: whole turns are skipped, 161n is 1n. */
	type_keys(f, "161n");
	finish_search(f);
	assert_int_equal(search_index(f->v->search, f->v->match.off), 15);

	/* The contents: Tab, g, 50j, Enter. */
	type_keys(f, "\t");
	assert_int_equal(f->v->mode, VIEW_MODE_TOC);
	type_keys(f, "g50j");
	assert_int_equal(f->v->sel, 50);
	type_keys(f, "7k");
	assert_int_equal(f->v->sel, 43);
	view_key(f->v, K_ENTER);
	assert_int_equal(f->v->mode, VIEW_MODE_TEXT);
	assert_int_equal(top_section(f), 43);

	/* Help scrolls by the count. */
	type_keys(f, "h");
	assert_int_equal(f->v->mode, VIEW_MODE_HELP);
	assert_true(view_list_count(f->v) > (size_t)f->v->text_rows + 5);
	type_keys(f, "5j");
	assert_int_equal(f->v->list_top, 5);
	type_keys(f, "q");

	/* The bookmark list: twelve marks, 10j selects the eleventh. */
	view_set_marks(f->v, m, FP, "/x/many.md", 0);
	for (i = 0; i < 12; i++) {
		type_keys(f, "]m");
		view_answer(f->v, "");
	}
	assert_int_equal(marks_count(m, FP), 12);
	type_keys(f, "'");
	assert_int_equal(f->v->mode, VIEW_MODE_MARKS);
	type_keys(f, "10j");
	assert_int_equal(f->v->sel, 10);
	type_keys(f, "q");
	fx_close(f);
	marks_free(m);
}

/* What ui.c reads and hands over through functions (it never touches the
 * struct): the screen, the prompt closing, the wheel, the status's
 * message flag. */
static void
test_ui_interface(void **state)
{
	struct fx		*f = fx_fixture();
	struct view_screen	 vs;
	const char		*label, *ptext;
	char			 left[512], right[256];
	size_t			 top, origin;
	int			 committed, flags;

	(void)state;
	view_screen(f->v, &vs);
	assert_int_equal(vs.mode, VIEW_MODE_TEXT);
	assert_int_equal(vs.text_rows, ROWS - 1);
	assert_int_equal(vs.status_row, ROWS - 1);
	assert_int_equal(vs.width, COLS);
	assert_int_equal(vs.left, 0);
	status_parts(f, left, sizeof left, right, sizeof right);
	assert_string_equal(left, "book.md \xc2\xb7 front matter");

	/* The wheel scrolls the text, and moves a list's selection. */
	view_wheel(f->v, 3);
	top = view_top_off(f->v);
	assert_true(top > 0);
	view_wheel(f->v, -3);
	assert_int_equal(view_top_off(f->v), 0);
	view_key(f->v, '\t');
	view_wheel(f->v, 2);
	view_screen(f->v, &vs);
	assert_int_equal(vs.mode, VIEW_MODE_TOC);
	assert_int_equal(vs.sel, 2);
	view_key(f->v, 'q');
	/* Help has no selection to draw. */
	view_key(f->v, 'h');
	view_screen(f->v, &vs);
	assert_int_equal(vs.sel, SIZE_MAX);
	view_key(f->v, 'q');

	/* The search prompt: Enter on a pattern the last edit searched
	 * commits it; Enter on one it did not starts it first. */
	view_apply(f->v, CMD_SECTION_GOTO, 1);
	assert_true(view_key(f->v, '/') & VIEW_PROMPT);
	assert_int_equal(view_prompt(f->v, &label, &ptext), VIEW_PROMPT_SEARCH);
	assert_string_equal(label, "/");
	assert_string_equal(ptext, "");
	flags = view_search_enter(f->v, "3-1 ", 0, &committed);
	assert_true(committed);
	assert_true(flags & VIEW_SEARCH);
	finish_search(f);
	assert_memory_equal(f->text + view_match(f->v)->off, "3-1 ", 4);
	assert_int_equal(view_searching(f->v), 0);
	/* Esc at the prompt: back to where it opened, no search. */
	origin = view_top_off(f->v);
	view_key(f->v, '/');
	view_search_start(f->v, "2-9", 3, 0);
	finish_search(f);
	assert_int_not_equal(view_top_off(f->v), origin);
	view_search_enter(f->v, NULL, 0, &committed);
	assert_false(committed);
	assert_null(view_match(f->v));
	assert_int_equal(view_top_off(f->v), origin);
	assert_int_equal(view_prompt(f->v, &label, &ptext), VIEW_PROMPT_NONE);
	/* An invalid regex is not committed, and says why (a message: the
	 * status asks to keep it whole). */
	view_key(f->v, '/');
	view_search_enter(f->v, "(", 1, &committed);
	assert_false(committed);
	status_parts(f, left, sizeof left, right, sizeof right);
	assert_string_equal(left, f->v->msg);
	fx_close(f);
}

/* The snippet kept with a bookmark stops at a grapheme cluster within its
 * 63 bytes, whichever byte the limit falls on (inside a character, between
 * a letter and its accent): the state file stays valid UTF-8. */
static void
test_mark_snippet_boundaries(void **state)
{
	static const char *const units[] = { "汉", "e\xcc\x81" };
	static const char *const leads[] = { "", "a", "ab" };
	const struct mark	*k;
	struct marks		*m;
	struct fx		*f;
	char			 text[512];
	size_t			 u, l, i, n, len, lead, unit, at, w;
	uint32_t		 cp;

	(void)state;
	for (u = 0; u < 2; u++) {
		for (l = 0; l < 3; l++) {
			lead = strlen(leads[l]);
			unit = strlen(units[u]);
			n = (size_t)snprintf(text, sizeof text, "%s", leads[l]);
			for (i = 0; i < 40; i++)
				n += (size_t)snprintf(text + n, sizeof text - n,
				    "%s", units[u]);
			n += (size_t)snprintf(text + n, sizeof text - n, "\n");
			f = fx_open(text, n, "t.txt", 1);
			m = marks_new(NULL);
			view_set_marks(f->v, m, FP, "/x/t.txt", 0);
			view_apply(f->v, CMD_MARK_ADD, -1);
			view_answer(f->v, "");
			k = marks_get(m, FP, 0);
			assert_non_null(k);
			len = strlen(k->snippet);
			assert_true(len <= 63 && len + unit > 63);
			assert_int_equal((len - lead) % unit, 0);
			assert_memory_equal(k->snippet, text, len);
			for (at = 0; at < len; at += w) {
				w = ustr_decode(k->snippet + at, len - at, &cp);
				assert_int_not_equal(cp, USTR_BAD);
			}
			/* The name shows its start, and says it is cut. */
			assert_non_null(strstr(k->name, "\xe2\x80\xa6"));
			assert_memory_equal(k->name, text, lead + unit);
			marks_free(m);
			fx_close(f);
		}
	}
}

/* The width, spacing and indent the reader chose are remembered with the
 * document's position (issue 15) and come back with it, under what the
 * command line gives. */
static void
test_doc_settings(void **state)
{
	struct fx		*f = fx_fixture();
	struct marks		*m = marks_new(NULL);
	struct view_opts	 vo;
	size_t			 off;

	(void)state;
	view_set_marks(f->v, m, FP, "/x/book.md", 1);
	/* Nothing chosen: nothing kept, not even a position. */
	view_save_settings(f->v);
	assert_false(marks_position(m, FP, NULL));
	view_apply(f->v, CMD_SECTION_GOTO, 2);
	off = view_top_off(f->v);
	view_key(f->v, '-');
	view_key(f->v, '-');
	view_key(f->v, '=');
	assert_int_equal(f->v->lo.width, COLS - 4);
	/* Chosen without a move: the position is made with them. */
	view_save_settings(f->v);
	assert_true(marks_position(m, FP, NULL));
	assert_string_equal(marks_settings(m, FP),
	    "width=76 spacing=auto");
	view_free(f->v);

	/* Opened again: the width and spacing come back, then the place. */
	memset(&vo, 0, sizeof vo);
	vo.indent = 1;
	f->v = view_new(f->doc, &vo, ROWS, COLS);
	view_poll(f->v);
	assert_int_equal(f->v->lo.width, COLS);
	assert_true(view_set_marks(f->v, m, FP, "/x/book.md", 1) & VIEW_DRAW);
	assert_int_equal(f->v->lo.width, COLS - 4);
	assert_int_equal(f->v->lo.para_spacing, LAYOUT_SPACING_AUTO);
	assert_int_equal(view_top_off(f->v), off);
	/* ...and are kept again, unchanged, at the next exit. */
	view_save_settings(f->v);
	assert_string_equal(marks_settings(m, FP), "width=76 spacing=auto");
	view_free(f->v);

	/* A width on the command line wins over the document's. */
	vo.width = 60;
	vo.fixed = 1u << CONFIG_WIDTH;
	f->v = view_new(f->doc, &vo, ROWS, COLS);
	view_poll(f->v);
	view_set_marks(f->v, m, FP, "/x/book.md", 0);
	assert_int_equal(f->v->lo.width, 60);
	assert_int_equal(f->v->lo.para_spacing, LAYOUT_SPACING_AUTO);
	fx_close(f);
	marks_free(m);
}

static void
test_marks(void **state)
{
	struct fx	*f = fx_fixture();
	struct marks	*m = marks_new(NULL);
	const struct mark *k;
	const char	*label, *ptext;
	char		 buf[256], want[256];
	size_t		 off;
	uint64_t	 id;
	int		 cur, flags, pct;

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
	k = marks_get(m, FP, 0);
	assert_int_equal(k->off, off);
	assert_string_equal(k->section, "第2章 标题2");
	/* The default name: the section and the text there, cut short. */
	assert_string_equal(k->name, "\xc2\xa7" "2 第2章 标题2");
	view_apply(f->v, CMD_LINE_DOWN, 2);
	pct = view_percent(f->v);
	view_apply(f->v, CMD_MARK_ADD, -1);
	view_answer(f->v, "");
	assert_int_equal(marks_count(m, FP), 2);
	k = marks_get(m, FP, 1);
	assert_memory_equal(k->snippet, f->text + k->off, strlen(k->snippet));
	/* The default name is the section's: "§N title" (issue 15). */
	assert_string_equal(k->name, "\xc2\xa7" "2 第2章 标题2");
	view_apply(f->v, CMD_MARK_LIST, -1);
	assert_int_equal(view_list_count(f->v), 2);
	/* Listed: percentage, name and snippet (the section is the name). */
	view_list_text(f->v, 1, buf, sizeof buf, &cur);
	snprintf(want, sizeof want, "%3d%%  \xc2\xa7" "2 第2章 标题2  "
	    "2-0 这是一段用\xe2\x80\xa6", pct);
	assert_string_equal(buf, want);
	/* d deletes; u brings it back, the same bookmark, selected. */
	view_apply(f->v, CMD_LIST_DOWN, -1);
	id = marks_get(m, FP, 1)->id;
	assert_true(view_key(f->v, 'd') & VIEW_SAVE);
	assert_int_equal(marks_count(m, FP), 1);
	assert_non_null(strstr(f->v->msg, "u brings it back"));
	assert_true(view_key(f->v, 'u') & VIEW_SAVE);
	assert_int_equal(marks_count(m, FP), 2);
	assert_int_equal(marks_get(m, FP, f->v->sel)->id, id);
	assert_int_equal(f->v->sel, 1);
	/* Deleted to the last: the list stays open, u still works. */
	view_key(f->v, 'd');
	view_key(f->v, 'd');
	assert_int_equal(marks_count(m, FP), 0);
	assert_int_equal(f->v->mode, VIEW_MODE_MARKS);
	view_key(f->v, 'u');
	view_key(f->v, 'u');
	assert_int_equal(marks_count(m, FP), 2);
	view_key(f->v, 'u');
	assert_string_equal(f->v->msg, "Nothing to bring back");
	/* Closed, the deletion stays. */
	view_key(f->v, 'j');
	view_key(f->v, 'd');
	view_apply(f->v, CMD_LIST_CLOSE, -1);
	assert_int_equal(f->v->nundo, 0);
	view_apply(f->v, CMD_MARK_LIST, -1);
	view_key(f->v, 'u');
	assert_int_equal(marks_count(m, FP), 1);
	view_apply(f->v, CMD_LIST_CLOSE, -1);

	view_apply(f->v, CMD_TOP, -1);
	view_apply(f->v, CMD_MARK_LIST, -1);
	assert_int_equal(f->v->mode, VIEW_MODE_MARKS);
	assert_int_equal(view_list_count(f->v), 1);
	view_list_text(f->v, 0, buf, sizeof buf, &cur);
	assert_non_null(strstr(buf, "标题2"));
	/* r: the prompt starts with the old name. */
	assert_int_equal(view_apply(f->v, CMD_LIST_RENAME, -1), VIEW_PROMPT);
	assert_int_equal(view_prompt(f->v, &label, &ptext),
	    VIEW_PROMPT_MARK_RENAME);
	assert_string_equal(ptext, "\xc2\xa7" "2 第2章 标题2");
	assert_true(view_answer(f->v, "新名字") & VIEW_SAVE);
	assert_string_equal(marks_get(m, FP, 0)->name, "新名字");
	view_apply(f->v, CMD_LIST_PICK, -1);
	assert_int_equal(f->v->mode, VIEW_MODE_TEXT);
	assert_int_equal(view_top_off(f->v), off);
	/* m where a bookmark is: rename it, no twin. */
	assert_int_equal(view_apply(f->v, CMD_MARK_ADD, -1), VIEW_PROMPT);
	assert_int_equal(view_prompt(f->v, &label, &ptext),
	    VIEW_PROMPT_MARK_RENAME);
	assert_string_equal(ptext, "新名字");
	assert_non_null(strstr(label, "rename"));
	view_answer(f->v, "改过的名字");
	assert_int_equal(marks_count(m, FP), 1);
	assert_string_equal(marks_get(m, FP, 0)->name, "改过的名字");
	/* A row further down is another place: m adds one. */
	view_apply(f->v, CMD_LINE_DOWN, 3);
	view_apply(f->v, CMD_MARK_ADD, -1);
	assert_int_equal(view_prompt(f->v, &label, &ptext), VIEW_PROMPT_MARK_NAME);
	assert_string_equal(ptext, "");
	view_answer(f->v, NULL);
	view_apply(f->v, CMD_LINE_UP, 3);
	view_apply(f->v, CMD_MARK_LIST, -1);
	assert_true(view_apply(f->v, CMD_LIST_DELETE, -1) & VIEW_SAVE);
	assert_int_equal(marks_count(m, FP), 0);
	view_apply(f->v, CMD_LIST_CLOSE, -1);

	/* The position saved at exit is where the next run resumes. */
	view_save_reading(f->v, 1);
	view_apply(f->v, CMD_TOP, -1);
	flags = view_set_marks(f->v, m, FP, "/x/book.md", 1);
	assert_true(flags & VIEW_DRAW);
	assert_int_equal(view_top_off(f->v), off);
	/* The issue's words, exactly. */
	snprintf(want, sizeof want, "resumed at \xc2\xa7" "2 \xc2\xb7 %d%%",
	    view_percent(f->v));
	assert_string_equal(f->v->msg, want);
	view_apply(f->v, CMD_TOP, -1);
	view_set_marks(f->v, m, FP, "/x/book.md", 0);
	assert_int_equal(view_top_off(f->v), 0);
	fx_close(f);
	marks_free(m);
}

/* The fixture text n times over (about 9 KiB each), so a pipe holds more
 * than doc_open() reads at once. */
static char *
make_long_text(int n, size_t *len)
{
	size_t	 one, i;
	char	*t = make_text(&one), *s = malloc(one * (size_t)n + 1);

	assert_non_null(s);
	for (i = 0; i < (size_t)n; i++)
		memcpy(s + i * one, t, one);
	s[one * (size_t)n] = '\0';
	free(t);
	*len = one * (size_t)n;
	return s;
}

/* The offset of the first plain paragraph (not a heading, whose text
 * starts after its "# ") starting after off. */
static size_t
para_after(const char *text, size_t off)
{
	const char	*p = strstr(text + off, "\n\n1-");

	assert_non_null(p);
	return (size_t)(p + 2 - text);
}

/* The fingerprint a text gets, whatever it comes through. */
static char *
fingerprint_of(const char *text, size_t len)
{
	struct doc_opts	 o;
	struct doc	*d;
	char		*fp;

	memset(&o, 0, sizeof o);
	o.no_scan = 1;
	d = doc_open_mem(text, len, "x", &o, NULL);
	assert_non_null(d);
	assert_non_null(doc_fingerprint(d));
	fp = strdup(doc_fingerprint(d));
	doc_free(d);
	return fp;
}

static void
test_pipe_marks_wait_for_fingerprint(void **state)
{
	size_t		 len, off;
	char		*text = make_long_text(32, &len), *fp;
	struct marks	*m = marks_new(NULL);
	struct fx	*f;
	char		 left[256], right[256];
	pid_t		 pid;
	int		 flags;

	(void)state;
	fp = fingerprint_of(text, len);
	off = para_after(text, len * 2 / 3);
	set_position(m, fp, "/x/book.md", off, 66.0, "");

	/* Untouched until the spool is complete: then it resumes. */
	f = fx_pipe(text, len, 0, &pid);
	assert_null(doc_fingerprint(f->doc));
	assert_int_equal(view_set_marks(f->v, m, NULL, "", 1), 0);
	assert_null(f->v->marks);
	assert_int_equal(view_apply(f->v, CMD_MARK_ADD, -1) & VIEW_PROMPT, 0);
	assert_non_null(strstr(f->v->msg, "not available"));
	assert_int_equal(view_poll(f->v) & VIEW_DRAW, 0);
	assert_int_equal(view_top_off(f->v), 0);
	/* Size unknown: the status tells how much came in. */
	status_parts(f, left, sizeof left, right, sizeof right);
	assert_non_null(strstr(right, "reading 64 KiB"));
	doc_scan_wait(f->doc);
	assert_string_equal(doc_fingerprint(f->doc), fp);
	flags = view_poll(f->v);
	assert_true(flags & VIEW_DRAW);
	assert_ptr_equal(f->v->marks, m);
	assert_int_equal(view_top_off(f->v), off);
	assert_true(strncmp(f->v->msg, "resumed at ", 11) == 0);
	assert_string_equal(f->v->path, "");
	assert_true(view_apply(f->v, CMD_MARK_ADD, -1) & VIEW_PROMPT);
	assert_true(view_answer(f->v, "piped") & VIEW_SAVE);
	assert_int_equal(marks_count(m, fp), 1);
	assert_string_equal(marks_get(m, fp, 0)->path, "");
	/* Once only. */
	assert_int_equal(view_poll(f->v) & VIEW_DRAW, 0);
	fx_pipe_close(f, pid);

	/* The reader moved before it was known: marks, but no jump. */
	f = fx_pipe(text, len, 0, &pid);
	view_set_marks(f->v, m, NULL, "", 1);
	view_apply(f->v, CMD_LINE_DOWN, 3);
	off = view_top_off(f->v);
	assert_true(off > 0);
	doc_scan_wait(f->doc);
	view_poll(f->v);
	assert_ptr_equal(f->v->marks, m);
	/* Still where the reader went (the heading there is laid out
	 * again when the outline arrives: its text starts after "# "). */
	assert_in_range(view_top_off(f->v), off, off + 2);
	fx_pipe_close(f, pid);

	/* Resume off (--no-resume, -p): marks, no jump. */
	f = fx_pipe(text, len, 0, &pid);
	view_set_marks(f->v, m, NULL, "", 0);
	doc_scan_wait(f->doc);
	view_poll(f->v);
	assert_ptr_equal(f->v->marks, m);
	assert_int_equal(view_top_off(f->v), 0);
	fx_pipe_close(f, pid);
	free(fp);
	free(text);
	marks_free(m);
}

static void
test_pipe_too_large(void **state)
{
	size_t		 len;
	char		*text = make_long_text(32, &len);
	struct marks	*m = marks_new(NULL);
	struct fx	*f;
	pid_t		 pid;
	int		 flags;

	(void)state;
	assert_true(len > 256 * 1024);
	f = fx_pipe(text, len, 128 * 1024, &pid);
	view_set_marks(f->v, m, NULL, "", 1);
	assert_string_equal(f->v->msg, "");
	doc_scan_wait(f->doc);
	assert_non_null(doc_error(f->doc));
	flags = view_poll(f->v);
	assert_true(flags & VIEW_STATUS);
	assert_non_null(strstr(f->v->msg, "input too large"));
	assert_non_null(strstr(f->v->msg, "text cut short"));
	/* An incomplete text gets no bookmarks. */
	assert_null(f->v->marks);
	assert_true(doc_len(f->doc) <= 128 * 1024);
	/* Told once: a key clears it and no poll brings it back. */
	view_apply(f->v, CMD_LINE_DOWN, -1);
	assert_string_equal(f->v->msg, "");
	assert_int_equal(view_poll(f->v) & VIEW_STATUS, 0);
	assert_string_equal(f->v->msg, "");
	fx_pipe_close(f, pid);
	free(text);
	marks_free(m);
}

/* A bookmark as view makes them: off and the text there. */
static void
add_mark(struct marks *m, const char *fp, const char *text, size_t off,
    const char *name)
{
	struct mark	k;
	char		snippet[64];

	memset(&k, 0, sizeof k);
	snprintf(snippet, sizeof snippet, "%.*s", 30, text + off);
	k.fp = (char *)fp;
	k.path = "/x/book.md";
	k.off = off;
	k.name = (char *)name;
	k.snippet = snippet;
	k.time = 1000 + (time_t)off;
	marks_add(m, &k);
}

/* Replace text[at, at + cut) with ins; returns the new text. */
static char *
edit(const char *text, size_t at, size_t cut, const char *ins)
{
	size_t	 len = strlen(text), n = strlen(ins);
	char	*s = malloc(len - cut + n + 1);

	assert_non_null(s);
	memcpy(s, text, at);
	memcpy(s + at, ins, n);
	memcpy(s + at + n, text + at + cut, len - at - cut + 1);
	return s;
}

static void
test_reanchor_edited_text(void **state)
{
	size_t		 len, a, b, c, na, i;
	char		*text = make_text(&len), *e1, *e2, buf[256];
	struct marks	*m = marks_new(NULL);
	struct fx	*f;
	char		 snip[64];
	int		 cur, flags, lost = 0, found = 0;

	(void)state;
	a = (size_t)(strstr(text, "2-5 ") - text);
	b = (size_t)(strstr(text, "3-1 ") - text);
	add_mark(m, FP, text, a, "two-five");
	add_mark(m, FP, text, b, "three-one");
	snprintf(snip, sizeof snip, "%.*s", 30, text + a);
	set_position(m, FP, "/x/book.md", a, 40.0, snip);

	/* A paragraph inserted at the top, one after the marks deleted, and
	 * the paragraph of the second mark rewritten. */
	e1 = edit(text, 0, 0, "新加的第一段，放在最前面。\n\n");
	c = (size_t)(strstr(e1, "2-7 ") - e1);
	e2 = edit(e1, c, (size_t)(strstr(e1, "2-8 ") - e1) - c, "");
	free(e1);
	c = (size_t)(strstr(e2, "3-1 ") - e2);
	e1 = edit(e2, c, (size_t)(strstr(e2, "\n\n3-2 ") - e2) - c,
	    "全新的段落，原来的文字都不见了。");
	free(e2);
	na = (size_t)(strstr(e1, "2-5 ") - e1);
	assert_true(na > a);

	f = fx_open(e1, strlen(e1), "book.md", 1);
	f->text = e1;
	assert_string_not_equal(doc_fingerprint(f->doc), FP);
	/* No path (stdin): nothing to follow. */
	flags = view_set_marks(f->v, m, doc_fingerprint(f->doc), "", 1);
	assert_int_equal(flags, 0);
	assert_int_equal(marks_count(m, doc_fingerprint(f->doc)), 0);
	flags = view_set_marks(f->v, m, doc_fingerprint(f->doc), "/x/book.md", 1);
	assert_true(flags & VIEW_SAVE);
	assert_int_equal(marks_count(m, FP), 0);
	assert_int_equal(marks_count(m, f->v->fp), 2);
	for (i = 0; i < 2; i++) {
		const struct mark *k = marks_get(m, f->v->fp, i);

		if (strcmp(k->name, "two-five") == 0) {
			assert_false(k->lost);
			assert_int_equal(k->off, na);
			found++;
		} else {
			assert_true(k->lost);
			lost++;
		}
	}
	assert_int_equal(found, 1);
	assert_int_equal(lost, 1);
	/* The position followed the text and the reader is told. */
	assert_int_equal(view_top_off(f->v), na);
	assert_non_null(strstr(f->v->msg, "1 of 2 bookmarks could not be found"));
	view_apply(f->v, CMD_MARK_LIST, -1);
	assert_int_equal(view_list_count(f->v), 2);
	for (i = 0, lost = 0; i < 2; i++) {
		view_list_text(f->v, i, buf, sizeof buf, &cur);
		if (strstr(buf, "three-one") != NULL) {
			assert_non_null(strstr(buf, "[lost]"));
			lost++;
			f->v->sel = i;
		} else
			assert_null(strstr(buf, "[lost]"));
	}
	assert_int_equal(lost, 1);
	/* A lost one still goes somewhere, and says why. */
	view_apply(f->v, CMD_LIST_PICK, -1);
	assert_int_equal(f->v->mode, VIEW_MODE_TEXT);
	assert_non_null(strstr(f->v->msg, "changed or removed"));
	/* Done once: a second look finds records for fp and moves nothing. */
	assert_int_equal(view_set_marks(f->v, m, f->v->fp, "/x/book.md", 0) &
	    VIEW_SAVE, 0);
	fx_close(f);
	free(text);
	marks_free(m);
}

/* The snippet found nearest to the old offset, forward or backward, also
 * more than one search window (1 MiB) away; an absent one is lost. */
static void
test_reanchor_nearest(void **state)
{
	static const char	 needle[] = "独一无二的句子在这里。";
	static const struct {
		size_t	old;
		int	want;	/* index into pos, -1: lost */
	} cases[] = {
		{ 300000, 0 }, { 500000, 1 }, { 1900000, 1 }, { 2100000, 2 },
		{ 3u << 20, 2 }, { 0, -1 },
	};
	size_t			 len = 3u << 20, pos[3], i, n = strlen(needle);
	char			*text = malloc(len + 1);
	const struct mark	*got;
	struct marks		*m;
	struct fx		*f;
	struct mark		 k;

	(void)state;
	assert_non_null(text);
	for (i = 0; i < len; i++)
		text[i] = i % 61 == 60 ? '\n' : (char)('a' + i % 23);
	text[len] = '\0';
	pos[0] = 1000;
	pos[1] = 800000;
	pos[2] = len - 100;
	for (i = 0; i < 3; i++)
		memcpy(text + pos[i], needle, n);
	f = fx_open(text, len, "big.txt", 1);
	f->text = text;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		m = marks_new(NULL);
		memset(&k, 0, sizeof k);
		k.fp = FP;
		k.path = "/x/big.txt";
		k.off = cases[i].old;
		k.name = "n";
		k.snippet = cases[i].want < 0 ? "不在文中" : (char *)needle;
		k.time = 1;
		marks_add(m, &k);
		view_set_marks(f->v, m, doc_fingerprint(f->doc), "/x/big.txt", 0);
		assert_int_equal(marks_count(m, f->v->fp), 1);
		got = marks_get(m, f->v->fp, 0);
		if (cases[i].want < 0) {
			assert_true(got->lost);
			assert_int_equal(got->off, cases[i].old);
		} else {
			assert_false(got->lost);
			assert_int_equal(got->off, pos[cases[i].want]);
		}
		marks_free(m);
	}
	fx_close(f);
}

/* The file changes under the reader (issue 14): truncated, the next key
 * clamps the view to the new end and says so; appended to, the text shows
 * once the reader goes to the end (G) and not before. */
static void
test_file_changes(void **state)
{
	char			 dir[] = "/tmp/juan-view-test.XXXXXX", path[64];
	struct fx		 f;
	struct doc_opts		 o;
	struct layout_line	 rows[ROWS];
	size_t			 len;
	char			*text = make_text(&len);
	FILE			*fp;
	int			 n;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/book.md", dir);
	fp = fopen(path, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(text, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
	memset(&f, 0, sizeof f);
	memset(&o, 0, sizeof o);
	o.markdown = 1;
	o.no_scan = 1;
	f.doc = doc_open(path, &o, NULL);
	assert_non_null(f.doc);
	doc_scan_wait(f.doc);
	fx_view(&f);
	view_apply(f.v, CMD_PERCENT_GOTO, 50);
	assert_true(view_top_off(f.v) > len / 3);

	assert_int_equal(truncate(path, 100), 0);
	view_key(f.v, 'j');
	assert_string_equal(f.v->msg, "file truncated");
	assert_int_equal(doc_len(f.doc), 100);
	assert_true(view_top_off(f.v) < 100);
	n = view_rows(f.v, rows, ROWS);
	assert_true(n > 0 && rows[n - 1].off + rows[n - 1].len <= 100);

	fp = fopen(path, "ab");
	assert_non_null(fp);
	assert_true(fputs("\n\n追加在文件末尾的一段。\n", fp) >= 0);
	assert_int_equal(fclose(fp), 0);
	view_key(f.v, 'k');	/* not going to the end: not taken up */
	assert_int_equal(doc_len(f.doc), 100);
	view_key(f.v, 'G');
	assert_string_equal(f.v->msg, "file changed: reloaded");
	assert_true(doc_len(f.doc) > 100);
	n = view_rows(f.v, rows, ROWS);
	assert_true(n > 0);
	assert_int_equal(rows[n - 1].off + rows[n - 1].len + 1, doc_len(f.doc));
	doc_scan_wait(f.doc);
	view_poll(f.v);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(rmdir(dir), 0);
	view_free(f.v);
	doc_free(f.doc);
	free(text);
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
		cmocka_unit_test(test_toc_big),
		cmocka_unit_test(test_help),
		cmocka_unit_test(test_resize_keeps_top),
		cmocka_unit_test(test_width_keys),
		cmocka_unit_test(test_scan_in_progress),
		cmocka_unit_test(test_hostile_name_and_count),
		cmocka_unit_test(test_search),
		cmocka_unit_test(test_search_typeahead),
		cmocka_unit_test(test_status_follows_view),
		cmocka_unit_test(test_status_position),
		cmocka_unit_test(test_spacing_indent_keys),
		cmocka_unit_test(test_doc_settings),
		cmocka_unit_test(test_convert_key),
		cmocka_unit_test(test_count_keys),
		cmocka_unit_test(test_ui_interface),
		cmocka_unit_test(test_mark_snippet_boundaries),
		cmocka_unit_test(test_marks),
		cmocka_unit_test(test_pipe_marks_wait_for_fingerprint),
		cmocka_unit_test(test_pipe_too_large),
		cmocka_unit_test(test_reanchor_edited_text),
		cmocka_unit_test(test_reanchor_nearest),
		cmocka_unit_test(test_file_changes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
