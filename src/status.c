/* status: the status line's words and their layout.
 *
 * Data model: a line is a row of pieces, each with a long and a short form
 * (the same text when there is no shorter one). Left: a message, or a
 * list's hint, or a match's count and section, or the document and the
 * section title. Right: the count being typed, the scan's progress, §x/y,
 * the position, the time left in the section and in the book, the help key.
 * The steps table says in which order pieces get shorter and drop out as
 * the width shrinks; the elastic pieces (titles, names, a message) are cut
 * with "…" once the cheap steps are spent, and a message only after every
 * other piece is gone, since it is read once. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "status.h"
#include "ustr.h"
#include "util.h"

#define PIECE_MAX	512	/* bytes of one piece's form */
#define ELASTIC_MIN	8	/* cells a cut title keeps, "…" included */
#define LEFT_SEP	" \xc2\xb7 "	/* " · " */
#define RIGHT_SEP	"  "
#define ELLIPSIS	"\xe2\x80\xa6"

/* Pieces in the order they are shown, left part first. */
enum piece_id {
	P_MSG, P_HINT, P_MATCH_COUNT, P_MATCH_NOTE, P_MATCH_SEC, P_DOC,
	P_TITLE,
	P_COUNT, P_SCAN, P_SECNUM, P_POS, P_TSEC, P_TDOC, P_HELP,
	P_NUM,
};
#define FIRST_RIGHT	P_COUNT

enum { FORM_LONG, FORM_SHORT, FORM_DROPPED, FORM_ABSENT };

struct piece {
	char	 text[2][PIECE_MAX];	/* long and short form */
	size_t	 cells[2];
	int	 form;			/* FORM_* */
	size_t	 cut;			/* cells of an elastic piece once cut;
					 * 0: not cut */
};

/* The order in which pieces give way: first a shorter form, then out. */
static const struct {
	int	piece;
	int	form;
} steps[] = {
	{ P_HELP, FORM_DROPPED },
	{ P_TDOC, FORM_SHORT },
	{ P_TSEC, FORM_SHORT },
	{ P_SCAN, FORM_SHORT },
	/* From here on titles may be cut (CUT_STEP). */
	{ P_TDOC, FORM_DROPPED },
	{ P_DOC, FORM_DROPPED },
	{ P_TSEC, FORM_DROPPED },
	{ P_HINT, FORM_SHORT },
	{ P_MATCH_NOTE, FORM_DROPPED },
	{ P_TITLE, FORM_DROPPED },
	{ P_MATCH_SEC, FORM_DROPPED },
	{ P_SECNUM, FORM_DROPPED },
	{ P_SCAN, FORM_DROPPED },
	{ P_HINT, FORM_DROPPED },
	{ P_POS, FORM_DROPPED },
	{ P_COUNT, FORM_DROPPED },
	{ P_MATCH_COUNT, FORM_DROPPED },
};
#define NSTEPS		(sizeof steps / sizeof steps[0])
#define CUT_STEP	4

/* The pieces that may be cut with "…", least useful first, from the step
 * after the one named on (or CUT_STEP): the name is cut before the title,
 * which is cut only once the name is gone, keeping TITLE_KEEP cells while
 * the time left in its section is shown, ELASTIC_MIN once that is gone; a
 * message is cut only when nothing else is left to give way. */
#define TITLE_KEEP	16
static const struct {
	int	piece;
	int	after_piece, after_form;	/* -1: from CUT_STEP */
	size_t	min;
} elastic[] = {
	{ P_DOC, -1, 0, ELASTIC_MIN },
	{ P_MATCH_SEC, -1, 0, TITLE_KEEP },
	{ P_MATCH_SEC, P_TSEC, FORM_DROPPED, ELASTIC_MIN },
	{ P_TITLE, P_DOC, FORM_DROPPED, TITLE_KEEP },
	{ P_TITLE, P_TSEC, FORM_DROPPED, ELASTIC_MIN },
	{ P_MSG, P_MATCH_COUNT, FORM_DROPPED, 1 },
};
#define NELASTIC	(sizeof elastic / sizeof elastic[0])

/* The first step at which row i of elastic applies. */
static size_t
elastic_from(size_t i)
{
	for (size_t k = 0; k < NSTEPS; k++)
		if (steps[k].piece == elastic[i].after_piece &&
		    steps[k].form == elastic[i].after_form)
			return k + 1;
	return CUT_STEP;
}

int
status_lang_from(const char *lc_all, const char *lc_messages, const char *lang)
{
	const char	*v[3] = { lc_all, lc_messages, lang };

	for (int i = 0; i < 3; i++) {
		if (v[i] != NULL && *v[i] != '\0')
			return strncmp(v[i], "zh", 2) == 0 ? STATUS_ZH : STATUS_EN;
	}
	return STATUS_EN;
}

size_t
status_minutes(int lang, double minutes, char *buf, size_t size)
{
	int	zh = lang == STATUS_ZH;
	long	m, h;
	int	n;

	if (minutes < 1.0 || minutes != minutes)
		n = snprintf(buf, size, zh ? "\xe4\xb8\x8d\xe5\x88\xb0 1 \xe5\x88\x86\xe9\x92\x9f" :
		    "<1 min");
	else {
		/* A year of reading is more than anyone has left. */
		m = minutes > 1e8 ? 100000000L : (long)(minutes + 0.5);
		h = m / 60;
		if (m < 60)
			n = snprintf(buf, size, zh ? "%ld \xe5\x88\x86\xe9\x92\x9f" :
			    "%ld min", m);
		else if (m < 600 && m % 60 != 0)
			n = snprintf(buf, size, zh ?
			    "%ld \xe5\xb0\x8f\xe6\x97\xb6 %ld \xe5\x88\x86\xe9\x92\x9f" :
			    "%ld h %ld min", h, m % 60);
		else
			/* Ten hours and more: minutes are noise. */
			n = snprintf(buf, size, zh ? "%ld \xe5\xb0\x8f\xe6\x97\xb6" :
			    "%ld h", m < 600 ? h : (m + 30) / 60);
	}
	return n < 0 ? 0 : (size_t)n;
}

size_t
status_cut(const char *s, size_t len, size_t cells, char *out, size_t size)
{
	size_t	w = ustr_strwidth(s, len), dots, used = 0, n = 0, end, cw;

	if (size == 0)
		return 0;
	if (w <= cells) {
		n = len < size ? len : size - 1;
		memcpy(out, s, n);
		out[n] = '\0';
		return w;
	}
	dots = ustr_strwidth(ELLIPSIS, strlen(ELLIPSIS));
	if (cells < dots) {
		out[0] = '\0';
		return 0;
	}
	for (; n < len; n = end) {
		end = ustr_cluster_end(s, len, n);
		cw = ustr_strwidth(s + n, end - n);
		if (used + cw + dots > cells || end + strlen(ELLIPSIS) >= size)
			break;
		used += cw;
	}
	memcpy(out, s, n);
	memcpy(out + n, ELLIPSIS, strlen(ELLIPSIS) + 1);
	return used + dots;
}

size_t
status_tidy(const char *s, size_t len, size_t cells, char *out, size_t size)
{
	char		*flat = xmalloc(len + 1), *safe;
	size_t		 i, k, o = 0, n;
	uint32_t	 cp;
	int		 gap = 0;

	/* Spaces first: the sanitiser would show a tab or a line break as a
	 * code. */
	for (i = 0; i < len; i += k) {
		k = ustr_decode(s + i, len - i, &cp);
		if (ustr_is_space(cp) || cp == '\n' || cp == '\r') {
			gap = o > 0;
			continue;
		}
		if (gap)
			flat[o++] = ' ';
		gap = 0;
		memcpy(flat + o, s + i, k);
		o += k;
	}
	n = ustr_sanitize(flat, o, NULL, 0) + 1;
	safe = xmalloc(n);
	ustr_sanitize(flat, o, safe, n);
	k = status_cut(safe, strlen(safe), cells, out, size);
	free(flat);
	free(safe);
	return k;
}

static void
piece_set(struct piece *p, const char *lng, const char *shrt)
{
	snprintf(p->text[FORM_LONG], PIECE_MAX, "%s", lng);
	snprintf(p->text[FORM_SHORT], PIECE_MAX, "%s", shrt != NULL ? shrt : lng);
	for (int f = FORM_LONG; f <= FORM_SHORT; f++)
		p->cells[f] = ustr_strwidth(p->text[f], strlen(p->text[f]));
	p->form = FORM_LONG;
	p->cut = 0;
}

/* The two forms of each hint, English then Chinese. */
static const char *const hints[][2][2] = {
	[STATUS_HINT_TOC] = {
	    { "Contents: Enter goes there, / filters, Space folds, q closes",
	      "Contents" },
	    { "\xe7\x9b\xae\xe5\xbd\x95\xef\xbc\x9a" "Enter \xe8\xb7\xb3\xe8\xbd\xac\xef\xbc\x8c"
	      "/ \xe7\xad\x9b\xe9\x80\x89\xef\xbc\x8c" "Space \xe6\x8a\x98\xe5\x8f\xa0\xef\xbc\x8c"
	      "q \xe5\x85\xb3\xe9\x97\xad",
	      "\xe7\x9b\xae\xe5\xbd\x95" } },
	[STATUS_HINT_TOC_WAIT] = {
	    { "Contents: the sections are being found" ELLIPSIS, "Contents" ELLIPSIS },
	    { "\xe7\x9b\xae\xe5\xbd\x95\xef\xbc\x9a\xe6\xad\xa3\xe5\x9c\xa8\xe6\x9f\xa5\xe6\x89\xbe\xe7\xab\xa0\xe8\x8a\x82" ELLIPSIS,
	      "\xe7\x9b\xae\xe5\xbd\x95" ELLIPSIS } },
	[STATUS_HINT_MARKS] = {
	    { "Bookmarks: Enter goes there, d deletes, u undoes, r renames, "
	      "q closes", "Bookmarks" },
	    { "\xe4\xb9\xa6\xe7\xad\xbe\xef\xbc\x9a" "Enter \xe8\xb7\xb3\xe8\xbd\xac\xef\xbc\x8c"
	      "d \xe5\x88\xa0\xe9\x99\xa4\xef\xbc\x8cu \xe6\x92\xa4\xe9\x94\x80\xef\xbc\x8c"
	      "r \xe6\x94\xb9\xe5\x90\x8d\xef\xbc\x8cq \xe5\x85\xb3\xe9\x97\xad",
	      "\xe4\xb9\xa6\xe7\xad\xbe" } },
	[STATUS_HINT_HELP] = {
	    { "Help: q closes", "Help" },
	    { "\xe5\xb8\xae\xe5\x8a\xa9\xef\xbc\x9aq \xe5\x85\xb3\xe9\x97\xad",
	      "\xe5\xb8\xae\xe5\x8a\xa9" } },
	[STATUS_HINT_HELP_MORE] = {
	    { "Help: \xe2\x86\x93 more (Space), q closes", "Help \xe2\x86\x93 more" },
	    { "\xe5\xb8\xae\xe5\x8a\xa9\xef\xbc\x9a\xe2\x86\x93 \xe6\x9b\xb4\xe5\xa4\x9a\xef\xbc\x88Space\xef\xbc\x89\xef\xbc\x8cq \xe5\x85\xb3\xe9\x97\xad",
	      "\xe5\xb8\xae\xe5\x8a\xa9 \xe2\x86\x93 \xe6\x9b\xb4\xe5\xa4\x9a" } },
	[STATUS_HINT_SEARCHING] = {
	    { "Searching" ELLIPSIS " (Esc cancels)", "Searching" ELLIPSIS },
	    { "\xe6\xad\xa3\xe5\x9c\xa8\xe6\x90\x9c\xe7\xb4\xa2" ELLIPSIS "\xef\xbc\x88" "Esc \xe5\x8f\x96\xe6\xb6\x88\xef\xbc\x89",
	      "\xe6\x90\x9c\xe7\xb4\xa2\xe4\xb8\xad" ELLIPSIS } },
	[STATUS_HINT_FIND] = {
	    { "Matches: Enter goes there, / filters, q closes", "Matches" },
	    { "\xe5\x8c\xb9\xe9\x85\x8d\xef\xbc\x9a" "Enter \xe8\xb7\xb3\xe8\xbd\xac\xef\xbc\x8c"
	      "/ \xe7\xad\x9b\xe9\x80\x89\xef\xbc\x8c" "q \xe5\x85\xb3\xe9\x97\xad",
	      "\xe5\x8c\xb9\xe9\x85\x8d" } },
};

/* The filtered contents: how many entries match. */
static void
fill_filter(const struct status_in *in, struct piece *p)
{
	char	a[128], b[64];

	snprintf(a, sizeof a, in->lang == STATUS_ZH ?
	    "\xe7\x9b\xae\xe5\xbd\x95\xef\xbc\x9a%zu/%zu \xe9\xa1\xb9\xef\xbc\x8c"
	    "Esc \xe6\xb8\x85\xe9\x99\xa4\xe7\xad\x9b\xe9\x80\x89" :
	    "Contents: %zu of %zu match, Esc clears the filter",
	    in->list_shown, in->list_total);
	snprintf(b, sizeof b, "%zu/%zu", in->list_shown, in->list_total);
	piece_set(&p[P_HINT], a, b);
}

const char *
status_front_matter(int lang)
{
	return lang == STATUS_ZH ? "\xe5\x89\x8d\xe8\xa8\x80" : "front matter";
}

/* The left part: a message, a hint, a match, or the document and where in
 * it the top row is. */
static void
fill_left(const struct status_in *in, struct piece *p)
{
	int	zh = in->lang == STATUS_ZH;
	char	a[32], b[64];

	if (in->message != NULL && *in->message != '\0') {
		piece_set(&p[P_MSG], in->message, NULL);
		return;
	}
	if (in->hint == STATUS_HINT_TOC_FILTER) {
		fill_filter(in, p);
		return;
	}
	if (in->hint > STATUS_HINT_NONE && in->hint <= STATUS_HINT_FIND)
		piece_set(&p[P_HINT], hints[in->hint][zh][0],
		    hints[in->hint][zh][1]);
	/* The list of matches says the selected one's count too. */
	if (in->hint > STATUS_HINT_NONE && in->hint < STATUS_HINT_FIND)
		return;
	if (in->match) {
		if (in->match_idx > 0)
			snprintf(a, sizeof a, "%zu", in->match_idx);
		else
			snprintf(a, sizeof a, ELLIPSIS);
		if (in->match_done)
			snprintf(b, sizeof b, "%s/%zu", a, in->match_total);
		else
			snprintf(b, sizeof b, "%s/" ELLIPSIS, a);
		piece_set(&p[P_MATCH_COUNT], b, NULL);
		if (in->match_wrapped)
			piece_set(&p[P_MATCH_NOTE], in->match_wrapped > 0 ?
			    (zh ? "\xe5\xb7\xb2\xe4\xbb\x8e\xe5\xbc\x80\xe5\xa4\xb4\xe6\x89\xbe\xe8\xb5\xb7" :
			    "wrapped to the start") :
			    (zh ? "\xe5\xb7\xb2\xe4\xbb\x8e\xe6\x9c\xab\xe5\xb0\xbe\xe6\x89\xbe\xe8\xb5\xb7" :
			    "wrapped to the end"), NULL);
		if (in->match_sec > 0) {
			char t[PIECE_MAX];

			snprintf(t, sizeof t, "\xc2\xa7%zu %s", in->match_sec,
			    in->match_title != NULL ? in->match_title : "");
			piece_set(&p[P_MATCH_SEC], t, NULL);
		}
		return;
	}
	if (in->doc != NULL && *in->doc != '\0')
		piece_set(&p[P_DOC], in->doc, NULL);
	if (in->known && in->sec_count > 0 && in->sec == 0)
		piece_set(&p[P_TITLE], status_front_matter(in->lang), NULL);
	else if (in->known && in->sec > 0 && in->sec_title != NULL &&
	    *in->sec_title != '\0')
		piece_set(&p[P_TITLE], in->sec_title, NULL);
}

static void
fill_scan(const struct status_in *in, struct piece *p)
{
	int	zh = in->lang == STATUS_ZH;
	char	amount[32], a[64], b[64];

	if (!in->scanning)
		return;
	if (in->scan_bytes > 0) {
		/* A pipe of unknown size: how much has come in is all there
		 * is to tell. */
		if (in->scan_bytes >= (1u << 20))
			snprintf(amount, sizeof amount, "%zu MiB",
			    in->scan_bytes >> 20);
		else
			snprintf(amount, sizeof amount, "%zu KiB",
			    (in->scan_bytes + 1023) >> 10);
		snprintf(a, sizeof a, zh ? "\xe5\xb7\xb2\xe8\xaf\xbb\xe5\x85\xa5 %s" :
		    "reading %s", amount);
		piece_set(&p[P_SCAN], a, amount);
		return;
	}
	snprintf(a, sizeof a, zh ? "\xe6\xad\xa3\xe5\x9c\xa8\xe6\x9f\xa5\xe6\x89\xbe\xe7\xab\xa0\xe8\x8a\x82 %d%%" :
	    "finding sections %d%%", in->scan_pct);
	snprintf(b, sizeof b, zh ? "\xe6\x89\xab\xe6\x8f\x8f %d%%" : "scan %d%%",
	    in->scan_pct);
	piece_set(&p[P_SCAN], a, b);
}

/* One time-left piece: its long and short forms around the minutes, the
 * Chinese ones given as prefixes ("本节还剩 3 分钟" but "本节还剩不到 1
 * 分钟": a space only before a number), the English ones as formats. */
static void
time_piece(const struct status_in *in, struct piece *pc, double min,
    const char *zh_long, const char *zh_short, const char *en_long,
    const char *en_short)
{
	char		 t[64], a[128], b[128];
	const char	*sp;

	status_minutes(in->lang, min, t, sizeof t);
	sp = t[0] >= '0' && t[0] <= '9' ? " " : "";
	if (in->lang == STATUS_ZH) {
		snprintf(a, sizeof a, "%s%s%s", zh_long, sp, t);
		snprintf(b, sizeof b, "%s%s%s", zh_short, sp, t);
	} else {
		snprintf(a, sizeof a, en_long, t);
		snprintf(b, sizeof b, en_short, t);
	}
	piece_set(pc, a, b);
}

static void
fill_times(const struct status_in *in, struct piece *p)
{
	if (!in->known)
		return;
	if (in->sec > 0)
		time_piece(in, &p[P_TSEC], in->min_section,
		    "\xe6\x9c\xac\xe8\x8a\x82\xe8\xbf\x98\xe5\x89\xa9",
		    "\xe6\x9c\xac\xe8\x8a\x82", "%s left in section",
		    "%s left");
	time_piece(in, &p[P_TDOC], in->min_book,
	    "\xe5\x85\xa8\xe4\xb9\xa6\xe8\xbf\x98\xe5\x89\xa9",
	    "\xe5\x85\xa8\xe4\xb9\xa6", "%s left in book", "book %s");
}

/* The right part: what is typed, the scan, where, how long. */
static void
fill_right(const struct status_in *in, struct piece *p)
{
	static const char *const pos[][2] = {
		[STATUS_POS_TOP] = { "Top", "\xe5\xbc\x80\xe5\xa4\xb4" },
		[STATUS_POS_END] = { "End", "\xe7\xbb\x93\xe5\xb0\xbe" },
		[STATUS_POS_ALL] = { "All", "\xe5\x85\xa8\xe9\x83\xa8" },
	};
	int	zh = in->lang == STATUS_ZH;
	char	a[64];

	if (in->count >= 0) {
		snprintf(a, sizeof a, "%ld", in->count);
		piece_set(&p[P_COUNT], a, NULL);
	}
	fill_scan(in, p);
	if (in->known && in->sec_count > 0) {
		if (in->sec > 0)
			snprintf(a, sizeof a, "\xc2\xa7%zu/%zu", in->sec,
			    in->sec_count);
		else
			snprintf(a, sizeof a, zh ? "\xe5\x85\xb1 %zu \xe8\x8a\x82" :
			    "%zu sections", in->sec_count);
		piece_set(&p[P_SECNUM], a, NULL);
	}
	/* A length still growing has no end yet: only a guess. */
	if (in->pos == STATUS_POS_PERCENT || in->approx)
		snprintf(a, sizeof a, "%s%d%%", in->approx ? "~" : "",
		    in->percent);
	else
		snprintf(a, sizeof a, "%s", pos[in->pos][zh]);
	piece_set(&p[P_POS], a, NULL);
	fill_times(in, p);
	if (in->hint == STATUS_HINT_NONE)
		piece_set(&p[P_HELP], zh ? "h \xe5\xb8\xae\xe5\x8a\xa9" : "h: help",
		    NULL);
}

static size_t
piece_cells(const struct piece *p)
{
	if (p->form >= FORM_DROPPED)
		return 0;
	return p->cut > 0 ? p->cut : p->cells[p->form];
}

/* Cells of the line as the pieces stand now. */
static size_t
line_cells(const struct piece *p)
{
	size_t	side[2] = { 0, 0 }, n[2] = { 0, 0 }, sep[2];
	int	s;

	sep[0] = ustr_strwidth(LEFT_SEP, strlen(LEFT_SEP));
	sep[1] = strlen(RIGHT_SEP);
	for (int i = 0; i < P_NUM; i++) {
		if (p[i].form >= FORM_DROPPED)
			continue;
		s = i >= FIRST_RIGHT;
		side[s] += piece_cells(&p[i]) + (n[s] > 0 ? sep[s] : 0);
		n[s]++;
	}
	return 2 + side[0] + side[1] + (n[0] > 0 && n[1] > 0 ? 2 : 0);
}

/* Cut the elastic pieces that step may cut, least useful first, until
 * the line fits width; 1 if it does. A cut is measured as drawn: a wide
 * character that does not fit leaves its cell empty. */
static int
cut_to_fit(struct piece *p, size_t step, size_t width)
{
	char	tmp[PIECE_MAX];
	size_t	need, over, room, full;

	for (int i = 0; i < P_NUM; i++)
		p[i].cut = 0;
	need = line_cells(p);
	for (size_t i = 0; i < NELASTIC && need > width; i++) {
		struct piece *e = &p[elastic[i].piece];

		full = e->form < FORM_DROPPED ? e->cells[e->form] : 0;
		if (step < elastic_from(i) || full <= elastic[i].min)
			continue;
		over = need - width;
		room = piece_cells(e) > elastic[i].min ?
		    piece_cells(e) - elastic[i].min : 0;
		e->cut = status_cut(e->text[e->form], strlen(e->text[e->form]),
		    piece_cells(e) - (over < room ? over : room), tmp, sizeof tmp);
		need = line_cells(p);
	}
	return need <= width;
}

/* Append piece text (cut when it is) to buf at *n. */
static void
put(char *buf, size_t size, size_t *n, const char *s, size_t cut)
{
	char	tmp[PIECE_MAX];
	size_t	len;

	if (cut > 0) {
		status_cut(s, strlen(s), cut, tmp, sizeof tmp);
		s = tmp;
	}
	len = strlen(s);
	if (*n + len >= size)
		len = *n + 1 < size ? size - *n - 1 : 0;
	memcpy(buf + *n, s, len);
	*n += len;
	buf[*n] = '\0';
}

/* One part's pieces, joined by sep, into buf at *n. */
static void
render_side(const struct piece *p, int from, int to, const char *sep,
    char *buf, size_t size, size_t *n)
{
	int	any = 0;

	for (int i = from; i < to; i++) {
		if (p[i].form >= FORM_DROPPED)
			continue;
		put(buf, size, n, any ? sep : "", 0);
		put(buf, size, n, p[i].text[p[i].form], p[i].cut);
		any = 1;
	}
}

/* " left", the spaces that make the line width cells, "right ". */
static size_t
render(const struct piece *p, size_t width, char *buf, size_t size)
{
	size_t	n = 0, pad = width - line_cells(p);
	int	side[2] = { 0, 0 };

	for (int i = 0; i < P_NUM; i++)
		if (p[i].form < FORM_DROPPED)
			side[i >= FIRST_RIGHT] = 1;
	/* line_cells counts the two spaces between the parts. */
	if (side[0] && side[1])
		pad += 2;
	put(buf, size, &n, " ", 0);
	render_side(p, 0, FIRST_RIGHT, LEFT_SEP, buf, size, &n);
	while (pad-- > 0)
		put(buf, size, &n, " ", 0);
	render_side(p, FIRST_RIGHT, P_NUM, RIGHT_SEP, buf, size, &n);
	put(buf, size, &n, " ", 0);
	return n;
}

size_t
status_build(const struct status_in *in, int width, char *buf, size_t size)
{
	struct piece	p[P_NUM];
	char		line[4 * PIECE_MAX];
	size_t		w = width > 0 ? (size_t)width : 0, step = 0, n;

	if (size == 0)
		return 0;
	for (int i = 0; i < P_NUM; i++)
		p[i].form = FORM_ABSENT;
	fill_left(in, p);
	fill_right(in, p);
	while (!cut_to_fit(p, step, w) && step < NSTEPS) {
		if (p[steps[step].piece].form < FORM_DROPPED)
			p[steps[step].piece].form = steps[step].form;
		step++;
	}
	if (line_cells(p) <= w)
		return render(p, w, buf, size);
	/* Narrower than a margin and one piece: what fits of it. */
	render(p, line_cells(p), line, sizeof line);
	status_cut(line, strlen(line), w, buf, size);
	n = strlen(buf);
	return n;
}
