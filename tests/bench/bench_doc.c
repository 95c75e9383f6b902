/* bench_doc: doc's open, scan and memory figures on one file, each with a
 * reference from the same run.
 *
 *   bench_doc [-g MB] FILE
 *
 * -g writes FILE first (unless it already has that size): the seed article
 * (../shared/corpus, else the project's tests/data/article.txt) repeated, with a "第N章" heading line every ~5,000 characters. Times are
 * medians of BENCH_ROUNDS rounds (default 5; the machine this runs on moves
 * them by 20 %), the reference and juan alternating. Prints "name value"
 * lines:
 *   doc.open_ms      doc_open() + the first 30 paragraphs and their text
 *   doc.scan_ms      open until the background scan (lines, outline) is done
 *   doc.memchr_ms    read() into a 1 MiB buffer + memchr line count
 *   doc.scan_ratio   memchr_ms / scan_ms (scan throughput vs that; goal >= 0.25)
 *   doc.scan_best_ratio  the same of the fastest rounds: what the scan does
 *                    when both its threads get a core (a busy host takes
 *                    them away in some rounds; the median is the target)
 *   doc.private_kb   private memory the open doc adds (first round)
 *   doc.private_pct  that, as % of the file size (goal <= 1 % + 8 MiB)
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "doc.h"
#include "outline.h"
#include "bench_util.h"

/* The seed article when the shared corpus lies beside the checkout (the
 * figures stay comparable with earlier runs), else the project's article. */
static const char *
source_text(void)
{
	static const char *const seed = "../shared/corpus/000_4a7947cb9897f18c.txt";

	return access(seed, R_OK) == 0 ? seed : "tests/data/article.txt";
}

static long
private_kb(void)
{
	FILE	*f = fopen("/proc/self/smaps_rollup", "r");
	char	 line[256];
	long	 kb = 0, v;

	if (f == NULL)
		return -1;
	while (fgets(line, sizeof line, f) != NULL) {
		if (sscanf(line, "Private_Clean: %ld", &v) == 1 ||
		    sscanf(line, "Private_Dirty: %ld", &v) == 1)
			kb += v;
	}
	fclose(f);
	return kb;
}

static void
generate(const char *path, size_t size)
{
	FILE		*in = fopen(source_text(), "r"), *out;
	char		 line[8192];
	size_t		 n = 0, since = 0, chapter = 1;
	struct stat	 st;

	if (stat(path, &st) == 0 && (size_t)st.st_size >= size)
		return;
	if (in == NULL || (out = fopen(path, "w")) == NULL) {
		fprintf(stderr, "bench_doc: cannot generate %s: %s\n", path, strerror(errno));
		exit(1);
	}
	while (n < size) {
		if (fgets(line, sizeof line, in) == NULL) {
			rewind(in);
			continue;
		}
		if (since >= 15000) {	/* ~5,000 CJK characters */
			n += (size_t)fprintf(out, "第%zu章 第%zu部分\n", chapter, chapter);
			chapter++;
			since = 0;
		}
		fputs(line, out);
		if (line[strlen(line) - 1] != '\n') {
			fputc('\n', out);
			n++;
		}
		n += strlen(line);
		since += strlen(line);
	}
	fclose(out);
	fclose(in);
}

static double
memchr_count(const char *path, size_t *lines)
{
	static char	 buf[1 << 20];
	double		 t0 = bench_now_ms();
	int		 fd = open(path, O_RDONLY);
	ssize_t		 r;
	const char	*p, *q;

	*lines = 0;
	while ((r = read(fd, buf, sizeof buf)) > 0)
		for (p = buf; (q = memchr(p, '\n', (size_t)(buf + r - p))) != NULL; p = q + 1)
			(*lines)++;
	close(fd);
	return bench_now_ms() - t0;
}

int
main(int argc, char **argv)
{
	struct doc_opts	 o;
	struct doc_para	 p, q;
	struct doc	*d;
	struct stat	 st;
	const char	*path;
	char		*cause = NULL;
	double		 t0, t_open[99], t_scan[99], t_memchr[99];
	size_t		 lines, i, sum = 0, sections = 0;
	long		 base, kb = 0;
	int		 r, rounds;

	if (argc == 4 && strcmp(argv[1], "-g") == 0) {
		generate(argv[3], (size_t)atol(argv[2]) << 20);
		path = argv[3];
	} else if (argc == 2)
		path = argv[1];
	else {
		fprintf(stderr, "usage: bench_doc [-g MB] FILE\n");
		return 2;
	}
	if (stat(path, &st) != 0) {
		fprintf(stderr, "bench_doc: %s: %s\n", path, strerror(errno));
		return 1;
	}
	memchr_count(path, &lines);		/* warm the page cache */
	if ((rounds = getenv("BENCH_ROUNDS") != NULL ?
	    atoi(getenv("BENCH_ROUNDS")) : 5) < 1 || rounds > 99)
		rounds = 5;
	for (r = 0; r < rounds; r++) {
		t_memchr[r] = memchr_count(path, &lines);
		base = private_kb();
		memset(&o, 0, sizeof o);
		o.markdown = -1;
		t0 = bench_now_ms();
		if ((d = doc_open(path, &o, &cause)) == NULL) {
			fprintf(stderr, "bench_doc: %s\n", cause);
			return 1;
		}
		for (i = 0, p.off = 0; i < 30 && (i == 0 ? doc_para_at(d, 0, &p) :
		    doc_para_next(d, &p, &q)) == 0; i++) {
			if (i > 0)
				p = q;
			sum += (size_t)(unsigned char)doc_para_text(d, &p)[0];
		}
		t_open[r] = bench_now_ms() - t0;
		doc_scan_wait(d);
		t_scan[r] = bench_now_ms() - t0;
		if (r == 0) {
			kb = private_kb() - base;
			sections = outline_count(doc_outline(d));
		}
		doc_free(d);
	}
	printf("doc.size_mb %.1f\n", st.st_size / 1048576.0);
	printf("doc.open_ms %.2f\n", bench_median(t_open, (size_t)rounds));
	printf("doc.scan_ms %.1f\n", bench_median(t_scan, (size_t)rounds));
	printf("doc.memchr_ms %.1f\n", bench_median(t_memchr, (size_t)rounds));
	printf("doc.scan_ratio %.3f\n", bench_median(t_memchr, (size_t)rounds) /
	    bench_median(t_scan, (size_t)rounds));
	/* bench_median() sorted both: [0] is the fastest round. */
	printf("doc.scan_best_ratio %.3f\n", t_memchr[0] / t_scan[0]);
	printf("doc.private_kb %ld\n", kb);
	printf("doc.private_pct %.2f\n", kb * 1024.0 * 100 / (double)st.st_size);
	printf("doc.sections %zu\n", sections);
	printf("doc.lines %zu\n", lines);
	if (sum == 0)
		printf("doc.warning first paragraphs empty\n");
	return 0;
}
