/* search_filter: the prefilter (see search.c). Folding runs at utf8proc
 * speed, so the bulk scan reads raw blocks and looks for candidates only:
 * an anchor (a run of "safe" ideographs, or the rarest one when lines are
 * joined) found as bytes (needles_find: sixteen places at a time where
 * SSE2 is, memchr and memmem elsewhere), or a trigger character whose fold
 * contains a character of the key. Every match contains a candidate.
 *
 * Script folding (ustr_set_script_fold) gives an ideograph of the key forms
 * other than itself (宝 stands for 宝 and 寶): a safe character then
 * appears in the text as one of its forms, verbatim, and a run of them as
 * one combination of their forms (宝玉 or 寶玉), any of which is a
 * candidate. */
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

#define SAMPLE		(256 * 1024)	/* bytes sampled to rank anchor chars */

/* Safe characters ---------------------------------------------------------
 * An ideograph is safe when no other code point folds to a string that
 * contains it: then any text whose fold contains it contains it verbatim.
 * Ideographs are never canonical composites, so only compatibility mappings
 * matter, and those come from a few blocks (radicals, CJK symbols, enclosed
 * and squared forms, compatibility ideographs); test_search checks this
 * list of sources against every code point. */
static const uint32_t target_src[][2] = {
	{ 0x2E80, 0x2FDF }, { 0x3000, 0x33FF }, { 0xF900, 0xFAFF },
	{ 0x1F100, 0x1F2FF }, { 0x2F800, 0x2FA1F },
};
/* The targets under each script-fold policy (0, 1): a test may change it
 * between two searches. */
static uint32_t		*targets[2];
static size_t		 ntargets[2];
static pthread_once_t	 targets_once[2] = { PTHREAD_ONCE_INIT,
			    PTHREAD_ONCE_INIT };

static int
is_ideograph(uint32_t cp)
{
	return (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 &&
	    cp <= 0x9FFF) || (cp >= 0x20000 && cp <= 0x3134F &&
	    !(cp >= 0x2F800 && cp <= 0x2FA1F));
}

static int
cmp_u32(const void *a, const void *b)
{
	uint32_t	 x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* The ideographs the sources fold to, under the policy in force. */
static void
targets_init(void)
{
	int		 p = ustr_script_fold();
	size_t		 cap = 0, r, i, n, ol;
	uint32_t	 cp, c;
	char		 enc[4], *out;

	for (r = 0; r < sizeof target_src / sizeof target_src[0]; r++) {
		for (cp = target_src[r][0]; cp <= target_src[r][1]; cp++) {
			n = ustr_encode(cp, enc);
			out = ustr_fold(enc, n, 1, &ol, NULL);
			for (i = 0; i < ol; i += ustr_decode(out + i,
			    ol - i, &c)) {
				ustr_decode(out + i, ol - i, &c);
				if (c == cp || !is_ideograph(c))
					continue;
				if (ntargets[p] == cap) {
					cap = cap * 2 + 256;
					targets[p] = xreallocarray(targets[p],
					    cap, sizeof *targets[p]);
				}
				targets[p][ntargets[p]++] = c;
			}
			free(out);
		}
	}
	qsort(targets[p], ntargets[p], sizeof *targets[p], cmp_u32);
}

static int
is_safe(uint32_t cp)
{
	int	 p = ustr_script_fold();

	if (!is_ideograph(cp))
		return 0;
	pthread_once(&targets_once[p], targets_init);
	return bsearch(&cp, targets[p], ntargets[p], sizeof *targets[p],
	    cmp_u32) == NULL;
}

/* The two bytes of nd[0..len) rarest in the sample (hist; NULL before
 * there is one: the last two), its lead byte aside when it has others: in
 * CJK text, E4 to E9 lead nearly every character. *probe is the rarer. */
static void
probes_of(const char *nd, size_t len, const size_t hist[256], uint8_t *probe,
    uint8_t *probe2)
{
	size_t	 best = len - 1, next = len > 2 ? len - 2 : 0, i;

	if (hist != NULL) {
		for (i = 1; i < len; i++)
			if (hist[(unsigned char)nd[i]] <
			    hist[(unsigned char)nd[best]])
				best = i;
		if (len > 2)
			next = best == 1 ? 2 : 1;
		for (i = 1; len > 2 && i < len; i++)
			if (i != best && hist[(unsigned char)nd[i]] <
			    hist[(unsigned char)nd[next]])
				next = i;
	}
	*probe = (uint8_t)best;
	*probe2 = (uint8_t)next;
}

/* The forms of key character cp, key bytes [off, off + klen), as UTF-8,
 * into f. */
static void
forms_of(uint32_t cp, size_t off, size_t klen, struct forms *f)
{
	uint32_t	 v[USTR_FORMS_MAX];

	f->off = off;
	f->klen = klen;
	f->n = ustr_fold_forms(cp, v);
	for (size_t k = 0; k < f->n; k++) {
		f->len[k] = ustr_encode(v[k], f->enc[k]);
		probes_of(f->enc[k], f->len[k], NULL, &f->probe[k],
		    &f->probe2[k]);		/* till sampled */
	}
}

/* Trigger relevance ------------------------------------------------------- */

/* Is cp one of the trigger's forms (it, or with the script fold a
 * character that folds to it)? */
static int
is_tform(const struct search *s, uint32_t cp)
{
	for (size_t k = 0; k < s->ntforms; k++)
		if (cp == s->tforms[k])
			return 1;
	return 0;
}

/* Does the fold of cp contain the trigger? 4-byte characters are assumed to
 * (math alphanumerics, enclosed forms: rare, and cheaper than a table). */
static int
relevant(struct search *s, uint32_t cp)
{
	uint64_t	 bit, bits;
	uint32_t	 blk = cp >> 6, c;
	size_t		 n, ol;
	char		 enc[4], *out;

	if (cp >= 0x10000)
		return 1;
	if (is_ideograph(cp))		/* it folds to its script key */
		return is_tform(s, cp);
	bit = (uint64_t)1 << (blk & 63);
	if ((atomic_load(&s->rel_done[blk >> 6]) & bit) == 0) {
		bits = 0;
		for (c = blk << 6; c < (blk + 1) << 6; c++) {
			if (c >= 0xD800 && c <= 0xDFFF)
				continue;
			n = ustr_encode(c, enc);
			out = ustr_fold(enc, n, s->casefold, &ol, NULL);
			if (memmem(out, ol, s->tenc, s->tlen) != NULL)
				bits |= (uint64_t)1 << (c & 63);
			free(out);
		}
		atomic_store(&s->rel_bits[blk], bits);
		atomic_fetch_or(&s->rel_done[blk >> 6], bit);
	}
	return (atomic_load(&s->rel_bits[blk]) >> (cp & 63)) & 1;
}

/* The run: the longest stretch of adjacent safe characters of the key whose
 * forms make at most USTR_FORMS_MAX strings, spelt in each combination. */
static void
run_pick(struct search *s)
{
	const struct forms *f;
	size_t		 a = 0, b, prod = 1, best = 0, ba = 0, bb = 0, r, x, k,
			 len;
	char		*w;

	for (b = 0; b < s->nsafe; b++) {
		if (b > 0 && s->safe[b].off != s->safe[b - 1].off +
		    s->safe[b - 1].klen) {
			a = b;		/* not adjacent: a new stretch */
			prod = 1;
		}
		for (prod *= s->safe[b].n; prod > USTR_FORMS_MAX; a++)
			prod /= s->safe[a].n;
		len = s->safe[b].off + s->safe[b].klen - s->safe[a].off;
		if (len > best) {
			best = len;
			ba = a;
			bb = b + 1;
		}
	}
	if (best == 0)
		return;
	s->run_first = s->pivot = ba;
	s->run_end = bb;
	for (s->run.n = 1, b = ba; b < bb; b++)
		s->run.n *= s->safe[b].n;
	w = s->runbuf = xreallocarray(NULL, s->run.n, 4 * (bb - ba));
	for (r = 0; r < s->run.n; r++) {
		s->run.s[r] = w;
		for (x = r, b = ba; b < bb; b++) {	/* r in mixed radix */
			f = &s->safe[b];
			k = x % f->n;
			x /= f->n;
			memcpy(w, f->enc[k], f->len[k]);
			w += f->len[k];
		}
		s->run.len[r] = (size_t)(w - s->run.s[r]);
		/* search_filter_rare picks better probes */
		probes_of(s->run.s[r], s->run.len[r], NULL, &s->run.probe[r],
		    &s->run.probe2[r]);
		if (s->run.len[r] > s->run.max)
			s->run.max = s->run.len[r];
	}
}

/* Choose the prefilter for the key: the run as the anchor, else the forms
 * of a safe character (search_filter_rare picks it), else the best trigger
 * (ideographs, then rare ASCII); regex keys get none. */
void
search_filter_pick(struct search *s)
{
	size_t		 i = 0, l, best = 0;
	uint32_t	 cp;
	int		 rank, top = 0;
	static const char rare_ascii[] = "zqxjkvbpygfwmucldrhsnioate";
	const char	*r;

	s->safe = xreallocarray(NULL, s->keylen, sizeof *s->safe);
	while (i < s->keylen) {
		l = ustr_decode(s->key + i, s->keylen - i, &cp);
		if (is_safe(cp))
			forms_of(cp, i, l, &s->safe[s->nsafe++]);
		/* Rank trigger candidates: ideographs, then rare ASCII. */
		rank = 0;
		if (is_ideograph(cp))
			rank = 100;
		else if (cp >= '0' && cp <= '9')
			rank = 40;
		else if (cp < 0x80 && (r = strchr(rare_ascii, (int)cp)) !=
		    NULL && cp != 0)
			rank = 60 - (int)(r - rare_ascii);
		else if (cp > ' ' && cp < 0x7F)
			rank = 20;
		if (rank > top) {
			top = rank;
			best = i;
		}
		i += l;
	}
	if (s->regex)
		return;
	if (s->nsafe > 0) {
		s->filter = FILTER_ANCHOR;
		run_pick(s);
		return;
	}
	if (top > 0) {
		s->filter = FILTER_TRIGGER;
		s->tlen = ustr_decode(s->key + best, s->keylen - best,
		    &s->trigger);
		memcpy(s->tenc, s->key + best, s->tlen);
		s->ntforms = ustr_fold_forms(s->trigger, s->tforms);
		for (i = 0; i < 128; i++)
			s->ascii[i] = (char)relevant(s, (uint32_t)i);
	}
}

void
search_filter_free(struct search *s)
{
	free(s->runbuf);
	free(s->safe);
}

/* Where needle nd[0..len) first starts in buf[0..n), or NULL. A needle of
 * one character is found through its byte probe (its rarest in the sample,
 * search_filter_rare) with memchr: glibc's memmem crawls over CJK text with
 * so short a needle (180 MB/s for 据, which memchr finds at 3 GB/s). */
static const char *
needle_find(const char *buf, size_t n, const char *nd, size_t len,
    size_t probe)
{
	const char	*p, *q;
	size_t		 i, k;

	if (len > 4)
		return memmem(buf, n, nd, len);
	for (i = probe; i < n && (p = memchr(buf + i, nd[probe], n - i)) !=
	    NULL; i = (size_t)(p - buf) + 1) {
		if ((size_t)(p - buf) - probe + len > n)
			break;
		/* a loop, not memcmp: the call cost as much as the memchr */
		for (q = p - probe, k = 0; k < len && q[k] == nd[k]; k++)
			;
		if (k == len)
			return q;
	}
	return NULL;
}

/* Sort the code points v[0..n) (below 2^22) with tmp, n entries of room:
 * two passes of a radix sort. qsort took 10 ms of every count's start over
 * a full sample of Chinese (87,000 code points), 7% of counting a frequent
 * term in 100 MB (bench_search --script). */
static void
sort_cps(uint32_t *v, uint32_t *tmp, size_t n)
{
	size_t		 cnt[2048], i, sum, t;
	uint32_t	*src = v, *dst = tmp, *sw;

	for (int shift = 0; shift < 22; shift += 11) {
		memset(cnt, 0, sizeof cnt);
		for (i = 0; i < n; i++)
			cnt[src[i] >> shift & 2047]++;
		for (sum = 0, i = 0; i < 2048; i++) {
			t = cnt[i];
			cnt[i] = sum;
			sum += t;
		}
		for (i = 0; i < n; i++)
			dst[cnt[src[i] >> shift & 2047]++] = src[i];
		sw = src;
		src = dst;
		dst = sw;
	}
}

/* The code points of buf[0..n), sorted, into v (2 * n entries of room, the
 * second half scratch); how many. Counting a character of the key in the
 * sample is then a binary search, not a pass over the sample: a pasted key
 * of 10,000 characters made 10,000 passes (2.5 GB of memchr over a full
 * sample). */
static size_t
sample_cps(const char *buf, size_t n, uint32_t *v)
{
	size_t		i = 0, nv = 0;
	uint32_t	cp;

	while (i < n) {
		i += ustr_dec(buf + i, n - i, &cp);
		if (cp != USTR_BAD && cp < (1u << 22))
			v[nv++] = cp;
	}
	sort_cps(v, v + n, nv);
	return nv;
}

/* How often one of the forms of f (a character each) occurs in the sample
 * (v[0..nv), sample_cps). */
static size_t
forms_count(const struct forms *f, const uint32_t *v, size_t nv)
{
	size_t		c = 0, lo, hi, mid, first;
	uint32_t	cp;

	for (size_t k = 0; k < f->n; k++) {
		(void)ustr_dec(f->enc[k], f->len[k], &cp);
		for (lo = 0, hi = nv; lo < hi; )	/* the first >= cp */
			if (v[mid = lo + (hi - lo) / 2] < cp)
				lo = mid + 1;
			else
				hi = mid;
		for (first = lo, hi = nv; lo < hi; )	/* the first > cp */
			if (v[mid = lo + (hi - lo) / 2] <= cp)
				lo = mid + 1;
			else
				hi = mid;
		c += lo - first;
	}
	return c;
}

/* Where the character safe[b] of the run starts in its spelling r. */
static size_t
run_char_off(const struct search *s, size_t r, size_t b)
{
	const struct forms *f;
	size_t		 off = 0, x = r;

	for (size_t c = s->run_first; c < b; c++) {
		f = &s->safe[c];
		off += f->len[x % f->n];
		x /= f->n;
	}
	return off;
}

/* Pick the safe character of the key rarest in the first SAMPLE bytes, the
 * needle when lines are joined; the run's character rarest there, its pivot
 * (a run spelt several ways is found through the forms of its pivot, then
 * checked around them); and the byte probes of the needles. The run stays
 * the anchor of lines apart unless a character outside it is rarer than
 * it. Main thread only (before the counter starts). */
void
search_filter_rare(struct search *s, struct doc *d)
{
	size_t		 i, n, nv, c, best = SIZE_MAX, pivot = 0;
	size_t		 hist[256] = { 0 };
	struct forms	*f;
	const char	*p;
	uint32_t	*v;

	if (s->filter != FILTER_ANCHOR || s->rare.n != 0)
		return;
	n = doc_pread(d, 0, s->buf, SAMPLE);
	for (i = 0; i < n; i++)
		hist[(unsigned char)s->buf[i]]++;
	v = xreallocarray(NULL, 2 * n + 1, sizeof *v);
	nv = sample_cps(s->buf, n, v);
	for (i = 0; i < s->nsafe; i++) {
		f = &s->safe[i];
		for (size_t k = 0; k < f->n; k++)
			probes_of(f->enc[k], f->len[k], hist, &f->probe[k],
			    &f->probe2[k]);
		if ((c = forms_count(f, v, nv)) < best) {
			best = c;
			s->rare = *f;
		}
		if (i >= s->run_first && i < s->run_end && (i == s->run_first ||
		    c < pivot)) {
			pivot = c;
			s->pivot = i;
		}
	}
	free(v);
	for (i = 0; i < s->run.n; i++)
		s->pivot_off[i] = run_char_off(s, i, s->pivot);
	for (c = 0, i = 0; i < s->run.n; i++) {
		probes_of(s->run.s[i], s->run.len[i], hist, &s->run.probe[i],
		    &s->run.probe2[i]);
		for (size_t at = 0; (p = needle_find(s->buf + at, n - at,
		    s->run.s[i], s->run.len[i], s->run.probe[i])) != NULL;
		    at = (size_t)(p - s->buf) + s->run.len[i])
			c++;
	}
	if (c > best)
		s->run.n = 0;		/* the needles are the rare forms */
}

/* Prefilter --------------------------------------------------------------- */

/* The anchor's needles: with joined lines a '\n' may sit between any two
 * characters of a match, so the forms of one character (the rarest); else
 * the run, spelt one way, or when it has several, the forms of its pivot
 * (run_around checks the rest); or when the key has none, the forms of the
 * rarest character again. */
static void
needles_of(const struct search *s, int join, struct needles *nd)
{
	/* Not sampled yet (search_para needs no needle): any safe one. */
	const struct forms *f = s->rare.n > 0 ? &s->rare : &s->safe[0];

	if (!join && s->run.n == 1) {
		*nd = s->run;
		return;
	}
	if (!join && s->run.n > 1)
		f = &s->safe[s->pivot];
	nd->n = f->n;
	nd->max = 0;
	for (size_t k = 0; k < nd->n; k++) {
		nd->s[k] = f->enc[k];
		nd->len[k] = f->len[k];
		nd->probe[k] = f->probe[k];
		nd->probe2[k] = f->probe2[k];
		if (nd->len[k] > nd->max)
			nd->max = nd->len[k];
	}
}

size_t
search_filter_needle_len(const struct search *s, int join)
{
	struct needles	 nd;

	needles_of(s, join, &nd);
	return nd.max;
}

#ifdef __SSE2__
/* needles_find() over buf[0..n), sixteen places at a time but for the last
 * ones: a place is compared with a needle only where the needle's probe and
 * probe2 bytes are both in it. In CJK text those are the two continuation
 * bytes of a character, together about one place in 4096, where memchr on
 * the probe alone stops every hundred bytes or so (count of 數據 in the
 * 100 MB traditional book: its scan took a fifth of the count, see
 * tests/bench). Returns the first place found, or NULL and in *done where
 * the places left start. test_search's property test checks the counts
 * with it against a fold of each line. */
static const char *
needles_find16(const struct needles *nd, const char *buf, size_t n,
    size_t *done)
{
	__m128i		 a[USTR_FORMS_MAX], b[USTR_FORMS_MAX];
	unsigned	 m, mk[USTR_FORMS_MAX];
	size_t		 i, j, k;

	for (k = 0; k < nd->n; k++) {
		a[k] = UTIL_SET8(nd->s[k][nd->probe[k]]);
		b[k] = UTIL_SET8(nd->s[k][nd->probe2[k]]);
	}
	/* Every needle and every probe of the sixteen places is in buf. */
	for (i = 0; n >= nd->max + 15 && i <= n - nd->max - 15; i += 16) {
		for (m = 0, k = 0; k < nd->n; k++) {
			mk[k] = (unsigned)_mm_movemask_epi8(_mm_and_si128(
			    _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)
			    (buf + i + nd->probe[k])), a[k]),
			    _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)
			    (buf + i + nd->probe2[k])), b[k])));
			m |= mk[k];
		}
		for (; m != 0; m &= m - 1) {
			for (j = 0; !(m >> j & 1); j++)
				;
			for (k = 0; k < nd->n; k++)
				if ((mk[k] >> j & 1) && memcmp(buf + i + j,
				    nd->s[k], nd->len[k]) == 0)
					return buf + i + j;
		}
	}
	*done = i;
	return NULL;
}
#endif

/* The first place in buf[0..n) where one of the needles starts, or NULL.
 * With SSE2, needles_find16 looks at all but the last places. Else (and
 * there) several are looked for in a window that doubles while none is
 * found, so that a frequent one does not send the search for a rare one
 * over the rest of the block at every call. */
static const char *
needles_find(const struct needles *nd, const char *buf, size_t n)
{
	const char	*hit, *first;
	size_t		 lo = 0, w = 4096, end, k;

#ifdef __SSE2__
	if ((hit = needles_find16(nd, buf, n, &lo)) != NULL || lo == n)
		return hit;
	buf += lo;		/* what is left: the last bytes */
	n -= lo;
	lo = 0;
#endif
	if (nd->n == 1)
		return needle_find(buf, n, nd->s[0], nd->len[0],
		    nd->probe[0]);
	for (;;) {
		end = n - lo > w ? lo + w : n;
		first = NULL;
		for (k = 0; k < nd->n; k++) {
			/* the needles that start before end */
			hit = needle_find(buf + lo, (end + nd->len[k] - 1 < n ?
			    end + nd->len[k] - 1 : n) - lo, nd->s[k],
			    nd->len[k], nd->probe[k]);
			if (hit != NULL && (first == NULL || hit < first))
				first = hit;
		}
		if (first != NULL || end == n)
			return first;
		lo = end;
		w *= 2;
	}
}

/* Is the run spelt one of its ways around the form of its pivot at buf[h]?
 * Or cut by an end of buf, so that it may be: a candidate either way. */
static int
run_around(const struct search *s, const char *buf, size_t n, size_t h)
{
	size_t	 o;

	for (size_t r = 0; r < s->run.n; r++) {
		o = s->pivot_off[r];
		if (h < o || h - o + s->run.len[r] > n ||
		    memcmp(buf + h - o, s->run.s[r], s->run.len[r]) == 0)
			return 1;
	}
	return 0;
}

/* The first character of buf[0..n) whose fold contains the trigger, as
 * search_filter_scan. A block may start inside a character (its bytes
 * decode as USTR_BAD and are passed over) and end inside one: that one is
 * left to the next block. Decoding every character with ustr_dec costs
 * about 5% over skipping ideographs by their lead byte (CPU for a whole
 * 50 MB Chinese book with an ASCII trigger: 66 ms against 62 ms), which
 * only ustr may know about. */
static int
trigger_scan(struct search *s, const char *buf, size_t n, int eof,
    size_t *at)
{
	const unsigned char *u = (const unsigned char *)buf;
	size_t		 i, l;
	uint32_t	 cp;

	for (i = 0; i < n; i += l) {
		if (u[i] < 0x80) {
			if (s->ascii[u[i]]) {
				*at = i;
				return 1;
			}
			l = 1;
			continue;
		}
		l = ustr_dec(buf + i, n - i, &cp);
		if (cp == USTR_BAD) {
			if (i + l == n && !eof)
				break;
			continue;
		}
		/* Most of CJK text: ideographs (and the few symbols among
		 * them) fold to their script key, so only the trigger's forms
		 * are relevant there; settled here, without relevant(). */
		if (cp >= 0x3400 && cp <= 0x9FFF ? is_tform(s, cp) :
		    relevant(s, cp)) {
			*at = i;
			return 1;
		}
	}
	*at = i;
	return 0;
}

/* The first candidate in buf[0..n): returns 1 and its index in *at, or 0 and
 * in *at where the next block must start to miss nothing (at the end of
 * the text, eof, that is n). */
int
search_filter_scan(struct search *s, int join, const char *buf, size_t n,
    int eof, size_t *at)
{
	const char	*hit;
	struct needles	 nd;
	size_t		 i;

	switch (s->filter) {
	case FILTER_ANCHOR:
		needles_of(s, join, &nd);
		for (i = 0; (hit = needles_find(&nd, buf + i, n - i)) != NULL;
		    i = (size_t)(hit - buf) + 1)
			if (join || s->run.n <= 1 ||
			    run_around(s, buf, n, (size_t)(hit - buf))) {
				*at = (size_t)(hit - buf);
				return 1;
			}
		*at = eof || n < nd.max ? n : n - nd.max + 1;
		return 0;
	case FILTER_TRIGGER:
		return trigger_scan(s, buf, n, eof, at);
	default:
		*at = 0;
		return n > 0;
	}
}

/* Text for the prefilter into buf. The anchor is a valid sequence that
 * repair never changes, so memmem may look at the bytes as stored (no UTF-8
 * check); the trigger scan decodes, and needs the repaired text. */
size_t
search_filter_read(struct search *s, struct doc *d, size_t off, char *buf,
    size_t n)
{
	return s->filter == FILTER_ANCHOR ? doc_pread_raw(d, off, buf, n) :
	    doc_pread(d, off, buf, n);
}

/* Can text[0..n) hold a literal match? Not without every safe character of
 * the key, as one of its forms, verbatim (see targets_init): then folding
 * it (a third of a count whose needle is one of several ideographs) can be
 * skipped. */
int
search_filter_may_match(const struct search *s, const char *text, size_t n)
{
	const struct forms *f;
	size_t		 i, k;

	if (s->regex || s->filter != FILTER_ANCHOR)
		return 1;
	for (i = 0; i < s->nsafe; i++) {
		f = &s->safe[i];
		for (k = 0; k < f->n && needle_find(text, n, f->enc[k],
		    f->len[k], f->probe[k]) == NULL; k++)
			;
		if (k == f->n)
			return 0;
	}
	return 1;
}
