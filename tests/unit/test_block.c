/* Tests for block: the line grammar doc and the outline share. Each line
 * kind, CommonMark's edge cases and juan's decisions (include/block.h), the
 * fence state over a sequence of lines, the paragraph rule, and the
 * agreement of doc's headings with the outline's on tricky Markdown. */
#include "testutil.h"

#include "block.h"
#include "doc.h"
#include "outline.h"

#define MD	1
#define PLAIN	0

struct lcase {
	const char	*line;
	int		 md;
	int		 kind;
	int		 level;
	const char	*body;	/* the body span, NULL: not checked */
};

static const struct lcase lines[] = {
	/* blank: spaces, TAB, U+3000, NBSP, BOM */
	{ "", MD, BLOCK_BLANK, 0, NULL },
	{ " \t\xE3\x80\x80\xC2\xA0\xEF\xBB\xBF", PLAIN, BLOCK_BLANK, 0, NULL },
	{ "text", MD, BLOCK_TEXT, 0, "text" },
	{ "  text", MD, BLOCK_TEXT, 0, "text" },
	{ "\xE3\x80\x80\xE3\x80\x80正文", PLAIN, BLOCK_TEXT, 0, "正文" },
	/* ATX: level, title without blanks and closing run */
	{ "# Title", MD, BLOCK_ATX, 1, "Title" },
	{ "###### six", MD, BLOCK_ATX, 6, "six" },
	{ "####### seven", MD, BLOCK_TEXT, 0, NULL },
	{ "   ## three spaces", MD, BLOCK_ATX, 2, "three spaces" },
	{ "    # four spaces", MD, BLOCK_TEXT, 0, NULL },
	{ "## Sub ##  ", MD, BLOCK_ATX, 2, "Sub" },
	{ "# foo#", MD, BLOCK_ATX, 1, "foo#" },
	{ "#\tTab title", MD, BLOCK_ATX, 1, "Tab title" },
	{ "#标题", MD, BLOCK_ATX, 1, "标题" },
	{ "#include <stdio.h>", MD, BLOCK_TEXT, 0, NULL },
	{ "#!/bin/sh", MD, BLOCK_TEXT, 0, NULL },
	{ "#5", MD, BLOCK_TEXT, 0, NULL },
	/* an empty ATX heading is a line of its own, shown as written */
	{ "#", MD, BLOCK_ALONE, 0, "#" },
	{ "# ", MD, BLOCK_ALONE, 0, "# " },
	{ "## ##", MD, BLOCK_ALONE, 0, "## ##" },
	{ "# Title", PLAIN, BLOCK_TEXT, 0, "# Title" },
	/* setext underlines and thematic breaks */
	{ "---", MD, BLOCK_DASH, 0, NULL },
	{ "  -----  ", MD, BLOCK_DASH, 0, NULL },
	{ "===", MD, BLOCK_EQ, 0, NULL },
	{ "==", MD, BLOCK_TEXT, 0, NULL },
	{ "--", MD, BLOCK_TEXT, 0, NULL },
	{ "- - -", MD, BLOCK_RULE, 0, NULL },
	{ "***", MD, BLOCK_RULE, 0, NULL },
	{ "_ _ _", MD, BLOCK_RULE, 0, NULL },
	{ "--- x", MD, BLOCK_TEXT, 0, NULL },
	/* fences: a backtick fence's info string holds no backtick */
	{ "```", MD, BLOCK_FENCE, 0, NULL },
	{ "```c", MD, BLOCK_FENCE, 0, NULL },
	{ "~~~ a`b", MD, BLOCK_FENCE, 0, NULL },
	{ "```a`b", MD, BLOCK_TEXT, 0, NULL },
	{ "``", MD, BLOCK_TEXT, 0, NULL },
	{ "    ```", MD, BLOCK_TEXT, 0, NULL },
	{ "```", PLAIN, BLOCK_TEXT, 0, NULL },
	/* lists and quotes */
	{ "- item", MD, BLOCK_LIST, 1, "item" },
	{ "+\titem", MD, BLOCK_LIST, 1, NULL },
	{ "    * deep", MD, BLOCK_LIST, 3, "deep" },
	{ "12. twelve", MD, BLOCK_LIST, 1, "twelve" },
	{ "3) three", MD, BLOCK_LIST, 1, "three" },
	{ "1.5 million", MD, BLOCK_TEXT, 0, NULL },
	{ "-item", MD, BLOCK_TEXT, 0, NULL },
	{ "1234567890. ten digits", MD, BLOCK_TEXT, 0, NULL },
	{ "> quoted", MD, BLOCK_QUOTE, 1, "quoted" },
	{ "> > twice", MD, BLOCK_QUOTE, 2, "twice" },
	{ ">>twice", MD, BLOCK_QUOTE, 2, "twice" },
	{ ">", MD, BLOCK_BLANK, 1, NULL },
	{ "> x", PLAIN, BLOCK_TEXT, 0, NULL },
	/* image lines, in any text */
	{ "![a cat](cat.png)", MD, BLOCK_IMAGE, 0, "a cat" },
	{ "  ![](x.png)  ", PLAIN, BLOCK_IMAGE, 0, "" },
	{ "![a](b.png) and text", PLAIN, BLOCK_TEXT, 0, NULL },
	/* plain separators: one mark repeated */
	{ "-----", PLAIN, BLOCK_RULE, 0, NULL },
	{ "＝＝＝＝", PLAIN, BLOCK_RULE, 0, NULL },
	{ "———", PLAIN, BLOCK_RULE, 0, NULL },
	{ "——", PLAIN, BLOCK_TEXT, 0, NULL },
	{ "-=-=-=", PLAIN, BLOCK_TEXT, 0, NULL },
	{ "＊＊＊", PLAIN, BLOCK_ALONE, 0, NULL },
	{ "* * *", PLAIN, BLOCK_ALONE, 0, NULL },
	{ "\xE3\x80\x80※", PLAIN, BLOCK_ALONE, 0, NULL },
	{ "＊＊＊", MD, BLOCK_TEXT, 0, NULL },
};

static void
test_lines(void **state)
{
	struct block_line	l;
	size_t			i, n;
	char			msg[128];

	(void)state;
	for (i = 0; i < sizeof lines / sizeof lines[0]; i++) {
		n = strlen(lines[i].line);
		block_line(lines[i].line, n, lines[i].md, &l);
		snprintf(msg, sizeof msg, "case %zu \"%s\": kind %d level %d",
		    i, lines[i].line, l.kind, l.level);
		if (l.kind != lines[i].kind || l.level != lines[i].level)
			fail_msg("%s, want %d %d", msg, lines[i].kind,
			    lines[i].level);
		assert_int_equal(l.len, n);
		if (lines[i].body != NULL && (l.body_end - l.body !=
		    strlen(lines[i].body) || memcmp(lines[i].line + l.body,
		    lines[i].body, l.body_end - l.body) != 0))
			fail_msg("%s: body \"%.*s\"", msg,
			    (int)(l.body_end - l.body), lines[i].line + l.body);
	}
}

/* A line longer than BLOCK_LONG is text whatever it starts with. */
static void
test_long_line(void **state)
{
	struct block_line	 l;
	char			*s = malloc(BLOCK_LONG + 2);

	(void)state;
	memset(s, '-', BLOCK_LONG + 1);
	block_line(s, BLOCK_LONG, MD, &l);
	assert_int_equal(l.kind, BLOCK_DASH);
	block_line(s, BLOCK_LONG + 1, MD, &l);
	assert_int_equal(l.kind, BLOCK_TEXT);
	free(s);
}

/* The kinds of the lines of text (one a '\n'), after the fence state. */
static void
kinds_of(const char *text, int from_start, char *out)
{
	static const char	 letter[] = "TBFCAdeRalqi";
	struct block_fences	 f;
	struct block_line	 l;
	const char		*p = text, *e;

	block_fences_init(&f, from_start);
	for (; *p != '\0'; p = e + 1) {
		e = strchr(p, '\n');
		block_line(p, (size_t)(e - p), MD, &l);
		block_fence_step(&f, p, (size_t)(e - p), &l);
		*out++ = letter[l.kind];
	}
	*out = '\0';
}

static void
test_fences(void **state)
{
	static const struct {
		const char	*text;
		int		 from_start;
		const char	*kinds;
	} cases[] = {
		{ "```py`x\n# h\n```\n# in\n", 1, "TAFC" },
		{ "~~~\ncode\n\n~~~~\n# out\n", 1, "FCCFA" },
		{ "````\n```\n````\n", 1, "FCF" },
		{ "```\nx\n``` y\n~~~\n```\nafter\n", 1, "FCCCFT" },
		{ "~~~\n```\n~~~\n", 1, "FCF" },
		/* front matter only as the very first line */
		{ "---\ntitle: x\n# no\n...\n# yes\n", 1, "FCCFA" },
		{ "---\ntitle: x\n---\n", 0, "dTd" },
		{ "\n---\nx\n---\n", 1, "BdTd" },
		/* comments */
		{ "<!--\n# no\n-->\n# yes\n", 1, "CCCA" },
		{ "<!-- one line -->\n# yes\n", 1, "CA" },
		{ "   <!-- x\n\n```\n--> y\n```\n", 1, "CCCCF" },
		{ "    <!-- indented\n# yes\n", 1, "TA" },
	};
	char	got[64];
	size_t	i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		kinds_of(cases[i].text, cases[i].from_start, got);
		if (strcmp(got, cases[i].kinds) != 0)
			fail_msg("case %zu: %s, want %s", i, got, cases[i].kinds);
	}
}

/* block_begins() over pairs of lines, then block_under(). */
static void
test_begins(void **state)
{
	static const struct {
		const char	*p, *l;
		int		 md;
		int		 want;
	} cases[] = {
		{ "", "text", MD, BLOCK_BREAK },
		{ "text", "", MD, BLOCK_BREAK },
		{ "text", "more", MD, BLOCK_JOIN },
		{ "text", "more", PLAIN, BLOCK_WRAP },
		{ "text", "---", MD, BLOCK_UNDER },
		{ "text", "===", MD, BLOCK_UNDER },
		{ "- item", "---", MD, BLOCK_BREAK },
		{ "- item", "===", MD, BLOCK_JOIN },
		{ "# h", "===", MD, BLOCK_BREAK },
		{ "- item", "lazy", MD, BLOCK_JOIN },
		{ "- item", "- next", MD, BLOCK_BREAK },
		{ "text", "- item", MD, BLOCK_BREAK },
		{ "> q", "> more", MD, BLOCK_JOIN },
		{ "> q", ">> deeper", MD, BLOCK_BREAK },
		{ "> q", "text", MD, BLOCK_BREAK },
		{ "text", "> q", MD, BLOCK_BREAK },
		{ "===", "text", MD, BLOCK_BREAK },
		{ "text", "# h", MD, BLOCK_BREAK },
		{ "text", "![a](b)", MD, BLOCK_BREAK },
		{ "text", "-----", PLAIN, BLOCK_BREAK },
		{ "＊＊＊", "text", PLAIN, BLOCK_BREAK },
		{ "```", "text", MD, BLOCK_BREAK },
	};
	struct block_line	p, l;
	size_t			i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		block_line(cases[i].p, strlen(cases[i].p), cases[i].md, &p);
		block_line(cases[i].l, strlen(cases[i].l), cases[i].md, &l);
		if (block_begins(&p, &l, cases[i].md) != cases[i].want)
			fail_msg("case %zu: %d, want %d", i,
			    block_begins(&p, &l, cases[i].md), cases[i].want);
	}
	block_line("text", 4, MD, &p);
	block_line("---", 3, MD, &l);
	assert_int_equal(block_under(&p, &l, 1), BLOCK_JOIN);
	assert_int_equal(block_setext_level(&l), 2);
	assert_int_equal(block_under(&p, &l, 0), BLOCK_BREAK);
	block_line("===", 3, MD, &l);
	assert_int_equal(block_setext_level(&l), 1);
	assert_int_equal(block_under(&p, &l, 0), BLOCK_JOIN);
	/* a text line too long to be classified is underlined by nothing */
	p.len = BLOCK_LONG + 1;
	assert_int_equal(block_begins(&p, &l, MD), BLOCK_JOIN);
}

static void
test_evidence(void **state)
{
	(void)state;
	assert_true(block_has_link("see [x](http://a)", 17));
	assert_true(block_has_link("![alt](a.png)", 13));
	assert_false(block_has_link("![]()", 5));
	assert_false(block_has_link("[1] note", 8));
	assert_true(block_is_table_row("a\tb", 3));
	assert_false(block_is_table_row("a b", 3));
	assert_int_equal(block_separator("※", 3), BLOCK_ALONE);
	assert_int_equal(block_separator("~~~~", 4), BLOCK_RULE);
	assert_int_equal(block_separator("~~", 2), 0);
	assert_int_equal(block_separator("- x -", 5), 0);
	assert_true(block_is_blank("\xE3\x80\x80 ", 4));
	assert_false(block_is_blank(" x", 2));
}

/* ---------------------------------------------------------------------- */
/* Agreement: doc's heading paragraphs are the outline's sections. */

struct acase {
	const char	*text;
	const char	*titles;	/* the headings, '|' after each */
};

static const struct acase agree[] = {
	/* a backtick in a backtick fence's info string: no fence */
	{ "# One\n\n```a`b\n# Two\n```\n\n# Three\n", "One|Two|" },
	/* an empty ATX heading is no heading */
	{ "# One\n\n#\n\n# #\n\ntext\n\n# Two\n", "One|Two|" },
	/* a setext underline under one text line only */
	{ "# One\n\nfirst\nsecond\n---\n\nSingle\n===\n\n# Two\n",
	  "One|Single|Two|" },
	/* front matter and comments are code */
	{ "---\ntitle: x\n---\n\n# One\n\n<!--\n# No\n-->\n\n# Two\n",
	  "One|Two|" },
	/* a setext heading right after a fence */
	{ "# One\n\n```\ncode\n```\nAfter\n-----\n\n# Two\n", "One|After|Two|" },
	/* a list item's "---" is a break, a quote's text is not lazy */
	{ "# One\n\n- item\n---\n\n> quoted\nText\n---\n\n# Two\n",
	  "One|Text|Two|" },
	/* #标题, never #include; a tab after the marks */
	{ "#标题\n\n#include <x>\n\n#\tTab\n", "标题|Tab|" },
	/* a closing fence takes nothing after its run */
	{ "# One\n\n```\n# in\n``` x\n# still\n```\n# Two\n", "One|Two|" },
	/* a title longer than the outline keeps */
	{ "# One\n\n"
	  "A long title that goes on and on and on and on and on and on and on "
	  "and on and on and on and on and on and on and on and on and on and on "
	  "and on and on and on and on and on and on and on and on and on and on "
	  "and on and on and on and on and on and on and on and on and on end\n"
	  "===\n\n# Two\n", NULL },
};

/* The offsets of doc's heading paragraphs, and of the outline's sections,
 * each followed by '|'. */
static void
headings_of(struct doc *d, char *paras, char *secs, size_t size)
{
	const struct outline	*o;
	struct doc_para		 p, q;
	size_t			 i, n = 0;
	int			 r;

	paras[0] = secs[0] = '\0';
	for (r = doc_para_at(d, 0, &p); r == 0; r = doc_para_next(d, &p, &q), p = q)
		if (p.kind == DOC_PARA_HEADING)
			n += (size_t)snprintf(paras + n, size - n, "%zu|", p.off);
	o = doc_outline(d);
	assert_non_null(o);
	for (i = 0, n = 0; i < outline_count(o); i++)
		n += (size_t)snprintf(secs + n, size - n, "%zu|",
		    outline_get(o, i)->off);
}

/* Opens text as Markdown (cache blocks of block_size bytes, 0 default),
 * and checks that doc's heading paragraphs are the outline's sections, with
 * these titles (NULL: 3 headings). */
static void
check_agree(const char *text, size_t len, const char *want, size_t block_size,
    size_t i)
{
	struct doc_opts		 o;
	struct doc		*d;
	const struct outline	*ol;
	char			 paras[512], secs[512], titles[512];
	size_t			 k, n;

	memset(&o, 0, sizeof o);
	o.markdown = 1;
	o.no_scan = 1;
	o.block_size = block_size;
	d = doc_open_mem(text, len, "a.md", &o, NULL);
	assert_non_null(d);
	doc_scan_wait(d);
	headings_of(d, paras, secs, sizeof paras);
	if (strcmp(paras, secs) != 0)
		fail_msg("case %zu: doc's headings at %s, the outline's at %s",
		    i, paras, secs);
	ol = doc_outline(d);
	for (k = 0, n = 0; k < outline_count(ol); k++)
		n += (size_t)snprintf(titles + n, sizeof titles - n, "%s|",
		    outline_get(ol, k)->title);
	if (want != NULL && strcmp(titles, want) != 0)
		fail_msg("case %zu: titles %s, want %s", i, titles, want);
	if (want == NULL && outline_count(ol) != 3)
		fail_msg("case %zu: %zu headings, want 3", i, outline_count(ol));
	doc_free(d);
}

static void
test_agreement(void **state)
{
	size_t	i;

	(void)state;
	for (i = 0; i < sizeof agree / sizeof agree[0]; i++) {
		check_agree(agree[i].text, strlen(agree[i].text),
		    agree[i].titles, 0, i);
		check_agree(agree[i].text, strlen(agree[i].text),
		    agree[i].titles, 16, i);
	}
}

/* Lines longer than a view of a few hundred bytes: a backtick far into a
 * fence's info string, a closing fence after long code lines, a comment
 * closed far into its line; in cache blocks of 16 bytes and of 64 KiB. */
static void
test_agreement_long(void **state)
{
	char	*t = malloc(8192);
	size_t	 n = 0, bs;

	(void)state;
	n += (size_t)sprintf(t + n, "# One\n\n```");
	memset(t + n, 'a', 400);
	n += 400;
	n += (size_t)sprintf(t + n, "`b\n\n# Two\n\n```\n");
	memset(t + n, 'c', 700);
	n += 700;
	n += (size_t)sprintf(t + n, "\n```\n\n<!-- ");
	memset(t + n, 'd', 500);
	n += 500;
	n += (size_t)sprintf(t + n, " -->\n\n# Three\n");
	for (bs = 0; bs <= 16; bs += 16)
		check_agree(t, n, "One|Two|Three|", bs, bs);
	free(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lines),
		cmocka_unit_test(test_long_line),
		cmocka_unit_test(test_fences),
		cmocka_unit_test(test_begins),
		cmocka_unit_test(test_evidence),
		cmocka_unit_test(test_agreement),
		cmocka_unit_test(test_agreement_long),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
