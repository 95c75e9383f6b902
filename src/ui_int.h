/* ui_int: what the files of the ui share (not part of the API; nothing
 * outside src/ui*.c includes it). ui.c owns the terminal (probe, curses,
 * signals), the key loop and the bookmark saves; ui_draw.c paints what the
 * view describes; ui_prompt.c reads a line on the status row. */
#ifndef JUAN_UI_INT_H
#define JUAN_UI_INT_H

#define NCURSES_WIDECHAR 1
#include <curses.h>
#include <stddef.h>
#include <stdio.h>

struct doc;
struct layout_line;
struct marks;
struct view;

struct ui {
	struct view		*v;
	struct doc		*doc;
	struct marks		*marks;
	const char		*state_dir;
	int			 save_failed;	/* the reader was told bookmarks
					 * are not saved: not again */
	int			 save_off;	/* ... from the start: the
					 * state directory is unusable */
	SCREEN			*screen;
	FILE			*in, *out;
	long long		 scan_pending;	/* the first screen's time
					 * while the scan waits to start */
	int			 resize_pending;
	struct layout_line	*rowbuf;	/* the rows being drawn */
	int			 rowbuf_size;
};

/* ui.c */
/* Read one key (-1: none; see read_key). */
int		 ui_read_key(struct ui *);
/* A key already typed, or -1 at once. */
int		 ui_read_key_now(void);
/* Take the new screen size and repaint everything. */
void		 ui_resize(struct ui *);
/* A signal that ends the prompt came: 1, and a SIGINT is used up (it only
 * cancels the prompt); others stay pending for ui_run. */
int		 ui_signalled(void);

/* ui_draw.c */
void		 ui_styles_setup(void);
int		 ui_screen_cols(void);
/* What flags (VIEW_*) ask for, into curses' buffers; 1 if anything
 * changed. ui_draw also puts it on the terminal. */
int		 ui_paint(struct ui *, int flags);
void		 ui_draw(struct ui *, int flags);
/* The prompt on the status row: label, then text[0..len) with the cursor
 * at byte cur. */
void		 ui_draw_prompt(struct ui *, const char *label, const char *text,
		    size_t len, size_t cur);

/* ui_prompt.c */
/* A VIEW_PROMPT: ask, then hand the answer to the view. */
int		 ui_prompt_run(struct ui *);

#endif
