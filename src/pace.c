/* pace: the learned reading pace and the reading time of a session (see
 * include/pace.h for the rules). */
#include <math.h>

#include "pace.h"

void
pace_learn(struct pace_rate *r, double units, double seconds)
{
	double	x, w;

	if (!(units > 0) || !(seconds > 0))	/* NaN too */
		return;
	x = units * 60 / seconds;
	if (!(r->seconds > 0) || !(r->per_min > 0))
		r->per_min = x;
	else {
		w = 1 - exp2(-seconds / PACE_HALF_LIFE_SEC);
		r->per_min += w * (x - r->per_min);
	}
	r->seconds = r->seconds + seconds < (double)PACE_SECONDS_MAX ?
	    r->seconds + seconds : (double)PACE_SECONDS_MAX;
}

double
pace_speed(const struct pace_rate *learned, double given, double fallback)
{
	if (given > 0)
		return given;
	if (learned != NULL && learned->seconds >= PACE_TRUST_SEC &&
	    learned->per_min > 0)
		return learned->per_min;
	return fallback;
}

double
pace_minutes(double cjk, double words, double cjk_per_min, double words_per_min)
{
	return cjk / cjk_per_min + words / words_per_min;
}

void
pace_open(struct pace_clock *c, long long now)
{
	c->opened = c->from = c->seen = now;
	c->read_ms = c->total_ms = 0;
}

void
pace_input(struct pace_clock *c, long long now)
{
	long long	gap = now - c->seen;

	if (gap > 0) {
		if (gap > PACE_PAUSE_MS)
			gap = PACE_PAUSE_MS;
		c->read_ms += gap;
		c->total_ms += gap;
	}
	if (now > c->seen)
		c->seen = now;
}

void
pace_break(struct pace_clock *c, long long now)
{
	pace_input(c, now);
	c->from = now;
}

void
pace_away(struct pace_clock *c, long long now)
{
	if (now > c->seen)
		c->seen = now;
	c->from = now;
}

size_t
pace_turn(struct pace_clock *c, long long now, double cjk, double words,
    const double speed[PACE_SCRIPTS], struct pace_sample *out)
{
	long long	from = c->from;
	double		secs = (double)(now - from) / 1000, mc, mw;
	size_t		n = 0;

	pace_break(c, now);
	if (from < c->opened + PACE_SETTLE_MS || now - from > PACE_PAUSE_MS ||
	    !(secs > 0) || !(cjk + words > 0))
		return 0;
	/* Faster than anyone reads: skimmed, not read. */
	if (secs / 60 < pace_minutes(cjk, words, PACE_CJK_MAX, PACE_WORDS_MAX))
		return 0;
	mc = cjk / speed[PACE_CJK];
	mw = words / speed[PACE_LATIN];
	if (cjk > 0)
		out[n++] = (struct pace_sample){ PACE_CJK, cjk,
		    secs * mc / (mc + mw) };
	if (words > 0)
		out[n++] = (struct pace_sample){ PACE_LATIN, words,
		    secs * mw / (mc + mw) };
	return n;
}

unsigned long
pace_take(struct pace_clock *c)
{
	long long	s;

	if (c->total_ms < PACE_SETTLE_MS)
		return 0;
	s = c->read_ms / 1000;
	c->read_ms -= s * 1000;
	return (unsigned long)s;
}
