/* view: the pager state machine, without curses. It holds where the reader
 * is (the layout position of the top text row), the screen geometry, the
 * mode (text, table of contents, help), the message of the moment and the
 * jump history, applies commands (keymap.h) and reports through VIEW_* flags
 * what the ui must redo. Everything a user can do with keys a unit test can
 * do through view_key() and view_apply(). The struct is open for the unit
 * tests; the ui (src/ui*.c) reads it only through the functions below and
 * never writes it (tests/check-layering.sh checks both). */
#ifndef JUAN_VIEW_H
#define JUAN_VIEW_H

#include <stddef.h>

#include "keymap.h"
#include "layout.h"
#include "pace.h"
#include "search.h"
#include "doc.h"

struct doc;
struct marks;
struct outline;

enum {
	VIEW_DRAW	= 1 << 0,	/* repaint the text rows */
	VIEW_STATUS	= 1 << 1,	/* repaint the status line */
	VIEW_PROMPT	= 1 << 2,	/* read a line (view.prompt), then view_answer() */
	VIEW_SAVE	= 1 << 3,	/* bookmarks changed: save them */
	VIEW_QUIT	= 1 << 4,
	VIEW_CLEAR	= 1 << 5,	/* full repaint: the terminal may be out of step */
	VIEW_SEARCH	= 1 << 6,	/* a search runs: call view_search_step() */
	VIEW_SHELF	= 1 << 7,	/* show the shelf (o) */
};

enum view_mode {
	VIEW_MODE_TEXT,
	VIEW_MODE_TOC,
	VIEW_MODE_HELP,
	VIEW_MODE_MARKS,
	VIEW_MODE_FIND,		/* every match of the search (F) */
};

/* What a VIEW_PROMPT asks for. */
enum view_prompt {
	VIEW_PROMPT_NONE,
	VIEW_PROMPT_SEARCH,	/* view_search_start() per edit, view_search_commit() */
	VIEW_PROMPT_MARK_NAME,	/* view_answer() */
	VIEW_PROMPT_MARK_RENAME,
	VIEW_PROMPT_FILTER,	/* the contents' filter: view_prompt_edit() per
				 * edit, view_answer() */
};

struct view_opts {
	int	width;		/* widest text column in cells; 0: 80 */
	int	cjk_per_min;	/* --wpm; 0: not given (the learned pace, */
	int	words_per_min;	/* or 400 and 250) */
	long long (*clock)(void);	/* milliseconds, for the pace; NULL:
					 * the monotonic clock (tests set one) */
	int	hang;
	int	indent;
	int	para_spacing;
	int	glue_num_unit;
	int	convert;	/* the display conversion: enum convert_mode */
	int	lang;		/* the status line's words: enum status_lang */
	unsigned fixed;		/* settings the command line gave (1 << enum
				 * config_key): a document's memory does not
				 * change them */
};

#define VIEW_MSG_MAX	256

/* A run of consecutive matches in one section (view_find.c). */
struct view_find_group {
	size_t	sec;		/* 1-based section; 0: before the first */
	size_t	first;		/* index of its first match among all */
	size_t	off;		/* where that match starts */
	size_t	n;		/* matches in it (so far) */
};

struct view {
	struct doc		*doc;
	struct layout		*layout;
	struct layout_opts	 lo;		/* lo.width: the text column now */
	int			 convert;	/* enum convert_mode of lo.convert */
	int			 want_width;	/* column asked for (+/- change it) */
	int			 rows, cols;	/* the screen, both >= 1 */
	int			 text_rows;	/* rows above the status line, >= 1 */
	int			 status_row;	/* -1 when the screen has no room */
	int			 left;		/* screen column of the text column */
	struct layout_pos	 top;		/* the top text row */
	size_t			 anchor;	/* the offset top was chosen for */
	int			 mode;		/* enum view_mode */
	size_t			 sel;		/* selected entry (lists) */
	size_t			 list_top;	/* first entry shown (lists, help) */
	size_t			*toc_rows;	/* the contents' entries shown */
	size_t			 toc_nrows;
	unsigned char		*toc_folded;	/* per entry: sub-sections hidden */
	size_t			 toc_nent;	/* entries toc_folded covers */
	char			*toc_filter;	/* folded filter pattern, NULL: none */
	char			*toc_typed;	/* the filter as typed */
	int			 toc_casefold;	/* the filter ignores case */
	struct view_find_group	*find_groups;	/* the list of matches (F) */
	size_t			 find_ngroups, find_groups_cap;
	size_t			 find_seen;	/* matches grouped */
	unsigned		 find_gen;	/* search_list()'s when grouped */
	int			 find_headed;	/* groups have rows: sections known */
	size_t			*find_shown;	/* groups the filter keeps */
	size_t			*find_start;	/* the first row of each */
	size_t			 find_nshown, find_nrows;
	char			*find_filter;	/* folded filter of titles, NULL:
						 * none */
	char			*find_typed;	/* the filter as typed */
	int			 find_casefold;
	size_t			 find_from;	/* the reader's place at F */
	int			 find_placed;	/* the selection was put on the
						 * match from there, or moved */
	char			*help;		/* help text, '\n'-separated lines */
	size_t			*help_lines;	/* offsets of its lines */
	size_t			 help_count;
	int			 lang;		/* enum status_lang */
	unsigned		 chosen;	/* settings the reader chose here,
						 * or remembered for the document
						 * (1 << enum config_key) */
	unsigned		 fixed;		/* view_opts.fixed */
	double			 given[PACE_SCRIPTS];	/* --wpm; 0: not given */
	long long		(*clock)(void);
	struct pace_clock	 pace;		/* the reading measured */
	time_t			 read_wall;	/* the wall time and local day of */
	int			 read_day;	/* the reader's last command */
	char			*title;		/* sanitised document name */
	char			 msg[VIEW_MSG_MAX];	/* sanitised message, "" for none */
	size_t			 jump_off;	/* where the last jump started */
	int			 has_jump;
	int			 scan_done;
	int			 scan_pct;
	size_t			 scan_bytes;	/* read so far when the size is unknown */
	int			 error_shown;	/* doc_error() has been told */
	int			 moved;		/* the text has moved since the start */
	size_t			 seen_len;	/* doc_len() at the last poll */
	long			 count;		/* count being typed, -1: none
						 * (view_key) */
	struct layout_line	*rowbuf;	/* text_rows entries */

	int			 prompt;	/* enum view_prompt of a VIEW_PROMPT */
	const char		*prompt_label;
	char			*prompt_text;	/* what it starts with (a name to
						 * rename), NULL: nothing */

	struct search		*search;	/* the pattern, NULL: none */
	char			*pattern;	/* its text, for messages */
	int			 regex;
	int			 backward;	/* the direction of / or ? */
	int			 committed;	/* Enter given: count, status, n/N */
	int			 count_done;	/* the match count is complete */
	size_t			 count_seen;	/* matches counted at the last poll */
	int			 highlight;	/* 0 after Esc */
	int			 searching;	/* a search runs: view_search_step() */
	int			 search_back;	/* direction of the running search */
	int			 wrapped;	/* the running search went past the end */
	long			 search_queue;	/* n/N typed ahead of it: +1 forward
						 * and -1 backward for each */
	int			 wrap_note;	/* the match shown was found after
						 * wrapping: 1 to the start, -1 to the end */
	size_t			 search_from;	/* where the next step starts */
	size_t			 search_origin;	/* where the prompt was opened */
	struct search_match	 match;		/* the current match */
	int			 has_match;

	struct marks		*marks;		/* NULL: no bookmarks */
	struct mark		*undo;		/* bookmarks deleted while the list
						 * is open, the last one last */
	size_t			 nundo;
	char			*fp;		/* doc fingerprint for marks */
	char			*path;		/* absolute path ("" for stdin) */
	int			 resumed;	/* the resume message awaits the outline */
	struct marks		*marks_wait;	/* marks for when the fingerprint is known */
	int			 resume_wait;
};

struct view	*view_new(struct doc *, const struct view_opts *, int rows, int cols);
void		 view_free(struct view *);
/* A new screen size (clamped to >= 1): reflow, keeping the top byte offset
 * on the top row. */
void		 view_resize(struct view *, int rows, int cols);
/* Apply cmd, count times where that makes sense; count < 0: none typed. */
int		 view_apply(struct view *, enum cmd, long count);
/* One key from the reader: a digit adds to the count being typed (shown in
 * the status), any other key is looked up in the mode's key table and
 * applied with that count, which it ends. The ui hands every key that is
 * not a mouse report or a resize here. */
int		 view_key(struct view *, int key);
/* Called between keys: follow the background scan (progress, the outline
 * arriving, a growing pipe, the fingerprint becoming known, doc_error()
 * told once in the message). Returns VIEW_* flags. */
int		 view_poll(struct view *);
/* A mouse click on screen row y (0-based): picks a list entry. */
int		 view_click(struct view *, int y);
/* Put doc offset off on the top row, remembering where we were (for `). */
void		 view_jump(struct view *, size_t off);
/* Set the message (sanitised here); NULL or "" clears it. */
void		 view_message(struct view *, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));

/* What the screen shows, for drawing it. */
struct view_screen {
	int	mode;		/* enum view_mode */
	int	text_rows;	/* rows above the status line, >= 1 */
	int	status_row;	/* -1 when the screen has no room */
	int	left, width;	/* the text column: first screen column, cells */
	size_t	list_top;	/* lists: the entry on the first row */
	size_t	sel;		/* lists: the selected entry; SIZE_MAX in help,
				 * which has none */
};
void		 view_screen(const struct view *, struct view_screen *);
/* A search runs: call view_search_step() until this is 0. */
int		 view_searching(const struct view *);
/* The match n/N start from (drawn apart from the others), or NULL. */
const struct search_match *view_match(const struct view *);
/* The prompt a VIEW_PROMPT asks for (enum view_prompt), its label, and
 * the text it starts with (the old name when renaming a bookmark; ""
 * else). */
int		 view_prompt(const struct view *, const char **label,
		    const char **text);
/* The mouse wheel: rows down (negative: up), in the text or a list. */
int		 view_wheel(struct view *, int rows);

/* Byte offset of the top text row. */
size_t		 view_top_off(struct view *);
/* The text rows now on screen; returns how many (short at the end). */
int		 view_rows(struct view *, struct layout_line *out, int max);
/* The text and markup styles of paragraph p as its rows show it
 * (layout_para_text: converted when a conversion is on). */
const char	*view_para_text(struct view *, const struct doc_para *p,
		    const unsigned char **style);
/* The status line for width cells (status.h lays it out; sanitised):
 * the message, a list's hint, or the name and the top row's section, then
 * §x/y, the position (Top, End, or the share of the text above the bottom
 * row, or where the section starts when the top row is its heading), the
 * time left. A search's count (with its match's section) replaces the
 * name only while the match is on screen. Returns the bytes written. */
size_t		 view_status(struct view *, int width, char *buf, size_t size);
/* Entries of the list mode (TOC, help): count, and the text of entry i
 * (sanitised; *current set for the section the reader is in). */
size_t		 view_list_count(struct view *);
size_t		 view_list_text(struct view *, size_t i, char *buf, size_t size,
		    int *current);
/* The part of entry i's text (view_list_text) that is a search match
 * (the list of matches), as a byte range; returns 0 if none. */
int		 view_list_match(struct view *, size_t i, size_t *from,
		    size_t *len);
/* What view_match_context may keep from one call to the next: the
 * paragraph searched last and its matches, so that the many matches of a
 * paragraph cost one search of it (--grep). Zero it to start, free it
 * with view_match_cache_free(); it holds while the doc and the search do
 * not change. */
struct view_match_cache {
	struct doc_para		 para;
	int			 valid;
	struct search_match	*m;
	size_t			 n, cap;
};
void		 view_match_cache_free(struct view_match_cache *);
/* The row of context of the match of s starting at off, as the list of
 * matches and --grep show it: the row of lay that holds the match's start
 * (the text as drawn, ustr_show_text), cut to cells with "…" where it
 * does not fit, the match kept in view; *hl_off and *hl_len: the match's
 * bytes in buf (as far as the row holds them). c: a cache, or NULL.
 * Returns the length. */
size_t		 view_match_context(struct layout *lay, struct doc *d,
		    struct search *s, struct view_match_cache *c, size_t off,
		    int cells, char *buf, size_t size, size_t *hl_off,
		    size_t *hl_len);
/* The name of the section holding off, as the contents list shows it
 * (tidied), or the status line's word for the text before the first
 * heading (status_front_matter); "" without sections. Returns the
 * length. */
size_t		 view_section_name(const struct outline *o, size_t off,
		    int lang, char *buf, size_t size);
/* The section (outline index) on row i of the contents, (size_t)-1 past
 * the rows: rows skip folded and filtered-out entries. */
size_t		 view_toc_entry(const struct view *, size_t row);
/* The share of the text above the bottom row, in percent (100 when the
 * last row is on screen): the status line's, and the one bookmarks keep. */
int		 view_percent(struct view *);

/* Search. start: compile pat (an invalid one sets the message and returns
 * VIEW_STATUS) and look for it from where the prompt opened; step: run the
 * running search for about budget bytes (VIEW_SEARCH while it goes on);
 * commit: Enter at the prompt (count, history); cancel: Esc or ^C at the
 * prompt (back to where it opened) or while a search runs. */
int		 view_search_start(struct view *, const char *pat, size_t len,
		    int regex);
int		 view_search_step(struct view *, size_t budget);
int		 view_search_commit(struct view *);
int		 view_search_cancel(struct view *, int restore);
/* The search prompt closed: text is what was typed (NULL: Esc), regex its
 * mode. An empty or invalid pattern goes back to where the prompt opened;
 * else the search is started if the last edit did not, and committed.
 * *committed says whether it was (the ui then keeps it in the history). */
int		 view_search_enter(struct view *, const char *text, int regex,
		    int *committed);
/* The search asked for on the command line: from the start of the text,
 * committed as if typed at the prompt and Enter pressed. */
int		 view_search_initial(struct view *, const char *pat);
/* The matches to highlight in paragraph p (none after Esc). */
size_t		 view_matches(struct view *, const struct doc_para *p,
		    struct search_match *out, size_t max);

/* Bookmarks: marks and the document's fingerprint and path; the width,
 * spacing, indent and conversion remembered for the document
 * (view_save_settings),
 * unless the command line gave them; with resume, go to the saved
 * position. fp NULL (a pipe or a transcoded file still
 * being spooled): view_poll() does this once doc_fingerprint() is known,
 * resuming only if the reader has given no command yet, and never for an
 * incomplete text (doc_error()). An edited file (no record for fp, one for
 * path) has its bookmarks re-anchored by their snippets first; those not
 * found are kept, flagged lost. Returns VIEW_* flags (VIEW_SAVE when the
 * marks changed). */
int		 view_set_marks(struct view *, struct marks *, const char *fp,
		    const char *path, int resume);
/* An edit at a prompt that acts as one types (a search, the contents'
 * filter): text is the line now. Returns VIEW_* flags. */
int		 view_prompt_edit(struct view *, const char *text, size_t len,
		    int regex);
/* The answer to a mark prompt or the filter; NULL: cancelled (the filter
 * is cleared). */
int		 view_answer(struct view *, const char *text);
/* Record the width, spacing, indent and conversion the reader chose (or that were
 * remembered) with the document's position, making the position if there
 * is none (at exit, after view_save_reading). */
void		 view_save_settings(struct view *);
/* Record in the marks what was read: the reading time not yet recorded
 * and, when the text moved (or the document was read a minute and is not
 * on the shelf yet), the place with what the shelf shows of it (at exit,
 * and before another document is opened). */
void		 view_save_reading(struct view *, int moved);
/* Back from another screen (the shelf): the time away was no reading. */
void		 view_pause(struct view *);
/* The speeds the time left uses (pace.h): --wpm, the learned pace, or the
 * defaults. */
void		 view_speeds(struct view *, double speed[PACE_SCRIPTS]);

#endif
