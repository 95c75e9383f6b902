/* doc_line: one line of the text and its type. The paragraph profile
 * (which mode joins lines, the wrap width) from the first HEAD bytes, the
 * Markdown fence state at a line start, and doc_line_get(): the line around
 * an offset, classified for the join rules of doc_para.c. */
#define _GNU_SOURCE		/* memmem */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "block.h"
#include "doc.h"
#include "doc_int.h"
#include "outline.h"
#include "ustr.h"
#include "util.h"

/* Blank lines separate paragraphs when the runs of text between them average
 * at most RUN_MAX lines: hard-wrapped paragraphs are a few rows long, and a
 * text with a blank line only every few dozen lines uses them for something
 * else (sections, pasted code) and is one paragraph per line. */
#define RUN_MAX		12

/* A line longer than WIDE_BYTES is not counted: it is STRUCT_HUGE. */
#define WIDE_BYTES	1024
/* Widths the profile tells apart; a wider line counts as wide. */
#define PROFILE_W	256

static int
line_cells(const char *s, size_t n)
{
	struct outline_counts	lc;

	if (n > WIDE_BYTES)
		return STRUCT_HUGE;
	outline_count_line(s, n, &lc);
	return lc.width < STRUCT_HUGE ? (int)lc.width : STRUCT_HUGE;
}

/* Whether blank lines can be the paragraph separator of a text with
 * nonblank lines in runs of text between blank lines. */
static int
blank_separated(size_t nonblank, size_t runs)
{
	return runs >= 1 && nonblank <= runs * RUN_MAX;
}

/* Whether [start, end) of a UTF-8 text looks like a chapter heading that
 * starts a paragraph of its own in hard-wrapped text (第X章, Chapter 3). */
static int
chapter_like(const char *s, size_t n)
{
	static const char	 units[] = "章节回卷部篇集幕";
	static const char	 nums[] = "0123456789０１２３４５６７８９一二三四五六七八九十百千零〇两";
	size_t			 i = 0, k, count = 0;
	uint32_t		 cp;
	char			 u[8];

	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (n - i >= 8 && strncasecmp(s + i, "chapter", 7) == 0 &&
	    (s[i + 7] == ' ' || (s[i + 7] >= '0' && s[i + 7] <= '9')))
		return n - i < 120;
	if (n - i < 3 || memcmp(s + i, "第", 3) != 0 || n - i > 150)
		return 0;
	for (i += 3; i < n && count < 8; i += k, count++) {
		k = ustr_decode(s + i, n - i, &cp);
		memcpy(u, s + i, k);
		u[k] = '\0';
		if (cp >= 0x80 && strstr(units, u) != NULL)
			return count > 0;
		if (strstr(nums, u) == NULL)
			return 0;
	}
	return 0;
}

static int
ends_with(const char *s, const char *suffix)
{
	size_t	n = strlen(s), m = strlen(suffix);

	return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

/* What the profile counts in the head. */
struct profile {
	size_t			 hist[PROFILE_W];	/* widths of text lines */
	size_t			 nonblank, runs, wide;
	size_t			 atx, other;	/* Markdown evidence */
	int			 prev_blank;
	struct block_line	 prev;
	struct block_fences	 fences;
};

/* One line of the head: code is skipped, and fence lines end a run. */
static void
profile_line(struct profile *pf, const char *s, size_t n)
{
	struct block_line	l;
	int			w;

	block_line(s, n, 1, &l);
	block_fence_step(&pf->fences, s, n, &l);
	if (l.kind == BLOCK_CODE)
		return;
	if (l.kind == BLOCK_FENCE || block_is_blank(s, n)) {
		pf->other += l.kind == BLOCK_FENCE;
		pf->prev_blank = 1;
		pf->prev = l;
		return;
	}
	pf->nonblank++;
	pf->runs += pf->prev_blank;
	if (l.kind == BLOCK_ATX)
		pf->atx++;
	else if (l.kind == BLOCK_QUOTE || l.kind == BLOCK_LIST ||
	    block_has_link(s, n) || block_begins(&pf->prev, &l, 1) == BLOCK_UNDER)
		pf->other++;
	w = line_cells(s, n);
	if (w >= PROFILE_W)
		pf->wide++;
	else
		pf->hist[w]++;
	pf->prev_blank = 0;
	pf->prev = l;
}

/* The mode from the counts. Markdown by content needs its markup and its
 * paragraphs: a pasted shell session has "# comment" lines and a web paste
 * an image line, but with no blank lines between paragraphs they are not
 * Markdown, which would join every line. */
static void
profile_mode(struct doc *d, const struct profile *pf, int markdown)
{
	size_t	cnt, best = 0, band, k, over;
	int	w, bw = 0;

	if (markdown == 1 || (markdown < 0 && (ends_with(d->name, ".md") ||
	    ends_with(d->name, ".markdown") || (pf->atx >= 2 &&
	    pf->other >= 1 && blank_separated(pf->nonblank, pf->runs))))) {
		d->mode = MODE_MD;
		return;
	}
	/* Hard-wrapped: at least half the lines in a narrow band just under a
	 * width that few lines exceed (SECTIONS.md §3). */
	for (w = 30; w < PROFILE_W && pf->nonblank >= 8; w++) {
		band = w / 8 > 2 ? (size_t)w / 8 : 2;
		for (cnt = 0, k = (size_t)w - band; k <= (size_t)w; k++)
			cnt += pf->hist[k];
		for (over = pf->wide, k = (size_t)w + 1; k < PROFILE_W; k++)
			over += pf->hist[k];
		if (cnt > best && over * 20 <= pf->nonblank) {
			best = cnt;
			bw = w;
		}
	}
	if (bw != 0 && best * 2 >= pf->nonblank) {
		d->mode = MODE_WRAP;
		d->wrap_w = bw;
	} else if (pf->runs >= 2 && pf->nonblank * 2 >= pf->runs * 3 &&
	    blank_separated(pf->nonblank, pf->runs))
		d->mode = MODE_BLANK;
	else
		d->mode = MODE_LINE;
}

void
doc_profile(struct doc *d, const char *t, size_t n, int whole, int markdown)
{
	struct profile	*pf = xcalloc(1, sizeof *pf);
	size_t		 i, e;

	pf->prev_blank = 1;
	pf->prev.kind = BLOCK_BLANK;
	block_fences_init(&pf->fences, 1);
	for (i = d->start; i < n; i = e + 1 + (t[e] == '\r' && e + 1 < n &&
	    t[e + 1] == '\n')) {
		e = i + doc_find_term(t + i, n - i);
		if ((e == n && !whole) || (e == n && e == i))
			break;
		profile_line(pf, t + i, e - i);
	}
	profile_mode(d, pf, markdown);
	free(pf);
}

/* Markdown fences: the state at a line start, from a bounded look back. */

/* The line at pos for the fence state, classified: all of it up to
 * BLOCK_LONG bytes. Its end (terminator) in *end, UNK past we. */
static void
fence_line(struct doc *d, size_t pos, size_t we, struct block_line *l,
    struct block_fences *st, size_t *end)
{
	size_t		 len = doc_len(d), got, t, to;
	const char	*p = doc_view(d, pos, 256, &got);

	if ((t = doc_find_term(p, got)) < got)
		t += pos;
	else {
		/* A long line: find its end, then view it whole (its first
		 * BLOCK_LONG bytes when it is longer). */
		to = len - pos > BLOCK_LONG + 1 ? pos + BLOCK_LONG + 1 : len;
		if ((t = doc_term_fwd(d, pos + got, to)) == UNK)
			t = to == len ? len : SIZE_MAX;
		p = doc_view(d, pos, t - pos < BLOCK_LONG ? t - pos : BLOCK_LONG,
		    &got);
	}
	/* block_line() and block_fence_step() read no more than BLOCK_LONG
	 * bytes of a longer line. */
	block_line(p, t - pos, 1, l);
	block_fence_step(st, p, t - pos, l);
	if (t == SIZE_MAX)
		t = doc_term_fwd(d, pos + BLOCK_LONG, we);
	*end = t > we ? UNK : t;
}

/* Markdown fences: the state at a line start, from a bounded look back. */
static struct fences *
fences_get(struct doc *d, size_t bucket)
{
	struct fences		*f, *victim = &d->fences[0];
	struct block_fences	 st;
	struct block_line	 l;
	size_t			 len = doc_len(d), pos, we, t;
	int			 i, was_in, in;

	we = (bucket + 1) * FENCE_BUCKET;
	if (we > len)
		we = len;
	for (i = 0; i < NFENCE; i++) {
		f = &d->fences[i];
		if (f->valid && f->bucket == bucket && f->end == we) {
			f->use = ++d->tick;
			return f;
		}
		if (!f->valid || f->use < victim->use)
			victim = f;
	}
	f = victim;
	f->n = 0;
	f->bucket = bucket;
	f->valid = 1;
	f->use = ++d->tick;
	f->end = we;
	pos = bucket > 0 ? (bucket - 1) * FENCE_BUCKET : 0;
	if (pos <= d->start)
		pos = d->start;
	else if ((t = doc_term_fwd(d, pos - 1, we)) == UNK)
		return f;
	else
		pos = doc_after_term(d, t);
	block_fences_init(&st, pos == d->start);
	for (was_in = 0; pos < we; pos = doc_after_term(d, t), was_in = in) {
		fence_line(d, pos, we, &l, &st, &t);
		in = st.ch != 0 || st.comment || st.front;
		/* The lines inside a block are known from the event before. */
		if (l.kind == BLOCK_FENCE || (l.kind == BLOCK_CODE &&
		    !(was_in && in))) {
			f->ev = xreallocarray(f->ev, f->n + 1, sizeof *f->ev);
			f->ev[f->n].pos = pos;
			f->ev[f->n].kind = (unsigned char)l.kind;
			f->ev[f->n++].inside = (unsigned char)in;
		}
		if (t == UNK || t >= len)
			break;
	}
	return f;
}

/* The kind the fence state gives the line at start: BLOCK_FENCE,
 * BLOCK_CODE, or BLOCK_TEXT when it is outside any block. */
static int
fence_state(struct doc *d, size_t start)
{
	struct fences	*f = fences_get(d, start / FENCE_BUCKET);
	size_t		 lo = 0, hi = f->n, mid;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (f->ev[mid].pos < start)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < f->n && f->ev[lo].pos == start)
		return f->ev[lo].kind;
	return lo > 0 && f->ev[lo - 1].inside ? BLOCK_CODE : BLOCK_TEXT;
}

/* Lines and their types. */

/* Opening quotes and brackets that begin a speech, and the marks that end a
 * sentence or a speech (UTF-8, for strstr on one encoded character). */
static const char opening[] = "「『（“‘《〈【([";
static const char closing[] = "」』）”’》〉】)]。！？.!?…";

/* Whether the character s[0..k) is in set: strstr(set, s as a string)
 * without making the string (strstr took 2% of counting a frequent term,
 * for two short sets per line). A NUL in s ends it, as it ended the
 * string; an empty one is in every set. */
static int
mark_in(const char *set, const char *s, size_t k)
{
	size_t	j, i, n = strlen(set);

	if (k == 0 || k > 4)
		return 0;
	for (j = 0; j < k && s[j] != '\0'; j++)
		;
	if (j == 0)
		return 1;
	for (i = 0; i + j <= n; i++)
		if (set[i] == s[0] && memcmp(set + i, s, j) == 0)
			return 1;
	return 0;
}

/* The cells of an indent s[0..n) (U+3000 2, space, TAB and NBSP 1),
 * negative when it holds a U+3000. */
static int
indent_cells(const char *s, size_t n)
{
	size_t		i = 0;
	uint32_t	cp;
	int		w = 0, ideo = 0;

	while (i < n) {
		i += ustr_decode(s + i, n - i, &cp);
		ideo |= cp == 0x3000;
		w += cp == 0x3000 ? 2 : 1;
	}
	return ideo ? -w : w;
}

/* What the join rules need of a non-blank plain text line p[0..n). */
static void
classify_plain(struct doc *d, const char *p, size_t n, struct line *l)
{
	size_t		b = l->b.body, e = n, k;
	uint32_t	cp;

	while (e > b && (p[e - 1] == ' ' || p[e - 1] == '\t'))
		e--;
	l->width = line_cells(p, n);
	k = b < n ? ustr_decode(p + b, n - b, &cp) : 0;
	l->opens = mark_in(opening, p + b, k);
	l->hang = indent_cells(p, b);
	k = e > b ? b + ustr_prev(p + b, e - b) : e;
	l->closes = e > b && mark_in(closing, p + k, e - k);
	if (l->b.kind != BLOCK_TEXT)
		return;
	if (outline_toc_entry(p + b, e - b))
		l->b.kind = BLOCK_ALONE;
	else if (d->mode == MODE_WRAP && chapter_like(p, n))
		l->b.kind = LT_HEAD;
}

static void
classify(struct doc *d, struct line *l)
{
	const struct outline	*o;
	const char		*p;
	size_t			 n;
	int			 fs;

	memset(&l->b, 0, sizeof l->b);
	l->b.kind = BLOCK_TEXT;
	l->b.len = l->huge ? SIZE_MAX : l->end - l->start;
	l->indent = 0;
	l->width = STRUCT_HUGE;
	l->opens = l->closes = l->hang = 0;
	if (l->huge)
		return;
	if (d->mode == MODE_MD &&
	    (fs = fence_state(d, l->start)) != BLOCK_TEXT) {
		l->b.kind = fs;
		return;
	}
	p = doc_view(d, l->start, l->end - l->start, &n);
	l->indent = n > 0 && (p[0] == ' ' || p[0] == '\t' ||
	    (n >= 3 && memcmp(p, "\xE3\x80\x80", 3) == 0));
	block_line(p, n, d->mode == MODE_MD, &l->b);
	if (d->mode == MODE_MD || l->b.kind == BLOCK_BLANK ||
	    l->b.kind == BLOCK_IMAGE)
		return;
	classify_plain(d, p, n, l);
	o = atomic_load_explicit(&d->outline_pub, memory_order_acquire);
	if (o != NULL && d->mode != MODE_LINE &&
	    (l->b.kind == BLOCK_TEXT || l->b.kind == LT_HEAD))
		l->b.kind = outline_find_heading(o, l->start) >= 0 ? LT_HEAD :
		    BLOCK_TEXT;
}

/* The line that contains pos (< text length); its start is searched back
 * to lo at least. A line longer than LONG is huge and left unclassified. */
void
doc_line_get(struct doc *d, size_t pos, size_t lo, struct line *l)
{
	size_t	len = doc_len(d), floor, t, to;

	if (pos > d->start && doc_byte_at(d, pos) == '\n' && doc_byte_at(d, pos - 1) == '\r')
		pos--;
	floor = pos > LONG + 1 ? pos - LONG - 1 : 0;
	if (lo < floor)
		floor = lo;
	if (floor < d->start)
		floor = d->start;
	if (pos > floor && (t = doc_term_back(d, pos, floor)) != UNK)
		l->start = t + 1;
	else
		l->start = floor == d->start ? d->start : UNK;
	to = len - pos > LONG + 1 ? pos + LONG + 1 : len;
	if ((t = doc_term_fwd(d, pos, to)) != UNK) {
		l->end = t;
		l->next = doc_after_term(d, t);
	} else if (to == len)
		l->end = l->next = len;
	else
		l->end = l->next = UNK;
	l->huge = l->start == UNK || l->end == UNK || l->end - l->start > LONG;
	classify(d, l);
}
