/* corpus_tool: what the corpus checks (tests/corpus/) need to see of juan's
 * model of a real book, through the same modules the pager uses.
 *
 *   corpus_tool paras FILE        one line per paragraph start:
 *                                 LINE TAB KIND (virtual continuations are
 *                                 not starts)
 *   corpus_tool wrap FILE W...    for each width W: W TAB ROWS TAB VIOLATIONS,
 *                                 and the first violations on stderr
 *
 * A wrap violation is a row wider than W that is not one overflowing
 * cluster or a hanging mark; a row that starts with a mark that may not
 * begin a line (，。、」…) or a row that ends with one that may not end it
 * (「（“…), unless the paragraph itself begins so or the row is forced (the
 * row before it holds a single cluster); or text lost between two rows of a
 * paragraph (anything but blanks and joins left out). The mark sets are
 * written here, from WRAPPING.md's strict sets, not taken from ustr, so that
 * the check does not share the code it checks. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "layout.h"
#include "ustr.h"

static const char *const no_start =
    "，。、：；！？）」』】》〉〕］｝〗〙〛．,.;:!?)]}”’";
static const char *const no_end = "（「『【《〈〔［｛〖〘〚“‘([{";

static int
in_set(const char *set, uint32_t cp)
{
	char	buf[8];
	size_t	n = ustr_encode(cp, buf);

	buf[n] = '\0';
	return cp > 0x20 && strstr(set, buf) != NULL;
}

static struct doc *
open_scanned(const char *path)
{
	struct doc_opts	 o;
	struct doc	*d;
	char		*cause = NULL;

	memset(&o, 0, sizeof o);
	o.markdown = -1;
	if ((d = doc_open(path, &o, &cause)) == NULL) {
		fprintf(stderr, "corpus_tool: %s\n", cause ? cause : path);
		exit(2);
	}
	doc_scan_wait(d);
	return d;
}

static int
run_paras(const char *path)
{
	struct doc	*d = open_scanned(path);
	struct doc_para	 p, q;
	int		 r;

	for (r = doc_para_at(d, 0, &p); r == 0; r = doc_para_next(d, &p, &q),
	    p = q)
		if (!p.cont)
			printf("%zu\t%d\n", p.lineno, p.kind);
	doc_free(d);
	return 0;
}

/* The code point that starts at off / ends just before end in the doc. */
static uint32_t
cp_at(struct doc *d, size_t off)
{
	char		 buf[8];
	uint32_t	 cp;
	size_t		 n = doc_pread(d, off, buf, sizeof buf);

	if (n == 0)
		return 0;
	ustr_decode(buf, n, &cp);
	return cp;
}

static uint32_t
cp_before(struct doc *d, size_t end)
{
	char		 buf[4];
	uint32_t	 cp;
	size_t		 k, n;

	for (k = 1; k <= 4 && k <= end; k++) {
		n = doc_pread(d, end - k, buf, k);
		if (n == k && ((unsigned char)buf[0] & 0xC0) != 0x80) {
			ustr_decode(buf, n, &cp);
			return cp;
		}
	}
	return 0;
}

static int
is_blank_byte(char c)
{
	return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

/* Only blanks and joins between two rows of one paragraph. */
static int
gap_is_blank(struct doc *d, size_t from, size_t to)
{
	char	buf[256];
	size_t	n, i;

	while (from < to) {
		n = doc_pread(d, from, buf, to - from < sizeof buf ?
		    to - from : sizeof buf);
		if (n == 0)
			return 1;
		for (i = 0; i < n; i++)
			if (buf[i] != ' ' && buf[i] != '\n' && buf[i] != '\r' &&
			    buf[i] != '\t')
				return 0;
		from += n;
	}
	return 1;
}

/* The same, in the text as shown (doc_para_text: joins and hidden markup
 * are '\n') where the gap lies inside p; raw bytes across a virtual cut. */
static int
gap_shown_blank(struct doc *d, const struct doc_para *p, size_t from,
    size_t to)
{
	const char	*t;
	size_t		 i;

	if (from < p->body_off || to > p->body_off + p->body_len ||
	    (t = doc_para_text(d, p)) == NULL)
		return gap_is_blank(d, from, to);
	for (i = from; i < to; i++)
		if (!is_blank_byte(t[i - p->body_off]))
			return 0;
	return 1;
}

struct wrap_state {
	struct doc	*d;
	int		 width;
	size_t		 violations, rows;
	struct layout_line prev;
	size_t		 prev_para;
	int		 have_prev;
};

static void
report(struct wrap_state *w, const struct layout_line *r, const char *what)
{
	char	buf[64];
	size_t	n;

	if (++w->violations > 5)
		return;
	n = doc_pread(w->d, r->off, buf, r->len < 48 ? r->len : 48);
	fprintf(stderr, "  width %d, offset %zu: %s: %.*s\n", w->width, r->off,
	    what, (int)n, buf);
}

static void
check_row(struct wrap_state *w, const struct layout_line *r)
{
	struct doc_para	p;
	int		same_para, forced;

	w->rows++;
	if (r->len == 0 || (r->flags & LAYOUT_CODE) ||
	    doc_para_at(w->d, r->off, &p) != 0)
		return;
	if (r->indent + r->cols > w->width &&
	    !(r->flags & (LAYOUT_OVERFLOW | LAYOUT_HANG)))
		report(w, r, "row wider than the width");
	/* a virtual paragraph (cont) goes on from the one before it: the cut
	 * between them is checked like any row break */
	same_para = w->have_prev && (p.off == w->prev_para || p.cont);
	if (same_para) {
		forced = w->prev.flags & LAYOUT_OVERFLOW;
		if (!forced && in_set(no_start, cp_at(w->d, r->off)))
			report(w, r, "row starts with a no-start mark");
		if (!forced && in_set(no_end, cp_before(w->d,
		    w->prev.off + w->prev.len)))
			report(w, &w->prev, "row ends with a no-end mark");
		if (!gap_shown_blank(w->d, &p, w->prev.off + w->prev.len,
		    r->off))
			report(w, r, "text lost before this row");
	}
	w->prev = *r;
	w->prev_para = p.off;
	w->have_prev = 1;
}

static int
run_wrap(const char *path, int argc, char **argv)
{
	struct doc		*d = open_scanned(path);
	struct layout		*lay;
	struct layout_opts	 lo;
	struct layout_line	 rows[64];
	struct layout_pos	 pos;
	struct wrap_state	 w;
	int			 i, k, n;

	for (k = 0; k < argc; k++) {
		memset(&lo, 0, sizeof lo);
		lo.width = atoi(argv[k]);
		lo.indent = 1;
		lay = layout_new(d, &lo);
		memset(&w, 0, sizeof w);
		w.d = d;
		w.width = lo.width;
		pos = layout_pos_at(lay, 0);
		for (;;) {
			n = layout_rows(lay, pos, rows, 64);
			for (i = 0; i < n; i++)
				check_row(&w, &rows[i]);
			if (n < 64 || layout_move(lay, &pos, n) < n)
				break;
		}
		printf("%d\t%zu\t%zu\n", lo.width, w.rows, w.violations);
		layout_free(lay);
	}
	doc_free(d);
	return 0;
}

int
main(int argc, char **argv)
{
	if (argc >= 3 && strcmp(argv[1], "paras") == 0)
		return run_paras(argv[2]);
	if (argc >= 4 && strcmp(argv[1], "wrap") == 0)
		return run_wrap(argv[2], argc - 3, argv + 3);
	fprintf(stderr, "usage: corpus_tool paras FILE | wrap FILE WIDTH...\n");
	return 2;
}
