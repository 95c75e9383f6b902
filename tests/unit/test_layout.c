/* Unit tests for layout: the 44 cases of wrap-cases.tsv (read at run time),
 * properties of every wrap over the project's article (tests/data) and
 * random paragraphs at widths 1-200 with ambiguous characters narrow and wide, the rule-break
 * sweep of WRAPPING.md §12, and the lazy document layout over doc_open_mem. */
#include "testutil.h"

#include "doc.h"
#include "layout.h"
#include "ustr.h"
#include "util.h"

#define WRAP_CASES	"tests/unit/wrap-cases.tsv"
#define MAXROWS		(1 << 16)

static struct layout_line	rows[MAXROWS];

/* Helpers over text. */

static uint32_t
cp_at(const char *s, size_t n, size_t i)
{
	uint32_t	cp;

	ustr_decode(s + i, n - i, &cp);
	return cp;
}

/* The code point that ends just before byte end. */
static uint32_t
cp_ending(const char *s, size_t n, size_t end)
{
	size_t	i = end - 1;

	while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80)
		i--;
	return cp_at(s, n, i);
}

static int
is_blank(char c)
{
	return c == ' ' || c == '\n';
}

static int
is_alnum(char c)
{
	return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

/* What the checker counts beyond the hard properties. */
struct stats {
	size_t	rows;
	size_t	yields;		/* kinsoku/word rules broken because the
				   piece was wider than the row */
	size_t	rule_breaks;	/* the §12 count: NO_START first, NO_END last,
				   split ASCII word/number, split dash pair */
	size_t	bad_breaks;	/* such a split at a break opportunity */
};

static void
show_break(const char *s, size_t n, size_t b, int width)
{
	size_t	q;

	print_message("# rule broken at a break opportunity, width %d:", width);
	for (q = b >= 12 ? b - 12 : 0; q < b + 6 && q < n; q++)
		print_message(" %s%02x", q == b ? "|" : "", (unsigned char)s[q]);
	print_message("\n");
}

/* Visible width of the break-opportunity piece that contains byte b. */
static int
piece_width(const char *s, size_t n, const char *brk, size_t b)
{
	size_t	a = b, e = b + 1;

	while (a > 0 && !brk[a])
		a--;
	while (e < n && !brk[e])
		e++;
	while (e > a && is_blank(s[e - 1]))
		e--;
	return (int)ustr_strwidth(s + a, e - a);
}

/* Assert the properties of WRAPPING.md §12 for rows[0..nr) of s[0..n)
 * wrapped at width (text offsets from base). */
static void
check_wrap(const char *s, size_t n, size_t base, int width,
    const struct wrap_opts *o, const struct layout_line *r, size_t nr,
    struct stats *st)
{
	struct ustr_break_opts	 bo = { o != NULL ? o->glue_num_unit : 0 };
	char			*brk = xmalloc(n + 1), *cstart = xcalloc(n + 1, 1);
	size_t			 i, pos = 0, b, e, end;
	int			 hang = o != NULL ? o->hang : 0, w;
	uint32_t		 cp;

	if (n > 0)
		ustr_breaks(s, n, &bo, brk);
	for (i = 0; i < n; i = ustr_cluster_end(s, n, i))
		cstart[i] = 1;
	cstart[n] = 1;
	for (i = 0; i < nr; i++) {
		b = r[i].off - base;
		e = b + r[i].len;
		/* tiling: only blanks between rows, nothing doubled */
		assert_true(b >= pos);
		assert_true(e <= n);
		for (; pos < b; pos++)
			assert_true(is_blank(s[pos]));
		pos = e;
		assert_true(r[i].len > 0);
		assert_false(is_blank(s[e - 1]));
		/* no cluster split */
		assert_true(cstart[b]);
		assert_true(cstart[e]);
		assert_int_equal(r[i].cols, (int)ustr_strwidth(s + b, r[i].len));
		assert_true(i == 0 || r[i].indent == 0);
		/* fit */
		if (r[i].flags & LAYOUT_OVERFLOW) {
			assert_int_equal(ustr_cluster_end(s, n, b), e);
			assert_true(r[i].cols > width);
			assert_int_equal(r[i].indent, 0);
		} else if (r[i].flags & LAYOUT_HANG) {
			cp = cp_ending(s, n, e);
			w = ustr_width(cp);
			assert_true(ustr_is_hang(cp));
			assert_true(w <= hang);
			assert_true(r[i].indent + r[i].cols > width);
			assert_true(r[i].indent + r[i].cols - w <= width);
		} else
			assert_true(r[i].indent + r[i].cols <= width);
		if (i == 0)
			continue;
		/* kinsoku and words: broken only inside a piece wider than
		 * the row, i.e. an emergency split */
		end = r[i - 1].off - base + r[i - 1].len;
		if (ustr_is_no_start(cp_at(s, n, b)) ||
		    ustr_is_no_end(cp_ending(s, n, end)) ||
		    (end == b && is_alnum(s[b - 1]) && is_alnum(s[b])) ||
		    (end == b && b >= 3 && memcmp(s + b - 3, s + b, 3) == 0 &&
		    (cp_at(s, n, b) == 0x2014 || cp_at(s, n, b) == 0x2026))) {
			/* at a break opportunity that is ustr_breaks()'s
			 * tailoring, not the fitting: counted, shown, and
			 * asserted zero by the caller */
			if (brk[b] != 0) {
				if (st != NULL && st->bad_breaks++ < 5)
					show_break(s, n, b, width);
				if (st == NULL)
					assert_int_equal(brk[b], 0);
				continue;
			}
			assert_true(piece_width(s, n, brk, b) > width);
			if (st != NULL) {
				st->yields++;
				st->rule_breaks++;
			}
		}
	}
	for (; pos < n; pos++)
		assert_true(is_blank(s[pos]));
	if (st != NULL)
		st->rows += nr;
	free(brk);
	free(cstart);
}

/* Wrap and check; returns the row count. */
static size_t
wrap_checked(const char *s, size_t n, int width, const struct wrap_opts *o,
    struct stats *st)
{
	size_t	nr = layout_wrap_para(s, 1000, n, width, o, rows, MAXROWS);

	assert_true(nr <= MAXROWS);
	check_wrap(s, n, 1000, width, o, rows, nr, st);
	return nr;
}

/* wrap-cases.tsv */

struct wcase {
	char	*id;
	int	 width;
	char	*opts;
	char	*input;
	char	*expected;
};

/* Replace each <U+XXXX> by its UTF-8, in place (never longer). */
static void
decode_escapes(char *s)
{
	char		*r = s, *w = s, *end;
	unsigned long	 cp;

	while (*r != '\0') {
		if (strncmp(r, "<U+", 3) == 0) {
			cp = strtoul(r + 3, &end, 16);
			if (*end == '>' && end - r >= 7 && end - r <= 9) {
				w += ustr_encode((uint32_t)cp, w);
				r = end + 1;
				continue;
			}
		}
		*w++ = *r++;
	}
	*w = '\0';
}

static struct wcase	*cases;
static size_t		 ncases;
static char		*cases_text;

static void
load_cases(void)
{
	size_t	 len;
	char	*line, *next, *f[5];
	int	 k, header = 1;

	cases_text = test_slurp(WRAP_CASES, &len);
	if (cases_text == NULL)
		return;
	for (line = cases_text; line != NULL && *line != '\0'; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		if (line[0] == '#' || line[0] == '\0')
			continue;
		if (header) {
			header = 0;
			continue;
		}
		for (k = 0; k < 5; k++) {
			f[k] = line;
			line = strchr(line, '\t');
			if (line != NULL)
				*line++ = '\0';
			else if (k < 4)
				break;
		}
		if (k < 5) {
			fprintf(stderr, "bad case line: %s\n", f[0]);
			abort();
		}
		cases = xreallocarray(cases, ncases + 1, sizeof *cases);
		decode_escapes(f[3]);
		decode_escapes(f[4]);
		cases[ncases].id = f[0];
		cases[ncases].width = atoi(f[1]);
		cases[ncases].opts = f[2];
		cases[ncases].input = f[3];
		cases[ncases].expected = f[4];
		ncases++;
	}
}

static void
test_wrap_case(void **state)
{
	const struct wcase	*c = *state;
	struct wrap_opts	 o;
	char			 got[1024];
	size_t			 i, nr, len = 0;

	memset(&o, 0, sizeof o);
	ustr_set_ambiguous_wide(strchr(c->opts, 'a') != NULL);
	if (strchr(c->opts, 'h') != NULL)
		o.hang = 2;
	if (strchr(c->opts, 'g') != NULL)
		o.glue_num_unit = 1;
	if (strchr(c->opts, 'i') != NULL)
		o.indent = 4;
	nr = wrap_checked(c->input, strlen(c->input), c->width, &o, NULL);
	for (i = 0; i < nr; i++) {
		assert_true(len + rows[i].len + 3 < sizeof got);
		if (i > 0)
			got[len++] = '|';
		memcpy(got + len, c->input + rows[i].off - 1000, rows[i].len);
		len += rows[i].len;
		if (rows[i].flags & LAYOUT_OVERFLOW)
			got[len++] = '!';
		/* HANG exactly when the case hangs a mark past the width */
		assert_int_equal((rows[i].flags & LAYOUT_HANG) != 0,
		    rows[i].indent + rows[i].cols > c->width &&
		    !(rows[i].flags & LAYOUT_OVERFLOW));
	}
	got[len] = '\0';
	if (strchr(c->opts, 'i') != NULL && c->width >= 8)
		assert_int_equal(rows[0].indent, 4);
	ustr_set_ambiguous_wide(0);
	assert_string_equal(got, c->expected);
}

static void
test_wrap_cases_loaded(void **state)
{
	(void)state;
	assert_non_null(cases_text);
	assert_int_equal(ncases, 44);
}

/* layout_wrap_para: degenerate input and specific paths. */

static size_t
wrap_str(const char *s, int width, const struct wrap_opts *o)
{
	return wrap_checked(s, strlen(s), width, o, NULL);
}

/* The rows of s as "row|row", as in the TSV. */
static const char *
rows_str(const char *s, size_t nr)
{
	static char	buf[4096];
	size_t		i, len = 0;

	for (i = 0; i < nr; i++) {
		if (i > 0)
			buf[len++] = '|';
		memcpy(buf + len, s + rows[i].off - 1000, rows[i].len);
		len += rows[i].len;
	}
	buf[len] = '\0';
	return buf;
}

static void
test_wrap_degenerate(void **state)
{
	struct layout_line	one[1];

	(void)state;
	assert_int_equal(layout_wrap_para(NULL, 0, 0, 10, NULL, rows, 4), 0);
	assert_int_equal(layout_wrap_para("", 0, 0, 10, NULL, rows, 4), 0);
	assert_int_equal(wrap_str("    ", 2, NULL), 0);
	assert_int_equal(wrap_str(" \n \n", 2, NULL), 0);
	/* width 0 is treated as 1; NULL opts are the defaults */
	assert_int_equal(layout_wrap_para("ab", 0, 2, 0, NULL, rows, 4), 2);
	assert_int_equal(rows[0].len, 1);
	/* counting without storing, and a short out array */
	assert_int_equal(layout_wrap_para("a b c", 0, 5, 1, NULL, NULL, 0), 3);
	one[0].off = 77;
	assert_int_equal(layout_wrap_para("a b c", 5, 5, 1, NULL, one, 1), 3);
	assert_int_equal(one[0].off, 5);
	assert_int_equal(one[0].len, 1);
}

static void
test_wrap_blanks(void **state)
{
	size_t	nr;

	(void)state;
	/* leading spaces are drawn as written, when they fit */
	nr = wrap_str("  ab", 10, NULL);
	assert_string_equal(rows_str("  ab", nr), "  ab");
	assert_int_equal(rows[0].cols, 4);
	/* and dropped when the first piece would not fit after them */
	nr = wrap_str("      abcd", 5, NULL);
	assert_string_equal(rows_str("      abcd", nr), "abcd");
	/* a run of spaces wider than the row vanishes at the break */
	nr = wrap_str("ab          cd", 4, NULL);
	assert_string_equal(rows_str("ab          cd", nr), "ab|cd");
	/* '\n' joins are zero-width and never end a row */
	nr = wrap_str("\xe4\xb8\xad\n\xe6\x96\x87\n\xe5\xad\x97", 4, NULL);
	assert_int_equal(nr, 2);
	assert_int_equal(rows[0].cols, 4);
	assert_string_equal(rows_str("\xe4\xb8\xad\n\xe6\x96\x87\n\xe5\xad\x97", nr),
	    "\xe4\xb8\xad\n\xe6\x96\x87|\xe5\xad\x97");
}

static void
test_wrap_widths(void **state)
{
	const char	sub[] = "a\x1a" "b\tc";
	size_t		nr;

	(void)state;
	/* USTR_SUB is one U+FFFD cell, TAB USTR_TAB_COLS */
	nr = wrap_str(sub, 80, NULL);
	assert_int_equal(nr, 1);
	assert_int_equal(rows[0].cols, 4 + USTR_TAB_COLS);
	ustr_set_ambiguous_wide(1);
	nr = wrap_str(sub, 80, NULL);
	assert_int_equal(rows[0].cols, 5 + USTR_TAB_COLS);
	ustr_set_ambiguous_wide(0);
	/* 10,000 combining marks stay one cluster, one row */
	{
		size_t	i, n = 1 + 2 * 10000;
		char	*s = xmalloc(n);

		s[0] = 'e';
		for (i = 1; i < n; i += 2)
			memcpy(s + i, "\xcc\x81", 2);
		nr = wrap_checked(s, n, 1, NULL, NULL);
		assert_int_equal(nr, 1);
		free(s);
	}
}

static void
test_wrap_emergency(void **state)
{
	const char	*url = "see https://example.org/a/very/long/path?x=1&y=2";
	const char	*digits = "1234567890123";
	const char	*marks = "\xe4\xb8\x80\xe3\x80\x82\xe3\x80\x82\xe3\x80\x82";
	size_t		 nr;

	(void)state;
	/* a URL wider than the row is cut after / . ? & = when the row stays
	 * at least half full */
	nr = wrap_str(url, 11, NULL);
	assert_string_equal(rows_str(url, nr),
	    "see|https://|example.|org/a/very/|long/path?|x=1&y=2");
	/* a number longer than the row is cut where the row is full */
	nr = wrap_str(digits, 5, NULL);
	assert_string_equal(rows_str(digits, nr), "12345|67890|123");
	/* a cut never starts a row with a NO_START mark if a cluster can move
	 * down (once per cut): 一。。。 at 4 is one piece */
	nr = wrap_str(marks, 4, NULL);
	assert_string_equal(rows_str(marks, nr),
	    "\xe4\xb8\x80|\xe3\x80\x82|\xe3\x80\x82\xe3\x80\x82");
}

static void
test_wrap_indent(void **state)
{
	struct wrap_opts	o = { 0, 0, 4 };
	const char		*cjk = "\xe4\xb8\x80\xe4\xba\x8c\xe4\xb8\x89";
	size_t			 nr;

	(void)state;
	nr = wrap_str(cjk, 10, &o);
	assert_int_equal(nr, 1);
	assert_int_equal(rows[0].indent, 4);
	assert_int_equal(rows[0].cols, 6);
	/* dropped below 8 cells */
	nr = wrap_str(cjk, 7, &o);
	assert_int_equal(rows[0].indent, 0);
	assert_int_equal(nr, 1);
	/* dropped when the first piece does not fit after it */
	nr = wrap_str("abcdefgh ij", 10, &o);
	assert_int_equal(rows[0].indent, 0);
	assert_string_equal(rows_str("abcdefgh ij", nr), "abcdefgh|ij");
}

static void
test_wrap_hang(void **state)
{
	struct wrap_opts	o = { 2, 0, 0 };
	/* 一二三四，: the comma hangs at 8 */
	const char		*s = "\xe4\xb8\x80\xe4\xba\x8c\xe4\xb8\x89\xe5\x9b\x9b\xef\xbc\x8c";
	/* a lone mark does not hang: 一，at 1 */
	const char		*lone = "\xef\xbc\x8c";
	size_t			 nr;

	(void)state;
	nr = wrap_str(s, 8, &o);
	assert_int_equal(nr, 1);
	assert_true(rows[0].flags & LAYOUT_HANG);
	assert_int_equal(rows[0].cols, 10);
	nr = wrap_str(s, 8, NULL);
	assert_int_equal(nr, 2);
	assert_false(rows[0].flags & LAYOUT_HANG);
	nr = wrap_str(lone, 1, &o);
	assert_int_equal(nr, 1);
	assert_true(rows[0].flags & LAYOUT_OVERFLOW);
	assert_false(rows[0].flags & LAYOUT_HANG);
}

/* Properties over random and real paragraphs. */

static const char *const alphabet[] = {
	"\xe4\xb8\xad", "\xe6\x96\x87", "\xe5\xad\x97", "\xe7\x9a\x84",	/* 中文字的 */
	"\xe3\x80\x82", "\xef\xbc\x8c", "\xe3\x80\x81", "\xef\xbc\x9a",	/* 。，、： */
	"\xe2\x80\x9c", "\xe2\x80\x9d", "\xe3\x80\x8c", "\xe3\x80\x8d",	/* “”「」 */
	"\xe2\x80\x94\xe2\x80\x94", "\xe2\x80\xa6\xe2\x80\xa6", "\xc2\xb7",	/* ——……· */
	"\xef\xbc\x88", "\xef\xbc\x89", "\xe3\x80\x8a", "\xe3\x80\x8b",	/* （）《》 */
	"a", "b", "Z", "0", "7", ".", ",", "/", "-", "?", "(", ")", "\"",
	"AI", "hello", "3.14", "50%", "https://x.org/p", " ", " ", "  ",
	"\n", "\t", "\x1a", "\x01", "\xcc\x81", "\xe2\x80\x8d",
	"\xe3\x81\x82", "\xe3\x81\xa3", "\xe3\x83\xbc",		/* あっー */
	"\xf0\x9f\x91\x8d", "\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9",
	"\xe3\x80\x80", "\xef\xbc\x8f", "\xe2\x80\x99", "\xea\xb0\x80",
	"\xe4\xba\xbf", "\xe5\xb9\xb4",				/* 亿年 */
};

static size_t
random_para(char *buf, size_t cap, unsigned *seed)
{
	size_t		n = 0, k, len = (size_t)(rand_r(seed) % 120);
	const char	*a;

	for (k = 0; k < len; k++) {
		a = alphabet[(size_t)rand_r(seed) %
		    (sizeof alphabet / sizeof alphabet[0])];
		if (n + strlen(a) >= cap)
			break;
		memcpy(buf + n, a, strlen(a));
		n += strlen(a);
	}
	return n;
}

static void
test_wrap_random(void **state)
{
	struct wrap_opts	o;
	struct stats		st;
	char			buf[1024];
	unsigned		seed = 12345;
	size_t			n;
	int			k, w, amb;

	(void)state;
	memset(&st, 0, sizeof st);
	for (k = 0; k < 300; k++) {
		n = random_para(buf, sizeof buf, &seed);
		memset(&o, 0, sizeof o);
		o.hang = k % 3 == 0 ? 2 : 0;
		o.glue_num_unit = k % 2;
		o.indent = k % 4 == 0 ? 4 : 0;
		for (amb = 0; amb < 2; amb++) {
			ustr_set_ambiguous_wide(amb);
			for (w = 1; w <= 200; w += w < 30 ? 1 : 17)
				wrap_checked(buf, n, w, &o, &st);
		}
	}
	ustr_set_ambiguous_wide(0);
	assert_true(st.rows > 10000);
	assert_int_equal(st.bad_breaks, 0);
}

static char	*article;
static size_t	 article_len;

/* Call fn on each line of the project's article. */
static void
article_paras(void (*fn)(const char *, size_t, void *), void *arg)
{
	const char	*p = article, *nl;

	while (p < article + article_len) {
		nl = memchr(p, '\n', (size_t)(article + article_len - p));
		if (nl == NULL)
			nl = article + article_len;
		if (nl > p)
			fn(p, (size_t)(nl - p), arg);
		p = nl + 1;
	}
}

struct sweep {
	int		 width;
	struct wrap_opts o;
	struct stats	 st;
};

static void
sweep_para(const char *s, size_t n, void *arg)
{
	struct sweep	*sw = arg;

	wrap_checked(s, n, sw->width, &sw->o, &sw->st);
}

static void
test_wrap_article_properties(void **state)
{
	struct sweep	sw;
	int		amb, hang;

	(void)state;
	assert_non_null(article);
	memset(&sw, 0, sizeof sw);
	for (amb = 0; amb < 2; amb++) {
		ustr_set_ambiguous_wide(amb);
		for (hang = 0; hang <= 2; hang += 2) {
			for (sw.width = 1; sw.width <= 200; sw.width++) {
				sw.o.hang = hang;
				sw.o.indent = sw.width % 2 ? 4 : 0;
				article_paras(sweep_para, &sw);
			}
		}
	}
	ustr_set_ambiguous_wide(0);
	assert_true(sw.st.rows > 50000);
	assert_int_equal(sw.st.bad_breaks, 0);
}

/* §12: zero rule breaks at widths 20..120, ambiguous narrow and wide. */
static void
test_wrap_article_sweep(void **state)
{
	struct sweep	sw;
	int		amb;

	(void)state;
	assert_non_null(article);
	for (amb = 0; amb < 2; amb++) {
		ustr_set_ambiguous_wide(amb);
		memset(&sw, 0, sizeof sw);
		for (sw.width = 20; sw.width <= 120; sw.width++)
			article_paras(sweep_para, &sw);
		print_message("# sweep amb=%d: %zu rows, %zu rule breaks\n",
		    amb, sw.st.rows, sw.st.rule_breaks);
		assert_int_equal(sw.st.rule_breaks, 0);
	}
	ustr_set_ambiguous_wide(0);
}

/* The document layout. */

static struct doc *
open_text(const char *text, int markdown)
{
	struct doc_opts	 o;
	struct doc	*d;
	char		*cause = NULL;

	memset(&o, 0, sizeof o);
	o.markdown = markdown;
	o.no_scan = 1;
	d = doc_open_mem(text, strlen(text), "test", &o, &cause);
	assert_non_null(d);
	assert_null(cause);
	doc_scan_wait(d);
	return d;
}

static struct layout_opts
lopts(int width, int indent, int spacing)
{
	struct layout_opts	o;

	memset(&o, 0, sizeof o);
	o.width = width;
	o.indent = indent;
	o.para_spacing = spacing;
	return o;
}

/* Every row of the document, top to bottom, by layout_move(+1). */
struct walk {
	struct layout_pos	*pos;
	struct layout_line	*row;
	size_t			 n;
};

static void
walk_all(struct layout *l, struct walk *w)
{
	struct layout_pos	pos = layout_pos_at(l, 0);
	size_t			cap = 0;

	memset(w, 0, sizeof *w);
	for (;;) {
		if (w->n == cap) {
			cap = cap ? cap * 2 : 256;
			w->pos = xreallocarray(w->pos, cap, sizeof *w->pos);
			w->row = xreallocarray(w->row, cap, sizeof *w->row);
		}
		w->pos[w->n] = pos;
		if (layout_rows(l, pos, &w->row[w->n], 1) != 1)
			break;
		w->n++;
		if (layout_move(l, &pos, 1) != 1)
			break;
	}
}

static void
walk_free(struct walk *w)
{
	free(w->pos);
	free(w->row);
}

/* Rows and positions agree: pos_off/pos_at round trip, layout_rows from
 * any position continues the walk, moving back retraces it, and every
 * paragraph's text rows tile its body. */
static void
check_doc_layout(struct doc *d, struct layout *l, int width)
{
	struct walk		 w;
	struct layout_pos	 pos, back;
	struct layout_line	 got[8];
	struct doc_para		 p;
	const char		*s;
	size_t			 i, k, end;
	int			 n;

	walk_all(l, &w);
	for (i = 0; i < w.n; i++) {
		if (!(w.row[i].flags & (LAYOUT_BLANK | LAYOUT_RULE))) {
			assert_int_equal(layout_pos_off(l, w.pos[i]), w.row[i].off);
			pos = layout_pos_at(l, w.row[i].off);
			if (w.row[i].len > 0) {
				assert_int_equal(pos.para, w.pos[i].para);
				assert_int_equal(pos.row, w.pos[i].row);
			}
		}
		if (!(w.row[i].flags & (LAYOUT_OVERFLOW | LAYOUT_HANG |
		    LAYOUT_RULE)))
			assert_true(w.row[i].indent + w.row[i].cols <= width);
		n = layout_rows(l, w.pos[i], got, 8);
		assert_int_equal((size_t)n, w.n - i < 8 ? w.n - i : 8);
		for (k = 0; k < (size_t)n; k++) {
			assert_int_equal(got[k].off, w.row[i + k].off);
			assert_int_equal(got[k].len, w.row[i + k].len);
			assert_int_equal(got[k].flags, w.row[i + k].flags);
		}
		s = layout_row_text(l, &w.row[i]);
		assert_non_null(s);
		assert_int_equal(ustr_strwidth(s, w.row[i].len),
		    (size_t)w.row[i].cols);
	}
	if (w.n > 0) {
		back = w.pos[w.n - 1];
		assert_int_equal(layout_move(l, &back, -(long)w.n - 5),
		    -(long)(w.n - 1));
		assert_int_equal(back.para, w.pos[0].para);
		assert_int_equal(back.row, w.pos[0].row);
		for (i = w.n - 1; i > 0; i--) {
			back = w.pos[i];
			assert_int_equal(layout_move(l, &back, -1), -1);
			assert_int_equal(back.para, w.pos[i - 1].para);
			assert_int_equal(back.row, w.pos[i - 1].row);
		}
	}
	/* text rows tile each paragraph's body */
	for (i = 0; i < w.n; ) {
		assert_int_equal(doc_para_at(d, w.pos[i].para, &p), 0);
		end = p.body_off;
		for (; i < w.n && w.pos[i].para == p.off; i++) {
			if (w.row[i].len == 0)
				continue;
			assert_true(w.row[i].off >= end);
			s = doc_para_text(d, &p);
			for (; end < w.row[i].off; end++)
				assert_true(s[end - p.body_off] == ' ' ||
				    s[end - p.body_off] == '\n');
			end = w.row[i].off + w.row[i].len;
		}
		assert_true(end <= p.body_off + p.body_len);
	}
	walk_free(&w);
}

static void
test_doc_empty(void **state)
{
	struct layout_opts	 o = lopts(40, 1, 0);
	struct doc		*d = open_text("", 0);
	struct layout		*l = layout_new(d, &o);
	struct layout_pos	 pos;
	struct layout_line	 r[4];
	char			*buf = NULL;
	size_t			 len = 0;
	FILE			*f;

	(void)state;
	layout_free(NULL);
	pos = layout_pos_at(l, 0);
	assert_int_equal(pos.para, 0);
	assert_int_equal(pos.row, 0);
	assert_int_equal(layout_rows(l, pos, r, 4), 0);
	assert_int_equal(layout_move(l, &pos, 5), 0);
	assert_int_equal(layout_move(l, &pos, -5), 0);
	pos = layout_end(l, 24);
	assert_int_equal(pos.para, 0);
	assert_int_equal(layout_pos_off(l, pos), 0);
	f = open_memstream(&buf, &len);
	layout_dump(l, 0, 100, f);
	fclose(f);
	assert_int_equal(len, 0);
	free(buf);
	/* a width below 1 is taken as 1; NULL opts only drop the cache */
	o.width = 0;
	layout_set_opts(l, &o);
	layout_set_opts(l, NULL);
	layout_invalidate(l);
	layout_free(l);
	doc_free(d);
}

/* A text of CJK and Latin paragraphs, written for these tests. */
static const char	mixed[] =
    "\xe7\xac\xac\xe4\xb8\x80\xe6\xae\xb5\xe6\x98\xaf\xe4\xb8\xad\xe6\x96\x87"
    "\xef\xbc\x8c\xe5\xae\x83\xe8\xa6\x81\xe7\xbc\xa9\xe8\xbf\x9b\xe3\x80\x82"
    "\xe5\x86\x8d\xe5\x86\x99\xe4\xb8\x80\xe4\xba\x9b\xe5\xad\x97\xe3\x80\x82\n"
    "\n"
    "The second paragraph is English and is not indented at all.\n"
    "\n"
    "\xe3\x80\x80\xe3\x80\x80\xe5\xb7\xb2\xe7\xbb\x8f\xe6\x9c\x89\xe7\xbc\xa9"
    "\xe8\xbf\x9b\xe7\x9a\x84\xe6\xae\xb5\xe8\x90\xbd\xe3\x80\x82\n"
    "\n"
    "\xe2\x80\x9c\xe5\xbc\x95\xe5\x8f\xb7\xe5\xbc\x80\xe5\xa4\xb4\xe2\x80\x9d"
    "\xe7\x9a\x84\xe4\xb8\xad\xe6\x96\x87\xe6\xae\xb5\xe8\x90\xbd\xe3\x80\x82\n";

static void
test_doc_indent_spacing(void **state)
{
	struct layout_opts	 o = lopts(20, 1, 0);
	struct doc		*d = open_text(mixed, 0);
	struct layout		*l = layout_new(d, &o);
	struct layout_line	 r[64];
	int			 n, i, paras = 0, blanks = 0;

	(void)state;
	n = layout_rows(l, layout_pos_at(l, 0), r, 64);
	assert_true(n > 4);
	assert_int_equal(r[0].indent, 4);		/* CJK: indented */
	assert_true(r[0].flags & LAYOUT_PARA);
	for (i = 0; i < n; i++) {
		if (!(r[i].flags & LAYOUT_PARA))
			continue;
		paras++;
		if (mixed[r[i].off] == 'T')		/* Latin: none */
			assert_int_equal(r[i].indent, 0);
		else if (mixed[r[i].off] == '\xe3')	/* starts with U+3000 */
			assert_int_equal(r[i].indent, 0);
		else					/* CJK, even after “ */
			assert_int_equal(r[i].indent, 4);
	}
	assert_int_equal(paras, 4);
	for (i = 0; i < n; i++)
		assert_false(r[i].flags & LAYOUT_BLANK);
	check_doc_layout(d, l, 20);

	/* no indent when the option is off; spacing between paragraphs */
	o = lopts(20, 0, 1);
	layout_set_opts(l, &o);
	n = layout_rows(l, layout_pos_at(l, 0), r, 64);
	for (i = 0; i < n; i++) {
		assert_int_equal(r[i].indent, 0);
		if (r[i].flags & LAYOUT_BLANK) {
			blanks++;
			assert_int_equal(r[i].len, 0);
			assert_true(i > 0 && (r[i + 1].flags & LAYOUT_PARA));
		}
	}
	assert_int_equal(blanks, 3);
	check_doc_layout(d, l, 20);
	layout_free(l);
	doc_free(d);
}

/* Automatic spacing (issue 15): a blank row before a text paragraph whose
 * start would not show, the English one here; none before the CJK ones,
 * which are indented (the one written with U+3000 too). With the indent
 * off, every paragraph after the first gets one. */
static void
test_doc_spacing_auto(void **state)
{
	struct layout_opts	 o = lopts(20, 1, LAYOUT_SPACING_AUTO);
	struct doc		*d = open_text(mixed, 0);
	struct layout		*l = layout_new(d, &o);
	struct layout_line	 r[64];
	int			 n, i, blanks = 0;

	(void)state;
	n = layout_rows(l, layout_pos_at(l, 0), r, 64);
	for (i = 0; i < n; i++) {
		if (!(r[i].flags & LAYOUT_BLANK))
			continue;
		blanks++;
		assert_true(i + 1 < n && (r[i + 1].flags & LAYOUT_PARA));
		assert_int_equal(mixed[r[i + 1].off], 'T');
	}
	assert_int_equal(blanks, 1);
	check_doc_layout(d, l, 20);
	o = lopts(20, 0, LAYOUT_SPACING_AUTO);
	layout_set_opts(l, &o);
	n = layout_rows(l, layout_pos_at(l, 0), r, 64);
	for (i = 0, blanks = 0; i < n; i++) {
		if (!(r[i].flags & LAYOUT_BLANK))
			continue;
		blanks++;
		assert_true(r[i + 1].flags & LAYOUT_PARA);
		assert_int_equal(r[i + 1].indent, 0);
	}
	assert_int_equal(blanks, 3);
	check_doc_layout(d, l, 20);
	layout_free(l);
	doc_free(d);
}

/* Markdown blocks, all written for this test. */
static const char	md[] =
    "# Title of the test\n"
    "\n"
    "Some text under the title, long enough to wrap at least once here.\n"
    "\n"
    "## Second heading\n"
    "\n"
    "- first item of a list that wraps onto a second row here\n"
    "- second item\n"
    "\n"
    "> a quoted line that is long enough to wrap onto more rows\n"
    "\n"
    "```\n"
    "int main(void) { return some_function_with_a_long_name(1, 2, 3); }\n"
    "```\n"
    "\n"
    "![a picture](pic.png)\n"
    "\n"
    "---\n"
    "\n"
    "The end.\n";

/* A code block laid out before any wrapped paragraph (a Markdown file that
 * opens with one) measures its rows with the real widths: the first test
 * of this file, so no earlier layout has fetched the width table. */
static void
test_code_first(void **state)
{
	struct layout_opts	 o = lopts(30, 0, 0);
	struct doc		*d = open_text("```\n\xe4\xb8\xad\xe6\x96\x87 x\n```\n", 1);
	struct layout		*l = layout_new(d, &o);
	struct layout_line	 r[4];
	size_t			 n;

	(void)state;
	n = layout_rows(l, layout_pos_at(l, 0), r, 4);
	assert_true(n >= 1);
	assert_true(r[0].flags & LAYOUT_CODE);
	assert_int_equal(r[0].len, 8);
	assert_int_equal(r[0].cols, 6);		/* 中文 x */
	layout_free(l);
	doc_free(d);
}

static void
test_doc_blocks(void **state)
{
	struct layout_opts	 o = lopts(30, 1, 1);
	struct doc		*d = open_text(md, 1);
	struct layout		*l = layout_new(d, &o);
	struct walk		 w;
	struct doc_para		 p;
	size_t			 i, k;
	int			 seen[DOC_PARA_RULE + 1];

	(void)state;
	memset(seen, 0, sizeof seen);
	walk_all(l, &w);
	assert_true(w.n > 10);
	for (i = 0; i < w.n; i++) {
		assert_int_equal(doc_para_at(d, w.pos[i].para, &p), 0);
		seen[p.kind]++;
		if (w.row[i].flags & LAYOUT_BLANK)
			continue;
		switch (p.kind) {
		case DOC_PARA_HEADING:
			assert_true(w.row[i].flags & LAYOUT_HEADING);
			assert_int_equal(w.row[i].indent, 0);
			/* set apart: a blank row after, and before unless
			 * at the top */
			for (k = i; k + 1 < w.n && w.pos[k + 1].para == p.off &&
			    !(w.row[k + 1].flags & LAYOUT_BLANK); k++)
				;
			assert_true(k + 1 < w.n);
			assert_true(w.row[k + 1].flags & LAYOUT_BLANK);
			assert_true(i == 0 || (w.row[i - 1].flags & LAYOUT_BLANK));
			i = k;
			break;
		case DOC_PARA_LIST:
			assert_int_equal(w.row[i].indent, 2);
			assert_int_equal((w.row[i].flags & LAYOUT_LIST) != 0,
			    w.pos[i].row == 0 || (w.row[i - 1].flags &
			    LAYOUT_BLANK));
			break;
		case DOC_PARA_QUOTE:
			assert_int_equal(w.row[i].indent, 2);
			assert_true(w.row[i].flags & LAYOUT_QUOTE);
			break;
		case DOC_PARA_CODE:
			assert_true(w.row[i].flags & LAYOUT_CODE);
			assert_int_equal((w.row[i].flags & LAYOUT_CONT) != 0,
			    w.row[i].off > p.body_off);
			break;
		case DOC_PARA_IMAGE:
			assert_true(w.row[i].flags & LAYOUT_IMAGE);
			assert_int_equal(w.row[i].indent, 5);
			break;
		case DOC_PARA_RULE:
			assert_true(w.row[i].flags & LAYOUT_RULE);
			break;
		default:
			assert_int_equal(w.row[i].indent, 0);	/* Latin */
			break;
		}
	}
	assert_true(seen[DOC_PARA_HEADING] >= 2);
	assert_true(seen[DOC_PARA_LIST] >= 2);
	assert_true(seen[DOC_PARA_QUOTE] >= 1);
	assert_true(seen[DOC_PARA_CODE] >= 2);	/* the line needs 3 rows */
	assert_true(seen[DOC_PARA_IMAGE] == 1);
	assert_true(seen[DOC_PARA_RULE] == 1);
	walk_free(&w);
	check_doc_layout(d, l, 30);
	layout_free(l);
	doc_free(d);
}

static void
test_doc_decorate(void **state)
{
	struct layout_line	r;
	char			buf[256], tiny[4];
	int			wide, indent;

	(void)state;
	for (wide = 0; wide < 2; wide++) {
		ustr_set_ambiguous_wide(wide);
		memset(&r, 0, sizeof r);
		for (indent = 0; indent < 12; indent++) {
			r.indent = indent;
			r.flags = LAYOUT_LIST;
			layout_decorate(&r, buf, sizeof buf);
			assert_int_equal(ustr_strwidth(buf, strlen(buf)),
			    (size_t)indent);
			r.flags = LAYOUT_QUOTE;
			layout_decorate(&r, buf, sizeof buf);
			assert_int_equal(ustr_strwidth(buf, strlen(buf)),
			    (size_t)indent);
			r.flags = LAYOUT_CODE | LAYOUT_CONT;
			layout_decorate(&r, buf, sizeof buf);
			assert_int_equal(ustr_strwidth(buf, strlen(buf)),
			    (size_t)indent);
			r.flags = LAYOUT_RULE;
			layout_decorate(&r, buf, sizeof buf);
			assert_int_equal(ustr_strwidth(buf, strlen(buf)),
			    (size_t)indent);
			r.flags = LAYOUT_IMAGE;
			layout_decorate(&r, buf, sizeof buf);
			assert_int_equal(ustr_strwidth(buf, strlen(buf)),
			    (size_t)indent);
		}
	}
	ustr_set_ambiguous_wide(0);
	r.indent = 2;
	r.flags = LAYOUT_LIST;
	assert_int_equal(layout_decorate(&r, buf, sizeof buf), 4);
	assert_string_equal(buf, "\xe2\x80\xa2 ");
	r.flags = LAYOUT_QUOTE;
	layout_decorate(&r, buf, sizeof buf);
	assert_string_equal(buf, "\xe2\x94\x82 ");
	r.indent = 5;
	r.flags = LAYOUT_IMAGE;
	layout_decorate(&r, buf, sizeof buf);
	assert_string_equal(buf, "[\xe5\x9b\xbe] ");
	/* like snprintf: truncated, NUL-terminated, full length returned */
	assert_int_equal(layout_decorate(&r, tiny, sizeof tiny), 6);
	assert_int_equal(strlen(tiny), 3);
	r.indent = 10;
	r.flags = LAYOUT_RULE;
	layout_decorate(&r, buf, sizeof buf);
	assert_string_equal(buf, "  \xe2\x94\x80\xe2\x94\x80\xe2\x94\x80"
	    "\xe2\x94\x80\xe2\x94\x80   ");
}

static void
test_doc_dump(void **state)
{
	static const char	text[] =
	    "alpha beta gamma delta\n\nx\x01y\n\n- item one\n";
	struct layout_opts	 o = lopts(12, 1, 0);
	struct doc		*d = open_text(text, 1);
	struct layout		*l = layout_new(d, &o);
	char			*buf = NULL;
	size_t			 len = 0;
	FILE			*f;

	(void)state;
	f = open_memstream(&buf, &len);
	layout_dump(l, 0, doc_len(d), f);
	fclose(f);
	assert_string_equal(buf,
	    "alpha beta\ngamma delta\nx^Ay\n\xe2\x80\xa2 item one\n");
	free(buf);
	/* from the middle: starts at the row holding from, stops at to */
	f = open_memstream(&buf, &len);
	layout_dump(l, 13, 25, f);
	fclose(f);
	assert_string_equal(buf, "gamma delta\nx^Ay\n");
	free(buf);
	layout_free(l);
	doc_free(d);
}

/* After a width change the byte offset at the top stays on screen. */
static void
test_doc_resize(void **state)
{
	struct layout_opts	 o;
	struct doc		*d;
	struct layout		*l;
	struct layout_pos	 pos;
	struct layout_line	 r;
	size_t			 at, off, step;
	int			 w, w2;

	(void)state;
	assert_non_null(article);
	d = open_text(article, 0);
	o = lopts(40, 1, 1);
	l = layout_new(d, &o);
	check_doc_layout(d, l, 40);
	step = article_len / 97;
	for (w = 8; w <= 120; w += 37) {
		for (at = 0; at < article_len; at += step) {
			o.width = w;
			layout_set_opts(l, &o);
			pos = layout_pos_at(l, at);
			off = layout_pos_off(l, pos);
			assert_true(off <= at);
			for (w2 = 5; w2 <= 100; w2 += 19) {
				o.width = w2;
				layout_set_opts(l, &o);
				pos = layout_pos_at(l, off);
				assert_int_equal(layout_rows(l, pos, &r, 1), 1);
				assert_true(r.off <= off);
				assert_true(off < r.off + r.len ||
				    (off == r.off && r.len == 0));
			}
			/* a row index from before the reflow is clamped */
			pos.row += 1000;
			assert_int_equal(layout_rows(l, pos, &r, 1), 1);
			assert_int_equal(r.off, layout_pos_off(l, pos));
		}
	}
	layout_free(l);
	doc_free(d);
}

/* G: the last row of the text lands on the last screen row. */
static void
test_doc_end(void **state)
{
	struct layout_opts	 o = lopts(30, 1, 0);
	struct doc		*d;
	struct layout		*l;
	struct layout_pos	 pos, top;
	struct layout_line	 r[40];
	struct walk		 w;

	(void)state;
	assert_non_null(article);
	d = open_text(article, 0);
	l = layout_new(d, &o);
	walk_all(l, &w);
	pos = layout_end(l, 24);
	assert_int_equal(layout_rows(l, pos, r, 40), 24);
	assert_int_equal(r[23].off, w.row[w.n - 1].off);
	top = pos;
	assert_int_equal(layout_move(l, &top, 23), 23);
	assert_int_equal(layout_move(l, &top, 1), 0);
	pos = layout_end(l, 1);
	assert_int_equal(pos.para, w.pos[w.n - 1].para);
	assert_int_equal(pos.row, w.pos[w.n - 1].row);
	/* an offset past the end shows the last row */
	pos = layout_pos_at(l, article_len + 10);
	assert_int_equal(pos.para, w.pos[w.n - 1].para);
	walk_free(&w);
	layout_free(l);
	doc_free(d);
}

/* A long single line: doc cuts it into virtual paragraphs, which get no
 * indent; the end is reached without laying out the whole line. */
static void
test_doc_long_line(void **state)
{
	struct layout_opts	 o = lopts(80, 1, 1);
	struct doc		*d;
	struct layout		*l;
	struct layout_pos	 pos;
	struct layout_line	 r[24];
	size_t			 i, n = 3 * DOC_PARA_MAX + 1000;
	char			*text = xmalloc(n + 1);
	int			 k, got;

	(void)state;
	for (i = 0; i + 3 <= n; i += 3)
		memcpy(text + i, i % 90 == 87 ? "\xe3\x80\x82" :
		    "\xe4\xb8\xad", 3);
	n = i;
	text[n] = '\0';
	d = open_text(text, 0);
	l = layout_new(d, &o);
	pos = layout_end(l, 24);
	got = layout_rows(l, pos, r, 24);
	assert_int_equal(got, 24);
	assert_int_equal(r[23].off + r[23].len, n);
	for (k = 0; k < got; k++) {
		assert_false(r[k].flags & LAYOUT_BLANK);
		assert_true(r[k].off < 2 * 80 * 3 || r[k].indent == 0);
	}
	check_doc_layout(d, l, 80);
	layout_free(l);
	doc_free(d);
	free(text);
}

int
main(void)
{
	const struct CMUnitTest	 fixed[] = {
		cmocka_unit_test(test_code_first),
		cmocka_unit_test(test_wrap_degenerate),
		cmocka_unit_test(test_wrap_cases_loaded),
		cmocka_unit_test(test_wrap_blanks),
		cmocka_unit_test(test_wrap_widths),
		cmocka_unit_test(test_wrap_emergency),
		cmocka_unit_test(test_wrap_indent),
		cmocka_unit_test(test_wrap_hang),
		cmocka_unit_test(test_wrap_random),
		cmocka_unit_test(test_wrap_article_properties),
		cmocka_unit_test(test_wrap_article_sweep),
		cmocka_unit_test(test_doc_empty),
		cmocka_unit_test(test_doc_indent_spacing),
		cmocka_unit_test(test_doc_spacing_auto),
		cmocka_unit_test(test_doc_blocks),
		cmocka_unit_test(test_doc_decorate),
		cmocka_unit_test(test_doc_dump),
		cmocka_unit_test(test_doc_resize),
		cmocka_unit_test(test_doc_end),
		cmocka_unit_test(test_doc_long_line),
	};
	struct CMUnitTest	*all;
	size_t			 i, nfixed = sizeof fixed / sizeof fixed[0];
	int			 rc;

	load_cases();
	article = test_slurp(TEST_ARTICLE, &article_len);
	all = xcalloc(nfixed + ncases, sizeof *all);
	memcpy(all, fixed, sizeof fixed);
	for (i = 0; i < ncases; i++) {
		all[nfixed + i].name = cases[i].id;
		all[nfixed + i].test_func = test_wrap_case;
		all[nfixed + i].initial_state = &cases[i];
	}
	rc = _cmocka_run_group_tests("layout", all, nfixed + ncases, NULL, NULL);
	free(all);
	free(cases);
	free(cases_text);
	free(article);
	return rc;
}
