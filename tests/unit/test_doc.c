/* Unit tests for doc: encodings, repair, line endings, paragraphs, virtual
 * paragraphs, changing files, stdin/FIFO spooling, outline through doc. */
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <iconv.h>
#include <unistd.h>

#include "testutil.h"

#include "doc.h"
#include "outline.h"
#include "ustr.h"

static char	tmpdir[64];

static int
setup_dir(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof tmpdir, "/tmp/juan-doc-test.XXXXXX");
	return mkdtemp(tmpdir) == NULL ? -1 : 0;
}

static int
teardown_dir(void **state)
{
	char	cmd[128];

	(void)state;
	/* Only our own mkdtemp directory, by its exact name. */
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

static char *
path_of(const char *name)
{
	static char	buf[256];

	snprintf(buf, sizeof buf, "%s/%s", tmpdir, name);
	return buf;
}

static const char *
write_file(const char *name, const char *data, size_t n)
{
	const char	*p = path_of(name);
	FILE		*f = fopen(p, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, n, f), n);
	assert_int_equal(fclose(f), 0);
	return p;
}

/* Converts UTF-8 to enc with iconv(3); *outn gets the length. */
static char *
convert(const char *enc, const char *s, size_t n, size_t *outn)
{
	iconv_t	 cd = iconv_open(enc, "UTF-8");
	size_t	 cap = n * 4 + 16, left = cap;
	char	*out = malloc(cap), *op = out, *in = (char *)s;

	assert_true(cd != (iconv_t)-1);
	assert_int_not_equal(iconv(cd, &in, &n, &op, &left), (size_t)-1);
	iconv_close(cd);
	*outn = cap - left;
	return out;
}

static struct doc_opts
opts_quiet(void)
{
	struct doc_opts	o;

	memset(&o, 0, sizeof o);
	o.markdown = -1;
	o.no_scan = 1;
	return o;
}

/* The whole text, through doc_pread. */
static char *
text_of(struct doc *d, size_t *n)
{
	char	*buf;

	*n = doc_len(d);
	buf = malloc(*n + 1);
	assert_int_equal(doc_pread(d, 0, buf, *n), *n);
	buf[*n] = '\0';
	return buf;
}

static void
assert_text(struct doc *d, const char *want, size_t wn)
{
	size_t	 n;
	char	*t = text_of(d, &n);

	assert_int_equal(n, wn);
	assert_memory_equal(t, want, wn);
	free(t);
}

/* The paragraph bodies as displayed text, joined with '|'. */
static char *
paras(struct doc *d)
{
	struct doc_para	 p, q;
	char		*out = calloc(1, 1 << 16);
	size_t		 n = 0;
	const char	*t;
	int		 r;

	for (r = doc_para_at(d, 0, &p); r == 0; r = doc_para_next(d, &p, &q), p = q) {
		t = doc_para_text(d, &p);
		if (n > 0)
			out[n++] = '|';
		assert_true(n + p.body_len < (1 << 16) - 2);
		memcpy(out + n, t, p.body_len);
		n += p.body_len;
	}
	return out;
}

static void
assert_paras(const char *text, int markdown, const char *want)
{
	struct doc_opts	 o = opts_quiet();
	struct doc	*d;
	char		*got;

	o.markdown = markdown;
	d = doc_open_mem(text, strlen(text), "t.txt", &o, NULL);
	assert_non_null(d);
	got = paras(d);
	assert_string_equal(got, want);
	free(got);
	doc_free(d);
}

/* Walks every paragraph forwards and backwards, checking the contract. */
static size_t
check_walk(struct doc *d)
{
	struct doc_para	 p, q, r, *all = NULL;
	size_t		 n = 0, i, len = doc_len(d), prev_end = 0;
	int		 ok;

	for (ok = doc_para_at(d, 0, &p); ok == 0; ok = doc_para_next(d, &p, &q), p = q) {
		assert_true(p.off >= prev_end);
		assert_true(p.off + p.len <= len);
		assert_true(p.len < DOC_PARA_MAX);
		assert_true(p.body_off >= p.off);
		assert_true(p.body_off + p.body_len <= p.off + p.len);
		assert_int_equal(doc_para_at(d, p.off, &r), 0);
		assert_int_equal(r.off, p.off);
		assert_int_equal(r.len, p.len);
		if (p.len > 0) {
			assert_int_equal(doc_para_at(d, p.off + p.len - 1, &r), 0);
			assert_int_equal(r.off, p.off);
			assert_int_equal(doc_para_at(d, p.off + p.len / 2, &r), 0);
			assert_int_equal(r.off, p.off);
		}
		all = realloc(all, (n + 1) * sizeof *all);
		all[n++] = p;
		prev_end = p.off + p.len;
	}
	for (i = n; i-- > 1;) {
		assert_int_equal(doc_para_prev(d, &all[i], &q), 0);
		assert_int_equal(q.off, all[i - 1].off);
		assert_int_equal(q.len, all[i - 1].len);
		assert_int_equal(q.kind, all[i - 1].kind);
	}
	if (n > 0)
		assert_int_equal(doc_para_prev(d, &all[0], &q), -1);
	free(all);
	return n;
}

/* --- opening and errors --- */

static void
test_empty(void **state)
{
	struct doc_opts	 o = opts_quiet();
	struct doc	*d;
	struct doc_para	 p;
	size_t		 got;

	(void)state;
	d = doc_open_mem("", 0, "empty", &o, NULL);
	assert_non_null(d);
	assert_int_equal(doc_len(d), 0);
	assert_true(doc_len_final(d));
	assert_int_equal(doc_para_at(d, 0, &p), -1);
	assert_int_equal(doc_para_at(d, 100, &p), -1);
	assert_int_equal(doc_pread(d, 0, (char[4]){0}, 4), 0);
	doc_view(d, 0, 10, &got);
	assert_int_equal(got, 0);
	assert_non_null(doc_fingerprint(d));
	assert_int_equal(strlen(doc_fingerprint(d)), 16);
	assert_null(doc_outline(d));
	doc_scan_wait(d);
	assert_non_null(doc_outline(d));
	assert_true(doc_scan_done(d));
	assert_int_equal(doc_invalid_bytes(d), 0);
	assert_int_equal(doc_changed(d), 0);
	assert_null(doc_error(d));
	assert_string_equal(doc_encoding(d), "UTF-8");
	doc_free(d);
	doc_free(NULL);
	/* Only blank lines: no paragraph at all. */
	d = doc_open_mem("\n \n\r\n\t\n", 7, "blank", &o, NULL);
	assert_int_equal(doc_para_at(d, 0, &p), -1);
	doc_free(d);
}

static void
test_open_errors(void **state)
{
	struct doc_opts	 o = opts_quiet();
	char		*cause = NULL;
	char		 name[128];

	(void)state;
	assert_null(doc_open(path_of("missing"), &o, &cause));
	assert_non_null(cause);
	assert_non_null(strstr(cause, "missing: No such file or directory"));
	free(cause);

	assert_null(doc_open(tmpdir, &o, &cause));
	assert_non_null(strstr(cause, ": Is a directory"));
	free(cause);

	write_file("plain", "x", 1);
	snprintf(name, sizeof name, "%s/plain/sub", tmpdir);
	assert_null(doc_open(name, &o, &cause));
	assert_non_null(strstr(cause, "Not a directory"));
	free(cause);

	if (geteuid() != 0) {
		const char *p = write_file("secret", "x", 1);

		chmod(p, 0);
		assert_null(doc_open(p, &o, &cause));
		assert_non_null(strstr(cause, "Permission denied"));
		free(cause);
	}

	/* The name is sanitised: no raw escape reaches the terminal. */
	snprintf(name, sizeof name, "%s/bad\033[31mname", tmpdir);
	assert_null(doc_open(name, &o, &cause));
	assert_null(strchr(cause, '\033'));
	assert_non_null(strstr(cause, "^["));
	free(cause);

	o.encoding = "no-such-encoding";
	assert_null(doc_open_mem("x", 1, "x", &o, &cause));
	assert_non_null(strstr(cause, "no-such-encoding: unknown encoding"));
	free(cause);
	o.encoding = NULL;

	o.headings = "([";
	assert_null(doc_open_mem("x", 1, "x", &o, &cause));
	assert_non_null(cause);
	free(cause);
}

static void
test_file_utf8(void **state)
{
	static const char	 text[] = "第一章 开始\n这是正文。\n";
	struct doc_opts		 o = opts_quiet();
	struct doc		*d, *m;
	const char		*p = write_file("u8.txt", text, sizeof text - 1);

	(void)state;
	d = doc_open(p, &o, NULL);
	assert_non_null(d);
	assert_string_equal(doc_name(d), p);
	assert_string_equal(doc_encoding(d), "UTF-8");
	assert_true(doc_len_final(d));
	assert_text(d, text, sizeof text - 1);
	/* Same text from memory: same fingerprint. */
	m = doc_open_mem(text, sizeof text - 1, "other", &o, NULL);
	assert_string_equal(doc_fingerprint(d), doc_fingerprint(m));
	doc_free(m);
	m = doc_open_mem(text, sizeof text - 2, "other", &o, NULL);
	assert_string_not_equal(doc_fingerprint(d), doc_fingerprint(m));
	doc_free(m);
	doc_free(d);
}

/* A twin of a file the scan found valid reads it without repair, and
 * repairs again once the file changes; a twin of a file with invalid bytes
 * repairs them (USTR_SUB). */
static void
test_twin_repair(void **state)
{
	static const char	 good[] = "第一章 开始\n这是正文。\n";
	char			 bad[sizeof good];
	struct doc_opts		 o = opts_quiet();
	struct doc		*d, *t;
	const char		*p, *v;
	size_t			 n = sizeof good - 1, got;

	(void)state;
	memcpy(bad, good, sizeof good);
	bad[20] = '\xFF';
	for (int k = 0; k < 3; k++) {
		p = write_file("twin.txt", k == 1 ? bad : good, n);
		d = doc_open(p, &o, NULL);
		assert_non_null(d);
		doc_scan_wait(d);
		t = doc_twin(d);
		if (k == 2)	/* rewritten in place after the scan */
			p = write_file("twin.txt", bad, n);
		v = doc_view(t, 0, n, &got);
		assert_int_equal(got, n);
		assert_memory_equal(v, good, 20);
		assert_int_equal(v[20], k == 0 ? good[20] : USTR_SUB);
		doc_free(t);
		doc_free(d);
	}
}

/* doc_lineno over 40 KiB (checkpoints every 16) of lines ended by LF, CR
 * LF and CR, asked in order (as --grep asks: counted on from the offset
 * asked last) and here and there: every answer as counted from its
 * checkpoint (asked backwards, which counts on from no earlier answer),
 * also between the CR and the LF of a pair. */
static void
test_lineno_order(void **state)
{
	static const char *const ends[] = { "\n", "\r\n", "\r", "\n\n" };
	struct doc_opts	 o = opts_quiet();
	char		*t = malloc(48 * 1024);
	size_t		*ref, n = 0, off, i;
	struct doc	*d;

	(void)state;
	for (i = 0; n < 40 * 1024; i++)
		n += (size_t)sprintf(t + n, "%.*s%s", (int)(i * 7 % 90),
		    "第一行的文字第二行的文字第三行的文字第四行的文字第五行"
		    "的文字第六行的文字第七行的文字", ends[i % 4]);
	ref = malloc((n + 1) * sizeof *ref);
	d = doc_open_mem(t, n, "lines", &o, NULL);
	doc_scan_wait(d);
	for (off = n; off-- > 0; )
		ref[off] = doc_lineno(d, off);
	assert_int_equal(ref[0], 1);
	assert_true(ref[n - 1] > 500);
	for (off = 0; off < n; off++)
		assert_int_equal(doc_lineno(d, off), ref[off]);
	for (i = 0; i < 2000; i++) {
		off = (i * 7919) % n;
		assert_int_equal(doc_lineno(d, off), ref[off]);
	}
	doc_free(d);
	free(ref);
	free(t);
}

/* The fingerprint is FNV-1a 64 of the length (8 bytes, least significant
 * first), the first 64 KiB and the last 64 KiB: saved bookmarks and
 * positions refer to it, so its value may never change. */
static void
test_fingerprint_value(void **state)
{
	static const char	 small[] = "第一章 春\n猫\n";
	struct doc_opts		 o = opts_quiet();
	struct doc		*d;
	char			*big = malloc(200000);
	size_t			 i;

	(void)state;
	d = doc_open_mem(small, sizeof small - 1, "fp", &o, NULL);
	assert_string_equal(doc_fingerprint(d), "f02e40a203a62e23");
	doc_free(d);
	for (i = 0; i < 200000; i++)
		big[i] = (char)((i * 7 + 3) % 94 + 32);
	d = doc_open_mem(big, 200000, "fp", &o, NULL);
	assert_string_equal(doc_fingerprint(d), "9f75c3de0bd6c6ef");
	doc_free(d);
	free(big);
}

/* --- encodings --- */

static const char sample[] =
    "第一章 春天\n"
    "春天来了，我们一起去公园散步。这是一个很好的日子，人们都很高兴。\n"
    "他说：“我们在这里等你。”天气不错，大家都出来了。\n";

static const char sample_trad[] =
    "第一章 春天\n"
    "春天來了，我們一起去公園散步。這是一個很好的日子，人們都很高興。\n"
    "他說：「我們在這裡等你。」天氣不錯，大家都出來了。\n";

static void
check_encoded(const char *enc, const char *bom, size_t bomlen,
    const char *utf8, const char *want_name, const char *forced)
{
	struct doc_opts	 o = opts_quiet();
	struct doc	*d;
	char		*raw, *data;
	size_t		 n;
	const char	*p;

	raw = convert(enc, utf8, strlen(utf8), &n);
	data = malloc(n + bomlen);
	memcpy(data, bom, bomlen);
	memcpy(data + bomlen, raw, n);
	o.encoding = forced;
	/* From memory, from a file (spooled by the scan). */
	d = doc_open_mem(data, n + bomlen, "enc", &o, NULL);
	assert_non_null(d);
	assert_string_equal(doc_encoding(d), want_name);
	assert_text(d, utf8, strlen(utf8));
	assert_int_equal(doc_invalid_bytes(d), 0);
	doc_free(d);
	p = write_file("enc.txt", data, n + bomlen);
	d = doc_open(p, &o, NULL);
	assert_non_null(d);
	assert_string_equal(doc_encoding(d), want_name);
	assert_false(doc_len_final(d));
	assert_null(doc_fingerprint(d));
	doc_scan_wait(d);
	assert_true(doc_len_final(d));
	assert_text(d, utf8, strlen(utf8));
	assert_non_null(doc_fingerprint(d));
	assert_non_null(doc_outline(d));
	doc_free(d);
	free(raw);
	free(data);
}

static void
test_utf8_bom(void **state)
{
	static const char	 text[] = "\xEF\xBB\xBFHello world.\nSecond line.\n";
	struct doc_opts		 o = opts_quiet();
	struct doc		*d;
	struct doc_para		 p;

	(void)state;
	d = doc_open_mem(text, sizeof text - 1, "bom", &o, NULL);
	assert_string_equal(doc_encoding(d), "UTF-8");
	/* The BOM stays in the text; the first paragraph starts after it. */
	assert_int_equal(doc_len(d), sizeof text - 1);
	assert_int_equal(doc_para_at(d, 0, &p), 0);
	assert_int_equal(p.off, 3);
	assert_int_equal(p.lineno, 0);
	doc_scan_wait(d);
	assert_int_equal(doc_para_at(d, 0, &p), 0);
	assert_int_equal(p.lineno, 1);
	assert_int_equal(check_walk(d), 2);
	doc_free(d);
}

static void
test_utf16_32(void **state)
{
	(void)state;
	check_encoded("UTF-16LE", "\xFF\xFE", 2, sample, "UTF-16LE", NULL);
	check_encoded("UTF-16BE", "\xFE\xFF", 2, sample, "UTF-16BE", NULL);
	check_encoded("UTF-32LE", "\xFF\xFE\0\0", 4, sample, "UTF-32LE", NULL);
	check_encoded("UTF-32BE", "\0\0\xFE\xFF", 4, sample, "UTF-32BE", NULL);
	/* Forced, with and without its BOM. */
	check_encoded("UTF-16LE", "", 0, sample, "UTF-16LE", "utf-16le");
	check_encoded("UTF-16LE", "\xFF\xFE", 2, sample, "UTF-16LE", "UTF-16LE");
}

static void
test_gb18030_big5(void **state)
{
	(void)state;
	check_encoded("GB18030", "", 0, sample, "GB18030", NULL);
	check_encoded("GBK", "", 0, sample, "GB18030", NULL);
	check_encoded("BIG5", "", 0, sample_trad, "BIG5", NULL);
	check_encoded("GB18030", "", 0, sample, "GB18030", "gbk");
	check_encoded("BIG5", "", 0, sample_trad, "BIG5", "big5");
	check_encoded("ISO-8859-1", "", 0, "caf\xC3\xA9 na\xC3\xAFve\n", "LATIN1", "latin1");
	/* Forcing UTF-8 on GB bytes repairs instead of decoding. */
	{
		struct doc_opts	 o = opts_quiet();
		struct doc	*d;
		size_t		 n;
		char		*gb = convert("GB18030", sample, strlen(sample), &n);

		o.encoding = "UTF-8";
		d = doc_open_mem(gb, n, "gb", &o, NULL);
		assert_string_equal(doc_encoding(d), "UTF-8");
		assert_int_equal(doc_len(d), n);
		doc_scan_wait(d);
		assert_true(doc_invalid_bytes(d) > 0);
		doc_free(d);
		free(gb);
	}
}

static void
test_decode_invalid(void **state)
{
	/* "A", an unpaired surrogate, "B" in UTF-16LE; a lone 0x80 in GB18030. */
	static const char	 u16[] = "\xFF\xFE" "A\0" "\x00\xD8" "B\0";
	static const char	 gb[] = "\xD6\xD0\xCE\xC4\xFF" "a";
	struct doc_opts		 o = opts_quiet();
	struct doc		*d;

	(void)state;
	d = doc_open_mem(u16, sizeof u16 - 1, "u16", &o, NULL);
	assert_text(d, "A\xEF\xBF\xBD" "B", 5);
	assert_int_equal(doc_invalid_bytes(d), 2);
	doc_free(d);
	/* A high surrogate, then a truncated unit: one U+FFFD for the rest. */
	d = doc_open_mem(u16, sizeof u16 - 2, "u16", &o, NULL);
	assert_text(d, "A\xEF\xBF\xBD", 4);
	assert_int_equal(doc_invalid_bytes(d), 3);
	doc_free(d);
	o.encoding = "gb18030";
	d = doc_open_mem(gb, sizeof gb - 1, "gb", &o, NULL);
	assert_text(d, "中文\xEF\xBF\xBD" "a", 10);
	doc_free(d);
}

/* --- repair --- */

static void
test_invalid_utf8(void **state)
{
	/* Every kind, each between ASCII letters. */
	static const char	 bad[] =
	    "a\xC0\xAF" "b"		/* overlong */
	    "\xED\xA0\x80" "c"		/* surrogate */
	    "\xF4\x90\x80\x80" "d"	/* above U+10FFFF */
	    "\xE4\xB8" "e"		/* truncated */
	    "\0" "f"			/* NUL is valid */
	    "\x80\xBF" "g"		/* stray continuations */
	    "\xFF" "h"
	    "\xE4\xB8\xAD"		/* valid 中 */
	    "\xF0\x9F";			/* truncated at the very end */
	struct doc_opts		 o = opts_quiet();
	struct doc		*d;
	char			 want[sizeof bad], *t;
	size_t			 n, i, bs, got, k;
	const char		*v;

	(void)state;
	memcpy(want, bad, sizeof bad);
	ustr_repair(want, sizeof bad - 1);
	assert_int_equal(want[0], 'a');
	assert_int_equal(want[1], USTR_SUB);
	assert_int_equal(want[16], '\0');
	assert_int_equal(want[17], 'f');
	for (bs = 0; bs <= 17; bs += 17) {
		o.block_size = bs;
		d = doc_open_mem(bad, sizeof bad - 1, "bad", &o, NULL);
		assert_string_equal(doc_encoding(d), "UTF-8");
		assert_text(d, want, sizeof bad - 1);
		/* Every view and every short read agrees with the one-shot repair. */
		for (i = 0; i < sizeof bad - 1; i++) {
			for (k = 1; k <= 5 && i + k < sizeof bad; k++) {
				char	buf[8];

				v = doc_view(d, i, k, &got);
				assert_int_equal(got, k);
				assert_memory_equal(v, want + i, k);
				assert_int_equal(doc_pread(d, i, buf, k), k);
				assert_memory_equal(buf, want + i, k);
				/* Raw: the stored bytes, and where they
				 * differ the text has USTR_SUB. */
				assert_int_equal(doc_pread_raw(d, i, buf, k), k);
				assert_memory_equal(buf, bad + i, k);
			}
		}
		for (i = 0; i < sizeof bad - 1; i++)
			assert_true(want[i] == bad[i] || want[i] == USTR_SUB);
		doc_scan_wait(d);
		for (n = 0, i = 0; i < sizeof bad - 1; i++)
			n += want[i] == USTR_SUB;
		assert_int_equal(doc_invalid_bytes(d), n);
		doc_free(d);
	}
	/* A real 0x1A byte is text, not a repair. */
	d = doc_open_mem("x\x1Ay", 3, "sub", &o, NULL);
	doc_scan_wait(d);
	assert_int_equal(doc_invalid_bytes(d), 0);
	t = text_of(d, &n);
	assert_memory_equal(t, "x\x1Ay", 3);
	free(t);
	doc_free(d);
}

/* The reader thread: chunks read and repaired ahead of the scan give the
 * same text, damage count and outline as one chunk, whatever the chunk
 * size (CR, CRLF and bad bytes fall across chunk boundaries); and freeing
 * a doc while both threads run is clean. */
static void
test_reader_chunks(void **state)
{
	static const char *const parts[] = { "第一章 河流\n", "他沿着河岸慢慢地走着。\n",
	    "\xE4\xB8", "\r\n", "\r", "abc ", "\xFF", "“好。”\n", "\n",
	    "第二章 村庄\r\n", "\xED\xA0\x80", "远方的山被雾遮住了一半。" };
	struct doc_opts	 o = opts_quiet();
	struct doc	*d, *ref;
	char		 data[8192], want[8192], *big;
	const char	*p;
	size_t		 n = 0, bad, k, i, bs[] = { 16, 17, 31, 64, 1000 };
	unsigned	 seed = 7;

	(void)state;
	while (n + 64 < sizeof data) {
		seed = seed * 1103515245 + 12345;
		k = (seed >> 16) % (sizeof parts / sizeof parts[0]);
		memcpy(data + n, parts[k], strlen(parts[k]));
		n += strlen(parts[k]);
	}
	memcpy(want, data, n);
	bad = ustr_repair(want, n);
	assert_true(bad > 0);
	p = write_file("chunks.txt", data, n);
	o.encoding = "utf-8";
	ref = doc_open(p, &o, NULL);
	assert_non_null(ref);
	doc_scan_wait(ref);
	assert_int_equal(doc_invalid_bytes(ref), bad);
	for (k = 0; k < sizeof bs / sizeof bs[0]; k++) {
		o.block_size = bs[k];
		d = doc_open(p, &o, NULL);
		assert_non_null(d);
		doc_scan_wait(d);
		assert_text(d, want, n);
		assert_int_equal(doc_invalid_bytes(d), bad);
		assert_int_equal(outline_count(doc_outline(d)),
		    outline_count(doc_outline(ref)));
		for (i = 0; i < outline_count(doc_outline(d)); i++)
			assert_int_equal(outline_get(doc_outline(d), i)->lineno,
			    outline_get(doc_outline(ref), i)->lineno);
		doc_free(d);
	}
	assert_true(outline_count(doc_outline(ref)) > 0);
	doc_free(ref);
	/* Several chunks of the default size, freed at once. */
	big = malloc(3 << 20);
	assert_non_null(big);
	for (i = 0; i + n <= 3u << 20; i += n)
		memcpy(big + i, data, n);
	p = write_file("big.txt", big, i);
	free(big);
	o.block_size = 0;
	for (k = 0; k < 4; k++) {
		d = doc_open(p, &o, NULL);
		assert_non_null(d);
		doc_free(d);
	}
}

/* A 4-byte character across every block boundary of a small block size,
 * read through a file (pread + context) and from memory. */
static void
test_block_boundaries(void **state)
{
	struct doc_opts	 o = opts_quiet();
	struct doc	*d;
	char		 data[400], want[400];
	size_t		 i, n = 0, got;
	const char	*v, *p;

	(void)state;
	while (n + 8 < sizeof data) {
		memcpy(data + n, "\xF0\x9F\x98\x80", 4);	/* valid */
		n += 4;
		memcpy(data + n, "\xE4\xB8", 2);		/* truncated */
		n += 2;
		data[n] = (char)('a' + n % 26);
		n++;
	}
	memcpy(want, data, n);
	ustr_repair(want, n);
	p = write_file("blocks.txt", data, n);
	o.block_size = 16;
	o.encoding = "utf-8";	/* so much damage would look like GB18030 */
	for (i = 0; i < 2; i++) {
		d = i == 0 ? doc_open(p, &o, NULL) : doc_open_mem(data, n, "m", &o, NULL);
		assert_non_null(d);
		v = doc_view(d, 0, n, &got);
		assert_int_equal(got, n);
		assert_memory_equal(v, want, n);
		for (size_t off = 0; off < n; off += 5) {
			v = doc_view(d, off, 9, &got);
			assert_memory_equal(v, want + off, got);
		}
		doc_scan_wait(d);
		assert_int_equal(doc_invalid_bytes(d), 2 * (n / 7));
		doc_free(d);
	}
}

/* --- line endings and paragraphs --- */

static void
test_line_endings(void **state)
{
	struct doc_opts	 o = opts_quiet();
	struct doc	*d;
	struct doc_para	 p, q;
	static const char *texts[] = {
		"one\n\ntwo\n\nthree\n", "one\r\n\r\ntwo\r\n\r\nthree\r\n",
		"one\r\rtwo\r\rthree\r", "one\n\r\ntwo\r\rthree",
	};
	size_t		 i;

	(void)state;
	for (i = 0; i < 4; i++) {
		d = doc_open_mem(texts[i], strlen(texts[i]), "le", &o, NULL);
		doc_scan_wait(d);
		assert_int_equal(doc_para_at(d, 0, &p), 0);
		assert_int_equal(p.len, 3);
		assert_int_equal(p.lineno, 1);
		assert_int_equal(doc_para_next(d, &p, &q), 0);
		assert_memory_equal(doc_para_text(d, &q), "two", 3);
		assert_int_equal(q.lineno, 3);
		assert_int_equal(doc_para_next(d, &q, &p), 0);
		assert_memory_equal(doc_para_text(d, &p), "three", 5);
		assert_int_equal(p.lineno, 5);
		assert_int_equal(doc_para_next(d, &p, &q), -1);
		assert_int_equal(check_walk(d), 3);
		/* Any offset's line (--grep's): "three" and its last
		 * letter are on line 5 with every kind of line end. */
		assert_int_equal(doc_lineno(d, p.off), 5);
		assert_int_equal(doc_lineno(d, p.off + 4), 5);
		assert_int_equal(doc_lineno(d, 1), 1);
		doc_free(d);
	}
	/* Offsets inside a CRLF belong to the line it ends. */
	d = doc_open_mem("ab\r\ncd", 6, "crlf", &o, NULL);
	assert_int_equal(doc_para_at(d, 3, &p), 0);
	assert_int_equal(p.off, 0);
	assert_int_equal(doc_para_at(d, 4, &p), 0);
	assert_int_equal(p.off, 4);
	doc_free(d);
}

static void
test_one_per_line(void **state)
{
	(void)state;
	/* Web paste: long lines, no blank lines. */
	assert_paras("这是第一段，内容比较长，一直写下去。\n"
	    "　　这是第二段。\n\n第三段。\n\n第四段。\n", -1,
	    "这是第一段，内容比较长，一直写下去。|这是第二段。|第三段。|第四段。");
}

/* 70 columns of Latin filler, to make a row as long as a hard wrap. */
#define F "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod"

static void
test_blank_mode(void **state)
{
	(void)state;
	/* Ragged wrapped lines separated by blank lines: joined until a
	 * blank; short lines (a title, an author) stay lines of their own. */
	assert_paras("A Title\nby An Author\n\n"
	    "The quick brown fox jumps over the lazy dog and runs far away\n"
	    "until evening.\n\nSecond para\nhere.\n\n"
	    "Third one ends with two spaces after a long row of wrapped prose  \n"
	    "here\n", -1,
	    "A Title|by An Author|"
	    "The quick brown fox jumps over the lazy dog and runs far away "
	    "until evening.|Second para|here.|"
	    "Third one ends with two spaces after a long row of wrapped prose  "
	    "\nhere");
	assert_paras("Windows line ends are two bytes long and they join the way LF does\r\n"
	    "CRLF\r\n\r\nnext\r\n", -1,
	    "Windows line ends are two bytes long and they join the way LF does \nCRLF|next");
	/* A narrow wrap (20 CJK characters, 40 cells) is joined where rows
	 * of one width show it; a notes block of short lines is not. */
	assert_paras("猫の日記、または庭の猫と池の話\n山田花子\n\n《》：注音\n（例）猫\n\n"
	    "春风吹过山岗野花开满了小路孩子们在溪边\n捉鱼。\n\n"
	    "老人坐在门前晒太阳春风吹过山岗野花开满\n了小路。\n", -1,
	    "猫の日記、または庭の猫と池の話|山田花子|"
	    "《》：注音|（例）猫|春风吹过山岗野花开满了小路孩子们在溪边\n捉鱼。|"
	    "老人坐在门前晒太阳春风吹过山岗野花开满\n了小路。");
	/* No space is added next to CJK text or inside punctuation. */
	assert_paras(F " He said, \u201C\nAI\u201D is " F " \u2014\n"
	    "\u2014 a way " F "\n, so " F " so\n\u7B97\u529B" F "\u7B97\u529B\n"
	    "ends.\n\nnext\n", -1,
	    F " He said, \u201C\nAI\u201D is " F " \u2014\n"
	    "\u2014 a way " F "\n, so " F " so\n\u7B97\u529B" F "\u7B97\u529B\n"
	    "ends.|next");
}

/* --- paragraphs as the author wrote them (issue 13) --- */

/* A 30-character row of our own, 60 cells: a hard wrap at 60. */
#define ROW "春风吹过山岗野花开满了小路孩子们在溪边捉鱼老人坐在门前晒太阳"
#define LONG_JA "猫が庭を歩いて、池の魚を眺めてから、日向で長いあいだ眠っていた。"

/* One paragraph per line with blank lines between sections (an Aozora
 * novel): an indent or a speech is never joined, nor is the front matter. */
static void
test_line_per_paragraph(void **state)
{
	(void)state;
	assert_paras("猫の日記\n山田花子\n\n-----\n【記号について】\n"
	    "《》：ルビ\n（例）猫《ねこ》\n-----\n\n一\n\n"
	    "　猫は庭にいる。名はまだない。\n"
	    "　" LONG_JA LONG_JA LONG_JA "\n"
	    "「ええ」\n"
	    "「なぜですか、あの猫はいつも庭で寝ているのに、今日はいないのですか」\n"
	    "「あの猫は隣の家の屋根の上で寝ているよ、朝からずっとそこにいるんだ」\n"
	    "「そうですか」\n"
	    "　" LONG_JA LONG_JA "\n", -1,
	    "猫の日記|山田花子||【記号について】|《》：ルビ|（例）猫（ねこ）||一|"
	    "猫は庭にいる。名はまだない。|" LONG_JA LONG_JA LONG_JA "|「ええ」|"
	    "「なぜですか、あの猫はいつも庭で寝ているのに、今日はいないのですか」|"
	    "「あの猫は隣の家の屋根の上で寝ているよ、朝からずっとそこにいるんだ」|"
	    "「そうですか」|" LONG_JA LONG_JA);
}

/* Paragraphs between blank lines, no wrap width known: two rows are one
 * paragraph unless the first ends a sentence or a speech and the second
 * opens a quote (dialogue, one speech a line), whichever of the marks,
 * the first and last of each set included. */
static void
test_speech_marks(void **state)
{
	static const char *const pair[][2] = {
		{ "。", "「" }, { "…", "[" }, { "」", "「" }, { "?", "“" },
		{ "，", "「" }, { "…", "春" },
	};
	char	text[8192], want[8192];
	size_t	n = 0, w = 0, i;

	(void)state;
	for (i = 0; i < sizeof pair / sizeof pair[0]; i++) {
		/* a line too wide for a wrap: the text is not wrapped */
		n += (size_t)sprintf(text + n, ROW ROW "\n\n" ROW "%s\n%s"
		    ROW "\n\n", pair[i][0], pair[i][1]);
		w += (size_t)sprintf(want + w, "%s" ROW ROW "|" ROW "%s%s%s"
		    ROW, i == 0 ? "" : "|", pair[i][0], i < 4 ? "|" : "\n",
		    pair[i][1]);
	}
	assert_paras(text, -1, want);
}

/* Hard-wrapped text with CRLF line ends joins as with LF: each "\r\n"
 * becomes the join and a '\n', no '\r' left, in rows longer than the
 * sixteen bytes the terminators are looked for at a time. */
static void
test_wrap_crlf(void **state)
{
	char	text[8192], want[8192];
	size_t	n = 0, w = 0;
	int	i;

	(void)state;
	for (i = 0; i < 8; i++) {
		n += (size_t)sprintf(text + n, ROW "\r\n");
		w += (size_t)sprintf(want + w, i == 0 ? ROW : "\n\n" ROW);
	}
	n += (size_t)sprintf(text + n, "\r\n" ROW "\r\n");
	sprintf(want + w, "|" ROW);
	assert_paras(text, -1, want);
}

/* Hard-wrapped text: a separator line after a full row is a line of its
 * own (a rule for dashes), and so is a dot-leader contents entry. */
static void
test_wrap_separators(void **state)
{
	char	text[8192], want[8192];
	size_t	n = 0, w = 0;
	int	i;

	(void)state;
	n += (size_t)sprintf(text + n, "目录\n春之卷…………………………………………1\n"
	    "夏之卷…………………………………………9\n\n");
	w += (size_t)sprintf(want + w, "目录|春之卷…………………………………………1|"
	    "夏之卷…………………………………………9");
	for (i = 0; i < 4; i++) {
		n += (size_t)sprintf(text + n, ROW "\n" ROW "\n%s\n",
		    i == 0 ? "-----" : i == 1 ? "＊＊＊" : i == 2 ? "※" :
		    "*  *  *");
		w += (size_t)sprintf(want + w, "|" ROW "\n" ROW "|%s",
		    i == 0 ? "" : i == 1 ? "＊＊＊" : i == 2 ? "※" : "*  *  *");
	}
	n += (size_t)sprintf(text + n, ROW "\n" ROW "\n完。\n");
	w += (size_t)sprintf(want + w, "|" ROW "\n" ROW "\n完。");
	assert_paras(text, -1, want);
}

/* One document, regions in different styles: wrapped prose joins, verse
 * whose lines all stop short of the wrap keeps its lines, and a region
 * written one paragraph per line (rows wider than the wrap) is not glued. */
static void
test_wrap_regions(void **state)
{
	struct doc_opts	 o = opts_quiet();
	struct doc	*d;
	char		 text[16384], *got;
	size_t		 n = 0;
	int		 i;

	(void)state;
	/* Enough wrapped rows for the profile to find the wrap at 60. */
	for (i = 0; i < 60; i++)
		n += (size_t)sprintf(text + n, "%s\n", i % 3 == 2 ? "好。" : ROW);
	/* Verse: 22-24 characters, over 0.7 of the wrap, under a full row. */
	n += (size_t)sprintf(text + n, "\n山高月小水落石出清风徐来水波不兴举酒属客\n"
	    "诵明月之诗歌窈窕之章少焉月出于东山之上徘徊\n"
	    "白露横江水光接天纵一苇之所如凌万顷之茫然\n"
	    "浩浩乎如冯虚御风而不知其所止飘飘乎如遗世\n\n");
	/* A verse row indented with U+3000, its wrapped end hung under it
	 * with spaces: joined; an author's indent repeated: not joined. */
	n += (size_t)sprintf(text + n, "　　　　春风吹过山岗野花开满了小路孩子们在溪边捉鱼老人\n"
	    "        坐门前。\n    " ROW "\n    好。\n\n");
	/* One paragraph per line, 40 characters: past the wrap. */
	n += (size_t)sprintf(text + n, ROW "一二三四五六七八九十\n"
	    ROW "十九八七六五四三二一\n");
	d = doc_open_mem(text, n, "regions.txt", &o, NULL);
	assert_true(doc_is_hardwrapped(d));
	got = paras(d);
	assert_non_null(strstr(got, "|" ROW "\n" ROW "\n好。|"));
	assert_non_null(strstr(got, "|山高月小水落石出清风徐来水波不兴举酒属客|"
	    "诵明月之诗歌窈窕之章少焉月出于东山之上徘徊|"
	    "白露横江水光接天纵一苇之所如凌万顷之茫然|"
	    "浩浩乎如冯虚御风而不知其所止飘飘乎如遗世|"));
	/* The line break and the hanging spaces are zero-width joins. */
	assert_non_null(strstr(got, "|春风吹过山岗野花开满了小路孩子们在溪边捉鱼老人"
	    "\n\n\n\n\n\n\n\n\n坐门前。|" ROW "|好。|"));
	assert_non_null(strstr(got, "|" ROW "一二三四五六七八九十|" ROW
	    "十九八七六五四三二一"));
	free(got);
	check_walk(d);
	doc_free(d);
}

/* A web paste with "# comment" lines of pasted shell code and an image
 * line, but no blank lines between paragraphs, is not Markdown: every
 * line stays a paragraph. */
static void
test_paste_not_markdown(void **state)
{
	char	text[4096], want[4096];
	size_t	n = 0, w = 0;
	int	i;

	(void)state;
	for (i = 0; i < 3; i++) {
		n += (size_t)sprintf(text + n, "第%d段说明，运行下面的命令。\n"
		    "$ tool run %d\n# 或者\n$ tool start %d\n", i, i, i);
		w += (size_t)sprintf(want + w, "%s第%d段说明，运行下面的命令。|"
		    "$ tool run %d|# 或者|$ tool start %d", i ? "|" : "", i, i, i);
	}
	n += (size_t)sprintf(text + n, "![]()\n结尾。\n\n");
	w += (size_t)sprintf(want + w, "||结尾。");
	for (i = 0; i < 14; i++) {
		n += (size_t)sprintf(text + n, "第%d行。\n", i);
		w += (size_t)sprintf(want + w, "|第%d行。", i);
	}
	assert_paras(text, -1, want);
}

/* What a reader sees of a text's structure: each paragraph's kind, level
 * and text, then the outline. */
static char *
structure_of(const char *text, size_t n, const char *name)
{
	struct doc_opts			 o = opts_quiet();
	struct doc			*d = doc_open_mem(text, n, name, &o, NULL);
	const struct outline		*ol;
	struct doc_para			 p, q;
	char				*out = calloc(1, 1 << 16);
	size_t				 k, m = 0;
	int				 r;

	assert_non_null(d);
	doc_scan_wait(d);
	for (r = doc_para_at(d, 0, &p); r == 0; r = doc_para_next(d, &p, &q), p = q) {
		assert_true(m + p.body_len + 32 < 1 << 16);
		m += (size_t)snprintf(out + m, (1 << 16) - m, "%d %d ", p.kind,
		    p.level);
		memcpy(out + m, doc_para_text(d, &p), p.body_len);
		m += p.body_len;
		out[m++] = '\n';
	}
	ol = doc_outline(d);
	assert_non_null(ol);
	for (k = 0; k < outline_count(ol); k++)
		m += (size_t)snprintf(out + m, (1 << 16) - m, "toc %d %zu %s\n",
		    outline_get(ol, k)->level, outline_get(ol, k)->lineno,
		    outline_get(ol, k)->title);
	doc_free(d);
	return out;
}

/* The same text gives the same paragraphs and the same outline whatever
 * the ambiguous-width policy (SECTIONS.md §3): “ ” — count one cell. A
 * hard-wrapped text whose rows hold ambiguous characters, a Markdown text
 * whose chapter lines are near the outline's width gate, and a text with
 * blank lines whose dialogue rows are near the wrap thresholds. */
static void
test_structure_ambiguous(void **state)
{
	static const char	 dash[] = "——————————";
	char			 text[3][8192], *got[2];
	const char		*name[3] = { "amb.txt", "amb.md", "amb2.txt" };
	size_t			 n[3] = { 0, 0, 0 }, i, t;
	int			 wide;

	(void)state;
	n[0] += (size_t)sprintf(text[0] + n[0], "第一章 春\n\n");
	for (i = 0; i < 24; i++)
		/* 11 characters and 10 dashes: 32 cells narrow, 42 wide,
		 * the 0.7 of a 60-cell wrap in between. */
		n[0] += (size_t)sprintf(text[0] + n[0], "%s\n", i % 4 == 3 ?
		    "天地玄黄宇宙洪荒日月盈——————————" : ROW);
	n[0] += (size_t)sprintf(text[0] + n[0], "第二章 夏\n\n“天地”\n" ROW "\n");
	/* A Markdown title (one: stage 2 goes on), then chapter lines of 45
	 * cells narrow and 67 wide, past the gate of 60; a list with
	 * quotes. */
	n[1] += (size_t)sprintf(text[1] + n[1], "“书名”——副题\n===\n\n");
	for (i = 1; i <= 6; i++)
		n[1] += (size_t)sprintf(text[1] + n[1], "第%zu章　“天地玄黄”%s%s"
		    "宇宙洪荒\n\n" ROW "。" ROW "。" ROW "。\n\n", i, dash, dash);
	n[1] += (size_t)sprintf(text[1] + n[1], "- “一”——%s\n- “二”\n",
	    dash);
	/* Paragraphs split by blank lines (single lines too wide for a wrap
	 * keep the text from looking hard-wrapped): a first row of 27
	 * ambiguous characters and a kanji, 29 cells narrow, under WRAP_LOW,
	 * and 56 wide, where its twins in the next paragraphs would join it
	 * to its second row. */
	for (i = 0; i < 6; i++)
		n[2] += (size_t)sprintf(text[2] + n[2], "“%s%s—————”春\n"
		    "“吹过”山岗野花开满了小路\n\n%s%s\n\n", dash, dash, ROW,
		    i % 2 ? ROW : "天地玄黄宇宙洪荒日月盈昃");
	for (t = 0; t < 3; t++) {
		for (wide = 0; wide < 2; wide++) {
			ustr_set_ambiguous_wide(wide);
			got[wide] = structure_of(text[t], n[t], name[t]);
		}
		ustr_set_ambiguous_wide(0);
		if (strcmp(got[0], got[1]) != 0)
			fail_msg("%s narrow:\n%s\nwide:\n%s", name[t], got[0],
			    got[1]);
		if (t == 0)
			assert_non_null(strstr(got[0], "toc 1 27 第二章"));
		if (t == 1)
			assert_non_null(strstr(got[0], "toc 2 4 第1章 “天地玄黄”"));
		free(got[0]);
		free(got[1]);
	}
}

static void
test_hard_wrap(void **state)
{
	struct doc_opts	 o = opts_quiet();
	struct doc	*d;
	char		 text[4096], *got;
	const char	*line = "天地玄黄宇宙洪荒日月盈昃辰宿列张寒来暑往秋收冬藏闰余成岁律吕调阳";
	size_t		 n = 0;
	int		 i;

	(void)state;
	/* 40-column CJK lines; a short line ends a paragraph; an indented
	 * line and a chapter line start one. */
	for (i = 0; i < 12; i++) {
		if (i == 4)
			n += (size_t)sprintf(text + n, "第二章 云腾\n");
		n += (size_t)sprintf(text + n, "%s%.*s\n", i == 6 ? "　　" : "",
		    i % 4 == 3 ? 9 : 60, line);
	}
	d = doc_open_mem(text, n, "wrap.txt", &o, NULL);
	assert_true(doc_is_hardwrapped(d));
	assert_false(doc_is_markdown(d));
	got = paras(d);
	{
		char	want[4096];
		size_t	w = 0;

		/* 3 long lines + a short one, joined with '\n' (CJK). */
		for (i = 0; i < 12; i++) {
			if (i == 4)
				w += (size_t)sprintf(want + w, "|第二章 云腾|");
			else if (i == 6)
				w += (size_t)sprintf(want + w, "|");
			else if (i > 0 && (i - 1) % 4 != 3)
				want[w++] = '\n';
			else if (i > 0)
				want[w++] = '|';
			w += (size_t)sprintf(want + w, "%.*s", i % 4 == 3 ? 9 : 60, line);
		}
		want[w] = '\0';
		assert_string_equal(got, want);
	}
	free(got);
	assert_int_equal(check_walk(d), 5);
	doc_free(d);

	/* Latin hard wrap at ~50 columns: one space. */
	n = 0;
	for (i = 0; i < 10; i++)
		n += (size_t)sprintf(text + n, "%s\n", i == 4 ? "short end." :
		    i % 2 ? "lorem ipsum dolor sit amet consectetur adipiscing" :
		    "sed do eiusmod tempor incididunt ut labore et dolo");
	d = doc_open_mem(text, n, "latin.txt", &o, NULL);
	assert_true(doc_is_hardwrapped(d));
	got = paras(d);
	assert_non_null(strstr(got, "dolo lorem ipsum"));
	assert_non_null(strstr(got, "short end.|lorem ipsum"));
	free(got);
	doc_free(d);
}

/* A web page pasted as text leaves image lines behind: in a document that
 * is not Markdown they are image paragraphs too, never raw text. */
static void
test_plain_image_line(void **state)
{
	static const char	 t[] = "第一行文字。\n![]()\n  ![图一](a.png)  \n"
	    "![not](alone) text\n末行。\n";
	static const int	 kinds[] = { DOC_PARA_TEXT, DOC_PARA_IMAGE,
	    DOC_PARA_IMAGE, DOC_PARA_TEXT, DOC_PARA_TEXT };
	struct doc_opts		 o = opts_quiet();
	struct doc		*d;
	struct doc_para		 p, q;
	size_t			 i;
	int			 r;

	(void)state;
	d = doc_open_mem(t, sizeof t - 1, "paste.txt", &o, NULL);
	assert_false(doc_is_markdown(d));
	for (i = 0, r = doc_para_at(d, 0, &p); r == 0; i++,
	    r = doc_para_next(d, &p, &q), p = q) {
		assert_true(i < sizeof kinds / sizeof kinds[0]);
		assert_int_equal(p.kind, kinds[i]);
	}
	assert_int_equal(i, sizeof kinds / sizeof kinds[0]);
	doc_free(d);
}

static void
test_markdown(void **state)
{
	static const char	 md[] =
	    "# Title #\n\nSome *text*\nwrapped.\n\nSetext\n======\n\n"
	    "- item one\n  continues\n- item two\n\n> quoted\n> more\n\n"
	    "```c\nint x;\n\n  y();\n```\n\n![a cat](cat.png)\n\n---\n\n"
	    "## Sub\n1. first\n#include <x>\n";
	static const char	 mdish[] = "# A\n\ntext\n\n# B\n\n- x\n";
	struct doc_opts		 o = opts_quiet();
	struct doc		*d;
	struct doc_para		 p, q;
	static const struct {
		int		 kind, level;
		const char	*body;
	} want[] = {
		{ DOC_PARA_HEADING, 1, "Title" },
		/* emphasis marks are hidden as joins (markup.h) */
		{ DOC_PARA_TEXT, 0, "Some \ntext\n wrapped." },
		{ DOC_PARA_HEADING, 1, "Setext" },
		{ DOC_PARA_LIST, 1, "item one \n\ncontinues" },
		{ DOC_PARA_LIST, 1, "item two" },
		{ DOC_PARA_QUOTE, 1, "quoted \n\nmore" },
		{ DOC_PARA_CODE, 0, "int x;" },
		{ DOC_PARA_CODE, 0, "" },
		{ DOC_PARA_CODE, 0, "  y();" },
		{ DOC_PARA_IMAGE, 0, "a cat" },
		{ DOC_PARA_RULE, 0, "" },
		{ DOC_PARA_HEADING, 2, "Sub" },
		{ DOC_PARA_LIST, 1, "first #include <x>" },
	};
	size_t			 i;
	int			 r;

	(void)state;
	d = doc_open_mem(md, sizeof md - 1, "notes.md", &o, NULL);
	assert_true(doc_is_markdown(d));
	for (i = 0, r = doc_para_at(d, 0, &p); r == 0; i++, r = doc_para_next(d, &p, &q), p = q) {
		assert_true(i < sizeof want / sizeof want[0]);
		assert_int_equal(p.kind, want[i].kind);
		assert_int_equal(p.level, want[i].level);
		assert_int_equal(p.body_len, strlen(want[i].body));
		/* A list continuation's indent becomes joins. */
		assert_memory_equal(doc_para_text(d, &p), want[i].body, p.body_len);
	}
	assert_int_equal(i, sizeof want / sizeof want[0]);
	assert_int_equal(check_walk(d), i);
	/* A fence line is part of nothing: the next paragraph. */
	assert_int_equal(doc_para_at(d, (size_t)(strstr(md, "```c") - md), &p), 0);
	assert_memory_equal(md + p.off, "int x;", 6);
	doc_free(d);
	/* Detected from content (two ATX headings and a list), not the name. */
	d = doc_open_mem(mdish, strlen(mdish), "plain", &o, NULL);
	assert_true(doc_is_markdown(d));
	doc_free(d);
	o.markdown = 0;
	d = doc_open_mem(mdish, strlen(mdish), "plain.md", &o, NULL);
	assert_false(doc_is_markdown(d));
	doc_free(d);
}

/* A setext heading is the same paragraph from every offset in it, the
 * underline included (found by fuzz_search: from the underline the body
 * took the underline in). */
static void
test_setext_every_offset(void **state)
{
	static const char *const texts[] = { "Title\n----\n\nbody\n",
	    "Title\r\n====\r\n\r\nbody\r\n" };
	struct doc_opts	 o = opts_quiet();
	struct doc	*d;
	struct doc_para	 p, q;
	size_t		 i, k;

	(void)state;
	o.markdown = 1;
	for (k = 0; k < 2; k++) {
		d = doc_open_mem(texts[k], strlen(texts[k]), "t.md", &o, NULL);
		doc_scan_wait(d);
		assert_int_equal(doc_para_at(d, 0, &p), 0);
		assert_int_equal(p.kind, DOC_PARA_HEADING);
		assert_int_equal(p.body_len, 5);
		for (i = 1; i < p.off + p.len; i++) {
			assert_int_equal(doc_para_at(d, i, &q), 0);
			assert_int_equal(q.off, p.off);
			assert_int_equal(q.body_off, p.body_off);
			assert_int_equal(q.body_len, p.body_len);
			assert_int_equal(q.kind, p.kind);
		}
		doc_free(d);
	}
}

static void
test_markdown_list_text(void **state)
{
	(void)state;
	assert_paras("- item one\n  continues\n\n> a\n> > deeper\n", 1,
	    "item one \n\ncontinues|a|deeper");
}

/* --- virtual paragraphs --- */

static void
check_long_line(const char *unit, size_t unitlen, size_t total, int bs)
{
	struct doc_opts	 o = opts_quiet();
	struct doc	*d;
	struct doc_para	 p, q, r;
	char		*data = malloc(total + 16);
	size_t		 n = 0, pieces, off;
	const char	*t;

	o.block_size = (size_t)bs;
	memcpy(data, "start\n", 6);
	n = 6;
	while (n + unitlen < total) {
		memcpy(data + n, unit, unitlen);
		n += unitlen;
	}
	memcpy(data + n, "\nend\n", 5);
	n += 5;
	d = doc_open_mem(data, n, "long", &o, NULL);
	pieces = check_walk(d);
	assert_true(pieces >= 2 + (total / DOC_PARA_MAX));
	/* Random offsets land in the piece that contains them. */
	for (off = 7; off < n - 5; off += 99991) {
		assert_int_equal(doc_para_at(d, off, &p), 0);
		assert_true(p.off <= off && off < p.off + p.len + 1);
		assert_true(p.len < DOC_PARA_MAX);
		if (p.off > 6)
			assert_int_equal(p.cont, 1);
		t = doc_para_text(d, &p);
		assert_memory_equal(t, data + p.body_off, p.body_len);
		if (doc_para_next(d, &p, &q) == 0) {
			assert_int_equal(doc_para_prev(d, &q, &r), 0);
			assert_int_equal(r.off, p.off);
			assert_int_equal(r.len, p.len);
		}
	}
	doc_free(d);
	free(data);
}

static void
test_virtual_paragraphs(void **state)
{
	(void)state;
	check_long_line("word ", 5, 3 << 20, 0);
	check_long_line("汉字", 6, 1 << 20, 0);
	/* Only combining marks: no space, no CJK pair. */
	check_long_line("a\xCC\x81", 3, 400000, 0);
	check_long_line("xyz", 3, 300000, 4096);
}

/* A long paragraph of many short lines is cut the same way. */
static void
test_virtual_multiline(void **state)
{
	struct doc_opts	 o = opts_quiet();
	struct doc	*d;
	char		*data = malloc(300000);
	size_t		 n = 0;

	(void)state;
	while (n < 300000 - 64)
		n += (size_t)sprintf(data + n, "line %zu of a paragraph\n", n);
	o.markdown = 1;
	d = doc_open_mem(data, n, "m", &o, NULL);
	assert_true(check_walk(d) >= 4);
	doc_free(d);
	free(data);
}

/* --- files that change, stdin, FIFOs, devices --- */

static void
test_file_shrinks(void **state)
{
	struct doc_opts	 o = opts_quiet();
	struct doc	*d;
	struct doc_para	 p;
	char		*data = malloc(1 << 20), buf[64];
	size_t		 i, got;
	const char	*path, *v;

	(void)state;
	for (i = 0; i < (1 << 20); i++)
		data[i] = i % 64 == 63 ? '\n' : 'a' + (char)(i % 26);
	path = write_file("shrink.txt", data, 1 << 20);
	d = doc_open(path, &o, NULL);
	assert_int_equal(doc_changed(d), 0);
	assert_int_equal(truncate(path, 1000), 0);
	assert_int_equal(doc_changed(d), 1);
	assert_int_equal(doc_len(d), 1 << 20);
	/* Past the new end: blank, no paragraph, no crash. */
	v = doc_view(d, 500000, 10, &got);
	assert_int_equal(got, 10);
	assert_memory_equal(v, "\n\n\n\n\n\n\n\n\n\n", 10);
	assert_int_equal(doc_pread(d, 999, buf, 4), 4);
	assert_int_equal(buf[1], '\n');
	assert_int_equal(doc_para_at(d, 500000, &p), -1);
	assert_int_equal(doc_para_at(d, 0, &p), 0);
	doc_scan_wait(d);
	assert_non_null(doc_outline(d));
	doc_free(d);

	/* Deleted while open: still readable, reported. */
	path = write_file("gone.txt", data, 4096);
	d = doc_open(path, &o, NULL);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(doc_changed(d), 1);
	assert_int_equal(doc_pread(d, 0, buf, 8), 8);
	assert_memory_equal(buf, data, 8);
	doc_free(d);
	free(data);
}

/* doc_refresh(): a shrink is taken up at once (no read past the new end,
 * a new scan over what is left), growth only at the end, an in-place
 * rewrite at once and with no stale block; a twin made before keeps
 * reading its own outline. */
static void
test_file_refresh(void **state)
{
	struct doc_opts	 o = opts_quiet();
	struct doc	*d, *t;
	struct doc_para	 p;
	char		*data = malloc(1 << 20), buf[64];
	size_t		 i, got, n;
	const char	*path, *v;
	struct timespec	 later[2] = { { 0, UTIME_OMIT }, { 1000000000, 0 } };
	FILE		*f;

	(void)state;
	for (i = 0; i < (1 << 20); i++)
		data[i] = i % 64 == 63 ? '\n' : 'a' + (char)(i % 26);
	memcpy(data, "第一章 开始\n", 17);
	path = write_file("refresh.txt", data, 1 << 20);
	d = doc_open(path, &o, NULL);
	doc_scan_wait(d);
	t = doc_twin(d);
	assert_int_equal(doc_refresh(d, 1), DOC_SAME);
	assert_int_equal(truncate(path, 1000), 0);
	assert_int_equal(doc_refresh(d, 0), DOC_TRUNCATED);
	assert_int_equal(doc_len(d), 1000);
	assert_int_equal(doc_changed(d), 0);
	v = doc_view(d, 500000, 10, &got);
	assert_int_equal(got, 0);
	assert_int_equal(doc_para_at(d, 500000, &p), -1);
	assert_int_equal(doc_para_at(d, 990, &p), 0);
	assert_true(p.off + p.len <= 1000);
	assert_null(doc_outline(d));
	doc_scan_wait(d);
	assert_int_equal(outline_count(doc_outline(d)), outline_count(doc_outline(t)));
	assert_int_equal(doc_refresh(d, 1), DOC_SAME);
	doc_free(t);	/* it read the replaced outline until now */

	/* Growth: nothing until the reader is at the end. */
	f = fopen(path, "ab");
	assert_non_null(f);
	assert_true(fputs("\n第二章 后来\n追加的文字。\n", f) >= 0);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(doc_refresh(d, 0), DOC_SAME);
	assert_int_equal(doc_len(d), 1000);
	assert_int_equal(doc_refresh(d, 1), DOC_RELOADED);
	n = doc_len(d);
	assert_true(n > 1000);
	assert_int_equal(doc_pread(d, n - 19, buf, 19), 19);
	assert_memory_equal(buf, "追加的文字。\n", 19);
	doc_scan_wait(d);
	assert_int_equal(outline_count(doc_outline(d)), 2);

	/* Rewritten in place, same size, a new mtime: reloaded, the cached
	 * block forgotten. */
	v = doc_view(d, 0, 9, &got);
	assert_memory_equal(v, "第一章", 9);
	f = fopen(path, "r+b");
	assert_non_null(f);
	assert_true(fputs("第三章", f) >= 0);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(utimensat(AT_FDCWD, path, later, 0), 0);
	assert_int_equal(doc_refresh(d, 0), DOC_RELOADED);
	assert_int_equal(doc_len(d), n);
	v = doc_view(d, 0, 9, &got);
	assert_memory_equal(v, "第三章", 9);
	doc_free(d);
	free(data);
}

/* Runs doc_open("-") with stdin fed by a child writing data. */
static struct doc *
open_stdin_from(const char *data, size_t n, const struct doc_opts *o)
{
	int		 fds[2], saved = dup(0);
	pid_t		 pid;
	struct doc	*d;

	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(fds[0]);
		while (n > 0) {
			ssize_t	w = write(fds[1], data, n);

			if (w <= 0)
				_exit(1);
			data += w;
			n -= (size_t)w;
		}
		_exit(0);
	}
	close(fds[1]);
	assert_int_equal(dup2(fds[0], 0), 0);
	close(fds[0]);
	d = doc_open("-", o, NULL);
	dup2(saved, 0);
	close(saved);
	assert_non_null(d);
	doc_scan_wait(d);
	waitpid(pid, NULL, 0);
	return d;
}

static void
test_stdin_pipe(void **state)
{
	struct doc_opts	 o = opts_quiet();
	struct doc	*d, *f;
	char		*big = malloc(300000), *gb;
	size_t		 i, n;

	(void)state;
	/* Chinese lines with an invalid byte now and then. */
	for (i = 0; i < 300000; i += 3)
		memcpy(big + i, i % 5001 == 0 ? "\xFFxy" : i % 81 == 0 ? "\n\n\n" : "中", 3);
	d = open_stdin_from(big, 300000, &o);
	assert_string_equal(doc_name(d), "stdin");
	assert_true(doc_len_final(d));
	assert_null(doc_error(d));
	f = doc_open(write_file("same.txt", big, 300000), &o, NULL);
	assert_int_equal(doc_len(d), 300000);
	{
		size_t	 a, b;
		char	*ta = text_of(d, &a), *tb = text_of(f, &b);

		assert_int_equal(a, b);
		assert_memory_equal(ta, tb, a);
		free(ta);
		free(tb);
	}
	/* Same text through stdin and a file: same fingerprint. */
	assert_string_equal(doc_fingerprint(d), doc_fingerprint(f));
	doc_scan_wait(f);
	assert_int_equal(doc_invalid_bytes(d), doc_invalid_bytes(f));
	assert_int_equal(check_walk(d), check_walk(f));
	doc_free(f);
	doc_free(d);

	/* GB18030 through a pipe is decoded too. */
	gb = convert("GB18030", sample, strlen(sample), &n);
	d = open_stdin_from(gb, n, &o);
	assert_string_equal(doc_encoding(d), "GB18030");
	assert_text(d, sample, strlen(sample));
	doc_free(d);
	free(gb);
	free(big);
}

/* opts.wait: asked while a FIFO has no writer; 1 on the third call. */
static int
wait_three(void *arg)
{
	return ++*(int *)arg >= 3;
}

/* A FIFO that nothing writes to: doc_open() asks opts.wait and gives up
 * when it says so, with no cause (q in the pager); one written to later
 * opens with its text. */
static void
test_fifo_wait(void **state)
{
	struct doc_opts	 o = opts_quiet();
	struct doc	*d;
	const char	*fifo = path_of("silent");
	char		*cause = NULL;
	int		 calls = 0, fd;
	pid_t		 pid;

	(void)state;
	assert_int_equal(mkfifo(fifo, 0600), 0);
	o.wait = wait_three;
	o.wait_arg = &calls;
	assert_null(doc_open(fifo, &o, &cause));
	assert_null(cause);
	assert_int_equal(calls, 3);
	calls = -1000;	/* never gives up */
	pid = fork();
	if (pid == 0) {
		usleep(200000);
		fd = open(fifo, O_WRONLY);
		if (write(fd, "late\n", 5) != 5)
			_exit(1);
		_exit(0);
	}
	d = doc_open(fifo, &o, NULL);
	assert_non_null(d);
	assert_true(calls > -1000);
	doc_scan_wait(d);
	waitpid(pid, NULL, 0);
	assert_text(d, "late\n", 5);
	doc_free(d);
}

static void
test_fifo_and_device(void **state)
{
	struct doc_opts	 o = opts_quiet();
	struct doc	*d;
	const char	*fifo = path_of("fifo");
	pid_t		 pid;
	int		 fd;

	(void)state;
	assert_int_equal(mkfifo(fifo, 0600), 0);
	pid = fork();
	if (pid == 0) {
		fd = open(fifo, O_WRONLY);
		if (write(fd, "from a fifo\n", 12) != 12)
			_exit(1);
		_exit(0);
	}
	/* O_NONBLOCK: opening does not wait for the writer. */
	d = doc_open(fifo, &o, NULL);
	assert_non_null(d);
	doc_scan_wait(d);
	waitpid(pid, NULL, 0);
	assert_text(d, "from a fifo\n", 12);
	doc_free(d);

	/* An endless device stops at max_spool with an error. */
	o.max_spool = 1 << 20;
	d = doc_open("/dev/zero", &o, NULL);
	assert_non_null(d);
	doc_scan_wait(d);
	assert_true(doc_len_final(d));
	assert_int_equal(doc_len(d), 1 << 20);
	assert_non_null(doc_error(d));
	assert_non_null(strstr(doc_error(d), "/dev/zero: input too large"));
	doc_free(d);
	/* With the thread: doc_free stops it promptly. */
	o.no_scan = 0;
	o.max_spool = (size_t)1 << 40;
	d = doc_open("/dev/zero", &o, NULL);
	assert_non_null(d);
	usleep(20000);
	assert_false(doc_len_final(d));
	doc_free(d);
}

/* --- the background thread and the outline --- */

/* The reader thread counts lines of each chunk for the outline ahead of
 * the scan: the sections and their reading times must be those of the same
 * lines fed one by one (LF, CRLF, lone CR, empty and long lines, lines
 * across chunks), with 1 MiB chunks and with 4 KiB ones. */
static void
test_scan_counts(void **state)
{
	static const char *const body[] = { "这是一行正文，用来测试“计数”。",
	    "Plain English words, 42 of them", "混合 mixed 文本 text 2024年",
	    "é ж ·", "" };
	static const char *const end[] = { "\n", "\n", "\n", "\r\n", "\r" };
	struct doc_opts		 o = opts_quiet();
	struct outline_opts	 oo = { .markdown = 0 };
	struct outline		*ref;
	const struct outline	*got;
	struct doc		*d;
	char			*data = malloc(3 << 20);
	size_t			 n = 0, s, e, i, rep;
	unsigned		 seed = 3;
	int			 pass;

	(void)state;
	for (i = 0; n < (3 << 20) - 20000; i++) {
		if (i % 300 == 0)
			n += (size_t)sprintf(data + n, "第%zu章 标题\n", i / 300 + 1);
		rep = (size_t)rand_r(&seed) % (i % 97 == 0 ? 600 : 12);
		while (rep-- > 0)
			n += (size_t)sprintf(data + n, "%s",
			    body[(size_t)rand_r(&seed) % 5]);
		n += (size_t)sprintf(data + n, "%s",
		    end[(size_t)rand_r(&seed) % 5]);
	}
	/* The reference: each line fed in order, cut as doc cuts them. */
	ref = outline_new(&oo, NULL);
	for (s = 0; s < n; s = e + 1 + (data[e] == '\r' && e + 1 < n &&
	    data[e + 1] == '\n')) {
		for (e = s; e < n && data[e] != '\n' && data[e] != '\r'; e++)
			;
		outline_feed(ref, s, data + s, e - s);
		if (e == n)
			break;
	}
	outline_finish(ref, n);
	assert_true(outline_count(ref) > 50);
	for (pass = 0; pass < 2; pass++) {
		o.no_scan = 0;
		o.markdown = 0;
		o.block_size = pass == 0 ? 0 : 4096;
		d = doc_open(write_file("counts.txt", data, n), &o, NULL);
		assert_non_null(d);
		doc_scan_wait(d);
		got = doc_outline(d);
		assert_int_equal(outline_count(got), outline_count(ref));
		for (i = 0; i < outline_count(ref); i++) {
			assert_int_equal(outline_get(got, i)->off,
			    outline_get(ref, i)->off);
			assert_true(outline_get(got, i)->minutes ==
			    outline_get(ref, i)->minutes);
		}
		assert_true(outline_minutes_left(got, 0, 0, 1, INT_MAX) ==
		    outline_minutes_left(ref, 0, 0, 1, INT_MAX));
		assert_true(outline_minutes_left(got, 0, 0, INT_MAX, 1) ==
		    outline_minutes_left(ref, 0, 0, INT_MAX, 1));
		doc_free(d);
	}
	outline_free(ref);
	free(data);
}

/* defer_scan: nothing is scanned until doc_scan_start() (the pager calls
 * it once the first screen is out); a second start does nothing; and
 * doc_scan_wait() without a start scans in place. */
static void
test_deferred_scan(void **state)
{
	struct doc_opts	 o = opts_quiet();
	struct doc	*d;
	struct doc_para	 p;
	char		*data = malloc(1 << 20);
	size_t		 n = 0, done, total;
	int		 i, pass;

	(void)state;
	for (i = 0; n < (1 << 20) - 200; i++)
		n += (size_t)sprintf(data + n, i % 100 == 0 ? "第%d章 标题\n" :
		    "正文第%d行，写给延后的扫描。\n", i / 100 + 1);
	o.no_scan = 0;
	o.defer_scan = 1;
	for (pass = 0; pass < 2; pass++) {
		d = doc_open(write_file("deferred.txt", data, n), &o, NULL);
		assert_non_null(d);
		/* The first screen needs no scan. */
		assert_int_equal(doc_para_at(d, 0, &p), 0);
		usleep(50000);
		doc_scan_progress(d, &done, &total);
		assert_int_equal(done, 0);
		assert_false(doc_scan_done(d));
		if (pass == 0) {
			doc_scan_start(d);
			doc_scan_start(d);
		}
		doc_scan_wait(d);
		assert_true(doc_scan_done(d));
		doc_scan_progress(d, &done, &total);
		assert_int_equal(done, n);
		assert_int_equal(outline_count(doc_outline(d)), (size_t)i / 100 +
		    (i % 100 != 0));
		doc_free(d);
	}
	/* Freed before it ever started. */
	d = doc_open(write_file("deferred.txt", data, n), &o, NULL);
	doc_free(d);
	free(data);
}

static void
test_thread_scan(void **state)
{
	struct doc_opts	 o = opts_quiet();
	struct doc	*d;
	char		*data = malloc(3 << 20);
	size_t		 n = 0, done, total;
	int		 i;

	(void)state;
	o.no_scan = 0;
	for (i = 0; n < (3 << 20) - 200; i++) {
		if (i % 200 == 0)
			n += (size_t)sprintf(data + n, "第%d章 标题\n", i / 200 + 1);
		n += (size_t)sprintf(data + n, "这是一行正文，用来测试后台扫描的速度和正确性。\n");
	}
	d = doc_open(write_file("thread.txt", data, n), &o, NULL);
	doc_scan_wait(d);
	doc_scan_wait(d);	/* a second wait returns at once */
	assert_true(doc_scan_done(d));
	doc_scan_progress(d, &done, &total);
	assert_int_equal(done, n);
	assert_int_equal(total, n);
	assert_non_null(doc_outline(d));
	assert_true(outline_count(doc_outline(d)) > 10);
	{
		const struct outline_section	*s = outline_get(doc_outline(d), 1);
		struct doc_para			 p;

		assert_int_equal(doc_para_at(d, s->off, &p), 0);
		assert_int_equal(p.kind, DOC_PARA_HEADING);
		assert_int_equal(p.lineno, s->lineno);
	}
	doc_free(d);
	free(data);
}

/* The article's headings as doc sees them, in whatever encoding it was
 * opened: the lines of tests/data/article.toc, each a heading paragraph. */
static void
check_article(struct doc *d)
{
	const struct outline	*o;
	struct doc_para		 p;
	const char		*titles[8];
	char			*toc;
	size_t			 lines[8], n, i;

	n = test_article_toc(&toc, lines, titles, 8);
	assert_int_equal(n, 3);
	doc_scan_wait(d);
	o = doc_outline(d);
	assert_non_null(o);
	assert_int_equal(outline_count(o), n);
	for (i = 0; i < n; i++) {
		assert_int_equal(outline_get(o, i)->lineno, lines[i]);
		assert_int_equal(doc_para_at(d, outline_get(o, i)->off, &p), 0);
		assert_int_equal(p.kind, DOC_PARA_HEADING);
		assert_int_equal(p.lineno, lines[i]);
	}
	assert_int_equal(check_walk(d), 50);	/* the last has no newline */
	free(toc);
}

/* The article in UTF-8, GB18030, GBK, UTF-16LE with a BOM, and CRLF. */
static void
test_article(void **state)
{
	static const char *const enc[] = { "GB18030", "GBK" };
	struct doc_opts	 o = opts_quiet();
	struct doc	*d;
	char		*text, *conv, *crlf;
	size_t		 n = 0, cn, i, k;

	(void)state;
	text = test_slurp(TEST_ARTICLE, &n);
	assert_non_null(text);
	assert_int_not_equal(text[n - 1], '\n');
	d = doc_open(TEST_ARTICLE, &o, NULL);
	assert_false(doc_is_hardwrapped(d));
	check_article(d);
	doc_free(d);

	for (i = 0; i < 2; i++) {
		conv = convert(enc[i], text, n, &cn);
		d = doc_open(write_file("article-gb.txt", conv, cn), &o, NULL);
		assert_string_equal(doc_encoding(d), "GB18030");
		check_article(d);
		doc_free(d);
		free(conv);
	}

	conv = convert("UTF-16LE", text, n, &cn);
	crlf = malloc(cn + 2);
	memcpy(crlf, "\xFF\xFE", 2);
	memcpy(crlf + 2, conv, cn);
	d = doc_open(write_file("article-16.txt", crlf, cn + 2), &o, NULL);
	assert_string_equal(doc_encoding(d), "UTF-16LE");
	check_article(d);
	doc_free(d);
	free(crlf);
	free(conv);

	crlf = malloc(2 * n);
	for (i = k = 0; i < n; i++) {
		if (text[i] == '\n')
			crlf[k++] = '\r';
		crlf[k++] = text[i];
	}
	d = doc_open_mem(crlf, k, "article-crlf.txt", &o, NULL);
	check_article(d);
	doc_free(d);
	free(crlf);
	free(text);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_open_errors),
		cmocka_unit_test(test_file_utf8),
		cmocka_unit_test(test_twin_repair),
		cmocka_unit_test(test_lineno_order),
		cmocka_unit_test(test_utf8_bom),
		cmocka_unit_test(test_utf16_32),
		cmocka_unit_test(test_gb18030_big5),
		cmocka_unit_test(test_decode_invalid),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_block_boundaries),
		cmocka_unit_test(test_reader_chunks),
		cmocka_unit_test(test_line_endings),
		cmocka_unit_test(test_one_per_line),
		cmocka_unit_test(test_blank_mode),
		cmocka_unit_test(test_hard_wrap),
		cmocka_unit_test(test_line_per_paragraph),
		cmocka_unit_test(test_speech_marks),
		cmocka_unit_test(test_wrap_crlf),
		cmocka_unit_test(test_wrap_separators),
		cmocka_unit_test(test_wrap_regions),
		cmocka_unit_test(test_paste_not_markdown),
		cmocka_unit_test(test_structure_ambiguous),
		cmocka_unit_test(test_fingerprint_value),
		cmocka_unit_test(test_plain_image_line),
		cmocka_unit_test(test_markdown),
		cmocka_unit_test(test_setext_every_offset),
		cmocka_unit_test(test_markdown_list_text),
		cmocka_unit_test(test_virtual_paragraphs),
		cmocka_unit_test(test_virtual_multiline),
		cmocka_unit_test(test_file_shrinks),
		cmocka_unit_test(test_file_refresh),
		cmocka_unit_test(test_stdin_pipe),
		cmocka_unit_test(test_fifo_and_device),
		cmocka_unit_test(test_fifo_wait),
		cmocka_unit_test(test_scan_counts),
		cmocka_unit_test(test_deferred_scan),
		cmocka_unit_test(test_thread_scan),
		cmocka_unit_test(test_article),
	};

	return cmocka_run_group_tests(tests, setup_dir, teardown_dir);
}
