/* ui_int: what the files of the ui share (not part of the API; nothing
 * outside src/ui*.c includes it). ui.c owns the terminal (probe, curses,
 * signals), the pager's key loop, switching documents and the bookmark
 * saves; ui_probe.c the terminal before curses (the ambiguous-width probe,
 * "waiting for input"); ui_draw.c paints what the view and the shelf describe;
 * ui_prompt.c reads a line on the status row; ui_shelf.c runs the shelf. */
#ifndef JUAN_UI_INT_H
#define JUAN_UI_INT_H

#define NCURSES_WIDECHAR 1
#include <curses.h>
#include <stddef.h>
#include <stdio.h>

struct doc;
struct layout_line;
struct marks;
struct shelf;
struct ui_opts;
struct view;

#define UI_NOTE_MAX	256

struct ui {
	const struct ui_opts	*o;
	struct view		*v;	/* the document read, NULL: none */
	struct doc		*doc;
	char			*path;	/* its absolute path, "" for stdin */
	size_t			 start_off;	/* where it opened */
	struct shelf		*shelf;	/* the shelf screen, NULL: the pager */
	char			*open_path;	/* LOOP_OPEN: what the shelf opens */
	char			 note[UI_NOTE_MAX];	/* for the next screen */
	char			 incomplete[UI_NOTE_MAX];	/* the text was
					 * cut short (doc_error) */
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

/* What a screen's key loop ends with. */
enum {
	LOOP_QUIT,
	LOOP_SHELF,	/* the pager: show the shelf */
	LOOP_BACK,	/* the shelf: back to the document */
	LOOP_OPEN,	/* the shelf: open ui->open_path */
};

/* ui.c */
/* Read one key (-1: none; see read_key). */
int		 ui_read_key(struct ui *);
/* A message on the screen up (the shelf's or the pager's status). */
void		 ui_tell(struct ui *, const char *msg);
/* Save the marks now; the first failure goes to the status line. */
void		 ui_save_now(struct ui *);
/* A mouse report: UI_CLICK (a press) or UI_RELEASE with the row in *y, a
 * wheel's rows (negative: up), or 0. */
#define UI_CLICK	0x7fff
#define UI_RELEASE	0x7ffe
int		 ui_mouse(int *y);
/* A key already typed, or -1 at once. */
int		 ui_read_key_now(void);
/* After a character typed: the text typed ahead with it (a paste), up to
 * size bytes, read at once; 0 if none. Keys after the text stay queued. */
size_t		 ui_read_text_now(struct ui *, char *buf, size_t size);
/* Take the new screen size and repaint everything. */
void		 ui_resize(struct ui *);
/* A signal that ends the prompt came: 1, and a SIGINT is used up (it only
 * cancels the prompt); others stay pending for ui_run. */
int		 ui_signalled(void);
/* A signal that ends the run came (kept for ui_run's exit status). */
int		 ui_quitting(void);

/* From now on, a signal that ends juan first puts back old, the modes of
 * fd_in (ui.c; the probe changes them before ui_run's handlers). */
struct termios;
void		 ui_guard_tty(int fd_in, const struct termios *old);

/* ui_probe.c: the probe is sent (the terminal without echo until it is
 * finished); finish waits for its answer until PROBE_MS after it was sent,
 * puts the modes back, and returns the keys typed meanwhile, *wide from the
 * answer. */
void		 ui_probe_send(int fd_in, int fd_out);
size_t		 ui_probe_finish(char *keys, size_t size, int *wide);
int		 ui_probe_quiet(void);
int		 ui_probe_forget(void);
void		 ui_probe_waiting_erase(void);
int		 ui_probe_wait_input(int fd_in, int fd_out);

/* ui_draw.c */
/* The looks of the theme (enum theme_id) in the terminal's colours;
 * colour 0 (the color setting), NO_COLOR or a terminal without colours:
 * attributes only. */
void		 ui_styles_setup(int theme, int colour);
int		 ui_screen_cols(void);
/* What flags (VIEW_*) ask for, into curses' buffers; 1 if anything
 * changed. ui_draw also puts it on the terminal. */
int		 ui_paint(struct ui *, int flags);
void		 ui_draw(struct ui *, int flags);
/* The prompt on the status row: label, then text[0..len) with the cursor
 * at byte cur. */
void		 ui_draw_prompt(const char *label, const char *text, size_t len,
		    size_t cur);

void		 ui_shelf_paint(struct ui *, int flags);

/* ui_prompt.c */
/* A VIEW_PROMPT: ask, then hand the answer to the view. */
int		 ui_prompt_run(struct ui *);
/* The shelf's filter, applied as it is typed; Esc clears it. */
void		 ui_prompt_filter(struct ui *);

/* ui_shelf.c: the shelf screen over the marks (and the document). */
void		 ui_shelf_open(struct ui *);
int		 ui_shelf_loop(struct ui *);
/* The removals made on the shelf are saved; the shelf goes. */
void		 ui_shelf_close(struct ui *);

#endif
