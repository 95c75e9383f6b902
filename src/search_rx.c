/* search_rx: regular expressions on the folded text (see search.c), with
 * PCRE2: Perl syntax (a superset of POSIX ERE for practical patterns),
 * UTF-8, Unicode properties (\w, \d and \b know CJK), case folding under
 * smart case.
 *
 * No pattern may hang the pager or grow its memory without bound. A
 * backtracking matcher takes time exponential in the text on patterns such
 * as (a|aa)*\d or (a*)*\1\d, and pcre2_match cannot be interrupted, so every
 * call is kept short and the caller checks its clock and its stop flag
 * between calls (Esc and Ctrl-C are read there):
 *   - a call may start a match only within the next RX_STARTS bytes (one
 *     character without the JIT; pcre2_set_offset_limit), and its
 *     subject ends RX_WIN bytes after
 *     those: a match spans at most RX_WIN folded bytes (a longer one is
 *     cut), and a possessive or single-character repeat never scans more;
 *   - at each start position, RX_MATCH_LIMIT bounds the backtracking steps
 *     (PCRE2 counts them per start position);
 *   - RX_HEAP_KIB bounds the interpreter's backtracking frames,
 *     RX_DEPTH_LIMIT their nesting, RX_JIT_STACK the JIT's stack.
 * A call that hits a limit is RX_COSTLY: the search stops there and the
 * reader is told the pattern is too costly here. Patterns a reader writes
 * take far fewer steps (a.*b.*c, \b(\w+) \1\b, (?:\w+ ){3}x on the GPL's
 * paragraphs: under 10,000 at every start); one that backtracks without
 * end takes 100,000 steps in 0.1 to 2 ms with the JIT, so a call takes at
 * most some 30 ms, and the keys wait no longer than a step (STEP_MS) and
 * that (tests/unit/test_search.c, test_regex_costly, test_regex_slow). The
 * interpreter (a pattern the JIT cannot take, or (*NO_JIT)) is some 30
 * times slower per step: one start position per call.
 *
 * Memory: per thread that matches (the pager's and the counter's), one
 * match state (rx_state): match data, context, JIT stack, at most
 * RX_HEAP_KIB + RX_JIT_STACK. */
#include <stdlib.h>
#include <string.h>

#include "search.h"
#include "search_int.h"
#include "util.h"

#define RX_STARTS	16		/* bytes of start positions per call */
#define RX_MATCH_LIMIT	100000		/* backtracking steps per start */
#define RX_DEPTH_LIMIT	100000
#define RX_HEAP_KIB	8192
#define RX_JIT_STACK	(1024 * 1024)

struct rx_state {
	pcre2_match_data	*md;
	pcre2_match_context	*mc;
	pcre2_jit_stack		*js;
};

/* ASCII punctuation is PCRE2 syntax, and a backslash makes any of it
 * literal. */
static int
is_rx_punct(char c)
{
	return (c >= 0x20 && c < 0x30) || (c >= 0x3a && c < 0x41) ||
	    (c >= 0x5b && c < 0x61) || (c >= 0x7b && c < 0x7f);
}

/* Compile the folded key (s->key) into s->re; pat is the pattern as typed
 * and map the key's source offsets in it. Returns 0, or -1 with *cause set
 * (caller frees). */
int
search_rx_compile(struct search *s, const char *pat, const size_t *map,
    char **cause)
{
	const char	*f = s->key;
	size_t		 i, fl = s->keylen, len;
	char		*rx;
	PCRE2_UCHAR	 err[256];
	PCRE2_SIZE	 at, jitsize = 0;
	int		 code;

	/* A character that folds to syntax (（ to '(', ＊ to '*') is still
	 * meant literally. */
	rx = xmalloc(2 * fl + 1);
	for (i = len = 0; i < fl; i++) {
		if (is_rx_punct(f[i]) && (unsigned char)pat[map[i]] >= 0x80)
			rx[len++] = '\\';
		rx[len++] = f[i];
	}
	s->re = pcre2_compile((PCRE2_SPTR)rx, len, PCRE2_UTF | PCRE2_UCP |
	    PCRE2_MATCH_INVALID_UTF | PCRE2_NEVER_BACKSLASH_C |
	    PCRE2_USE_OFFSET_LIMIT | (s->casefold ? PCRE2_CASELESS : 0),
	    &code, &at, NULL);
	free(rx);
	if (s->re == NULL) {
		pcre2_get_error_message(code, err, sizeof err);
		*cause = xasprintf("bad regular expression: %s", (char *)err);
		return -1;
	}
	s->jit = pcre2_jit_compile(s->re, PCRE2_JIT_COMPLETE) == 0 &&
	    pcre2_pattern_info(s->re, PCRE2_INFO_JITSIZE, &jitsize) == 0 &&
	    jitsize > 0;
	return 0;
}

const char *
search_version(void)
{
	static char	v[48] = "PCRE2 ";

	/* "10.42 2022-12-11": the number is what the caller prints. */
	if (v[6] == '\0' && pcre2_config(PCRE2_CONFIG_VERSION, v + 6) > 0)
		v[6 + strcspn(v + 6, " ")] = '\0';
	return v;
}

void
search_rx_free(struct search *s)
{
	pcre2_code_free(s->re);
	s->re = NULL;
}

static struct rx_state *
rx_state_new(const struct search *s)
{
	struct rx_state	*st = xcalloc(1, sizeof *st);

	st->md = pcre2_match_data_create_from_pattern(s->re, NULL);
	st->mc = pcre2_match_context_create(NULL);
	if (s->jit)
		st->js = pcre2_jit_stack_create(32 * 1024, RX_JIT_STACK, NULL);
	if (st->md == NULL || st->mc == NULL || (s->jit && st->js == NULL))
		die("out of memory");
	pcre2_set_match_limit(st->mc, RX_MATCH_LIMIT);
	pcre2_set_depth_limit(st->mc, RX_DEPTH_LIMIT);
	pcre2_set_heap_limit(st->mc, RX_HEAP_KIB);
	if (s->jit)
		pcre2_jit_stack_assign(st->mc, NULL, st->js);
	return st;
}

void
search_rx_state_free(struct rx_state *st)
{
	if (st == NULL)
		return;
	pcre2_match_data_free(st->md);
	pcre2_match_context_free(st->mc);
	pcre2_jit_stack_free(st->js);
	free(st);
}

/* The first match in the folded paragraph f[0..flen) that starts at or
 * after k (a character start) and within the next RX_STARTS bytes:
 * RX_FOUND with [*mk, *me); RX_NONE with *me where the next call starts;
 * or RX_COSTLY. *sp is the calling thread's match state (made here). */
int
search_rx_find(const struct search *s, struct rx_state **sp, const char *f,
    size_t flen, size_t k, size_t *mk, size_t *me)
{
	struct rx_state	*st;
	size_t		 next, end;
	PCRE2_SIZE	*ov;
	int		 r;

	if ((st = *sp) == NULL)
		st = *sp = rx_state_new(s);
	next = k + (s->jit ? RX_STARTS : 1);
	if (next >= flen)
		next = flen;
	else if ((end = ustr_clip(f, flen, next)) != next)
		next = ustr_next(f, flen, end);	/* the next character's start */
	end = ustr_clip(f, flen, flen - next > RX_WIN ? next + RX_WIN : flen);
	pcre2_set_offset_limit(st->mc, next - 1);
	/* Empty matches are no matches; $ is the paragraph's end only. */
	r = pcre2_match(s->re, (PCRE2_SPTR)f, end, k, PCRE2_NOTEMPTY |
	    (end < flen ? PCRE2_NOTEOL : 0), st->md, st->mc);
	if (r == PCRE2_ERROR_NOMATCH) {
		*me = next;
		return RX_NONE;
	}
	/* The limits, or memory: nothing else fails on a compiled pattern
	 * and valid offsets. */
	if (r < 0)
		return RX_COSTLY;
	ov = pcre2_get_ovector_pointer(st->md);
	*mk = ov[0];
	*me = ov[1] > ov[0] ? ov[1] : ov[0];
	return RX_FOUND;
}
