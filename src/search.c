/* search: find a folded pattern in the doc text.
 *
 * Data model. The pattern is folded once (ustr_fold: NFKC, plus case folding
 * under smart case) into the key. A match is a byte range of one paragraph
 * body whose fold equals the key (literal) or matches the regex (POSIX ERE on
 * the folded paragraph), starting and ending on cluster boundaries. The fold
 * drops '\n' joins, so 工业\n泡沫 folds to 工业泡沫. Literal matches may overlap
 * (as when stepping with n in less); regex matches are leftmost-longest, taken
 * one after another.
 *
 * Folding runs at utf8proc speed (tens of MB/s), so the bulk scan reads raw
 * blocks with doc_pread and a prefilter picks the few places worth folding;
 * every match contains at least one candidate the prefilter reports:
 *   ANCHOR   the key has CJK ideographs that nothing else folds to ("safe",
 *            see targets_init): they must appear verbatim in the text, so
 *            memmem finds them. When lines are joined (hard-wrapped or
 *            Markdown), a '\n' may sit between any two characters, so the
 *            needle is the single safe character rarest in the first 256 KiB;
 *            otherwise it is the longest run of safe characters.
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
 * The counter sees the text as stepping does, so that its total is the
 * number of steps: it runs on its own thread with a twin of the doc
 * (doc_twin: a cache of its own, the same paragraph functions), finds
 * candidates with the same prefilter in raw blocks, and counts every match
 * of the paragraph around each candidate with para_fold and collect, then
 * goes on after that paragraph (and, for a virtual paragraph, first the one
 * before it, where a match crossing the cut starts). No paragraph rule is
 * repeated here: when doc's rules change, the count follows. The twin keeps
 * the outline doc had published when the count started; once doc publishes
 * one (unmarked headings become paragraphs of their own), the count starts
 * again. A paragraph is folded once whatever its number of candidates. It
 * keeps sparse checkpoints (a paragraph start, matches before it): at most
 * CKPT_MAX of them, the stride doubling when full, so memory stays bounded
 * (1 MiB) whatever the count; search_index recounts on the caller's doc
 * from the checkpoint before the offset.
 *
 * Regex and time: glibc's regexec is quadratic on patterns such as (a|aa)*b
 * (8 s on 64 KiB of 'a', 2 ms on 1 KiB) and cannot be interrupted, so a
 * paragraph longer than RX_WIN folded bytes is matched in windows of RX_WIN
 * bytes advancing by RX_WIN / 2: a match longer than RX_WIN / 2 may be
 * shortened. search_step checks the clock between windows and paragraphs
 * and returns SEARCH_MORE after STEP_MS.
 */
#define _GNU_SOURCE		/* memmem */
#include <regex.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "search.h"
#include "ustr.h"
#include "util.h"

#define BLOCK		(1024 * 1024)	/* bytes per doc_pread */
#define SAMPLE		(256 * 1024)	/* bytes sampled to rank anchor chars */
#define RX_WIN		1024		/* folded bytes per regexec call */
#define STEP_MS		50		/* longest search_step */
#define CKPT_MAX	(64 * 1024)	/* checkpoints kept by the counter */

enum filter {
	FILTER_NONE,
	FILTER_ANCHOR,
	FILTER_TRIGGER,
};

struct hits {
	struct search_match	*v;
	size_t			 n, cap;
};

/* The last paragraph folded. */
struct folded {
	int		 valid;
	struct doc	*doc;
	size_t		 doclen;
	const struct outline *outline;	/* doc's when it was folded */
	struct doc_para	 para;
	char		*text;		/* its body, then the start of a virtual
					   paragraph continuing it */
	size_t		 n, own;	/* own: the body's length */
	char		*f;
	size_t		 flen, *map;
};

struct ckpt {
	size_t	pos;		/* the counter can restart here */
	size_t	before;		/* matches starting before pos */
};

struct search {
	char		*key;		/* folded pattern */
	size_t		 keylen;
	int		 casefold;
	int		 regex;
	regex_t		 re;

	int		 filter;
	char		*run;		/* ANCHOR: longest run of safe chars */
	size_t		 runlen;
	char		*safe;		/* ANCHOR: every safe char, concatenated */
	size_t		 safelen;
	char		 rare[4];	/* ANCHOR, joined lines: one safe char */
	size_t		 rarelen;	/* 0 until sampled */
	uint32_t	 trigger;	/* TRIGGER: the key char t */
	char		 ascii[128];	/* TRIGGER: relevant(c) for ASCII c */
	char		 tenc[4];
	size_t		 tlen;
	_Atomic uint64_t rel_bits[1024];	/* BMP, 1 bit per code point */
	_Atomic uint64_t rel_done[16];		/* 1 bit per 64-cp block */
	size_t		 slack;		/* bytes a literal match can span */

	char		*buf;		/* main thread: BLOCK + 8 */
	struct hits	 hits;		/* main thread scratch */
	struct folded	 pf;		/* main thread */
	/* A regex scan of the paragraph at base that search_step had to
	 * interrupt goes on from pos. Forward, it had found nothing at or
	 * after min; backward, last is the last match it had found. */
	struct {
		int			 valid, backward, have;
		size_t			 base, pos, min;
		struct search_match	 last;
	}		 chain;

	/* Counting thread. */
	pthread_t	 thread;
	int		 started;
	atomic_int	 stop;
	pthread_mutex_t	 lock;
	struct ckpt	*ckpt;		/* under lock */
	size_t		 nckpt, stride, total;
	size_t		 reached;	/* every match starting before is counted */
	int		 done;
	struct counter	*counter;	/* the thread's */
	struct doc	*twin;		/* the thread's handle on doc */
	struct doc	*doc;
	const struct outline *outline;	/* doc's when the count started */
	int		 join;
	size_t		 doclen;
};

/* A counting engine on one thread: d is the doc (search_index, on the
 * caller's thread) or its twin (the counting thread). */
struct counter {
	struct search	*s;
	struct doc	*d;
	int		 join;
	size_t		 len;
	char		*buf;		/* bufsize + 8, for the prefilter */
	size_t		 bufsize;
	struct folded	 pf;
	struct hits	 hits;
	atomic_int	*stop;
	long long	 deadline;	/* 0: none */
	size_t		 limit;		/* count only matches starting before */
	size_t		 n;		/* matches counted */
	size_t		 done;		/* every match starting before is counted */
	size_t		 rpos, rbefore;	/* where a recount of the last one
					   could restart, matches before it */
	void		(*note)(struct counter *);
	void		(*progress)(struct counter *, size_t upto);
};


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

/* Prefilter --------------------------------------------------------------- */

static const char *
needle(struct search *s, int join, size_t *len)
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
static int
filter_scan(struct search *s, int join, const char *buf, size_t n, int eof,
    size_t *at)
{
	const unsigned char *u = (const unsigned char *)buf;
	const char	*nd, *hit;
	size_t		 nlen, i, l;
	uint32_t	 cp;

	switch (s->filter) {
	case FILTER_ANCHOR:
		nd = needle(s, join, &nlen);
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

static size_t
utf8_next(const char *s, size_t n, size_t k)
{
	for (k++; k < n && ((unsigned char)s[k] & 0xC0) == 0x80; k++)
		;
	return k;
}

/* Leftmost regex match in the folded window [k, min(end, k + RX_WIN)). */
static int
rx_window(struct search *s, const char *f, size_t flen, size_t k, size_t *mk,
    size_t *me)
{
	regmatch_t	 pm;
	size_t		 end = flen - k > RX_WIN ? k + RX_WIN : flen;
	int		 fl = REG_STARTEND;

	if (k > 0)
		fl |= REG_NOTBOL;
	if (end < flen)
		fl |= REG_NOTEOL;
	pm.rm_so = (regoff_t)k;
	pm.rm_eo = (regoff_t)end;
	if (regexec(&s->re, f, 1, &pm, fl) != 0)
		return 0;
	*mk = (size_t)pm.rm_so;
	*me = (size_t)pm.rm_eo;
	return 1;
}

/* Append to h, in order, the matches in text[0..n) (a paragraph body with
 * its joins, at doc offset base, folded to f with map) that start before
 * text[own] and at or after doc offset min, up to max of them (0: no
 * limit). Regex matches are taken one after another from source offset
 * start (0, or where an interrupted scan stopped). Returns 1 if the deadline
 * or *stop interrupted a regex scan, *resume then being the source offset
 * (doc) to continue from. */
static int
collect(struct search *s, const char *text, size_t n, size_t own,
    const char *f, size_t flen, const size_t *map, size_t base, size_t start,
    size_t min, struct hits *h, size_t max, long long deadline,
    atomic_int *stop, size_t *resume)
{
	size_t		 k, mk, me, so, eo, found = 0, half;
	const char	*q;

	if (!s->regex) {
		k = fold_index(map, flen, min > base ? min - base : 0);
		for (; (q = memmem(f + k, flen - k, s->key, s->keylen)) != NULL;
		    k = (size_t)(q - f) + 1) {
			mk = (size_t)(q - f);
			if (map[mk] >= own)
				break;
			if (!to_source(text, n, map, flen, mk, mk + s->keylen,
			    &so, &eo))
				continue;
			hits_add(h, base + so, eo - so);
			if (max != 0 && ++found == max)
				break;
		}
		return 0;
	}
	for (k = fold_index(map, flen, start); k < flen && map[k] < own; ) {
		if ((deadline != 0 && util_now_ms() >= deadline) ||
		    (stop != NULL && atomic_load(stop))) {
			*resume = base + map[k];
			return 1;
		}
		if (!rx_window(s, f, flen, k, &mk, &me)) {
			if (flen - k <= RX_WIN)
				break;
			/* Half a window on, at a character start. */
			for (half = k + RX_WIN / 2; half < flen &&
			    ((unsigned char)f[half] & 0xC0) == 0x80; half++)
				;
			k = half;
			continue;
		}
		if (map[mk] >= own)
			break;
		if (me > mk && to_source(text, n, map, flen, mk, me, &so,
		    &eo) && eo > so) {
			k = me;
			if (base + so < min)
				continue;
			hits_add(h, base + so, eo - so);
			if (max != 0 && ++found == max)
				break;
		} else
			k = utf8_next(f, flen, mk);
	}
	return 0;
}

/* Public: compile --------------------------------------------------------- */

static int
is_rx_meta(char c)
{
	return strchr(".[]()*+?{}|^$\\", c) != NULL && c != '\0';
}

/* glibc's regcomp copies a subexpression for each + and {m,n} applied to
 * it, so stacked repetitions (a+++…, ((a+)+)+) grow it exponentially (48
 * bytes of pattern took 24 GB). Estimate the compiled size first: a piece
 * costs its atom's size times its repetition counts. */
#define RX_COST_MAX	100000

static size_t	rx_alt(const char **, size_t);

/* Just past the bracket expression that starts at p ('['), with its
 * [:class:], [.coll.] and [=equiv=] parts; or at the end of the string. */
static const char *
rx_bracket_end(const char *p)
{
	const char	*c;

	p++;
	if (*p == '^')
		p++;
	if (*p == ']')
		p++;
	while (*p != '\0' && *p != ']')
		p += p[0] == '[' && (p[1] == ':' || p[1] == '.' ||
		    p[1] == '=') && (c = strchr(p + 2, ']')) != NULL ?
		    (size_t)(c - p) + 1 : 1;
	return *p == ']' ? p + 1 : p;
}

static size_t
rx_mul(size_t a, size_t b)
{
	return a > RX_COST_MAX || b > RX_COST_MAX || a * b > RX_COST_MAX ?
	    RX_COST_MAX + 1 : a * b;
}

static size_t
rx_seq(const char **pp, size_t depth)
{
	const char	*p = *pp;
	size_t		 total = 0, atom, m;

	/* An unmatched ')' is a literal for glibc: only a group ends at one. */
	while (*p != '\0' && *p != '|' && (*p != ')' || depth == 0)) {
		atom = 1;
		if (*p == '(') {
			p++;
			atom = depth > 64 ? RX_COST_MAX + 1 : rx_alt(&p, depth + 1);
			if (*p == ')')
				p++;
		} else if (*p == '[') {
			p = rx_bracket_end(p);
		} else if (*p == '\\' && p[1] != '\0')
			p += 2;
		else
			p++;
		for (;;) {
			if (*p == '*' || *p == '?')
				p++;
			else if (*p == '+') {
				atom = rx_mul(atom, 2);
				p++;
			} else if (*p == '{') {
				m = 0;
				for (p++; *p != '\0' && *p != '}'; p++)
					if (*p >= '0' && *p <= '9')
						m = m > RX_COST_MAX ? m :
						    m * 10 + (size_t)(*p - '0');
				if (*p == '}')
					p++;
				atom = rx_mul(atom, m + 1);
			} else
				break;
		}
		total += atom;
		if (total > RX_COST_MAX)
			break;
	}
	*pp = p;
	return total;
}

static size_t
rx_alt(const char **pp, size_t depth)
{
	size_t	 total = rx_seq(pp, depth);

	while (**pp == '|' && total <= RX_COST_MAX) {
		(*pp)++;
		total += rx_seq(pp, depth);
	}
	return total;
}

/* Stacked *, + and ? (a+*, a**+) mean one of them, but glibc's regcomp
 * computes closures over every level (80 bytes of them took 13 s): rewrite
 * each run as the one operator it means, in place. */
static void
rx_collapse(char *rx)
{
	char		*w = rx, *p = rx, op;
	const char	*e;

	while (*p != '\0') {
		if (*p == '\\' && p[1] != '\0') {
			*w++ = *p++;
			*w++ = *p++;
		} else if (*p == '[') {
			/* A bracket expression is copied whole. */
			e = rx_bracket_end(p);
			while (p < e)
				*w++ = *p++;
		} else if (strchr("*+?", *p) != NULL && w > rx &&
		    strchr("*+?", w[-1]) != NULL &&
		    !(w - rx >= 2 && w[-2] == '\\')) {
			op = w[-1] == *p ? *p : '*';
			w[-1] = op;
			p++;
		} else
			*w++ = *p++;
	}
	*w = '\0';
}

static void
pick_filter(struct search *s)
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

struct search *
search_new(const char *pat, size_t len, int regex, char **cause)
{
	struct search	*s;
	size_t		*map, i, fl;
	char		*f, *rx, *p, err[256];
	int		 r;

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
	if (regex) {
		s->regex = 1;
		/* A character that folds to an ERE operator (（ to '(') is
		 * still meant literally. */
		f = s->key;
		fl = s->keylen;
		rx = p = xmalloc(2 * fl + 1);
		for (i = 0; i < fl; i++) {
			if (is_rx_meta(f[i]) && (unsigned char)pat[map[i]] >=
			    0x80)
				*p++ = '\\';
			*p++ = f[i];
		}
		*p = '\0';
		rx_collapse(rx);
		p = rx;
		if (rx_alt((const char **)&p, 0) > RX_COST_MAX) {
			free(rx);
			free(map);
			*cause = xstrdup("regular expression too complex");
			s->regex = 0;
			search_free(s);
			return NULL;
		}
		r = regcomp(&s->re, rx, REG_EXTENDED |
		    (s->casefold ? REG_ICASE : 0));
		free(rx);
		if (r != 0) {
			regerror(r, &s->re, err, sizeof err);
			*cause = xasprintf("bad regular expression: %s", err);
			s->regex = 0;
			free(map);
			search_free(s);
			return NULL;
		}
	}
	free(map);
	/* A literal match spans at most 4 source bytes per folded byte plus
	 * a 2-byte join between characters. */
	s->slack = s->keylen < DOC_PARA_MAX / 6 ? 6 * s->keylen + 64 :
	    DOC_PARA_MAX;
	pick_filter(s);
	pthread_mutex_init(&s->lock, NULL);
	s->buf = xmalloc(BLOCK + 8);
	return s;
}

static void	count_stop(struct search *);

static void
folded_free(struct folded *c)
{
	free(c->text);
	free(c->f);
	free(c->map);
}

void
search_free(struct search *s)
{
	if (s == NULL)
		return;
	count_stop(s);
	if (s->regex)
		regfree(&s->re);
	if (s->buf != NULL)
		pthread_mutex_destroy(&s->lock);
	free(s->key);
	free(s->run);
	free(s->safe);
	free(s->buf);
	free(s->hits.v);
	folded_free(&s->pf);
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
static int
joins_lines(struct doc *d)
{
	return doc_is_hardwrapped(d) || doc_hides_markup(d);
}

/* Joined lines: pick the safe character of the key rarest in the first
 * SAMPLE bytes. Main thread only (before the counter starts). */
static void
pick_rare(struct search *s, struct doc *d)
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

/* Text for the prefilter into buf. The anchor is a valid sequence that
 * repair never changes, so memmem may look at the bytes as stored (no UTF-8
 * check); the trigger scan decodes, and needs the repaired text. */
static size_t
filter_read(struct search *s, struct doc *d, size_t off, char *buf, size_t n)
{
	return s->filter == FILTER_ANCHOR ? doc_pread_raw(d, off, buf, n) :
	    doc_pread(d, off, buf, n);
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

/* Can text[0..n) hold a literal match? Not without every safe character of
 * the key, verbatim (see targets_init): then folding it (a third of a count
 * whose needle is one of several ideographs) can be skipped. */
static int
may_match(const struct search *s, const char *text, size_t n)
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

/* Paragraph p folded into c, kept until another is asked for: stepping with
 * n through a long paragraph folds it once. When a virtual paragraph cut
 * from the same source paragraph follows, its start is appended, so that
 * matches crossing the cut are found (they start in p). Stepping and the
 * counter both see text only through here: what a paragraph is and how its
 * lines join is doc's (doc_para_*, doc_para_text), for both. */
static const struct folded *
para_fold(struct search *s, struct folded *c, struct doc *d,
    const struct doc_para *p)
{
	struct doc_para	 q;
	const char	*t;
	size_t		 end = p->body_off + p->body_len, gap, ext;
	uint32_t	 next = 0;

	if (folded_fresh(c, d) &&
	    c->para.body_off == p->body_off && c->own == p->body_len)
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
		else
			while (ext > 0 && ((unsigned char)t[ext] & 0xC0) == 0x80)
				ext--;
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
	if (may_match(s, c->text, c->n))
		c->f = ustr_fold(c->text, c->n, s->casefold, &c->flen, &c->map);
	else {
		c->f = xstrdup("");
		c->map = xcalloc(1, sizeof *c->map);
		c->flen = 0;
	}
	c->doc = d;
	c->doclen = doc_len(d);
	c->outline = doc_outline(d);
	c->para = *p;
	c->valid = 1;
	return c;
}

/* collect() over paragraph p into h (emptied first), folded in c. */
static int
fold_collect(struct search *s, struct folded *c, struct hits *h,
    struct doc *d, const struct doc_para *p, size_t start, size_t min,
    size_t max, long long deadline, atomic_int *stop, size_t *resume)
{
	const struct folded	*f = para_fold(s, c, d, p);

	h->n = 0;
	if (f == NULL)
		return 0;
	return collect(s, f->text, f->n, f->own, f->f, f->flen, f->map,
	    p->body_off, start, min, h, max, deadline, stop, resume);
}

/* fold_collect() for stepping, into s->hits. */
static int
para_collect(struct search *s, struct doc *d, const struct doc_para *p,
    size_t start, size_t min, size_t max, long long deadline, size_t *resume)
{
	return fold_collect(s, &s->pf, &s->hits, d, p, start, min, max,
	    deadline, NULL, resume);
}

static int
step_fwd(struct search *s, struct doc *d, size_t from, size_t budget,
    struct search_match *m, size_t *resume)
{
	size_t		 len = doc_len(d), pos = from, spent = 0, n, at, start,
			 chunk = 4096;
	long long	 deadline = util_now_ms() + STEP_MS;
	struct doc_para	 p, q;
	int		 join = joins_lines(d);

	while (pos < len) {
		if (spent >= budget || util_now_ms() >= deadline) {
			*resume = pos;
			return SEARCH_MORE;
		}
		at = 0;		/* no prefilter: every paragraph */
		if (folded_at(s, d, pos, &p))
			;	/* no need to look for it */
		else if (s->filter != FILTER_NONE) {
			/* Matches are often near: read little at first. */
			n = filter_read(s, d, pos, s->buf, len - pos < chunk ?
			    len - pos : chunk);
			if (n == 0)
				break;
			if (!filter_scan(s, join, s->buf, n, pos + n >= len,
			    &at)) {
				if (chunk < BLOCK)
					chunk *= 2;
				at = at > 0 ? at : n;
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
			para_collect(s, d, &q, 0, from, 1, 0, NULL);
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
		if (para_collect(s, d, &p, start, from, 1, deadline,
		    &s->chain.pos)) {
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
	int			 have = 0;
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
	if (para_collect(s, d, p, start, 0, 0, deadline, &s->chain.pos)) {
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
	int		 join = joins_lines(d), r, any;

	if (from > len)
		from = len;
	if (s->filter == FILTER_ANCHOR)
		needle(s, join, &nlen);
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
			n = filter_read(s, d, lo, s->buf, hi - lo + nlen);
			for (at = 0; at < hi - lo && filter_scan(s, join,
			    s->buf + at, n - at, 1, &c) && at + c < hi - lo;
			    at = utf8_next(s->buf, n, at + c)) {
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
	if (joins_lines(d))
		pick_rare(s, d);
	if (budget == 0)
		budget = 1;
	return backward ? step_back(s, d, from, budget, m, resume) :
	    step_fwd(s, d, from, budget, m, resume);
}

size_t
search_para(struct search *s, struct doc *d, const struct doc_para *p,
    struct search_match *out, size_t max)
{
	size_t		 i;

	if (s == NULL || d == NULL || p == NULL)
		return 0;
	para_collect(s, d, p, 0, 0, 0, 0, NULL);
	for (i = 0; i < s->hits.n && i < max; i++)
		out[i] = s->hits.v[i];
	return s->hits.n;
}

/* Counting ---------------------------------------------------------------
 * The counter finds candidates with the prefilter in raw blocks, as
 * step_fwd does, and counts every match of the paragraph around each one
 * (doc_para_at, fold_collect: the paragraphs and joins stepping sees), then
 * goes on after that paragraph. Each paragraph is folded once whatever the
 * number of candidates in it. */

static struct counter *
counter_new(struct search *s, struct doc *d, int join, size_t len,
    atomic_int *stop, size_t bufsize)
{
	struct counter	*c = xcalloc(1, sizeof *c);

	c->s = s;
	c->d = d;
	c->join = join;
	c->len = len;
	c->bufsize = bufsize;
	c->buf = xmalloc(bufsize + 8);
	c->stop = stop;
	c->limit = SIZE_MAX;
	return c;
}

static void
counter_free(struct counter *c)
{
	if (c == NULL)
		return;
	free(c->buf);
	folded_free(&c->pf);
	free(c->hits.v);
	free(c);
}

static int
stopped(const struct counter *c)
{
	return atomic_load(c->stop) || (c->deadline != 0 &&
	    util_now_ms() >= c->deadline);
}

/* Count the matches of paragraph p that start at or after c->done (those
 * before were counted) and before c->limit; everything before p's end is
 * counted then. Returns 1, 0 past c->limit, -1 if stopped. */
static int
count_para(struct counter *c, const struct doc_para *p)
{
	size_t	 before = c->n, k, resume;

	if (fold_collect(c->s, &c->pf, &c->hits, c->d, p, 0, c->done, 0,
	    c->deadline, c->stop, &resume))
		return -1;
	for (k = 0; k < c->hits.n; k++) {
		if (c->hits.v[k].off >= c->limit)
			return 0;
		/* A recount can restart at p: its matches start in it. */
		c->rpos = p->off;
		c->rbefore = before;
		c->n++;
		if (c->note != NULL)
			c->note(c);
	}
	if (p->off + p->len > c->done)
		c->done = p->off + p->len;
	return p->off + p->len >= c->limit ? 0 : 1;
}

/* Count the paragraph holding the candidate at cand and, when it is a
 * virtual paragraph, the one before it, which may hold a match crossing the
 * cut whose candidate is in p. *next: where candidates are looked for next.
 * Returns as count_para(). */
static int
count_at(struct counter *c, size_t cand, size_t *next)
{
	struct doc_para	 p, q;
	int		 r;

	if (doc_para_at(c->d, cand, &p) != 0) {
		*next = c->len;		/* nothing from there on */
		return 1;
	}
	if (p.cont && p.off > c->done && doc_para_prev(c->d, &p, &q) == 0 &&
	    (r = count_para(c, &q)) != 1)
		return r;
	if ((r = count_para(c, &p)) != 1)
		return r;
	/* A virtual paragraph's end is the next one's first byte; else the
	 * terminator after it holds no match. */
	*next = p.off + p.len + (p.more ? 0 : 1);
	if (*next <= cand)
		*next = cand + 1;
	return 1;
}

/* No prefilter: every paragraph from the one at from. */
static int
count_paras(struct counter *c, size_t from)
{
	struct doc_para	 p, q;
	size_t		 mark = from;
	int		 r;

	if (doc_para_at(c->d, from, &p) != 0)
		return 0;
	for (;;) {
		if (stopped(c))
			return -1;
		if ((r = count_para(c, &p)) != 1)
			return r;
		if (c->progress != NULL && c->done - mark >= BLOCK) {
			c->progress(c, c->done);
			mark = c->done;
		}
		if (doc_para_next(c->d, &p, &q) != 0)
			return 0;
		p = q;
	}
}

/* The text from pos into c->buf for the prefilter (filter_read's way),
 * up to c->bufsize bytes. */
static size_t
counter_read(struct counter *c, size_t pos)
{
	size_t	 rest = c->len - pos, n = rest < c->bufsize ? rest : c->bufsize;

	return filter_read(c->s, c->d, pos, c->buf, n);
}

/* Count the matches starting at or after from (where a paragraph starts, or
 * 0), in order of offset, up to c->limit. Returns -1 if stopped (c->stop,
 * or c->deadline passed), else 0. The prefilter reads blocks of its own
 * (bytes as stored, for the anchor): reading them through doc's cache
 * instead cost the repair of every block, a fifth of a sparse count. */
static int
count_run(struct counter *c, size_t from)
{
	struct search	*s = c->s;
	size_t		 pos = from, n, at, i, next, stop_at;
	int		 eof, r;

	c->done = from;
	if (s->filter == FILTER_NONE)
		return count_paras(c, from);
	/* A literal match spans at most slack bytes: a candidate further
	 * than that past the limit is in none that starts before it. */
	stop_at = c->limit < c->len - s->slack ? c->limit + s->slack : c->len;
	while (pos < stop_at) {
		if (stopped(c))
			return -1;
		if ((n = counter_read(c, pos)) == 0)
			break;
		eof = pos + n >= c->len;
		for (at = 0;;) {
			/* Near the end of a block a needle may go on into
			 * the next: read again from there. */
			if (!eof && n - at < 64) {
				next = pos + at;
				break;
			}
			if (!filter_scan(s, c->join, c->buf + at, n - at, eof,
			    &i)) {
				next = pos + at + (i > 0 ? i : n - at);
				break;
			}
			if (pos + at + i >= stop_at)
				return 0;
			if ((r = count_at(c, pos + at + i, &next)) != 1)
				return r < 0 ? -1 : 0;
			if (next >= pos + n)
				break;
			at = next - pos;
		}
		pos = next;
		/* Every match starting slack bytes before has its candidate
		 * before pos. */
		if (c->progress != NULL)
			c->progress(c, pos > s->slack && pos - s->slack >
			    c->done ? pos - s->slack : c->done);
	}
	return 0;
}

static void
thread_note(struct counter *c)
{
	struct search	*s = c->s;
	size_t		 i, j;

	pthread_mutex_lock(&s->lock);
	if ((c->n - 1) % s->stride == 0) {
		if (s->nckpt == CKPT_MAX) {
			for (i = j = 0; i < s->nckpt; i += 2)
				s->ckpt[j++] = s->ckpt[i];
			s->nckpt = j;
			s->stride *= 2;
		}
		if ((c->n - 1) % s->stride == 0) {
			s->ckpt[s->nckpt].pos = c->rpos;
			s->ckpt[s->nckpt].before = c->rbefore;
			s->nckpt++;
		}
	}
	s->total = c->n;
	pthread_mutex_unlock(&s->lock);
}

static void
thread_progress(struct counter *c, size_t upto)
{
	struct search	*s = c->s;

	pthread_mutex_lock(&s->lock);
	if (upto > s->reached)
		s->reached = upto;
	pthread_mutex_unlock(&s->lock);
}

static void *
count_main(void *arg)
{
	struct search	*s = arg;
	struct counter	*c = s->counter;

	if (count_run(c, 0) == 0) {
		pthread_mutex_lock(&s->lock);
		s->reached = SIZE_MAX;
		s->done = 1;
		pthread_mutex_unlock(&s->lock);
	}
	return NULL;
}

/* Stop the counting thread and forget what it counted. */
static void
count_stop(struct search *s)
{
	if (!s->started)
		return;
	atomic_store(&s->stop, 1);
	pthread_join(s->thread, NULL);
	counter_free(s->counter);
	doc_free(s->twin);
	s->counter = NULL;
	s->twin = NULL;
	s->started = 0;
	atomic_store(&s->stop, 0);
	s->nckpt = s->total = s->reached = 0;
	s->done = 0;
}

void
search_count_start(struct search *s, struct doc *d)
{
	if (s == NULL || d == NULL || s->started)
		return;
	s->doc = d;
	s->join = joins_lines(d);
	if (s->join)
		pick_rare(s, d);
	/* The twin decides paragraphs with the outline published now. */
	s->outline = doc_outline(d);
	s->twin = doc_twin(d);
	s->doclen = doc_len(s->twin);
	s->stride = 1;
	if (s->ckpt == NULL)
		s->ckpt = xreallocarray(NULL, CKPT_MAX, sizeof *s->ckpt);
	s->counter = counter_new(s, s->twin, s->join, s->doclen, &s->stop,
	    BLOCK);
	s->counter->note = thread_note;
	s->counter->progress = thread_progress;
	if (pthread_create(&s->thread, NULL, count_main, s) != 0)
		die("cannot start the search counter");
	s->started = 1;
}

/* Once doc publishes its outline, unmarked headings become paragraphs of
 * their own for stepping: count again, as stepping sees the text now. */
static void
count_follow(struct search *s)
{
	struct doc	*d = s->doc;

	if (s->started && doc_outline(d) != s->outline) {
		count_stop(s);
		search_count_start(s, d);
	}
}

int
search_count(struct search *s, size_t *total)
{
	int	 done;

	*total = 0;
	if (s == NULL || !s->started)
		return 0;
	count_follow(s);
	pthread_mutex_lock(&s->lock);
	*total = s->total;
	done = s->done;
	pthread_mutex_unlock(&s->lock);
	return done;
}

size_t
search_index(struct search *s, size_t off)
{
	struct counter	*c;
	struct ckpt	 k = { 0, 0 };
	size_t		 lo, hi, idx, total, span;
	atomic_int	 never = 0;
	int		 r;

	if (s == NULL || !s->started)
		return 0;
	count_follow(s);
	pthread_mutex_lock(&s->lock);
	if (s->reached <= off) {
		pthread_mutex_unlock(&s->lock);
		return 0;
	}
	lo = 0;
	hi = s->nckpt;
	while (lo < hi) {		/* the last checkpoint at or before off */
		size_t mid = lo + (hi - lo) / 2;
		if (s->ckpt[mid].pos <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo > 0)
		k = s->ckpt[lo - 1];
	total = s->total;
	pthread_mutex_unlock(&s->lock);
	if (total == 0)
		return 0;
	if (lo > 0 && k.pos == off)
		return k.before + 1;	/* the first match of its paragraph */
	/* Recount from there on this thread's doc (the same paragraphs as
	 * the twin's), bounded in time like a search step. Read no more than
	 * the recount needs (it often runs for every n): the span and slack
	 * around it. */
	span = off - k.pos + 3 * s->slack + 4096;
	c = counter_new(s, s->doc, s->join, s->doclen, &never,
	    span < BLOCK ? span : BLOCK);
	c->limit = off;
	c->deadline = util_now_ms() + STEP_MS;
	r = count_run(c, k.pos);
	idx = k.before + c->n + 1;
	counter_free(c);
	return r == 0 && idx <= total ? idx : 0;
}
