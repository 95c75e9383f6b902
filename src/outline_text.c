/* outline_text: character classes and the numeral decoder (SECTIONS.md
 * §2, §8), shared by the line matchers and the selection. */
#define _GNU_SOURCE		/* memmem */
#include <regex.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "outline.h"
#include "outline_int.h"
#include "ustr.h"
#include "util.h"

/* ---------------------------------------------------------------------- */
/* Characters */

/* The last code point of s[0..n), folded like getcp(); its start in *at. */
uint32_t
outline_lastcp(const char *s, size_t n, size_t *at)
{
	size_t	i;

	if (n == 0) {
		*at = 0;
		return 0;
	}
	*at = i = ustr_prev(s, n);
	return getcp(s, n, &i);
}

int
outline_is_blank(uint32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == 0x3000 || cp == 0xA0 ||
	    cp == 0xFEFF;
}

int
outline_is_open_quote(uint32_t cp)
{
	return cp == 0x201C || cp == 0x2018 || cp == 0x300C || cp == 0x300E ||
	    cp == '"';
}

int
outline_is_close_quote(uint32_t cp)
{
	return cp == 0x201D || cp == 0x2019 || cp == 0x300D || cp == 0x300F ||
	    cp == '"' || cp == '\'';
}

/* Ends a sentence or a clause: a heading never ends so (the gate). */
int
outline_is_sentence_end(uint32_t cp)
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

int
outline_is_ascii_alpha(uint32_t cp)
{
	return (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z';
}

/* Where a trailing note marker starts ("〔１２〕", "[3]": an editor's note
 * reference after a title or a sentence), n if there is none. */
size_t
outline_note_marker(const char *s, size_t n)
{
	size_t		end = n, at;
	uint32_t	cp = outline_lastcp(s, end, &at);
	int		digits = 0;

	if (cp != 0x3015 && cp != ']')
		return n;
	for (end = at; end > 0 && digits <= 3; end = at) {
		cp = outline_lastcp(s, end, &at);
		if (cp == 0x3014 || cp == '[')
			return digits > 0 ? at : n;
		if (cp < '0' || cp > '9')
			return n;
		digits++;
	}
	return n;
}

/* The last character, closing quotes and brackets and a note marker
 * skipped: 他说：“好。” ends with 。, "(as a fee.)" with '.', 作。〔１７〕
 * with 。. */
uint32_t
outline_last_unquoted(const char *s, size_t n, size_t *at)
{
	uint32_t	cp;
	size_t		end = outline_note_marker(s, n);

	for (;;) {
		cp = outline_lastcp(s, end, at);
		if ((!outline_is_close_quote(cp) && cp != ')' && cp != ']' &&
		    cp != 0x3011) || *at == 0)
			return cp;
		end = *at;
	}
}

/* A sentence terminator followed by more text (not quotes or blanks). */
int
outline_has_inner_terminator(const char *s, size_t n, size_t from)
{
	size_t		i = from;
	uint32_t	cp;
	int		term = 0;

	while (i < n) {
		cp = getcp(s, n, &i);
		if (term && !is_terminator(cp) && !outline_is_close_quote(cp) &&
		    !outline_is_blank(cp) && cp != ')')
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
	case 0x25CB:	/* ○, typed for 〇 in many e-texts (第一○回) */
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


/* A numeral at s[*i]: ASCII or full-width digits (NUM_ARABIC), or Chinese
 * numerals (NUM_CJK) with 十百千万, digit by digit (一零五 = 105), 两 and the
 * financial forms. Advances *i past it. At most 12 characters, so no
 * overflow; the value is capped at NUM_CAP. */
int
outline_numeral(const char *s, size_t n, size_t *i, int32_t *val)
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
int
outline_roman(const char *s, size_t n, size_t *i, int lower_ok, int32_t *val)
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
	if (m == 0 || (j < n && outline_is_ascii_alpha((unsigned char)s[j])))
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
int
outline_number_word(const char *s, size_t n, size_t *i, int32_t *val)
{
	static const char *const ones[] = { "one", "two", "three", "four",
	    "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
	    "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
	    "eighteen", "nineteen" };
	static const char *const tens[] = { "twenty", "thirty", "forty",
	    "fifty", "sixty", "seventy", "eighty", "ninety" };
	size_t	j = *i, w, k, a;
	int	v = 0;

	for (w = j; w < n && outline_is_ascii_alpha((unsigned char)s[w]); w++)
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
		for (a = w + 1; a < n && outline_is_ascii_alpha((unsigned char)s[a]); a++)
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

