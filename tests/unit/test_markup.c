/* Tests for markup: inline markup hidden without moving a byte. Each case
 * gives the input, the flags, and what a reader sees (the result with its
 * '\n' joins dropped); every case also checks that the length is kept and
 * that only joins and the ruby brackets were written. */
#include "testutil.h"

#include "markup.h"

struct mcase {
	const char	*in;
	int		 flags;
	const char	*shown;
};

#define MD	MARKUP_MARKDOWN
#define SEARCH	MARKUP_SEARCH

static const struct mcase cases[] = {
	/* Aozora ruby: after kanji, after ｜, readings in kana only */
	{ "吾輩《わがはい》は猫である", 0, "吾輩（わがはい）は猫である" },
	{ "吾輩《わがはい》は猫である", SEARCH, "吾輩は猫である" },
	{ "一番｜獰悪《どうあく》な種族", 0, "一番獰悪（どうあく）な種族" },
	{ "一番｜獰悪《どうあく》な種族", SEARCH, "一番獰悪な種族" },
	{ "｜Ｂｅｒｌｉｎ《ベルリン》へ", SEARCH, "Ｂｅｒｌｉｎへ" },
	{ "一ヶ月《いっかげつ》", 0, "一ヶ月（いっかげつ）" },
	/* not ruby: a Chinese book title, an empty pair, kana after kana,
	 * a ｜ used as a separator, an unclosed reading */
	{ "读《史记》有感", 0, "读《史记》有感" },
	{ "读《史记》有感", SEARCH, "读《史记》有感" },
	{ "空《》です", 0, "空《》です" },
	{ "ひらがな《かな》", 0, "ひらがな《かな》" },
	{ "名称｜数量｜单价", 0, "名称｜数量｜单价" },
	{ "漢字《かんじ", 0, "漢字《かんじ" },
	/* Aozora editorial notes */
	{ "種族であった［＃「獰悪」に傍点］そうだ", 0, "種族であったそうだ" },
	{ "［＃ここから２字下げ］", SEARCH, "" },
	/* Markdown emphasis, strong, strikethrough */
	{ "Some *emphasis* here", MD, "Some emphasis here" },
	{ "a **strong** b __also__ c", MD, "a strong b also c" },
	{ "***both*** and ~~gone~~", MD, "both and gone" },
	{ "中文**重点**内容", MD, "中文重点内容" },
	/* ...but not where CommonMark would not either */
	{ "snake_case_name and my_var_", MD, "snake_case_name and my_var_" },
	{ "_foo_bar baz", MD, "_foo_bar baz" },
	{ "_foo_bar baz_", MD, "foo_bar baz" },
	{ "2 * 3 * 4 = 24", MD, "2 * 3 * 4 = 24" },
	{ "an **unclosed strong", MD, "an **unclosed strong" },
	{ "~single~ tilde", MD, "~single~ tilde" },
	/* code spans keep their content verbatim */
	{ "run `rm *.o` now", MD, "run rm *.o now" },
	{ "``a ` b`` done", MD, "a ` b done" },
	{ "*a `*` b*", MD, "a * b" },
	/* escapes */
	{ "\\*literal\\* \\[x]", MD, "*literal* [x]" },
	/* links, images, autolinks */
	{ "see [the docs](http://x.y/(a)) now", MD, "see the docs now" },
	{ "see [the docs][ref] now", MD, "see the docs now" },
	{ "[注1] is plain", MD, "[注1] is plain" },
	{ "an ![alt text](a.png) image", MD, "an alt text image" },
	{ "and ![](img.png) end", MD, "and end" },
	{ "![]()", MD, "" },
	{ "mail <https://example.com> or <a@b.c>", MD, "mail https://example.com or a@b.c" },
	{ "a < b > c", MD, "a < b > c" },
	{ "[**bold link**](u)", MD, "bold link" },
	/* without MARKUP_MARKDOWN nothing of it is touched */
	{ "Some *emphasis* and [a](b) `c`", 0, "Some *emphasis* and [a](b) `c`" },
};

static char *
shown_of(const char *t, size_t n)
{
	char	*out = malloc(n + 1);
	size_t	 i, k = 0;

	assert_non_null(out);
	for (i = 0; i < n; i++)
		if (t[i] != '\n')
			out[k++] = t[i];
	out[k] = '\0';
	return out;
}

/* Only '\n' joins, and （ ） over 《 》, may be written. */
static void
check_bytes(const char *in, const char *out, size_t n)
{
	size_t	i = 0;

	while (i < n) {
		if (i + 3 <= n && ((memcmp(in + i, "《", 3) == 0 &&
		    memcmp(out + i, "（", 3) == 0) || (memcmp(in + i, "》", 3) ==
		    0 && memcmp(out + i, "）", 3) == 0))) {
			i += 3;
			continue;
		}
		if (in[i] != out[i] && out[i] != '\n')
			fail_msg("byte %zu of \"%s\" rewritten to 0x%02x", i, in,
			    (unsigned char)out[i]);
		i++;
	}
}

static void
test_cases(void **state)
{
	size_t	i, n;
	char	*t, *shown;
	int	changed;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		n = strlen(cases[i].in);
		t = malloc(n + 1);
		assert_non_null(t);
		memcpy(t, cases[i].in, n + 1);
		changed = markup_hide(t, n, cases[i].flags, NULL);
		assert_int_equal(t[n], '\0');
		shown = shown_of(t, n);
		if (strcmp(shown, cases[i].shown) != 0)
			fail_msg("case %zu \"%s\" (flags %d): shows \"%s\", "
			    "want \"%s\"", i, cases[i].in, cases[i].flags, shown,
			    cases[i].shown);
		assert_int_equal(changed, strcmp(cases[i].in, cases[i].shown) != 0);
		check_bytes(cases[i].in, t, n);
		free(shown);
		free(t);
	}
}

/* The styles of the shown bytes: each case marks the styled text with a
 * letter per byte of the input (. none, e em, s strong, b both, c code,
 * l link, d struck, r reading); hidden bytes are unstyled. */
static void
test_styles(void **state)
{
	static const struct {
		const char	*in;
		int		 flags;
		const char	*want;
	} sc[] = {
		{ "a *b* **c** ***d*** e", MD, "...e....s......b....." },
		{ "x `y*` [z](u) ~~w~~", MD, "...cc...l.......d.." },
		{ "漢《かな》", 0, "...rrrrrrrrrrrr" },
		{ "*a* plain", 0, "........." },
		{ "<a:b> x", MD, ".lll..." },
	};
	unsigned char	st[64];
	char		t[64], got[64];
	size_t		i, k, n;

	(void)state;
	for (i = 0; i < sizeof sc / sizeof sc[0]; i++) {
		n = strlen(sc[i].in);
		assert_true(n < sizeof t && strlen(sc[i].want) == n);
		memcpy(t, sc[i].in, n + 1);
		memset(st, 0xFF, sizeof st);
		markup_hide(t, n, sc[i].flags, st);
		for (k = 0; k < n; k++) {
			switch (st[k]) {
			case 0: got[k] = '.'; break;
			case MARKUP_EM: got[k] = 'e'; break;
			case MARKUP_STRONG: got[k] = 's'; break;
			case MARKUP_EM | MARKUP_STRONG: got[k] = 'b'; break;
			case MARKUP_CODE: got[k] = 'c'; break;
			case MARKUP_LINK: got[k] = 'l'; break;
			case MARKUP_DEL: got[k] = 'd'; break;
			case MARKUP_READING: got[k] = 'r'; break;
			default: got[k] = '?'; break;
			}
		}
		got[n] = '\0';
		if (strcmp(got, sc[i].want) != 0)
			fail_msg("styles of \"%s\": %s, want %s", sc[i].in, got,
			    sc[i].want);
	}
}

static void
test_has_notation(void **state)
{
	(void)state;
	assert_true(markup_has_notation("a《b", 5));
	assert_true(markup_has_notation("｜", 3));
	assert_true(markup_has_notation("［＃", 6));
	assert_false(markup_has_notation("［x］", 7));
	assert_false(markup_has_notation("plain 中文。", 15));
}

/* Each opener at every place of a text longer than the sixteen bytes
 * looked at together, among decoys (characters sharing an opener's last
 * two bytes: 䀊 E4 80 8A, 齜 E9 BD 9C, ［ without ＃), and cut by the
 * end of the text: found exactly where it is whole. */
static void
test_has_notation_places(void **state)
{
	static const char *const openers[] = { "《", "｜", "［＃" };
	static const char decoy[] = "䀊a齜［中文，。bc［x";
	char		 t[96];
	size_t		 dl = strlen(decoy), ol, pos, n;

	(void)state;
	assert_false(markup_has_notation(decoy, dl));
	for (size_t k = 0; k < 3; k++) {
		ol = strlen(openers[k]);
		for (pos = 0; pos + ol <= 60; pos++) {
			memset(t, 'x', sizeof t);
			memcpy(t, decoy, dl);
			memcpy(t + pos, openers[k], ol);
			for (n = pos; n <= 64; n++)
				assert_int_equal(markup_has_notation(t, n),
				    n >= pos + ol);
		}
	}
}

/* Bounded work: a paragraph of openers that never close costs no more than
 * SPAN_MAX bytes of looking per opener, and changes nothing. */
static void
test_unclosed_openers(void **state)
{
	size_t	 n = 64 * 1024, i;
	char	*t = malloc(n);

	(void)state;
	assert_non_null(t);
	for (i = 0; i < n; i++)
		t[i] = "*[`_<"[i % 5];
	markup_hide(t, n, MARKUP_MARKDOWN, NULL);
	for (i = 0; i < n; i++)
		if (t[i] != "*[`_<"[i % 5] && t[i] != '\n')
			fail_msg("byte %zu became 0x%02x", i, (unsigned char)t[i]);
	free(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),
		cmocka_unit_test(test_styles),
		cmocka_unit_test(test_has_notation),
		cmocka_unit_test(test_has_notation_places),
		cmocka_unit_test(test_unclosed_openers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
