/* The boundary property (issue 13): the rows of a paragraph do not depend on
 * where it sits in the file. Texts written here (CJK, Japanese, mixed
 * Latin/CJK, CRLF with hard-wrapped lines, GBK) are laid out from files in
 * which paragraphs straddle every boundary the code has: multiples of 4,096,
 * cache blocks and scan/reader chunks (block_size 64, 4096 and the default),
 * the virtual-paragraph grid and DOC_PARA_MAX. Each paragraph's rows, read
 * through the public layout API forwards from the top (also before the scan
 * has run), backwards from the end a page at a time and from a saved
 * position inside it, must equal row for row (offsets
 * relative to its start, length, cells, indent, flags) those of the same
 * paragraph at the start of a text of its own. A paragraph longer than
 * DOC_PARA_MAX must be cut, and then only at a break the whole paragraph
 * allows, and no row of it starts with a mark that may not start a line. */
#include "testutil.h"

#include <iconv.h>
#include <unistd.h>

#include "doc.h"
#include "layout.h"
#include "ustr.h"
#include "util.h"

/* Generated text: the paragraphs' byte ranges [start, end), terminators
 * excluded. */
struct span {
	size_t	start, end;
};
struct gen {
	char		*s;
	size_t		 len, cap;
	struct span	*p;
	size_t		 np, pcap;
	uint64_t	 rng;
};

enum style { ZH, JA, MIX, ZH_CRLF, ZH_GBK };

static const char *const zh_chars[] = {
	"我", "们", "今", "天", "去", "山", "上", "看", "花", "水", "边", "有", "人",
	"说", "话", "他", "来", "到", "城", "里", "见", "了", "许", "多", "朋",
	"友", "心", "中", "欢", "喜", "不", "知", "道", "路", "远", "近", "风",
	"雨", "夜", "月", "明", "江", "河", "村", "家", "门", "前", "后", "书",
};
static const char *const zh_marks[] = { "，", "，", "，", "。", "、", "：", "；", "！", "？" };
static const char *const ja_chars[] = {
	"わ", "が", "は", "い", "ね", "こ", "で", "あ", "る", "名", "前", "ま",
	"だ", "な", "ど", "生", "れ", "た", "か", "と", "ん", "見", "当", "つ",
	"く", "し", "て", "も", "の", "ほ", "を", "人", "間", "ー", "っ", "ゃ",
	"カ", "タ", "ナ", "書", "生", "猫",
};
static const char *const ja_marks[] = { "、", "、", "。", "。", "」", "？" };
static const char *const latin_words[] = {
	"the", "reader", "wraps", "Unix", "text", "v1.2", "3.14", "2024",
	"e.g.", "example.com", "UTF-8", "GBK", "is", "fine",
};

static uint32_t
rnd(struct gen *g, uint32_t n)
{
	g->rng = g->rng * 6364136223846793005ULL + 1442695040888963407ULL;
	return (uint32_t)(g->rng >> 33) % n;
}

static void
put(struct gen *g, const char *s, size_t n)
{
	if (g->len + n > g->cap) {
		g->cap = (g->len + n) * 2;
		g->s = realloc(g->s, g->cap);
		assert_non_null(g->s);
	}
	memcpy(g->s + g->len, s, n);
	g->len += n;
}

static void
puts_(struct gen *g, const char *s)
{
	put(g, s, strlen(s));
}

#define PICK(g, a)	((a)[rnd(g, sizeof(a) / sizeof *(a))])

/* One clause of the style: characters, maybe quoted, then a mark. */
static void
clause(struct gen *g, enum style st)
{
	uint32_t	n = 2 + rnd(g, 11), i;
	int		quote = rnd(g, 6) == 0;

	if (st == JA && quote)
		puts_(g, "「");
	else if (st != ZH_GBK && quote)
		puts_(g, "“");
	for (i = 0; i < n; i++) {
		if (st == MIX && rnd(g, 5) == 0) {
			puts_(g, rnd(g, 2) ? " " : "");
			puts_(g, PICK(g, latin_words));
			puts_(g, rnd(g, 2) ? " " : "");
		} else if (st == JA)
			puts_(g, PICK(g, ja_chars));
		else
			puts_(g, PICK(g, zh_chars));
	}
	if (st == JA) {
		if (quote)
			puts_(g, "。」");
		else
			puts_(g, PICK(g, ja_marks));
		return;
	}
	if (quote && st != ZH_GBK) {
		puts_(g, "。”");
		return;
	}
	if (st == MIX && rnd(g, 4) == 0)
		puts_(g, rnd(g, 2) ? ", " : "; ");
	else if (st == ZH && rnd(g, 30) == 0)
		puts_(g, "——");
	else if (st == ZH && rnd(g, 30) == 0)
		puts_(g, "……");
	else
		puts_(g, PICK(g, zh_marks));
}

/* A paragraph of about want bytes (at least one clause), ended by a full
 * stop. CRLF paragraphs are hard-wrapped at 30 characters. */
static void
para(struct gen *g, enum style st, size_t want)
{
	size_t	start = g->len, i, chars;

	while (g->len - start < want)
		clause(g, st);
	puts_(g, "。");
	if (st == ZH_CRLF) {
		/* Re-wrap: split the paragraph into lines of 30 code points. */
		char	*t = malloc(g->len - start);
		size_t	 n = g->len - start;

		memcpy(t, g->s + start, n);
		g->len = start;
		for (i = 0, chars = 0; i < n; chars++) {
			size_t	l = 1;

			while (i + l < n && ((unsigned char)t[i + l] & 0xC0) == 0x80)
				l++;
			if (chars > 0 && chars % 30 == 0)
				puts_(g, "\r\n");
			put(g, t + i, l);
			i += l;
		}
		free(t);
	}
	if (g->np == g->pcap) {
		g->pcap = g->pcap ? g->pcap * 2 : 256;
		g->p = realloc(g->p, g->pcap * sizeof *g->p);
		assert_non_null(g->p);
	}
	g->p[g->np].start = start;
	g->p[g->np].end = g->len;
	g->np++;
	puts_(g, st == ZH_CRLF ? "\r\n\r\n" : "\n");
}

/* Paragraph lengths: mostly short, some that straddle the grid of
 * virtual cuts without being long (just under and at DOC_PARA_MAX), some
 * longer than DOC_PARA_MAX. */
static void
generate(struct gen *g, enum style st, size_t total, uint64_t seed)
{
	size_t	n = 0, want;

	memset(g, 0, sizeof *g);
	g->rng = seed;
	while (g->len < total) {
		switch (total < 2 * DOC_PARA_MAX ? 0 : n++ % 40) {
		case 7:
			want = DOC_PARA_MAX - 2000 - rnd(g, 3000);
			break;
		case 19:
			want = DOC_PARA_MAX + 1000 + rnd(g, 2 * DOC_PARA_MAX);
			break;
		case 31:
			want = DOC_PARA_MAX - 40 - rnd(g, 40);
			break;
		default:
			want = rnd(g, 8) == 0 ? 1000 + rnd(g, 4000) : 10 + rnd(g, 400);
			break;
		}
		para(g, st, want);
	}
}

/* Rows of a whole doc, with blank rows left out. */
struct rows {
	struct layout_line	*v;
	size_t			 n, cap;
};

static void
rows_add(struct rows *r, const struct layout_line *l)
{
	if (l->flags & LAYOUT_BLANK)
		return;
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 1024;
		r->v = realloc(r->v, r->cap * sizeof *r->v);
		assert_non_null(r->v);
	}
	r->v[r->n++] = *l;
}

static const struct layout_opts lopts_base = { 0, 1, 0, 0, 0, NULL };

/* Rows from the top up to the first at or after stop. */
static void
rows_forward(struct doc *d, int width, size_t stop, struct rows *r)
{
	struct layout_opts	 lo = lopts_base;
	struct layout		*l;
	struct layout_pos	 pos;
	struct layout_line	 buf[64];
	int			 i, n;

	lo.width = width;
	l = layout_new(d, &lo);
	pos = layout_pos_at(l, 0);
	do {
		n = layout_rows(l, pos, buf, 64);
		for (i = 0; i < n && buf[i].off < stop; i++)
			rows_add(r, &buf[i]);
	} while (i == 64 && layout_move(l, &pos, 64) == 64);
	layout_free(l);
}

/* From the end (G) to the top a page at a time, as b pages up, then put
 * in order. */
#define PAGE	40
static void
rows_backward(struct doc *d, int width, struct rows *r)
{
	struct layout_opts	 lo = lopts_base;
	struct layout		*l;
	struct layout_pos	 pos;
	struct layout_line	 page[PAGE], t;
	size_t			 i;
	long			 n = PAGE, j;

	lo.width = width;
	l = layout_new(d, &lo);
	pos = layout_end(l, PAGE);
	do {
		assert_int_equal(layout_rows(l, pos, page, (int)n), n);
		for (j = n; j > 0; j--)
			rows_add(r, &page[j - 1]);
	} while ((n = -layout_move(l, &pos, -PAGE)) > 0);
	layout_free(l);
	for (i = 0; i < r->n / 2; i++) {
		t = r->v[i];
		r->v[i] = r->v[r->n - 1 - i];
		r->v[r->n - 1 - i] = t;
	}
}

/* Index of the first row at or after off. */
static size_t
rows_find(const struct rows *r, size_t off)
{
	size_t	lo = 0, hi = r->n, mid;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (r->v[mid].off < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int
row_eq(const struct layout_line *x, size_t xb, const struct layout_line *y,
    size_t yb)
{
	return x->off - xb == y->off - yb && x->len == y->len &&
	    x->cols == y->cols && x->indent == y->indent && x->flags == y->flags;
}

static void
show_row(const char *what, const struct layout_line *x, size_t base)
{
	print_message("#   %s: off +%zu len %zu cols %d indent %d flags %#x\n",
	    what, x->off - base, x->len, x->cols, x->indent, x->flags);
}

/* Rows [a, a + n) of got against want[0..m) (offsets relative to base). */
static int
rows_same(const struct layout_line *got, size_t n, size_t base,
    const struct layout_line *want, size_t m, const char *how, size_t pstart)
{
	size_t	i;

	for (i = 0; i < n && i < m; i++)
		if (!row_eq(&got[i], base, &want[i], 0))
			break;
	if (i == n && n == m)
		return 1;
	print_message("# %s: paragraph at %zu: row %zu of %zu/%zu differs\n",
	    how, pstart, i, n, m);
	if (i < n)
		show_row("in place", &got[i], base);
	if (i < m)
		show_row("alone", &want[i], 0);
	return 0;
}

static void
write_file(const char *path, const char *s, size_t n)
{
	FILE	*f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(s, 1, n, f), n);
	assert_int_equal(fclose(f), 0);
}

/* s converted to GBK (every character of the ZH_GBK style has a GBK code). */
static char *
to_gbk(const char *s, size_t n, size_t *outlen)
{
	iconv_t	 cd = iconv_open("GBK", "UTF-8");
	char	*out = malloc(n), *in = (char *)s, *op = out;
	size_t	 il = n, ol = n;

	assert_true(cd != (iconv_t)-1);
	assert_true(iconv(cd, &in, &il, &op, &ol) != (size_t)-1);
	assert_int_equal(il, 0);
	iconv_close(cd);
	*outlen = (size_t)(op - out);
	return out;
}

/* The joined text of a paragraph cut into virtual ones: the pieces tile it,
 * so their texts put together are the whole paragraph's. */
static char *
long_text(struct doc *d, const struct span *sp)
{
	struct doc_para	 p, q;
	char		*t = malloc(sp->end - sp->start);

	assert_int_equal(doc_para_at(d, sp->start, &p), 0);
	assert_int_equal(p.off, sp->start);
	for (;;) {
		assert_true(p.off + p.len <= sp->end);
		memcpy(t + (p.off - sp->start), doc_para_text(d, &p), p.len);
		if (!p.more)
			break;
		assert_int_equal(doc_para_next(d, &p, &q), 0);
		assert_true(q.cont);
		assert_int_equal(q.off, p.off + p.len);
		p = q;
	}
	assert_int_equal(p.off + p.len, sp->end);
	return t;
}

/* A long paragraph: cut (none of its pieces is longer than DOC_PARA_MAX),
 * only at breaks the whole paragraph allows; no row starts with a mark that
 * may not start one. */
static int
check_long(struct doc *d, const struct span *sp, const struct rows *r)
{
	struct doc_para	 p;
	size_t		 n = sp->end - sp->start, i, cuts = 0, off;
	char		*t = long_text(d, sp), *brk = malloc(n);
	uint32_t	 cp;
	int		 ok = 1;

	ustr_breaks(t, n, NULL, brk);
	for (off = sp->start; doc_para_at(d, off, &p) == 0 && p.off < sp->end;
	    off = p.off + p.len) {
		assert_true(p.len <= DOC_PARA_MAX);
		if (p.cont) {
			cuts++;
			if (!brk[p.off - sp->start]) {
				print_message("# cut at %zu (+%zu) is no break\n",
				    p.off, p.off - sp->start);
				ok = 0;
			}
		}
		if (!p.more)
			break;
	}
	assert_true(cuts > 0);
	for (i = rows_find(r, sp->start); i < r->n && r->v[i].off < sp->end; i++) {
		if (r->v[i].off == sp->start)
			continue;
		ustr_decode(t + (r->v[i].off - sp->start),
		    sp->end - r->v[i].off, &cp);
		if (ustr_is_no_start(cp)) {
			print_message("# row at %zu starts with U+%04X\n",
			    r->v[i].off, (unsigned)cp);
			ok = 0;
		}
	}
	free(brk);
	free(t);
	return ok;
}

/* The rows of paragraph sp read from a saved position inside it: back to
 * the paragraph's first row, then forwards. */
static size_t
rows_from_saved(struct doc *d, int width, const struct span *sp,
    struct layout_line *out, size_t max)
{
	struct layout_opts	 lo = lopts_base;
	struct layout		*l;
	struct layout_pos	 pos;
	size_t			 n = 0, got, i;

	lo.width = width;
	l = layout_new(d, &lo);
	pos = layout_pos_at(l, sp->start + (sp->end - sp->start) * 2 / 3);
	assert_int_equal(layout_move(l, &pos, -(long)pos.row), -(long)pos.row);
	got = (size_t)layout_rows(l, pos, out, (int)max);
	for (i = 0; i < got && out[i].off < sp->end; i++)
		if (!(out[i].flags & LAYOUT_BLANK))
			out[n++] = out[i];
	layout_free(l);
	return n;
}

/* The rows of the text starting at sp->start laid out as a doc of its own
 * (the paragraph and what follows it, up to 4 KiB, so that the doc's
 * profile sees the same kind of text), up to the paragraph's end. */
static size_t
rows_alone(const struct gen *g, const struct span *sp, const struct doc_opts *o,
    int width, struct rows *scratch)
{
	size_t		 tail = g->len - sp->end < 4096 ? g->len - sp->end : 4096;
	char		*cause = NULL;
	struct doc_opts	 ao = *o;
	struct doc	*d;
	size_t		 n;

	ao.encoding = NULL;
	d = doc_open_mem(g->s + sp->start, sp->end - sp->start + tail, "alone",
	    &ao, &cause);
	assert_non_null(d);
	doc_scan_wait(d);
	scratch->n = 0;
	rows_forward(d, width, sp->end - sp->start, scratch);
	n = scratch->n;
	doc_free(d);
	return n;
}

/* Whether [s, e) holds a multiple of unit (unit 0: never). */
static int
straddles(size_t s, size_t e, size_t unit)
{
	return unit != 0 && s / unit != e / unit;
}

struct config {
	enum style	 st;
	size_t		 total;
	size_t		 block_size;
	int		 width;
	uint64_t	 seed;
};

static int
run_config(const struct config *c)
{
	struct gen		 g;
	struct doc_opts		 o;
	struct doc		*d;
	struct rows		 fw = { 0 }, bw = { 0 }, alone = { 0 };
	struct layout_line	*saved;
	char			 path[] = "/tmp/juan-boundary.XXXXXX", *cause = NULL;
	char			*bytes, *back;
	size_t			 nbytes, i, a, na, ns, nlong = 0, checked = 0;
	int			 fd, ok = 1;

	generate(&g, c->st, c->total, c->seed);
	bytes = g.s;
	nbytes = g.len;
	if (c->st == ZH_GBK)
		bytes = to_gbk(g.s, g.len, &nbytes);
	fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	write_file(path, bytes, nbytes);
	memset(&o, 0, sizeof o);
	o.no_scan = 1;
	o.block_size = c->block_size;
	o.encoding = c->st == ZH_GBK ? "gbk" : NULL;
	d = doc_open(path, &o, &cause);
	assert_non_null(d);
	doc_scan_wait(d);
	if (c->st != ZH_GBK) {
		/* The first screen is laid out before the scan has read
		 * anything (a spool has only its first read then). */
		struct doc	*early = doc_open(path, &o, &cause);

		assert_non_null(early);
		rows_forward(early, c->width, SIZE_MAX, &bw);
		doc_free(early);
	}
	unlink(path);
	/* The text is the generated one, whatever its encoding on disk. */
	assert_int_equal(doc_len(d), g.len);
	back = malloc(g.len);
	assert_int_equal(doc_pread(d, 0, back, g.len), g.len);
	assert_memory_equal(back, g.s, g.len);
	free(back);

	rows_forward(d, c->width, SIZE_MAX, &fw);
	if (bw.n > 0 && !rows_same(bw.v, bw.n, 0, fw.v, fw.n,
	    "before the scan vs after", 0))
		ok = 0;
	bw.n = 0;
	rows_backward(d, c->width, &bw);
	ok &= rows_same(bw.v, bw.n, 0, fw.v, fw.n, "backwards vs forwards", 0);
	saved = malloc(8192 * sizeof *saved);
	for (i = 0; i < g.np; i++) {
		const struct span *sp = &g.p[i];

		a = rows_find(&fw, sp->start);
		for (na = 0; a + na < fw.n && fw.v[a + na].off < sp->end; na++)
			;
		if (sp->end - sp->start > DOC_PARA_MAX) {
			nlong++;
			ok &= check_long(d, sp, &fw);
			continue;
		}
		/* The paragraphs that straddle a boundary: a cache block,
		 * a scan chunk (the same size when block_size is set), a
		 * page, the grid of virtual cuts (a multiple of 4,096); and
		 * every long one. */
		if (!straddles(sp->start, sp->end + 1, c->block_size) &&
		    !straddles(sp->start, sp->end + 1, 4096) &&
		    !straddles(sp->start, sp->end + 1, 64 * 1024) &&
		    !straddles(sp->start, sp->end + 1, 1024 * 1024) &&
		    sp->end - sp->start <= 8192)
			continue;
		checked++;
		ns = rows_alone(&g, sp, &o, c->width, &alone);
		ok &= rows_same(fw.v + a, na, sp->start, alone.v, ns,
		    "forwards", sp->start);
		if (checked % 4 == 0 || sp->end - sp->start > 8192) {
			size_t m = rows_from_saved(d, c->width, sp, saved, 8192);

			ok &= rows_same(saved, m, sp->start, alone.v, ns,
			    "from a saved position", sp->start);
		}
		if (!ok)
			break;
	}
	/* The generator made what the test is about. */
	assert_true(!ok || nlong > 0 || c->total < 2 * DOC_PARA_MAX);
	assert_true(!ok || checked > 0);
	free(saved);
	free(fw.v);
	free(bw.v);
	free(alone.v);
	doc_free(d);
	if (bytes != g.s)
		free(bytes);
	free(g.s);
	free(g.p);
	return ok;
}

static void
run_all(enum style st)
{
	static const size_t	bs[] = { 64, 4096, 0 };
	struct config		c;
	size_t			i;

	for (i = 0; i < sizeof bs / sizeof *bs; i++) {
		c.st = st;
		c.block_size = bs[i];
		/* The default scan chunk is 1 MiB: only ZH crosses it. */
		c.total = bs[i] == 64 ? 24 * 1024 :
		    bs[i] == 0 && st == ZH ? 1100 * 1024 : 300 * 1024;
		c.width = (int[]){ 60, 23, 37 }[i];
		c.seed = 0x9e3779b97f4a7c15ULL * (st + 1) + i;
		if (!run_config(&c))
			fail_msg("style %d, block size %zu, width %d: layout "
			    "depends on where the paragraph sits", (int)st,
			    bs[i], c.width);
	}
}

static void test_zh(void **state) { (void)state; run_all(ZH); }
static void test_ja(void **state) { (void)state; run_all(JA); }
static void test_mixed(void **state) { (void)state; run_all(MIX); }
static void test_crlf(void **state) { (void)state; run_all(ZH_CRLF); }
static void test_gbk(void **state) { (void)state; run_all(ZH_GBK); }

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_zh),
		cmocka_unit_test(test_ja),
		cmocka_unit_test(test_mixed),
		cmocka_unit_test(test_crlf),
		cmocka_unit_test(test_gbk),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
