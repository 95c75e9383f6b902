/* search_filter: the prefilter (see search.c). Folding runs at utf8proc
 * speed, so the bulk scan reads raw blocks and looks for candidates only:
 * an anchor (a run of "safe" ideographs, or the rarest one when lines are
 * joined) found with memmem, or a trigger character whose fold contains a
 * character of the key. Every match contains a candidate. */
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
static uint32_t		*targets;
static size_t		 ntargets;
static pthread_once_t	 targets_once = PTHREAD_ONCE_INIT;

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

static void
targets_init(void)
{
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
				if (ntargets == cap) {
					cap = cap * 2 + 256;
					targets = xreallocarray(targets, cap,
					    sizeof *targets);
				}
				targets[ntargets++] = c;
			}
			free(out);
		}
	}
	qsort(targets, ntargets, sizeof *targets, cmp_u32);
}

static int
is_safe(uint32_t cp)
{
	if (!is_ideograph(cp))
		return 0;
	pthread_once(&targets_once, targets_init);
	return bsearch(&cp, targets, ntargets, sizeof *targets,
	    cmp_u32) == NULL;
}

/* Trigger relevance ------------------------------------------------------- */

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
	if (is_ideograph(cp))
		return cp == s->trigger;	/* they fold to themselves */
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

/* Choose the prefilter for the key: the longest run of safe characters as
 * the anchor, else the best trigger (ideographs, then rare ASCII); regex
 * keys get none. */
void
search_filter_pick(struct search *s)
{
	size_t		 i = 0, l, rs = 0, rl = 0, cs = 0, best = 0;
	uint32_t	 cp;
	int		 rank, top = 0;
	static const char rare_ascii[] = "zqxjkvbpygfwmucldrhsnioate";
	const char	*r;

	s->safe = xmalloc(s->keylen + 1);
	while (i < s->keylen) {
		l = ustr_decode(s->key + i, s->keylen - i, &cp);
		if (is_safe(cp)) {
			memcpy(s->safe + s->safelen, s->key + i, l);
			s->safelen += l;
			if (i + l - cs > rl) {
				rs = cs;
				rl = i + l - cs;
			}
		} else
			cs = i + l;
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
	if (rl > 0) {
		s->filter = FILTER_ANCHOR;
		s->run = xstrndup(s->key + rs, rl);
		s->runlen = rl;
		return;
	}
	if (top > 0) {
		s->filter = FILTER_TRIGGER;
		s->tlen = ustr_decode(s->key + best, s->keylen - best,
		    &s->trigger);
		memcpy(s->tenc, s->key + best, s->tlen);
		for (i = 0; i < 128; i++)
			s->ascii[i] = (char)relevant(s, (uint32_t)i);
	}
}

/* Joined lines: pick the safe character of the key rarest in the first
 * SAMPLE bytes. Main thread only (before the counter starts). */
void
search_filter_rare(struct search *s, struct doc *d)
{
	size_t		 i, l, n, c, best = SIZE_MAX;
	const char	*p;
	uint32_t	 cp;

	if (s->filter != FILTER_ANCHOR || s->rarelen != 0)
		return;
	n = doc_pread(d, 0, s->buf, SAMPLE);
	for (i = 0; i < s->safelen; i += l) {
		l = ustr_decode(s->safe + i, s->safelen - i, &cp);
		c = 0;
		for (p = s->buf; (p = memmem(p, n - (size_t)(p - s->buf),
		    s->safe + i, l)) != NULL; p += l)
			c++;
		if (c < best) {
			best = c;
			memcpy(s->rare, s->safe + i, l);
			s->rarelen = l;
		}
	}
}

/* Prefilter --------------------------------------------------------------- */

/* The anchor to look for: with joined lines a '\n' may sit between any two
 * characters of a match, so one character (the rarest); else the run. */
const char *
search_filter_needle(struct search *s, int join, size_t *len)
{
	if (join) {
		*len = s->rarelen;
		return s->rare;
	}
	*len = s->runlen;
	return s->run;
}

/* The first candidate in buf[0..n): returns 1 and its index in *at, or 0 and
 * in *at where the next block must start to miss nothing (at the end of
 * the text, eof, that is n). */
int
search_filter_scan(struct search *s, int join, const char *buf, size_t n,
    int eof, size_t *at)
{
	const unsigned char *u = (const unsigned char *)buf;
	const char	*nd, *hit;
	size_t		 nlen, i, l;
	uint32_t	 cp;

	switch (s->filter) {
	case FILTER_ANCHOR:
		nd = search_filter_needle(s, join, &nlen);
		if ((hit = memmem(buf, n, nd, nlen)) != NULL) {
			*at = (size_t)(hit - buf);
			return 1;
		}
		*at = eof || n < nlen ? n : n - nlen + 1;
		return 0;
	case FILTER_TRIGGER:
		for (i = 0; i < n && (u[i] & 0xC0) == 0x80; i++)
			;
		while (i < n) {
			if (u[i] < 0x80) {
				if (s->ascii[u[i]]) {
					*at = i;
					return 1;
				}
				i++;
				continue;
			}
			l = u[i] >= 0xF0 ? 4 : u[i] >= 0xE0 ? 3 :
			    u[i] >= 0xC0 ? 2 : 1;
			if (i + l > n && !eof)
				break;
			/* Doc text is valid UTF-8: most CJK text is 3-byte
			 * ideographs (E4-E9), which only an ideograph trigger
			 * cares about. */
			if (l == 3 && i + 3 <= n) {
				if (u[i] >= 0xE4 && u[i] <= 0xE9 &&
				    !is_ideograph(s->trigger)) {
					i += 3;
					continue;
				}
				cp = (uint32_t)(u[i] & 0x0F) << 12 |
				    (uint32_t)(u[i + 1] & 0x3F) << 6 |
				    (uint32_t)(u[i + 2] & 0x3F);
			} else
				l = ustr_decode(buf + i, n - i, &cp);
			if (cp != USTR_BAD && relevant(s, cp)) {
				*at = i;
				return 1;
			}
			i += l;
		}
		*at = i;
		return 0;
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
 * the key, verbatim (see targets_init): then folding it (a third of a count
 * whose needle is one of several ideographs) can be skipped. */
int
search_filter_may_match(const struct search *s, const char *text, size_t n)
{
	size_t		 i, l;
	uint32_t	 cp;

	if (s->regex || s->filter != FILTER_ANCHOR)
		return 1;
	for (i = 0; i < s->safelen; i += l) {
		l = ustr_decode(s->safe + i, s->safelen - i, &cp);
		if (memmem(text, n, s->safe + i, l) == NULL)
			return 0;
	}
	return 1;
}
