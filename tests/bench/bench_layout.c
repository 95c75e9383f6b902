/* Layout benchmark: bench_layout BOOK [LINE [TRAD]]
 *   layout.full_MBps   layout_wrap_para over every line of BOOK at width 80
 *   layout.ref_MBps    libunistring u8_width_linebreaks over the same lines,
 *                      same run (best of 3 rounds each)
 *   layout.ratio       full / ref (floor 1.0, target 2.0)
 *   layout.screen_ms   CPU (this thread) to lay out one 24-row screen at a random offset of
 *                      BOOK with a fresh layout (median of 50)
 *   layout.line_end_ms CPU for G (layout_end + 24 rows) on the single-line
 *                      file LINE with a fresh doc and layout (median of 9)
 *   convert.open_ms    opening OpenCC's t2s.json (the first C or --convert)
 *   convert.screen_ms, convert.screen_off_ms
 *                      CPU for one screen at a random offset of the
 *                      traditional book TRAD with a fresh layout, converted
 *                      to simplified and as written, at the same offsets,
 *                      after a layout that read them (median of 50)
 *   convert.page_ms, convert.page_off_ms
 *                      CPU for a page down there (move 24 rows, lay them
 *                      out), per page over 20 (median of 50) */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unilbrk.h>

#include "convert.h"
#include "doc.h"
#include "layout.h"
#include "util.h"
#include "bench_util.h"

#define WIDTH	80
#define ROWS	24
#define PAGES	20	/* pages down timed after a screen */

static char *
slurp(const char *path, size_t *len)
{
	FILE	*f = fopen(path, "rb");
	char	*buf;
	long	 n;

	if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0) {
		perror(path);
		exit(1);
	}
	rewind(f);
	buf = xmalloc((size_t)n + 1);
	if (fread(buf, 1, (size_t)n, f) != (size_t)n) {
		perror(path);
		exit(1);
	}
	fclose(f);
	*len = (size_t)n;
	return buf;
}

/* One pass over every line of text; returns the rows (checksum) and adds
 * the CPU time to *ms. */
static size_t
pass(const char *text, size_t len, int ref, double *ms)
{
	static struct layout_line	 rows[1 << 16];
	static char			*brk;
	static size_t			 brkcap;
	const char			*p = text, *nl, *end = text + len;
	size_t				 n, k, total = 0;
	double				 t0 = bench_cpu_ms();

	while (p < end) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		n = (size_t)(nl - p);
		if (ref) {
			if (n > brkcap) {
				brkcap = n * 2;
				brk = xrealloc(brk, brkcap);
			}
			u8_width_linebreaks((const uint8_t *)p, n, WIDTH, 0, 0,
			    NULL, "UTF-8", brk);
			for (k = 0; k < n; k++)
				total += brk[k] == UC_BREAK_POSSIBLE;
		} else
			total += layout_wrap_para(p, 0, n, WIDTH, NULL, rows,
			    sizeof rows / sizeof rows[0]);
		p = nl + 1;
	}
	*ms += bench_cpu_ms() - t0;
	return total;
}

static void
bench_full(const char *path)
{
	char	*text;
	size_t	 len, rows = 0, breaks = 0;
	double	 best[2] = { 1e30, 1e30 }, ms, mb;
	int	 round, ref;

	text = slurp(path, &len);
	mb = len / 1e6;
	for (round = 0; round < 3; round++) {
		for (ref = 0; ref < 2; ref++) {
			ms = 0;
			if (ref)
				breaks = pass(text, len, 1, &ms);
			else
				rows = pass(text, len, 0, &ms);
			if (ms < best[ref])
				best[ref] = ms;
		}
	}
	printf("layout.rows %zu\n", rows);
	printf("layout.ref_breaks %zu\n", breaks);
	printf("layout.full_MBps %.1f\n", mb / (best[0] / 1e3));
	printf("layout.ref_MBps %.1f\n", mb / (best[1] / 1e3));
	printf("layout.ratio %.2f\n", best[1] / best[0]);
	free(text);
}

static struct doc *
open_or_die(const char *path)
{
	struct doc_opts	 o;
	struct doc	*d;
	char		*cause = NULL;

	memset(&o, 0, sizeof o);
	o.markdown = -1;
	if ((d = doc_open(path, &o, &cause)) == NULL) {
		fprintf(stderr, "bench_layout: %s\n", cause);
		exit(1);
	}
	return d;
}

static void
bench_screen(const char *path)
{
	struct layout_opts	 lo = { WIDTH, 1, 0, 0, 0, NULL };
	struct layout_line	 rows[ROWS];
	struct doc		*d = open_or_die(path);
	struct layout		*l;
	double			 t[50], t0;
	size_t			 len;
	unsigned		 seed = 42;
	int			 i;

	doc_scan_wait(d);
	len = doc_len(d);
	for (i = 0; i < 50; i++) {
		size_t off = ((size_t)rand_r(&seed) << 16 ^
		    (size_t)rand_r(&seed)) % (len ? len : 1);

		t0 = bench_cpu_ms();
		l = layout_new(d, &lo);
		if (layout_rows(l, layout_pos_at(l, off), rows, ROWS) < 1)
			abort();
		layout_free(l);
		t[i] = bench_cpu_ms() - t0;
	}
	qsort(t, 50, sizeof t[0], bench_cmp_double);
	printf("layout.screen_ms %.3f\n", t[25]);
	doc_free(d);
}

static void
bench_line_end(const char *path)
{
	struct layout_opts	 lo = { WIDTH, 1, 0, 0, 0, NULL };
	struct layout_line	 rows[ROWS];
	struct doc		*d;
	struct layout		*l;
	double			 t[9], t0;
	int			 i;

	for (i = 0; i < 9; i++) {
		d = open_or_die(path);
		t0 = bench_cpu_ms();
		l = layout_new(d, &lo);
		if (layout_rows(l, layout_end(l, ROWS), rows, ROWS) < 1)
			abort();
		t[i] = bench_cpu_ms() - t0;
		layout_free(l);
		doc_free(d);
	}
	qsort(t, 9, sizeof t[0], bench_cmp_double);
	printf("layout.line_end_ms %.3f\n", t[4]);
}

/* One screen at off and then pages down with a fresh layout: the CPU
 * of the screen and of a page in t[0] and t[1]. */
static void
screen_and_pages(struct doc *d, struct convert *c, size_t off, double t[2])
{
	struct layout_opts	 lo = { WIDTH, 1, 0, 0, 0, c };
	struct layout_line	 rows[ROWS];
	struct layout		*l = layout_new(d, &lo);
	struct layout_pos	 pos;
	double			 t0 = bench_cpu_ms();

	pos = layout_pos_at(l, off);
	if (layout_rows(l, pos, rows, ROWS) < 1)
		abort();
	t[0] = bench_cpu_ms() - t0;
	t0 = bench_cpu_ms();
	for (int k = 0; k < PAGES; k++) {
		layout_move(l, &pos, ROWS);
		layout_rows(l, pos, rows, ROWS);
	}
	t[1] = (bench_cpu_ms() - t0) / PAGES;
	layout_free(l);
}

static void
bench_convert(const char *path)
{
	struct doc	*d = open_or_die(path);
	struct convert	*c;
	double		 scr[2][50], page[2][50], t[2], t0;
	char		 err[256];
	size_t		 len;
	unsigned	 seed = 7;

	doc_scan_wait(d);
	len = doc_len(d);
	t0 = bench_cpu_ms();
	if ((c = convert_get(CONVERT_T2S, err, sizeof err)) == NULL) {
		fprintf(stderr, "bench_layout: %s\n", err);
		exit(1);
	}
	printf("convert.open_ms %.3f\n", bench_cpu_ms() - t0);
	for (int i = 0; i < 50; i++) {
		size_t off = ((size_t)rand_r(&seed) << 16 ^
		    (size_t)rand_r(&seed)) % (len ? len : 1);

		screen_and_pages(d, NULL, off, t);	/* reads the text in */
		for (int k = 0; k < 2; k++) {
			screen_and_pages(d, k ? c : NULL, off, t);
			scr[k][i] = t[0];
			page[k][i] = t[1];
		}
	}
	for (int k = 0; k < 2; k++) {
		qsort(scr[k], 50, sizeof scr[k][0], bench_cmp_double);
		qsort(page[k], 50, sizeof page[k][0], bench_cmp_double);
	}
	printf("convert.screen_ms %.3f\nconvert.screen_off_ms %.3f\n",
	    scr[1][25], scr[0][25]);
	printf("convert.page_ms %.3f\nconvert.page_off_ms %.3f\n",
	    page[1][25], page[0][25]);
	doc_free(d);
}

int
main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: bench_layout BOOK [LINE [TRAD]]\n");
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	bench_full(argv[1]);
	bench_screen(argv[1]);
	if (argc > 2)
		bench_line_end(argv[2]);
	if (argc > 3)
		bench_convert(argv[3]);
	return 0;
}
