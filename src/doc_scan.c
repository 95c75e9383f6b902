/* doc_scan: the background scan. It reads the text once, in order (a
 * spool decodes its source as it goes), feeds every line to the outline,
 * records line checkpoints and invalid bytes, and reports progress; a reader
 * thread reads and repairs chunks ahead of it. The fingerprint is computed
 * here too, on its own thread for a text whose length is final. */
#include <sys/resource.h>
#include <sys/syscall.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "doc.h"
#include "doc_int.h"
#include "outline.h"
#include "ustr.h"
#include "util.h"

#define FEED_MAX	(1024 * 1024)	/* longest line fed whole to the outline */
/* Lines fed between two looks at the cancel flag: a chunk of short lines
 * (a million headings) takes long to feed, and doc_free() waits for the
 * scan. 4,096 lines cost a few ms; a chunk ends sooner with longer ones. */
#define CANCEL_LINES	4096

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
		if (++s->lines % CANCEL_LINES == 0 &&
		    atomic_load_explicit(&d->cancel, memory_order_relaxed))
			return;
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
	unsigned char	 lenb[8];
	uint64_t	 h;
	size_t		 n = len < HEAD ? len : HEAD, i, pass;
	char		*buf = xmalloc(HEAD);

	for (i = 0; i < 8; i++)
		lenb[i] = (unsigned char)(len >> (8 * i));
	h = util_hash(UTIL_HASH_INIT, lenb, sizeof lenb);
	for (pass = 0; pass < 2; pass++) {
		doc_pread(d, pass == 0 ? 0 : len - n, buf, n);
		h = util_hash(h, buf, n);
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
	rb->got = doc_raw_fill(d, off, rb->want, rb->tmp, &rb->text, &rb->bad);
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
			doc_file_check(d);
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
		n = ustr_clip(dc->out, dc->nout, d->max_spool - cur);
		snprintf(msg, sizeof msg, "input too large (over %zu MiB)",
		    (d->max_spool + (1 << 20) - 1) >> 20);
		d->error = doc_cause_new(d->name, msg);
		stop = 1;
	}
	if (util_write_all(d->spool_fd, dc->out, n) != 0) {
		d->error = doc_cause_new(d->name, strerror(errno));
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
void
doc_spool_head(struct doc *d)
{
	struct dec	*dc = &d->dec;

	doc_dec_init(dc, d->iconv_from, d->unit);
	doc_dec_input(dc, d->head, d->head_len, d->head_eof);
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
			r = (ssize_t)doc_pread_full(d->fd, buf, d->chunk, d->src_off, &err);
			if (err != 0 && r == 0)
				r = -1;
			if (atomic_load(&d->cancel))
				goto out;
		} else
			r = doc_read_some(d, d->fd, buf, d->chunk);
		if (r < 0) {
			if (atomic_load(&d->cancel))
				goto out;
			d->error = doc_cause_new(d->name, strerror(err ? err : errno));
			break;
		}
		eof = r == 0;
		d->src_off += (size_t)r;
		atomic_fetch_add(&d->done, (size_t)r);
		doc_dec_input(dc, buf, (size_t)r, eof);
		if (spool_sink(d) != 0)
			goto out;
	}
	if (!eof) {
		doc_dec_input(dc, "", 0, 1);
		spool_sink(d);
	}
out:
	atomic_store(&d->invalid, dc->invalid);
	doc_dec_release(dc);
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
	len = doc_len(d);
	if (s->line_off < s->off)
		scan_line(d, "", 0, NULL);
	scan_checkpoints(d, len);
	atomic_store_explicit(&d->cp_n, s->ncp, memory_order_release);
	outline_finish(d->outline, len);
	if (atomic_load(&d->cancel))
		return;		/* the outline may be unfinished */
#ifdef __GLIBC__
	/* The scan's working memory (the candidates, the chunk buffers) lies
	 * freed between the results kept (sections, checkpoints): give its
	 * pages back, as they will not be used again (1 GB book: 12 MB of
	 * private memory after the scan, 9 with this). */
	malloc_trim(0);
#endif
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
void
doc_fingerprint_join(struct doc *d, int need)
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
void
doc_fingerprint_start(struct doc *d, const struct doc_opts *o)
{
	if (d->fp_started || atomic_load(&d->fp_ready))
		return;
	if (!o->no_scan &&
	    pthread_create(&d->fp_thr, NULL, fingerprint_main, d) == 0)
		d->fp_started = 1;
	else
		fingerprint(d, d->len);
}

void
doc_scan_thread(struct doc *d)
{
	if (pthread_create(&d->thr, NULL, scan_main, d) != 0)
		die("pthread_create: %s", strerror(errno));
	d->thr_started = 1;
}

/* Stops the scan and the fingerprint's thread, for doc_free() and a
 * reload: both look at the cancel flag often (CANCEL_LINES). */
void
doc_scan_stop(struct doc *d)
{
	atomic_store(&d->cancel, 1);
	if (d->thr_started) {
		pthread_join(d->thr, NULL);
		d->thr_started = 0;
	}
	doc_fingerprint_join(d, 0);
}

void
doc_scan_start(struct doc *d)
{
	if (d->scan_deferred && !d->scanned) {
		d->scan_deferred = 0;
		doc_scan_thread(d);
	}
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

const char *
doc_fingerprint(struct doc *d)
{
	doc_fingerprint_join(d, 1);
	return doc_fingerprint_ready(d);
}

const char *
doc_fingerprint_ready(struct doc *d)
{
	return atomic_load_explicit(&d->fp_ready, memory_order_acquire) ? d->fp : NULL;
}
