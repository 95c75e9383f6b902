/* status: the words of the status line, for a reader who never read the
 * manual, in English or Chinese. Plain logic: the view fills a struct
 * status_in with what it knows, status_build() lays it out for a width (the
 * ui draws that text and nothing else). Every piece has a priority; on a
 * narrow line the least useful pieces first take a shorter form, then drop
 * out, titles are cut with "…", and nothing ever overlaps. */
#ifndef JUAN_STATUS_H
#define JUAN_STATUS_H

#include <stddef.h>

/* The words of the status line and of the lists' hints. */
enum status_lang {
	STATUS_EN,
	STATUS_ZH,
};

/* The first of LC_ALL, LC_MESSAGES and LANG that is set and not empty
 * decides, as for any program's messages: "zh..." is Chinese, anything else
 * (or nothing) English. */
int	status_lang_from(const char *lc_all, const char *lc_messages,
	    const char *lang);

/* Where the screen is in the text. */
enum status_pos {
	STATUS_POS_PERCENT,	/* percent: the text above the bottom row */
	STATUS_POS_TOP,		/* the first screen */
	STATUS_POS_END,		/* the last row is on screen */
	STATUS_POS_ALL,		/* both: the whole text is on screen */
};

/* The left part's words when the text is not what is shown. */
enum status_hint {
	STATUS_HINT_NONE,
	STATUS_HINT_TOC,	/* the contents list */
	STATUS_HINT_TOC_WAIT,	/* ... before its sections are known */
	STATUS_HINT_TOC_FILTER,	/* ... filtered: list_shown of list_total */
	STATUS_HINT_MARKS,	/* the bookmark list */
	STATUS_HINT_HELP,	/* the help screen, all of it shown */
	STATUS_HINT_HELP_MORE,	/* the help screen, more below */
	STATUS_HINT_SEARCHING,	/* a search runs */
	STATUS_HINT_FIND,	/* the list of matches: then the match's count */
};

/* Everything the status line may say. Strings are sanitised already (the
 * view does it) and may be NULL for "none". */
struct status_in {
	int		 lang;		/* enum status_lang */
	const char	*message;	/* read once: outranks every other piece */
	int		 hint;		/* enum status_hint */
	const char	*doc;		/* the document's name */
	int		 known;		/* the scan ended: sections, times known */
	size_t		 sec_count;	/* sections of the text */
	size_t		 sec;		/* 1-based section of the top row; 0:
					 * front matter (before the first) */
	const char	*sec_title;
	int		 pos;		/* enum status_pos */
	int		 percent;	/* with STATUS_POS_PERCENT */
	int		 approx;	/* the length is not final (a pipe) */
	double		 min_section;	/* minutes left in the section, book */
	double		 min_book;
	int		 scanning;	/* the background scan runs */
	int		 scan_pct;	/* its progress */
	size_t		 scan_bytes;	/* a pipe of unknown size: bytes read */
	long		 count;		/* a count being typed; -1: none */
	size_t		 list_shown;	/* entries a filtered list shows */
	size_t		 list_total;	/* ... of so many */
	/* A search's match on screen: its number (0: not counted up to it
	 * yet), the matches counted so far (all of them when match_done),
	 * whether the search wrapped (1 to the start, -1 to the end) and the
	 * match's section (0: none). */
	int		 match;
	size_t		 match_idx, match_total;
	int		 match_done;
	int		 match_wrapped;
	size_t		 match_sec;
	const char	*match_title;
};

/* The whole status line for width cells into buf (NUL-terminated, cut to
 * size): a space, the left part, spaces, the right part, a space, exactly
 * width cells when width >= 1. Returns the bytes written. */
size_t	status_build(const struct status_in *, int width, char *buf,
	    size_t size);

/* s[0..len) cut to at most cells cells: whole grapheme clusters, and "…"
 * in place of what did not fit. Returns the cells used; out (size bytes)
 * is NUL-terminated. The one rule for cutting a title, a list entry or a
 * bookmark's name. */
size_t	status_cut(const char *s, size_t len, size_t cells, char *out,
	    size_t size);

/* s[0..len) tidied for a name or a list: made safe to show (ustr's
 * sanitiser), runs of white space (ideographic spaces, tabs, line breaks)
 * one space, none at either end, then cut to cells with status_cut().
 * Returns the cells used. */
size_t	status_tidy(const char *s, size_t len, size_t cells, char *out,
	    size_t size);

/* What the text before the first heading is called, where a section
 * title would be: "front matter", "前言". */
const char	*status_front_matter(int lang);

/* Minutes as a reader reads them: "<1 min", "3 min", "2 h 10 min",
 * "12 h" ("不到 1 分钟", "3 分钟", "2 小时 10 分钟", "12 小时"). Like
 * snprintf. */
size_t	status_minutes(int lang, double minutes, char *buf, size_t size);

#endif
