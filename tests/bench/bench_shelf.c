/* bench_shelf: the state file and the shelf at 10,000 documents (issue 17:
 * load < 20 ms, the shelf open < 50 ms).
 *
 *   bench_shelf DIR
 *
 * Writes DIR/juan/bookmarks (unless it is there): 10,000 documents with a
 * path, a title, a section and a snippet of the lengths real ones have
 * (some CJK), three days of reading time each, 500 bookmarks, a search
 * history and the learned pace: about 4 MB. Times are medians of
 * BENCH_ROUNDS rounds (default 5). Prints "name value" lines:
 *   marks.load_ms    marks_load() of that file
 *   marks.bytes      its size
 *   shelf.open_ms    marks_load(), shelf_new() and the first screen's
 *                    entries formatted (the files looked at): what `juan`
 *                    alone does before it draws
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "marks.h"
#include "shelf.h"
#include "bench_util.h"

#define DOCS	10000
#define SCREEN	11	/* entries of a 24-row terminal */

static void
write_state(const char *dir)
{
	char	path[4096];
	FILE	*f;
	long	 t = 1709672640;

	snprintf(path, sizeof path, "%s/juan", dir);
	mkdir(dir, 0700);
	mkdir(path, 0700);
	snprintf(path, sizeof path, "%s/juan/bookmarks", dir);
	if ((f = fopen(path, "r")) != NULL) {
		fclose(f);
		return;
	}
	if ((f = fopen(path, "w")) == NULL) {
		perror(path);
		exit(1);
	}
	fprintf(f, "juan-bookmarks 3\n");
	for (int i = 0; i < 500; i++)
		fprintf(f, "m\t%016x\t%d\t12.5\t%ld\t/home/reader/books/"
		    "collection-%02d/book-%05d.txt\t\xc2\xa7%d \xe7\xac\xac\xe4\xb8"
		    "\x89\xe7\xab\xa0 \xe4\xb8\x80\xe4\xb8\xaa\xe6\x99\xae\xe9\x81"
		    "\x8d\xe7\x9a\x84\xe6\x8b\x85\xe5\xbf\xa7\t\xe7\xac\xac\xe4\xb8"
		    "\x89\xe7\xab\xa0\tsnippet of the text at the bookmark\t%016x\n",
		    i * 20, i * 1000, t - i, i % 50, i * 20, i % 30, i + 1);
	for (int i = 0; i < DOCS; i++)
		fprintf(f, "p\t%016x\t%d\t%d.5\t%ld\t/home/reader/books/"
		    "collection-%02d/book-%05d.txt\t\xe4\xb8\x80\xe4\xb8\xaa\xe6\x99"
		    "\xae\xe9\x81\x8d\xe7\x9a\x84\xe6\x8b\x85\xe5\xbf\xa7\xe6\x98\xaf"
		    "\xef\xbc\x8c\xe8\xbf\x99 text at the place\tThe Title of Book "
		    "%d \xe9\x95\xbf\xe7\xaf\x87\xe5\xb0\x8f\xe8\xaf\xb4\t\xe7\xac"
		    "\xac%d\xe7\xab\xa0 A Section Title\t%d\t%d\n", i, i * 977,
		    i % 100, t - i * 60, i % 50, i, i, i % 40, 120000 - i, i % 5000);
	fprintf(f, "h\tpattern\n");
	for (int i = 0; i < DOCS; i++)
		for (int d = 1; d <= 3; d++)
			fprintf(f, "read\t%016x\t2024-0%d-1%d\t%d\t%ld\n", i, d,
			    i % 10, 600 + i % 900, t - i * 60);
	fprintf(f, "pace\tcjk\t412.5\t36000\npace\tlatin\t230.0\t7200\n");
	if (fclose(f) != 0) {
		perror(path);
		exit(1);
	}
}

int
main(int argc, char **argv)
{
	const char		*env = getenv("BENCH_ROUNDS");
	int			 rounds = env != NULL && atoi(env) > 0 ? atoi(env) : 5;
	double			*load = calloc((size_t)rounds, sizeof *load);
	double			*open = calloc((size_t)rounds, sizeof *open);
	char			 dir[4096], path[4200], l1[1024], l2[1024];
	struct shelf_opts	 so = { 0 };
	struct stat		 sb;
	double			 t0, t1;

	if (argc != 2 || load == NULL || open == NULL) {
		fprintf(stderr, "usage: bench_shelf DIR\n");
		return 2;
	}
	write_state(argv[1]);
	snprintf(dir, sizeof dir, "%s/juan", argv[1]);
	snprintf(path, sizeof path, "%s/bookmarks", dir);
	so.home = "/home/reader";
	for (int r = 0; r < rounds; r++) {
		struct marks	*m = marks_new(dir);
		struct shelf	*sh;
		char		*cause = NULL;
		size_t		 bold;
		int		 dim, sel;

		t0 = bench_now_ms();
		if (marks_load(m, &cause) != 0) {
			fprintf(stderr, "bench_shelf: %s\n", cause);
			return 1;
		}
		t1 = bench_now_ms();
		so.now = time(NULL);
		sh = shelf_new(m, &so);
		shelf_resize(sh, 24, 80);
		for (int e = 0; e < SCREEN; e++)
			shelf_entry(sh, e, l1, sizeof l1, l2, sizeof l2, &bold, &dim,
			    &sel);
		open[r] = bench_now_ms() - t0;
		load[r] = t1 - t0;
		if (marks_size(m, MARKS_POSITIONS) != DOCS) {
			fprintf(stderr, "bench_shelf: %zu documents read\n",
			    marks_size(m, MARKS_POSITIONS));
			return 1;
		}
		shelf_free(sh);
		marks_free(m);
	}
	stat(path, &sb);
	printf("marks.load_ms %.2f\nmarks.bytes %lld\nshelf.open_ms %.2f\n",
	    bench_median(load, (size_t)rounds), (long long)sb.st_size, bench_median(open, (size_t)rounds));
	free(load);
	free(open);
	return 0;
}
