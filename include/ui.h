/* ui: the only module that touches curses: terminal set-up and restore,
 * signals, the ambiguous-width probe, drawing, keys, prompts and resize. It
 * drives the pager state machine (view.h) over an open doc. */
#ifndef JUAN_UI_H
#define JUAN_UI_H

struct doc;
struct doc_opts;
struct shelf_opts;

struct ui_opts {
	int		 width;		/* --width: widest text column in cells (0: 80) */
	int		 ambiguous;	/* --ambiguous: -1 auto (probe), 0 narrow, 1 wide */
	int		 cjk_per_min;	/* --wpm: reading speeds for the time left */
	int		 words_per_min;
	int		 no_resume;	/* --no-resume */
	int		 hang;		/* --hang */
	int		 indent;	/* 0 with --no-indent */
	int		 para_spacing;	/* --spacing=0|1 */
	int		 glue_num_unit;	/* --glue-units */
	int		 color;		/* --color: 0 attributes only */
	int		 theme;		/* --theme: enum theme_id */
	int		 convert;	/* --convert: enum convert_mode */
	int		 lang;		/* the status line's words (status.h) */
	unsigned	 fixed;		/* settings the command line gave
					 * (1 << enum config_key) */
	const char	*search;	/* -p, --search, +/PATTERN: open at the first match */
	const char	*state_dir;	/* bookmarks directory, NULL: no persistence */
	const char	*state_warning;	/* a message to show once (state dir or
					 * config file problem) */
	int		 tty_fd;	/* the terminal for keys and drawing */
	const struct doc_opts *doc_opts;	/* documents the shelf opens */
	const struct shelf_opts *shelf;	/* the shelf's (the guide's path, ...) */
	int		 shelf_always;	/* --shelf: the shelf even when empty */
};

/* Sends the ambiguous-width probe (--ambiguous=auto on a terminal) so that
 * the terminal's answer travels while the file opens; ui_run() reads it.
 * A caller that then exits without ui_run() calls ui_unprepare(), which
 * reads the answer and puts the terminal back. */
void	ui_prepare(const struct ui_opts *);
void	ui_unprepare(void);
/* For doc_opts.wait (arg: the struct ui_opts) while a pipe or FIFO has
 * sent nothing: shows "waiting for input… (q quits)" on the terminal,
 * without echo, and returns 1 once q is typed (other keys are kept for
 * the pager); ui_run() or ui_unprepare() erase the line. */
int	ui_wait_input(void *opts);

/* Run the pager on doc until the user quits; `o` shows the shelf, which
 * opens other documents. With doc NULL, the shelf comes first (the guide
 * when the shelf is empty, unless shelf_always). Every document is freed
 * here, doc too. Returns the exit status: 0; 1 on a terminal error, or
 * when the text read last was incomplete (doc_error(), also shown in the
 * status line), after printing one line to stderr; 128 + N after signal
 * N. A bookmark save that fails at exit is one line on stderr and leaves
 * the status 0. */
int	ui_run(struct doc *, const struct ui_opts *);

/* The ncursesw runtime version ("6.4.20221231"), for --version. */
const char	*ui_curses_version(void);

/* Put the terminal back (die hook, fatal signals): async-signal-safe. */
void	ui_emergency_restore(void);

#endif
