/* view: the pager state machine.
 *
 * Data model: the reader's place is v->top, a layout position (paragraph
 * offset + row), plus v->anchor, the byte offset that position was chosen
 * for. Reflows (resize, +/-, the outline arriving) go back through the
 * anchor, so a storm of resizes never drifts the text. Positions order as
 * (para, row) because para is a doc offset.
 *
 * Invariants: rows, cols, text_rows >= 1; lo.width >= 1; rowbuf holds
 * text_rows rows; in a list mode sel < view_list_count() (or 0) and sel is
 * within [list_top, list_top + text_rows). Scrolling down stops when the last
 * row of the text reaches the last text row, but a jump (section, search,
 * bookmark) may put its target on the top row even near the end.
 *
 * Bookmarks wait in marks_wait until the fingerprint is known (a pipe being
 * spooled, or a file's still being hashed when no resume needed it for the
 * first screen: the first poll, at the first key, waits for it); an edited
 * file's are re-anchored by snippet when they arrive.
 *
 * No curses and no file I/O: ui.c draws and saves; this file only decides. */
#define _GNU_SOURCE		/* memmem */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <time.h>

#include "doc.h"
#include "keymap.h"
#include "layout.h"
#include "marks.h"
#include "outline.h"
#include "search.h"
#include "ustr.h"
#include "util.h"
#include "view.h"

#define DEFAULT_WIDTH	80
#define MIN_WIDTH	10	/* narrowest column +/- goes to (or the screen) */
#define HANG_GUTTER	2
#define RESUMED		"resumed at "	/* the resume message's start */
#define SNIP_BYTES	64	/* bytes of text kept to re-anchor a bookmark */
#define SNIP_SLACK	32
#define SNIP_CELLS	16	/* cells of it a default name and the list show */

static int	search_prompt(struct view *, int);
static int	search_again(struct view *, int, long);
static void	search_drop(struct view *);
static void	match_status(struct view *, char *, size_t);
static int	mark_prompt(struct view *, int);
static void	resume_message(struct view *);
static void	snippet_show(const char *, char *, size_t);
static int	visible(struct view *, size_t);

static int
pos_cmp(struct layout_pos a, struct layout_pos b)
{
	if (a.para != b.para)
		return a.para < b.para ? -1 : 1;
	if (a.row != b.row)
		return a.row < b.row ? -1 : 1;
	return 0;
}

static const struct outline *
view_outline(struct view *v)
{
	return v->scan_done ? doc_outline(v->doc) : NULL;
}

/* Derive text_rows, the column and its position from the screen and the
 * width asked for. */
static void
geometry(struct view *v)
{
	int	gutter = v->lo.hang ? HANG_GUTTER : 0;
	int	w;

	v->text_rows = v->rows >= 2 ? v->rows - 1 : 1;
	v->status_row = v->rows >= 2 ? v->rows - 1 : -1;
	w = v->want_width;
	if (w > v->cols - gutter)
		w = v->cols - gutter;
	if (w < 1)
		w = 1;
	v->lo.width = w;
	v->left = (v->cols - w - gutter) / 2;
	if (v->left < 0)
		v->left = 0;
	v->rowbuf = xreallocarray(v->rowbuf, (size_t)v->text_rows,
	    sizeof *v->rowbuf);
}

static void
set_top(struct view *v, struct layout_pos pos)
{
	v->moved = 1;
	v->top = pos;
	v->anchor = layout_pos_off(v->layout, pos);
}

/* Reflow after a change of width or of headings, keeping the anchor on the
 * top row. */
static void
reflow(struct view *v, int width_changed)
{
	if (width_changed)
		layout_set_opts(v->layout, &v->lo);
	else
		layout_invalidate(v->layout);
	v->top = layout_pos_at(v->layout, v->anchor);
}

/* The last legal top for scrolling: the position that shows the last row on
 * the last text row, or top itself when a jump already went past it. */
static struct layout_pos
clamp_down(struct view *v, struct layout_pos p)
{
	struct layout_pos	end;

	if (layout_rows(v->layout, p, v->rowbuf, v->text_rows) == v->text_rows)
		return p;
	end = layout_end(v->layout, v->text_rows);
	if (pos_cmp(p, end) <= 0)
		return p;
	return pos_cmp(v->top, end) > 0 ? v->top : end;
}

static int
scroll(struct view *v, long delta)
{
	struct layout_pos	p = v->top;

	layout_move(v->layout, &p, delta);
	if (delta > 0)
		p = clamp_down(v, p);
	if (pos_cmp(p, v->top) == 0)
		return 0;
	set_top(v, p);
	return VIEW_DRAW | VIEW_STATUS;
}

void
view_message(struct view *v, const char *fmt, ...)
{
	char	raw[VIEW_MSG_MAX];
	va_list	ap;

	v->msg[0] = '\0';
	if (fmt == NULL || *fmt == '\0')
		return;
	va_start(ap, fmt);
	vsnprintf(raw, sizeof raw, fmt, ap);
	va_end(ap);
	ustr_sanitize(raw, strlen(raw), v->msg, sizeof v->msg);
}

static void
build_help(struct view *v)
{
	static const char head[] =
	    "Keys (a number typed first repeats a move, or picks section N"
	    " with s, N percent with %):\n";
	static const char lists[] =
	    "\nIn the contents, this help and the bookmark list (a number"
	    " typed first repeats a move):\n";
	size_t	np, nl, len, i, n;

	np = keymap_describe(KEYMAP_PAGER, NULL, 0);
	nl = keymap_describe(KEYMAP_LIST, NULL, 0);
	len = sizeof head - 1 + np + sizeof lists - 1 + nl;
	v->help = xmalloc(len + 1);
	memcpy(v->help, head, sizeof head - 1);
	n = sizeof head - 1;
	keymap_describe(KEYMAP_PAGER, v->help + n, np + 1);
	n += np;
	memcpy(v->help + n, lists, sizeof lists - 1);
	n += sizeof lists - 1;
	keymap_describe(KEYMAP_LIST, v->help + n, nl + 1);
	v->help[len] = '\0';

	v->help_count = 0;
	for (i = 0; i < len; i++)
		v->help_count += v->help[i] == '\n';
	v->help_lines = xcalloc(v->help_count + 1, sizeof *v->help_lines);
	v->help_lines[0] = 0;
	for (i = 0, n = 1; i < len && n <= v->help_count; i++) {
		if (v->help[i] == '\n')
			v->help_lines[n++] = i + 1;
	}
}

struct view *
view_new(struct doc *doc, const struct view_opts *o, int rows, int cols)
{
	struct view	*v = xcalloc(1, sizeof *v);
	const char	*name = doc_name(doc), *slash;
	char		 safe[512];

	v->doc = doc;
	v->want_width = o->width > 0 ? o->width : DEFAULT_WIDTH;
	v->cjk_per_min = o->cjk_per_min > 0 ? o->cjk_per_min : 400;
	v->words_per_min = o->words_per_min > 0 ? o->words_per_min : 250;
	v->lo.indent = o->indent;
	v->lo.hang = o->hang;
	v->lo.glue_num_unit = o->glue_num_unit;
	v->lo.para_spacing = o->para_spacing;
	v->rows = rows >= 1 ? rows : 1;
	v->cols = cols >= 1 ? cols : 1;
	v->count = -1;
	geometry(v);
	v->layout = layout_new(doc, &v->lo);
	v->top = layout_pos_at(v->layout, 0);

	if ((slash = strrchr(name, '/')) != NULL && slash[1] != '\0')
		name = slash + 1;
	ustr_sanitize(name, strlen(name), safe, sizeof safe);
	v->title = xstrdup(safe);
	build_help(v);
	v->scan_done = doc_scan_done(doc);
	v->seen_len = doc_len(doc);
	return v;
}

void
view_free(struct view *v)
{
	if (v == NULL)
		return;
	search_drop(v);
	layout_free(v->layout);
	free(v->rowbuf);
	free(v->fp);
	free(v->path);
	free(v->title);
	free(v->help);
	free(v->help_lines);
	free(v);
}

void
view_resize(struct view *v, int rows, int cols)
{
	v->rows = rows >= 1 ? rows : 1;
	v->cols = cols >= 1 ? cols : 1;
	geometry(v);
	reflow(v, 1);
	if (v->mode != VIEW_MODE_TEXT && v->sel >= v->list_top + (size_t)v->text_rows)
		v->list_top = v->sel - (size_t)v->text_rows + 1;
}

void
view_screen(const struct view *v, struct view_screen *s)
{
	s->mode = v->mode;
	s->text_rows = v->text_rows;
	s->status_row = v->status_row;
	s->left = v->left;
	s->width = v->lo.width;
	s->list_top = v->list_top;
	s->sel = v->mode == VIEW_MODE_HELP ? SIZE_MAX : v->sel;
}

int
view_searching(const struct view *v)
{
	return v->searching;
}

const struct search_match *
view_match(const struct view *v)
{
	return v->has_match ? &v->match : NULL;
}

int
view_prompt(const struct view *v, const char **label)
{
	*label = v->prompt_label != NULL ? v->prompt_label : "";
	return v->prompt;
}

int
view_wheel(struct view *v, int rows)
{
	enum cmd	cmd;

	if (v->mode == VIEW_MODE_TEXT)
		cmd = rows < 0 ? CMD_LINE_UP : CMD_LINE_DOWN;
	else
		cmd = rows < 0 ? CMD_LIST_UP : CMD_LIST_DOWN;
	return view_apply(v, cmd, rows < 0 ? -(long)rows : rows);
}

size_t
view_top_off(struct view *v)
{
	return layout_pos_off(v->layout, v->top);
}

int
view_rows(struct view *v, struct layout_line *out, int max)
{
	return layout_rows(v->layout, v->top, out, max);
}

void
view_jump(struct view *v, size_t off)
{
	v->jump_off = v->anchor;
	v->has_jump = 1;
	set_top(v, layout_pos_at(v->layout, off));
}

static int
need_outline(struct view *v, const struct outline **o)
{
	*o = view_outline(v);
	if (*o == NULL) {
		view_message(v, "Sections are not known yet (scanning %d%%)",
		    v->scan_pct);
		return 0;
	}
	if (outline_count(*o) == 0) {
		view_message(v, "This document has no sections");
		return 0;
	}
	return 1;
}

/* Section jumps compare with the paragraph of the top row, so `]` from a
 * heading on the top row goes to the following one and `[` inside a section
 * goes back to its own heading first (a heading may have a spacer row
 * before its text, so "on the heading" means at or above its text row). */
static int
section_step(struct view *v, int forward, long n)
{
	const struct outline	*o;
	size_t			 count, i, off;
	ssize_t			 target = -1;

	if (!need_outline(v, &o))
		return VIEW_STATUS;
	count = outline_count(o);
	if (forward) {
		for (i = 0; i < count && target < 0; i++) {
			if (outline_get(o, i)->off > v->top.para)
				target = (ssize_t)i;
		}
		if (target >= 0)
			target += n - 1;
		if (target >= (ssize_t)count)
			target = (ssize_t)count - 1;
	} else {
		for (i = count; i > 0 && target < 0; i--) {
			off = outline_get(o, i - 1)->off;
			if (off < v->top.para || (off == v->top.para &&
			    pos_cmp(v->top, layout_pos_at(v->layout, off)) > 0))
				target = (ssize_t)i - 1;
		}
		if (target >= 0)
			target -= n - 1;
		if (target < 0 && n > 1)
			target = 0;
	}
	if (target < 0) {
		view_message(v, forward ? "No more sections" :
		    "No section before this one");
		return VIEW_STATUS;
	}
	view_jump(v, outline_get(o, (size_t)target)->off);
	return VIEW_DRAW | VIEW_STATUS;
}

static int
section_goto(struct view *v, long n)
{
	const struct outline	*o;

	if (!need_outline(v, &o))
		return VIEW_STATUS;
	if (n < 1 || (size_t)n > outline_count(o)) {
		if (n < 0)
			view_message(v, "Type the section number first, e.g. 2s");
		else
			view_message(v, "No section %ld (there are %zu)", n,
			    outline_count(o));
		return VIEW_STATUS;
	}
	view_jump(v, outline_get(o, (size_t)n - 1)->off);
	return VIEW_DRAW | VIEW_STATUS;
}

static int
percent_goto(struct view *v, long n)
{
	size_t	len = doc_len(v->doc);

	if (n < 0) {
		view_message(v, "Type the percentage first, e.g. 50%%");
		return VIEW_STATUS;
	}
	if (n >= 100) {
		v->jump_off = v->anchor;
		v->has_jump = 1;
		set_top(v, layout_end(v->layout, v->text_rows));
		return VIEW_DRAW | VIEW_STATUS;
	}
	view_jump(v, (size_t)((double)len * (double)n / 100.0));
	set_top(v, clamp_down(v, v->top));
	return VIEW_DRAW | VIEW_STATUS;
}

static int
set_width(struct view *v, int delta)
{
	int	w = v->lo.width + delta;
	int	max = v->cols - (v->lo.hang ? HANG_GUTTER : 0);
	int	min = MIN_WIDTH < max ? MIN_WIDTH : max;

	if (w > max)
		w = max;
	if (w < min)
		w = min;
	if (w < 1)
		w = 1;
	if (w == v->lo.width) {
		view_message(v, "Width %d is the %s", w, delta > 0 ?
		    "widest this window allows" : "narrowest");
		return VIEW_STATUS;
	}
	v->want_width = w;
	geometry(v);
	reflow(v, 1);
	view_message(v, "Width %d", w);
	return VIEW_DRAW | VIEW_STATUS | VIEW_CLEAR;
}

static int
open_list(struct view *v, int mode)
{
	const struct outline	*o;
	ssize_t			 cur;

	if (mode == VIEW_MODE_TOC) {
		if (!need_outline(v, &o))
			return VIEW_STATUS;
		cur = outline_at(o, view_top_off(v));
		v->sel = cur < 0 ? 0 : (size_t)cur;
	} else if (mode == VIEW_MODE_MARKS) {
		if (v->marks == NULL || marks_count(v->marks, v->fp) == 0) {
			view_message(v, "No bookmarks yet (m adds one)");
			return VIEW_STATUS;
		}
		v->sel = 0;
	} else
		v->sel = 0;
	v->mode = mode;
	v->list_top = 0;
	if (v->sel >= (size_t)v->text_rows)
		v->list_top = v->sel - (size_t)v->text_rows / 2;
	return VIEW_DRAW | VIEW_STATUS | VIEW_CLEAR;
}

static int
text_apply(struct view *v, enum cmd cmd, long count)
{
	long	n = count > 0 ? count : 1;
	long	page = v->text_rows;
	long	half = v->text_rows / 2 > 0 ? v->text_rows / 2 : 1;

	switch (cmd) {
	case CMD_LINE_DOWN:
		return scroll(v, n);
	case CMD_LINE_UP:
		return scroll(v, -n);
	case CMD_PAGE_DOWN:
		return scroll(v, n * page);
	case CMD_PAGE_UP:
		return scroll(v, -n * page);
	case CMD_HALF_DOWN:
		return scroll(v, n * half);
	case CMD_HALF_UP:
		return scroll(v, -n * half);
	case CMD_TOP:
		view_jump(v, 0);
		return VIEW_DRAW | VIEW_STATUS;
	case CMD_BOTTOM:
		return percent_goto(v, 100);
	case CMD_SECTION_NEXT:
		return section_step(v, 1, n);
	case CMD_SECTION_PREV:
		return section_step(v, 0, n);
	case CMD_SECTION_GOTO:
		return section_goto(v, count);
	case CMD_PERCENT_GOTO:
		return percent_goto(v, count);
	case CMD_TOC:
		return open_list(v, VIEW_MODE_TOC);
	case CMD_HELP:
		return open_list(v, VIEW_MODE_HELP);
	case CMD_JUMP_BACK:
		if (!v->has_jump) {
			view_message(v, "No jump to return from");
			return VIEW_STATUS;
		}
		view_jump(v, v->jump_off);
		return VIEW_DRAW | VIEW_STATUS;
	case CMD_SEARCH_FWD:
		return search_prompt(v, 0);
	case CMD_SEARCH_BACK:
		return search_prompt(v, 1);
	case CMD_MATCH_NEXT:
		return search_again(v, 0, n);
	case CMD_MATCH_PREV:
		return search_again(v, 1, n);
	case CMD_SEARCH_CLEAR:
		if (v->searching)
			return view_search_cancel(v, 0);
		v->highlight = 0;
		return VIEW_DRAW | VIEW_STATUS;
	case CMD_MARK_ADD:
		return mark_prompt(v, VIEW_PROMPT_MARK_NAME);
	case CMD_MARK_LIST:
		return open_list(v, VIEW_MODE_MARKS);
	case CMD_WIDER:
		return set_width(v, (int)(2 * n));
	case CMD_NARROWER:
		return set_width(v, (int)(-2 * n));
	default:
		return 0;
	}
}

static void
list_show_sel(struct view *v)
{
	size_t	rows = (size_t)v->text_rows;

	if (v->sel < v->list_top)
		v->list_top = v->sel;
	else if (v->sel >= v->list_top + rows)
		v->list_top = v->sel - rows + 1;
}

static int
list_pick(struct view *v)
{
	const struct outline	*o = view_outline(v);
	const struct mark	*k;
	int			 mode = v->mode;

	v->mode = VIEW_MODE_TEXT;
	if (mode == VIEW_MODE_TOC && o != NULL && v->sel < outline_count(o))
		view_jump(v, outline_get(o, v->sel)->off);
	if (mode == VIEW_MODE_MARKS &&
	    (k = marks_get(v->marks, v->fp, v->sel)) != NULL) {
		view_jump(v, k->off < doc_len(v->doc) ? k->off : doc_len(v->doc));
		if (k->lost)
			view_message(v, "This bookmark's text was changed or "
			    "removed: this is where it used to be");
	}
	return VIEW_DRAW | VIEW_STATUS | VIEW_CLEAR;
}

static int
list_delete(struct view *v)
{
	size_t	n;

	if (v->mode != VIEW_MODE_MARKS || v->sel >= view_list_count(v))
		return 0;
	marks_delete(v->marks, v->fp, v->sel);
	n = view_list_count(v);
	if (n == 0)
		v->mode = VIEW_MODE_TEXT;
	else if (v->sel >= n)
		v->sel = n - 1;
	list_show_sel(v);
	view_message(v, "Bookmark deleted");
	return VIEW_DRAW | VIEW_STATUS | VIEW_SAVE | VIEW_CLEAR;
}

static int
list_apply(struct view *v, enum cmd cmd, long count)
{
	size_t	n = count > 0 ? (size_t)count : 1;
	size_t	total = view_list_count(v);
	size_t	page = (size_t)v->text_rows;
	size_t	last = total > 0 ? total - 1 : 0;

	/* Help has no selection: moving it scrolls. */
	if (v->mode == VIEW_MODE_HELP) {
		last = total > page ? total - page : 0;
		v->sel = v->list_top;
	}
	switch (cmd) {
	case CMD_LIST_DOWN:
		v->sel = v->sel + n < last ? v->sel + n : last;
		break;
	case CMD_LIST_UP:
		v->sel = v->sel > n ? v->sel - n : 0;
		break;
	case CMD_LIST_PAGE_DOWN:
		v->sel = v->sel + n * page < last ? v->sel + n * page : last;
		break;
	case CMD_LIST_PAGE_UP:
		v->sel = v->sel > n * page ? v->sel - n * page : 0;
		break;
	case CMD_LIST_FIRST:
		v->sel = 0;
		break;
	case CMD_LIST_LAST:
		v->sel = last;
		break;
	case CMD_LIST_PICK:
		if (v->mode != VIEW_MODE_HELP)
			return list_pick(v);
		return 0;
	case CMD_LIST_DELETE:
		return list_delete(v);
	case CMD_LIST_RENAME:
		if (v->mode == VIEW_MODE_MARKS && total > 0)
			return mark_prompt(v, VIEW_PROMPT_MARK_RENAME);
		return 0;
	case CMD_LIST_CLOSE:
	case CMD_QUIT:
		v->mode = VIEW_MODE_TEXT;
		return VIEW_DRAW | VIEW_STATUS | VIEW_CLEAR;
	default:
		return 0;
	}
	if (v->mode == VIEW_MODE_HELP)
		v->list_top = v->sel;
	else
		list_show_sel(v);
	return VIEW_DRAW | VIEW_STATUS;
}

int
view_apply(struct view *v, enum cmd cmd, long count)
{
	int	flags = v->msg[0] != '\0' || v->wrap_note ? VIEW_STATUS : 0;

	v->msg[0] = '\0';
	v->count = -1;
	/* A search still running has yet to say whether it wrapped. */
	if (!v->searching)
		v->wrap_note = 0;
	if (cmd == CMD_REDRAW)
		return VIEW_DRAW | VIEW_STATUS | VIEW_CLEAR;
	if (v->mode == VIEW_MODE_TEXT) {
		if (cmd == CMD_QUIT)
			return VIEW_QUIT;
		return flags | text_apply(v, cmd, count);
	}
	return flags | list_apply(v, cmd, count);
}

int
view_key(struct view *v, int key)
{
	enum cmd	cmd;
	long		count = v->count;

	if (keymap_count_key(&v->count, key))
		return VIEW_STATUS;
	cmd = keymap_lookup(v->mode == VIEW_MODE_TEXT ? KEYMAP_PAGER :
	    KEYMAP_LIST, key);
	if (cmd == CMD_NONE) {
		v->count = -1;
		return VIEW_STATUS;
	}
	return view_apply(v, cmd, count);
}

int
view_click(struct view *v, int y)
{
	size_t	i;

	if ((v->mode != VIEW_MODE_TOC && v->mode != VIEW_MODE_MARKS) || y < 0 ||
	    y >= v->text_rows)
		return 0;
	i = v->list_top + (size_t)y;
	if (i >= view_list_count(v))
		return 0;
	v->sel = i;
	return list_pick(v);
}

int
view_poll(struct view *v)
{
	struct marks	*m;
	const char	*err, *fp;
	size_t		 done, total, len, bytes;
	int		 pct, flags = 0;

	if (v->search != NULL && v->committed && !v->count_done) {
		v->count_done = search_count(v->search, &total);
		if (total != v->count_seen || v->count_done) {
			v->count_seen = total;
			flags |= VIEW_STATUS;
		}
	}
	len = doc_len(v->doc);
	if (len != v->seen_len) {
		/* A growing pipe: only a screen that is not full shows it. */
		v->seen_len = len;
		if (v->mode == VIEW_MODE_TEXT && layout_rows(v->layout, v->top,
		    v->rowbuf, v->text_rows) < v->text_rows) {
			reflow(v, 0);
			flags |= VIEW_DRAW;
		}
		flags |= VIEW_STATUS;
	}
	if (!v->error_shown && (err = doc_error(v->doc)) != NULL) {
		/* The text stops where the input did: no bookmarks for it. */
		v->error_shown = 1;
		v->marks_wait = NULL;
		view_message(v, "%s; text cut short", err);
		flags |= VIEW_STATUS;
	}
	if (v->marks_wait != NULL && (fp = doc_fingerprint(v->doc)) != NULL) {
		m = v->marks_wait;
		v->marks_wait = NULL;
		flags |= view_set_marks(v, m, fp, v->path,
		    v->resume_wait && !v->moved);
	}
	if (v->scan_done)
		return flags;
	if (doc_scan_done(v->doc)) {
		v->scan_done = 1;
		/* The outline changes paragraphs, so the search counts again
		 * (search_count): follow that count to its end too. */
		v->count_done = 0;
		reflow(v, 0);
		if (v->resumed && strncmp(v->msg, RESUMED, strlen(RESUMED)) == 0)
			resume_message(v);
		return flags | VIEW_DRAW | VIEW_STATUS;
	}
	doc_scan_progress(v->doc, &done, &total);
	/* A pipe of unknown size: how much has come in is all there is to
	 * tell. */
	bytes = total == 0 && !doc_len_final(v->doc) ? len : 0;
	pct = total > 0 ? (int)((double)done * 100.0 / (double)total) : 0;
	if (pct > 99)
		pct = 99;
	if (pct != v->scan_pct || bytes != v->scan_bytes) {
		v->scan_pct = pct;
		v->scan_bytes = bytes;
		flags |= VIEW_STATUS;
	}
	return flags;
}

int
view_percent(struct view *v)
{
	struct layout_pos	 p = v->top;
	size_t			 len = doc_len(v->doc), end;
	int			 n;

	if (len == 0)
		return 100;
	if (layout_move(v->layout, &p, v->text_rows) < v->text_rows)
		return 100;
	n = layout_rows(v->layout, v->top, v->rowbuf, v->text_rows);
	if (n <= 0)
		return 100;
	end = v->rowbuf[n - 1].off + v->rowbuf[n - 1].len;
	n = (int)((double)end * 100.0 / (double)len);
	return n > 99 ? 99 : n;
}

static void
format_minutes(double m, char *buf, size_t size)
{
	if (m < 1.0)
		snprintf(buf, size, "<1");
	else if (m < 1e6)
		snprintf(buf, size, "%.0f", m);
	else
		snprintf(buf, size, "many");
}

int
view_status(struct view *v, char *left, size_t lsize, char *right,
    size_t rsize)
{
	const struct outline	*o = view_outline(v);
	char			 count[32] = "", scan[32] = "", where[64] = "";
	char			 times[64] = "", tsec[16], tdoc[16], title[512];
	char			 found[1024];
	const char		*sec = NULL;
	size_t			 top = view_top_off(v);
	ssize_t			 cur;
	int			 exact;

	/* The preamble is no section: "§–/3" there. */
	if (o != NULL && outline_count(o) > 0) {
		cur = outline_at(o, top);
		if (cur >= 0) {
			sec = outline_get(o, (size_t)cur)->title;
			snprintf(where, sizeof where, "\xc2\xa7%zd/%zu  ",
			    cur + 1, outline_count(o));
		} else
			snprintf(where, sizeof where, "\xc2\xa7\xe2\x80\x93/%zu  ",
			    outline_count(o));
	}
	if (v->msg[0] != '\0')
		snprintf(left, lsize, "%s", v->msg);
	else if (v->searching)
		snprintf(left, lsize, "Searching\xe2\x80\xa6 (Esc cancels)");
	else if (v->mode == VIEW_MODE_TEXT && v->committed && v->has_match &&
	    v->highlight && visible(v, v->match.off)) {
		/* The count names the match's section only while the match is
		 * on screen: after a move away, the status follows the view. */
		match_status(v, found, sizeof found);
		snprintf(left, lsize, "%s", found);
	} else if (v->mode == VIEW_MODE_TOC)
		snprintf(left, lsize, "Contents: Enter goes there, q closes");
	else if (v->mode == VIEW_MODE_MARKS)
		snprintf(left, lsize, "Bookmarks: Enter goes there, d deletes, "
		    "r renames, q closes");
	else if (v->mode == VIEW_MODE_HELP)
		snprintf(left, lsize, "Help: q closes");
	else if (sec != NULL) {
		ustr_sanitize(sec, strlen(sec), title, sizeof title);
		snprintf(left, lsize, "%s \xc2\xb7 %s", v->title, title);
	} else
		snprintf(left, lsize, "%s", v->title);

	if (v->count >= 0)
		snprintf(count, sizeof count, "%ld  ", v->count);
	if (!v->scan_done && v->scan_bytes >= (1 << 20))
		snprintf(scan, sizeof scan, "reading %zu MiB  ", v->scan_bytes >> 20);
	else if (!v->scan_done && v->scan_bytes > 0)
		snprintf(scan, sizeof scan, "reading %zu KiB  ",
		    (v->scan_bytes + 1023) >> 10);
	else if (!v->scan_done)
		snprintf(scan, sizeof scan, "scanning %d%%  ", v->scan_pct);
	exact = v->scan_done && doc_len_final(v->doc);
	if (o != NULL) {
		format_minutes(outline_minutes_left(o, top, 1, v->cjk_per_min,
		    v->words_per_min), tsec, sizeof tsec);
		format_minutes(outline_minutes_left(o, top, 0, v->cjk_per_min,
		    v->words_per_min), tdoc, sizeof tdoc);
		snprintf(times, sizeof times, "  %s/%s min", tsec, tdoc);
	}
	snprintf(right, rsize, "%s%s%s%s%d%%%s", count, scan, where,
	    exact ? "" : "~", view_percent(v), times);
	return v->msg[0] != '\0';
}

size_t
view_list_count(struct view *v)
{
	const struct outline	*o;

	switch (v->mode) {
	case VIEW_MODE_TOC:
		o = view_outline(v);
		return o != NULL ? outline_count(o) : 0;
	case VIEW_MODE_HELP:
		return v->help_count;
	case VIEW_MODE_MARKS:
		return v->marks != NULL ? marks_count(v->marks, v->fp) : 0;
	default:
		return 0;
	}
}

/* A bookmark in the list: "63%  name  §2 title  snippet…". The section
 * is the outline's when it is known, else the one saved with the mark. */
static size_t
mark_text(struct view *v, const struct outline *o, const struct mark *k,
    char *buf, size_t size)
{
	char		 name[512], title[512], where[600], snip[128];
	const char	*t = k->section;
	ssize_t		 sec = -1;
	int		 n;

	if (o != NULL && k->off <= doc_len(v->doc) &&
	    (sec = outline_at(o, k->off)) >= 0)
		t = outline_get(o, (size_t)sec)->title;
	ustr_sanitize(k->name, strlen(k->name), name, sizeof name);
	ustr_sanitize(t, strlen(t), title, sizeof title);
	if (sec >= 0)
		snprintf(where, sizeof where, "  \xc2\xa7%zd %s", sec + 1, title);
	else
		snprintf(where, sizeof where, "%s%s", *title != '\0' ? "  " : "",
		    title);
	snippet_show(k->snippet, snip, sizeof snip);
	n = snprintf(buf, size, "%3.0f%%  %s%s%s%s%s", k->percent,
	    k->lost ? "[lost] " : "", name, where, *snip != '\0' ? "  " : "",
	    snip);
	return n < 0 ? 0 : (size_t)n;
}

size_t
view_list_text(struct view *v, size_t i, char *buf, size_t size, int *current)
{
	const struct outline		*o;
	const struct outline_section	*s;
	char				 title[1024];
	size_t				 len;
	int				 n;

	*current = 0;
	if (size > 0)
		buf[0] = '\0';
	if (i >= view_list_count(v))
		return 0;
	if (v->mode == VIEW_MODE_HELP) {
		len = v->help_lines[i + 1] - v->help_lines[i] - 1;
		n = snprintf(buf, size, "%.*s", (int)len, v->help + v->help_lines[i]);
		return n < 0 ? 0 : (size_t)n;
	}
	o = view_outline(v);
	if (v->mode == VIEW_MODE_MARKS)
		return mark_text(v, o, marks_get(v->marks, v->fp, i), buf, size);
	s = outline_get(o, i);
	*current = outline_at(o, view_top_off(v)) == (ssize_t)i;
	ustr_sanitize(s->title, strlen(s->title), title, sizeof title);
	n = snprintf(buf, size, "%s %*s%zu  %s", *current ? "\xe2\x96\xb8" : " ",
	    (s->level > 1 ? s->level - 1 : 0) * 2, "", i + 1, title);
	return n < 0 ? 0 : (size_t)n;
}

/*
 * Search. A search is a compiled pattern plus, while it runs, the offset
 * its next budgeted step starts from; it wraps once past the end (start).
 * n/N typed while it runs wait in search_queue and run in turn from each
 * match found; wrap_note keeps whether one of them wrapped, for the status.
 */

/* Is off on screen now? */
static int
visible(struct view *v, size_t off)
{
	int	n = layout_rows(v->layout, v->top, v->rowbuf, v->text_rows);
	size_t	end;

	if (n <= 0 || off < view_top_off(v))
		return 0;
	end = v->rowbuf[n - 1].off + v->rowbuf[n - 1].len;
	return off < end || (n < v->text_rows && off <= doc_len(v->doc));
}

static void
show_match(struct view *v)
{
	if (!visible(v, v->match.off))
		set_top(v, layout_pos_at(v->layout, v->match.off));
}

static void
search_drop(struct view *v)
{
	search_free(v->search);
	v->search = NULL;
	free(v->pattern);
	v->pattern = NULL;
	v->searching = 0;
	v->search_queue = 0;
	v->wrap_note = 0;
	v->has_match = 0;
	v->committed = 0;
}

static int
search_run(struct view *v, size_t from, int backward)
{
	v->searching = 1;
	v->search_back = backward;
	v->search_from = from;
	v->wrapped = 0;
	v->highlight = 1;
	return VIEW_SEARCH | VIEW_STATUS;
}

/* The next match after (before) the current one. */
static int
search_next(struct view *v, int backward)
{
	return search_run(v, backward ? v->match.off : v->match.off + 1,
	    backward);
}

int
view_search_start(struct view *v, const char *pat, size_t len, int regex)
{
	struct search	*s;
	char		*cause = NULL;

	v->msg[0] = '\0';
	if (len == 0) {
		search_drop(v);
		v->top = layout_pos_at(v->layout, v->search_origin);
		v->anchor = v->search_origin;
		return VIEW_DRAW | VIEW_STATUS;
	}
	s = search_new(pat, len, regex, &cause);
	if (s == NULL) {
		view_message(v, "%s", cause != NULL ? cause : "Invalid pattern");
		free(cause);
		return VIEW_STATUS;
	}
	search_drop(v);
	v->search = s;
	v->pattern = xstrndup(pat, len);
	v->regex = regex;
	return search_run(v, v->search_origin, v->backward);
}

/* The total is counted on another thread once the search has stopped: on
 * two cores, counting beside the scan of the doc and the search itself
 * would delay the first match. */
static void
count_start(struct view *v)
{
	if (v->committed)
		search_count_start(v->search, v->doc);
}

/* The match (v->match, the one n/N started from) changes only when the
 * running search finds the next one; then each n/N typed meanwhile runs
 * one more search from there, and the view moves once, to the last. */
int
view_search_step(struct view *v, size_t budget)
{
	struct search_match	m;
	size_t			resume = v->search_from, len = doc_len(v->doc);
	int			r, back;

	if (!v->searching || v->search == NULL)
		return 0;
	r = search_step(v->search, v->doc, v->search_from, v->search_back,
	    budget, &m, &resume);
	if (r == SEARCH_MORE) {
		v->search_from = resume;
		return VIEW_SEARCH;
	}
	if (r == SEARCH_FOUND) {
		v->match = m;
		v->has_match = 1;
		if (v->wrapped)
			v->wrap_note = v->search_back ? -1 : 1;
		if (v->search_queue != 0) {
			back = v->search_queue < 0;
			v->search_queue += back ? 1 : -1;
			return search_next(v, back);
		}
		v->searching = 0;
		count_start(v);
		show_match(v);
		return VIEW_DRAW | VIEW_STATUS;
	}
	if (!v->wrapped && (v->search_back ? v->search_from < len :
	    v->search_from > 0)) {
		v->wrapped = 1;
		v->search_from = v->search_back ? len : 0;
		return VIEW_SEARCH;
	}
	v->searching = 0;
	v->search_queue = 0;
	v->has_match = 0;
	count_start(v);
	view_message(v, "Pattern not found: %s", v->pattern);
	return VIEW_DRAW | VIEW_STATUS;
}

int
view_search_commit(struct view *v)
{
	v->prompt = VIEW_PROMPT_NONE;
	if (v->search == NULL)
		return VIEW_DRAW | VIEW_STATUS;
	v->committed = 1;
	v->count_done = 0;
	v->count_seen = 0;
	v->jump_off = v->search_origin;
	v->has_jump = 1;
	if (!v->searching)
		count_start(v);
	return VIEW_DRAW | VIEW_STATUS | (v->searching ? VIEW_SEARCH : 0);
}

int
view_search_cancel(struct view *v, int restore)
{
	v->prompt = VIEW_PROMPT_NONE;
	if (restore) {
		search_drop(v);
		v->top = layout_pos_at(v->layout, v->search_origin);
		v->anchor = v->search_origin;
		return VIEW_DRAW | VIEW_STATUS;
	}
	if (v->searching) {
		v->searching = 0;
		v->search_queue = 0;
		count_start(v);
		view_message(v, "Search cancelled");
	}
	return VIEW_DRAW | VIEW_STATUS;
}

int
view_search_enter(struct view *v, const char *text, int regex,
    int *committed)
{
	int	flags;

	*committed = 0;
	if (text == NULL || *text == '\0') {
		flags = view_search_cancel(v, 1);
		view_message(v, NULL);
		return flags | VIEW_STATUS;
	}
	if (v->search == NULL || strcmp(v->pattern, text) != 0 ||
	    v->regex != regex)
		view_search_start(v, text, strlen(text), regex);
	if (v->search == NULL || strcmp(v->pattern, text) != 0)
		return view_search_cancel(v, 1) | VIEW_STATUS;
	*committed = 1;
	return view_search_commit(v) | VIEW_STATUS;
}

int
view_search_initial(struct view *v, const char *pat)
{
	v->search_origin = 0;
	return view_search_start(v, pat, strlen(pat), 0) |
	    view_search_commit(v);
}

/* n or N, n times (10n: ten matches on). Typed while a search still runs
 * (keys typed ahead), it is queued: n n moves two matches, never one
 * twice. A single one the other way round with nothing queued undoes the
 * running n: the match stays. Else the first step runs now and the rest
 * wait in the queue, each from the match the one before found. */
static int
search_again(struct view *v, int reverse, long n)
{
	int	back = v->backward ^ reverse;
	int	flags;
	size_t	total;

	if (v->search == NULL || !v->committed) {
		view_message(v, "No previous search (/ searches)");
		return VIEW_STATUS;
	}
	/* Once the matches are counted, whole turns round the text are
	 * skipped: 99999999n costs what n does. */
	if (search_count(v->search, &total) && total > 0 && (size_t)n > total)
		n = (long)(((size_t)n - 1) % total) + 1;
	if (v->searching) {
		if (n == 1 && v->search_queue == 0 && back != v->search_back &&
		    v->has_match) {
			v->searching = 0;
			show_match(v);
			return VIEW_DRAW | VIEW_STATUS;
		}
		v->search_queue += back ? -n : n;
		return 0;
	}
	if (v->has_match)
		flags = VIEW_DRAW | search_next(v, back);
	else
		flags = VIEW_DRAW | search_run(v, view_top_off(v), back);
	v->search_queue = back ? -(n - 1) : n - 1;
	return flags;
}

static int
search_prompt(struct view *v, int backward)
{
	v->backward = backward;
	v->search_origin = v->anchor;
	v->prompt = VIEW_PROMPT_SEARCH;
	v->prompt_label = backward ? "?" : "/";
	return VIEW_PROMPT;
}

size_t
view_matches(struct view *v, const struct doc_para *p,
    struct search_match *out, size_t max)
{
	if (v->search == NULL || !v->highlight)
		return 0;
	return search_para(v->search, v->doc, p, out, max);
}

/* "3/17 · §2 title" for the status line, "1/17 · wrapped to the start ·
 * §1 title" after wrapping (the note before the title, which a narrow
 * status line cuts). */
static void
match_status(struct view *v, char *buf, size_t size)
{
	const struct outline	*o = view_outline(v);
	char			 where[600] = "", title[512];
	const char		*note = "";
	size_t			 total = 0, idx;
	ssize_t			 sec;
	int			 done;

	done = search_count(v->search, &total);
	idx = search_index(v->search, v->match.off);
	if (o != NULL && (sec = outline_at(o, v->match.off)) >= 0) {
		const char *t = outline_get(o, (size_t)sec)->title;

		ustr_sanitize(t, strlen(t), title, sizeof title);
		snprintf(where, sizeof where, " \xc2\xb7 \xc2\xa7%zd %s", sec + 1,
		    title);
	}
	if (v->wrap_note)
		note = v->wrap_note > 0 ? " \xc2\xb7 wrapped to the start" :
		    " \xc2\xb7 wrapped to the end";
	if (idx > 0)
		snprintf(buf, size, "%zu/%zu%s%s%s", idx, total, done ? "" : "+",
		    note, where);
	else
		snprintf(buf, size, "?/%zu+%s%s", total, note, where);
}

/*
 * Bookmarks. view only changes the in-memory marks; ui saves on VIEW_SAVE.
 */

/* The text at off to the end of its line, cut after the last whole
 * grapheme cluster that fits in size - 1 bytes: the state file stays valid
 * UTF-8, and re-anchoring never looks for half a character. SNIP_SLACK more
 * bytes are read so that the last cluster is seen to end. */
static void
mark_snippet(struct view *v, size_t off, char *buf, size_t size)
{
	const char	*s;
	size_t		 got, line, n = 0, end;

	s = doc_view(v->doc, off, size - 1 + SNIP_SLACK, &got);
	for (line = 0; line < got && s[line] != '\n' && s[line] != '\r' &&
	    s[line] != '\t'; line++)
		;
	while (n < line && (end = ustr_cluster_end(s, line, n)) < size)
		n = end;
	memcpy(buf, s, n);
	buf[n] = '\0';
}

/* A snippet as names and the list show it: no leading spaces, whole
 * clusters up to SNIP_CELLS cells, then "…" if there is more; sanitised. */
static void
snippet_show(const char *snip, char *buf, size_t size)
{
	size_t		len = strlen(snip), i = 0, n, end, cells = 0, w, k;
	uint32_t	cp;

	for (; i < len; i += k) {
		k = ustr_decode(snip + i, len - i, &cp);
		if (!ustr_is_space(cp))
			break;
	}
	for (n = i; n < len; n = end) {
		end = ustr_cluster_end(snip, len, n);
		w = ustr_strwidth(snip + n, end - n);
		if (cells + w > SNIP_CELLS)
			break;
		cells += w;
	}
	ustr_sanitize(snip + i, n - i, buf, size > 3 ? size - 3 : size);
	if (n < len && size > 3)
		strcat(buf, "\xe2\x80\xa6");
}

/* "resumed at §2 · 37%" (the words); without the outline yet, or
 * in the preamble, the percentage only, and view_poll() completes it when
 * the scan ends. */
static void
resume_message(struct view *v)
{
	const struct outline	*o = view_outline(v);
	ssize_t			 sec;

	v->resumed = o == NULL;
	if (o != NULL && (sec = outline_at(o, v->anchor)) >= 0)
		view_message(v, RESUMED "\xc2\xa7%zd \xc2\xb7 %d%%", sec + 1,
		    view_percent(v));
	else
		view_message(v, RESUMED "%d%%", view_percent(v));
}

/* Re-anchoring an edited text: the bookmark's snippet is looked for in
 * rings around its old offset, FIND_WINDOW bytes each way per ring, so the
 * first ring with a match holds the nearest one; FIND_BUDGET bounds the
 * reading. */
#define FIND_WINDOW	(1u << 20)
#define FIND_BUDGET	(64u << 20)

/* The first (or last) match of snip[0..n) starting in [from, from + count),
 * or (size_t)-1. buf holds FIND_WINDOW + n bytes. */
static size_t
find_in(struct view *v, char *buf, const char *snip, size_t n, size_t from,
    size_t count, int last)
{
	size_t		 got, found = (size_t)-1;
	const char	*p = buf, *hit;

	got = doc_pread(v->doc, from, buf, count + n - 1);
	while (got >= n && p + n <= buf + got &&
	    (hit = memmem(p, (size_t)(buf + got - p), snip, n)) != NULL &&
	    (size_t)(hit - buf) < count) {
		found = from + (size_t)(hit - buf);
		if (!last)
			break;
		p = hit + 1;
	}
	return found;
}

static size_t
find_snippet(void *ctx, const char *snip, size_t old)
{
	struct view	*v = ctx;
	size_t		 n = strlen(snip), len = doc_len(v->doc), dist, from;
	size_t		 fwd, back, found = (size_t)-1;
	char		*buf;

	if (n == 0)
		return found;
	if (old > len)
		old = len;
	buf = xmalloc(FIND_WINDOW + n);
	for (dist = 0; found == (size_t)-1 && dist < FIND_BUDGET &&
	    (old + dist < len || old > dist); dist += FIND_WINDOW) {
		fwd = back = (size_t)-1;
		if (old + dist < len)
			fwd = find_in(v, buf, snip, n, old + dist, FIND_WINDOW, 0);
		if (old > dist) {
			from = old - dist > FIND_WINDOW ? old - dist - FIND_WINDOW : 0;
			back = find_in(v, buf, snip, n, from, old - dist - from, 1);
		}
		if (fwd != (size_t)-1 && (back == (size_t)-1 ||
		    fwd - old <= old - back))
			found = fwd;
		else
			found = back;
	}
	free(buf);
	return found;
}

/* An edited file: move the marks recorded for its path to fp. */
static int
reanchor(struct view *v, struct marks *m, const char *fp)
{
	size_t	n, i, lost = 0;

	if (*v->path == '\0' || marks_count(m, fp) > 0 ||
	    marks_position(m, fp, NULL))
		return 0;
	n = marks_reanchor(m, fp, v->path, find_snippet, v);
	if (n == 0)
		return marks_position(m, fp, NULL) ? VIEW_SAVE : 0;
	for (i = 0; i < n; i++)
		lost += marks_get(m, fp, i)->lost != 0;
	if (lost > 0)
		view_message(v, "The text has changed: %zu of %zu bookmarks "
		    "could not be found again (' lists them)", lost, n);
	else
		view_message(v, "The text has changed: %zu bookmark%s found "
		    "again", n, n > 1 ? "s" : "");
	return VIEW_STATUS | VIEW_SAVE;
}

int
view_set_marks(struct view *v, struct marks *m, const char *fp,
    const char *path, int resume)
{
	char	*p = xstrdup(path), *f;
	size_t	 off;
	int	 flags;

	free(v->path);
	v->path = p;
	if (fp == NULL) {
		v->marks_wait = m;
		v->resume_wait = resume;
		return 0;
	}
	f = xstrdup(fp);
	free(v->fp);
	v->fp = f;
	v->marks = m;
	flags = reanchor(v, m, v->fp);
	if (!resume || !marks_position(m, v->fp, &off) || off == 0)
		return flags;
	if (off > doc_len(v->doc))
		off = doc_len(v->doc);
	view_jump(v, off);
	v->has_jump = 0;
	if (!(flags & VIEW_STATUS))
		resume_message(v);
	return flags | VIEW_DRAW | VIEW_STATUS;
}

void
view_save_position(struct view *v)
{
	char	snippet[SNIP_BYTES];
	size_t	off = view_top_off(v);

	if (v->marks == NULL)
		return;
	mark_snippet(v, off, snippet, sizeof snippet);
	marks_set_position(v->marks, v->fp, v->path, off,
	    (double)view_percent(v), snippet);
}

static int
mark_prompt(struct view *v, int kind)
{
	if (v->marks == NULL) {
		view_message(v, "Bookmarks are not available for this text yet");
		return VIEW_STATUS;
	}
	v->prompt = kind;
	v->prompt_label = kind == VIEW_PROMPT_MARK_NAME ?
	    "Bookmark name (Enter: default): " : "New name: ";
	return VIEW_PROMPT;
}

/* The default name: "§2 一个普遍的担忧是…", the section and the text
 * there (either alone when the other is missing; the percentage when
 * both are). */
static int
mark_add(struct view *v, const char *name)
{
	const struct outline	*o = view_outline(v);
	struct mark		 k;
	char			 snippet[SNIP_BYTES], shown[128], def[256];
	const char		*sec = "";
	ssize_t			 i = -1;

	memset(&k, 0, sizeof k);
	k.off = view_top_off(v);
	k.percent = view_percent(v);
	if (o != NULL && (i = outline_at(o, k.off)) >= 0)
		sec = outline_get(o, (size_t)i)->title;
	mark_snippet(v, k.off, snippet, sizeof snippet);
	if (name == NULL || *name == '\0') {
		snippet_show(snippet, shown, sizeof shown);
		if (i >= 0)
			snprintf(def, sizeof def, "\xc2\xa7%zd%s%s", i + 1,
			    *shown != '\0' ? " " : "", shown);
		else if (*shown != '\0')
			snprintf(def, sizeof def, "%s", shown);
		else
			snprintf(def, sizeof def, "%d%%", (int)k.percent);
		name = def;
	}
	k.fp = v->fp;
	k.path = v->path;
	k.name = (char *)name;
	k.snippet = snippet;
	k.section = (char *)sec;
	k.time = time(NULL);
	marks_add(v->marks, &k);
	view_message(v, "Bookmarked: %s", name);
	return VIEW_STATUS | VIEW_SAVE;
}

int
view_answer(struct view *v, const char *text)
{
	int	kind = v->prompt;

	v->prompt = VIEW_PROMPT_NONE;
	if (text == NULL || v->marks == NULL)
		return VIEW_STATUS;
	if (kind == VIEW_PROMPT_MARK_NAME)
		return mark_add(v, text);
	if (kind == VIEW_PROMPT_MARK_RENAME && *text != '\0' &&
	    v->sel < marks_count(v->marks, v->fp)) {
		marks_rename(v->marks, v->fp, v->sel, text);
		return VIEW_DRAW | VIEW_STATUS | VIEW_SAVE;
	}
	return VIEW_STATUS;
}
