/* Unit tests for search: folding and matching, joins, clusters, regex,
 * stepping both ways, the counting thread, and the acceptance cases on the
 * project's article (tests/data/article.txt). */
#define _GNU_SOURCE		/* memmem */
#include "testutil.h"

#include <locale.h>
#include <unistd.h>

#include "doc.h"
#include "search.h"
#include "ustr.h"
#include "util.h"

#define BIG	((size_t)1 << 30)

static struct doc *
mem_doc(const char *text, size_t len, const char *name)
{
	struct doc_opts	 o = { 0 };
	char		*cause = NULL;
	struct doc	*d;

	o.markdown = -1;
	o.no_scan = 1;
	d = doc_open_mem(text, len, name, &o, &cause);
	assert_non_null(d);
	doc_scan_wait(d);
	return d;
}

static struct search *
new_search(const char *pat, int regex)
{
	char		*cause = NULL;
	struct search	*s = search_new(pat, strlen(pat), regex, &cause);

	assert_non_null(s);
	assert_null(cause);
	return s;
}

/* Every match, stepping forward with search_step from 0. */
static size_t
all_matches(struct search *s, struct doc *d, struct search_match *out,
    size_t max)
{
	struct search_match	 m;
	size_t			 from = 0, n = 0, resume;
	int			 r;

	for (;;) {
		r = search_step(s, d, from, 0, BIG, &m, &resume);
		if (r == SEARCH_MORE) {
			from = resume;
			continue;
		}
		if (r == SEARCH_NONE)
			return n;
		if (n < max)
			out[n] = m;
		n++;
		from = m.off + 1;
	}
}

static size_t
count_text(const char *text, const char *pat, int regex, const char *name,
    struct search_match *out, size_t max)
{
	struct doc	*d = mem_doc(text, strlen(text), name);
	struct search	*s = new_search(pat, regex);
	size_t		 n = all_matches(s, d, out, max);

	search_free(s);
	doc_free(d);
	return n;
}

/* Wait for the counting thread; returns the total. */
static size_t
wait_count(struct search *s)
{
	size_t		 total = 0;
	long long	 t0 = util_now_ms();

	while (!search_count(s, &total)) {
		assert_true(util_now_ms() - t0 < 20000);
		usleep(1000);
	}
	return total;
}

static void
test_new_degenerate(void **state)
{
	char	*cause = NULL;

	(void)state;
	assert_null(search_new(NULL, 0, 0, &cause));
	assert_non_null(cause);
	free(cause);
	cause = NULL;
	assert_null(search_new("", 0, 1, &cause));
	assert_non_null(cause);
	free(cause);
	cause = NULL;
	/* Folds to nothing: a lone join. */
	assert_null(search_new("\n", 1, 0, &cause));
	assert_non_null(cause);
	free(cause);
	search_free(NULL);
	assert_int_equal(search_is_casefold(NULL), 0);
}

static void
test_smart_case(void **state)
{
	struct search	*s;

	(void)state;
	s = new_search("ai", 0);
	assert_true(search_is_casefold(s));
	search_free(s);
	s = new_search("Ai", 0);
	assert_false(search_is_casefold(s));
	search_free(s);
	s = new_search("工业泡沫", 0);
	assert_true(search_is_casefold(s));
	search_free(s);
}

static void
test_literal_basic(void **state)
{
	static const char	 t[] = "工业泡沫 and AI\nai Ai aI\n";
	struct search_match	 m[8];

	(void)state;
	assert_int_equal(count_text(t, "工业泡沫", 0, "t.txt", m, 8), 1);
	assert_int_equal(m[0].off, 0);
	assert_int_equal(m[0].len, strlen("工业泡沫"));
	assert_int_equal(count_text(t, "ai", 0, "t.txt", m, 8), 4);
	assert_int_equal(count_text(t, "Ai", 0, "t.txt", m, 8), 1);
	assert_int_equal(m[0].off, strlen("工业泡沫 and AI\nai "));
	assert_int_equal(count_text(t, "AI", 0, "t.txt", m, 8), 1);
	/* Overlapping literal matches are all reported. */
	assert_int_equal(count_text("aaaa\n", "aa", 0, "t.txt", m, 8), 3);
	assert_int_equal(count_text(t, "泡沫 and AI\nai", 0, "t.txt", m, 8), 0);
}

static void
test_fullwidth(void **state)
{
	static const char	 t[] = "ＡＩ和AI，1２与１２, ｱ\n";
	struct search_match	 m[8];

	(void)state;
	assert_int_equal(count_text(t, "ai", 0, "t.txt", m, 8), 2);
	assert_int_equal(m[0].off, 0);
	assert_int_equal(m[0].len, 6);
	/* ＡＩ has upper-case letters: no case folding, but NFKC. */
	assert_int_equal(count_text(t, "ＡＩ", 0, "t.txt", m, 8), 2);
	assert_int_equal(count_text(t, "12", 0, "t.txt", m, 8), 2);
	assert_int_equal(count_text(t, "１２", 0, "t.txt", m, 8), 2);
	assert_int_equal(count_text(t, "，", 0, "t.txt", m, 8), 2);
	assert_int_equal(count_text(t, "ア", 0, "t.txt", m, 8), 1);
	/* A compatibility ideograph and a Kangxi radical fold to 工. */
	assert_int_equal(count_text("⼯业 工业\n", "工业", 0, "t.txt", m, 8), 2);
	assert_int_equal(count_text("⼯业 工业\n", "业", 0, "t.txt", m, 8), 2);
}

/* The trigger scan reads text in blocks (4 KiB first when stepping): a
 * character whose fold holds the trigger, cut by a block's end, is looked
 * at again in the next block, not passed over. */
static void
test_trigger_block_edge(void **state)
{
	char			 t[4094 + sizeof "ｚ\n"];
	struct search_match	 m[2];

	(void)state;
	memset(t, 'a', 4094);
	memcpy(t + 4094, "ｚ\n", sizeof "ｚ\n");
	assert_int_equal(count_text(t, "z", 0, "t.txt", m, 2), 1);
	assert_int_equal(m[0].off, 4094);
	assert_int_equal(m[0].len, 3);
}

static void
test_clusters(void **state)
{
	static const char	 t[] = "cafe\xcc\x81 e caf\xc3\xa9 q\xcc\x81 x\n";
	struct search_match	 m[8];

	(void)state;
	/* e + U+0301 is é: 'e' matches only the bare e. */
	assert_int_equal(count_text(t, "e", 0, "t.txt", m, 8), 1);
	assert_int_equal(m[0].off, strlen("cafe\xcc\x81 "));
	/* A base letter without its mark never matches. */
	assert_int_equal(count_text(t, "cafe", 0, "t.txt", m, 8), 0);
	assert_int_equal(count_text(t, "q", 0, "t.txt", m, 8), 0);
	/* Both spellings of café match each other. */
	assert_int_equal(count_text(t, "caf\xc3\xa9", 0, "t.txt", m, 8), 2);
	assert_int_equal(m[0].len, 6);
	assert_int_equal(count_text(t, "cafe\xcc\x81", 0, "t.txt", m, 8), 2);
	assert_int_equal(count_text(t, "q\xcc\x81", 0, "t.txt", m, 8), 1);
}

static void
test_longer_and_empty(void **state)
{
	struct search_match	 m[4];
	struct doc		*d;
	struct search		*s;
	size_t			 resume, total;

	(void)state;
	assert_int_equal(count_text("ab", "abc", 0, "t.txt", m, 4), 0);
	assert_int_equal(count_text("ab", "abc", 1, "t.txt", m, 4), 0);
	assert_int_equal(count_text("工", "工业泡沫", 0, "t.txt", m, 4), 0);
	d = mem_doc("", 0, "empty.txt");
	s = new_search("x", 0);
	assert_int_equal(search_step(s, d, 0, 0, BIG, &m[0], &resume),
	    SEARCH_NONE);
	assert_int_equal(search_step(s, d, 0, 1, BIG, &m[0], &resume),
	    SEARCH_NONE);
	search_count_start(s, d);
	assert_int_equal(wait_count(s), 0);
	assert_int_equal(search_count(s, &total), 1);
	assert_int_equal(search_index(s, 0), 0);
	search_free(s);
	doc_free(d);
}

static void
test_markdown_joins(void **state)
{
	static const char	 t[] =
	    "# 标题\n\n这里说工业\n泡沫的事。\n\nhello\nworld and more\n";
	struct search_match	 m[4];

	(void)state;
	assert_int_equal(count_text(t, "工业泡沫", 0, "t.md", m, 4), 1);
	assert_int_equal(m[0].off, strlen("# 标题\n\n这里说"));
	assert_int_equal(m[0].len, strlen("工业\n泡沫"));
	assert_int_equal(count_text(t, "hello world", 0, "t.md", m, 4), 1);
	assert_int_equal(count_text(t, "helloworld", 0, "t.md", m, 4), 0);
	/* Never across paragraphs. */
	assert_int_equal(count_text(t, "标题这里", 0, "t.md", m, 4), 0);
	assert_int_equal(count_text(t, "工业.泡沫", 1, "t.md", m, 4), 0);
	assert_int_equal(count_text(t, "工业泡", 1, "t.md", m, 4), 1);
}

/* The calling thread's CPU time in ms: what a step costs, which a loaded
 * machine does not inflate as it does the wall clock (the keys are read
 * between steps; a step's cost is what this bounds). */
static long long
cpu_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* pat is no regular expression: a clear message, at once. */
static void
check_bad_regex(const char *pat)
{
	char		*cause = NULL;
	long long	 t0 = cpu_ms();

	assert_null(search_new(pat, strlen(pat), 1, &cause));
	assert_non_null(cause);
	assert_non_null(strstr(cause, "regular expression"));
	assert_null(strchr(cause, '\n'));
	assert_true(cpu_ms() - t0 < 100);
	free(cause);
}

static void
test_regex(void **state)
{
	static const char	 t[] = "工业泡沫 Industrial Bubble 560亿美元\n";
	struct search_match	 m[8];
	char			*cause = NULL;

	(void)state;
	assert_null(search_new("(unclosed", 9, 1, &cause));
	assert_non_null(cause);
	assert_non_null(strstr(cause, "regular expression"));
	free(cause);
	cause = NULL;
	assert_null(search_new("a{2,1}", 6, 1, &cause));
	assert_non_null(cause);
	free(cause);
	cause = NULL;
	/* Perl's stacked quantifiers: possessive (x++) and lazy (x+?); more
	 * than those, and nested counts, are refused at once. */
	assert_int_equal(count_text("xxx y\n", "x++", 1, "t.txt", m, 8), 1);
	assert_int_equal(m[0].len, 3);
	assert_int_equal(count_text("xxx y\n", "x+?", 1, "t.txt", m, 8), 3);
	assert_int_equal(m[0].len, 1);
	assert_int_equal(count_text("b\n", "a++b", 1, "t.txt", m, 8), 0);
	assert_int_equal(count_text("a+b [*+]\n", "a\\++b|[*+]+", 1, "t.txt", m,
	    8), 2);
	check_bad_regex("x+++++++++++++++++++++++++++++++");
	check_bad_regex("a)+++++++++++++++++++++++++b");
	check_bad_regex("a+*+**?b");
	check_bad_regex("(a{100}){100}{100}");
	check_bad_regex("((((a{1000}){1000}))");
	/* No \C: it would split a character. */
	check_bad_regex("\\C");
	assert_int_equal(count_text("aaa\n", "(a+)+", 1, "t.txt", m, 8), 1);
	assert_int_equal(count_text("aaa\n", "(a{1000}){1000}", 1, "t.txt", m,
	    8), 0);
	/* Perl's leftmost-first: the first alternative that matches. */
	assert_int_equal(count_text("ab\n", "a|ab", 1, "t.txt", m, 8), 1);
	assert_int_equal(m[0].len, 1);
	/* \w, \d and \b know Unicode: an ideograph is a word character. */
	assert_int_equal(count_text("第１２章 ab\n", "\\w+", 1, "t.txt", m, 8),
	    2);
	assert_int_equal(m[0].len, strlen("第１２章"));
	assert_int_equal(count_text("第１２章\n", "\\d+", 1, "t.txt", m, 8), 1);
	assert_int_equal(count_text("[[:alpha:]]\n", "[[:alpha:]]+", 1,
	    "t.txt", m, 8), 1);
	assert_int_equal(count_text("a1 b2\n", "(\\w)\\d", 1, "t.txt", m, 8),
	    2);
	assert_int_equal(count_text(t, "[0-9]+亿", 1, "t.txt", m, 8), 1);
	assert_int_equal(m[0].off, strlen("工业泡沫 Industrial Bubble "));
	assert_int_equal(m[0].len, strlen("560亿"));
	/* Smart case: REG_ICASE on folded text. */
	assert_int_equal(count_text(t, "bubble|industrial", 1, "t.txt", m, 8),
	    2);
	assert_int_equal(count_text(t, "Bubble|industrial", 1, "t.txt", m, 8),
	    1);
	/* Empty matches are skipped; ＡＩ folds before matching. */
	assert_int_equal(count_text(t, "x*", 1, "t.txt", m, 8), 0);
	assert_int_equal(count_text("ＡＩ ai\n", "a.", 1, "t.txt", m, 8), 2);
	/* A full-width parenthesis stays literal. */
	assert_int_equal(count_text("(a) （b）\n", "（b）", 1, "t.txt", m, 8),
	    1);
	assert_int_equal(count_text("^x$", "^工业", 1, "t.txt", m, 8), 0);
	assert_int_equal(count_text(t, "^工业", 1, "t.txt", m, 8), 1);
}

/* Steps a search to its end from `from`; asserts that no step took long
 * (the keys are read between steps) and returns how it ended. */
static int
check_steps_short(struct search *s, struct doc *d, size_t from, int backward)
{
	struct search_match	 m;
	size_t			 resume;
	long long		 t0, worst = 0, dt;
	int			 r, steps = 0;

	do {
		t0 = cpu_ms();
		r = search_step(s, d, from, backward, BIG, &m, &resume);
		dt = cpu_ms() - t0;
		worst = dt > worst ? dt : worst;
		from = resume;
		steps++;
	} while (r == SEARCH_MORE && steps < 10000);
	print_message("# hostile regex %s: %d steps, worst %lld ms\n",
	    backward ? "backward" : "forward", steps, worst);
	assert_true(worst < 150);
	assert_int_not_equal(r, SEARCH_MORE);
	return r;
}

static void
test_regex_hostile(void **state)
{
	size_t			 n = 60000;
	char			*t = xmalloc(n + 2);
	struct doc		*d;
	struct search		*s;

	(void)state;
	memset(t, 'a', n);
	t[n] = '\n';
	d = mem_doc(t, n + 1, "a.txt");
	s = new_search("(a|aa)*b", 1);
	assert_int_equal(check_steps_short(s, d, 0, 0), SEARCH_NONE);
	assert_int_equal(check_steps_short(s, d, n, 1), SEARCH_NONE);
	search_free(s);
	doc_free(d);
	free(t);
}

/* Resident memory in KiB. */
static long
rss_kib(void)
{
	long	 pages = 0, rss = 0;
	FILE	*f = fopen("/proc/self/statm", "r");

	if (f != NULL) {
		if (fscanf(f, "%ld %ld", &pages, &rss) != 2)
			rss = 0;
		fclose(f);
	}
	return rss * (sysconf(_SC_PAGESIZE) / 1024);
}

/* Pattern pat on d (a long line of 'a'): the search, both ways, the
 * highlight of its first paragraph and the count each end in a short time,
 * as `want` (SEARCH_COSTLY, or -3: SEARCH_NONE or SEARCH_COSTLY), in
 * little memory. */
static void
check_costly(struct doc *d, const char *pat, int want)
{
	struct search		*s = new_search(pat, 1);
	struct search_match	 m[4];
	struct doc_para		 p;
	size_t			 total;
	long long		 t0 = util_now_ms();
	long			 rss0 = rss_kib();
	int			 r, costly;

	r = check_steps_short(s, d, 0, 0);
	if (want == SEARCH_COSTLY)
		assert_int_equal(r, SEARCH_COSTLY);
	else
		assert_true(r == SEARCH_NONE || r == SEARCH_COSTLY);
	assert_int_equal(check_steps_short(s, d, doc_len(d), 1), r);
	assert_int_equal(doc_para_at(d, 0, &p), 0);
	t0 = cpu_ms();
	assert_int_equal(search_para(s, d, &p, m, 4, &costly), 0);
	assert_int_equal(costly, r == SEARCH_COSTLY);
	assert_true(cpu_ms() - t0 < 150);
	t0 = util_now_ms();
	search_count_start(s, d);
	while ((r = search_count(s, &total)) == 0) {
		assert_true(util_now_ms() - t0 < 20000);
		usleep(1000);
	}
	assert_int_equal(r, want == SEARCH_COSTLY ? -1 : r);
	assert_int_equal(total, 0);
	print_message("# %s: %lld ms, %ld KiB more\n", pat,
	    util_now_ms() - t0, rss_kib() - rss0);
	assert_true(rss_kib() - rss0 < 64 * 1024);
	search_free(s);
}

/* Patterns that backtrack without end on 322 KB of 'a' (issue 14): the
 * search stops where a PCRE2 limit is hit, or finishes, in a short time
 * and little memory, and says which. */
static void
test_regex_costly(void **state)
{
	size_t		 n = 322000;
	char		*t = xmalloc(n + 2);
	struct doc	*d;

	(void)state;
	memset(t, 'a', n);
	t[n] = '\n';
	d = mem_doc(t, n + 1, "a.txt");
	check_costly(d, "(a*)*\\1b", -3);
	check_costly(d, "(.*){20}b", -3);
	check_costly(d, "(a*)*\\1[bc]", SEARCH_COSTLY);
	check_costly(d, "(.*){20}[bc]", SEARCH_COSTLY);
	check_costly(d, "(a|aa)*[bc]", SEARCH_COSTLY);
	check_costly(d, "(?:(a?){30}a{30})+[bc]", SEARCH_COSTLY);
	/* Without the JIT: the interpreter, one start per call. */
	check_costly(d, "(*NO_JIT)(a|aa)*[bc]", SEARCH_COSTLY);
	doc_free(d);
	free(t);
}

/* A pattern that stays under the limits but costs much at every start:
 * the search goes on in steps as short as any (the keys are read between
 * them), either way, and the highlight gives up in a step's time. */
static void
test_regex_slow(void **state)
{
	size_t			 n = 322000, from[2] = { 0, 322000 }, resume;
	char			*t = xmalloc(n + 2);
	struct doc		*d;
	struct search		*s;
	struct search_match	 m[4];
	struct doc_para		 p;
	long long		 t0, dt, worst = 0;
	int			 i, costly, back;

	(void)state;
	memset(t, 'a', n);
	t[n] = '\n';
	d = mem_doc(t, n + 1, "a.txt");
	s = new_search("(?:a|a){1,14}[bc]", 1);
	for (back = 0; back < 2; back++)
		for (i = 0; i < 10; i++) {
			t0 = cpu_ms();
			assert_int_equal(search_step(s, d, from[back], back, BIG,
			    m, &resume), SEARCH_MORE);
			dt = cpu_ms() - t0;
			worst = dt > worst ? dt : worst;
			from[back] = resume;
		}
	assert_int_equal(doc_para_at(d, 0, &p), 0);
	t0 = cpu_ms();
	assert_int_equal(search_para(s, d, &p, m, 4, &costly), 0);
	assert_int_equal(costly, 1);
	dt = cpu_ms() - t0;
	worst = dt > worst ? dt : worst;
	print_message("# slow regex: worst step %lld ms\n", worst);
	assert_true(worst < 100);
	doc_free(d);
	/* Each step goes on where the last stopped: it comes to an end. */
	d = mem_doc(t, 3000, "a.txt");
	assert_int_equal(check_steps_short(s, d, 0, 0), SEARCH_NONE);
	search_free(s);
	doc_free(d);
	free(t);
}

static void
test_backward(void **state)
{
	static const char	 t[] = "泡沫一\n二泡沫三泡沫\nx\n泡\n沫\n泡沫\n";
	struct search_match	 fw[8], m;
	struct doc		*d = mem_doc(t, strlen(t), "t.txt");
	struct search		*s = new_search("泡沫", 0);
	size_t			 n, i, resume;

	(void)state;
	n = all_matches(s, d, fw, 8);
	assert_int_equal(n, 4);
	assert_int_equal(search_step(s, d, strlen(t), 1, BIG, &m, &resume),
	    SEARCH_FOUND);
	assert_int_equal(m.off, fw[n - 1].off);
	for (i = n - 1; i > 0; i--) {
		assert_int_equal(search_step(s, d, fw[i].off, 1, BIG, &m,
		    &resume), SEARCH_FOUND);
		assert_int_equal(m.off, fw[i - 1].off);
		/* Starting just after a match start finds that match. */
		assert_int_equal(search_step(s, d, fw[i].off + 1, 1, BIG, &m,
		    &resume), SEARCH_FOUND);
		assert_int_equal(m.off, fw[i].off);
	}
	assert_int_equal(search_step(s, d, fw[0].off, 1, BIG, &m, &resume),
	    SEARCH_NONE);
	/* A tiny budget: MORE until done, same answer. */
	i = 0;
	resume = strlen(t);
	while ((n = (size_t)search_step(s, d, resume, 1, 1, &m, &resume)) ==
	    (size_t)SEARCH_MORE)
		i++;
	assert_int_equal((int)n, SEARCH_FOUND);
	assert_int_equal(m.off, fw[3].off);
	search_free(s);
	doc_free(d);
}

/* The anchor prefilter reads bytes as stored: invalid bytes around and
 * between the key's characters neither hide a match nor make one. */
static void
test_invalid_bytes(void **state)
{
	static const char	 t[] = "\xff\xe4泡沫\xf0\n泡\xe4沫\n\xe5泡沫\x80\n";
	struct search_match	 m[4];

	(void)state;
	assert_int_equal(count_text(t, "泡沫", 0, "t.txt", m, 4), 2);
	assert_int_equal(m[0].off, 2);
	assert_int_equal(m[1].off, strlen("\xff\xe4泡沫\xf0\n泡\xe4沫\n\xe5"));
}

static void
test_para(void **state)
{
	static const char	 t[] = "AI和ai与ＡＩ\n";
	struct doc		*d = mem_doc(t, strlen(t), "t.txt");
	struct search		*s = new_search("ai", 0);
	struct search_match	 m[2];
	struct doc_para		 p;
	int			 costly;

	(void)state;
	assert_int_equal(search_para(NULL, d, NULL, m, 2, &costly), 0);
	assert_int_equal(doc_para_at(d, 0, &p), 0);
	assert_int_equal(search_para(s, d, &p, m, 2, &costly), 3);
	assert_int_equal(costly, 0);
	assert_int_equal(m[0].off, 0);
	assert_int_equal(m[1].off, strlen("AI和"));
	search_free(s);
	doc_free(d);
}

/* The counting thread agrees with stepping, and search_index numbers each
 * match. */
static void
check_count(const char *text, size_t len, const char *name, const char *pat,
    int regex)
{
	struct doc		*d = mem_doc(text, len, name);
	struct search		*s = new_search(pat, regex);
	struct search_match	*m = xreallocarray(NULL, 4096, sizeof *m);
	struct search_match	 b;
	size_t			 n, i, from, resume;
	int			 r;

	n = all_matches(s, d, m, 4096);
	search_count_start(s, d);
	assert_int_equal(wait_count(s), n);
	for (i = 0; i < n && i < 4096; i++)
		assert_int_equal(search_index(s, m[i].off), i + 1);
	/* Stepping backward meets the same matches, last first. */
	for (i = n, from = len; i > 0; from = b.off) {
		if ((r = search_step(s, d, from, 1, BIG, &b, &resume)) ==
		    SEARCH_MORE) {
			b.off = resume;
			continue;
		}
		assert_int_equal(r, SEARCH_FOUND);
		i--;
		if (i < 4096)
			assert_int_equal(b.off, m[i].off);
	}
	assert_int_equal(search_step(s, d, from, 1, BIG, &b, &resume),
	    SEARCH_NONE);
	search_free(s);
	doc_free(d);
	free(m);
}

/* A match around a long hidden note (Aozora ［＃...］, '\n' in the search
 * text, dropped by the fold) whose candidate, the rarer 据, comes after
 * it: the counter folds only near its candidates, and must reach back over
 * the hidden bytes to where the match starts. */
static void
test_count_hidden(void **state)
{
	char	 text[4096];
	size_t	 n = 0;

	(void)state;
	n += (size_t)sprintf(text + n, "［＃注記］\n\n");
	for (int i = 0; i < 40; i++)
		n += (size_t)sprintf(text + n, "数");
	n += (size_t)sprintf(text + n, "\n\n甲数［＃ここに長い注記があり、"
	    "検索はこれを飛ばして前後をつなぐ］据乙\n\n丙数据丁\n");
	check_count(text, n, "t.txt", "数据", 0);
	assert_int_equal(count_text(text, "数据", 0, "t.txt", NULL, 0), 2);
}

static void
test_count_index(void **state)
{
	/* Rows as long as a hard wrap (64 cells), so that they join. */
	static const char	 t[] = "AI泡沫ai字字字字字字字字字字字字字字字字字字字字字字字字字字字字\n"
	    "泡沫\n\nＡＩ 字字字字字字字字字字字字字字字字字字字字字字字字字字字字 泡\n沫 x\n";
	char			*big;
	size_t			 i, n = 0;

	(void)state;
	check_count(t, strlen(t), "t.txt", "泡沫", 0);
	check_count(t, strlen(t), "t.txt", "ai", 0);
	check_count(t, strlen(t), "t.md", "泡沫", 0);
	check_count(t, strlen(t), "t.txt", "泡.", 1);
	check_count(t, strlen(t), "t.md", "泡.", 1);
	/* Enough matches to thin the checkpoints and cross blocks. */
	big = xmalloc(3 * 1024 * 1024);
	for (i = 0; n + 64 < 3 * 1024 * 1024; i++)
		n += (size_t)snprintf(big + n, 64, "%s%zu\n", i % 3 ? "泡沫 " :
		    "ＡＩ第", i);
	check_count(big, n, "big.txt", "泡沫", 0);
	check_count(big, n, "big.txt", "ai第1", 0);
	free(big);
}

/* text with every "\n" turned into "\r\n" (caller frees). */
static char *
crlf_of(const char *text, size_t *len)
{
	char	*out = xmalloc(2 * strlen(text) + 1);
	size_t	 o = 0;

	for (; *text != '\0'; text++) {
		if (*text == '\n')
			out[o++] = '\r';
		out[o++] = *text;
	}
	out[o] = '\0';
	*len = o;
	return out;
}

/* check_count() on text as it is and with CRLF line ends. */
static void
check_count_crlf(const char *text, const char *name, const char *pat,
    int regex)
{
	char	*c;
	size_t	 n;

	check_count(text, strlen(text), name, pat, regex);
	c = crlf_of(text, &n);
	check_count(c, n, name, pat, regex);
	free(c);
}

/* A hard-wrapped line: fill ideographs (never 泡 or 沫) up to cols
 * columns, then tail. */
static size_t
wrap_line(char *out, size_t cols, const char *head, const char *tail)
{
	static const char	 fill[] = "文字测试内容长篇";
	size_t			 n = 0, w = 0, i = 0;

	n += (size_t)sprintf(out + n, "%s", head);
	w += ustr_strwidth(head, strlen(head));
	while (w + ustr_strwidth(tail, strlen(tail)) < cols) {
		memcpy(out + n, fill + i % (sizeof fill - 1), 3);
		n += 3;
		i += 3;
		w += 2;
	}
	n += (size_t)sprintf(out + n, "%s\n", tail);
	return n;
}

/* The counter's total is the number of steps, forward and backward, on
 * texts whose paragraphs are not simply runs of non-blank lines: fenced
 * code, quotes and lists in Markdown; in hard-wrapped text, a term split by
 * a join inside a paragraph and by the end of one (a short line, an indent,
 * a chapter heading); each also with CRLF. */
static void
test_count_paragraphs(void **state)
{
	static const char	 md[] =
	    "# 标题泡沫\n\n正文里的泡沫，还有泡\n沫。\n\n"
	    "```泡沫\n代码泡\n沫代码\n泡沫\n```\n\n"
	    "> 引用里的泡\n> 沫也算\n\n- 列表泡\n  沫续行\n- 泡\n- 沫\n\n"
	    "泡沫小标题\n-----\n\n    缩进泡\n    沫\n";
	char			*t = xmalloc(64 * 1024);
	size_t			 n = 0, i;

	(void)state;
	check_count_crlf(md, "t.md", "泡沫", 0);
	check_count_crlf(md, "t.md", "泡.", 1);
	check_count_crlf(md, "t.md", "代码", 0);
	/* Hard-wrapped at 60 columns. */
	for (i = 0; i < 4; i++)
		n += wrap_line(t + n, 60, "　　", "内");
	n += wrap_line(t + n, 60, "", "泡");	/* a join: 泡沫 */
	n += wrap_line(t + n, 60, "沫", "文");
	n += wrap_line(t + n, 60, "", "字");
	n += (size_t)sprintf(t + n, "短的一行泡\n");	/* ends a paragraph */
	n += wrap_line(t + n, 60, "沫", "文");
	n += wrap_line(t + n, 60, "", "泡");
	n += wrap_line(t + n, 60, "　　沫", "字");	/* an indent begins one */
	n += wrap_line(t + n, 60, "", "泡");
	n += (size_t)sprintf(t + n, "第二章 泡\n");	/* a heading */
	n += wrap_line(t + n, 60, "沫", "字");
	for (i = 0; i < 4; i++)
		n += wrap_line(t + n, 60, "", i % 2 ? "泡" : "沫");
	n += (size_t)sprintf(t + n, "\n");
	for (i = 0; i < 6; i++)
		n += wrap_line(t + n, 60, "　　", "泡沫");
	t[n] = '\0';
	{
		struct doc *d = mem_doc(t, n, "w.txt");

		assert_true(doc_is_hardwrapped(d) && !doc_is_markdown(d));
		doc_free(d);
	}
	check_count_crlf(t, "w.txt", "泡沫", 0);
	check_count_crlf(t, "w.txt", "沫文", 0);
	check_count_crlf(t, "w.txt", "泡.", 1);
	free(t);
}

/* Stepping's paragraphs change when doc publishes its outline (a heading
 * becomes a paragraph of its own): a count started before follows. */
static void
test_count_outline(void **state)
{
	struct doc_opts		 o = { 0 };
	struct doc		*d;
	struct search		*s;
	struct search_match	 m[8];
	char			*t = xmalloc(16 * 1024), *cause = NULL;
	size_t			 n = 0, i, before, after;

	(void)state;
	for (i = 0; i < 6; i++)
		n += wrap_line(t + n, 60, "　　", "内");
	n += wrap_line(t + n, 60, "", "泡");
	/* A heading for chapter_like, not for the outline (no blank line
	 * around it): a paragraph of its own until the outline comes. */
	n += (size_t)sprintf(t + n, "第三章\n");
	for (i = 0; i < 6; i++)
		n += wrap_line(t + n, 60, i == 0 ? "　　" : "", "内");
	o.markdown = -1;
	o.no_scan = 1;
	d = doc_open_mem(t, n, "h.txt", &o, &cause);
	assert_non_null(d);
	assert_true(doc_is_hardwrapped(d));
	s = new_search("泡第", 0);
	before = all_matches(s, d, m, 8);
	search_count_start(s, d);
	assert_int_equal(wait_count(s), before);
	doc_scan_wait(d);	/* publishes the outline */
	assert_non_null(doc_outline(d));
	after = all_matches(s, d, m, 8);
	assert_int_equal(before, 0);
	assert_int_equal(after, 1);
	assert_int_equal(wait_count(s), after);
	search_free(s);
	doc_free(d);
	free(t);
}

/* A line longer than DOC_PARA_MAX comes as virtual paragraphs, cut between
 * two ideographs at a multiple of 61440 bytes (plus the x before) here: a
 * match starting at a cut is stepped to and counted once, also when the
 * piece before has a candidate but no match. */
static void
test_count_cuts(void **state)
{
	size_t	 n = 70000, i, o = 0;
	char	*t = xmalloc(4 * n + 2);

	(void)state;
	for (i = 0; i < n; i++) {
		memcpy(t + o, i % 20480 == 0 || i % 20480 == 7 ? "泡" : "文",
		    3);
		o += 3;
		/* 泡x right after each cut, a lone 泡 before it. */
		if (i % 20480 == 0 && i > 0)
			t[o++] = 'x';
	}
	t[o++] = '\n';
	check_count(t, o, "cut.txt", "泡", 0);
	check_count(t, o, "cut.txt", "泡x", 0);
	check_count(t, o, "cut.txt", "文泡", 0);
	/* The last cut, no candidate after its match to look back from. */
	memcpy(t + 3 * 20487 + 1, "文", 3);
	check_count(t, 3 * 30000 + 1, "cut.txt", "泡x", 0);
	free(t);
}

static void
test_cancel(void **state)
{
	size_t		 n = 40 * 1024 * 1024, i, total;
	char		*t = xmalloc(n);
	struct doc	*d;
	struct search	*s;
	long long	 t0, dt;

	(void)state;
	for (i = 0; i + 64 < n; ) {
		memcpy(t + i, "这是一段测试用的文字，", 33);
		i += 33;
		if (i % 1000 < 33)
			t[i++] = '\n';
	}
	n = i;
	d = mem_doc(t, n, "c.txt");
	s = new_search("文字.测", 1);	/* no prefilter: slow */
	search_count_start(s, d);
	usleep(30000);
	assert_int_equal(search_count(s, &total), 0);
	t0 = util_now_ms();
	search_free(s);
	dt = util_now_ms() - t0;
	print_message("# cancel took %lld ms\n", dt);
	assert_true(dt < 100);
	doc_free(d);
	free(t);
}

/* Line number (1-based) of offset off in text. */
static size_t
line_of(const char *t, size_t off)
{
	size_t	 n = 1, i;

	for (i = 0; i < off; i++)
		n += t[i] == '\n';
	return n;
}

/* The article: 工业泡沫 three times (twice on line 14, once on 15), 泡沫 15
 * times, AI in upper case only. */
static void
test_article(void **state)
{
	struct doc_opts		 o = { 0 };
	struct doc		*d;
	struct search		*s;
	struct search_match	 m[64];
	char			*cause = NULL, *raw;
	const char		*p;
	size_t			 n, len = 0, ai = 0;

	(void)state;
	raw = test_slurp(TEST_ARTICLE, &len);
	assert_non_null(raw);
	o.markdown = -1;
	d = doc_open(TEST_ARTICLE, &o, &cause);
	assert_non_null(d);
	doc_scan_wait(d);
	s = new_search("工业泡沫", 0);
	n = all_matches(s, d, m, 64);
	assert_int_equal(n, 3);
	assert_int_equal(line_of(raw, m[0].off), 14);
	assert_int_equal(line_of(raw, m[1].off), 14);
	assert_int_equal(line_of(raw, m[2].off), 15);
	search_count_start(s, d);
	assert_int_equal(wait_count(s), 3);
	assert_int_equal(search_index(s, m[2].off), 3);
	search_free(s);
	s = new_search("泡沫", 0);
	assert_int_equal(all_matches(s, d, m, 64), 15);
	search_count_start(s, d);
	assert_int_equal(wait_count(s), 15);
	search_free(s);
	for (p = raw; (p = memmem(p, len - (size_t)(p - raw), "AI", 2)) !=
	    NULL; p += 2)
		ai++;
	assert_true(ai > 3);
	s = new_search("ai", 0);
	assert_int_equal(all_matches(s, d, m, 64), ai);
	search_count_start(s, d);
	assert_int_equal(wait_count(s), ai);
	search_free(s);
	s = new_search("ＡＩ", 0);
	assert_int_equal(all_matches(s, d, m, 64), ai);
	search_free(s);
	s = new_search("Ai", 0);
	assert_int_equal(all_matches(s, d, m, 64), 0);
	search_free(s);
	doc_free(d);
	free(raw);
}

/* The article hard-wrapped greedily at cols columns, a blank line between
 * paragraphs. */
static char *
wrap_article(const char *raw, size_t len, size_t cols, size_t *outlen)
{
	char		*out = xmalloc(len * 2 + 16);
	size_t		 i = 0, o = 0, at = 0, l, w;
	uint32_t	 cp;

	while (i < len) {
		if (raw[i] == '\n') {
			out[o++] = '\n';
			out[o++] = '\n';
			at = 0;
			i++;
			continue;
		}
		l = ustr_decode(raw + i, len - i, &cp);
		w = (size_t)ustr_width(cp);
		if (at + w > cols) {
			out[o++] = '\n';
			at = 0;
		}
		memcpy(out + o, raw + i, l);
		o += l;
		at += w;
		i += l;
	}
	*outlen = o;
	return out;
}

static void
test_article_wrapped(void **state)
{
	struct doc		*d;
	struct search		*s;
	struct search_match	 m[64];
	char			*raw, *w = NULL;
	size_t			 n, len = 0, wlen = 0, i, cols, split = 0;

	(void)state;
	raw = test_slurp(TEST_ARTICLE, &len);
	assert_non_null(raw);
	/* The first width whose wrap breaks a line between 工业 and 泡沫. */
	for (cols = 40; cols < 80; cols++) {
		w = wrap_article(raw, len, cols, &wlen);
		if (memmem(w, wlen, "工业\n泡沫", 13) != NULL)
			break;
		free(w);
		w = NULL;
	}
	assert_non_null(w);
	d = mem_doc(w, wlen, "wrapped.txt");
	assert_true(doc_is_hardwrapped(d));
	s = new_search("工业泡沫", 0);
	n = all_matches(s, d, m, 64);
	assert_int_equal(n, 3);
	for (i = 0; i < n; i++)
		split += memchr(w + m[i].off, '\n', m[i].len) != NULL;
	assert_true(split >= 1);
	search_count_start(s, d);
	assert_int_equal(wait_count(s), 3);
	assert_int_equal(search_index(s, m[1].off), 2);
	assert_int_equal(search_index(s, m[2].off), 3);
	search_free(s);
	s = new_search("泡沫", 0);
	assert_int_equal(all_matches(s, d, m, 64), 15);
	search_count_start(s, d);
	assert_int_equal(wait_count(s), 15);
	search_free(s);
	doc_free(d);
	free(w);
	free(raw);
}

/* search.c trusts that only these blocks fold to a CJK ideograph other than
 * themselves (the anchor prefilter relies on it): check every code point of
 * planes 0-3. */
static void
test_ideograph_sources(void **state)
{
	static const uint32_t	 src[][2] = {
		{ 0x2E80, 0x2FDF }, { 0x3000, 0x33FF }, { 0xF900, 0xFAFF },
		{ 0x1F100, 0x1F2FF }, { 0x2F800, 0x2FA1F },
	};
	uint32_t		 cp, c;
	size_t			 r, n, ol, i, bad = 0;
	char			 enc[4], *out;
	int			 listed;

	(void)state;
	/* NFKC's sources; the script forms of ideographs are the filter's
	 * forms (test_script_fold). */
	ustr_set_script_fold(0);
	for (cp = 0; cp < 0x40000; cp++) {
		if ((cp >= 0xD800 && cp <= 0xDFFF) || (cp >= 0x4E00 &&
		    cp <= 0x9FFF) || (cp >= 0x20000 && cp <= 0x2A6DF))
			continue;
		for (listed = 0, r = 0; r < sizeof src / sizeof src[0]; r++)
			listed |= cp >= src[r][0] && cp <= src[r][1];
		if (listed)
			continue;
		n = ustr_encode(cp, enc);
		out = ustr_fold(enc, n, 1, &ol, NULL);
		for (i = 0; i < ol; i += ustr_decode(out + i, ol - i, &c)) {
			ustr_decode(out + i, ol - i, &c);
			if (c != cp && ((c >= 0x3400 && c <= 0x4DBF) ||
			    (c >= 0x4E00 && c <= 0x9FFF) || c >= 0x20000)) {
				print_message("# U+%04X folds to U+%04X\n",
				    (unsigned)cp, (unsigned)c);
				bad++;
			}
		}
		free(out);
	}
	assert_int_equal(bad, 0);
}

/* Script folding on the project's traditional-Chinese text (tests/data/
 * README.md): a pattern finds every form of its characters, each match the
 * text as written; the counter agrees with stepping both ways (check_count)
 * with lines apart and joined (Markdown), through each kind of prefilter: a
 * run (玉 of 宝玉, 展 of 发展), the forms of one character (台, 发), a
 * trigger (龟: 龜 is also what ⿔ folds to, so no anchor); with the policy
 * off, exact forms again. */
static void
test_script_fold(void **state)
{
	static const struct {
		const char	*pat;
		size_t		 on, off;
	} want[] = {
		{ "宝玉", 7, 1 }, { "寶玉", 7, 6 }, { "发展", 2, 0 },
		{ "干", 4, 1 }, { "乾", 4, 2 }, { "台", 4, 0 }, { "发", 5, 0 },
		{ "后", 2, 0 }, { "着", 1, 0 }, { "臺灣", 1, 1 },
	};
	struct search_match	 m[8];
	size_t			 len = 0, i;
	char			*text = test_slurp(TEST_TRAD, &len);
	const char		*turtle = "龟兔，龜兔，⿔兔，龜兔。\n";

	(void)state;
	assert_non_null(text);
	for (int on = 1; on >= 0; on--) {
		ustr_set_script_fold(on);
		for (i = 0; i < sizeof want / sizeof want[0]; i++) {
			assert_int_equal(count_text(text, want[i].pat, 0,
			    "trad.txt", m, 8), on ? want[i].on : want[i].off);
			check_count(text, len, "trad.txt", want[i].pat, 0);
			check_count(text, len, "trad.md", want[i].pat, 0);
		}
		assert_int_equal(count_text(turtle, "龟", 0, "t.txt", m, 8),
		    on ? 4 : 1);
		check_count(turtle, strlen(turtle), "t.txt", "龟", 0);
	}
	ustr_set_script_fold(1);
	/* /宝玉 highlights 寶玉 as written: first in 「寶玉從臺北」 */
	assert_int_equal(count_text(text, "宝玉", 0, "trad.txt", m, 8), 7);
	assert_int_equal(m[0].len, strlen("寶玉"));
	assert_memory_equal(text + m[0].off, "寶玉", m[0].len);
	assert_memory_equal(text + m[4].off, "宝玉", m[4].len);
	assert_int_equal(count_text(text, "宝.", 1, "trad.txt", m, 8), 7);
	ustr_set_script_fold(0);
	free(text);
}

/* The forms of one character as the needle (头 and 頭 for 头发, whose 发
 * is in every line as 發), one form rarer than another, over several
 * blocks: the counter and stepping still agree. */
static void
test_script_fold_big(void **state)
{
	size_t	 cap = 3 * 1024 * 1024 / 2, n = 0, i;
	char	*big = xmalloc(cap);

	(void)state;
	ustr_set_script_fold(1);
	for (i = 0; n + 64 < cap; i++)
		n += (size_t)snprintf(big + n, 64, "%s%zu\n", i % 997 == 0 ?
		    "头发" : i % 50 == 0 ? "頭髮" : "發現字字", i);
	check_count(big, n, "big.txt", "头发", 0);
	/* 头 across the end of the first window of the forms' search (4096
	 * bytes), then 发 across the end of stepping's first read (4096 too),
	 * where the spelling of the run around 头 cannot be checked; lines of
	 * many lengths, not hard-wrapped (joined lines have no run) */
	for (size_t at = 4095; at >= 4092; at -= 3) {
		memset(big, 'x', at);
		for (i = 7; i < at; i += 7 + i % 89)
			big[i] = '\n';
		memcpy(big + at, "头发\n", 8);
		assert_int_equal(count_text(big, "头发", 0, "edge.txt", NULL,
		    0), 1);
		check_count(big, strlen(big), "edge.txt", "头发", 0);
	}
	ustr_set_script_fold(0);
	free(big);
}

/* A generated text for test_count_generated: lines of random pieces (the
 * simplified and traditional forms of 数据 and 宝玉, full-width and
 * upper-case letters, invalid bytes, filler) of random lengths, so that
 * doc keeps lines apart; or, joined, paragraphs of a few lines each
 * between blank lines, where a match may cross a line break. Returns its
 * length (len bytes at most in out). */
static size_t
gen_text(char *out, size_t len, unsigned seed, int joined)
{
	static const char *const piece[] = {
		"数", "數", "据", "據", "宝", "寶", "玉", "a", "A", "ａ", "Ａ",
		"b", "文", "字", "，", " ", "\xff", "\xe5", "\x80",
	};
	size_t		 n = 0, k, w, words;
	unsigned	 r = seed;

	while (n + 512 < len) {
		r = r * 1103515245 + 12345;
		words = 1 + (r >> 8) % 120;
		for (w = 0; w < words; w++) {
			r = r * 1103515245 + 12345;
			k = (r >> 8) % (sizeof piece / sizeof piece[0]);
			n += (size_t)sprintf(out + n, "%s", piece[k]);
		}
		out[n++] = '\n';
		if (joined && (r >> 20) % 4 == 0)
			out[n++] = '\n';
	}
	out[n] = '\0';
	return n;
}

/* Matches of pat in text whose lines are paragraphs, found without the
 * search module: the places where the folded pattern occurs in the fold
 * of each line (overlapping; no cluster of the pieces spans two
 * characters). */
static size_t
ref_count(const char *text, size_t len, const char *pat)
{
	int	 fold = !ustr_has_upper(pat, strlen(pat));
	size_t	 kl, fl, n = 0, a, b;
	char	*key = ustr_fold(pat, strlen(pat), fold, &kl, NULL), *f;
	const char *q;

	for (a = 0; a < len; a = b + 1) {
		for (b = a; b < len && text[b] != '\n'; b++)
			;
		f = ustr_fold(text + a, b - a, fold, &fl, NULL);
		for (q = f; (q = memmem(q, fl - (size_t)(q - f), key, kl)) !=
		    NULL; q++)
			n++;
		free(f);
	}
	free(key);
	return n;
}

/* Property: on generated texts the count equals the steps forward and
 * backward (check_count) with script folding on and off, through each
 * prefilter (a run spelt several ways, the forms of one character, a
 * trigger), and with lines apart equals ref_count too. The big text
 * crosses the counter's 1 MiB blocks; its needles end at every place of
 * the prefilter's sixteen-byte lanes. */
static void
test_count_generated(void **state)
{
	static const char *const pats[] = {
		"数据", "數據", "a数据", "据", "宝玉", "玉ａ", "A宝", "ab",
	};
	size_t	 cap = 1200 * 1024, n, i;
	char	*t = xmalloc(cap);
	struct doc *d;

	(void)state;
	for (int on = 1; on >= 0; on--) {
		ustr_set_script_fold(on);
		n = gen_text(t, cap, 16 + (unsigned)on, 0);
		d = mem_doc(t, n, "gen.txt");
		assert_false(doc_is_hardwrapped(d) || doc_hides_markup(d));
		doc_free(d);
		for (i = 0; i < sizeof pats / sizeof pats[0]; i++) {
			check_count(t, n, "gen.txt", pats[i], 0);
			assert_int_equal(count_text(t, pats[i], 0, "gen.txt",
			    NULL, 0), ref_count(t, n, pats[i]));
		}
		n = gen_text(t, 64 * 1024, 4 + (unsigned)on, 1);
		d = mem_doc(t, n, "join.txt");
		assert_true(doc_is_hardwrapped(d));
		doc_free(d);
		for (i = 0; i < sizeof pats / sizeof pats[0]; i++)
			check_count(t, n, "join.txt", pats[i], 0);
	}
	ustr_set_script_fold(0);
	free(t);
}

/* search_list: the starts the count keeps are the matches stepping finds,
 * in order, also when the count had finished before the list was asked for
 * (it kept them: no second count, gen unchanged) and past the first growth
 * of the table (5,000 matches). */
static void
test_list(void **state)
{
	struct search_match	*m = xreallocarray(NULL, 6000, sizeof *m);
	size_t			*offs = xreallocarray(NULL, 6000, sizeof *offs);
	char			*t = xmalloc(5000 * 40), *p = t;
	struct doc		*d;
	struct search		*s;
	size_t			 n, got, k;
	unsigned		 gen, gen2;

	(void)state;
	for (k = 0; k < 5000; k++)
		p += sprintf(p, "%s line %zu, the key\n\n", k % 3 ? "A" : "B", k);
	d = mem_doc(t, (size_t)(p - t), "list.txt");
	s = new_search("key", 0);
	n = all_matches(s, d, m, 6000);
	assert_int_equal(n, 5000);
	assert_int_equal(search_list(s, 0, offs, 6000, &gen), 0);
	search_count_start(s, d);
	assert_int_equal(wait_count(s), n);
	search_list_start(s, d);
	assert_int_equal(wait_count(s), n);
	got = search_list(s, 0, offs, 6000, &gen);
	assert_int_equal(got, n);
	assert_int_equal(gen, 0);
	for (k = 0; k < n; k++)
		assert_int_equal(offs[k], m[k].off);
	/* A window of the list. */
	assert_int_equal(search_list(s, 4990, offs, 100, &gen2), 10);
	assert_int_equal(gen2, gen);
	assert_int_equal(offs[9], m[4999].off);
	assert_int_equal(search_list(s, 5000, offs, 100, &gen2), 0);
	search_free(s);
	doc_free(d);
	free(t);
	free(offs);
	free(m);
}

/* More matches than the count keeps unasked (OFFS_FREE, 524,288): the list
 * asked for after the count counts again (gen changes), keeping every one,
 * in order. */
static void
test_list_many(void **state)
{
	const size_t	 n = 524288 + 10;
	char		*t = xmalloc(2 * n), *p = t;
	size_t		*offs = xreallocarray(NULL, n, sizeof *offs), k;
	struct doc	*d;
	struct search	*s;
	unsigned	 gen;

	(void)state;
	for (k = 0; k < n; k++) {
		*p++ = 'q';
		*p++ = '\n';
	}
	d = mem_doc(t, 2 * n, "many.txt");
	s = new_search("q", 0);
	search_count_start(s, d);
	assert_int_equal(wait_count(s), n);
	search_list_start(s, d);
	assert_int_equal(wait_count(s), n);
	assert_int_equal(search_list(s, 0, offs, n, &gen), n);
	assert_int_equal(gen, 1);
	for (k = 0; k < n; k++)
		assert_int_equal(offs[k], 2 * k);
	search_free(s);
	doc_free(d);
	free(offs);
	free(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_new_degenerate),
		cmocka_unit_test(test_smart_case),
		cmocka_unit_test(test_literal_basic),
		cmocka_unit_test(test_fullwidth),
		cmocka_unit_test(test_trigger_block_edge),
		cmocka_unit_test(test_clusters),
		cmocka_unit_test(test_longer_and_empty),
		cmocka_unit_test(test_markdown_joins),
		cmocka_unit_test(test_regex),
		cmocka_unit_test(test_regex_hostile),
		cmocka_unit_test(test_regex_costly),
		cmocka_unit_test(test_regex_slow),
		cmocka_unit_test(test_backward),
		cmocka_unit_test(test_invalid_bytes),
		cmocka_unit_test(test_para),
		cmocka_unit_test(test_count_hidden),
		cmocka_unit_test(test_count_index),
		cmocka_unit_test(test_count_paragraphs),
		cmocka_unit_test(test_count_cuts),
		cmocka_unit_test(test_count_outline),
		cmocka_unit_test(test_list),
		cmocka_unit_test(test_list_many),
		cmocka_unit_test(test_cancel),
		cmocka_unit_test(test_article),
		cmocka_unit_test(test_article_wrapped),
		cmocka_unit_test(test_ideograph_sources),
		cmocka_unit_test(test_script_fold),
		cmocka_unit_test(test_script_fold_big),
		cmocka_unit_test(test_count_generated),
	};

	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
