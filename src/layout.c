/* layout: paragraphs → screen rows (WRAPPING.md).
 *
 * Wrapping one paragraph is a single pass over its bytes: ustr_breaks() marks
 * the tailored break opportunities, the text between two of them is a piece,
 * and pieces are fitted greedily (push-out, §7). A row is a byte range of the
 * doc text; trailing blanks (ASCII space, the '\n' join) are left out of it,
 * every row holds at least one cluster, and a row is wider than the width
 * only when it is one cluster (LAYOUT_OVERFLOW) or ends in a hanging mark
 * (LAYOUT_HANG). Clusters are looked at only when a piece does not fit an
 * empty row (emergency split), so the common path is decode + width.
 *
 * The document layout is lazy: a paragraph's rows (spacer rows, decorations
 * and all) are computed when a position inside it is asked for, and kept in a
 * small LRU cache keyed by the paragraph's doc offset. A position is (para
 * offset, row index), so it needs no global row numbering; moving walks
 * paragraph by paragraph through doc_para_next/prev. doc cuts paragraphs at
 * DOC_PARA_MAX, so every step costs at most one bounded paragraph.
 *
 * With a display conversion (layout_opts.convert), a paragraph is wrapped
 * as converted: convert_text() lays the converted characters over the
 * original offsets, so its rows are doc offsets all the same. The converted
 * text is kept with the rows in the cache slot, where layout_para_text()
 * and layout_row_text() give it to the pager and --dump.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "convert.h"
#include "doc.h"
#include "layout.h"
#include "ustr.h"
#include "util.h"

#define CJK_INDENT	4	/* first-line indent of CJK paragraphs (2 em) */
#define MIN_INDENT_W	8	/* narrower than this, no first-line indent */
#define BLOCK_INDENT	2	/* per list / quote level */
#define LAYOUT_CACHE	16	/* paragraphs kept laid out */
#define ROWS_KEEP	4096	/* a slot's row array larger than this is
				   freed when the slot is reused */

/* Cell widths of BMP code points under the current ambiguous-width policy
 * (ustr's table), so the hot loop makes no call per ideograph. Fetched at
 * each entry that measures text (wrap, cut_rows): the policy may change
 * between two layouts. Like the rest of layout, for the one thread that
 * draws. */
static const uint8_t	*bmp_width;

static void
widths_fetch(void)
{
	bmp_width = ustr_width_table();
}

static inline int
cp_width(uint32_t cp)
{
	return cp < 0x10000 ? bmp_width[cp] : ustr_width(cp);
}

/* The width of the code point at s[i] (i < n); returns its length.
 * ustr_dec decodes ASCII and CJK inline: the hot loop spent a third of its
 * time in calls otherwise, and a copy of it here ran the same instructions
 * (callgrind, layout of 4 MB of Chinese: 300 M in wrap either way). Text
 * doc did not repair is as wide as U+FFFD (ustr_width of USTR_BAD). */
static inline size_t
step(const char *s, size_t n, size_t i, int *w)
{
	uint32_t	cp;
	size_t		k = ustr_dec(s + i, n - i, &cp);

	*w = cp_width(cp);
	return k;
}

static int
is_blank(char c)
{
	return c == ' ' || c == '\n';
}

/* Width of s[a..b). */
static int
span_width(const char *s, size_t a, size_t b)
{
	int		w, sum = 0;

	while (a < b) {
		a += step(s, b, a, &w);
		sum += w;
	}
	return sum;
}

static uint32_t
cp_at(const char *s, size_t n, size_t i)
{
	uint32_t	cp;

	ustr_decode(s + i, n - i, &cp);
	return cp;
}

/* End of the cluster at s[a], clamped to lim, and its width. */
static size_t
cluster(const char *s, size_t n, size_t a, size_t lim, int *w)
{
	size_t	e = ustr_cluster_end(s, n, a);

	if (e <= a || e > lim)
		e = lim;
	*w = span_width(s, a, e);
	return e;
}

/* Rows go to a caller's array (up to max, counting the rest) or to one we
 * grow. */
struct rowbuf {
	struct layout_line	*v;
	size_t			 n, max;
	int			 grow;
};

static void
rows_push(struct rowbuf *rb, size_t off, size_t len, int cols, int indent,
    int flags)
{
	struct layout_line	*r;

	if (rb->n >= rb->max) {
		if (!rb->grow) {
			rb->n++;
			return;
		}
		rb->max = rb->max ? rb->max * 2 : 16;
		rb->v = xreallocarray(rb->v, rb->max, sizeof *rb->v);
	}
	r = &rb->v[rb->n++];
	r->off = off;
	r->len = len;
	r->cols = cols;
	r->indent = indent;
	r->flags = flags;
}

/* The fitting state of one paragraph. Offsets are relative to s. */
struct fit {
	const char	*s;
	size_t		 n;
	size_t		 base;		/* doc offset of s[0] */
	int		 width;
	int		 hang;
	struct rowbuf	*rb;

	size_t		 start;		/* first byte of the open row */
	size_t		 vend;		/* end of its last non-blank byte */
	int		 col;		/* cells used, trailing spaces included */
	int		 vcol;		/* cells used up to vend */
	int		 indent;	/* cells before the text on this row */
	int		 flags;
};

static void
fit_end_row(struct fit *f, size_t next)
{
	rows_push(f->rb, f->base + f->start, f->vend - f->start,
	    f->vcol - f->indent, f->indent, f->flags);
	f->start = f->vend = next;
	f->col = f->vcol = f->indent = f->flags = 0;
}

/* May the piece [ps, pvend) of visible width pvis end the row by letting
 * its last mark hang into the gutter (§8)? */
static int
fit_can_hang(struct fit *f, size_t ps, size_t pvend, int pvis)
{
	size_t		m, prev;
	uint32_t	cp;
	int		wm;

	if (f->hang <= 0 || pvend <= ps)
		return 0;
	cp = ustr_decode_before(f->s, pvend, &m);
	if (!ustr_is_hang(cp) || ustr_cluster_end(f->s, f->n, m) != pvend)
		return 0;
	wm = cp_width(cp);
	if (wm > f->hang || f->col + pvis - wm > f->width)
		return 0;
	/* a lone mark does not hang; nor one after another prohibited mark */
	if (m <= f->start || (m == ps && f->vend == f->start))
		return 0;
	cp = ustr_decode_before(f->s, m, &prev);
	return !ustr_is_no_start(cp) && !ustr_is_no_end(cp);
}

static int
is_split_char(char c)
{
	return c != '\0' && strchr("/.-_?&=#", c) != NULL;
}

/* The piece [a, pvend) is wider than the row and the row is empty (no indent
 * either): cut it at clusters (§7, emergency split). Blanks at a cut are
 * dropped like those at a break. Leaves the part that fits as the open row's
 * content and returns its width. */
static int
fit_split(struct fit *f, size_t a, size_t pvend)
{
	const char	*s = f->s;
	size_t		 e, cut, cut_prev, pref, pref_prev, vend;
	int		 w, cols, cut_cols, pref_cols, prev_cols, nclus, pref_nclus;

	for (;;) {
		while (a < pvend && is_blank(s[a]) &&
		    ustr_cluster_end(s, f->n, a) == a + 1)
			a++;
		cut = cut_prev = pref = pref_prev = a;
		cols = prev_cols = nclus = pref_cols = pref_nclus = 0;
		while (cut < pvend) {
			e = cluster(s, f->n, cut, pvend, &w);
			if (cols + w > f->width)
				break;
			cut_prev = cut;
			prev_cols = cols;
			cut = e;
			cols += w;
			nclus++;
			if (is_split_char(s[e - 1]) && cols * 2 >= f->width) {
				pref = e;
				pref_prev = cut_prev;
				pref_cols = cols;
				pref_nclus = nclus;
			}
		}
		if (cut == pvend)
			break;		/* the rest fits */
		cut_cols = cols;
		f->flags = 0;
		if (nclus == 0) {
			cut = cluster(s, f->n, a, pvend, &cut_cols);
			f->flags = LAYOUT_OVERFLOW;
		} else {
			if (pref > a && pref < cut) {
				cut = pref;
				cut_prev = pref_prev;
				cut_cols = pref_cols;
				nclus = pref_nclus;
				prev_cols = cut_cols - span_width(s, cut_prev, cut);
			}
			if (nclus >= 2 && ustr_is_no_start(cp_at(s, f->n, cut))) {
				cut = cut_prev;
				cut_cols = prev_cols;
			}
		}
		for (vend = cut; vend > a && is_blank(s[vend - 1]) &&
		    ustr_cluster_start(s, f->n, vend - 1) == vend - 1; vend--)
			;
		f->start = a;
		f->vend = vend;
		f->vcol = cut_cols - span_width(s, vend, cut);
		fit_end_row(f, cut);
		a = cut;
	}
	f->start = a;
	f->vend = pvend;
	f->vcol = cols;
	return cols;
}

/* Fit the piece [ps, pe): pw cells in all, pvis up to its last non-blank
 * byte pvend. */
static void
fit_piece(struct fit *f, size_t ps, size_t pe, int pw, int pvis, size_t pvend)
{
	int	vis;

	for (;;) {
		if (f->col + pvis <= f->width) {
			if (pvend > ps) {
				f->vend = pvend;
				f->vcol = f->col + pvis;
			}
			f->col += pw;
			return;
		}
		if (fit_can_hang(f, ps, pvend, pvis)) {
			f->vend = pvend;
			f->vcol = f->col + pvis;
			f->flags |= LAYOUT_HANG;
			fit_end_row(f, pe);
			return;
		}
		if (f->vend > f->start) {
			fit_end_row(f, ps);	/* push-out */
			continue;
		}
		if (f->start != ps || f->col != 0) {
			/* only blanks or the indent so far: drop them */
			f->start = f->vend = ps;
			f->col = f->vcol = f->indent = 0;
			continue;
		}
		vis = fit_split(f, ps, pvend);
		f->col = vis + (pw - pvis);
		return;
	}
}

static void
wrap(const char *s, size_t n, size_t base, int width,
    const struct wrap_opts *o, struct rowbuf *rb)
{
	struct ustr_break_opts	 bo;
	struct fit		 f;
	char			 stackbrk[4096], *brk;
	size_t			 i, k, ps, pvend;
	int			 w, pw, pvis;

	if (n == 0)
		return;
	if (width < 1)
		width = 1;
	widths_fetch();
	memset(&bo, 0, sizeof bo);
	bo.glue_num_unit = o != NULL ? o->glue_num_unit : 0;
	brk = n <= sizeof stackbrk ? stackbrk : xmalloc(n);
	ustr_breaks(s, n, &bo, brk);

	memset(&f, 0, sizeof f);
	f.s = s;
	f.n = n;
	f.base = base;
	f.width = width;
	f.rb = rb;
	if (o != NULL) {
		f.hang = o->hang;
		if (width >= MIN_INDENT_W && o->indent > 0 && o->indent < width)
			f.indent = f.col = f.vcol = o->indent;
	}

	ps = pvend = 0;
	pw = pvis = 0;
	for (i = 0; i < n; i += k) {
		if (brk[i] && i > ps) {
			if (f.col + pvis <= width) {
				/* fit_piece()'s first case, inline: most
				 * pieces are one ideograph that fits */
				if (pvend > ps) {
					f.vend = pvend;
					f.vcol = f.col + pvis;
				}
				f.col += pw;
			} else
				fit_piece(&f, ps, i, pw, pvis, pvend);
			ps = pvend = i;
			pw = pvis = 0;
		}
		k = step(s, n, i, &w);
		pw += w;
		if (!is_blank(s[i])) {
			pvis = pw;
			pvend = i + k;
		}
	}
	fit_piece(&f, ps, n, pw, pvis, pvend);
	if (f.vend > f.start)
		fit_end_row(&f, n);
	if (brk != stackbrk)
		free(brk);
}

size_t
layout_wrap_para(const char *text, size_t off, size_t len, int width,
    const struct wrap_opts *o, struct layout_line *out, size_t max)
{
	struct rowbuf	rb;

	memset(&rb, 0, sizeof rb);
	rb.v = out;
	rb.max = out != NULL ? max : 0;
	if (text == NULL)
		return 0;
	wrap(text, len, off, width, o, &rb);
	return rb.n;
}

/* Cut s[0..n) at the width without looking for breaks (code lines): at least
 * one cluster per row; continuation rows get cont_indent and LAYOUT_CONT.
 * With one_row, only what fits the first row (image alt text), maybe nothing. */
static void
cut_rows(const char *s, size_t n, size_t base, int width, int cont_indent,
    struct rowbuf *rb, int one_row)
{
	size_t	a = 0, e, c;
	int	w, cols, indent = 0, avail, rf;

	widths_fetch();
	while (a < n) {
		avail = width - indent;
		cols = 0;
		e = a;
		rf = a > 0 ? LAYOUT_CONT : 0;
		while (e < n) {
			c = cluster(s, n, e, n, &w);
			if (cols + w > avail && (e > a || one_row))
				break;
			cols += w;
			e = c;
		}
		if (cols > avail)
			rf |= LAYOUT_OVERFLOW;
		rows_push(rb, base + a, e - a, cols, indent, rf);
		if (one_row)
			return;
		a = e;
		indent = cont_indent;
	}
}

/* The document layout. */

struct para_rows {
	struct doc_para		 p;
	struct rowbuf		 rb;
	unsigned long		 used;		/* LRU stamp; 0: slot empty */
	char			*shown;		/* the converted text, or NULL */
	size_t			 shown_cap;	/* bytes shown can hold */
};

struct layout {
	struct doc		*doc;
	struct layout_opts	 o;
	struct para_rows	 cache[LAYOUT_CACHE];
	unsigned long		 clock;
};

static void
opts_set(struct layout *l, const struct layout_opts *o)
{
	l->o = *o;
	if (l->o.width < 1)
		l->o.width = 1;
	if (l->o.para_spacing < LAYOUT_SPACING_AUTO)
		l->o.para_spacing = LAYOUT_SPACING_AUTO;
	if (l->o.para_spacing > 1)
		l->o.para_spacing = 1;
}

struct layout *
layout_new(struct doc *doc, const struct layout_opts *o)
{
	struct layout	*l = xcalloc(1, sizeof *l);

	l->doc = doc;
	if (o != NULL)
		opts_set(l, o);
	else
		l->o.width = 80;
	return l;
}

void
layout_free(struct layout *l)
{
	size_t	i;

	if (l == NULL)
		return;
	for (i = 0; i < LAYOUT_CACHE; i++) {
		free(l->cache[i].rb.v);
		free(l->cache[i].shown);
	}
	free(l);
}

void
layout_invalidate(struct layout *l)
{
	size_t	i;

	for (i = 0; i < LAYOUT_CACHE; i++)
		l->cache[i].used = 0;
}

void
layout_set_opts(struct layout *l, const struct layout_opts *o)
{
	if (o != NULL)
		opts_set(l, o);
	layout_invalidate(l);
}

/* A paragraph of mostly CJK text gets the first-line indent; one that
 * already starts with blank space is drawn as written (§10). Looks at the
 * first few dozen code points only. */
static int
wants_indent(const char *s, size_t n)
{
	size_t		i = 0;
	uint32_t	cp;
	int		k, cjk = 0, latin = 0;

	if (n == 0)
		return 0;
	ustr_decode(s, n, &cp);
	if (ustr_is_space(cp))
		return 0;
	for (k = 0; k < 32 && i < n; k++) {
		i += ustr_decode(s + i, n - i, &cp);
		if (ustr_is_cjk(cp))
			cjk++;
		else if ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z')
			latin++;
	}
	return cjk > 0 && cjk * 3 >= latin;
}

static int
block_indent(const struct doc_para *p, int width)
{
	int	depth = p->level > 1 ? p->level : 1;
	int	in = BLOCK_INDENT * depth;

	while (in > 0 && width - in < MIN_INDENT_W)
		in -= BLOCK_INDENT;
	return in;
}

/* Cells the image marker takes at this width: "[图] " or less. */
static int
image_indent(int width)
{
	return width > 5 ? 5 : width > 2 ? 2 : 0;
}

static int
is_text_kind(int kind)
{
	return kind == DOC_PARA_TEXT || kind == DOC_PARA_LIST ||
	    kind == DOC_PARA_QUOTE || kind == DOC_PARA_IMAGE;
}

/* Blank rows before p, from its kind and the kind of the paragraph above.
 * With automatic spacing, a text paragraph whose start shows (started: it
 * has a first-line indent) gets none, and one whose first row would look
 * like a continued line gets one. (Blank space written before a paragraph
 * is not shown: the paragraph's body starts after it.) */
static int
blanks_before(struct layout *l, const struct doc_para *p, int started)
{
	struct doc_para	prev;

	if (p->cont)
		return 0;
	if (p->kind != DOC_PARA_HEADING && l->o.para_spacing == 0)
		return 0;
	if (doc_para_prev(l->doc, p, &prev) != 0)
		return 0;
	if (prev.kind == DOC_PARA_HEADING)
		return 0;	/* the heading's own blank row is there */
	if (p->kind == DOC_PARA_HEADING)
		return 1;
	if (p->kind == prev.kind && p->kind != DOC_PARA_TEXT)
		return 0;	/* code lines, list items, quotes stay together */
	if (!is_text_kind(p->kind) || !is_text_kind(prev.kind))
		return 0;
	if (l->o.para_spacing == LAYOUT_SPACING_AUTO)
		return p->kind == DOC_PARA_TEXT && !started;
	return l->o.para_spacing;
}

/* Put n blank rows (of the paragraph at off) before the rows rb holds. */
static void
rows_blank_before(struct rowbuf *rb, size_t off, int n)
{
	struct layout_line	blank = { off, 0, 0, 0, LAYOUT_BLANK };
	size_t			had = rb->n;

	if (n <= 0)
		return;
	for (int i = 0; i < n; i++)
		rows_push(rb, off, 0, 0, 0, LAYOUT_BLANK);
	memmove(rb->v + n, rb->v, had * sizeof *rb->v);
	for (int i = 0; i < n; i++)
		rb->v[i] = blank;
}

/* The text slot's paragraph shows: doc_para_text(), or, with a conversion,
 * its conversion, kept in the slot (code is shown as written). */
static const char *
shown_text(struct layout *l, struct para_rows *slot)
{
	const struct doc_para	*p = &slot->p;
	const char		*s = doc_para_text(l->doc, p);

	if (s == NULL || l->o.convert == NULL || p->kind == DOC_PARA_CODE) {
		free(slot->shown);
		slot->shown = NULL;
		slot->shown_cap = 0;
		return s;
	}
	if (slot->shown_cap < p->body_len + 1) {
		slot->shown_cap = p->body_len + 1;
		slot->shown = xrealloc(slot->shown, slot->shown_cap);
	}
	convert_text(l->o.convert, s, p->body_len, slot->shown);
	return slot->shown;
}

/* The rows of a paragraph: its text's first, then the blank rows before
 * it, which may depend on how the text starts (blanks_before). Text and
 * blanks come in this order because the paragraph's text is borrowed: the
 * paragraph above, looked at for the blanks, may take its place. */
static void
lay_para(struct layout *l, struct para_rows *slot)
{
	const struct doc_para	*p = &slot->p;
	struct rowbuf		*rb = &slot->rb;
	struct wrap_opts	 wo;
	const char		*s;
	size_t			 i;
	int			 in = 0, width = l->o.width, started = 0;

	rb->n = 0;
	if (p->kind == DOC_PARA_RULE) {
		rows_push(rb, p->off, 0, 0, width, LAYOUT_RULE);
		rows_blank_before(rb, p->off, blanks_before(l, p, 0));
		return;
	}
	memset(&wo, 0, sizeof wo);
	wo.glue_num_unit = l->o.glue_num_unit;
	if ((s = shown_text(l, slot)) == NULL)
		s = "";
	switch (p->kind) {
	case DOC_PARA_CODE:
		cut_rows(s, p->body_len, p->body_off, width,
		    width >= MIN_INDENT_W ? BLOCK_INDENT : 0, rb, 0);
		break;
	case DOC_PARA_IMAGE:
		in = image_indent(width);
		cut_rows(s, p->body_len, p->body_off, width - in, 0, rb, 1);
		break;
	case DOC_PARA_LIST:
	case DOC_PARA_QUOTE:
		in = block_indent(p, width);
		wrap(s, p->body_len, p->body_off, width - in, &wo, rb);
		break;
	case DOC_PARA_HEADING:
		wrap(s, p->body_len, p->body_off, width, &wo, rb);
		break;
	default:
		wo.hang = l->o.hang ? 2 : 0;
		if (l->o.indent && !p->cont && wants_indent(s, p->body_len))
			wo.indent = CJK_INDENT;
		wrap(s, p->body_len, p->body_off, width, &wo, rb);
		started = wo.indent > 0;
		break;
	}
	if (rb->n == 0)	/* nothing to show (an empty item): still a row */
		rows_push(rb, p->body_off, 0, 0, 0, 0);
	for (i = 0; i < rb->n; i++) {
		switch (p->kind) {
		case DOC_PARA_CODE:
			rb->v[i].flags |= LAYOUT_CODE;
			break;
		case DOC_PARA_IMAGE:
			rb->v[i].indent = in;
			rb->v[i].flags |= LAYOUT_IMAGE;
			break;
		case DOC_PARA_LIST:
			rb->v[i].indent = in;
			if (i == 0)
				rb->v[i].flags |= LAYOUT_LIST;
			break;
		case DOC_PARA_QUOTE:
			rb->v[i].indent = in;
			rb->v[i].flags |= LAYOUT_QUOTE;
			break;
		case DOC_PARA_HEADING:
			rb->v[i].flags |= LAYOUT_HEADING;
			break;
		default:
			if (i == 0 && !p->cont)
				rb->v[i].flags |= LAYOUT_PARA;
			break;
		}
	}
	if (p->kind == DOC_PARA_HEADING)
		rows_push(rb, p->off, 0, 0, 0, LAYOUT_BLANK);
	rows_blank_before(rb, p->off, blanks_before(l, p, started));
}

/* The rows of p, from the cache or laid out now. The result stays valid
 * until the next call that lays out another paragraph. */
static struct para_rows *
rows_of(struct layout *l, const struct doc_para *p)
{
	struct para_rows	*e, *slot = &l->cache[0];
	size_t			 i;

	for (i = 0; i < LAYOUT_CACHE; i++) {
		e = &l->cache[i];
		if (e->used != 0 && e->p.off == p->off && e->p.len == p->len &&
		    e->p.kind == p->kind) {
			e->used = ++l->clock;
			return e;
		}
		if (e->used < slot->used)
			slot = e;
	}
	if (slot->rb.max > ROWS_KEEP) {
		free(slot->rb.v);
		slot->rb.v = NULL;
		slot->rb.max = 0;
	}
	slot->p = *p;
	slot->rb.grow = 1;
	lay_para(l, slot);
	slot->used = ++l->clock;
	return slot;
}

/* The rows of the paragraph that starts at para_off (or contains it). */
static struct para_rows *
rows_at(struct layout *l, size_t para_off)
{
	struct doc_para	p;

	if (doc_para_at(l->doc, para_off, &p) != 0)
		return NULL;
	return rows_of(l, &p);
}

static int
last_para(struct layout *l, struct doc_para *p)
{
	struct doc_para	end;
	size_t		len = doc_len(l->doc);

	if (len == 0)
		return -1;
	if (doc_para_at(l->doc, len - 1, p) == 0)
		return 0;
	/* the text ends in blank lines: the paragraph before its end */
	memset(&end, 0, sizeof end);
	end.off = end.body_off = len;
	return doc_para_prev(l->doc, &end, p);
}

struct layout_pos
layout_pos_at(struct layout *l, size_t off)
{
	struct doc_para		 p;

	if (doc_para_at(l->doc, off, &p) != 0)
		return layout_end(l, 1);
	return layout_pos_in(l, &p, off);
}

struct layout_pos
layout_pos_in(struct layout *l, const struct doc_para *p, size_t off)
{
	struct layout_pos	 pos = { 0, 0 };
	struct para_rows	*pr;
	size_t			 i, best = SIZE_MAX;

	pr = rows_of(l, p);
	for (i = 0; i < pr->rb.n; i++) {
		if (pr->rb.v[i].flags & LAYOUT_BLANK)
			continue;
		if (best == SIZE_MAX || pr->rb.v[i].off <= off)
			best = i;
		if (pr->rb.v[i].off > off)
			break;
	}
	pos.para = p->off;
	pos.row = best == SIZE_MAX ? 0 : best;
	return pos;
}

size_t
layout_pos_off(struct layout *l, struct layout_pos pos)
{
	struct para_rows	*pr = rows_at(l, pos.para);

	if (pr == NULL)
		return doc_len(l->doc);
	if (pos.row >= pr->rb.n)
		pos.row = pr->rb.n - 1;
	return pr->rb.v[pos.row].off;
}

long
layout_move(struct layout *l, struct layout_pos *pos, long delta)
{
	struct para_rows	*pr = rows_at(l, pos->para);
	struct doc_para		 p, q;
	size_t			 row, n, step;
	long			 moved = 0;

	if (pr == NULL)
		return 0;
	row = pos->row < pr->rb.n ? pos->row : pr->rb.n - 1;
	n = pr->rb.n;
	p = pr->p;
	while (delta > 0) {
		step = n - 1 - row;
		if ((size_t)delta <= step) {
			row += (size_t)delta;
			moved += delta;
			break;
		}
		if (doc_para_next(l->doc, &p, &q) != 0) {
			row = n - 1;
			moved += (long)step;
			break;
		}
		moved += (long)step + 1;
		delta -= (long)step + 1;
		pr = rows_of(l, &q);
		p = pr->p;
		n = pr->rb.n;
		row = 0;
	}
	while (delta < 0) {
		if ((size_t)-delta <= row) {
			row -= (size_t)-delta;
			moved += delta;
			break;
		}
		if (doc_para_prev(l->doc, &p, &q) != 0) {
			moved -= (long)row;
			row = 0;
			break;
		}
		moved -= (long)row + 1;
		delta += (long)row + 1;
		pr = rows_of(l, &q);
		p = pr->p;
		n = pr->rb.n;
		row = n - 1;
	}
	pos->para = p.off;
	pos->row = row;
	return moved;
}

struct layout_pos
layout_end(struct layout *l, int rows)
{
	struct layout_pos	 pos = { 0, 0 };
	struct para_rows	*pr;
	struct doc_para		 p;

	if (last_para(l, &p) != 0)
		return pos;
	pr = rows_of(l, &p);
	pos.para = p.off;
	pos.row = pr->rb.n - 1;
	if (rows > 1)
		layout_move(l, &pos, -(long)(rows - 1));
	return pos;
}

int
layout_rows(struct layout *l, struct layout_pos pos, struct layout_line *out,
    int max)
{
	struct para_rows	*pr = rows_at(l, pos.para);
	struct doc_para		 p, q;
	size_t			 row = pos.row;
	int			 got = 0;

	if (pr == NULL || out == NULL)
		return 0;
	if (row >= pr->rb.n)
		row = pr->rb.n - 1;	/* a position from before a reflow */
	while (got < max) {
		while (row < pr->rb.n && got < max)
			out[got++] = pr->rb.v[row++];
		if (got == max)
			break;
		p = pr->p;
		if (doc_para_next(l->doc, &p, &q) != 0)
			break;
		pr = rows_of(l, &q);
		row = 0;
	}
	return got;
}

/* Decorations: one place for what the pager and --dump draw in a row's
 * indent. */

struct sbuf {
	char	*buf;
	size_t	 size, len;
};

static void
sbuf_put(struct sbuf *sb, const char *s, size_t n)
{
	if (sb->len < sb->size)
		memcpy(sb->buf + sb->len, s,
		    n < sb->size - sb->len ? n : sb->size - sb->len);
	sb->len += n;
}

static void
sbuf_spaces(struct sbuf *sb, int n)
{
	while (n-- > 0)
		sbuf_put(sb, " ", 1);
}

/* A mark of at most two cells ending the indent: cp and a space, or cp
 * alone when the terminal draws it wide; fallback when it would not fit. */
static void
sbuf_mark(struct sbuf *sb, int indent, uint32_t cp, const char *fallback)
{
	char	u[4];
	int	w = ustr_width(cp);

	if (indent < 2) {
		sbuf_spaces(sb, indent);
		return;
	}
	sbuf_spaces(sb, indent - 2);
	if (w == 1 || w == 2) {
		sbuf_put(sb, u, ustr_encode(cp, u));
		sbuf_spaces(sb, 2 - w);
	} else
		sbuf_put(sb, fallback, 2);
}

size_t
layout_decorate(const struct layout_line *r, char *buf, size_t size)
{
	struct sbuf	sb = { buf, size, 0 };
	char		u[4];
	int		w, n, k, left;

	if (r->flags & LAYOUT_RULE) {
		/* a rule over half the width, centred */
		w = ustr_width(0x2500) == 1 ? 1 : 2;
		n = r->indent / 2 / w;
		if (n == 0 && r->indent >= w)
			n = 1;
		left = (r->indent - n * w) / 2;
		sbuf_spaces(&sb, left);
		for (k = 0; k < n; k++)
			sbuf_put(&sb, u, ustr_encode(0x2500, u));
		sbuf_spaces(&sb, r->indent - left - n * w);
	} else if ((r->flags & LAYOUT_IMAGE) && r->indent >= 5) {
		sbuf_put(&sb, "[\xe5\x9b\xbe] ", 6);
		sbuf_spaces(&sb, r->indent - 5);
	} else if ((r->flags & LAYOUT_IMAGE) && r->indent >= 2) {
		sbuf_put(&sb, "\xe5\x9b\xbe", 3);
		sbuf_spaces(&sb, r->indent - 2);
	}
	else if (r->flags & LAYOUT_LIST)
		sbuf_mark(&sb, r->indent, 0x2022, "* ");
	else if (r->flags & LAYOUT_QUOTE)
		sbuf_mark(&sb, r->indent, 0x2502, "| ");
	else if (r->flags & LAYOUT_CONT)
		sbuf_mark(&sb, r->indent, 0x21AA, "> ");
	else
		sbuf_spaces(&sb, r->indent);
	if (size > 0)
		buf[sb.len < size ? sb.len : size - 1] = '\0';
	return sb.len;
}

const char *
layout_para_text(struct layout *l, const struct doc_para *p,
    const unsigned char **style)
{
	struct para_rows	*pr = rows_of(l, p);
	const char		*s = doc_para_text_styled(l->doc, p, style);

	return s != NULL && pr->shown != NULL ? pr->shown : s;
}

const char *
layout_row_text(struct layout *l, const struct layout_line *r)
{
	struct doc_para	 p;
	size_t		 i;
	const char	*s;

	if (r->len == 0)
		return "";
	for (i = 0; i < LAYOUT_CACHE; i++) {
		p = l->cache[i].p;
		if (l->cache[i].used != 0 && p.body_off <= r->off &&
		    r->off + r->len <= p.body_off + p.body_len)
			break;
	}
	if (i == LAYOUT_CACHE && (doc_para_at(l->doc, r->off, &p) != 0 ||
	    r->off < p.body_off || r->off + r->len > p.body_off + p.body_len))
		return NULL;
	if ((s = layout_para_text(l, &p, NULL)) == NULL)
		return NULL;
	return s + (r->off - p.body_off);
}

/* Write row r's text made safe, as the pager draws it. */
static void
dump_text(struct layout *l, const struct layout_line *r, FILE *out)
{
	const char	*s;
	char		 buf[1024], *t = buf;
	size_t		 need;

	if (r->flags & LAYOUT_OVERFLOW) {
		fputs(LAYOUT_OVERFLOW_MARK, out);
		return;
	}
	if ((s = layout_row_text(l, r)) == NULL)
		return;
	need = ustr_show_text(s, r->len, buf, sizeof buf);
	if (need >= sizeof buf) {
		t = xmalloc(need + 1);
		ustr_show_text(s, r->len, t, need + 1);
	}
	fputs(t, out);
	if (t != buf)
		free(t);
}

void
layout_dump(struct layout *l, size_t from, size_t to, FILE *out)
{
	struct layout_line	 rows[64];
	struct layout_pos	 pos;
	char			 deco[256], *d;
	size_t			 need;
	int			 i, n;

	if (from >= to || doc_len(l->doc) == 0)
		return;
	pos = layout_pos_at(l, from);
	for (;;) {
		n = layout_rows(l, pos, rows, 64);
		for (i = 0; i < n; i++) {
			if (rows[i].off >= to)
				return;
			need = layout_decorate(&rows[i], deco, sizeof deco);
			d = deco;
			if (need >= sizeof deco) {
				d = xmalloc(need + 1);
				layout_decorate(&rows[i], d, need + 1);
			}
			fputs(d, out);
			if (d != deco)
				free(d);
			dump_text(l, &rows[i], out);
			putc('\n', out);
		}
		if (n < 64 || layout_move(l, &pos, n) < n)
			return;
	}
}
