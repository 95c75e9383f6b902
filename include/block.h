/* block: the one line grammar, shared by doc (paragraphs) and the outline
 * (headings), so that the two never disagree on what a line is. Pure: bytes
 * in, a classification out; no I/O, no allocation, and no state but the
 * fence state a caller keeps (struct block_fences).
 *
 * A line (its bytes, no terminator) is classified alone by block_line();
 * block_fence_step(), fed every line in order, then says which lines are
 * code; block_begins() says whether a line starts a paragraph after the line
 * before it. doc asks these questions around any offset, the outline once
 * per line in order; both get the same answers.
 *
 * Markdown, as CommonMark has it, with these decisions:
 * - ATX heading: at most 3 spaces, 1-6 '#', then a blank, the end of the
 *   line, or a CJK character ("#标题", hand-written Chinese Markdown; never
 *   "#include" or "#!"). The title drops the blanks around it and a closing
 *   run of '#' after a blank. With no title ("#", "## ##") it is
 *   CommonMark's empty heading: juan keeps it a line of its own, never
 *   joined to text, but shows it as written and lists no section for it
 *   (BLOCK_ALONE), as a contents entry without a title would say nothing.
 * - Setext underline: at most 3 spaces, then 3 or more '=' or '-' (CommonMark
 *   takes one: a lone "-" or "==" is more often text), then blanks. It
 *   underlines a paragraph of one text line (SECTIONS.md §4; CommonMark
 *   also takes several lines, but "text\n---" under a long paragraph is far
 *   more often a rule than a heading). Under anything else a '-' run is a
 *   thematic break and a '=' run is text.
 * - Fence: at most 3 spaces, 3 or more '`' or '~'. The info string of a
 *   backtick fence holds no backtick (CommonMark 4.5: "```a`b" is text). It
 *   closes with a run of the same character at least as long, with nothing
 *   after it; an unclosed fence runs to the end. HTML comments ("<!--" to
 *   "-->") and front matter ("---" as the very first line, to "---" or
 *   "...") are code too: nothing in them is a heading. Indented code is
 *   plain text.
 * - Thematic break: 3 or more of one of '-', '*', '_', blanks between.
 * - List item: '-', '*' or '+', or 1-9 digits then '.' or ')', then a
 *   blank; its level is 1 + indent / 2.
 * - Quote: at most 3 spaces, then '>'; its level is the number of '>'.
 * Plain text has no markup but two kinds of lines: separators, one mark
 * repeated ("-----", "＝＝＝", "———" are rules; "＊＊＊", "* * *", a lone "※"
 * a line of its own), and image lines. An image line, "![alt](url)" alone,
 * is one in any text: a web page pasted as text leaves them behind.
 *
 * A line longer than BLOCK_LONG is plain text whatever its markup: doc
 * decides paragraphs from bounded views and cannot see all of it. */
#ifndef JUAN_BLOCK_H
#define JUAN_BLOCK_H

#include <stddef.h>

#define BLOCK_LONG	(64 * 1024)

enum block_kind {
	BLOCK_TEXT,
	BLOCK_BLANK,	/* blanks only: space, TAB, U+3000, NBSP, BOM */
	BLOCK_FENCE,	/* opens or closes a fenced block (Markdown) */
	BLOCK_CODE,	/* inside a fenced block, a comment, front matter */
	BLOCK_ATX,	/* level 1-6; body: the title */
	BLOCK_DASH,	/* "---": a setext underline (level 2) or a break */
	BLOCK_EQ,	/* "===": a setext underline (level 1) or text */
	BLOCK_RULE,	/* a thematic break; a separator rule in plain text */
	BLOCK_ALONE,	/* text that is a line of its own: a star separator,
			   an empty ATX heading */
	BLOCK_LIST,	/* level: nesting; body: the item */
	BLOCK_QUOTE,	/* level: depth; body: the quoted text */
	BLOCK_IMAGE,	/* body: the alt text */
	BLOCK_KINDS
};

/* A classified line. Offsets are into the line given. */
struct block_line {
	int	 kind;		/* enum block_kind */
	int	 level;		/* see the kinds; else 0 */
	size_t	 body, body_end;	/* the text of the line: the whole line
				   less its indent for text */
	size_t	 len;		/* the line's length */
	char	 fence_ch;	/* a fence line: '`' or '~', */
	size_t	 fence_len;	/* its run, */
	int	 fence_bare;	/* nothing after the run (it may close) */
};

/* Classifies s[0..n), Markdown when markdown is not 0. A fence line is
 * BLOCK_FENCE whatever the state: block_fence_step() decides. */
void	block_line(const char *s, size_t n, int markdown, struct block_line *);

/* Whether s[0..n) holds nothing but blanks (BLOCK_BLANK's set). */
int	block_is_blank(const char *s, size_t n);

/* Markdown fence state (fences, comments, front matter), fed every line in
 * order. from_start: the first line fed is the text's first (front matter
 * may open there); else the state starts outside any block. */
struct block_fences {
	char	 ch;		/* the open fence's character, 0 none */
	size_t	 len;
	int	 comment;	/* inside <!-- --> */
	int	 front;		/* inside front matter */
	int	 first;		/* the next line is the text's first */
};
void	block_fences_init(struct block_fences *, int from_start);
/* The line s[0..n), classified by block_line() with markdown set: its kind
 * becomes BLOCK_FENCE for a line that opens or closes a fence or front
 * matter (a line that belongs to no paragraph), BLOCK_CODE for a line
 * inside one, or in a comment. Returns 1 when the line opened a fence. */
int	block_fence_step(struct block_fences *, const char *s, size_t n,
	    struct block_line *);

/* Whether a line belongs to no paragraph: a blank line, a fence line. */
int	block_outside(const struct block_line *);

/* Whether line l starts a paragraph after line p (the line before it, both
 * classified and stepped through the fence state, a blank line included).
 * BLOCK_BREAK: it does; BLOCK_JOIN: it continues p's paragraph; BLOCK_WRAP
 * (plain text, two text lines): only the text's wrap can tell, the caller
 * decides; BLOCK_UNDER (Markdown): l may underline p, which block_under()
 * decides once the caller knows whether p starts its own paragraph. */
enum { BLOCK_JOIN, BLOCK_BREAK, BLOCK_WRAP, BLOCK_UNDER };
int	block_begins(const struct block_line *p, const struct block_line *l,
	    int markdown);
/* After BLOCK_UNDER: BLOCK_JOIN when l underlines p (p_starts: p is the
 * first line of its paragraph), else what l is after p as a thematic break
 * ('-') or text ('='). */
int	block_under(const struct block_line *p, const struct block_line *l,
	    int p_starts);
/* The setext level l gives the line it underlines: 1 for '=', 2 for '-'. */
int	block_setext_level(const struct block_line *l);

/* Whether a line holds a Markdown link or image with a target ("](x"):
 * evidence that a text is Markdown. An empty "![]()" is a web paste's image
 * placeholder, not evidence. */
int	block_has_link(const char *s, size_t n);

/* A row of a pasted table: cells separated by TABs. */
int	block_is_table_row(const char *s, size_t n);

/* A separator line of plain text (see above): BLOCK_RULE, BLOCK_ALONE, or
 * 0. Also what the outline takes for a rule between a label and its title. */
int	block_separator(const char *s, size_t n);

#endif
