/* bench_toc: the contents list of a book of 3,696 chapters in four volumes
 * (issue 15: it opens in < 50 ms after the scan), made here in memory.
 *
 *   toc.open_ms      t from section 2000: the list built, folded, the
 *                    current entry found and a screen of rows formatted
 *   toc.filter_ms    one keystroke of the filter (a title substring),
 *                    the rows rebuilt and a screen formatted
 *   toc.fold_ms      Space on a volume: unfolded, a screen formatted
 * Each figure is the median of 9 runs; the arguments are ignored. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "doc.h"
#include "keymap.h"
#include "util.h"
#include "view.h"
#include "bench_util.h"

#define RUNS	9
#define CHAPTERS 3696

/* A screen of the list, as the ui draws it. */
static void
screen(struct view *v)
{
	char	buf[1024];
	int	cur;

	for (size_t i = v->list_top; i < v->list_top + 23; i++)
		view_list_text(v, i, buf, sizeof buf, &cur);
}

static char *
book(size_t *len)
{
	size_t	cap = 64u << 20, n = 0;
	char	*s = xmalloc(cap);
	int	c = 0;

	for (int vol = 1; vol <= 4; vol++) {
		n += (size_t)snprintf(s + n, cap - n, "# Volume %d\n\n", vol);
		for (int i = 0; i < CHAPTERS / 4; i++) {
			c++;
			n += (size_t)snprintf(s + n, cap - n, "## Chapter %d, "
			    "the road\n\nHe walked along the river, thinking "
			    "of what had happened, part %d.\n\n", c, i);
		}
	}
	*len = n;
	return s;
}

int
main(void)
{
	struct doc_opts		 o;
	struct view_opts	 vo;
	struct doc		*d;
	struct view		*v;
	double			 open[RUNS], filter[RUNS], fold[RUNS], t0;
	char			*cause = NULL, *text;
	size_t			 len;

	text = book(&len);
	memset(&o, 0, sizeof o);
	o.markdown = 1;
	o.no_scan = 1;
	if ((d = doc_open_mem(text, len, "bench.md", &o, &cause)) == NULL) {
		fprintf(stderr, "bench_toc: %s\n", cause);
		return 1;
	}
	doc_scan_wait(d);
	memset(&vo, 0, sizeof vo);
	vo.indent = 1;
	for (int r = 0; r < RUNS; r++) {
		v = view_new(d, &vo, 24, 80);
		view_poll(v);
		view_apply(v, CMD_SECTION_GOTO, 2000);
		t0 = bench_now_ms();
		view_apply(v, CMD_TOC, -1);
		screen(v);
		open[r] = bench_now_ms() - t0;
		view_apply(v, CMD_TOC_FILTER, -1);
		t0 = bench_now_ms();
		view_prompt_edit(v, "Chapter 123", 11, 0);
		screen(v);
		filter[r] = bench_now_ms() - t0;
		view_prompt_edit(v, "", 0, 0);
		view_answer(v, "");
		view_apply(v, CMD_LIST_FIRST, -1);
		t0 = bench_now_ms();
		view_apply(v, CMD_TOC_FOLD, -1);
		screen(v);
		fold[r] = bench_now_ms() - t0;
		view_free(v);
	}
	printf("toc.open_ms %.2f\n", bench_median(open, RUNS));
	printf("toc.filter_ms %.2f\n", bench_median(filter, RUNS));
	printf("toc.fold_ms %.2f\n", bench_median(fold, RUNS));
	doc_free(d);
	free(text);
	return 0;
}
