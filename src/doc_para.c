/* doc_para: paragraphs, computed on demand from the lines around an offset
 * (doc.c tells why that keeps next and previous consistent): whether a line
 * begins a paragraph, how lines are joined, where a paragraph longer than
 * DOC_PARA_MAX is cut, and the paragraph API of doc.h. */
#include <stdlib.h>
#include <string.h>

#include "block.h"
#include "doc.h"
#include "doc_int.h"
#include "markup.h"
#include "outline.h"
#include "ustr.h"
#include "util.h"

#define CUT_WIN		1024		/* where cut_at() looks for a safe point */
#define CUT_NEAR	64		/* where it looks first */
#define CUT_BACK	64		/* text before it that decides a break */
#define CUT_AHEAD	32		/* and after it */

/* Hard wraps happen between WRAP_LOW and WRAP_MAX cells: no program wraps
 * prose wider than WRAP_MAX, so a wider line was written as one line, and a
 * row narrower than WRAP_LOW (15 CJK characters) is a title, a name, a
 * short line of verse. Between WRAP_LOW and WRAP_MIN (30 CJK characters, 60
 * letters) a row counts as wrapped only next to another of its width. */
#define WRAP_LOW	30
#define WRAP_MIN	60
#define WRAP_MAX	160

/* End (its terminator) of the line before the one starting at start. */
static size_t
end_before(struct doc *d, size_t start)
{
	size_t	t = start - 1;

	if (t > d->start && doc_byte_at(d, t) == '\n' && doc_byte_at(d, t - 1) == '\r')
		t--;
	return t;
}

/* Whether p and the line l after it are in different runs of text for the
 * wrap rules: a blank line, a heading or a separator between them. */
static int
apart(const struct line *p, const struct line *l)
{
	return p->b.kind == LT_HEAD || l->b.kind == LT_HEAD ||
	    block_begins(&p->b, &l->b, 0) == BLOCK_BREAK;
}

/* How many lines on each side of a join the rules below look at. */
#define NEAR	4

/* The line next to a (before it if back, else after it) in *b; 0 at the
 * text's edge or next to a huge line whose bounds are unknown. */
static int
neighbour(struct doc *d, const struct line *a, int back, struct line *b)
{
	if (back ? a->start <= d->start || a->start == UNK :
	    a->next >= doc_len(d) || a->next == UNK)
		return 0;
	if (back)
		doc_line_get(d, a->start - 1, a->start - 1, b);
	else
		doc_line_get(d, a->next, a->next, b);
	return 1;
}

/* The widest of the lines around the pair p, l: up to NEAR lines before p
 * and NEAR after l, p and l included, within their run of text (a blank
 * line, a heading or a separator ends it). Stops once over limit. */
static int
near_width(struct doc *d, const struct line *p, const struct line *l,
    int limit)
{
	struct line	a, b;
	int		w = p->width > l->width ? p->width : l->width, i, back;

	for (back = 1; back >= 0; back--)
		for (a = back ? *p : *l, i = 0; i < NEAR && w <= limit &&
		    neighbour(d, &a, back, &b); i++, a = b) {
			if (b.huge)
				return STRUCT_HUGE;
			if (back ? apart(&b, &a) : apart(&a, &b))
				break;
			w = b.width > w ? b.width : w;
		}
	return w;
}

/* Whether another row among the NEAR non-blank lines on each side of p
 * (blank lines crossed: the wrap width belongs to the region, and the rows
 * of the paragraphs around show it) is as wide as p, give or take a sixth.
 * Two rows of one width are a wrap column; a lone short row is not. */
static int
near_twin(struct doc *d, const struct line *p)
{
	struct line	a, b;
	int		i, back, lo = p->width - p->width / 6,
			hi = p->width + p->width / 6;

	for (back = 1; back >= 0; back--)
		for (a = *p, i = 0; i < NEAR && neighbour(d, &a, back, &b) &&
		    !b.huge; a = b) {
			if (b.b.kind == BLOCK_BLANK)
				continue;
			if (b.width >= lo && b.width <= hi)
				return 1;
			i++;
		}
	return 0;
}

/* Whether the plain text line p was hard-wrapped and l is its next row: the
 * one place that decides joins outside Markdown. Each test splits where the
 * text shows it was written line by line; they look at p, l and the few
 * lines around them, so a book that mixes styles (a contents list, then
 * wrapped prose; wrapped prose, then a letter one line per paragraph) is
 * read region by region. */
static int
wrapped(struct doc *d, const struct line *p, const struct line *l)
{
	/* A full row: a wrap at w leaves a row short by at most the word it
	 * carried over (a sixth of a 70-column row; a character or two in
	 * CJK, where a sixth is generous). */
	int	w = d->wrap_w, full = w - (w / 6 > 2 ? w / 6 : 2), m;

	/* An indent (spaces, U+3000) starts a paragraph: it is how the
	 * author marks one, never where a wrap puts a row. Except a row
	 * aligned with ASCII spaces under a row indented with U+3000 to the
	 * same column: an author's indent repeats the same characters, this
	 * is a typesetter hanging a wrapped verse line under its start. */
	if (p->huge || l->huge)
		return 0;
	if (l->indent && !(p->hang < 0 && l->hang > 0 && l->hang >= -p->hang - 1 &&
	    l->hang <= -p->hang))
		return 0;
	if (d->mode == MODE_WRAP) {
		/* Wrapped at w: a row well past w was not (a region written
		 * one paragraph per line), a row well short of it ends its
		 * paragraph. */
		if (p->width > w + w / 4 || l->width > w + w / 4 ||
		    (long)p->width * 10 < (long)w * 7)
			return 0;
		if (p->width >= full)
			return 1;
		/* p is neither full nor short: it belongs to the wrap only
		 * if a row near it is full; a verse or a list whose lines
		 * all stop short of the wrap keeps its lines. */
		return near_width(d, p, l, full) >= full;
	}
	/* Blank lines separate paragraphs but no wrap width is known: take
	 * the widest line nearby as the wrap width, if it can be one. A
	 * sentence or speech that ends where the next line opens a quote is
	 * dialogue written one speech per line. */
	if (p->closes && l->opens)
		return 0;
	if (p->width < WRAP_LOW || p->width > WRAP_MAX || l->width > WRAP_MAX)
		return 0;
	m = near_width(d, p, l, WRAP_MAX);
	return m <= WRAP_MAX && (long)p->width * 10 >= (long)m * 7 &&
	    (p->width >= WRAP_MIN || near_twin(d, p));
}

static int	begins(struct doc *, const struct line *, const struct line *);

/* Whether the text line p starts its paragraph. */
static int
starts(struct doc *d, const struct line *p)
{
	struct line	pp;

	if (p->start <= d->start)
		return 1;
	doc_line_get(d, p->start - 1, p->start - 1, &pp);
	return begins(d, p, &pp);
}

/* Whether line l starts a paragraph, given the line p before it: block.h's
 * rules, the wrap's in plain text. The recursion through starts() is one
 * level deep: it asks about a text line, which underlines nothing. */
static int
begins(struct doc *d, const struct line *l, const struct line *p)
{
	int	r;

	if (d->mode == MODE_LINE || l->b.kind == LT_HEAD || p->b.kind == LT_HEAD)
		return 1;
	r = block_begins(&p->b, &l->b, d->mode == MODE_MD);
	if (r == BLOCK_UNDER)
		r = block_under(&p->b, &l->b, starts(d, p));
	return r == BLOCK_WRAP ? !wrapped(d, p, l) : r == BLOCK_BREAK;
}

/* Rewrites, in t (a copy of src[0..got)), every line terminator in
 * t[0..n) and the indent after it (in a quote, its '>' marks too), byte for
 * byte: the terminator to ustr_join()'s ' ' or '\n', the rest to '\n'. The
 * one rule of how lines are joined, for doc_para_text() and cut_at(). */
/* The first terminator in t[i..n), or n; sixteen bytes at a time where
 * SSE2 is (a byte at a time, join_lines took 3.6% of counting a frequent
 * term, over paragraphs that mostly hold none). */
static size_t
next_term(const char *t, size_t i, size_t n)
{
#ifdef __SSE2__
	__m128i		v;
	unsigned	m;

	for (; n >= 16 && i <= n - 16; i += 16) {
		v = _mm_loadu_si128((const __m128i *)(t + i));
		m = (unsigned)_mm_movemask_epi8(_mm_or_si128(
		    _mm_cmpeq_epi8(v, UTIL_SET8('\n')),
		    _mm_cmpeq_epi8(v, UTIL_SET8('\r'))));
		if (m != 0) {
			while (!(m & 1)) {
				m >>= 1;
				i++;
			}
			return i;
		}
	}
#endif
	while (i < n && !doc_is_term(t[i]))
		i++;
	return i;
}

static void
join_lines(const char *src, char *t, size_t n, size_t got, int quote)
{
	size_t		i, j, tl;
	uint32_t	next = 0;

	for (i = 0; (i = next_term(t, i, n)) < n; i++) {
		tl = t[i] == '\r' && i + 1 < got && t[i + 1] == '\n' ? 2 : 1;
		for (j = i + tl; j < n; j++) {
			if (t[j] == '>' && quote)
				continue;
			if (t[j] != ' ' && t[j] != '\t')
				break;
		}
		if (j < got)
			ustr_decode(t + j, got - j, &next);
		t[i] = ustr_join(src, i, next);
		memset(t + i + 1, '\n', j - i - 1);
		i = j - 1;
	}
}

/* The first break opportunity in p[i..lim) (i a code point start), the
 * breaks decided by ustr_breaks() over p[a..lim + CUT_AHEAD) joined as
 * doc_para_text() joins it (so the layout of the whole paragraph allows it
 * too); or UNK. t and brk hold got bytes. */
static size_t
first_break(const char *p, size_t got, size_t a, size_t i, size_t lim,
    char *t, char *brk)
{
	size_t	end = lim + CUT_AHEAD < got ? lim + CUT_AHEAD : got;

	if (end <= a)
		return UNK;
	memcpy(t, p, end);
	join_lines(p, t, end, end, 0);
	memset(brk, 0, a);
	ustr_breaks(t + a, end - a, NULL, brk + a);
	for (; i < lim && i < end; i++)
		if (brk[i] && !doc_is_term(p[i]))
			return i;
	return UNK;
}

/* The point where a long paragraph is cut near grid offset k, or UNK: the
 * first break opportunity at or after k (never before '，' or after '「'),
 * looked for in the next CUT_NEAR bytes, then in CUT_WIN; else a line
 * start, else a cluster boundary, else a code point boundary; never at a
 * line terminator. Depends only on the text in
 * [k - CUT_BACK, k + CUT_WIN + CUT_AHEAD). */
static size_t
cut_at(struct doc *d, size_t k)
{
	char		 t[CUT_BACK + CUT_WIN + CUT_AHEAD], brk[sizeof t];
	size_t		 len = doc_len(d), lo, got, a, i, i0, n, q, ce = UNK;
	size_t		 line = UNK, cluster = UNK, point = UNK;
	const char	*p;
	uint32_t	 prev, next;

	if (k >= len)
		return UNK;
	lo = k >= CUT_BACK ? k - CUT_BACK : 0;
	p = doc_view(d, lo, k - lo + CUT_WIN + CUT_AHEAD, &got);
	a = ustr_sync(p, got, 0);
	i0 = ustr_sync(p, got, k - lo);
	/* Most text has a break within a few characters: decide the
	 * breaks of a short stretch first. */
	if ((i = first_break(p, got, a, i0, k - lo + CUT_NEAR, t, brk)) != UNK ||
	    (i = first_break(p, got, a, i0, k - lo + CUT_WIN, t, brk)) != UNK)
		return lo + i;
	i = i0;
	prev = i > 0 ? ustr_decode_before(p, i, &n) : 0;
	if (i < got)
		ce = ustr_cluster_end(p, got, i);
	for (; i < got && (q = lo + i) < k + CUT_WIN; i += n) {
		n = ustr_decode(p + i, got - i, &next);
		if (!doc_is_term(p[i])) {
			if ((prev == '\n' || prev == '\r') && line == UNK)
				line = q;
			if (cluster == UNK && i == ce)
				cluster = q;
			if (point == UNK)
				point = q;
		}
		while (ce != UNK && ce <= i)
			ce = ce < got ? ustr_cluster_end(p, got, ce) : UNK;
		prev = next;
	}
	if (line != UNK)
		return line;
	return cluster != UNK ? cluster : point;
}

/* 1-based line of off when the scan has passed it, else 0. Lines are
 * counted from the checkpoint before off, or from the offset asked for
 * last when it is after that and not after off (d->ln): the matches of
 * --grep or of the list, in order, each counted up to 16 KiB of text again
 * (8% of --grep 数据 over 100 MB, a paragraph at a time elsewhere). */
static size_t
lineno_at(struct doc *d, size_t off)
{
	size_t		 k = off / CP, lines, from, got, i;
	const char	*p, *q;
	int		 cr;

	if (k >= atomic_load_explicit(&d->cp_n, memory_order_acquire))
		return 0;
	lines = d->cp[k / CP_PAGE][k % CP_PAGE];
	from = k * CP;
	if (d->ln.valid && d->ln.k == k && d->ln.off <= off) {
		lines = d->ln.lines;
		from = d->ln.off;
	}
	cr = from > 0 && doc_byte_at(d, from - 1) == '\r';
	p = doc_view(d, from, off - from, &got);
	if (!cr && memchr(p, '\r', got) == NULL)
		for (i = 0; (q = memchr(p + i, '\n', got - i)) != NULL; lines++)
			i = (size_t)(q - p) + 1;
	else
		for (i = 0; i < got; i++) {
			if (p[i] == '\r' || (p[i] == '\n' && !cr))
				lines++;
			cr = p[i] == '\r';
		}
	d->ln.valid = 1;
	d->ln.k = k;
	d->ln.off = from + got;
	d->ln.lines = lines;
	return lines + 1;
}

size_t
doc_lineno(struct doc *d, size_t off)
{
	return lineno_at(d, off);
}

static void
para_fill(struct doc *d, struct doc_para *out, const struct line *first,
    const struct line *last, size_t p1, size_t prev_end)
{
	const struct outline		*o;
	const struct outline_section	*sec;
	size_t				 end = out->off + out->len, body_end = end;
	ssize_t				 h;

	out->kind = DOC_PARA_TEXT;
	out->level = 0;
	out->body_off = out->off;
	if (!out->cont) {
		out->body_off = first->start + first->b.body;
		switch (first->b.kind) {
		case BLOCK_LIST:
			out->kind = DOC_PARA_LIST;
			out->level = first->b.level;
			break;
		case BLOCK_QUOTE:
			out->kind = DOC_PARA_QUOTE;
			out->level = first->b.level;
			break;
		case BLOCK_ATX:
			out->kind = DOC_PARA_HEADING;
			out->level = first->b.level;
			body_end = first->start + first->b.body_end;
			break;
		case LT_HEAD:
			out->kind = DOC_PARA_HEADING;
			out->level = 1;
			break;
		case BLOCK_CODE:
			out->kind = DOC_PARA_CODE;
			break;
		case BLOCK_RULE:
		case BLOCK_DASH:
			out->kind = DOC_PARA_RULE;
			body_end = out->body_off;
			break;
		case BLOCK_IMAGE:
			out->kind = DOC_PARA_IMAGE;
			body_end = first->start + first->b.body_end;
			break;
		default:
			if (p1 != UNK && last->start != first->start &&
			    (last->b.kind == BLOCK_DASH || last->b.kind == BLOCK_EQ)) {
				out->kind = DOC_PARA_HEADING;
				out->level = block_setext_level(&last->b);
				/* Found from the underline itself, the walk
				 * forward never saw the line before it. */
				body_end = prev_end != UNK ? prev_end :
				    end_before(d, last->start);
			}
			break;
		}
		o = atomic_load_explicit(&d->outline_pub, memory_order_acquire);
		if (o != NULL && (out->kind == DOC_PARA_TEXT ||
		    first->b.kind == LT_HEAD)) {
			if ((h = outline_find_heading(o, out->off)) >= 0) {
				sec = outline_get(o, (size_t)h);
				out->kind = DOC_PARA_HEADING;
				out->level = sec->level;
			} else if (first->b.kind == LT_HEAD)
				out->kind = DOC_PARA_TEXT;
		}
	}
	if (body_end > end)
		body_end = end;
	if (out->body_off > body_end)
		out->body_off = body_end;
	out->body_len = body_end - out->body_off;
}

/* Long runs of blank lines are skipped bytewise: the first byte at or after
 * off that is not ASCII white space or a terminator. Markdown stops at the
 * fence bucket, whose lines may be code. */
static size_t
blank_fwd(struct doc *d, size_t off)
{
	size_t		 len = doc_len(d), to = len, got, i;
	const char	*p;

	if (d->mode == MODE_MD && (off / FENCE_BUCKET + 1) * FENCE_BUCKET < len)
		to = (off / FENCE_BUCKET + 1) * FENCE_BUCKET;
	for (; off < to; off += got) {
		p = doc_view(d, off, to - off < d->bs ? to - off : d->bs, &got);
		for (i = 0; i < got; i++)
			if (p[i] != ' ' && p[i] != '\t' && !doc_is_term(p[i]))
				return off + i;
	}
	return off;
}

/* The start of the line after the last byte before pos that is not ASCII
 * white space or a terminator (a position blank_fwd would skip from). */
static size_t
blank_back(struct doc *d, size_t pos)
{
	size_t		 to = d->start, got, i;
	const char	*p;

	if (d->mode == MODE_MD && pos / FENCE_BUCKET * FENCE_BUCKET > to)
		to = pos / FENCE_BUCKET * FENCE_BUCKET;
	while (pos > to) {
		p = doc_view(d, pos - (pos - to < d->bs ? pos - to : d->bs),
		    pos - to < d->bs ? pos - to : d->bs, &got);
		for (i = got; i > 0; i--)
			if (p[i - 1] != ' ' && p[i - 1] != '\t' && !doc_is_term(p[i - 1]))
				return pos - got + i;
		pos -= got;
	}
	return pos;
}

/* The start of the paragraph that holds line l, walking back no further
 * than floor: UNK if it starts before floor or in a huge line whose start
 * is unknown. *first gets its first line (the last one looked at). */
static size_t
para_start(struct doc *d, const struct line *l, size_t floor,
    struct line *first)
{
	struct line	prev;

	for (*first = *l;;) {
		if (first->start == UNK || first->start < floor)
			return UNK;
		if (first->start <= d->start)
			return first->start;
		doc_line_get(d, first->start - 1, floor, &prev);
		if (begins(d, first, &prev))
			return first->start;
		*first = prev;
	}
}

/* How far back para_find() looks from off: at or before the previous grid
 * line m - STEP (m the grid line at or before off) and more than
 * DOC_PARA_MAX before off, so that a paragraph that began before it is
 * long, and has a cut at m - STEP. */
static size_t
look_floor(const struct doc *d, size_t off)
{
	size_t	m = off / STEP * STEP, floor = m >= STEP ? m - STEP : 0;

	if (off <= DOC_PARA_MAX)
		floor = 0;
	else if (off - DOC_PARA_MAX - 1 < floor)
		floor = off - DOC_PARA_MAX - 1;
	return floor < d->start ? d->start : floor;
}

/* The paragraph at off (see the top of the file). A paragraph is cut only
 * when it is longer than DOC_PARA_MAX: the cuts are then at cut_at(k) for
 * every multiple k of STEP inside it. Whether it is that long is decided
 * from the paragraph alone, never from where the grid falls, so a
 * paragraph's rows do not depend on its offset in the file: a start before
 * floor (more than DOC_PARA_MAX back), or a huge line, makes it long; else
 * the walk forward measures it, DOC_PARA_MAX past its start at most. */
static int
para_find(struct doc *d, size_t off, struct doc_para *out)
{
	struct line	l, cur, fw, nx;
	size_t		len = doc_len(d), m, floor, p0, k, c, cn = UNK, pend;
	size_t		p1 = UNK, prev_end = UNK, cut_off;
	int		cont = 0, cn_known = 0, more = 0, is_long;

	if (off < d->start)
		off = d->start;
	for (;;) {
		if (off >= len)
			return -1;
		floor = look_floor(d, off);
		doc_line_get(d, off, floor, &l);
		if (l.huge || !block_outside(&l.b))
			break;
		off = l.b.kind == BLOCK_BLANK ? blank_fwd(d, l.next) : l.next;
	}
	m = off / STEP * STEP;
	p0 = para_start(d, &l, floor, &cur);
	/* The last cut at or before off, should the paragraph be long. */
	if (p0 != UNK) {
		cut_off = p0;
		k = (p0 / STEP + 1) * STEP;
		is_long = off - p0 > DOC_PARA_MAX ? 1 : -1;
	} else {
		/* It began before floor, so before the grid line m - STEP. */
		k = m - STEP;
		if ((cut_off = cut_at(d, k)) == UNK)
			die("doc: no cut point at %zu", k);
		cont = 1;
		k += STEP;
		is_long = 1;
	}
	for (; k <= off && (c = cut_at(d, k)) <= off; k += STEP) {
		cut_off = c;
		cont = 1;
	}
	/* The next cut is at or after k: only look for it past k. */
	for (fw = l;;) {
		if (is_long < 0 && (fw.end == UNK || fw.end - p0 > DOC_PARA_MAX))
			is_long = 1;
		if (is_long > 0 && !cn_known && (fw.end == UNK || fw.end > k)) {
			cn = cut_at(d, k);
			cn_known = 1;
		}
		if (is_long > 0 && (fw.end == UNK || (cn != UNK && fw.end > cn))) {
			pend = cn;
			more = cn != UNK;
			break;
		}
		if (fw.next >= len) {
			pend = p1 = fw.end;
			break;
		}
		doc_line_get(d, fw.next, fw.next, &nx);
		if ((!nx.huge && block_outside(&nx.b)) || begins(d, &nx, &fw)) {
			pend = p1 = fw.end;
			break;
		}
		prev_end = fw.end;
		fw = nx;
	}
	if (is_long < 0) {	/* the whole paragraph, uncut */
		cut_off = p0;
		cont = 0;
	}
	out->off = cut_off;
	out->len = pend - out->off;
	out->cont = cont;
	out->more = more;
	out->lineno = lineno_at(d, out->off);
	para_fill(d, out, &cur, &fw, p1, prev_end);
	return 0;
}

int
doc_para_at(struct doc *d, size_t off, struct doc_para *p)
{
	return para_find(d, off, p);
}

int
doc_para_next(struct doc *d, const struct doc_para *p, struct doc_para *next)
{
	size_t	end = p->off + p->len;

	if (end >= doc_len(d))
		return -1;
	if (doc_is_term(doc_byte_at(d, end)))
		end = doc_after_term(d, end);
	return para_find(d, end, next);
}

int
doc_para_prev(struct doc *d, const struct doc_para *p, struct doc_para *prev)
{
	struct line	l;
	size_t		pos = p->off;

	if (p->cont)
		return para_find(d, p->off - 1, prev);
	for (;;) {
		if (pos <= d->start)
			return -1;
		doc_line_get(d, pos - 1, pos - 1, &l);
		if (l.huge || !block_outside(&l.b))
			break;
		pos = l.b.kind == BLOCK_BLANK ? blank_back(d, l.start) : l.start;
	}
	return para_find(d, l.end > l.start || l.start == UNK ? l.end - 1 : l.end, prev);
}

/* The body of p with its joins (doc.h), and its inline markup hidden
 * (markup.h) for showing or, with MARKUP_SEARCH, for matching. With style
 * not NULL, *style gets the markup's styles of the text, or NULL when it
 * has none. */
static const char *
para_text(struct doc *d, const struct doc_para *p, int purpose,
    const unsigned char **style)
{
	char		*t = d->textbuf;
	const char	*src;
	size_t		 n = p->body_len, got;

	src = doc_view(d, p->body_off, n + 8, &got);
	memcpy(t, src, got);
	if (n > got)
		n = got;
	join_lines(src, t, n, got, p->kind == DOC_PARA_QUOTE);
	if (style != NULL)
		*style = NULL;
	if (p->kind == DOC_PARA_CODE)
		return t;
	if (style != NULL && d->stylebuf == NULL)
		d->stylebuf = xmalloc(VIEW_MAX);
	if (markup_hide(t, n, purpose | (d->mode == MODE_MD ? MARKUP_MARKDOWN :
	    0), style != NULL ? d->stylebuf : NULL) && style != NULL)
		*style = d->stylebuf;
	return t;
}

const char *
doc_para_text(struct doc *d, const struct doc_para *p)
{
	return para_text(d, p, 0, NULL);
}

const char *
doc_para_text_styled(struct doc *d, const struct doc_para *p,
    const unsigned char **style)
{
	return para_text(d, p, 0, style);
}

const char *
doc_para_search_text(struct doc *d, const struct doc_para *p)
{
	return para_text(d, p, MARKUP_SEARCH, NULL);
}
