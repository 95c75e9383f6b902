/* search: find a pattern in the doc text, paragraph-aware: a match may span a
 * re-joined hard line break ('\n' joins, see ustr.h) and is compared on folded
 * text (NFKC, and case folding unless the pattern has an upper-case letter),
 * never changing what is displayed. Literal by default, a regular expression
 * (PCRE2) on request, matched under limits: a pattern too costly at some
 * place stops the search there (SEARCH_COSTLY) rather than hang or grow.
 * Work is cut into budgeted steps so the pager never waits; the total count
 * runs on its own thread. Matches are byte ranges of the doc text and always
 * start and end on grapheme-cluster boundaries. */
#ifndef JUAN_SEARCH_H
#define JUAN_SEARCH_H

#include <stddef.h>

struct doc;
struct doc_para;
struct search;

struct search_match {
	size_t	off;
	size_t	len;
};

enum {
	SEARCH_COSTLY = -2,	/* the regex hit a limit at *resume: stop */
	SEARCH_NONE = -1,	/* no match up to the end (start) of the text */
	SEARCH_MORE = 0,	/* budget used up: call again from *resume */
	SEARCH_FOUND = 1,
};

/* Compile pat[0..len) (UTF-8). regex: a PCRE2 regular expression. Returns
 * NULL and sets *cause (caller frees) for an empty or invalid pattern. */
struct search	*search_new(const char *pat, size_t len, int regex, char **cause);
/* The regex engine's version for --version: "PCRE2 10.42". */
const char	*search_version(void);
/* Stops the counting thread, if any. */
void		 search_free(struct search *);
int		 search_is_casefold(const struct search *);

/* Forward: the first match starting at or after from. Backward: the last match
 * starting before from. Examines about `budget` bytes of text at most. */
int		 search_step(struct search *, struct doc *, size_t from, int backward,
		    size_t budget, struct search_match *m, size_t *resume);

/* Every match inside paragraph p, up to max (for highlighting). Returns how
 * many there are (may exceed max). *costly: the regex hit a limit, or took
 * longer than a step, before the end of p (the matches before are
 * returned). */
size_t		 search_para(struct search *, struct doc *, const struct doc_para *p,
		    struct search_match *out, size_t max, int *costly);

/* Count every match of the document on a background thread. */
void		 search_count_start(struct search *, struct doc *);
/* Matches counted so far; returns 1 when the count is complete, -1 when
 * it stopped where the regex is too costly (it will not complete). */
int		 search_count(struct search *, size_t *total);
/* The list of every match: from now on the count keeps where each match
 * starts, counting again (search_count restarts at 0) if it has counted
 * without. */
void		 search_list_start(struct search *, struct doc *);
/* Copies into out the starts of matches from .. from + max - 1 found so
 * far, in order (search_count's total is how many are found); returns how
 * many it copied. *gen changes when the count starts again (the outline
 * arrived): what was copied before is void. */
size_t		 search_list(struct search *, size_t from, size_t *out,
		    size_t max, unsigned *gen);
/* 1-based index of the match starting at off among all matches, or 0 while
 * the count has not reached it. */
size_t		 search_index(struct search *, size_t off);

#endif
