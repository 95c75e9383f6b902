/* view_list: the list screens of the view: the table of contents, the
 * bookmark list and the help (a list without a selection, scrolled). In a
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
#include "ustr.h"
#include "util.h"
#include "view.h"
#include "view_int.h"

void
view_help_build(struct view *v)
{
	static const char *const heads[] = {
	    "Keys (a number typed first repeats a move, or picks section N"
	    " with s, N percent with %):\n",
	    "\nIn the contents, this help and the bookmark list (a number"
	    " typed first repeats a move):\n",
	    "\nOn the shelf (o, or juan with no file):\n",
	};
	static const int contexts[] = { KEYMAP_PAGER, KEYMAP_LIST, KEYMAP_SHELF };
	size_t	len = 0, i, n, k;

	for (k = 0; k < sizeof contexts / sizeof contexts[0]; k++)
		len += strlen(heads[k]) + keymap_describe(contexts[k], NULL, 0);
	v->help = xmalloc(len + 1);
	for (k = 0, n = 0; k < sizeof contexts / sizeof contexts[0]; k++) {
		memcpy(v->help + n, heads[k], strlen(heads[k]));
		n += strlen(heads[k]);
		n += keymap_describe(contexts[k], v->help + n, len + 1 - n);
	}
	v->help[len] = '\0';

	v->help_count = 0;
	for (i = 0; i < len; i++)
		v->help_count += v->help[i] == '\n';
	v->help_lines = xcalloc(v->help_count + 1, sizeof *v->help_lines);
	v->help_lines[0] = 0;
	for (i = 0, n = 1; i < len && n <= v->help_count; i++) {
		if (v->help[i] == '\n')
			v->help_lines[n++] = i + 1;
	}
}

int
view_list_open(struct view *v, int mode)
{
	const struct outline	*o;
	ssize_t			 cur;

	if (mode == VIEW_MODE_TOC) {
		if (!view_need_outline(v, &o))
			return VIEW_STATUS;
		cur = outline_at(o, view_top_off(v));
		v->sel = cur < 0 ? 0 : (size_t)cur;
	} else if (mode == VIEW_MODE_MARKS) {
		if (v->marks == NULL || marks_count(v->marks, v->fp) == 0) {
			view_message(v, "No bookmarks yet (m adds one)");
			return VIEW_STATUS;
		}
		v->sel = 0;
	} else
		v->sel = 0;
	v->mode = mode;
	v->list_top = 0;
	if (v->sel >= (size_t)v->text_rows)
		v->list_top = v->sel - (size_t)v->text_rows / 2;
	return VIEW_DRAW | VIEW_STATUS | VIEW_CLEAR;
}

static void
list_show_sel(struct view *v)
{
	size_t	rows = (size_t)v->text_rows;

	if (v->sel < v->list_top)
		v->list_top = v->sel;
	else if (v->sel >= v->list_top + rows)
		v->list_top = v->sel - rows + 1;
}

static int
list_pick(struct view *v)
{
	const struct outline	*o = view_outline(v);
	const struct mark	*k;
	int			 mode = v->mode;

	v->mode = VIEW_MODE_TEXT;
	if (mode == VIEW_MODE_TOC && o != NULL && v->sel < outline_count(o))
		view_jump(v, outline_get(o, v->sel)->off);
	if (mode == VIEW_MODE_MARKS &&
	    (k = marks_get(v->marks, v->fp, v->sel)) != NULL) {
		view_jump(v, k->off < doc_len(v->doc) ? k->off : doc_len(v->doc));
		if (k->lost)
			view_message(v, "This bookmark's text was changed or "
			    "removed: this is where it used to be");
	}
	return VIEW_DRAW | VIEW_STATUS | VIEW_CLEAR;
}

static int
list_delete(struct view *v)
{
	size_t	n;

	if (v->mode != VIEW_MODE_MARKS || v->sel >= view_list_count(v))
		return 0;
	marks_delete(v->marks, v->fp, v->sel);
	n = view_list_count(v);
	if (n == 0)
		v->mode = VIEW_MODE_TEXT;
	else if (v->sel >= n)
		v->sel = n - 1;
	list_show_sel(v);
	view_message(v, "Bookmark deleted");
	return VIEW_DRAW | VIEW_STATUS | VIEW_SAVE | VIEW_CLEAR;
}

int
view_list_apply(struct view *v, enum cmd cmd, long count)
{
	size_t	n = count > 0 ? (size_t)count : 1;
	size_t	total = view_list_count(v);
	size_t	page = (size_t)v->text_rows;
	size_t	last = total > 0 ? total - 1 : 0;

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
		v->sel = 0;
		break;
	case CMD_LIST_LAST:
		v->sel = last;
		break;
	case CMD_LIST_PICK:
		if (v->mode != VIEW_MODE_HELP)
			return list_pick(v);
		return 0;
	case CMD_LIST_DELETE:
		return list_delete(v);
	case CMD_LIST_RENAME:
		if (v->mode == VIEW_MODE_MARKS && total > 0)
			return view_mark_prompt(v, VIEW_PROMPT_MARK_RENAME);
		return 0;
	case CMD_LIST_CLOSE:
	case CMD_QUIT:
		v->mode = VIEW_MODE_TEXT;
		return VIEW_DRAW | VIEW_STATUS | VIEW_CLEAR;
	default:
		return 0;
	}
	if (v->mode == VIEW_MODE_HELP)
		v->list_top = v->sel;
	else
		list_show_sel(v);
	return VIEW_DRAW | VIEW_STATUS;
}

int
view_click(struct view *v, int y)
{
	size_t	i;

	view_pace_break(v);
	if ((v->mode != VIEW_MODE_TOC && v->mode != VIEW_MODE_MARKS) || y < 0 ||
	    y >= v->text_rows)
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
	const struct outline	*o;

	switch (v->mode) {
	case VIEW_MODE_TOC:
		o = view_outline(v);
		return o != NULL ? outline_count(o) : 0;
	case VIEW_MODE_HELP:
		return v->help_count;
	case VIEW_MODE_MARKS:
		return v->marks != NULL ? marks_count(v->marks, v->fp) : 0;
	default:
		return 0;
	}
}

/* A bookmark in the list: "63%  name  §2 title  snippet…". The section
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
	ustr_sanitize(k->name, strlen(k->name), name, sizeof name);
	ustr_sanitize(t, strlen(t), title, sizeof title);
	if (sec >= 0)
		snprintf(where, sizeof where, "  \xc2\xa7%zd %s", sec + 1, title);
	else
		snprintf(where, sizeof where, "%s%s", *title != '\0' ? "  " : "",
		    title);
	view_snippet_show(k->snippet, snip, sizeof snip);
	n = snprintf(buf, size, "%3.0f%%  %s%s%s%s%s", k->percent,
	    k->lost ? "[lost] " : "", name, where, *snip != '\0' ? "  " : "",
	    snip);
	return n < 0 ? 0 : (size_t)n;
}

size_t
view_list_text(struct view *v, size_t i, char *buf, size_t size, int *current)
{
	const struct outline		*o;
	const struct outline_section	*s;
	char				 title[1024];
	size_t				 len;
	int				 n;

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
	o = view_outline(v);
	if (v->mode == VIEW_MODE_MARKS)
		return mark_text(v, o, marks_get(v->marks, v->fp, i), buf, size);
	s = outline_get(o, i);
	*current = outline_at(o, view_top_off(v)) == (ssize_t)i;
	ustr_sanitize(s->title, strlen(s->title), title, sizeof title);
	n = snprintf(buf, size, "%s %*s%zu  %s", *current ? "\xe2\x96\xb8" : " ",
	    (s->level > 1 ? s->level - 1 : 0) * 2, "", i + 1, title);
	return n < 0 ? 0 : (size_t)n;
}
