/* view_toc: the contents list for books of thousands of sections. Entries
 * are the outline's sections; the list shows a row for each entry that is
 * neither folded away nor filtered out. A section with sub-sections (the
 * parts of a long novel, the novels of a collection) folds them with Space
 * or the arrows; over FOLD_OVER entries the top-level parts start folded,
 * but never the one the reader is in. `/` filters as one types (a title
 * substring, folded as search folds: full/half width, and case unless the
 * pattern has capitals), and the filtered list is flat.
 *
 * Data model: toc_rows[0..toc_nrows) are the entry numbers shown, in
 * order; toc_folded[e] (toc_nent of them, the outline's count when built)
 * says entry e hides its sub-sections; toc_filter is the folded pattern,
 * NULL for none. sel and list_top count rows. Before the scan ends the list
 * is empty and fills in when the outline arrives (view_poll). */
#define _GNU_SOURCE		/* memmem */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "outline.h"
#include "status.h"
#include "ustr.h"
#include "util.h"
#include "view.h"
#include "view_int.h"

#define FOLD_OVER	200	/* more entries than this: parts start folded */
#define TITLE_CELLS	200	/* cells of a title a row shows, at most */

void
view_toc_drop(struct view *v)
{
	UTIL_FREE_NULL(v->toc_rows);
	UTIL_FREE_NULL(v->toc_folded);
	UTIL_FREE_NULL(v->toc_filter);
	UTIL_FREE_NULL(v->toc_typed);
	v->toc_nrows = v->toc_nent = 0;
}

/* Entry e has sub-sections: the next entry is deeper. */
static int
has_children(const struct outline *o, size_t e)
{
	return e + 1 < outline_count(o) &&
	    outline_get(o, e + 1)->level > outline_get(o, e)->level;
}

/* The title of e folded for matching (caller frees). */
static char *
fold_title(const struct outline_section *s, int casefold, size_t *n)
{
	return ustr_fold(s->title, strlen(s->title), casefold, n, NULL);
}

/* The rows: every entry not under a folded one, or with a filter every
 * entry whose title holds it. */
static void
toc_rows_build(struct view *v, const struct outline *o)
{
	size_t	n = outline_count(o), e, flen = 0, tlen;
	int	hide = 0, casefold = 0;	/* hide: level of the folded entry */
	char	*t;

	v->toc_rows = xreallocarray(v->toc_rows, n > 0 ? n : 1,
	    sizeof *v->toc_rows);
	v->toc_nrows = 0;
	if (v->toc_filter != NULL) {
		flen = strlen(v->toc_filter);
		casefold = v->toc_casefold;
	}
	for (e = 0; e < n; e++) {
		const struct outline_section *s = outline_get(o, e);

		if (v->toc_filter != NULL) {
			t = fold_title(s, casefold, &tlen);
			if (memmem(t, tlen, v->toc_filter, flen) != NULL)
				v->toc_rows[v->toc_nrows++] = e;
			free(t);
			continue;
		}
		if (hide > 0 && s->level > hide)
			continue;
		hide = v->toc_folded[e] ? s->level : 0;
		v->toc_rows[v->toc_nrows++] = e;
	}
}

/* The row showing entry e, or the first after it (or the last row). */
static size_t
row_of(const struct view *v, size_t e)
{
	size_t	lo = 0, hi = v->toc_nrows;

	while (lo < hi) {
		size_t	mid = lo + (hi - lo) / 2;

		if (v->toc_rows[mid] < e)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < v->toc_nrows ? lo : v->toc_nrows > 0 ? v->toc_nrows - 1 : 0;
}

/* Unfold the entries that hold e, so that it has a row. */
static void
unfold_to(struct view *v, const struct outline *o, size_t e)
{
	int	level = outline_get(o, e)->level;

	while (e-- > 0 && level > 1)
		if (outline_get(o, e)->level < level) {
			v->toc_folded[e] = 0;
			level = outline_get(o, e)->level;
		}
}

/* Select entry e, unfolding what hides it. */
static void
select_entry(struct view *v, const struct outline *o, size_t e)
{
	if (v->toc_filter == NULL) {
		unfold_to(v, o, e);
		toc_rows_build(v, o);
	}
	v->sel = row_of(v, e);
	view_list_show_sel(v, v->toc_nrows);
}

void
view_toc_open(struct view *v)
{
	const struct outline	*o = view_outline(v);
	size_t			 n = o != NULL ? outline_count(o) : 0, e;
	ssize_t			 cur;

	if (o == NULL) {
		v->toc_nrows = 0;
		v->sel = v->list_top = 0;
		return;
	}
	/* The outline of this run, once: folds stay as the reader left them
	 * from one opening to the next. */
	if (v->toc_folded == NULL || v->toc_nent != n) {
		free(v->toc_folded);
		v->toc_folded = xcalloc(n > 0 ? n : 1, 1);
		v->toc_nent = n;
		for (e = 0; e < n && n > FOLD_OVER; e++)
			v->toc_folded[e] = outline_get(o, e)->level == 1 &&
			    has_children(o, e);
	}
	toc_rows_build(v, o);
	cur = outline_at(o, view_top_off(v));
	v->list_top = 0;
	v->sel = 0;
	if (cur >= 0)
		select_entry(v, o, (size_t)cur);
	/* The current entry in the middle of the screen when it is far down. */
	if (v->sel >= (size_t)v->text_rows)
		v->list_top = v->sel - (size_t)v->text_rows / 2;
}

size_t
view_toc_entry(const struct view *v, size_t row)
{
	return row < v->toc_nrows ? v->toc_rows[row] : (size_t)-1;
}

/* Space (how 0): fold or unfold the selected entry's sub-sections; Left
 * (-1): fold them, or on a sub-section go to the entry over it and fold
 * that; Right (1): unfold. */
int
view_toc_fold(struct view *v, int how)
{
	const struct outline	*o = view_outline(v);
	size_t			 e;

	if (o == NULL || v->toc_filter != NULL || v->sel >= v->toc_nrows)
		return 0;
	e = v->toc_rows[v->sel];
	if (how < 0 && (!has_children(o, e) || v->toc_folded[e])) {
		int	level = outline_get(o, e)->level;

		while (e > 0 && outline_get(o, e)->level >= level)
			e--;
		if (outline_get(o, e)->level >= level)
			return 0;
	}
	if (!has_children(o, e))
		return 0;
	v->toc_folded[e] = how == 0 ? !v->toc_folded[e] : how < 0;
	toc_rows_build(v, o);
	v->sel = row_of(v, e);
	view_list_show_sel(v, v->toc_nrows);
	return VIEW_DRAW | VIEW_STATUS;
}

int
view_toc_filter(struct view *v, const char *pat, size_t len)
{
	const struct outline	*o = view_outline(v);
	size_t			 e = v->sel < v->toc_nrows ? v->toc_rows[v->sel] : 0;
	size_t			 n;

	UTIL_FREE_NULL(v->toc_filter);
	UTIL_FREE_NULL(v->toc_typed);
	if (pat != NULL && len > 0) {
		v->toc_typed = xstrndup(pat, len);
		v->toc_casefold = !ustr_has_upper(pat, len);
		v->toc_filter = ustr_fold(pat, len, v->toc_casefold, &n, NULL);
	}
	if (o == NULL)
		return VIEW_STATUS;
	toc_rows_build(v, o);
	/* The selection stays on its entry, or the first one after it. */
	if (v->toc_filter == NULL)
		select_entry(v, o, e);
	else {
		v->sel = row_of(v, e);
		view_list_show_sel(v, v->toc_nrows);
	}
	return VIEW_DRAW | VIEW_STATUS | VIEW_CLEAR;
}

int
view_toc_goto(struct view *v, long n)
{
	const struct outline	*o = view_outline(v);

	if (o == NULL || outline_count(o) == 0)
		return 0;
	if (n < 1)
		n = 1;
	if ((size_t)n > outline_count(o))
		n = (long)outline_count(o);
	select_entry(v, o, (size_t)n - 1);
	return VIEW_DRAW | VIEW_STATUS;
}

/* A row: the current section marked, a part's fold state, the number
 * right-aligned (titles start in one column whatever the count), the
 * title indented by level; a folded part says how many entries it
 * hides. */
size_t
view_toc_text(struct view *v, size_t row, char *buf, size_t size,
    int *current)
{
	const struct outline		*o = view_outline(v);
	const struct outline_section	*s;
	char				 title[1024], num[32], more[32] = "";
	char				 shown[1024];
	const char			*t;
	size_t				 e, k, n;
	int				 digits, w;

	*current = 0;
	if (o == NULL || row >= v->toc_nrows)
		return 0;
	e = v->toc_rows[row];
	s = outline_get(o, e);
	n = outline_count(o);
	digits = snprintf(num, sizeof num, "%zu", n);
	*current = outline_at(o, view_top_off(v)) == (ssize_t)e;
	t = view_title(v, s->title, shown, sizeof shown);
	status_tidy(t, strlen(t), TITLE_CELLS, title, sizeof title);
	if (v->toc_filter == NULL && v->toc_folded[e]) {
		for (k = e + 1; k < n && outline_get(o, k)->level > s->level; k++)
			;
		snprintf(more, sizeof more, "  (%zu)", k - e - 1);
	}
	w = snprintf(buf, size, "%s%s %*zu  %*s%s%s",
	    *current ? "\xe2\x96\xb8" : " ",
	    !has_children(o, e) || v->toc_filter != NULL ? " " :
	    v->toc_folded[e] ? "+" : "-", digits, e + 1,
	    (s->level > 1 ? s->level - 1 : 0) * 2, "", title, more);
	return w < 0 ? 0 : (size_t)w;
}
