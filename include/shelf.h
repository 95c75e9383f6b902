/* shelf: the documents the reader has read (issue 17), most recently read
 * first, each with its title, path, progress, section, time left and when
 * it was last read, the built-in guide always last; --shelf --list and
 * --stats. Plain logic over the marks (no curses).
 *
 * The rows are copied from the marks when the shelf is made, so the marks
 * may be saved while it is open. */
#ifndef JUAN_SHELF_H
#define JUAN_SHELF_H

#include <stddef.h>
#include <stdio.h>
#include <time.h>

struct marks;
struct shelf;

struct shelf_opts {
	const char	*guide;		/* the guide's path: its record is no
					 * document; NULL: none */
	const char	*home;		/* shown as ~ in paths; NULL: none */
	double		 cjk_per_min;	/* --wpm; 0: not given */
	double		 words_per_min;
	time_t		 now;
	int		 zh;		/* dates and times in Chinese */
};

struct shelf_row {
	char		*fp;		/* NULL for the guide */
	char		*path;		/* "" for standard input */
	char		*title;		/* first heading or file name */
	char		*section;
	double		 percent;
	time_t		 last;		/* last read */
	double		 minutes_left;	/* < 0: not known */
	unsigned long	 seconds;	/* reading time recorded */
	unsigned	 days;		/* days read */
	int		 first_day;	/* YYYYMMDD; 0: no reading recorded */
	size_t		 bookmarks;
	int		 missing;	/* -1 not looked at yet; 1: the file is gone */
};

struct shelf	*shelf_new(struct marks *, const struct shelf_opts *);
void		 shelf_free(struct shelf *);
/* The documents (the guide not counted), and whether a state file knew
 * any: what `juan` alone opens. */
size_t		 shelf_documents(const struct shelf *);

/* The rows shown, the guide last. */
size_t		 shelf_count(const struct shelf *);
const struct shelf_row *shelf_get(struct shelf *, size_t i);
/* Whether row i's file is gone (looked at once, when first asked). */
int		 shelf_missing(struct shelf *, size_t i);

/* --- formatting (shared with the listings) ---------------------------- */

/* "today 21:04", "yesterday 08:10", "3 days ago", "2024-03-05"
 * (zh: "今天 21:04", "昨天 08:10", "3 天前"). */
size_t		 shelf_ago(time_t then, time_t now, int zh, char *buf,
		    size_t size);
/* "<1 min", "45 min", "3 h 20 min" (zh: "45 分钟", "3 小时 20 分钟"). */
size_t		 shelf_duration(double minutes, int zh, char *buf, size_t size);
/* path in at most cells cells, sanitised, home as ~, cut in the middle
 * with "…" when longer. */
size_t		 shelf_shorten(const char *path, const char *home, size_t cells,
		    char *buf, size_t size);
/* A progress bar of cells cells. */
size_t		 shelf_bar(double percent, size_t cells, char *buf, size_t size);
/* ISO 8601 with the local offset: 2024-03-05T21:04:00+08:00. */
size_t		 shelf_iso8601(time_t t, char *buf, size_t size);

/* juan --shelf --list: PATH TAB TITLE TAB PERCENT TAB SECTION TAB
 * LAST_READ_ISO8601 a line. juan --stats: a table, or JSON. Return 0, or
 * -1 if the output failed. */
int		 shelf_print_list(struct shelf *, FILE *);
int		 shelf_print_stats(struct shelf *, struct marks *, int json,
		    FILE *);

#endif
