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
 * through doc_raw_fill() is read and repaired a chunk ahead by a second thread
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
#define _GNU_SOURCE		/* mkostemp */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "doc.h"
#include "doc_int.h"
#include "markup.h"
#include "outline.h"
#include "ustr.h"
#include "util.h"

#define BLOCK		(64 * 1024)
#define MAX_SPOOL	((size_t)1 << 30)
#define WAIT_MS		50	/* doc_opts.wait asked so often */

/* Errors and names. */

char *
doc_cause_new(const char *name, const char *reason)
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
		*cause = doc_cause_new(name, reason);
}

static struct doc *
doc_new(const char *name, const struct doc_opts *o, char **cause)
{
	struct doc	*d = xcalloc(1, sizeof *d);

	d->name = xstrdup(name);
	d->opts = *o;
	d->opts.encoding = NULL;	/* decided at open, for good */
	d->opts.headings = o->headings != NULL ? xstrdup(o->headings) : NULL;
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
	    !doc_forced_encoding(o->encoding, &d->iconv_from, d->enc, sizeof d->enc)) {
		set_cause(cause, o->encoding, "unknown encoding");
		doc_free(d);
		return NULL;
	}
	d->unit = doc_unit_of(d->iconv_from);
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
		if (d->unit > 1 && strcasecmp(doc_detect_encoding(h, n, whole, bom), d->iconv_from) != 0)
			*bom = 0;
		return;
	}
	enc = doc_detect_encoding(h, n, whole, bom);
	snprintf(d->enc, sizeof d->enc, "%s", enc);
	d->iconv_from = strcmp(enc, "UTF-8") == 0 ? NULL : enc;
	d->unit = doc_unit_of(d->iconv_from);
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
	doc_profile(d, t, n, whole, o->markdown);
	d->notation = markup_has_notation(t, n);
	memset(&oo, 0, sizeof oo);
	oo.markdown = d->mode == MODE_MD;
	oo.cancel = &d->cancel;
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
		doc_fingerprint_start(d, o);
	} else if (d->src_regular)
		atomic_store(&d->total, (size_t)d->st0.st_size);
	d->scan.line_off = d->start;
	if (d->storage == DOC_SPOOL)
		doc_spool_head(d);
	/* A text the head holds whole is scanned at once: that takes less
	 * than drawing it, and its sections are known at the first key. */
	d->scan_deferred = !o->no_scan && o->defer_scan && !whole;
	if (!o->no_scan && !d->scan_deferred)
		doc_scan_thread(d);
	return 0;
}

/* The first text of a doc that needs repair, for doc_setup. */
static int
setup_repaired(struct doc *d, const struct doc_opts *o, char **cause)
{
	size_t	 n = d->len < HEAD ? d->len : HEAD;
	char	*t, *tmp;
	int	 r;

	doc_fingerprint_start(d, o);	/* as early as the text is known */
	t = xmalloc(n + 1);
	tmp = xmalloc(n + 2 * CTX);
	n = doc_raw_read(d, 0, n, t, tmp);
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
	doc_dec_init(&dc, d->iconv_from, d->unit);
	doc_dec_input(&dc, d->head, d->head_len, d->head_eof);
	bound = d->src_regular ? 3 * (size_t)d->st0.st_size + 16 : d->max_spool + 16;
	r = doc_setup(d, o, dc.out, dc.nout, d->head_eof, bound, cause);
	doc_dec_release(&dc);
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
	int				 flags, k, err = 0;

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
		d->head_len = doc_pread_full(d->fd, d->head, HEAD, 0, &err);
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
		/* A FIFO reads as empty until a writer opens it: until the
		 * first bytes come, opts.wait is asked every WAIT_MS whether
		 * to give up. Once something has come, a producer that
		 * pauses for 100 ms does not hold up the first screen. */
		while (d->head_len < HEAD && !d->head_eof) {
			k = poll(&(struct pollfd){ .fd = d->fd, .events = POLLIN },
			    1, d->head_len > 0 ? 100 : WAIT_MS);
			if (k == 0 && d->head_len > 0)
				break;
			if (k == 0 && o->wait != NULL && o->wait(o->wait_arg))
				goto fail_quiet;
			if (k == 0)
				continue;
			r = doc_read_some(d, d->fd, d->head + d->head_len, HEAD - d->head_len);
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
		doc_dec_init(&dc, d->iconv_from, d->unit);
		doc_dec_input(&dc, data + bom, len - bom, 1);
		d->mem = dc.out;
		d->len = dc.nout;
		atomic_store(&d->invalid, dc.invalid);
		dc.out = NULL;
		doc_dec_release(&dc);
		r = doc_setup(d, o, d->mem, d->len < HEAD ? d->len : HEAD,
		    d->len <= HEAD, d->len, cause);
	}
	if (r != 0) {
		doc_free(d);
		return NULL;
	}
	return d;
}

/* The outlines reloads replaced, once no twin can read them. */
static void
retired_free(struct doc *d)
{
	while (d->nretired > 0)
		outline_free(d->retired[--d->nretired]);
	free(d->retired);
	d->retired = NULL;
}

void
doc_free(struct doc *d)
{
	int	i;

	if (d == NULL)
		return;
	doc_scan_stop(d);
	if (d->twin && --d->origin->twins == 0)
		retired_free(d->origin);
	retired_free(d);
	if (d->fd >= 0 && !d->twin)
		close(d->fd);
	if (d->spool_fd >= 0)
		close(d->spool_fd);
	outline_free(d->outline);
	doc_dec_release(&d->dec);
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
	free((char *)d->opts.headings);
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
	t->origin = d;
	d->twins++;
	t->name = xstrdup(d->name);
	snprintf(t->enc, sizeof t->enc, "%s", d->enc);
	t->storage = d->storage;
	t->repair = d->repair;
	/* Repair found nothing to mend in the whole file: the count's twin
	 * reads it again without (a tenth of counting a frequent term in
	 * 100 MB). doc_file_check() in block_get turns it off on a change. */
	t->valid = d->storage == DOC_FILE && doc_scan_done(d) &&
	    atomic_load(&d->invalid) == 0 && !atomic_load(&d->changed);
	t->fd = d->storage == DOC_FILE ? d->fd : -1;
	t->spool_fd = d->spool_fd >= 0 ?
	    fcntl(d->spool_fd, F_DUPFD_CLOEXEC, 3) : -1;
	t->mem = d->mem;
	t->len = doc_len(d);
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

int
doc_len_final(struct doc *d)
{
	return atomic_load_explicit(&d->len_final, memory_order_acquire);
}

const struct outline *
doc_outline(struct doc *d)
{
	return atomic_load_explicit(&d->outline_pub, memory_order_acquire);
}

size_t
doc_invalid_bytes(struct doc *d)
{
	return atomic_load(&d->invalid);
}

/* Forget what was derived from the text (the scan, its checkpoints and
 * outline, the caches, the fingerprint) and set the doc up again over the
 * file as it is now, as doc_open() did: profile, outline and scan from
 * scratch. The outline goes to the retired ones while a twin may read it. */
static void
doc_reload(struct doc *d, const struct stat *st)
{
	struct doc_opts	 o = d->opts;
	size_t		 i;

	doc_scan_stop(d);
	if (d->twins > 0) {
		d->retired = xreallocarray(d->retired, d->nretired + 1,
		    sizeof *d->retired);
		d->retired[d->nretired++] = d->outline;
	} else
		outline_free(d->outline);
	d->outline = NULL;
	atomic_store(&d->outline_pub, NULL);
	free(d->scan.carry);
	memset(&d->scan, 0, sizeof d->scan);
	for (i = 0; d->cp != NULL && i <= d->cp_cap / CP_PAGE; i++)
		free(d->cp[i]);
	free(d->cp);
	doc_cache_drop(d);
	d->st0 = *st;
	d->len = (size_t)st->st_size;
	d->start = 0;
	d->scanned = 0;
	atomic_store(&d->cp_n, 0);
	atomic_store(&d->done, 0);
	atomic_store(&d->invalid, 0);
	atomic_store(&d->changed, 0);
	atomic_store(&d->scan_done, 0);
	atomic_store(&d->fp_ready, 0);
	atomic_store(&d->fp_claimed, 0);
	atomic_store(&d->cancel, 0);
	/* A scan that had begun begins again at once. */
	o.defer_scan = d->scan_deferred;
	/* The options compiled at open: the set-up cannot fail again. */
	(void)setup_repaired(d, &o, NULL);
}

int
doc_refresh(struct doc *d, int at_end)
{
	struct stat	st;
	int		r;

	if (d->storage != DOC_FILE || d->twin || fstat(d->fd, &st) != 0)
		return DOC_SAME;
	if ((size_t)st.st_size < d->len)
		r = DOC_TRUNCATED;
	else if ((size_t)st.st_size > d->len ? at_end :
	    st.st_mtim.tv_sec != d->st0.st_mtim.tv_sec ||
	    st.st_mtim.tv_nsec != d->st0.st_mtim.tv_nsec)
		r = DOC_RELOADED;
	else
		return DOC_SAME;
	doc_reload(d, &st);
	return r;
}

int
doc_changed(struct doc *d)
{
	if (d->storage == DOC_FILE)
		doc_file_check(d);
	return atomic_load(&d->changed);
}

const char *
doc_error(struct doc *d)
{
	return doc_len_final(d) ? d->error : NULL;
}
