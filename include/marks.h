/* marks: bookmarks, last reading positions, search history, reading
 * statistics and the learned reading pace, kept in one
 * human-readable state file ($XDG_STATE_HOME/juan/bookmarks) that no crash,
 * race, full disk or bad file can destroy (RELIABILITY.md §4). Pure logic plus
 * file I/O; the directory is passed in, so tests use a temporary one.
 * Records are keyed by the doc fingerprint, with the last known path, so a
 * renamed file keeps its marks and an edited one can be found and re-anchored
 * by snippet. */
#ifndef JUAN_MARKS_H
#define JUAN_MARKS_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "pace.h"

#define MARKS_FILE_MAX		(8u << 20)	/* larger state files are left alone */
#define MARKS_HISTORY_MAX	100		/* search patterns kept */
#define MARKS_SNIPPET_MAX	256		/* bytes of snippet kept (cut at a UTF-8 boundary) */

struct marks;

struct mark {
	char	*fp;		/* doc fingerprint: 1-64 lowercase hex digits */
	char	*path;		/* last known absolute path ("" for stdin) */
	size_t	 off;		/* byte offset in the doc text (untrusted: clamp it
				 * to the doc length before use) */
	char	*name;		/* user's name or the default one */
	char	*snippet;	/* text at off, to re-anchor after edits */
	char	*section;	/* section title at save time, for listings */
	double	 percent;	/* 0-100, kept to 0.1 */
	time_t	 time;		/* when made */
	int	 lost;		/* could not be re-anchored after an edit */
	uint64_t id;		/* the identity: unique, never 0 */
	/* Positions only (the shelf's document; "" and MARKS_UNKNOWN in
	 * bookmarks): */
	char	*title;		/* the document's first heading or file name */
	char	*settings;	/* the reader's settings for the document,
				 * "width=60 spacing=1" (the config module's
				 * words); "" for none */
	size_t	 left_cjk;	/* CJK characters and Latin words from off to */
	size_t	 left_words;	/* the end, MARKS_UNKNOWN if not known */
};
#define MARKS_UNKNOWN	((size_t)-1)

/* Reading time of one document on one local day. */
struct marks_read {
	const char	*fp;		/* the marks' copy: valid like the record */
	int		 day;		/* YYYYMMDD, local time */
	unsigned long	 seconds;
	time_t		 last;		/* the last reading counted that day */
};

/* The state directory: $XDG_STATE_HOME/juan if absolute, else
 * $HOME/.local/state/juan, else the passwd home. NULL (and *cause) if none.
 * Creates nothing: marks_save() makes missing directories, mode 0700. */
char		*marks_state_dir(char **cause);

struct marks	*marks_new(const char *dir);	/* dir NULL: no persistence */
void		 marks_free(struct marks *);
/* Read the state file. Returns 0, or -1 with *cause for a message to show
 * (a corrupt file moved aside to bookmarks.corrupt-YYYYmmdd-HHMMSS, bad lines
 * skipped, a newer version or an oversized file opened read-only, a state
 * path that is not a regular file); the marks are usable either way. */
int		 marks_load(struct marks *, char **cause);
/* 0 if the last marks_load() found a state file it could not read at all
 * (unreadable, not a regular file, over the size cap): the marks then hold
 * less than the file does. */
int		 marks_complete(struct marks *);
/* Save under the lock: re-read, merge this run's changes, write a temp file,
 * fsync, rename, fsync the directory. The old file survives any failure.
 * Nothing changed since the last save: a no-op returning 0. Returns -1 with
 * *cause (one line; may quote a path, so sanitise it) when the changes could
 * not be saved (they stay pending for the next call) and also when they were
 * saved but the user must hear something (a corrupt file was moved aside).
 * Every cause (marks_load()'s too) says what happened first and quotes a path last, in
 * parentheses, so that a narrow status line may drop it. */
int		 marks_save(struct marks *, char **cause);
/* Changes made since the last successful save (0: none). */
int		 marks_pending(struct marks *);
/* The current state in the file format (NUL-terminated, caller frees); for
 * tests and the fuzzer. */
char		*marks_format(struct marks *, size_t *len);

/* Bookmarks of one document, in offset order (then time). A bookmark is
 * identified by its id alone: marks_add() with id 0 makes a new one, even
 * where another was made in the same second, and with the id of an existing
 * one replaces it; time 0 means now. Strings are copied and clamped; a NULL
 * one is "". Pointers from the getters stay valid until the next call that
 * changes or loads marks. Deleting and renaming follow the bookmark's id,
 * wherever another instance has moved it. */
size_t		 marks_count(struct marks *, const char *fp);
const struct mark *marks_get(struct marks *, const char *fp, size_t i);
void		 marks_add(struct marks *, const struct mark *);
void		 marks_delete(struct marks *, const char *fp, size_t i);
void		 marks_rename(struct marks *, const char *fp, size_t i, const char *name);

/* Last reading position of a document (and its path, kept current). */
int		 marks_position(struct marks *, const char *fp, size_t *off);
/* The whole record of it (what the shelf shows), or NULL. */
const struct mark *marks_place(struct marks *, const char *fp);
/* Record a position with what the shelf shows of the document: pos's fp,
 * path, off, percent, snippet, title, section, left_cjk and left_words
 * (its time is now). An empty path (a pipe has none) or title keeps the
 * one recorded; MARKS_UNKNOWN counts (the outline not known yet) keep the
 * recorded counts and section. Nothing changed: no change, so a run that
 * only looks rewrites nothing. */
void		 marks_set_place(struct marks *, const struct mark *pos);
/* A deep copy of a mark (every string its own), to keep past the marks'
 * changes; free it with marks_mark_free(). */
struct mark	 marks_mark_copy(const struct mark *);
void		 marks_mark_free(struct mark *);
/* The settings kept with a document's position (NULL: no position), and
 * new ones for it (not without a position: set that first). A position
 * recorded with settings "" keeps the ones it had. */
const char	*marks_settings(struct marks *, const char *fp);
void		 marks_set_settings(struct marks *, const char *fp,
		    const char *settings);
/* The tables of the state, each read by index: *_get(m, i) is NULL for i
 * >= marks_size(m, its table). */
enum marks_table {
	MARKS_POSITIONS,	/* marks_position_get */
	MARKS_READS,		/* marks_read_get */
	MARKS_HISTORY,		/* marks_history_get */
	MARKS_ALL,		/* marks_all_get */
};
size_t		 marks_size(struct marks *, enum marks_table);

/* Every position, sorted by fingerprint (the shelf's documents). */
const struct mark *marks_position_get(struct marks *, size_t i);
/* Forget a document's position; with bookmarks, its bookmarks too. Its
 * reading time stays in the statistics. */
void		 marks_forget(struct marks *, const char *fp, int bookmarks);

/* Reading statistics: seconds read, added to fp's record for the local day
 * of when (coalesced in the journal, summed when instances merge). */
void		 marks_read_add(struct marks *, const char *fp, time_t when,
		    unsigned long seconds);
/* Every record, sorted by (fingerprint, day). */
const struct marks_read *marks_read_get(struct marks *, size_t i);

/* The learned pace of a script (enum pace_script), and a sample to learn:
 * replayed in order on the file's rates when instances merge. */
const struct pace_rate *marks_pace(struct marks *, int script);
void		 marks_pace_learn(struct marks *, int script, double units,
		    double seconds);

/* Edited text: when no record has fp but one has the same path, move its
 * marks to fp, re-anchoring each with find(ctx, snippet, old_off) (returns the
 * new offset or (size_t)-1: the mark is kept at old_off, flagged lost; the
 * snippet may be ""). The last position moves too. Returns how many marks
 * moved. */
size_t		 marks_reanchor(struct marks *, const char *fp, const char *path,
		    size_t (*find)(void *ctx, const char *snippet, size_t old_off),
		    void *ctx);

/* Search history, oldest first, shared by all documents. */
const char	*marks_history_get(struct marks *, size_t i);
void		 marks_history_add(struct marks *, const char *pattern);

/* Every bookmark of every document (for --bookmarks). */
const struct mark *marks_all_get(struct marks *, size_t i);

#endif
