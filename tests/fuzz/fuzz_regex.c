/* Fuzz the regex path (PCRE2 under its limits, search_rx.c): byte 0 holds
 * flags (bit 0 Markdown name, bit 1 repeat the text into one line of
 * 70,000 bytes or more: a long paragraph cut into virtual ones, where
 * backtracking costs most), byte 1 the pattern length, then the pattern,
 * then the text. Checks that no search step, highlight or count takes long
 * (the keys are read between steps), that every match is non-empty, lies
 * in one paragraph body (or crosses a cut into a virtual paragraph) and
 * comes in increasing order, that the highlight reports it, that stepping
 * backward meets the same matches, last first, and that the count is the
 * number of steps; or that all of them stop where the pattern is too
 * costly. A pattern under the limits may still cost much at every start:
 * after BUDGET_MS, what is left of the checks is skipped. */
#include <locale.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "doc.h"
#include "search.h"

#define MAXM		256
#define MAXSTEPS	400
#define LONG_LINE	70000
#define SLOW_MS		2000	/* a step this long is a hang (sanitizers
				   make the C code some 3 times slower) */
#define BUDGET_MS	3000
#define INDEXED		16	/* matches checked against the highlight
				   and the count's index */

static long long
now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* search_step() to its answer, each call short; SEARCH_MORE when the
 * budget ran out. */
static int
step(struct search *s, struct doc *d, size_t from, int backward,
    struct search_match *m, long long budget)
{
	long long	 t0;
	size_t		 resume;
	int		 r;

	for (;;) {
		t0 = now_ms();
		r = search_step(s, d, from, backward, 4096, m, &resume);
		if (now_ms() - t0 > SLOW_MS)
			abort();
		if (r != SEARCH_MORE || now_ms() > budget)
			return r;
		from = resume;
	}
}

/* A match; the first INDEXED ones also against the highlight (which
 * matches the whole paragraph). */
static void
check_match(struct search *s, struct doc *d, const struct search_match *m,
    size_t nth)
{
	struct doc_para		 p, q;
	struct search_match	 in[MAXM];
	size_t			 n, i;
	long long		 t0;
	int			 seen = 0, costly;

	if (m->len == 0 || m->off + m->len > doc_len(d))
		abort();
	if (doc_para_at(d, m->off, &p) != 0 || m->off < p.body_off)
		abort();
	if (m->off + m->len > p.body_off + p.body_len &&
	    (!p.more || doc_para_next(d, &p, &q) != 0 || !q.cont ||
	    m->off + m->len > q.body_off + q.body_len))
		abort();
	if (nth >= INDEXED)
		return;
	t0 = now_ms();
	n = search_para(s, d, &p, in, MAXM, &costly);
	if (now_ms() - t0 > SLOW_MS)
		abort();
	for (i = 0; i < n && i < MAXM; i++)
		seen |= in[i].off == m->off && in[i].len == m->len;
	if (n <= MAXM && !seen && !costly)
		abort();
}

/* The text: data as it is, or repeated (lines joined) into one line. */
static char *
shape(const uint8_t *t, size_t n, int flags, size_t *outlen)
{
	char	*out;
	size_t	 o = 0, i;

	if (!(flags & 2) || n == 0) {
		out = malloc(n + 1);
		if (out == NULL)
			abort();
		memcpy(out, t, n);
		*outlen = n;
		return out;
	}
	out = malloc(LONG_LINE + n + 2);
	if (out == NULL)
		abort();
	while (o < LONG_LINE)
		for (i = 0; i < n; i++)
			out[o++] = t[i] == '\n' || t[i] == '\r' ? ' ' : (char)t[i];
	out[o++] = '\n';
	*outlen = o;
	return out;
}

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct doc_opts		 o = { 0 };
	struct doc		*d;
	struct search		*s;
	struct search_match	 m, last = { 0, 0 }, fw[MAXSTEPS];
	char			*cause = NULL, *text;
	size_t			 plen, from = 0, n = 0, tlen, total, i;
	long long		 budget;
	int			 r = SEARCH_NONE, done;

	if (size < 2)
		return 0;
	setlocale(LC_ALL, "C.UTF-8");
	plen = data[1];
	if (plen > size - 2)
		plen = size - 2;
	s = search_new((const char *)data + 2, plen, 1, &cause);
	if (s == NULL) {
		if (cause == NULL || strchr(cause, '\n') != NULL)
			abort();
		free(cause);
		return 0;
	}
	o.markdown = -1;
	o.no_scan = 1;
	text = shape(data + 2 + plen, size - 2 - plen, data[0], &tlen);
	d = doc_open_mem(text, tlen, data[0] & 1 ? "f.md" : "f.txt", &o,
	    &cause);
	free(text);
	if (d == NULL)
		abort();
	doc_scan_wait(d);
	budget = now_ms() + BUDGET_MS;
	while (n < MAXSTEPS) {
		if ((r = step(s, d, from, 0, &m, budget)) != SEARCH_FOUND)
			break;
		if (m.off < from || (n > 0 && m.off <= last.off))
			abort();
		check_match(s, d, &m, n);
		last = fw[n++] = m;
		from = m.off + 1;
	}
	if (n < MAXSTEPS && r == SEARCH_NONE) {
		/* Backward from the end: the same matches, last first. */
		for (i = n, from = doc_len(d);; from = m.off) {
			if ((r = step(s, d, from, 1, &m, budget)) !=
			    SEARCH_FOUND)
				break;
			if (i == 0 || m.off != fw[--i].off)
				abort();
		}
		if (r != SEARCH_MORE && (r != SEARCH_NONE || i != 0))
			abort();
	}
	if (n < MAXSTEPS && r != SEARCH_MORE) {
		/* The count stops where stepping did. */
		search_count_start(s, d);
		while ((done = search_count(s, &total)) == 0 &&
		    now_ms() < budget + BUDGET_MS)
			;
		if (done != 0 && (done != (r == SEARCH_COSTLY ? -1 : 1) ||
		    (done == 1 && total != n)))
			abort();
		for (i = 0; i < n && i < INDEXED && done == 1; i++)
			if (search_index(s, fw[n - 1 - i].off) != n - i)
				abort();
	}
	search_free(s);
	doc_free(d);
	return 0;
}
