/* Unit tests for convert: OpenCC's t2s and s2t laid over the original
 * offsets (phrases, joins, characters that change their byte length, a NUL),
 * the fallback for a dictionary that changes the number of characters (one
 * written here), and the layout under conversion: rows keep the original
 * offsets, and a paragraph converts and lays out the same wherever it
 * sits. */
#include "testutil.h"

#include <unistd.h>

#include "convert.h"
#include "doc.h"
#include "layout.h"
#include "util.h"

static struct convert *
get(int mode)
{
	char		 err[256] = "";
	struct convert	*c = convert_get(mode, err, sizeof err);

	if (c == NULL)
		print_message("# %s\n", err);
	assert_non_null(c);
	return c;
}

/* text (n bytes) converted by c is want (n bytes too). */
static void
converts_to(struct convert *c, const char *text, size_t n, const char *want)
{
	char	*out = xmalloc(n + 1);

	convert_text(c, text, n, out);
	out[n] = '\0';
	if (memcmp(out, want, n) != 0)
		print_message("# '%s' became '%s', not '%s'\n", text, out, want);
	assert_memory_equal(out, want, n);
	free(out);
}

static void
test_mode_names(void **state)
{
	(void)state;
	for (int m = 0; m < CONVERT_MODES; m++)
		assert_int_equal(convert_mode_parse(convert_mode_name(m)), m);
	assert_string_equal(convert_mode_name(CONVERT_T2S), "t2s");
	assert_int_equal(convert_mode_parse("t2t"), -1);
	assert_null(convert_mode_name(CONVERT_MODES));
	assert_null(convert_get(CONVERT_OFF, NULL, 0));
}

static void
test_t2s(void **state)
{
	struct convert	*c = get(CONVERT_T2S);
	static const char nul_in[] = "\xe9\xa0\xad" "\0" "\xe9\xab\xae";
	static const char nul_out[] = "\xe5\xa4\xb4" "\0" "\xe5\x8f\x91";

	(void)state;
	assert_ptr_equal(c, get(CONVERT_T2S));	/* opened once */
	converts_to(c, "頭髮乾燥", 12, "头发干燥");
	/* A phrase: 計畫 is 计划, though 畫 alone is 画; across a join. */
	converts_to(c, "計畫", 6, "计划");
	converts_to(c, "計\n畫", 7, "计\n划");
	/* 𨋢 (4 bytes) becomes 䢂 (3 bytes) at its offset, a join after it. */
	converts_to(c, "𨋢x", 5, "䢂\nx");
	/* 噁 would become 𫫇, a byte longer: it stays as written. */
	converts_to(c, "二噁英很危險", 18, "二噁英很危险");
	/* A NUL does not end the conversion. */
	converts_to(c, nul_in, 7, nul_out);
	converts_to(c, "plain ASCII", 11, "plain ASCII");
	converts_to(c, "「後來」，他說。", 24, "「后来」，他说。");
}

static void
test_s2t(void **state)
{
	(void)state;
	converts_to(get(CONVERT_S2T), "头发干燥，计划", 21, "頭髮乾燥，計劃");
}

static void
test_open_error(void **state)
{
	char	err[256] = "";

	(void)state;
	assert_null(convert_open("/nonexistent/juan-test.json", err, sizeof err));
	assert_non_null(strstr(err, "juan-test.json"));
}

/* A dictionary whose phrases change the number of characters: 计算机
 * (3) is 電腦 (2), 電腦 is 计算机. OpenCC's own never do. */
static struct convert *
open_count_changer(char *dir)
{
	char		 path[256], err[256] = "";
	FILE		*f;
	struct convert	*c;

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/d.txt", dir);
	assert_non_null(f = fopen(path, "w"));
	fputs("\xe7\x94\xb5\xe8\x84\x91\t计算机\n计算机\t電腦\n", f);
	fclose(f);
	snprintf(path, sizeof path, "%s/c.json", dir);
	assert_non_null(f = fopen(path, "w"));
	fputs("{ \"name\": \"test\", \"segmentation\": { \"type\": \"mmseg\", "
	    "\"dict\": { \"type\": \"text\", \"file\": \"d.txt\" } }, "
	    "\"conversion_chain\": [{ \"dict\": { \"type\": \"text\", "
	    "\"file\": \"d.txt\" } }] }\n", f);
	fclose(f);
	c = convert_open(path, err, sizeof err);
	if (c == NULL)
		print_message("# %s\n", err);
	assert_non_null(c);
	return c;
}

static void
remove_count_changer(const char *dir)
{
	char	path[256];

	snprintf(path, sizeof path, "%s/d.txt", dir);
	unlink(path);
	snprintf(path, sizeof path, "%s/c.json", dir);
	unlink(path);
	rmdir(dir);
}

static void
test_count_changes(void **state)
{
	char		 dir[] = "/tmp/juan-convert.XXXXXX";
	struct convert	*c = open_count_changer(dir);

	(void)state;
	/* The run 他用计算机 (5 characters) becomes 他用電腦 (4), laid over
	 * its bytes as a whole; 我的電腦坏了 would grow (6 to 7): kept. The
	 * punctuation between the runs stays where it was. */
	converts_to(c, "他用计算机。我的電腦坏了。", 39,
	    "他用電腦\n\n\n。我的電腦坏了。");
	converts_to(c, "计算机", 9, "電腦\n\n\n");
	convert_free(c);
	remove_count_changer(dir);
}

/* The document layout under conversion. */

static struct doc *
open_text(const char *text)
{
	struct doc_opts	 o;
	struct doc	*d;
	char		*cause = NULL;

	memset(&o, 0, sizeof o);
	o.no_scan = 1;
	d = doc_open_mem(text, strlen(text), "test", &o, &cause);
	assert_non_null(d);
	assert_null(cause);
	doc_scan_wait(d);
	return d;
}

static struct layout *
layout_at(struct doc *d, int width, struct convert *c)
{
	struct layout_opts	o;

	memset(&o, 0, sizeof o);
	o.width = width;
	o.indent = 1;
	o.convert = c;
	return layout_new(d, &o);
}

/* The text rows from the one at off on, up to max; the shown text of
 * each, joins dropped, appended to shown (size bytes). */
static int
rows_from(struct layout *l, size_t off, struct layout_line *out, int max,
    char *shown, size_t size)
{
	int		 n = layout_rows(l, layout_pos_at(l, off), out, max);
	const char	*s;
	size_t		 k = 0;

	for (int i = 0; i < n; i++) {
		assert_non_null(s = layout_row_text(l, &out[i]));
		for (size_t j = 0; j < out[i].len && k + 1 < size; j++)
			if (s[j] != '\n')
				shown[k++] = s[j];
	}
	shown[k] = '\0';
	return n;
}

/* n rows alike in every field (their padding is not). */
static void
rows_equal(const struct layout_line *a, const struct layout_line *b, int n)
{
	for (int i = 0; i < n; i++) {
		assert_int_equal(a[i].off, b[i].off);
		assert_int_equal(a[i].len, b[i].len);
		assert_int_equal(a[i].cols, b[i].cols);
		assert_int_equal(a[i].indent, b[i].indent);
		assert_int_equal(a[i].flags, b[i].flags);
	}
}

static void
test_layout_rows(void **state)
{
	static const char	 text[] = "頭髮乾燥，計畫在𨋢二噁英旁邊。";
	struct doc		*d = open_text(text);
	struct layout		*plain = layout_at(d, 8, NULL);
	struct layout		*conv = layout_at(d, 8, get(CONVERT_T2S));
	struct layout_line	 a[16], b[16];
	struct doc_para		 p;
	const unsigned char	*style;
	const char		*s;
	char			 sa[256], sb[256];
	int			 na, nb;

	(void)state;
	na = rows_from(plain, 0, a, 16, sa, sizeof sa);
	nb = rows_from(conv, 0, b, 16, sb, sizeof sb);
	assert_string_equal(sa, text);
	assert_string_equal(sb, "头发干燥，计划在䢂二噁英旁边。");
	/* The same rows, at the original offsets. */
	assert_int_equal(na, nb);
	assert_true(na >= 4);
	rows_equal(a, b, na);
	/* A converted character sits at the offset of its original, so a
	 * match's bytes are the converted glyphs that stand for it. */
	assert_int_equal(doc_para_at(d, 0, &p), 0);
	assert_non_null(s = layout_para_text(conv, &p, &style));
	assert_int_equal(strstr(s, "计划") - s, strstr(text, "計畫") - text);
	assert_int_equal(strstr(s, "䢂") - s, strstr(text, "𨋢") - text);
	/* --dump prints the converted rows. */
	assert_non_null(s = layout_row_text(conv, &b[0]));
	assert_memory_equal(s, "头发干燥", 12);
	layout_free(plain);
	layout_free(conv);
	doc_free(d);
}

/* One paragraph after two different ones: its rows, relative to its start,
 * and their converted text are the same. */
static void
test_position_independence(void **state)
{
	static const char	 para[] = "他說：「頭髮乾燥，計畫要改。」後來才修好。\n";
	static const char	*before[] = {
		"第一段。\n\n",
		"另一個開頭，長一些的文字，在這裡佔了兩行還多。\n\n",
	};
	struct layout_line	 rows[2][16];
	char			 shown[2][256], *text;
	int			 n[2];

	(void)state;
	for (int k = 0; k < 2; k++) {
		size_t		 at = strlen(before[k]);
		struct doc	*d;
		struct layout	*l;

		text = xasprintf("%s%s", before[k], para);
		d = open_text(text);
		l = layout_at(d, 12, get(CONVERT_T2S));
		n[k] = rows_from(l, at, rows[k], 16, shown[k], sizeof shown[k]);
		for (int i = 0; i < n[k]; i++)
			rows[k][i].off -= at;
		layout_free(l);
		doc_free(d);
		free(text);
	}
	assert_string_equal(shown[0], "他说：「头发干燥，计划要改。」后来才修好。");
	assert_int_equal(n[0], n[1]);
	rows_equal(rows[0], rows[1], n[0]);
	assert_string_equal(shown[0], shown[1]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mode_names),
		cmocka_unit_test(test_t2s),
		cmocka_unit_test(test_s2t),
		cmocka_unit_test(test_open_error),
		cmocka_unit_test(test_count_changes),
		cmocka_unit_test(test_layout_rows),
		cmocka_unit_test(test_position_independence),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
