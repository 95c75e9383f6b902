/* outline: heading detection (SECTIONS.md) over lines fed in order.
 *
 * Data model. outline_feed() sees each source line once and keeps:
 * - running counters (characters, CJK characters, Latin words, non-blank
 *   and blank lines) and histograms of line widths and indents: the
 *   document profile of SECTIONS.md §3, in constant memory;
 * - one struct cand per *candidate* line: a line a pattern family matches
 *   (stage 2), an explicit heading (Markdown, Aozora, --headings), or a
 *   short line the stage-3 heuristic may score. It holds the counters at
 *   the line's start, the features of its neighbours and its text (at most
 *   TEXT_MAX bytes, in one string pool). Body lines leave nothing behind, so
 *   memory follows the candidates. Past S3_MAX stage-3 candidates stage 3
 *   gives up (not a web paste); when the table reaches CAND_MAX, the family
 *   flooding it gives up; compact() then frees what lost its role.
 * Only the first PREFIX_MAX bytes of a trimmed line are matched; the counters
 * walk every byte once (sixteen at a time where they can), so feeding is
 * linear. The gates reject a line wider than GATE_COLS (families) or S3_COLS
 * (stage 3), so such a line skips those matchers.
 *
 * outline_finish() runs the stages over the candidates (a constant number
 * of linear passes, plus a sort per family for a median) and builds the
 * section table. Invariants of the table: offsets strictly increase, line
 * numbers never decrease, levels are 1..6, a section ends where the next one
 * starts (the last at doc_len), titles are never NULL.
 */
#define _GNU_SOURCE		/* memmem */
#include <regex.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "markup.h"
#include "outline.h"
#include "ustr.h"
#include "util.h"

#define PREFIX_MAX	320	/* bytes of a trimmed line that are matched */
#define TEXT_MAX	256	/* bytes of a title that are kept */
#define GATE_COLS	60	/* shape gate: widest pattern heading */
#define S3_COLS		80	/* widest line stage 3 scores */
#define S3_MAX		20000	/* stage-3 candidates before stage 3 gives up */
#define CAND_MAX	(1u << 18)
#define HIST_MAX	1024
#define INDENT_MAX	32
#define RE_MAX		1024	/* longest line tested against --headings */
#define LONG_COLS	40	/* a "long" line, for the median width */
#define CONT_LINES	3	/* a title may follow its label within this many lines */

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

static const struct family {
	const char	*name;
	int		 rank;
	int		 strict;	/* needs stronger sequence proof */
} families[FAM_N] = {
	[FAM_NONE] =		{ "none",	0, 0 },
	[FAM_VOLUME] =		{ "volume",	0, 0 },
	[FAM_EN_PART] =		{ "part",	0, 0 },
	[FAM_JA_PART] =		{ "ja-part",	0, 0 },
	[FAM_CHAPTER] =		{ "chapter",	1, 0 },
	[FAM_CN_SECTION] =	{ "section",	2, 0 },
	[FAM_EN_CHAPTER] =	{ "en-chapter",	1, 0 },
	[FAM_ROMAN] =		{ "roman",	1, 1 },
	[FAM_BARE] =		{ "bare",	1, 1 },
	[FAM_CN1] =		{ "numbered",	3, 0 },
	[FAM_CN1SP] =		{ "numbered",	3, 0 },
	[FAM_CN2] =		{ "paren",	4, 0 },
	[FAM_DEC] =		{ "decimal",	5, 0 },
	[FAM_DOT2] =		{ "dotted",	6, 0 },
	[FAM_DOT3] =		{ "dotted",	7, 0 },
	[FAM_DOT4] =		{ "dotted",	8, 0 },
	[FAM_PAREN] =		{ "paren-digit", 9, 0 },
};

struct cand {
	size_t		 off;		/* doc offset of the line */
	size_t		 lineno;
	uint64_t	 chars;		/* counters before the line */
	uint64_t	 cjk;
	uint64_t	 words;
	uint64_t	 nb;		/* non-blank lines before it */
	uint32_t	 len;		/* line bytes (saturated) */
	uint32_t	 lchars;	/* its characters (saturated) */
	uint32_t	 split;		/* volume + chapter: chapter at off + split */
	uint32_t	 text;		/* pool: the heading (chapter part if split) */
	uint32_t	 cont;		/* pool: title from the next line */
	uint32_t	 vtext;		/* pool: volume part if split */
	uint16_t	 textlen, contlen, vtextlen;
	uint16_t	 width, indent, next_width, prev_width;
	uint16_t	 flags;
	uint32_t	 hash;		/* of the text, blanks and width folded */
	int32_t		 num;		/* sequence number, -1 none */
	int32_t		 vnum;		/* volume number if split, else -1 */
	uint8_t		 fam;
	uint8_t		 mkind;		/* MK_* */
	uint8_t		 mlevel;	/* level given by markup */
	uint8_t		 level;		/* assigned by selection */
	uint8_t		 vlevel;	/* level of the volume part if split */
	uint8_t		 how;		/* HOW_*: the stage that kept it */
	float		 score;
};

/* Reading counters at a section start, parallel to the section table. */
struct secx {
	uint64_t	 cjk, words;
};

/* The previous line, for Markdown setext underlines. */
struct prevline {
	int		 valid;		/* non-blank text that may be underlined */
	size_t		 off, lineno, len;
	uint64_t	 chars, cjk, words, nb;
	size_t		 lchars;
	unsigned	 width, indent;
	size_t		 cand;		/* index + 1 of its candidate, 0 none */
	char		 text[TEXT_MAX];
	size_t		 textlen;
};

struct outline {
	int		 md;		/* 1 yes, 0 no, -1 detect */
	int		 none;
	int		 has_re;
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
	int		 fence_ch, fence_n;
	int		 in_front, in_comment;
	int		 para_start;	/* previous line was blank, a heading or none */
	struct prevline	 prev;
	size_t		 md_atx, md_other;	/* evidence for detection */
	int		 is_md;

	struct cand	*c;
	size_t		 nc, capc;
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
};

/* ---------------------------------------------------------------------- */
/* Characters */

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

static uint32_t
peekcp(const char *s, size_t n, size_t i)
{
	return getcp(s, n, &i);
}

/* The last code point of s[0..n), folded like getcp(); its start in *at. */
static uint32_t
lastcp(const char *s, size_t n, size_t *at)
{
	size_t	i = n;

	if (n == 0) {
		*at = 0;
		return 0;
	}
	i--;
	while (i > 0 && n - i < 4 && ((unsigned char)s[i] & 0xC0) == 0x80)
		i--;
	*at = i;
	return getcp(s, n, &i);
}

static int
is_blank(uint32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == 0x3000 || cp == 0xA0 ||
	    cp == 0xFEFF;
}

static int
is_open_quote(uint32_t cp)
{
	return cp == 0x201C || cp == 0x2018 || cp == 0x300C || cp == 0x300E ||
	    cp == '"';
}

static int
is_close_quote(uint32_t cp)
{
	return cp == 0x201D || cp == 0x2019 || cp == 0x300D || cp == 0x300F ||
	    cp == '"' || cp == '\'';
}

/* Ends a sentence or a clause: a heading never ends so (the gate). */
static int
is_sentence_end(uint32_t cp)
{
	return cp == 0x3002 || cp == '.' || cp == '!' || cp == ';' ||
	    cp == ',' || cp == 0x3001 || cp == 0x2026 || cp == 0x22EF ||
	    cp == 0xFF61;
}

/* Ends a sentence inside a line (two sentences: not a heading). */
static int
is_terminator(uint32_t cp)
{
	return cp == 0x3002 || cp == '!' || cp == '?';
}

static int
is_ascii_alpha(uint32_t cp)
{
	return (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z';
}

/* The last character, closing quotes and brackets skipped: 他说：“好。”
 * ends with 。, "(as a fee.)" with '.'. */
static uint32_t
last_unquoted(const char *s, size_t n, size_t *at)
{
	uint32_t	cp;
	size_t		end = n;

	for (;;) {
		cp = lastcp(s, end, at);
		if ((!is_close_quote(cp) && cp != ')' && cp != ']' &&
		    cp != 0x3011) || *at == 0)
			return cp;
		end = *at;
	}
}

/* A sentence terminator followed by more text (not quotes or blanks). */
static int
has_inner_terminator(const char *s, size_t n, size_t from)
{
	size_t		i = from;
	uint32_t	cp;
	int		term = 0;

	while (i < n) {
		cp = getcp(s, n, &i);
		if (term && !is_terminator(cp) && !is_close_quote(cp) &&
		    !is_blank(cp) && cp != ')')
			return 1;
		term = is_terminator(cp);
	}
	return 0;
}

/* ---------------------------------------------------------------------- */
/* Numerals (SECTIONS.md §8: one decoder) */

static int
cn_digit(uint32_t cp)
{
	switch (cp) {
	case 0x3007: case 0x96F6:			/* 〇 零 */
		return 0;
	case 0x4E00: case 0x58F9:			/* 一 壹 */
		return 1;
	case 0x4E8C: case 0x4E24: case 0x5169: case 0x8D30: case 0x8CB3:
		return 2;				/* 二 两 兩 贰 貳 */
	case 0x4E09: case 0x53C1: case 0x53C3:		/* 三 叁 參 */
		return 3;
	case 0x56DB: case 0x8086:			/* 四 肆 */
		return 4;
	case 0x4E94: case 0x4F0D:			/* 五 伍 */
		return 5;
	case 0x516D: case 0x9646: case 0x9678:		/* 六 陆 陸 */
		return 6;
	case 0x4E03: case 0x67D2:			/* 七 柒 */
		return 7;
	case 0x516B: case 0x634C:			/* 八 捌 */
		return 8;
	case 0x4E5D: case 0x7396:			/* 九 玖 */
		return 9;
	}
	return -1;
}

static int
cn_unit(uint32_t cp)
{
	switch (cp) {
	case 0x5341: case 0x62FE:	/* 十 拾 */
		return 10;
	case 0x767E: case 0x4F70:	/* 百 佰 */
		return 100;
	case 0x5343: case 0x4EDF:	/* 千 仟 */
		return 1000;
	case 0x4E07: case 0x842C:	/* 万 萬 */
		return 10000;
	}
	return 0;
}

enum { NUM_NONE, NUM_ARABIC, NUM_CJK };
#define NUM_CAP		99999999

/* A numeral at s[*i]: ASCII or full-width digits (NUM_ARABIC), or Chinese
 * numerals (NUM_CJK) with 十百千万, digit by digit (一零五 = 105), 两 and the
 * financial forms. Advances *i past it. At most 12 characters, so no
 * overflow; the value is capped at NUM_CAP. */
static int
numeral(const char *s, size_t n, size_t *i, int32_t *val)
{
	size_t		j = *i, k;
	uint32_t	cp;
	int		kind = NUM_NONE, count = 0, units = 0, d, u;
	int64_t		plain = 0, total = 0, sect = 0, cur = 0, v;

	for (;;) {
		k = j;
		cp = getcp(s, n, &k);
		if (k == j)
			break;
		if (cp >= '0' && cp <= '9') {
			if (kind == NUM_CJK)
				break;
			kind = NUM_ARABIC;
			plain = plain * 10 + (cp - '0');
		} else if ((d = cn_digit(cp)) >= 0) {
			if (kind == NUM_ARABIC)
				break;
			kind = NUM_CJK;
			plain = plain * 10 + d;
			cur = cur * 10 + d;
		} else if ((u = cn_unit(cp)) > 0) {
			if (kind == NUM_ARABIC)
				break;
			kind = NUM_CJK;
			units++;
			if (u == 10000) {
				total += (sect + cur == 0 ? 1 : sect + cur) * 10000;
				sect = cur = 0;
			} else {
				sect += (cur == 0 ? 1 : cur) * u;
				cur = 0;
			}
		} else
			break;
		if (++count > 12)
			return NUM_NONE;
		j = k;
	}
	if (kind == NUM_NONE)
		return NUM_NONE;
	v = units ? total + sect + cur : plain;
	*val = v > NUM_CAP ? NUM_CAP : (int32_t)v;
	*i = j;
	return kind;
}

/* An upper-case (or, if lower_ok, lower-case) Roman numeral in canonical
 * form, so words made of the letters (CIVIL, DID) are not numerals. */
static int
roman(const char *s, size_t n, size_t *i, int lower_ok, int32_t *val)
{
	static const char *const digits[4][10] = {
		{ "", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX" },
		{ "", "X", "XX", "XXX", "XL", "L", "LX", "LXX", "LXXX", "XC" },
		{ "", "C", "CC", "CCC", "CD", "D", "DC", "DCC", "DCCC", "CM" },
		{ "", "M", "MM", "MMM", "", "", "", "", "", "" },
	};
	char	 up[16], canon[32];
	size_t	 j = *i, m = 0;
	int	 v = 0, prev = 0, x, lower = 0;

	while (j < n && m < sizeof up - 1) {
		char	c = s[j];

		if (c >= 'a' && c <= 'z') {
			if (!lower_ok)
				break;
			lower = 1;
			c = (char)(c - 'a' + 'A');
		}
		switch (c) {
		case 'I': x = 1; break;
		case 'V': x = 5; break;
		case 'X': x = 10; break;
		case 'L': x = 50; break;
		case 'C': x = 100; break;
		case 'D': x = 500; break;
		case 'M': x = 1000; break;
		default: x = 0; break;
		}
		if (x == 0)
			break;
		v += x > prev && prev != 0 ? x - 2 * prev : x;
		prev = x;
		up[m++] = c;
		j++;
	}
	if (m == 0 || (j < n && is_ascii_alpha((unsigned char)s[j])))
		return 0;
	if (lower && (unsigned char)s[*i] < 'a')
		return 0;	/* mixed case */
	up[m] = '\0';
	if (v <= 0 || v > 3999)
		return 0;
	canon[0] = '\0';
	strcat(canon, digits[3][v / 1000]);
	strcat(canon, digits[2][v / 100 % 10]);
	strcat(canon, digits[1][v / 10 % 10]);
	strcat(canon, digits[0][v % 10]);
	if (strcmp(up, canon) != 0)
		return 0;
	*val = v;
	*i = j;
	return 1;
}

/* An English number word, "one" to "ninety-nine", any case. */
static int
number_word(const char *s, size_t n, size_t *i, int32_t *val)
{
	static const char *const ones[] = { "one", "two", "three", "four",
	    "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
	    "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
	    "eighteen", "nineteen" };
	static const char *const tens[] = { "twenty", "thirty", "forty",
	    "fifty", "sixty", "seventy", "eighty", "ninety" };
	size_t	j = *i, w, k, a;
	int	v = 0;

	for (w = j; w < n && is_ascii_alpha((unsigned char)s[w]); w++)
		continue;
	for (k = 0; k < 8 && v == 0; k++)
		if (w - j == strlen(tens[k]) &&
		    strncasecmp(s + j, tens[k], w - j) == 0)
			v = 20 + 10 * (int)k;
	for (k = 0; k < 19 && v == 0; k++)
		if (w - j == strlen(ones[k]) &&
		    strncasecmp(s + j, ones[k], w - j) == 0)
			v = 1 + (int)k;
	if (v == 0)
		return 0;
	if (v >= 20 && w < n && (s[w] == '-' || s[w] == ' ')) {
		for (a = w + 1; a < n && is_ascii_alpha((unsigned char)s[a]); a++)
			continue;
		for (k = 0; k < 9; k++)
			if (a - w - 1 == strlen(ones[k]) &&
			    strncasecmp(s + w + 1, ones[k], a - w - 1) == 0) {
				v += 1 + (int)k;
				w = a;
				break;
			}
	}
	*val = v;
	*i = w;
	return 1;
}

/* ---------------------------------------------------------------------- */
/* Line statistics */

/* A word is a run of letters: ASCII letters and digits, and two-byte
 * characters (Latin, Greek, Cyrillic). It is counted where it ends, at a
 * letter whose next byte starts no letter (next is -1 at the line's end),
 * so that nothing passes from one character or block to the next. */
static inline int
starts_letter(int next)
{
	return (next >= '0' && next <= '9') || ((next | 0x20) >= 'a' &&
	    (next | 0x20) <= 'z') || (next >= 0xC0 && next < 0xE0);
}

/* One character at s[i] (a stray continuation byte is no character, and
 * no letter); returns where the next one starts. */
static inline size_t
count_char(const unsigned char *s, size_t n, size_t i, struct outline_counts *k)
{
	unsigned char	b = s[i], b1, b2;
	size_t		next;

	if (b < 0xC0 && b >= 0x80)
		return i + 1;
	k->chars++;
	if (b < 0xE0) {		/* ASCII, or a two-byte character */
		next = i + 1;
		if (b >= 0x80 && next < n && (s[next] & 0xC0) == 0x80)
			next++;
		if (b >= 0x80 || starts_letter(b))
			k->words += !starts_letter(next < n ? s[next] : -1);
		k->width += b == '\t' ? USTR_TAB_COLS : 1;
		return next;
	}
	b1 = i + 1 < n ? s[i + 1] : 0;
	b2 = i + 2 < n ? s[i + 2] : 0;
	if (b >= 0xE3 && b <= 0xE9) {	/* U+3000..9FFF */
		k->width += 2;
		k->cjk += !(b == 0xE3 && b1 == 0x80);	/* not 。、「 */
	} else if ((b == 0xEA && b1 >= 0xB0) || b == 0xEB ||
	    b == 0xEC || (b == 0xED && b1 < 0x9F)) {	/* Hangul */
		k->width += 2;
		k->cjk++;
	} else if (b == 0xEF && b1 >= 0xA4 && b1 <= 0xAB) {
		k->width += 2;	/* compatibility ideographs */
		k->cjk++;
	} else if ((b == 0xEF && (b1 == 0xBC || (b1 == 0xBD && b2 < 0xA1) ||
	    (b1 == 0xB8 && b2 >= 0xB0) || b1 == 0xB9 ||
	    (b1 == 0xBF && b2 >= 0xA0 && b2 <= 0xA6))) ||
	    (b == 0xE2 && b1 >= 0xBA)) {	/* full-width forms */
		k->width += 2;
	} else if (b == 0xF0 && b1 >= 0xA0) {	/* CJK extensions */
		k->width += 2;
		k->cjk++;
	} else if (b == 0xF0 && b1 == 0x9F) {	/* emoji */
		k->width += 2;
	} else
		k->width++;
	/* The text is valid: skip the tail. */
	if (b < 0xF0 && (b1 & 0xC0) == 0x80 && (b2 & 0xC0) == 0x80)
		return i + 3;
	return i + 1;
}

#ifdef __SSE2__
/* Lane counters (a block adds at most one to each), summed every 255
 * blocks; bytes, the bytes they cover. */
struct vcounts {
	__m128i		cont, wide, notcjk, words;
	size_t		bytes;
	unsigned	blocks;
};

static inline size_t
lane_sum(__m128i v)
{
	__m128i	s = _mm_sad_epu8(v, _mm_setzero_si128());

	return (size_t)_mm_cvtsi128_si32(s) + (size_t)_mm_extract_epi16(s, 4);
}

static inline void
vcounts_flush(struct vcounts *v, struct outline_counts *k)
{
	size_t	chars = v->bytes - lane_sum(v->cont), wide = lane_sum(v->wide);

	k->chars += chars;
	k->width += chars + wide;
	k->cjk += wide - lane_sum(v->notcjk);
	k->words += lane_sum(v->words);
	v->cont = v->wide = v->notcjk = v->words = _mm_setzero_si128();
	v->bytes = 0;
	v->blocks = 0;
}

/* ASCII letters and digits. */
static inline __m128i
alnum16(__m128i v)
{
	return _mm_or_si128(UTIL_IN_RANGE8(_mm_or_si128(v, UTIL_SET8(0x20)),
	    'a', 'z'), UTIL_IN_RANGE8(v, '0', '9'));
}

/* Counts p[0..16) if each byte is ASCII but TAB, a continuation byte, or
 * the lead of a character of the commonest Chinese text: an ideograph or
 * CJK punctuation (E3..E9), general punctuation such as “” (E2 below
 * U+2E80), a full-width form ，：（） (EF BC). Else returns 0, counting
 * nothing. p[16] is read: the byte after the last lane. Bytes 0 count as
 * nothing here (vcounts_flush makes them characters by vc->bytes), so a
 * line's last bytes are counted with 0 after them. */
static inline int
count16(const unsigned char *p, struct vcounts *vc)
{
	__m128i	v = _mm_loadu_si128((const __m128i *)p);
	__m128i	b1 = _mm_loadu_si128((const __m128i *)(p + 1));
	__m128i	cont, wide, efbc, ok;

	cont = _mm_cmplt_epi8(v, UTIL_SET8(0xC0));
	wide = UTIL_IN_RANGE8(v, 0xE3, 0xE9);
	efbc = _mm_and_si128(_mm_cmpeq_epi8(v, UTIL_SET8(0xEF)),
	    _mm_cmpeq_epi8(b1, UTIL_SET8(0xBC)));
	ok = _mm_andnot_si128(_mm_cmpeq_epi8(v, UTIL_SET8('\t')),
	    _mm_cmpgt_epi8(v, UTIL_SET8(-1)));
	ok = _mm_or_si128(_mm_or_si128(ok, cont), _mm_or_si128(wide, efbc));
	ok = _mm_or_si128(ok, _mm_and_si128(_mm_cmpeq_epi8(v, UTIL_SET8(0xE2)),
	    _mm_cmplt_epi8(b1, UTIL_SET8(0xBA))));
	if (_mm_movemask_epi8(ok) != 0xFFFF)
		return 0;
	vc->cont = _mm_sub_epi8(vc->cont, cont);
	vc->wide = _mm_sub_epi8(vc->wide, _mm_or_si128(wide, efbc));
	vc->notcjk = _mm_sub_epi8(vc->notcjk, _mm_or_si128(efbc,
	    _mm_and_si128(_mm_cmpeq_epi8(v, UTIL_SET8(0xE3)),
	    _mm_cmpeq_epi8(b1, UTIL_SET8(0x80)))));
	vc->words = _mm_sub_epi8(vc->words, _mm_andnot_si128(_mm_or_si128(
	    alnum16(b1), UTIL_IN_RANGE8(b1, 0xC0, 0xDF)), alnum16(v)));
	return 1;
}
#else
/* Elsewhere a character at a time. */
struct vcounts {
	size_t		bytes;
	unsigned	blocks;
};

static inline void
vcounts_flush(struct vcounts *v, struct outline_counts *k)
{
	(void)v;
	(void)k;
}

static inline int
count16(const unsigned char *p, struct vcounts *vc)
{
	(void)p;
	(void)vc;
	return 0;
}
#endif

/* Cells, characters, CJK characters and Latin words of a line, from the
 * bytes alone (CJK = 2 cells, whatever the ambiguous policy, so the
 * heuristics do not depend on the terminal). Sixteen bytes at a time where
 * count16 takes them, else a character at a time (count_char) for the next
 * sixteen; the last bytes are copied to a block of their own. Every line's
 * bytes pass here, so this is most of the scan's time. */
void
outline_count_line(const char *line, size_t n, struct outline_counts *k)
{
	const unsigned char	*s = (const unsigned char *)line;
	struct vcounts		vc;
	unsigned char		last[33];
	const unsigned char	*p;
	size_t			i = 0, end, len;

	memset(k, 0, sizeof *k);
	memset(&vc, 0, sizeof vc);
	while (i < n) {
		p = s + i;
		len = 16;
		if (n - i <= 16) {
			len = n - i;
			memset(last, 0, sizeof last);
			memcpy(last, p, len);
			p = last;
		}
		if (count16(p, &vc)) {
			i += len;
			vc.bytes += len;
			if (++vc.blocks == 255)
				vcounts_flush(&vc, k);
			continue;
		}
		for (end = i + 16; i < n && i < end;)
			i = count_char(s, n, i, k);
	}
	vcounts_flush(&vc, k);
}

/* Bytes of the blank (ASCII space, TAB, U+3000, NBSP, BOM) at s[i], 0 if
 * none; its cells in *cells. */
static inline size_t
blank_at(const char *s, size_t n, size_t i, unsigned *cells)
{
	const unsigned char	*u = (const unsigned char *)s + i;
	size_t			 left = n - i;

	if (left == 0)
		return 0;
	switch (u[0]) {
	case ' ':
		*cells = 1;
		return 1;
	case '\t':
		*cells = USTR_TAB_COLS;
		return 1;
	case 0xC2:
		*cells = 1;
		return left >= 2 && u[1] == 0xA0 ? 2 : 0;
	case 0xE3:
		*cells = 2;
		return left >= 3 && u[1] == 0x80 && u[2] == 0x80 ? 3 : 0;
	case 0xEF:
		*cells = 0;
		return left >= 3 && u[1] == 0xBB && u[2] == 0xBF ? 3 : 0;
	default:
		return 0;
	}
}

/* The same for the blank that ends at s[j], not before s[from]. */
static size_t
blank_before(const char *s, size_t from, size_t j, unsigned *cells)
{
	size_t	k;

	if (j > from && (s[j - 1] == ' ' || s[j - 1] == '\t'))
		return blank_at(s, j, j - 1, cells);
	/* The last bytes of NBSP, U+3000 and the BOM. */
	if (j == from || (s[j - 1] != '\xA0' && s[j - 1] != '\x80' &&
	    s[j - 1] != '\xBF'))
		return 0;
	for (k = 2; k <= 3; k++)
		if (j >= from + k && blank_at(s, j, j - k, cells) == k)
			return k;
	return 0;
}

/* ---------------------------------------------------------------------- */
/* Candidates and the string pool */

/* Append s[0..n) with blank runs collapsed to one space (titles go into a
 * tab-separated TOC) and at most TEXT_MAX bytes, cut at a character. */
static uint32_t
pool_add(struct outline *o, const char *s, size_t n, uint16_t *len)
{
	size_t		i = 0, k, start = o->pool_len;
	unsigned	cells;
	int		space = 0;

	if (n > TEXT_MAX) {
		n = TEXT_MAX;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	if (o->pool_len + n + 1 > o->pool_cap) {
		o->pool_cap = o->pool_cap * 2 + n + 4096;
		o->pool = xrealloc(o->pool, o->pool_cap);
	}
	while (i < n) {
		if ((k = blank_at(s, n, i, &cells)) > 0 ||
		    s[i] == '\r' || s[i] == '\n') {
			i += k > 0 ? k : 1;
			space = 1;
			continue;
		}
		if (space && o->pool_len > start)
			o->pool[o->pool_len++] = ' ';
		space = 0;
		o->pool[o->pool_len++] = s[i++];
	}
	*len = (uint16_t)(o->pool_len - start);
	return (uint32_t)start;
}

/* FNV-1a of a text, blanks skipped and full-width folded, so a TOC entry
 * "第一章 开始" equals the heading "第一章　开始". */
static uint32_t
text_hash(const char *s, size_t n)
{
	uint32_t	h = 2166136261u, cp;
	size_t		i = 0;

	while (i < n) {
		cp = getcp(s, n, &i);
		if (is_blank(cp))
			continue;
		h = (h ^ cp) * 16777619u;
	}
	return h;
}

static struct cand *
cand_add(struct outline *o)
{
	struct cand	*c;

	if (o->nc >= CAND_MAX)
		return NULL;
	if (o->nc == o->capc) {
		o->capc = o->capc ? o->capc * 2 : 256;
		o->c = xreallocarray(o->c, o->capc, sizeof *o->c);
	}
	c = &o->c[o->nc++];
	memset(c, 0, sizeof *c);
	c->num = c->vnum = -1;
	return c;
}

/* Whether a candidate keeps a role once stage 3 or a family gave up. */
static int
cand_alive(const struct outline *o, struct cand *c)
{
	if (o->fam_off & 1u << c->fam)
		c->fam = FAM_NONE;
	if (o->s3_off)
		c->flags &= ~C_S3;
	return c->fam != FAM_NONE || c->mkind != MK_NONE || (c->flags & C_S3);
}

/* Free the candidates that lost their role, and their texts. */
static void
compact(struct outline *o)
{
	char	*pool = o->pool;
	size_t	 i, k = 0, cont = 0, next = 0, prev = 0;

	o->pool = NULL;
	o->pool_len = o->pool_cap = 0;
	for (i = 0; i < o->nc; i++) {
		struct cand	*c = &o->c[i];

		if (!cand_alive(o, c))
			continue;
		cont = o->pend_cont == i + 1 ? k + 1 : cont;
		next = o->pend_next == i + 1 ? k + 1 : next;
		prev = o->prev.cand == i + 1 ? k + 1 : prev;
		c->text = pool_add(o, pool + c->text, c->textlen, &c->textlen);
		c->cont = pool_add(o, pool + c->cont, c->contlen, &c->contlen);
		c->vtext = pool_add(o, pool + c->vtext, c->vtextlen,
		    &c->vtextlen);
		o->c[k++] = *c;
	}
	o->nc = k;
	o->pend_cont = cont;
	o->pend_next = next;
	o->prev.cand = prev;
	free(pool);
}

/* The candidate table is full: the family with the most hits floods it
 * (a numbered list, page numbers) and cannot be a section structure at
 * that density, so it gives up. */
static void
make_room(struct outline *o)
{
	size_t	count[FAM_N] = { 0 }, i, f, best = 0;

	for (i = 0; i < o->nc; i++)
		count[o->c[i].fam]++;
	for (f = 1; f < FAM_N; f++)
		if (count[f] > count[best] || best == 0)
			best = count[f] > 0 ? f : best;
	if (best == 0)
		return;
	o->fam_off |= 1u << best;
	compact(o);
}

/* ---------------------------------------------------------------------- */
/* Stage 2: pattern families */

/* A trimmed line, at most PREFIX_MAX bytes. */
struct line {
	const char	*s;
	size_t		 n;
	unsigned	 width;
	unsigned	 indent;
};

struct match {
	int		 fam;
	int32_t		 num, vnum;
	size_t		 title;		/* the title starts at s + title */
	size_t		 split;		/* volume + chapter: chapter at s + split */
	int		 flags;		/* C_GLUED; a keyword (序章) has num -1 */
};

/* Separates a label from its title. */
static int
is_delim(uint32_t cp)
{
	return is_blank(cp) || cp == ':' || cp == 0x3001 || cp == 0xB7 ||
	    cp == 0x30FB || cp == 0x2014 || cp == '-' || cp == '.' ||
	    cp == '_' || cp == 0x2015;
}

/* Opens a title right after a label: 第一章（上）, 第一章【新生】. */
static int
is_open_bracket(uint32_t cp)
{
	return cp == '(' || cp == '[' || cp == 0x3010 || cp == 0x300A ||
	    cp == 0x3014 || is_open_quote(cp);
}

/* After a label at s[j]: 1 if the line ends or a delimiter follows, with
 * the title's start in *title; 0 if text is glued on. */
static int
after_label(const struct line *l, size_t j, size_t *title)
{
	size_t		k = j, p;
	uint32_t	cp;

	if (j >= l->n) {
		*title = l->n;
		return 1;
	}
	cp = peekcp(l->s, l->n, j);
	if (!is_delim(cp) && !is_open_bracket(cp))
		return 0;
	while (k < l->n) {
		p = k;
		cp = getcp(l->s, l->n, &k);
		if (!is_delim(cp)) {
			k = p;
			break;
		}
	}
	*title = k;
	return 1;
}

static void
skip_blanks(const struct line *l, size_t *i)
{
	size_t	k;

	while (*i < l->n) {
		k = *i;
		if (!is_blank(getcp(l->s, l->n, &k)))
			break;
		*i = k;
	}
}

/* FAM_CHAPTER, FAM_CN_SECTION for a unit after 第X, else FAM_NONE. */
static int
chapter_unit(uint32_t cp)
{
	switch (cp) {
	case 0x7AE0: case 0x56DE: case 0x8BDD: case 0x8A71: case 0x7BC7:
	case 0x5E55:
		return FAM_CHAPTER;	/* 章 回 话 話 篇 幕 */
	case 0x8282: case 0x7BC0: case 0x573A: case 0x5834:
		return FAM_CN_SECTION;	/* 节 節 场 場 */
	}
	return FAM_NONE;
}

static int
is_volume_unit(uint32_t cp)
{
	switch (cp) {
	case 0x5377: case 0x90E8: case 0x96C6: case 0x518C: case 0x518A:
		return 1;	/* 卷 部 集 册 冊 */
	}
	return 0;
}

/* Legado's false friends: 节课 集合 部分 回合 回来 回事 回去 场合. */
static int
false_friend(uint32_t unit, uint32_t next)
{
	switch (unit) {
	case 0x8282:	return next == 0x8BFE;		/* 节课 */
	case 0x96C6:	return next == 0x5408;		/* 集合 */
	case 0x90E8:	return next == 0x5206;		/* 部分 */
	case 0x573A:	return next == 0x5408;		/* 场合 */
	case 0x56DE:	/* 回合 回来 回事 回去 */
		return next == 0x5408 || next == 0x6765 || next == 0x4E8B ||
		    next == 0x53BB;
	}
	return 0;
}

/* 第 + numeral + unit at s[i]: the family, the number, and the end. */
static int
cn_label(const struct line *l, size_t i, int32_t *num, size_t *end,
    uint32_t *unit)
{
	if (getcp(l->s, l->n, &i) != 0x7B2C)	/* 第 */
		return FAM_NONE;
	skip_blanks(l, &i);
	if (numeral(l->s, l->n, &i, num) == NUM_NONE)
		return FAM_NONE;
	skip_blanks(l, &i);
	*unit = getcp(l->s, l->n, &i);
	*end = i;
	if (chapter_unit(*unit) != FAM_NONE)
		return chapter_unit(*unit);
	if (is_volume_unit(*unit))
		return FAM_VOLUME;
	return FAM_NONE;
}

/* Chinese chapters and volumes: 第X章, 第X卷, 卷X, 序章..., and a volume and
 * a chapter on one line (第一卷 笼中雀 第一章 惊蛰). */
static int
match_cn(const struct line *l, struct match *m)
{
	static const char *const words[] = { "完本感言", "序章", "序言",
	    "楔子", "引子", "前言", "后记", "後記", "尾声", "尾聲", "番外",
	    "终章", "終章", "附录", "附錄", "序" };
	size_t		i = 0, end, k, p, at;
	uint32_t	unit, next;
	int32_t		num, cnum;
	int		fam;

	if ((fam = cn_label(l, 0, &num, &end, &unit)) != FAM_NONE) {
		next = peekcp(l->s, l->n, end);
		if (after_label(l, end, &m->title))
			;
		else if (fam != FAM_VOLUME && ustr_is_cjk(next) &&
		    !false_friend(unit, next)) {
			m->flags |= C_GLUED;
			m->title = end;
		} else
			return 0;
		m->fam = fam;
		m->num = num;
		if (fam != FAM_VOLUME)
			return 1;
		/* A chapter label after a blank in the rest of the line. */
		for (k = m->title; k < l->n; ) {
			p = k;
			if (getcp(l->s, l->n, &k) != 0x7B2C ||
			    !is_blank(lastcp(l->s, p, &at)))
				continue;
			if ((fam = cn_label(l, p, &cnum, &end, &unit)) !=
			    FAM_NONE && fam != FAM_VOLUME &&
			    after_label(l, end, &i)) {
				m->fam = fam;
				m->vnum = num;
				m->num = cnum;
				m->split = p;
				m->title = i;
				return 1;
			}
		}
		return 1;
	}
	i = 0;
	if (getcp(l->s, l->n, &i) == 0x5377 &&	/* 卷 */
	    numeral(l->s, l->n, &i, &num) != NUM_NONE &&
	    after_label(l, i, &m->title)) {
		m->fam = FAM_VOLUME;
		m->num = num;
		return 1;
	}
	switch (peekcp(l->s, l->n, 0)) {
	case 0x5B8C: case 0x5E8F: case 0x6954: case 0x5F15: case 0x524D:
	case 0x540E: case 0x5F8C: case 0x5C3E: case 0x756A: case 0x7EC8:
	case 0x7D42: case 0x9644:	/* 完 序 楔 引 前 后 後 尾 番 终 終 附 */
		break;
	default:
		return 0;
	}
	for (k = 0; k < sizeof words / sizeof words[0]; k++) {
		size_t	wl = strlen(words[k]);

		if (l->n < wl || memcmp(l->s, words[k], wl) != 0)
			continue;
		i = wl;
		if (k == 10)	/* 番外一, 番外2 */
			numeral(l->s, l->n, &i, &num);
		if (!after_label(l, i, &m->title))
			return 0;
		m->fam = FAM_CHAPTER;
		return 1;
	}
	return 0;
}

/* Outline numbering and bare numbers: 一、 （一） 1. 1、 1.1 （1） 一　标题,
 * 12 and 五十六 alone. */
static int
match_num(const struct line *l, struct match *m)
{
	size_t		i = 0, k;
	uint32_t	cp;
	int32_t		num, part;
	int		kind, dots;

	cp = peekcp(l->s, l->n, 0);
	if (cp == '(') {
		getcp(l->s, l->n, &i);
		kind = numeral(l->s, l->n, &i, &num);
		if (kind == NUM_NONE || getcp(l->s, l->n, &i) != ')' ||
		    num > 999)
			return 0;
		if (!after_label(l, i, &m->title))
			m->title = i;	/* the parenthesis delimits: （一）总则 */
		m->fam = kind == NUM_CJK ? FAM_CN2 : FAM_PAREN;
		m->num = num;
		return 1;
	}
	if ((kind = numeral(l->s, l->n, &i, &num)) == NUM_NONE)
		return 0;
	if (i == l->n || (i + 1 == l->n && l->s[i] == '.')) {
		if (num > 9999)
			return 0;
		m->fam = FAM_BARE;
		m->num = num;
		m->title = l->n;
		return 1;
	}
	k = i;
	cp = getcp(l->s, l->n, &k);
	if (kind == NUM_CJK) {
		if (num > 999)
			return 0;
		if (cp == 0x3001) {				/* 一、 */
			m->fam = FAM_CN1;
		} else if (cp == 0x3000 || cp == ' ') {		/* 一　标题 */
			m->fam = FAM_CN1SP;
			skip_blanks(l, &k);
			if (k == l->n)
				return 0;
		} else
			return 0;
		m->num = num;
		after_label(l, k, &m->title);
		return 1;
	}
	if (num > 999)
		return 0;	/* a year, a count */
	if (cp == '.' && peekcp(l->s, l->n, k) >= '0' &&
	    peekcp(l->s, l->n, k) <= '9') {
		dots = 0;
		while (cp == '.' && dots < 3 && numeral(l->s, l->n, &k, &part) ==
		    NUM_ARABIC) {
			dots++;
			num = part;
			i = k;
			cp = getcp(l->s, l->n, &k);
		}
		if (i < l->n && !is_blank(cp) && !ustr_is_cjk(cp) &&
		    !(cp == '.' && (k == l->n || is_blank(peekcp(l->s, l->n, k)))))
			return 0;	/* 3.14% and the like */
		m->fam = FAM_DOT2 + dots - 1;
		m->num = num;
		after_label(l, i, &m->title);
		return 1;
	}
	if (cp == '.' || cp == 0x3001) {			/* 1. 1、 */
		if (k < l->n && !is_blank(peekcp(l->s, l->n, k)) &&
		    !ustr_is_cjk(peekcp(l->s, l->n, k)))
			return 0;
		m->fam = FAM_DEC;
		m->num = num;
		after_label(l, k, &m->title);
		return 1;
	}
	return 0;
}

/* Japanese parts: 上　中　下 + U+3000 + title (raw U+3000 only). */
static int
match_ja(const struct line *l, struct match *m)
{
	static const char *const parts[] = { "上\xe3\x80\x80", "中\xe3\x80\x80",
	    "下\xe3\x80\x80" };
	size_t	k;

	for (k = 0; k < 3; k++)
		if (l->n > 6 && memcmp(l->s, parts[k], 6) == 0) {
			m->fam = FAM_JA_PART;
			m->num = (int32_t)k + 1;
			m->title = 6;
			skip_blanks(l, &m->title);
			return 1;
		}
	return 0;
}

/* The ASCII word at s[0] equals one of the list. */
static size_t
word_in(const struct line *l, const char *const *list, size_t nlist)
{
	size_t	w, k;

	for (w = 0; w < l->n && is_ascii_alpha((unsigned char)l->s[w]); w++)
		continue;
	for (k = 0; k < nlist && w > 0; k++)
		if (strlen(list[k]) == w && memcmp(l->s, list[k], w) == 0)
			return w;
	return 0;
}

/* English: CHAPTER, Chapter, CHAP. + number; PART, BOOK, VOLUME + number;
 * PROLOGUE and friends; a bare Roman numeral line. */
static int
match_en(const struct line *l, struct match *m)
{
	static const char *const chap[] = { "CHAPTER", "Chapter", "CHAP" };
	static const char *const part[] = { "PART", "Part", "BOOK", "Book",
	    "VOLUME", "Volume" };
	static const char *const kw[] = { "PROLOGUE", "Prologue", "EPILOGUE",
	    "Epilogue", "PREFACE", "Preface", "INTRODUCTION", "Introduction" };
	size_t	i, w;
	int32_t	num;
	int	fam;

	if ((w = word_in(l, chap, 3)) > 0)
		fam = FAM_EN_CHAPTER;
	else if ((w = word_in(l, part, 6)) > 0)
		fam = FAM_EN_PART;
	else if ((w = word_in(l, kw, 8)) > 0) {
		if (w < l->n && l->s[w] != ':' && l->s[w] != '.' &&
		    l->s[w] != ' ')
			return 0;
		if (w < l->n && l->s[w] == ' ' && w + 1 < l->n &&
		    l->s[w + 1] != '-' && (unsigned char)l->s[w + 1] != 0xE2)
			return 0;	/* "Introduction to ..." is a phrase */
		after_label(l, w, &m->title);
		m->fam = FAM_EN_CHAPTER;
		return 1;
	} else {
		i = 0;
		if (!roman(l->s, l->n, &i, 0, &num))
			return 0;
		if (i < l->n && l->s[i] == '.')
			i++;
		if (i != l->n)
			return 0;
		m->fam = FAM_ROMAN;
		m->num = num;
		m->title = l->n;
		return 1;
	}
	i = w;
	if (fam == FAM_EN_CHAPTER && w == 4) {	/* CHAP. */
		if (i >= l->n || l->s[i] != '.')
			return 0;
		i++;
	}
	if (i >= l->n || l->s[i] != ' ')
		return 0;
	skip_blanks(l, &i);
	if (numeral(l->s, l->n, &i, &num) != NUM_ARABIC &&
	    !roman(l->s, l->n, &i, 1, &num) &&
	    !number_word(l->s, l->n, &i, &num))
		return 0;
	if (!after_label(l, i, &m->title))
		return 0;
	m->fam = fam;
	m->num = num;
	return 1;
}

static int (*const matchers[])(const struct line *, struct match *) = {
	match_cn, match_num, match_ja, match_en,
};

/* A table-of-contents entry: dotted leaders, then a page number. */
static int
toc_leader(const struct line *l)
{
	size_t		end = l->n, at;
	uint32_t	cp;
	int		digits = 0, leaders = 0;

	while (end > 0) {
		cp = lastcp(l->s, end, &at);
		if (cp >= '0' && cp <= '9')
			digits++;
		else
			break;
		end = at;
	}
	while (digits > 0 && end > 0) {
		cp = lastcp(l->s, end, &at);
		if (cp == '.' || cp == 0x2026 || cp == 0xB7 || cp == 0x22EF ||
		    cp == 0x30FB || cp == '_')
			leaders += cp == 0x2026 ? 2 : 1;
		else if (!is_blank(cp))
			break;
		end = at;
	}
	return leaders >= 3;
}

/* English title case, every word capitalised but short function words:
 * "Down the Rabbit-Hole." may end with a full stop, "It was late." may not. */
static int
title_case(const char *s, size_t n)
{
	static const char *const small[] = { "a", "an", "and", "at", "by",
	    "for", "from", "in", "into", "of", "on", "or", "the", "to", "with" };
	size_t	i = 0, w, k;
	int	words = 0, ok;

	while (i < n) {
		if ((unsigned char)s[i] >= 0x80)
			return 0;
		if (!is_ascii_alpha((unsigned char)s[i])) {
			i++;
			continue;
		}
		for (w = i; w < n && (is_ascii_alpha((unsigned char)s[w]) ||
		    s[w] == '\'' || s[w] == '-'); w++)
			continue;
		if (s[i] >= 'a' && s[i] <= 'z') {
			for (k = 0, ok = 0; k < sizeof small / sizeof small[0]; k++)
				ok |= strlen(small[k]) == w - i &&
				    memcmp(small[k], s + i, w - i) == 0;
			if (!ok || words == 0)
				return 0;
		}
		words++;
		i = w;
	}
	return words > 0 && words <= 8;
}

/* The shape gate (SECTIONS.md §5) over a match; the title part decides the
 * end and inner punctuation, as a label may end with '.' (CHAPTER I.). */
static int
gate(const struct line *l, const struct match *m)
{
	size_t		at;
	uint32_t	cp;

	if (l->width > GATE_COLS || toc_leader(l))
		return 0;
	if (m->title >= l->n)
		return 1;
	if (has_inner_terminator(l->s, l->n, m->title))
		return 0;
	cp = last_unquoted(l->s + m->title, l->n - m->title, &at);
	if (!is_sentence_end(cp))
		return 1;
	return cp == '.' && title_case(l->s + m->title, l->n - m->title);
}

/* ---------------------------------------------------------------------- */
/* Stage 3 features */

/* A string and its length, for lists that are searched per line. */
struct needle {
	const char	*s;
	size_t		 n;
};
#define NEEDLE(x)	{ x, sizeof x - 1 }

static int
starts_with(const struct line *l, const struct needle *nd)
{
	return l->n >= nd->n && memcmp(l->s, nd->s, nd->n) == 0;
}

/* The first bytes of furniture()'s any[] needles (test_outline checks
 * each needle is found). */
static const unsigned char furniture_first[256] = {
	['!'] = 1, [']'] = 1, [':'] = 1, ['w'] = 1, ['N'] = 1, ['C'] = 1,
	[0xC2] = 1, [0xE5] = 1, [0xE6] = 1, [0xE7] = 1, [0xE8] = 1,
};

/* Furniture: placeholders, links, credits and notices (never headings). */
static int
furniture(const struct line *l)
{
	static const struct needle any[] = { NEEDLE("!["), NEEDLE("]("),
	    NEEDLE("://"), NEEDLE("www."), NEEDLE("特别声明"),
	    NEEDLE("Notice:"), NEEDLE("本文由"), NEEDLE("责任编辑"),
	    NEEDLE("原标题"), NEEDLE("免责声明"), NEEDLE("版权"),
	    NEEDLE("Copyright"), NEEDLE("\xc2\xa9"), NEEDLE("全文完"),
	    NEEDLE("正文完") };
	static const struct needle start[] = { NEEDLE("via:"), NEEDLE("Via:"),
	    NEEDLE("VIA:"), NEEDLE("via "), NEEDLE("作者"), NEEDLE("译者"),
	    NEEDLE("來源"), NEEDLE("来源"), NEEDLE("编辑"), NEEDLE("校对"),
	    NEEDLE("注："), NEEDLE("注:"), NEEDLE("注释"), NEEDLE("图："),
	    NEEDLE("图:"), NEEDLE("图片"), NEEDLE("摄影"), NEEDLE("(完)"),
	    NEEDLE("（完）"), NEEDLE("END"), NEEDLE("-END-"),
	    NEEDLE("Source:"), NEEDLE("Photo") };
	size_t		i, k;
	uint32_t	cp;

	/* memmem() for each needle, in one pass: at each byte, only the
	 * needles that start with it (all have two bytes or more). */
	for (i = 0; i + 1 < l->n; i++) {
		if (!furniture_first[(unsigned char)l->s[i]])
			continue;
		for (k = 0; k < sizeof any / sizeof any[0]; k++)
			if (any[k].s[0] == l->s[i] &&
			    any[k].s[1] == l->s[i + 1] &&
			    l->n - i >= any[k].n &&
			    memcmp(l->s + i, any[k].s, any[k].n) == 0)
				return 1;
	}
	for (k = 0; k < sizeof start / sizeof start[0]; k++)
		if (starts_with(l, &start[k]))
			return 1;
	cp = peekcp(l->s, l->n, 0);
	return (cp >= 0x2474 && cp <= 0x249B) ||	/* ⑴ ⒈ notes */
	    (cp >= 0x2460 && cp <= 0x2473);		/* ① */
}

/* Wrapped in dialogue marks: “没有。”, 「ええ」. */
static int
dialogue(const struct line *l)
{
	size_t	at;

	return is_open_quote(peekcp(l->s, l->n, 0)) &&
	    is_close_quote(lastcp(l->s, l->n, &at));
}

/* Code, a shell command, data or markup rather than prose: in an ASCII
 * line any of {}=;<>$`("[ (a heading has none), with CJK two of {}=;<>;
 * and headings start with a letter, a digit or CJK, never "#", "-", "*". */
/* c is one of the ASCII symbols in set (without a function call per byte:
 * the sets hold no letter, digit or byte above 0x7F). */
static inline int
code_sym(char c, const char *set)
{
	if ((c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') ||
	    (unsigned char)c >= 0x80 || c == '\0')
		return 0;
	return strchr(set, c) != NULL;
}

static int
code_like(const struct line *l)
{
	size_t	i, sym = 0;
	int	ascii = 1;

	if ((l->s[0] >= 'a' && l->s[0] <= 'z') ||
	    strchr("#-|/\\*+~@!%^&_;:,.?[", l->s[0]) != NULL)
		return 1;
	for (i = 0; i < l->n; i++) {
		ascii &= (unsigned char)l->s[i] < 0x80;
		sym += code_sym(l->s[i], "{}=;<>");
	}
	if (!ascii)
		return sym >= 2;
	for (i = 0; i < l->n; i++)
		sym += code_sym(l->s[i], "$`(\"[");
	return sym > 0;
}

static int
connective(const struct line *l)
{
	static const struct needle cn[] = { NEEDLE("这"), NEEDLE("那"),
	    NEEDLE("但"), NEEDLE("而"), NEEDLE("因此"), NEEDLE("所以"),
	    NEEDLE("然而"), NEEDLE("其"), NEEDLE("它"), NEEDLE("他"),
	    NEEDLE("她"), NEEDLE("此"), NEEDLE("我"), NEEDLE("你"),
	    NEEDLE("如果"), NEEDLE("因为"), NEEDLE("当") };
	static const struct needle en[] = { NEEDLE("But "), NEEDLE("And "),
	    NEEDLE("So "), NEEDLE("It "), NEEDLE("He "), NEEDLE("She "),
	    NEEDLE("This "), NEEDLE("That "), NEEDLE("If "), NEEDLE("When "),
	    NEEDLE("Because "), NEEDLE("We "), NEEDLE("You "), NEEDLE("They "),
	    NEEDLE("I ") };
	size_t	k;

	for (k = 0; k < sizeof cn / sizeof cn[0]; k++)
		if (starts_with(l, &cn[k]))
			return 1;
	for (k = 0; k < sizeof en / sizeof en[0]; k++)
		if (starts_with(l, &en[k]))
			return 1;
	return 0;
}

/* A stage-3 candidate and its own features (SECTIONS.md §6), or 0.
 * Sentences and dialogue are rejected here rather than scored -3 and -2:
 * they can never reach the threshold in practice, and rejecting them keeps
 * a novel's dialogue lines out of memory. */
static int
s3_features(const struct line *l, int *flags)
{
	size_t		at, i;
	uint32_t	cp, last;
	int		letter = 0;

	if (l->width > S3_COLS)
		return 0;
	last = last_unquoted(l->s, l->n, &at);
	if (is_sentence_end(last) || last == ':')
		return 0;	/* a sentence, or it introduces a list */
	if (dialogue(l) || furniture(l) || code_like(l))
		return 0;
	*flags = 0;
	for (i = 0; i < l->n; ) {
		size_t	p = i;

		cp = getcp(l->s, l->n, &i);
		letter |= ustr_is_cjk(cp) || is_ascii_alpha(cp);
		if ((cp == ':' || cp == 0x3001) && p > 0 && i < l->n)
			*flags |= C_TITLE_PUNCT;
	}
	if (!letter)
		return 0;
	if (has_inner_terminator(l->s, l->n, 0))
		*flags |= C_INNER_TERM;
	if (connective(l))
		*flags |= C_CONNECTIVE;
	return 1;
}

/* A paragraph ends here (for the next line's "sits between paragraphs"). */
static int
ends_paragraph(const char *s, size_t n)
{
	size_t		at;
	uint32_t	cp = lastcp(s, n, &at);

	return cp == 0x3002 || cp == '!' || cp == '?' || cp == '.' ||
	    is_close_quote(cp);
}

/* A rule line: ----- ***** ===== ———— * * *. */
static int
rule_line(const struct line *l)
{
	size_t		i = 0;
	uint32_t	cp;
	int		marks = 0;

	while (i < l->n) {
		cp = getcp(l->s, l->n, &i);
		if (cp == '-' || cp == '=' || cp == '*' || cp == '_' ||
		    cp == '~' || cp == 0x2014 || cp == 0x2500 || cp == 0xB7)
			marks++;
		else if (!is_blank(cp))
			return 0;
	}
	return marks >= 3;
}

/* ---------------------------------------------------------------------- */
/* Stage 1: markup */

/* An ATX heading on the raw line: its level, and its title range. */
static int
atx(const char *s, size_t n, size_t *t0, size_t *t1)
{
	size_t		i = 0, j, at;
	int		level = 0;

	while (i < n && i < 3 && s[i] == ' ')
		i++;
	while (i < n && s[i] == '#' && level < 7) {
		i++;
		level++;
	}
	if (level == 0 || level > 6 || i >= n)
		return 0;
	if (s[i] != ' ' && s[i] != '\t') {
		/* #标题: hand-written Chinese Markdown; never #include, #! */
		j = i;
		if (!ustr_is_cjk(getcp(s, n, &j)))
			return 0;
	}
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	j = n;
	while (j > i && (s[j - 1] == ' ' || s[j - 1] == '\t'))
		j--;
	at = j;
	while (at > i && s[at - 1] == '#')
		at--;
	if (at < j && (at == i || s[at - 1] == ' ' || s[at - 1] == '\t')) {
		j = at;
		while (j > i && (s[j - 1] == ' ' || s[j - 1] == '\t'))
			j--;
	}
	if (j == i)
		return 0;
	*t0 = i;
	*t1 = j;
	return level;
}

/* A setext underline (=== or ---): 1 or 2, else 0. */
static int
setext_underline(const char *s, size_t n)
{
	size_t	i = 0, marks = 0;
	char	ch;

	while (i < n && i < 3 && s[i] == ' ')
		i++;
	if (i >= n || (s[i] != '=' && s[i] != '-'))
		return 0;
	ch = s[i];
	while (i < n && s[i] == ch) {
		i++;
		marks++;
	}
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i != n || marks < 3)
		return 0;
	return ch == '=' ? 1 : 2;
}

/* A code fence opener or closer: ``` or ~~~; its character and length. */
static int
fence(const char *s, size_t n, int *ch)
{
	size_t	i = 0, k;

	while (i < n && i < 3 && s[i] == ' ')
		i++;
	if (i >= n || (s[i] != '`' && s[i] != '~'))
		return 0;
	*ch = s[i];
	for (k = i; k < n && s[k] == *ch; k++)
		continue;
	return k - i >= 3 ? (int)(k - i) : 0;
}

static int
list_item(const struct line *l)
{
	size_t	i = 0;

	if (l->n >= 2 && (l->s[0] == '-' || l->s[0] == '*' || l->s[0] == '+') &&
	    l->s[1] == ' ')
		return 1;
	while (i < l->n && l->s[i] >= '0' && l->s[i] <= '9')
		i++;
	return i > 0 && i + 1 < l->n && (l->s[i] == '.' || l->s[i] == ')') &&
	    l->s[i + 1] == ' ';
}

/* Aozora Bunko annotations: X［＃「X」は大見出し］ and the range form
 * ［＃大見出し］X［＃大見出し終わり］. The level, with the title range. */
static int
aozora(const struct line *l, size_t *t0, size_t *t1)
{
	static const char *const sizes[] = { "大", "中", "小" };
	static const char open[] = "［＃「", close[] = "」は", head[] = "見出し］";
	const char	*p, *q, *e = l->s + l->n;
	char		 tag[32];
	int		 k;

	/* Both forms end the line with an annotation: ］. */
	if (l->n < 9 || memcmp(e - 3, "］", 3) != 0)
		return 0;
	if ((p = memmem(l->s, l->n, open, sizeof open - 1)) != NULL) {
		p += sizeof open - 1;
		if ((q = memmem(p, (size_t)(e - p), close, sizeof close - 1)) == NULL)
			return 0;
		for (k = 0; k < 3; k++) {
			snprintf(tag, sizeof tag, "%s%s%s", close, sizes[k], head);
			if ((size_t)(e - q) >= strlen(tag) &&
			    memcmp(q, tag, strlen(tag)) == 0 && q > p) {
				*t0 = (size_t)(p - l->s);
				*t1 = (size_t)(q - l->s);
				return k + 1;
			}
		}
		return 0;
	}
	for (k = 0; k < 3; k++) {
		snprintf(tag, sizeof tag, "［＃%s%s", sizes[k], head);
		if (l->n < strlen(tag) || memcmp(l->s, tag, strlen(tag)) != 0)
			continue;
		p = l->s + strlen(tag);
		if ((q = memmem(p, (size_t)(e - p), "［＃", 6)) == NULL || q == p)
			return 0;
		*t0 = (size_t)(p - l->s);
		*t1 = (size_t)(q - l->s);
		return k + 1;
	}
	return 0;
}

/* ---------------------------------------------------------------------- */
/* Feeding */

/* One non-blank source line as feeding sees it. */
struct fline {
	size_t		 off, len, lineno;
	uint64_t	 chars, cjk, words, nb;	/* counters before it */
	size_t		 lchars;
	size_t		 t0;			/* trimmed text at line + t0 */
	struct line	 l;			/* l.n: the whole trimmed length */
};

struct outline *
outline_new(const struct outline_opts *opts, char **cause)
{
	struct outline	*o = xcalloc(1, sizeof *o);
	char		 buf[256];
	int		 rc;

	if (opts != NULL) {
		o->md = opts->markdown > 0 ? 1 : opts->markdown < 0 ? -1 : 0;
		o->none = opts->none != 0;
		if (opts->regex != NULL && !o->none) {
			rc = regcomp(&o->re, opts->regex, REG_EXTENDED | REG_NOSUB);
			if (rc != 0) {
				regerror(rc, &o->re, buf, sizeof buf);
				if (cause != NULL)
					*cause = xasprintf("bad heading regex: %s",
					    buf);
				free(o);
				return NULL;
			}
			o->has_re = 1;
		}
	}
	o->para_start = 1;
	o->blank_since = 1;	/* the start of the text isolates like a blank */
	return o;
}

void
outline_free(struct outline *o)
{
	size_t	i;

	if (o == NULL)
		return;
	if (o->has_re)
		regfree(&o->re);
	for (i = 0; i < o->nsec; i++)
		free(o->sec[i].title);
	free(o->sec);
	free(o->secx);
	free(o->c);
	free(o->pool);
	free(o);
}

static struct cand *
fline_cand(struct outline *o, const struct fline *f)
{
	struct cand	*c;

	if ((c = cand_add(o)) == NULL)
		return NULL;
	c->off = f->off;
	c->lineno = f->lineno;
	c->chars = f->chars;
	c->cjk = f->cjk;
	c->words = f->words;
	c->nb = f->nb;
	c->len = f->len > UINT32_MAX ? UINT32_MAX : (uint32_t)f->len;
	c->lchars = f->lchars > UINT32_MAX ? UINT32_MAX : (uint32_t)f->lchars;
	c->width = f->l.width > UINT16_MAX ? UINT16_MAX : (uint16_t)f->l.width;
	c->indent = f->l.indent > UINT16_MAX ? UINT16_MAX : (uint16_t)f->l.indent;
	if (o->prev_end)
		c->flags |= C_PREV_END;
	c->prev_width = o->prev_width > UINT16_MAX ? UINT16_MAX :
	    (uint16_t)o->prev_width;
	if (o->blank_since)
		c->flags |= C_BLANK_BEFORE;
	return c;
}

static void
cand_text(struct outline *o, struct cand *c, const char *s, size_t n)
{
	c->text = pool_add(o, s, n, &c->textlen);
	c->hash = text_hash(o->pool + c->text, c->textlen);
}

/* Markdown block state for a non-blank line: returns 1 inside code, front
 * matter or a comment, where nothing is a heading. */
static int
md_block(struct outline *o, const struct fline *f, const char *line)
{
	int	ch, n;

	if (o->in_front) {
		if (f->l.n == 3 && (memcmp(f->l.s, "---", 3) == 0 ||
		    memcmp(f->l.s, "...", 3) == 0))
			o->in_front = 0;
		return 1;
	}
	if (o->fence_n > 0) {
		if ((n = fence(line, f->len, &ch)) >= o->fence_n &&
		    ch == o->fence_ch && f->l.n == (size_t)n)
			o->fence_n = 0;
		return 1;
	}
	if (o->in_comment) {
		if (memmem(f->l.s, f->l.n, "-->", 3) != NULL)
			o->in_comment = 0;
		return 1;
	}
	if (o->md == 1 && f->lineno == 1 && f->l.n == 3 && f->t0 == 0 &&
	    memcmp(f->l.s, "---", 3) == 0) {
		o->in_front = 1;
		return 1;
	}
	if ((n = fence(line, f->len, &ch)) > 0) {
		o->fence_n = n;
		o->fence_ch = ch;
		o->md_other++;
		return 1;
	}
	if (f->l.n >= 4 && memcmp(f->l.s, "<!--", 4) == 0) {
		if (memmem(f->l.s + 4, f->l.n - 4, "-->", 3) == NULL)
			o->in_comment = 1;
		return 1;
	}
	return 0;
}

/* The line under o->prev is a setext underline: make prev a heading. */
static void
md_setext(struct outline *o, int level)
{
	struct prevline	*p = &o->prev;
	struct cand	*c;

	if (p->cand > 0)
		c = &o->c[p->cand - 1];
	else {
		if ((c = cand_add(o)) == NULL)
			return;
		c->off = p->off;
		c->lineno = p->lineno;
		c->chars = p->chars;
		c->cjk = p->cjk;
		c->words = p->words;
		c->nb = p->nb;
		c->len = p->len > UINT32_MAX ? UINT32_MAX : (uint32_t)p->len;
		c->lchars = p->lchars > UINT32_MAX ? UINT32_MAX :
		    (uint32_t)p->lchars;
		c->width = p->width > UINT16_MAX ? UINT16_MAX :
		    (uint16_t)p->width;
		cand_text(o, c, p->text, p->textlen);
	}
	c->mkind = MK_MARKDOWN;
	c->mlevel = (uint8_t)level;
	if (level == 1)
		o->md_other++;
}

/* Title continuation (SECTIONS.md §5): the line after a bare label. */
static void
continuation(struct outline *o, const struct fline *f, int heading)
{
	struct cand	*c = &o->c[o->pend_cont - 1];
	struct match	 m;
	size_t		 at;

	if (heading || f->lineno - c->lineno >
	    (size_t)(CONT_LINES + o->cont_rule)) {
		o->pend_cont = 0;
		return;
	}
	if (f->l.n <= PREFIX_MAX && rule_line(&f->l)) {
		o->cont_rule = 1;
		return;
	}
	o->pend_cont = 0;
	memset(&m, 0, sizeof m);
	if (f->l.n > TEXT_MAX || !gate(&f->l, &m) || furniture(&f->l) ||
	    dialogue(&f->l) || lastcp(f->l.s, f->l.n, &at) == ':')
		return;
	c->cont = pool_add(o, f->l.s, f->l.n, &c->contlen);
}

/* memmem(s, n, "](", 2) != NULL, through memchr: ']' is rare in prose. */
static int
has_link(const char *s, size_t n)
{
	const char	*p, *e = s + n;

	while ((p = memchr(s, ']', (size_t)(e - s))) != NULL) {
		if (p + 1 < e && p[1] == '(')
			return 1;
		s = p + 1;
	}
	return 0;
}

static void
blank_line(struct outline *o)
{
	o->blanks++;
	o->blank_since = 1;
	o->prev.valid = 0;
	o->para_start = 1;
}

void
outline_feed(struct outline *o, size_t off, const char *line, size_t len)
{
	struct outline_counts	k;

	if (o == NULL || o->finished)
		return;
	outline_count_line(line, len, &k);
	outline_feed_counted(o, off, line, len, &k);
}

void
outline_feed_counted(struct outline *o, size_t off, const char *line,
    size_t len, const struct outline_counts *kp)
{
	const struct outline_counts k = *kp;
	struct fline	 f;
	struct match	 m;
	struct cand	*c = NULL;
	size_t		 t1 = len, b, a0 = 0, a1 = 0, i;
	unsigned	 indent = 0, trail = 0, cells;
	int		 code = 0, mlevel = 0, mkind = MK_NONE, under = 0;
	int		 s3 = 0, s3flags = 0, fam = FAM_NONE, heading;
	uint32_t	 last;
	size_t		 at;

	if (o == NULL || o->finished)
		return;
	memset(&f, 0, sizeof f);
	f.off = off;
	f.len = len;
	f.lineno = ++o->lineno;
	f.chars = o->chars;
	f.cjk = o->cjk;
	f.words = o->words;
	o->chars += k.chars;
	o->cjk += k.cjk;
	o->words += k.words;
	while ((b = blank_at(line, len, f.t0, &cells)) > 0) {
		f.t0 += b;
		indent += cells;
	}
	if (f.t0 == len) {
		blank_line(o);
		return;
	}
	while ((b = blank_before(line, f.t0, t1, &cells)) > 0) {
		t1 -= b;
		trail += cells;
	}
	f.lchars = k.chars;
	f.l.s = line + f.t0;
	f.l.n = t1 - f.t0;
	f.l.indent = indent;
	f.l.width = k.width > indent + trail ?
	    (unsigned)(k.width - indent - trail) : 0;
	f.nb = o->nb++;
	o->hist[f.l.width < HIST_MAX ? f.l.width : HIST_MAX - 1]++;
	if (f.l.width >= LONG_COLS)
		o->indents[indent < INDENT_MAX ? indent : INDENT_MAX - 1]++;
	/* An image placeholder under a heading does not hide the paragraph. */
	if (o->pend_next > 0 && !(f.l.n >= 2 && memcmp(f.l.s, "![", 2) == 0)) {
		c = &o->c[o->pend_next - 1];
		c->next_width = f.l.width > UINT16_MAX ? UINT16_MAX :
		    (uint16_t)f.l.width;
		if (o->blank_since)
			c->flags |= C_BLANK_AFTER;
		o->pend_next = 0;
		c = NULL;
	}

	if (o->has_re) {
		char	buf[RE_MAX + 1];

		if (len <= RE_MAX) {
			memcpy(buf, line, len);
			buf[len] = '\0';
			if (regexec(&o->re, buf, 0, NULL, 0) == 0 &&
			    (c = fline_cand(o, &f)) != NULL) {
				c->mkind = MK_REGEX;
				c->mlevel = 1;
				cand_text(o, c, f.l.s, f.l.n);
			}
		}
		goto done;
	}
	if (o->none)
		goto done;

	if (o->md != 0) {
		code = md_block(o, &f, line);
		if (!code && (mlevel = atx(line, len, &a0, &a1)) > 0) {
			mkind = MK_MARKDOWN;
			o->md_atx++;
		} else if (!code && (under = setext_underline(line, len)) > 0 &&
		    o->prev.valid)
			md_setext(o, under);
		if (!code && f.l.n <= PREFIX_MAX && has_link(f.l.s, f.l.n))
			o->md_other++;
	}
	/* Most body lines end a sentence: no family or stage 3 takes them
	 * (only an English title may end with '.'), so skip the matchers; and
	 * the gates leave a line wider than S3_COLS only to Aozora markup,
	 * which ends the line with "］". */
	if (f.l.n <= PREFIX_MAX && !(code && o->md == 1) && !under &&
	    (f.l.width <= S3_COLS || (f.l.n >= 3 &&
	    memcmp(f.l.s + f.l.n - 3, "］", 3) == 0)) &&
	    (!is_sentence_end(last = last_unquoted(f.l.s, f.l.n, &at)) ||
	    last == '.')) {
		for (i = 0; f.l.width <= GATE_COLS &&
		    i < sizeof matchers / sizeof matchers[0]; i++) {
			memset(&m, 0, sizeof m);
			m.num = m.vnum = -1;
			if (matchers[i](&f.l, &m)) {
				if (gate(&f.l, &m))
					fam = m.fam;
				break;
			}
		}
		if (!o->s3_off)
			s3 = s3_features(&f.l, &s3flags);
		if (mkind == MK_NONE && (mlevel = aozora(&f.l, &a0, &a1)) > 0) {
			mkind = MK_AOZORA;
			a0 += f.t0;
			a1 += f.t0;
		}
	}
	if ((fam != FAM_NONE || mkind != MK_NONE || s3) && o->nc >= CAND_MAX)
		make_room(o);
	if (o->fam_off & 1u << fam)
		fam = FAM_NONE;
	heading = fam != FAM_NONE || mkind != MK_NONE;
	if (o->pend_cont > 0)
		continuation(o, &f, heading);
	if (!heading && !s3)
		goto done;
	if ((c = fline_cand(o, &f)) == NULL)
		goto done;
	c->fam = (uint8_t)fam;
	c->mkind = (uint8_t)mkind;
	c->mlevel = (uint8_t)mlevel;
	if (code)
		c->flags |= C_FENCE;
	if (mkind != MK_NONE)
		cand_text(o, c, line + a0, a1 - a0);
	else if (fam != FAM_NONE && m.vnum >= 0) {
		c->vtext = pool_add(o, f.l.s, m.split, &c->vtextlen);
		cand_text(o, c, f.l.s + m.split, f.l.n - m.split);
		c->split = (uint32_t)(f.t0 + m.split);
	} else
		cand_text(o, c, f.l.s, f.l.n);
	if (fam != FAM_NONE) {
		c->num = m.num;
		c->vnum = m.vnum;
		c->flags |= m.flags & C_GLUED;
		if (m.title >= f.l.n && mkind == MK_NONE) {
			c->flags |= C_LABEL;
			o->pend_cont = o->nc;
			o->cont_rule = 0;
		}
	}
	if (s3) {
		c->flags |= C_S3 | s3flags;
		o->pend_next = o->nc;
		o->ns3++;
	}

done:
	if (o->md != 0) {
		o->prev.valid = !code && !under && mkind != MK_MARKDOWN &&
		    o->para_start && f.l.n <= TEXT_MAX && !list_item(&f.l) &&
		    !rule_line(&f.l);
		if (o->prev.valid) {
			o->prev.off = off;
			o->prev.lineno = f.lineno;
			o->prev.len = len;
			o->prev.chars = f.chars;
			o->prev.cjk = f.cjk;
			o->prev.words = f.words;
			o->prev.nb = f.nb;
			o->prev.lchars = f.lchars;
			o->prev.width = f.l.width;
			o->prev.cand = c != NULL ? o->nc : 0;
			memcpy(o->prev.text, f.l.s, f.l.n);
			o->prev.textlen = f.l.n;
		}
		o->para_start = mkind == MK_MARKDOWN || under > 0;
	}
	o->prev_end = ends_paragraph(f.l.s, f.l.n);
	o->prev_width = f.l.width;
	o->blank_since = 0;
	if (o->ns3 > S3_MAX && !o->s3_off) {
		o->s3_off = 1;
		compact(o);
	}
}

/* ---------------------------------------------------------------------- */
/* Selection */

/* Document profile (SECTIONS.md §3), from the histograms. */
struct profile {
	unsigned	 median;	/* median width of long lines */
	unsigned	 wrap;		/* wrap width if hard-wrapped, else 0 */
	unsigned	 para_indent;	/* usual indent of long lines */
	int		 blanks;	/* blank lines separate paragraphs */
};

static void
profile(const struct outline *o, struct profile *p)
{
	uint64_t	n = 0, acc = 0, longn = 0, best = 0;
	size_t		w, from, w95 = 0;

	memset(p, 0, sizeof *p);
	for (w = LONG_COLS; w < HIST_MAX; w++)
		longn += o->hist[w];
	from = longn >= 5 ? LONG_COLS : 0;
	for (w = from; w < HIST_MAX; w++)
		n += o->hist[w];
	for (w = from; w < HIST_MAX && n > 0; w++)
		if ((acc += o->hist[w]) * 2 >= n) {
			p->median = (unsigned)w;
			break;
		}
	/* Hard-wrapped: half the lines within 12 columns under the 95th
	 * percentile of all widths. */
	for (w = 0, acc = 0; w < HIST_MAX && o->nb > 0; w++)
		if ((acc += o->hist[w]) * 20 >= o->nb * 19) {
			w95 = w;
			break;
		}
	for (w = w95 >= 12 ? w95 - 12 : 0, acc = 0; w <= w95; w++)
		acc += o->hist[w];
	if (w95 >= 20 && w95 <= 120 && acc * 2 >= o->nb)
		p->wrap = (unsigned)w95;
	for (w = 0; w < INDENT_MAX; w++)
		if (o->indents[w] > best) {
			best = o->indents[w];
			p->para_indent = (unsigned)w;
		}
	p->blanks = o->blanks * 10 >= o->nb && o->blanks > 0;
}

/* The candidate takes part in selection (not in a Markdown fence). */
static int
usable(const struct outline *o, const struct cand *c)
{
	return !(o->is_md && (c->flags & C_FENCE)) &&
	    !(c->flags & (C_KEEP | C_DROP));
}

/* Characters of body between a candidate's line and a later offset. */
static uint64_t
body_chars(const struct cand *a, uint64_t until)
{
	uint64_t	end = a->chars + a->lchars;

	return until > end ? until - end : 0;
}

/* Stage 1: Markdown and Aozora headings are authoritative when there are
 * two; a single one (a title) is kept and stage 2 continues below it. */
static size_t
select_markup(struct outline *o)
{
	size_t	i, n = 0;

	for (i = 0; i < o->nc; i++) {
		struct cand	*c = &o->c[i];

		if ((c->mkind == MK_AOZORA || (c->mkind == MK_MARKDOWN &&
		    o->is_md)) && usable(o, c))
			n++;
	}
	for (i = 0; i < o->nc && n > 0; i++) {
		struct cand	*c = &o->c[i];

		if ((c->mkind == MK_AOZORA || (c->mkind == MK_MARKDOWN &&
		    o->is_md)) && usable(o, c)) {
			c->flags |= C_KEEP;
			c->how = HOW_MARKUP;
			c->level = n == 1 ? 1 : c->mlevel > 6 ? 6 : c->mlevel;
		}
	}
	return n;
}

/* Keep the first of the same heading repeated within a few lines; a bare
 * label gives way to the text of its repeat (第三回, 第三回 托内兄...). */
static size_t
dedupe(struct outline *o, size_t *h, size_t nh)
{
	size_t	i, k = 0;

	for (i = 0; i < nh; i++) {
		struct cand	*c = &o->c[h[i]], *p;

		if (k > 0) {
			p = &o->c[h[k - 1]];
			if (c->lineno - p->lineno <= 5 && (c->hash == p->hash ||
			    (c->num >= 0 && c->num == p->num &&
			    c->vnum == p->vnum))) {
				if ((p->flags & C_LABEL) && p->contlen == 0 &&
				    (!(c->flags & C_LABEL) || c->contlen > 0)) {
					p->text = c->text;
					p->textlen = c->textlen;
					p->cont = c->cont;
					p->contlen = c->contlen;
				}
				c->flags |= C_DROP;
				continue;
			}
		}
		h[k++] = h[i];
	}
	return k;
}

static uint64_t
toc_key(const struct cand *c)
{
	if (c->num >= 0)
		return 1ull << 63 | (uint64_t)(uint32_t)c->vnum << 32 |
		    (uint32_t)c->num;
	return c->hash;
}

/* Table-of-contents suppression: a run of at least 3 hits with less than
 * 80 characters between them, most of which reappear later, is dropped. A
 * hash table maps each key to its last hit, so this stays linear. */
static size_t
drop_toc(struct outline *o, size_t *h, size_t nh)
{
	struct slot {
		uint64_t	key;
		size_t		last;	/* index + 1 in h, 0 empty */
	}		*tab;
	size_t		 size = 16, mask, i, j, r, again, k;
	uint64_t	 key;

	if (nh < 3)
		return nh;
	while (size < nh * 2)
		size *= 2;
	mask = size - 1;
	tab = xcalloc(size, sizeof *tab);
	for (i = 0; i < nh; i++) {
		key = toc_key(&o->c[h[i]]);
		for (k = (size_t)(key * 0x9E3779B97F4A7C15ull >> 20) & mask;
		    tab[k].last != 0 && tab[k].key != key; k = (k + 1) & mask)
			continue;
		tab[k].key = key;
		tab[k].last = i + 1;
	}
	for (i = 0; i < nh; i = j + 1) {
		for (j = i; j + 1 < nh && body_chars(&o->c[h[j]],
		    o->c[h[j + 1]].chars) < 80; j++)
			continue;
		if (j - i + 1 < 3)
			continue;
		for (r = i, again = 0; r <= j; r++) {
			key = toc_key(&o->c[h[r]]);
			for (k = (size_t)(key * 0x9E3779B97F4A7C15ull >> 20) &
			    mask; tab[k].key != key; k = (k + 1) & mask)
				continue;
			again += tab[k].last - 1 > j;
		}
		if (again * 2 >= j - i + 1)
			for (r = i; r <= j; r++)
				o->c[h[r]].flags |= C_DROP;
	}
	free(tab);
	for (i = k = 0; i < nh; i++)
		if (!(o->c[h[i]].flags & C_DROP))
			h[k++] = h[i];
	return k;
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t	x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* A family's evidence (SECTIONS.md §5, family selection). */
struct fstat {
	size_t		 hits, spaced, numbered, inseq;
	double		 seq, cover;
	uint64_t	 gap;		/* median characters between hits */
};

static void
fam_eval(const struct outline *o, const size_t *h, size_t nh, int glued,
    struct fstat *fs)
{
	const struct cand	*c, *prev = NULL;
	uint64_t		*gaps = xreallocarray(NULL, nh + 1, sizeof *gaps);
	uint64_t		 last = 0, first = 0;
	size_t			 i, ng = 0;
	int32_t			 pn = -1;

	memset(fs, 0, sizeof *fs);
	for (i = 0; i < nh; i++) {
		c = &o->c[h[i]];
		if ((c->flags & C_GLUED) && !glued)
			continue;
		if (fs->hits++ == 0) {
			first = c->chars;
			fs->spaced = 1;
			last = c->chars;
		} else if (c->chars >= last + 500) {
			fs->spaced++;
			last = c->chars;
		}
		if (c->num >= 0) {
			if (fs->numbered++ > 0 && (c->num == pn + 1 ||
			    (c->num <= 1 && pn >= 1)))
				fs->inseq++;
			pn = c->num;
		}
		if (prev != NULL)
			gaps[ng++] = body_chars(prev, c->chars);
		prev = c;
	}
	if (fs->numbered > 1)
		fs->seq = (double)fs->inseq / (double)(fs->numbered - 1);
	if (o->chars > 0 && fs->hits > 0)
		fs->cover = (double)(o->chars - first) / (double)o->chars;
	if (ng > 0) {
		qsort(gaps, ng, sizeof *gaps, cmp_u64);
		fs->gap = gaps[ng / 2];
	}
	free(gaps);
}

static int
fam_passes(int fam, const struct fstat *fs, int strict)
{
	strict |= families[fam].strict;
	return fs->spaced >= (strict ? 3u : 2u) &&
	    fs->numbered >= (strict ? 3u : 2u) &&
	    fs->seq >= (strict ? 0.8 : 0.6) && fs->cover >= 0.5 &&
	    fs->gap >= 50;
}

/* Whether a family is accepted, and its strength (spaced hits). Titles
 * glued to the unit count only once delimited hits confirm the family, or
 * under the strict thresholds when a book never delimits. */
static size_t
fam_accept(const struct outline *o, int fam, const size_t *h, size_t nh)
{
	struct fstat	fs;

	fam_eval(o, h, nh, 0, &fs);
	if (fam_passes(fam, &fs, 0))
		return fs.spaced;
	fam_eval(o, h, nh, 1, &fs);
	if (fs.hits > 0 && fam_passes(fam, &fs, 1))
		return fs.spaced;
	return 0;
}

/* The next numbered hit's number after h[i], -1 if none. */
static int32_t
next_num(const struct outline *o, const size_t *h, size_t nh, size_t i)
{
	for (i++; i < nh; i++)
		if (o->c[h[i]].num >= 0)
			return o->c[h[i]].num;
	return -1;
}

/* Drop single hits that break the accepted sequence and either have less
 * than 200 characters of body or are followed by the number the sequence
 * expected (第3名 between 第三章 and 第四章). */
static size_t
repair(struct outline *o, size_t *h, size_t nh)
{
	size_t		i, k = 0;
	int32_t		last = -1, n, nx;
	uint64_t	until;
	int		ok;

	for (i = 0; i < nh; i++) {
		struct cand	*c = &o->c[h[i]];

		if ((n = c->num) < 0) {
			h[k++] = h[i];
			continue;
		}
		nx = next_num(o, h, nh, i);
		if (last < 0)
			ok = n <= 1 || nx < 0 || nx == n + 1;
		else
			ok = n == last + 1 || n == last ||
			    (n <= 1 && (nx < 0 || nx == n + 1));
		until = i + 1 < nh ? o->c[h[i + 1]].chars : o->chars;
		if (!ok && (body_chars(c, until) < 200 ||
		    (last >= 0 && nx == last + 1) ||
		    (last < 0 && nx >= 0 && nx <= 1))) {
			c->flags |= C_DROP;
			continue;
		}
		last = n;
		h[k++] = h[i];
	}
	return k;
}

/* Stage 2: pattern families, at most one per rank, levels by rank. */
static size_t
select_patterns(struct outline *o, int base)
{
	size_t	 count[FAM_N], start[FAM_N + 1], strength[RANK_N], *idx;
	size_t	 i, f, r, kept = 0, s;
	int	 best[RANK_N], level[RANK_N], used[RANK_N], lv;

	memset(count, 0, sizeof count);
	memset(strength, 0, sizeof strength);
	memset(used, 0, sizeof used);
	for (i = 0; i < o->nc; i++)
		if (o->c[i].fam != FAM_NONE && usable(o, &o->c[i]))
			count[o->c[i].fam]++;
	for (f = 0, start[0] = 0; f < FAM_N; f++)
		start[f + 1] = start[f] + count[f];
	idx = xreallocarray(NULL, start[FAM_N] + 1, sizeof *idx);
	memset(count, 0, sizeof count);
	for (i = 0; i < o->nc; i++)
		if (o->c[i].fam != FAM_NONE && usable(o, &o->c[i])) {
			f = o->c[i].fam;
			idx[start[f] + count[f]++] = i;
		}
	for (r = 0; r < RANK_N; r++)
		best[r] = -1;
	for (f = 1; f < FAM_N; f++) {
		size_t	*h = idx + start[f];

		if (count[f] < 2)
			continue;
		count[f] = dedupe(o, h, count[f]);
		count[f] = drop_toc(o, h, count[f]);
		s = fam_accept(o, (int)f, h, count[f]);
		r = (size_t)families[f].rank;
		if (s > strength[r]) {
			strength[r] = s;
			best[r] = (int)f;
		}
	}
	for (r = 0; r < RANK_N; r++) {
		size_t	*h, nh;

		if (best[r] < 0)
			continue;
		h = idx + start[best[r]];
		nh = repair(o, h, count[best[r]]);
		for (i = 0; i < nh; i++) {
			o->c[h[i]].flags |= C_KEEP;
			o->c[h[i]].how = HOW_PATTERN;
			o->c[h[i]].level = (uint8_t)r;
			used[r] = 1;
			if (o->c[h[i]].vnum >= 0)
				used[0] = 1;
			kept++;
		}
	}
	for (r = 0, lv = base; r < RANK_N; r++)
		level[r] = used[r] ? (lv < 6 ? lv++ : 6) : 0;
	for (i = 0; i < o->nc; i++) {
		struct cand	*c = &o->c[i];

		if (c->how != HOW_PATTERN)
			continue;
		c->level = (uint8_t)level[c->level];
		c->vlevel = (uint8_t)level[0];
	}
	free(idx);
	return kept;
}

/* Stage-3 score of one candidate (SECTIONS.md §6). */
static float
s3_score(const struct outline *o, const struct profile *p, const struct cand *c)
{
	float		s = 0;
	unsigned	mid2;
	int		is_short;

	is_short = c->width <= GATE_COLS && c->width < 0.35 * p->median;
	/* Hard-wrapped, every line is short: widths count against the wrap
	 * width (SECTIONS.md §9.5). A line that stops well short of it after
	 * a paragraph's end is a block of its own. */
	if (!is_short && p->wrap > 0 && c->width <= GATE_COLS &&
	    4 * c->width <= 3 * p->wrap && (c->flags & C_PREV_END))
		is_short = 1;
	if (is_short)
		s += 1.5f;
	else if (p->wrap > 0)
		return -10;	/* hard-wrapped: every body line looks alone */
	if ((p->wrap > 0 || p->blanks) &&
	    !(c->flags & (C_BLANK_BEFORE | C_PREV_END)))
		return -10;	/* the tail of a wrapped paragraph */
	if (c->flags & C_INNER_TERM)
		s -= 2;
	if (c->flags & C_CONNECTIVE)
		s -= 1.5f;
	if (c->next_width >= 2 * c->width && c->next_width >= 40)
		s += 1;
	if (c->flags & C_PREV_END)
		s += 0.5f;
	/* In a run of short lines (verse, a list) rather than between
	 * paragraphs: not in SECTIONS.md's table, added for poems in pastes. */
	if ((c->next_width > 0 && c->next_width < 0.35 * p->median) ||
	    (c->prev_width > 0 && c->prev_width < 0.35 * p->median &&
	    !(c->flags & C_PREV_END)))
		s -= 2;
	if (c->flags & C_TITLE_PUNCT)
		s += 1;
	mid2 = 2 * c->indent + c->width;	/* twice the line's centre */
	if (p->wrap > 0 && c->indent >= 3 && mid2 + 6 >= p->wrap &&
	    mid2 <= p->wrap + 6)
		s += 2;		/* centred */
	else if (p->wrap > 0 && c->indent > 0 && mid2 > p->wrap + 6)
		return -10;	/* right-aligned: a date or a signature */
	else if (is_short && c->indent >= p->para_indent + 4)
		s += 2;
	if (p->blanks && (c->flags & C_BLANK_BEFORE) &&
	    (c->flags & C_BLANK_AFTER))
		s += 1;
	if (c->nb < o->nb / 20 || c->nb >= o->nb - o->nb / 20)
		s -= 1;
	return s;
}

struct hashidx {
	uint32_t	hash;
	size_t		i;
};

static int
cmp_hashidx(const void *a, const void *b)
{
	const struct hashidx	*x = a, *y = b;

	return x->hash < y->hash ? -1 : x->hash > y->hash;
}

/* A short text repeated three times or more is a label ("Examples",
 * "Type: End-of-Life"), not a heading. */
static size_t
drop_repeated(struct outline *o, size_t *h, size_t nh)
{
	struct hashidx	*v = xreallocarray(NULL, nh + 1, sizeof *v);
	size_t		 i, j, k;

	for (i = 0; i < nh; i++) {
		v[i].hash = o->c[h[i]].hash;
		v[i].i = h[i];
	}
	qsort(v, nh, sizeof *v, cmp_hashidx);
	for (i = 0; i < nh; i = j) {
		for (j = i; j < nh && v[j].hash == v[i].hash; j++)
			continue;
		for (k = i; j - i >= 3 && k < j; k++)
			o->c[v[k].i].flags |= C_DROP;
	}
	free(v);
	for (i = k = 0; i < nh; i++)
		if (!(o->c[h[i]].flags & C_DROP))
			h[k++] = h[i];
	return k;
}

/* Too close: fewer than 3 paragraphs and 300 characters between. */
static int
too_close(const struct cand *a, const struct cand *b)
{
	return b->nb - a->nb - 1 < 3 && body_chars(a, b->chars) < 300;
}

/* Stage 3: score short lines and choose the set globally. */
static size_t
select_guess(struct outline *o, const struct profile *p, int base)
{
	size_t		*h, nh = 0, i, k;
	uint64_t	*sizes, median;

	if (o->s3_off || o->chars < 1500)
		return 0;
	h = xreallocarray(NULL, o->nc + 1, sizeof *h);
	for (i = 0; i < o->nc; i++)
		if ((o->c[i].flags & C_S3) && usable(o, &o->c[i]))
			h[nh++] = i;
	nh = drop_toc(o, h, nh);
	nh = drop_repeated(o, h, nh);
	for (i = k = 0; i < nh; i++) {
		struct cand	*c = &o->c[h[i]];

		c->score = s3_score(o, p, c);
		if (c->score < 2)
			continue;
		if (k > 0 && too_close(&o->c[h[k - 1]], c)) {
			if (c->score > o->c[h[k - 1]].score)
				h[k - 1] = h[i];
			continue;
		}
		h[k++] = h[i];
	}
	nh = k;
	/* A section under a quarter of the median size costs a point. */
	if (nh >= 3) {
		sizes = xreallocarray(NULL, nh, sizeof *sizes);
		for (i = 0; i < nh; i++)
			sizes[i] = (i + 1 < nh ? o->c[h[i + 1]].chars : o->chars) -
			    o->c[h[i]].chars;
		qsort(sizes, nh, sizeof *sizes, cmp_u64);
		median = sizes[nh / 2];
		for (i = 0, k = 0; i < nh; i++) {
			struct cand	*c = &o->c[h[i]];
			uint64_t	 sz = (i + 1 < nh ? o->c[h[i + 1]].chars :
			    o->chars) - c->chars;

			if (4 * sz < median && c->score - 1 < 2)
				continue;
			h[k++] = h[i];
		}
		nh = k;
		free(sizes);
	}
	if (nh >= 2)
		for (i = 0; i < nh; i++) {
			o->c[h[i]].flags |= C_KEEP;
			o->c[h[i]].how = HOW_GUESS;
			o->c[h[i]].level = (uint8_t)base;
		}
	free(h);
	return nh >= 2 ? nh : 0;
}

/* ---------------------------------------------------------------------- */
/* Sections */

/* A title as the text shows it: inline markup hidden (markup.h), the
 * hidden bytes dropped, since a title is a string, not doc bytes. */
static void
title_tidy(const struct outline *o, char *title)
{
	size_t	n = strlen(title), i, k = 0;

	if (!markup_hide(title, n, o->is_md ? MARKUP_MARKDOWN : 0, NULL))
		return;
	for (i = 0; i < n; i++)
		if (title[i] != '\n')
			title[k++] = title[i];
	title[k] = '\0';
}

static void
sec_add(struct outline *o, size_t *cap, const struct cand *c, size_t off,
    size_t len, int level, const char *family, const char *t1, size_t n1,
    const char *t2, size_t n2)
{
	struct outline_section	*s;
	char			*title;

	if (o->nsec > 0 && off <= o->sec[o->nsec - 1].off)
		return;		/* offsets must increase, whatever was fed */
	if (o->nsec == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		o->sec = xreallocarray(o->sec, *cap, sizeof *o->sec);
		o->secx = xreallocarray(o->secx, *cap, sizeof *o->secx);
	}
	title = xmalloc(n1 + n2 + 2);
	memcpy(title, t1, n1);
	title[n1] = '\0';
	if (n2 > 0) {
		if (n1 > 0)
			title[n1++] = ' ';
		memcpy(title + n1, t2, n2);
		title[n1 + n2] = '\0';
	}
	title_tidy(o, title);
	s = &o->sec[o->nsec];
	memset(s, 0, sizeof *s);
	s->off = off;
	s->len = len;
	s->lineno = c->lineno;
	s->level = level < 1 ? 1 : level > 6 ? 6 : level;
	s->title = title;
	s->family = family;
	o->secx[o->nsec].cjk = c->cjk;
	o->secx[o->nsec].words = c->words;
	o->nsec++;
}

static const char *
cand_family(const struct cand *c)
{
	if (c->how == HOW_GUESS)
		return "guess";
	if (c->how == HOW_PATTERN)
		return families[c->fam].name;
	return c->mkind == MK_REGEX ? "regex" : c->mkind == MK_AOZORA ?
	    "aozora" : "markdown";
}

static void
build(struct outline *o)
{
	const char	*pool = o->pool;
	size_t		 i, cap = 0;
	int32_t		 vnum = -1;
	uint64_t	 cjk, words;

	for (i = 0; i < o->nc; i++) {
		const struct cand	*c = &o->c[i];

		if (!(c->flags & C_KEEP))
			continue;
		if (c->how == HOW_PATTERN && c->vnum >= 0 && c->vnum != vnum) {
			vnum = c->vnum;
			sec_add(o, &cap, c, c->off, c->len, c->vlevel,
			    families[FAM_VOLUME].name, pool + c->vtext,
			    c->vtextlen, NULL, 0);
			sec_add(o, &cap, c, c->off + c->split, c->len - c->split,
			    c->level, cand_family(c), pool + c->text, c->textlen,
			    pool + c->cont, c->contlen);
		} else
			sec_add(o, &cap, c, c->off, c->len, c->level,
			    cand_family(c), pool + c->text, c->textlen,
			    pool + c->cont, c->contlen);
	}
	for (i = 0; i < o->nsec; i++) {
		struct outline_section	*s = &o->sec[i];

		if (i + 1 < o->nsec) {
			s->end = o->sec[i + 1].off;
			cjk = o->secx[i + 1].cjk;
			words = o->secx[i + 1].words;
		} else {
			s->end = o->doc_len > s->off ? o->doc_len : s->off + s->len;
			cjk = o->cjk;
			words = o->words;
		}
		s->minutes = (double)(cjk - o->secx[i].cjk) /
		    OUTLINE_CJK_PER_MIN + (double)(words - o->secx[i].words) /
		    OUTLINE_WORDS_PER_MIN;
	}
}

int
outline_is_markdown(const struct outline *o)
{
	return o != NULL && o->finished && o->is_md;
}

void
outline_finish(struct outline *o, size_t doc_len)
{
	struct profile	p;
	size_t		i, n = 0, np;

	if (o == NULL || o->finished)
		return;
	o->finished = 1;
	o->doc_len = doc_len;
	o->pend_cont = o->pend_next = 0;
	o->is_md = o->md == 1 || (o->md == -1 && o->md_atx >= 2 &&
	    o->md_other >= 1);
	profile(o, &p);
	if (o->has_re) {
		for (i = 0; i < o->nc; i++)
			if (o->c[i].mkind == MK_REGEX) {
				o->c[i].flags |= C_KEEP;
				o->c[i].how = HOW_MARKUP;
				o->c[i].level = 1;
			}
	} else if (!o->none && (n = select_markup(o)) < 2) {
		/* Stage 3 only when the patterns found fewer than two. */
		if ((np = select_patterns(o, (int)n + 1)) < 2) {
			for (i = 0; i < o->nc; i++)
				if (o->c[i].how == HOW_PATTERN) {
					o->c[i].flags &= ~C_KEEP;
					o->c[i].how = HOW_NONE;
				}
			select_guess(o, &p, (int)n + 1);
		}
	}
	build(o);
}

size_t
outline_count(const struct outline *o)
{
	return o != NULL ? o->nsec : 0;
}

const struct outline_section *
outline_get(const struct outline *o, size_t i)
{
	return o != NULL && i < o->nsec ? &o->sec[i] : NULL;
}

ssize_t
outline_at(const struct outline *o, size_t off)
{
	size_t	lo = 0, hi, mid;

	if (o == NULL)
		return -1;
	hi = o->nsec;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (o->sec[mid].off <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (ssize_t)lo - 1;
}

ssize_t
outline_find_heading(const struct outline *o, size_t off)
{
	ssize_t	i = outline_at(o, off);

	return i >= 0 && o->sec[i].off == off ? i : -1;
}

double
outline_minutes_left(const struct outline *o, size_t off, int in_section,
    int cjk_per_min, int words_per_min)
{
	double		cpm, wpm, left, frac;
	size_t		start, end;
	uint64_t	cjk0 = 0, words0 = 0, cjk1, words1;
	ssize_t		i;

	if (o == NULL || !o->finished)
		return 0;
	cpm = cjk_per_min > 0 ? cjk_per_min : OUTLINE_CJK_PER_MIN;
	wpm = words_per_min > 0 ? words_per_min : OUTLINE_WORDS_PER_MIN;
	i = outline_at(o, off);
	start = i < 0 ? 0 : o->sec[i].off;
	if (i >= 0) {
		cjk0 = o->secx[i].cjk;
		words0 = o->secx[i].words;
	}
	if ((size_t)(i + 1) < o->nsec) {
		end = o->sec[i + 1].off;
		cjk1 = o->secx[i + 1].cjk;
		words1 = o->secx[i + 1].words;
	} else {
		end = o->doc_len;
		cjk1 = o->cjk;
		words1 = o->words;
	}
	/* Within a section, by the byte fraction still ahead. */
	if (off < start)
		off = start;
	frac = end > start && off < end ? (double)(end - off) /
	    (double)(end - start) : 0;
	left = frac * ((double)(cjk1 - cjk0) / cpm +
	    (double)(words1 - words0) / wpm);
	if (!in_section)
		left += (double)(o->cjk - cjk1) / cpm +
		    (double)(o->words - words1) / wpm;
	return left;
}
