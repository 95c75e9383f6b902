/* outline_sec: the section table, built from the kept candidates, and the
 * lookups over it. Candidates are added in order (outline_sec_add), each
 * closing the section before it (its end, its reading minutes), so the
 * table is written in one pass over the candidates: a million Markdown
 * headings are kept and added in the one pass that reads them
 * (select_markup), and nothing reads the candidates or the table again
 * (issue 14: a million headings at the speed of plain text). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "markup.h"
#include "outline.h"
#include "outline_int.h"
#include "util.h"

/* A title of n bytes as the text shows it: inline markup hidden
 * (markup.h), the hidden bytes dropped, since a title is a string, not
 * doc bytes. Returns its length (the caller knows n: one scan of a
 * million titles, not two). */
static size_t
title_tidy(const struct outline *o, char *title, size_t n)
{
	size_t	i, k = 0;

	if (!markup_hide(title, n, o->is_md ? MARKUP_MARKDOWN : 0, NULL))
		return n;
	for (i = 0; i < n; i++)
		if (title[i] != '\n')
			title[k++] = title[i];
	title[k] = '\0';
	return k;
}

/* The section titles into a buffer of cap bytes (grown or shrunk), each
 * section's title pointer moved with them. */
static void
titles_move(struct outline *o, size_t cap)
{
	char	*t = xmalloc(cap);

	memcpy(t, o->titles, o->titles_len);
	for (size_t i = 0; i < o->nsec; i++)
		o->sec[i].title = t + (o->sec[i].title - o->titles);
	free(o->titles);
	o->titles = t;
	o->titles_cap = cap;
}

/* The tables are sized by bounds outline_sec_begin() proves (each kept
 * candidate's texts are its own range of the pool), so this never grows
 * them; it is there so that a wrong bound costs a copy, never a write
 * past the end. Titles are pointers: a new buffer rebases them. */
static void
sec_room(struct outline *o, size_t title_bytes)
{
	if (o->nsec == o->sec_cap) {
		o->sec_cap = o->sec_cap * 2 + 16;
		o->sec = xreallocarray(o->sec, o->sec_cap, sizeof *o->sec);
		o->secx = xreallocarray(o->secx, o->sec_cap, sizeof *o->secx);
	}
	if (o->titles_len + title_bytes > o->titles_cap)
		titles_move(o, (o->titles_len + title_bytes) * 2);
}

/* Section i ends at end, where the counters stand at cjk and words. */
static void
sec_close(struct outline *o, size_t i, size_t end, uint64_t cjk,
    uint64_t words)
{
	struct outline_section	*s = &o->sec[i];

	s->end = end;
	s->minutes = (double)(cjk - o->secx[i].cjk) /
	    OUTLINE_CJK_PER_MIN + (double)(words - o->secx[i].words) /
	    OUTLINE_WORDS_PER_MIN;
}

/* A section for c, its title t1 and t2 joined by a space; the one before
 * it ends here. */
static void
sec_add(struct outline *o, const struct cand *c, size_t off, size_t len,
    int level, const char *family, const char *t1, size_t n1, const char *t2,
    size_t n2)
{
	struct outline_section	*s;
	char			*title;

	if (o->nsec > 0 && off <= o->sec[o->nsec - 1].off)
		return;		/* offsets must increase, whatever was fed */
	sec_room(o, n1 + n2 + 2);
	title = o->titles + o->titles_len;
	memcpy(title, t1, n1);
	if (n2 > 0) {
		if (n1 > 0)
			title[n1++] = ' ';
		memcpy(title + n1, t2, n2);
		n1 += n2;
	}
	title[n1] = '\0';
	/* A NUL in the text ends the title, as it always did. */
	o->titles_len += title_tidy(o, title, strnlen(title, n1)) + 1;
	if (o->nsec > 0)
		sec_close(o, o->nsec - 1, off, c->at.cjk, c->at.words);
	s = &o->sec[o->nsec];
	memset(s, 0, sizeof *s);
	s->off = off;
	s->len = len;
	s->lineno = c->at.lineno;
	s->level = level < 1 ? 1 : level > 6 ? 6 : level;
	s->title = title;
	s->family = family;
	o->secx[o->nsec].cjk = c->at.cjk;
	o->secx[o->nsec].words = c->at.words;
	o->nsec++;
}

static const char *
cand_family(const struct cand *c)
{
	if (c->how == HOW_GUESS)
		return "guess";
	if (c->how == HOW_PATTERN)
		return outline_families[c->fam].name;
	return c->mkind == MK_REGEX ? "regex" : c->mkind == MK_AOZORA ?
	    "aozora" : "markdown";
}

/* An empty table, sized once by bounds: a kept candidate's title takes
 * at most its texts (ranges of the pool no other kept one has) and three
 * bytes, and it makes at most two sections (volume, chapter). Allocated,
 * not touched: the pages the bounds overstate are never written, so they
 * cost nothing, and outline_sec_end() gives the table's back. */
void
outline_sec_begin(struct outline *o)
{
	if (o->sec == NULL) {
		o->titles_cap = o->pool_len + 3 * o->nc + 1;
		o->sec_cap = 2 * o->nc + 1;
		o->titles = xmalloc(o->titles_cap);
		o->sec = xreallocarray(NULL, o->sec_cap, sizeof *o->sec);
		o->secx = xreallocarray(NULL, o->sec_cap, sizeof *o->secx);
		util_huge_pages(o->titles);
		util_huge_pages(o->sec);
		util_huge_pages(o->secx);
	}
	o->nsec = o->titles_len = 0;
	o->sec_vnum = -1;
}

/* The sections of a kept candidate: a volume and a chapter on one line
 * (第一卷 第一章) are two, the volume once per volume number. */
void
outline_sec_add(struct outline *o, const struct cand *c)
{
	const char	*pool = o->pool;

	if (c->how == HOW_PATTERN && c->vnum >= 0 && c->vnum != o->sec_vnum) {
		o->sec_vnum = c->vnum;
		sec_add(o, c, c->at.off, c->len, c->vlevel,
		    outline_families[FAM_VOLUME].name, pool + c->vtext,
		    c->vtextlen, NULL, 0);
		sec_add(o, c, c->at.off + c->split, c->len - c->split,
		    c->level, cand_family(c), pool + c->text, c->textlen,
		    pool + c->cont, c->contlen);
	} else
		sec_add(o, c, c->at.off, c->len, c->level, cand_family(c),
		    pool + c->text, c->textlen, pool + c->cont, c->contlen);
}

/* The last section ends at the end of the text. The candidates and their
 * pool are freed, as only the table is read once the outline is finished
 * (issue 14: the memory after the scan), and the table's unused room is
 * given back (a shrinking realloc keeps the entries in place or copies
 * them; the titles, which sections point to, are copied only when most of
 * their room is unused). */
void
outline_sec_end(struct outline *o)
{
	struct outline_section	*s;

	if (o->nsec > 0) {
		s = &o->sec[o->nsec - 1];
		sec_close(o, o->nsec - 1, o->doc_len > s->off ? o->doc_len :
		    s->off + s->len, o->cjk, o->words);
	}
	o->sec_cap = o->nsec + 1;
	o->sec = xreallocarray(o->sec, o->sec_cap, sizeof *o->sec);
	o->secx = xreallocarray(o->secx, o->sec_cap, sizeof *o->secx);
	if (o->titles_cap > 2 * o->titles_len + 65536)
		titles_move(o, o->titles_len + 1);
	util_table_free(o->c, o->capc * sizeof *o->c);
	free(o->pool);
	o->c = NULL;
	o->pool = NULL;
	o->nc = o->capc = o->pool_len = o->pool_cap = 0;
}

/* ---------------------------------------------------------------------- */
/* Lookups */

size_t
outline_count(const struct outline *o)
{
	return o != NULL ? o->nsec : 0;
}

const struct outline_section *
outline_get(const struct outline *o, size_t i)
{
	return o != NULL && i < o->nsec ? &o->sec[i] : NULL;
}

ssize_t
outline_at(const struct outline *o, size_t off)
{
	size_t	lo = 0, hi, mid;

	if (o == NULL)
		return -1;
	hi = o->nsec;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (o->sec[mid].off <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (ssize_t)lo - 1;
}

ssize_t
outline_find_heading(const struct outline *o, size_t off)
{
	ssize_t	i = outline_at(o, off);

	return i >= 0 && o->sec[i].off == off ? i : -1;
}

void
outline_left(const struct outline *o, size_t off, int in_section,
    double *cjk, double *words)
{
	double		frac;
	size_t		start, end;
	uint64_t	cjk0 = 0, words0 = 0, cjk1, words1;
	ssize_t		i;

	*cjk = *words = 0;
	if (o == NULL || !o->finished)
		return;
	i = outline_at(o, off);
	start = i < 0 ? 0 : o->sec[i].off;
	if (i >= 0) {
		cjk0 = o->secx[i].cjk;
		words0 = o->secx[i].words;
	}
	if ((size_t)(i + 1) < o->nsec) {
		end = o->sec[i + 1].off;
		cjk1 = o->secx[i + 1].cjk;
		words1 = o->secx[i + 1].words;
	} else {
		end = o->doc_len;
		cjk1 = o->cjk;
		words1 = o->words;
	}
	/* Within a section, by the byte fraction still ahead. */
	if (off < start)
		off = start;
	frac = end > start && off < end ? (double)(end - off) /
	    (double)(end - start) : 0;
	*cjk = frac * (double)(cjk1 - cjk0);
	*words = frac * (double)(words1 - words0);
	if (!in_section) {
		*cjk += (double)(o->cjk - cjk1);
		*words += (double)(o->words - words1);
	}
}

double
outline_minutes_left(const struct outline *o, size_t off, int in_section,
    int cjk_per_min, int words_per_min)
{
	double	cjk, words;

	outline_left(o, off, in_section, &cjk, &words);
	return cjk / (cjk_per_min > 0 ? cjk_per_min : OUTLINE_CJK_PER_MIN) +
	    words / (words_per_min > 0 ? words_per_min : OUTLINE_WORDS_PER_MIN);
}
