/* view_marks: the view's bookmarks. The view only changes the in-memory
 * marks; ui saves on VIEW_SAVE. Bookmarks wait in marks_wait until the
 * fingerprint is known, and an edited file's are re-anchored by snippet
 * when they arrive. */
#define _GNU_SOURCE		/* memmem */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <time.h>

#include "doc.h"
#include "marks.h"
#include "outline.h"
#include "status.h"
#include "ustr.h"
#include "util.h"
#include "view.h"
#include "view_int.h"

#define SNIP_BYTES	64	/* bytes of text kept to re-anchor a bookmark */
#define SNIP_SLACK	32
#define NAME_CELLS	40	/* cells of a section title a default name keeps */

/* The text at off to the end of its line, cut after the last whole
 * grapheme cluster that fits in size - 1 bytes: the state file stays valid
 * UTF-8, and re-anchoring never looks for half a character. SNIP_SLACK more
 * bytes are read so that the last cluster is seen to end. */
static void
mark_snippet(struct view *v, size_t off, char *buf, size_t size)
{
	const char	*s;
	size_t		 got, line, n = 0, end;

	s = doc_view(v->doc, off, size - 1 + SNIP_SLACK, &got);
	for (line = 0; line < got && s[line] != '\n' && s[line] != '\r' &&
	    s[line] != '\t'; line++)
		;
	while (n < line && (end = ustr_cluster_end(s, line, n)) < size)
		n = end;
	memcpy(buf, s, n);
	buf[n] = '\0';
}

/* "resumed at §2 · 37%" (the words); without the outline yet, or
 * in the preamble, the percentage only, and view_poll() completes it when
 * the scan ends. */
void
view_resume_message(struct view *v)
{
	const struct outline	*o = view_outline(v);
	ssize_t			 sec;

	v->resumed = o == NULL;
	if (o != NULL && (sec = outline_at(o, v->anchor)) >= 0)
		view_message(v, RESUMED "\xc2\xa7%zd \xc2\xb7 %d%%", sec + 1,
		    view_percent(v));
	else
		view_message(v, RESUMED "%d%%", view_percent(v));
}

/* Re-anchoring an edited text: the bookmark's snippet is looked for in
 * rings around its old offset, FIND_WINDOW bytes each way per ring, so the
 * first ring with a match holds the nearest one; FIND_BUDGET bounds the
 * reading. */
#define FIND_WINDOW	(1u << 20)
#define FIND_BUDGET	(64u << 20)

/* The first (or last) match of snip[0..n) starting in [from, from + count),
 * or (size_t)-1. buf holds FIND_WINDOW + n bytes. */
static size_t
find_in(struct view *v, char *buf, const char *snip, size_t n, size_t from,
    size_t count, int last)
{
	size_t		 got, found = (size_t)-1;
	const char	*p = buf, *hit;

	got = doc_pread(v->doc, from, buf, count + n - 1);
	while (got >= n && p + n <= buf + got &&
	    (hit = memmem(p, (size_t)(buf + got - p), snip, n)) != NULL &&
	    (size_t)(hit - buf) < count) {
		found = from + (size_t)(hit - buf);
		if (!last)
			break;
		p = hit + 1;
	}
	return found;
}

static size_t
find_snippet(void *ctx, const char *snip, size_t old)
{
	struct view	*v = ctx;
	size_t		 n = strlen(snip), len = doc_len(v->doc), dist, from;
	size_t		 fwd, back, found = (size_t)-1;
	char		*buf;

	if (n == 0)
		return found;
	if (old > len)
		old = len;
	buf = xmalloc(FIND_WINDOW + n);
	for (dist = 0; found == (size_t)-1 && dist < FIND_BUDGET &&
	    (old + dist < len || old > dist); dist += FIND_WINDOW) {
		fwd = back = (size_t)-1;
		if (old + dist < len)
			fwd = find_in(v, buf, snip, n, old + dist, FIND_WINDOW, 0);
		if (old > dist) {
			from = old - dist > FIND_WINDOW ? old - dist - FIND_WINDOW : 0;
			back = find_in(v, buf, snip, n, from, old - dist - from, 1);
		}
		if (fwd != (size_t)-1 && (back == (size_t)-1 ||
		    fwd - old <= old - back))
			found = fwd;
		else
			found = back;
	}
	free(buf);
	return found;
}

/* An edited file: move the marks recorded for its path to fp. */
static int
reanchor(struct view *v, struct marks *m, const char *fp)
{
	size_t	n, i, lost = 0;

	if (*v->path == '\0' || marks_count(m, fp) > 0 ||
	    marks_position(m, fp, NULL))
		return 0;
	n = marks_reanchor(m, fp, v->path, find_snippet, v);
	if (n == 0)
		return marks_position(m, fp, NULL) ? VIEW_SAVE : 0;
	for (i = 0; i < n; i++)
		lost += marks_get(m, fp, i)->lost != 0;
	if (lost > 0)
		view_message(v, "The text has changed: %zu of %zu bookmarks "
		    "could not be found again (' lists them)", lost, n);
	else
		view_message(v, "The text has changed: %zu bookmark%s found "
		    "again", n, n > 1 ? "s" : "");
	return VIEW_STATUS | VIEW_SAVE;
}

int
view_set_marks(struct view *v, struct marks *m, const char *fp,
    const char *path, int resume)
{
	char	*p = xstrdup(path), *f;
	size_t	 off;
	int	 flags;

	free(v->path);
	v->path = p;
	if (fp == NULL) {
		v->marks_wait = m;
		v->resume_wait = resume;
		return 0;
	}
	f = xstrdup(fp);
	free(v->fp);
	v->fp = f;
	v->marks = m;
	flags = reanchor(v, m, v->fp);
	/* The document's own width and spacing, before the position is
	 * looked for in the layout they make. */
	flags |= view_settings_apply(v, marks_settings(m, v->fp));
	if (!resume || !marks_position(m, v->fp, &off) || off == 0)
		return flags;
	if (off > doc_len(v->doc))
		off = doc_len(v->doc);
	view_jump(v, off);
	v->has_jump = 0;
	if (!(flags & VIEW_STATUS))
		view_resume_message(v);
	return flags | VIEW_DRAW | VIEW_STATUS;
}

void
view_mark_place(struct view *v, struct mark *place)
{
	char	snippet[SNIP_BYTES];

	mark_snippet(v, place->off, snippet, sizeof snippet);
	place->fp = v->fp;
	place->path = v->path;
	place->percent = view_percent(v);
	place->snippet = snippet;
	marks_set_place(v->marks, place);
}

/* The bookmark shown on the top row, or (size_t)-1: `m` there renames it
 * rather than make a twin. */
static size_t
mark_here(struct view *v)
{
	const struct mark	*k;
	size_t			 n = marks_count(v->marks, v->fp), i;

	for (i = 0; i < n; i++) {
		k = marks_get(v->marks, v->fp, i);
		if (k->off <= doc_len(v->doc) && view_pos_cmp(v->top,
		    layout_pos_at(v->layout, k->off)) == 0)
			return i;
	}
	return (size_t)-1;
}

int
view_mark_prompt(struct view *v, int kind)
{
	const struct mark	*k;
	size_t			 here;

	if (v->marks == NULL) {
		view_message(v, "Bookmarks are not available for this text yet");
		return VIEW_STATUS;
	}
	free(v->prompt_text);
	v->prompt_text = NULL;
	if (kind == VIEW_PROMPT_MARK_NAME &&
	    (here = mark_here(v)) != (size_t)-1) {
		kind = VIEW_PROMPT_MARK_RENAME;
		v->sel = here;
	}
	v->prompt = kind;
	if (kind == VIEW_PROMPT_MARK_NAME)
		v->prompt_label = "Bookmark name (Enter: default): ";
	else {
		/* The old name, to edit rather than type again. */
		k = marks_get(v->marks, v->fp, v->sel);
		v->prompt_text = xstrdup(k != NULL ? k->name : "");
		v->prompt_label = v->mode == VIEW_MODE_TEXT ?
		    "A bookmark is here; rename it: " : "Rename: ";
	}
	return VIEW_PROMPT;
}

/* The default name: "§2 第二章 空白的卷轴", the section and its title,
 * tidied (status_tidy); before the first section the text there; the
 * percentage when there is neither. */
static void
mark_default_name(const char *sec, ssize_t i, const char *snippet,
    double pct, char *def, size_t size)
{
	char	shown[256];

	if (i >= 0) {
		status_tidy(sec, strlen(sec), NAME_CELLS, shown, sizeof shown);
		snprintf(def, size, "\xc2\xa7%zd%s%s", i + 1,
		    *shown != '\0' ? " " : "", shown);
		return;
	}
	status_tidy(snippet, strlen(snippet), SNIP_CELLS, shown, sizeof shown);
	if (*shown != '\0')
		snprintf(def, size, "%s", shown);
	else
		snprintf(def, size, "%d%%", (int)pct);
}

static int
mark_add(struct view *v, const char *name)
{
	const struct outline	*o = view_outline(v);
	struct mark		 k;
	char			 snippet[SNIP_BYTES], def[320];
	const char		*sec = "";
	ssize_t			 i = -1;

	memset(&k, 0, sizeof k);
	k.off = view_top_off(v);
	k.percent = view_percent(v);
	if (o != NULL && (i = outline_at(o, k.off)) >= 0)
		sec = outline_get(o, (size_t)i)->title;
	mark_snippet(v, k.off, snippet, sizeof snippet);
	if (name == NULL || *name == '\0') {
		mark_default_name(sec, i, snippet, k.percent, def, sizeof def);
		name = def;
	}
	k.fp = v->fp;
	k.path = v->path;
	k.name = (char *)name;
	k.snippet = snippet;
	k.section = (char *)sec;
	k.time = time(NULL);
	marks_add(v->marks, &k);
	view_message(v, "Bookmarked: %s", name);
	return VIEW_STATUS | VIEW_SAVE;
}

int
view_answer(struct view *v, const char *text)
{
	int	kind = v->prompt;

	view_pace_break(v);	/* the time typing was no reading */
	v->prompt = VIEW_PROMPT_NONE;
	if (kind == VIEW_PROMPT_FILTER)	/* applied as typed; Esc clears */
		return text == NULL ? view_list_filter(v, NULL, 0) : VIEW_STATUS;
	if (text == NULL || v->marks == NULL)
		return VIEW_STATUS;
	if (kind == VIEW_PROMPT_MARK_NAME)
		return mark_add(v, text);
	if (kind == VIEW_PROMPT_MARK_RENAME && *text != '\0' &&
	    v->sel < marks_count(v->marks, v->fp)) {
		marks_rename(v->marks, v->fp, v->sel, text);
		view_message(v, "Renamed: %s", text);
		return VIEW_DRAW | VIEW_STATUS | VIEW_SAVE;
	}
	return VIEW_STATUS;
}
