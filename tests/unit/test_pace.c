/* Unit tests for pace: the weighted average against hand-computed values,
 * which speed "time left" uses, and a synthetic page-turn timeline with
 * the first minute, a pause, a jump, skimming and a page of mixed scripts,
 * and the reading time of a session. */
#include "testutil.h"
#include "pace.h"

#define S(x)	((long long)(x) * 1000)	/* seconds on the clock, in ms */

static void
test_learn(void **state)
{
	struct pace_rate	r = { 0, 0 };

	(void)state;
	pace_learn(&r, 0, 60);			/* nothing read: no sample */
	pace_learn(&r, 100, 0);
	assert_true(r.seconds == 0);
	pace_learn(&r, 400, 60);		/* the first sample, as it is */
	assert_true(r.per_min > 399.999 && r.per_min < 400.001);
	assert_true(r.seconds == 60);
	/* 300 in 600 s = 30 a minute; 600 s is one half-life: halfway. */
	pace_learn(&r, 300, 600);
	assert_true(r.per_min > 214.999 && r.per_min < 215.001);
	assert_true(r.seconds == 660);
}

static void
test_speed(void **state)
{
	struct pace_rate	r = { 333, PACE_TRUST_SEC - 1 };

	(void)state;
	assert_true(pace_speed(&r, 0, 400) == 400);	/* under 10 minutes */
	r.seconds = PACE_TRUST_SEC;
	assert_true(pace_speed(&r, 0, 400) == 333);	/* learned */
	assert_true(pace_speed(&r, 500, 400) == 500);	/* --wpm wins */
	assert_true(pace_speed(NULL, 0, 250) == 250);
	assert_true(pace_minutes(800, 500, 400, 250) == 4);
}

/* Opened at 0. Turns (seconds: CJK characters, words):
 *   30: 500     from 0, in the first minute: not measured
 *   90: 600     from 30, in the first minute: not measured
 *  150: 600     from 90: 600 in 60 s
 *  350: 500     200 s since the last turn, a pause: not measured
 *  410: 400     from 350: 400 in 60 s
 *  440: jump    not measured; the next interval starts here
 *  470: 300     from 440: 300 in 30 s
 *  472: 1000    2 s: 30,000 a minute, skimmed: not measured
 *  532: 400, 250 words  60 s at 400 and 250 a minute: 30 s each
 * The CJK rate learns 600/60 s, 400/60 s, 300/30 s, 400/30 s:
 *   600 -> 600 + (1 - 2^-0.1) (400 - 600)   = 586.60660
 *       -> + (1 - 2^-0.05) (600 - 586.60660) = 587.06283
 *       -> + (1 - 2^-0.05) (800 - 587.06283) = 594.31625
 * Reading time: 30+60+60+180 (the pause counts 3 minutes)+60+30+30+2+60
 * = 512 s. */
static void
test_timeline(void **state)
{
	struct pace_clock	c;
	struct pace_sample	out[PACE_SCRIPTS];
	struct pace_rate	r[PACE_SCRIPTS] = { { 0, 0 }, { 0, 0 } };
	const double		speed[PACE_SCRIPTS] = { 400, 250 };
	size_t			n;

	(void)state;
	pace_open(&c, S(0));
	assert_int_equal(pace_turn(&c, S(30), 500, 0, speed, out), 0);
	assert_int_equal(pace_turn(&c, S(90), 600, 0, speed, out), 0);
	n = pace_turn(&c, S(150), 600, 0, speed, out);
	assert_int_equal(n, 1);
	assert_int_equal(out[0].script, PACE_CJK);
	assert_true(out[0].units == 600 && out[0].seconds == 60);
	pace_learn(&r[PACE_CJK], out[0].units, out[0].seconds);
	assert_int_equal(pace_turn(&c, S(350), 500, 0, speed, out), 0);
	assert_int_equal(pace_turn(&c, S(410), 400, 0, speed, out), 1);
	assert_true(out[0].units == 400 && out[0].seconds == 60);
	pace_learn(&r[PACE_CJK], out[0].units, out[0].seconds);
	pace_break(&c, S(440));
	assert_int_equal(pace_turn(&c, S(470), 300, 0, speed, out), 1);
	assert_true(out[0].units == 300 && out[0].seconds == 30);
	pace_learn(&r[PACE_CJK], out[0].units, out[0].seconds);
	assert_int_equal(pace_turn(&c, S(472), 1000, 0, speed, out), 0);
	n = pace_turn(&c, S(532), 400, 250, speed, out);
	assert_int_equal(n, 2);
	assert_int_equal(out[0].script, PACE_CJK);
	assert_true(out[0].units == 400 && out[0].seconds == 30);
	assert_int_equal(out[1].script, PACE_LATIN);
	assert_true(out[1].units == 250 && out[1].seconds == 30);
	for (size_t i = 0; i < n; i++)
		pace_learn(&r[out[i].script], out[i].units, out[i].seconds);
	assert_true(r[PACE_CJK].per_min > 594.3162 &&
	    r[PACE_CJK].per_min < 594.3163);
	assert_true(r[PACE_CJK].seconds == 180);
	assert_true(r[PACE_LATIN].per_min == 500);
	assert_true(r[PACE_LATIN].seconds == 30);

	assert_int_equal(pace_take(&c), 512);
	assert_int_equal(pace_take(&c), 0);
	pace_input(&c, S(533) + 500);		/* 1.5 s: one whole second */
	assert_int_equal(pace_take(&c), 1);
	pace_input(&c, S(534));
	assert_int_equal(pace_take(&c), 1);	/* the half carried over */
}

/* A mixed page splits its time by the time each part takes at the speeds
 * in use: 800 characters at 400 (2 min) and 250 words at 250 (1 min) in
 * 90 s give 60 s and 30 s. */
static void
test_mixed_split(void **state)
{
	struct pace_clock	c;
	struct pace_sample	out[PACE_SCRIPTS];
	const double		speed[PACE_SCRIPTS] = { 400, 250 };

	(void)state;
	pace_open(&c, S(0));
	pace_break(&c, S(100));
	assert_int_equal(pace_turn(&c, S(190), 800, 250, speed, out), 2);
	assert_true(out[0].seconds > 59.999 && out[0].seconds < 60.001);
	assert_true(out[1].seconds > 29.999 && out[1].seconds < 30.001);
	/* Latin only. */
	assert_int_equal(pace_turn(&c, S(250), 0, 200, speed, out), 1);
	assert_int_equal(out[0].script, PACE_LATIN);
	assert_true(out[0].seconds == 60);
	/* Nothing passed (a blank screen): no sample. */
	assert_int_equal(pace_turn(&c, S(300), 0, 0, speed, out), 0);
}

/* A glance (under a minute of reading) is no reading: nothing to take. */
static void
test_glance(void **state)
{
	struct pace_clock	c;

	(void)state;
	pace_open(&c, S(1000));
	pace_input(&c, S(1050));
	assert_int_equal(pace_take(&c), 0);
	pace_input(&c, S(1070));
	assert_int_equal(pace_take(&c), 70);
	/* A clock that goes back counts nothing. */
	pace_input(&c, S(900));
	pace_input(&c, S(1071));
	assert_int_equal(pace_take(&c), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_learn),
		cmocka_unit_test(test_speed),
		cmocka_unit_test(test_timeline),
		cmocka_unit_test(test_mixed_split),
		cmocka_unit_test(test_glance),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
