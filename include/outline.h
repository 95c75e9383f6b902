/* outline: detect headings (SECTIONS.md) and divide the text into sections.
 * Pure logic over lines fed in order, so tests and fuzzers drive it without a
 * doc: doc's background scan feeds every source line, then calls
 * outline_finish(). Memory is proportional to the candidate lines (short
 * lines) while lines are fed, and to the sections once it is finished,
 * never to the text.
 *
 * Sections are the headings only: text before the first heading is the
 * preamble and has no entry (outline_at() returns -1 there). */
#ifndef JUAN_OUTLINE_H
#define JUAN_OUTLINE_H

#include <stdatomic.h>
#include <stddef.h>
#include <sys/types.h>

#include "pace.h"

struct outline;

struct outline_opts {
	int		 markdown;	/* 1 Markdown (ATX/setext), 0 plain,
					   -1 decide from content (§4) */
	const char	*regex;		/* --headings=REGEX (POSIX ERE); NULL: detect */
	int		 none;		/* --headings=none */
	const atomic_int *cancel;	/* non-NULL: outline_finish() stops
					   soon after it becomes nonzero, and
					   the outline is then only freed */
};

struct outline_section {
	size_t	 off;		/* doc offset of the heading line */
	size_t	 len;		/* its length, terminator excluded */
	size_t	 lineno;	/* 1-based source line number */
	size_t	 end;		/* offset where the section ends (next heading or doc end) */
	int	 level;		/* 1 = top */
	char	*title;		/* without markup; label and title joined by a space;
				   raw text: sanitise before display */
	const char *family;	/* which rule found it: "markdown", "chapter", "guess", ... */
	double	 minutes;	/* reading time of the section at the default speeds */
};

/* Default reading speeds (section minutes, and when a speed is 0): the
 * pace's (pace.h). */
#define OUTLINE_CJK_PER_MIN	PACE_CJK_DEFAULT
#define OUTLINE_WORDS_PER_MIN	PACE_WORDS_DEFAULT

/* Returns NULL and sets *cause (caller frees) for an invalid regex. */
struct outline	*outline_new(const struct outline_opts *, char **cause);
void		 outline_free(struct outline *);

/* One source line, in order: doc offset of its first byte, its bytes without
 * the terminator (CR stripped), valid UTF-8 (USTR_SUB allowed). lineno is
 * counted by the outline itself, from 1. */
void		 outline_feed(struct outline *, size_t off, const char *line, size_t len);

/* What outline_feed first counts of a line: its cells (CJK = 2, TAB =
 * USTR_TAB_COLS), characters, CJK characters and Latin words. Counting
 * passes every byte, so doc's reader thread counts some lines ahead
 * (outline_count_line, any thread, no outline needed) and the scan feeds
 * them with their counts (outline_feed_counted, same as outline_feed). */
struct outline_counts {
	size_t	 width, chars, cjk, words;
};
void		 outline_count_line(const char *line, size_t len,
		    struct outline_counts *);
void		 outline_feed_counted(struct outline *, size_t off,
		    const char *line, size_t len, const struct outline_counts *);
/* Whether a line (trimmed) is a table-of-contents entry: dotted leaders
 * (. … · ⋯ ・ _), then a page number. */
int		 outline_toc_entry(const char *line, size_t len);
/* All lines fed; doc_len is the text length. Selects the headings. */
void		 outline_finish(struct outline *, size_t doc_len);

/* After finish: whether the text was taken for Markdown (markdown -1). */
int		 outline_is_markdown(const struct outline *);

size_t		 outline_count(const struct outline *);
const struct outline_section *outline_get(const struct outline *, size_t i);
/* Index of the section containing off, -1 in the preamble or with no sections. */
ssize_t		 outline_at(const struct outline *, size_t off);
/* Index of the section whose heading line starts exactly at off, or -1. */
ssize_t		 outline_find_heading(const struct outline *, size_t off);
/* CJK characters and Latin words from off to the end of its section / of
 * the document (within a section, by the byte fraction ahead); none before
 * the outline is finished. */
void		 outline_left(const struct outline *, size_t off, int in_section,
		    double *cjk, double *words);
/* Reading minutes of outline_left() at cjk_per_min CJK characters and
 * words_per_min Latin words a minute (0: the defaults). */
double		 outline_minutes_left(const struct outline *, size_t off, int in_section,
		    int cjk_per_min, int words_per_min);

#endif
