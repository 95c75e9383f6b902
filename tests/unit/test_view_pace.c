/* Unit tests for what the view measures of the reading (view_pace.c), on
 * a clock the test moves: page turns become pace samples in the marks
 * (the text that left the screen over the time since the last turn), the
 * first minute, jumps, moves back, prompts and pauses are not measured,
 * the reading time goes to the day's record, the place records what the
 * shelf shows, --wpm wins over a learned pace, and o asks for the shelf. */
#include "testutil.h"

#include "doc.h"
#include "keymap.h"
#include "layout.h"
#include "marks.h"
#include "outline.h"
#include "pace.h"
#include "view.h"

#define ROWS	24
#define COLS	80
#define FP	"0123456789abcdef"
#define S(x)	((long long)(x) * 1000)

static long long	clock_ms;

static long long
fake_clock(void)
{
	return clock_ms;
}

struct fx {
	char		*text;
	struct doc	*doc;
	struct view	*v;
	struct marks	*m;
};

/* Six chapters of thirty CJK paragraphs (some thirty pages), opened at
 * clock 0 with marks (in memory) and --wpm cpm (0: not given). */
static struct fx *
fx_open(int cpm)
{
	static const char	para[] =
	    "这是一段用来测试翻页的文字，它足够长，可以折成好几行。"
	    "阅读器应当按照中文排版的规则把它排好。";
	/* No digits, which count as words: CJK text only. */
	static const char *const num[] = { "一", "二", "三", "四", "五", "六" };
	struct fx		*f = calloc(1, sizeof *f);
	struct doc_opts		 o;
	struct view_opts	 vo;
	size_t			 cap = 256 * 1024, n = 0;
	char			*cause = NULL;

	assert_non_null(f);
	f->text = malloc(cap);
	assert_non_null(f->text);
	for (int sec = 0; sec < 6; sec++) {
		n += (size_t)snprintf(f->text + n, cap - n, "# 第%s章 标题\n\n",
		    num[sec]);
		for (int p = 0; p < 30; p++)
			n += (size_t)snprintf(f->text + n, cap - n, "%s\n\n", para);
	}
	memset(&o, 0, sizeof o);
	o.markdown = 1;
	o.no_scan = 1;
	f->doc = doc_open_mem(f->text, n, "book.md", &o, &cause);
	assert_non_null(f->doc);
	doc_scan_wait(f->doc);
	memset(&vo, 0, sizeof vo);
	vo.clock = fake_clock;
	vo.cjk_per_min = cpm;
	vo.words_per_min = cpm;
	clock_ms = 0;
	f->v = view_new(f->doc, &vo, ROWS, COLS);
	view_poll(f->v);
	f->m = marks_new(NULL);
	view_set_marks(f->v, f->m, FP, "/x/book.md", 0);
	return f;
}

static void
fx_close(struct fx *f)
{
	view_free(f->v);
	doc_free(f->doc);
	marks_free(f->m);
	free(f->text);
	free(f);
}

/* CJK characters of the text [a, b), as the outline counts them. */
static double
cjk_between(struct fx *f, size_t a, size_t b)
{
	struct outline_counts	k;

	outline_count_line(f->text + a, b - a, &k);
	return (double)k.cjk;
}

/* cmd at clock second t; returns how far the top moved. */
static size_t
at(struct fx *f, long long t, enum cmd cmd)
{
	size_t	before = view_top_off(f->v);

	clock_ms = S(t);
	view_apply(f->v, cmd, -1);
	return view_top_off(f->v) - before;
}

/* Each interval ends with a command: a move forward makes it a sample of
 * the text that left the screen, unless it began in the first minute, was
 * longer than three minutes or ran faster than anyone reads; one that ends
 * with a move back, a jump or a prompt is no sample. */
static void
test_turns_are_samples(void **state)
{
	struct fx		*f = fx_open(0);
	const struct pace_rate	*r = marks_pace(f->m, PACE_CJK);
	size_t			 a, b;
	double			 want;

	(void)state;
	at(f, 30, CMD_PAGE_DOWN);	/* 0-30: the first minute */
	at(f, 70, CMD_PAGE_DOWN);	/* 30-70: began in the first minute */
	assert_true(r->seconds == 0);
	a = view_top_off(f->v);
	assert_true(at(f, 100, CMD_PAGE_DOWN) > 0);	/* 70-100: a page */
	b = view_top_off(f->v);
	want = cjk_between(f, a, b);
	assert_true(want > 100);
	assert_true(r->seconds == 30);
	assert_true(r->per_min > want * 2 - 0.001 && r->per_min < want * 2 + 0.001);
	assert_true(marks_pace(f->m, PACE_LATIN)->seconds == 0);

	at(f, 130, CMD_PAGE_UP);	/* 100-130 ends going back: none */
	at(f, 160, CMD_PAGE_DOWN);	/* 130-160: a sample */
	assert_true(r->seconds == 60);
	/* A jump forward at reading speed is no sample either. */
	at(f, 260, CMD_SECTION_NEXT);	/* 160-260 ends in a jump: none */
	at(f, 290, CMD_PAGE_DOWN);	/* 260-290: a sample */
	assert_true(r->seconds == 90);
	/* A search found on the screen: the time typing is no sample. */
	at(f, 300, CMD_SEARCH_FWD);
	clock_ms = S(320);
	a = view_top_off(f->v);
	view_search_enter(f->v, "阅读器", 0, &(int){ 0 });
	while (view_searching(f->v))	/* as the ui steps it between keys */
		view_search_step(f->v, 1 << 20);
	assert_int_equal(view_top_off(f->v), a);	/* no move */
	at(f, 350, CMD_PAGE_DOWN);	/* 320-350: a sample */
	assert_true(r->seconds == 120);
	at(f, 590, CMD_PAGE_DOWN);	/* 350-590, four minutes: a pause */
	assert_true(r->seconds == 120);
	at(f, 610, CMD_SEARCH_CLEAR);	/* no move: the interval goes on */
	assert_true(at(f, 630, CMD_HALF_DOWN) > 0);	/* 590-630 */
	assert_true(r->seconds == 160);
	assert_true(at(f, 631, CMD_PAGE_DOWN) > 0);	/* a page in 1 s */
	assert_true(r->seconds == 160);
	/* Another screen (the contents) and a bookmark's name: no samples
	 * across them. */
	at(f, 690, CMD_TOC);
	at(f, 720, CMD_LIST_CLOSE);
	assert_true(at(f, 750, CMD_HALF_DOWN) > 0);	/* 720-750 */
	assert_true(r->seconds == 190);
	at(f, 760, CMD_MARK_ADD);
	clock_ms = S(790);
	view_answer(f->v, "name");
	assert_true(at(f, 820, CMD_HALF_DOWN) > 0);	/* 790-820 */
	assert_true(r->seconds == 220);
	fx_close(f);
}

/* The reading time: gaps between commands, three minutes at most each,
 * recorded when the view saves; the place carries the title (the first
 * heading), the section and what is left. */
static void
test_reading_time_and_place(void **state)
{
	struct fx		*f = fx_open(0);
	const struct marks_read	*rd;
	const struct mark	*p;
	time_t			 now = time(NULL);

	(void)state;
	at(f, 20, CMD_LINE_DOWN);
	at(f, 40, CMD_TOC);
	at(f, 400, CMD_LIST_CLOSE);	/* 360 s away: 180 count */
	at(f, 410, CMD_PAGE_DOWN);
	view_save_reading(f->v, 1);
	assert_int_equal(marks_size(f->m, MARKS_READS), 1);
	rd = marks_read_get(f->m, 0);
	assert_string_equal(rd->fp, FP);
	assert_int_equal(rd->seconds, 20 + 20 + 180 + 10);
	assert_true(rd->last >= now);
	p = marks_place(f->m, FP);
	assert_non_null(p);
	assert_string_equal(p->title, "第一章 标题");
	assert_string_equal(p->section, "第一章 标题");
	assert_string_equal(p->path, "/x/book.md");
	assert_int_equal(p->off, view_top_off(f->v));
	assert_true(p->left_cjk > 1000 && p->left_cjk != MARKS_UNKNOWN);
	assert_int_equal(p->left_words, 0);
	/* Saved again: only what was read since. */
	at(f, 415, CMD_LINE_DOWN);
	view_save_reading(f->v, 1);
	assert_int_equal(marks_read_get(f->m, 0)->seconds, 235);
	fx_close(f);

	/* Under a minute, without a move: nothing recorded. */
	f = fx_open(0);
	at(f, 50, CMD_SEARCH_CLEAR);
	view_save_reading(f->v, 0);
	assert_int_equal(marks_size(f->m, MARKS_READS), 0);
	assert_null(marks_place(f->m, FP));
	fx_close(f);

	/* Read a minute without a move: on the shelf at the top. */
	f = fx_open(0);
	at(f, 70, CMD_SEARCH_CLEAR);
	view_save_reading(f->v, 0);
	assert_int_equal(marks_read_get(f->m, 0)->seconds, 70);
	assert_non_null(marks_place(f->m, FP));
	fx_close(f);
}

/* o asks for the shelf; the time away on it is no reading and breaks the
 * measure. */
static void
test_pause_and_shelf(void **state)
{
	struct fx	*f = fx_open(0);

	(void)state;
	clock_ms = S(10);
	assert_true(view_apply(f->v, CMD_SHELF, -1) & VIEW_SHELF);
	clock_ms = S(500);
	view_pause(f->v);
	at(f, 530, CMD_PAGE_DOWN);	/* 500-530: a sample */
	at(f, 560, CMD_PAGE_DOWN);
	assert_true(marks_pace(f->m, PACE_CJK)->seconds == 60);
	view_save_reading(f->v, 1);
	/* 10 s before the shelf, 30 and 30 after. */
	assert_int_equal(marks_read_get(f->m, 0)->seconds, 70);
	fx_close(f);
}

/* The time left: at the defaults, at a learned pace once ten minutes are
 * measured, and always at --wpm when given. */
static void
test_speeds(void **state)
{
	struct fx	*f = fx_open(0);
	double		 sp[PACE_SCRIPTS];

	(void)state;
	view_speeds(f->v, sp);
	assert_true(sp[PACE_CJK] == PACE_CJK_DEFAULT);
	assert_true(sp[PACE_LATIN] == PACE_WORDS_DEFAULT);
	marks_pace_learn(f->m, PACE_CJK, 100, 60);
	view_speeds(f->v, sp);
	assert_true(sp[PACE_CJK] == PACE_CJK_DEFAULT);
	marks_pace_learn(f->m, PACE_CJK, 1000, PACE_TRUST_SEC);
	view_speeds(f->v, sp);
	assert_true(sp[PACE_CJK] > 99 && sp[PACE_CJK] < 101);
	fx_close(f);
	f = fx_open(700);
	marks_pace_learn(f->m, PACE_CJK, 100, PACE_TRUST_SEC * 2);
	view_speeds(f->v, sp);
	assert_true(sp[PACE_CJK] == 700);
	fx_close(f);
	/* Before the fingerprint is known (a pipe, a slow disk) the learned
	 * pace is already the reader's. */
	f = fx_open(0);
	marks_pace_learn(f->m, PACE_CJK, 1000, PACE_TRUST_SEC);
	view_free(f->v);
	f->v = view_new(f->doc, &(struct view_opts){ .clock = fake_clock },
	    ROWS, COLS);
	view_set_marks(f->v, f->m, NULL, "/x/book.md", 0);
	view_speeds(f->v, sp);
	assert_true(sp[PACE_CJK] > 99 && sp[PACE_CJK] < 101);
	fx_close(f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_turns_are_samples),
		cmocka_unit_test(test_reading_time_and_place),
		cmocka_unit_test(test_pause_and_shelf),
		cmocka_unit_test(test_speeds),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
