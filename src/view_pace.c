/* view_pace: what the view learns of the reading (issue 17): the pace from
 * the moves forward through the text (pace.h has the rules), the reading
 * time of each day, and the place the shelf shows. All of it goes into the
 * marks; the ui saves them with the rest.
 *
 * Every command the reader gives ends an interval: a move forward in the
 * text (line, half page, page, the wheel) is a sample of the text that left
 * the screen; a jump, a move back, another screen or a prompt's answer
 * breaks the measure; anything else only counts as reading time. The time comes from
 * v->clock (a test's, or the monotonic clock), the day from the wall clock.
 */
#define _GNU_SOURCE		/* memrchr */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "doc.h"
#include "keymap.h"
#include "marks.h"
#include "outline.h"
#include "pace.h"
#include "util.h"
#include "view.h"
#include "view_int.h"

#define COUNT_CHUNK	65536	/* bytes of text counted at a time */

static long long
now_ms(struct view *v)
{
	return v->clock != NULL ? v->clock() : util_now_ms();
}

void
view_speeds(struct view *v, double speed[PACE_SCRIPTS])
{
	static const double	fallback[PACE_SCRIPTS] = { PACE_CJK_DEFAULT,
	    PACE_WORDS_DEFAULT };

	/* The pace is the reader's, not the document's: it is known before
	 * the fingerprint is (marks_wait). */
	struct marks		*m = v->marks != NULL ? v->marks : v->marks_wait;

	for (int s = 0; s < PACE_SCRIPTS; s++)
		speed[s] = pace_speed(m != NULL ? marks_pace(m, s) : NULL,
		    v->given[s], fallback[s]);
}

/* The reading time not yet recorded goes to the marks, on the day of
 * when. */
static void
reading_flush(struct view *v, time_t when)
{
	unsigned long	secs;

	if (v->marks == NULL || v->fp == NULL)
		return;		/* kept until the fingerprint is known */
	if ((secs = pace_take(&v->pace)) > 0)
		marks_read_add(v->marks, v->fp, when, secs);
}

/* Before an event: a day that ended since the last one gets its reading
 * time. */
static void
day_check(struct view *v)
{
	time_t	wall = time(NULL);
	int	day = util_local_day(wall);

	if (day != v->read_day && v->read_day != 0)
		reading_flush(v, v->read_wall);
	v->read_day = day;
	v->read_wall = wall;
}

void
view_pace_open(struct view *v)
{
	pace_open(&v->pace, now_ms(v));
	v->read_wall = time(NULL);
	v->read_day = util_local_day(v->read_wall);
}

void
view_pace_break(struct view *v)
{
	day_check(v);
	pace_break(&v->pace, now_ms(v));
}

void
view_pace_input(struct view *v)
{
	day_check(v);
	pace_input(&v->pace, now_ms(v));
}

void
view_pause(struct view *v)
{
	day_check(v);
	pace_away(&v->pace, now_ms(v));
}

/* CJK characters and Latin words of the text [from, to). */
static void
count_text(struct view *v, size_t from, size_t to, double *cjk,
    double *words)
{
	struct outline_counts	 k;
	const char		*s, *nl;
	size_t			 got, n, line;

	*cjk = *words = 0;
	while (from < to) {
		n = to - from < COUNT_CHUNK ? to - from : COUNT_CHUNK;
		s = doc_view(v->doc, from, n, &got);
		if (s == NULL || got == 0)
			return;
		/* Whole lines, but for a line longer than a chunk. */
		if (got == n && from + got < to &&
		    (nl = memrchr(s, '\n', got)) != NULL)
			got = (size_t)(nl - s) + 1;
		for (n = 0; n < got; n += line) {
			nl = memchr(s + n, '\n', got - n);
			line = nl != NULL ? (size_t)(nl - s) - n + 1 : got - n;
			outline_count_line(s + n, line, &k);
			*cjk += (double)k.cjk;
			*words += (double)k.words;
		}
		from += got;
	}
}

/* The text moved forward from off to the top: a sample of each script it
 * holds. */
static void
turn(struct view *v, size_t off)
{
	struct pace_sample	out[PACE_SCRIPTS];
	double			speed[PACE_SCRIPTS], cjk, words;
	size_t			n;

	day_check(v);
	count_text(v, off, view_top_off(v), &cjk, &words);
	view_speeds(v, speed);
	n = pace_turn(&v->pace, now_ms(v), cjk, words, speed, out);
	for (size_t i = 0; v->marks != NULL && i < n; i++)
		marks_pace_learn(v->marks, out[i].script, out[i].units,
		    out[i].seconds);
}

void
view_pace_command(struct view *v, enum cmd cmd, int mode, size_t off)
{
	int	forward = cmd == CMD_LINE_DOWN || cmd == CMD_HALF_DOWN ||
	    cmd == CMD_PAGE_DOWN;

	/* A prompt ends in a break (view_answer, view_search_enter), the
	 * shelf in view_pause(). */
	if (mode != VIEW_MODE_TEXT || v->mode != VIEW_MODE_TEXT)
		view_pace_break(v);
	else if (view_top_off(v) == off)
		view_pace_input(v);
	else if (forward && view_top_off(v) > off)
		turn(v, off);
	else
		view_pace_break(v);
}

/* The document's title for the shelf: its first heading, else its file
 * name; "" while the outline is not known (the one recorded stays). */
static const char *
doc_title(struct view *v, const struct outline *o)
{
	if (o == NULL)
		return "";
	if (outline_count(o) > 0)
		return outline_get(o, 0)->title;
	return v->title;
}

void
view_save_reading(struct view *v, int moved)
{
	const struct outline	*o = view_outline(v);
	const struct mark	*old;
	struct mark		 place;
	double			 cjk, words;
	size_t			 off = view_top_off(v);
	ssize_t			 sec;
	int			 read;

	if (v->marks == NULL || v->fp == NULL)
		return;
	day_check(v);
	read = v->pace.total_ms >= PACE_SETTLE_MS;
	reading_flush(v, time(NULL));
	/* A document looked at and left where it was keeps its place; one
	 * read for a minute gets on the shelf; one found at a new path and
	 * still at its place takes the path (the shelf shows where it is
	 * now; --no-resume at the top keeps the place). */
	old = marks_place(v->marks, v->fp);
	if (!moved && !(read && old == NULL) && !(old != NULL &&
	    *v->path != '\0' && strcmp(old->path, v->path) != 0 &&
	    old->off == off))
		return;
	memset(&place, 0, sizeof place);
	place.off = off;
	place.title = (char *)doc_title(v, o);
	place.left_cjk = place.left_words = MARKS_UNKNOWN;
	if (o != NULL) {
		sec = outline_at(o, off);
		place.section = sec >= 0 ? outline_get(o, (size_t)sec)->title : "";
		outline_left(o, off, 0, &cjk, &words);
		place.left_cjk = (size_t)cjk;
		place.left_words = (size_t)words;
	}
	view_mark_place(v, &place);
}
