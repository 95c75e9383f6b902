/* block: the line grammar (include/block.h says what it decides and why).
 * Every function looks at one line, or at two classified lines; the fence
 * state is the caller's. */
#define _GNU_SOURCE		/* memmem */
#include <stdint.h>
#include <string.h>

#include "block.h"
#include "ustr.h"

/* ---------------------------------------------------------------------- */
/* Blanks */

int
block_is_blank(const char *s, size_t n)
{
	size_t		i = 0;
	uint32_t	cp;

	while (i < n) {
		if (s[i] == ' ' || s[i] == '\t') {
			i++;
			continue;
		}
		i += ustr_dec(s + i, n - i, &cp);
		if (!ustr_is_space(cp) && cp != 0xFEFF)
			return 0;
	}
	return 1;
}

/* After at most max ASCII spaces from s[i]: Markdown's indents count
 * spaces. */
static size_t
skip_spaces(const char *s, size_t n, size_t i, size_t max)
{
	size_t	j = i;

	while (j < n && j - i < max && s[j] == ' ')
		j++;
	return j;
}

/* After the blanks from s[i]: plain text's indents. */
static size_t
after_blanks(const char *s, size_t n, size_t i)
{
	uint32_t	cp;
	size_t		k;

	while (i < n) {
		k = ustr_dec(s + i, n - i, &cp);
		if (!ustr_is_space(cp))
			break;
		i += k;
	}
	return i;
}

/* The end of s[i..e) less its trailing spaces and TABs. */
static size_t
trim_end(const char *s, size_t i, size_t e)
{
	while (e > i && (s[e - 1] == ' ' || s[e - 1] == '\t'))
		e--;
	return e;
}

/* ---------------------------------------------------------------------- */
/* Markdown lines */

/* A fence line: its run of '`' or '~' (3 or more; a backtick fence's info
 * string holds no backtick), or 0. */
static int
fence_of(const char *s, size_t n, struct block_line *l)
{
	size_t	i = skip_spaces(s, n, 0, 3), j;

	if (i >= n || (s[i] != '`' && s[i] != '~'))
		return 0;
	for (j = i; j < n && s[j] == s[i]; j++)
		;
	if (j - i < 3 || (s[i] == '`' && memchr(s + j, '`', n - j) != NULL))
		return 0;
	l->kind = BLOCK_FENCE;
	l->fence_ch = s[i];
	l->fence_len = j - i;
	l->fence_bare = block_is_blank(s + j, n - j);
	return 1;
}

/* An ATX heading: its level, and its title in l->body..body_end; an empty
 * title makes the line BLOCK_ALONE. 0 if the line is none. */
static int
atx_of(const char *s, size_t n, struct block_line *l)
{
	size_t		i = skip_spaces(s, n, 0, 3), j, e, k;
	uint32_t	cp;
	int		level;

	for (j = i; j < n && s[j] == '#'; j++)
		;
	if (j == i || j - i > 6)
		return 0;
	if (j < n && s[j] != ' ' && s[j] != '\t') {
		/* "#标题": CJK right after the marks (never #include, #!). */
		ustr_dec(s + j, n - j, &cp);
		if (!ustr_is_cjk(cp))
			return 0;
	}
	level = (int)(j - i);
	while (j < n && (s[j] == ' ' || s[j] == '\t'))
		j++;
	/* A closing run of '#' counts when a blank stands before it. */
	e = trim_end(s, j, n);
	for (k = e; k > j && s[k - 1] == '#'; k--)
		;
	if (k < e && (k == j || s[k - 1] == ' ' || s[k - 1] == '\t'))
		e = trim_end(s, j, k);
	l->kind = e > j ? BLOCK_ATX : BLOCK_ALONE;
	l->level = e > j ? level : 0;
	l->body = e > j ? j : i;
	l->body_end = e > j ? e : n;
	return 1;
}

/* '=' or '-' when the line is a run of 3 or more of one of them (a setext
 * underline or, for '-', a thematic break), else 0. */
static int
underline_of(const char *s, size_t n)
{
	size_t	i = skip_spaces(s, n, 0, 3), j;

	if (i >= n || (s[i] != '=' && s[i] != '-'))
		return 0;
	for (j = i; j < n && s[j] == s[i]; j++)
		;
	if (j - i < 3 || !block_is_blank(s + j, n - j))
		return 0;
	return s[i];
}

/* A thematic break made of '-', '*' or '_' with optional blanks. */
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

/* A quote: its depth, the text after its marks in l->body. */
static int
quote_of(const char *s, size_t n, size_t i, struct block_line *l)
{
	size_t	j;

	if (i > 3 || i >= n || s[i] != '>')
		return 0;
	for (j = i; j < n && s[j] == '>'; j = skip_spaces(s, n, j, 3)) {
		l->level++;
		j++;
		if (j < n && s[j] == ' ')
			j++;
	}
	l->kind = block_is_blank(s + j, n - j) ? BLOCK_BLANK : BLOCK_QUOTE;
	l->body = j;
	return 1;
}

/* A list item at s[i] (after the indent): its level and the item. */
static int
list_of(const char *s, size_t n, size_t i, struct block_line *l)
{
	size_t	j = i;

	if (i < n && (s[i] == '-' || s[i] == '*' || s[i] == '+') &&
	    i + 1 < n && (s[i + 1] == ' ' || s[i + 1] == '\t'))
		j = i + 1;
	else {
		while (j < n && j - i < 9 && s[j] >= '0' && s[j] <= '9')
			j++;
		if (j == i || j + 1 >= n || (s[j] != '.' && s[j] != ')') ||
		    s[j + 1] != ' ')
			return 0;
		j++;
	}
	l->kind = BLOCK_LIST;
	l->level = 1 + (int)i / 2;
	l->body = skip_spaces(s, n, j, SIZE_MAX);
	return 1;
}

/* A line that is one image, ![alt](url), from s[i] on. */
static int
image_of(const char *s, size_t n, size_t i, struct block_line *l)
{
	const char	*close;
	size_t		 e;

	if (n - i < 5 || memcmp(s + i, "![", 2) != 0 ||
	    (close = memmem(s + i, n - i, "](", 2)) == NULL)
		return 0;
	for (e = n; e > i && (s[e - 1] == ' ' || s[e - 1] == '\t' ||
	    s[e - 1] == '\r'); e--)
		;
	if (s[e - 1] != ')')
		return 0;
	l->kind = BLOCK_IMAGE;
	l->body = i + 2;
	l->body_end = (size_t)(close - s);
	return 1;
}

static void
markdown_line(const char *s, size_t n, struct block_line *l)
{
	size_t	i = skip_spaces(s, n, 0, SIZE_MAX);
	int	u;

	l->body = i;
	if (quote_of(s, n, i, l) || (i <= 3 && (fence_of(s, n, l) ||
	    atx_of(s, n, l))))
		return;
	u = i <= 3 ? underline_of(s, n) : 0;
	if (u == '-')
		l->kind = BLOCK_DASH;
	else if (i <= 3 && is_rule(s, n))
		l->kind = BLOCK_RULE;
	else if (u == '=')
		l->kind = BLOCK_EQ;
	else if (!list_of(s, n, i, l) && i <= 3)
		image_of(s, n, i, l);
}

/* ---------------------------------------------------------------------- */
/* Plain text lines */

/* Marks that make a separator line when repeated (or, for the stars,
 * alone). */
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

#define NMARKS(a)	(sizeof (a) / sizeof *(a))

int
block_separator(const char *s, size_t n)
{
	size_t		i = 0, count = 0;
	uint32_t	cp, first = 0;

	while (i < n) {
		i += ustr_dec(s + i, n - i, &cp);
		if (ustr_is_space(cp))
			continue;
		if (first == 0 && !in_marks(rule_marks, NMARKS(rule_marks), cp) &&
		    !in_marks(star_marks, NMARKS(star_marks), cp))
			return 0;
		if (first != 0 && cp != first)
			return 0;
		first = cp;
		count++;
	}
	if (in_marks(star_marks, NMARKS(star_marks), first))
		return BLOCK_ALONE;
	return count >= 3 ? BLOCK_RULE : 0;
}

void
block_line(const char *s, size_t n, int markdown, struct block_line *l)
{
	int	sep;

	memset(l, 0, sizeof *l);
	l->kind = BLOCK_TEXT;
	l->len = n;
	l->body_end = n;
	if (n > BLOCK_LONG)
		return;
	if (block_is_blank(s, n)) {
		l->kind = BLOCK_BLANK;
		return;
	}
	if (markdown) {
		markdown_line(s, n, l);
		return;
	}
	l->body = after_blanks(s, n, 0);
	if (!image_of(s, n, l->body, l) && (sep = block_separator(s, n)) != 0)
		l->kind = sep;
}

/* ---------------------------------------------------------------------- */
/* Fence state */

void
block_fences_init(struct block_fences *f, int from_start)
{
	memset(f, 0, sizeof *f);
	f->first = from_start;
}

/* Whether s[0..n), less the blanks around it, is exactly word. */
static int
line_is(const char *s, size_t n, const char *word)
{
	size_t	i = after_blanks(s, n, 0), e = trim_end(s, i, n);

	return e - i == strlen(word) && memcmp(s + i, word, e - i) == 0;
}

int
block_fence_step(struct block_fences *f, const char *s, size_t n,
    struct block_line *l)
{
	size_t	i, m = n < BLOCK_LONG ? n : BLOCK_LONG;
	int	first = f->first;

	f->first = 0;
	if (f->front) {
		f->front = !line_is(s, m, "---") && !line_is(s, m, "...");
		l->kind = f->front ? BLOCK_CODE : BLOCK_FENCE;
		return 0;
	}
	if (f->ch != 0) {
		if (l->kind == BLOCK_FENCE && l->fence_ch == f->ch &&
		    l->fence_len >= f->len && l->fence_bare)
			f->ch = 0;
		else
			l->kind = BLOCK_CODE;
		return 0;
	}
	if (f->comment) {
		f->comment = memmem(s, m, "-->", 3) == NULL;
		l->kind = BLOCK_CODE;
		return 0;
	}
	if (first && n > 0 && s[0] == '-' && line_is(s, m, "---")) {
		f->front = 1;
		l->kind = BLOCK_FENCE;
		return 0;
	}
	if (l->kind == BLOCK_FENCE) {
		f->ch = l->fence_ch;
		f->len = l->fence_len;
		return 1;
	}
	i = skip_spaces(s, m, 0, 3);
	if (m - i >= 4 && memcmp(s + i, "<!--", 4) == 0) {
		f->comment = memmem(s + i + 4, m - i - 4, "-->", 3) == NULL;
		l->kind = BLOCK_CODE;
	}
	return 0;
}

/* ---------------------------------------------------------------------- */
/* Paragraphs */

int
block_outside(const struct block_line *l)
{
	return l->kind == BLOCK_BLANK || l->kind == BLOCK_FENCE;
}

/* A kind that is a paragraph of its own. */
static int
single(int kind)
{
	return kind == BLOCK_CODE || kind == BLOCK_ATX || kind == BLOCK_RULE ||
	    kind == BLOCK_DASH || kind == BLOCK_IMAGE || kind == BLOCK_ALONE;
}

/* The rules after the underline's. */
static int
begins_rest(const struct block_line *p, const struct block_line *l,
    int markdown)
{
	if (single(l->kind) || single(p->kind))
		return BLOCK_BREAK;
	if (!markdown)
		return BLOCK_WRAP;
	if (p->kind == BLOCK_EQ || l->kind == BLOCK_LIST)
		return BLOCK_BREAK;
	if (l->kind == BLOCK_QUOTE)
		return p->kind != BLOCK_QUOTE || p->level != l->level ?
		    BLOCK_BREAK : BLOCK_JOIN;
	/* Text after a list item or a quote continues it (CommonMark's
	 * lazy continuation); a quote after text begins its own. */
	return p->kind == BLOCK_QUOTE ? BLOCK_BREAK : BLOCK_JOIN;
}

int
block_begins(const struct block_line *p, const struct block_line *l,
    int markdown)
{
	if (block_outside(p) || block_outside(l))
		return BLOCK_BREAK;
	if (markdown && (l->kind == BLOCK_DASH || l->kind == BLOCK_EQ) &&
	    p->kind == BLOCK_TEXT && p->len <= BLOCK_LONG)
		return BLOCK_UNDER;
	return begins_rest(p, l, markdown);
}

int
block_under(const struct block_line *p, const struct block_line *l,
    int p_starts)
{
	return p_starts ? BLOCK_JOIN : begins_rest(p, l, 1);
}

int
block_setext_level(const struct block_line *l)
{
	return l->kind == BLOCK_EQ ? 1 : 2;
}

/* ---------------------------------------------------------------------- */
/* Evidence */

/* Through memchr: ']' is rare in prose. */
int
block_has_link(const char *s, size_t n)
{
	const char	*p, *e = s + n;

	while ((p = memchr(s, ']', (size_t)(e - s))) != NULL) {
		if (p + 2 < e && p[1] == '(' && p[2] != ')')
			return 1;
		s = p + 1;
	}
	return 0;
}

int
block_is_table_row(const char *s, size_t n)
{
	return memchr(s, '\t', n) != NULL;
}
