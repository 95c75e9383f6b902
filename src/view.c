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
 * No curses and no file I/O: ui.c draws and saves; the view only decides.
 *
 * Files: this one is the reading view (geometry, moves, jumps, commands,
 * polling the scan, the status line); view_list.c the list screens
 * (contents, bookmark list, help), view_search.c the search state,
 * view_marks.c the bookmarks (src/view_int.h is what they share). */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "config.h"
#include "convert.h"
#include "doc.h"
#include "keymap.h"
#include "layout.h"
#include "marks.h"
#include "outline.h"
#include "search.h"
#include "status.h"
#include "ustr.h"
#include "util.h"
#include "view.h"
#include "view_int.h"

#define DEFAULT_WIDTH	80
#define MIN_WIDTH	10	/* narrowest column +/- goes to (or the screen) */
#define HANG_GUTTER	2

int
view_pos_cmp(struct layout_pos a, struct layout_pos b)
{
	if (a.para != b.para)
		return a.para < b.para ? -1 : 1;
	if (a.row != b.row)
		return a.row < b.row ? -1 : 1;
	return 0;
}

const struct outline *
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

void
view_set_top(struct view *v, struct layout_pos pos)
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
	if (view_pos_cmp(p, end) <= 0)
		return p;
	return view_pos_cmp(v->top, end) > 0 ? v->top : end;
}

static int
scroll(struct view *v, long delta)
{
	struct layout_pos	p = v->top;

	layout_move(v->layout, &p, delta);
	if (delta > 0)
		p = clamp_down(v, p);
	if (view_pos_cmp(p, v->top) == 0)
		return 0;
	view_set_top(v, p);
	return VIEW_DRAW | VIEW_STATUS;
}

void
view_message(struct view *v, const char *fmt, ...)
{
	va_list	ap;

	v->msg[0] = '\0';
	if (fmt == NULL || *fmt == '\0')
		return;
	va_start(ap, fmt);
	ustr_sanitize_vfmt(v->msg, sizeof v->msg, fmt, ap);
	va_end(ap);
}

/* Show the text converted by mode (enum convert_mode): 0, or -1 with the
 * reason in the message when OpenCC cannot convert (the mode stays). The
 * caller reflows. */
static int
use_convert(struct view *v, int mode)
{
	struct convert	*c;
	char		 err[VIEW_MSG_MAX];

	c = convert_get(mode, err, sizeof err);
	if (mode != CONVERT_OFF && c == NULL) {
		view_message(v, "%s", err);
		return -1;
	}
	v->convert = mode;
	v->lo.convert = c;
	return 0;
}

struct view *
view_new(struct doc *doc, const struct view_opts *o, int rows, int cols)
{
	struct view	*v = xcalloc(1, sizeof *v);
	const char	*name = doc_name(doc), *slash;
	char		 safe[512];

	v->doc = doc;
	v->want_width = o->width > 0 ? o->width : DEFAULT_WIDTH;
	v->given[PACE_CJK] = o->cjk_per_min;
	v->given[PACE_LATIN] = o->words_per_min;
	v->clock = o->clock;
	v->lang = o->lang;
	v->fixed = o->fixed;
	v->lo.indent = o->indent;
	v->lo.hang = o->hang;
	v->lo.glue_num_unit = o->glue_num_unit;
	v->lo.para_spacing = o->para_spacing;
	use_convert(v, o->convert);
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
	v->scan_done = doc_scan_done(doc);
	v->seen_len = doc_len(doc);
	view_pace_open(v);
	return v;
}

void
view_free(struct view *v)
{
	if (v == NULL)
		return;
	view_search_drop(v);
	layout_free(v->layout);
	free(v->rowbuf);
	free(v->fp);
	free(v->path);
	free(v->title);
	free(v->help);
	free(v->help_lines);
	free(v->prompt_text);
	view_undo_drop(v);
	view_toc_drop(v);
	view_find_drop(v);
	free(v);
}

void
view_resize(struct view *v, int rows, int cols)
{
	v->rows = rows >= 1 ? rows : 1;
	v->cols = cols >= 1 ? cols : 1;
	geometry(v);
	reflow(v, 1);
	view_pace_break(v);	/* what is on screen changed */
	if (v->mode == VIEW_MODE_HELP)
		view_help_build(v);	/* wrapped for the new width */
	else if (v->mode != VIEW_MODE_TEXT &&
	    v->sel >= v->list_top + (size_t)v->text_rows)
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
view_prompt(const struct view *v, const char **label, const char **text)
{
	*label = v->prompt_label != NULL ? v->prompt_label : "";
	*text = (v->prompt == VIEW_PROMPT_MARK_RENAME ||
	    v->prompt == VIEW_PROMPT_FILTER) && v->prompt_text != NULL ?
	    v->prompt_text : "";
	return v->prompt;
}

int
view_prompt_edit(struct view *v, const char *text, size_t len, int regex)
{
	if (v->prompt == VIEW_PROMPT_FILTER)
		return view_list_filter(v, text, len);
	return view_search_start(v, text, len, regex);
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

const char *
view_title(struct view *v, const char *t, char *buf, size_t size)
{
	size_t	 n = strlen(t), i, k = 0;
	char	*conv;

	if (v->lo.convert == NULL)
		return t;
	conv = xmalloc(n + 1);
	convert_text(v->lo.convert, t, n, conv);
	for (i = 0; i < n; i++)
		if (conv[i] != '\n')
			conv[k++] = conv[i];
	k = ustr_clip(conv, k, size - 1);
	memcpy(buf, conv, k);
	buf[k] = '\0';
	free(conv);
	return buf;
}

const char *
view_para_text(struct view *v, const struct doc_para *p,
    const unsigned char **style)
{
	return layout_para_text(v->layout, p, style);
}

void
view_jump(struct view *v, size_t off)
{
	v->jump_off = v->anchor;
	v->has_jump = 1;
	view_set_top(v, layout_pos_at(v->layout, off));
}

int
view_need_outline(struct view *v, const struct outline **o)
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

	if (!view_need_outline(v, &o))
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
			    view_pos_cmp(v->top, layout_pos_at(v->layout, off)) > 0))
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

	if (!view_need_outline(v, &o))
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
		view_set_top(v, layout_end(v->layout, v->text_rows));
		return VIEW_DRAW | VIEW_STATUS;
	}
	view_jump(v, (size_t)((double)len * (double)n / 100.0));
	view_set_top(v, clamp_down(v, v->top));
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
	v->chosen |= 1u << CONFIG_WIDTH;
	geometry(v);
	reflow(v, 1);
	view_message(v, "Width %d", w);
	return VIEW_DRAW | VIEW_STATUS | VIEW_CLEAR;
}

/* The settings a reader changes while reading (+ -, =, i), as config
 * values, and the keys of them: what is remembered per document. */
#define DOC_KEYS	((1u << CONFIG_WIDTH) | (1u << CONFIG_SPACING) | \
			    (1u << CONFIG_INDENT) | (1u << CONFIG_CONVERT))

static void
doc_config(const struct view *v, struct config *c)
{
	config_init(c);
	c->width = v->want_width;
	c->spacing = v->lo.para_spacing;
	c->indent = v->lo.indent;
	c->convert = v->convert;
	for (int k = 0; k < CONFIG_KEYS; k++)
		if (v->fixed & (1u << k))
			c->from[k] = CONFIG_CMDLINE;
}

int
view_settings_apply(struct view *v, const char *words)
{
	struct config	c;
	unsigned	took;

	if (words == NULL || *words == '\0')
		return 0;
	doc_config(v, &c);
	took = config_words(&c, CONFIG_DOC, words) & DOC_KEYS;
	if (took == 0)
		return 0;
	v->chosen |= took;
	v->want_width = c.width;
	v->lo.para_spacing = c.spacing;
	v->lo.indent = c.indent;
	use_convert(v, c.convert);
	geometry(v);
	reflow(v, 1);
	return VIEW_DRAW | VIEW_STATUS | VIEW_CLEAR;
}

void
view_save_settings(struct view *v)
{
	struct config	c;
	char		words[128];

	if (v->marks == NULL || v->fp == NULL || (v->chosen & DOC_KEYS) == 0)
		return;
	if (!marks_position(v->marks, v->fp, NULL))
		view_save_reading(v, 1);
	doc_config(v, &c);
	config_format(&c, v->chosen & DOC_KEYS, words, sizeof words);
	marks_set_settings(v->marks, v->fp, words);
}

/* `=`: auto (a blank line where a paragraph shows no indent), a blank
 * line between all paragraphs, none; then auto again. */
static int
set_spacing(struct view *v)
{
	v->lo.para_spacing = v->lo.para_spacing == LAYOUT_SPACING_AUTO ? 1 :
	    v->lo.para_spacing == 1 ? 0 : LAYOUT_SPACING_AUTO;
	v->chosen |= 1u << CONFIG_SPACING;
	reflow(v, 1);
	view_message(v, "%s", v->lo.para_spacing == LAYOUT_SPACING_AUTO ?
	    "Spacing: a blank line where a paragraph has no indent" :
	    v->lo.para_spacing == 1 ? "Spacing: a blank line between paragraphs" :
	    "Spacing: none");
	return VIEW_DRAW | VIEW_STATUS | VIEW_CLEAR;
}

/* `i`: the first-line indent of CJK paragraphs on or off. */
static int
set_indent(struct view *v)
{
	v->lo.indent = !v->lo.indent;
	v->chosen |= 1u << CONFIG_INDENT;
	reflow(v, 1);
	view_message(v, "First-line indent %s", v->lo.indent ? "on" : "off");
	return VIEW_DRAW | VIEW_STATUS | VIEW_CLEAR;
}

/* `C`: the display conversion off, traditional to simplified,
 * simplified to traditional; the top row keeps its offset (reflow). */
static int
set_convert(struct view *v)
{
	static const char *const said[CONVERT_MODES] = {
		"Conversion off: the text as written",
		"Conversion: traditional to simplified (t2s)",
		"Conversion: simplified to traditional (s2t)",
	};

	if (use_convert(v, (v->convert + 1) % CONVERT_MODES) != 0) {
		/* the message says why; back to the text as written, so that
		 * the next C tries the cycle again */
		if (v->convert == CONVERT_OFF)
			return VIEW_STATUS;
		use_convert(v, CONVERT_OFF);
	}
	v->chosen |= 1u << CONFIG_CONVERT;
	reflow(v, 1);
	if (v->msg[0] == '\0')
		view_message(v, "%s", said[v->convert]);
	return VIEW_DRAW | VIEW_STATUS | VIEW_CLEAR;
}

/* The last row of the text is on screen. */
static int
end_shown(struct view *v)
{
	struct layout_pos	p = v->top;

	return layout_move(v->layout, &p, v->text_rows) < v->text_rows;
}

/* The file under the reader, once a command (doc_refresh: one fstat): a
 * shrink or a rewrite is taken up at once, growth when the command goes
 * to or past the end. The view is laid out again from its anchor, or at
 * the new end when that is gone, and the status says what happened. */
static int
follow_file(struct view *v, enum cmd cmd, long count)
{
	int	at_end, r;

	at_end = v->mode == VIEW_MODE_TEXT && (cmd == CMD_BOTTOM ||
	    (cmd == CMD_PERCENT_GOTO && count >= 100) ||
	    ((cmd == CMD_LINE_DOWN || cmd == CMD_PAGE_DOWN ||
	    cmd == CMD_HALF_DOWN) && end_shown(v)));
	if ((r = doc_refresh(v->doc, at_end)) == DOC_SAME)
		return 0;
	v->scan_done = 0;	/* view_poll() sees the new scan end */
	v->scan_pct = 0;
	v->seen_len = doc_len(v->doc);
	layout_invalidate(v->layout);
	if (v->anchor >= v->seen_len) {
		v->top = layout_end(v->layout, v->text_rows);
		v->anchor = layout_pos_off(v->layout, v->top);
	} else
		v->top = layout_pos_at(v->layout, v->anchor);
	view_message(v, "%s", r == DOC_TRUNCATED ? "file truncated" :
	    "file changed: reloaded");
	return VIEW_DRAW | VIEW_STATUS;
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
		return view_list_open(v, VIEW_MODE_TOC);
	case CMD_FIND_ALL:
		return view_list_open(v, VIEW_MODE_FIND);
	case CMD_HELP:
		return view_list_open(v, VIEW_MODE_HELP);
	case CMD_JUMP_BACK:
		if (!v->has_jump) {
			view_message(v, "No jump to return from");
			return VIEW_STATUS;
		}
		view_jump(v, v->jump_off);
		return VIEW_DRAW | VIEW_STATUS;
	case CMD_SEARCH_FWD:
		return view_search_prompt(v, 0);
	case CMD_SEARCH_BACK:
		return view_search_prompt(v, 1);
	case CMD_MATCH_NEXT:
		return view_search_again(v, 0, n);
	case CMD_MATCH_PREV:
		return view_search_again(v, 1, n);
	case CMD_SEARCH_CLEAR:
		if (v->searching)
			return view_search_cancel(v, 0);
		v->highlight = 0;
		return VIEW_DRAW | VIEW_STATUS;
	case CMD_MARK_ADD:
		return view_mark_prompt(v, VIEW_PROMPT_MARK_NAME);
	case CMD_MARK_LIST:
		return view_list_open(v, VIEW_MODE_MARKS);
	case CMD_WIDER:
		return set_width(v, (int)(2 * n));
	case CMD_NARROWER:
		return set_width(v, (int)(-2 * n));
	case CMD_SPACING:
		return set_spacing(v);
	case CMD_INDENT:
		return set_indent(v);
	case CMD_CONVERT:
		return set_convert(v);
	case CMD_SHELF:
		return VIEW_SHELF;
	case CMD_QUIT:
		return VIEW_QUIT;
	default:
		return 0;
	}
}

int
view_apply(struct view *v, enum cmd cmd, long count)
{
	int	flags = v->msg[0] != '\0' || v->wrap_note ? VIEW_STATUS : 0;
	int	mode = v->mode;
	size_t	off = view_top_off(v);

	v->msg[0] = '\0';
	v->count = -1;
	/* A search still running has yet to say whether it wrapped. */
	if (!v->searching)
		v->wrap_note = 0;
	if (cmd == CMD_REDRAW)
		flags = VIEW_DRAW | VIEW_STATUS | VIEW_CLEAR;
	else {
		if (cmd != CMD_QUIT)
			flags |= follow_file(v, cmd, count);
		if (v->mode == VIEW_MODE_TEXT)
			flags |= text_apply(v, cmd, count);
		else
			flags |= view_list_apply(v, cmd, count);
	}
	view_pace_command(v, cmd, mode, off);
	return flags;
}

int
view_key(struct view *v, int key)
{
	enum cmd	cmd;
	long		count = v->count;

	if (keymap_count_key(&v->count, key)) {
		view_pace_input(v);
		return VIEW_STATUS;
	}
	cmd = keymap_lookup_mode(v->mode == VIEW_MODE_TEXT ? KEYMAP_PAGER :
	    v->mode == VIEW_MODE_MARKS ? KEYMAP_MARKS :
	    v->mode == VIEW_MODE_TOC ? KEYMAP_TOC :
	    v->mode == VIEW_MODE_FIND ? KEYMAP_FIND :
	    KEYMAP_LIST, key);
	if (cmd == CMD_NONE) {
		v->count = -1;
		return VIEW_STATUS;
	}
	return view_apply(v, cmd, count);
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
	if (v->mode == VIEW_MODE_FIND)
		flags |= view_find_poll(v);
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
			view_resume_message(v);
		/* The contents opened during the scan fill in now. */
		if (v->mode == VIEW_MODE_TOC &&
		    outline_count(view_outline(v)) == 0) {
			v->mode = VIEW_MODE_TEXT;
			view_message(v, "This document has no sections");
			flags |= VIEW_CLEAR;
		} else if (v->mode == VIEW_MODE_TOC) {
			view_toc_open(v);
			flags |= VIEW_CLEAR;
		}
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

/* Where the screen is (enum status_pos) and, for a percentage, which: the
 * share of the text above the bottom row, as less shows it, except on a
 * section's first row, where it is where that section starts (what `]`
 * and the contents went to). */
static int
view_position(struct view *v, int *pct)
{
	const struct outline	*o = view_outline(v);
	struct layout_pos	 p = v->top;
	size_t			 len = doc_len(v->doc), top = view_top_off(v);
	ssize_t			 cur;
	int			 at_top, at_end;

	*pct = view_percent(v);
	at_top = layout_move(v->layout, &p, -1) == 0;
	at_end = *pct == 100;
	if (at_top || at_end)
		return at_top && at_end ? STATUS_POS_ALL :
		    at_top ? STATUS_POS_TOP : STATUS_POS_END;
	if (o != NULL && len > 0 && (cur = outline_at(o, top)) >= 0 &&
	    view_pos_cmp(v->top, layout_pos_at(v->layout,
	    outline_get(o, (size_t)cur)->off)) == 0)
		*pct = (int)((double)outline_get(o, (size_t)cur)->off * 100.0 /
		    (double)len);
	return STATUS_POS_PERCENT;
}

size_t
view_status(struct view *v, int width, char *buf, size_t size)
{
	static const int	 hints[] = {
		[VIEW_MODE_TEXT] = STATUS_HINT_NONE,
		[VIEW_MODE_TOC] = STATUS_HINT_TOC,
		[VIEW_MODE_HELP] = STATUS_HINT_HELP,
		[VIEW_MODE_MARKS] = STATUS_HINT_MARKS,
		[VIEW_MODE_FIND] = STATUS_HINT_FIND,
	};
	const struct outline	*o = view_outline(v);
	struct status_in	 in;
	char			 title[512], mtitle[512], shown[512];
	double			 speed[PACE_SCRIPTS], cjk, words;
	size_t			 top = view_top_off(v);
	ssize_t			 cur = -1;

	memset(&in, 0, sizeof in);
	in.lang = v->lang;
	in.message = v->msg;
	in.hint = v->searching ? STATUS_HINT_SEARCHING : hints[v->mode];
	if (in.hint == STATUS_HINT_HELP &&
	    v->list_top + (size_t)v->text_rows < v->help_count)
		in.hint = STATUS_HINT_HELP_MORE;
	if (in.hint == STATUS_HINT_TOC && o == NULL)
		in.hint = STATUS_HINT_TOC_WAIT;
	else if (in.hint == STATUS_HINT_TOC && v->toc_filter != NULL) {
		in.hint = STATUS_HINT_TOC_FILTER;
		in.list_shown = v->toc_nrows;
		in.list_total = outline_count(o);
	}
	in.doc = v->title;
	in.known = o != NULL;
	if (o != NULL) {
		in.sec_count = outline_count(o);
		if ((cur = outline_at(o, top)) >= 0) {
			const char *t = view_title(v,
			    outline_get(o, (size_t)cur)->title, shown,
			    sizeof shown);

			ustr_sanitize(t, strlen(t), title, sizeof title);
			in.sec = (size_t)cur + 1;
			in.sec_title = title;
		}
		view_speeds(v, speed);
		outline_left(o, top, 1, &cjk, &words);
		in.min_section = pace_minutes(cjk, words, speed[PACE_CJK],
		    speed[PACE_LATIN]);
		outline_left(o, top, 0, &cjk, &words);
		in.min_book = pace_minutes(cjk, words, speed[PACE_CJK],
		    speed[PACE_LATIN]);
	}
	in.pos = view_position(v, &in.percent);
	in.approx = !doc_len_final(v->doc);
	in.scanning = !v->scan_done;
	in.scan_pct = v->scan_pct;
	in.scan_bytes = v->scan_bytes;
	in.count = v->count;
	/* The count names the match's section only while the match is on
	 * screen: after a move away, the status follows the view. */
	if (v->mode == VIEW_MODE_TEXT && v->committed && v->has_match &&
	    v->highlight && view_visible(v, v->match.off))
		view_match_status(v, &in, mtitle, sizeof mtitle);
	else if (v->mode == VIEW_MODE_FIND)
		view_find_status(v, &in, mtitle, sizeof mtitle);
	return status_build(&in, width, buf, size);
}

/* Is off on screen now? */
int
view_visible(struct view *v, size_t off)
{
	int	n = layout_rows(v->layout, v->top, v->rowbuf, v->text_rows);
	size_t	end;

	if (n <= 0 || off < view_top_off(v))
		return 0;
	end = v->rowbuf[n - 1].off + v->rowbuf[n - 1].len;
	return off < end || (n < v->text_rows && off <= doc_len(v->doc));
}
