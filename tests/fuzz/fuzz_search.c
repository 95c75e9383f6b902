/* Fuzz search: byte 0 holds flags (bit 0 regex, bit 1 Markdown name, bit 2
 * hard-wrap the text at 30 + 2 * (byte 0 >> 4) columns, bit 3 CRLF line
 * ends, bit 4 script folding off), byte 1 the pattern length, then the
 * pattern, then the text. Checks
 * that every forward match lies inside one paragraph body (or crosses a cut
 * into a virtual paragraph), folds to the folded pattern (literal), is
 * reported by search_para, comes in increasing order, that stepping backward
 * from the end meets the same matches, last first, and that the counting
 * thread's total is the number of steps, whatever the paragraph mode (or
 * that both stop where a regex is too costly). */
#include <locale.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "search.h"
#include "ustr.h"

#define MAXM	256

static void
check_match(struct search *s, struct doc *d, const struct search_match *m,
    const char *key, size_t keylen, int regex)
{
	struct doc_para		 p, q;
	struct search_match	 in[MAXM];
	const char		*text;
	char			*f;
	size_t			 n, i, fl;
	int			 seen = 0, cut, costly;

	if (m->len == 0 || m->off + m->len > doc_len(d))
		abort();
	if (doc_para_at(d, m->off, &p) != 0 || m->off < p.body_off)
		abort();
	/* Only a cut into virtual paragraphs may lie inside a match. */
	cut = m->off + m->len > p.body_off + p.body_len;
	if (cut && (!p.more || doc_para_next(d, &p, &q) != 0 || !q.cont ||
	    m->off + m->len > q.body_off + q.body_len))
		abort();
	if ((text = doc_para_text(d, &p)) == NULL)
		abort();
	if (!regex && !cut) {
		f = ustr_fold(text + (m->off - p.body_off), m->len,
		    search_is_casefold(s), &fl, NULL);
		if (fl != keylen || memcmp(f, key, fl) != 0)
			abort();
		free(f);
	}
	n = search_para(s, d, &p, in, MAXM, &costly);
	for (i = 0; i < n && i < MAXM; i++)
		seen |= in[i].off == m->off && in[i].len == m->len;
	if (n <= MAXM && !seen && !costly)
		abort();
}

/* The text t[0..n) as flags ask: hard-wrapped (a line break before a
 * character that would pass cols columns), with CRLF line ends. */
static char *
shape(const char *t, size_t n, int flags, size_t *outlen)
{
	char		*out = malloc(3 * n + 1);
	size_t		 i = 0, o = 0, l, col = 0;
	size_t		 cols = 30 + 2 * (size_t)(flags >> 4);
	uint32_t	 cp;

	if (out == NULL)
		abort();
	while (i < n) {
		l = ustr_decode(t + i, n - i, &cp);
		if (t[i] == '\n' || t[i] == '\r')
			col = 0;
		else if (flags & 4) {
			if (col + (size_t)ustr_width(cp) > cols) {
				if (flags & 8)
					out[o++] = '\r';
				out[o++] = '\n';
				col = 0;
			}
			col += (size_t)ustr_width(cp);
		}
		if (t[i] == '\n' && (flags & 8) && (i == 0 || t[i - 1] != '\r'))
			out[o++] = '\r';
		memcpy(out + o, t + i, l);
		o += l;
		i += l;
	}
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
	struct search_match	 m, last = { 0, 0 }, *fw = NULL;
	char			*cause = NULL, *key, *text;
	size_t			 plen, from = 0, resume, n = 0, keylen, total,
				 tlen, back;
	int			 regex, r, steps = 0, done;

	if (size < 2)
		return 0;
	setlocale(LC_ALL, "C.UTF-8");
	ustr_set_script_fold(!(data[0] & 16));
	regex = data[0] & 1;
	plen = data[1];
	if (plen > size - 2)
		plen = size - 2;
	s = search_new((const char *)data + 2, plen, regex, &cause);
	if (s == NULL) {
		if (cause == NULL)
			abort();
		free(cause);
		return 0;
	}
	key = ustr_fold((const char *)data + 2, plen, search_is_casefold(s),
	    &keylen, NULL);
	o.markdown = -1;
	o.no_scan = 1;
	text = shape((const char *)data + 2 + plen, size - 2 - plen, data[0],
	    &tlen);
	d = doc_open_mem(text, tlen, data[0] & 2 ? "f.md" : "f.txt", &o,
	    &cause);
	free(text);
	if (d == NULL)
		abort();
	doc_scan_wait(d);
	fw = malloc(2000 * sizeof *fw);
	if (fw == NULL)
		abort();
	while (steps++ < 2000) {
		r = search_step(s, d, from, 0, 4096, &m, &resume);
		if (r == SEARCH_MORE) {
			if (resume < from)
				abort();
			from = resume;
			continue;
		}
		if (r == SEARCH_NONE || r == SEARCH_COSTLY)
			break;
		if (m.off < from || (n > 0 && m.off <= last.off))
			abort();
		check_match(s, d, &m, key, keylen, regex);
		last = m;
		fw[n++] = m;
		from = m.off + 1;
	}
	if (steps < 2000 && !regex) {
		/* Backward from the end: the same matches, last first. */
		for (back = n, from = doc_len(d);; from = m.off) {
			do
				r = search_step(s, d, from, 1, 4096, &m, &from);
			while (r == SEARCH_MORE);
			if (r == SEARCH_NONE)
				break;
			if (back == 0 || m.off != fw[--back].off)
				abort();
		}
		if (back != 0)
			abort();
	}
	if (steps < 2000) {
		/* A regex too costly somewhere stops the count there too. */
		search_count_start(s, d);
		while ((done = search_count(s, &total)) == 0)
			;
		if (done != (r == SEARCH_COSTLY ? -1 : 1))
			abort();
		if (done == 1 && total != n)
			abort();
		for (back = 0; back < n && done == 1; back++)
			if (search_index(s, fw[back].off) != back + 1)
				abort();
	}
	free(fw);
	search_free(s);
	doc_free(d);
	free(key);
	return 0;
}
