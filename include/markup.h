/* markup: inline markup that readers never want to see, taken out of a
 * paragraph's text without moving a byte.
 *
 * doc_para_text() gives a paragraph's body with its line breaks turned into
 * joins; markup_hide() then rewrites, in place, every byte of inline markup
 * to the '\n' join, which every module already treats as text that is not
 * there: it has no width, is never a break opportunity, is drawn as nothing
 * and is skipped by search folding (ustr.h). So byte offsets stay doc
 * offsets, rows, positions, bookmarks and search matches keep working, and
 * the pager and --dump show the same text because both lay out this one.
 *
 * What is hidden:
 * - Aozora Bunko notation, in any document: the ruby base marker ｜ and the
 *   reading 《かな》 after a run of kanji are shown as 漢字（かな） (the
 *   reading in parentheses, one byte for one byte), and editorial notes
 *   ［＃…］ are hidden. With MARKUP_SEARCH the reading is hidden too, so that
 *   a search finds the base text as it reads (吾輩《わがはい》は → 吾輩は).
 *   《…》 holding anything but kana is a title in Chinese usage and stays.
 * - Markdown inline markup, with MARKUP_MARKDOWN: emphasis and strong
 *   (* _ ** __ ***), strikethrough (~~), code span backticks, a backslash
 *   before punctuation, links (the text of [text](url) and [text][ref]
 *   stays), autolinks <…>, and images: ![alt](url) shows its alt text, an
 *   empty one nothing. Code spans keep their content verbatim.
 */
#ifndef JUAN_MARKUP_H
#define JUAN_MARKUP_H

#include <stddef.h>

enum {
	MARKUP_MARKDOWN	= 1 << 0,	/* the document is Markdown */
	MARKUP_SEARCH	= 1 << 1,	/* the text is for matching, not showing */
};

/* What a shown byte is, for the pager's styles (--dump has none): bits,
 * since spans nest (***both***, a link in strong text). */
enum markup_style {
	MARKUP_EM	= 1 << 0,	/* *em*, _em_ */
	MARKUP_STRONG	= 1 << 1,	/* **strong**, __strong__ */
	MARKUP_CODE	= 1 << 2,	/* `code` */
	MARKUP_LINK	= 1 << 3,	/* the text of a link */
	MARKUP_DEL	= 1 << 4,	/* ~~struck~~ */
	MARKUP_READING	= 1 << 5,	/* a ruby reading and its parentheses */
};

/* 1 if t[0..n) holds Aozora notation that markup_hide() would look at
 * (｜, 《, ［＃): a cheap test for a document's head. */
int	markup_has_notation(const char *t, size_t n);

/* Rewrite the markup in t[0..n) as above. Returns 1 if anything changed.
 * With style not NULL, style[0..n) gets the markup_style bits of each byte
 * (0 where nothing changed). */
int	markup_hide(char *t, size_t n, int flags, unsigned char *style);

#endif
