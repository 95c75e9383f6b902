/* bench_find: the list of every match (F) on a big book, as the pager
 * makes it (BOOK TERM):
 *
 *   find.count_ms    the search's count alone, from its start to the total
 *                    (the reference)
 *   find.open_ms     F after that count: the list opened (the count
 *                    starts again, keeping the starts) and its first
 *                    screen formatted, highlights too
 *   find.all_ms      from F to every match grouped (polled as the pager
 *                    polls, with a screen formatted at each poll)
 *   find.key_ms      then 100 pages down (100 Space): the screen there
 *                    formatted
 *   find.matches     how many there are
 * Each figure is the median of RUNS runs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "doc.h"
#include "keymap.h"
#include "search.h"
#include "util.h"
#include "view.h"
#include "bench_util.h"

#define RUNS	5

/* A screen of the list, as the ui draws it. */
static void
screen(struct view *v)
{
	char	buf[2048];
	size_t	from, len;
	int	cur;

	for (size_t i = v->list_top; i < v->list_top + 23; i++) {
		view_list_text(v, i, buf, sizeof buf, &cur);
		view_list_match(v, i, &from, &len);
	}
}

static void
wait_count(struct view *v, size_t *total)
{
	while (search_count(v->search, total) != 1)
		usleep(1000);
}

int
main(int argc, char **argv)
{
	struct doc_opts		 o;
	struct view_opts	 vo;
	struct doc		*d;
	struct view		*v;
	double			 count[RUNS], open[RUNS], key[RUNS], all[RUNS], t0;
	char			*cause = NULL;
	size_t			 total = 0;

	if (argc != 3) {
		fprintf(stderr, "usage: bench_find BOOK TERM\n");
		return 2;
	}
	memset(&o, 0, sizeof o);
	if ((d = doc_open(argv[1], &o, &cause)) == NULL) {
		fprintf(stderr, "bench_find: %s\n", cause);
		return 1;
	}
	doc_scan_wait(d);
	memset(&vo, 0, sizeof vo);
	vo.indent = 1;
	for (int r = 0; r < RUNS; r++) {
		v = view_new(d, &vo, 24, 80);
		view_poll(v);
		t0 = bench_now_ms();
		view_search_initial(v, argv[2]);
		while (view_searching(v))
			view_search_step(v, 1 << 20);
		wait_count(v, &total);
		count[r] = bench_now_ms() - t0;
		t0 = bench_now_ms();
		view_apply(v, CMD_FIND_ALL, -1);
		screen(v);
		open[r] = bench_now_ms() - t0;
		t0 = bench_now_ms();
		do {
			usleep(1000);
			view_poll(v);
			screen(v);
		} while (search_count(v->search, &total) != 1 ||
		    v->find_seen < total);
		all[r] = bench_now_ms() - t0 + open[r];
		t0 = bench_now_ms();
		view_apply(v, CMD_LIST_PAGE_DOWN, 100);
		screen(v);
		key[r] = bench_now_ms() - t0;
		view_free(v);
	}
	printf("find.count_ms %.2f\n", bench_median(count, RUNS));
	printf("find.open_ms %.2f\n", bench_median(open, RUNS));
	printf("find.key_ms %.2f\n", bench_median(key, RUNS));
	printf("find.all_ms %.2f\n", bench_median(all, RUNS));
	printf("find.matches %zu\n", total);
	doc_free(d);
	return 0;
}
