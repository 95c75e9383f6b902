/* doc_line: one line of the text and its type. The paragraph profile
 * (which mode joins lines, the wrap width) from the first HEAD bytes, the
 * Markdown fence state at a line start, and doc_line_get(): the line around
 * an offset, classified for the join rules of doc_para.c. */
#define _GNU_SOURCE		/* memmem */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "doc.h"
#include "doc_int.h"
#include "outline.h"
#include "ustr.h"
#include "util.h"

/* Blank lines separate paragraphs when the runs of text between them average
 * at most RUN_MAX lines: hard-wrapped paragraphs are a few rows long, and a
 * text with a blank line only every few dozen lines uses them for something
 * else (sections, pasted code) and is one paragraph per line. */
#define RUN_MAX		12

/* A line longer than WIDE_BYTES is not counted: it is STRUCT_HUGE. */
#define WIDE_BYTES	1024

static int
line_cells(const char *s, size_t n)
{
	struct outline_counts	lc;

	if (n > WIDE_BYTES)
		return STRUCT_HUGE;
	outline_count_line(s, n, &lc);
	return lc.width < STRUCT_HUGE ? (int)lc.width : STRUCT_HUGE;
}

/* Whether blank lines can be the paragraph separator of a text with
 * nonblank lines in runs of text between blank lines. */
static int
blank_separated(size_t nonblank, size_t runs)
{
	return runs >= 1 && nonblank <= runs * RUN_MAX;
}

/* Paragraph profile, from the first HEAD bytes of text. */

static int
is_blank_text(const char *s, size_t n)
{
	size_t		i = 0, k;
	uint32_t	cp;

	while (i < n) {
		if (s[i] == ' ' || s[i] == '\t') {
			i++;
			continue;
		}
		k = ustr_decode(s + i, n - i, &cp);
		if (cp != 0x3000 && cp != 0xA0 && cp != 0xFEFF)
			return 0;
		i += k;
	}
	return 1;
}

static size_t
skip_spaces(const char *s, size_t n, size_t i, size_t max)
{
	size_t	j = i;

	while (j < n && j - i < max && s[j] == ' ')
		j++;
	return j;
}

/* A fence line: returns its length of ` or ~ (>= 3) and sets *ch, or 0. */
static size_t
fence_of(const char *s, size_t n, char *ch, int *rest_blank)
{
	size_t	i = skip_spaces(s, n, 0, 3), j;

	if (i >= n || (s[i] != '`' && s[i] != '~'))
		return 0;
	for (j = i; j < n && s[j] == s[i]; j++)
		;
	if (j - i < 3)
		return 0;
	if (s[i] == '`' && memchr(s + j, '`', n - j) != NULL)
		return 0;
	*ch = s[i];
	*rest_blank = is_blank_text(s + j, n - j);
	return j - i;
}

/* Whether [start, end) of a UTF-8 text looks like a chapter heading that
 * starts a paragraph of its own in hard-wrapped text (第X章, Chapter 3). */
static int
chapter_like(const char *s, size_t n)
{
	static const char	 units[] = "章节回卷部篇集幕";
	static const char	 nums[] = "0123456789０１２３４５６７８９一二三四五六七八九十百千零〇两";
	size_t			 i = 0, k, count = 0;
	uint32_t		 cp;
	char			 u[8];

	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (n - i >= 8 && strncasecmp(s + i, "chapter", 7) == 0 &&
	    (s[i + 7] == ' ' || (s[i + 7] >= '0' && s[i + 7] <= '9')))
		return n - i < 120;
	if (n - i < 3 || memcmp(s + i, "第", 3) != 0 || n - i > 150)
		return 0;
	for (i += 3; i < n && count < 8; i += k, count++) {
		k = ustr_decode(s + i, n - i, &cp);
		memcpy(u, s + i, k);
		u[k] = '\0';
		if (cp >= 0x80 && strstr(units, u) != NULL)
			return count > 0;
		if (strstr(nums, u) == NULL)
			return 0;
	}
	return 0;
}

/* '=' or '-' when the line is a run of one of them (a setext underline or,
 * for '-', a thematic break), else 0. */
static int
underline_of(const char *s, size_t n)
{
	size_t	i = skip_spaces(s, n, 0, 3), j;

	if (i >= n || (s[i] != '=' && s[i] != '-'))
		return 0;
	for (j = i; j < n && s[j] == s[i]; j++)
		;
	if (j - i < 3 || !is_blank_text(s + j, n - j))
		return 0;
	return s[i];
}

static int
ends_with(const char *s, const char *suffix)
{
	size_t	n = strlen(s), m = strlen(suffix);

	return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

static int
is_atx(const char *s, size_t n)
{
	size_t		i = skip_spaces(s, n, 0, 3), j;
	uint32_t	cp;

	for (j = i; j < n && s[j] == '#'; j++)
		;
	if (j == i || j - i > 6)
		return 0;
	if (j == n || s[j] == ' ' || s[j] == '\t')
		return (int)(j - i);
	/* "#标题": CJK right after the marks (never #include, #!). */
	ustr_decode(s + j, n - j, &cp);
	return ustr_is_cjk(cp) ? (int)(j - i) : 0;
}

void
doc_profile(struct doc *d, const char *t, size_t n, int whole, int markdown)
{
	enum { HW = 256 };
	size_t	hist[HW], i, e, len, nonblank = 0, runs = 0, wide = 0, cnt, best = 0;
	size_t	atx = 0, other = 0;
	int	prev_blank = 1, prev_text = 0, fence = 0, w, bw = 0, rb;
	char	ch, fch = 0;
	size_t	flen = 0, fl;

	memset(hist, 0, sizeof hist);
	for (i = d->start; i < n; i = e + 1 + (t[e] == '\r' && e + 1 < n && t[e + 1] == '\n')) {
		e = i + doc_find_term(t + i, n - i);
		if (e == n && !whole)
			break;
		len = e - i;
		if (e == n && len == 0)
			break;
		if ((fl = fence_of(t + i, len, &ch, &rb)) != 0 &&
		    (!fence || (ch == fch && fl >= flen && rb))) {
			fence = !fence;
			fch = ch;
			flen = fl;
			other++;
			prev_blank = 1;
			continue;
		}
		if (fence)
			continue;
		if (is_blank_text(t + i, len)) {
			prev_blank = 1;
			prev_text = 0;
			continue;
		}
		nonblank++;
		runs += prev_blank;
		if (is_atx(t + i, len))
			atx++;
		else if (len >= 2 && (t[i] == '>' || ((t[i] == '-' || t[i] == '*') && t[i + 1] == ' ')))
			other++;
		else if (outline_md_link(t + i, len))
			other++;
		else if (prev_text && underline_of(t + i, len))
			other++;
		w = line_cells(t + i, len);
		if (w > HW)
			w = HW;
		if (w >= HW)
			wide++;
		else
			hist[w]++;
		prev_blank = 0;
		prev_text = 1;
	}
	/* Markdown by content needs its markup and its paragraphs: a pasted
	 * shell session has "# comment" lines and a web paste an image line,
	 * but with no blank lines between paragraphs they are not Markdown,
	 * which would join every line. */
	if (markdown == 1 || (markdown < 0 && (ends_with(d->name, ".md") ||
	    ends_with(d->name, ".markdown") || (atx >= 2 && other >= 1 &&
	    blank_separated(nonblank, runs))))) {
		d->mode = MODE_MD;
		return;
	}
	/* Hard-wrapped: at least half the lines in a narrow band just under a
	 * width that few lines exceed (SECTIONS.md §3). */
	for (w = 30; w < HW && nonblank >= 8; w++) {
		size_t	band = w / 8 > 2 ? (size_t)w / 8 : 2, k, over = wide;

		for (cnt = 0, k = (size_t)w - band; k <= (size_t)w; k++)
			cnt += hist[k];
		for (k = (size_t)w + 1; k < HW; k++)
			over += hist[k];
		if (cnt > best && over * 20 <= nonblank) {
			best = cnt;
			bw = w;
		}
	}
	if (bw != 0 && best * 2 >= nonblank) {
		d->mode = MODE_WRAP;
		d->wrap_w = bw;
	} else if (runs >= 2 && nonblank * 2 >= runs * 3 &&
	    blank_separated(nonblank, runs))
		d->mode = MODE_BLANK;
	else
		d->mode = MODE_LINE;
}

/* Markdown fences: the state at a line start, from a bounded look back. */

static struct fences *
fences_get(struct doc *d, size_t bucket)
{
	struct fences	*f, *victim = &d->fences[0];
	size_t		 len = doc_len(d), pos, we, t, got, flen = 0, fl;
	const char	*p;
	char		 ch, fch = 0;
	int		 i, open = 0, rb;

	we = (bucket + 1) * FENCE_BUCKET;
	if (we > len)
		we = len;
	for (i = 0; i < NFENCE; i++) {
		f = &d->fences[i];
		if (f->valid && f->bucket == bucket && f->end == we) {
			f->use = ++d->tick;
			return f;
		}
		if (!f->valid || f->use < victim->use)
			victim = f;
	}
	f = victim;
	f->n = 0;
	f->bucket = bucket;
	f->valid = 1;
	f->use = ++d->tick;
	f->end = we;
	pos = bucket > 0 ? (bucket - 1) * FENCE_BUCKET : 0;
	if (pos <= d->start)
		pos = d->start;
	else if ((t = doc_term_fwd(d, pos - 1, we)) == UNK)
		return f;
	else
		pos = doc_after_term(d, t);
	while (pos < we) {
		p = doc_view(d, pos, 256, &got);
		t = doc_find_term(p, got);
		if ((fl = fence_of(p, t, &ch, &rb)) != 0 &&
		    (!open || (ch == fch && fl >= flen && rb && t < got))) {
			f->ev = xreallocarray(f->ev, f->n + 1, sizeof *f->ev);
			f->ev[f->n++] = pos;
			open = !open;
			fch = ch;
			flen = fl;
		}
		if (t < got)
			t += pos;
		else if ((t = doc_term_fwd(d, pos + got, we)) == UNK)
			break;
		pos = doc_after_term(d, t);
	}
	return f;
}

/* 1: the line at start is a fence line, 2: inside a fenced block, 0 else. */
static int
fence_state(struct doc *d, size_t start)
{
	struct fences	*f = fences_get(d, start / FENCE_BUCKET);
	size_t		 lo = 0, hi = f->n, mid;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (f->ev[mid] < start)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < f->n && f->ev[lo] == start)
		return 1;
	return lo % 2 ? 2 : 0;
}

/* Lines and their types. */

static size_t
skip_ws(const char *s, size_t n, size_t i)
{
	uint32_t	cp;
	size_t		k;

	while (i < n) {
		k = ustr_decode(s + i, n - i, &cp);
		if (cp != ' ' && cp != '\t' && cp != 0x3000 && cp != 0xA0)
			break;
		i += k;
	}
	return i;
}

/* A thematic break made of '-', '*' or '_' with optional spaces. */
static int
is_rule(const char *s, size_t n)
{
	size_t	i = skip_spaces(s, n, 0, 3), count = 0;
	char	c;

	if (i >= n || (s[i] != '-' && s[i] != '*' && s[i] != '_'))
		return 0;
	for (c = s[i]; i < n; i++) {
		if (s[i] == c)
			count++;
		else if (s[i] != ' ' && s[i] != '\t')
			return 0;
	}
	return count >= 3;
}

/* A line that is one image, ![alt](url), from p[i] on: LT_IMAGE with the alt
 * text as its body. In any document: a web page pasted as text leaves these
 * behind, and nobody wants to read them raw. */
static void
image_line(const char *p, size_t n, size_t i, struct line *l)
{
	const char	*close;
	size_t		 e;

	if (n - i < 5 || memcmp(p + i, "![", 2) != 0 ||
	    (close = memmem(p + i, n - i, "](", 2)) == NULL)
		return;
	for (e = n; e > i && (p[e - 1] == ' ' || p[e - 1] == '\t' ||
	    p[e - 1] == '\r'); e--)
		;
	if (p[e - 1] != ')')
		return;
	l->type = LT_IMAGE;
	l->body = l->start + i + 2;
	l->body_end = l->start + (size_t)(close - p);
}

static void
classify_md(const char *p, size_t n, struct line *l)
{
	size_t	i = skip_spaces(p, n, 0, SIZE_MAX), j, e;
	int	c;

	c = i < n ? p[i] : 0;
	l->body = l->start + i;
	if (i <= 3 && c == '>') {
		for (j = i; j < n && p[j] == '>'; j = skip_spaces(p, n, j, 3)) {
			l->level++;
			j++;
			if (j < n && p[j] == ' ')
				j++;
		}
		l->type = is_blank_text(p + j, n - j) ? LT_BLANK : LT_QUOTE;
		l->body = l->start + j;
	} else if (i <= 3 && (l->level = is_atx(p, n)) > 0) {
		l->type = LT_ATX;
		j = skip_spaces(p, n, i + (size_t)l->level, SIZE_MAX);
		for (e = n; e > j && (p[e - 1] == ' ' || p[e - 1] == '\t'); e--)
			;
		while (e > j && p[e - 1] == '#')
			e--;
		if (e > j && p[e - 1] != ' ' && p[e - 1] != '\t')
			for (e = n; e > j && (p[e - 1] == ' ' || p[e - 1] == '\t'); e--)
				;
		for (; e > j && (p[e - 1] == ' ' || p[e - 1] == '\t'); e--)
			;
		l->body = l->start + j;
		l->body_end = l->start + e;
	} else if (i <= 3 && underline_of(p, n) == '-')
		l->type = LT_DASH;
	else if (i <= 3 && is_rule(p, n))
		l->type = LT_RULE;
	else if (i <= 3 && underline_of(p, n) == '=')
		l->type = LT_EQ;
	else if ((c == '-' || c == '*' || c == '+') && i + 1 < n &&
	    (p[i + 1] == ' ' || p[i + 1] == '\t')) {
		l->type = LT_LIST;
		l->level = 1 + (int)i / 2;
		l->body = l->start + skip_spaces(p, n, i + 1, SIZE_MAX);
	} else if (c >= '0' && c <= '9') {
		for (j = i; j < n && j - i < 9 && p[j] >= '0' && p[j] <= '9'; j++)
			;
		if (j + 1 < n && (p[j] == '.' || p[j] == ')') && p[j + 1] == ' ') {
			l->type = LT_LIST;
			l->level = 1 + (int)i / 2;
			l->body = l->start + skip_spaces(p, n, j + 1, SIZE_MAX);
		}
	} else if (i <= 3)
		image_line(p, n, i, l);
}

/* Marks that make a separator line when repeated (or, for the stars,
 * alone): drawn as a rule, or kept as written. */
static const uint32_t rule_marks[] = {
	'-', '=', '_', '~', 0x2014, 0x2015, 0x2500, 0x2501, 0x2550, 0xFF0D,
	0xFF1D,
};
static const uint32_t star_marks[] = {
	'*', 0xFF0A, 0x203B, 0x2042, 0x2605, 0x2606, 0x25C6, 0x25C7,
};

static int
in_marks(const uint32_t *set, size_t n, uint32_t cp)
{
	while (n-- > 0)
		if (set[n] == cp)
			return 1;
	return 0;
}

/* A separator in plain text, one mark repeated with optional spaces:
 * LT_RULE for three or more dashes or equals (-----, ====, ———), LT_ALONE
 * for stars (＊＊＊, * * *, a lone ※), else 0. Authors put them between
 * scenes and chapters; glued to the text they would read as words. */
static int
separator_of(const char *s, size_t n)
{
	size_t		i = 0, count = 0;
	uint32_t	cp, first = 0;

	while (i < n) {
		i += ustr_decode(s + i, n - i, &cp);
		if (cp == ' ' || cp == '\t' || cp == 0x3000 || cp == 0xA0)
			continue;
		if (first == 0 && !in_marks(rule_marks, sizeof rule_marks /
		    sizeof *rule_marks, cp) && !in_marks(star_marks,
		    sizeof star_marks / sizeof *star_marks, cp))
			return 0;
		if (first != 0 && cp != first)
			return 0;
		first = cp;
		count++;
	}
	if (in_marks(star_marks, sizeof star_marks / sizeof *star_marks, first))
		return LT_ALONE;
	return count >= 3 ? LT_RULE : 0;
}

/* Opening quotes and brackets that begin a speech, and the marks that end a
 * sentence or a speech (UTF-8, for strstr on one encoded character). */
static const char opening[] = "「『（“‘《〈【([";
static const char closing[] = "」』）”’》〉】)]。！？.!?…";

static int
mark_in(const char *set, const char *s, size_t k)
{
	char	u[8];

	if (k == 0 || k > 4)
		return 0;
	memcpy(u, s, k);
	u[k] = '\0';
	return strstr(set, u) != NULL;
}

/* The cells of an indent s[0..n) (U+3000 2, space, TAB and NBSP 1),
 * negative when it holds a U+3000. */
static int
indent_cells(const char *s, size_t n)
{
	size_t		i = 0;
	uint32_t	cp;
	int		w = 0, ideo = 0;

	while (i < n) {
		i += ustr_decode(s + i, n - i, &cp);
		ideo |= cp == 0x3000;
		w += cp == 0x3000 ? 2 : 1;
	}
	return ideo ? -w : w;
}

/* What the join rules need of a non-blank plain text line p[0..n). */
static void
classify_plain(struct doc *d, const char *p, size_t n, struct line *l)
{
	size_t		b = skip_ws(p, n, 0), e = n, k;
	uint32_t	cp;
	int		t;

	while (e > b && (p[e - 1] == ' ' || p[e - 1] == '\t'))
		e--;
	l->width = line_cells(p, n);
	k = b < n ? ustr_decode(p + b, n - b, &cp) : 0;
	l->opens = mark_in(opening, p + b, k);
	l->hang = indent_cells(p, b);
	for (k = 1; k < e - b && k < 4 &&
	    ((unsigned char)p[e - k] & 0xC0) == 0x80; k++)
		;
	l->closes = e > b && mark_in(closing, p + e - k, k);
	if ((t = separator_of(p + b, e - b)) != 0)
		l->type = t;
	else if (outline_toc_entry(p + b, e - b))
		l->type = LT_ALONE;
	else if (d->mode == MODE_WRAP && chapter_like(p, n))
		l->type = LT_HEAD;
}

static void
classify(struct doc *d, struct line *l)
{
	const struct outline	*o;
	const char		*p;
	size_t			 n;
	int			 fs = 0;

	l->type = LT_TEXT;
	l->level = 0;
	l->indent = 0;
	l->width = STRUCT_HUGE;
	l->opens = l->closes = l->hang = 0;
	l->body = l->start;
	l->body_end = l->end;
	if (l->huge)
		return;
	if (d->mode == MODE_MD && (fs = fence_state(d, l->start)) != 0) {
		l->type = fs == 1 ? LT_FENCE : LT_CODE;
		return;
	}
	p = doc_view(d, l->start, l->end - l->start, &n);
	l->indent = n > 0 && (p[0] == ' ' || p[0] == '\t' ||
	    (n >= 3 && memcmp(p, "\xE3\x80\x80", 3) == 0));
	if (is_blank_text(p, n)) {
		l->type = LT_BLANK;
		return;
	}
	if (d->mode == MODE_MD) {
		classify_md(p, n, l);
		return;
	}
	l->body = l->start + skip_ws(p, n, 0);
	image_line(p, n, l->body - l->start, l);
	if (l->type == LT_IMAGE)
		return;
	classify_plain(d, p, n, l);
	o = atomic_load_explicit(&d->outline_pub, memory_order_acquire);
	if (o != NULL && d->mode != MODE_LINE &&
	    (l->type == LT_TEXT || l->type == LT_HEAD))
		l->type = outline_find_heading(o, l->start) >= 0 ? LT_HEAD : LT_TEXT;
}

/* The line that contains pos (< text length); its start is searched back
 * to lo at least. A line longer than LONG is huge and left unclassified. */
void
doc_line_get(struct doc *d, size_t pos, size_t lo, struct line *l)
{
	size_t	len = doc_len(d), floor, t, to;

	if (pos > d->start && doc_byte_at(d, pos) == '\n' && doc_byte_at(d, pos - 1) == '\r')
		pos--;
	floor = pos > LONG + 1 ? pos - LONG - 1 : 0;
	if (lo < floor)
		floor = lo;
	if (floor < d->start)
		floor = d->start;
	if (pos > floor && (t = doc_term_back(d, pos, floor)) != UNK)
		l->start = t + 1;
	else
		l->start = floor == d->start ? d->start : UNK;
	to = len - pos > LONG + 1 ? pos + LONG + 1 : len;
	if ((t = doc_term_fwd(d, pos, to)) != UNK) {
		l->end = t;
		l->next = doc_after_term(d, t);
	} else if (to == len)
		l->end = l->next = len;
	else
		l->end = l->next = UNK;
	l->huge = l->start == UNK || l->end == UNK || l->end - l->start > LONG;
	classify(d, l);
}
