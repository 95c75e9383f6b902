/* ui_draw: painting what the view describes into curses' buffers: the text
 * rows (with search matches and inline markup styled), the list screens,
 * the status line and the prompt; and the shelf's lines. Every cell is built here from
 * ustr_show() and handed to ncurses as a cchar_t, at a column computed
 * here; nothing is drawn outside the screen. */
#include "ui_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "doc.h"
#include "layout.h"
#include "markup.h"
#include "search.h"
#include "shelf.h"
#include "theme.h"
#include "ustr.h"
#include "util.h"
#include "view.h"

#define MAX_MARKS	4	/* marks per cell; ncurses keeps 5 characters */
#define DOTTED_CIRCLE	0x25CC	/* base for a mark that has none */
#define HL_MAX		256	/* matches highlighted per paragraph */

/* The styles are theme.h's; their curses attributes and colour pairs
 * (pair s + 1 for style s) are chosen once in ui_styles_setup(). */
struct style_attr {
	attr_t	attr;
	short	pair;
};
static struct style_attr styles[THEME_STYLES];

static attr_t
curses_attrs(int attrs)
{
	return (attrs & THEME_BOLD ? A_BOLD : 0) |
	    (attrs & THEME_UNDERLINE ? A_UNDERLINE : 0) |
	    (attrs & THEME_REVERSE ? A_REVERSE : 0) |
	    (attrs & THEME_DIM ? A_DIM : 0) |
	    (attrs & THEME_ITALIC ? A_ITALIC : 0);
}

void
ui_styles_setup(int theme, int colour)
{
	struct theme_look	 looks[THEME_STYLES];
	const char		*nc = getenv("NO_COLOR");
	int			 colors = 0;

	memset(styles, 0, sizeof styles);
	colour = colour && has_colors() && (nc == NULL || *nc == '\0');
	if (colour && start_color() == OK) {
		use_default_colors();
		colors = COLORS;
	}
	theme = theme_resolve(theme, getenv("COLORFGBG"), colors, !colour);
	theme_looks(theme, colors, looks);
	for (int s = 0; s < THEME_STYLES; s++) {
		styles[s].attr = curses_attrs(looks[s].attrs);
		if (looks[s].fg == -1 && looks[s].bg == -1)
			continue;
		if (init_pair((short)(s + 1), looks[s].fg, looks[s].bg) == OK)
			styles[s].pair = (short)(s + 1);
	}
}

/*
 * Cells. A cell is a base character and up to MAX_MARKS marks; it is put on
 * screen only once complete, at a column computed here (so a width that
 * ncurses and the terminal disagree on cannot shift what follows).
 */
struct cellbuf {
	int	 y, x0, max;	/* row, first column, cells allowed */
	int	 col;		/* cells used by flushed cells */
	wchar_t	 wc[MAX_MARKS + 2];
	int	 nwc, width;
	int	 style;
	int	 full;		/* no more room on the row */
};

static void
cell_put(int y, int x, const wchar_t *wc, int style)
{
	cchar_t	cc;

	if (setcchar(&cc, wc, styles[style].attr, styles[style].pair, NULL) == OK)
		mvadd_wch(y, x, &cc);
}

static void
cell_flush(struct cellbuf *cb)
{
	if (cb->nwc == 0)
		return;
	cb->wc[cb->nwc] = L'\0';
	cell_put(cb->y, cb->x0 + cb->col, cb->wc, cb->style);
	cb->col += cb->width;
	cb->nwc = 0;
}

/* Start a new cell of width cols; 0 when it does not fit. */
static int
cell_start(struct cellbuf *cb, uint32_t cp, int cols, int style)
{
	cell_flush(cb);
	if (cb->full || cb->col + cols > cb->max) {
		cb->full = 1;
		return 0;
	}
	cb->wc[0] = (wchar_t)cp;
	cb->nwc = 1;
	cb->width = cols;
	cb->style = style;
	return 1;
}

static void
cell_ascii(struct cellbuf *cb, const char *s, int style)
{
	for (; *s != '\0'; s++)
		cell_start(cb, (unsigned char)*s, 1, style);
	cell_flush(cb);
}

/* Search matches over the text being drawn: doc offsets, and the doc
 * offset of the text's first byte. */
struct hl {
	const struct search_match	*m;
	size_t				 n;
	size_t				 base;
	const struct search_match	*cur;	/* the current match, or NULL */
	const unsigned char		*markup; /* markup_style of each byte
						   drawn, or NULL */
};

/* A text byte's style from its inline markup (markup.h): the strongest
 * wins where spans nest. */
static int
markup_style_of(unsigned bits, int style)
{
	if (style == THEME_HEADING)	/* a title is drawn in one style */
		return style;
	if (bits & MARKUP_CODE)
		return THEME_CODE;
	if (bits & MARKUP_STRONG)
		return THEME_STRONG;
	if (bits & MARKUP_EM)
		return THEME_EM;
	if (bits & MARKUP_LINK)
		return THEME_LINK;
	if (bits & (MARKUP_READING | MARKUP_DEL))
		return THEME_FAINT;
	return style;
}

static int
hl_style(const struct hl *hl, size_t i, int style)
{
	size_t	at, k;

	if (hl == NULL)
		return style;
	at = hl->base + i;
	for (k = 0; k < hl->n; k++) {
		if (at >= hl->m[k].off && at < hl->m[k].off + hl->m[k].len)
			return hl->cur != NULL && hl->cur->off == hl->m[k].off ?
			    THEME_CURMATCH : THEME_MATCH;
	}
	return hl->markup != NULL ? markup_style_of(hl->markup[i], style) :
	    style;
}

/* Draw s[0..n) from (y, x), at most max cells, every code point through
 * the sanitiser. Returns the cells used. */
static int
draw_text(int y, int x, int max, const char *s, size_t n, int style,
    const struct hl *hl)
{
	struct cellbuf	 cb;
	char		 buf[16];
	uint32_t	 cp;
	size_t		 i, len;
	int		 cols, st, k;

	memset(&cb, 0, sizeof cb);
	cb.y = y;
	cb.x0 = x;
	cb.max = max;
	for (i = 0; i < n && !cb.full; i += len) {
		len = ustr_decode(s + i, n - i, &cp);
		if (cp == USTR_BAD)
			cp = USTR_SUB;
		st = hl_style(hl, i, style);
		switch (ustr_show(cp, buf, &cols)) {
		case USTR_SHOW_TEXT:
			if (cols > 0) {
				ustr_decode(buf, strlen(buf), &cp);
				cell_start(&cb, cp, cols, st);
			} else if (cb.nwc > 0 && cb.nwc <= MAX_MARKS) {
				cb.wc[cb.nwc++] = (wchar_t)cp;
			} else if (cb.nwc == 0 && cell_start(&cb, DOTTED_CIRCLE,
			    ustr_width(DOTTED_CIRCLE), st)) {
				cb.wc[cb.nwc++] = (wchar_t)cp;
			}
			break;
		case USTR_SHOW_NOTATION:
			cell_flush(&cb);
			cell_ascii(&cb, buf, THEME_CONTROL);
			break;
		case USTR_SHOW_SPACES:
			cell_flush(&cb);
			for (k = 0; k < cols; k++)
				cell_start(&cb, ' ', 1, st);
			cell_flush(&cb);
			break;
		case USTR_SHOW_NOTHING:
			break;
		}
	}
	cell_flush(&cb);
	return cb.col;
}

int
ui_screen_cols(void)
{
	int	rows, cols;

	getmaxyx(stdscr, rows, cols);
	(void)rows;
	return cols;
}

/* A row's indent, the cells layout_decorate() makes of it (the same as
 * --dump: spaces, a list bullet, a quote bar, a code continuation mark, an
 * image marker or a rule), from the left of the text column. */
static void
draw_decor(int y, int left, const struct layout_line *l, int cols)
{
	char	buf[512], *d = buf;
	size_t	need;

	if (l->indent <= 0 || left >= cols)
		return;
	need = layout_decorate(l, buf, sizeof buf);
	if (need >= sizeof buf) {
		d = xmalloc(need + 1);
		layout_decorate(l, d, need + 1);
	}
	draw_text(y, left, cols - left, d, need, THEME_DECOR, NULL);
	if (d != buf)
		free(d);
}

static void
draw_rows(struct ui *ui)
{
	static struct search_match	 m[HL_MAX];
	struct view			*v = ui->v;
	struct view_screen		 vs;
	struct doc_para			 p;
	struct hl			 hl;
	const char			*text = NULL;
	const unsigned char		*mstyle = NULL;
	int				 n, r, x, cols = ui_screen_cols(), style;
	int				 have = 0;

	view_screen(v, &vs);
	memset(&hl, 0, sizeof hl);
	hl.m = m;
	hl.cur = view_match(v);
	if (ui->rowbuf_size < vs.text_rows) {
		ui->rowbuf = xreallocarray(ui->rowbuf, (size_t)vs.text_rows,
		    sizeof *ui->rowbuf);
		ui->rowbuf_size = vs.text_rows;
	}
	n = view_rows(v, ui->rowbuf, vs.text_rows);
	for (r = 0; r < vs.text_rows; r++) {
		const struct layout_line *l = &ui->rowbuf[r];

		move(r, 0);
		clrtoeol();
		if (r >= n || (l->flags & LAYOUT_BLANK))
			continue;
		draw_decor(r, vs.left, l, cols);
		x = vs.left + l->indent;
		if (x >= cols || l->len == 0)
			continue;
		if (l->flags & LAYOUT_OVERFLOW) {
			/* as --dump: one cluster wider than the column */
			draw_text(r, x, cols - x, LAYOUT_OVERFLOW_MARK,
			    strlen(LAYOUT_OVERFLOW_MARK), THEME_DECOR, NULL);
			continue;
		}
		if (!have || l->off < p.body_off ||
		    l->off + l->len > p.body_off + p.body_len) {
			have = doc_para_at(ui->doc, l->off, &p) == 0 &&
			    l->off >= p.body_off &&
			    l->off + l->len <= p.body_off + p.body_len;
			/* Matches first: search_para() may reuse the doc's
			 * borrowed buffer that doc_para_text() returns. */
			hl.n = have ? view_matches(v, &p, m, HL_MAX) : 0;
			if (hl.n > HL_MAX)
				hl.n = HL_MAX;
			text = have ? view_para_text(ui->v, &p, &mstyle) : NULL;
		}
		style = (l->flags & LAYOUT_HEADING) ? THEME_HEADING : THEME_TEXT;
		hl.base = l->off;
		hl.markup = have && mstyle != NULL ? mstyle + (l->off -
		    p.body_off) : NULL;
		if (have && text != NULL)
			draw_text(r, x, cols - x, text + (l->off - p.body_off),
			    l->len, style, &hl);
		else {
			size_t		 got;
			const char	*s = doc_view(ui->doc, l->off, l->len, &got);

			draw_text(r, x, cols - x, s, got, style, NULL);
			have = 0;
		}
	}
}

/* The lists; in the list of matches each match is highlighted in its
 * row of context. */
static void
draw_list(struct ui *ui)
{
	struct view		*v = ui->v;
	struct view_screen	 vs;
	struct search_match	 m;
	struct hl		 hl;
	char			 buf[2048];
	size_t			 i, total = view_list_count(v);
	int			 r, cols = ui_screen_cols(), current, x, style;

	view_screen(v, &vs);
	memset(&hl, 0, sizeof hl);
	hl.m = &m;
	for (r = 0; r < vs.text_rows; r++) {
		move(r, 0);
		clrtoeol();
		i = vs.list_top + (size_t)r;
		if (i >= total)
			continue;
		view_list_text(v, i, buf, sizeof buf, &current);
		hl.n = view_list_match(v, i, &m.off, &m.len);
		x = vs.left;
		style = i == vs.sel ? THEME_SELECT : current ? THEME_HEADING :
		    THEME_TEXT;
		if (i == vs.sel) {
			attr_set(styles[THEME_SELECT].attr, styles[THEME_SELECT].pair, NULL);
			mvhline(r, x, ' ', vs.width < cols - x ? vs.width : cols - x);
			attr_set(A_NORMAL, 0, NULL);
		}
		draw_text(r, x, cols - x, buf, strlen(buf), style, &hl);
	}
}

static void
draw_status(struct ui *ui)
{
	struct view_screen	 vs;
	char			 line[2048];
	int			 cols = ui_screen_cols();

	view_screen(ui->v, &vs);
	if (vs.status_row < 0)
		return;
	view_status(ui->v, cols, line, sizeof line);
	attr_set(styles[THEME_STATUS].attr, styles[THEME_STATUS].pair, NULL);
	mvhline(vs.status_row, 0, ' ', cols);
	attr_set(A_NORMAL, 0, NULL);
	draw_text(vs.status_row, 0, cols, line, strlen(line), THEME_STATUS, NULL);
}

/* The shelf: the header, two lines an entry (the selected one reversed,
 * a title bold, a missing file and the guide dim), the status line. */
void
ui_shelf_paint(struct ui *ui, int flags)
{
	char	l1[2048], l2[2048];
	size_t	bold;
	int	rows, cols, y, e, dim, sel, st;

	if (flags & VIEW_CLEAR)
		clearok(curscr, TRUE);
	getmaxyx(stdscr, rows, cols);
	erase();
	shelf_header(ui->shelf, l1, sizeof l1);
	draw_text(0, 0, cols, l1, strlen(l1), THEME_HEADING, NULL);
	for (e = 0, y = 1; y + 1 < rows || (y < rows && rows < 3); e++, y += 2) {
		if (!shelf_entry(ui->shelf, e, l1, sizeof l1, l2, sizeof l2,
		    &bold, &dim, &sel))
			break;
		st = sel ? THEME_SELECT : dim ? THEME_DECOR : THEME_TEXT;
		if (sel) {
			attr_set(styles[st].attr, styles[st].pair, NULL);
			mvhline(y, 0, ' ', cols);
			if (y + 1 < rows)
				mvhline(y + 1, 0, ' ', cols);
			attr_set(A_NORMAL, 0, NULL);
		}
		draw_text(y, 0, cols, l1, bold, sel || dim ? st : THEME_HEADING,
		    NULL);
		draw_text(y, (int)ustr_strwidth(l1, bold), cols -
		    (int)ustr_strwidth(l1, bold), l1 + bold, strlen(l1 + bold), st,
		    NULL);
		if (y + 1 < rows)
			draw_text(y + 1, 0, cols, l2, strlen(l2), sel ? st :
			    THEME_DECOR, NULL);
	}
	if (rows >= 2) {
		shelf_status(ui->shelf, l1, sizeof l1);
		attr_set(styles[THEME_STATUS].attr, styles[THEME_STATUS].pair, NULL);
		mvhline(rows - 1, 0, ' ', cols);
		attr_set(A_NORMAL, 0, NULL);
		draw_text(rows - 1, 1, cols - 1, l1, strlen(l1), THEME_STATUS, NULL);
	}
}

int
ui_paint(struct ui *ui, int flags)
{
	struct view_screen	vs;

	if (ui->shelf != NULL) {
		ui_shelf_paint(ui, flags);
		return 1;
	}
	if (flags & VIEW_CLEAR)
		clearok(curscr, TRUE);
	if (flags & (VIEW_DRAW | VIEW_CLEAR)) {
		view_screen(ui->v, &vs);
		if (vs.mode == VIEW_MODE_TEXT)
			draw_rows(ui);
		else
			draw_list(ui);
	}
	if (!(flags & (VIEW_DRAW | VIEW_STATUS | VIEW_CLEAR)))
		return 0;
	draw_status(ui);
	return 1;
}

void
ui_draw(struct ui *ui, int flags)
{
	if (ui_paint(ui, flags))
		refresh();
}

void
ui_draw_prompt(const char *label, const char *text, size_t len, size_t cur)
{
	int	rows, cols, y, x, cx;
	size_t	start = cur, prev, w = 0, cw;

	getmaxyx(stdscr, rows, cols);
	y = rows >= 2 ? rows - 1 : 0;	/* the status row, as the view has it */
	move(y, 0);
	clrtoeol();
	x = draw_text(y, 0, cols - 1, label, strlen(label), THEME_TEXT, NULL);
	/* Scroll sideways so that the cursor stays on screen: show the
	 * longest part before it that fits, measured from the cursor back,
	 * so that a long line costs what the screen shows. */
	while (start > 0) {
		prev = ustr_prev(text, start);
		cw = ustr_strwidth(text + prev, start - prev);
		if (x + (int)(w + cw) > cols - 2)
			break;
		w += cw;
		start = prev;
	}
	cx = x + draw_text(y, x, cols - 1 - x, text + start, cur - start,
	    THEME_TEXT, NULL);
	draw_text(y, cx, cols - 1 - cx, text + cur, len - cur, THEME_TEXT,
	    NULL);
	move(y, cx < cols ? cx : cols - 1);
	curs_set(1);
	refresh();
}
