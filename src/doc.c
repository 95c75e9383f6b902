/* doc: the document store.
 *
 * Data model. The text is one immutable byte sequence [0, len), valid UTF-8
 * except for USTR_SUB bytes. It lives in one of three storages:
 *   DOC_FILE   a regular UTF-8 file read in place with pread(). Every read
 *              takes CTX bytes of context on each side and is repaired with
 *              ustr_repair(), so a byte's value depends only on its neighbours
 *              (a UTF-8 sequence is at most 4 bytes), never on where a block
 *              or a read starts. len is st_size at open and never changes:
 *              bytes that vanish later read as '\n' (blank lines, so no
 *              paragraph and nothing indexed) and set the changed flag.
 *   DOC_SPOOL  stdin, pipes, devices and files in another encoding: the worker
 *              thread decodes (repair or iconv) into an unlinked temporary
 *              file and publishes its length with an atomic store after each
 *              write; the text in it is already clean.
 *   DOC_MEM    doc_open_mem(): raw UTF-8 repaired on read exactly like a file
 *              (so fuzzers exercise that path), or text decoded at open.
 * A UTF-8 BOM stays in the text (offsets stay file offsets); paragraphs, lines
 * fed to the outline and everything else start after it (d->start).
 *
 * The scan (worker thread, started by doc_open or, with defer_scan, by
 * doc_scan_start once the pager's first screen is out; or doc_scan_wait()
 * with no_scan) reads the text once, in order: line checkpoints
 * (terminators starting before each multiple of CP), every line to the
 * outline, invalid bytes, progress. A text read
 * through raw_fill() is read and repaired a chunk ahead by a second thread
 * (the reader), which also counts the outline's characters and cells of the
 * lines in each chunk's second half (count_lines), so that the two threads
 * share the work that passes every byte. Both run at a lower priority
 * (thread_yielding) than the thread that draws.
 * Results are published with release stores; the main thread reads them with
 * acquire loads. Only doc_pread() may be called from other threads.
 *
 * Paragraphs are computed on demand from the lines around an offset; each
 * decision is a pure function of the text near it (and of the outline once
 * published), which is what keeps doc_para_at/next/prev consistent without a
 * whole-document index. Lines longer than LONG bytes are "huge": plain text,
 * classified without their far end. A paragraph longer than DOC_PARA_MAX
 * (and only such a one) is cut at cut_at(k) for every multiple k of STEP
 * inside it, so each piece is shorter than DOC_PARA_MAX and finding one
 * costs O(DOC_PARA_MAX).
 */
#define _GNU_SOURCE		/* memrchr, mkostemp */
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "doc.h"
#include "markup.h"
#include "outline.h"
#include "ustr.h"
#include "util.h"

#define CTX		3		/* repair context on each side */
#define HEAD		(64 * 1024)	/* bytes that decide encoding and profile */
#define BLOCK		(64 * 1024)
#define NBLOCKS		16
#define CHUNK		(1024 * 1024)	/* scan and decode step */
#define CP		(16 * 1024)	/* line checkpoint spacing */
#define CP_PAGE		4096		/* checkpoints per allocation */
#define VIEW_MAX	(DOC_PARA_MAX + 64)
#define STEP		(DOC_PARA_MAX - 4096)	/* virtual paragraph grid */
#define CUT_WIN		1024		/* where cut_at() looks for a safe point */
#define CUT_NEAR	64		/* where it looks first */
#define CUT_BACK	64		/* text before it that decides a break */
#define CUT_AHEAD	32		/* and after it */
#define LONG		DOC_PARA_MAX	/* a longer line is "huge" */
#define FEED_MAX	(1024 * 1024)	/* longest line fed whole to the outline */
#define FENCE_BUCKET	(64 * 1024)	/* fence state looks back 1-2 buckets */
#define NFENCE		4
#define MAX_SPOOL	((size_t)1 << 30)
#define UNK		SIZE_MAX

enum { DOC_FILE, DOC_SPOOL, DOC_MEM };
enum { MODE_LINE, MODE_BLANK, MODE_WRAP, MODE_MD };

/* Line types. LT_DASH (---) is a setext underline after text, else a rule;
 * LT_EQ (===) an underline after text, else text. LT_ALONE is plain text
 * that is a paragraph of its own (a contents entry, a ※ or ＊＊＊ break). */
enum {
	LT_BLANK, LT_FENCE, LT_TEXT, LT_CODE, LT_HEAD, LT_ATX, LT_RULE,
	LT_DASH, LT_EQ, LT_IMAGE, LT_LIST, LT_QUOTE, LT_ALONE,
};

struct block {
	size_t		 idx;
	size_t		 len;
	unsigned long	 use;
	char		*data;
};

/* Fence lines (start offsets) among the lines that start in
 * [bucket - 1, bucket + 1) * FENCE_BUCKET, as a state machine sees them. */
struct fences {
	size_t		 bucket;
	size_t		*ev;
	size_t		 n;
	size_t		 end;		/* text length it saw (a spool grows) */
	unsigned long	 use;
	int		 valid;
};

/* Decoder: raw input to clean UTF-8 in out. cd == (iconv_t)-1 for UTF-8. */
struct dec {
	iconv_t		 cd;
	size_t		 unit;		/* bytes skipped after an invalid sequence */
	char		 carry[8];
	size_t		 ncarry;
	char		*work;
	size_t		 workcap;
	char		*out;
	size_t		 nout, outcap;
	size_t		 invalid;
};

/* Scan state: the line being fed and what has been counted. */
struct scan {
	size_t		 off;		/* text offset of the next byte */
	size_t		 line_off;	/* start of the current line */
	char		*carry;		/* its bytes from earlier chunks */
	size_t		 ncarry, carrycap;
	int		 cr;		/* the last byte was a '\r' terminator */
	size_t		 lines;		/* terminators so far */
	size_t		 ncp;
};

struct doc {
	char		*name;
	char		 enc[32];
	int		 storage;
	int		 repair;	/* reads go through raw_fill() */
	int		 twin;		/* doc_twin(): fd and mem are the
					   original's, which outlives it */
	int		 fd;		/* FILE: the file; SPOOL: the source */
	int		 spool_fd;
	int		 src_regular;
	size_t		 src_off;
	int		 src_cap;	/* max_spool applies */
	int		 spool_stop;	/* the head already hit an error */
	size_t		 max_spool;
	char		*head;		/* SPOOL: raw bytes read at open */
	size_t		 head_len;
	int		 head_eof;
	const char	*iconv_from;	/* NULL: UTF-8 */
	size_t		 unit;
	char		*mem;
	size_t		 mem_len;
	size_t		 len;		/* FILE, MEM */
	size_t		 start;
	struct stat	 st0;

	int		 mode;
	int		 notation;	/* the head holds Aozora notation */
	int		 wrap_w;

	size_t		 bs;
	size_t		 chunk;
	struct block	 blocks[NBLOCKS];
	unsigned long	 tick;
	char		*tmp;		/* bs + 2 * CTX, for block fills */
	char		*viewbuf;
	char		*textbuf;
	unsigned char	*stylebuf;	/* doc_para_text_styled(), made on first use */
	struct fences	 fences[NFENCE];

	pthread_t	 thr;
	int		 thr_started;
	int		 scan_deferred;	/* defer_scan, not started yet */
	pthread_t	 fp_thr;	/* computes a file's fingerprint */
	int		 fp_started;	/* fp_thr runs, not joined yet */
	atomic_int	 fp_claimed;	/* whoever sets it computes it */
	int		 scanned;	/* the scan has run or been joined */
	struct outline	*outline;	/* the scan's until published */
	struct scan	 scan;
	struct dec	 dec;
	size_t		**cp;		/* pages of CP_PAGE checkpoints */
	size_t		 cp_cap;	/* checkpoints the pages may hold */
	char		*error;
	char		 fp[17];

	_Atomic size_t	 spool_len;
	_Atomic size_t	 cp_n;
	_Atomic size_t	 done, total;
	_Atomic size_t	 invalid;
	atomic_int	 len_final;
	atomic_int	 scan_done;
	atomic_int	 cancel;
	atomic_int	 changed;
	atomic_int	 fp_ready;
	_Atomic(struct outline *) outline_pub;
};

struct line {
	size_t	start, end, next;	/* UNK when not found (huge lines) */
	int	huge;
	int	type;
	int	level;
	int	indent;
	int	width;		/* line_cells(), plain text only */
	int	opens;		/* plain text: begins with an opening quote */
	int	hang;		/* plain text: indent cells, negative when
				   U+3000 is in it */
	int	closes;		/* plain text: ends a sentence or a quote */
	size_t	body, body_end;
};

static size_t	text_len(struct doc *);
static const char *view(struct doc *, size_t, size_t, size_t *);

/* Errors and names. */

static char *
cause_new(const char *name, const char *reason)
{
	size_t	 need = ustr_sanitize(name, strlen(name), NULL, 0);
	char	*safe = xmalloc(need + 1), *s;

	ustr_sanitize(name, strlen(name), safe, need + 1);
	s = xasprintf("%s: %s", safe, reason);
	free(safe);
	return s;
}

static void
set_cause(char **cause, const char *name, const char *reason)
{
	if (cause != NULL)
		*cause = cause_new(name, reason);
}

/* Raw input. */

static size_t
pread_full(int fd, char *buf, size_t n, size_t off, int *err)
{
	size_t	got = 0;
	ssize_t	r;

	while (got < n) {
		r = pread(fd, buf + got, n - got, (off_t)(off + got));
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			if (err != NULL)
				*err = errno;
			break;
		}
		if (r == 0)
			break;
		got += (size_t)r;
	}
	return got;
}

/* Reads up to n bytes from a pipe or device, waking every 50 ms to honour
 * the cancel flag. Returns bytes read, 0 at EOF, -1 on error or cancel. */
static ssize_t
read_some(struct doc *d, int fd, char *buf, size_t n)
{
	struct pollfd	pfd = { .fd = fd, .events = POLLIN };
	ssize_t		r;

	for (;;) {
		if (atomic_load(&d->cancel))
			return -1;
		r = poll(&pfd, 1, 50);
		if (r == 0 || (r < 0 && errno == EINTR))
			continue;
		r = read(fd, buf, n);
		if (r < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		return r;
	}
}

static void
file_check(struct doc *d)
{
	struct stat	st;

	if (fstat(d->fd, &st) != 0 || st.st_size != d->st0.st_size ||
	    st.st_nlink == 0 || st.st_ino != d->st0.st_ino ||
	    st.st_mtim.tv_sec != d->st0.st_mtim.tv_sec ||
	    st.st_mtim.tv_nsec != d->st0.st_mtim.tv_nsec)
		atomic_store(&d->changed, 1);
}

/* Text [off, off + n) of a repaired storage, read with its context into tmp
 * (n + 2 * CTX bytes) and repaired there; *text points to it, inside tmp.
 * Returns the bytes that exist (fewer when a file shrank); *nbad, if not
 * NULL, gets the bytes of that text repair replaced. */
static size_t
raw_fill(struct doc *d, size_t off, size_t n, char *tmp, const char **text,
    size_t *nbad)
{
	size_t	lctx = off < CTX ? off : CTX, from = off - lctx;
	size_t	end = off + n + CTX, got, avail, rctx, bad, i;
	char	edge[2 * CTX];

	if (end > d->len)
		end = d->len;
	if (d->storage == DOC_MEM) {
		got = end - from;
		memcpy(tmp, d->mem + from, got);
	} else
		got = pread_full(d->fd, tmp, end - from, from, NULL);
	*text = tmp + lctx;
	if (nbad != NULL)
		*nbad = 0;
	if (got <= lctx)
		return 0;
	avail = got - lctx < n ? got - lctx : n;
	rctx = got - lctx - avail;
	/* Repair only ever turns bytes into USTR_SUB, and returns how many it
	 * turned: those of the context are not the text's. */
	memcpy(edge, tmp, lctx);
	memcpy(edge + lctx, tmp + lctx + avail, rctx);
	bad = ustr_repair(tmp, got);
	if (nbad != NULL && bad > 0) {
		for (i = 0; i < lctx; i++)
			bad -= edge[i] != tmp[i];
		for (i = 0; i < rctx; i++)
			bad -= edge[lctx + i] != tmp[lctx + avail + i];
		*nbad = bad;
	}
	return avail;
}

/* raw_fill() into out. */
static size_t
raw_read(struct doc *d, size_t off, size_t n, char *out, char *tmp)
{
	const char	*text;
	size_t		 got = raw_fill(d, off, n, tmp, &text, NULL);

	memcpy(out, text, got);
	return got;
}

/* Reads that must deliver n bytes: vanished file bytes become '\n'. */
static void
fill_missing(struct doc *d, char *buf, size_t got, size_t n)
{
	if (got < n) {
		memset(buf + got, '\n', n - got);
		atomic_store(&d->changed, 1);
	}
}

/* Encoding detection. */

/* Bytes at the end of s that start a valid but unfinished sequence. */
static size_t
utf8_hold(const char *s, size_t n)
{
	size_t		p;
	uint32_t	cp;
	unsigned char	c;

	for (p = n > 3 ? n - 3 : 0; p < n; p++) {
		c = (unsigned char)s[p];
		if (c >= 0xC2 && c <= 0xF4 &&
		    ustr_decode(s + p, n - p, &cp) == n - p && cp == USTR_BAD)
			return n - p;
	}
	return 0;
}

/* Frequent characters of Chinese prose, simplified and traditional. */
static const char common_chars[] =
    "的一是不了在人有我他这个们中来上大为和国地到以说时要就出会可也你对生"
    "能而子那得于着下自之年过发后作里用道行所然家种事成方多经么去法学如都"
    "同现当没动面起看定天分还进好小部其些主样理心她本前开但因只从想实"
    "這個們來為國對會時說過發後裡經麼學現當沒動進樣從實點問題開關";

/* How well head decodes as enc: frequent characters and CJK count for,
 * other non-ASCII characters and errors against. */
static long
legacy_score(const char *enc, const char *h, size_t n)
{
	static const uint32_t	 lo = 0x4E00, hi = 0x9FFF;
	unsigned char		 common[(0x9FFF - 0x4E00) / 8 + 1];
	iconv_t			 cd;
	char			 out[4096], *in = (char *)h, *op;
	size_t			 inleft = n, outleft, i, k;
	long			 score = 0;
	uint32_t		 cp;

	if ((cd = iconv_open("UTF-32LE", enc)) == (iconv_t)-1)
		return -1;
	memset(common, 0, sizeof common);
	for (i = 0; i < sizeof common_chars - 1; i += k) {
		k = ustr_decode(common_chars + i, sizeof common_chars - 1 - i, &cp);
		if (cp >= lo && cp <= hi)
			common[(cp - lo) / 8] |= 1 << ((cp - lo) % 8);
	}
	while (inleft > 0) {
		op = out;
		outleft = sizeof out;
		if (iconv(cd, &in, &inleft, &op, &outleft) == (size_t)-1) {
			if (errno == EILSEQ) {
				score -= 8;
				in++;
				inleft--;
			} else if (errno != E2BIG)
				inleft = 0;	/* cut at the end of the head */
		}
		for (i = 0; i + 4 <= (size_t)(op - out); i += 4) {
			memcpy(&cp, out + i, 4);
			if (cp < 0x80)
				continue;
			if (cp >= lo && cp <= hi)
				score += common[(cp - lo) / 8] & (1 << ((cp - lo) % 8)) ? 5 : 1;
			else if ((cp >= 0x3000 && cp <= 0x303F) ||
			    (cp >= 0xFF00 && cp <= 0xFFEF) ||
			    (cp >= 0x2010 && cp <= 0x2027))
				score += 1;
			else
				score -= 2;
		}
	}
	iconv_close(cd);
	return score;
}

/* Encoding of a text starting with h[0..n); *bom: source bytes to skip. */
static const char *
detect(const char *h, size_t n, int whole, size_t *bom)
{
	const unsigned char	*u = (const unsigned char *)h;
	size_t			 m, bad, high = 0, i;
	long			 gb, big5;

	*bom = 0;
	if (n >= 4 && u[0] == 0xFF && u[1] == 0xFE && u[2] == 0 && u[3] == 0) {
		*bom = 4;
		return "UTF-32LE";
	}
	if (n >= 4 && u[0] == 0 && u[1] == 0 && u[2] == 0xFE && u[3] == 0xFF) {
		*bom = 4;
		return "UTF-32BE";
	}
	if (n >= 2 && u[0] == 0xFF && u[1] == 0xFE) {
		*bom = 2;
		return "UTF-16LE";
	}
	if (n >= 2 && u[0] == 0xFE && u[1] == 0xFF) {
		*bom = 2;
		return "UTF-16BE";
	}
	m = whole ? n : n - utf8_hold(h, n);
	if ((bad = ustr_count_invalid(h, m)) == 0)
		return "UTF-8";
	for (i = 0; i < m; i++)
		high += u[i] >= 0x80;
	/* A few bad bytes in UTF-8 text are damage, not another encoding. */
	if (bad * 100 <= high)
		return "UTF-8";
	gb = legacy_score("GB18030", h, m);
	big5 = legacy_score("BIG5", h, m);
	if (gb <= 0 && big5 <= 0)
		return "UTF-8";
	return gb >= big5 ? "GB18030" : "BIG5";
}

/* opts.encoding to the name iconv takes (NULL for UTF-8); 0 if unknown. */
static int
forced_encoding(const char *name, const char **from, char *label, size_t size)
{
	static const struct {
		const char	*alias, *iconv;
	} known[] = {
		{ "utf-8", NULL }, { "utf8", NULL },
		{ "gb18030", "GB18030" }, { "gbk", "GB18030" },
		{ "gb2312", "GB18030" }, { "cp936", "GB18030" },
		{ "big5", "BIG5" }, { "cp950", "CP950" },
		{ "utf-16le", "UTF-16LE" }, { "utf-16be", "UTF-16BE" },
		{ "utf-32le", "UTF-32LE" }, { "utf-32be", "UTF-32BE" },
	};
	iconv_t	cd;
	size_t	i;

	for (i = 0; i < sizeof known / sizeof known[0]; i++) {
		if (strcasecmp(name, known[i].alias) == 0) {
			*from = known[i].iconv;
			snprintf(label, size, "%s", *from ? *from : "UTF-8");
			return 1;
		}
	}
	/* Anything else iconv knows (latin1, shift_jis, ...). */
	if (strlen(name) >= size || (cd = iconv_open("UTF-8", name)) == (iconv_t)-1)
		return 0;
	iconv_close(cd);
	for (i = 0; name[i] != '\0'; i++)
		label[i] = (char)(name[i] >= 'a' && name[i] <= 'z' ?
		    name[i] - 'a' + 'A' : name[i]);
	label[i] = '\0';
	*from = label;
	return 1;
}

static size_t
unit_of(const char *from)
{
	if (from != NULL && strncasecmp(from, "UTF-16", 6) == 0)
		return 2;
	if (from != NULL && strncasecmp(from, "UTF-32", 6) == 0)
		return 4;
	return 1;
}

/* The decoder. */

static void
dec_init(struct dec *dc, const char *from, size_t unit)
{
	memset(dc, 0, sizeof *dc);
	dc->cd = (iconv_t)-1;
	dc->unit = unit;
	if (from != NULL && (dc->cd = iconv_open("UTF-8", from)) == (iconv_t)-1)
		die("iconv_open %s: %s", from, strerror(errno));
}

static void
dec_release(struct dec *dc)
{
	if (dc->cd != (iconv_t)-1)
		iconv_close(dc->cd);
	free(dc->work);
	free(dc->out);
	memset(dc, 0, sizeof *dc);
	dc->cd = (iconv_t)-1;
}

static void
dec_reserve(struct dec *dc, size_t more)
{
	if (dc->out == NULL || dc->outcap - dc->nout < more) {
		dc->outcap = dc->nout + more + dc->outcap / 2 + 16;
		dc->out = xrealloc(dc->out, dc->outcap);
	}
}

/* Decodes data[0..n) (after what is carried), appending to dc->out; at eof
 * an unfinished sequence is invalid. */
static void
dec_input(struct dec *dc, const char *data, size_t n, int eof)
{
	static const char	 fffd[] = "\xEF\xBF\xBD";
	size_t			 total = dc->ncarry + n, hold, inleft, outleft;
	char			*in, *op;

	if (dc->work == NULL || dc->workcap < total) {
		dc->workcap = total;
		dc->work = xrealloc(dc->work, total + 1);
	}
	memcpy(dc->work, dc->carry, dc->ncarry);
	memcpy(dc->work + dc->ncarry, data, n);
	dc->ncarry = 0;
	if (dc->cd == (iconv_t)-1) {
		hold = eof ? 0 : utf8_hold(dc->work, total);
		dec_reserve(dc, total - hold);
		memcpy(dc->out + dc->nout, dc->work, total - hold);
		dc->invalid += ustr_repair(dc->out + dc->nout, total - hold);
		dc->nout += total - hold;
		memcpy(dc->carry, dc->work + total - hold, hold);
		dc->ncarry = hold;
		return;
	}
	in = dc->work;
	inleft = total;
	while (inleft > 0) {
		dec_reserve(dc, inleft * 3 + 16);
		op = dc->out + dc->nout;
		outleft = dc->outcap - dc->nout;
		if (iconv(dc->cd, &in, &inleft, &op, &outleft) != (size_t)-1) {
			dc->nout = (size_t)(op - dc->out);
			continue;
		}
		dc->nout = (size_t)(op - dc->out);
		if (errno == E2BIG)
			continue;
		if (errno == EINVAL && !eof && inleft < sizeof dc->carry) {
			memcpy(dc->carry, in, inleft);
			dc->ncarry = inleft;
			break;
		}
		/* EILSEQ, or unfinished at the end: U+FFFD, skip a unit. */
		hold = errno == EILSEQ && inleft > dc->unit ? dc->unit : inleft;
		if (errno != EILSEQ)
			hold = inleft;
		dec_reserve(dc, 3);
		memcpy(dc->out + dc->nout, fffd, 3);
		dc->nout += 3;
		dc->invalid += hold;
		in += hold;
		inleft -= hold;
	}
}

/* Paragraph structure. Every width that decides structure (the profile,
 * the join rules) is line_cells(): the outline's count (CJK 2 cells, every
 * other character 1, from the bytes alone), never the terminal's width, so
 * that paragraphs do not depend on the ambiguous-width policy or the screen
 * (SECTIONS.md §3), and no width tables are needed before the first screen.
 * A line longer than WIDE_BYTES counts as STRUCT_HUGE: too long to be a
 * hard-wrapped row, and not worth counting. */
#define WIDE_BYTES	1024
#define STRUCT_HUGE	INT32_MAX
/* Hard wraps happen between WRAP_LOW and WRAP_MAX cells: no program wraps
 * prose wider than WRAP_MAX, so a wider line was written as one line, and a
 * row narrower than WRAP_LOW (15 CJK characters) is a title, a name, a
 * short line of verse. Between WRAP_LOW and WRAP_MIN (30 CJK characters, 60
 * letters) a row counts as wrapped only next to another of its width. */
#define WRAP_LOW	30
#define WRAP_MIN	60
#define WRAP_MAX	160
/* Blank lines separate paragraphs when the runs of text between them average
 * at most RUN_MAX lines: hard-wrapped paragraphs are a few rows long, and a
 * text with a blank line only every few dozen lines uses them for something
 * else (sections, pasted code) and is one paragraph per line. */
#define RUN_MAX		12

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

/* Offset of the first '\n' or '\r' in s[0..n), or n. The '\r' is looked
 * for only before the '\n': most texts have none, and a search to the end
 * of a block for every line made reading lines quadratic in the block. */
static size_t
find_term(const char *s, size_t n)
{
	const char	*a = memchr(s, '\n', n), *b;
	size_t		 k = a != NULL ? (size_t)(a - s) : n;

	b = memchr(s, '\r', k);
	return b != NULL ? (size_t)(b - s) : k;
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

static void
profile(struct doc *d, const char *t, size_t n, int whole, int markdown)
{
	enum { HW = 256 };
	size_t	hist[HW], i, e, len, nonblank = 0, runs = 0, wide = 0, cnt, best = 0;
	size_t	atx = 0, other = 0;
	int	prev_blank = 1, prev_text = 0, fence = 0, w, bw = 0, rb;
	char	ch, fch = 0;
	size_t	flen = 0, fl;

	memset(hist, 0, sizeof hist);
	for (i = d->start; i < n; i = e + 1 + (t[e] == '\r' && e + 1 < n && t[e + 1] == '\n')) {
		e = i + find_term(t + i, n - i);
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

/* Text access. */

static size_t
text_len(struct doc *d)
{
	if (d->storage == DOC_SPOOL)
		return atomic_load_explicit(&d->spool_len, memory_order_acquire);
	return d->len;
}

/* Fills buf with text [off, off + n), n <= what exists; tmp as raw_read. */
static void
text_get(struct doc *d, size_t off, size_t n, char *buf, char *tmp)
{
	size_t	got;

	switch (d->storage) {
	case DOC_SPOOL:
		got = pread_full(d->spool_fd, buf, n, off, NULL);
		if (got < n)
			die("spool read: %s", strerror(errno));
		break;
	case DOC_MEM:
		if (!d->repair) {
			memcpy(buf, d->mem + off, n);
			break;
		}
		/* FALLTHROUGH */
	default:
		got = raw_read(d, off, n, buf, tmp);
		fill_missing(d, buf, got, n);
		break;
	}
}

static const char *
block_get(struct doc *d, size_t idx, size_t len)
{
	struct block	*b, *victim = &d->blocks[0];
	size_t		 off = idx * d->bs, want = len - off < d->bs ? len - off : d->bs;
	int		 i;

	for (i = 0; i < NBLOCKS; i++) {
		b = &d->blocks[i];
		if (b->data != NULL && b->idx == idx && b->len >= want) {
			b->use = ++d->tick;
			return b->data;
		}
		if (b->data == NULL || (b->idx == idx && victim->idx != idx) ||
		    (victim->data != NULL && victim->idx != idx &&
		    b->use < victim->use))
			victim = b;
	}
	if (victim->data == NULL)
		victim->data = xmalloc(d->bs);
	if (d->storage == DOC_FILE)
		file_check(d);
	text_get(d, off, want, victim->data, d->tmp);
	victim->idx = idx;
	victim->len = want;
	victim->use = ++d->tick;
	return victim->data;
}

/* Borrow text [off, off + n) (clamped); *got its length. */
static const char *
view(struct doc *d, size_t off, size_t n, size_t *got)
{
	size_t		 len = text_len(d), b0, k, m;
	const char	*p;

	if (n > VIEW_MAX)
		n = VIEW_MAX;
	if (off >= len) {
		*got = 0;
		return "";
	}
	if (n > len - off)
		n = len - off;
	*got = n;
	if (d->storage == DOC_MEM && !d->repair)
		return d->mem + off;
	b0 = off / d->bs;
	if (n == 0 || (off + n - 1) / d->bs == b0)
		return block_get(d, b0, len) + off % d->bs;
	for (k = 0; k < n; k += m) {
		p = block_get(d, (off + k) / d->bs, len);
		m = d->bs - (off + k) % d->bs;
		if (m > n - k)
			m = n - k;
		memcpy(d->viewbuf + k, p + (off + k) % d->bs, m);
	}
	return d->viewbuf;
}

static int
byte_at(struct doc *d, size_t off)
{
	size_t		got;
	const char	*p = view(d, off, 1, &got);

	return got == 1 ? (unsigned char)*p : -1;
}

static int
is_term(int c)
{
	return c == '\n' || c == '\r';
}

/* First terminator byte in [from, to), or UNK. */
static size_t
term_fwd(struct doc *d, size_t from, size_t to)
{
	size_t		 got, i, n;
	const char	*p;

	/* Block by block, so that view() never has to copy. */
	while (from < to) {
		n = d->bs - from % d->bs;
		p = view(d, from, to - from < n ? to - from : n, &got);
		if (got == 0)
			break;
		if ((i = find_term(p, got)) < got)
			return from + i;
		from += got;
	}
	return UNK;
}

/* Last terminator byte in [to, from), or UNK. */
static size_t
term_back(struct doc *d, size_t from, size_t to)
{
	size_t		 got, n, k;
	const char	*p, *a, *b;

	while (from > to) {
		n = from % d->bs == 0 ? d->bs : from % d->bs;
		if (n > from - to)
			n = from - to;
		p = view(d, from - n, n, &got);
		/* A '\r' is looked for only after the last '\n' (as in
		 * find_term): searching the whole block for one that most
		 * texts lack made each line_get cost up to a block. */
		a = memrchr(p, '\n', got);
		k = a != NULL ? (size_t)(a - p) + 1 : 0;
		if ((b = memrchr(p + k, '\r', got - k)) != NULL)
			a = b;
		if (a != NULL)
			return from - n + (size_t)(a - p);
		from -= n;
	}
	return UNK;
}

/* Start of the line after the terminator at t. */
static size_t
after_term(struct doc *d, size_t t)
{
	return t + 1 + (byte_at(d, t) == '\r' && byte_at(d, t + 1) == '\n');
}

/* Markdown fences: the state at a line start, from a bounded look back. */

static struct fences *
fences_get(struct doc *d, size_t bucket)
{
	struct fences	*f, *victim = &d->fences[0];
	size_t		 len = text_len(d), pos, we, t, got, flen = 0, fl;
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
	else if ((t = term_fwd(d, pos - 1, we)) == UNK)
		return f;
	else
		pos = after_term(d, t);
	while (pos < we) {
		p = view(d, pos, 256, &got);
		t = find_term(p, got);
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
		else if ((t = term_fwd(d, pos + got, we)) == UNK)
			break;
		pos = after_term(d, t);
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

static int
sep(int type)
{
	return type == LT_BLANK || type == LT_FENCE;
}

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
	p = view(d, l->start, l->end - l->start, &n);
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
static void
line_get(struct doc *d, size_t pos, size_t lo, struct line *l)
{
	size_t	len = text_len(d), floor, t, to;

	if (pos > d->start && byte_at(d, pos) == '\n' && byte_at(d, pos - 1) == '\r')
		pos--;
	floor = pos > LONG + 1 ? pos - LONG - 1 : 0;
	if (lo < floor)
		floor = lo;
	if (floor < d->start)
		floor = d->start;
	if (pos > floor && (t = term_back(d, pos, floor)) != UNK)
		l->start = t + 1;
	else
		l->start = floor == d->start ? d->start : UNK;
	to = len - pos > LONG + 1 ? pos + LONG + 1 : len;
	if ((t = term_fwd(d, pos, to)) != UNK) {
		l->end = t;
		l->next = after_term(d, t);
	} else if (to == len)
		l->end = l->next = len;
	else
		l->end = l->next = UNK;
	l->huge = l->start == UNK || l->end == UNK || l->end - l->start > LONG;
	classify(d, l);
}

/* End (its terminator) of the line before the one starting at start. */
static size_t
end_before(struct doc *d, size_t start)
{
	size_t	t = start - 1;

	if (t > d->start && byte_at(d, t) == '\n' && byte_at(d, t - 1) == '\r')
		t--;
	return t;
}

static int
single(const struct doc *d, int type)
{
	return d->mode == MODE_LINE || type == LT_CODE || type == LT_HEAD ||
	    type == LT_ATX || type == LT_RULE || type == LT_DASH ||
	    type == LT_IMAGE || type == LT_ALONE;
}

/* How many lines on each side of a join the rules below look at. */
#define NEAR	4

/* The widest of the lines around the pair p, l: up to NEAR lines before p
 * and NEAR after l, p and l included, within their run of text (a blank
 * line, a heading or a separator ends it). Stops once over limit. */
static int
near_width(struct doc *d, const struct line *p, const struct line *l,
    int limit)
{
	struct line	a, b;
	int		w = p->width > l->width ? p->width : l->width, i;

	for (a = *p, i = 0; i < NEAR && w <= limit && a.start > d->start &&
	    a.start != UNK; i++) {
		line_get(d, a.start - 1, a.start - 1, &b);
		if (b.huge)
			return STRUCT_HUGE;
		if (sep(b.type) || single(d, b.type))
			break;
		w = b.width > w ? b.width : w;
		a = b;
	}
	for (a = *l, i = 0; i < NEAR && w <= limit && a.next < text_len(d) &&
	    a.next != UNK; i++) {
		line_get(d, a.next, a.next, &b);
		if (b.huge)
			return STRUCT_HUGE;
		if (sep(b.type) || single(d, b.type))
			break;
		w = b.width > w ? b.width : w;
		a = b;
	}
	return w;
}

/* Whether another row among the NEAR non-blank lines on each side of p
 * (blank lines crossed: the wrap width belongs to the region, and the rows
 * of the paragraphs around show it) is as wide as p, give or take a sixth.
 * Two rows of one width are a wrap column; a lone short row is not. */
static int
near_twin(struct doc *d, const struct line *p)
{
	struct line	a, b;
	int		i, back, lo = p->width - p->width / 6,
			hi = p->width + p->width / 6;

	for (back = 1; back >= 0; back--)
		for (a = *p, i = 0; i < NEAR; a = b) {
			if (back ? a.start <= d->start || a.start == UNK :
			    a.next >= text_len(d) || a.next == UNK)
				break;
			if (back)
				line_get(d, a.start - 1, a.start - 1, &b);
			else
				line_get(d, a.next, a.next, &b);
			if (b.huge)
				break;
			if (b.type == LT_BLANK)
				continue;
			if (b.width >= lo && b.width <= hi)
				return 1;
			i++;
		}
	return 0;
}

/* Whether the plain text line p was hard-wrapped and l is its next row: the
 * one place that decides joins outside Markdown. Each test splits where the
 * text shows it was written line by line; they look at p, l and the few
 * lines around them, so a book that mixes styles (a contents list, then
 * wrapped prose; wrapped prose, then a letter one line per paragraph) is
 * read region by region. */
static int
wrapped(struct doc *d, const struct line *p, const struct line *l)
{
	/* A full row: a wrap at w leaves a row short by at most the word it
	 * carried over (a sixth of a 70-column row; a character or two in
	 * CJK, where a sixth is generous). */
	int	w = d->wrap_w, full = w - (w / 6 > 2 ? w / 6 : 2), m;

	/* An indent (spaces, U+3000) starts a paragraph: it is how the
	 * author marks one, never where a wrap puts a row. Except a row
	 * aligned with ASCII spaces under a row indented with U+3000 to the
	 * same column: an author's indent repeats the same characters, this
	 * is a typesetter hanging a wrapped verse line under its start. */
	if (p->huge || l->huge)
		return 0;
	if (l->indent && !(p->hang < 0 && l->hang > 0 && l->hang >= -p->hang - 1 &&
	    l->hang <= -p->hang))
		return 0;
	if (d->mode == MODE_WRAP) {
		/* Wrapped at w: a row well past w was not (a region written
		 * one paragraph per line), a row well short of it ends its
		 * paragraph. */
		if (p->width > w + w / 4 || l->width > w + w / 4 ||
		    (long)p->width * 10 < (long)w * 7)
			return 0;
		if (p->width >= full)
			return 1;
		/* p is neither full nor short: it belongs to the wrap only
		 * if a row near it is full; a verse or a list whose lines
		 * all stop short of the wrap keeps its lines. */
		return near_width(d, p, l, full) >= full;
	}
	/* Blank lines separate paragraphs but no wrap width is known: take
	 * the widest line nearby as the wrap width, if it can be one. A
	 * sentence or speech that ends where the next line opens a quote is
	 * dialogue written one speech per line. */
	if (p->closes && l->opens)
		return 0;
	if (p->width < WRAP_LOW || p->width > WRAP_MAX || l->width > WRAP_MAX)
		return 0;
	m = near_width(d, p, l, WRAP_MAX);
	return m <= WRAP_MAX && (long)p->width * 10 >= (long)m * 7 &&
	    (p->width >= WRAP_MIN || near_twin(d, p));
}

/* Whether line l starts a paragraph, given the line p before it. */
static int
begins(struct doc *d, const struct line *l, const struct line *p)
{
	if (sep(p->type))
		return 1;
	if (d->mode == MODE_MD && (l->type == LT_DASH || l->type == LT_EQ) &&
	    (p->type == LT_TEXT || p->type == LT_LIST) && !p->huge)
		return 0;	/* a setext underline */
	if (single(d, l->type) || single(d, p->type))
		return 1;
	switch (d->mode) {
	case MODE_MD:
		if (p->type == LT_EQ || l->type == LT_LIST)
			return 1;
		if (l->type == LT_QUOTE)
			return p->type != LT_QUOTE || p->level != l->level;
		return p->type == LT_QUOTE;
	default:
		return !wrapped(d, p, l);
	}
}

static uint32_t
cp_before(const char *s, size_t i)
{
	size_t		j = i;
	uint32_t	cp;

	if (i == 0)
		return 0;
	do
		j--;
	while (j > 0 && i - j < 4 && ((unsigned char)s[j] & 0xC0) == 0x80);
	ustr_decode(s + j, i - j, &cp);
	return cp;
}

/* Rewrites, in t (a copy of src[0..got)), every line terminator in
 * t[0..n) and the indent after it (in a quote, its '>' marks too), byte for
 * byte: the terminator to ustr_join()'s ' ' or '\n', the rest to '\n'. The
 * one rule of how lines are joined, for doc_para_text() and cut_at(). */
static void
join_lines(const char *src, char *t, size_t n, size_t got, int quote)
{
	size_t		i, j, tl;
	uint32_t	next = 0;

	for (i = 0; i < n; i++) {
		if (!is_term(t[i]))
			continue;
		tl = t[i] == '\r' && i + 1 < got && t[i + 1] == '\n' ? 2 : 1;
		for (j = i + tl; j < n; j++) {
			if (t[j] == '>' && quote)
				continue;
			if (t[j] != ' ' && t[j] != '\t')
				break;
		}
		if (j < got)
			ustr_decode(t + j, got - j, &next);
		t[i] = ustr_join(src, i, next);
		memset(t + i + 1, '\n', j - i - 1);
		i = j - 1;
	}
}

/* The first break opportunity in p[i..lim) (i a code point start), the
 * breaks decided by ustr_breaks() over p[a..lim + CUT_AHEAD) joined as
 * doc_para_text() joins it (so the layout of the whole paragraph allows it
 * too); or UNK. t and brk hold got bytes. */
static size_t
first_break(const char *p, size_t got, size_t a, size_t i, size_t lim,
    char *t, char *brk)
{
	size_t	end = lim + CUT_AHEAD < got ? lim + CUT_AHEAD : got;

	if (end <= a)
		return UNK;
	memcpy(t, p, end);
	join_lines(p, t, end, end, 0);
	memset(brk, 0, a);
	ustr_breaks(t + a, end - a, NULL, brk + a);
	for (; i < lim && i < end; i++)
		if (brk[i] && !is_term(p[i]))
			return i;
	return UNK;
}

/* The point where a long paragraph is cut near grid offset k, or UNK: the
 * first break opportunity at or after k (never before '，' or after '「'),
 * looked for in the next CUT_NEAR bytes, then in CUT_WIN; else a line
 * start, else a cluster boundary, else a code point boundary; never at a
 * line terminator. Depends only on the text in
 * [k - CUT_BACK, k + CUT_WIN + CUT_AHEAD). */
static size_t
cut_at(struct doc *d, size_t k)
{
	char		 t[CUT_BACK + CUT_WIN + CUT_AHEAD], brk[sizeof t];
	size_t		 len = text_len(d), lo, got, a, i, i0, n, q, ce = UNK;
	size_t		 line = UNK, cluster = UNK, point = UNK;
	const char	*p;
	uint32_t	 prev, next;

	if (k >= len)
		return UNK;
	lo = k >= CUT_BACK ? k - CUT_BACK : 0;
	p = view(d, lo, k - lo + CUT_WIN + CUT_AHEAD, &got);
	for (a = 0; a < got && ((unsigned char)p[a] & 0xC0) == 0x80; a++)
		;
	for (i0 = k - lo; i0 < got && ((unsigned char)p[i0] & 0xC0) == 0x80; i0++)
		;
	/* Most text has a break within a few characters: decide the
	 * breaks of a short stretch first. */
	if ((i = first_break(p, got, a, i0, k - lo + CUT_NEAR, t, brk)) != UNK ||
	    (i = first_break(p, got, a, i0, k - lo + CUT_WIN, t, brk)) != UNK)
		return lo + i;
	i = i0;
	prev = cp_before(p, i);
	if (i < got)
		ce = ustr_cluster_end(p, got, i);
	for (; i < got && (q = lo + i) < k + CUT_WIN; i += n) {
		n = ustr_decode(p + i, got - i, &next);
		if (!is_term(p[i])) {
			if ((prev == '\n' || prev == '\r') && line == UNK)
				line = q;
			if (cluster == UNK && i == ce)
				cluster = q;
			if (point == UNK)
				point = q;
		}
		while (ce != UNK && ce <= i)
			ce = ce < got ? ustr_cluster_end(p, got, ce) : UNK;
		prev = next;
	}
	if (line != UNK)
		return line;
	return cluster != UNK ? cluster : point;
}

/* 1-based line of off when the scan has passed it, else 0. */
static size_t
lineno_at(struct doc *d, size_t off)
{
	size_t		 k = off / CP, lines, from, got, i;
	const char	*p, *q;
	int		 cr;

	if (k >= atomic_load_explicit(&d->cp_n, memory_order_acquire))
		return 0;
	lines = d->cp[k / CP_PAGE][k % CP_PAGE];
	from = k * CP;
	cr = from > 0 && byte_at(d, from - 1) == '\r';
	p = view(d, from, off - from, &got);
	if (!cr && memchr(p, '\r', got) == NULL) {
		for (i = 0; (q = memchr(p + i, '\n', got - i)) != NULL; lines++)
			i = (size_t)(q - p) + 1;
		return lines + 1;
	}
	for (i = 0; i < got; i++) {
		if (p[i] == '\r' || (p[i] == '\n' && !cr))
			lines++;
		cr = p[i] == '\r';
	}
	return lines + 1;
}

static void
para_fill(struct doc *d, struct doc_para *out, const struct line *first,
    const struct line *last, size_t p1, size_t prev_end)
{
	const struct outline		*o;
	const struct outline_section	*sec;
	size_t				 end = out->off + out->len, body_end = end;
	ssize_t				 h;

	out->kind = DOC_PARA_TEXT;
	out->level = 0;
	out->body_off = out->off;
	if (!out->cont) {
		out->body_off = first->body;
		switch (first->type) {
		case LT_LIST:
			out->kind = DOC_PARA_LIST;
			out->level = first->level;
			break;
		case LT_QUOTE:
			out->kind = DOC_PARA_QUOTE;
			out->level = first->level;
			break;
		case LT_ATX:
			out->kind = DOC_PARA_HEADING;
			out->level = first->level;
			body_end = first->body_end;
			break;
		case LT_HEAD:
			out->kind = DOC_PARA_HEADING;
			out->level = 1;
			break;
		case LT_CODE:
			out->kind = DOC_PARA_CODE;
			break;
		case LT_RULE:
		case LT_DASH:
			out->kind = DOC_PARA_RULE;
			body_end = out->body_off;
			break;
		case LT_IMAGE:
			out->kind = DOC_PARA_IMAGE;
			body_end = first->body_end;
			break;
		default:
			if (p1 != UNK && last->start != first->start &&
			    (last->type == LT_DASH || last->type == LT_EQ)) {
				out->kind = DOC_PARA_HEADING;
				out->level = last->type == LT_EQ ? 1 : 2;
				/* Found from the underline itself, the walk
				 * forward never saw the line before it. */
				body_end = prev_end != UNK ? prev_end :
				    end_before(d, last->start);
			}
			break;
		}
		o = atomic_load_explicit(&d->outline_pub, memory_order_acquire);
		if (o != NULL && (out->kind == DOC_PARA_TEXT ||
		    first->type == LT_HEAD)) {
			if ((h = outline_find_heading(o, out->off)) >= 0) {
				sec = outline_get(o, (size_t)h);
				out->kind = DOC_PARA_HEADING;
				out->level = sec->level;
			} else if (first->type == LT_HEAD)
				out->kind = DOC_PARA_TEXT;
		}
	}
	if (body_end > end)
		body_end = end;
	if (out->body_off > body_end)
		out->body_off = body_end;
	out->body_len = body_end - out->body_off;
}

/* Long runs of blank lines are skipped bytewise: the first byte at or after
 * off that is not ASCII white space or a terminator. Markdown stops at the
 * fence bucket, whose lines may be code. */
static size_t
blank_fwd(struct doc *d, size_t off)
{
	size_t		 len = text_len(d), to = len, got, i;
	const char	*p;

	if (d->mode == MODE_MD && (off / FENCE_BUCKET + 1) * FENCE_BUCKET < len)
		to = (off / FENCE_BUCKET + 1) * FENCE_BUCKET;
	for (; off < to; off += got) {
		p = view(d, off, to - off < d->bs ? to - off : d->bs, &got);
		for (i = 0; i < got; i++)
			if (p[i] != ' ' && p[i] != '\t' && !is_term(p[i]))
				return off + i;
	}
	return off;
}

/* The start of the line after the last byte before pos that is not ASCII
 * white space or a terminator (a position blank_fwd would skip from). */
static size_t
blank_back(struct doc *d, size_t pos)
{
	size_t		 to = d->start, got, i;
	const char	*p;

	if (d->mode == MODE_MD && pos / FENCE_BUCKET * FENCE_BUCKET > to)
		to = pos / FENCE_BUCKET * FENCE_BUCKET;
	while (pos > to) {
		p = view(d, pos - (pos - to < d->bs ? pos - to : d->bs),
		    pos - to < d->bs ? pos - to : d->bs, &got);
		for (i = got; i > 0; i--)
			if (p[i - 1] != ' ' && p[i - 1] != '\t' && !is_term(p[i - 1]))
				return pos - got + i;
		pos -= got;
	}
	return pos;
}

/* The start of the paragraph that holds line l, walking back no further
 * than floor: UNK if it starts before floor or in a huge line whose start
 * is unknown. *first gets its first line (the last one looked at). */
static size_t
para_start(struct doc *d, const struct line *l, size_t floor,
    struct line *first)
{
	struct line	prev;

	for (*first = *l;;) {
		if (first->start == UNK || first->start < floor)
			return UNK;
		if (first->start <= d->start)
			return first->start;
		line_get(d, first->start - 1, floor, &prev);
		if (begins(d, first, &prev))
			return first->start;
		*first = prev;
	}
}

/* The paragraph at off (see the top of the file). A paragraph is cut only
 * when it is longer than DOC_PARA_MAX: the cuts are then at cut_at(k) for
 * every multiple k of STEP inside it. Whether it is that long is decided
 * from the paragraph alone, never from where the grid falls, so a
 * paragraph's rows do not depend on its offset in the file: a start before
 * floor (more than DOC_PARA_MAX back), or a huge line, makes it long; else
 * the walk forward measures it, DOC_PARA_MAX past its start at most. */
static int
para_find(struct doc *d, size_t off, struct doc_para *out)
{
	struct line	l, cur, fw, nx;
	size_t		len = text_len(d), m, floor, p0, k, c, cn = UNK, pend;
	size_t		p1 = UNK, prev_end = UNK, cut_off;
	int		cont = 0, cn_known = 0, more = 0, is_long;

	if (off < d->start)
		off = d->start;
	for (;;) {
		if (off >= len)
			return -1;
		/* floor is at or before the previous grid line and more
		 * than DOC_PARA_MAX before off: a paragraph that began
		 * before it is long, and has a cut at m - STEP. */
		m = off / STEP * STEP;
		floor = m >= STEP ? m - STEP : 0;
		if (off <= DOC_PARA_MAX)
			floor = 0;
		else if (off - DOC_PARA_MAX - 1 < floor)
			floor = off - DOC_PARA_MAX - 1;
		if (floor < d->start)
			floor = d->start;
		line_get(d, off, floor, &l);
		if (l.huge || !sep(l.type))
			break;
		off = l.type == LT_BLANK ? blank_fwd(d, l.next) : l.next;
	}
	p0 = para_start(d, &l, floor, &cur);
	/* The last cut at or before off, should the paragraph be long. */
	if (p0 != UNK) {
		cut_off = p0;
		k = (p0 / STEP + 1) * STEP;
		is_long = off - p0 > DOC_PARA_MAX ? 1 : -1;
	} else {
		/* It began before floor, so before the grid line m - STEP. */
		k = m - STEP;
		if ((cut_off = cut_at(d, k)) == UNK)
			die("doc: no cut point at %zu", k);
		cont = 1;
		k += STEP;
		is_long = 1;
	}
	for (; k <= off && (c = cut_at(d, k)) <= off; k += STEP) {
		cut_off = c;
		cont = 1;
	}
	/* The next cut is at or after k: only look for it past k. */
	for (fw = l;;) {
		if (is_long < 0 && (fw.end == UNK || fw.end - p0 > DOC_PARA_MAX))
			is_long = 1;
		if (is_long > 0 && !cn_known && (fw.end == UNK || fw.end > k)) {
			cn = cut_at(d, k);
			cn_known = 1;
		}
		if (is_long > 0 && (fw.end == UNK || (cn != UNK && fw.end > cn))) {
			pend = cn;
			more = cn != UNK;
			break;
		}
		if (fw.next >= len) {
			pend = p1 = fw.end;
			break;
		}
		line_get(d, fw.next, fw.next, &nx);
		if ((!nx.huge && sep(nx.type)) || begins(d, &nx, &fw)) {
			pend = p1 = fw.end;
			break;
		}
		prev_end = fw.end;
		fw = nx;
	}
	if (is_long < 0) {	/* the whole paragraph, uncut */
		cut_off = p0;
		cont = 0;
	}
	out->off = cut_off;
	out->len = pend - out->off;
	out->cont = cont;
	out->more = more;
	out->lineno = lineno_at(d, out->off);
	para_fill(d, out, &cur, &fw, p1, prev_end);
	return 0;
}

/* The scan and the reader run at a lower priority than the thread that
 * draws: on two cores three threads would otherwise share them evenly, and
 * the first screen would wait on the scan. Linux takes a nice value per
 * thread; elsewhere this does nothing. */
#define BACKGROUND_NICE	10

static void
thread_yielding(void)
{
#ifdef __linux__
	(void)setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid),
	    BACKGROUND_NICE);
#endif
}

/* The scan: lines, checkpoints, outline. */

static void
carry_add(struct scan *s, const char *p, size_t n)
{
	if (n > FEED_MAX - s->ncarry)
		n = FEED_MAX - s->ncarry;
	if (s->carrycap < s->ncarry + n) {
		s->carrycap = s->ncarry + n + s->carrycap;
		if (s->carrycap > FEED_MAX)
			s->carrycap = FEED_MAX;
		s->carry = xrealloc(s->carry, s->carrycap);
	}
	memcpy(s->carry + s->ncarry, p, n);
	s->ncarry += n;
}

/* k: the line's counts, made by the reader, or NULL. */
static void
scan_line(struct doc *d, const char *p, size_t n,
    const struct outline_counts *k)
{
	struct scan	*s = &d->scan;

	if (s->ncarry > 0) {
		carry_add(s, p, n);
		p = s->carry;
		n = s->ncarry;
		k = NULL;
	}
	if (k != NULL)
		outline_feed_counted(d->outline, s->line_off, p, n, k);
	else
		outline_feed(d->outline, s->line_off, p, n);
	s->ncarry = 0;
}

static void
scan_checkpoints(struct doc *d, size_t pos)
{
	struct scan	*s = &d->scan;

	for (; s->ncp < d->cp_cap && s->ncp * CP <= pos; s->ncp++) {
		if (d->cp[s->ncp / CP_PAGE] == NULL)
			d->cp[s->ncp / CP_PAGE] = xmalloc(CP_PAGE * sizeof **d->cp);
		d->cp[s->ncp / CP_PAGE][s->ncp % CP_PAGE] = s->lines;
	}
}

/* What the reader found in a chunk for the scan: where its first '\r' is
 * (n: it has none; UNK: not looked for), and lines it counted, in order,
 * at offsets in the chunk. */
struct counted {
	uint32_t		 start, len;
	struct outline_counts	 k;
};

struct hint {
	size_t			 cr;
	const struct counted	*lines;
	size_t			 nlines;
};

static const struct hint no_hint = { UNK, NULL, 0 };

/* Text [s->off, s->off + n), in order. A counted line is used for a line
 * cut at exactly its offsets: the counts depend on the bytes alone. */
static void
scan_feed(struct doc *d, const char *data, size_t n, const struct hint *h)
{
	struct scan	*s = &d->scan;
	size_t		 base = s->off, i = 0, t, seg, nl = UNK, cr = h->cr;
	size_t		 c = 0;
	const char	*q;
	const struct outline_counts *k;

	if (base < d->start)
		i = d->start - base < n ? d->start - base : n;
	if (s->cr && i < n) {
		s->cr = 0;
		if (data[i] == '\n')
			s->line_off = base + ++i;
	}
	while (i < n) {
		if (nl == UNK || nl < i) {
			q = memchr(data + i, '\n', n - i);
			nl = q != NULL ? (size_t)(q - data) : n;
		}
		if (cr == UNK || cr < i) {
			q = memchr(data + i, '\r', n - i);
			cr = q != NULL ? (size_t)(q - data) : n;
		}
		if ((t = nl < cr ? nl : cr) == n)
			break;
		scan_checkpoints(d, base + t);
		seg = s->line_off > base ? s->line_off - base : 0;
		while (c < h->nlines && h->lines[c].start < seg)
			c++;
		k = c < h->nlines && h->lines[c].start == seg &&
		    h->lines[c].len == t - seg ? &h->lines[c].k : NULL;
		scan_line(d, data + seg, t - seg, k);
		s->lines++;
		i = t + 1;
		if (data[t] == '\r' && i == n)
			s->cr = 1;
		else if (data[t] == '\r' && data[i] == '\n')
			i++;
		s->line_off = base + i;
	}
	seg = s->line_off > base ? s->line_off - base : 0;
	if (seg < n)
		carry_add(s, data + seg, n - seg);
	s->off = base + n;
	scan_checkpoints(d, s->off);
	atomic_store_explicit(&d->cp_n, s->ncp, memory_order_release);
}

static void
fingerprint(struct doc *d, size_t len)
{
	uint64_t	 h = 14695981039346656037ULL;
	size_t		 n = len < HEAD ? len : HEAD, i, pass;
	char		*buf = xmalloc(HEAD);

	for (i = 0; i < 8; i++)
		h = (h ^ ((len >> (8 * i)) & 0xff)) * 1099511628211ULL;
	for (pass = 0; pass < 2; pass++) {
		doc_pread(d, pass == 0 ? 0 : len - n, buf, n);
		for (i = 0; i < n; i++)
			h = (h ^ (unsigned char)buf[i]) * 1099511628211ULL;
	}
	free(buf);
	snprintf(d->fp, sizeof d->fp, "%016llx", (unsigned long long)h);
	atomic_store_explicit(&d->fp_ready, 1, memory_order_release);
}

/* The reader: a thread that reads and repairs chunks of a DOC_FILE or a
 * repaired DOC_MEM ahead of the scan, into NREAD buffers taken in turn, so
 * that the kernel's copy and the repair overlap the outline. Buffer k % NREAD
 * holds chunk k when full; the scan empties it. The reader stops after the
 * last chunk or a short one (the file shrank), or when the scan says stop. */
#define NREAD		2

struct rbuf {
	char		*tmp;		/* chunk + 2 * CTX */
	const char	*text;
	size_t		 want, got, bad;
	struct counted	*lines;		/* COUNTED_MAX */
	struct hint	 hint;
	int		 full;
};

struct reader {
	struct doc	*d;
	pthread_mutex_t	 mu;
	pthread_cond_t	 cv;
	struct rbuf	 b[NREAD];
	int		 stop;
};

/* The reader also takes from the scan, which has more to do, two passes
 * over every byte: it finds the chunk's first '\r' (most texts have none),
 * and it counts for the outline (outline_count_line) the lines that start
 * in the chunk's second half after a '\n' and end in it, at most
 * COUNTED_MAX of them: with the repair, about half of the work each
 * (100 MB: 52 and 57 ms of CPU). */
#define COUNTED_MAX	4096

static void
count_lines(struct rbuf *rb)
{
	const char	*t = rb->text, *q;
	size_t		 n = rb->got, i = n / 2, e, len;

	rb->hint.lines = rb->lines;
	rb->hint.nlines = 0;
	while (rb->hint.nlines < COUNTED_MAX &&
	    (q = memchr(t + i, '\n', n - i)) != NULL) {
		e = (size_t)(q - t);
		if (i > n / 2 || (i > 0 && t[i - 1] == '\n')) {
			len = e - i - (e > i && t[e - 1] == '\r');
			rb->lines[rb->hint.nlines].start = (uint32_t)i;
			rb->lines[rb->hint.nlines].len = (uint32_t)len;
			outline_count_line(t + i, len,
			    &rb->lines[rb->hint.nlines++].k);
		}
		i = e + 1;
	}
}

static void
read_chunk(struct doc *d, struct rbuf *rb, size_t off)
{
	const char	*cr;

	rb->want = d->len - off < d->chunk ? d->len - off : d->chunk;
	rb->got = raw_fill(d, off, rb->want, rb->tmp, &rb->text, &rb->bad);
	cr = memchr(rb->text, '\r', rb->got);
	rb->hint.cr = cr != NULL ? (size_t)(cr - rb->text) : rb->got;
	count_lines(rb);
}

static void *
reader_main(void *arg)
{
	struct reader	*r = arg;
	struct rbuf	*rb;
	size_t		 off = 0, k;
	int		 stop;

	thread_yielding();
	for (k = 0; off < r->d->len; k++, off += rb->got) {
		rb = &r->b[k % NREAD];
		pthread_mutex_lock(&r->mu);
		while (rb->full && !r->stop)
			pthread_cond_wait(&r->cv, &r->mu);
		stop = r->stop;
		pthread_mutex_unlock(&r->mu);
		if (stop)
			break;
		read_chunk(r->d, rb, off);
		pthread_mutex_lock(&r->mu);
		rb->full = 1;
		pthread_cond_broadcast(&r->cv);
		pthread_mutex_unlock(&r->mu);
		if (rb->got < rb->want)
			break;
	}
	return NULL;
}

/* Text that needs no repair is scanned in place. Else chunks come from the
 * reader thread, or, for a single chunk or when the thread cannot start,
 * are read here. */
static void
scan_text(struct doc *d)
{
	struct reader	 r;
	struct rbuf	*rb;
	pthread_t	 thr;
	size_t		 len = d->len, off = 0, n, k, got;
	int		 threaded, i;

	if (!d->repair) {
		for (; off < len && !atomic_load(&d->cancel); off += n) {
			n = len - off < d->chunk ? len - off : d->chunk;
			scan_feed(d, d->mem + off, n, &no_hint);
			atomic_store(&d->done, off + n);
		}
		return;
	}
	memset(&r, 0, sizeof r);
	r.d = d;
	for (i = 0; i < NREAD; i++) {
		r.b[i].tmp = xmalloc((len < d->chunk ? len : d->chunk) + 2 * CTX);
		r.b[i].lines = xmalloc(COUNTED_MAX * sizeof *r.b[i].lines);
	}
	pthread_mutex_init(&r.mu, NULL);
	pthread_cond_init(&r.cv, NULL);
	threaded = len > d->chunk &&
	    pthread_create(&thr, NULL, reader_main, &r) == 0;
	for (k = 0; off < len && !atomic_load(&d->cancel); k++, off += got) {
		rb = &r.b[k % NREAD];
		if (threaded) {
			pthread_mutex_lock(&r.mu);
			while (!rb->full)
				pthread_cond_wait(&r.cv, &r.mu);
			pthread_mutex_unlock(&r.mu);
		} else
			read_chunk(d, rb, off);
		got = rb->got;
		atomic_fetch_add(&d->invalid, rb->bad);
		if (d->storage == DOC_FILE)
			file_check(d);
		if (got > 0)
			scan_feed(d, rb->text, got, &rb->hint);
		atomic_store(&d->done, off + got);
		if (got < rb->want) {
			/* Shrank: index nothing past the new end. */
			atomic_store(&d->changed, 1);
			break;
		}
		pthread_mutex_lock(&r.mu);
		rb->full = 0;
		pthread_cond_broadcast(&r.cv);
		pthread_mutex_unlock(&r.mu);
	}
	if (threaded) {
		pthread_mutex_lock(&r.mu);
		r.stop = 1;
		pthread_cond_broadcast(&r.cv);
		pthread_mutex_unlock(&r.mu);
		pthread_join(thr, NULL);
	}
	pthread_cond_destroy(&r.cv);
	pthread_mutex_destroy(&r.mu);
	for (i = 0; i < NREAD; i++) {
		free(r.b[i].tmp);
		free(r.b[i].lines);
	}
}

/* Appends the decoder's output to the spool and scans it. Returns -1 when
 * the spool must stop (d->error set). */
static int
spool_sink(struct doc *d)
{
	struct dec	*dc = &d->dec;
	size_t		 cur = atomic_load(&d->spool_len), n = dc->nout;
	int		 stop = 0;
	char		 msg[64];

	if (d->src_cap && n > d->max_spool - cur) {
		for (n = d->max_spool - cur; n > 0 &&
		    ((unsigned char)dc->out[n] & 0xC0) == 0x80; n--)
			;
		snprintf(msg, sizeof msg, "input too large (over %zu MiB)",
		    (d->max_spool + (1 << 20) - 1) >> 20);
		d->error = cause_new(d->name, msg);
		stop = 1;
	}
	if (util_write_all(d->spool_fd, dc->out, n) != 0) {
		d->error = cause_new(d->name, strerror(errno));
		n = 0;
		stop = 1;
	}
	atomic_store_explicit(&d->spool_len, cur + n, memory_order_release);
	if (n > 0)
		scan_feed(d, dc->out, n, &no_hint);
	dc->nout = 0;
	return stop ? -1 : 0;
}

/* At open: the head goes to the spool at once, so the first screen has
 * text before the thread runs. */
static void
spool_head(struct doc *d)
{
	struct dec	*dc = &d->dec;

	dec_init(dc, d->iconv_from, d->unit);
	dec_input(dc, d->head, d->head_len, d->head_eof);
	atomic_store(&d->done, d->head_len);
	free(d->head);
	d->head = NULL;
	d->spool_stop = spool_sink(d) != 0;
}

static void
spool_run(struct doc *d)
{
	struct dec	*dc = &d->dec;
	char		*buf = xmalloc(d->chunk);
	ssize_t		 r;
	int		 eof = d->head_eof, err = 0;

	if (d->spool_stop)
		goto out;
	while (!eof) {
		if (d->src_regular) {
			r = (ssize_t)pread_full(d->fd, buf, d->chunk, d->src_off, &err);
			if (err != 0 && r == 0)
				r = -1;
			if (atomic_load(&d->cancel))
				goto out;
		} else
			r = read_some(d, d->fd, buf, d->chunk);
		if (r < 0) {
			if (atomic_load(&d->cancel))
				goto out;
			d->error = cause_new(d->name, strerror(err ? err : errno));
			break;
		}
		eof = r == 0;
		d->src_off += (size_t)r;
		atomic_fetch_add(&d->done, (size_t)r);
		dec_input(dc, buf, (size_t)r, eof);
		if (spool_sink(d) != 0)
			goto out;
	}
	if (!eof) {
		dec_input(dc, "", 0, 1);
		spool_sink(d);
	}
out:
	atomic_store(&d->invalid, dc->invalid);
	dec_release(dc);
	free(buf);
}

static void
scan_run(struct doc *d)
{
	struct scan	*s = &d->scan;
	size_t		 len;

	if (d->storage == DOC_SPOOL)
		spool_run(d);
	else
		scan_text(d);
	if (atomic_load(&d->cancel))
		return;
	len = text_len(d);
	if (s->line_off < s->off)
		scan_line(d, "", 0, NULL);
	scan_checkpoints(d, len);
	atomic_store_explicit(&d->cp_n, s->ncp, memory_order_release);
	outline_finish(d->outline, len);
	if (d->storage == DOC_SPOOL) {
		atomic_store(&d->total, atomic_load(&d->done));
		fingerprint(d, len);
		atomic_store_explicit(&d->len_final, 1, memory_order_release);
	}
	atomic_store_explicit(&d->outline_pub, d->outline, memory_order_release);
	atomic_store_explicit(&d->scan_done, 1, memory_order_release);
}

static void *
scan_main(void *arg)
{
	thread_yielding();
	scan_run(arg);
	return NULL;
}

/* Opening. */

/* The thread and doc_fingerprint() race to claim the work: a thread not
 * yet scheduled (both cores busy) never makes the first screen wait. */
static void
fingerprint_claim(struct doc *d)
{
	if (atomic_exchange(&d->fp_claimed, 1) == 0)
		fingerprint(d, d->len);
}

static void *
fingerprint_main(void *arg)
{
	fingerprint_claim(arg);
	return NULL;
}

/* need: compute it here unless the thread has begun (doc_free: no). */
static void
fingerprint_join(struct doc *d, int need)
{
	if (d->fp_started) {
		if (need)
			fingerprint_claim(d);
		else
			atomic_store(&d->fp_claimed, 1);
		pthread_join(d->fp_thr, NULL);
		d->fp_started = 0;
	}
}

/* A text whose length is final: its 0.3 ms (a serial hash of 128 KiB, and
 * a read at the end of the file) overlap the rest of the opening and the
 * terminal set-up; doc_fingerprint() waits for it. Once per doc. */
static void
fingerprint_start(struct doc *d, const struct doc_opts *o)
{
	if (d->fp_started || atomic_load(&d->fp_ready))
		return;
	if (!o->no_scan &&
	    pthread_create(&d->fp_thr, NULL, fingerprint_main, d) == 0)
		d->fp_started = 1;
	else
		fingerprint(d, d->len);
}

static void
scan_start(struct doc *d)
{
	if (pthread_create(&d->thr, NULL, scan_main, d) != 0)
		die("pthread_create: %s", strerror(errno));
	d->thr_started = 1;
}

void
doc_scan_start(struct doc *d)
{
	if (d->scan_deferred && !d->scanned) {
		d->scan_deferred = 0;
		scan_start(d);
	}
}

static struct doc *
doc_new(const char *name, const struct doc_opts *o, char **cause)
{
	struct doc	*d = xcalloc(1, sizeof *d);

	d->name = xstrdup(name);
	d->fd = d->spool_fd = -1;
	d->dec.cd = (iconv_t)-1;
	d->bs = o->block_size == 0 ? BLOCK : o->block_size < 16 ? 16 : o->block_size;
	d->chunk = o->block_size == 0 ? CHUNK : d->bs;
	d->max_spool = o->max_spool != 0 ? o->max_spool : MAX_SPOOL;
	d->tmp = xmalloc(d->bs + 2 * CTX);
	d->viewbuf = xmalloc(VIEW_MAX);
	d->textbuf = xmalloc(VIEW_MAX);
	snprintf(d->enc, sizeof d->enc, "UTF-8");
	if (o->encoding != NULL &&
	    !forced_encoding(o->encoding, &d->iconv_from, d->enc, sizeof d->enc)) {
		set_cause(cause, o->encoding, "unknown encoding");
		doc_free(d);
		return NULL;
	}
	d->unit = unit_of(d->iconv_from);
	return d;
}

/* The encoding from the raw head (unless forced); *bom gets the source
 * bytes to skip. */
static void
doc_detect(struct doc *d, const struct doc_opts *o, const char *h, size_t n,
    int whole, size_t *bom)
{
	const char	*enc;

	*bom = 0;
	if (o->encoding != NULL) {
		/* A forced UTF-16/32 still drops its own BOM. */
		if (d->unit > 1 && strcasecmp(detect(h, n, whole, bom), d->iconv_from) != 0)
			*bom = 0;
		return;
	}
	enc = detect(h, n, whole, bom);
	snprintf(d->enc, sizeof d->enc, "%s", enc);
	d->iconv_from = strcmp(enc, "UTF-8") == 0 ? NULL : enc;
	d->unit = unit_of(d->iconv_from);
}

/* Profile, outline, checkpoints, fingerprint and thread, from the first
 * text (t[0..n), whole if that is all of it). */
static int
doc_setup(struct doc *d, const struct doc_opts *o, const char *t, size_t n,
    int whole, size_t bound, char **cause)
{
	struct outline_opts	 oo;
	char			*ocause = NULL;

	if (n >= 3 && memcmp(t, "\xEF\xBB\xBF", 3) == 0)
		d->start = 3;
	profile(d, t, n, whole, o->markdown);
	d->notation = markup_has_notation(t, n);
	memset(&oo, 0, sizeof oo);
	oo.markdown = d->mode == MODE_MD;
	if (o->headings != NULL && strcmp(o->headings, "none") == 0)
		oo.none = 1;
	else
		oo.regex = o->headings;
	if ((d->outline = outline_new(&oo, &ocause)) == NULL) {
		if (cause != NULL)
			*cause = ocause != NULL ? ocause : xstrdup("invalid --headings");
		else
			free(ocause);
		return -1;
	}
	d->cp_cap = bound / CP + 2;
	d->cp = xcalloc(d->cp_cap / CP_PAGE + 1, sizeof *d->cp);
	if (d->storage != DOC_SPOOL) {
		atomic_store(&d->total, d->len);
		atomic_store(&d->len_final, 1);
		fingerprint_start(d, o);
	} else if (d->src_regular)
		atomic_store(&d->total, (size_t)d->st0.st_size);
	d->scan.line_off = d->start;
	if (d->storage == DOC_SPOOL)
		spool_head(d);
	/* A text the head holds whole is scanned at once: that takes less
	 * than drawing it, and its sections are known at the first key. */
	d->scan_deferred = !o->no_scan && o->defer_scan && !whole;
	if (!o->no_scan && !d->scan_deferred)
		scan_start(d);
	return 0;
}

/* The first text of a doc that needs repair, for doc_setup. */
static int
setup_repaired(struct doc *d, const struct doc_opts *o, char **cause)
{
	size_t	 n = d->len < HEAD ? d->len : HEAD;
	char	*t, *tmp;
	int	 r;

	fingerprint_start(d, o);	/* as early as the text is known */
	t = xmalloc(n + 1);
	tmp = xmalloc(n + 2 * CTX);
	n = raw_read(d, 0, n, t, tmp);
	r = doc_setup(d, o, t, n, n == d->len, d->len, cause);
	free(tmp);
	free(t);
	return r;
}

static int
setup_spool(struct doc *d, const struct doc_opts *o, size_t bom, char **cause)
{
	const char	*dir = getenv("TMPDIR");
	char		*path, msg[256];
	struct dec	 dc;
	size_t		 bound;
	int		 r;

	if (dir == NULL || *dir == '\0')
		dir = "/tmp";
	path = xasprintf("%s/juan-spool.XXXXXX", dir);
	if ((d->spool_fd = mkostemp(path, O_CLOEXEC)) < 0) {
		snprintf(msg, sizeof msg, "cannot create a spool file in %s: %s",
		    dir, strerror(errno));
		set_cause(cause, d->name, msg);
		free(path);
		return -1;
	}
	unlink(path);
	free(path);
	d->storage = DOC_SPOOL;
	memmove(d->head, d->head + bom, d->head_len - bom);
	d->head_len -= bom;
	dec_init(&dc, d->iconv_from, d->unit);
	dec_input(&dc, d->head, d->head_len, d->head_eof);
	bound = d->src_regular ? 3 * (size_t)d->st0.st_size + 16 : d->max_spool + 16;
	r = doc_setup(d, o, dc.out, dc.nout, d->head_eof, bound, cause);
	dec_release(&dc);
	return r;
}

struct doc *
doc_open(const char *path, const struct doc_opts *opts, char **cause)
{
	static const struct doc_opts	 defaults = { .markdown = -1 };
	const struct doc_opts		*o = opts != NULL ? opts : &defaults;
	int				 is_stdin = path == NULL || strcmp(path, "-") == 0;
	struct doc			*d;
	size_t				 bom;
	ssize_t				 r;
	int				 flags, err = 0;

	if ((d = doc_new(is_stdin ? "stdin" : path, o, cause)) == NULL)
		return NULL;
	if (is_stdin)
		d->fd = fcntl(STDIN_FILENO, F_DUPFD_CLOEXEC, 3);
	else
		d->fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (d->fd < 0 || fstat(d->fd, &d->st0) != 0)
		goto fail;
	if (S_ISDIR(d->st0.st_mode)) {
		errno = EISDIR;
		goto fail;
	}
	if ((flags = fcntl(d->fd, F_GETFL)) < 0 ||
	    fcntl(d->fd, F_SETFL, flags & ~O_NONBLOCK) < 0)
		goto fail;
	d->head = xmalloc(HEAD);
	if (S_ISREG(d->st0.st_mode)) {
		d->head_len = pread_full(d->fd, d->head, HEAD, 0, &err);
		if (err != 0) {
			errno = err;
			goto fail;
		}
		d->head_eof = d->head_len >= (size_t)d->st0.st_size;
		doc_detect(d, o, d->head, d->head_len, d->head_eof, &bom);
		if (d->iconv_from == NULL) {
			d->storage = DOC_FILE;
			d->repair = 1;
			d->len = (size_t)d->st0.st_size;
			free(d->head);
			d->head = NULL;
			if (setup_repaired(d, o, cause) != 0)
				goto fail_quiet;
			return d;
		}
		d->src_regular = 1;
		d->src_off = d->head_len;
	} else {
		/* read_some() polls first: a FIFO reads as empty until a
		 * writer opens it. Once something has come, a producer that
		 * pauses for 100 ms does not hold up the first screen. */
		while (d->head_len < HEAD && !d->head_eof) {
			if (d->head_len > 0 && poll(&(struct pollfd){ .fd = d->fd,
			    .events = POLLIN }, 1, 100) == 0)
				break;
			r = read_some(d, d->fd, d->head + d->head_len, HEAD - d->head_len);
			if (r < 0)
				goto fail;
			d->head_eof = r == 0;
			d->head_len += (size_t)r;
		}
		d->src_cap = 1;
		doc_detect(d, o, d->head, d->head_len, d->head_eof, &bom);
	}
	if (setup_spool(d, o, bom, cause) != 0)
		goto fail_quiet;
	return d;
fail:
	set_cause(cause, d->name, strerror(errno));
fail_quiet:
	doc_free(d);
	return NULL;
}

struct doc *
doc_open_mem(const char *data, size_t len, const char *name,
    const struct doc_opts *opts, char **cause)
{
	static const struct doc_opts	 defaults = { .markdown = -1 };
	const struct doc_opts		*o = opts != NULL ? opts : &defaults;
	struct doc			*d;
	struct dec			 dc;
	size_t				 bom;
	int				 r;

	if ((d = doc_new(name != NULL ? name : "memory", o, cause)) == NULL)
		return NULL;
	d->storage = DOC_MEM;
	doc_detect(d, o, data, len < HEAD ? len : HEAD, len <= HEAD, &bom);
	if (d->iconv_from == NULL) {
		d->repair = 1;
		d->mem = xmalloc(len + 1);
		memcpy(d->mem, data, len);
		d->len = len;
		r = setup_repaired(d, o, cause);
	} else {
		dec_init(&dc, d->iconv_from, d->unit);
		dec_input(&dc, data + bom, len - bom, 1);
		d->mem = dc.out;
		d->len = dc.nout;
		atomic_store(&d->invalid, dc.invalid);
		dc.out = NULL;
		dec_release(&dc);
		r = doc_setup(d, o, d->mem, d->len < HEAD ? d->len : HEAD,
		    d->len <= HEAD, d->len, cause);
	}
	if (r != 0) {
		doc_free(d);
		return NULL;
	}
	return d;
}

void
doc_free(struct doc *d)
{
	int	i;

	if (d == NULL)
		return;
	atomic_store(&d->cancel, 1);
	if (d->thr_started)
		pthread_join(d->thr, NULL);
	fingerprint_join(d, 0);
	if (d->fd >= 0 && !d->twin)
		close(d->fd);
	if (d->spool_fd >= 0)
		close(d->spool_fd);
	outline_free(d->outline);
	dec_release(&d->dec);
	for (i = 0; i < NBLOCKS; i++)
		free(d->blocks[i].data);
	for (i = 0; i < NFENCE; i++)
		free(d->fences[i].ev);
	free(d->scan.carry);
	for (i = 0; d->cp != NULL && (size_t)i <= d->cp_cap / CP_PAGE; i++)
		free(d->cp[i]);
	free(d->cp);
	free(d->error);
	free(d->head);
	if (!d->twin)
		free(d->mem);
	free(d->tmp);
	free(d->viewbuf);
	free(d->textbuf);
	free(d->stylebuf);
	free(d->name);
	free(d);
}

/* A twin reads the same bytes through a cache of its own and decides
 * paragraphs with the same functions: only what para_find() reads is set
 * (mode, start, the fences it recomputes, the outline). Its length is the
 * original's now, final; its spool_len holds it for every storage, as the
 * spool is the one that grows. No scan, no line numbers (lineno 0). */
struct doc *
doc_twin(struct doc *d)
{
	struct doc	*t = xcalloc(1, sizeof *t);

	t->twin = 1;
	t->name = xstrdup(d->name);
	snprintf(t->enc, sizeof t->enc, "%s", d->enc);
	t->storage = d->storage;
	t->repair = d->repair;
	t->fd = d->storage == DOC_FILE ? d->fd : -1;
	t->spool_fd = d->spool_fd >= 0 ?
	    fcntl(d->spool_fd, F_DUPFD_CLOEXEC, 3) : -1;
	t->mem = d->mem;
	t->len = text_len(d);
	atomic_store(&t->spool_len, t->len);
	t->start = d->start;
	t->st0 = d->st0;
	t->mode = d->mode;
	t->wrap_w = d->wrap_w;
	t->notation = d->notation;
	t->bs = d->bs;
	t->chunk = d->chunk;
	t->tmp = xmalloc(t->bs + 2 * CTX);
	t->viewbuf = xmalloc(VIEW_MAX);
	t->textbuf = xmalloc(VIEW_MAX);
	t->dec.cd = (iconv_t)-1;
	t->scanned = 1;
	atomic_store(&t->len_final, 1);
	atomic_store(&t->scan_done, 1);
	atomic_store(&t->outline_pub, atomic_load_explicit(&d->outline_pub,
	    memory_order_acquire));
	return t;
}

/* Queries. */

const char *
doc_name(const struct doc *d)
{
	return d->name;
}

const char *
doc_encoding(const struct doc *d)
{
	return d->enc;
}

int
doc_is_markdown(const struct doc *d)
{
	return d->mode == MODE_MD;
}

int
doc_hides_markup(const struct doc *d)
{
	return d->mode == MODE_MD || d->notation;
}

int
doc_is_hardwrapped(const struct doc *d)
{
	return d->mode != MODE_LINE;
}

size_t
doc_len(struct doc *d)
{
	return text_len(d);
}

int
doc_len_final(struct doc *d)
{
	return atomic_load_explicit(&d->len_final, memory_order_acquire);
}

size_t
doc_pread(struct doc *d, size_t off, char *buf, size_t n)
{
	size_t	 len = text_len(d), k, m;
	char	*tmp;

	if (off >= len)
		return 0;
	if (n > len - off)
		n = len - off;
	if (!d->repair) {
		text_get(d, off, n, buf, NULL);
		return n;
	}
	tmp = xmalloc((n < CHUNK ? n : CHUNK) + 2 * CTX);
	for (k = 0; k < n; k += m) {
		m = n - k < CHUNK ? n - k : CHUNK;
		text_get(d, off + k, m, buf + k, tmp);
	}
	free(tmp);
	return n;
}

size_t
doc_pread_raw(struct doc *d, size_t off, char *buf, size_t n)
{
	size_t	 len = text_len(d);

	if (!d->repair || off >= len)
		return doc_pread(d, off, buf, n);
	if (n > len - off)
		n = len - off;
	if (d->storage == DOC_MEM)
		memcpy(buf, d->mem + off, n);
	else
		fill_missing(d, buf, pread_full(d->fd, buf, n, off, NULL), n);
	return n;
}

const char *
doc_view(struct doc *d, size_t off, size_t n, size_t *got)
{
	return view(d, off, n, got);
}

int
doc_para_at(struct doc *d, size_t off, struct doc_para *p)
{
	return para_find(d, off, p);
}

int
doc_para_next(struct doc *d, const struct doc_para *p, struct doc_para *next)
{
	size_t	end = p->off + p->len;

	if (end >= text_len(d))
		return -1;
	if (is_term(byte_at(d, end)))
		end = after_term(d, end);
	return para_find(d, end, next);
}

int
doc_para_prev(struct doc *d, const struct doc_para *p, struct doc_para *prev)
{
	struct line	l;
	size_t		pos = p->off;

	if (p->cont)
		return para_find(d, p->off - 1, prev);
	for (;;) {
		if (pos <= d->start)
			return -1;
		line_get(d, pos - 1, pos - 1, &l);
		if (l.huge || !sep(l.type))
			break;
		pos = l.type == LT_BLANK ? blank_back(d, l.start) : l.start;
	}
	return para_find(d, l.end > l.start || l.start == UNK ? l.end - 1 : l.end, prev);
}

/* The body of p with its joins (doc.h), and its inline markup hidden
 * (markup.h) for showing or, with MARKUP_SEARCH, for matching. With style
 * not NULL, *style gets the markup's styles of the text, or NULL when it
 * has none. */
static const char *
para_text(struct doc *d, const struct doc_para *p, int purpose,
    const unsigned char **style)
{
	char		*t = d->textbuf;
	const char	*src;
	size_t		 n = p->body_len, got;

	src = view(d, p->body_off, n + 8, &got);
	memcpy(t, src, got);
	if (n > got)
		n = got;
	join_lines(src, t, n, got, p->kind == DOC_PARA_QUOTE);
	if (style != NULL)
		*style = NULL;
	if (p->kind == DOC_PARA_CODE)
		return t;
	if (style != NULL && d->stylebuf == NULL)
		d->stylebuf = xmalloc(VIEW_MAX);
	if (markup_hide(t, n, purpose | (d->mode == MODE_MD ? MARKUP_MARKDOWN :
	    0), style != NULL ? d->stylebuf : NULL) && style != NULL)
		*style = d->stylebuf;
	return t;
}

const char *
doc_para_text(struct doc *d, const struct doc_para *p)
{
	return para_text(d, p, 0, NULL);
}

const char *
doc_para_text_styled(struct doc *d, const struct doc_para *p,
    const unsigned char **style)
{
	return para_text(d, p, 0, style);
}

const char *
doc_para_search_text(struct doc *d, const struct doc_para *p)
{
	return para_text(d, p, MARKUP_SEARCH, NULL);
}

void
doc_scan_progress(struct doc *d, size_t *done, size_t *total)
{
	*done = atomic_load(&d->done);
	*total = atomic_load(&d->total);
}

int
doc_scan_done(struct doc *d)
{
	return atomic_load_explicit(&d->scan_done, memory_order_acquire);
}

void
doc_scan_wait(struct doc *d)
{
	if (d->scanned)
		return;
	d->scanned = 1;
	d->scan_deferred = 0;
	if (d->thr_started) {
		pthread_join(d->thr, NULL);
		d->thr_started = 0;
	} else
		scan_run(d);
}

const struct outline *
doc_outline(struct doc *d)
{
	return atomic_load_explicit(&d->outline_pub, memory_order_acquire);
}

const char *
doc_fingerprint(struct doc *d)
{
	fingerprint_join(d, 1);
	return doc_fingerprint_ready(d);
}

const char *
doc_fingerprint_ready(struct doc *d)
{
	return atomic_load_explicit(&d->fp_ready, memory_order_acquire) ? d->fp : NULL;
}

size_t
doc_invalid_bytes(struct doc *d)
{
	return atomic_load(&d->invalid);
}

int
doc_changed(struct doc *d)
{
	if (d->storage == DOC_FILE)
		file_check(d);
	return atomic_load(&d->changed);
}

const char *
doc_error(struct doc *d)
{
	return doc_len_final(d) ? d->error : NULL;
}
