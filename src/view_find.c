/* view_find: the list of every match of the search (F), by section, and
 * the row of context a match shows there and in --grep.
 *
 * Data model: the search's counting thread keeps where each match starts
 * (search_list); find_groups are runs of consecutive matches in one
 * section (sec: 1-based, 0 before the first heading), built from those
 * starts as the count goes on (view_find_poll), at most GROUP_STEP
 * matches a poll so that a key is never held up. With sections known
 * (find_headed), a group has a row of its own (its title, its count)
 * before its matches' rows. find_shown[k] is the k-th group the filter
 * keeps (all without one), find_start[k] its first row; sel and
 * list_top count rows. Growth only appends rows, so the selection stays
 * put while the list fills (until the reader moves it, it goes to the
 * first match from where the list was opened, once counted); a new start
 * of the count (the outline
 * arrived, search_list's generation changed) groups everything again.
 * Nothing but the starts is stored: a row's text is made when drawn. */
#define _GNU_SOURCE		/* memmem */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "doc.h"
#include "layout.h"
#include "outline.h"
#include "search.h"
#include "status.h"
#include "ustr.h"
#include "util.h"
#include "view.h"
#include "view_int.h"

#define GROUP_STEP	(256 * 1024)	/* matches grouped per poll, at most */
#define CHUNK		4096		/* starts read from the search at once */
#define TITLE_CELLS	200		/* as the contents list shows a title */
#define MATCH_INDENT	"  "		/* before a match's row under its group */
#define PIECE_MAX	4096		/* bytes of one piece of a context row */

/* The context row ------------------------------------------------------- */

/* The length of the match that starts at off (0 if the search no longer
 * finds one there), from the matches of its paragraph, which c keeps
 * (c->para: the paragraph, when c->valid). */
static size_t
match_len(struct search *s, struct doc *d, size_t off,
    struct view_match_cache *c)
{
	size_t	lo, hi, mid, need = 0;
	int	costly;

	if (!c->valid || off < c->para.off || off > c->para.off + c->para.len) {
		c->valid = doc_para_at(d, off, &c->para) == 0;
		if (c->valid && (need = search_para(s, d, &c->para, c->m, c->cap,
		    &costly)) > c->cap) {
			c->m = xreallocarray(c->m, need, sizeof *c->m);
			c->cap = need;
			need = search_para(s, d, &c->para, c->m, c->cap, &costly);
		}
		c->n = !c->valid ? 0 : need < c->cap ? need : c->cap;
	}
	for (lo = 0, hi = c->n; lo < hi; ) {	/* the match at off */
		mid = lo + (hi - lo) / 2;
		if (c->m[mid].off < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < c->n && c->m[lo].off == off ? c->m[lo].len : 0;
}

void
view_match_cache_free(struct view_match_cache *c)
{
	free(c->m);
	memset(c, 0, sizeof *c);
}

/* Pieces of a row made safe to show (ustr_show_text), each at most
 * PIECE_MAX bytes. */
struct piece {
	char	 s[PIECE_MAX];
	size_t	 len, cells;
};

static void
piece_make(struct piece *p, const char *text, size_t n)
{
	p->len = ustr_show_text(text, n, p->s, sizeof p->s);
	if (p->len >= sizeof p->s)
		p->len = strlen(p->s);
	p->cells = ustr_strwidth(p->s, p->len);
}

/* before, match and after joined into buf within cells: all of them if
 * they fit; else the match with what follows it cut with "…", and when
 * the match would not show, the row's start too, "…" in its place. */
static size_t
context_join(struct piece *pc, size_t cells, char *buf, size_t size,
    size_t *hl_off, size_t *hl_len)
{
	struct piece	*b = &pc[0], *m = &pc[1], *a = &pc[2];
	char		 after[PIECE_MAX], mcut[PIECE_MAX];
	size_t		 from = 0, lead = 0, mc = m->cells, rest, used;
	int		 n;

	if (mc + 1 > cells) {	/* the match alone is too wide */
		mc = status_cut(m->s, m->len, cells > 1 ? cells - 1 : 1, mcut,
		    sizeof mcut);
		memcpy(m->s, mcut, strlen(mcut) + 1);
		m->len = strlen(m->s);
	}
	if (b->cells + mc + a->cells > cells && b->cells + mc + 1 > cells) {
		/* "…" first, then the end of what is before the match: a
		 * third of the room, or what the text after leaves. */
		lead = 1;
		rest = cells > mc + 1 ? cells - mc - 1 : 0;
		from = ustr_tail_fit(b->s, b->len, a->cells < rest - rest / 3 ?
		    rest - a->cells : rest / 3);
	}
	used = lead + ustr_strwidth(b->s + from, b->len - from) + mc;
	rest = used < cells ? cells - used : 0;
	status_cut(a->s, a->len, rest, after, sizeof after);
	n = snprintf(buf, size, "%s%.*s", lead ? "\xe2\x80\xa6" : "",
	    (int)(b->len - from), b->s + from);
	*hl_off = n < 0 ? 0 : (size_t)n;
	*hl_len = m->len;
	n = snprintf(buf + (*hl_off < size ? *hl_off : size),
	    *hl_off < size ? size - *hl_off : 0, "%s%s", m->s, after);
	return *hl_off + (n < 0 ? 0 : (size_t)n);
}

size_t
view_match_context(struct layout *lay, struct doc *d, struct search *s,
    struct view_match_cache *c, size_t off, int cells, char *buf,
    size_t size, size_t *hl_off, size_t *hl_len)
{
	struct view_match_cache	 one = { 0 };
	struct piece		*pc;
	struct layout_line	 row;
	const char		*t;
	size_t			 len, mend, at, n;

	*hl_off = *hl_len = 0;
	if (size > 0)
		buf[0] = '\0';
	/* The match's length first: searching may reuse the text the row
	 * borrows. */
	if (c == NULL)
		c = &one;
	len = match_len(s, d, off, c);
	if (!c->valid || layout_rows(lay, layout_pos_in(lay, &c->para, off),
	    &row, 1) != 1 || (t = layout_row_text(lay, &row)) == NULL ||
	    (row.flags & LAYOUT_OVERFLOW)) {
		view_match_cache_free(&one);
		return 0;
	}
	pc = xcalloc(3, sizeof *pc);
	at = off < row.off ? 0 : off - row.off < row.len ? off - row.off :
	    row.len;
	mend = off + len <= row.off ? 0 : off + len - row.off < row.len ?
	    off + len - row.off : row.len;
	piece_make(&pc[0], t, at);
	piece_make(&pc[1], t + at, mend > at ? mend - at : 0);
	piece_make(&pc[2], t + (mend > at ? mend : at), row.len -
	    (mend > at ? mend : at));
	n = context_join(pc, cells > 0 ? (size_t)cells : 1, buf, size, hl_off,
	    hl_len);
	free(pc);
	view_match_cache_free(&one);
	return n;
}

size_t
view_section_name(const struct outline *o, size_t off, int lang, char *buf,
    size_t size)
{
	ssize_t		 sec;
	const char	*t;

	if (size > 0)
		buf[0] = '\0';
	if (o == NULL || outline_count(o) == 0)
		return 0;
	if ((sec = outline_at(o, off)) < 0) {
		snprintf(buf, size, "%s", status_front_matter(lang));
		return strlen(buf);
	}
	t = outline_get(o, (size_t)sec)->title;
	status_tidy(t, strlen(t), TITLE_CELLS, buf, size);
	return strlen(buf);
}

/* The list ---------------------------------------------------------------- */

void
view_find_drop(struct view *v)
{
	free(v->find_groups);
	free(v->find_shown);
	free(v->find_start);
	free(v->find_filter);
	free(v->find_typed);
	v->find_groups = NULL;
	v->find_shown = v->find_start = NULL;
	v->find_filter = v->find_typed = NULL;
	v->find_ngroups = v->find_nshown = v->find_nrows = v->find_seen = 0;
	v->find_groups_cap = 0;
}

/* Does group g's title hold the filter? */
static int
group_kept(struct view *v, const struct outline *o, size_t g)
{
	char	 title[1024], *f;
	size_t	 n;
	int	 kept;

	if (v->find_filter == NULL)
		return 1;
	view_section_name(o, v->find_groups[g].off, v->lang, title,
	    sizeof title);
	f = ustr_fold(title, strlen(title), v->find_casefold, &n, NULL);
	kept = memmem(f, n, v->find_filter, strlen(v->find_filter)) != NULL;
	free(f);
	return kept;
}

/* The rows: each group the filter keeps, its row (with sections) and its
 * matches'. */
static void
rows_build(struct view *v)
{
	const struct outline	*o = view_outline(v);
	size_t			 g, k = 0, row = 0, cap;

	cap = v->find_ngroups > 0 ? v->find_ngroups : 1;
	v->find_shown = xreallocarray(v->find_shown, cap,
	    sizeof *v->find_shown);
	v->find_start = xreallocarray(v->find_start, cap,
	    sizeof *v->find_start);
	for (g = 0; g < v->find_ngroups; g++) {
		if (!group_kept(v, o, g))
			continue;
		v->find_shown[k] = g;
		v->find_start[k++] = row;
		row += (size_t)v->find_headed + v->find_groups[g].n;
	}
	v->find_nshown = k;
	v->find_nrows = row;
}

/* Group up to GROUP_STEP more of the starts counted. Returns 1 if the
 * groups changed. */
static int
group_more(struct view *v)
{
	const struct outline	*o = view_outline(v);
	struct view_find_group	*gr;
	size_t			 buf[CHUNK], n, i, sec, done = 0;
	unsigned		 gen;
	ssize_t			 at;

	while (done < GROUP_STEP && (n = search_list(v->search, v->find_seen,
	    buf, CHUNK, &gen)) > 0 && gen == v->find_gen) {
		for (i = 0; i < n; i++) {
			at = v->find_headed ? outline_at(o, buf[i]) : -1;
			sec = at >= 0 ? (size_t)at + 1 : 0;
			gr = v->find_ngroups > 0 ?
			    &v->find_groups[v->find_ngroups - 1] : NULL;
			if (gr == NULL || gr->sec != sec) {
				if (v->find_ngroups == v->find_groups_cap) {
					v->find_groups_cap = v->find_groups_cap > 0 ?
					    2 * v->find_groups_cap : 64;
					v->find_groups = xreallocarray(
					    v->find_groups, v->find_groups_cap,
					    sizeof *v->find_groups);
				}
				gr = &v->find_groups[v->find_ngroups++];
				gr->sec = sec;
				gr->first = v->find_seen + i;
				gr->off = buf[i];
				gr->n = 0;
			}
			gr->n++;
		}
		v->find_seen += n;
		done += n;
	}
	return done > 0;
}

/* Row i: its group (index into find_groups) and, for a match's row, the
 * match's index among all (else SIZE_MAX: the group's own row). 0 past
 * the rows. */
static int
row_at(const struct view *v, size_t row, size_t *g, size_t *match)
{
	size_t	lo = 0, hi = v->find_nshown, k, in;

	if (row >= v->find_nrows)
		return 0;
	while (hi - lo > 1) {	/* the last group starting at or before row */
		size_t	mid = lo + (hi - lo) / 2;

		if (v->find_start[mid] <= row)
			lo = mid;
		else
			hi = mid;
	}
	k = lo;
	*g = v->find_shown[k];
	in = row - v->find_start[k];
	*match = v->find_headed && in == 0 ? SIZE_MAX :
	    v->find_groups[*g].first + in - (size_t)v->find_headed;
	return 1;
}

/* The row of match index i, or of the first match shown after it (the
 * last row if none). */
static size_t
row_of_match(const struct view *v, size_t i)
{
	size_t	k;

	for (k = 0; k < v->find_nshown; k++) {
		const struct view_find_group *gr = &v->find_groups[v->find_shown[k]];

		if (i < gr->first)
			return v->find_start[k] + (size_t)v->find_headed;
		if (i < gr->first + gr->n)
			return v->find_start[k] + (size_t)v->find_headed +
			    (i - gr->first);
	}
	return v->find_nrows > 0 ? v->find_nrows - 1 : 0;
}

/* The match the selection is on, or the first of its group. */
static size_t
sel_match(const struct view *v)
{
	size_t	g, m;

	if (!row_at(v, v->sel, &g, &m))
		return SIZE_MAX;
	return m != SIZE_MAX ? m : v->find_groups[g].first;
}

/* Group everything again (a new count, the sections known), keeping the
 * selection on its match. */
static void
regroup(struct view *v, unsigned gen)
{
	size_t	keep = sel_match(v);

	v->find_ngroups = v->find_seen = 0;
	v->find_gen = gen;
	v->find_headed = view_outline(v) != NULL &&
	    outline_count(view_outline(v)) > 0;
	group_more(v);
	rows_build(v);
	if (keep != SIZE_MAX) {
		v->sel = row_of_match(v, keep);
		view_list_show_sel(v, v->find_nrows);
	}
}

/* The first match at or after off among those grouped (starts are in
 * order), or find_seen. */
static size_t
first_from(struct view *v, size_t off)
{
	size_t		 lo = 0, hi = v->find_seen, mid, at;
	unsigned	 gen;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (search_list(v->search, mid, &at, 1, &gen) == 1 && at < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Until the reader moves in the list, the selection goes to the first
 * match at or after the place the list was opened from (the current
 * match, or the top of the screen), once counted; past the last match, to
 * the last. */
static void
place_sel(struct view *v)
{
	size_t	i, total;

	if (v->find_placed)
		return;
	if ((i = first_from(v, v->find_from)) >= v->find_seen) {
		/* None from there on: the last one, once all are counted. */
		if (v->find_seen == 0 || search_count(v->search, &total) != 1 ||
		    v->find_seen < total)
			return;
		i = v->find_seen - 1;
	}
	v->sel = row_of_match(v, i);
	if (v->sel >= v->list_top + (size_t)v->text_rows)
		v->list_top = v->sel - (size_t)v->text_rows / 2;
	v->find_placed = 1;
}

int
view_find_poll(struct view *v)
{
	const struct outline	*o = view_outline(v);
	size_t			 none;
	unsigned		 gen;
	int			 headed = o != NULL && outline_count(o) > 0;

	search_list(v->search, 0, &none, 0, &gen);
	if (gen != v->find_gen || headed != v->find_headed)
		regroup(v, gen);
	else if (group_more(v))
		rows_build(v);
	else
		return 0;
	place_sel(v);
	return VIEW_DRAW | VIEW_STATUS;
}

int
view_find_open(struct view *v)
{
	size_t		 total, none;
	unsigned	 gen;

	if (v->search == NULL || !v->committed) {
		view_message(v, "No previous search (/ searches)");
		return VIEW_STATUS;
	}
	if (search_count(v->search, &total) == 1 && total == 0) {
		view_message(v, "Pattern not found: %s", v->pattern);
		return VIEW_STATUS;
	}
	view_find_drop(v);
	search_list_start(v->search, v->doc);
	v->mode = VIEW_MODE_FIND;
	v->sel = v->list_top = 0;
	v->find_placed = 0;
	/* The reader's place: the match n/N go on from, while it shows. */
	v->find_from = v->has_match && view_visible(v, v->match.off) ?
	    v->match.off : view_top_off(v);
	search_list(v->search, 0, &none, 0, &gen);
	regroup(v, gen);
	place_sel(v);
	return VIEW_DRAW | VIEW_STATUS | VIEW_CLEAR;
}

int
view_find_pick(struct view *v)
{
	struct view_match_cache	 c = { 0 };
	size_t			 i = sel_match(v), off;
	unsigned		 gen;

	if (i == SIZE_MAX || search_list(v->search, i, &off, 1, &gen) != 1)
		return 0;
	view_jump(v, off);
	v->match.off = off;
	v->match.len = match_len(v->search, v->doc, off, &c);
	view_match_cache_free(&c);
	v->has_match = 1;
	v->highlight = 1;
	v->wrap_note = 0;
	return VIEW_DRAW | VIEW_STATUS;
}

int
view_find_filter(struct view *v, const char *pat, size_t len)
{
	size_t	keep = sel_match(v), n;

	free(v->find_filter);
	free(v->find_typed);
	v->find_filter = v->find_typed = NULL;
	if (pat != NULL && len > 0) {
		v->find_typed = xstrndup(pat, len);
		v->find_casefold = !ustr_has_upper(pat, len);
		v->find_filter = ustr_fold(pat, len, v->find_casefold, &n, NULL);
	}
	rows_build(v);
	v->sel = keep != SIZE_MAX ? row_of_match(v, keep) : 0;
	view_list_show_sel(v, v->find_nrows);
	return VIEW_DRAW | VIEW_STATUS | VIEW_CLEAR;
}

/* A group's row: its section's title, its count at the right end. */
static size_t
group_text(struct view *v, const struct view_find_group *gr, char *buf,
    size_t size)
{
	char	 title[1024], cut[1024], num[32];
	size_t	 width = (size_t)v->lo.width, nw, tw;
	int	 n;

	nw = (size_t)snprintf(num, sizeof num, "%zu", gr->n);
	view_section_name(view_outline(v), gr->off, v->lang, title,
	    sizeof title);
	tw = status_cut(title, strlen(title), width > nw + 2 ? width - nw - 2 :
	    1, cut, sizeof cut);
	n = snprintf(buf, size, "%s%*s%s", cut, (int)(width > tw + nw ?
	    width - tw - nw : 2), "", num);
	return n < 0 ? 0 : (size_t)n;
}

size_t
view_find_text(struct view *v, size_t row, char *buf, size_t size,
    size_t *hl_off, size_t *hl_len)
{
	size_t		 g, m, off, n, ind = strlen(MATCH_INDENT);
	unsigned	 gen;
	int		 cells = v->lo.width;

	*hl_off = *hl_len = 0;
	if (size > 0)
		buf[0] = '\0';
	if (!row_at(v, row, &g, &m))
		return 0;
	if (m == SIZE_MAX)
		return group_text(v, &v->find_groups[g], buf, size);
	if (search_list(v->search, m, &off, 1, &gen) != 1 || size <= ind)
		return 0;
	if (v->find_headed) {
		memcpy(buf, MATCH_INDENT, ind);
		cells -= (int)ind;
	} else
		ind = 0;
	n = view_match_context(v->layout, v->doc, v->search, NULL, off, cells,
	    buf + ind, size - ind, hl_off, hl_len);
	*hl_off += ind;
	return ind + n;
}

/* The status line's count: the selected match's number among those
 * counted, and its section. */
void
view_find_status(struct view *v, struct status_in *in, char *title,
    size_t size)
{
	size_t		 i = sel_match(v), off;
	unsigned	 gen;
	ssize_t		 sec;
	const struct outline *o = view_outline(v);

	in->match = 1;
	in->match_done = search_count(v->search, &in->match_total) == 1;
	in->match_idx = i != SIZE_MAX ? i + 1 : 0;
	if (i == SIZE_MAX || search_list(v->search, i, &off, 1, &gen) != 1 ||
	    o == NULL || (sec = outline_at(o, off)) < 0)
		return;
	ustr_sanitize(outline_get(o, (size_t)sec)->title,
	    strlen(outline_get(o, (size_t)sec)->title), title, size);
	in->match_sec = (size_t)sec + 1;
	in->match_title = title;
}
