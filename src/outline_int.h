/* outline_int.h: what the outline modules share (not part of the API).
 * outline.c feeds lines and keeps candidates, outline_text.c holds the
 * character classes and the numeral decoder, outline_match.c the line
 * shapes (pattern families, stage-3 features, Aozora markup; Markdown's
 * grammar is block.h's), outline_select.c the selection of headings,
 * outline_sec.c the section table built from them and its lookups. */
#ifndef JUAN_OUTLINE_INT_H
#define JUAN_OUTLINE_INT_H

#include <regex.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stddef.h>

#include "block.h"
#include "ustr.h"

#define PREFIX_MAX	320	/* bytes of a trimmed line that are matched */
#define TEXT_MAX	256	/* bytes of a title that are kept */
#define GATE_COLS	60	/* shape gate: widest pattern heading */
#define S3_COLS		80	/* widest line stage 3 scores */
#define S3_MAX		20000	/* stage-3 candidates before stage 3 gives up */
#define CAND_MAX	(1u << 18)	/* the candidate table's first room */
#define HIST_MAX	1024
#define INDENT_MAX	32
#define RE_MAX		1024	/* longest line tested against --headings */
#define LONG_COLS	40	/* a "long" line, for the median width */
#define CONT_LINES	6	/* a title may follow its label within this many
				   lines: blank and whitespace-only ones between */

/* Candidate flags. */
enum {
	C_S3		= 0x0001,	/* stage-3 candidate */
	C_LABEL		= 0x0002,	/* a label only ("第三回"): may take a title */
	C_GLUED		= 0x0004,	/* title glued to the unit ("第一章惊蛰") */
	C_FENCE		= 0x0010,	/* inside a Markdown code fence */
	C_INNER_TERM	= 0x0020,	/* a sentence ends inside the line */
	C_CONNECTIVE	= 0x0080,	/* starts like a body sentence */
	C_TITLE_PUNCT	= 0x0100,	/* an inner ':' or '、' joining phrases */
	C_PREV_END	= 0x0200,	/* previous non-blank line ends a paragraph */
	C_BLANK_BEFORE	= 0x0400,
	C_BLANK_AFTER	= 0x0800,
	C_DROP		= 0x1000,	/* removed during selection */
	C_KEEP		= 0x2000,	/* selected */
	C_TITLE		= 0x4000,	/* titles numbered sections below it */
	C_TOC		= 0x8000,	/* seen again after its run (drop_toc) */
	C_TERM		= 0x10000,	/* a short ASCII term ("docker build") */
	C_DEFINES	= 0x20000,	/* the next line starts with its text */
	C_NEXT_TABLE	= 0x40000,	/* the next line is a table row */
	C_LABEL_COLON	= 0x80000,	/* a short label ending in ':' (优点：) */
	C_NEXT_COLON	= 0x100000,	/* the next line ends in ':' */
	C_PARENT	= 0x200000,	/* a guessed heading over sub-headings */
};

/* Explicit headings. */
enum { MK_NONE, MK_MARKDOWN, MK_AOZORA, MK_REGEX };

/* The stage that kept a candidate. */
enum { HOW_NONE, HOW_MARKUP, HOW_PATTERN, HOW_GUESS };

/* Pattern families (SECTIONS.md §5); rank orders levels (§7). */
enum {
	FAM_NONE,
	FAM_VOLUME,	/* 第X卷 部 集 册, 卷X */
	FAM_EN_PART,	/* PART / BOOK / VOLUME + numeral */
	FAM_JA_PART,	/* 上　中　下 + title */
	FAM_CHAPTER,	/* 第X章 回 话 篇 幕, 序章 楔子 ... */
	FAM_CN_SECTION,	/* 第X节 场: under a chapter or an act */
	FAM_EN_CHAPTER,	/* CHAPTER, CHAP., PROLOGUE ... */
	FAM_ROMAN,	/* XII. alone */
	FAM_BARE,	/* 12, 五十六 alone */
	FAM_CN1,	/* 一、 */
	FAM_CN1SP,	/* 一　标题 */
	FAM_CN2,	/* （一） */
	FAM_DEC,	/* 1. 1、 */
	FAM_DOT2,	/* 1.1 */
	FAM_DOT3,	/* 1.1.1 */
	FAM_DOT4,	/* 1.1.1.1 */
	FAM_PAREN,	/* （1） */
	FAM_N
};

#define RANK_N	10

/* A family's name, its rank (levels, SECTIONS.md §7) and whether it needs
 * stronger sequence proof (outline_select.c). */
struct family {
	const char	*name;
	int		 rank;
	int		 strict;
};
extern const struct family outline_families[FAM_N];

/* Where a line is and the reading counters before it: what a candidate
 * keeps of the line it was made from. */
struct line_at {
	size_t		 off;		/* doc offset of the line */
	size_t		 lineno;
	uint64_t	 chars, cjk, words;	/* counters before the line */
	uint64_t	 nb;		/* non-blank lines before it */
};

/* Widest fields first: no padding (112 bytes), as a million headings
 * write and read a million of these. */
struct cand {
	struct line_at	 at;
	uint32_t	 len;		/* line bytes (saturated) */
	uint32_t	 lchars;	/* its characters (saturated) */
	uint32_t	 split;		/* volume + chapter: chapter at off + split */
	uint32_t	 text;		/* pool: the heading (chapter part if split) */
	uint32_t	 cont;		/* pool: title from the next line */
	uint32_t	 vtext;		/* pool: volume part if split */
	uint32_t	 flags;
	uint32_t	 hash;		/* of the text, blanks and width folded */
	int32_t		 num;		/* sequence number, -1 none */
	int32_t		 vnum;		/* volume number if split, else -1 */
	float		 score;
	uint16_t	 textlen, contlen, vtextlen;
	uint16_t	 width, indent, next_width, prev_width;
	uint8_t		 fam;
	uint8_t		 mkind;		/* MK_* */
	uint8_t		 mlevel;	/* level given by markup */
	uint8_t		 level;		/* assigned by selection */
	uint8_t		 vlevel;	/* level of the volume part if split */
	uint8_t		 how;		/* HOW_*: the stage that kept it */
};

/* Reading counters at a section start, parallel to the section table. */
struct secx {
	uint64_t	 cjk, words;
};

/* A trimmed line, at most PREFIX_MAX bytes. */
struct line {
	const char	*s;
	size_t		 n;
	unsigned	 width;
	unsigned	 indent;
};

/* One non-blank source line as feeding sees it. */
struct fline {
	struct line_at	 at;
	size_t		 len;
	size_t		 lchars;
	size_t		 t0;			/* trimmed text at line + t0 */
	struct line	 l;			/* l.n: the whole trimmed length */
};

/* The previous line, for Markdown setext underlines. */
struct prevline {
	int		 valid;		/* a paragraph of this one text line, so
					   far: an underline makes it a heading */
	struct fline	 f;		/* where it is, its counters (not f.l.s) */
	size_t		 cand;		/* index + 1 of its candidate, 0 none */
	char		 text[TEXT_MAX];
	size_t		 textlen;
};

struct outline {
	int		 md;		/* 1 yes, 0 no, -1 detect */
	int		 none;
	int		 has_re;
	const atomic_int *cancel;
	regex_t		 re;

	/* Profile (SECTIONS.md §3). */
	size_t		 lineno;
	uint64_t	 chars, cjk, words, nb, blanks;
	uint64_t	 hist[HIST_MAX];	/* trimmed widths of non-blank lines */
	uint64_t	 indents[INDENT_MAX];	/* indents of long lines */

	/* Neighbour features. */
	int		 prev_end;	/* last non-blank line ended a paragraph */
	unsigned	 prev_width;	/* and its width */
	int		 blank_since;	/* a blank line since the last non-blank */
	size_t		 pend_next;	/* index + 1 of the candidate that waits
					   for its next line's width */
	size_t		 pend_cont;	/* index + 1 of a label waiting for a title */
	int		 cont_rule;	/* a rule line seen since that label */

	/* Markdown state. */
	struct block_fences fences;
	struct block_line md_prev;	/* the line before, as block.h sees it */
	struct prevline	 prev;
	size_t		 md_atx, md_other;	/* evidence for detection */
	int		 is_md;

	struct cand	*c;
	size_t		 nc, capc;
	size_t		 room;		/* make_room() when nc reaches it */
	size_t		 famc[FAM_N];	/* candidates of each family, counted
					   as they are added and compacted, so
					   that make_room() passes none */
	size_t		 ns3;
	int		 s3_off;	/* stage 3 gave up */
	unsigned	 fam_off;	/* families that gave up (bit per family) */
	char		*pool;
	size_t		 pool_len, pool_cap;

	/* Results. */
	int		 finished;
	size_t		 doc_len;
	struct outline_section *sec;
	struct secx	*secx;
	size_t		 nsec;
	size_t		 sec_cap;
	int32_t		 sec_vnum;	/* the last volume given a section */
	char		*titles;	/* every section's title, '\0' after each */
	size_t		 titles_len, titles_cap;
};

struct match {
	int		 fam;
	int32_t		 num, vnum;
	size_t		 title;		/* the title starts at s + title */
	size_t		 split;		/* volume + chapter: chapter at s + split */
	int		 flags;		/* C_GLUED; a keyword (序章) has num -1 */
};

/* Code point at s[*i], advancing *i; full-width ASCII is folded to ASCII so
 * that "，：？１" match like ",:?1" (SECTIONS.md §2). 0 at the end. */
static inline uint32_t
getcp(const char *s, size_t n, size_t *i)
{
	uint32_t	cp;

	if (*i >= n)
		return 0;
	*i += ustr_dec(s + *i, n - *i, &cp);
	if (cp >= 0xFF01 && cp <= 0xFF5E)
		cp -= 0xFEE0;
	return cp;
}

static inline uint32_t
peekcp(const char *s, size_t n, size_t i)
{
	return getcp(s, n, &i);
}

/* outline_text.c */
uint32_t outline_lastcp(const char *s, size_t n, size_t *at);
int outline_is_blank(uint32_t cp);
int outline_is_open_quote(uint32_t cp);
int outline_is_close_quote(uint32_t cp);
int outline_is_sentence_end(uint32_t cp);
int outline_is_ascii_alpha(uint32_t cp);
size_t outline_note_marker(const char *s, size_t n);
uint32_t outline_last_unquoted(const char *s, size_t n, size_t *at);
int outline_has_inner_terminator(const char *s, size_t n, size_t from);
int outline_numeral(const char *s, size_t n, size_t *i, int32_t *val);
int outline_roman(const char *s, size_t n, size_t *i, int lower_ok, int32_t *val);
int outline_number_word(const char *s, size_t n, size_t *i, int32_t *val);
/* What outline_numeral() read. */
enum { NUM_NONE, NUM_ARABIC, NUM_CJK };
#define NUM_CAP		99999999

/* outline_sec.c: the section table, from kept candidates in order. */
void outline_sec_begin(struct outline *o);
void outline_sec_add(struct outline *o, const struct cand *c);
void outline_sec_end(struct outline *o);

/* outline_match.c */
int outline_match_line(const struct line *l, struct match *m);
int outline_gate(const struct line *l, const struct match *m);
int outline_furniture(const struct line *l);
int outline_dialogue(const struct line *l);
int outline_term_like(const struct line *l);
int outline_s3_features(const struct line *l, int *flags);
int outline_ends_paragraph(const char *s, size_t n);
int outline_aozora(const struct line *l, size_t *t0, size_t *t1);

#endif
