/* ustr: all Unicode knowledge of juan; UTF-8 decoding and repair are in
 * src/ustr_utf8.c, search-key folding in src/ustr_fold.c, behind the same
 * header (include/ustr.h).
 *
 * Data model: three tables over the BMP, computed at build time from
 * utf8proc, libunistring and the committed East_Asian_Width=A ranges
 * (ustr-tables.inc) by this file compiled with USTR_GENERATOR (src/ustr-gen.c
 * writes them to build/ustr-bmp.inc), so a start costs nothing and no lookup
 * checks that they are ready:
 *   bmp_cell[cp]   how cp is drawn: show kind (enum ustr_show) and cells
 *                  under the narrow ambiguous policy;
 *   bmp_flags[cp]  class bits for wrapping (WRAPPING.md §4-§5) and clusters;
 *   bmp_cols[a][cp] the cells of cp under ambiguous policy a (0 narrow,
 *                  1 wide), from the two above: layout's hot loop and
 *                  ustr_width read it directly.
 * Code points above U+FFFF go through the same functions at run time; none of
 * the wrapping sets lives there.
 *
 * Invariants: ustr_width(cp) == the cols ustr_show(cp) reports, always;
 * ustr_decode consumes >= 1 byte; ustr_cluster_end(s, n, pos) > pos for pos
 * < n, and a cluster never exceeds about 2 * CLUSTER_CUT bytes (a run of
 * 10,000 marks is cut), so every scan here is bounded; ustr_cluster_start
 * agrees with walking forward from 0; '\n', USTR_SUB and each ill-formed
 * subpart are clusters of their own; ustr_breaks gives exactly what UAX #14
 * over the whole paragraph plus the tailoring would (the fuzz target checks
 * this against the slow way); ustr_repair's word-at-a-time path changes
 * exactly the bytes the strict decoder, byte by byte, would (test_ustr
 * checks this).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unilbrk.h>
#include <unistring/version.h>
#include <utf8proc.h>

#include "util.h"
#include "ustr.h"
#include "ustr_int.h"

struct ustr_range {
	uint32_t	lo, hi;
};

#include "ustr-tables.inc"

/* Clusters are cut where they cross a multiple of CLUSTER_CUT bytes (of s)
 * with no certain boundary in the CLUSTER_CUT bytes before: so a cluster is
 * at most about 2 * CLUSTER_CUT bytes, and ustr_cluster_start finds a real
 * boundary within LOOKBACK bytes, consistent with the forward walk. */
#define CLUSTER_CUT	256
#define LOOKBACK	(2 * CLUSTER_CUT + 8)

/* bmp_cell: low 4 bits cells (narrow policy), bits 4-5 enum ustr_show. */
#define CELL_COLS(c)	((c) & 0x0f)
#define CELL_KIND(c)	((enum ustr_show)((c) >> 4))
#define CELL(kind, cols) ((uint8_t)((kind) << 4 | (cols)))

#ifdef USTR_GENERATOR
static uint8_t	 bmp_cell[0x10000];
static uint32_t	 bmp_flags[0x10000];
static uint8_t	 bmp_cols[2][0x10000];
#else
#include "ustr-bmp.inc"
#endif
static int	 amb_wide;

static const struct ustr_range cjk_ranges[] = {
	{ 0x1100, 0x115F }, { 0x2E80, 0x303E }, { 0x3041, 0x33FF },
	{ 0x3400, 0x4DBF }, { 0x4E00, 0x9FFF }, { 0xA960, 0xA97F },
	{ 0xAC00, 0xD7A3 }, { 0xF900, 0xFAFF }, { 0xFE30, 0xFE4F },
	{ 0xFF01, 0xFF60 }, { 0xFFE0, 0xFFE6 }, { 0x20000, 0x3FFFD },
};

static int
in_ranges(uint32_t cp, const struct ustr_range *r, size_t nr)
{
	size_t	lo = 0, hi = nr;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (cp < r[mid].lo)
			hi = mid;
		else if (cp > r[mid].hi)
			lo = mid + 1;
		else
			return 1;
	}
	return 0;
}

/* Shown as a <U+XXXX> code (RELIABILITY.md §2). */
static int
is_code(uint32_t cp, const utf8proc_property_t *pr)
{
	if ((cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) ||
	    cp == 0x200E || cp == 0x200F || cp == 0x061C || cp == 0x2028 ||
	    cp == 0x2029 || (cp >= 0xE0000 && cp <= 0xE007F))
		return 1;
	if ((cp & 0xFFFE) == 0xFFFE || (cp >= 0xFDD0 && cp <= 0xFDEF) ||
	    (cp >= 0xD800 && cp <= 0xDFFF))
		return 1;
	return pr->category == UTF8PROC_CATEGORY_CN ||
	    pr->category == UTF8PROC_CATEGORY_CO;
}

/* Length of "<U+%04X>". */
static int
code_cols(uint32_t cp)
{
	return cp > 0xFFFFF ? 10 : cp > 0xFFFF ? 9 : 8;
}

/* The base width of a printable code point: wcwidth() under glibc 2.36,
 * reproduced from utf8proc so the process locale does not matter. glibc
 * gives one cell to spacing marks (Mc) and to the soft hyphen and the
 * prepended concatenation marks (Arabic number signs), none to Hangul medial
 * vowels and final consonants, and two to the enclosed 3248-324F, the
 * Yijing hexagrams and the wide spacing marks (302E, 302F, 16FF0, 16FF1);
 * utf8proc differs on each. */
static int
text_cols(uint32_t cp, const utf8proc_property_t *pr)
{
	if ((cp >= 0x1160 && cp <= 0x11FF) || (cp >= 0xD7B0 && cp <= 0xD7FF))
		return 0;
	if ((cp >= 0x3248 && cp <= 0x324F) || (cp >= 0x4DC0 && cp <= 0x4DFF) ||
	    cp == 0x302E || cp == 0x302F || cp == 0x16FF0 || cp == 0x16FF1)
		return 2;
	if (cp == 0x00AD || (cp >= 0x0600 && cp <= 0x0605) || cp == 0x06DD ||
	    cp == 0x070F || cp == 0x0890 || cp == 0x0891 || cp == 0x08E2 ||
	    cp == 0x110BD || cp == 0x110CD ||
	    pr->category == UTF8PROC_CATEGORY_MC)
		return 1;
	return pr->charwidth;
}

static uint8_t
cell_compute(uint32_t cp, const utf8proc_property_t *pr)
{
	/* The bulk of the BMP (CJK, Yi, Hangul syllables) has no special case
	 * but the Yijing hexagrams; this keeps start-up short. */
	if (((cp >= 0x3400 && cp <= 0xA4CF) || (cp >= 0xAC00 && cp <= 0xD7A3)) &&
	    !(cp >= 0x4DC0 && cp <= 0x4DFF))
		return pr->category == UTF8PROC_CATEGORY_CN ?
		    CELL(USTR_SHOW_NOTATION, 8) :
		    CELL(USTR_SHOW_TEXT, pr->charwidth);
	if (cp == '\n' || cp == 0xFEFF)
		return CELL(USTR_SHOW_NOTHING, 0);
	if (cp == '\t')
		return CELL(USTR_SHOW_SPACES, USTR_TAB_COLS);
	if (cp == USTR_SUB || cp > 0x10FFFF)
		return CELL(USTR_SHOW_TEXT, 1);		/* U+FFFD */
	if (cp < 0x20 || cp == 0x7F)
		return CELL(USTR_SHOW_NOTATION, 2);
	if (cp >= 0x80 && cp < 0xA0)
		return CELL(USTR_SHOW_NOTATION, 8);
	if (is_code(cp, pr))
		return CELL(USTR_SHOW_NOTATION, code_cols(cp));
	return CELL(USTR_SHOW_TEXT, text_cols(cp, pr));
}

/* Flags that come from utf8proc's grapheme class. */
static uint32_t
bound_flags(const utf8proc_property_t *pr)
{
	if (pr->boundclass == UTF8PROC_BOUNDCLASS_PREPEND)
		return F_PREPEND;
	if (pr->boundclass == UTF8PROC_BOUNDCLASS_OTHER)
		return F_BASE;
	return 0;
}

/* Flags of a code point above U+FFFF (or USTR_BAD), uncached. */
static uint32_t
flags_compute(uint32_t cp)
{
	uint32_t f;

	if (cp > 0x10FFFF)
		cp = 0xFFFD;
	f = bound_flags(utf8proc_get_property((utf8proc_int32_t)cp));
	if (in_ranges(cp, amb_ranges, NELEM(amb_ranges)))
		f |= F_AMB;
	if (in_ranges(cp, cjk_ranges, NELEM(cjk_ranges)))
		f |= F_CJK;
	if (cp >= 0x20000 && cp <= 0x3FFFD)
		f |= F_PLAIN;
	return f;
}

/* May a line end before this character, says UAX #14? libunistring marks a
 * mandatory break on the breaking character itself (CR, FF, NEL, U+2028);
 * for juan, which shows those as codes, it becomes a break opportunity
 * after that character instead. */
static int
lb_ok(char v)
{
	return v == UC_BREAK_POSSIBLE || v == UC_BREAK_HYPHENATION;
}


static inline uint8_t
cell_of(uint32_t cp)
{
	if (cp < 0x10000)
		return bmp_cell[cp];
	return cell_compute(cp, utf8proc_get_property(cp > 0x10FFFF ? 0xFFFD :
	    (utf8proc_int32_t)cp));
}

static inline uint32_t
flags_of(uint32_t cp)
{
	if (cp < 0x10000)
		return bmp_flags[cp];
	if (cp >= 0x20000 && cp <= 0x3FFFD)
		return F_CJK | F_PLAIN | F_BASE;
	return flags_compute(cp);
}

const uint32_t *
ustr_flags_table(void)
{
	return bmp_flags;
}

uint32_t
ustr_flags(uint32_t cp)
{
	return flags_of(cp);
}

void
ustr_set_ambiguous_wide(int wide)
{
	amb_wide = wide != 0;
}

int
ustr_ambiguous_wide(void)
{
	return amb_wide;
}

int
ustr_is_ambiguous(uint32_t cp)
{
	return (flags_of(cp) & F_AMB) != 0;
}

/* Cells from a cell byte and the flags, applying the ambiguous policy. */
static inline int
cols_of(uint32_t cp, uint8_t cell)
{
	int	cols = CELL_COLS(cell);

	if (amb_wide && cols == 1 && CELL_KIND(cell) == USTR_SHOW_TEXT &&
	    (flags_of(cp) & F_AMB))
		cols = 2;
	return cols;
}

#ifdef USTR_GENERATOR
static const uint16_t set_no_start[] = {
	/* pause/stop */
	0x3001, 0x3002, 0xFF0C, 0xFF0E, 0xFF1A, 0xFF1B, 0xFF1F, 0xFF01,
	0xFF61, 0xFF64, 0x203C, 0x2047, 0x2048, 0x2049, 0x002C, 0x002E,
	0x003A, 0x003B, 0x003F, 0x0021,
	/* closing */
	0x2019, 0x201D, 0x0029, 0xFF09, 0x005D, 0xFF3D, 0x007D, 0xFF5D,
	0x3015, 0x3009, 0x300B, 0x300D, 0x300F, 0x3011, 0x3017, 0x3019,
	0x301B, 0x301E, 0x301F, 0x2986, 0xFF60, 0xFF63, 0x00BB,
	/* middle dots, connectors, solidus */
	0x00B7, 0x30FB, 0xFF65, 0x2027, 0x2010, 0x2013, 0x301C, 0x30A0,
	0xFF5E, 0xFF0F,
	/* strict */
	0x2014, 0x2015, 0x2E3A, 0x2E3B, 0x2026, 0x2025, 0x22EF,
	/* Japanese */
	0x3005, 0x303B, 0x309D, 0x309E, 0x30FD, 0x30FE, 0x30FC, 0xFF70,
	0x309B, 0x309C,
	/* small kana (31F0-31FF and FF67-FF6F are ranges, see init) */
	0x3041, 0x3043, 0x3045, 0x3047, 0x3049, 0x3063, 0x3083, 0x3085,
	0x3087, 0x308E, 0x3095, 0x3096, 0x30A1, 0x30A3, 0x30A5, 0x30A7,
	0x30A9, 0x30C3, 0x30E3, 0x30E5, 0x30E7, 0x30EE, 0x30F5, 0x30F6,
};

static const uint16_t set_no_end[] = {
	0x2018, 0x201C, 0x0028, 0xFF08, 0x005B, 0xFF3B, 0x007B, 0xFF5B,
	0x3014, 0x3008, 0x300A, 0x300C, 0x300E, 0x3010, 0x3016, 0x3018,
	0x301A, 0x301D, 0x2985, 0xFF5F, 0xFF62, 0x00AB, 0xFF0F,
};

static const uint16_t set_hang[] = {
	0x3001, 0x3002, 0xFF0C, 0xFF0E, 0x002C, 0x002E, 0xFF61, 0xFF64,
};

static const uint16_t set_pair[] = {
	0x2014, 0x2015, 0x2026, 0x22EF, 0x2025,
};

static const uint16_t set_unit[] = {
	0x5341, 0x767E, 0x5343, 0x4E07, 0x4EBF, 0x5146, 0x5104, 0x842C,
	0x5E74, 0x6708, 0x65E5, 0x53F7, 0x65F6, 0x5206, 0x79D2, 0x4E2A,
	0x5143, 0x500D, 0x5186, 0x6210,
};

/* Kana and ideographs, all UAX #14 class ID; the tailoring sets are taken
 * out afterwards. (Hangul syllables are H2/H3 and take the general path.) */
static const struct ustr_range plain_ranges[] = {
	{ 0x3041, 0x3096 }, { 0x30A1, 0x30FA }, { 0x3400, 0x4DBF },
	{ 0x4E00, 0x9FFF }, { 0xF900, 0xFAFF },
};

/* Where a lone character between two ideographs is common enough to have
 * its UAX #14 answers cached (F_LB_KNOWN): Latin-1, general and CJK
 * punctuation, full-width forms. */
static const struct ustr_range lbcache_ranges[] = {
	{ 0x0000, 0x00FF }, { 0x2000, 0x206F }, { 0x3000, 0x303F },
	{ 0xFF00, 0xFFEF },
};

static void
set_flag(const uint16_t *cps, size_t n, uint32_t flag)
{
	for (size_t i = 0; i < n; i++)
		bmp_flags[cps[i]] |= flag;
}

static void
set_ranges(const struct ustr_range *r, size_t n, uint32_t flag)
{
	for (size_t i = 0; i < n && r[i].lo < 0x10000; i++)
		for (uint32_t cp = r[i].lo; cp <= r[i].hi && cp < 0x10000; cp++)
			bmp_flags[cp] |= flag;
}

/* F_LB_*: ask libunistring once about 一X一 for each X in lbcache_ranges. */
static void
init_lbcache(void)
{
	char	 s[10], p[10];
	size_t	 l;

	memcpy(s, "\xE4\xB8\x80", 3);
	for (size_t i = 0; i < NELEM(lbcache_ranges); i++)
		for (uint32_t cp = lbcache_ranges[i].lo;
		    cp <= lbcache_ranges[i].hi; cp++) {
			if (bmp_flags[cp] & F_PLAIN)
				continue;
			l = ustr_encode(cp, s + 3);
			memcpy(s + 3 + l, "\xE4\xB8\x80", 3);
			u8_possible_linebreaks((const uint8_t *)s, l + 6,
			    "UTF-8", p);
			bmp_flags[cp] |= F_LB_KNOWN;
			if (lb_ok(p[3]))
				bmp_flags[cp] |= F_LB_BEFORE;
			if (lb_ok(p[3 + l]) || p[3] == UC_BREAK_MANDATORY)
				bmp_flags[cp] |= F_LB_AFTER;
		}
}

static void
init_tables(void)
{
	const utf8proc_property_t *pr;
	uint32_t cp;

	for (cp = 0; cp < 0x10000; cp++) {
		pr = utf8proc_get_property((utf8proc_int32_t)cp);
		bmp_cell[cp] = cell_compute(cp, pr);
		bmp_flags[cp] = bound_flags(pr);
	}
	bmp_flags[USTR_SUB] = flags_compute(0xFFFD);
	set_ranges(amb_ranges, NELEM(amb_ranges), F_AMB);
	set_ranges(cjk_ranges, NELEM(cjk_ranges), F_CJK);
	set_ranges(plain_ranges, NELEM(plain_ranges), F_PLAIN);
	set_flag(set_no_start, NELEM(set_no_start), F_NO_START);
	for (cp = 0x31F0; cp <= 0x31FF; cp++)
		bmp_flags[cp] |= F_NO_START;
	for (cp = 0xFF67; cp <= 0xFF6F; cp++)
		bmp_flags[cp] |= F_NO_START;
	set_flag(set_no_end, NELEM(set_no_end), F_NO_END);
	set_flag(set_hang, NELEM(set_hang), F_HANG);
	set_flag(set_pair, NELEM(set_pair), F_PAIR);
	set_flag(set_unit, NELEM(set_unit), F_UNIT);
	for (cp = 0; cp < 0x10000; cp++)
		if (bmp_flags[cp] & (F_NO_START | F_NO_END))
			bmp_flags[cp] &= ~(uint32_t)F_PLAIN;
	bmp_flags[' '] |= F_SPACE;
	bmp_flags['\t'] |= F_SPACE;
	bmp_flags[0x00A0] |= F_SPACE;
	bmp_flags[0x3000] |= F_SPACE | F_NO_BEFORE;
	for (cp = '0'; cp <= '9'; cp++)
		bmp_flags[cp] |= F_ALNUM | F_DIGIT;
	for (cp = 0xFF10; cp <= 0xFF19; cp++)
		bmp_flags[cp] |= F_DIGIT;
	for (cp = 'A'; cp <= 'Z'; cp++)
		bmp_flags[cp] |= F_ALNUM;
	for (cp = 'a'; cp <= 'z'; cp++)
		bmp_flags[cp] |= F_ALNUM;
	init_lbcache();
	bmp_flags['.'] |= F_LB29;
	bmp_flags[','] |= F_LB29;
	bmp_flags[':'] |= F_LB29;
	bmp_flags[';'] |= F_LB29;
	bmp_flags[0x201C] |= F_OPENQ;
	bmp_flags[0x2018] |= F_OPENQ;
	bmp_flags[0x201D] |= F_CLOSEQ;
	bmp_flags[0x2019] |= F_CLOSEQ;
	for (amb_wide = 0; amb_wide < 2; amb_wide++)
		for (cp = 0; cp < 0x10000; cp++)
			bmp_cols[amb_wide][cp] = (uint8_t)cols_of(cp, bmp_cell[cp]);
	amb_wide = 0;
}

/* One C initializer: "{" n numbers "}", a dozen to a line. */
static void
print_numbers(FILE *out, const uint8_t *v8, const uint32_t *v32, size_t n)
{
	fputc('{', out);
	for (size_t i = 0; i < n; i++)
		fprintf(out, "%s%lu,", i % 12 == 0 ? "\n" : "",
		    v8 != NULL ? (unsigned long)v8[i] : (unsigned long)v32[i]);
	fputs("\n}", out);
}

/* The generator's one entry point (src/ustr-gen.c). */
void	ustr_generate(FILE *out);

void
ustr_generate(FILE *out)
{
	init_tables();
	fprintf(out, "/* Generated by build/ustr-gen (src/ustr.c) with "
	    "utf8proc %s; do not edit. */\n", utf8proc_version());
	fputs("static const uint8_t bmp_cell[0x10000] = ", out);
	print_numbers(out, bmp_cell, NULL, 0x10000);
	fputs(";\nstatic const uint32_t bmp_flags[0x10000] = ", out);
	print_numbers(out, NULL, bmp_flags, 0x10000);
	fputs(";\nstatic const uint8_t bmp_cols[2][0x10000] = {", out);
	print_numbers(out, bmp_cols[0], NULL, 0x10000);
	fputc(',', out);
	print_numbers(out, bmp_cols[1], NULL, 0x10000);
	fputs("};\n", out);
}
#endif /* USTR_GENERATOR */

static inline int
width_of(uint32_t cp)
{
	return cp < 0x10000 ? bmp_cols[amb_wide][cp] : cols_of(cp, cell_of(cp));
}

int
ustr_width(uint32_t cp)
{
	return width_of(cp);
}

const uint8_t *
ustr_width_table(void)
{
	return bmp_cols[amb_wide];
}

size_t
ustr_strwidth(const char *s, size_t n)
{
	size_t		 i = 0, w = 0;
	uint32_t	 cp;

	while (i < n) {
		unsigned char b = (unsigned char)s[i];
		if (b >= 0x20 && b < 0x7F) {
			w++;
			i++;
			continue;
		}
		i += ustr_dec(s + i, n - i, &cp);
		w += (size_t)width_of(cp);
	}
	return w;
}

/* A cluster by itself whatever surrounds it. */
static inline int
lone(uint32_t cp)
{
	return cp == '\n' || cp == USTR_SUB || cp == USTR_BAD;
}

static inline int
boundclass(uint32_t cp)
{
	return utf8proc_get_property((utf8proc_int32_t)cp)->boundclass;
}

/* Is there a cluster boundary before s[q] whatever came earlier? s[q] is
 * not a continuation byte, so it starts a code point in any decoding. */
static int
certain_boundary(const char *s, size_t n, size_t q)
{
	uint32_t	 c, d;
	size_t		 p;
	int		 bc, bd;

	if (q == 0)
		return 1;
	ustr_decode(s + q, n - q, &d);
	for (p = q - 1; p > 0 && q - p < 4 &&
	    ((unsigned char)s[p] & 0xC0) == 0x80; p--)
		;
	if (p + ustr_decode(s + p, n - p, &c) != q)
		return 1;		/* an ill-formed subpart ends at q */
	if (lone(c) || lone(d) || d == ' ')
		return 1;		/* a space starts a cluster (see ustr_cluster_end) */
	bc = boundclass(c);
	bd = boundclass(d);
	if (bc == UTF8PROC_BOUNDCLASS_ZWJ &&
	    bd == UTF8PROC_BOUNDCLASS_EXTENDED_PICTOGRAPHIC)
		return 0;		/* GB11 depends on what came before */
	return utf8proc_grapheme_break((utf8proc_int32_t)c,
	    (utf8proc_int32_t)d);
}

/* Is there a certain boundary at a code point start in (lo, hi]? */
static int
anchor_in(const char *s, size_t n, size_t lo, size_t hi)
{
	for (size_t q = hi; q > lo; q--)
		if (((unsigned char)s[q] & 0xC0) != 0x80 &&
		    certain_boundary(s, n, q))
			return 1;
	return 0;
}

size_t
ustr_cluster_end(const char *s, size_t n, size_t pos)
{
	uint32_t	 c, d;
	utf8proc_int32_t state = 0;
	size_t		 end, len, clen;

	if (s == NULL || pos >= n)
		return n;
	clen = ustr_decode(s + pos, n - pos, &c);
	end = pos + clen;
	if (lone(c))
		return end;
	while (end < n) {
		if ((unsigned char)s[end] < 0x80) {
			/* ASCII follows: only a Prepend base holds it, and
			 * never a space (tailored: layout drops a row's
			 * trailing spaces, which must not split a cluster). */
			if (!(flags_of(c) & F_PREPEND) || s[end] <= 0x20 ||
			    s[end] == 0x7F)
				break;
		}
		len = ustr_decode(s + end, n - end, &d);
		if (lone(d) || ((flags_of(d) & F_BASE) &&
		    !(flags_of(c) & F_PREPEND)))
			break;
		if (utf8proc_grapheme_break_stateful((utf8proc_int32_t)c,
		    (utf8proc_int32_t)d, &state))
			break;
		/* end is the first code point past a multiple of CLUSTER_CUT:
		 * cut if no certain boundary lies in the CLUSTER_CUT bytes
		 * before it (none can inside this cluster). */
		if (end / CLUSTER_CUT != (end - clen) / CLUSTER_CUT &&
		    (pos + CLUSTER_CUT <= end ||
		    !anchor_in(s, n, end - CLUSTER_CUT, pos)))
			break;
		c = d;
		clen = len;
		end += len;
	}
	return end;
}

/* The first code point start at or after k * CLUSTER_CUT. */
static size_t
cut_point(const char *s, size_t n, size_t k)
{
	size_t	 q = k * CLUSTER_CUT;

	while (q < n && ((unsigned char)s[q] & 0xC0) == 0x80)
		q++;
	return q;
}

size_t
ustr_cluster_start(const char *s, size_t n, size_t pos)
{
	size_t	 q, limit, end;

	if (s == NULL || pos == 0)
		return 0;
	if (pos >= n)
		return n;
	limit = pos > LOOKBACK ? pos - LOOKBACK : 0;
	for (q = pos; q > limit; q--)
		if (((unsigned char)s[q] & 0xC0) != 0x80 &&
		    certain_boundary(s, n, q))
			break;
	if (q == limit && limit > 0 && (((unsigned char)s[q] & 0xC0) == 0x80 ||
	    !certain_boundary(s, n, q))) {
		/* No certain boundary in LOOKBACK bytes: the last cut point
		 * at or before pos is a boundary. (Only a run of stray
		 * continuation bytes has none; each is a cluster.) */
		q = cut_point(s, n, pos / CLUSTER_CUT);
		if (q > pos)
			q = cut_point(s, n, pos / CLUSTER_CUT - 1);
		if (q > pos)
			q = pos;
	}
	while ((end = ustr_cluster_end(s, n, q)) <= pos)
		q = end;
	return q;
}

size_t
ustr_tail_fit(const char *s, size_t n, size_t cells)
{
	size_t	at = n, prev, w = 0, cw;

	while (at > 0) {
		prev = ustr_cluster_start(s, n, at - 1);
		cw = ustr_strwidth(s + prev, at - prev);
		if (w + cw > cells)
			break;
		w += cw;
		at = prev;
	}
	return at;
}

int
ustr_is_cjk(uint32_t cp)
{
	return (flags_of(cp) & F_CJK) != 0;
}

static int
is_hangul(uint32_t cp)
{
	return (cp >= 0x1100 && cp <= 0x11FF) || (cp >= 0x3130 &&
	    cp <= 0x318F) || (cp >= 0xA960 && cp <= 0xA97F) ||
	    (cp >= 0xAC00 && cp <= 0xD7FF);
}

char
ustr_join(const char *s, size_t i, uint32_t next)
{
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 k = i;
	uint32_t		 prev = 0;

	while (k > 0 && i - k < 4 && (u[k - 1] & 0xC0) == 0x80)
		k--;
	if (k > 0 && ustr_decode(s + k - 1, i - k + 1, &prev) != i - k + 1)
		prev = USTR_BAD;
	if (ustr_is_space(prev) || prev == 0x2014 || prev == 0x2015 ||
	    ustr_is_no_end(prev) || ustr_is_no_start(next))
		return '\n';
	if ((ustr_is_cjk(prev) && !is_hangul(prev)) ||
	    (ustr_is_cjk(next) && !is_hangul(next)))
		return '\n';
	/* Lead bytes of U+3000..9FFF (CJK punctuation, kana, ideographs)
	 * and of the full-width forms U+FF00..FF7F. */
	for (k = i; k > 0 && i - k < 12 && u[k - 1] != '\n' &&
	    u[k - 1] != '\r'; k--)
		if ((u[k - 1] >= 0xE3 && u[k - 1] <= 0xE9) || (u[k - 1] == 0xEF &&
		    k < i && (u[k] == 0xBC || u[k] == 0xBD)))
			return '\n';
	return ' ';
}

int
ustr_is_no_start(uint32_t cp)
{
	return (flags_of(cp) & F_NO_START) != 0;
}

int
ustr_is_no_end(uint32_t cp)
{
	return (flags_of(cp) & F_NO_END) != 0;
}

int
ustr_is_hang(uint32_t cp)
{
	return (flags_of(cp) & F_HANG) != 0;
}

int
ustr_is_space(uint32_t cp)
{
	return (flags_of(cp) & F_SPACE) != 0;
}

int
ustr_is_kana(uint32_t cp)
{
	return (cp >= 0x3041 && cp <= 0x309F) ||	/* hiragana */
	    (cp >= 0x30A0 && cp <= 0x30FF) ||		/* katakana, ー */
	    (cp >= 0x31F0 && cp <= 0x31FF) ||		/* small katakana */
	    (cp >= 0xFF66 && cp <= 0xFF9F);		/* half-width katakana */
}

int
ustr_is_han(uint32_t cp)
{
	return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
	    (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x3FFFF) ||
	    cp == 0x3005 || cp == 0x3006 || cp == 0x3007 ||	/* 々 〆 〇 */
	    cp == 0x30F5 || cp == 0x30F6;			/* ヵ ヶ as in 一ヶ月 */
}

/* WRAPPING.md §4 rules 2-8 at one cluster boundary: a2 and a are the base
 * characters of the two clusters before it, c the one after, nb the last
 * base before it that is not an ASCII space (spaces are dropped at a break,
 * so rule 4 looks through them), ok the UAX #14 answer. */
static int
tailor(int ok, uint32_t a2, uint32_t a, uint32_t nb, uint32_t c, int glue)
{
	uint32_t	 fa = flags_of(a), fc = flags_of(c);

	/* UAX #14 takes USTR_SUB for a control glued to what precedes; juan
	 * lets a line end on either side of it, as of an ideograph, except
	 * next to a space, where UAX #14 knows best (OP SP* ×, × SP). */
	if ((a == USTR_SUB || c == USTR_SUB) && !((fa | fc) & F_SPACE))
		ok = 1;
	if (((fc & F_OPENQ) && (fa & F_CJK)) ||
	    ((fa & F_CLOSEQ) && (fc & F_CJK)))
		ok = 1;
	if ((fc & (F_NO_START | F_NO_BEFORE)) || (flags_of(nb) & F_NO_END))
		return 0;
	if ((fa & F_PAIR) && a == c)
		return 0;
	if (fa & fc & F_ALNUM)
		return 0;
	if ((fa & F_LB29) && (fc & F_ALNUM) && (flags_of(a2) & F_ALNUM))
		return 0;
	if (glue && (fa & F_DIGIT) && (fc & F_UNIT))
		return 0;
	return ok;
}

/* One stretch of text that is not a run of plain characters: UAX #14 and
 * the tailoring for every cluster boundary in (seg, r], where seg is the
 * plain character before the first non-plain one at x (seg == x at the
 * start of the text) and r the end of the next plain character P2 that is a
 * cluster by itself (or m). No UAX #14 rule looks back across a plain
 * character (class ID: its patterns X SP*, NU (SY|IS)*, RI pairs never
 * contain ID), so libunistring needs only [seg, r); for a lone X between two
 * plain characters even that is cached (F_LB_KNOWN). u is zero on entry
 * beyond seg. Returns r; *p2len gets the length of P2, 0 if there is none. */
static size_t
segment(const char *t, size_t m, int glue, char *u, size_t seg, size_t x,
    size_t *p2len)
{
	char		 stack[512], *lb = stack;
	size_t		 i = x, l, ln, r = m, ncp = 0, pos, end;
	int		 mand = 0;
	uint32_t	 cp, d = 0, f, fprev = 0, fx = 0, c, a2 = 0, a = 0, nb = 0;

	*p2len = 0;
	while (i < m) {
		l = ustr_dec(t + i, m - i, &cp);
		f = flags_of(cp);
		if ((f & F_PLAIN) && !(fprev & F_PREPEND)) {
			if (i + l < m)
				ustr_dec(t + i + l, m - i - l, &d);
			if (i + l == m || (flags_of(d) & F_BASE)) {
				r = i + l;
				*p2len = l;
				break;
			}
		}
		if (ncp++ == 0)
			fx = f;
		fprev = f;
		i += l;
	}
	if (seg < x && ncp == 1 && *p2len > 0 && (fx & F_LB_KNOWN)) {
		lb[0] = UC_BREAK_PROHIBITED;
		lb[x - seg] = (fx & F_LB_BEFORE) ? UC_BREAK_POSSIBLE :
		    UC_BREAK_PROHIBITED;
		lb[i - seg] = (fx & F_LB_AFTER) ? UC_BREAK_POSSIBLE :
		    UC_BREAK_PROHIBITED;
	} else {
		if (r - seg > sizeof stack)
			lb = xmalloc(r - seg);
		u8_possible_linebreaks((const uint8_t *)t + seg, r - seg,
		    "UTF-8", lb);
	}

	/* Walk the clusters from seg, whose start is already decided. The
	 * bases before seg matter only to rule 7 after a LB29 mark and to
	 * rule 4 through spaces, and the one at seg is plain. */
	pos = seg;
	l = ustr_dec(t + pos, m - pos, &c);
	while (pos < r) {
		f = flags_of(c);
		end = pos + l;
		ln = end < m ? ustr_dec(t + end, m - end, &d) : 0;
		if (ln && !lone(c) && !((flags_of(d) & F_BASE) &&
		    !(f & F_PREPEND))) {
			end = ustr_cluster_end(t, m, pos);
			ln = end < m ? ustr_dec(t + end, m - end, &d) : 0;
		}
		if (c == USTR_BAD)
			c = USTR_SUB;
		if (pos > seg)
			u[pos] = (char)tailor(lb_ok(lb[pos - seg]) || mand, a2,
			    a, nb, c, glue);
		mand = lb[pos - seg] == UC_BREAK_MANDATORY;
		a2 = a;
		a = c;
		if (c != ' ')
			nb = c;
		pos = end;
		c = d;
		l = ln;
	}
	if (lb != stack)
		free(lb);
	return r;
}

/* Breaks of a paragraph without joins, in u (m bytes). Runs of plain
 * characters (ideographs and kana) are decided here at a few instructions
 * each; everything else goes through segment(). */
static void
breaks_nojoin(const char *t, size_t m, int glue, char *u)
{
	const unsigned char *p;
	size_t		 i = 0, l, pl = 0;
	uint32_t	 cp;

	memset(u, 0, m);
	while (i < m) {
		/* After a plain cluster (or at 0), a plain character may
		 * start a line. */
		if (pl > 0 || i == 0) {
			for (;;) {
				p = (const unsigned char *)t + i;
				if (m - i < 3 || p[0] < 0xE3 || p[0] > 0xEF ||
				    (p[1] & 0xC0) != 0x80 ||
				    (p[2] & 0xC0) != 0x80)
					break;
				cp = (uint32_t)(p[0] & 0x0F) << 12 |
				    (uint32_t)(p[1] & 0x3F) << 6 | (p[2] & 0x3F);
				if (!(bmp_flags[cp] & F_PLAIN))
					break;
				u[i] = 1;
				pl = 3;
				if ((i += 3) == m)
					break;
			}
			if (i == m)
				break;
			l = ustr_dec(t + i, m - i, &cp);
			if (flags_of(cp) & F_PLAIN) {	/* above U+FFFF */
				u[i] = 1;
				pl = l;
				i += l;
				continue;
			}
		}
		i = segment(t, m, glue, u, i - pl, i, &pl);
	}
	u[0] = 0;
}

void
ustr_breaks(const char *s, size_t n, const struct ustr_break_opts *o,
    char *brk)
{
	int		 glue = o != NULL && o->glue_num_unit;
	char		*t, *u;
	size_t		*idx, m = 0, i, pos, end;

	if (s == NULL || n == 0)
		return;
	if (memchr(s, '\n', n) == NULL) {
		breaks_nojoin(s, n, glue, brk);
		return;
	}
	/* A join is invisible: decide on the text without it, then map back
	 * and keep only breaks that are cluster starts of the real text. */
	t = xmalloc(n);
	u = xmalloc(n);
	idx = xreallocarray(NULL, n, sizeof *idx);
	for (i = 0; i < n; i++) {
		if (s[i] == '\n')
			continue;
		t[m] = s[i];
		idx[m++] = i;
	}
	memset(brk, 0, n);
	if (m > 0) {
		breaks_nojoin(t, m, glue, u);
		for (i = 0; i < m; i++)
			brk[idx[i]] = u[i];
	}
	for (pos = 0; pos < n; pos = end) {
		end = ustr_cluster_end(s, n, pos);
		if (end - pos > 1)
			memset(brk + pos + 1, 0, end - pos - 1);
	}
	brk[0] = 0;
	free(idx);
	free(u);
	free(t);
}

enum ustr_show
ustr_show(uint32_t cp, char buf[16], int *cols)
{
	uint8_t		 cell;
	enum ustr_show	 kind;

	cell = cell_of(cp);
	kind = CELL_KIND(cell);
	*cols = cols_of(cp, cell);
	switch (kind) {
	case USTR_SHOW_TEXT:
		if (cp == USTR_SUB || cp > 0x10FFFF)
			cp = 0xFFFD;
		buf[ustr_encode(cp, buf)] = '\0';
		break;
	case USTR_SHOW_NOTATION:
		if (cp < 0x20 || cp == 0x7F)
			snprintf(buf, 16, "^%c", (char)(cp ^ 0x40));
		else
			snprintf(buf, 16, "<U+%04X>", (unsigned)cp);
		break;
	case USTR_SHOW_SPACES:
		memset(buf, ' ', (size_t)*cols);
		buf[*cols] = '\0';
		break;
	case USTR_SHOW_NOTHING:
		buf[0] = '\0';
		break;
	}
	return kind;
}

/* ustr_sanitize and ustr_show_text: joins is 1 where a '\n' is a join
 * (paragraph text), 0 where it is a line break to make seen. */
static size_t
show_safe(const char *s, size_t n, int joins, char *out, size_t size)
{
	size_t		 i = 0, len = 0, used = 0, l;
	uint32_t	 cp;
	char		 buf[16];
	int		 cols, full = 0;

	while (i < n) {
		i += ustr_decode(s + i, n - i, &cp);
		if (cp == '\n' && !joins)
			memcpy(buf, "^J", 3);
		else
			ustr_show(cp, buf, &cols);
		l = strlen(buf);
		/* Whole code points only, so the output stays valid UTF-8. */
		if (!full && used + l < size) {
			memcpy(out + used, buf, l);
			used += l;
		} else
			full = 1;
		len += l;
	}
	if (size > 0)
		out[used] = '\0';
	return len;
}

size_t
ustr_sanitize(const char *s, size_t n, char *out, size_t size)
{
	return show_safe(s, n, 0, out, size);
}

void
ustr_sanitize_vfmt(char *out, size_t size, const char *fmt, va_list ap)
{
	char	raw[1024];

	vsnprintf(raw, sizeof raw < size ? sizeof raw : size, fmt, ap);
	show_safe(raw, strlen(raw), 0, out, size);
}

size_t
ustr_show_text(const char *s, size_t n, char *out, size_t size)
{
	return show_safe(s, n, 1, out, size);
}

/* Not in ustr-gen, which links no ustr_fold.c (its table is built later). */
#ifndef USTR_GENERATOR
const char *
ustr_versions(void)
{
	static char	versions[96];
	int		v = _libunistring_version;	/* major << 16 | minor << 8 | subminor */
	char		sub[8] = "";

	if ((v & 0xff) != 0)
		snprintf(sub, sizeof sub, ".%d", v & 0xff);
	snprintf(versions, sizeof versions,
	    "utf8proc %s, libunistring %d.%d%s, %s", utf8proc_version(),
	    v >> 16, v >> 8 & 0xff, sub, ustr_fold_source());
	return versions;
}
#endif
