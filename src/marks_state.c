/* marks_state: the in-memory state of the marks module and its file format.
 * Pure logic: src/marks.c does the file I/O, the journal and the API.
 *
 * Data model. A struct state holds three tables: bookmarks sorted by
 * (fingerprint, offset, time, id), where the id alone is a bookmark's
 * identity (two made at one place in one second are two bookmarks);
 * positions, one struct mark per fingerprint (name and section ""), sorted
 * by fingerprint and at most POS_MAX; the search history, oldest first,
 * without duplicates, at most MARKS_HISTORY_MAX. Every string in a state is
 * non-NULL, clamped, and every fingerprint is 1-64 lowercase hex digits.
 *
 * File format 2: a version line, then one record a line, fields separated by
 * tabs and escaped (\\ \t \n \r, \xHH for other control bytes):
 *	juan-bookmarks 2
 *	m	fp	off	percent	time	path	name	section	snippet	id
 *	lost	the same fields: a bookmark not re-anchored after an edit
 *	p	fp	off	percent	time	path	snippet
 *	h	pattern
 * The id is 1-16 lowercase hex digits, not 0. Format 1 had no id field:
 * its bookmarks get one derived from (fp, off, time), their identity then,
 * so that instances that read the same old file agree on it. The id is the
 * last field because a juan that knows only format 1 reads a newer file
 * read-only, taking the fields it knows and ignoring the ones after them.
 * Nothing read is trusted: each line is validated alone, numbers saturate,
 * strings are clamped, a raw control byte or a bad escape rejects the line. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "marks_int.h"
#include "ustr.h"
#include "util.h"

#define FIELDS_MAX	12
#define ID_DIGITS	16

struct buf {
	char	*p;
	size_t	 len, cap;
};

static void
buf_add(struct buf *b, const char *s, size_t n)
{
	if (b->cap - b->len < n + 1) {
		while (b->cap - b->len < n + 1)
			b->cap = b->cap ? b->cap * 2 : 4096;
		b->p = xrealloc(b->p, b->cap);
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void
buf_str(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

/* A tab, then s escaped so that it holds no tab, newline or control byte. */
static void
buf_field(struct buf *b, const char *s)
{
	const unsigned char	*u;
	char			 esc[5];

	buf_add(b, "\t", 1);
	for (u = (const unsigned char *)s; *u != '\0'; u++) {
		if (*u == '\\')
			buf_add(b, "\\\\", 2);
		else if (*u == '\t')
			buf_add(b, "\\t", 2);
		else if (*u == '\n')
			buf_add(b, "\\n", 2);
		else if (*u == '\r')
			buf_add(b, "\\r", 2);
		else if (*u < 0x20 || *u == 0x7f) {
			snprintf(esc, sizeof esc, "\\x%02x", *u);
			buf_add(b, esc, 4);
		} else
			buf_add(b, (const char *)u, 1);
	}
}

/* Copy of the first n bytes of s, cut to max bytes without splitting a UTF-8
 * sequence: at the last character start at or before max, walking from the
 * start (ustr_next is inline: marks links no Unicode code). */
static char *
clamp_ndup(const char *s, size_t n, size_t max)
{
	return xstrndup(s, ustr_clip(s, n, max));
}

char *
clamp_dup(const char *s, size_t max)
{
	if (s == NULL)
		s = "";
	return clamp_ndup(s, strlen(s), max);
}

int
fp_ok(const char *fp, size_t n)
{
	if (fp == NULL || n == 0 || n > FP_MAX)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((fp[i] >= '0' && fp[i] <= '9') || (fp[i] >= 'a' && fp[i] <= 'f')))
			return 0;
	return 1;
}

unsigned
pct_tenths(double percent)
{
	if (!(percent > 0))	/* NaN too */
		return 0;
	if (percent >= 100)
		return 1000;
	return (unsigned)(percent * 10 + 0.5);
}

time_t
time_clamp(long long t)
{
	if (t < 0)
		return 0;
	return t > TIME_MAX ? (time_t)TIME_MAX : (time_t)t;
}

/* splitmix64's finaliser: spreads the bits of a weak seed. */
static uint64_t
mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Random, so that instances never agree on one by chance (a clock would:
 * eight started together make their marks in the same microsecond). Without
 * getrandom(2) or /dev/urandom, the time, the pid and a counter, mixed. */
uint64_t
mark_new_id(void)
{
	static uint64_t	 counter;
	struct timespec	 ts;
	uint64_t	 v = 0;
	ssize_t		 r;
	int		 fd;

	do
		r = getrandom(&v, sizeof v, 0);
	while (r < 0 && errno == EINTR);
	if (r != (ssize_t)sizeof v) {
		v = 0;
		if ((fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC)) >= 0) {
			if (read(fd, &v, sizeof v) != (ssize_t)sizeof v)
				v = 0;
			close(fd);
		}
	}
	if (v == 0) {
		clock_gettime(CLOCK_REALTIME, &ts);
		v = mix64((uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec) ^
		    mix64(((uint64_t)getpid() << 32) + ++counter);
	}
	return v != 0 ? v : 1;
}

void
mark_free(struct mark *m)
{
	free(m->fp);
	free(m->path);
	free(m->name);
	free(m->snippet);
	free(m->section);
	memset(m, 0, sizeof *m);
}

/* A clamped deep copy of src; the caller checked src->fp. */
struct mark
mark_copy(const struct mark *src)
{
	struct mark	m;

	m.fp = xstrdup(src->fp);
	m.path = clamp_dup(src->path, PATH_LEN_MAX);
	m.name = clamp_dup(src->name, NAME_MAX_LEN);
	m.section = clamp_dup(src->section, NAME_MAX_LEN);
	m.snippet = clamp_dup(src->snippet, MARKS_SNIPPET_MAX);
	m.off = src->off;
	m.percent = pct_tenths(src->percent) / 10.0;
	m.time = time_clamp((long long)src->time);
	m.lost = src->lost != 0;
	m.id = src->id;
	return m;
}

static int
key_cmp(const struct mark *a, const struct mark *k)
{
	int	c = strcmp(a->fp, k->fp);

	if (c != 0)
		return c;
	if (a->off != k->off)
		return a->off < k->off ? -1 : 1;
	if (a->time != k->time)
		return a->time < k->time ? -1 : 1;
	if (a->id != k->id)
		return a->id < k->id ? -1 : 1;
	return 0;
}

/* Index of the bookmark that sorts as k, or where it would go; *found says
 * which. */
static size_t
mark_find(const struct state *st, const struct mark *k, int *found)
{
	size_t	lo = 0, hi = st->nmarks, mid;
	int	c;

	*found = 0;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = key_cmp(&st->marks[mid], k);
		if (c == 0) {
			*found = 1;
			return mid;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

size_t
mark_find_id(const struct state *st, const struct mark *k)
{
	int	found;
	size_t	i = mark_find(st, k, &found);

	if (found)
		return i;
	for (i = 0; i < st->nmarks; i++)
		if (st->marks[i].id == k->id)
			return i;
	return (size_t)-1;
}

/* First bookmark whose fingerprint sorts at or after fp (after, with past). */
static size_t
mark_bound(const struct state *st, const char *fp, int past)
{
	size_t	lo = 0, hi = st->nmarks, mid;
	int	c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = strcmp(st->marks[mid].fp, fp);
		if (c < 0 || (past && c == 0))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* First bookmark of fp; *n gets how many it has. */
size_t
mark_range(const struct state *st, const char *fp, size_t *n)
{
	size_t	first = mark_bound(st, fp, 0);

	*n = mark_bound(st, fp, 1) - first;
	return first;
}

static void
mark_insert(struct state *st, size_t i, struct mark m)
{
	st->marks = xreallocarray(st->marks, st->nmarks + 1, sizeof *st->marks);
	memmove(&st->marks[i + 1], &st->marks[i], (st->nmarks - i) * sizeof *st->marks);
	st->marks[i] = m;
	st->nmarks++;
}

void
mark_remove(struct state *st, size_t i)
{
	mark_free(&st->marks[i]);
	memmove(&st->marks[i], &st->marks[i + 1], (st->nmarks - i - 1) * sizeof *st->marks);
	st->nmarks--;
}

/* Takes ownership of m, which replaces the bookmark with its id if any
 * (replaying a journal puts the same bookmarks again). */
void
state_put(struct state *st, struct mark m)
{
	int	found;
	size_t	i = mark_find_id(st, &m);

	if (i != (size_t)-1)
		mark_remove(st, i);
	i = mark_find(st, &m, &found);
	mark_insert(st, i, m);
}

size_t
pos_find(const struct state *st, const char *fp, int *found)
{
	size_t	lo = 0, hi = st->npos, mid;
	int	c;

	*found = 0;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = strcmp(st->pos[mid].fp, fp);
		if (c == 0) {
			*found = 1;
			return mid;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

void
pos_remove(struct state *st, size_t i)
{
	mark_free(&st->pos[i]);
	memmove(&st->pos[i], &st->pos[i + 1], (st->npos - i - 1) * sizeof *st->pos);
	st->npos--;
}

/* Takes ownership of m; beyond POS_MAX the least recent position goes. */
void
state_put_pos(struct state *st, struct mark m)
{
	int	found;
	size_t	i = pos_find(st, m.fp, &found), old;

	if (found) {
		/* Read from a pipe, the text has no path: keep the one last
		 * seen, so that an edited file can still be matched by it. */
		if (*m.path == '\0') {
			free(m.path);
			m.path = st->pos[i].path;
			st->pos[i].path = NULL;
		}
		mark_free(&st->pos[i]);
		st->pos[i] = m;
		return;
	}
	st->pos = xreallocarray(st->pos, st->npos + 1, sizeof *st->pos);
	memmove(&st->pos[i + 1], &st->pos[i], (st->npos - i) * sizeof *st->pos);
	st->pos[i] = m;
	st->npos++;
	if (st->npos > POS_MAX) {
		old = 0;
		for (i = 1; i < st->npos; i++)
			if (st->pos[i].time < st->pos[old].time)
				old = i;
		pos_remove(st, old);
	}
}

/* Takes ownership of pattern (non-empty): it moves to the end. */
void
state_hist(struct state *st, char *pattern)
{
	size_t	i;

	for (i = 0; i < st->nhist; i++) {
		if (strcmp(st->hist[i], pattern) == 0) {
			free(st->hist[i]);
			memmove(&st->hist[i], &st->hist[i + 1],
			    (st->nhist - i - 1) * sizeof *st->hist);
			st->nhist--;
			break;
		}
	}
	if (st->nhist == MARKS_HISTORY_MAX) {
		free(st->hist[0]);
		memmove(&st->hist[0], &st->hist[1], (st->nhist - 1) * sizeof *st->hist);
		st->nhist--;
	}
	st->hist = xreallocarray(st->hist, st->nhist + 1, sizeof *st->hist);
	st->hist[st->nhist++] = pattern;
}

void
state_free(struct state *st)
{
	size_t	i;

	for (i = 0; i < st->nmarks; i++)
		mark_free(&st->marks[i]);
	for (i = 0; i < st->npos; i++)
		mark_free(&st->pos[i]);
	for (i = 0; i < st->nhist; i++)
		free(st->hist[i]);
	free(st->marks);
	free(st->pos);
	free(st->hist);
	memset(st, 0, sizeof *st);
}


static void
format_mark(struct buf *b, const char *kind, const struct mark *m, int full)
{
	char	num[64];

	buf_str(b, kind);
	buf_field(b, m->fp);
	snprintf(num, sizeof num, "\t%zu\t%u.%u\t%lld", m->off,
	    pct_tenths(m->percent) / 10, pct_tenths(m->percent) % 10,
	    (long long)m->time);
	buf_str(b, num);
	buf_field(b, m->path);
	if (full) {
		buf_field(b, m->name);
		buf_field(b, m->section);
	}
	buf_field(b, m->snippet);
	if (full) {
		snprintf(num, sizeof num, "\t%0*llx", ID_DIGITS,
		    (unsigned long long)m->id);
		buf_str(b, num);
	}
	buf_add(b, "\n", 1);
}

char *
state_format(const struct state *st, size_t *len)
{
	struct buf	b = { NULL, 0, 0 };
	size_t		i;
	char		version[32];

	snprintf(version, sizeof version, MAGIC "%d\n", FORMAT_VERSION);
	buf_str(&b, version);
	for (i = 0; i < st->nmarks; i++)
		format_mark(&b, st->marks[i].lost ? "lost" : "m", &st->marks[i], 1);
	for (i = 0; i < st->npos; i++)
		format_mark(&b, "p", &st->pos[i], 0);
	for (i = 0; i < st->nhist; i++) {
		buf_str(&b, "h");
		buf_field(&b, st->hist[i]);
		buf_add(&b, "\n", 1);
	}
	*len = b.len;
	return b.p;
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Unescape a field; NULL if it holds a raw control byte, a bad escape or a
 * NUL. */
static char *
unescape(const char *s, size_t n, size_t max)
{
	char		*out = xmalloc(n + 1), *r;
	size_t		 i, o = 0;
	int		 hi, lo;
	unsigned char	 c;

	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7f)
			goto bad;
		if (c != '\\') {
			out[o++] = (char)c;
			continue;
		}
		if (++i == n)
			goto bad;
		switch (s[i]) {
		case '\\':
			out[o++] = '\\';
			break;
		case 't':
			out[o++] = '\t';
			break;
		case 'n':
			out[o++] = '\n';
			break;
		case 'r':
			out[o++] = '\r';
			break;
		case 'x':
			if (n - i < 3 || (hi = hexval(s[i + 1])) < 0 ||
			    (lo = hexval(s[i + 2])) < 0 || hi + lo == 0)
				goto bad;
			out[o++] = (char)(hi * 16 + lo);
			i += 2;
			break;
		default:
			goto bad;
		}
	}
	r = clamp_ndup(out, o, max);
	free(out);
	return r;
bad:
	free(out);
	return NULL;
}

/* Decimal digits only; saturates at max. */
static int
parse_num(const char *s, size_t n, unsigned long long max, unsigned long long *out)
{
	unsigned long long	v = 0;

	if (n == 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		if (v > (max - (unsigned)(s[i] - '0')) / 10)
			v = max;
		else
			v = v * 10 + (unsigned)(s[i] - '0');
	}
	*out = v;
	return 0;
}

/* "D[.D]" in percent, read as tenths without the locale's strtod; > 100 is
 * clamped. */
static int
parse_percent(const char *s, size_t n, double *out)
{
	const char		*dot = memchr(s, '.', n);
	unsigned long long	 whole, frac;
	size_t			 nw = dot != NULL ? (size_t)(dot - s) : n;

	if (parse_num(s, nw, 1000, &whole) != 0)
		return -1;
	frac = 0;
	if (dot != NULL) {
		if (parse_num(dot + 1, n - nw - 1, ~0ULL, &frac) != 0)
			return -1;
		frac = (unsigned char)dot[1] - '0';
	}
	whole = whole * 10 + frac;
	*out = (whole > 1000 ? 1000 : whole) / 10.0;
	return 0;
}

struct field {
	const char	*s;
	size_t		 n;
};

/* Split a line at its tabs into f (FIELDS_MAX of them); how many, or 0 if
 * there are more. */
static size_t
split_fields(const char *line, size_t len, struct field *f)
{
	const char	*p = line, *tab, *end = line + len;
	size_t		 nf = 0;

	for (;;) {
		tab = memchr(p, '\t', (size_t)(end - p));
		if (nf == FIELDS_MAX)
			return 0;
		f[nf].s = p;
		f[nf].n = tab != NULL ? (size_t)(tab - p) : (size_t)(end - p);
		nf++;
		if (tab == NULL)
			return nf;
		p = tab + 1;
	}
}

/* The id a format 1 bookmark gets: FNV-1a of the (fp, off, time) that was
 * its identity then, unique in any file that format allowed. Not of the
 * name, which a rename changes. */
static uint64_t
mark_derive_id(const struct mark *m)
{
	char		 buf[FP_MAX + 64];
	uint64_t	 h;
	int		 n;

	n = snprintf(buf, sizeof buf, "%s\t%zu\t%lld", m->fp, m->off,
	    (long long)m->time);
	/* What was hashed before util_hash: the printed bytes, up to the
	 * buffer (its NUL too when cut). */
	h = util_hash(UTIL_HASH_INIT, buf, n < 0 ? 0 : (size_t)n < sizeof buf ?
	    (size_t)n : sizeof buf);
	return h != 0 ? h : 1;
}

/* m's id from field f: 1-16 lowercase hex digits, not 0. No field (format
 * 1), or in a file from the future one we cannot read: derived. */
static int
parse_id(struct mark *m, const struct field *f, int future)
{
	uint64_t	v = 0;
	int		d;

	if (f == NULL || !fp_ok(f->s, f->n) || f->n > ID_DIGITS) {
		if (f != NULL && !future)
			return -1;
		m->id = mark_derive_id(m);
		return 0;
	}
	for (size_t i = 0; i < f->n; i++) {
		d = f->s[i] <= '9' ? f->s[i] - '0' : f->s[i] - 'a' + 10;
		v = v << 4 | (uint64_t)d;
	}
	if (v == 0 && !future)
		return -1;
	m->id = v != 0 ? v : mark_derive_id(m);
	return 0;
}

/* One record line (no newline). Returns 0 if it was used or, in a file from
 * the future, skipped as not understood; -1 if bad. */
static int
parse_record(struct state *st, const char *line, size_t len, int future)
{
	struct field		 f[FIELDS_MAX];
	size_t			 nf, need, i;
	unsigned long long	 num;
	struct mark		 m;
	int			 full, lost;

	if ((nf = split_fields(line, len, f)) == 0)
		return future ? 0 : -1;
	lost = f[0].n == 4 && memcmp(f[0].s, "lost", 4) == 0;
	full = lost || (f[0].n == 1 && f[0].s[0] == 'm');
	if (f[0].n == 1 && f[0].s[0] == 'h')
		need = 2;
	else if (full)
		need = 9;
	else if (f[0].n == 1 && f[0].s[0] == 'p')
		need = 7;
	else
		return future ? 0 : -1;
	/* A bookmark's id is its one optional field (format 1 had none). */
	if (nf < need || (nf > need + full && !future))
		return future ? 0 : -1;
	if (need == 2) {
		char	*pat = unescape(f[1].s, f[1].n, PATTERN_MAX);

		if (pat == NULL || *pat == '\0') {
			free(pat);
			return future ? 0 : -1;
		}
		state_hist(st, pat);
		return 0;
	}
	memset(&m, 0, sizeof m);
	if (!fp_ok(f[1].s, f[1].n))
		goto bad;
	m.fp = xstrndup(f[1].s, f[1].n);
	if (parse_num(f[2].s, f[2].n, SIZE_MAX, &num) != 0)
		goto bad;
	m.off = (size_t)num;
	if (parse_percent(f[3].s, f[3].n, &m.percent) != 0)
		goto bad;
	if (parse_num(f[4].s, f[4].n, TIME_MAX, &num) != 0)
		goto bad;
	m.time = (time_t)num;
	if ((m.path = unescape(f[5].s, f[5].n, PATH_LEN_MAX)) == NULL)
		goto bad;
	i = 6;
	if (full) {
		if ((m.name = unescape(f[6].s, f[6].n, NAME_MAX_LEN)) == NULL ||
		    (m.section = unescape(f[7].s, f[7].n, NAME_MAX_LEN)) == NULL)
			goto bad;
		i = 8;
	} else {
		m.name = xstrdup("");
		m.section = xstrdup("");
	}
	if ((m.snippet = unescape(f[i].s, f[i].n, MARKS_SNIPPET_MAX)) == NULL)
		goto bad;
	m.lost = lost;
	if (full && parse_id(&m, nf > 9 ? &f[9] : NULL, future) != 0)
		goto bad;
	if (full)
		state_put(st, m);
	else
		state_put_pos(st, m);
	return 0;
bad:
	mark_free(&m);
	return future ? 0 : -1;
}

/* Parse a whole file into st (empty on entry). *bad counts the lines
 * skipped. RS_OK, RS_FUTURE or RS_CORRUPT. */
enum rs
state_parse(struct state *st, const char *buf, size_t len, size_t *bad)
{
	const char		*p = buf, *end = buf + len, *nl;
	size_t			 n;
	unsigned long long	 version;
	int			 first = 1, future = 0;

	*bad = 0;
	if (len == 0)
		return RS_OK;	/* nothing to lose: written afresh */
	if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;		/* saved by an editor that adds a BOM */
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		n = nl != NULL ? (size_t)(nl - p) : (size_t)(end - p);
		if (n > 0 && p[n - 1] == '\r')
			n--;
		if (first) {
			if (n <= strlen(MAGIC) || memcmp(p, MAGIC, strlen(MAGIC)) != 0 ||
			    n - strlen(MAGIC) > 9 ||
			    parse_num(p + strlen(MAGIC), n - strlen(MAGIC), ~0ULL,
			    &version) != 0 || version == 0)
				return RS_CORRUPT;
			future = version > FORMAT_VERSION;
			first = 0;
		} else if (n > 0 && parse_record(st, p, n, future) != 0)
			(*bad)++;
		p = nl != NULL ? nl + 1 : end;
	}
	return future ? RS_FUTURE : RS_OK;
}

