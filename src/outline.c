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
 *   gives up (not a web paste); when the table is full (o->room, at first
 *   CAND_MAX), the family flooding it gives up, compact() frees what lost
 *   its role, and the room doubles if what is left still fills half of it
 *   (make_room), so the cost per line never grows with the count.
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

#include "block.h"
#include "outline.h"
#include "outline_int.h"
#include "ustr.h"
#include "util.h"

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
 * no letter); returns where the next one starts, ustr_next() past ASCII.
 * Measured against the stepping written out here before (best of 5,
 * CPU time of outline_count_line over every line): 80 MB of the corpus
 * books, most of it in count16, 33.6 ms both; 69 MB of Cyrillic, Greek,
 * accented Latin, Hangul and emoji words, where this function does the
 * work, 189 ms against 182 ms. */
static inline size_t
count_char(const unsigned char *s, size_t n, size_t i, struct outline_counts *k)
{
	unsigned char	b = s[i], b1, b2;
	size_t		next;

	if (b < 0x80) {
		k->chars++;
		if (starts_letter(b))
			k->words += !starts_letter(i + 1 < n ? s[i + 1] : -1);
		k->width += b == '\t' ? USTR_TAB_COLS : 1;
		return i + 1;
	}
	next = ustr_next((const char *)s, n, i);
	if (b < 0xC0)		/* the tail of a character count16 took */
		return next;
	k->chars++;
	if (b < 0xE0) {		/* a two-byte character */
		k->words += !starts_letter(next < n ? s[next] : -1);
		k->width++;
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
	return next;
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

	n = ustr_clip(s, n, TEXT_MAX);
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

/* A hash of a text's code points (util_hash), blanks skipped and
 * full-width folded, so a TOC entry "第一章 开始" equals the heading
 * "第一章　开始". Compared within one run only, so 32 bits of it do. */
static uint32_t
text_hash(const char *s, size_t n)
{
	uint64_t	h = UTIL_HASH_INIT;
	uint32_t	cp;
	size_t		i = 0;

	while (i < n) {
		cp = getcp(s, n, &i);
		if (!outline_is_blank(cp))
			h = util_hash(h, &cp, sizeof cp);
	}
	return (uint32_t)(h ^ h >> 32);
}

static void	make_room(struct outline *);

/* A new candidate, zeroed; the table makes room first when it is full. */
static struct cand *
cand_add(struct outline *o)
{
	struct cand	*c;

	if (o->nc >= o->room)
		make_room(o);
	if (o->nc == o->capc) {
		if (o->capc > SIZE_MAX / 2 / sizeof *o->c)
			die("too many heading candidates");
		o->c = util_table_resize(o->c, o->capc * sizeof *o->c,
		    (o->capc ? o->capc * 2 : 256) * sizeof *o->c);
		o->capc = o->capc ? o->capc * 2 : 256;
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
		c->flags &= ~(C_S3 | C_TERM);
	return c->fam != FAM_NONE || c->mkind != MK_NONE ||
	    (c->flags & (C_S3 | C_TERM));
}

/* Free the candidates that lost their role, and their texts. */
static void
compact(struct outline *o)
{
	char	*pool = o->pool;
	size_t	 i, k = 0, cont = 0, next = 0, prev = 0;

	o->pool = NULL;
	o->pool_len = o->pool_cap = 0;
	memset(o->famc, 0, sizeof o->famc);
	for (i = 0; i < o->nc; i++) {
		struct cand	*c = &o->c[i];

		if (!cand_alive(o, c))
			continue;
		o->famc[c->fam]++;
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

/* The candidate table is full (o->room): the family with the most hits
 * floods it (a numbered list, page numbers) and cannot be a section
 * structure at that density, so it gives up. What is left keeps its role
 * (explicit headings the outline must list, smaller families): when that
 * is more than half the table, the room doubles, so that the next call
 * comes only after as many new candidates as this one kept, and feeding
 * stays linear whatever the number of headings. */
static void
make_room(struct outline *o)
{
	size_t	f, best = 0;

	for (f = 1; f < FAM_N; f++)
		if (o->famc[f] > o->famc[best] || best == 0)
			best = o->famc[f] > 0 ? f : best;
	if (best != 0) {
		o->fam_off |= 1u << best;
		compact(o);
	}
	if (o->nc > o->room / 2)
		o->room *= 2;
}

/* ---------------------------------------------------------------------- */
/* Feeding */

struct outline *
outline_new(const struct outline_opts *opts, char **cause)
{
	struct outline	*o = xcalloc(1, sizeof *o);
	char		 buf[256];
	int		 rc;

	if (opts != NULL) {
		o->md = opts->markdown > 0 ? 1 : opts->markdown < 0 ? -1 : 0;
		o->none = opts->none != 0;
		o->cancel = opts->cancel;
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
	o->room = CAND_MAX;
	o->blank_since = 1;	/* the start of the text isolates like a blank */
	o->md_prev.kind = BLOCK_BLANK;
	/* Front matter is taken only where the text is known to be Markdown. */
	block_fences_init(&o->fences, o->md == 1);
	return o;
}

void
outline_free(struct outline *o)
{
	if (o == NULL)
		return;
	if (o->has_re)
		regfree(&o->re);
	free(o->titles);
	free(o->sec);
	free(o->secx);
	util_table_free(o->c, o->capc * sizeof *o->c);
	free(o->pool);
	free(o);
}

/* A candidate for the line f: where it is and the counters before it. */
static struct cand *
cand_at(struct outline *o, const struct fline *f)
{
	struct cand	*c = cand_add(o);

	c->at = f->at;
	c->len = f->len > UINT32_MAX ? UINT32_MAX : (uint32_t)f->len;
	c->lchars = f->lchars > UINT32_MAX ? UINT32_MAX : (uint32_t)f->lchars;
	c->width = f->l.width > UINT16_MAX ? UINT16_MAX : (uint16_t)f->l.width;
	c->indent = f->l.indent > UINT16_MAX ? UINT16_MAX : (uint16_t)f->l.indent;
	return c;
}

/* The same for the line being fed, with its neighbour features. */
static struct cand *
fline_cand(struct outline *o, const struct fline *f)
{
	struct cand	*c = cand_at(o, f);

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

/* The line under o->prev is a setext underline: make prev a heading. */
static void
md_setext(struct outline *o, int level)
{
	struct prevline	*p = &o->prev;
	struct cand	*c;

	if (p->cand > 0)
		c = &o->c[p->cand - 1];
	else {
		c = cand_at(o, &p->f);
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

	if (heading || f->at.lineno - c->at.lineno >
	    (size_t)(CONT_LINES + o->cont_rule)) {
		o->pend_cont = 0;
		return;
	}
	if (f->l.n <= PREFIX_MAX && block_separator(f->l.s, f->l.n)) {
		o->cont_rule = 1;
		return;
	}
	o->pend_cont = 0;
	memset(&m, 0, sizeof m);
	if (f->l.n > TEXT_MAX || !outline_gate(&f->l, &m) || outline_furniture(&f->l) ||
	    outline_dialogue(&f->l) || outline_lastcp(f->l.s, f->l.n, &at) == ':')
		return;
	c->cont = pool_add(o, f->l.s, f->l.n, &c->contlen);
}

/* A blank line: Markdown's fence state sees it too (inside a fence it is
 * code, and the line after it knows it follows a blank or code). */
static void
blank_line(struct outline *o, const char *line, size_t len)
{
	o->blanks++;
	o->blank_since = 1;
	o->prev.valid = 0;
	if (o->md != 0) {
		block_line(line, len, 1, &o->md_prev);
		block_fence_step(&o->fences, line, len, &o->md_prev);
	}
}

/* The line after a waiting candidate: its width, whether a blank line
 * came between, and whether it starts with the candidate's text and goes
 * on (a term and its definition: "docker build" / "docker build命令用于…").
 * A term whose line defines nothing is forgotten at once (it is the last
 * candidate, its text the last in the pool), so terms cost no memory. */
static void
next_line(struct outline *o, const struct fline *f)
{
	struct cand	*c = &o->c[o->pend_next - 1];
	size_t		 at;

	c->next_width = f->l.width > UINT16_MAX ? UINT16_MAX :
	    (uint16_t)f->l.width;
	if (o->blank_since)
		c->flags |= C_BLANK_AFTER;
	if (block_is_table_row(f->l.s, f->l.n < PREFIX_MAX ? f->l.n : PREFIX_MAX))
		c->flags |= C_NEXT_TABLE;
	if (f->l.n <= PREFIX_MAX && outline_last_unquoted(f->l.s, f->l.n, &at) == ':')
		c->flags |= C_NEXT_COLON;
	if (!o->blank_since && f->l.n > c->textlen && c->textlen > 0 &&
	    memcmp(f->l.s, o->pool + c->text, c->textlen) == 0)
		c->flags |= C_DEFINES;
	if ((c->flags & (C_TERM | C_DEFINES)) == C_TERM && o->pend_next == o->nc) {
		if (o->prev.cand == o->nc)
			o->prev.cand = 0;
		o->pool_len = c->text;
		o->nc--;
		o->ns3--;
	}
	o->pend_next = 0;
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

/* What feeding learns of a line, stage by stage (outline_feed_counted). */
struct fresult {
	int		 code;		/* inside a Markdown fence or block */
	int		 mkind, mlevel;	/* explicit heading markup: MK_* */
	size_t		 a0, a1;	/* its title, in the raw line */
	int		 under;		/* a setext underline's level */
	int		 para;		/* a text line that starts a paragraph */
	int		 fam;		/* pattern family */
	struct match	 m;
	int		 s3, s3flags;	/* stage-3 candidate, its features */
	int		 term;
};

/* The counters, the trimmed line and the profile histograms; the waiting
 * candidate gets this line as its next. 0 for a blank line. */
static int
fline_init(struct outline *o, struct fline *f, size_t off, const char *line,
    size_t len, const struct outline_counts *k)
{
	struct block_line	 bl;
	size_t			 t1 = len, b;
	unsigned		 indent = 0, trail = 0, cells;

	memset(f, 0, sizeof *f);
	f->at.off = off;
	f->len = len;
	f->at.lineno = ++o->lineno;
	f->at.chars = o->chars;
	f->at.cjk = o->cjk;
	f->at.words = o->words;
	o->chars += k->chars;
	o->cjk += k->cjk;
	o->words += k->words;
	while ((b = blank_at(line, len, f->t0, &cells)) > 0) {
		f->t0 += b;
		indent += cells;
	}
	if (f->t0 == len) {
		blank_line(o, line, len);
		return 0;
	}
	while ((b = blank_before(line, f->t0, t1, &cells)) > 0) {
		t1 -= b;
		trail += cells;
	}
	f->lchars = k->chars;
	f->l.s = line + f->t0;
	f->l.n = t1 - f->t0;
	f->l.indent = indent;
	f->l.width = k->width > indent + trail ?
	    (unsigned)(k->width - indent - trail) : 0;
	f->at.nb = o->nb++;
	o->hist[f->l.width < HIST_MAX ? f->l.width : HIST_MAX - 1]++;
	if (f->l.width >= LONG_COLS)
		o->indents[indent < INDENT_MAX ? indent : INDENT_MAX - 1]++;
	/* An image placeholder under a heading does not hide the paragraph. */
	if (o->pend_next > 0) {
		block_line(f->l.s, f->l.n, 0, &bl);
		if (bl.kind != BLOCK_IMAGE)
			next_line(o, f);
	}
	return 1;
}

/* --headings=REGEX: the line is a heading when it matches, else nothing. */
static struct cand *
feed_regex(struct outline *o, const struct fline *f, const char *line)
{
	struct cand	*c;
	char		 buf[RE_MAX + 1];

	if (f->len > RE_MAX)
		return NULL;
	memcpy(buf, line, f->len);
	buf[f->len] = '\0';
	if (regexec(&o->re, buf, 0, NULL, 0) != 0)
		return NULL;
	c = fline_cand(o, f);
	c->mkind = MK_REGEX;
	c->mlevel = 1;
	cand_text(o, c, f->l.s, f->l.n);
	return c;
}

/* Stage 1, Markdown (block.h's grammar, as doc's paragraphs have it):
 * code, ATX headings, setext underlines, and the evidence that the text
 * is Markdown. */
static void
feed_markdown(struct outline *o, const struct fline *f, const char *line,
    struct fresult *r)
{
	struct block_line	l;
	int			b;

	block_line(line, f->len, 1, &l);
	if (block_fence_step(&o->fences, line, f->len, &l))
		o->md_other++;
	r->code = l.kind == BLOCK_CODE || l.kind == BLOCK_FENCE;
	/* o->prev.valid: the line before is a text line that starts its
	 * paragraph, the one an underline makes a heading. */
	if ((b = block_begins(&o->md_prev, &l, 1)) == BLOCK_UNDER &&
	    (b = block_under(&o->md_prev, &l, o->prev.valid)) == BLOCK_JOIN &&
	    o->prev.valid) {
		r->under = block_setext_level(&l);
		md_setext(o, r->under);
	} else if (l.kind == BLOCK_ATX) {
		r->mkind = MK_MARKDOWN;
		r->mlevel = l.level;
		r->a0 = l.body;
		r->a1 = l.body_end;
		o->md_atx++;
	}
	r->para = b == BLOCK_BREAK && l.kind == BLOCK_TEXT;
	if (!r->code && f->l.n <= PREFIX_MAX && block_has_link(f->l.s, f->l.n))
		o->md_other++;
	o->md_prev = l;
}

/* Stage 2 and the shapes of stage 3, and Aozora markup. Most body lines
 * end a sentence: no family or stage 3 takes them (only an English title
 * may end with '.'), so skip the matchers; and the gates leave a line
 * wider than S3_COLS only to Aozora markup, which ends the line with "］". */
static void
feed_match(struct outline *o, const struct fline *f, struct fresult *r)
{
	uint32_t	last;
	size_t		at;

	if (f->l.n > PREFIX_MAX || (r->code && o->md == 1) || r->under ||
	    (f->l.width > S3_COLS && !(f->l.n >= 3 &&
	    memcmp(f->l.s + f->l.n - 3, "］", 3) == 0)))
		return;
	last = outline_last_unquoted(f->l.s, f->l.n, &at);
	if (outline_is_sentence_end(last) && last != '.')
		return;
	r->fam = outline_match_line(&f->l, &r->m);
	if (!o->s3_off)
		r->s3 = outline_s3_features(&f->l, &r->s3flags);
	r->term = !o->s3_off && !r->s3 && r->fam == FAM_NONE &&
	    outline_term_like(&f->l);
	if (r->mkind == MK_NONE && (r->mlevel = outline_aozora(&f->l, &r->a0,
	    &r->a1)) > 0) {
		r->mkind = MK_AOZORA;
		r->a0 += f->t0;
		r->a1 += f->t0;
	}
}

/* The candidate for a line some stage took, or NULL. */
static struct cand *
feed_cand(struct outline *o, const struct fline *f, const char *line,
    struct fresult *r)
{
	struct cand	*c;
	int		 heading;

	/* Room first, so that a family that gives up there is not this
	 * line's. */
	if ((r->fam != FAM_NONE || r->mkind != MK_NONE || r->s3 || r->term) &&
	    o->nc >= o->room)
		make_room(o);
	if (o->fam_off & 1u << r->fam)
		r->fam = FAM_NONE;
	heading = r->fam != FAM_NONE || r->mkind != MK_NONE;
	if (o->pend_cont > 0)
		continuation(o, f, heading);
	if (!heading && !r->s3 && !r->term)
		return NULL;
	c = fline_cand(o, f);
	c->fam = (uint8_t)r->fam;
	o->famc[r->fam]++;
	c->mkind = (uint8_t)r->mkind;
	c->mlevel = (uint8_t)r->mlevel;
	if (r->code)
		c->flags |= C_FENCE;
	if (r->mkind != MK_NONE)
		cand_text(o, c, line + r->a0, r->a1 - r->a0);
	else if (r->fam != FAM_NONE && r->m.vnum >= 0) {
		c->vtext = pool_add(o, f->l.s, r->m.split, &c->vtextlen);
		cand_text(o, c, f->l.s + r->m.split, f->l.n - r->m.split);
		c->split = (uint32_t)(f->t0 + r->m.split);
	} else
		cand_text(o, c, f->l.s, f->l.n);
	if (r->fam != FAM_NONE) {
		c->num = r->m.num;
		c->vnum = r->m.vnum;
		c->flags |= r->m.flags & C_GLUED;
		if (r->m.title >= f->l.n && r->mkind == MK_NONE) {
			c->flags |= C_LABEL;
			o->pend_cont = o->nc;
			o->cont_rule = 0;
		}
	}
	if (r->s3 || r->term) {
		c->flags |= r->s3 ? C_S3 | r->s3flags : C_TERM;
		o->pend_next = o->nc;
		o->ns3++;
	}
	return c;
}

/* What the next line needs of this one: the Markdown line a setext
 * underline may make a heading, and the neighbour features. */
static void
feed_done(struct outline *o, const struct fline *f, const struct fresult *r,
    const struct cand *c)
{
	if (o->md != 0) {
		o->prev.valid = r->para;
		if (o->prev.valid) {
			o->prev.f = *f;
			o->prev.cand = c != NULL ? o->nc : 0;
			o->prev.textlen = ustr_clip(f->l.s, f->l.n, TEXT_MAX);
			memcpy(o->prev.text, f->l.s, o->prev.textlen);
		}
	}
	/* A table row ends a block as a paragraph does. */
	o->prev_end = outline_ends_paragraph(f->l.s, f->l.n) ||
	    (f->l.n <= PREFIX_MAX && block_is_table_row(f->l.s, f->l.n));
	o->prev_width = f->l.width;
	o->blank_since = 0;
	if (o->ns3 > S3_MAX && !o->s3_off) {
		o->s3_off = 1;
		compact(o);
	}
}

/* One line through the stages: counters and profile, then --headings, or
 * Markdown, the patterns and stage 3, then a candidate if one took it. */
void
outline_feed_counted(struct outline *o, size_t off, const char *line,
    size_t len, const struct outline_counts *k)
{
	struct fline	 f;
	struct fresult	 r;
	struct cand	*c = NULL;

	if (o == NULL || o->finished || !fline_init(o, &f, off, line, len, k))
		return;
	memset(&r, 0, sizeof r);
	r.fam = FAM_NONE;
	r.mkind = MK_NONE;
	if (o->has_re)
		c = feed_regex(o, &f, line);
	else if (!o->none) {
		if (o->md != 0)
			feed_markdown(o, &f, line, &r);
		feed_match(o, &f, &r);
		c = feed_cand(o, &f, line, &r);
	}
	feed_done(o, &f, &r, c);
}

