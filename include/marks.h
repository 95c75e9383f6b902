/* marks: bookmarks, last reading positions and search history, kept in one
 * human-readable state file ($XDG_STATE_HOME/juan/bookmarks) that no crash,
 * race, full disk or bad file can destroy (RELIABILITY.md §4). Pure logic plus
 * file I/O; the directory is passed in, so tests use a temporary one.
 * Records are keyed by the doc fingerprint, with the last known path, so a
 * renamed file keeps its marks and an edited one can be found and re-anchored
 * by snippet. */
#ifndef JUAN_MARKS_H
#define JUAN_MARKS_H

#include <stddef.h>
#include <time.h>

struct marks;

struct mark {
	char	*fp;		/* doc fingerprint */
	char	*path;		/* last known absolute path ("" for stdin) */
	size_t	 off;		/* byte offset in the doc text */
	char	*name;		/* user's name or the default one */
	char	*snippet;	/* text at off, to re-anchor after edits */
	char	*section;	/* section title at save time, for listings */
	double	 percent;
	time_t	 time;
	int	 lost;		/* could not be re-anchored after an edit */
};

/* The state directory: $XDG_STATE_HOME/juan if absolute, else
 * $HOME/.local/state/juan, else the passwd home. NULL (and *cause) if none. */
char		*marks_state_dir(char **cause);

struct marks	*marks_new(const char *dir);	/* dir NULL: no persistence */
void		 marks_free(struct marks *);
/* Read the state file. Returns 0, or -1 with *cause for a message to show
 * (a corrupt file moved aside, a newer version opened read-only, ...); the
 * marks are usable either way. */
int		 marks_load(struct marks *, char **cause);
/* Save under the lock: re-read, merge this run's changes, write a temp file,
 * fsync, rename, fsync the directory. The old file survives any failure. */
int		 marks_save(struct marks *, char **cause);

/* Bookmarks of one document, in offset order. */
size_t		 marks_count(struct marks *, const char *fp);
const struct mark *marks_get(struct marks *, const char *fp, size_t i);
void		 marks_add(struct marks *, const struct mark *);
void		 marks_delete(struct marks *, const char *fp, size_t i);
void		 marks_rename(struct marks *, const char *fp, size_t i, const char *name);

/* Last reading position of a document (and its path, kept current). */
int		 marks_position(struct marks *, const char *fp, size_t *off);
void		 marks_set_position(struct marks *, const char *fp, const char *path,
		    size_t off, double percent, const char *snippet);

/* Edited text: when no record has fp but one has the same path, move its
 * marks to fp, re-anchoring each with find(ctx, snippet, old_off) (returns the
 * new offset or (size_t)-1: the mark is kept, flagged lost). Returns how many
 * marks moved. */
size_t		 marks_reanchor(struct marks *, const char *fp, const char *path,
		    size_t (*find)(void *ctx, const char *snippet, size_t old_off),
		    void *ctx);

/* Search history, oldest first, shared by all documents. */
size_t		 marks_history_count(struct marks *);
const char	*marks_history_get(struct marks *, size_t i);
void		 marks_history_add(struct marks *, const char *pattern);

/* Every bookmark of every document (for --bookmarks). */
size_t		 marks_all_count(struct marks *);
const struct mark *marks_all_get(struct marks *, size_t i);

#endif
