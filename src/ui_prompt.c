/* ui_prompt: one line of UTF-8 read on the status row. Keys edit it; the
 * text is drawn through the sanitiser like everything else (ui_draw.c).
 * For a search, each edit starts an incremental search; for a filter
 * (the contents', the shelf's), each edit filters.
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
#include "shelf.h"
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

/* Type s[0..n) at the cursor, whole or not at all: 1 if it was. */
static int
line_insert(struct line *l, const char *s, size_t n)
{
	if (l->len + n >= sizeof l->buf)
		return 0;
	memmove(l->buf + l->cur + n, l->buf + l->cur, l->len - l->cur);
	memcpy(l->buf + l->cur, s, n);
	l->len += n;
	l->cur += n;
	return 1;
}

static void
line_cut(struct line *l, size_t from, size_t to)
{
	memmove(l->buf + from, l->buf + to, l->len - to);
	l->len -= to - from;
	l->cur = from;
}

/* Apply an editing command (the prompt's key table, keymap.h), or type
 * key when it is none: returns 1 if the text changed, 0 if not, -1 if key
 * is neither. */
static int
line_edit(struct line *l, enum cmd cmd, int key)
{
	char	enc[8];
	size_t	n;

	switch (cmd) {
	case CMD_PROMPT_BACKSPACE:
		if (l->cur == 0)
			return 0;
		line_cut(l, ustr_prev(l->buf, l->cur), l->cur);
		return 1;
	case CMD_PROMPT_DELETE:
		if (l->cur == l->len)
			return 0;
		line_cut(l, l->cur, ustr_next(l->buf, l->len, l->cur));
		return 1;
	case CMD_PROMPT_KILL:
		l->len = l->cur = 0;
		return 1;
	case CMD_PROMPT_LEFT:
		if (l->cur > 0)
			l->cur = ustr_prev(l->buf, l->cur);
		return 0;
	case CMD_PROMPT_RIGHT:
		if (l->cur < l->len)
			l->cur = ustr_next(l->buf, l->len, l->cur);
		return 0;
	case CMD_PROMPT_HOME:
		l->cur = 0;
		return 0;
	case CMD_PROMPT_END:
		l->cur = l->len;
		return 0;
	case CMD_NONE:
		break;
	default:
		return -1;
	}
	if (key < 0x20 || key == 0x7f || key > 0x10ffff ||
	    (key >= 0xd800 && key <= 0xdfff))
		return -1;
	n = ustr_encode((uint32_t)key, enc);
	return line_insert(l, enc, n);
}

/* After a character typed: the text typed ahead with it (a paste) read
 * at once and typed as one edit (ui_read_text_now). */
static void
line_type_ahead(struct ui *ui, struct line *l)
{
	char	text[PROMPT_MAX];
	size_t	n = ui_read_text_now(ui, text, sizeof l->buf - 1 - l->len);

	if (n > 0)
		line_insert(l, text, n);
}

/* What a prompt's edits do: nothing until Enter, a search, the view's
 * contents filter, the shelf's filter. */
enum { PROMPT_PLAIN, PROMPT_SEARCH, PROMPT_TOC, PROMPT_FILTER };

/* Read a line, starting from text. Returns it (malloc'd), or NULL for Esc
 * or a signal. For a search, each edit starts an incremental search,
 * Ctrl-R toggles *regex and Up/Down walk the search history; for a filter,
 * each edit filters the contents or the shelf. */
static char *
prompt_read(struct ui *ui, const char *label, const char *text, int kind,
    int *regex)
{
	int		 search = kind == PROMPT_SEARCH;
	struct line	 l;
	char		 full[64];
	size_t		 hist = search ? marks_size(ui->marks, MARKS_HISTORY) : 0, h;
	int		 key, changed, burst = 0, dirty = 0, said = 0, flags;
	enum cmd	 cmd;

	memset(&l, 0, sizeof l);
	line_set(&l, text);
	h = hist;
	for (;;) {
		if (!burst) {
			if (dirty && (search || kind == PROMPT_TOC)) {
				flags = view_prompt_edit(ui->v, l.buf, l.len,
				    *regex);
				ui_draw(ui, flags);
				/* A refused pattern: why stays on the status
				 * row until the next key. */
				said = search && flags == VIEW_STATUS;
			}
			if (dirty && kind == PROMPT_FILTER) {
				l.buf[l.len] = '\0';	/* len < sizeof l.buf */
				ui_draw(ui, shelf_filter(ui->shelf, l.buf));
			}
			dirty = 0;
			snprintf(full, sizeof full, "%s%s", search && *regex ?
			    "regex " : "", label);
			if (!said)
				ui_draw_prompt(full, l.buf, l.len, l.cur);
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
		cmd = keymap_lookup(KEYMAP_PROMPT, key);
		if (cmd == CMD_PROMPT_ENTER) {
			curs_set(0);
			return xstrndup(l.buf, l.len);
		}
		if (cmd == CMD_PROMPT_CANCEL)
			break;
		changed = line_edit(&l, cmd, key);
		if (cmd == CMD_NONE && changed > 0)
			line_type_ahead(ui, &l);
		if (search && cmd == CMD_PROMPT_REGEX) {
			*regex = !*regex;
			changed = 1;
		} else if (search && (cmd == CMD_PROMPT_OLDER ||
		    cmd == CMD_PROMPT_NEWER) && hist > 0) {
			if (cmd == CMD_PROMPT_OLDER && h > 0)
				h--;
			else if (cmd == CMD_PROMPT_NEWER && h < hist)
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
	const char	*label, *start;
	char		*text;
	int		 flags, regex = 0, kind, committed;

	kind = view_prompt(ui->v, &label, &start);
	text = prompt_read(ui, label, start, kind == VIEW_PROMPT_SEARCH ?
	    PROMPT_SEARCH : kind == VIEW_PROMPT_FILTER ? PROMPT_TOC :
	    PROMPT_PLAIN, &regex);
	if (kind != VIEW_PROMPT_SEARCH)
		flags = view_answer(ui->v, text);
	else {
		flags = view_search_enter(ui->v, text, regex, &committed);
		if (committed)
			marks_history_add(ui->marks, text);
	}
	free(text);
	return flags | VIEW_STATUS;
}

void
ui_prompt_filter(struct ui *ui)
{
	char	*text;
	int	 regex = 0;

	text = prompt_read(ui, "Filter: ", "", PROMPT_FILTER, &regex);
	if (text == NULL)
		shelf_filter(ui->shelf, "");
	free(text);
}
