/* marks_state: the in-memory state of the marks module, its tables and
 * their rules. Pure logic: src/marks.c does the file I/O, the journal and
 * the API, src/marks_file.c the file format.
 *
 * Data model. A struct state holds these tables: bookmarks sorted by
 * (fingerprint, offset, time, id), where the id alone is a bookmark's
 * identity (two made at one place in one second are two bookmarks);
 * positions, one struct mark per fingerprint (name ""), sorted by
 * fingerprint and at most POS_MAX: the shelf's documents; the search
 * history, oldest first, without duplicates, at most MARKS_HISTORY_MAX;
 * reading time, one record per (fingerprint, local day), sorted so, at most
 * READ_MAX (the oldest days go first); the learned pace, one rate per
 * script; and the records of a newer juan, kept as read. Every string in a
 * state is non-NULL, clamped, and every fingerprint is 1-64 lowercase hex
 * digits. */
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

/* Copy of the first n bytes of s, cut to max bytes without splitting a UTF-8
 * sequence: at the last character start at or before max, walking from the
 * start (ustr_next is inline: marks links no Unicode code). */
char *
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

/* Room for one more of the n elements of *p (capacity *cap): doubling, so
 * that reading a file of n records copies O(n), not O(n^2). */
static void *
room(void *p, size_t n, size_t *cap, size_t size)
{
	if (n < *cap)
		return p;
	*cap = *cap < 16 ? 16 : *cap * 2;
	return xreallocarray(p, *cap, size);
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
	free(m->title);
	free(m->settings);
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
	m.title = clamp_dup(src->title, NAME_MAX_LEN);
	m.settings = clamp_dup(src->settings, SETTINGS_MAX);
	m.left_cjk = src->left_cjk;
	m.left_words = src->left_words;
	return m;
}

static int
key_cmp(const void *elem, const void *key)
{
	const struct mark	*a = elem, *k = key;
	int			 c = strcmp(a->fp, k->fp);

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

/* The one binary search of the sorted tables: the index of the element of
 * base[0..n) that compares equal to key, or where it would go; *found says
 * which. The last element is tried first, since a file is read in order
 * and each new record goes last. */
static size_t
table_find(const void *base, size_t n, size_t size, const void *key,
    int (*cmp)(const void *elem, const void *key), int *found)
{
	const char	*b = base;
	size_t		 lo = 0, hi = n, mid;
	int		 c;

	*found = 0;
	if (hi > 0 && cmp(b + (hi - 1) * size, key) < 0)
		return hi;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = cmp(b + mid * size, key);
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

/* Index of the bookmark that sorts as k, or where it would go; *found says
 * which. */
static size_t
mark_find(const struct state *st, const struct mark *k, int *found)
{
	return table_find(st->marks, st->nmarks, sizeof *st->marks, k,
	    key_cmp, found);
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
	st->marks = room(st->marks, st->nmarks, &st->capmarks, sizeof *st->marks);
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

static int
pos_cmp(const void *elem, const void *fp)
{
	return strcmp(((const struct mark *)elem)->fp, fp);
}

size_t
pos_find(const struct state *st, const char *fp, int *found)
{
	return table_find(st->pos, st->npos, sizeof *st->pos, fp, pos_cmp,
	    found);
}

void
pos_remove(struct state *st, size_t i)
{
	mark_free(&st->pos[i]);
	memmove(&st->pos[i], &st->pos[i + 1], (st->npos - i - 1) * sizeof *st->pos);
	st->npos--;
}

/* What a new position does not know it takes from the old one: a pipe's
 * text has no path (keep the one last seen, so that an edited file can
 * still be matched by it), the title and, before the outline is known, the
 * counts left and the section. */
static void
pos_inherit(struct mark *m, struct mark *old)
{
	char	*t;

	if (*m->path == '\0') {
		t = m->path;
		m->path = old->path;
		old->path = t;
	}
	if (*m->title == '\0') {
		t = m->title;
		m->title = old->title;
		old->title = t;
	}
	if (*m->settings == '\0') {
		t = m->settings;
		m->settings = old->settings;
		old->settings = t;
	}
	if (m->left_cjk == MARKS_UNKNOWN) {
		t = m->section;
		m->section = old->section;
		old->section = t;
		m->left_cjk = old->left_cjk;
		m->left_words = old->left_words;
	}
}

/* Takes ownership of m; beyond POS_MAX the least recent position goes. */
void
state_put_pos(struct state *st, struct mark m)
{
	int	found;
	size_t	i = pos_find(st, m.fp, &found), old;

	if (found) {
		pos_inherit(&m, &st->pos[i]);
		mark_free(&st->pos[i]);
		st->pos[i] = m;
		return;
	}
	st->pos = room(st->pos, st->npos, &st->cappos, sizeof *st->pos);
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

struct read_key {
	const char	*fp;
	int		 day;
};

static int
read_cmp(const void *elem, const void *key)
{
	const struct marks_read	*r = elem;
	const struct read_key	*k = key;
	int			 c = strcmp(r->fp, k->fp);

	if (c != 0)
		return c;
	return r->day < k->day ? -1 : r->day > k->day;
}

size_t
read_find(const struct state *st, const char *fp, int day, int *found)
{
	struct read_key	k = { fp, day };

	return table_find(st->reads, st->nreads, sizeof *st->reads, &k,
	    read_cmp, found);
}

static int
int_cmp(const void *a, const void *b)
{
	int	x = *(const int *)a, y = *(const int *)b;

	return x < y ? -1 : x > y;
}

/* Beyond READ_MAX, the records of the oldest days go (the statistics of
 * this week and this year keep what they need longest). Once after a
 * whole file is read: a file of too many records costs one sort. */
void
read_trim(struct state *st)
{
	size_t	excess, i, o = 0;
	int	*days, cut;

	if (st->nreads <= READ_MAX)
		return;
	excess = st->nreads - READ_MAX;
	days = xreallocarray(NULL, st->nreads, sizeof *days);
	for (i = 0; i < st->nreads; i++)
		days[i] = st->reads[i].day;
	qsort(days, st->nreads, sizeof *days, int_cmp);
	cut = days[excess - 1];
	free(days);
	/* All of the days before cut go, and of cut's as many as remain. */
	for (i = 0; i < st->nreads; i++)
		if (st->reads[i].day < cut)
			excess--;
	for (i = 0; i < st->nreads; i++) {
		if (st->reads[i].day < cut)
			continue;
		if (st->reads[i].day == cut && excess > 0) {
			excess--;
			continue;
		}
		st->reads[o++] = st->reads[i];
	}
	st->nreads = o;
}

/* The state's copy of fp for a record going in at i: its neighbour's
 * when one is of the same document (a document's days are together), else
 * a new one. Thirty thousand records of ten thousand documents hold ten
 * thousand copies. */
static const char *
read_fp(struct state *st, size_t i, const char *fp)
{
	if (i > 0 && strcmp(st->reads[i - 1].fp, fp) == 0)
		return st->reads[i - 1].fp;
	if (i < st->nreads &&
	    strcmp(st->reads[i + 1].fp, fp) == 0)
		return st->reads[i + 1].fp;
	st->fps = room(st->fps, st->nfps, &st->capfps, sizeof *st->fps);
	return st->fps[st->nfps++] = xstrdup(fp);
}

void
read_add(struct state *st, const struct marks_read *r)
{
	int			 found;
	size_t			 i = read_find(st, r->fp, r->day, &found);
	struct marks_read	*t;

	if (!found) {
		st->reads = room(st->reads, st->nreads, &st->capreads,
		    sizeof *st->reads);
		memmove(&st->reads[i + 1], &st->reads[i],
		    (st->nreads - i) * sizeof *st->reads);
		st->reads[i] = *r;
		st->reads[i].fp = read_fp(st, i, r->fp);
		st->nreads++;
		return;
	}
	t = &st->reads[i];
	t->seconds = t->seconds > READ_SECONDS_MAX - r->seconds ?
	    READ_SECONDS_MAX : t->seconds + r->seconds;
	if (r->last > t->last)
		t->last = r->last;
}

void
state_read(struct state *st, const struct marks_read *r)
{
	read_add(st, r);
	read_trim(st);
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
	for (i = 0; i < st->nunknown; i++)
		free(st->unknown[i]);
	for (i = 0; i < st->nfps; i++)
		free(st->fps[i]);
	free(st->fps);
	free(st->marks);
	free(st->pos);
	free(st->hist);
	free(st->reads);
	free(st->unknown);
	memset(st, 0, sizeof *st);
}
