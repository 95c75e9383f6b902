/* doc_store: the text as bytes. Raw reads of a file or a memory copy and
 * their repair (a byte's value depends only on its neighbours, see doc.c),
 * the bounded block cache behind doc_view(), byte and line-terminator
 * access for the line and paragraph code, and doc_pread() for any thread.
 */
#define _GNU_SOURCE		/* memrchr */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "doc.h"
#include "doc_int.h"
#include "ustr.h"
#include "util.h"

/* Raw input. */

size_t
doc_pread_full(int fd, char *buf, size_t n, size_t off, int *err)
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
ssize_t
doc_read_some(struct doc *d, int fd, char *buf, size_t n)
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

void
doc_file_check(struct doc *d)
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
size_t
doc_raw_fill(struct doc *d, size_t off, size_t n, char *tmp, const char **text,
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
		got = doc_pread_full(d->fd, tmp, end - from, from, NULL);
	*text = tmp + lctx;
	if (nbad != NULL)
		*nbad = 0;
	if (got <= lctx)
		return 0;
	avail = got - lctx < n ? got - lctx : n;
	rctx = got - lctx - avail;
	/* Repair only ever turns bytes into USTR_SUB, and returns how many it
	 * turned: those of the context are not the text's. */
	if (d->valid && !atomic_load(&d->changed))
		return avail;		/* nothing to mend (doc_twin) */
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

/* doc_raw_fill() into out. */
size_t
doc_raw_read(struct doc *d, size_t off, size_t n, char *out, char *tmp)
{
	const char	*text;
	size_t		 got = doc_raw_fill(d, off, n, tmp, &text, NULL);

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

/* Offset of the first '\n' or '\r' in s[0..n), or n. The '\r' is looked
 * for only before the '\n': most texts have none, and a search to the end
 * of a block for every line made reading lines quadratic in the block. */
size_t
doc_find_term(const char *s, size_t n)
{
	const char	*a = memchr(s, '\n', n), *b;
	size_t		 k = a != NULL ? (size_t)(a - s) : n;

	b = memchr(s, '\r', k);
	return b != NULL ? (size_t)(b - s) : k;
}

/* Text access. */

size_t
doc_len(struct doc *d)
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
		got = doc_pread_full(d->spool_fd, buf, n, off, NULL);
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
		got = doc_raw_read(d, off, n, buf, tmp);
		fill_missing(d, buf, got, n);
		break;
	}
}

/* Forget every cached block (the file changed: doc_refresh). */
void
doc_cache_drop(struct doc *d)
{
	int	i;

	for (i = 0; i < NBLOCKS; i++) {
		d->blocks[i].idx = SIZE_MAX;
		d->blocks[i].len = 0;
	}
	for (i = 0; i < NFENCE; i++)
		d->fences[i].valid = 0;
	d->ln.valid = 0;
}

/* Text [off, off + n) into a block's buffer buf (bs + 2 * CTX bytes);
 * returns where it starts there. A repaired storage is read with its
 * context straight into buf and repaired in place, not read into d->tmp
 * and copied (3% of counting a frequent term in 100 MB). */
static char *
block_fill(struct doc *d, size_t off, size_t n, char *buf)
{
	const char	*text;
	char		*t;
	size_t		 got;

	if (d->storage == DOC_SPOOL || (d->storage == DOC_MEM && !d->repair)) {
		text_get(d, off, n, buf, d->tmp);
		return buf;
	}
	got = doc_raw_fill(d, off, n, buf, &text, NULL);
	t = buf + (text - buf);		/* text, writable */
	fill_missing(d, t, got, n);
	return t;
}

static const char *
block_get(struct doc *d, size_t idx, size_t len)
{
	struct doc_block	*b, *victim = &d->blocks[0];
	size_t		 off = idx * d->bs, want = len - off < d->bs ? len - off : d->bs;
	int		 i;

	/* Most calls are for the block of the call before (the byte after,
	 * the line around): a count's paragraphs spent 4% of it in the loop
	 * below. */
	if ((b = d->last) != NULL && b->data != NULL && b->idx == idx &&
	    b->len >= want) {
		b->use = ++d->tick;
		return b->text;
	}
	for (i = 0; i < NBLOCKS; i++) {
		b = &d->blocks[i];
		if (b->data != NULL && b->idx == idx && b->len >= want) {
			b->use = ++d->tick;
			d->last = b;
			return b->text;
		}
		if (b->data == NULL || (b->idx == idx && victim->idx != idx) ||
		    (victim->data != NULL && victim->idx != idx &&
		    b->use < victim->use))
			victim = b;
	}
	if (victim->data == NULL)
		victim->data = xmalloc(d->bs + 2 * CTX);
	if (d->storage == DOC_FILE)
		doc_file_check(d);
	victim->text = block_fill(d, off, want, victim->data);
	victim->idx = idx;
	victim->len = want;
	victim->use = ++d->tick;
	d->last = victim;
	return victim->text;
}

/* Borrow text [off, off + n) (clamped); *got its length. */
const char *
doc_view(struct doc *d, size_t off, size_t n, size_t *got)
{
	size_t		 len = doc_len(d), b0, k, m;
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

int
doc_byte_at(struct doc *d, size_t off)
{
	size_t		got;
	const char	*p = doc_view(d, off, 1, &got);

	return got == 1 ? (unsigned char)*p : -1;
}

/* First terminator byte in [from, to), or UNK. */
size_t
doc_term_fwd(struct doc *d, size_t from, size_t to)
{
	size_t		 got, i, n;
	const char	*p;

	/* Block by block, so that doc_view() never has to copy. */
	while (from < to) {
		n = d->bs - from % d->bs;
		p = doc_view(d, from, to - from < n ? to - from : n, &got);
		if (got == 0)
			break;
		if ((i = doc_find_term(p, got)) < got)
			return from + i;
		from += got;
	}
	return UNK;
}

/* Last terminator byte in [to, from), or UNK. */
size_t
doc_term_back(struct doc *d, size_t from, size_t to)
{
	size_t		 got, n, k;
	const char	*p, *a, *b;

	while (from > to) {
		n = from % d->bs == 0 ? d->bs : from % d->bs;
		if (n > from - to)
			n = from - to;
		p = doc_view(d, from - n, n, &got);
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
size_t
doc_after_term(struct doc *d, size_t t)
{
	return t + 1 + (doc_byte_at(d, t) == '\r' && doc_byte_at(d, t + 1) == '\n');
}
size_t
doc_pread(struct doc *d, size_t off, char *buf, size_t n)
{
	size_t	 len = doc_len(d), k, m;
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
	size_t	 len = doc_len(d);

	if (!d->repair || off >= len)
		return doc_pread(d, off, buf, n);
	if (n > len - off)
		n = len - off;
	if (d->storage == DOC_MEM)
		memcpy(buf, d->mem + off, n);
	else
		fill_missing(d, buf, doc_pread_full(d->fd, buf, n, off, NULL), n);
	return n;
}
