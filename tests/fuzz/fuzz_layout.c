/* Fuzz target for layout. Byte 0 is the width (1-255), byte 1 the options
 * (bit 0 ambiguous wide, bit 1 hanging, bit 2 glue numbers, bit 3 indent,
 * bit 4 paragraph spacing, bit 5 Markdown, bit 6 automatic spacing, over
 * bit 4, bit 7 the display conversion t2s); the rest is the text.
 * 1. layout_wrap_para over the repaired text (doc repairs before layout) at
 *    that width and at another: rows fit (or are one flagged cluster, or end
 *    in a hanging mark), tile the text leaving out only blanks, split no
 *    cluster, and the count never exceeds the clusters.
 * 2. the document layout over doc_open_mem: walking down then up retraces
 *    the same rows, positions round trip, every row's text (converted with
 *    bit 7) is valid UTF-8, layout_end and layout_dump work. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "convert.h"
#include "doc.h"
#include "layout.h"
#include "ustr.h"
#include "util.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_WALK	4096

static void
check(int ok)
{
	if (!ok)
		abort();
}

static int
blank(char c)
{
	return c == ' ' || c == '\n';
}

static void
check_wrap(const char *s, size_t n, int width, const struct wrap_opts *o)
{
	struct layout_line	*r;
	char			*cstart = calloc(n + 1, 1);
	size_t			 nr, i, pos = 0, b, e, nclus = 0;
	uint32_t		 cp;

	check(cstart != NULL);
	for (i = 0; i < n; i = ustr_cluster_end(s, n, i)) {
		cstart[i] = 1;
		nclus++;
	}
	cstart[n] = 1;
	nr = layout_wrap_para(s, 7, n, width, o, NULL, 0);
	check(nr <= nclus);
	r = xreallocarray(NULL, nr + 1, sizeof *r);
	check(layout_wrap_para(s, 7, n, width, o, r, nr) == nr);
	for (i = 0; i < nr; i++) {
		b = r[i].off - 7;
		e = b + r[i].len;
		check(b >= pos && e <= n && r[i].len > 0);
		for (; pos < b; pos++)
			check(blank(s[pos]));
		pos = e;
		check(!blank(s[e - 1]));
		check(cstart[b] && cstart[e]);
		check(r[i].cols == (int)ustr_strwidth(s + b, r[i].len));
		if (r[i].flags & LAYOUT_OVERFLOW)
			check(ustr_cluster_end(s, n, b) == e && r[i].cols > width);
		else if (r[i].flags & LAYOUT_HANG) {
			for (b = e - 1; b > 0 && ((unsigned char)s[b] & 0xC0) == 0x80; b--)
				;
			ustr_decode(s + b, n - b, &cp);
			check(ustr_is_hang(cp));
			check(r[i].indent + r[i].cols - ustr_width(cp) <= width);
		} else
			check(r[i].indent + r[i].cols <= width);
	}
	for (; pos < n; pos++)
		check(blank(s[pos]));
	free(r);
	free(cstart);
}

static void
check_doc(const char *s, size_t n, int width, int flags)
{
	struct doc_opts		 dopt;
	struct layout_opts	 lo;
	struct doc		*d;
	struct layout		*l;
	struct layout_pos	*walk, pos, at;
	struct layout_line	 row;
	const char		*text;
	char			*cause = NULL, err[256];
	size_t			 k, nwalk = 0;
	FILE			*f;

	memset(&dopt, 0, sizeof dopt);
	dopt.no_scan = 1;
	dopt.markdown = (flags & 32) ? 1 : 0;
	if ((d = doc_open_mem(s, n, "fuzz", &dopt, &cause)) == NULL) {
		free(cause);
		return;
	}
	doc_scan_wait(d);
	memset(&lo, 0, sizeof lo);
	lo.width = width;
	lo.indent = (flags & 8) != 0;
	lo.hang = (flags & 2) != 0;
	lo.glue_num_unit = (flags & 4) != 0;
	lo.para_spacing = (flags & 64) ? LAYOUT_SPACING_AUTO : (flags & 16) != 0;
	lo.convert = (flags & 128) ? convert_get(CONVERT_T2S, err, sizeof err) :
	    NULL;
	l = layout_new(d, &lo);
	walk = xreallocarray(NULL, MAX_WALK, sizeof *walk);
	pos = layout_pos_at(l, 0);
	while (nwalk < MAX_WALK && layout_rows(l, pos, &row, 1) == 1) {
		walk[nwalk++] = pos;
		if (!(row.flags & (LAYOUT_BLANK | LAYOUT_RULE)) && row.len > 0) {
			at = layout_pos_at(l, row.off);
			check(at.para == pos.para && at.row == pos.row);
			check(layout_pos_off(l, pos) == row.off);
			text = layout_row_text(l, &row);
			check(text == NULL || ustr_count_invalid(text, row.len) == 0);
		}
		check(row.off <= doc_len(d));
		if (layout_move(l, &pos, 1) != 1)
			break;
	}
	for (k = nwalk; k > 1; k--) {
		pos = walk[k - 1];
		check(layout_move(l, &pos, -1) == -1);
		check(pos.para == walk[k - 2].para && pos.row == walk[k - 2].row);
	}
	pos = layout_end(l, 3);
	check(layout_rows(l, pos, &row, 1) == (nwalk > 0));
	lo.width = width % 37 + 1;
	layout_set_opts(l, &lo);
	if ((f = fopen("/dev/null", "w")) != NULL) {
		layout_dump(l, 0, doc_len(d), f);
		fclose(f);
	}
	free(walk);
	layout_free(l);
	doc_free(d);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wrap_opts	 o;
	char			*s;
	size_t			 n;
	int			 width, flags;

	if (size < 2)
		return 0;
	width = data[0] ? data[0] : 1;
	flags = data[1];
	n = size - 2;
	s = xmalloc(n + 1);
	memcpy(s, data + 2, n);
	ustr_repair(s, n);
	ustr_set_ambiguous_wide(flags & 1);
	memset(&o, 0, sizeof o);
	o.hang = (flags & 2) ? 2 : 0;
	o.glue_num_unit = (flags & 4) != 0;
	o.indent = (flags & 8) ? 4 : 0;
	check_wrap(s, n, width, &o);
	check_wrap(s, n, width * 7 % 200 + 1, &o);
	check_doc((const char *)data + 2, n, width, flags);
	ustr_set_ambiguous_wide(0);
	free(s);
	return 0;
}
