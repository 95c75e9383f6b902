/* shelf: the documents the reader has read (issue 17), most recently read
 * first, each with its title, path, progress, section, time left and when
 * it was last read, the built-in guide always last; filtering, removing
 * with undo, and the selection on screen; --shelf --list and --stats.
 * Plain logic over the marks (no curses): the ui draws the lines this
 * module formats and hands it the reader's commands.
 *
 * The rows point into the marks: the marks may not change while the shelf
 * is open (ten thousand documents are not copied to open it).
 * Removals wait until shelf_commit(), the shelf's last use of the marks,
 * so that `u` can undo them while the shelf is open. */
#ifndef JUAN_SHELF_H
#define JUAN_SHELF_H

#include <stddef.h>
#include <stdio.h>
#include <time.h>

#include "keymap.h"

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
	const char	*fp;		/* NULL for the guide */
	const char	*path;		/* "" for standard input */
	const char	*title;		/* first heading or file name */
	const char	*section;
	double		 percent;
	time_t		 last;		/* last read */
	double		 minutes_left;	/* < 0: not known */
	unsigned long	 seconds;	/* reading time recorded */
	unsigned	 days;		/* days read */
	int		 first_day;	/* YYYYMMDD; 0: no reading recorded */
	size_t		 bookmarks;
	int		 missing;	/* -1 not looked at yet; 1: the file is gone */
	int		 removed;	/* 1: by d, until u; 2: committed */
	int		 with_marks;	/* removed with its bookmarks */
	char		*key;		/* folded title and path (the filter's) */
};

struct shelf	*shelf_new(struct marks *, const struct shelf_opts *);
void		 shelf_free(struct shelf *);
/* The documents (the guide not counted), and whether a state file knew
 * any: what `juan` alone opens. */
size_t		 shelf_documents(const struct shelf *);

/* The rows shown: those not removed that match the filter, the guide
 * last. */
size_t		 shelf_count(const struct shelf *);
const struct shelf_row *shelf_get(struct shelf *, size_t i);
/* Whether row i's file is gone (looked at once, when first asked). */
int		 shelf_missing(struct shelf *, size_t i);

/* --- the screen ------------------------------------------------------- */

enum {
	SHELF_DRAW	= 1 << 0,	/* repaint */
	SHELF_OPEN	= 1 << 1,	/* open shelf_selected()'s document */
	SHELF_CLOSE	= 1 << 2,	/* back to the document, or quit */
	SHELF_FILTER	= 1 << 3,	/* read the filter: shelf_filter() per edit */
	SHELF_CONFIRM	= 1 << 4,	/* ask shelf_question(), then shelf_confirm() */
	SHELF_QUIT	= 1 << 5,
	SHELF_CLEAR	= 1 << 6,	/* a full repaint (Ctrl-L) */
};

/* The screen: a header line, two lines an entry, the status line. */
void		 shelf_resize(struct shelf *, int rows, int cols);
/* A command of the shelf's key table (KEYMAP_SHELF). */
int		 shelf_apply(struct shelf *, enum cmd);
/* The filter as typed so far: the rows whose title or path holds it (case
 * and width folded); "" shows every row. The first row is selected. */
int		 shelf_filter(struct shelf *, const char *text);
/* The answer to SHELF_CONFIRM: 'y' removes the bookmarks too, 'n' the
 * entry only; anything else removes nothing. */
int		 shelf_confirm(struct shelf *, int key);
const char	*shelf_question(const struct shelf *);
/* The selected row, or NULL. */
const struct shelf_row *shelf_selected(struct shelf *);
/* A message for the status line (sanitised); it goes at the next command. */
void		 shelf_message(struct shelf *, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));
/* The mouse: a click on screen row y selects the entry there, or opens it
 * if it was selected; the wheel moves the selection. */
int		 shelf_click(struct shelf *, int y);
int		 shelf_wheel(struct shelf *, int rows);
/* Apply the removals to the marks (the ui saves them), the shelf's last
 * use of them: free it next. Returns how many. */
size_t		 shelf_commit(struct shelf *, struct marks *);

/* What to draw, fitted to the width and sanitised: the header; entry e on
 * screen (0 from the top) as two lines, *bold the length of line 1's
 * title, *dim for a missing file or the guide, *sel for the selected one
 * (returns 0 and "" below the last entry); the status line. */
void		 shelf_header(struct shelf *, char *buf, size_t size);
int		 shelf_entry(struct shelf *, int e, char *l1, size_t s1, char *l2,
		    size_t s2, size_t *bold, int *dim, int *sel);
void		 shelf_status(struct shelf *, char *buf, size_t size);

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
