/* ui_prompt: one line of UTF-8 read on the status row. Keys edit it; the
 * text is drawn through the sanitiser like everything else (ui_draw.c).
 * For a search, each edit starts an incremental search.
 *
 * Each key costs what it changes: keys already typed (a paste, keys typed
 * ahead) are all applied before the prompt is drawn and the search started
 * again, once, and drawing measures only the part of the line on screen
 * (ui_draw_prompt). A 10,000-character paste is searchable at once. */
#include "ui_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "keymap.h"
#include "marks.h"
#include "ustr.h"
#include "util.h"
#include "view.h"

#define PROMPT_MAX	(64 * 1024)	/* bytes a prompt holds: more than
					   10,000 CJK characters */

struct line {
	char	buf[PROMPT_MAX];
	size_t	len, cur;
};

static void
line_set(struct line *l, const char *s)
{
	size_t	n = strlen(s);

	if (n >= sizeof l->buf)		/* whole clusters that fit */
		n = ustr_cluster_start(s, n, sizeof l->buf - 1);
	memcpy(l->buf, s, n);
	l->len = l->cur = n;
}

static void
line_cut(struct line *l, size_t from, size_t to)
{
	memmove(l->buf + from, l->buf + to, l->len - to);
	l->len -= to - from;
	l->cur = from;
}

/* Apply an editing key; returns 1 if the text changed, 0 if not, -1 if the
 * key is not an editing key. */
static int
line_edit(struct line *l, int key)
{
	char	enc[8];
	size_t	n;

	switch (key) {
	case K_BACKSPACE:
		if (l->cur == 0)
			return 0;
		line_cut(l, ustr_prev(l->buf, l->cur), l->cur);
		return 1;
	case K_DELETE:
	case K_CTRL('d'):
		if (l->cur == l->len)
			return 0;
		line_cut(l, l->cur, ustr_next(l->buf, l->len, l->cur));
		return 1;
	case K_CTRL('u'):
		l->len = l->cur = 0;
		return 1;
	case K_LEFT:
	case K_CTRL('b'):
		if (l->cur > 0)
			l->cur = ustr_prev(l->buf, l->cur);
		return 0;
	case K_RIGHT:
	case K_CTRL('f'):
		if (l->cur < l->len)
			l->cur = ustr_next(l->buf, l->len, l->cur);
		return 0;
	case K_HOME:
	case K_CTRL('a'):
		l->cur = 0;
		return 0;
	case K_END:
	case K_CTRL('e'):
		l->cur = l->len;
		return 0;
	}
	if (key < 0x20 || key == 0x7f || key > 0x10ffff ||
	    (key >= 0xd800 && key <= 0xdfff))
		return -1;
	n = ustr_encode((uint32_t)key, enc);
	if (l->len + n >= sizeof l->buf)
		return 0;
	memmove(l->buf + l->cur + n, l->buf + l->cur, l->len - l->cur);
	memcpy(l->buf + l->cur, enc, n);
	l->len += n;
	l->cur += n;
	return 1;
}

/* Read a line. Returns it (malloc'd), or NULL for Esc or a signal. With
 * search, each edit starts an incremental search, Ctrl-R toggles *regex
 * and Up/Down walk the search history. */
static char *
prompt_read(struct ui *ui, const char *label, int search, int *regex)
{
	struct line	 l;
	char		 full[64];
	size_t		 hist = search ? marks_history_count(ui->marks) : 0, h;
	int		 key, changed, burst = 0, dirty = 0, said = 0, flags;

	memset(&l, 0, sizeof l);
	h = hist;
	for (;;) {
		if (!burst) {
			if (dirty && search) {
				flags = view_search_start(ui->v, l.buf, l.len,
				    *regex);
				ui_draw(ui, flags);
				/* A refused pattern: why stays on the status
				 * row until the next key. */
				said = flags == VIEW_STATUS;
			}
			dirty = 0;
			snprintf(full, sizeof full, "%s%s", search && *regex ?
			    "regex " : "", label);
			if (!said)
				ui_draw_prompt(ui, full, l.buf, l.len, l.cur);
		}
		/* After a key, one already typed goes first. */
		key = burst ? ui_read_key_now() : ui_read_key(ui);
		burst = key >= 0;
		said &= !burst;
		if (ui_signalled())
			break;
		if (key == K_RESIZE || (key < 0 && ui->resize_pending)) {
			ui->resize_pending = 1;
			ui_resize(ui);
			continue;
		}
		if (key < 0)
			continue;
		if (key == K_ENTER) {
			curs_set(0);
			return xstrndup(l.buf, l.len);
		}
		if (key == K_ESC)
			break;
		changed = line_edit(&l, key);
		if (search && key == K_CTRL('r')) {
			*regex = !*regex;
			changed = 1;
		} else if (search && (key == K_UP || key == K_DOWN) && hist > 0) {
			if (key == K_UP && h > 0)
				h--;
			else if (key == K_DOWN && h < hist)
				h++;
			line_set(&l, h < hist ? marks_history_get(ui->marks, h) : "");
			changed = 1;
		}
		dirty |= changed > 0;
	}
	curs_set(0);
	return NULL;
}

int
ui_prompt_run(struct ui *ui)
{
	const char	*label;
	char		*text;
	int		 flags, regex = 0, search, committed;

	search = view_prompt(ui->v, &label) == VIEW_PROMPT_SEARCH;
	text = prompt_read(ui, label, search, &regex);
	if (!search)
		flags = view_answer(ui->v, text);
	else {
		flags = view_search_enter(ui->v, text, regex, &committed);
		if (committed)
			marks_history_add(ui->marks, text);
	}
	free(text);
	return flags | VIEW_STATUS;
}
