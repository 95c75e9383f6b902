/* shelf: the documents read, as rows, and their formatting (see
 * include/shelf.h).
 *
 * Data model: rows[] holds one row per position the marks know (the
 * guide's excepted), sorted by last read, newest first, then the guide's
 * row. Reading time comes from the marks' read records, sorted by
 * fingerprint as the positions are, so one merge pass sums them. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "marks.h"
#include "pace.h"
#include "shelf.h"
#include "ustr.h"
#include "util.h"

#define ELLIPSIS	"\xe2\x80\xa6"
#define RECENT_DAYS	30	/* older: a date, not "N days ago" */
#define GUIDE_TITLE	"Guide to juan (built in)"

struct shelf {
	struct shelf_opts	 o;		/* guide and home: copies */
	struct shelf_row	*rows;
	size_t			 nrows;		/* the guide's included */
	size_t			 ndocs;
	double			 speed[PACE_SCRIPTS];
	int			 source[PACE_SCRIPTS];	/* enum speed_source */
};

enum speed_source { FROM_DEFAULT, FROM_WPM, FROM_READING };

/*
 * Calendar days as YYYYMMDD and as days since 1970-01-01 (proleptic
 * Gregorian; H. Hinnant's days_from_civil), for "3 days ago" and the
 * statistics' weeks.
 */
static long
day_number(int ymd)
{
	long		y = ymd / 10000, m = ymd / 100 % 100, d = ymd % 100, era;
	unsigned long	yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned long)(y - era * 400);
	doy = (unsigned long)((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1);
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long)doe - 719468;
}

/* A document's title when it recorded none (a state file from before
 * titles): its file name. */
static char *
title_of(const struct mark *p)
{
	const char	*slash = strrchr(p->path, '/');

	if (*p->title != '\0')
		return xstrdup(p->title);
	if (*p->path == '\0')
		return xstrdup("standard input");
	return xstrdup(slash != NULL && slash[1] != '\0' ? slash + 1 : p->path);
}

/* Row of position p, its reading time summed from the read records from
 * *r on (both sorted by fingerprint). */
static void
row_make(struct shelf *sh, struct marks *m, const struct mark *p,
    struct shelf_row *row, size_t *r)
{
	const struct marks_read	*rd;
	int			 c;

	memset(row, 0, sizeof *row);
	row->fp = xstrdup(p->fp);
	row->path = xstrdup(p->path);
	row->title = title_of(p);
	row->section = xstrdup(p->section);
	row->percent = p->percent;
	row->last = p->time;
	row->minutes_left = p->left_cjk == MARKS_UNKNOWN ? -1 :
	    pace_minutes((double)p->left_cjk, (double)p->left_words,
	    sh->speed[PACE_CJK], sh->speed[PACE_LATIN]);
	row->bookmarks = marks_count(m, p->fp);
	row->missing = -1;
	for (; (rd = marks_read_get(m, *r)) != NULL; (*r)++) {
		if ((c = strcmp(rd->fp, p->fp)) > 0)
			break;
		if (c < 0)
			continue;
		if (row->first_day == 0)
			row->first_day = rd->day;
		row->days++;
		row->seconds = row->seconds > ~0UL - rd->seconds ? ~0UL :
		    row->seconds + rd->seconds;
		if (rd->last > row->last)
			row->last = rd->last;
	}
}

/* Newest first; then by title and fingerprint, so the order is stable. */
static int
row_cmp(const void *a, const void *b)
{
	const struct shelf_row	*x = a, *y = b;
	int			 c;

	if (x->last != y->last)
		return x->last > y->last ? -1 : 1;
	if ((c = strcmp(x->title, y->title)) != 0)
		return c;
	return strcmp(x->fp, y->fp);
}

static void
speeds(struct shelf *sh, struct marks *m)
{
	const double	given[PACE_SCRIPTS] = { sh->o.cjk_per_min,
	    sh->o.words_per_min };
	const double	fallback[PACE_SCRIPTS] = { PACE_CJK_DEFAULT,
	    PACE_WORDS_DEFAULT };

	for (int s = 0; s < PACE_SCRIPTS; s++) {
		sh->speed[s] = pace_speed(marks_pace(m, s), given[s], fallback[s]);
		sh->source[s] = given[s] > 0 ? FROM_WPM :
		    sh->speed[s] == fallback[s] &&
		    marks_pace(m, s)->seconds < PACE_TRUST_SEC ? FROM_DEFAULT :
		    FROM_READING;
	}
}

struct shelf *
shelf_new(struct marks *m, const struct shelf_opts *o)
{
	struct shelf		*sh = xcalloc(1, sizeof *sh);
	size_t			 np = marks_position_count(m), r = 0, i;
	const struct mark	*p;
	struct shelf_row	*g;

	sh->o = *o;
	sh->o.guide = o->guide != NULL ? xstrdup(o->guide) : NULL;
	sh->o.home = o->home != NULL && o->home[0] == '/' && o->home[1] != '\0' ?
	    xstrdup(o->home) : NULL;
	speeds(sh, m);
	sh->rows = xreallocarray(NULL, np + 1, sizeof *sh->rows);
	for (i = 0; i < np; i++) {
		p = marks_position_get(m, i);
		if (sh->o.guide == NULL || strcmp(p->path, sh->o.guide) != 0)
			row_make(sh, m, p, &sh->rows[sh->nrows++], &r);
	}
	qsort(sh->rows, sh->nrows, sizeof *sh->rows, row_cmp);
	sh->ndocs = sh->nrows;
	g = &sh->rows[sh->nrows++];
	memset(g, 0, sizeof *g);
	g->path = xstrdup(sh->o.guide != NULL ? sh->o.guide : "");
	g->title = xstrdup(GUIDE_TITLE);
	g->section = xstrdup("");
	g->minutes_left = -1;
	return sh;
}

void
shelf_free(struct shelf *sh)
{
	if (sh == NULL)
		return;
	for (size_t i = 0; i < sh->nrows; i++) {
		free(sh->rows[i].fp);
		free(sh->rows[i].path);
		free(sh->rows[i].title);
		free(sh->rows[i].section);
	}
	free(sh->rows);
	free((char *)sh->o.guide);
	free((char *)sh->o.home);
	free(sh);
}

size_t
shelf_documents(const struct shelf *sh)
{
	return sh->ndocs;
}

size_t
shelf_count(const struct shelf *sh)
{
	return sh->nrows;
}

const struct shelf_row *
shelf_get(struct shelf *sh, size_t i)
{
	return i < sh->nrows ? &sh->rows[i] : NULL;
}

int
shelf_missing(struct shelf *sh, size_t i)
{
	struct shelf_row	*row;
	struct stat		 sb;

	if (i >= sh->nrows)
		return 0;
	row = &sh->rows[i];
	if (row->missing < 0)
		row->missing = row->fp != NULL && *row->path != '\0' &&
		    stat(row->path, &sb) != 0 && (errno == ENOENT ||
		    errno == ENOTDIR);
	return row->missing;
}

/*
 * Formatting.
 */

/* Append s to buf[*len..size), NUL-terminated, whole code points only;
 * *len counts what was needed (snprintf's contract). */
static void
put(char *buf, size_t size, size_t *len, const char *s)
{
	size_t	n = strlen(s), room;

	if (*len < size) {
		room = size - *len - 1;
		if (n > room) {
			while (room > 0 && ((unsigned char)s[room] & 0xc0) == 0x80)
				room--;
		} else
			room = n;
		memcpy(buf + *len, s, room);
		buf[*len + room] = '\0';
	}
	*len += n;
}

size_t
shelf_ago(time_t then, time_t now, int zh, char *buf, size_t size)
{
	int		dt = util_local_day(then), dn = util_local_day(now);
	long		diff;
	struct tm	tm;
	int		n;

	if (dt == 0 || dn == 0 || localtime_r(&then, &tm) == NULL)
		return (size_t)snprintf(buf, size, "?");
	diff = day_number(dn) - day_number(dt);
	if (diff == 0)
		n = snprintf(buf, size, zh ? "\xe4\xbb\x8a\xe5\xa4\xa9 %02d:%02d" :
		    "today %02d:%02d", tm.tm_hour, tm.tm_min);
	else if (diff == 1)
		n = snprintf(buf, size, zh ? "\xe6\x98\xa8\xe5\xa4\xa9 %02d:%02d" :
		    "yesterday %02d:%02d", tm.tm_hour, tm.tm_min);
	else if (diff > 1 && diff < RECENT_DAYS)
		n = snprintf(buf, size, zh ? "%ld \xe5\xa4\xa9\xe5\x89\x8d" :
		    "%ld days ago", diff);
	else	/* long ago, or a clock set back: the date */
		n = snprintf(buf, size, "%04d-%02d-%02d", dt / 10000,
		    dt / 100 % 100, dt % 100);
	return n < 0 ? 0 : (size_t)n;
}

size_t
shelf_duration(double minutes, int zh, char *buf, size_t size)
{
	const char	*min = zh ? " \xe5\x88\x86\xe9\x92\x9f" : " min";
	const char	*hour = zh ? " \xe5\xb0\x8f\xe6\x97\xb6" : " h";
	long long	 total, h;
	int		 n;

	if (!(minutes >= 0.5))	/* NaN too */
		n = snprintf(buf, size, zh ? "\xe4\xb8\x8d\xe5\x88\xb0 1%s" :
		    "<1%s", min);
	else if (minutes >= 1e9)
		n = snprintf(buf, size, zh ? "\xe5\xbe\x88\xe4\xb9\x85" : "ages");
	else {
		total = (long long)(minutes + 0.5);
		h = total / 60;
		if (h == 0)
			n = snprintf(buf, size, "%lld%s", total, min);
		else if (total % 60 == 0 || h >= 100)
			n = snprintf(buf, size, "%lld%s", h, hour);
		else
			n = snprintf(buf, size, "%lld%s %lld%s", h, hour,
			    total % 60, min);
	}
	return n < 0 ? 0 : (size_t)n;
}

/* The end of the whole clusters of s[from..n) that fit in cells cells;
 * *used gets their width. */
static size_t
fit_end(const char *s, size_t n, size_t from, size_t cells, size_t *used)
{
	size_t	i = from, end, w;

	*used = 0;
	while (i < n) {
		end = ustr_cluster_end(s, n, i);
		w = ustr_strwidth(s + i, end - i);
		if (*used + w > cells)
			break;
		*used += w;
		i = end;
	}
	return i;
}

/* The start of the clusters at the end of s[0..n) that fit in cells. */
static size_t
fit_start(const char *s, size_t n, size_t cells)
{
	size_t	i = n, start, used = 0, w;

	while (i > 0) {
		start = ustr_cluster_start(s, n, i - 1);
		w = ustr_strwidth(s + start, i - start);
		if (used + w > cells)
			break;
		used += w;
		i = start;
	}
	return i;
}

/* s sanitised and cut to cells cells, with "…" when cut; its width in
 * *width. */
static void
fit(const char *s, size_t cells, char *buf, size_t size, size_t *width)
{
	char	tmp[2048];
	size_t	n, end, ell = ustr_strwidth(ELLIPSIS, strlen(ELLIPSIS)), len = 0;

	ustr_sanitize(s, strlen(s), tmp, sizeof tmp);
	n = strlen(tmp);
	*width = ustr_strwidth(tmp, n);
	if (size > 0)
		buf[0] = '\0';
	if (*width <= cells) {
		put(buf, size, &len, tmp);
		return;
	}
	end = fit_end(tmp, n, 0, cells > ell ? cells - ell : 0, width);
	tmp[end] = '\0';
	put(buf, size, &len, tmp);
	if (cells >= ell) {
		put(buf, size, &len, ELLIPSIS);
		*width += ell;
	}
}

size_t
shelf_shorten(const char *path, const char *home, size_t cells, char *buf,
    size_t size)
{
	char	 tmp[4096], *s;
	size_t	 hl = home != NULL ? strlen(home) : 0, n, w, ell, head, tail;
	size_t	 used, len = 0;

	if (hl > 1 && strncmp(path, home, hl) == 0 && path[hl] == '/')
		s = xasprintf("~%s", path + hl);
	else
		s = xstrdup(path);
	ustr_sanitize(s, strlen(s), tmp, sizeof tmp);
	free(s);
	n = strlen(tmp);
	w = ustr_strwidth(tmp, n);
	ell = ustr_strwidth(ELLIPSIS, strlen(ELLIPSIS));
	if (size > 0)
		buf[0] = '\0';
	if (w <= cells || cells <= ell) {
		fit(tmp, cells, buf, size, &used);
		return strlen(buf);
	}
	/* More of the end, which names the file, than of the start. */
	head = fit_end(tmp, n, 0, (cells - ell) / 3, &used);
	tail = fit_start(tmp, n, cells - ell - used);
	if (tail < head)
		tail = head;
	s = xasprintf("%.*s" ELLIPSIS "%s", (int)head, tmp, tmp + tail);
	put(buf, size, &len, s);
	free(s);
	return len;
}

size_t
shelf_bar(double percent, size_t cells, char *buf, size_t size)
{
	/* Block elements are ambiguous width: ASCII where they are wide. */
	int	 narrow = ustr_width(0x2588) == 1 && ustr_width(0x2591) == 1;
	size_t	 full, len = 0;

	if (!(percent > 0))
		percent = 0;
	if (percent > 100)
		percent = 100;
	full = (size_t)(percent * (double)cells / 100 + 0.5);
	if (size > 0)
		buf[0] = '\0';
	for (size_t i = 0; i < cells; i++)
		put(buf, size, &len, i < full ? (narrow ? "\xe2\x96\x88" : "#") :
		    (narrow ? "\xe2\x96\x91" : "-"));
	return len;
}

size_t
shelf_iso8601(time_t t, char *buf, size_t size)
{
	struct tm	tm;
	char		s[64];
	size_t		n;

	if (localtime_r(&t, &tm) == NULL ||
	    (n = strftime(s, sizeof s, "%Y-%m-%dT%H:%M:%S%z", &tm)) < 5)
		return (size_t)snprintf(buf, size, "?");
	/* %z is +0800; RFC 3339 and the extended format want +08:00. */
	return (size_t)snprintf(buf, size, "%.*s:%s", (int)(n - 2), s,
	    s + n - 2);
}

/*
 * Listings: --shelf --list and --stats.
 */

static const char *
safe(const char *s, char *buf, size_t size)
{
	ustr_sanitize(s, strlen(s), buf, size);
	return buf;
}

int
shelf_print_list(struct shelf *sh, FILE *f)
{
	char	path[4096], title[1024], sec[1024], when[64];

	for (size_t i = 0; i < sh->ndocs; i++) {
		const struct shelf_row	*r = &sh->rows[i];

		shelf_iso8601(r->last, when, sizeof when);
		fprintf(f, "%s\t%s\t%.0f%%\t%s\t%s\n", safe(r->path, path,
		    sizeof path), safe(r->title, title, sizeof title), r->percent,
		    safe(r->section, sec, sizeof sec), when);
	}
	return ferror(f) ? -1 : 0;
}

/* Seconds read today, this week (from Monday) and this year. */
static void
totals(struct marks *m, time_t now, unsigned long long sum[3])
{
	int				 today = util_local_day(now);
	long				 dn = day_number(today), d;
	long				 monday = dn - (dn + 3) % 7;	/* 1970-01-01 was a Thursday */
	const struct marks_read		*r;

	sum[0] = sum[1] = sum[2] = 0;
	for (size_t i = 0; (r = marks_read_get(m, i)) != NULL; i++) {
		d = day_number(r->day);
		if (d > dn)
			continue;	/* a clock set back: not yet */
		if (d == dn)
			sum[0] += r->seconds;
		if (d >= monday)
			sum[1] += r->seconds;
		if (r->day / 10000 == today / 10000)
			sum[2] += r->seconds;
	}
}

/* "12:05": hours and minutes. */
static const char *
hmm(unsigned long long secs, char *buf, size_t size)
{
	snprintf(buf, size, "%llu:%02llu", secs / 3600, secs / 60 % 60);
	return buf;
}

/* By enum speed_source: for --stats, and for --stats --json. */
static const char *const source_words[] = { "the default", "given by --wpm",
    "learned" };
static const char *const source_names[] = { "default", "wpm", "learned" };
static const char *const script_keys[PACE_SCRIPTS] = { "cjk", "latin" };

static void
stats_table(struct shelf *sh, struct marks *m, const unsigned long long sum[3],
    FILE *f)
{
	static const char *const units[PACE_SCRIPTS] = {
	    "CJK characters a minute", "Latin words a minute" };
	char	a[32], b[32], c[32], path[4096], title[1024];

	fprintf(f, "Reading time (h:mm)\n  today      %8s\n  this week  %8s\n"
	    "  this year  %8s\n", hmm(sum[0], a, sizeof a),
	    hmm(sum[1], b, sizeof b), hmm(sum[2], c, sizeof c));
	fprintf(f, "Pace (learned after %d minutes of measured reading)\n",
	    PACE_TRUST_SEC / 60);
	for (int s = 0; s < PACE_SCRIPTS; s++) {
		hmm((unsigned long long)marks_pace(m, s)->seconds, a, sizeof a);
		if (sh->source[s] == FROM_READING)
			fprintf(f, "  %5.0f %s: learned from %s of reading\n",
			    sh->speed[s], units[s], a);
		else
			fprintf(f, "  %5.0f %s: %s (%s of reading measured)\n",
			    sh->speed[s], units[s], source_words[sh->source[s]], a);
	}
	fprintf(f, "Documents\n  %-7s %5s  %-10s  %-10s  %s\n", "TIME", "DAYS",
	    "FIRST READ", "LAST READ", "TITLE (PATH)");
	for (size_t i = 0; i < sh->ndocs; i++) {
		const struct shelf_row	*r = &sh->rows[i];
		int			 l = util_local_day(r->last);

		if (r->first_day != 0)
			snprintf(b, sizeof b, "%04d-%02d-%02d", r->first_day / 10000,
			    r->first_day / 100 % 100, r->first_day % 100);
		else
			snprintf(b, sizeof b, "-");
		fprintf(f, "  %-7s %5u  %-10s  %04d-%02d-%02d  %s",
		    hmm(r->seconds, a, sizeof a), r->days, b, l / 10000,
		    l / 100 % 100, l % 100, safe(r->title, title, sizeof title));
		fprintf(f, *r->path != '\0' ? " (%s)\n" : "%s\n",
		    safe(r->path, path, sizeof path));
	}
}

/* s as a JSON string: escaped, and valid UTF-8 (U+FFFD for a bad byte). */
static void
json_str(FILE *f, const char *s)
{
	size_t		n = strlen(s), i = 0, k;
	uint32_t	cp;

	fputc('"', f);
	while (i < n) {
		k = ustr_decode(s + i, n - i, &cp);
		if (cp == USTR_BAD)
			fputs("\\ufffd", f);
		else if (cp == '"' || cp == '\\')
			fprintf(f, "\\%c", (char)cp);
		else if (cp < 0x20 || cp == 0x7f)
			fprintf(f, "\\u%04x", (unsigned)cp);
		else
			fwrite(s + i, 1, k, f);
		i += k;
	}
	fputc('"', f);
}

static void
stats_json(struct shelf *sh, struct marks *m, const unsigned long long sum[3],
    FILE *f)
{
	char	when[64];

	fprintf(f, "{\n  \"reading_seconds\": {\"today\": %llu, \"this_week\": %llu, "
	    "\"this_year\": %llu},\n  \"pace\": {", sum[0], sum[1], sum[2]);
	for (int s = 0; s < PACE_SCRIPTS; s++)
		fprintf(f, "%s\n    \"%s\": {\"per_minute\": %.1f, \"source\": \"%s\", "
		    "\"learned_per_minute\": %.1f, \"measured_seconds\": %.0f}",
		    s > 0 ? "," : "", script_keys[s], sh->speed[s],
		    source_names[sh->source[s]], marks_pace(m, s)->per_min,
		    marks_pace(m, s)->seconds);
	fputs("\n  },\n  \"documents\": [", f);
	for (size_t i = 0; i < sh->ndocs; i++) {
		const struct shelf_row	*r = &sh->rows[i];

		fprintf(f, "%s\n    {\"path\": ", i > 0 ? "," : "");
		json_str(f, r->path);
		fputs(", \"title\": ", f);
		json_str(f, r->title);
		fputs(", \"section\": ", f);
		json_str(f, r->section);
		fprintf(f, ", \"percent\": %.1f, \"seconds\": %lu, \"days\": %u, "
		    "\"first_read\": ", r->percent, r->seconds, r->days);
		if (r->first_day != 0)
			fprintf(f, "\"%04d-%02d-%02d\"", r->first_day / 10000,
			    r->first_day / 100 % 100, r->first_day % 100);
		else
			fputs("null", f);
		shelf_iso8601(r->last, when, sizeof when);
		fprintf(f, ", \"last_read\": \"%s\"}", when);
	}
	fputs(sh->ndocs > 0 ? "\n  ]\n}\n" : "]\n}\n", f);
}

int
shelf_print_stats(struct shelf *sh, struct marks *m, int json, FILE *f)
{
	unsigned long long	sum[3];

	totals(m, sh->o.now, sum);
	if (json)
		stats_json(sh, m, sum, f);
	else
		stats_table(sh, m, sum, f);
	return ferror(f) ? -1 : 0;
}
