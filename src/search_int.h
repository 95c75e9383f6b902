/* search_int: what the files of the search module share (not part of the
 * API; nothing outside src/search*.c includes it). search.c compiles a
 * pattern, matches one folded paragraph and steps (search_step,
 * search_para); search_filter.c is the prefilter that picks the few places
 * worth folding; search_rx.c compiles a regex (PCRE2) and runs it under
 * its limits; search_count.c is the counting thread and search_index. */
#ifndef JUAN_SEARCH_INT_H
#define JUAN_SEARCH_INT_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "doc.h"
#include "search.h"
#include "ustr.h"

#define BLOCK		(1024 * 1024)	/* bytes per doc_pread */
#define RX_WIN		1024		/* folded bytes a regex match may span */
#define STEP_MS		50		/* longest search_step */

enum filter {
	FILTER_NONE,
	FILTER_ANCHOR,
	FILTER_TRIGGER,
};

/* A character of the key and its forms (ustr_fold_forms): the characters
 * that fold to it, any one of which stands for it in the text. */
struct forms {
	size_t		 n;
	size_t		 len[USTR_FORMS_MAX];
	char		 enc[USTR_FORMS_MAX][4];
	uint8_t		 probe[USTR_FORMS_MAX];	/* the byte memchr looks
						   for (search_filter.c) */
	uint8_t		 probe2[USTR_FORMS_MAX];	/* and the byte checked
						   with it sixteen at a time */
	size_t		 off, klen;	/* the character in the key */
};

/* Strings any one of which a match contains verbatim: the anchor. */
struct needles {
	size_t		 n, max;	/* max: the longest */
	const char	*s[USTR_FORMS_MAX];
	size_t		 len[USTR_FORMS_MAX];
	uint8_t		 probe[USTR_FORMS_MAX];	/* see struct forms */
	uint8_t		 probe2[USTR_FORMS_MAX];
};

struct hits {
	struct search_match	*v;
	size_t			 n, cap;
};

/* What collect() did with a paragraph (search_fold_collect). */
enum {
	COLLECT_DONE,		/* every match asked for is in the hits */
	COLLECT_PAUSED,		/* the deadline or *stop came: go on from
				   *resume */
	COLLECT_COSTLY,		/* the regex hit a limit at *resume */
};

struct rx_state;

/* The last paragraph folded, and the thread's regex match state. */
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
	size_t		 flen, *map;	/* map: offsets in text */
	size_t		 from;		/* f is the fold of text from there */
	struct rx_state	*rx;		/* NULL until a regex runs on it */
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
	pcre2_code	*re;
	int		 jit;		/* re has JIT code */

	int		 filter;
	struct needles	 run;		/* ANCHOR: the longest run of safe chars
					   whose forms make at most
					   USTR_FORMS_MAX strings, as those
					   (n is 0 without one) */
	char		*runbuf;	/* the strings of run */
	size_t		 run_first, run_end;	/* its characters in safe */
	size_t		 pivot;		/* with forms: the one looked for */
	size_t		 pivot_off[USTR_FORMS_MAX];	/* where, in each */
	struct forms	*safe;		/* ANCHOR: every safe char of the key */
	size_t		 nsafe;
	struct forms	 rare;		/* ANCHOR, joined lines or no run: one
					   safe char (n is 0 until sampled) */
	uint32_t	 trigger;	/* TRIGGER: the key char t */
	uint32_t	 tforms[USTR_FORMS_MAX];	/* t's forms */
	size_t		 ntforms;
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
	int		 done;		/* 1: complete; -1: stopped, too costly */
	int		 keep;		/* keep offs: a list of the matches wanted */
	size_t		*offs;		/* under lock: where each match counted */
	size_t		 noffs, offs_cap;	/* starts (noffs == total) */
	int		 offs_lost;	/* under lock: more than OFFS_FREE
					   were counted before keep */
	unsigned	 gen;		/* under lock: counts each new start */
	struct counter	*counter;	/* the thread's */
	struct doc	*twin;		/* the thread's handle on doc */
	struct doc	*doc;
	const struct outline *outline;	/* doc's when the count started */
	int		 join;
	size_t		 doclen;
};

/* search.c: the paragraph matcher both stepping and counting use. */
int		 search_joins_lines(struct doc *);
void		 search_folded_free(struct folded *);
int		 search_fold_collect(struct search *, struct folded *,
		    struct hits *, struct doc *, const struct doc_para *,
		    size_t near, size_t start, size_t min, size_t max,
		    long long deadline, atomic_int *stop, size_t *resume);

/* search_filter.c */
void		 search_filter_pick(struct search *);
void		 search_filter_free(struct search *);
void		 search_filter_rare(struct search *, struct doc *);
size_t		 search_filter_needle_len(const struct search *, int join);
int		 search_filter_scan(struct search *, int join, const char *buf,
		    size_t n, int eof, size_t *at);
size_t		 search_filter_read(struct search *, struct doc *, size_t off,
		    char *buf, size_t n);
int		 search_filter_may_match(const struct search *, const char *text,
		    size_t n);

/* search_rx.c */
enum {
	RX_NONE,	/* no match starts before *me */
	RX_FOUND,	/* the first match is [*mk, *me) */
	RX_COSTLY,	/* a limit was hit */
};
int		 search_rx_compile(struct search *, const char *pat,
		    const size_t *map, char **cause);
void		 search_rx_free(struct search *);
void		 search_rx_state_free(struct rx_state *);
int		 search_rx_find(const struct search *, struct rx_state **,
		    const char *f, size_t flen, size_t k, size_t *mk,
		    size_t *me);

/* search_count.c */
void		 search_count_stop(struct search *);

#endif
