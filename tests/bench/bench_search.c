/* bench_search FILE TERM: search throughput beside in-memory memmem.
 * bench_search --script FILE TERM FTERM NAME [FNAME]: script folding on
 * FILE, a traditional-Chinese book that ends in FTERM, the traditional form
 * of the simplified TERM; FNAME is NAME as written in FILE.
 *
 *   search.memmem_MBps    memmem of TERM over FILE read into memory once
 *   search.literal_MBps   search_step from 0 to TERM (expected at the end)
 *   search.ratio          literal / memmem (goal >= 0.25)
 *   search.fold_MBps      a case-folded ASCII pattern that never matches
 *                         (prefilter + fold path), over the whole file
 *   search.fold_ratio     fold / memmem (goal >= 0.05)
 *   search.regex_MBps     a regex (no prefilter: every paragraph folded),
 *                         over the first 16 MB
 *   search.count_MBps     the counting thread for TERM, whole file
 *   search.count_freq_MBps the counting thread for 的 (a match every few
 *                         dozen bytes of Chinese: a paragraph folded for
 *                         nearly every one), whole file
 * and with --script:
 *   script.literal_MBps   FTERM as today, script folding off, to the end
 *   script.fold_MBps      TERM with script folding on (case, width and
 *                         script), to the same match at the end
 *   script.count_ms       the counting thread for NAME, script folding on,
 *                         whole file (bench.sh times grep -F -c beside it)
 *   script.grep_ms        with FNAME: grep -F -c FNAME FILE, run in each
 *                         round right after the count
 *   script.grep_lines     its count (lines, so at most script.count)
 *   script.*cpu*          the same in CPU time, steadier under load
 * Each figure is the best of three runs. */
#define _GNU_SOURCE		/* memmem */
#include <fcntl.h>
#include <locale.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "doc.h"
#include "search.h"
#include "ustr.h"
#include "util.h"

#define ROUNDS	3

static double
now(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static char *
slurp(const char *path, size_t *len)
{
	int	 fd = open(path, O_RDONLY);
	char	*buf = NULL;
	size_t	 cap = 0, n = 0;
	ssize_t	 r;

	if (fd == -1)
		return NULL;
	do {
		if (cap - n < (1 << 20)) {
			cap = cap * 2 + (1 << 20);
			buf = xrealloc(buf, cap);
		}
		r = read(fd, buf + n, 1 << 20);
		n += r > 0 ? (size_t)r : 0;
	} while (r > 0);
	close(fd);
	*len = n;
	return buf;
}

/* Step forward from 0 until a match or the end (or limit bytes); returns
 * bytes covered per second. */
static double
run_step(struct doc *d, const char *pat, int regex, size_t limit,
    size_t *found)
{
	struct search		*s;
	struct search_match	 m;
	char			*cause = NULL;
	size_t			 from = 0, resume;
	double			 t0, dt;
	int			 r;

	if ((s = search_new(pat, strlen(pat), regex, &cause)) == NULL) {
		fprintf(stderr, "bench_search: %s\n", cause);
		exit(1);
	}
	t0 = now();
	while ((r = search_step(s, d, from, 0, 8 << 20, &m, &resume)) ==
	    SEARCH_MORE && resume < limit)
		from = resume;
	dt = now() - t0;
	*found = r == SEARCH_FOUND ? m.off : (r == SEARCH_MORE ? resume :
	    doc_len(d));
	search_free(s);
	return (double)*found / dt / 1e6;
}

static double
best(double a, double b)
{
	return a > b ? a : b;
}

/* CPU seconds this process has used. */
static double
cpu_now(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Milliseconds the counting thread takes over the whole of d; in *cpu, the
 * CPU milliseconds (a steadier figure on a loaded machine). */
static double
count_ms(struct doc *d, const char *pat, size_t *total, double *cpu)
{
	struct search	*s;
	char		*cause = NULL;
	double		 t0, c0 = cpu_now();

	if ((s = search_new(pat, strlen(pat), 0, &cause)) == NULL) {
		fprintf(stderr, "bench_search: %s\n", cause);
		exit(1);
	}
	t0 = now();
	search_count_start(s, d);
	while (!search_count(s, total))
		usleep(200);
	t0 = now() - t0;
	*cpu = (cpu_now() - c0) * 1000;
	search_free(s);
	return t0 * 1000;
}

/* Milliseconds grep -F -c takes to count pat in path; its count in *n,
 * its CPU milliseconds in *cpu. Its output goes to a pipe: GNU grep stops
 * at the first match when it writes to /dev/null. */
static double
grep_ms(const char *path, const char *pat, size_t *n, double *cpu)
{
	double		 t0 = now();
	char		 out[64];
	ssize_t		 r;
	int		 fd[2], st;
	pid_t		 pid;
	struct rusage	 ru;

	if (pipe(fd) == -1 || (pid = fork()) == -1) {
		perror("bench_search: grep");
		exit(1);
	}
	if (pid == 0) {
		dup2(fd[1], 1);
		close(fd[0]);
		execlp("grep", "grep", "-F", "-c", pat, path, (char *)NULL);
		_exit(127);
	}
	close(fd[1]);
	r = read(fd[0], out, sizeof out - 1);
	close(fd[0]);
	if (wait4(pid, &st, 0, &ru) == -1 || !WIFEXITED(st) ||
	    WEXITSTATUS(st) > 1 || r <= 0) {
		fprintf(stderr, "bench_search: grep failed\n");
		exit(1);
	}
	out[r] = '\0';
	*n = strtoul(out, NULL, 10);
	*cpu = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000 +
	    (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1000;
	return (now() - t0) * 1000;
}

/* --script FILE TERM FTERM NAME [FNAME] (see the top). */
static int
bench_script(char **argv)
{
	struct doc_opts	 o = { 0 };
	struct doc	*d;
	char		*cause = NULL;
	size_t		 lit_at, fold_at, total = 0, lines = 0;
	double		 lit = 0, fold = 0, cnt = 1e30, grep = 1e30, ms, c,
			 cnt_cpu = 1e30, grep_cpu = 1e30;

	o.markdown = -1;
	if ((d = doc_open(argv[0], &o, &cause)) == NULL) {
		fprintf(stderr, "bench_search: %s\n", cause);
		return 1;
	}
	doc_scan_wait(d);
	for (int i = 0; i < ROUNDS; i++) {
		ustr_set_script_fold(0);
		lit = best(lit, run_step(d, argv[2], 0, SIZE_MAX, &lit_at));
		ustr_set_script_fold(1);
		fold = best(fold, run_step(d, argv[1], 0, SIZE_MAX, &fold_at));
		if (fold_at != lit_at) {
			fprintf(stderr, "bench_search: %s found at %zu, %s at "
			    "%zu\n", argv[1], fold_at, argv[2], lit_at);
			return 1;
		}
		ms = count_ms(d, argv[3], &total, &c);
		cnt = ms < cnt ? ms : cnt;
		cnt_cpu = c < cnt_cpu ? c : cnt_cpu;
		if (argv[4] == NULL)
			continue;
		ms = grep_ms(argv[0], argv[4], &lines, &c);
		grep = ms < grep ? ms : grep;
		grep_cpu = c < grep_cpu ? c : grep_cpu;
	}
	printf("script.literal_MBps %.0f\n", lit);
	printf("script.fold_MBps %.0f\n", fold);
	printf("script.fold_ratio %.2f\n", fold / lit);
	printf("script.count_ms %.0f\n", cnt);
	printf("script.count_cpu_ms %.0f\n", cnt_cpu);
	printf("script.count %zu\n", total);
	if (argv[4] != NULL) {
		printf("script.grep_ms %.0f\n", grep);
		printf("script.grep_lines %zu\n", lines);
		printf("script.count_grep_ratio %.2f\n", cnt / grep);
		printf("script.grep_cpu_ms %.0f\n", grep_cpu);
		printf("script.count_grep_cpu_ratio %.2f\n", cnt_cpu /
		    grep_cpu);
	}
	doc_free(d);
	return 0;
}

int
main(int argc, char **argv)
{
	struct doc_opts	 o = { 0 };
	struct doc	*d;
	struct search	*s;
	char		*buf, *cause = NULL;
	const char	*p;
	size_t		 len, at = 0, total;
	double		 mm = 0, lit = 0, fold = 0, rx = 0, cnt = 0, freq = 0, t0;
	int		 i;

	setlocale(LC_ALL, "C.UTF-8");
	if ((argc == 6 || argc == 7) && strcmp(argv[1], "--script") == 0)
		return bench_script(argv + 2);
	if (argc != 3) {
		fprintf(stderr, "usage: bench_search FILE TERM\n"
		    "       bench_search --script FILE TERM FTERM NAME "
		    "[FNAME]\n");
		return 2;
	}
	if ((buf = slurp(argv[1], &len)) == NULL) {
		perror(argv[1]);
		return 1;
	}
	for (i = 0; i < ROUNDS; i++) {
		t0 = now();
		p = memmem(buf, len, argv[2], strlen(argv[2]));
		mm = best(mm, (double)(p != NULL ? (size_t)(p - buf) : len) /
		    (now() - t0) / 1e6);
	}
	free(buf);
	o.markdown = -1;
	if ((d = doc_open(argv[1], &o, &cause)) == NULL) {
		fprintf(stderr, "bench_search: %s\n", cause);
		return 1;
	}
	doc_scan_wait(d);
	for (i = 0; i < ROUNDS; i++) {
		lit = best(lit, run_step(d, argv[2], 0, SIZE_MAX, &at));
		fold = best(fold, run_step(d, "xyzzyq", 0, SIZE_MAX, &total));
		rx = best(rx, run_step(d, "终点[0-9]+", 1, 16000000, &total));
		s = search_new(argv[2], strlen(argv[2]), 0, &cause);
		t0 = now();
		search_count_start(s, d);
		while (!search_count(s, &total))
			usleep(200);
		cnt = best(cnt, (double)doc_len(d) / (now() - t0) / 1e6);
		search_free(s);
		s = search_new("的", strlen("的"), 0, &cause);
		t0 = now();
		search_count_start(s, d);
		while (!search_count(s, &total))
			usleep(200);
		freq = best(freq, (double)doc_len(d) / (now() - t0) / 1e6);
		search_free(s);
	}
	printf("search.memmem_MBps %.0f\n", mm);
	printf("search.literal_MBps %.0f\n", lit);
	printf("search.ratio %.2f\n", lit / mm);
	printf("search.fold_MBps %.0f\n", fold);
	printf("search.fold_ratio %.3f\n", fold / mm);
	printf("search.regex_MBps %.1f\n", rx);
	printf("search.count_MBps %.0f\n", cnt);
	printf("search.count_freq_MBps %.0f\n", freq);
	printf("search.found_at %zu\n", at);
	doc_free(d);
	return 0;
}
