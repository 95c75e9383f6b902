/* view_list: the list screens of the view: the table of contents, the
 * bookmark list, the list of matches (view_find.c) and the help (a list
 * without a selection, scrolled). In a
 * list mode sel < view_list_count() (or 0) and sel is within [list_top,
 * list_top + text_rows). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "doc.h"
#include "keymap.h"
#include "marks.h"
#include "outline.h"
#include "status.h"
#include "ustr.h"
#include "util.h"
#include "view.h"
#include "view_int.h"

#define LIST_CELLS	60	/* cells of a bookmark's name or section */

int
view_list_open(struct view *v, int mode)
{
	const struct outline	*o;

	if (mode == VIEW_MODE_TOC) {
		/* During the scan it opens empty and fills in when the
		 * sections are known (view_poll). */
		if ((o = view_outline(v)) != NULL && outline_count(o) == 0) {
			view_message(v, "This document has no sections");
			return VIEW_STATUS;
		}
		v->mode = mode;
		view_toc_open(v);
		return VIEW_DRAW | VIEW_STATUS | VIEW_CLEAR;
	} else if (mode == VIEW_MODE_FIND) {
		return view_find_open(v);
	} else if (mode == VIEW_MODE_MARKS) {
		if (v->marks == NULL || marks_count(v->marks, v->fp) == 0) {
			view_message(v, "No bookmarks yet (m adds one)");
			return VIEW_STATUS;
		}
		v->sel = 0;
	} else {
		/* The help is laid out for the column as it is now. */
		view_help_build(v);
		v->sel = 0;
	}
	v->mode = mode;
	v->list_top = 0;
	if (v->sel >= (size_t)v->text_rows)
		v->list_top = v->sel - (size_t)v->text_rows / 2;
	return VIEW_DRAW | VIEW_STATUS | VIEW_CLEAR;
}

/* The selection within the list's nrows rows, and on screen. */
void
view_list_show_sel(struct view *v, size_t nrows)
{
	size_t	rows = (size_t)v->text_rows;

	if (v->sel >= nrows)
		v->sel = nrows > 0 ? nrows - 1 : 0;
	if (v->sel < v->list_top)
		v->list_top = v->sel;
	else if (v->sel >= v->list_top + rows)
		v->list_top = v->sel - rows + 1;
}

void
view_undo_drop(struct view *v)
{
	for (size_t i = 0; i < v->nundo; i++)
		marks_mark_free(&v->undo[i]);
	free(v->undo);
	v->undo = NULL;
	v->nundo = 0;
}

/* Back to the text: what the bookmark list could undo is forgotten. */
static int
list_close(struct view *v)
{
	v->mode = VIEW_MODE_TEXT;
	view_undo_drop(v);
	return VIEW_DRAW | VIEW_STATUS | VIEW_CLEAR;
}

static int
list_pick(struct view *v)
{
	const struct outline	*o = view_outline(v);
	const struct mark	*k;
	int			 mode = v->mode;

	if (mode == VIEW_MODE_FIND)
		view_find_pick(v);
	if (mode == VIEW_MODE_TOC && o != NULL && v->sel < v->toc_nrows)
		view_jump(v, outline_get(o, view_toc_entry(v, v->sel))->off);
	if (mode == VIEW_MODE_MARKS &&
	    (k = marks_get(v->marks, v->fp, v->sel)) != NULL) {
		view_jump(v, k->off < doc_len(v->doc) ? k->off : doc_len(v->doc));
		if (k->lost)
			view_message(v, "This bookmark's text was changed or "
			    "removed: this is where it used to be");
	}
	return list_close(v);
}

/* d: the bookmark goes, a copy of it onto the undo stack. The list stays
 * open even when empty, so that u can bring it back. */
static int
list_delete(struct view *v)
{
	const struct mark	*k;

	if (v->mode != VIEW_MODE_MARKS ||
	    (k = marks_get(v->marks, v->fp, v->sel)) == NULL)
		return 0;
	v->undo = xreallocarray(v->undo, v->nundo + 1, sizeof *v->undo);
	v->undo[v->nundo++] = marks_mark_copy(k);
	view_message(v, "Deleted: %s (u brings it back)", k->name);
	marks_delete(v->marks, v->fp, v->sel);
	view_list_show_sel(v, view_list_count(v));
	return VIEW_DRAW | VIEW_STATUS | VIEW_SAVE | VIEW_CLEAR;
}

/* u: the bookmark deleted last comes back, with its identity, selected. */
static int
list_undo(struct view *v)
{
	struct mark	*u;
	size_t		 n, i;

	if (v->mode != VIEW_MODE_MARKS || v->nundo == 0) {
		view_message(v, "Nothing to bring back");
		return VIEW_STATUS;
	}
	u = &v->undo[--v->nundo];
	marks_add(v->marks, u);
	n = view_list_count(v);
	for (i = 0; i < n; i++)
		if (marks_get(v->marks, v->fp, i)->id == u->id)
			v->sel = i;
	view_message(v, "Back: %s", u->name);
	marks_mark_free(u);
	view_list_show_sel(v, n);
	return VIEW_DRAW | VIEW_STATUS | VIEW_SAVE | VIEW_CLEAR;
}

int
view_list_apply(struct view *v, enum cmd cmd, long count)
{
	size_t	n = count > 0 ? (size_t)count : 1;
	size_t	total = view_list_count(v);
	size_t	page = (size_t)v->text_rows;
	size_t	last = total > 0 ? total - 1 : 0;

	v->find_placed = 1;	/* the reader's choice from now on */
	/* Help has no selection: moving it scrolls. */
	if (v->mode == VIEW_MODE_HELP) {
		last = total > page ? total - page : 0;
		v->sel = v->list_top;
	}
	switch (cmd) {
	case CMD_LIST_DOWN:
		v->sel = v->sel + n < last ? v->sel + n : last;
		break;
	case CMD_LIST_UP:
		v->sel = v->sel > n ? v->sel - n : 0;
		break;
	case CMD_LIST_PAGE_DOWN:
		v->sel = v->sel + n * page < last ? v->sel + n * page : last;
		break;
	case CMD_LIST_PAGE_UP:
		v->sel = v->sel > n * page ? v->sel - n * page : 0;
		break;
	case CMD_LIST_FIRST:
	case CMD_LIST_LAST:
		/* A count picks an entry: section N in the contents. */
		if (count > 0 && v->mode == VIEW_MODE_TOC)
			return view_toc_goto(v, count);
		if (count > 0)
			v->sel = n - 1 < last ? n - 1 : last;
		else
			v->sel = cmd == CMD_LIST_FIRST ? 0 : last;
		break;
	case CMD_TOC_FOLD:
	case CMD_TOC_FOLD_CLOSE:
	case CMD_TOC_FOLD_OPEN:
		return view_toc_fold(v, cmd == CMD_TOC_FOLD ? 0 :
		    cmd == CMD_TOC_FOLD_CLOSE ? -1 : 1);
	case CMD_TOC_FILTER:
	case CMD_FIND_FILTER:
		return view_filter_prompt(v);
	case CMD_LIST_PICK:
		if (v->mode != VIEW_MODE_HELP)
			return list_pick(v);
		return 0;
	case CMD_LIST_DELETE:
		return list_delete(v);
	case CMD_LIST_UNDO:
		return list_undo(v);
	case CMD_LIST_RENAME:
		if (v->mode == VIEW_MODE_MARKS && total > 0)
			return view_mark_prompt(v, VIEW_PROMPT_MARK_RENAME);
		return 0;
	case CMD_LIST_CLOSE:
		if ((v->mode == VIEW_MODE_TOC && v->toc_filter != NULL) ||
		    (v->mode == VIEW_MODE_FIND && v->find_filter != NULL))
			return view_list_filter(v, NULL, 0);
		return list_close(v);
	case CMD_QUIT:
		return list_close(v);
	default:
		return 0;
	}
	if (v->mode == VIEW_MODE_HELP)
		v->list_top = v->sel;
	else
		view_list_show_sel(v, total);
	return VIEW_DRAW | VIEW_STATUS;
}

int
view_click(struct view *v, int y)
{
	size_t	i;

	view_pace_break(v);
	if ((v->mode != VIEW_MODE_TOC && v->mode != VIEW_MODE_MARKS &&
	    v->mode != VIEW_MODE_FIND) || y < 0 || y >= v->text_rows)
		return 0;
	i = v->list_top + (size_t)y;
	if (i >= view_list_count(v))
		return 0;
	v->sel = i;
	return list_pick(v);
}

size_t
view_list_count(struct view *v)
{
	switch (v->mode) {
	case VIEW_MODE_TOC:
		return v->toc_nrows;
	case VIEW_MODE_HELP:
		return v->help_count;
	case VIEW_MODE_MARKS:
		return v->marks != NULL ? marks_count(v->marks, v->fp) : 0;
	case VIEW_MODE_FIND:
		return v->find_nrows;
	default:
		return 0;
	}
}

/* A bookmark in the list: "63%  name  §2 title  snippet…", the section
 * left out when the name already says it (the default name). The section
 * is the outline's when it is known, else the one saved with the mark. */
static size_t
mark_text(struct view *v, const struct outline *o, const struct mark *k,
    char *buf, size_t size)
{
	char		 name[512], title[512], where[600], snip[128];
	const char	*t = k->section;
	ssize_t		 sec = -1;
	int		 n;

	if (o != NULL && k->off <= doc_len(v->doc) &&
	    (sec = outline_at(o, k->off)) >= 0)
		t = outline_get(o, (size_t)sec)->title;
	status_tidy(k->name, strlen(k->name), LIST_CELLS, name, sizeof name);
	status_tidy(t, strlen(t), LIST_CELLS, title, sizeof title);
	if (sec >= 0)
		snprintf(where, sizeof where, "\xc2\xa7%zd %s", sec + 1, title);
	else
		snprintf(where, sizeof where, "%s", title);
	if (strcmp(where, name) == 0)
		where[0] = '\0';
	status_tidy(k->snippet, strlen(k->snippet), SNIP_CELLS, snip,
	    sizeof snip);
	n = snprintf(buf, size, "%3.0f%%  %s%s%s%s%s%s", k->percent,
	    k->lost ? "[lost] " : "", name, *where != '\0' ? "  " : "", where,
	    *snip != '\0' ? "  " : "", snip);
	return n < 0 ? 0 : (size_t)n;
}

size_t
view_list_text(struct view *v, size_t i, char *buf, size_t size, int *current)
{
	size_t	len, hl_off, hl_len;
	int	n;

	*current = 0;
	if (size > 0)
		buf[0] = '\0';
	if (i >= view_list_count(v))
		return 0;
	if (v->mode == VIEW_MODE_HELP) {
		len = v->help_lines[i + 1] - v->help_lines[i] - 1;
		n = snprintf(buf, size, "%.*s", (int)len, v->help + v->help_lines[i]);
		return n < 0 ? 0 : (size_t)n;
	}
	if (v->mode == VIEW_MODE_MARKS)
		return mark_text(v, view_outline(v), marks_get(v->marks, v->fp, i),
		    buf, size);
	if (v->mode == VIEW_MODE_FIND)
		return view_find_text(v, i, buf, size, &hl_off, &hl_len);
	return view_toc_text(v, i, buf, size, current);
}

int
view_list_match(struct view *v, size_t i, size_t *from, size_t *len)
{
	char	buf[2048];

	*from = *len = 0;
	if (v->mode != VIEW_MODE_FIND)
		return 0;
	view_find_text(v, i, buf, sizeof buf, from, len);
	return *len > 0;
}

int
view_filter_prompt(struct view *v)
{
	const char	*typed = v->mode == VIEW_MODE_FIND ? v->find_typed :
			    v->toc_typed;

	if (v->mode == VIEW_MODE_FIND && !v->find_headed) {
		view_message(v, "No sections to filter by");
		return VIEW_STATUS;
	}
	free(v->prompt_text);
	v->prompt_text = xstrdup(typed != NULL ? typed : "");
	v->prompt = VIEW_PROMPT_FILTER;
	v->prompt_label = "Filter: ";
	return VIEW_PROMPT;
}

int
view_list_filter(struct view *v, const char *pat, size_t len)
{
	if (v->mode == VIEW_MODE_FIND)
		return view_find_filter(v, pat, len);
	return view_toc_filter(v, pat, len);
}
