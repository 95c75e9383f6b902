/* ustr_int.h: what the files of the ustr module share (not part of the API):
 * src/ustr.c holds the code point tables, decoding, widths, clusters and
 * line breaks; src/ustr_fold.c the search-key folding. */
#ifndef JUAN_USTR_INT_H
#define JUAN_USTR_INT_H

#include <stdint.h>

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* Class bits of a code point (ustr.c's bmp_flags). */
enum {
	F_AMB = 1 << 0,		/* East_Asian_Width=A (table) */
	F_CJK = 1 << 1,		/* "CJK wide", WRAPPING.md §4 */
	F_NO_START = 1 << 2,
	F_NO_END = 1 << 3,
	F_HANG = 1 << 4,
	F_SPACE = 1 << 5,
	/* An ideograph or kana (UAX #14 class ID, grapheme class Other) in no
	 * tailoring set: a break is allowed between two of them with nothing
	 * else to look at. */
	F_PLAIN = 1 << 6,
	F_ALNUM = 1 << 7,	/* ASCII letter or digit (rules 6, 7) */
	F_LB29 = 1 << 8,	/* . , : ; (rule 7) */
	F_DIGIT = 1 << 9,	/* rule 8, left side */
	F_UNIT = 1 << 10,	/* rule 8, right side */
	F_OPENQ = 1 << 11,	/* rule 2: break before when after CJK */
	F_CLOSEQ = 1 << 12,	/* rule 2: break after when before CJK */
	F_PAIR = 1 << 13,	/* rule 5: never split a run of these */
	F_PREPEND = 1 << 14,	/* grapheme Prepend: glues to what follows */
	F_NO_BEFORE = 1 << 15,	/* U+3000: WRAPPING.md §10, never split */
	/* Grapheme class Other: a cluster boundary lies before it unless a
	 * Prepend character comes first. */
	F_BASE = 1 << 16,
	/* UAX #14 between an ideograph and this character, and between it and
	 * an ideograph, cached for a lone X in 一X一 (F_LB_KNOWN). */
	F_LB_KNOWN = 1 << 17,
	F_LB_BEFORE = 1 << 18,
	F_LB_AFTER = 1 << 19,
};
/* The class bits of every BMP code point, indexed by code point (for loops
 * that look at each character), and of any code point. */
const uint32_t *ustr_flags_table(void);
uint32_t ustr_flags(uint32_t cp);

/* Where ustr_fold's script keys come from: "OpenCC 1.1.5" (--version). */
const char *ustr_fold_source(void);

#endif
