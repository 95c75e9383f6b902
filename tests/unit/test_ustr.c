/* Unit tests for ustr: decoding, widths (against glibc wcwidth), clusters,
 * break opportunities (WRAPPING.md §4-§6), folding and the sanitiser. */
#define _XOPEN_SOURCE 700
#include <locale.h>
#include <wchar.h>

#include "testutil.h"

#include <utf8proc.h>

#include "ustr.h"
#include "util.h"

/* Decode a whole string, asserting the expected sequence of (length, cp). */
static void
expect_decode(const char *s, size_t n, const size_t *lens, const uint32_t *cps,
    size_t count)
{
	size_t		 i = 0, k = 0;
	uint32_t	 cp;

	while (i < n) {
		size_t l = ustr_decode(s + i, n - i, &cp);
		assert_true(k < count);
		assert_int_equal(l, lens[k]);
		assert_int_equal(cp, cps[k]);
		i += l;
		k++;
	}
	assert_int_equal(k, count);
}

static void
test_decode(void **state)
{
	uint32_t	 cp;
	(void)state;

	/* Degenerate: a lone lead byte at the end of the buffer. */
	assert_int_equal(ustr_decode("\xE4", 1, &cp), 1);
	assert_int_equal(cp, USTR_BAD);
	assert_int_equal(ustr_decode("A", 1, &cp), 1);
	assert_int_equal(cp, 'A');
	assert_int_equal(ustr_decode("\xC3\xA9", 2, &cp), 2);
	assert_int_equal(cp, 0xE9);
	assert_int_equal(ustr_decode("\xE4\xB8\xAD", 3, &cp), 3);
	assert_int_equal(cp, 0x4E2D);
	assert_int_equal(ustr_decode("\xF0\x9F\x91\x8D", 4, &cp), 4);
	assert_int_equal(cp, 0x1F44D);
	assert_int_equal(ustr_decode("\xF4\x8F\xBF\xBF", 4, &cp), 4);
	assert_int_equal(cp, 0x10FFFF);

	{	/* overlong C0 80: two subparts */
		size_t l[] = { 1, 1 };
		uint32_t c[] = { USTR_BAD, USTR_BAD };
		expect_decode("\xC0\x80", 2, l, c, 2);
	}
	{	/* E0 80: overlong, E0 alone is the subpart */
		size_t l[] = { 1, 1, 1 };
		uint32_t c[] = { USTR_BAD, USTR_BAD, 'x' };
		expect_decode("\xE0\x80x", 3, l, c, 3);
	}
	{	/* surrogate ED A0 80: three subparts */
		size_t l[] = { 1, 1, 1 };
		uint32_t c[] = { USTR_BAD, USTR_BAD, USTR_BAD };
		expect_decode("\xED\xA0\x80", 3, l, c, 3);
	}
	{	/* > U+10FFFF, F5, stray continuation */
		size_t l[] = { 1, 1, 1, 1, 1, 1 };
		uint32_t c[] = { USTR_BAD, USTR_BAD, USTR_BAD, USTR_BAD,
		    USTR_BAD, USTR_BAD };
		expect_decode("\xF4\x90\x80\x80\xF5\x80", 6, l, c, 6);
	}
	{	/* truncated 3-byte sequence, then an ESC that survives */
		size_t l[] = { 2, 1, 1 };
		uint32_t c[] = { USTR_BAD, 0x1B, '[' };
		expect_decode("\xE4\xB8\x1B[", 4, l, c, 3);
	}
	{	/* truncated 4-byte sequence cut by the buffer end */
		size_t l[] = { 3 };
		uint32_t c[] = { USTR_BAD };
		expect_decode("\xF0\x9F\x91", 3, l, c, 1);
	}
	{	/* old 5-byte form: every byte its own subpart */
		size_t l[] = { 1, 1, 1, 1, 1 };
		uint32_t c[] = { USTR_BAD, USTR_BAD, USTR_BAD, USTR_BAD,
		    USTR_BAD };
		expect_decode("\xF8\x88\x80\x80\x80", 5, l, c, 5);
	}
}

static void
test_encode(void **state)
{
	char		 buf[4];
	uint32_t	 cp, back;
	(void)state;

	assert_int_equal(ustr_encode(0, buf), 1);
	assert_int_equal(buf[0], 0);
	for (cp = 0; cp <= 0x10FFFF; cp++) {
		if (cp >= 0xD800 && cp <= 0xDFFF)
			continue;
		size_t l = ustr_encode(cp, buf);
		assert_int_equal(ustr_decode(buf, l, &back), l);
		if (back != cp)
			fail_msg("U+%04X round-trips to %X", cp, back);
	}
}

static void
test_repair(void **state)
{
	char	 s[] = "a\xE4\xB8\x1B\xC0\x80\xE4\xB8\xAD\xED\xA0\x80z\xF0\x9F";
	uint32_t cp;
	size_t	 i, n = sizeof s - 1;
	(void)state;

	assert_int_equal(ustr_repair(NULL, 0), 0);
	assert_int_equal(ustr_repair(s, n), 2 + 2 + 3 + 2);
	assert_memory_equal(s, "a\x1A\x1A\x1B\x1A\x1A\xE4\xB8\xAD\x1A\x1A\x1Az"
	    "\x1A\x1A", n);
	for (i = 0; i < n; ) {
		i += ustr_decode(s + i, n - i, &cp);
		assert_int_not_equal(cp, USTR_BAD);
	}
	/* Idempotent: already repaired text is left alone. */
	assert_int_equal(ustr_repair(s, n), 0);
}

/* The strict decoder, byte by byte: what ustr_repair's fast paths must equal. */
static size_t
repair_slow(char *s, size_t n)
{
	size_t		 i = 0, bad = 0, len;
	uint32_t	 cp;

	while (i < n) {
		len = ustr_decode(s + i, n - i, &cp);
		if (cp == USTR_BAD) {
			memset(s + i, USTR_SUB, len);
			bad += len;
		}
		i += len;
	}
	return bad;
}

/* ustr_repair(s[0..n)) equals repair_slow, bytes and count. */
static void
expect_repair_same(const char *s, size_t n)
{
	char	fast[512], slow[512];
	size_t	nf, ns;

	assert_true(n <= sizeof fast);
	memcpy(fast, s, n);
	memcpy(slow, s, n);
	/* Counting first: it must leave s as it is and count what repairing
	 * replaces. */
	if (ustr_count_invalid(fast, n) != repair_slow(slow, n) ||
	    memcmp(fast, s, n) != 0)
		fail_msg("ustr_count_invalid differs from strict repair, or "
		    "changed its input");
	memcpy(slow, s, n);
	nf = ustr_repair(fast, n);
	ns = repair_slow(slow, n);
	if (nf != ns || memcmp(fast, slow, n) != 0) {
		for (size_t i = 0; i < n; i++)
			fprintf(stderr, "%02X%s", (unsigned char)s[i],
			    fast[i] != slow[i] ? "*" : " ");
		fail_msg("fast repair (%zu bad) differs from strict (%zu)", nf, ns);
	}
}

static void
test_repair_fast(void **state)
{
	/* Well-formed characters: CJK (E4), full-width (EF), quotes (E2), E1
	 * and EC leads, ASCII, two-byte (C2, D0, CD), four-byte; then bytes
	 * that break a run. */
	static const char *const good[] = { "\xE4\xB8\xAD", "\xEF\xBC\x8C",
	    "\xE2\x80\x9C", "\xE1\x80\x80", "\xEC\xBF\xBF", "a",
	    "\xE3\x80\x82", "\xC2\xB7", "\xD0\x96", "\xCD\x80",
	    "\xF0\x9F\x98\x80" };
	static const char *const evil[] = { "\x80", "\xBF", "\xC0", "\xC1\xBF",
	    "\xC2", "\xE4", "\xE4\xB8", "\xE4\x7F\x80", "\xE4\xC0\x80",
	    "\xE0\x80\x80", "\xE0\x9F\xBF", "\xE0\xA0\x80", "\xED\xA0\x80",
	    "\xED\x9F\xBF", "\xED\xBF\xBF", "\xEF\xBF", "\xF0\x8F\xBF\xBF",
	    "\xF0\x90\x80\x80", "\xF4\x90\x80\x80", "\xF5\x80\x80\x80",
	    "\xFF", "\x1A", "\xE4\xB8\xAD\xAD", "\xC2\xA0" };
	static const unsigned char pool[] = { 0x00, 'a', '\n', 0x7F, 0x80, 0x8F,
	    0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xE4,
	    0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF3, 0xF4, 0xF5, 0xFF };
	const size_t	 ngood = sizeof good / sizeof good[0];
	const char	*g;
	char		 buf[512], one[512];
	size_t		 n, p, e, k, shift, trial, len;
	unsigned	 seed = 12345;
	(void)state;

	expect_repair_same("", 0);
	/* Runs of 40 good characters (every fifth one another kind), each
	 * evil sequence at every byte position, so at every lane of the words
	 * the fast paths load, after 0..7 ASCII bytes that shift the run
	 * against those words; and each run cut at every length. */
	for (k = 0; k < ngood; k++) {
		for (shift = 0; shift < 8; shift++) {
			memset(buf, 'x', shift);
			for (n = shift, p = 0; p < 40; p++, n += strlen(g)) {
				g = good[(k + (p % 5 == 4)) % ngood];
				memcpy(buf + n, g, strlen(g));
			}
			for (len = 0; len <= n; len++)
				expect_repair_same(buf, len);
			for (e = 0; e < sizeof evil / sizeof evil[0]; e++)
				for (p = 0; p + strlen(evil[e]) <= n; p++) {
					memcpy(one, buf, n);
					memcpy(one + p, evil[e], strlen(evil[e]));
					expect_repair_same(one, n);
				}
		}
	}
	/* Random buffers: bytes at every boundary of the decoder, mixed with
	 * whole characters so that the fast paths get their chance. */
	for (trial = 0; trial < 200000; trial++) {
		seed = seed * 1103515245 + 12345;
		n = (seed >> 16) % 48;
		for (p = 0; p < n; p += len) {
			seed = seed * 1103515245 + 12345;
			k = (seed >> 16) % 64;
			g = good[k % ngood];
			if (k >= sizeof pool && p + strlen(g) <= n) {
				len = strlen(g);
				memcpy(buf + p, g, len);
			} else {
				len = 1;
				buf[p] = (char)pool[k % sizeof pool];
			}
		}
		expect_repair_same(buf, n);
	}
}

/* ustr_dec, the inline decoder, agrees with ustr_decode on every lead
 * followed by bytes at the edges of each range, cut at every length. */
static void
test_dec_inline(void **state)
{
	static const unsigned char follow[] = { 0x00, 0x41, 0x7F, 0x80, 0x8F,
	    0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xFF };
	unsigned char	 s[3];
	uint32_t	 a, b;
	size_t		 i, j, n;
	(void)state;

	for (i = 0; i < 256; i++)
		for (j = 0; j < sizeof follow * sizeof follow; j++)
			for (n = 1; n <= 3; n++) {
				s[0] = (unsigned char)i;
				s[1] = follow[j % sizeof follow];
				s[2] = follow[j / sizeof follow];
				assert_int_equal(ustr_dec((char *)s, n, &a),
				    ustr_decode((char *)s, n, &b));
				assert_int_equal(a, b);
			}
}

static void
test_ambiguous(void **state)
{
	(void)state;
	assert_false(ustr_is_ambiguous(0));
	assert_true(ustr_is_ambiguous(0x201C));	/* “ */
	assert_true(ustr_is_ambiguous(0x2014));	/* — */
	assert_true(ustr_is_ambiguous(0x00B7));	/* · */
	assert_true(ustr_is_ambiguous(0x2026));	/* … */
	assert_true(ustr_is_ambiguous(0xFFFD));
	assert_true(ustr_is_ambiguous(USTR_SUB));
	assert_false(ustr_is_ambiguous(0x4E2D));	/* 中 */
	assert_false(ustr_is_ambiguous('a'));
	assert_false(ustr_is_ambiguous(0x0301));	/* Mn left out */
	assert_false(ustr_is_ambiguous(0xE000));	/* Co left out */
	assert_false(ustr_is_ambiguous(0xFE0F));	/* VS16 */

	assert_int_equal(ustr_ambiguous_wide(), 0);
	assert_int_equal(ustr_width(0x201C), 1);
	ustr_set_ambiguous_wide(1);
	assert_int_equal(ustr_ambiguous_wide(), 1);
	assert_int_equal(ustr_width(0x201C), 2);
	assert_int_equal(ustr_width(USTR_SUB), 2);
	assert_int_equal(ustr_width(0x4E2D), 2);
	assert_int_equal(ustr_width('a'), 1);
	assert_int_equal(ustr_width(0x0301), 0);
	assert_int_equal(ustr_width(0x202E), 8);
	assert_int_equal(ustr_strwidth("\xE2\x80\x9C" "AI\xE2\x80\x9D", 8), 6);
	ustr_set_ambiguous_wide(0);
	assert_int_equal(ustr_width(0x201C), 1);
}

/* Under both policies, for every BMP code point and a sample above it:
 * ustr_width is the width ustr_show draws, and the table layout reads
 * agrees with ustr_width. */
static void
test_width_table(void **state)
{
	const uint8_t	*t;
	char		 buf[16];
	uint32_t	 cp;
	int		 wide, cols;

	(void)state;
	for (wide = 0; wide < 2; wide++) {
		ustr_set_ambiguous_wide(wide);
		t = ustr_width_table();
		for (cp = 0; cp < 0x110000; cp += cp < 0x10000 ? 1 : 37) {
			ustr_show(cp, buf, &cols);
			if (ustr_width(cp) != cols)
				fail_msg("U+%04X policy %d: ustr_width %d, "
				    "shown in %d", cp, wide, ustr_width(cp), cols);
			if (cp < 0x10000 && t[cp] != cols)
				fail_msg("U+%04X policy %d: table %d, shown in "
				    "%d", cp, wide, t[cp], cols);
		}
	}
	ustr_set_ambiguous_wide(0);
	assert_int_equal(ustr_width_table()[0x201C], 1);
	ustr_set_ambiguous_wide(1);
	assert_int_equal(ustr_width_table()[0x201C], 2);
	ustr_set_ambiguous_wide(0);
}

static void
test_width(void **state)
{
	static const struct {
		uint32_t cp;
		int	 w;
	} cases[] = {
		{ 0x00, 2 }, { 0x01, 2 }, { 0x1B, 2 }, { 0x7F, 2 },
		{ '\t', USTR_TAB_COLS }, { '\n', 0 }, { '\r', 2 },
		{ USTR_SUB, 1 }, { USTR_BAD, 1 }, { 0x80, 8 }, { 0x9B, 8 },
		{ 'a', 1 }, { 0x00A0, 1 }, { 0x00AD, 1 }, { 0x00E9, 1 },
		{ 0x0301, 0 }, { 0x200B, 0 }, { 0x200D, 0 }, { 0xFE0F, 0 },
		{ 0xFEFF, 0 }, { 0x1160, 0 }, { 0x11A8, 0 }, { 0x1100, 2 },
		{ 0x4E2D, 2 }, { 0x3000, 2 }, { 0xFF0C, 2 }, { 0xAC00, 2 },
		{ 0x201C, 1 }, { 0x2014, 1 }, { 0x1F44D, 2 }, { 0x1F3FD, 2 },
		{ 0x20000, 2 }, { 0x202E, 8 }, { 0x2066, 8 }, { 0x061C, 8 },
		{ 0x2028, 8 }, { 0x2029, 8 }, { 0xE0001, 9 }, { 0xE0041, 9 },
		{ 0xFDD0, 8 }, { 0xFFFE, 8 }, { 0x10FFFF, 10 }, { 0xE000, 8 },
		{ 0x0378, 8 }, { 0xD800, 8 }, { 0x0903, 1 }, { 0x0600, 1 },
		{ 0x4DC0, 2 },
	};
	(void)state;

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		if (ustr_width(cases[i].cp) != cases[i].w)
			fail_msg("ustr_width(U+%04X) = %d, want %d",
			    cases[i].cp, ustr_width(cases[i].cp), cases[i].w);
	assert_int_equal(ustr_strwidth(NULL, 0), 0);
	assert_int_equal(ustr_strwidth("", 0), 0);
	assert_int_equal(ustr_strwidth("abc", 3), 3);
	assert_int_equal(ustr_strwidth("\xE4\xB8\xAD\xE6\x96\x87", 6), 4);
	/* café with a combining acute, an invalid byte, a control, a join */
	assert_int_equal(ustr_strwidth("cafe\xCC\x81", 6), 4);
	assert_int_equal(ustr_strwidth("\xE4\x01\n", 3), 1 + 2 + 0);
	/* 👍🏽 = 4, the ZWJ family = 6 (sums, as ncurses) */
	assert_int_equal(ustr_strwidth("\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD", 8), 4);
	assert_int_equal(ustr_strwidth("\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F"
	    "\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7", 18), 6);
}

/* Widths agree with glibc wcwidth() wherever juan draws the character
 * itself (or nothing, for U+FEFF); where it draws a notation instead, only these differ: NUL (^@),
 * the bidi controls (<U+202E>) and private use (<U+E000>). */
static void
test_width_wcwidth(void **state)
{
	char		*text, buf[16];
	size_t		 n = 0, i;
	uint32_t	 cp;
	int		 cols, notation = 0, compared = 0;
	(void)state;

	/* glibc has C.UTF-8 built in (2.35+); tests/run.sh sets it too */
	assert_non_null(setlocale(LC_ALL, "C.UTF-8"));
	for (cp = 0; cp < 0x10000; cp++) {
		int w;
		if (cp >= 0xD800 && cp <= 0xDFFF)
			continue;
		if ((w = wcwidth((wchar_t)cp)) < 0)
			continue;
		if (ustr_show(cp, buf, &cols) == USTR_SHOW_NOTATION) {
			if (!(cp == 0 || (cp >= 0xE000 && cp <= 0xF8FF) ||
			    cp == 0x061C || cp == 0x200E || cp == 0x200F ||
			    (cp >= 0x202A && cp <= 0x202E) ||
			    (cp >= 0x2066 && cp <= 0x2069)))
				fail_msg("U+%04X: wcwidth %d, shown as %s", cp,
				    w, buf);
			notation++;
			continue;
		}
		compared++;
		if (w != ustr_width(cp))
			fail_msg("U+%04X: wcwidth %d, ustr_width %d", cp, w,
			    ustr_width(cp));
	}
	assert_int_equal(notation, 1 + 12 + 6400);
	assert_true(compared > 50000);

	text = test_slurp(TEST_ARTICLE, &n);
	assert_non_null(text);
	for (i = 0; i < n; i += ustr_decode(text + i, n - i, &cp)) {
		ustr_decode(text + i, n - i, &cp);
		if (wcwidth((wchar_t)cp) >= 0)
			assert_int_equal(wcwidth((wchar_t)cp), ustr_width(cp));
	}
	free(text);
	setlocale(LC_ALL, "C");
}

static void
test_show(void **state)
{
	char		 buf[16];
	int		 cols;
	uint32_t	 cp;
	(void)state;

	assert_int_equal(ustr_show(0, buf, &cols), USTR_SHOW_NOTATION);
	assert_string_equal(buf, "^@");
	assert_int_equal(cols, 2);
	assert_int_equal(ustr_show(0x1B, buf, &cols), USTR_SHOW_NOTATION);
	assert_string_equal(buf, "^[");
	assert_int_equal(ustr_show(0x7F, buf, &cols), USTR_SHOW_NOTATION);
	assert_string_equal(buf, "^?");
	assert_int_equal(ustr_show('\r', buf, &cols), USTR_SHOW_NOTATION);
	assert_string_equal(buf, "^M");
	assert_int_equal(ustr_show(0x9B, buf, &cols), USTR_SHOW_NOTATION);
	assert_string_equal(buf, "<U+009B>");
	assert_int_equal(cols, 8);
	assert_int_equal(ustr_show(0x202E, buf, &cols), USTR_SHOW_NOTATION);
	assert_string_equal(buf, "<U+202E>");
	assert_int_equal(ustr_show(0xE0041, buf, &cols), USTR_SHOW_NOTATION);
	assert_string_equal(buf, "<U+E0041>");
	assert_int_equal(cols, 9);
	assert_int_equal(ustr_show(0x10FFFE, buf, &cols), USTR_SHOW_NOTATION);
	assert_string_equal(buf, "<U+10FFFE>");
	assert_int_equal(cols, 10);
	assert_int_equal(ustr_show('\n', buf, &cols), USTR_SHOW_NOTHING);
	assert_string_equal(buf, "");
	assert_int_equal(cols, 0);
	assert_int_equal(ustr_show(0xFEFF, buf, &cols), USTR_SHOW_NOTHING);
	assert_int_equal(ustr_show('\t', buf, &cols), USTR_SHOW_SPACES);
	assert_int_equal(cols, USTR_TAB_COLS);
	assert_int_equal(ustr_show(USTR_SUB, buf, &cols), USTR_SHOW_TEXT);
	assert_string_equal(buf, "\xEF\xBF\xBD");
	assert_int_equal(cols, 1);
	assert_int_equal(ustr_show(USTR_BAD, buf, &cols), USTR_SHOW_TEXT);
	assert_string_equal(buf, "\xEF\xBF\xBD");
	assert_int_equal(ustr_show(0x4E2D, buf, &cols), USTR_SHOW_TEXT);
	assert_string_equal(buf, "\xE4\xB8\xAD");
	assert_int_equal(cols, 2);
	assert_int_equal(ustr_show(0x0301, buf, &cols), USTR_SHOW_TEXT);
	assert_int_equal(cols, 0);

	/* Over every code point, in both policies: cols == ustr_width, the
	 * notation is as wide as its text, and TEXT never carries a control. */
	for (int wide = 0; wide <= 1; wide++) {
		ustr_set_ambiguous_wide(wide);
		for (cp = 0; cp <= 0x10FFFF; cp++) {
			enum ustr_show k = ustr_show(cp, buf, &cols);
			if (cols != ustr_width(cp) || cols < 0)
				fail_msg("U+%04X: show %d, width %d", cp, cols,
				    ustr_width(cp));
			if (k == USTR_SHOW_NOTATION &&
			    (size_t)cols != strlen(buf))
				fail_msg("U+%04X: %s in %d cells", cp, buf,
				    cols);
			if (k == USTR_SHOW_TEXT && (cp < 0x20 || cp == 0x7F ||
			    (cp >= 0x80 && cp < 0xA0) ||
			    (cp >= 0x202A && cp <= 0x202E) ||
			    (cp >= 0x2066 && cp <= 0x2069) ||
			    cp == 0x200E || cp == 0x200F || cp == 0x061C) &&
			    cp != USTR_SUB)
				fail_msg("U+%04X drawn raw", cp);
		}
	}
	ustr_set_ambiguous_wide(0);
}

static void
sanitize_fmt(char *out, size_t size, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	ustr_sanitize_vfmt(out, size, fmt, ap);
	va_end(ap);
}

/* A formatted message is made as safe as a sanitised string, and cut to
 * the buffer at a whole code point. */
static void
test_sanitize_fmt(void **state)
{
	char	out[64];
	(void)state;

	sanitize_fmt(out, sizeof out, "%s: %d %s", "a\x1B]0;x\x07", 42,
	    "\xFF\xE4\xB8\xAD");
	assert_string_equal(out, "a^[]0;x^G: 42 \xEF\xBF\xBD\xE4\xB8\xAD");
	sanitize_fmt(out, 5, "%s", "\xE4\xB8\xAD\xE6\x96\x87");
	assert_string_equal(out, "\xE4\xB8\xAD");
	sanitize_fmt(out, 7, "%s\x1B", "abcde");
	assert_string_equal(out, "abcde");
}

static void
test_sanitize(void **state)
{
	char	 out[64];
	const char in[] = "a\x1B]0;x\x07\xC2\x9B\xE2\x80\xAE\xFF\n\t\xE4\xB8\xAD";
	(void)state;

	assert_int_equal(ustr_sanitize("", 0, out, sizeof out), 0);
	assert_string_equal(out, "");
	assert_int_equal(ustr_sanitize("x", 1, NULL, 0), 1);
	assert_int_equal(ustr_sanitize(in, sizeof in - 1, out, sizeof out),
	    strlen("a^[]0;x^G<U+009B><U+202E>\xEF\xBF\xBD^J    \xE4\xB8\xAD"));
	assert_string_equal(out,
	    "a^[]0;x^G<U+009B><U+202E>\xEF\xBF\xBD^J    \xE4\xB8\xAD");
	/* Truncation keeps whole code points and still returns the need. */
	assert_int_equal(ustr_sanitize("\xE4\xB8\xAD\xE6\x96\x87", 6, out, 5),
	    6);
	assert_string_equal(out, "\xE4\xB8\xAD");
	assert_int_equal(ustr_sanitize("\x1B", 1, out, 2), 2);
	assert_string_equal(out, "");
	/* Paragraph text: the same, but a '\n' is a join and shows as
	 * nothing. */
	assert_int_equal(ustr_show_text(in, sizeof in - 1, out, sizeof out),
	    strlen("a^[]0;x^G<U+009B><U+202E>\xEF\xBF\xBD    \xE4\xB8\xAD"));
	assert_string_equal(out,
	    "a^[]0;x^G<U+009B><U+202E>\xEF\xBF\xBD    \xE4\xB8\xAD");
}

/* Every cluster boundary of s, as a string of '|' and '.' per byte. */
static void
expect_clusters(const char *s, const char *want)
{
	size_t	 n = strlen(s), pos = 0, end;
	char	 got[256];

	memset(got, '.', n);
	got[n] = '\0';
	while (pos < n) {
		end = ustr_cluster_end(s, n, pos);
		assert_true(end > pos && end <= n);
		got[pos] = '|';
		for (size_t q = pos; q < end; q++)
			assert_int_equal(ustr_cluster_start(s, n, q), pos);
		pos = end;
	}
	assert_string_equal(got, want);
}

static void
test_clusters(void **state)
{
	char	*big;
	size_t	 n, pos, end, count;
	(void)state;

	assert_int_equal(ustr_cluster_end(NULL, 0, 0), 0);
	assert_int_equal(ustr_cluster_end("a", 1, 1), 1);
	assert_int_equal(ustr_cluster_start(NULL, 0, 0), 0);
	assert_int_equal(ustr_cluster_start("ab", 2, 0), 0);
	expect_clusters("ab", "||");
	/* e + combining acute; 中 */
	expect_clusters("e\xCC\x81\xE4\xB8\xAD", "|..|..");
	/* a, 👨‍👩‍👧, b */
	expect_clusters("a\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80"
	    "\x8D\xF0\x9F\x91\xA7" "b", "||.................|");
	/* two flags: 🇨🇳🇯🇵 */
	expect_clusters("\xF0\x9F\x87\xA8\xF0\x9F\x87\xB3\xF0\x9F\x87\xAF\xF0"
	    "\x9F\x87\xB5", "|.......|.......");
	/* SUB and the join stand alone even before a mark */
	expect_clusters("a\x1A\xCC\x81\n\xCC\x81", "|||.||.");
	/* CR LF stays apart: LF is a join of its own */
	expect_clusters("\r\n", "||");
	/* か + voicing mark (U+3099), then kana */
	expect_clusters("\xE3\x81\x8B\xE3\x82\x99\xE3\x81\x8B", "|.....|..");
	/* Hangul jamo L V T make one syllable */
	expect_clusters("\xE1\x84\x80\xE1\x85\xA1\xE1\x86\xA8" "a",
	    "|........|");
	/* an ill-formed subpart is a cluster of its own */
	expect_clusters("a\xE4\xB8" "b", "||.|");

	/* 10,000 marks on one base: bounded clusters, consistent starts */
	n = 1 + 2 * 10000;
	big = malloc(n);
	assert_non_null(big);
	big[0] = 'e';
	for (size_t i = 1; i < n; i += 2)
		memcpy(big + i, "\xCC\x81", 2);
	count = 0;
	for (pos = 0; pos < n; pos = end) {
		end = ustr_cluster_end(big, n, pos);
		assert_true(end > pos && end - pos <= 2 * 256 + 4);
		/* every byte finds the same start walking back */
		for (size_t q = pos; q < end; q++)
			assert_int_equal(ustr_cluster_start(big, n, q), pos);
		count++;
	}
	assert_true(count > 1 && count < 200);
	free(big);
}

static void
test_classes(void **state)
{
	(void)state;
	assert_false(ustr_is_cjk(0));
	assert_true(ustr_is_cjk(0x4E2D));
	assert_true(ustr_is_cjk(0x3042));
	assert_true(ustr_is_cjk(0xAC00));
	assert_true(ustr_is_cjk(0xFF0C));
	assert_true(ustr_is_cjk(0x20000));
	assert_false(ustr_is_cjk(0x201C));
	assert_false(ustr_is_cjk('a'));

	assert_false(ustr_is_no_start(0));
	assert_true(ustr_is_no_start(0xFF0C));	/* ， */
	assert_true(ustr_is_no_start(0x3002));	/* 。 */
	assert_true(ustr_is_no_start(','));
	assert_true(ustr_is_no_start(0x201D));	/* ” */
	assert_true(ustr_is_no_start(0x2014));	/* — */
	assert_true(ustr_is_no_start(0x3083));	/* ゃ */
	assert_true(ustr_is_no_start(0x31F5));
	assert_true(ustr_is_no_start(0xFF6F));
	assert_true(ustr_is_no_start(0xFF0F));	/* ／ */
	assert_false(ustr_is_no_start(0x201C));
	assert_false(ustr_is_no_start(0x4E2D));

	assert_false(ustr_is_no_end(0));
	assert_true(ustr_is_no_end(0x201C));	/* “ */
	assert_true(ustr_is_no_end(0x300C));	/* 「 */
	assert_true(ustr_is_no_end('('));
	assert_true(ustr_is_no_end(0xFF0F));
	assert_false(ustr_is_no_end('/'));
	assert_false(ustr_is_no_end(0x201D));

	assert_false(ustr_is_hang(0));
	assert_true(ustr_is_hang(0x3002));
	assert_true(ustr_is_hang(','));
	assert_false(ustr_is_hang(0xFF1F));	/* ？ */

	assert_false(ustr_is_space(0));
	assert_true(ustr_is_space(' '));
	assert_true(ustr_is_space('\t'));
	assert_true(ustr_is_space(0x3000));
	assert_true(ustr_is_space(0x00A0));
	assert_false(ustr_is_space('\n'));
	assert_false(ustr_is_space(0x2003));
}

/* s with a '|' before each byte where a line may end. */
static char *
mark_breaks(const char *s, int glue)
{
	struct ustr_break_opts o = { glue };
	size_t	 n = strlen(s), k = 0;
	char	*brk = malloc(n + 1), *out = malloc(2 * n + 1);

	assert_non_null(brk);
	assert_non_null(out);
	memset(brk, 7, n);
	ustr_breaks(s, n, &o, brk);
	for (size_t i = 0; i < n; i++) {
		assert_true(brk[i] == 0 || brk[i] == 1);
		if (brk[i])
			out[k++] = '|';
		out[k++] = s[i];
	}
	out[k] = '\0';
	free(brk);
	return out;
}

#define BREAKS(glue, want) do {						\
	char *w_ = strdup(want), *s_ = strdup(want), *d_ = s_, *g_;	\
	for (const char *p_ = w_; *p_; p_++)				\
		if (*p_ != '|')						\
			*d_++ = *p_;					\
	*d_ = '\0';							\
	g_ = mark_breaks(s_, glue);					\
	assert_string_equal(g_, w_);					\
	free(g_);							\
	free(s_);							\
	free(w_);							\
} while (0)

/* A re-joined line break: zero width next to Chinese and Japanese, after
 * opening and before closing or pause punctuation, and at a dash; a space
 * between Latin words and between Hangul words. */
static char
join_of(const char *before, uint32_t next)
{
	return ustr_join(before, strlen(before), next);
}

static void
test_join(void **state)
{
	(void)state;
	assert_int_equal(join_of("中", 0x6587), '\n');	/* 中 文 */
	assert_int_equal(join_of("word", 0x6587), '\n');	/* Latin, 文 */
	assert_int_equal(join_of("文", 'A'), '\n');
	assert_int_equal(join_of("word", 'w'), ' ');
	assert_int_equal(join_of("end.", 'T'), ' ');
	assert_int_equal(join_of("한", 0xAD6D), ' ');		/* 한 국 */
	assert_int_equal(join_of("word ", 'w'), '\n');
	assert_int_equal(join_of("\u3000", 'w'), '\n');
	assert_int_equal(join_of("\u2014", 0x2014), '\n');	/* — — */
	assert_int_equal(join_of("\u2014", 'a'), '\n');
	assert_int_equal(join_of("word", ','), '\n');		/* word , */
	assert_int_equal(join_of("word", 0x201D), '\n');	/* word ” */
	assert_int_equal(join_of("\u201C", 'A'), '\n');	/* “ A */
	assert_int_equal(join_of("(", 'a'), '\n');
	assert_int_equal(join_of("a", '('), ' ');
	/* Text wrapped by count: a Latin word cut after Chinese. */
	assert_int_equal(join_of("的\u201CA", 'I'), '\n');
	assert_int_equal(join_of("AI\uFF08A", 'I'), '\n');	/* full-width ( */
	/* Only the end of the line before counts. */
	assert_int_equal(join_of("中\nword", 'w'), ' ');
	assert_int_equal(join_of("中 a long Latin tail", 'w'), ' ');
	assert_int_equal(join_of("\xff", 'w'), ' ');		/* invalid byte */
	assert_int_equal(join_of("", 'w'), ' ');
}

static void
test_breaks_degenerate(void **state)
{
	char	 brk[4] = { 9, 9, 9, 9 };
	(void)state;

	ustr_breaks(NULL, 0, NULL, brk);
	ustr_breaks("", 0, NULL, brk);
	assert_int_equal(brk[0], 9);
	ustr_breaks("a", 1, NULL, brk);
	assert_int_equal(brk[0], 0);
	ustr_breaks("\n\n", 2, NULL, brk);
	assert_int_equal(brk[0], 0);
	assert_int_equal(brk[1], 0);
	BREAKS(0, "\xE4\xB8\x80");
}

static void
test_breaks_rules(void **state)
{
	(void)state;
	/* plain ideographs: everywhere */
	BREAKS(0, "一|二|三|四");
	/* rule 3: no break before ， 。 」 ） ” */
	BREAKS(0, "一|二|三|四|五，|六|七");
	BREAKS(0, "一|二|三|四。|五");
	BREAKS(0, "一|二|三|四|好。」|后");
	BREAKS(0, "一|二,|英|文");
	/* rule 4: no break after “ 「 （ */
	BREAKS(0, "一|二|「五」|六");
	BREAKS(0, "一|（五）|六");
	/* rule 2: quote relaxation, both sides */
	BREAKS(0, "他|说：|“你|好。”");
	BREAKS(0, "舆|论|的|“AI|教|父”|们");
	BREAKS(0, "一|“二”|三");
	/* rule 5 and strict: —— and …… never split, never start a line */
	BREAKS(0, "一|二|三|四——|五");
	BREAKS(0, "一|二|三|四……|五");
	BREAKS(0, "这|是——");
	/* rules 6 and 7: words, e.g., domains, versions */
	BREAKS(0, "see |e.g. |this");
	BREAKS(0, "见|https://|example.com/|path");
	BREAKS(0, "我|们|使|用|Python|语|言");
	BREAKS(0, "v1.2 |ok");
	/* numbers: UAX #14 keeps 3.14, 50%, 1,000; rule 8 is an option */
	BREAKS(0, "约|3.14|元");
	BREAKS(0, "增|长|50%|以|上");
	BREAKS(0, "共|1,000,000|人");
	BREAKS(0, "市|值|达|到|560|亿|美|元");
	BREAKS(1, "市|值|达|到|560亿|美|元");
	BREAKS(1, "2024年|的");
	/* interpunct and the full-width solidus */
	BREAKS(0, "埃|隆·|马|斯|克");
	BREAKS(0, "诗|句|一／诗|句|二");
	BREAKS(0, "主|义|(e/|acc)|最");
	/* small kana, ー, iteration marks */
	BREAKS(0, "ちょっ|と|待っ|て|く|だ|さ|い。");
	BREAKS(0, "コー|ヒー");
	BREAKS(0, "人々|が");
	/* Hangul syllables and ideographs above U+FFFF (general path) */
	BREAKS(0, "한|국|어 |문|장");
	BREAKS(0, "𠀀|𠀁，|中");
	BREAKS(0, "中|a|中");
	BREAKS(0, "第|1|章");
	BREAKS(0, "（注）|中");
	/* a lone CR is a mandatory break: allowed after it */
	BREAKS(0, "中\r|中");
	/* U+3000 pairs stay together; a space ends a Latin piece */
	BREAKS(0, "　　|第|一");
	BREAKS(0, "hello |world |foo");
}

static void
test_breaks_clusters(void **state)
{
	(void)state;
	/* no break inside a cluster */
	BREAKS(0, "cafe\xCC\x81 |cafe\xCC\x81");
	BREAKS(0, "好|\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD|好");
	BREAKS(0, "a|\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D"
	    "\xF0\x9F\x91\xA7|b");
	BREAKS(0, "\xE3\x81\x8B\xE3\x82\x99|\xE3\x81\x8B");
	/* the join is invisible: breaks as if it were not there */
	BREAKS(0, "中\n|文");
	BREAKS(0, "中\n，|文");
	BREAKS(0, "中|“\n文");
	BREAKS(0, "e.\ng.");
	BREAKS(0, "\n中|文\n");
	/* USTR_SUB: breaks around it, kinsoku still holds */
	BREAKS(0, "中|\x1A|文");
	BREAKS(0, "a|\x1A|b");
	BREAKS(0, "中|\x1A，|文");
	/* ... but not where a space keeps UAX #14's context */
	BREAKS(0, "《 \x1A|中");
	BREAKS(0, "中|\x1A |中");
}

/* Properties over the project's article: breaks only at cluster starts, never
 * at 0, never before a NO_START or after a NO_END character. */
static void
test_breaks_article(void **state)
{
	char	*text, *brk;
	size_t	 n = 0, pos, end, nbreaks = 0;
	uint32_t cp, pc = 0;
	(void)state;

	text = test_slurp(TEST_ARTICLE, &n);
	assert_non_null(text);
	brk = malloc(n);
	assert_non_null(brk);
	ustr_breaks(text, n, NULL, brk);
	assert_int_equal(brk[0], 0);
	for (pos = 0; pos < n; pos = end) {
		end = ustr_cluster_end(text, n, pos);
		for (size_t q = pos + 1; q < end; q++)
			assert_int_equal(brk[q], 0);
		ustr_decode(text + pos, n - pos, &cp);
		if (brk[pos]) {
			nbreaks++;
			assert_false(ustr_is_no_start(cp));
			assert_false(ustr_is_no_end(pc));
		}
		pc = cp;
	}
	assert_true(nbreaks > n / 6);
	free(brk);
	free(text);
}

static void
expect_fold(const char *s, int casefold, const char *want,
    const size_t *wantmap)
{
	size_t	 n = strlen(s), len, *map;
	char	*f = ustr_fold(s, n, casefold, &len, &map);

	assert_int_equal(len, strlen(want));
	assert_memory_equal(f, want, len);
	assert_int_equal(f[len], '\0');
	assert_int_equal(map[len], n);
	if (wantmap != NULL)
		for (size_t k = 0; k < len; k++)
			assert_int_equal(map[k], wantmap[k]);
	free(map);
	free(f);
}

static void
test_fold(void **state)
{
	size_t	 len;
	char	*f;
	(void)state;

	f = ustr_fold("", 0, 1, &len, NULL);
	assert_int_equal(len, 0);
	assert_string_equal(f, "");
	free(f);
	{
		size_t m[] = { 0, 3 };
		expect_fold("ＡＩ", 1, "ai", m);
		expect_fold("ＡＩ", 0, "AI", m);
	}
	{
		size_t m[] = { 0, 3 };
		expect_fold("１２", 1, "12", m);
	}
	expect_fold("a，b", 1, "a,b", (size_t[]){ 0, 1, 4 });
	expect_fold("AbC", 1, "abc", NULL);
	/* joins vanish; map keeps source offsets */
	{
		size_t m[] = { 0, 0, 0, 3, 3, 3, 7, 7, 7, 10, 10, 10 };
		expect_fold("工业\n泡沫", 1, "工业泡沫", m);
	}
	/* SUB becomes U+FFFD; an ill-formed byte too */
	expect_fold("a\x1A", 1, "a\xEF\xBF\xBD", (size_t[]){ 0, 1, 1, 1 });
	expect_fold("\xFF" "b", 1, "\xEF\xBF\xBD" "b", (size_t[]){ 0, 0, 0, 1 });
	/* composition inside a cluster; ﬁ ligature; ß casefolds to ss */
	expect_fold("e\xCC\x81x", 0, "\xC3\xA9x", (size_t[]){ 0, 0, 3 });
	expect_fold("\xEF\xAC\x81", 0, "fi", (size_t[]){ 0, 0 });
	expect_fold("\xC3\x9F", 1, "ss", (size_t[]){ 0, 0 });
	expect_fold("\xC3\x89", 1, "\xC3\xA9", NULL);
	/* ideographic space and circled digit: NFKC */
	expect_fold("\xE3\x80\x80\xE2\x91\xA0", 1, " 1", (size_t[]){ 0, 3 });
}

/* OpenCC's character dictionaries as the build dumps them (Makefile:
 * FOLD_DICTS; opencc_dict -t text: a character, a TAB, characters separated
 * by spaces), read independently of src/ustr_fold.c: the classes of their
 * pairs (union-find) and the reference key of every code point, the
 * smallest of its class. */
static const char *const opencc_dumps[] = {
	"build/opencc/TSCharacters.txt", "build/opencc/STCharacters.txt",
	"build/opencc/TWVariants.txt", "build/opencc/TWVariantsRev.txt",
	"build/opencc/HKVariants.txt", "build/opencc/HKVariantsRev.txt",
};
static uint32_t	*ref_uf;	/* NULL until ref_load */
static size_t	 ref_pairs[6];	/* pairs read from each dump */

static uint32_t
ref_key(uint32_t cp)
{
	while (ref_uf[cp] != cp)
		cp = ref_uf[cp];
	return cp;
}

/* Calls each(a, b) for every pair of dump d; returns the number of pairs. */
static size_t
ref_pairs_of(size_t d, void (*each)(uint32_t, uint32_t))
{
	size_t		 len = 0, i, l, count = 0;
	char		*text = test_slurp(opencc_dumps[d], &len);
	uint32_t	 a = 0, b;
	int		 first = 1;

	assert_non_null(text);	/* built by make (FOLD_DUMPS) */
	for (i = 0; i < len; i += l) {
		l = ustr_decode(text + i, len - i, &b);
		if (b == '\n')
			first = 1;
		else if (b != '\t' && b != ' ') {
			assert_true(b >= 0x3400 && b != USTR_BAD);
			if (first)
				a = b;
			else {
				each(a, b);
				count++;
			}
			first = 0;
		}
	}
	free(text);
	return count;
}

static void
ref_join(uint32_t a, uint32_t b)
{
	a = ref_key(a);
	b = ref_key(b);
	if (a < b)
		ref_uf[b] = a;
	else
		ref_uf[a] = b;
}

static void
ref_load(void)
{
	if (ref_uf != NULL)
		return;
	ref_uf = malloc(0x110000 * sizeof *ref_uf);
	assert_non_null(ref_uf);
	for (uint32_t cp = 0; cp < 0x110000; cp++)
		ref_uf[cp] = cp;
	for (size_t d = 0; d < sizeof opencc_dumps / sizeof opencc_dumps[0]; d++)
		ref_pairs[d] = ref_pairs_of(d, ref_join);
	/* not vacuous: OpenCC 1.1 has about 4,100 TS and 4,000 ST lines */
	assert_true(ref_pairs[0] > 4000 && ref_pairs[1] > 3900);
}

/* utf8proc_map (NFKC, with casefold case folding) of s[0..n), then, if
 * script, every code point replaced by its reference key: what ustr_fold
 * must give. */
static char *
ref_fold_case(const char *s, size_t n, int casefold, int script, size_t *len)
{
	utf8proc_uint8_t *m;
	utf8proc_ssize_t ml;
	char		*out;
	uint32_t	 cp;

	ml = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &m,
	    UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE |
	    (casefold ? UTF8PROC_CASEFOLD : 0));
	assert_true(ml >= 0);
	out = malloc((size_t)ml * 2 + 1);
	assert_non_null(out);
	*len = 0;
	for (size_t i = 0; i < (size_t)ml; ) {
		i += ustr_decode((const char *)m + i, (size_t)ml - i, &cp);
		*len += ustr_encode(script ? ref_key(cp) : cp, out + *len);
	}
	free(m);
	return out;
}

static char *
ref_fold(const char *s, size_t n, int script, size_t *len)
{
	return ref_fold_case(s, n, 1, script, len);
}

/* A character folded alone (a cluster of one code point, which ustr_fold
 * keeps the fold of, by policy) gives the reference under every policy,
 * the policies taken in turns so that each finds the others' folds kept:
 * full-width Ａ (case), 類 U+F9D0 (a compatibility ideograph: NFKC, then
 * the script key 类), half-width ｶ, ﬁ, ㍿ (a fold too long to keep), the
 * substitute byte; and each after a character that folds to one byte
 * (second: where it starts), its bytes mapped there. */
static void
test_fold_memo(void **state)
{
	static const struct {
		const char	*s;
		size_t		 second;
	} cases[] = {
		{ "\xEF\xBC\xA1", 0 }, { "\xEF\xA7\x90", 0 },
		{ "\xEF\xBD\xB6", 0 }, { "\xEF\xAC\x81", 0 },
		{ "\xE3\x8D\xBF", 0 }, { "\x1A", 0 },
		{ "b\xEF\xBC\xA1", 1 }, { "\xEF\xBC\x8C\xEF\xA7\x90", 3 },
	};
	static const int policy[][2] = { { 0, 0 }, { 1, 1 }, { 1, 0 }, { 0, 1 } };
	char		*f, *ref;
	size_t		 len, rl, *map, n, c, k;
	(void)state;

	ref_load();
	for (int round = 0; round < 3; round++)
	for (size_t p = 0; p < 4; p++) {
		ustr_set_script_fold(policy[p][1]);
		for (c = 0; c < sizeof cases / sizeof cases[0]; c++) {
			n = strlen(cases[c].s);
			f = ustr_fold(cases[c].s, n, policy[p][0], &len, &map);
			ref = ref_fold_case(cases[c].s, n, policy[p][0],
			    policy[p][1], &rl);
			if (cases[c].s[0] == '\x1A')	/* SUB: U+FFFD */
				assert_string_equal(f, "\xEF\xBF\xBD");
			else {
				assert_int_equal(len, rl);
				assert_memory_equal(f, ref, len);
			}
			for (k = 0; k < len; k++)
				assert_int_equal(map[k], k > 0 ? cases[c].second : 0);
			free(ref);
			free(map);
			free(f);
		}
	}
	ustr_set_script_fold(0);
}

/* Every cut ustr_fold_cut gives of s[0..n), from every place: at or
 * before it, and the fold from there is the end of the whole fold, map
 * and all. */
static void
expect_cuts(const char *s, size_t n, int casefold)
{
	size_t	 len, tl, *map, *tmap, q, k, j;
	char	*f = ustr_fold(s, n, casefold, &len, &map), *t;

	for (size_t pos = 0; pos <= n; pos++) {
		q = ustr_fold_cut(s, n, pos);
		assert_true(q <= pos);
		t = ustr_fold(s + q, n - q, casefold, &tl, &tmap);
		for (k = 0; k < len && map[k] < q; k++)
			;
		if (tl != len - k || memcmp(t, f + k, tl) != 0)
			fail_msg("cut at %zu (from %zu) of \"%.*s\"", q, pos,
			    (int)n, s);
		for (j = 0; j <= tl; j++)
			assert_int_equal(tmap[j] + q, map[k + j]);
		free(tmap);
		free(t);
	}
	free(map);
	free(f);
}

/* Cuts among ideographs, ASCII, marks that combine with what is before
 * them (é written e + U+0301, a Hangul jamo run), CR LF, a Prepend
 * character (U+0600), joins, an emoji ZWJ sequence, a compatibility
 * ideograph, invalid bytes and the substitute; and over the article. */
static void
test_fold_cut(void **state)
{
	static const char *const cases[] = {
		"工业泡沫ABC终点", "ae\xCC\x81\xE5\xB7\xA5\xCC\x81" "b",
		"\xE1\x84\x80\xE1\x85\xA1\xE1\x86\xA8\xE5\xB7\xA5",
		"x\r\n\xE5\xB7\xA5\r\ny", "\xD8\x80\xE5\xB7\xA5\xD8\x80" "a",
		"\xE5\xB7\xA5\n\n\xE4\xB8\x9A", "\xF0\x9F\x91\xA8\xE2\x80\x8D"
		"\xF0\x9F\x91\xA9\xE5\xB7\xA5", "\xEF\xA7\x90\xE5\xB7\xA5\xEF\xBC\xA1",
		"\xE5\xB7\xFF\xE5\xB7\xA5\x1A\xE4\xB8\x9A\xE4",
	};
	char	*text;
	size_t	 n = 0;
	(void)state;

	for (int script = 0; script < 2; script++) {
		ustr_set_script_fold(script);
		for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++)
			for (int cf = 0; cf < 2; cf++)
				expect_cuts(cases[c], strlen(cases[c]), cf);
	}
	text = test_slurp(TEST_ARTICLE, &n);
	assert_non_null(text);
	expect_cuts(text, n < 3000 ? n : 3000, 1);
	free(text);
	ustr_set_script_fold(0);
}

/* Folding the article equals utf8proc_map(NFKC + casefold) of it, and with
 * the script fold, that with every character replaced by its key. */
static void
test_fold_article(void **state)
{
	char		*text, *f, *ref;
	size_t		 n = 0, len, rl, *map;
	(void)state;

	ref_load();
	text = test_slurp(TEST_ARTICLE, &n);
	assert_non_null(text);
	/* the article is one paragraph per line: fold one line at a time */
	for (int script = 0; script < 2; script++)
	for (char *p = text, *nl; p < text + n; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(text + n - p))) == NULL)
			nl = text + n;
		ustr_set_script_fold(script);
		f = ustr_fold(p, (size_t)(nl - p), 1, &len, &map);
		ref = ref_fold(p, (size_t)(nl - p), script, &rl);
		assert_int_equal(len, rl);
		assert_memory_equal(f, ref, len);
		for (size_t k = 0; k < len; k++) {
			assert_true(map[k] < (size_t)(nl - p));
			if (k > 0)
				assert_true(map[k] >= map[k - 1]);
		}
		assert_int_equal(map[len], (size_t)(nl - p));
		free(ref);
		free(map);
		free(f);
	}
	free(text);
}

static void
expect_same_key(uint32_t a, uint32_t b)
{
	char	 ea[4], eb[4], *fa, *fb;
	size_t	 la, lb;

	fa = ustr_fold(ea, ustr_encode(a, ea), 1, &la, NULL);
	fb = ustr_fold(eb, ustr_encode(b, eb), 1, &lb, NULL);
	if (la != lb || memcmp(fa, fb, la) != 0)
		fail_msg("U+%04X and U+%04X fold apart", (unsigned)a,
		    (unsigned)b);
	free(fa);
	free(fb);
}

/* Script folding against OpenCC's own dictionaries: the two sides of every
 * pair fold alike, and every ideograph (in a pair or not) folds to exactly
 * its reference key, so no class is split and none joined beyond what the
 * pairs join; its forms are exactly its class, in order. */
static const uint32_t ideographs[][2] = {
	{ 0x3400, 0x4DBF }, { 0x4E00, 0x9FFF }, { 0x20000, 0x2F7FF },
	{ 0x2FA20, 0x3134F },
};

static void
test_fold_opencc(void **state)
{
	char		 enc[4], want[4], *f;
	size_t		 len, wl;
	(void)state;

	ref_load();
	ustr_set_script_fold(1);
	for (size_t d = 0; d < sizeof opencc_dumps / sizeof opencc_dumps[0]; d++)
		assert_int_equal(ref_pairs_of(d, expect_same_key),
		    ref_pairs[d]);
	for (size_t r = 0; r < sizeof ideographs / sizeof ideographs[0]; r++)
		for (uint32_t cp = ideographs[r][0]; cp <= ideographs[r][1];
		    cp++) {
			f = ustr_fold(enc, ustr_encode(cp, enc), 1, &len, NULL);
			wl = ustr_encode(ref_key(cp), want);
			if (len != wl || memcmp(f, want, wl) != 0)
				fail_msg("U+%04X folds to %.*s, not U+%04X",
				    (unsigned)cp, (int)len, f,
				    (unsigned)ref_key(cp));
			free(f);
		}
}

static void
test_fold_forms(void **state)
{
	uint8_t		*size = calloc(0x110000, 1);
	uint32_t	 forms[USTR_FORMS_MAX];
	size_t		 n, r;
	uint32_t	 cp;
	(void)state;

	ref_load();
	assert_non_null(size);
	for (r = 0; r < sizeof ideographs / sizeof ideographs[0]; r++)
		for (cp = ideographs[r][0]; cp <= ideographs[r][1]; cp++)
			size[ref_key(cp)]++;
	ustr_set_script_fold(1);
	for (r = 0; r < sizeof ideographs / sizeof ideographs[0]; r++)
		for (cp = ideographs[r][0]; cp <= ideographs[r][1]; cp++) {
			n = ustr_fold_forms(cp, forms);
			if (n != size[ref_key(cp)])
				fail_msg("U+%04X has %zu forms, not %u",
				    (unsigned)cp, n, size[ref_key(cp)]);
			for (size_t i = 0; i < n; i++) {
				assert_int_equal(ref_key(forms[i]),
				    ref_key(cp));
				assert_true(i == 0 || forms[i] > forms[i - 1]);
			}
		}
	assert_int_equal(ustr_fold_forms(0x5E72, forms), 4);	/* 干 */
	assert_int_equal(forms[0], 0x4E7E);			/* 乾 */
	assert_int_equal(forms[1], 0x5E72);
	assert_int_equal(forms[2], 0x5E79);			/* 幹 */
	assert_int_equal(forms[3], 0x69A6);			/* 榦 */
	ustr_set_script_fold(0);
	assert_int_equal(ustr_fold_forms(0x5E79, forms), 1);
	assert_int_equal(forms[0], 0x5E79);
	assert_int_equal(ustr_fold_forms('a', forms), 1);
	free(size);
}

/* The one-to-many forms fold alike both ways, whole words too, the map
 * still points into the text as stored, kana and ASCII are left alone, and
 * with the script fold off every form is itself again. */
static void
test_fold_script(void **state)
{
	static const char *const same[][4] = {
		{ "干", "乾", "幹", "榦" }, { "发", "發", "髮", NULL },
		{ "台", "臺", "颱", "檯" }, { "著", "着", NULL, NULL },
		{ "后", "後", NULL, NULL }, { "里", "裡", "裏", NULL },
		{ "宝玉", "寶玉", NULL, NULL }, { "发展", "發展", NULL, NULL },
		{ "炼", "𫔀", "鍊", NULL },
	};
	char	*a, *b;
	size_t	 al, bl;
	(void)state;

	ustr_set_script_fold(1);
	for (size_t i = 0; i < sizeof same / sizeof same[0]; i++)
		for (size_t j = 1; j < 4 && same[i][j] != NULL; j++) {
			a = ustr_fold(same[i][0], strlen(same[i][0]), 1, &al,
			    NULL);
			b = ustr_fold(same[i][j], strlen(same[i][j]), 1, &bl,
			    NULL);
			assert_int_equal(al, bl);
			assert_memory_equal(a, b, al);
			free(a);
			free(b);
		}
	/* 寶 and 發 fold to 3-byte keys (宝 U+5B9D, 发 U+53D1); 𫔀 (4 bytes)
	 * to 炼 (3); the map keeps the offsets of the text */
	expect_fold("寶玉\n發展", 1, "宝玉发展", (size_t[]){ 0, 0, 0, 3, 3, 3,
	    7, 7, 7, 10, 10, 10 });
	expect_fold("a𫔀b", 1, "a炼b", (size_t[]){ 0, 1, 1, 1, 5 });
	expect_fold("ひらがな、カタカナ。ｶﾀｶﾅ", 1, "ひらがな、カタカナ。カタカナ",
	    NULL);
	expect_fold("Bao Yu", 1, "bao yu", NULL);
	ustr_set_script_fold(0);
	expect_fold("寶玉\n發展", 1, "寶玉發展", NULL);
	expect_fold("乾幹", 1, "乾幹", NULL);
}

static void
test_has_upper(void **state)
{
	(void)state;
	assert_false(ustr_has_upper(NULL, 0));
	assert_false(ustr_has_upper("abc", 3));
	assert_true(ustr_has_upper("aBc", 3));
	assert_false(ustr_has_upper("\xE4\xB8\xAD\xE6\x96\x87", 6));
	assert_true(ustr_has_upper("\xEF\xBC\xA1", 3));	/* Ａ */
	assert_false(ustr_has_upper("\xEF\xBD\x81", 3));	/* ａ */
	assert_true(ustr_has_upper("\xC3\x89", 2));	/* É */
	assert_false(ustr_has_upper("\xC3\xA9\xFF", 3));
}

static void
test_versions(void **state)
{
	const char *v = ustr_versions();
	(void)state;

	assert_non_null(v);
	assert_true(strncmp(v, "utf8proc 2.", 11) == 0);
	assert_non_null(strstr(v, ", libunistring 1."));
	assert_ptr_equal(v, ustr_versions());
}

/* Stepping: next/prev land on code point starts, and a broken sequence is
 * stepped over one byte at a time. */
static void
test_step(void **state)
{
	const char	 s[] = "a中\xE4\xB8" "b\x80" "𝄞";	/* a cut 中: E4 B8 */
	size_t		 n = sizeof s - 1, at;
	uint32_t	 cp;

	(void)state;
	assert_int_equal(ustr_next(s, n, 0), 1);
	assert_int_equal(ustr_next(s, n, 1), 4);
	assert_int_equal(ustr_next(s, n, 4), 6);	/* E4 B8: one piece */
	assert_int_equal(ustr_next(s, n, 5), 6);
	assert_int_equal(ustr_next(s, n, 7), 8);	/* stray 80 */
	assert_int_equal(ustr_next(s, n, 8), 12);
	assert_int_equal(ustr_prev(s, 4), 1);
	assert_int_equal(ustr_prev(s, 6), 4);	/* as ustr_next steps */
	assert_int_equal(ustr_prev(s, 7), 6);
	assert_int_equal(ustr_prev(s, 8), 7);	/* stray 80 */
	assert_int_equal(ustr_prev(s, 12), 8);
	cp = ustr_decode_before(s, 12, &at);
	assert_int_equal(cp, 0x1D11E);
	assert_int_equal(at, 8);
	cp = ustr_decode_before(s, 4, &at);
	assert_int_equal(cp, 0x4E2D);
	assert_int_equal(ustr_clip(s, n, 3), 1);	/* not inside 中 */
	assert_int_equal(ustr_clip(s, n, 4), 4);
	assert_int_equal(ustr_clip(s, n, 11), 8);	/* not inside 𝄞 */
	assert_int_equal(ustr_clip(s, n, 99), n);
	assert_int_equal(ustr_sync(s, n, 1), 1);
	assert_int_equal(ustr_sync(s, n, 2), 6);	/* inside 中, then the cut E4 B8 */
	assert_int_equal(ustr_sync(s, n, 4), 6);	/* past the cut E4 B8 */
	assert_int_equal(ustr_sync(s, n, 7), 8);	/* past the stray 80 */
	assert_int_equal(ustr_sync(s, n, 9), n);
	assert_int_equal(util_hash(UTIL_HASH_INIT, "a", 1), 0xaf63dc4c8601ec8cULL);
	assert_int_equal(util_hash(UTIL_HASH_INIT, "", 0), UTIL_HASH_INIT);
}

/* ustr_tail_fit: whole clusters from the end, as many as fit. */
static void
test_tail_fit(void **state)
{
	const char	*han = "\xe7\x94\xb2\xe4\xb9\x99\xe4\xb8\x99";	/* 甲乙丙 */
	const char	*acc = "ab" "e\xcc\x81";	/* a b e+U+0301 */

	(void)state;
	assert_int_equal(ustr_tail_fit(han, 9, 0), 9);
	assert_int_equal(ustr_tail_fit(han, 9, 1), 9);	/* half a 丙 is none */
	assert_int_equal(ustr_tail_fit(han, 9, 4), 3);
	assert_int_equal(ustr_tail_fit(han, 9, 5), 3);
	assert_int_equal(ustr_tail_fit(han, 9, 6), 0);
	assert_int_equal(ustr_tail_fit(han, 9, 100), 0);
	assert_int_equal(ustr_tail_fit(acc, 5, 1), 2);	/* the cluster whole */
	assert_int_equal(ustr_tail_fit(acc, 5, 2), 1);
	assert_int_equal(ustr_tail_fit("", 0, 3), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_tail_fit),
		cmocka_unit_test(test_encode),
		cmocka_unit_test(test_repair),
		cmocka_unit_test(test_repair_fast),
		cmocka_unit_test(test_dec_inline),
		cmocka_unit_test(test_ambiguous),
		cmocka_unit_test(test_width),
		cmocka_unit_test(test_width_wcwidth),
		cmocka_unit_test(test_width_table),
		cmocka_unit_test(test_show),
		cmocka_unit_test(test_sanitize),
		cmocka_unit_test(test_sanitize_fmt),
		cmocka_unit_test(test_clusters),
		cmocka_unit_test(test_classes),
		cmocka_unit_test(test_join),
		cmocka_unit_test(test_breaks_degenerate),
		cmocka_unit_test(test_breaks_rules),
		cmocka_unit_test(test_breaks_clusters),
		cmocka_unit_test(test_breaks_article),
		cmocka_unit_test(test_fold),
		cmocka_unit_test(test_fold_article),
		cmocka_unit_test(test_fold_memo),
		cmocka_unit_test(test_fold_cut),
		cmocka_unit_test(test_fold_opencc),
		cmocka_unit_test(test_fold_forms),
		cmocka_unit_test(test_fold_script),
		cmocka_unit_test(test_has_upper),
		cmocka_unit_test(test_versions),
		cmocka_unit_test(test_step),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
