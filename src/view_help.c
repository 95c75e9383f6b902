/* view_help: the help screen's text, made from the key table (keymap.h) for
 * the width of the text column: every key of every mode (reading, the
 * lists, the bookmark list, the prompt), one command a line, keys in a
 * column and their help wrapped beside it. The help is a list of lines the
 * view scrolls like text (view_list.c).
 *
 * Data model: v->help holds the lines, each ending in '\n'; v->help_lines
 * the offset of each (help_count + 1 of them, the last one the end). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keymap.h"
#include "layout.h"
#include "ustr.h"
#include "util.h"
#include "view.h"
#include "view_int.h"

#define KEYS_MAX	20	/* cells of the keys column, at most */
#define WRAP_ROWS	64	/* rows one help text may wrap to */

/* The modes, in the order the help lists them, and what it says first. */
static const struct {
	int		 context;
	const char	*title;
} parts[] = {
	{ KEYMAP_PAGER, "Keys while reading (a number typed first repeats a "
	    "move, or picks section N with s, N percent with %):" },
	{ KEYMAP_LIST, "In the contents, the bookmark list, the list of "
	    "matches, the shelf and this help (a number typed first repeats "
	    "a move):" },
	{ KEYMAP_TOC, "In the contents, also (the current section is marked "
	    "with \xe2\x96\xb8; + is a folded entry, - an unfolded one; a "
	    "number typed before g or G picks that section):" },
	{ KEYMAP_MARKS, "In the bookmark list, also:" },
	{ KEYMAP_FIND, "In the list of matches (F), also (a section's row "
	    "counts its matches; Enter on it goes to the first):" },
	{ KEYMAP_SHELF, "On the shelf (o, or juan with no file), also:" },
	{ KEYMAP_PROMPT, "At a prompt (a search, a bookmark's name):" },
};

static void
text_spaces(struct util_buf *t, size_t n)
{
	while (n-- > 0)
		util_buf_add(t, " ", 1);
}

/* s wrapped to width cells, each row after indent spaces (the first after
 * first cells already on the line), one line each. */
static void
text_wrap(struct util_buf *t, const char *s, int width, size_t first,
    size_t indent)
{
	struct layout_line	rows[WRAP_ROWS];
	struct wrap_opts	wo;
	size_t			n;

	memset(&wo, 0, sizeof wo);
	if (width < 1)
		width = 1;
	n = layout_wrap_para(s, 0, strlen(s), width, &wo, rows, WRAP_ROWS);
	if (n > WRAP_ROWS)
		n = WRAP_ROWS;
	for (size_t i = 0; i < n; i++) {
		text_spaces(t, i == 0 ? indent - first : indent);
		util_buf_add(t, s + rows[i].off, rows[i].len);
		util_buf_add(t, "\n", 1);
	}
	if (n == 0)
		util_buf_add(t, "\n", 1);
}

/* The widest keys of a context, to line their help up, at most limit. */
static size_t
keys_column(int context, size_t limit)
{
	char	keys[128];
	size_t	w, most = 0;

	for (int cmd = 0; cmd < CMD_COUNT; cmd++) {
		if (keymap_keys(context, cmd, keys, sizeof keys) == 0)
			continue;
		w = ustr_strwidth(keys, strlen(keys));
		if (w > most && w <= limit)
			most = w;
	}
	return most;
}

/* One part: its title, then a line per command of its context. Keys wider
 * than the column get a line of their own, their help under it. */
static void
help_part(struct util_buf *t, int context, const char *title, int width)
{
	char	keys[128];
	size_t	col, w;

	/* Two spaces, the keys, two spaces: where the help starts. */
	col = 2 + keys_column(context, width / 3 < KEYS_MAX ?
	    (size_t)width / 3 : KEYS_MAX) + 2;
	text_wrap(t, title, width, 0, 0);
	for (int cmd = 0; cmd < CMD_COUNT; cmd++) {
		if (keymap_keys(context, cmd, keys, sizeof keys) == 0)
			continue;
		w = ustr_strwidth(keys, strlen(keys));
		if (2 + w + 1 > col) {
			/* A line of their own (more if the column is
			 * narrower than they are), the help under them. */
			text_wrap(t, keys, width - 2, 0, 2);
			w = 0;
		} else {
			util_buf_add(t, "  ", 2);
			util_buf_add(t, keys, strlen(keys));
			w += 2;
		}
		text_wrap(t, keymap_help(cmd), width - (int)col, w, col);
	}
}

void
view_help_build(struct view *v)
{
	struct util_buf	t = { NULL, 0, 0 };
	size_t		i, n;

	for (i = 0; i < sizeof parts / sizeof parts[0]; i++) {
		if (i > 0)
			util_buf_add(&t, "\n", 1);
		help_part(&t, parts[i].context, parts[i].title, v->lo.width);
	}
	free(v->help);
	free(v->help_lines);
	v->help = t.p;
	v->help_count = 0;
	for (i = 0; i < t.len; i++)
		v->help_count += t.p[i] == '\n';
	v->help_lines = xcalloc(v->help_count + 1, sizeof *v->help_lines);
	for (i = 0, n = 1; i < t.len && n <= v->help_count; i++)
		if (t.p[i] == '\n')
			v->help_lines[n++] = i + 1;
	if (v->list_top + (size_t)v->text_rows > v->help_count)
		v->list_top = v->help_count > (size_t)v->text_rows ?
		    v->help_count - (size_t)v->text_rows : 0;
}
