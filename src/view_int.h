/* view_int: what the files of the view module share (not part of the API;
 * nothing outside src/view*.c includes it). view.c is the reading view and
 * the command dispatch, view_list.c the list screens, view_search.c the
 * search, view_marks.c the bookmarks, view_pace.c the reading measured. */
#ifndef JUAN_VIEW_INT_H
#define JUAN_VIEW_INT_H

#include <stddef.h>

#include "keymap.h"
#include "layout.h"

struct mark;
struct outline;
struct status_in;
struct view;

#define RESUMED		"resumed at "	/* the resume message's start */

/* view.c */
/* Positions in reading order: -1, 0, 1. */
int		 view_pos_cmp(struct layout_pos, struct layout_pos);
/* The outline once the scan has ended, else NULL. */
const struct outline *view_outline(struct view *);
/* The outline in *o, or 0 with the message saying why there is none. */
int		 view_need_outline(struct view *, const struct outline **o);
void		 view_set_top(struct view *, struct layout_pos);
/* Is doc offset off on screen now? */
int		 view_visible(struct view *, size_t off);
/* A section title as the text shows it: converted, its joins dropped,
 * into buf (size > 0) when a conversion is on; else t itself. */
const char	*view_title(struct view *, const char *t, char *buf, size_t size);
/* The settings remembered for the document (config.h's words): over the
 * defaults, under the command line. Returns VIEW_* flags. */
int		 view_settings_apply(struct view *, const char *words);

/* view_help.c */
/* The help's lines for the text column's width (again after a resize). */
void		 view_help_build(struct view *);

/* view_toc.c: the contents list (rows are entries shown). */
void		 view_toc_open(struct view *);
void		 view_toc_drop(struct view *);
size_t		 view_toc_text(struct view *, size_t row, char *buf, size_t size,
		    int *current);
/* how 0 toggles, -1 folds, 1 unfolds. */
int		 view_toc_fold(struct view *, int how);
/* pat NULL or "": no filter. */
int		 view_toc_filter(struct view *, const char *pat, size_t len);
/* `/` in the contents or the list of matches: the filter's prompt,
 * starting from the list's filter. */
int		 view_filter_prompt(struct view *);
/* The filter of the list shown (the contents, the matches) as typed;
 * pat NULL or "": none. */
int		 view_list_filter(struct view *, const char *pat, size_t len);
/* NG: select section N. */
int		 view_toc_goto(struct view *, long n);

/* view_find.c: the list of matches (rows: groups' and matches'). */
int		 view_find_open(struct view *);
void		 view_find_drop(struct view *);
/* Follow the count: more rows, or all grouped again. VIEW_* flags. */
int		 view_find_poll(struct view *);
/* Enter: go to the selected match (a group's row: its first). */
int		 view_find_pick(struct view *);
/* The filter of the groups' titles; pat NULL or "": none. */
int		 view_find_filter(struct view *, const char *pat, size_t len);
size_t		 view_find_text(struct view *, size_t row, char *buf, size_t size,
		    size_t *hl_off, size_t *hl_len);
void		 view_find_status(struct view *, struct status_in *,
		    char *title, size_t size);

/* view_list.c */
/* Forget the deletions the bookmark list could undo (it closed). */
void		 view_undo_drop(struct view *);
int		 view_list_open(struct view *, int mode);
int		 view_list_apply(struct view *, enum cmd, long count);
/* Keep the selection within the list's nrows rows, and on screen. */
void		 view_list_show_sel(struct view *, size_t nrows);

/* view_search.c */
void		 view_search_drop(struct view *);
int		 view_search_prompt(struct view *, int backward);
int		 view_search_again(struct view *, int reverse, long n);
void		 view_match_status(struct view *, struct status_in *,
		    char *title, size_t size);

/* view_pace.c: the reading measured at each command (view_apply: cmd
 * given in mode with the top at off), and at the other events: a break (a
 * prompt answered, a click, a resize, a search's late jump) or a plain
 * input (a count typed). */
void		 view_pace_open(struct view *);
void		 view_pace_command(struct view *, enum cmd, int mode, size_t off);
void		 view_pace_break(struct view *);
void		 view_pace_input(struct view *);

/* view_marks.c */
/* Record place (off, title, section and counts set) with the document's
 * fingerprint, path, percentage and the snippet at off. */
void		 view_mark_place(struct view *, struct mark *place);
int		 view_mark_prompt(struct view *, int kind);
void		 view_resume_message(struct view *);
/* Cells of a bookmark's snippet its default name and the list show. */
#define SNIP_CELLS	16

#endif
