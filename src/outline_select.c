/* outline_select: choose the headings among the candidates (SECTIONS.md
 * §4-§7); outline_sec.c makes the section table of them. */
#define _GNU_SOURCE		/* memmem */
#include <regex.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "markup.h"
#include "outline.h"
#include "outline_int.h"
#include "ustr.h"
#include "util.h"

const struct family outline_families[FAM_N] = {
	[FAM_NONE] =		{ "none",	0, 0 },
	[FAM_VOLUME] =		{ "volume",	0, 0 },
	[FAM_EN_PART] =		{ "part",	0, 0 },
	[FAM_JA_PART] =		{ "ja-part",	0, 0 },
	[FAM_CHAPTER] =		{ "chapter",	1, 0 },
	[FAM_CN_SECTION] =	{ "section",	2, 0 },
	[FAM_EN_CHAPTER] =	{ "en-chapter",	1, 0 },
	[FAM_ROMAN] =		{ "roman",	1, 1 },
	[FAM_BARE] =		{ "bare",	1, 1 },
	[FAM_CN1] =		{ "numbered",	3, 0 },
	[FAM_CN1SP] =		{ "numbered",	3, 0 },
	[FAM_CN2] =		{ "paren",	4, 0 },
	[FAM_DEC] =		{ "decimal",	5, 0 },
	[FAM_DOT2] =		{ "dotted",	6, 0 },
	[FAM_DOT3] =		{ "dotted",	7, 0 },
	[FAM_DOT4] =		{ "dotted",	8, 0 },
	[FAM_PAREN] =		{ "paren-digit", 9, 0 },
};

/* ---------------------------------------------------------------------- */
/* Selection */

/* Document profile (SECTIONS.md §3), from the histograms. */
struct profile {
	unsigned	 median;	/* median width of long lines */
	unsigned	 wrap;		/* wrap width if hard-wrapped, else 0 */
	unsigned	 para_indent;	/* usual indent of long lines */
	int		 blanks;	/* blank lines separate paragraphs */
};

/* The heading list h[0..nh) without the candidates flagged C_DROP, in
 * order; its new length. */
static size_t
without_dropped(const struct outline *o, size_t *h, size_t nh)
{
	size_t	i, k;

	for (i = k = 0; i < nh; i++)
		if (!(o->c[h[i]].flags & C_DROP))
			h[k++] = h[i];
	return k;
}

/* Candidate c is a heading at level (1-6), kept by the stage how. */
static void
cand_keep(struct cand *c, int how, int level)
{
	c->flags |= C_KEEP;
	c->how = (uint8_t)how;
	c->level = (uint8_t)level;
}

static void
profile(const struct outline *o, struct profile *p)
{
	uint64_t	n = 0, acc = 0, longn = 0, best = 0;
	size_t		w, from, w95 = 0;

	memset(p, 0, sizeof *p);
	for (w = LONG_COLS; w < HIST_MAX; w++)
		longn += o->hist[w];
	from = longn >= 5 ? LONG_COLS : 0;
	for (w = from; w < HIST_MAX; w++)
		n += o->hist[w];
	for (w = from; w < HIST_MAX && n > 0; w++)
		if ((acc += o->hist[w]) * 2 >= n) {
			p->median = (unsigned)w;
			break;
		}
	/* Hard-wrapped: half the lines within 12 columns under the 95th
	 * percentile of all widths. */
	for (w = 0, acc = 0; w < HIST_MAX && o->nb > 0; w++)
		if ((acc += o->hist[w]) * 20 >= o->nb * 19) {
			w95 = w;
			break;
		}
	for (w = w95 >= 12 ? w95 - 12 : 0, acc = 0; w <= w95; w++)
		acc += o->hist[w];
	if (w95 >= 20 && w95 <= 120 && acc * 2 >= o->nb)
		p->wrap = (unsigned)w95;
	for (w = 0; w < INDENT_MAX; w++)
		if (o->indents[w] > best) {
			best = o->indents[w];
			p->para_indent = (unsigned)w;
		}
	p->blanks = o->blanks * 10 >= o->nb && o->blanks > 0;
}

/* The candidate takes part in selection (not in a Markdown fence). */
static int
usable(const struct outline *o, const struct cand *c)
{
	return !(o->is_md && (c->flags & C_FENCE)) &&
	    !(c->flags & (C_KEEP | C_DROP));
}

/* The doc is being freed (o->cancel): outline_finish() stops. Looked at
 * between the stages and every CANCEL_EVERY candidates of the passes a
 * million explicit headings make long, so that quitting never waits for
 * a selection. */
#define CANCEL_EVERY	65536

static int
cancelled(const struct outline *o, size_t i)
{
	return i % CANCEL_EVERY == 0 && o->cancel != NULL &&
	    atomic_load_explicit(o->cancel, memory_order_relaxed);
}

/* Characters of body between a candidate's line and a later offset. */
static uint64_t
body_chars(const struct cand *a, uint64_t until)
{
	uint64_t	end = a->at.chars + a->lchars;

	return until > end ? until - end : 0;
}

/* Stage 1: Markdown and Aozora headings are authoritative when there are
 * two; a single one (a title) is kept and stage 2 continues below it. One
 * pass keeps them all at their markup's level and adds their sections
 * (a million headings are read once): with two or more that table is the
 * outline's, else build() starts it again (outline_sec_begin) once the
 * one heading is made the title. */
static size_t
select_markup(struct outline *o)
{
	size_t	i, n = 0, first = 0;

	outline_sec_begin(o);
	for (i = 0; i < o->nc && !cancelled(o, i); i++) {
		struct cand	*c = &o->c[i];

		if ((c->mkind == MK_AOZORA || (c->mkind == MK_MARKDOWN &&
		    o->is_md)) && usable(o, c)) {
			first = n++ == 0 ? i : first;
			cand_keep(c, HOW_MARKUP, c->mlevel > 6 ? 6 : c->mlevel);
			outline_sec_add(o, c);
		}
	}
	if (n == 1)
		o->c[first].level = 1;
	return n;
}

/* Keep the first of the same heading repeated within a few lines; a bare
 * label gives way to the text of its repeat (第三回, 第三回 托内兄...). */
static size_t
dedupe(struct outline *o, size_t *h, size_t nh)
{
	size_t	i, k = 0;

	for (i = 0; i < nh; i++) {
		struct cand	*c = &o->c[h[i]], *p;

		if (k > 0) {
			p = &o->c[h[k - 1]];
			if (c->at.lineno - p->at.lineno <= 5 &&
			    (c->hash == p->hash || (c->num >= 0 &&
			    c->num == p->num && c->vnum == p->vnum))) {
				if ((p->flags & C_LABEL) && p->contlen == 0 &&
				    (!(c->flags & C_LABEL) || c->contlen > 0)) {
					p->text = c->text;
					p->textlen = c->textlen;
					p->cont = c->cont;
					p->contlen = c->contlen;
				}
				c->flags |= C_DROP;
				continue;
			}
		}
		h[k++] = h[i];
	}
	return k;
}

static uint64_t
toc_key(const struct cand *c)
{
	if (c->num >= 0)
		return 1ull << 63 | (uint64_t)(uint32_t)c->vnum << 32 |
		    (uint32_t)c->num;
	return c->hash;
}

/* Table-of-contents suppression: in a run of at least 3 hits with less
 * than 80 characters between them, most of which reappear later, the hits
 * that reappear are dropped. A
 * hash table maps each key to its last hit, so this stays linear. */
static size_t
drop_toc(struct outline *o, size_t *h, size_t nh)
{
	struct slot {
		uint64_t	key;
		size_t		last;	/* index + 1 in h, 0 empty */
	}		*tab;
	size_t		 size = 16, mask, i, j, r, again, k;
	uint64_t	 key;

	if (nh < 3)
		return nh;
	while (size < nh * 2)
		size *= 2;
	mask = size - 1;
	tab = xcalloc(size, sizeof *tab);
	for (i = 0; i < nh; i++) {
		key = toc_key(&o->c[h[i]]);
		for (k = (size_t)(key * 0x9E3779B97F4A7C15ull >> 20) & mask;
		    tab[k].last != 0 && tab[k].key != key; k = (k + 1) & mask)
			continue;
		tab[k].key = key;
		tab[k].last = i + 1;
	}
	for (i = 0; i < nh; i = j + 1) {
		for (j = i; j + 1 < nh && body_chars(&o->c[h[j]],
		    o->c[h[j + 1]].at.chars) < 80; j++)
			continue;
		if (j - i + 1 < 3)
			continue;
		for (r = i, again = 0; r <= j; r++) {
			key = toc_key(&o->c[h[r]]);
			for (k = (size_t)(key * 0x9E3779B97F4A7C15ull >> 20) &
			    mask; tab[k].key != key; k = (k + 1) & mask)
				continue;
			if (tab[k].last - 1 > r) {
				again++;
				o->c[h[r]].flags |= C_TOC;
			}
		}
		/* Only the entries: the first heading may follow the list
		 * closely (Contents, then THE PREFACE), and it is not seen
		 * again. */
		for (r = i; r <= j; r++)
			if (o->c[h[r]].flags & C_TOC) {
				o->c[h[r]].flags &= ~C_TOC;
				if (again * 2 >= j - i + 1)
					o->c[h[r]].flags |= C_DROP;
			}
	}
	free(tab);
	return without_dropped(o, h, nh);
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t	x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* A family's evidence (SECTIONS.md §5, family selection). */
struct fstat {
	size_t		 hits, spaced, numbered, inseq;
	double		 seq, cover;
	uint64_t	 gap;		/* median characters between hits */
};

static void
fam_eval(const struct outline *o, const size_t *h, size_t nh, int glued,
    struct fstat *fs)
{
	const struct cand	*c, *prev = NULL;
	uint64_t		*gaps = xreallocarray(NULL, nh + 1, sizeof *gaps);
	uint64_t		 last = 0, first = 0;
	size_t			 i, ng = 0;
	int32_t			 pn = -1;

	memset(fs, 0, sizeof *fs);
	for (i = 0; i < nh; i++) {
		c = &o->c[h[i]];
		if ((c->flags & C_GLUED) && !glued)
			continue;
		if (fs->hits++ == 0) {
			first = c->at.chars;
			fs->spaced = 1;
			last = c->at.chars;
		} else if (c->at.chars >= last + 500) {
			fs->spaced++;
			last = c->at.chars;
		}
		if (c->num >= 0) {
			if (fs->numbered++ > 0 && (c->num == pn + 1 ||
			    (c->num <= 1 && pn >= 1)))
				fs->inseq++;
			pn = c->num;
		}
		if (prev != NULL)
			gaps[ng++] = body_chars(prev, c->at.chars);
		prev = c;
	}
	if (fs->numbered > 1)
		fs->seq = (double)fs->inseq / (double)(fs->numbered - 1);
	if (o->chars > 0 && fs->hits > 0)
		fs->cover = (double)(o->chars - first) / (double)o->chars;
	if (ng > 0) {
		qsort(gaps, ng, sizeof *gaps, cmp_u64);
		fs->gap = gaps[ng / 2];
	}
	free(gaps);
}

static int
fam_passes(int fam, const struct fstat *fs, int strict)
{
	strict |= outline_families[fam].strict;
	return fs->spaced >= (strict ? 3u : 2u) &&
	    fs->numbered >= (strict ? 3u : 2u) &&
	    fs->seq >= (strict ? 0.8 : 0.6) && fs->cover >= 0.5 &&
	    fs->gap >= 50;
}

/* Whether a family is accepted, and its strength (spaced hits). Titles
 * glued to the unit count only once delimited hits confirm the family, or
 * under the strict thresholds when a book never delimits. */
static size_t
fam_accept(const struct outline *o, int fam, const size_t *h, size_t nh)
{
	struct fstat	fs;

	fam_eval(o, h, nh, 0, &fs);
	if (fam_passes(fam, &fs, 0))
		return fs.spaced;
	fam_eval(o, h, nh, 1, &fs);
	if (fs.hits > 0 && fam_passes(fam, &fs, 1))
		return fs.spaced;
	return 0;
}

/* The next numbered hit's number after h[i], -1 if none. */
static int32_t
next_num(const struct outline *o, const size_t *h, size_t nh, size_t i)
{
	for (i++; i < nh; i++)
		if (o->c[h[i]].num >= 0)
			return o->c[h[i]].num;
	return -1;
}

/* Drop single hits that break the accepted sequence and either have less
 * than 200 characters of body or are followed by the number the sequence
 * expected (第3名 between 第三章 and 第四章). */
static size_t
repair(struct outline *o, size_t *h, size_t nh)
{
	size_t		i, k = 0;
	int32_t		last = -1, n, nx;
	uint64_t	until;
	int		ok;

	for (i = 0; i < nh; i++) {
		struct cand	*c = &o->c[h[i]];

		if ((n = c->num) < 0) {
			h[k++] = h[i];
			continue;
		}
		nx = next_num(o, h, nh, i);
		if (last < 0)
			ok = n <= 1 || nx < 0 || nx == n + 1;
		else
			ok = n == last + 1 || n == last ||
			    (n <= 1 && (nx < 0 || nx == n + 1));
		until = i + 1 < nh ? o->c[h[i + 1]].at.chars : o->chars;
		if (!ok && (body_chars(c, until) < 200 ||
		    (last >= 0 && nx == last + 1) ||
		    (last < 0 && nx >= 0 && nx <= 1))) {
			c->flags |= C_DROP;
			continue;
		}
		last = n;
		h[k++] = h[i];
	}
	return k;
}

/* Keyword headings (序言, 附录, 参考文献: num -1) whose own family was not
 * accepted sit at the top rank of the families that were: an article
 * numbered 一、二、 ends with 附录 and 参考链接 at the level of its parts. */
static void
keywords_join(struct outline *o, const int *used, size_t kept)
{
	size_t	i, r;

	for (r = 0; r < RANK_N && !used[r]; r++)
		continue;
	if (r == RANK_N || kept < 2)
		return;
	for (i = 0; i < o->nc; i++) {
		struct cand	*c = &o->c[i];

		if (c->fam != FAM_CHAPTER || c->num >= 0 ||
		    c->how != HOW_NONE || !usable(o, c))
			continue;
		cand_keep(c, HOW_PATTERN, r);
	}
}

/* Stage 2: pattern families, at most one per rank, levels by rank. */
static size_t
select_patterns(struct outline *o, int base)
{
	size_t	 count[FAM_N], start[FAM_N + 1], strength[RANK_N], *idx;
	size_t	 i, f, r, kept = 0, s;
	int	 best[RANK_N], level[RANK_N], used[RANK_N], lv;

	memset(count, 0, sizeof count);
	memset(strength, 0, sizeof strength);
	memset(used, 0, sizeof used);
	for (i = 0; i < o->nc; i++)
		if (o->c[i].fam != FAM_NONE && usable(o, &o->c[i]))
			count[o->c[i].fam]++;
	for (f = 0, start[0] = 0; f < FAM_N; f++)
		start[f + 1] = start[f] + count[f];
	idx = xreallocarray(NULL, start[FAM_N] + 1, sizeof *idx);
	memset(count, 0, sizeof count);
	for (i = 0; i < o->nc; i++)
		if (o->c[i].fam != FAM_NONE && usable(o, &o->c[i])) {
			f = o->c[i].fam;
			idx[start[f] + count[f]++] = i;
		}
	for (r = 0; r < RANK_N; r++)
		best[r] = -1;
	for (f = 1; f < FAM_N; f++) {
		size_t	*h = idx + start[f];

		if (count[f] < 2)
			continue;
		count[f] = dedupe(o, h, count[f]);
		count[f] = drop_toc(o, h, count[f]);
		s = fam_accept(o, (int)f, h, count[f]);
		r = (size_t)outline_families[f].rank;
		if (s > strength[r]) {
			strength[r] = s;
			best[r] = (int)f;
		}
	}
	for (r = 0; r < RANK_N; r++) {
		size_t	*h, nh;

		if (best[r] < 0)
			continue;
		h = idx + start[best[r]];
		nh = repair(o, h, count[best[r]]);
		for (i = 0; i < nh; i++) {
			cand_keep(&o->c[h[i]], HOW_PATTERN, r);
			used[r] = 1;
			if (o->c[h[i]].vnum >= 0)
				used[0] = 1;
			kept++;
		}
	}
	keywords_join(o, used, kept);
	for (r = 0, lv = base; r < RANK_N; r++)
		level[r] = used[r] ? (lv < 6 ? lv++ : 6) : 0;
	for (i = 0; i < o->nc; i++) {
		struct cand	*c = &o->c[i];

		if (c->how != HOW_PATTERN)
			continue;
		c->level = (uint8_t)level[c->level];
		c->vlevel = (uint8_t)level[0];
	}
	free(idx);
	return kept;
}

/* A short line that may title a group of numbered sections: a stage-3
 * candidate (no sentence, dialogue or furniture), one sentence at most,
 * isolated by a blank line or a paragraph's end above it. */
static int
title_shape(const struct cand *c)
{
	return (c->flags & C_S3) && c->how == HOW_NONE &&
	    !(c->flags & (C_INNER_TERM | C_CONNECTIVE | C_DROP)) &&
	    c->width <= GATE_COLS && (c->flags & (C_BLANK_BEFORE | C_PREV_END));
}

/* The title above a hit that starts or restarts its numbering, or NULL:
 * the title-shaped line directly above it, or the one above that when the
 * line between is title-shaped too (a byline or an epigraph sits between a
 * title and its first section, never above the title). */
static struct cand *
parent_above(struct outline *o, size_t hi)
{
	struct cand	*h = &o->c[hi], *a, *b;

	if (hi == 0 || h->num < 0 || h->num > 1 || h->at.nb == 0)
		return NULL;
	a = &o->c[hi - 1];
	if (a->at.nb + 1 != h->at.nb || !title_shape(a))
		return NULL;
	if (hi >= 2 && a->at.nb > 0) {
		b = &o->c[hi - 2];
		if (b->at.nb + 1 == a->at.nb && title_shape(b) &&
		    (b->flags & C_BLANK_BEFORE)) {
			a->flags |= C_DROP;	/* the byline */
			return b;
		}
	}
	return a;
}

/* Titles over numbered groups (a story collection: each story's title,
 * then its sections 一 二 三 restarting at 一). Two or more starts of the
 * top pattern family with a title above confirm the structure: the titles
 * become headings at base and every pattern heading moves one level down.
 * Lines laid out like the confirmed titles (indented or centred alike,
 * blank lines around, no wider) are titles too: a story without sections.
 * Returns the number of titles. */
static size_t
select_parents(struct outline *o, int base)
{
	size_t		i, n = 0;
	unsigned	lo = UINT16_MAX, hi = 0, wmax = 0;
	int		top = 7, laid = 1, alike;
	struct cand	*t;

	for (i = 0; i < o->nc; i++)
		if (o->c[i].how == HOW_PATTERN && o->c[i].level < top)
			top = o->c[i].level;
	for (i = 0; i < o->nc; i++) {
		if (o->c[i].how != HOW_PATTERN || o->c[i].level != top ||
		    (t = parent_above(o, i)) == NULL)
			continue;
		t->flags |= C_TITLE;
		n++;
	}
	if (n < 2) {
		for (i = 0; i < o->nc; i++)
			o->c[i].flags &= ~C_TITLE;
		return 0;
	}
	for (i = 0; i < o->nc; i++) {
		t = &o->c[i];
		if (!(t->flags & C_TITLE))
			continue;
		laid &= t->indent >= 3 && (t->flags & C_BLANK_BEFORE) &&
		    (t->flags & C_BLANK_AFTER);
		lo = t->indent < lo ? t->indent : lo;
		hi = t->indent > hi ? t->indent : hi;
		wmax = t->width > wmax ? t->width : wmax;
	}
	for (i = 0; i < o->nc; i++) {
		t = &o->c[i];
		alike = laid && (t->flags & C_BLANK_BEFORE) &&
		    (t->flags & C_BLANK_AFTER) && (unsigned)t->indent + 4 >= lo &&
		    t->indent <= hi + 4 && (unsigned)t->width <= wmax + 4;
		/* A keyword heading laid out like the titles (序　言) is one. */
		if (t->how == HOW_PATTERN && t->num < 0 && alike) {
			t->level = (uint8_t)base;
			continue;
		}
		if (t->how == HOW_PATTERN) {
			t->level = (uint8_t)(t->level < 6 ? t->level + 1 : 6);
			t->vlevel = (uint8_t)(t->vlevel < 6 ? t->vlevel + 1 : 6);
			continue;
		}
		if (!(t->flags & C_TITLE) && !(alike && title_shape(t)))
			continue;
		cand_keep(t, HOW_GUESS, base);
	}
	return n;
}

/* Terms and their definitions (a command reference: "docker build", then
 * "docker build命令用于…"): three or more short lines, each followed by a
 * line that starts with its text, are headings one level below the heading
 * they follow (base if none). Returns how many. */
static size_t
select_terms(struct outline *o, int base)
{
	size_t	i, n = 0;
	int	level = base;

	for (i = 0; i < o->nc; i++)
		n += (o->c[i].flags & C_DEFINES) && o->c[i].how == HOW_NONE &&
		    usable(o, &o->c[i]);
	if (n < 3)
		return 0;
	for (i = 0; i < o->nc; i++) {
		struct cand	*c = &o->c[i];

		if ((c->flags & C_KEEP) && !(c->flags & C_DEFINES))
			level = c->level < 6 ? c->level + 1 : 6;
		if (!(c->flags & C_DEFINES) || c->how != HOW_NONE ||
		    !usable(o, c))
			continue;
		cand_keep(c, HOW_GUESS, level);
	}
	return n;
}

/* The candidate's text ends with a question mark. */
static int
cand_question(const struct outline *o, const struct cand *c)
{
	size_t	at;

	return c->textlen > 0 &&
	    outline_last_unquoted(o->pool + c->text, c->textlen, &at) == '?';
}

/* c answers the question directly above it: a short question after a
 * paragraph, then c (什么是容器？ / 容器是一种…). The question is the
 * heading; its answer is body, never a heading. */
static int
answers(const struct outline *o, const struct cand *c)
{
	const struct cand	*q;
	size_t			 i = (size_t)(c - o->c);

	if (i == 0)
		return 0;
	q = &o->c[i - 1];
	return q->at.nb + 1 == c->at.nb && (q->flags & C_S3) &&
	    (q->flags & C_PREV_END) && q->prev_width >= 40 &&
	    cand_question(o, q);
}

/* The line below c answers it. */
static int
answered(const struct outline *o, const struct cand *c)
{
	size_t	i = (size_t)(c - o->c);

	return i + 1 < o->nc && answers(o, &o->c[i + 1]);
}

/* The short line directly above c, when it may head c: a title-shaped
 * stage-3 candidate that follows a paragraph (a long line that ended one)
 * while c itself heads a paragraph or a table. Two short lines between
 * paragraphs are a heading and its first sub-heading (可选步骤 / 容器),
 * not a run of verse or list items. NULL if none. */
static const struct cand *
parent_line(const struct outline *o, const struct cand *c)
{
	const struct cand	*a;
	size_t		 i = (size_t)(c - o->c);

	if (i == 0)
		return NULL;
	a = &o->c[i - 1];
	if (a->at.nb + 1 != c->at.nb || !(a->flags & C_S3) ||
	    !(a->flags & C_PREV_END) || a->prev_width < 40 ||
	    (a->flags & (C_INNER_TERM | C_CONNECTIVE | C_LABEL_COLON)) ||
	    cand_question(o, a))
		return NULL;
	if (!(c->flags & C_NEXT_TABLE) && (c->next_width < 40 ||
	    c->next_width < 2 * c->width))
		return NULL;
	return a;
}

/* c is under a parent: the line directly above may head it, or c follows
 * the one line ending in a colon that is the whole body of the heading
 * above (态势感知 / 以下是一些提示： / 什么时候…). */
static int
under_parent(const struct outline *o, const struct cand *c)
{
	const struct cand	*a;
	size_t			 i = (size_t)(c - o->c);

	if (parent_line(o, c) != NULL)
		return 1;
	if (i == 0)
		return 0;
	a = &o->c[i - 1];
	return a->at.nb + 2 == c->at.nb && (a->flags & C_S3) &&
	    (a->flags & C_NEXT_COLON) && (a->flags & C_PREV_END);
}

/* Stage-3 score of one candidate (SECTIONS.md §6). */
static float
s3_score(const struct outline *o, const struct profile *p, const struct cand *c)
{
	float		s = 0;
	unsigned	mid2;
	int		is_short;

	is_short = c->width <= GATE_COLS && c->width < 0.35 * p->median;
	/* Hard-wrapped, every line is short: widths count against the wrap
	 * width (SECTIONS.md §9.5). A line that stops well short of it after
	 * a paragraph's end is a block of its own. */
	if (!is_short && p->wrap > 0 && c->width <= GATE_COLS &&
	    4 * c->width <= 3 * p->wrap && (c->flags & C_PREV_END))
		is_short = 1;
	if (is_short)
		s += 1.5f;
	else if (p->wrap > 0)
		return -10;	/* hard-wrapped: every body line looks alone */
	if ((p->wrap > 0 || p->blanks) &&
	    !(c->flags & (C_BLANK_BEFORE | C_PREV_END)))
		return -10;	/* the tail of a wrapped paragraph */
	if (c->flags & C_INNER_TERM)
		s -= 2;
	if (c->flags & C_CONNECTIVE)
		s -= 1.5f;
	if ((c->next_width >= 2 * c->width && c->next_width >= 40) ||
	    (c->flags & C_NEXT_TABLE))
		s += 1;		/* heads a paragraph or a table */
	if (c->flags & C_PREV_END)
		s += 0.5f;
	/* In a run of short lines (verse, a list) rather than between
	 * paragraphs: not in SECTIONS.md's table, added for poems in pastes. */
	if (answers(o, c))
		return -10;
	if ((c->next_width > 0 && c->next_width < 0.35 * p->median &&
	    !(c->flags & (C_NEXT_TABLE | C_NEXT_COLON)) && !answered(o, c)) ||
	    (c->prev_width > 0 &&
	    c->prev_width < 0.35 * p->median && !(c->flags & C_PREV_END) &&
	    !under_parent(o, c)))
		s -= 2;
	if (c->flags & C_TITLE_PUNCT)
		s += 1;
	mid2 = 2 * c->indent + c->width;	/* twice the line's centre */
	if (p->wrap > 0 && c->indent >= 3 && mid2 + 6 >= p->wrap &&
	    mid2 <= p->wrap + 6)
		s += 2;		/* centred */
	else if (p->wrap > 0 && c->indent > 0 && mid2 > p->wrap + 6)
		return -10;	/* right-aligned: a date or a signature */
	else if (is_short && c->indent >= p->para_indent + 4)
		s += 2;
	if (p->blanks && (c->flags & C_BLANK_BEFORE) &&
	    (c->flags & C_BLANK_AFTER))
		s += 1;
	if (c->at.nb < o->nb / 20 || c->at.nb >= o->nb - o->nb / 20)
		s -= 1;
	return s;
}

struct hashidx {
	uint32_t	hash;
	size_t		i;
};

static int
cmp_hashidx(const void *a, const void *b)
{
	const struct hashidx	*x = a, *y = b;

	return x->hash < y->hash ? -1 : x->hash > y->hash;
}

/* A short text repeated three times or more is a label ("Examples",
 * "Type: End-of-Life"), not a heading. */
static size_t
drop_repeated(struct outline *o, size_t *h, size_t nh)
{
	struct hashidx	*v = xreallocarray(NULL, nh + 1, sizeof *v);
	size_t		 i, j, k;

	for (i = 0; i < nh; i++) {
		v[i].hash = o->c[h[i]].hash;
		v[i].i = h[i];
	}
	qsort(v, nh, sizeof *v, cmp_hashidx);
	for (i = 0; i < nh; i = j) {
		for (j = i; j < nh && v[j].hash == v[i].hash; j++)
			continue;
		for (k = i; j - i >= 3 && k < j; k++)
			o->c[v[k].i].flags |= C_DROP;
	}
	free(v);
	return without_dropped(o, h, nh);
}

/* Too close: fewer than 3 paragraphs and 300 characters between, unless
 * the first heads a paragraph line of its own or a sentence ending in a
 * colon that introduces what follows (a short section). */
static int
too_close(const struct cand *a, const struct cand *b)
{
	if (b->at.nb - a->at.nb - 1 >= 3 || body_chars(a, b->at.chars) >= 300)
		return 0;
	if (b->at.nb - a->at.nb - 1 == 0)
		return 1;
	return !(a->flags & C_NEXT_COLON) && (a->next_width < 40 ||
	    a->next_width < 2 * a->width);
}

/* Sub-headings of one group share a shape: labels with a colon (优点：,
 * 缺点：), heads of tables, or the first two characters (什么时候…). */
static int
same_shape(const struct outline *o, const struct cand *a, const struct cand *b)
{
	if ((a->flags & b->flags & C_LABEL_COLON) ||
	    (a->flags & b->flags & C_NEXT_TABLE))
		return 1;
	return a->textlen >= 6 && b->textlen >= 6 &&
	    (unsigned char)o->pool[a->text] >= 0xE3 &&
	    memcmp(o->pool + a->text, o->pool + b->text, 6) == 0;
}

/* Guessed headings are kept only with their structure: a colon label
 * only with a sibling label; a parent over each group of sub-headings (the
 * short line directly above the first, or a heading whose whole body is
 * one line ending in a colon that introduces them). */
static void
guess_parents(struct outline *o)
{
	const struct cand	*a;
	size_t			 i, labels = 0, last = 0;

	for (i = 0; i < o->nc; i++)
		labels += o->c[i].how == HOW_GUESS &&
		    (o->c[i].flags & C_LABEL_COLON);
	for (i = 0; i < o->nc; i++) {
		struct cand	*c = &o->c[i];

		if (c->how != HOW_GUESS)
			continue;
		if ((c->flags & C_LABEL_COLON) && labels < 2) {
			c->flags &= ~C_KEEP;
			c->how = HOW_NONE;
			continue;
		}
		if ((a = parent_line(o, c)) != NULL && a->how == HOW_NONE) {
			o->c[i - 1].flags |= C_KEEP | C_PARENT;
			o->c[i - 1].how = HOW_GUESS;
		}
		if (last > 0 && (o->c[last - 1].flags & C_NEXT_COLON) &&
		    o->c[last - 1].at.nb + 2 == c->at.nb)
			o->c[last - 1].flags |= C_PARENT;
		last = i + 1;
	}
}

/* Levels of guessed headings: a parent at base, its group of sub-headings
 * (the first and those of the same shape) one level down; outside groups,
 * a heading of a table is a sub-heading of the section it is in. */
static void
guess_structure(struct outline *o, int base)
{
	const struct cand	*first = NULL;
	size_t			 i, seen = 0;
	int			 group = 0, sub = base < 6 ? base + 1 : 6;

	guess_parents(o);
	for (i = 0; i < o->nc; i++) {
		struct cand	*c = &o->c[i];

		if (c->how != HOW_GUESS)
			continue;
		c->level = (uint8_t)base;
		if (c->flags & C_PARENT) {
			group = 1;
			first = NULL;
		} else if (group && (first == NULL ||
		    same_shape(o, first, c))) {
			c->level = (uint8_t)sub;
			first = first != NULL ? first : c;
		} else {
			group = 0;
			if ((c->flags & C_NEXT_TABLE) && seen > 0)
				c->level = (uint8_t)sub;
		}
		seen++;
	}
}

/* Stage 3: score short lines and choose the set globally. */
static size_t
select_guess(struct outline *o, const struct profile *p, int base)
{
	size_t		*h, nh = 0, i, k;
	uint64_t	*sizes, median;

	if (o->s3_off || o->chars < 1500)
		return 0;
	h = xreallocarray(NULL, o->nc + 1, sizeof *h);
	for (i = 0; i < o->nc; i++)
		if ((o->c[i].flags & C_S3) && usable(o, &o->c[i]))
			h[nh++] = i;
	nh = drop_toc(o, h, nh);
	nh = drop_repeated(o, h, nh);
	for (i = k = 0; i < nh; i++) {
		struct cand	*c = &o->c[h[i]];

		c->score = s3_score(o, p, c);
		if (c->score < 2)
			continue;
		if (k > 0 && too_close(&o->c[h[k - 1]], c)) {
			if (c->score > o->c[h[k - 1]].score)
				h[k - 1] = h[i];
			continue;
		}
		h[k++] = h[i];
	}
	nh = k;
	/* A section under a quarter of the median size costs a point. */
	if (nh >= 3) {
		sizes = xreallocarray(NULL, nh, sizeof *sizes);
		for (i = 0; i < nh; i++)
			sizes[i] = (i + 1 < nh ? o->c[h[i + 1]].at.chars :
			    o->chars) - o->c[h[i]].at.chars;
		qsort(sizes, nh, sizeof *sizes, cmp_u64);
		median = sizes[nh / 2];
		for (i = 0, k = 0; i < nh; i++) {
			struct cand	*c = &o->c[h[i]];
			uint64_t	 sz = (i + 1 < nh ? o->c[h[i + 1]].at.chars :
			    o->chars) - c->at.chars;

			/* (not one whose body introduces what follows) */
			if (4 * sz < median && c->score - 1 < 2 &&
			    !(c->flags & C_NEXT_COLON))
				continue;
			h[k++] = h[i];
		}
		nh = k;
		free(sizes);
	}
	if (nh >= 2)
		for (i = 0; i < nh; i++) {
			cand_keep(&o->c[h[i]], HOW_GUESS, base);
		}
	free(h);
	if (nh >= 2)
		guess_structure(o, base);
	return nh >= 2 ? nh : 0;
}

/* ---------------------------------------------------------------------- */
/* Sections */

/* The section table from the kept candidates, whatever stage kept them
 * (outline_sec.c). */
static void
build(struct outline *o)
{
	size_t	i;

	outline_sec_begin(o);
	for (i = 0; i < o->nc && !cancelled(o, i); i++)
		if (o->c[i].flags & C_KEEP)
			outline_sec_add(o, &o->c[i]);
	outline_sec_end(o);
}

int
outline_is_markdown(const struct outline *o)
{
	return o != NULL && o->finished && o->is_md;
}

void
outline_finish(struct outline *o, size_t doc_len)
{
	struct profile	p;
	size_t		i, n = 0, np;

	if (o == NULL || o->finished)
		return;
	o->finished = 1;
	o->doc_len = doc_len;
	o->pend_cont = o->pend_next = 0;
	o->is_md = o->md == 1 || (o->md == -1 && o->md_atx >= 2 &&
	    o->md_other >= 1);
	profile(o, &p);
	if (o->has_re) {
		for (i = 0; i < o->nc; i++)
			if (o->c[i].mkind == MK_REGEX) {
				cand_keep(&o->c[i], HOW_MARKUP, 1);
			}
	} else if (!o->none && (n = select_markup(o)) < 2 &&
	    !cancelled(o, 0)) {
		/* Stage 3 only when the patterns found fewer than two. */
		if ((np = select_patterns(o, (int)n + 1)) >= 2)
			select_parents(o, (int)n + 1);
		else if (!cancelled(o, 0)) {
			for (i = 0; i < o->nc; i++)
				if (o->c[i].how == HOW_PATTERN) {
					o->c[i].flags &= ~C_KEEP;
					o->c[i].how = HOW_NONE;
				}
			select_guess(o, &p, (int)n + 1);
		}
		if (!cancelled(o, 0))
			select_terms(o, (int)n + 1);
	}
	if (cancelled(o, 0))
		return;
	if (n >= 2)
		outline_sec_end(o);	/* select_markup() built the table */
	else
		build(o);
}

