/* view_search: the view's search. A search is a compiled pattern plus,
 * while it runs, the offset its next budgeted step starts from; it wraps
 * once past the end (start). n/N typed while it runs wait in search_queue
 * and run in turn from each match found; wrap_note keeps whether one of
 * them wrapped, for the status. */
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

static void
show_match(struct view *v)
{
	if (!view_visible(v, v->match.off)) {
		view_set_top(v, layout_pos_at(v->layout, v->match.off));
		view_pace_break(v);	/* found later than asked: a jump */
	}
}

void
view_search_drop(struct view *v)
{
	search_free(v->search);
	v->search = NULL;
	free(v->pattern);
	v->pattern = NULL;
	v->searching = 0;
	v->search_queue = 0;
	v->wrap_note = 0;
	v->has_match = 0;
	v->committed = 0;
}

static int
search_run(struct view *v, size_t from, int backward)
{
	v->searching = 1;
	v->search_back = backward;
	v->search_from = from;
	v->wrapped = 0;
	v->highlight = 1;
	return VIEW_SEARCH | VIEW_STATUS;
}

/* The next match after (before) the current one. */
static int
search_next(struct view *v, int backward)
{
	return search_run(v, backward ? v->match.off : v->match.off + 1,
	    backward);
}

int
view_search_start(struct view *v, const char *pat, size_t len, int regex)
{
	struct search	*s;
	char		*cause = NULL;

	v->msg[0] = '\0';
	if (len == 0) {
		view_search_drop(v);
		v->top = layout_pos_at(v->layout, v->search_origin);
		v->anchor = v->search_origin;
		return VIEW_DRAW | VIEW_STATUS;
	}
	s = search_new(pat, len, regex, &cause);
	if (s == NULL) {
		view_message(v, "%s", cause != NULL ? cause : "Invalid pattern");
		free(cause);
		return VIEW_STATUS;
	}
	view_search_drop(v);
	v->search = s;
	v->pattern = xstrndup(pat, len);
	v->regex = regex;
	return search_run(v, v->search_origin, v->backward);
}

/* The total is counted on another thread once the search has stopped: on
 * two cores, counting beside the scan of the doc and the search itself
 * would delay the first match. */
static void
count_start(struct view *v)
{
	if (v->committed)
		search_count_start(v->search, v->doc);
}

/* The match (v->match, the one n/N started from) changes only when the
 * running search finds the next one; then each n/N typed meanwhile runs
 * one more search from there, and the view moves once, to the last. */
int
view_search_step(struct view *v, size_t budget)
{
	struct search_match	m;
	size_t			resume = v->search_from, len = doc_len(v->doc);
	int			r, back;

	if (!v->searching || v->search == NULL)
		return 0;
	r = search_step(v->search, v->doc, v->search_from, v->search_back,
	    budget, &m, &resume);
	if (r == SEARCH_MORE) {
		v->search_from = resume;
		return VIEW_SEARCH;
	}
	if (r == SEARCH_COSTLY) {
		v->searching = 0;
		v->search_queue = 0;
		count_start(v);
		view_message(v, "Pattern too costly here");
		return VIEW_DRAW | VIEW_STATUS;
	}
	if (r == SEARCH_FOUND) {
		v->match = m;
		v->has_match = 1;
		if (v->wrapped)
			v->wrap_note = v->search_back ? -1 : 1;
		if (v->search_queue != 0) {
			back = v->search_queue < 0;
			v->search_queue += back ? 1 : -1;
			return search_next(v, back);
		}
		v->searching = 0;
		count_start(v);
		show_match(v);
		return VIEW_DRAW | VIEW_STATUS;
	}
	if (!v->wrapped && (v->search_back ? v->search_from < len :
	    v->search_from > 0)) {
		v->wrapped = 1;
		v->search_from = v->search_back ? len : 0;
		return VIEW_SEARCH;
	}
	v->searching = 0;
	v->search_queue = 0;
	v->has_match = 0;
	count_start(v);
	view_message(v, "Pattern not found: %s", v->pattern);
	return VIEW_DRAW | VIEW_STATUS;
}

int
view_search_commit(struct view *v)
{
	v->prompt = VIEW_PROMPT_NONE;
	if (v->search == NULL)
		return VIEW_DRAW | VIEW_STATUS;
	v->committed = 1;
	v->count_done = 0;
	v->count_seen = 0;
	v->jump_off = v->search_origin;
	v->has_jump = 1;
	if (!v->searching)
		count_start(v);
	return VIEW_DRAW | VIEW_STATUS | (v->searching ? VIEW_SEARCH : 0);
}

int
view_search_cancel(struct view *v, int restore)
{
	view_pace_break(v);
	v->prompt = VIEW_PROMPT_NONE;
	if (restore) {
		view_search_drop(v);
		v->top = layout_pos_at(v->layout, v->search_origin);
		v->anchor = v->search_origin;
		return VIEW_DRAW | VIEW_STATUS;
	}
	if (v->searching) {
		v->searching = 0;
		v->search_queue = 0;
		count_start(v);
		view_message(v, "Search cancelled");
	}
	return VIEW_DRAW | VIEW_STATUS;
}

int
view_search_enter(struct view *v, const char *text, int regex,
    int *committed)
{
	int	flags;

	*committed = 0;
	view_pace_break(v);	/* the time typing was no reading */
	if (text == NULL || *text == '\0') {
		flags = view_search_cancel(v, 1);
		view_message(v, NULL);
		return flags | VIEW_STATUS;
	}
	if (v->search == NULL || strcmp(v->pattern, text) != 0 ||
	    v->regex != regex)
		view_search_start(v, text, strlen(text), regex);
	if (v->search == NULL || strcmp(v->pattern, text) != 0)
		return view_search_cancel(v, 1) | VIEW_STATUS;
	*committed = 1;
	return view_search_commit(v) | VIEW_STATUS;
}

int
view_search_initial(struct view *v, const char *pat)
{
	v->search_origin = 0;
	return view_search_start(v, pat, strlen(pat), 0) |
	    view_search_commit(v);
}

/* n or N, n times (10n: ten matches on). Typed while a search still runs
 * (keys typed ahead), it is queued: n n moves two matches, never one
 * twice. A single one the other way round with nothing queued undoes the
 * running n: the match stays. Else the first step runs now and the rest
 * wait in the queue, each from the match the one before found. */
int
view_search_again(struct view *v, int reverse, long n)
{
	int	back = v->backward ^ reverse;
	int	flags;
	size_t	total;

	if (v->search == NULL || !v->committed) {
		view_message(v, "No previous search (/ searches)");
		return VIEW_STATUS;
	}
	/* Once the matches are counted, whole turns round the text are
	 * skipped: 99999999n costs what n does. */
	if (search_count(v->search, &total) == 1 && total > 0 &&
	    (size_t)n > total)
		n = (long)(((size_t)n - 1) % total) + 1;
	if (v->searching) {
		if (n == 1 && v->search_queue == 0 && back != v->search_back &&
		    v->has_match) {
			v->searching = 0;
			show_match(v);
			return VIEW_DRAW | VIEW_STATUS;
		}
		v->search_queue += back ? -n : n;
		return 0;
	}
	if (v->has_match)
		flags = VIEW_DRAW | search_next(v, back);
	else
		flags = VIEW_DRAW | search_run(v, view_top_off(v), back);
	v->search_queue = back ? -(n - 1) : n - 1;
	return flags;
}

int
view_search_prompt(struct view *v, int backward)
{
	v->backward = backward;
	v->search_origin = v->anchor;
	v->prompt = VIEW_PROMPT_SEARCH;
	v->prompt_label = backward ? "?" : "/";
	return VIEW_PROMPT;
}

/* A highlight too costly for the paragraph is turned off, so that the
 * next paragraphs and draws do not pay for it again (n or N turns it back
 * on). */
size_t
view_matches(struct view *v, const struct doc_para *p,
    struct search_match *out, size_t max)
{
	size_t	 n;
	int	 costly;

	if (v->search == NULL || !v->highlight)
		return 0;
	n = search_para(v->search, v->doc, p, out, max, &costly);
	if (costly) {
		v->highlight = 0;
		view_message(v, "Pattern too costly here");
	}
	return n;
}

/* The match's part of the status line: its number among those counted
 * (0 while the count has not reached it), whether the count is complete,
 * whether the search wrapped, and its section (title sanitised into
 * title). */
void
view_match_status(struct view *v, struct status_in *in, char *title,
    size_t size)
{
	const struct outline	*o = view_outline(v);
	ssize_t			 sec;

	in->match = 1;
	/* A count stopped where a regex is too costly stays "i/…". */
	in->match_done = search_count(v->search, &in->match_total) == 1;
	in->match_idx = search_index(v->search, v->match.off);
	in->match_wrapped = v->wrap_note;
	if (o != NULL && (sec = outline_at(o, v->match.off)) >= 0) {
		char		 shown[512];
		const char	*t = view_title(v, outline_get(o, (size_t)sec)->title,
		    shown, sizeof shown);

		ustr_sanitize(t, strlen(t), title, size);
		in->match_sec = (size_t)sec + 1;
		in->match_title = title;
	}
}
