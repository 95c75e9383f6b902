/* marks_int: what src/marks.c (the journal, the file I/O and the public
 * API) and src/marks_state.c (the in-memory tables and the file format, pure
 * logic) share. Internal to the marks module: nothing else includes it. */
#ifndef JUAN_MARKS_INT_H
#define JUAN_MARKS_INT_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "marks.h"
#include "pace.h"

#define FORMAT_VERSION	3
/* From this version on, a record of a kind the reader does not know is a
 * newer juan's and is kept as it is (before it, a bad line). */
#define FORMAT_KEEPS_UNKNOWN	3
#define MAGIC		"juan-bookmarks "
#define FP_MAX		64
#define PATH_LEN_MAX	4096
#define NAME_MAX_LEN	256
#define PATTERN_MAX	1024
#define SETTINGS_MAX	128	/* a position's "width=60 spacing=1" */
#define POS_MAX		10000	/* documents: the shelf's, with their positions */
#define READ_MAX	50000	/* reading-time records (document, day) */
#define READ_SECONDS_MAX 4000000000UL	/* a record's sum saturates here */
#define PACE_RATE_MAX	1000000		/* units a minute, read from the file */
#define TIME_MAX	253402300799LL	/* 9999-12-31: any date prints */

/* Bookmarks sorted by (fp, off, time, id), each id once; positions sorted by
 * fp, one each; the history oldest first, without duplicates; reading time
 * sorted by (fp, day), one each; a rate per script; the records of a newer
 * juan, as read. */
struct state {
	struct mark	*marks;
	size_t		 nmarks, capmarks;
	struct mark	*pos;
	size_t		 npos, cappos;
	char		**hist;
	size_t		 nhist;
	struct marks_read *reads;
	size_t		 nreads, capreads;
	char		**fps;		/* the reads' fingerprints, each once */
	size_t		 nfps, capfps;
	struct pace_rate pace[PACE_SCRIPTS];
	char		**unknown;
	size_t		 nunknown;
};

enum rs {
	RS_NONE,	/* no file: an empty state */
	RS_OK,
	RS_FUTURE,	/* a newer format: what we understand is read */
	RS_CORRUPT,
	RS_TOOBIG,
	RS_ERROR,	/* unreadable or not a regular file (*cause) */
};

/* A copy of s (of its first n bytes) cut to max bytes at a character start. */
char		*clamp_ndup(const char *s, size_t n, size_t max);
char		*clamp_dup(const char *s, size_t max);
int		 fp_ok(const char *fp, size_t n);
unsigned	 pct_tenths(double percent);
time_t		 time_clamp(long long t);

/* A new bookmark id: 64 random bits, never 0. */
uint64_t	 mark_new_id(void);
void		 mark_free(struct mark *);
struct mark	 mark_copy(const struct mark *);
/* Index of the bookmark with k's id (looked for at k's place first, then
 * anywhere: another instance may have moved it), or (size_t)-1. */
size_t		 mark_find_id(const struct state *, const struct mark *k);
size_t		 mark_range(const struct state *, const char *fp, size_t *n);
void		 mark_remove(struct state *, size_t i);

/* The state_put* and state_hist take ownership of what they are given. */
void		 state_put(struct state *, struct mark);
size_t		 pos_find(const struct state *, const char *fp, int *found);
void		 pos_remove(struct state *, size_t i);
void		 state_put_pos(struct state *, struct mark);
void		 state_hist(struct state *, char *pattern);
size_t		 read_find(const struct state *, const char *fp, int day,
		    int *found);
/* Add r's seconds to its (fp, day) record, the later of the two lasts. */
void		 state_read(struct state *, const struct marks_read *r);
/* The same without the READ_MAX trim, which read_trim() then does once
 * (after a whole file is parsed). */
void		 read_add(struct state *, const struct marks_read *r);
void		 read_trim(struct state *);
void		 state_free(struct state *);

/* The file format: serialise (NUL-terminated) and parse a whole file into
 * an empty st, *bad counting the lines skipped (RS_OK, RS_FUTURE or
 * RS_CORRUPT). */
char		*state_format(const struct state *, size_t *len);
enum rs		 state_parse(struct state *st, const char *buf, size_t len,
		    size_t *bad);
/* The same a piece at a time: more parses the whole lines of buf[0..len)
 * (with final, the last one too) and returns the bytes it used; the rest
 * comes again with what follows. */
struct parse {
	struct state		*st;
	unsigned long long	 version;
	size_t			 bad;
	int			 start;		/* nothing seen yet (a BOM?) */
	int			 first;		/* the version line is next */
	int			 corrupt;
};
void		 state_parse_start(struct parse *, struct state *st);
size_t		 state_parse_more(struct parse *, const char *buf, size_t len,
		    int final);
enum rs		 state_parse_end(struct parse *, size_t *bad);

#endif
