/* layout: wrap paragraphs into screen rows of at most `width` cells by the
 * Chinese/Japanese rules of WRAPPING.md, lazily: rows are computed per
 * paragraph when asked for and cached, so a 1 GB file or a 20 MB line costs
 * only what is shown. Rows are byte ranges of the doc text; positions are
 * byte offsets and survive a change of width. */
#ifndef JUAN_LAYOUT_H
#define JUAN_LAYOUT_H

#include <stddef.h>
#include <stdio.h>

struct doc;
struct doc_para;
struct convert;

/* A screen row: bytes [off, off + len) of the doc text, trailing spaces
 * (and '\n' joins) excluded. `indent` cells come before the text (first-line
 * indent, list/quote indent, image marker, or the whole row for a rule): draw
 * them with layout_decorate(). `cols` counts the text only. A spacer row
 * (LAYOUT_BLANK) and a rule have len 0 and off = the paragraph they belong
 * to. Only a LAYOUT_OVERFLOW row (one cluster) or a LAYOUT_HANG row (up to
 * wrap_opts.hang cells into the right gutter) is wider than the width. */
struct layout_line {
	size_t	off;
	size_t	len;
	int	cols;
	int	indent;
	int	flags;
};
enum {
	LAYOUT_OVERFLOW	= 1 << 0,	/* one cluster wider than the width */
	LAYOUT_HEADING	= 1 << 1,	/* part of a heading: draw in the heading style */
	LAYOUT_BLANK	= 1 << 2,	/* an empty spacer row */
	LAYOUT_CODE	= 1 << 3,	/* verbatim code: draw as is */
	LAYOUT_CONT	= 1 << 4,	/* a code line continued from the row above: draw a mark */
	LAYOUT_QUOTE	= 1 << 5,	/* block quote: draw a bar in the indent */
	LAYOUT_LIST	= 1 << 6,	/* first row of a list item: draw a bullet in the indent */
	LAYOUT_IMAGE	= 1 << 7,	/* an image placeholder: draw a marker, then the alt text */
	LAYOUT_RULE	= 1 << 8,	/* a thematic break: draw a centred rule */
	LAYOUT_HANG	= 1 << 9,	/* the last mark hangs into the right gutter */
	LAYOUT_PARA	= 1 << 10,	/* first text row of a paragraph */
};

/* How one paragraph is wrapped (WRAPPING.md §11). The ambiguous-width policy
 * is ustr's (ustr_set_ambiguous_wide). */
struct wrap_opts {
	int	hang;		/* cells one HANG mark may stick out; 0 = off */
	int	glue_num_unit;	/* rule 8 */
	int	indent;		/* cells already used on the first line */
};

/* Wrap text[0..len) (doc offsets start at off) into rows of at most width
 * cells (width >= 1). Writes up to max rows to out (off, len, cols, flags
 * LAYOUT_OVERFLOW/LAYOUT_HANG, and indent: the first-line indent on row 0 if
 * it was kept, else 0; it is dropped below 8 cells or when the first piece
 * does not fit after it) and returns how many rows the paragraph needs.
 * Cannot fail; every row holds at least one cluster; text that is empty or
 * only blanks (' ', '\n') needs 0 rows. */
size_t	layout_wrap_para(const char *text, size_t off, size_t len, int width,
	    const struct wrap_opts *, struct layout_line *out, size_t max);

struct layout_opts {
	int	width;		/* text column in cells (>= 1) */
	int	indent;		/* 1: first-line indent of 4 cells for CJK paragraphs */
	int	hang;		/* hanging punctuation (needs a 2-cell gutter) */
	int	glue_num_unit;
	int	para_spacing;	/* blank rows between text paragraphs: 0, 1,
				 * or LAYOUT_SPACING_AUTO: 1 before a text
				 * paragraph whose start does not show (no
				 * first-line indent, no blank space of its
				 * own), else 0 */
	struct convert *convert;	/* the display conversion (convert.h),
				 * NULL: the text as written */
};
#define LAYOUT_SPACING_AUTO	(-1)

struct layout;

/* Lays out nothing yet. The doc must outlive the layout. */
struct layout	*layout_new(struct doc *, const struct layout_opts *);
void		 layout_free(struct layout *);
/* Change the width (or, with NULL, just drop the cache, e.g. when the outline
 * arrives and headings change); positions are byte offsets, so nothing else
 * changes. */
void		 layout_set_opts(struct layout *, const struct layout_opts *);
void		 layout_invalidate(struct layout *);

/* A position is a row: the paragraph it belongs to and its index there. */
struct layout_pos {
	size_t	para;		/* doc offset of the paragraph (doc_para.off) */
	size_t	row;		/* row index within that paragraph's rows */
};
/* The row that shows byte off (the first row of the paragraph for blank
 * space). */
struct layout_pos layout_pos_at(struct layout *, size_t off);
/* The same when the paragraph holding off is known already
 * (doc_para_at(off)). */
struct doc_para;
struct layout_pos layout_pos_in(struct layout *, const struct doc_para *p,
		    size_t off);
/* Byte offset of the first text byte of the row at pos. */
size_t		 layout_pos_off(struct layout *, struct layout_pos pos);
/* Move pos by delta rows (negative: up). Returns the rows actually moved,
 * fewer at the start or the end of the text. */
long		 layout_move(struct layout *, struct layout_pos *pos, long delta);
/* The position that puts the last row of the text on the last of `rows`
 * screen rows (for G). */
struct layout_pos layout_end(struct layout *, int rows);
/* Fill up to max rows starting at pos; returns how many (short at the end).
 * Rows are copies. */
int		 layout_rows(struct layout *, struct layout_pos pos,
		    struct layout_line *out, int max);

/* The body of paragraph p as its rows show it: doc_para_text_styled()'s
 * text (line breaks already ' ' or '\n' joins) and markup styles, the text
 * converted when the layout converts (at the same offsets, convert.h);
 * borrowed until the next layout or doc call, NULL if the doc no longer
 * has it. */
const char	*layout_para_text(struct layout *, const struct doc_para *p,
		    const unsigned char **style);
/* The text of a row: r->len bytes of layout_para_text(), borrowed alike;
 * "" for a row without text, NULL if the doc no longer has it.
 * Draw it code point by code point through ustr_show(). */
const char	*layout_row_text(struct layout *, const struct layout_line *);

/* What is drawn in a row's indent, exactly r->indent cells of UTF-8 (so
 * ui.c and --dump agree): spaces, then at the indent's end the list bullet
 * "• ", the quote bar "│ " or the code continuation mark "↪ " (the mark alone
 * when the terminal draws it two cells wide; "* ", "| ", "> " otherwise);
 * "[图] " for an image; a centred rule of "─" over half the row for
 * LAYOUT_RULE. Writes a NUL-terminated string to buf (size bytes, truncated
 * if short) and returns the length it needed, like snprintf. */
size_t		 layout_decorate(const struct layout_line *, char *buf,
		    size_t size);
/* A LAYOUT_OVERFLOW row is drawn as this narrow placeholder, not the
 * cluster itself. */
#define LAYOUT_OVERFLOW_MARK	">"

/* --dump: write the rows that show bytes [from, to) (from the row holding
 * from up to the first row at or after to), each as layout_decorate() + the
 * text made safe by ustr_show() + '\n': exactly what the pager draws, in
 * plain text. */
void		 layout_dump(struct layout *, size_t from, size_t to, FILE *out);

#endif
