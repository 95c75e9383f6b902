/* markup: hide inline markup in a paragraph's text (see markup.h).
 *
 * Everything here rewrites bytes to the '\n' join or, for the ruby
 * brackets, one three-byte character to another, so the text keeps its
 * length. The Markdown rules are CommonMark's, simplified where a reader
 * cannot tell: a delimiter run opens when the character after it is not
 * blank and closes when the character before it is not blank; '_' never
 * opens or closes inside a word (snake_case); runs pair by equal length.
 * Every search for a closer is bounded (SPAN_MAX), so a paragraph costs
 * O(n * SPAN_MAX) at worst and O(n) in practice.
 */
#define _GNU_SOURCE		/* memmem */
#include <stdint.h>
#include <string.h>

#include "markup.h"
#include "ustr.h"
#include "util.h"

#define SPAN_MAX	4096	/* bytes a closer is looked for after its opener */
#define READING_MAX	(3 * 40)	/* bytes of a ruby reading */
#define BASE_MAX	(3 * 30)	/* bytes from ｜ to 《 */

/* UTF-8 of the notation's characters. */
#define BAR		"\xEF\xBD\x9C"	/* ｜ U+FF5C */
#define READ_OPEN	"\xE3\x80\x8A"	/* 《 U+300A */
#define READ_CLOSE	"\xE3\x80\x8B"	/* 》 U+300B */
#define PAREN_OPEN	"\xEF\xBC\x88"	/* （ U+FF08 */
#define PAREN_CLOSE	"\xEF\xBC\x89"	/* ） U+FF09 */
#define NOTE_OPEN	"\xEF\xBC\xBB\xEF\xBC\x83"	/* ［＃ */
#define NOTE_CLOSE	"\xEF\xBC\xBD"	/* ］ U+FF3D */

static void
hide(char *t, size_t from, size_t to)
{
	memset(t + from, '\n', to - from);
}

/* Mark t[from, to) with style bits, where styles are asked for. */
static void
mark(unsigned char *style, size_t from, size_t to, int bits)
{
	size_t	i;

	if (style != NULL)
		for (i = from; i < to; i++)
			style[i] |= (unsigned char)bits;
}

static int
at(const char *t, size_t n, size_t i, const char *s)
{
	size_t	l = strlen(s);

	return i + l <= n && memcmp(t + i, s, l) == 0;
}

static int
is_blank_byte(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Aozora ----------------------------------------------------------------- */

/* The end of the reading that opens at t[i] (《), after its 》, or 0 when
 * what follows is not a reading: kana only, short, closed. */
static size_t
reading_end(const char *t, size_t n, size_t i)
{
	size_t		j = i + 3, k;
	uint32_t	cp;
	int		kana = 0;

	while (j < n && j - i <= READING_MAX) {
		if (at(t, n, j, READ_CLOSE))
			return kana ? j + 3 : 0;
		if (t[j] == '\n') {
			j++;
			continue;
		}
		k = ustr_dec(t + j, n - j, &cp);
		if (!ustr_is_kana(cp))
			return 0;
		kana = 1;
		j += k;
	}
	return 0;
}

/* The end of the editorial note opening at t[i] (［＃), after its ］, or 0. */
static size_t
note_end(const char *t, size_t n, size_t i)
{
	const char	*c = memmem(t + i, n - i < SPAN_MAX ? n - i : SPAN_MAX,
			    NOTE_CLOSE, 3);

	return c != NULL ? (size_t)(c - t) + 3 : 0;
}

/* Ruby and editorial notes, in one pass. bar is the offset of the last ｜
 * that may still open a base (+1, 0 for none); prev the code point before. */
static int
hide_aozora(char *t, size_t n, int search, unsigned char *style)
{
	size_t		i = 0, e, bar = 0, k;
	uint32_t	cp, prev = 0;
	int		changed = 0;

	while (i < n) {
		if (at(t, n, i, NOTE_OPEN) && (e = note_end(t, n, i)) != 0) {
			hide(t, i, e);
			changed = 1;
			i = e;
			continue;
		}
		if (at(t, n, i, BAR)) {
			bar = i + 1;
			i += 3;
			continue;
		}
		if (at(t, n, i, READ_OPEN) && (bar || ustr_is_han(prev)) &&
		    (e = reading_end(t, n, i)) != 0) {
			if (bar)
				hide(t, bar - 1, bar + 2);
			if (search)
				hide(t, i, e);
			else {
				memcpy(t + i, PAREN_OPEN, 3);
				memcpy(t + e - 3, PAREN_CLOSE, 3);
				mark(style, i, e, MARKUP_READING);
			}
			changed = 1;
			bar = 0;
			prev = 0;
			i = e;
			continue;
		}
		k = ustr_dec(t + i, n - i, &cp);
		if (t[i] != '\n')
			prev = cp;
		if (bar && (ustr_is_space(cp) || i + k - bar > BASE_MAX))
			bar = 0;
		i += k;
	}
	return changed;
}

/* Markdown --------------------------------------------------------------- */

static size_t
run_len(const char *t, size_t n, size_t i)
{
	size_t	j = i;

	while (j < n && t[j] == t[i])
		j++;
	return j - i;
}

static int
is_word_byte(char c)
{
	return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') ||
	    (unsigned char)c >= 0x80;
}

/* The closing backtick run of the code span opening at t[i] (k backticks):
 * its offset, or 0. */
static size_t
code_close(const char *t, size_t n, size_t i, size_t k)
{
	size_t	j, l;

	for (j = i + k; j < n && j - i < SPAN_MAX; j += l) {
		l = 1;
		if (t[j] == '`' && (l = run_len(t, n, j)) == k)
			return j;
	}
	return 0;
}

/* The closer of the emphasis run t[i..i+k): a run of the same character and
 * length after a non-blank, not in a word for '_'; its offset, or 0. Code
 * spans on the way are stepped over: their content is verbatim. */
static size_t
emph_close(const char *t, size_t n, size_t i, size_t k)
{
	size_t	j, l, c;

	for (j = i + k; j < n && j - i < SPAN_MAX; j += l) {
		l = 1;
		if (t[j] == '`') {
			l = run_len(t, n, j);
			if ((c = code_close(t, n, j, l)) != 0)
				l = c + l - j;
			continue;
		}
		if (t[j] != t[i])
			continue;
		l = run_len(t, n, j);
		if (l == k && !is_blank_byte(t[j - 1]) && j > i + k &&
		    !(t[i] == '_' && j + l < n && is_word_byte(t[j + l])))
			return j;
	}
	return 0;
}

/* The ']' that closes the bracket opening at t[i], or 0. */
static size_t
bracket_close(const char *t, size_t n, size_t i, char open, char close)
{
	size_t	j;
	int	depth = 0;

	for (j = i; j < n && j - i < SPAN_MAX; j++) {
		if (t[j] == '\\' && j + 1 < n) {
			j++;
			continue;
		}
		if (t[j] == open)
			depth++;
		else if (t[j] == close && --depth == 0)
			return j;
	}
	return 0;
}

/* A link or image whose text opens at t[i] ('['): hide all but its text.
 * Returns 1 if it was one. */
static int
md_link(char *t, size_t n, size_t i, size_t from, unsigned char *style)
{
	size_t	e, r;

	if ((e = bracket_close(t, n, i, '[', ']')) == 0 || e + 1 >= n)
		return 0;
	if (t[e + 1] == '(')
		r = bracket_close(t, n, e + 1, '(', ')');
	else if (t[e + 1] == '[')
		r = bracket_close(t, n, e + 1, '[', ']');
	else
		return 0;
	if (r == 0)
		return 0;
	hide(t, from, i + 1);
	hide(t, e, r + 1);
	if (from == i)		/* a link, not an image's alt text */
		mark(style, i + 1, e, MARKUP_LINK);
	/* an empty image between two spaces: one space is enough */
	if (e == i + 1 && from > 0 && t[from - 1] == ' ' && r + 1 < n &&
	    t[r + 1] == ' ')
		t[r + 1] = '\n';
	return 1;
}

/* <scheme:...> or <user@host>, no blanks: hide the angle brackets. */
static int
md_autolink(char *t, size_t n, size_t i, unsigned char *style)
{
	size_t	j;
	int	seen = 0;

	for (j = i + 1; j < n && j - i < 512; j++) {
		if (is_blank_byte(t[j]) || t[j] == '<')
			return 0;
		if (t[j] == ':' || t[j] == '@')
			seen = 1;
		if (t[j] == '>') {
			if (!seen || j == i + 1)
				return 0;
			t[i] = t[j] = '\n';
			mark(style, i + 1, j, MARKUP_LINK);
			return 1;
		}
	}
	return 0;
}

/* An emphasis or strikethrough run at t[i]: hide it and its closer. */
static size_t
md_emphasis(char *t, size_t n, size_t i, int *changed, unsigned char *style)
{
	size_t	k = run_len(t, n, i), c;

	if ((t[i] == '~' && k != 2) || k > 3 || i + k >= n ||
	    is_blank_byte(t[i + k]) ||
	    (t[i] == '_' && i > 0 && is_word_byte(t[i - 1])))
		return i + k;
	if ((c = emph_close(t, n, i, k)) == 0)
		return i + k;
	mark(style, i + k, c, t[i] == '~' ? MARKUP_DEL : k == 1 ? MARKUP_EM :
	    k == 2 ? MARKUP_STRONG : MARKUP_EM | MARKUP_STRONG);
	hide(t, i, i + k);
	hide(t, c, c + k);
	*changed = 1;
	return i + k;
}

static int
hide_markdown(char *t, size_t n, unsigned char *style)
{
	size_t	i = 0, k, c;
	int	changed = 0;

	while (i < n) {
		switch (t[i]) {
		case '\\':
			if (i + 1 < n && (unsigned char)t[i + 1] < 0x80 &&
			    strchr("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~",
			    t[i + 1]) != NULL && t[i + 1] != '\0') {
				t[i] = '\n';
				changed = 1;
				i += 2;
				continue;
			}
			break;
		case '`':
			k = run_len(t, n, i);
			if ((c = code_close(t, n, i, k)) != 0) {
				hide(t, i, i + k);
				hide(t, c, c + k);
				mark(style, i + k, c, MARKUP_CODE);
				changed = 1;
				i = c + k;
			} else
				i += k;
			continue;
		case '!':
			if (i + 1 < n && t[i + 1] == '[' &&
			    md_link(t, n, i + 1, i, style)) {
				changed = 1;
				i += 2;
				continue;
			}
			break;
		case '[':
			changed |= md_link(t, n, i, i, style);
			break;
		case '<':
			changed |= md_autolink(t, n, i, style);
			break;
		case '*':
		case '_':
		case '~':
			i = md_emphasis(t, n, i, &changed, style);
			continue;
		}
		i++;
	}
	return changed;
}

/* Does one of the notation's openers start at t[i]? */
static int
opener_at(const char *t, size_t n, size_t i)
{
	return at(t, n, i, READ_OPEN) || at(t, n, i, BAR) ||
	    at(t, n, i, NOTE_OPEN);
}

#ifdef __SSE2__
/* Where the places t[0..n) that may hold an opener start, sixteen at a
 * time: their second and third bytes (80 8A, BD 9C, BC BB), checked
 * through opener_at(). The three memmem calls it replaces took 4.5% of
 * counting a frequent term in a 100 MB book (perf, bench_search
 * --script), every paragraph searched being passed three times. Returns
 * 1 at the first opener, else 0 and in *done where the places left
 * start. */
static int
notation16(const char *t, size_t n, size_t *done)
{
	__m128i		 a, b, m;
	unsigned	 bits;
	size_t		 i, j;

	for (i = 0; n >= 18 && i <= n - 18; i += 16) {
		a = _mm_loadu_si128((const __m128i *)(t + i + 1));
		b = _mm_loadu_si128((const __m128i *)(t + i + 2));
		m = _mm_or_si128(_mm_or_si128(
		    _mm_and_si128(_mm_cmpeq_epi8(a, UTIL_SET8(0x80)),
		    _mm_cmpeq_epi8(b, UTIL_SET8(0x8A))),
		    _mm_and_si128(_mm_cmpeq_epi8(a, UTIL_SET8(0xBD)),
		    _mm_cmpeq_epi8(b, UTIL_SET8(0x9C)))),
		    _mm_and_si128(_mm_cmpeq_epi8(a, UTIL_SET8(0xBC)),
		    _mm_cmpeq_epi8(b, UTIL_SET8(0xBB))));
		for (bits = (unsigned)_mm_movemask_epi8(m); bits != 0;
		    bits &= bits - 1) {
			for (j = 0; !(bits >> j & 1); j++)
				;
			if (opener_at(t, n, i + j))
				return 1;
		}
	}
	*done = i;
	return 0;
}
#endif

int
markup_has_notation(const char *t, size_t n)
{
	size_t	i = 0;

#ifdef __SSE2__
	if (notation16(t, n, &i))
		return 1;
#endif
	for (; i < n; i++)
		if (((unsigned char)t[i] == 0xE3 || (unsigned char)t[i] ==
		    0xEF) && opener_at(t, n, i))
			return 1;
	return 0;
}

int
markup_hide(char *t, size_t n, int flags, unsigned char *style)
{
	int	changed = 0;

	if (t == NULL || n == 0)
		return 0;
	if (style != NULL)
		memset(style, 0, n);
	/* Most paragraphs hold none of the notation's three openers: one
	 * pass rules them out before any decoding. */
	if (markup_has_notation(t, n))
		changed |= hide_aozora(t, n, (flags & MARKUP_SEARCH) != 0,
		    style);
	if (flags & MARKUP_MARKDOWN)
		changed |= hide_markdown(t, n, style);
	return changed;
}
