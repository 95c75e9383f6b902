/* outline_match: the shapes of one trimmed line: pattern families and
 * the shape gate (SECTIONS.md §5), stage-3 features (§6), Aozora markup
 * (§4). Markdown's line grammar is block.h's, which doc's paragraphs use
 * too. */
#define _GNU_SOURCE		/* memmem */
#include <regex.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "block.h"
#include "outline.h"
#include "outline_int.h"
#include "ustr.h"
#include "util.h"

/* ---------------------------------------------------------------------- */
/* Stage 2: pattern families */

/* Separates a label from its title. */
static int
is_delim(uint32_t cp)
{
	return outline_is_blank(cp) || cp == ':' || cp == 0x3001 || cp == 0xB7 ||
	    cp == 0x30FB || cp == 0x2014 || cp == '-' || cp == '.' ||
	    cp == '_' || cp == 0x2015;
}

/* Opens a title right after a label: 第一章（上）, 第一章【新生】. */
static int
is_open_bracket(uint32_t cp)
{
	return cp == '(' || cp == '[' || cp == 0x3010 || cp == 0x300A ||
	    cp == 0x3014 || outline_is_open_quote(cp);
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
		if (!outline_is_blank(getcp(l->s, l->n, &k)))
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
	if (outline_numeral(l->s, l->n, &i, num) == NUM_NONE)
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
	    "终章", "終章", "附录", "附錄", "序",
	    /* an article's references: 参考文献, 参考资料, 参考链接 */
	    "参考文献", "参考资料", "参考链接", "參考文獻", "參考資料" };
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
			    !outline_is_blank(outline_lastcp(l->s, p, &at)))
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
	    outline_numeral(l->s, l->n, &i, &num) != NUM_NONE &&
	    after_label(l, i, &m->title)) {
		m->fam = FAM_VOLUME;
		m->num = num;
		return 1;
	}
	switch (peekcp(l->s, l->n, 0)) {
	case 0x5B8C: case 0x5E8F: case 0x6954: case 0x5F15: case 0x524D:
	case 0x540E: case 0x5F8C: case 0x5C3E: case 0x756A: case 0x7EC8:
	case 0x7D42: case 0x9644: case 0x53C2: case 0x53C3:
		/* 完 序 楔 引 前 后 後 尾 番 终 終 附 参 參 */
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
			outline_numeral(l->s, l->n, &i, &num);
		if (!after_label(l, i, &m->title))
			return 0;
		m->fam = FAM_CHAPTER;
		return 1;
	}
	return 0;
}

/* Outline numbering and bare numbers: 一、 （一） 1. 1、 1.1 （1） 一　标题,
 * 12 and 五十六 alone. */
/* A number alone on its line ("12", "XII."): the whole line is the label,
 * the title empty. Returns 1 (matched). */
static int
match_bare_number(const struct line *l, struct match *m, int fam, int32_t num)
{
	m->fam = fam;
	m->num = num;
	m->title = l->n;
	return 1;
}

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
		kind = outline_numeral(l->s, l->n, &i, &num);
		if (kind == NUM_NONE || getcp(l->s, l->n, &i) != ')' ||
		    num > 999)
			return 0;
		if (!after_label(l, i, &m->title))
			m->title = i;	/* the parenthesis delimits: （一）总则 */
		m->fam = kind == NUM_CJK ? FAM_CN2 : FAM_PAREN;
		m->num = num;
		return 1;
	}
	if ((kind = outline_numeral(l->s, l->n, &i, &num)) == NUM_NONE)
		return 0;
	if (i == l->n || (i + 1 == l->n && l->s[i] == '.')) {
		if (num > 9999)
			return 0;
		return match_bare_number(l, m, FAM_BARE, num);
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
		while (cp == '.' && dots < 3 && outline_numeral(l->s, l->n, &k, &part) ==
		    NUM_ARABIC) {
			dots++;
			num = part;
			i = k;
			cp = getcp(l->s, l->n, &k);
		}
		if (i < l->n && !outline_is_blank(cp) && !ustr_is_cjk(cp) &&
		    !(cp == '.' && (k == l->n || outline_is_blank(peekcp(l->s, l->n, k)))))
			return 0;	/* 3.14% and the like */
		m->fam = FAM_DOT2 + dots - 1;
		m->num = num;
		after_label(l, i, &m->title);
		return 1;
	}
	if (cp == '.' || cp == 0x3001) {			/* 1. 1、 */
		if (k < l->n && !outline_is_blank(peekcp(l->s, l->n, k)) &&
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

	for (w = 0; w < l->n && outline_is_ascii_alpha((unsigned char)l->s[w]); w++)
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
	struct line	rest = *l;

	/* "THE PREFACE", "The Epilogue": the article before a keyword. */
	if (l->n > 4 && (memcmp(l->s, "THE ", 4) == 0 ||
	    memcmp(l->s, "The ", 4) == 0)) {
		rest.s += 4;
		rest.n -= 4;
		if ((w = word_in(&rest, kw, 8)) > 0 && w == rest.n) {
			m->title = l->n;
			m->fam = FAM_EN_CHAPTER;
			return 1;
		}
	}
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
		if (!outline_roman(l->s, l->n, &i, 0, &num))
			return 0;
		if (i < l->n && l->s[i] == '.')
			i++;
		if (i != l->n)
			return 0;
		return match_bare_number(l, m, FAM_ROMAN, num);
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
	if (outline_numeral(l->s, l->n, &i, &num) != NUM_ARABIC &&
	    !outline_roman(l->s, l->n, &i, 1, &num) &&
	    !outline_number_word(l->s, l->n, &i, &num))
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

/* The family of a trimmed line that passes the shape gate, FAM_NONE if
 * none; *m holds what the first matching family found. */
int
outline_match_line(const struct line *l, struct match *m)
{
	size_t	i;

	memset(m, 0, sizeof *m);
	m->num = m->vnum = -1;
	for (i = 0; l->width <= GATE_COLS &&
	    i < sizeof matchers / sizeof matchers[0]; i++) {
		memset(m, 0, sizeof *m);
		m->num = m->vnum = -1;
		if (matchers[i](l, m))
			return outline_gate(l, m) ? m->fam : FAM_NONE;
	}
	return FAM_NONE;
}

/* A table-of-contents entry: dotted leaders, then a page number. doc's
 * paragraph rules keep such a line on its own too. */
int
outline_toc_entry(const char *s, size_t n)
{
	size_t		end = n, at;
	uint32_t	cp;
	int		digits = 0, leaders = 0;

	while (end > 0) {
		cp = outline_lastcp(s, end, &at);
		if (cp >= '0' && cp <= '9')
			digits++;
		else
			break;
		end = at;
	}
	while (digits > 0 && end > 0) {
		cp = outline_lastcp(s, end, &at);
		if (cp == '.' || cp == 0x2026 || cp == 0xB7 || cp == 0x22EF ||
		    cp == 0x30FB || cp == '_')
			leaders += cp == 0x2026 ? 2 : 1;
		else if (!outline_is_blank(cp))
			break;
		end = at;
	}
	return leaders >= 3;
}

static int
toc_leader(const struct line *l)
{
	return outline_toc_entry(l->s, l->n);
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
		if (!outline_is_ascii_alpha((unsigned char)s[i])) {
			i++;
			continue;
		}
		for (w = i; w < n && (outline_is_ascii_alpha((unsigned char)s[w]) ||
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
int
outline_gate(const struct line *l, const struct match *m)
{
	size_t		at;
	uint32_t	cp;

	if (l->width > GATE_COLS || toc_leader(l))
		return 0;
	if (m->title >= l->n)
		return 1;
	if (outline_has_inner_terminator(l->s, l->n, m->title))
		return 0;
	cp = outline_last_unquoted(l->s + m->title, l->n - m->title, &at);
	if (!outline_is_sentence_end(cp))
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

/* The first bytes of outline_furniture()'s any[] needles (test_outline checks
 * each needle is found). */
static const unsigned char furniture_first[256] = {
	['!'] = 1, [']'] = 1, [':'] = 1, ['w'] = 1, ['N'] = 1, ['C'] = 1,
	[0xC2] = 1, [0xE5] = 1, [0xE6] = 1, [0xE7] = 1, [0xE8] = 1,
};

/* Furniture: placeholders, links, credits and notices (never headings). */
int
outline_furniture(const struct line *l)
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
int
outline_dialogue(const struct line *l)
{
	size_t	at;

	return outline_is_open_quote(peekcp(l->s, l->n, 0)) &&
	    outline_is_close_quote(outline_lastcp(l->s, outline_note_marker(l->s, l->n), &at));
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

/* A pronoun opening a noun phrase, "我的…之旅", "我们的…": a title's shape,
 * not a sentence's ("我进行…", "这是…"). */
static int
possessive(const struct line *l, size_t i)
{
	static const char de[] = "的", men[] = "们的";

	if (l->n >= i + 3 && memcmp(l->s + i, de, 3) == 0)
		return 1;
	return l->n >= i + 6 && memcmp(l->s + i, men, 6) == 0;
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
			return !possessive(l, cn[k].n);
	for (k = 0; k < sizeof en / sizeof en[0]; k++)
		if (starts_with(l, &en[k]))
			return 1;
	return 0;
}

/* A label of a few characters and a colon alone on its line (优点：,
 * Pros:): it may head a list like a heading, unlike a sentence that ends
 * in a colon to introduce one. */
static int
label_colon(const struct line *l)
{
	size_t		i = 0;
	uint32_t	cp;

	if (l->width > 10)
		return 0;
	while (i < l->n) {
		cp = getcp(l->s, l->n, &i);
		if (cp != ':' && !ustr_is_cjk(cp) && !outline_is_ascii_alpha(cp))
			return 0;
		if (cp == ':' && i < l->n)
			return 0;
	}
	return 1;
}

/* A short ASCII term of one to four words, a name or a command ("docker
 * build", "git-log"): stage 3 takes no line that starts in lower case
 * (code), but a term may head its definition (C_DEFINES). */
int
outline_term_like(const struct line *l)
{
	size_t	i, words = 1;

	if (l->width > 32 || !outline_is_ascii_alpha((unsigned char)l->s[0]))
		return 0;
	for (i = 0; i < l->n; i++) {
		unsigned char	ch = (unsigned char)l->s[i];

		if (ch == ' ') {
			if (l->s[i - 1] == ' ' || ++words > 4)
				return 0;
		} else if (!outline_is_ascii_alpha(ch) && !(ch >= '0' && ch <= '9') &&
		    ch != '-' && ch != '_' && ch != '.')
			return 0;
	}
	return l->s[l->n - 1] != '.';
}

/* A stage-3 candidate and its own features (SECTIONS.md §6), or 0.
 * Sentences and dialogue are rejected here rather than scored -3 and -2:
 * they can never reach the threshold in practice, and rejecting them keeps
 * a novel's dialogue lines out of memory. */
int
outline_s3_features(const struct line *l, int *flags)
{
	size_t		at, i;
	uint32_t	cp, last;
	int		letter = 0;

	if (l->width > S3_COLS)
		return 0;
	last = outline_last_unquoted(l->s, l->n, &at);
	if (outline_is_sentence_end(last) || (last == ':' && !label_colon(l)))
		return 0;	/* a sentence, or it introduces a list */
	if (outline_dialogue(l) || outline_furniture(l) || code_like(l) ||
	    block_is_table_row(l->s, l->n))
		return 0;
	*flags = last == ':' ? C_LABEL_COLON : 0;
	for (i = 0; i < outline_note_marker(l->s, l->n); ) {
		size_t	p = i;

		cp = getcp(l->s, l->n, &i);
		letter |= (ustr_is_cjk(cp) && cp > 0x303F) ||
		    outline_is_ascii_alpha(cp);
		if ((cp == ':' || cp == 0x3001) && p > 0 && i < l->n)
			*flags |= C_TITLE_PUNCT;
	}
	if (!letter)
		return 0;
	if (outline_has_inner_terminator(l->s, l->n, 0))
		*flags |= C_INNER_TERM;
	if (connective(l))
		*flags |= C_CONNECTIVE;
	return 1;
}

/* A paragraph ends here (for the next line's "sits between paragraphs"). */
int
outline_ends_paragraph(const char *s, size_t n)
{
	size_t		at;
	uint32_t	cp = outline_lastcp(s, n, &at);

	return cp == 0x3002 || cp == '!' || cp == '?' || cp == '.' ||
	    outline_is_close_quote(cp);
}

/* ---------------------------------------------------------------------- */
/* Stage 1: Aozora markup */

/* Aozora Bunko annotations: X［＃「X」は大見出し］ and the range form
 * ［＃大見出し］X［＃大見出し終わり］. The level, with the title range. */
int
outline_aozora(const struct line *l, size_t *t0, size_t *t1)
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

