/* search: find a folded pattern in the doc text.
 *
 * Data model. The pattern is folded once (ustr_fold: NFKC, case folding
 * under smart case, and the script key under the script-fold policy) into
 * the key. A match is a byte range of one paragraph body whose fold equals
 * the key (literal) or matches the regex (PCRE2 on the folded paragraph,
 * search_rx.c), starting and ending on cluster boundaries. The fold drops
 * '\n' joins, so 工业\n泡沫 folds to 工业泡沫. Literal matches may overlap
 * (as when stepping with n in less); regex matches are Perl's (leftmost, the
 * first alternative that matches), taken one after another from the start
 * of the paragraph.
 *
 * Folding runs at utf8proc speed (tens of MB/s), so the bulk scan reads raw
 * blocks with doc_pread and a prefilter picks the few places worth folding;
 * every match contains at least one candidate the prefilter reports:
 *   ANCHOR   the key has CJK ideographs that no compatibility character
 *            folds to ("safe", see targets_init): each must appear in the
 *            text verbatim, as itself or, with script folding, as one of
 *            its forms (宝 or 寶), found as bytes. When lines are
 *            joined (hard-wrapped or Markdown), a '\n' may sit between any
 *            two characters, so the needles are the forms of the safe
 *            character rarest in the first 256 KiB; otherwise the needles
 *            are the longest run of safe characters, spelt in each
 *            combination of their forms (宝玉 and 寶玉; at most 8), unless
 *            that character is rarer.
 *   TRIGGER  the key has an ASCII character or ideograph t: a match must
 *            contain a character whose own fold contains t. Which characters
 *            do is computed lazily per 64-code-point block (rel_bits).
 *   NONE     regex, or nothing usable: every paragraph is folded.
 * A candidate is verified by folding the paragraph around it: doc_para_at and
 * doc_para_text on the caller's thread (search_step, search_para). The last
 * paragraph folded is kept, so n through a long paragraph folds it once.
 * The anchor scan reads the bytes as stored (doc_pread_raw): repair only
 * turns bytes into USTR_SUB, so a valid needle is found at the same place
 * either way. A paragraph over DOC_PARA_MAX comes as virtual paragraphs:
 * the fold of one takes in the start of the next, so a match that straddles
 * the cut belongs to the paragraph where it starts, as the counter sees it.
 *
 * Regex and time: a regex is matched in short calls under PCRE2's limits
 * (search_rx.c); search_step checks the clock between calls and paragraphs
 * and returns SEARCH_MORE after STEP_MS, and SEARCH_COSTLY where a call hit
 * a limit. A highlight (search_para) gets STEP_MS too.
 *
 * Files: this one compiles a pattern, matches one folded paragraph (para_fold,
 * collect: what stepping and counting both use) and steps; search_filter.c
 * is the prefilter, search_rx.c the regex engine and its limits, search_count.c
 * the counter (src/search_int.h is what they share).
 */
#define _GNU_SOURCE		/* memmem */
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "search.h"
#include "search_int.h"
#include "ustr.h"
#include "util.h"

/* Compile ------------------------------------------------------------------ */

struct search *
search_new(const char *pat, size_t len, int regex, char **cause)
{
	struct search	*s;
	size_t		*map;

	*cause = NULL;
	if (pat == NULL || len == 0) {
		*cause = xstrdup("empty pattern");
		return NULL;
	}
	s = xcalloc(1, sizeof *s);
	s->casefold = !ustr_has_upper(pat, len);
	s->key = ustr_fold(pat, len, s->casefold, &s->keylen, &map);
	if (s->keylen == 0) {
		free(map);
		*cause = xstrdup("empty pattern");
		search_free(s);
		return NULL;
	}
	if (regex && search_rx_compile(s, pat, map, cause) != 0) {
		free(map);
		search_free(s);
		return NULL;
	}
	s->regex = regex;
	free(map);
	/* A literal match spans at most 4 source bytes per folded byte plus
	 * a 2-byte join between characters. */
	s->slack = s->keylen < DOC_PARA_MAX / 6 ? 6 * s->keylen + 64 :
	    DOC_PARA_MAX;
	search_filter_pick(s);
	pthread_mutex_init(&s->lock, NULL);
	s->buf = xmalloc(BLOCK + 8);
	return s;
}

void
search_folded_free(struct folded *c)
{
	free(c->text);
	free(c->f);
	free(c->map);
	search_rx_state_free(c->rx);
}

void
search_free(struct search *s)
{
	if (s == NULL)
		return;
	search_count_stop(s);
	free(s->offs);
	search_rx_free(s);
	if (s->buf != NULL)
		pthread_mutex_destroy(&s->lock);
	free(s->key);
	search_filter_free(s);
	free(s->buf);
	free(s->hits.v);
	search_folded_free(&s->pf);
	free(s->ckpt);
	free(s);
}

int
search_is_casefold(const struct search *s)
{
	return s != NULL && s->casefold;
}

/* Lines are joined inside paragraphs, or markup is hidden, so a match may
 * contain bytes that fold to nothing: hard-wrapped, blank-line separated or
 * Markdown text, or text with Aozora ruby. */
int
search_joins_lines(struct doc *d)
{
	return doc_is_hardwrapped(d) || doc_hides_markup(d);
}

/* Matching one paragraph -------------------------------------------------- */

static int
is_term(char b)
{
	return b == '\n' || b == '\r';
}

static void
hits_add(struct hits *h, size_t off, size_t len)
{
	if (h->n == h->cap) {
		h->cap = h->cap * 2 + 16;
		h->v = xreallocarray(h->v, h->cap, sizeof *h->v);
	}
	h->v[h->n].off = off;
	h->v[h->n].len = len;
	h->n++;
}

static int
cluster_edge(const char *text, size_t n, size_t pos)
{
	return pos == 0 || pos >= n || ustr_cluster_start(text, n, pos) == pos;
}

/* Folded range [k, e) as a source range of text, or 0 when it starts or ends
 * inside what one character (or cluster) folded to. */
static int
to_source(const char *text, size_t n, const size_t *map, size_t flen,
    size_t k, size_t e, size_t *so, size_t *eo)
{
	if (k > 0 && map[k - 1] == map[k])
		return 0;
	if (e < flen && map[e - 1] == map[e])
		return 0;
	*so = map[k];
	*eo = map[e];
	while (*eo > *so && text[*eo - 1] == '\n')
		(*eo)--;	/* a join the fold dropped */
	return cluster_edge(text, n, *so) && cluster_edge(text, n, *eo);
}

/* First folded index whose source offset is at least rel. */
static size_t
fold_index(const size_t *map, size_t flen, size_t rel)
{
	size_t	 lo = 0, hi = flen;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (map[mid] < rel)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Append to h, in order, the matches in paragraph c (its body with its
 * joins, at doc offset base, and its fold) that start before its own end
 * and at or after doc offset min, up to max of them (0: no limit). Regex
 * matches are taken one after another from source offset start (0, or
 * where an interrupted scan stopped). Returns COLLECT_DONE; or
 * COLLECT_PAUSED when the deadline or *stop interrupted a regex scan, or
 * COLLECT_COSTLY when it hit a limit, *resume then being the source offset
 * (doc) it got to. */
static int
collect(struct search *s, struct folded *c, size_t base, size_t start,
    size_t min, struct hits *h, size_t max, long long deadline,
    atomic_int *stop, size_t *resume)
{
	const size_t	*map = c->map;
	size_t		 k, mk, me, so, eo, found = 0, flen = c->flen;
	const char	*q, *f = c->f;
	int		 r;

	if (!s->regex) {
		k = fold_index(map, flen, min > base ? min - base : 0);
		for (; (q = memmem(f + k, flen - k, s->key, s->keylen)) != NULL;
		    k = (size_t)(q - f) + 1) {
			mk = (size_t)(q - f);
			if (map[mk] >= c->own)
				break;
			if (!to_source(c->text, c->n, map, flen, mk,
			    mk + s->keylen, &so, &eo))
				continue;
			hits_add(h, base + so, eo - so);
			if (max != 0 && ++found == max)
				break;
		}
		return COLLECT_DONE;
	}
	for (k = fold_index(map, flen, start); k < flen && map[k] < c->own; ) {
		if ((deadline != 0 && util_now_ms() >= deadline) ||
		    (stop != NULL && atomic_load(stop))) {
			*resume = base + map[k];
			return COLLECT_PAUSED;
		}
		r = search_rx_find(s, &c->rx, f, flen, k, &mk, &me);
		if (r == RX_COSTLY) {
			*resume = base + map[k];
			return COLLECT_COSTLY;
		}
		if (r == RX_NONE) {
			k = me;
			continue;
		}
		if (map[mk] >= c->own)
			break;
		if (me > mk && to_source(c->text, c->n, map, flen, mk, me,
		    &so, &eo) && eo > so) {
			k = me;
			if (base + so < min)
				continue;
			hits_add(h, base + so, eo - so);
			if (max != 0 && ++found == max)
				break;
		} else
			k = ustr_next(f, flen, mk);
	}
	return COLLECT_DONE;
}

/* Stepping (caller's thread, with doc's paragraphs) ----------------------- */

/* The paragraph at off or, backward, the last one starting at or before
 * off (off may be in blank lines, or in lines that are no paragraph). */
static int
para_at(struct search *s, struct doc *d, size_t off, int backward,
    struct doc_para *p)
{
	struct doc_para	 q;
	size_t		 lo, n;

	for (;;) {
		if (doc_para_at(d, off, p) == 0) {
			if (!backward || p->off <= off)
				return 0;
			if (doc_para_prev(d, p, &q) == -1)
				return -1;
			*p = q;
			return 0;
		}
		if (!backward || off == 0)
			return -1;
		/* Try the line before: find its terminator. */
		for (;;) {
			lo = off > 4096 ? off - 4096 : 0;
			n = doc_pread(d, lo, s->buf, off - lo);
			while (n > 0 && !is_term(s->buf[n - 1]))
				n--;
			if (n > 0 || lo == 0)
				break;
			off = lo;
		}
		if (n == 0)
			return -1;
		off = lo + n - 1;
	}
}

/* Is the paragraph folded last still one of d's? Paragraphs change when
 * the text grows or doc publishes its outline. */
static int
folded_fresh(const struct folded *c, struct doc *d)
{
	return c->valid && c->doc == d && c->doclen == doc_len(d) &&
	    c->outline == doc_outline(d);
}

/* Is off inside the paragraph folded last? Then *p is that paragraph. */
static int
folded_at(struct search *s, struct doc *d, size_t off, struct doc_para *p)
{
	struct folded	*c = &s->pf;

	if (!folded_fresh(c, d) || off < c->para.off ||
	    off >= c->para.off + c->para.len)
		return 0;
	*p = c->para;
	return 1;
}

/* Where in c->text (paragraph p's) the fold may start when the matches
 * wanted each hold a candidate at or after doc offset near (0: all of
 * them). A literal match folds to keylen bytes, at most 4 source bytes a
 * folded byte but the joins and hidden markup ('\n', dropped): the bytes
 * before near that are not '\n', 4 * keylen of them, hold its start; then
 * back to where the fold can be cut (ustr_fold_cut). Folding whole
 * paragraphs was a fifth of counting a frequent term (bench_search
 * --script, 数据 in the 100 MB traditional book), most of it far from any
 * match. */
static size_t
fold_start(const struct search *s, const struct folded *c,
    const struct doc_para *p, size_t near)
{
	size_t	 w, k = 0;

	if (s->regex || near <= p->body_off)
		return 0;
	w = near - p->body_off < c->n ? near - p->body_off : c->n;
	for (; w > 0 && k < 4 * s->keylen; w--)
		if (c->text[w - 1] != '\n')
			k++;
	return ustr_fold_cut(c->text, c->n, w);
}

/* Paragraph p folded into c, kept until another is asked for: stepping with
 * n through a long paragraph folds it once. When a virtual paragraph cut
 * from the same source paragraph follows, its start is appended, so that
 * matches crossing the cut are found (they start in p). Stepping and the
 * counter both see text only through here: what a paragraph is and how its
 * lines join is doc's (doc_para_*, doc_para_text), for both. The counter
 * asks only for the matches around its candidates (near, fold_start). */
static const struct folded *
para_fold(struct search *s, struct folded *c, struct doc *d,
    const struct doc_para *p, size_t near)
{
	struct doc_para	 q;
	const char	*t;
	size_t		 end = p->body_off + p->body_len, gap, ext, a, k;
	uint32_t	 next = 0;

	if (folded_fresh(c, d) &&
	    c->para.body_off == p->body_off && c->own == p->body_len &&
	    c->from <= fold_start(s, c, p, near))
		return c;
	c->valid = 0;
	if ((t = doc_para_search_text(d, p)) == NULL)
		return NULL;
	c->text = xrealloc(c->text, p->body_len + 1);
	memcpy(c->text, t, p->body_len);
	c->n = c->own = p->body_len;
	if (p->more && doc_para_next(d, p, &q) == 0 && q.cont &&
	    q.body_off >= end &&
	    (gap = q.body_off - end) <= 2 &&
	    (t = doc_para_search_text(d, &q)) != NULL) {
		ext = s->regex ? RX_WIN : s->slack;
		if (ext >= q.body_len)
			ext = q.body_len;
		else	/* whole clusters, as a match ends */
			ext = ustr_cluster_start(t, q.body_len, ext);
		c->text = xrealloc(c->text, c->own + gap + ext + 1);
		memcpy(c->text + c->own + gap, t, ext);
		if (gap > 0) {		/* cut at a line start: a join */
			if (ext > 0)
				ustr_decode(t, ext, &next);
			memset(c->text + c->own, '\n', gap);
			c->text[c->own] = ustr_join(c->text, c->own, next);
		}
		c->n = c->own + gap + ext;
	}
	free(c->f);
	free(c->map);
	a = fold_start(s, c, p, near);
	if (search_filter_may_match(s, c->text + a, c->n - a)) {
		c->f = ustr_fold(c->text + a, c->n - a, s->casefold, &c->flen,
		    &c->map);
		for (k = 0; a > 0 && k <= c->flen; k++)
			c->map[k] += a;
	} else {
		c->f = xstrdup("");
		c->map = xcalloc(1, sizeof *c->map);
		c->map[0] = c->n;
		c->flen = 0;
	}
	c->from = a;
	c->doc = d;
	c->doclen = doc_len(d);
	c->outline = doc_outline(d);
	c->para = *p;
	c->valid = 1;
	return c;
}

/* collect() over paragraph p into h (emptied first), folded in c. */
int
search_fold_collect(struct search *s, struct folded *c, struct hits *h,
    struct doc *d, const struct doc_para *p, size_t near, size_t start,
    size_t min, size_t max, long long deadline, atomic_int *stop,
    size_t *resume)
{
	h->n = 0;
	if (para_fold(s, c, d, p, near) == NULL)
		return COLLECT_DONE;
	return collect(s, c, p->body_off, start, min, h, max, deadline, stop,
	    resume);
}

/* fold_collect() for stepping, into s->hits. */
static int
para_collect(struct search *s, struct doc *d, const struct doc_para *p,
    size_t start, size_t min, size_t max, long long deadline, size_t *resume)
{
	return search_fold_collect(s, &s->pf, &s->hits, d, p, 0, start, min,
	    max, deadline, NULL, resume);
}


/* What step_fwd read last into s->buf: n bytes from off; the next read is
 * of chunk bytes, len the text's length. */
struct window {
	size_t	off, n, chunk, len;
};

/* The first candidate at or after pos: 1 and its distance from pos in *at;
 * or 0 and in *at how far the next look may start; or -1 at the end of
 * the text. What is left of the last read is scanned before reading again:
 * a read per candidate, where most candidates are no match (the rarest
 * character of a key on joined lines), was a third of a step to the end of
 * the 100 MB traditional book (see tests/bench). */
static int
fwd_scan(struct search *s, struct doc *d, int join, size_t pos,
    struct window *w, size_t *at)
{
	size_t	 off, n, end = w->off + w->n, keep = 64 +
		    (s->filter == FILTER_ANCHOR ? search_filter_needle_len(s,
		    join) : 0);

	if (pos >= w->off && pos < end && (end >= w->len || end - pos >= keep))
		off = pos - w->off;
	else {
		/* Matches are often near: read little at first. */
		off = 0;
		w->off = pos;
		w->n = search_filter_read(s, d, pos, s->buf, w->len - pos <
		    w->chunk ? w->len - pos : w->chunk);
		if (w->n == 0)
			return -1;
		end = w->off + w->n;
	}
	n = w->n - off;
	if (search_filter_scan(s, join, s->buf + off, n, end >= w->len, at))
		return 1;
	if (w->chunk < BLOCK)
		w->chunk *= 2;
	if (*at == 0)
		*at = n;
	return 0;
}

static int
step_fwd(struct search *s, struct doc *d, size_t from, size_t budget,
    struct search_match *m, size_t *resume)
{
	size_t		 len = doc_len(d), pos = from, spent = 0, at, start;
	long long	 deadline = util_now_ms() + STEP_MS;
	struct doc_para	 p, q;
	struct window	 w = { 0, 0, 4096, len };
	int		 join = search_joins_lines(d), r;

	while (pos < len) {
		if (spent >= budget || util_now_ms() >= deadline) {
			*resume = pos;
			return SEARCH_MORE;
		}
		at = 0;		/* no prefilter: every paragraph */
		if (folded_at(s, d, pos, &p))
			;	/* no need to look for it */
		else if (s->filter != FILTER_NONE) {
			if ((r = fwd_scan(s, d, join, pos, &w, &at)) < 0)
				break;
			if (r == 0) {
				spent += at;
				pos += at;
				continue;
			}
		}
		spent += at;
		if (!folded_at(s, d, pos + at, &p) &&
		    doc_para_at(d, pos + at, &p) == -1)
			break;
		/* A match may start before a virtual cut and have its
		 * candidate after it: the paragraph before holds it. */
		if (p.cont && p.off > from && doc_para_prev(d, &p, &q) == 0 &&
		    q.off + q.len >= from) {
			if (para_collect(s, d, &q, 0, from, 1, 0, resume) ==
			    COLLECT_COSTLY)
				return SEARCH_COSTLY;
			if (s->hits.n > 0) {
				*m = s->hits.v[0];
				return SEARCH_FOUND;
			}
		}
		start = 0;
		if (s->chain.valid && !s->chain.backward &&
		    s->chain.base == p.body_off && from >= s->chain.min) {
			start = s->chain.pos - p.body_off;
			s->chain.valid = 0;
		}
		r = para_collect(s, d, &p, start, from, 1, deadline,
		    &s->chain.pos);
		if (r == COLLECT_COSTLY) {
			*resume = s->chain.pos;
			return SEARCH_COSTLY;
		}
		if (r == COLLECT_PAUSED) {
			s->chain.valid = 1;
			s->chain.backward = 0;
			s->chain.base = p.body_off;
			s->chain.min = from;
			/* Nothing before the paragraph is left to see. */
			*resume = p.body_off > from ? p.body_off : from;
			return SEARCH_MORE;
		}
		if (s->hits.n > 0) {
			*m = s->hits.v[0];
			return SEARCH_FOUND;
		}
		spent += p.len;
		/* No match starts on the terminator after the paragraph; a
		 * virtual paragraph's end is the next one's first byte. */
		pos = (p.off + p.len > pos + at ? p.off + p.len : pos + at) +
		    (p.more ? 0 : 1);
	}
	return SEARCH_NONE;
}

/* The last match of paragraph p starting before limit. */
static int
para_last(struct search *s, struct doc *d, const struct doc_para *p,
    size_t limit, long long deadline, struct search_match *m)
{
	size_t			 start = 0;
	int			 have = 0, r;
	struct search_match	 last = { 0, 0 };

	if (limit <= p->body_off)
		return SEARCH_NONE;
	if (s->chain.valid && s->chain.backward &&
	    s->chain.base == p->body_off && s->chain.pos <= limit) {
		start = s->chain.pos - p->body_off;
		have = s->chain.have;
		last = s->chain.last;
		s->chain.valid = 0;
	}
	r = para_collect(s, d, p, start, 0, 0, deadline, &s->chain.pos);
	if (r == COLLECT_COSTLY)
		return SEARCH_COSTLY;
	if (r == COLLECT_PAUSED) {
		s->chain.valid = 1;
		s->chain.backward = 1;
		s->chain.base = p->body_off;
	}
	while (s->hits.n > 0 && s->hits.v[s->hits.n - 1].off >= limit)
		s->hits.n--;
	if (s->hits.n > 0) {
		have = 1;
		last = s->hits.v[s->hits.n - 1];
	}
	if (s->chain.valid && s->chain.backward &&
	    s->chain.base == p->body_off) {
		s->chain.have = have;
		s->chain.last = last;
		return SEARCH_MORE;
	}
	if (!have)
		return SEARCH_NONE;
	*m = last;
	return SEARCH_FOUND;
}

/* para_last() on p and, when p is a virtual paragraph, on the one before,
 * which may hold a match crossing the cut whose candidate is in p. *p
 * becomes the first paragraph checked. */
static int
para_last_cut(struct search *s, struct doc *d, struct doc_para *p,
    size_t limit, long long deadline, struct search_match *m)
{
	struct doc_para	 q;
	int		 r = para_last(s, d, p, limit, deadline, m);

	if (r == SEARCH_NONE && p->cont && doc_para_prev(d, p, &q) == 0) {
		*p = q;
		r = para_last(s, d, p, limit, deadline, m);
	}
	return r;
}

static int
step_back(struct search *s, struct doc *d, size_t from, size_t budget,
    struct search_match *m, size_t *resume)
{
	size_t		 len = doc_len(d), hi, lo, n, at, c, last, spent = 0,
			 nlen = 3, chunk = 4096;
	long long	 deadline = util_now_ms() + STEP_MS;
	struct doc_para	 p;
	int		 join = search_joins_lines(d), r, any;

	if (from > len)
		from = len;
	if (s->filter == FILTER_ANCHOR)
		nlen = search_filter_needle_len(s, join);
	/* A match starting before from may have its candidate after from. */
	hi = from;
	if (from > 0 && (folded_at(s, d, from - 1, &p) ||
	    para_at(s, d, from - 1, 1, &p) == 0)) {
		r = para_last_cut(s, d, &p, from, deadline, m);
		if (r != SEARCH_NONE)
			return r;	/* MORE: *resume is from, see chain */
		hi = p.off;
	}
	while (hi > 0) {
		if (spent >= budget || util_now_ms() >= deadline) {
			*resume = hi;
			return SEARCH_MORE;
		}
		lo = hi > chunk ? hi - chunk : 0;
		any = 0;
		last = hi - lo - 1;
		if (s->filter == FILTER_NONE)
			any = 1;
		else {
			/* Candidates starting before hi, complete. */
			n = search_filter_read(s, d, lo, s->buf,
			    hi - lo + nlen);
			for (at = 0; at < hi - lo && search_filter_scan(s, join,
			    s->buf + at, n - at, 1, &c) && at + c < hi - lo;
			    at = ustr_next(s->buf, n, at + c)) {
				any = 1;
				last = at + c;
			}
			spent += hi - lo;
		}
		if (!any) {
			if (chunk < BLOCK)
				chunk *= 2;	/* matches are far apart */
			hi = lo;
			continue;
		}
		if (para_at(s, d, lo + last, 1, &p) == -1)
			break;
		if ((r = para_last_cut(s, d, &p, from, deadline, m)) !=
		    SEARCH_NONE) {
			/* Nothing after the paragraph is left to see. */
			if (r == SEARCH_MORE && p.off + p.len < from)
				*resume = p.off + p.len;
			return r;
		}
		spent += p.len;
		hi = p.off < lo + last ? p.off : lo + last;
	}
	return SEARCH_NONE;
}

int
search_step(struct search *s, struct doc *d, size_t from, int backward,
    size_t budget, struct search_match *m, size_t *resume)
{
	if (s == NULL || d == NULL)
		return SEARCH_NONE;
	*resume = from;
	search_filter_rare(s, d);
	if (budget == 0)
		budget = 1;
	return backward ? step_back(s, d, from, budget, m, resume) :
	    step_fwd(s, d, from, budget, m, resume);
}

size_t
search_para(struct search *s, struct doc *d, const struct doc_para *p,
    struct search_match *out, size_t max, int *costly)
{
	size_t		 i, at;

	*costly = 0;
	if (s == NULL || d == NULL || p == NULL)
		return 0;
	/* A highlight that cannot finish in a step's time is too costly
	 * too: it holds up the screen, and nothing could resume it. */
	*costly = para_collect(s, d, p, 0, 0, 0, util_now_ms() + STEP_MS,
	    &at) != COLLECT_DONE;
	for (i = 0; i < s->hits.n && i < max; i++)
		out[i] = s->hits.v[i];
	return s->hits.n;
}
