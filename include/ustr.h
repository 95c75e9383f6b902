/* ustr: all Unicode knowledge in one place: strict UTF-8 decoding, grapheme
 * clusters, cell widths (with the ambiguous-width policy), line-break
 * opportunities tailored for CJK (WRAPPING.md), search-key folding, and the
 * display sanitiser that decides how a code point is shown (RELIABILITY.md §2).
 *
 * Text conventions shared by every module (see doc.h):
 * - doc text is valid UTF-8 except that each byte of an ill-formed sequence
 *   has been replaced by USTR_SUB (0x1A, ASCII SUBSTITUTE), which keeps byte
 *   offsets equal to file offsets; it is *shown* as U+FFFD.
 * - inside a paragraph, a byte '\n' is a zero-width join (a hard line break
 *   between two CJK characters that the loader re-joined): 0 cells, never a
 *   break opportunity by itself, invisible, and skipped by search folding.
 */
#ifndef JUAN_USTR_H
#define JUAN_USTR_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#define USTR_SUB	0x1A		/* an invalid byte, as stored in doc text */
#define USTR_BAD	0xFFFFFFFFu	/* ustr_decode: ill-formed */

/* Decode one code point from s[0..n), n >= 1. Returns the bytes consumed (>= 1).
 * Strict (Unicode §3.9): overlongs, surrogates, > U+10FFFF, C0/C1/F5..FF leads,
 * stray continuations and truncated sequences give *cp = USTR_BAD and consume
 * the maximal ill-formed subpart (at least one byte). */
size_t	ustr_decode(const char *s, size_t n, uint32_t *cp);

/* ustr_decode (n >= 1) with the two common cases inline: ASCII and a
 * well-formed three-byte sequence (all of CJK). */
static inline size_t
ustr_dec(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char *p = (const unsigned char *)s;

	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	if (n >= 3 && p[0] > 0xE0 && p[0] < 0xF0 && p[0] != 0xED &&
	    (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80) {
		*cp = (uint32_t)(p[0] & 0x0F) << 12 |
		    (uint32_t)(p[1] & 0x3F) << 6 | (p[2] & 0x3F);
		return 3;
	}
	return ustr_decode(s, n, cp);
}

/* Stepping over UTF-8 without decoding: the start of the code point after
 * the one at s[i] (i < n; skips at most three continuation bytes), and the
 * start of the code point that ends at s[i] (i > 0): back over at most three
 * continuation bytes to a lead that ustr_decode consumes up to exactly i (a
 * whole sequence, or a truncated one such as E4 B8, which it takes as one
 * ill-formed piece), else i - 1. Every module steps through text with these. */
static inline size_t
ustr_next(const char *s, size_t n, size_t i)
{
	size_t	e = i + 4 < n ? i + 4 : n;

	for (i++; i < e && ((unsigned char)s[i] & 0xC0) == 0x80; i++)
		;
	return i;
}
size_t	ustr_prev(const char *s, size_t i);
/* The bytes of a sequence that lead byte c starts (2-4), 1 for ASCII and
 * for a byte that starts none. */
static inline size_t
ustr_lead_len(unsigned char c)
{
	return c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
}
/* The longest prefix of s[0..n) of at most max bytes that ends at a code
 * point start (a cut that never splits a character). */
size_t	ustr_clip(const char *s, size_t n, size_t max);
/* The first offset at or after i where a well-formed character starts
 * (skipping the pieces of ill-formed sequences), or n. */
size_t	ustr_sync(const char *s, size_t n, size_t i);
/* The code point that ends at s[end] (end > 0) and, in *start, its start
 * (ustr_prev). */
uint32_t ustr_decode_before(const char *s, size_t end, size_t *start);

/* Encode cp (<= U+10FFFF, not a surrogate) into out (>= 4 bytes); returns length. */
size_t	ustr_encode(uint32_t cp, char *out);

/* Replace, in place, every byte of s[0..n) that is part of an ill-formed
 * sequence by USTR_SUB. Returns the number of bytes replaced. A sequence cut
 * by the end of the buffer counts as ill-formed, so callers give context. */
size_t	ustr_repair(char *s, size_t n);
/* What ustr_repair(s, n) would return, without changing s. */
size_t	ustr_count_invalid(const char *s, size_t n);

/* Ambiguous-width policy (East_Asian_Width=A): 0 narrow (default), 1 wide.
 * Set once at start-up, before any layout. */
void	ustr_set_ambiguous_wide(int wide);
int	ustr_ambiguous_wide(void);
int	ustr_is_ambiguous(uint32_t cp);

/* Cells a code point occupies *as juan draws it*: wcwidth() for printable
 * characters (ambiguous per the policy), the notation width for controls
 * (^A = 2, <U+202E> = 8, <U+E0001> = 9), 0 for marks and the '\n' join,
 * USTR_TAB_COLS for TAB, and the width of U+FFFD for USTR_SUB (and USTR_BAD).
 * Never negative; always the cols ustr_show() reports. */
#define USTR_TAB_COLS	4
int	ustr_width(uint32_t cp);

/* ustr_width of every BMP code point under the current ambiguous policy,
 * indexed by code point; valid until ustr_set_ambiguous_wide() is called. */
const uint8_t *ustr_width_table(void);

/* Width in cells of the UTF-8 text s[0..n), summing ustr_width. */
size_t	ustr_strwidth(const char *s, size_t n);

/* End (exclusive) of the extended grapheme cluster that starts at s[pos]
 * (pos < n; always > pos). A pathological cluster (a run of thousands of
 * marks) is cut near multiples of 256 bytes of s, so none exceeds about
 * 512 bytes. */
size_t	ustr_cluster_end(const char *s, size_t n, size_t pos);

/* Start of the cluster that contains s[pos] (pos > 0), scanning back at most
 * a bounded distance; always a start that walking forward from 0 with
 * ustr_cluster_end would reach. */
size_t	ustr_cluster_start(const char *s, size_t n, size_t pos);

/* The start of the whole clusters at the end of s[0..n) that fit in cells
 * (the tail shown after a '…' cut at the front). */
size_t	ustr_tail_fit(const char *s, size_t n, size_t cells);

/* Classes used by wrapping, joining and indenting. */
int	ustr_is_cjk(uint32_t cp);	/* "CJK wide" ranges of WRAPPING.md §4 */
int	ustr_is_no_start(uint32_t cp);	/* may not begin a line (strict set) */
int	ustr_is_no_end(uint32_t cp);	/* may not end a line */
int	ustr_is_hang(uint32_t cp);	/* may hang in the gutter */
int	ustr_is_space(uint32_t cp);	/* ASCII space, TAB, U+3000, NBSP */
int	ustr_is_kana(uint32_t cp);	/* hiragana, katakana (with ー) */
int	ustr_is_han(uint32_t cp);	/* ideographs, and 々 〆 〇 ヶ that count as kanji */

/* What the line break at s[i] inside a re-joined paragraph becomes, next
 * being the first character after it (and the next line's indent): '\n', a
 * zero-width join, next to Chinese or Japanese (also when the end of the
 * line before holds some: such text is wrapped by count, so a Latin word
 * may be cut, as in 'A\nI'), after a space, an opening bracket or a dash,
 * before closing or pause punctuation; else ' ' (between Latin words, and
 * Hangul, which spaces its words). Reads at most the last 12 bytes of
 * s[0..i), back to a line break. */
char	ustr_join(const char *s, size_t i, uint32_t next);

/* Break opportunities of one paragraph (WRAPPING.md §4: UAX #14 from
 * libunistring, tailored). brk must hold n bytes; brk[i] is 1 when a line may
 * end just before byte i (always at a cluster start, never at i == 0), else 0.
 * Joins are invisible (decided as if absent); rule 4 looks through ASCII
 * spaces; a line may end after a UAX #14 mandatory-break character (lone CR,
 * FF, NEL, U+2028), not before it. */
struct ustr_break_opts {
	int	glue_num_unit;	/* rule 8: keep 560亿 together */
};
void	ustr_breaks(const char *s, size_t n, const struct ustr_break_opts *o,
	    char *brk);

/* Search-key folding: NFKC (full/half width), if casefold case folding
 * (utf8proc), and under the script-fold policy the script key: every
 * simplified, traditional or variant form of a character (OpenCC's tables)
 * folds alike, so 宝玉 and 寶玉, 发 and 發 and 髮, 干 and 乾 and 幹 do.
 * Joins ('\n') are dropped, USTR_SUB becomes U+FFFD. Returns a malloc'd
 * string of *outlen bytes; if map is not NULL, *map receives a malloc'd
 * array of *outlen + 1 entries: map[k] is the source byte offset (relative
 * to s) of the character that produced folded byte k, and
 * map[*outlen] == n. */
char	*ustr_fold(const char *s, size_t n, int casefold, size_t *outlen,
	    size_t **map);
/* A place at or before pos (0 at worst) where the fold of s[0..n) can be
 * cut: the fold of s[q..n) is the end of the fold of s, its map shifted by
 * q. For a search that needs only the matches past some point. */
size_t	ustr_fold_cut(const char *s, size_t n, size_t pos);
/* Script-fold policy: 1 folds script forms alike, 0 (the default) keeps
 * them apart. Set once at start-up, before any search. */
void	ustr_set_script_fold(int on);
int	ustr_script_fold(void);
/* The forms of cp: every character that folds to the same script key as cp
 * (cp among them), ordered by code point, into out; returns how many. Only
 * cp with the policy off, or for a character in no pair of OpenCC's tables;
 * never more than USTR_FORMS_MAX (the build checks). */
#define USTR_FORMS_MAX	8
size_t	ustr_fold_forms(uint32_t cp, uint32_t out[USTR_FORMS_MAX]);
/* True if s has a character that case folding changes (smart case). */
int	ustr_has_upper(const char *s, size_t n);

/* The display sanitiser: how code point cp is shown.
 *   USTR_SHOW_TEXT     draw cp itself, *cols cells (0 for a mark, which
 *                      attaches to the previous cell; U+FFFD for USTR_SUB)
 *   USTR_SHOW_NOTATION draw the ASCII text in buf ("^A", "<U+202E>") in the
 *                      control style, *cols cells
 *   USTR_SHOW_NOTHING  draw nothing (the '\n' join, a BOM)
 *   USTR_SHOW_SPACES   draw *cols spaces (TAB)
 * buf must hold 16 bytes; it always gets a NUL-terminated string: for TEXT the
 * UTF-8 of the code point to draw. */
enum ustr_show {
	USTR_SHOW_TEXT,
	USTR_SHOW_NOTATION,
	USTR_SHOW_NOTHING,
	USTR_SHOW_SPACES,
};
enum ustr_show ustr_show(uint32_t cp, char buf[16], int *cols);

/* Copy s[0..n) to out (size bytes, NUL-terminated) with every code point made
 * safe through ustr_show (controls become notation, invalid bytes U+FFFD):
 * for file names and messages on stderr. Returns the length it needed. */
size_t	ustr_sanitize(const char *s, size_t n, char *out, size_t size);
/* A message formatted as vsnprintf would (cut to size bytes), then made
 * safe as ustr_sanitize makes it: a message may hold a file's name. */
void	ustr_sanitize_vfmt(char *out, size_t size, const char *fmt, va_list ap);
/* The same for paragraph text (a layout row): a '\n' is a join and shows
 * as nothing. What --dump prints and the list of matches shows. */
size_t	ustr_show_text(const char *s, size_t n, char *out, size_t size);

/* Library versions for --version, and where the script keys come from:
 * "utf8proc 2.8.0, libunistring 1.0, OpenCC 1.1.5". */
const char *ustr_versions(void);

#endif
