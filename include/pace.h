/* pace: the reader's pace, learned from page turns (issue 17), and the
 * reading time of a session. Pure logic over the times the caller gives
 * (milliseconds of a monotonic clock), so that tests replay synthetic
 * timelines. The learned rates live in the state file (marks.h); this
 * module only says how a sample is measured, how it is learned and which
 * speed "time left" uses.
 *
 * A sample is the text that left the screen at a page turn (or any forward
 * scroll) over the time since the previous turn. Not measured: intervals
 * longer than PACE_PAUSE_MS (the reader paused), intervals that began in the
 * first PACE_SETTLE_MS after opening (finding one's place), intervals cut by
 * a jump or by another screen (pace_break), and text that passed faster
 * than anyone reads (skimming: above PACE_CJK_MAX characters or
 * PACE_WORDS_MAX words a minute). A page of mixed text splits its time
 * between the scripts in proportion to the time each part takes at the
 * speeds in use. */
#ifndef JUAN_PACE_H
#define JUAN_PACE_H

#include <stddef.h>

enum pace_script {
	PACE_CJK,	/* CJK characters a minute */
	PACE_LATIN,	/* Latin words a minute */
	PACE_SCRIPTS,
};

#define PACE_PAUSE_MS		(3 * 60 * 1000)
#define PACE_SETTLE_MS		(60 * 1000)
/* Measured reading behind a learned rate before "time left" uses it. */
#define PACE_TRUST_SEC		(10 * 60)
/* The weight of what was learned halves over this much new reading. */
#define PACE_HALF_LIFE_SEC	(10 * 60)
/* A learned rate's reading time saturates here (any lifetime of it). */
#define PACE_SECONDS_MAX	1000000000000ULL
#define PACE_CJK_MAX		2000
#define PACE_WORDS_MAX		1000
/* The speeds without --wpm or a trusted learned pace. */
#define PACE_CJK_DEFAULT	400
#define PACE_WORDS_DEFAULT	250

/* A learned rate: an exponentially weighted average, each second of
 * reading weighing the same, and the measured reading behind it. */
struct pace_rate {
	double	per_min;	/* units a minute; 0 when nothing is learned */
	double	seconds;
};

struct pace_sample {
	int	script;		/* enum pace_script */
	double	units;		/* characters or words */
	double	seconds;
};

/* Learn units read in seconds into r (nothing for a sample <= 0): the
 * first sample is taken as it is, each later one moves the average by
 * 1 - 2^(-seconds / PACE_HALF_LIFE_SEC) of the way to it. */
void	pace_learn(struct pace_rate *r, double units, double seconds);
/* The speed "time left" uses for one script: given (--wpm) when the reader
 * gave one, else the learned rate once it has PACE_TRUST_SEC behind it,
 * else fallback. */
double	pace_speed(const struct pace_rate *learned, double given,
	    double fallback);
/* Minutes to read cjk characters and words at these speeds (> 0). */
double	pace_minutes(double cjk, double words, double cjk_per_min,
	    double words_per_min);

/* One session: a document in front of the reader. */
struct pace_clock {
	long long	opened;		/* when it was opened */
	long long	from;		/* start of the interval measured */
	long long	seen;		/* the reader's last input */
	long long	read_ms;	/* reading time not yet taken */
	long long	total_ms;	/* reading time of the session */
};

void	pace_open(struct pace_clock *, long long now);
/* Input from the reader at now: the time since the last input is reading
 * time, up to PACE_PAUSE_MS. pace_turn() and pace_break() count it too. */
void	pace_input(struct pace_clock *, long long now);
/* A jump, a move back or another screen at now: the interval that ends is
 * not measured; the next one starts now. */
void	pace_break(struct pace_clock *, long long now);
/* The reader was away from the document (on another screen) until now:
 * that time is not reading time, and the next interval starts now. */
void	pace_away(struct pace_clock *, long long now);
/* A move forward at now past cjk characters and words: the samples of the
 * interval that ends, 0 to PACE_SCRIPTS in out, its time shared between
 * the scripts at the speeds given (> 0). */
size_t	pace_turn(struct pace_clock *, long long now, double cjk, double words,
	    const double speed[PACE_SCRIPTS], struct pace_sample *out);
/* Whole seconds of reading time not yet taken, which it then drops; 0
 * while the session has read less than PACE_SETTLE_MS (a glance is not
 * reading, and leaves the state file alone). */
unsigned long	pace_take(struct pace_clock *);

#endif
