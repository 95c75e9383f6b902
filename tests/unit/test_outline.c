/* Unit tests for outline: one fixture per family and per trap of
 * SECTIONS.md §9, written here (bodies are generated from a few sentences),
 * plus the project's article, the options and the lookups. */
#include "testutil.h"

#include <ctype.h>
#include <limits.h>
#include <locale.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "outline.h"
#include "ustr.h"
#include "util.h"

/* A text being built, with the headings it should yield. */
struct fx {
	char	*s;
	size_t	 n, cap, lines;
	size_t	 nexp;
	struct {
		int	 level;
		size_t	 lineno;
		char	 title[160];
	}	 exp[64];
};

static void
fx_add(struct fx *f, const char *line)
{
	size_t	l = strlen(line);

	if (f->n + l + 2 > f->cap) {
		f->cap = (f->n + l + 2) * 2;
		f->s = xrealloc(f->s, f->cap);
	}
	memcpy(f->s + f->n, line, l);
	f->n += l;
	f->s[f->n++] = '\n';
	f->s[f->n] = '\0';
	f->lines++;
}

/* A heading line that must come out at level, with title (NULL: the line). */
static void
fx_head(struct fx *f, int level, const char *line, const char *title)
{
	assert_true(f->nexp < 64);
	f->exp[f->nexp].level = level;
	f->exp[f->nexp].lineno = f->lines + 1;
	snprintf(f->exp[f->nexp].title, sizeof f->exp[0].title, "%s",
	    title != NULL ? title : line);
	f->nexp++;
	fx_add(f, line);
}

static const char *const zh[] = {
	"他沿着河岸慢慢地走着，心里想着昨天在镇上发生的那些事情，越想越觉得不对劲。",
	"远处的山被雾遮住了一半，只露出一道灰色的轮廓，像是谁用淡墨随手画上去的。",
	"母亲在灶台前忙了一早上，锅里的粥已经熬得很稠，屋子里满是米香和柴火的味道。",
	"那一年的冬天来得特别早，第一场雪落下的时候，院子里的柿子还挂在枝头没有摘。",
	"老师把试卷发下来以后，教室里忽然安静得出奇，连窗外的麻雀都不再叫了。",
};

/* paras paragraphs of about 150 characters, each on its own line. */
static void
fx_body(struct fx *f, int paras)
{
	char	line[1024];

	for (int p = 0; p < paras; p++) {
		line[0] = '\0';
		for (int k = 0; k < 4; k++)
			strcat(line, zh[(p + k) % 5]);
		fx_add(f, line);
	}
}

static const char *const en[] = {
	"The river ran slowly past the old mill, and nobody in the village",
	"could remember when it had last flooded the lower fields. In the",
	"evenings the miller sat on the bench by the door and watched the",
	"light go out of the water, saying nothing to anybody who passed.",
};

/* Hard-wrapped English paragraphs (lines under 70 columns), blank lines
 * between them. */
static void
fx_en_body(struct fx *f, int paras)
{
	for (int p = 0; p < paras; p++) {
		for (int k = 0; k < 4; k++)
			fx_add(f, en[k]);
		fx_add(f, "");
	}
}

static struct outline *
run_opts(const char *text, size_t len, const struct outline_opts *opts)
{
	struct outline	*o;
	char		*cause = NULL;
	size_t		 s = 0, end, l;
	const char	*nl;

	o = outline_new(opts, &cause);
	assert_non_null(o);
	while (s < len) {
		nl = memchr(text + s, '\n', len - s);
		end = nl != NULL ? (size_t)(nl - text) : len;
		l = end - s;
		if (l > 0 && text[s + l - 1] == '\r')
			l--;
		outline_feed(o, s, text + s, l);
		s = nl != NULL ? end + 1 : len;
	}
	outline_finish(o, len);
	return o;
}

static struct outline *
run(const struct fx *f)
{
	struct outline_opts	opts = { 0 };

	return run_opts(f->s, f->n, &opts);
}

static void
dump(const struct outline *o)
{
	for (size_t i = 0; i < outline_count(o); i++) {
		const struct outline_section *s = outline_get(o, i);

		fprintf(stderr, "# %d\t%zu\t%s\t(%s)\n", s->level, s->lineno,
		    s->title, s->family);
	}
}

/* The outline has exactly the fixture's headings, and sane ranges. */
static void
check(const struct outline *o, const struct fx *f)
{
	if (outline_count(o) != f->nexp)
		dump(o);
	assert_int_equal(outline_count(o), f->nexp);
	for (size_t i = 0; i < f->nexp; i++) {
		const struct outline_section *s = outline_get(o, i);

		if (s->lineno != f->exp[i].lineno ||
		    s->level != f->exp[i].level ||
		    strcmp(s->title, f->exp[i].title) != 0)
			dump(o);
		assert_int_equal(s->lineno, f->exp[i].lineno);
		assert_int_equal(s->level, f->exp[i].level);
		assert_string_equal(s->title, f->exp[i].title);
		assert_true(s->end > s->off);
		assert_true(i + 1 == f->nexp ? s->end == f->n :
		    s->end == outline_get(o, i + 1)->off);
	}
}

static void
fx_free(struct fx *f)
{
	free(f->s);
}

/* ---------------------------------------------------------------------- */

static void
test_degenerate(void **state)
{
	struct outline	*o;
	char		*cause = NULL;

	(void)state;
	outline_free(NULL);
	assert_int_equal(outline_count(NULL), 0);
	assert_null(outline_get(NULL, 0));
	assert_int_equal(outline_at(NULL, 0), -1);
	assert_int_equal(outline_find_heading(NULL, 0), -1);
	assert_true(outline_minutes_left(NULL, 0, 1, 0, 0) == 0);
	outline_feed(NULL, 0, "x", 1);
	outline_finish(NULL, 0);

	/* No lines at all. */
	o = outline_new(NULL, &cause);
	assert_non_null(o);
	outline_finish(o, 0);
	assert_int_equal(outline_count(o), 0);
	assert_null(outline_get(o, 0));
	assert_int_equal(outline_at(o, 0), -1);
	assert_int_equal(outline_find_heading(o, 0), -1);
	assert_true(outline_minutes_left(o, 0, 0, 0, 0) == 0);
	/* Feeding after finish is ignored. */
	outline_feed(o, 0, "第一章 开始", strlen("第一章 开始"));
	assert_int_equal(outline_count(o), 0);
	outline_free(o);

	/* Empty and blank lines only. */
	o = run_opts("\n\n　　\n \t\n", 9, NULL);
	assert_int_equal(outline_count(o), 0);
	outline_free(o);
}

/* The article's headings are the lines of tests/data/article.toc: guessed,
 * level 1, with their titles; the traps around them make none. */
static void
article_check(const char *text, size_t len)
{
	const char		*titles[8];
	char			*toc;
	size_t			 lines[8], n;
	struct outline		*o = run_opts(text, len, NULL);

	n = test_article_toc(&toc, lines, titles, 8);
	assert_int_equal(n, 3);
	if (outline_count(o) != n)
		dump(o);
	assert_int_equal(outline_count(o), n);
	for (size_t i = 0; i < n; i++) {
		const struct outline_section *s = outline_get(o, i);

		assert_int_equal(s->level, 1);
		assert_int_equal(s->lineno, lines[i]);
		assert_string_equal(s->title, titles[i]);
		assert_string_equal(s->family, "guess");
		assert_true(s->minutes > 0.5 && s->minutes < 10);
		assert_int_equal(outline_find_heading(o, s->off), (ssize_t)i);
	}
	assert_int_equal(outline_get(o, n - 1)->end, len);
	assert_int_equal(outline_at(o, 0), -1);	/* preamble */
	outline_free(o);
	free(toc);
}

/* The acceptance test: the project's web paste (SECTIONS.md §9.1), LF and
 * CRLF. */
static void
test_article(void **state)
{
	char	*text, *crlf;
	size_t	 len = 0, n = 0;

	(void)state;
	text = test_slurp(TEST_ARTICLE, &len);
	assert_non_null(text);
	article_check(text, len);
	crlf = xmalloc(len * 2 + 1);
	for (size_t i = 0; i < len; i++) {
		if (text[i] == '\n')
			crlf[n++] = '\r';
		crlf[n++] = text[i];
	}
	article_check(crlf, n);
	free(crlf);
	free(text);
}

/* Chinese chapters with titles, a preamble, and full-width spaces. */
static void
test_chapter(void **state)
{
	struct fx	 f = { 0 };
	struct outline	*o;
	char		 line[64];
	static const char *const num[] = { "一", "二", "三", "四", "五", "六" };

	(void)state;
	fx_add(&f, "　　内容简介：一个关于河流的故事");
	fx_body(&f, 2);
	for (int i = 0; i < 6; i++) {
		snprintf(line, sizeof line, "　　第%s章　河边%s", num[i], num[i]);
		char	title[64];

		snprintf(title, sizeof title, "第%s章 河边%s", num[i], num[i]);
		fx_head(&f, 1, line, title);
		fx_body(&f, 4);
	}
	o = run(&f);
	check(o, &f);
	assert_string_equal(outline_get(o, 0)->family, "chapter");
	assert_int_equal(outline_at(o, 0), -1);
	fx_free(&f);
	outline_free(o);
}

/* §9.2: body lines that start like a heading are no headings. */
static void
test_body_like_heading(void **state)
{
	struct fx	 f = { 0 };
	struct outline	*o;
	char		 line[64];

	(void)state;
	for (int i = 1; i <= 5; i++) {
		snprintf(line, sizeof line, "第%d回 风起", i);
		fx_head(&f, 1, line, NULL);
		fx_body(&f, 2);
		fx_add(&f, "第三回中已经说过……");
		fx_add(&f, "第3名");
		fx_add(&f, "第10届运动会");
		fx_add(&f, "一是加强管理，二是落实责任");
		fx_add(&f, "40多岁");
		fx_add(&f, "三　不得擅自离开岗位……");
		fx_add(&f, "第一节课");
		fx_body(&f, 2);
	}
	o = run(&f);
	check(o, &f);
	fx_free(&f);
	outline_free(o);
}

/* 第X节 under 第X章: two levels of the chapter kind. */
static void
test_chapter_sections(void **state)
{
	struct fx	 f = { 0 };
	struct outline	*o;
	char		 line[64];

	(void)state;
	for (int c = 1; c <= 3; c++) {
		snprintf(line, sizeof line, "第%d章 总论", c);
		fx_head(&f, 1, line, NULL);
		fx_body(&f, 1);
		for (int s = 1; s <= 2; s++) {
			snprintf(line, sizeof line, "第%d节 方法", s);
			fx_head(&f, 2, line, NULL);
			fx_body(&f, 3);
		}
	}
	o = run(&f);
	check(o, &f);
	assert_string_equal(outline_get(o, 1)->family, "section");
	fx_free(&f);
	outline_free(o);
}

/* §9.2: consecutive list items (1. 2. 3. with no body between) and a
 * numbered reference list are no sections. */
static void
test_list_items(void **state)
{
	struct fx	 f = { 0 };
	struct outline	*o;
	char		 line[64];

	(void)state;
	for (int l = 0; l < 4; l++) {
		fx_body(&f, 4);
		for (int i = 1; i <= (l < 2 ? 2 : 4); i++) {
			snprintf(line, sizeof line, "%d. 打开设置页面", i);
			fx_add(&f, line);
		}
	}
	fx_add(&f, "参考文献");
	for (int i = 1; i <= 5; i++) {
		snprintf(line, sizeof line, "%d. 张三 河流志 北京出版社", i);
		fx_add(&f, line);
	}
	o = run(&f);
	check(o, &f);
	fx_free(&f);
	outline_free(o);
}

/* §9.6: verse without punctuation inside a web paste is not a heading;
 * a table of contents of the section titles at the top is dropped. */
static void
test_web_paste_verse_and_toc(void **state)
{
	static const char *const heads[] = { "河流、村庄与远方的人",
	    "为什么说,我们都需要一条河?", "记忆的对冲:老磨坊的故事" };
	static const char *const verse[] = { "我们走在长长的河岸上",
	    "风从很远的地方吹来", "没有人回头" };
	struct fx	 f = { 0 };
	struct outline	*o;

	(void)state;
	fx_add(&f, "导语：这是一篇关于河流的文章");
	for (size_t i = 0; i < 3; i++)
		fx_add(&f, heads[i]);
	fx_body(&f, 3);
	for (size_t i = 0; i < 3; i++) {
		fx_head(&f, 1, heads[i], NULL);
		fx_body(&f, 3);
		for (size_t k = 0; k < 3; k++)
			fx_add(&f, verse[k]);
		fx_body(&f, 3);
	}
	o = run(&f);
	check(o, &f);
	fx_free(&f);
	outline_free(o);
}

/* §5: a single hit that breaks the sequence is dropped. */
static void
test_sequence_intruder(void **state)
{
	struct fx	 f = { 0 };
	struct outline	*o;
	char		 line[64];

	(void)state;
	for (int i = 1; i <= 5; i++) {
		snprintf(line, sizeof line, "第%d章 雪夜", i);
		fx_head(&f, 1, line, NULL);
		fx_body(&f, 3);
		if (i == 2) {
			fx_add(&f, "第九章 提到的那件事");	/* an intruder */
			fx_body(&f, 3);
		}
	}
	o = run(&f);
	check(o, &f);
	fx_free(&f);
	outline_free(o);
}

/* §9.3: a table of contents with dotted leaders, and one without. */
static void
test_toc(void **state)
{
	struct fx	 f = { 0 }, g = { 0 };
	struct outline	*o;
	char		 line[64];

	(void)state;
	fx_add(&f, "目录");
	for (int i = 1; i <= 5; i++) {
		snprintf(line, sizeof line, "第%d章 春水……%d", i, i * 7);
		fx_add(&f, line);
	}
	fx_add(&g, "目录");
	for (int i = 1; i <= 5; i++) {
		snprintf(line, sizeof line, "第%d章 春水", i);
		fx_add(&g, line);
	}
	fx_body(&f, 1);
	fx_body(&g, 1);
	for (int i = 1; i <= 5; i++) {
		snprintf(line, sizeof line, "第%d章 春水", i);
		fx_head(&f, 1, line, NULL);
		fx_head(&g, 1, line, NULL);
		fx_body(&f, 4);
		fx_body(&g, 4);
	}
	o = run(&f);
	check(o, &f);
	outline_free(o);
	o = run(&g);
	check(o, &g);
	outline_free(o);
	fx_free(&f);
	fx_free(&g);
}

/* §9.4: a bare label takes the next line (past a rule) as its title; the
 * same label twice is one heading. */
static void
test_split_and_duplicate(void **state)
{
	struct fx	 f = { 0 };
	struct outline	*o;
	static const char *const num[] = { "一", "二", "三", "四" };
	static const char *const tt[] = { "甄士隐梦幻识通灵", "贾夫人仙逝扬州城",
	    "托内兄如海荐西宾", "薄命女偏逢薄命郎" };
	char		 line[64], title[128];

	(void)state;
	for (int i = 0; i < 4; i++) {
		snprintf(line, sizeof line, "第%s回", num[i]);
		snprintf(title, sizeof title, "第%s回 %s", num[i], tt[i]);
		fx_head(&f, 1, line, title);
		if (i == 1)
			fx_add(&f, line);	/* the same line twice */
		if (i == 2)
			fx_add(&f, "-----");
		fx_add(&f, "");
		fx_add(&f, tt[i]);
		fx_add(&f, "");
		fx_body(&f, 4);
	}
	o = run(&f);
	check(o, &f);
	fx_free(&f);
	outline_free(o);
}

/* English: CHAPTER I. + title on the next line, PART + CHAPTER levels,
 * a Roman numeral or a number word. */
static void
test_english(void **state)
{
	struct fx	 f = { 0 };
	struct outline	*o;
	static const char *const rn[] = { "I", "II", "III", "IV" };
	static const char *const tt[] = { "Down the Rabbit-Hole",
	    "The Pool of Tears", "A Caucus-Race and a Long Tale",
	    "The Rabbit Sends in a Little Bill" };
	char		 line[64], title[128];

	(void)state;
	fx_add(&f, "ALICE'S ADVENTURES");
	fx_add(&f, "");
	fx_head(&f, 1, "PART ONE", NULL);
	fx_add(&f, "");
	for (int i = 0; i < 4; i++) {
		if (i == 2) {
			fx_head(&f, 1, "PART TWO", NULL);
			fx_add(&f, "");
		}
		snprintf(line, sizeof line, "CHAPTER %s.", rn[i]);
		snprintf(title, sizeof title, "CHAPTER %s. %s", rn[i], tt[i]);
		fx_head(&f, 2, line, title);
		fx_add(&f, "");
		fx_add(&f, tt[i]);
		fx_add(&f, "");
		fx_en_body(&f, 4);
	}
	o = run(&f);
	check(o, &f);
	assert_string_equal(outline_get(o, 1)->family, "en-chapter");
	fx_free(&f);
	outline_free(o);
}

/* §9.5: hard-wrapped English without markers: centred, blank-isolated
 * headings come from stage 3; a right-aligned date line does not. */
static void
test_hardwrapped_centred(void **state)
{
	struct fx	 f = { 0 };
	struct outline	*o;
	static const char *const tt[] = { "THE MILL", "WINTER", "THE FLOOD",
	    "AFTERWARDS" };
	char		 line[128];

	(void)state;
	fx_en_body(&f, 2);
	for (int i = 0; i < 4; i++) {
		snprintf(line, sizeof line, "%*s%s", 30, "", tt[i]);
		fx_head(&f, 1, line, tt[i]);
		fx_add(&f, "");
		fx_en_body(&f, 5);
	}
	fx_add(&f, "                                            May 2008");
	fx_add(&f, "");
	o = run(&f);
	check(o, &f);
	assert_string_equal(outline_get(o, 0)->family, "guess");
	fx_free(&f);
	outline_free(o);
}

/* Paragraphs as fx_body() makes them, hard-wrapped at 36 characters (all
 * of zh[] is 3-byte UTF-8), no blank lines, no indent; the last line of
 * each is short and ends with '。'. */
static void
fx_body_wrapped(struct fx *f, int paras, int shift)
{
	char	para[1024], line[128];
	size_t	n, k;

	for (int p = 0; p < paras; p++) {
		para[0] = '\0';
		for (int i = 0; i < 2 + (p + shift) % 3; i++)
			strcat(para, zh[(p + i + shift) % 5]);
		for (n = strlen(para), k = 0; k < n; k += 108) {
			snprintf(line, sizeof line, "%.*s",
			    (int)(n - k < 108 ? n - k : 108), para + k);
			fx_add(f, line);
		}
	}
}

/* §9.5: the headings of a hard-wrapped web article with neither blank
 * lines nor indents stand out only against the wrap width: a line well
 * short of it, after a paragraph's end, not ending like a sentence. */
static void
test_hardwrapped_web(void **state)
{
	static const char *const heads[] = { "河流、村庄与远方的人",
	    "为什么说,我们都需要一条河?", "记忆的对冲:老磨坊的故事" };
	struct fx	 f = { 0 };
	struct outline	*o;

	(void)state;
	fx_body_wrapped(&f, 3, 0);
	for (int i = 0; i < 3; i++) {
		fx_head(&f, 1, heads[i], NULL);
		fx_body_wrapped(&f, 4, i);
		fx_add(&f, "“没有。”");
		fx_body_wrapped(&f, 3, i + 1);
	}
	o = run(&f);
	check(o, &f);
	fx_free(&f);
	outline_free(o);
}

/* A web paste in the article's style: one paragraph per line, no blank lines. */
static void
web_paste(struct fx *f, const char *const *heads, size_t nheads,
    const char *const *traps, size_t ntraps)
{
	fx_add(f, "导语：这是一篇关于河流的文章");
	fx_body(f, 3);
	for (size_t i = 0; i < nheads; i++) {
		fx_head(f, 1, heads[i], NULL);
		fx_body(f, 3);
		for (size_t k = 0; k < ntraps; k++) {
			fx_add(f, traps[k]);
			fx_body(f, 2);
		}
	}
}

/* §9.6 and §6: dialogue, rhetorical questions with a pronoun, sentences,
 * colons; the title punctuation and the short line before a long one. */
static void
test_web_paste_traps(void **state)
{
	static const char *const heads[] = { "河流、村庄与远方的人",
	    "为什么说,我们都需要一条河?", "记忆的对冲:老磨坊的故事" };
	static const char *const traps[] = { "“没有。”", "这到底意味着什么?",
	    "但这重要吗?不重要。", "事情是这样的:", "这是一个复杂的问题。",
	    "「ええ」" };
	struct fx	 f = { 0 };
	struct outline	*o;

	(void)state;
	web_paste(&f, heads, 3, traps, 6);
	o = run(&f);
	check(o, &f);
	fx_free(&f);
	outline_free(o);
}

/* §9.10: editorial furniture never makes a heading. */
static void
test_furniture(void **state)
{
	static const char *const heads[] = { "河流、村庄与远方的人",
	    "记忆的对冲:老磨坊的故事", "归来:冬天里的一场雪" };
	static const char *const traps[] = { "作者:张三", "via:example",
	    "![]()", "特别声明:本文仅代表作者观点", "Notice: user upload",
	    "⑴ 本文原载于某杂志", "译者:李四" };
	struct fx	 f = { 0 };
	struct outline	*o;

	(void)state;
	web_paste(&f, heads, 3, traps, 7);
	o = run(&f);
	check(o, &f);
	fx_free(&f);
	outline_free(o);
}

/* Each needle furniture() looks for anywhere in a line (it searches them
 * in one pass by their first bytes) keeps out a line that stage 3 would
 * otherwise take: without furniture() every trap here is a heading. */
static void
test_furniture_anywhere(void **state)
{
	static const char *const heads[] = { "河流、村庄与远方的人",
	    "记忆的对冲:老磨坊的故事", "归来:冬天里的一场雪" };
	static const char *const traps[] = { "山谷、田野与![远方的树",
	    "山谷、田野与](远方的树", "山谷、田野与://远方的树",
	    "山谷、田野与www.远方的树", "山谷、田野与特别声明的树",
	    "山谷、田野与Notice:远方的树", "山谷、田野与本文由远方的树",
	    "山谷、田野与责任编辑的树", "山谷、田野与原标题的树",
	    "山谷、田野与免责声明的树", "山谷、田野与版权的树",
	    "山谷、田野与Copyright的树", "山谷、田野与©远方的树",
	    "山谷、田野与全文完的树", "山谷、田野与正文完的树" };
	struct fx	 f = { 0 };
	struct outline	*o;
	size_t		 k;

	(void)state;
	/* Each trap once: a repeated line is dropped as a running header. */
	fx_add(&f, "导语：这是一篇关于河流的文章");
	fx_body(&f, 3);
	for (k = 0; k < sizeof traps / sizeof traps[0]; k++) {
		if (k % 5 == 0) {
			fx_head(&f, 1, heads[k / 5], NULL);
			fx_body(&f, 3);
		}
		fx_add(&f, traps[k]);
		fx_body(&f, 4);
	}
	o = run(&f);
	check(o, &f);
	fx_free(&f);
	outline_free(o);
}

/* No sections is better than wrong sections: plain prose, a short text. */
static void
test_nothing(void **state)
{
	struct fx	 f = { 0 }, g = { 0 };
	struct outline	*o;

	(void)state;
	fx_body(&f, 40);
	o = run(&f);
	check(o, &f);
	outline_free(o);
	/* Under 1,500 characters stage 3 does not guess. */
	fx_add(&g, "河流、村庄与远方的人");
	fx_body(&g, 1);
	fx_add(&g, "记忆的对冲:老磨坊的故事");
	fx_body(&g, 1);
	o = run(&g);
	check(o, &g);
	outline_free(o);
	fx_free(&f);
	fx_free(&g);
}

/* §9.7: Markdown look-alikes in plain text stay plain. */
static void
test_markdown_lookalikes(void **state)
{
	struct fx		 f = { 0 };
	struct outline		*o;
	struct outline_opts	 opts = { .markdown = -1 };
	char			 line[64];

	(void)state;
	for (int i = 1; i <= 4; i++) {
		snprintf(line, sizeof line, "第%d章 雨", i);
		fx_head(&f, 1, line, NULL);
		fx_add(&f, "-----");
		fx_body(&f, 3);
		fx_add(&f, "* * *");
		fx_add(&f, "#include <stdio.h>");
		fx_body(&f, 2);
	}
	o = run(&f);
	check(o, &f);
	outline_free(o);
	o = run_opts(f.s, f.n, &opts);
	check(o, &f);
	assert_false(outline_is_markdown(o));
	outline_free(o);
	fx_free(&f);
}

/* Markdown: ATX and setext levels from the markup, fences skipped, #标题. */
static void
test_markdown(void **state)
{
	struct fx		 f = { 0 };
	struct outline		*o;
	struct outline_opts	 md = { .markdown = 1 }, detect = { .markdown = -1 };

	(void)state;
	fx_head(&f, 1, "# 河流的故事", "河流的故事");
	fx_add(&f, "");
	fx_body(&f, 2);
	fx_add(&f, "");
	fx_head(&f, 2, "## 第一部分 ##", "第一部分");
	fx_add(&f, "");
	fx_add(&f, "```c");
	fx_add(&f, "# not a heading");
	fx_add(&f, "#include <stdio.h>");
	fx_add(&f, "```");
	fx_add(&f, "");
	fx_add(&f, "见[链接](http://example.com)。");
	fx_add(&f, "");
	fx_head(&f, 2, "第二部分", NULL);
	fx_add(&f, "--------");
	fx_add(&f, "");
	fx_body(&f, 2);
	fx_add(&f, "");
	fx_head(&f, 3, "###第三节", "第三节");
	fx_body(&f, 2);
	o = run_opts(f.s, f.n, &md);
	check(o, &f);
	assert_string_equal(outline_get(o, 0)->family, "markdown");
	outline_free(o);
	o = run_opts(f.s, f.n, &detect);
	check(o, &f);
	assert_true(outline_is_markdown(o));
	outline_free(o);
	fx_free(&f);
}

/* A title longer than the outline keeps (TEXT_MAX, 256 bytes) is cut at a
 * character, from an ATX line and from the line a setext underline makes a
 * heading: 85 characters of three bytes, the 86th would end at byte 258. */
static void
test_long_title(void **state)
{
	struct outline_opts	 md = { .markdown = 1 };
	struct outline		*o;
	char			 text[1024];
	const char		*t;
	size_t			 n, i;

	(void)state;
	n = (size_t)sprintf(text, "# ");
	for (i = 0; i < 100; i++)
		n += (size_t)sprintf(text + n, "章");
	n += (size_t)sprintf(text + n, "\n\nbody\n\n");
	for (i = 0; i < 100; i++)
		n += (size_t)sprintf(text + n, "节");
	n += (size_t)sprintf(text + n, "\n===\n");
	o = run_opts(text, n, &md);
	assert_int_equal(outline_count(o), 2);
	for (i = 0; i < 2; i++) {
		t = outline_get(o, i)->title;
		assert_int_equal(ustr_count_invalid(t, strlen(t)), 0);
		assert_int_equal(strlen(t), 255);
	}
	outline_free(o);
}

/* §9.8, §9.9: full-width digits, digit-by-digit numerals, 第001章, 两. */
static void
test_numerals(void **state)
{
	struct fx	 f = { 0 }, g = { 0 }, h = { 0 };
	struct outline	*o;
	static const char *const fw[] = { "第１０章　风", "第１１章　雨",
	    "第１２章　雪", "第１３章　霜" };
	static const char *const dd[] = { "第一零四回 甲", "第一零五回 乙",
	    "第一零六回 丙", "第一百零七回 丁" };
	static const char *const zp[] = { "第001章 一", "第002章 二",
	    "第003章 三", "第四章 四" };
	static const char *const fwt[] = { "第１０章 风", "第１１章 雨",
	    "第１２章 雪", "第１３章 霜" };

	(void)state;
	for (int i = 0; i < 4; i++) {
		fx_head(&f, 1, fw[i], fwt[i]);
		fx_body(&f, 4);
		fx_head(&g, 1, dd[i], NULL);
		fx_body(&g, 4);
		fx_head(&h, 1, zp[i], NULL);
		fx_body(&h, 4);
	}
	o = run(&f);
	check(o, &f);
	outline_free(o);
	o = run(&g);
	check(o, &g);
	outline_free(o);
	o = run(&h);
	check(o, &h);
	outline_free(o);
	fx_free(&f);
	fx_free(&g);
	fx_free(&h);
}

/* §9.9: chapters restart in each volume; volumes are one level up. */
static void
test_volume_restart(void **state)
{
	struct fx	 f = { 0 };
	struct outline	*o;
	char		 line[64];

	(void)state;
	for (int v = 1; v <= 2; v++) {
		snprintf(line, sizeof line, "第%d卷 %s", v, v == 1 ? "春" : "秋");
		fx_head(&f, 1, line, NULL);
		fx_add(&f, "");
		for (int c = 1; c <= 3; c++) {
			snprintf(line, sizeof line, "第%d章 路", c);
			fx_head(&f, 2, line, NULL);
			fx_body(&f, 4);
		}
	}
	o = run(&f);
	check(o, &f);
	assert_string_equal(outline_get(o, 0)->family, "volume");
	fx_free(&f);
	outline_free(o);
}

/* §9.11: a volume and a chapter on one line. */
static void
test_volume_chapter_line(void **state)
{
	struct fx	 f = { 0 };
	struct outline	*o;
	static const char *const lines[] = { "第一卷 笼中雀 第一章 惊蛰",
	    "第一卷 笼中雀 第二章 开门", "第一卷 笼中雀 第三章 日出",
	    "第二卷 山水郎 第四章 雨水" };
	size_t		 n = 0;

	(void)state;
	for (int i = 0; i < 4; i++) {
		fx_add(&f, lines[i]);
		fx_body(&f, 4);
	}
	o = run(&f);
	assert_int_equal(outline_count(o), 6);
	static const struct { int level; size_t line; const char *t; } want[] = {
		{ 1, 1, "第一卷 笼中雀" }, { 2, 1, "第一章 惊蛰" },
		{ 2, 6, "第二章 开门" }, { 2, 11, "第三章 日出" },
		{ 1, 16, "第二卷 山水郎" }, { 2, 16, "第四章 雨水" },
	};
	for (size_t i = 0; i < 6; i++) {
		const struct outline_section *s = outline_get(o, i);

		assert_int_equal(s->level, want[i].level);
		assert_int_equal(s->lineno, want[i].line);
		assert_string_equal(s->title, want[i].t);
		if (i > 0)
			assert_true(s->off > outline_get(o, i - 1)->off);
		n++;
	}
	/* The chapter part starts inside the line. */
	assert_int_equal(outline_get(o, 1)->off,
	    strlen("第一卷 笼中雀 "));
	assert_int_equal(n, 6);
	fx_free(&f);
	outline_free(o);
}

/* Outline numbering: 一、 （一） 1. and levels in that order. */
static void
test_outline_numbering(void **state)
{
	struct fx	 f = { 0 };
	struct outline	*o;
	static const char *const cn[] = { "一", "二", "三" };
	char		 line[64];

	(void)state;
	fx_add(&f, "关于河道整治工作的报告");
	fx_body(&f, 1);
	for (int i = 0; i < 3; i++) {
		snprintf(line, sizeof line, "%s、总体情况", cn[i]);
		fx_head(&f, 1, line, NULL);
		fx_body(&f, 1);
		for (int k = 0; k < 2; k++) {
			snprintf(line, sizeof line, "（%s）具体措施", cn[k]);
			fx_head(&f, 2, line, NULL);
			fx_body(&f, 2);
			snprintf(line, sizeof line, "%d. 落实到位", 1);
			fx_head(&f, 3, line, NULL);
			fx_body(&f, 2);
			snprintf(line, sizeof line, "%d. 检查验收", 2);
			fx_head(&f, 3, line, NULL);
			fx_body(&f, 2);
		}
	}
	o = run(&f);
	check(o, &f);
	fx_free(&f);
	outline_free(o);
}

/* 1.1 1.2 2.1 dotted numbering, and （1）. */
static void
test_dotted(void **state)
{
	struct fx	 f = { 0 };
	struct outline	*o;
	char		 line[64];

	(void)state;
	for (int i = 1; i <= 3; i++)
		for (int k = 1; k <= 2; k++) {
			snprintf(line, sizeof line, "%d.%d 河道测量", i, k);
			fx_head(&f, 1, line, NULL);
			fx_body(&f, 1);
			snprintf(line, sizeof line, "（1）准备");
			fx_head(&f, 2, line, NULL);
			fx_body(&f, 2);
			snprintf(line, sizeof line, "（2）实施");
			fx_head(&f, 2, line, NULL);
			fx_body(&f, 2);
		}
	o = run(&f);
	check(o, &f);
	fx_free(&f);
	outline_free(o);
}

/* Japanese: 第X話, parts 上 中 下, a bare kanji numeral line. */
static void
test_japanese(void **state)
{
	struct fx	 f = { 0 }, g = { 0 };
	struct outline	*o;
	static const char *const kn[] = { "一", "二", "三", "四" };
	static const char *const part[] = { "上　先生と私", "中　両親と私",
	    "下　先生と遺書" };
	static const char *const partt[] = { "上 先生と私", "中 両親と私",
	    "下 先生と遺書" };
	char		 line[64];

	(void)state;
	for (int p = 0; p < 3; p++) {
		fx_head(&f, 1, part[p], partt[p]);
		for (int i = 0; i < 3; i++) {
			fx_head(&f, 2, kn[i], NULL);
			fx_body(&f, 4);
		}
	}
	for (int i = 0; i < 4; i++) {
		snprintf(line, sizeof line, "第%s話 はじまり", kn[i]);
		fx_head(&g, 1, line, NULL);
		fx_body(&g, 4);
	}
	o = run(&f);
	check(o, &f);
	outline_free(o);
	o = run(&g);
	check(o, &g);
	outline_free(o);
	fx_free(&f);
	fx_free(&g);
}

/* Bare numbers need a sequence; numbers out of order are no headings. */
static void
test_bare_numbers(void **state)
{
	struct fx	 f = { 0 }, g = { 0 };
	struct outline	*o;
	char		 line[16];
	static const int random[] = { 7, 42, 3, 19, 88 };

	(void)state;
	for (int i = 1; i <= 5; i++) {
		snprintf(line, sizeof line, "%d", i);
		fx_head(&f, 1, line, NULL);
		fx_body(&f, 4);
		snprintf(line, sizeof line, "%d", random[i - 1]);
		fx_add(&g, line);
		fx_body(&g, 4);
	}
	o = run(&f);
	check(o, &f);
	outline_free(o);
	o = run(&g);
	check(o, &g);
	outline_free(o);
	fx_free(&f);
	fx_free(&g);
}

/* Keywords join the chapter family; titles glued to the unit count once
 * the book is consistent about them. */
static void
test_keywords_and_glued(void **state)
{
	struct fx	 f = { 0 }, g = { 0 };
	struct outline	*o;
	static const char *const num[] = { "一", "二", "三", "四" };
	static const char *const tt[] = { "惊蛰", "春分", "清明", "谷雨" };
	char		 line[64];

	(void)state;
	fx_head(&f, 1, "楔子", NULL);
	fx_body(&f, 4);
	fx_head(&g, 1, "序章：雪", NULL);
	fx_body(&g, 4);
	for (int i = 0; i < 4; i++) {
		snprintf(line, sizeof line, "第%s章 %s", num[i], tt[i]);
		fx_head(&f, 1, line, NULL);
		fx_body(&f, 4);
		snprintf(line, sizeof line, "第%s章%s", num[i], tt[i]);
		fx_head(&g, 1, line, NULL);
		fx_body(&g, 4);
	}
	fx_head(&f, 1, "后记", NULL);
	fx_body(&f, 2);
	o = run(&f);
	check(o, &f);
	outline_free(o);
	o = run(&g);
	check(o, &g);
	outline_free(o);
	fx_free(&f);
	fx_free(&g);
}

/* Aozora Bunko heading annotations. */
static void
test_aozora(void **state)
{
	struct fx	 f = { 0 };
	struct outline	*o;

	(void)state;
	fx_head(&f, 1, "上［＃「上」は大見出し］", "上");
	fx_body(&f, 2);
	fx_head(&f, 2, "［＃中見出し］一［＃中見出し終わり］", "一");
	fx_body(&f, 2);
	fx_head(&f, 2, "二［＃「二」は中見出し］", "二");
	fx_body(&f, 2);
	o = run(&f);
	check(o, &f);
	assert_string_equal(outline_get(o, 0)->family, "aozora");
	fx_free(&f);
	outline_free(o);
}

/* --headings=REGEX replaces detection; a bad one is refused; none. */
static void
test_regex_and_none(void **state)
{
	struct fx		 f = { 0 };
	struct outline		*o;
	struct outline_opts	 opts = { .regex = "^=+ .* =+$" };
	struct outline_opts	 bad = { .regex = "(" }, none = { .none = 1 };
	char			*cause = NULL;

	(void)state;
	setlocale(LC_ALL, "C.UTF-8");
	fx_add(&f, "第一章 不是标题");
	fx_body(&f, 3);
	fx_head(&f, 1, "== 河流 ==", NULL);
	fx_body(&f, 3);
	fx_add(&f, "第二章 不是标题");
	fx_head(&f, 1, "=== 远方 ===", NULL);
	fx_body(&f, 3);
	o = run_opts(f.s, f.n, &opts);
	check(o, &f);
	assert_string_equal(outline_get(o, 0)->family, "regex");
	outline_free(o);

	assert_null(outline_new(&bad, &cause));
	assert_non_null(cause);
	assert_non_null(strstr(cause, "regex"));
	free(cause);

	o = run_opts(f.s, f.n, &none);
	assert_int_equal(outline_count(o), 0);
	/* Reading time still covers the whole text. */
	assert_true(outline_minutes_left(o, 0, 0, 0, 0) > 1);
	outline_free(o);
	fx_free(&f);
}

/* The reading-time counters, CJK characters and Latin words, over lines
 * of every kind of character at every length (the counting takes sixteen
 * bytes at a time where it can, one character at a time elsewhere, and
 * sums its lanes every 255 blocks), against counts made here from code
 * points: CJK is U+3040..9FFF, Hangul syllables, compatibility ideographs
 * and U+20000..3FFFF; a word is a run of ASCII letters and digits and
 * U+0080..07FF. */
static void
test_reading_counts(void **state)
{
	static const char *const piece[] = { "中", "龍", "。", "、", "　", "ぁ",
	    "ア", "“", "”", "—", "…", "，", "（", "～", "ｱ", "⺀", "한", "豈",
	    "𠀀", "😀", "é", "ж", "·", "a", "Z", "7", "x9", " ", "\t", ",", ":",
	    "%", "\x1A", "\x7F", "\xC2\x80", "\xDF\xBF" };
	struct outline_opts	 none = { .none = 1 };
	struct outline		*o;
	struct fx		 f;
	char			 line[6000];
	size_t			 n, len, i, cjk = 0, words = 0, l, want;
	uint32_t		 cp;
	unsigned		 seed = 7;
	int			 letter, inword;

	(void)state;
	memset(&f, 0, sizeof f);
	for (l = 0; l < 400; l++) {
		want = l % 50 == 0 ? 5000 : (size_t)rand_r(&seed) % 300;
		for (n = 0; n < want; n += len) {
			/* Mostly Chinese, or mostly ASCII, or anything. */
			i = (size_t)rand_r(&seed) % 10;
			if (l % 3 == 0 && i < 7)
				i = i < 5 ? 0 : 11;
			else if (l % 3 == 1 && i < 7)
				i = 23 + i % 4;
			else
				i = (size_t)rand_r(&seed) %
				    (sizeof piece / sizeof piece[0]);
			len = strlen(piece[i]);
			memcpy(line + n, piece[i], len);
		}
		line[n] = '\0';
		fx_add(&f, line);
		for (i = 0, inword = 0; i < n; i += len) {
			len = ustr_decode(line + i, n - i, &cp);
			cjk += (cp >= 0x3040 && cp <= 0x9FFF) ||
			    (cp >= 0xAC00 && cp <= 0xD7BF) ||
			    (cp >= 0xF900 && cp <= 0xFAFF) ||
			    (cp >= 0x20000 && cp <= 0x3FFFF);
			letter = (cp < 0x80 && isalnum((int)cp)) ||
			    (cp >= 0x80 && cp < 0x800);
			words += letter && !inword;
			inword = letter;
		}
	}
	o = run_opts(f.s, f.n, &none);
	/* No sections: the whole text, at 1 a minute of one kind and
	 * INT_MAX of the other. */
	assert_int_equal((size_t)(outline_minutes_left(o, 0, 0, 1, INT_MAX) +
	    0.5), cjk);
	assert_int_equal((size_t)(outline_minutes_left(o, 0, 0, INT_MAX, 1) +
	    0.5), words);
	/* Enough of both that a counting slip would show. */
	assert_true(cjk > 5000 && words > 5000);
	outline_free(o);
	fx_free(&f);
}

/* A 4 MB line without a newline, and lines with invalid bytes. */
static void
test_huge_line(void **state)
{
	size_t		 n = 4 << 20;
	char		*s = xmalloc(n);
	struct outline	*o;

	(void)state;
	for (size_t i = 0; i + 3 <= n; i += 3)
		memcpy(s + i, "河", 3);
	s[n - 1] = 0x1A;
	o = run_opts(s, n, NULL);
	assert_int_equal(outline_count(o), 0);
	/* 4 MB / 3 bytes of CJK at 400 a minute. */
	assert_true(outline_minutes_left(o, 0, 0, 0, 0) > 3000);
	outline_free(o);
	memcpy(s, "第一章 \x1A\n", 9);
	o = run_opts(s, 9, NULL);
	assert_int_equal(outline_count(o), 0);
	outline_free(o);
	free(s);
}

/* 100,000 chapters: bounded, and all found. */
static void
test_many_headings(void **state)
{
	size_t		 cap = 100000 * 400, n = 0;
	char		*s = xmalloc(cap);
	struct outline	*o;

	(void)state;
	for (int i = 1; i <= 100000; i++)
		n += (size_t)snprintf(s + n, cap - n, "第%d章 路\n%s%s\n", i,
		    zh[i % 5], zh[(i + 1) % 5]);
	o = run_opts(s, n, NULL);
	assert_int_equal(outline_count(o), 100000);
	assert_int_equal(outline_get(o, 99999)->lineno, 199999);
	assert_string_equal(outline_get(o, 99999)->title, "第100000章 路");
	outline_free(o);
	free(s);
}

/* What a finished outline holds is its sections (issue 14: the memory
 * after the scan of a book): at most 128 bytes each with their titles,
 * the candidates and their texts freed. */
static void
test_memory_per_section(void **state)
{
#ifdef __GLIBC__
	size_t		 cap = 100000 * 400, n = 0, before;
	struct mallinfo2 m;
	char		*s = xmalloc(cap);
	struct outline	*o;

	(void)state;
	for (int i = 1; i <= 100000; i++)
		n += (size_t)snprintf(s + n, cap - n, "第%d章 路\n%s%s\n", i,
		    zh[i % 5], zh[(i + 1) % 5]);
	m = mallinfo2();
	before = m.uordblks + m.hblkhd;
	o = run_opts(s, n, NULL);
	assert_int_equal(outline_count(o), 100000);
	m = mallinfo2();
	assert_true(m.uordblks + m.hblkhd - before <= 100000 * 128);
	outline_free(o);
	free(s);
#else
	(void)state;
	skip();
#endif
}

/* A flood of candidates (300,000 bare numbers out of order, 30,000 short
 * lines) past the caps: the flooding family and stage 3 give up, the
 * chapters among them all remain. */
static void
test_flood(void **state)
{
	size_t		 cap = 8 << 20, n = 0;
	char		*s = xmalloc(cap);
	struct outline	*o;

	(void)state;
	for (int i = 0; i < 300000; i++) {
		if (i % 1000 == 0)
			n += (size_t)snprintf(s + n, cap - n, "第%d章 路\n%s\n",
			    i / 1000 + 1, zh[i % 5]);
		n += (size_t)snprintf(s + n, cap - n, "%ld\n",
		    (long)i * 7919 % 1000);
		if (i % 10 == 0)
			n += (size_t)snprintf(s + n, cap - n, "河边的风\n");
	}
	o = run_opts(s, n, NULL);
	assert_int_equal(outline_count(o), 300);
	assert_string_equal(outline_get(o, 299)->title, "第300章 路");
	assert_string_equal(outline_get(o, 0)->family, "chapter");
	outline_free(o);
	free(s);
}

/* A million bare numbers out of order (page numbers) while they are fed:
 * their family floods the candidate table, gives up when it is full and
 * its candidates are freed, so the table stays at its first room (~32
 * bytes a line here, where keeping them all takes 130). */
static void
test_flood_memory(void **state)
{
#ifdef __GLIBC__
	struct outline_opts	 plain = { .markdown = 0 };
	struct mallinfo2	 m;
	size_t			 n = 1000000, off = 0, before, len, i;
	char			 line[16];
	struct outline		*o = outline_new(&plain, NULL);

	(void)state;
	m = mallinfo2();
	before = m.uordblks + m.hblkhd;
	for (i = 0; i < n; i++) {
		len = (size_t)snprintf(line, sizeof line, "%zu", i * 7919 % 1000);
		outline_feed(o, off, line, len);
		off += len + 1;
	}
	m = mallinfo2();
	assert_true(m.uordblks + m.hblkhd - before <= n * 64);
	outline_finish(o, off);
	outline_free(o);
#else
	(void)state;
	skip();
#endif
}

/* One Markdown heading alone is the title: level 1 whatever its markup. */
static void
test_markdown_single(void **state)
{
	struct outline_opts	 md = { .markdown = 1 };
	const char		 text[] = "intro\n\n### Only\n\nbody text.\n";
	struct outline		*o;

	(void)state;
	o = run_opts(text, sizeof text - 1, &md);
	assert_int_equal(outline_count(o), 1);
	assert_int_equal(outline_get(o, 0)->level, 1);
	assert_string_equal(outline_get(o, 0)->title, "Only");
	outline_free(o);
}

/* More explicit headings than the candidate table's first room (CAND_MAX):
 * the room grows, so every one is listed, as they are with --headings;
 * the 300,000 feed in linear time (bench: the 1M-heading row). */
static void
test_headings_past_room(void **state)
{
	struct outline_opts	 md = { .markdown = 1 }, re = { 0 };
	size_t			 n = 300000, i;
	char			*s = xmalloc(n * 8 + 1);
	struct outline		*o;

	(void)state;
	for (i = 0; i < n; i++)
		memcpy(s + i * 8, i == n - 1 ? "## last\n" : "# hello\n", 8);
	o = run_opts(s, n * 8, &md);
	assert_int_equal(outline_count(o), n);
	assert_int_equal(outline_get(o, n - 1)->lineno, n);
	assert_int_equal(outline_get(o, n - 1)->level, 2);
	assert_string_equal(outline_get(o, n - 1)->title, "last");
	outline_free(o);
	re.regex = "^#";
	o = run_opts(s, n * 8, &re);
	assert_int_equal(outline_count(o), n);
	outline_free(o);
	free(s);
}

/* outline_finish() with the cancel flag up stops and selects nothing (the
 * doc is being freed and waits for it); without it, the same lines give
 * their headings. */
static void
test_finish_cancelled(void **state)
{
	atomic_int		 stop = 1;
	struct outline_opts	 opts = { .markdown = 1, .cancel = &stop };
	struct outline		*o;
	const char		 text[] = "# one\nbody\n# two\nbody\n";

	(void)state;
	o = run_opts(text, sizeof text - 1, &opts);
	assert_int_equal(outline_count(o), 0);
	outline_free(o);
	stop = 0;
	o = run_opts(text, sizeof text - 1, &opts);
	assert_int_equal(outline_count(o), 2);
	outline_free(o);
}

/* outline_at, outline_find_heading and outline_minutes_left. */
static void
test_lookups(void **state)
{
	struct fx	 f = { 0 };
	struct outline	*o;
	const struct outline_section *s0, *s1;
	char		 line[64];
	double		 all, half, sec;

	(void)state;
	fx_body(&f, 1);
	for (int i = 1; i <= 3; i++) {
		snprintf(line, sizeof line, "第%d章 路", i);
		fx_head(&f, 1, line, NULL);
		fx_body(&f, 6);
	}
	o = run(&f);
	check(o, &f);
	s0 = outline_get(o, 0);
	s1 = outline_get(o, 1);
	assert_int_equal(outline_at(o, 0), -1);
	assert_int_equal(outline_at(o, s0->off - 1), -1);
	assert_int_equal(outline_at(o, s0->off), 0);
	assert_int_equal(outline_at(o, s1->off - 1), 0);
	assert_int_equal(outline_at(o, s1->off), 1);
	assert_int_equal(outline_at(o, f.n + 100), 2);
	assert_int_equal(outline_find_heading(o, s1->off), 1);
	assert_int_equal(outline_find_heading(o, s1->off + 1), -1);
	/* Six paragraphs of about 150 CJK characters: over two minutes. */
	assert_true(s0->minutes > 2 && s0->minutes < 3);
	sec = outline_minutes_left(o, s0->off, 1, 0, 0);
	assert_true(sec > s0->minutes * 0.99 && sec < s0->minutes * 1.01);
	half = outline_minutes_left(o, (s0->off + s0->end) / 2, 1, 0, 0);
	assert_true(half > sec * 0.45 && half < sec * 0.55);
	all = outline_minutes_left(o, s0->off, 0, 0, 0);
	assert_true(all > 3 * sec * 0.95 && all < 3 * sec * 1.05);
	/* Twice the speed, half the time. */
	assert_true(outline_minutes_left(o, s0->off, 0, 800, 500) < all * 0.51);
	assert_true(outline_minutes_left(o, f.n, 0, 0, 0) == 0);
	fx_free(&f);
	outline_free(o);
}

/* ---------------------------------------------------------------------- */
/* Issue 13: headings, generally */

/* 第一○回: U+25CB typed for the numeral zero (e-texts of classic novels). */
static void
test_numeral_circle(void **state)
{
	static const char *const h[] = { "第八回 甲", "第九回 乙",
	    "第一○回 丙", "第一一回 丁", "第一二回 戊" };
	struct fx	 f = { 0 };
	struct outline	*o;

	(void)state;
	for (int i = 0; i < 5; i++) {
		fx_head(&f, 1, h[i], NULL);
		fx_body(&f, 4);
	}
	o = run(&f);
	check(o, &f);
	outline_free(o);
	fx_free(&f);
}

/* A browser copy of a web page: "![]()" image placeholders and pasted
 * shell snippets whose "# comment" lines look like ATX headings. An empty
 * link is no Markdown evidence, so the text stays plain and its 一、
 * numbering gives the headings. */
static void
test_paste_comment_lines(void **state)
{
	static const char *const h[] = { "一、环境的难题", "二、虚拟机",
	    "三、容器是什么？", "四、用途" };
	struct fx		 f = { 0 };
	struct outline		*o;
	struct outline_opts	 detect = { .markdown = -1 };

	(void)state;
	fx_add(&f, "入门教程");
	fx_add(&f, "![]()");
	for (int i = 0; i < 4; i++) {
		fx_head(&f, 1, h[i], NULL);
		fx_body(&f, 2);
		fx_add(&f, "$ docker version");
		fx_add(&f, "# 或者");
		fx_add(&f, "$ docker info");
		fx_add(&f, "![]()");
		fx_body(&f, 1);
	}
	o = run_opts(f.s, f.n, &detect);
	check(o, &f);
	assert_false(outline_is_markdown(o));
	outline_free(o);
	fx_free(&f);
}

/* Hard-wrapped paragraphs of a story: a 4-space indent, lines of 34
 * characters, then dialogue lines of the shapes that must never be
 * headings: a quoted question, 我说，“…？”, and a wrapped sentence tail
 * of three characters ending in ！？. */
static void
fx_story(struct fx *f, int paras)
{
	char	para[1024], line[160];
	size_t	n, k, take;

	for (int p = 0; p < paras; p++) {
		snprintf(para, sizeof para, "%s%s", zh[p % 5], zh[(p + 2) % 5]);
		for (n = strlen(para), k = 0; k < n; k += take) {
			take = n - k < 102 ? n - k : 102;
			snprintf(line, sizeof line, "%s%.*s", k == 0 ? "    " : "",
			    (int)take, para + k);
			fx_add(f, line);
		}
	}
	fx_add(f, "    “那边？”");
	fx_add(f, "    我说，“你到底要到哪里去呢？”");
	fx_add(f, "    他站在桥头望了很久，忽然回过头来问道：难道就这样");
	fx_add(f, "算了！？");
	fx_add(f, "    “怎么不走了？”");
}

static void
fx_centred(struct fx *f, int level, const char *text, const char *title)
{
	char	line[160];

	fx_add(f, "");
	snprintf(line, sizeof line, "%*s%s", 30, "", text);
	if (level > 0)
		fx_head(f, level, line, title != NULL ? title : text);
	else
		fx_add(f, line);
	fx_add(f, "");
}

/* A story collection (issue 13): centred titles, each story's sections
 * 一 二 三 restarting at 一. The title above a restart is a heading one
 * level up, also across an author line (the title is the upper line);
 * a centred title with no sections is one by its layout; the author line,
 * the dialogue and the right-aligned date with a note marker are not. */
static void
test_story_collection(void **state)
{
	static const char *const num[] = { "一", "二", "三" };
	struct fx	 f = { 0 };
	struct outline	*o;

	(void)state;
	fx_centred(&f, 1, "河　　边〔１〕", "河 边〔１〕");
	fx_centred(&f, 0, "王小二", NULL);
	for (int i = 0; i < 3; i++) {
		fx_centred(&f, 2, num[i], NULL);
		fx_story(&f, 6);
	}
	fx_add(&f, "");
	fx_add(&f, "                                        一九二六年十二月作。〔２〕");
	fx_centred(&f, 1, "序　　言", "序 言");
	fx_story(&f, 5);
	fx_centred(&f, 1, "远　　山〔１〕", "远 山〔１〕");
	for (int i = 0; i < 2; i++) {
		fx_centred(&f, 2, num[i], NULL);
		fx_story(&f, 6);
	}
	o = run(&f);
	check(o, &f);
	outline_free(o);
	fx_free(&f);
}

/* A contents list right above the first heading: its entries (the same
 * texts, with a leading space) are dropped, THE PREFACE that follows the
 * list closely is kept, and a signature above CHAPTER I. titles nothing. */
static void
test_contents_then_heading(void **state)
{
	static const char *const ch[] = { "CHAPTER I.", "CHAPTER II.",
	    "CHAPTER III.", "CHAPTER IV." };
	struct fx	 f = { 0 };
	struct outline	*o;
	char		 line[64];

	(void)state;
	fx_add(&f, "Contents");
	fx_add(&f, "");
	fx_add(&f, " THE PREFACE");
	for (int i = 0; i < 4; i++) {
		snprintf(line, sizeof line, " %s", ch[i]);
		fx_add(&f, line);
	}
	fx_add(&f, "");
	fx_add(&f, "");
	fx_head(&f, 1, "THE PREFACE", NULL);
	fx_add(&f, "");
	fx_en_body(&f, 2);
	fx_add(&f, "JOHN SMITH");
	fx_add(&f, "");
	for (int i = 0; i < 4; i++) {
		fx_head(&f, 1, ch[i], NULL);
		fx_add(&f, "");
		fx_en_body(&f, 6);
	}
	o = run(&f);
	check(o, &f);
	outline_free(o);
	fx_free(&f);
}

/* An article numbered 一、二、 ends with an appendix and its references:
 * keyword headings with no family of their own join the top level. */
static void
test_keywords_join_numbered(void **state)
{
	static const char *const h[] = { "一、环境的难题", "二、虚拟机",
	    "三、容器" };
	struct fx	 f = { 0 };
	struct outline	*o;

	(void)state;
	fx_add(&f, "入门教程");
	fx_body(&f, 1);
	for (int i = 0; i < 3; i++) {
		fx_head(&f, 1, h[i], NULL);
		fx_body(&f, 3);
	}
	fx_head(&f, 1, "附录：常用命令清单", NULL);
	fx_body(&f, 3);
	fx_head(&f, 1, "参考链接", NULL);
	fx_add(&f, "https://example.com/docs/");
	o = run(&f);
	check(o, &f);
	outline_free(o);
	fx_free(&f);
}

/* A command reference under an appendix: each term ("git log") heads a
 * line that starts with it ("git log命令…"), so the terms are headings one
 * level below the appendix; a command line and a term whose next line
 * does not define it are not. */
static void
test_terms_and_definitions(void **state)
{
	static const char *const h[] = { "一、安装", "二、配置", "三、使用" };
	static const char *const t[] = { "git log", "git status",
	    "git commit", "git push" };
	struct fx	 f = { 0 };
	struct outline	*o;
	char		 line[128];

	(void)state;
	for (int i = 0; i < 3; i++) {
		fx_head(&f, 1, h[i], NULL);
		fx_body(&f, 3);
	}
	fx_head(&f, 1, "附录：常用命令", NULL);
	fx_body(&f, 1);
	for (int i = 0; i < 4; i++) {
		fx_head(&f, 2, t[i], NULL);
		snprintf(line, sizeof line, "%s命令用于查看和修改仓库的状态。", t[i]);
		fx_add(&f, line);
		snprintf(line, sizeof line, "$ %s", t[i]);
		fx_add(&f, line);
	}
	fx_add(&f, "git fetch");
	fx_body(&f, 1);
	o = run(&f);
	check(o, &f);
	outline_free(o);
	fx_free(&f);
}

/* A web article pasted as plain lines (issue 13): a possessive title
 * (我的…), 第一步-style steps, a short line heading a table (a sub-heading
 * of its section), a question heading whose answer line is body, a
 * heading directly over its first sub-heading, colon labels (优点：
 * 缺点：) under a heading, a heading whose body is one line ending in a
 * colon over sub-headings of one shape (什么时候…), and 3个…的例子. */
static void
test_web_paste_structure(void **state)
{
	struct fx	 f = { 0 };
	struct outline	*o;

	(void)state;
	fx_add(&f, "使用开源工具的初学者指南");
	fx_body(&f, 2);
	fx_head(&f, 1, "我的学习之旅", NULL);
	fx_body(&f, 3);
	fx_head(&f, 1, "第一步：准备环境", NULL);
	fx_body(&f, 3);
	fx_head(&f, 1, "第二步：安装工具", NULL);
	fx_body(&f, 2);
	fx_head(&f, 2, "常用工具", NULL);
	fx_add(&f, "名称\t许可证");
	fx_add(&f, "Git\tGPL");
	fx_add(&f, "Make\tGNU");
	fx_body(&f, 2);
	fx_head(&f, 1, "什么是容器？", NULL);
	fx_add(&f, "容器是一种轻量的虚拟化技术");
	fx_body(&f, 3);
	fx_head(&f, 1, "可选步骤", NULL);
	fx_head(&f, 2, "容器", NULL);
	fx_body(&f, 3);
	fx_head(&f, 1, "整体服务", NULL);
	fx_head(&f, 2, "优点：", NULL);
	fx_body(&f, 2);
	fx_head(&f, 2, "缺点：", NULL);
	fx_body(&f, 2);
	fx_head(&f, 1, "态势感知", NULL);
	fx_add(&f, "环境是关键。以下是一些提示：");
	fx_head(&f, 2, "什么时候使用整体服务", NULL);
	fx_body(&f, 2);
	fx_head(&f, 2, "什么时候开始使用微服务", NULL);
	fx_body(&f, 2);
	fx_head(&f, 1, "3个常见的例子", NULL);
	fx_body(&f, 3);
	o = run(&f);
	check(o, &f);
	outline_free(o);
	fx_free(&f);
}

/* A 章回 novel whose chapters open with a separator line and give the
 * title a few lines under the bare 第X回 (blank and whitespace-only lines
 * between): the title is the chapter's. CHAPTER I. right after a contents
 * list is a heading, the list's entries are not. */
static void
test_title_below_label(void **state)
{
	static const char *const num[] = { "一", "二", "三", "四" };
	static const char *const tt[] = { "甄士隐梦幻识通灵", "贾夫人仙逝扬州城",
	    "托内兄如海荐西宾", "薄命女偏逢薄命郎" };
	static const char *const ch[] = { "CHAPTER I.", "CHAPTER II.",
	    "CHAPTER III." };
	struct fx	 f = { 0 }, g = { 0 };
	struct outline	*o;
	char		 line[64], title[128];

	(void)state;
	for (int i = 0; i < 4; i++) {
		fx_add(&f, "☆☆☆☆☆☆☆☆☆☆");
		fx_add(&f, "");
		snprintf(line, sizeof line, "第%s回", num[i]);
		snprintf(title, sizeof title, "第%s回 %s", num[i], tt[i]);
		fx_head(&f, 1, line, title);
		fx_add(&f, "");
		fx_add(&f, "　　");
		fx_add(&f, "");
		fx_add(&f, "    \t\t");
		snprintf(line, sizeof line, "　　%s", tt[i]);
		fx_add(&f, line);
		fx_add(&f, "");
		fx_body(&f, 4);
	}
	o = run(&f);
	check(o, &f);
	outline_free(o);
	fx_add(&g, "Contents");
	fx_add(&g, "");
	for (int i = 0; i < 3; i++) {
		snprintf(line, sizeof line, " %s", ch[i]);
		fx_add(&g, line);
	}
	fx_add(&g, "");
	for (int i = 0; i < 3; i++) {
		fx_head(&g, 1, ch[i], NULL);
		fx_add(&g, "");
		fx_en_body(&g, 6);
	}
	o = run(&g);
	check(o, &g);
	outline_free(o);
	fx_free(&f);
	fx_free(&g);
}

/* A story's sections 一 … 九 centred in a hard-wrapped text: a short
 * section (七, between 六 and 八, a few lines of dialogue) is one too. */
static void
test_short_numbered_section(void **state)
{
	static const char *const num[] = { "一", "二", "三", "四", "五", "六",
	    "七", "八", "九" };
	struct fx	 f = { 0 };
	struct outline	*o;

	(void)state;
	fx_centred(&f, 1, "河　　边", "河 边");
	for (int i = 0; i < 9; i++) {
		fx_centred(&f, 2, num[i], NULL);
		if (i == 6) {
			fx_add(&f, "    “那边？”");
			fx_add(&f, "    我说，“你到底要到哪里去呢？”");
		} else
			fx_story(&f, 6);
	}
	fx_centred(&f, 1, "远　　山", "远 山");
	for (int i = 0; i < 3; i++) {
		fx_centred(&f, 2, num[i], NULL);
		fx_story(&f, 6);
	}
	o = run(&f);
	check(o, &f);
	outline_free(o);
	fx_free(&f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_degenerate),
		cmocka_unit_test(test_article),
		cmocka_unit_test(test_chapter),
		cmocka_unit_test(test_body_like_heading),
		cmocka_unit_test(test_chapter_sections),
		cmocka_unit_test(test_list_items),
		cmocka_unit_test(test_web_paste_verse_and_toc),
		cmocka_unit_test(test_sequence_intruder),
		cmocka_unit_test(test_toc),
		cmocka_unit_test(test_split_and_duplicate),
		cmocka_unit_test(test_english),
		cmocka_unit_test(test_hardwrapped_centred),
		cmocka_unit_test(test_hardwrapped_web),
		cmocka_unit_test(test_web_paste_traps),
		cmocka_unit_test(test_furniture),
		cmocka_unit_test(test_furniture_anywhere),
		cmocka_unit_test(test_nothing),
		cmocka_unit_test(test_markdown_lookalikes),
		cmocka_unit_test(test_markdown),
		cmocka_unit_test(test_long_title),
		cmocka_unit_test(test_numerals),
		cmocka_unit_test(test_volume_restart),
		cmocka_unit_test(test_volume_chapter_line),
		cmocka_unit_test(test_outline_numbering),
		cmocka_unit_test(test_dotted),
		cmocka_unit_test(test_japanese),
		cmocka_unit_test(test_bare_numbers),
		cmocka_unit_test(test_keywords_and_glued),
		cmocka_unit_test(test_aozora),
		cmocka_unit_test(test_regex_and_none),
		cmocka_unit_test(test_reading_counts),
		cmocka_unit_test(test_huge_line),
		cmocka_unit_test(test_many_headings),
		cmocka_unit_test(test_flood),
		cmocka_unit_test(test_headings_past_room),
		cmocka_unit_test(test_flood_memory),
		cmocka_unit_test(test_markdown_single),
		cmocka_unit_test(test_memory_per_section),
		cmocka_unit_test(test_finish_cancelled),
		cmocka_unit_test(test_lookups),
		cmocka_unit_test(test_numeral_circle),
		cmocka_unit_test(test_paste_comment_lines),
		cmocka_unit_test(test_story_collection),
		cmocka_unit_test(test_contents_then_heading),
		cmocka_unit_test(test_keywords_join_numbered),
		cmocka_unit_test(test_terms_and_definitions),
		cmocka_unit_test(test_web_paste_structure),
		cmocka_unit_test(test_title_below_label),
		cmocka_unit_test(test_short_numbered_section),
	};

	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
