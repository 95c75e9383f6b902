/* shelf: the documents read, as rows, their formatting and the shelf's
 * screen (see include/shelf.h).
 *
 * Data model: rows[] holds one row per position the marks know (the
 * guide's excepted), sorted by last read, newest first, then the guide's
 * row; shown[] the indexes of the rows on screen (not removed, matching the
 * filter), the guide's always last. Reading time comes from the marks' read
 * records, sorted by fingerprint as the positions are, so one merge pass
 * sums them. A removed row keeps its place, flagged, until shelf_commit();
 * undo[] holds the rows in the order they were removed.
 *
 * Invariants: nshown >= 1 (the guide); sel < nshown; top <= sel <
 * top + fit, fit being the entries the screen holds. */
#include <errno.h>
#include <stdarg.h>
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
#define DOT		" \xc2\xb7 "
#define RECENT_DAYS	30	/* older: a date, not "N days ago" */
#define BAR_CELLS	10
#define AGO_CELLS	15	/* "yesterday 21:04" */
#define GUIDE_TITLE	"Guide to juan (built in)"

struct shelf {
	struct shelf_opts	 o;		/* guide and home: copies */
	struct shelf_row	*rows;
	size_t			 nrows;		/* the guide's included */
	size_t			 ndocs;
	size_t			*shown;
	size_t			 nshown;
	size_t			*undo;
	size_t			 nundo;
	char			*filter;	/* folded; "" for none */
	double			 speed[PACE_SCRIPTS];
	int			 source[PACE_SCRIPTS];	/* enum speed_source */

	int			 lines, cols;	/* the screen */
	size_t			 sel, top;	/* in shown[] */
	int			 asking;	/* a SHELF_CONFIRM is pending */
	char			 msg[256];
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
static const char *
title_of(const struct mark *p)
{
	const char	*slash = strrchr(p->path, '/');

	if (*p->title != '\0')
		return p->title;
	if (*p->path == '\0')
		return "standard input";
	return slash != NULL && slash[1] != '\0' ? slash + 1 : p->path;
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
	row->fp = p->fp;
	row->path = p->path;
	row->title = title_of(p);
	row->section = p->section;
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

/* shown[] again after a filter or a removal, keeping the selected row
 * selected while it is shown. */
static void
reshow(struct shelf *sh)
{
	size_t	keep = sh->nshown > 0 ? sh->shown[sh->sel] : (size_t)-1, i;

	sh->nshown = 0;
	sh->sel = 0;
	for (i = 0; i < sh->nrows; i++) {
		if (i < sh->ndocs && (sh->rows[i].removed || (*sh->filter != '\0' &&
		    strstr(sh->rows[i].key, sh->filter) == NULL)))
			continue;
		if (i == keep)
			sh->sel = sh->nshown;
		sh->shown[sh->nshown++] = i;
	}
	if (sh->top > sh->sel)
		sh->top = sh->sel;
}

struct shelf *
shelf_new(struct marks *m, const struct shelf_opts *o)
{
	struct shelf		*sh = xcalloc(1, sizeof *sh);
	size_t			 np = marks_size(m, MARKS_POSITIONS), r = 0, i;
	const struct mark	*p;
	struct shelf_row	*g;

	sh->o = *o;
	sh->o.guide = o->guide != NULL ? xstrdup(o->guide) : NULL;
	sh->o.home = o->home != NULL && o->home[0] == '/' && o->home[1] != '\0' ?
	    xstrdup(o->home) : NULL;
	sh->filter = xstrdup("");
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
	g->path = sh->o.guide != NULL ? sh->o.guide : "";
	g->title = GUIDE_TITLE;
	g->section = "";
	g->minutes_left = -1;
	sh->shown = xreallocarray(NULL, sh->nrows, sizeof *sh->shown);
	sh->undo = xreallocarray(NULL, sh->nrows, sizeof *sh->undo);
	reshow(sh);
	shelf_resize(sh, 24, 80);
	return sh;
}

void
shelf_free(struct shelf *sh)
{
	if (sh == NULL)
		return;
	for (size_t i = 0; i < sh->nrows; i++) {
		free(sh->rows[i].key);
	}
	free(sh->rows);
	free(sh->shown);
	free(sh->undo);
	free(sh->filter);
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
	return sh->nshown;
}

const struct shelf_row *
shelf_get(struct shelf *sh, size_t i)
{
	return i < sh->nshown ? &sh->rows[sh->shown[i]] : NULL;
}

int
shelf_missing(struct shelf *sh, size_t i)
{
	struct shelf_row	*row;
	struct stat		 sb;

	if (i >= sh->nshown)
		return 0;
	row = &sh->rows[sh->shown[i]];
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
		room = ustr_clip(s, n, room);
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
	char		 tmp[4096], *s;
	const char	*slash;
	size_t		 hl = home != NULL ? strlen(home) : 0, n, w, ell, head, tail;
	size_t		 used, len = 0, nw;

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
	/* The file's name whole, with as much of the start as fits; a name
	 * too long for that keeps a third of the start and the rest of the
	 * end. */
	slash = strrchr(tmp, '/');
	nw = slash != NULL ? ustr_strwidth(slash, strlen(slash)) : w;
	if (slash != NULL && slash > tmp && nw + ell < cells) {
		head = fit_end(tmp, n, 0, cells - ell - nw, &used);
		tail = (size_t)(slash - tmp);
	} else {
		head = fit_end(tmp, n, 0, (cells - ell) / 3, &used);
		tail = ustr_tail_fit(tmp, n, cells - ell - used);
	}
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
 * The screen.
 */

/* Entries the screen holds: two lines each, under the header and above
 * the status line. */
static size_t
fits(const struct shelf *sh)
{
	int	n = (sh->lines - 2) / 2;

	return n > 0 ? (size_t)n : 1;
}

static void
keep_visible(struct shelf *sh)
{
	size_t	n = fits(sh);

	if (sh->sel >= sh->nshown)
		sh->sel = sh->nshown - 1;
	/* No room left empty below while entries above are hidden. */
	if (sh->top + n > sh->nshown)
		sh->top = sh->nshown > n ? sh->nshown - n : 0;
	if (sh->top > sh->sel)
		sh->top = sh->sel;
	if (sh->sel >= sh->top + n)
		sh->top = sh->sel - n + 1;
}

void
shelf_resize(struct shelf *sh, int rows, int cols)
{
	sh->lines = rows >= 1 ? rows : 1;
	sh->cols = cols >= 1 ? cols : 1;
	keep_visible(sh);
}

void
shelf_message(struct shelf *sh, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	ustr_sanitize_vfmt(sh->msg, sizeof sh->msg, fmt, ap);
	va_end(ap);
}

static int
move_sel(struct shelf *sh, long delta)
{
	long long	s = (long long)sh->sel + delta;

	if (s >= (long long)sh->nshown)
		s = (long long)sh->nshown - 1;
	sh->sel = s > 0 ? (size_t)s : 0;
	keep_visible(sh);
	return SHELF_DRAW;
}

/* A title as a message quotes it: short. */
static const char *
quoted(const char *title, char *buf, size_t size)
{
	size_t	w;

	fit(title, 30, buf, size, &w);
	return buf;
}

/* d: the selected row goes (the guide stays); the row that takes its
 * place is selected. */
static int
remove_row(struct shelf *sh, int with_marks)
{
	size_t			 i = sh->shown[sh->sel], at = sh->sel;
	struct shelf_row	*r = &sh->rows[i];
	char			 t[128];

	r->removed = 1;
	r->with_marks = with_marks;
	sh->undo[sh->nundo++] = i;
	reshow(sh);
	sh->sel = at < sh->nshown ? at : sh->nshown - 1;
	keep_visible(sh);
	if (with_marks)
		shelf_message(sh, "Removed \xe2\x80\x9c%s\xe2\x80\x9d and its %zu "
		    "bookmark%s (u puts it back)", quoted(r->title, t, sizeof t),
		    r->bookmarks, r->bookmarks == 1 ? "" : "s");
	else
		shelf_message(sh, "Removed \xe2\x80\x9c%s\xe2\x80\x9d (u puts it "
		    "back)", quoted(r->title, t, sizeof t));
	return SHELF_DRAW;
}

static int
undo(struct shelf *sh)
{
	size_t			 i, k;
	struct shelf_row	*r;
	char			 t[128];

	if (sh->nundo == 0) {
		shelf_message(sh, "Nothing to put back");
		return SHELF_DRAW;
	}
	i = sh->undo[--sh->nundo];
	r = &sh->rows[i];
	r->removed = r->with_marks = 0;
	reshow(sh);
	for (k = 0; k < sh->nshown; k++)
		if (sh->shown[k] == i)
			sh->sel = k;
	keep_visible(sh);
	shelf_message(sh, "Put back \xe2\x80\x9c%s\xe2\x80\x9d%s",
	    quoted(r->title, t, sizeof t), sh->shown[sh->sel] == i ? "" :
	    " (the filter hides it)");
	return SHELF_DRAW;
}

static int
open_row(struct shelf *sh)
{
	const struct shelf_row	*r = shelf_selected(sh);
	char			 p[256];

	if (r->fp == NULL)
		return SHELF_OPEN;	/* the guide */
	if (*r->path == '\0') {
		shelf_message(sh, "This text came from standard input: pipe it "
		    "to juan again to read on where you left it");
		return SHELF_DRAW;
	}
	if (shelf_missing(sh, sh->sel)) {
		shelf_shorten(r->path, sh->o.home, 40, p, sizeof p);
		shelf_message(sh, "%s is not there (moved or deleted): open it "
		    "from its new place and juan finds your place", p);
		return SHELF_DRAW;
	}
	return SHELF_OPEN;
}

static int
ask_remove(struct shelf *sh)
{
	const struct shelf_row	*r = shelf_selected(sh);

	if (r->fp == NULL) {
		shelf_message(sh, "The guide stays on the shelf");
		return SHELF_DRAW;
	}
	if (r->bookmarks == 0)
		return remove_row(sh, 0);
	sh->asking = 1;
	return SHELF_DRAW | SHELF_CONFIRM;
}

int
shelf_apply(struct shelf *sh, enum cmd cmd)
{
	long	page = (long)fits(sh);

	sh->msg[0] = '\0';
	sh->asking = 0;
	switch (cmd) {
	case CMD_LIST_DOWN:
		return move_sel(sh, 1);
	case CMD_LIST_UP:
		return move_sel(sh, -1);
	case CMD_LIST_PAGE_DOWN:
		return move_sel(sh, page);
	case CMD_LIST_PAGE_UP:
		return move_sel(sh, -page);
	case CMD_LIST_FIRST:
		return move_sel(sh, -(long)sh->nshown);
	case CMD_LIST_LAST:
		return move_sel(sh, (long)sh->nshown);
	case CMD_SHELF_OPEN:
		return open_row(sh);
	case CMD_SHELF_FILTER:
		return SHELF_DRAW | SHELF_FILTER;
	case CMD_SHELF_REMOVE:
		return ask_remove(sh);
	case CMD_SHELF_UNDO:
		return undo(sh);
	case CMD_LIST_CLOSE:
		return SHELF_CLOSE;
	case CMD_QUIT:
		return SHELF_QUIT;
	case CMD_REDRAW:
		return SHELF_DRAW | SHELF_CLEAR;
	default:
		return SHELF_DRAW;
	}
}

int
shelf_filter(struct shelf *sh, const char *text)
{
	size_t	n;
	char	*key;

	free(sh->filter);
	sh->filter = ustr_fold(text, strlen(text), 1, &n, NULL);
	/* A tab between title and path: nothing typed at a prompt matches
	 * across it (ustr_fold drops newlines). */
	for (size_t i = 0; *sh->filter != '\0' && i < sh->ndocs; i++)
		if (sh->rows[i].key == NULL) {
			key = xasprintf("%s\t%s", sh->rows[i].title,
			    sh->rows[i].path);
			sh->rows[i].key = ustr_fold(key, strlen(key), 1, &n, NULL);
			free(key);
		}
	sh->nshown = 0;		/* nothing to keep selected: the first row */
	reshow(sh);
	sh->top = 0;
	keep_visible(sh);
	return SHELF_DRAW;
}

int
shelf_confirm(struct shelf *sh, int key)
{
	if (!sh->asking)
		return 0;
	sh->asking = 0;
	if (key == 'y' || key == 'Y')
		return remove_row(sh, 1);
	if (key == 'n' || key == 'N')
		return remove_row(sh, 0);
	shelf_message(sh, "Kept");
	return SHELF_DRAW;
}

const char *
shelf_question(const struct shelf *sh)
{
	return sh->asking ? "Delete its bookmarks too? y: yes, n: keep them, "
	    "Esc: keep the document" : NULL;
}

const struct shelf_row *
shelf_selected(struct shelf *sh)
{
	return shelf_get(sh, sh->sel);
}

int
shelf_click(struct shelf *sh, int y)
{
	size_t	e, i;

	if (y < 1)
		return 0;
	e = (size_t)(y - 1) / 2;
	i = sh->top + e;
	if (e >= fits(sh) || i >= sh->nshown)
		return 0;
	sh->msg[0] = '\0';
	sh->asking = 0;
	if (i == sh->sel)
		return open_row(sh);
	sh->sel = i;
	return SHELF_DRAW;
}

int
shelf_wheel(struct shelf *sh, int rows)
{
	sh->msg[0] = '\0';
	return move_sel(sh, rows);
}

size_t
shelf_commit(struct shelf *sh, struct marks *m)
{
	size_t	n = 0;

	for (size_t i = 0; i < sh->ndocs; i++)
		if (sh->rows[i].removed == 1) {
			marks_forget(m, sh->rows[i].fp, sh->rows[i].with_marks);
			sh->rows[i].removed = 2;
			n++;
		}
	sh->nundo = 0;
	return n;
}

static const char *
pace_word(int source)
{
	return source == FROM_READING ? "learned" : source == FROM_WPM ?
	    "--wpm" : "default";
}

void
shelf_header(struct shelf *sh, char *buf, size_t size)
{
	char	raw[512], what[160], pace[160];
	size_t	w, kept = 0;

	for (size_t i = 0; i < sh->ndocs; i++)
		kept += !sh->rows[i].removed;
	if (*sh->filter != '\0')
		snprintf(what, sizeof what, "%zu of %zu documents shown",
		    sh->nshown - 1, kept);
	else
		snprintf(what, sizeof what, "%zu document%s", kept,
		    kept == 1 ? "" : "s");
	if (sh->source[PACE_CJK] == sh->source[PACE_LATIN])
		snprintf(pace, sizeof pace, "%.0f CJK, %.0f words a minute (%s)",
		    sh->speed[PACE_CJK], sh->speed[PACE_LATIN],
		    pace_word(sh->source[PACE_CJK]));
	else
		snprintf(pace, sizeof pace, "%.0f CJK (%s), %.0f words (%s) a "
		    "minute", sh->speed[PACE_CJK], pace_word(sh->source[PACE_CJK]),
		    sh->speed[PACE_LATIN], pace_word(sh->source[PACE_LATIN]));
	snprintf(raw, sizeof raw, " Shelf: %s" DOT "pace %s", what, pace);
	fit(raw, (size_t)sh->cols, buf, size, &w);
}

/* Line 1: the title, then the bar, the percentage and when it was last
 * read, on the right as far as the width allows. */
static void
entry_line1(struct shelf *sh, const struct shelf_row *r, char *buf,
    size_t size, size_t *bold)
{
	char	right[256], bar[64], ago[64], title[1024];
	size_t	len = 0, rw, tw, cells, w;

	right[0] = '\0';
	if (r->fp != NULL) {
		shelf_ago(r->last, sh->o.now, sh->o.zh, ago, sizeof ago);
		w = ustr_strwidth(ago, strlen(ago));
		shelf_bar(r->percent, BAR_CELLS, bar, sizeof bar);
		if (sh->cols >= 60)
			snprintf(right, sizeof right, "%s %3.0f%%  %*s%s", bar,
			    r->percent, (int)(w < AGO_CELLS ? AGO_CELLS - w : 0), "",
			    ago);
		else if (sh->cols >= 36)
			snprintf(right, sizeof right, "%3.0f%%  %s", r->percent, ago);
		else
			snprintf(right, sizeof right, "%3.0f%%", r->percent);
	}
	rw = ustr_strwidth(right, strlen(right));
	/* " title  right" and a free last cell. */
	cells = (size_t)sh->cols > rw + 4 ? (size_t)sh->cols - rw - 4 :
	    (size_t)sh->cols > 2 ? (size_t)sh->cols - 2 : 1;
	if ((size_t)sh->cols <= rw + 4)
		right[0] = '\0';
	fit(r->title, cells, title, sizeof title, &tw);
	if (size > 0)
		buf[0] = '\0';
	put(buf, size, &len, " ");
	put(buf, size, &len, title);
	*bold = len < size ? len : strlen(buf);
	if (right[0] != '\0') {
		for (; tw < cells + 2; tw++)
			put(buf, size, &len, " ");
		put(buf, size, &len, right);
	}
}

/* Line 2: where the document is, its section and the time left. The
 * time left is whole; the path and the section share the rest, the path
 * two thirds of it when both are too long (a short one lends the other
 * what it does not need), the section gone when too narrow. */
static void
entry_line2(struct shelf *sh, size_t idx, const struct shelf_row *r,
    char *buf, size_t size)
{
	char		 left[96], dur[64], where[1100], sec[1024], p[1024];
	char		 line[2400];
	const char	*pre = "", *label;
	size_t		 len = 0, rest, lw, sw, pw, want, sb, used, wl = 0;

	line[0] = '\0';

	left[0] = '\0';
	if (r->fp != NULL && r->percent >= 100)
		snprintf(left, sizeof left, "%s", sh->o.zh ?
		    "\xe8\xaf\xbb\xe5\xae\x8c\xe4\xba\x86" : "finished");
	else if (r->minutes_left >= 0) {
		shelf_duration(r->minutes_left, sh->o.zh, dur, sizeof dur);
		snprintf(left, sizeof left, sh->o.zh ? "\xe8\xbf\x98\xe5\x89\xa9 %s" :
		    "%s left", dur);
	}
	lw = ustr_strwidth(left, strlen(left));
	lw += lw > 0 ? 3 : 0;
	rest = sh->cols > 4 + (int)lw ? (size_t)sh->cols - 4 - lw : 1;
	label = r->fp == NULL ? "built in: the keys, the options and the shelf" :
	    *r->path == '\0' ? "from standard input" : NULL;
	if (label == NULL && shelf_missing(sh, idx))
		pre = "(moved or deleted) ";
	if (label == NULL)
		shelf_shorten(r->path, sh->o.home, sizeof p, p, sizeof p);
	want = label != NULL ? ustr_strwidth(label, strlen(label)) :
	    strlen(pre) + ustr_strwidth(p, strlen(p));
	sw = ustr_strwidth(r->section, strlen(r->section));
	pw = rest;
	sb = 0;
	if (sw > 0 && want + 3 + sw <= rest) {
		pw = want;
		sb = sw;
	} else if (sw > 0) {
		pw = rest * 2 / 3 > rest - (sw + 3) ? rest * 2 / 3 : rest - (sw + 3);
		if (want < pw)
			pw = want;
		sb = rest > pw + 3 + 4 ? rest - pw - 3 : 0;
		if (sb == 0)
			pw = rest;
	}
	where[0] = '\0';
	if (label != NULL)
		put(where, sizeof where, &wl, label);
	else {
		used = strlen(pre);
		shelf_shorten(r->path, sh->o.home, pw > used ? pw - used : 1, p,
		    sizeof p);
		put(where, sizeof where, &wl, pre);
		put(where, sizeof where, &wl, p);
	}
	fit(where, pw, p, sizeof p, &used);
	put(line, sizeof line, &len, "   ");
	put(line, sizeof line, &len, p);
	if (sb > 0) {
		fit(r->section, sb, sec, sizeof sec, &used);
		put(line, sizeof line, &len, DOT);
		put(line, sizeof line, &len, sec);
	}
	if (left[0] != '\0') {
		put(line, sizeof line, &len, DOT);
		put(line, sizeof line, &len, left);
	}
	/* Too narrow for the time left whole: cut like the rest. */
	fit(line, sh->cols > 1 ? (size_t)sh->cols - 1 : 1, buf, size, &used);
}

int
shelf_entry(struct shelf *sh, int e, char *l1, size_t s1, char *l2,
    size_t s2, size_t *bold, int *dim, int *sel)
{
	size_t			 idx = sh->top + (size_t)e;
	const struct shelf_row	*r;

	*bold = 0;
	*dim = *sel = 0;
	if (s1 > 0)
		l1[0] = '\0';
	if (s2 > 0)
		l2[0] = '\0';
	if (e < 0 || (size_t)e >= fits(sh) || idx >= sh->nshown)
		return 0;
	r = &sh->rows[sh->shown[idx]];
	*sel = idx == sh->sel;
	*dim = r->fp == NULL || shelf_missing(sh, idx);
	entry_line1(sh, r, l1, s1, bold);
	entry_line2(sh, idx, r, l2, s2);
	return 1;
}

void
shelf_status(struct shelf *sh, char *buf, size_t size)
{
	const char	*q = shelf_question(sh);
	size_t		 w;

	fit(q != NULL ? q : sh->msg[0] != '\0' ? sh->msg :
	    "Enter opens" DOT "/ filters" DOT "d removes" DOT "u puts back" DOT
	    "q closes", sh->cols > 2 ? (size_t)sh->cols - 2 : 1, buf, size, &w);
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
