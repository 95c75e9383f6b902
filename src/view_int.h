/* view_int: what the files of the view module share (not part of the API;
 * nothing outside src/view*.c includes it). view.c is the reading view and
 * the command dispatch, view_list.c the list screens, view_search.c the
 * search, view_marks.c the bookmarks. */
#ifndef JUAN_VIEW_INT_H
#define JUAN_VIEW_INT_H

#include <stddef.h>

#include "keymap.h"
#include "layout.h"

struct outline;
struct view;

#define RESUMED		"resumed at "	/* the resume message's start */

/* view.c */
/* The outline once the scan has ended, else NULL. */
const struct outline *view_outline(struct view *);
/* The outline in *o, or 0 with the message saying why there is none. */
int		 view_need_outline(struct view *, const struct outline **o);
void		 view_set_top(struct view *, struct layout_pos);
/* Is doc offset off on screen now? */
int		 view_visible(struct view *, size_t off);

/* view_list.c */
void		 view_help_build(struct view *);
int		 view_list_open(struct view *, int mode);
int		 view_list_apply(struct view *, enum cmd, long count);

/* view_search.c */
void		 view_search_drop(struct view *);
int		 view_search_prompt(struct view *, int backward);
int		 view_search_again(struct view *, int reverse, long n);
void		 view_match_status(struct view *, char *buf, size_t size);

/* view_marks.c */
int		 view_mark_prompt(struct view *, int kind);
void		 view_resume_message(struct view *);
void		 view_snippet_show(const char *snip, char *buf, size_t size);

#endif
