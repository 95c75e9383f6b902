/* search_count: the total number of matches, counted on a thread of its
 * own, and the index of a match among them (search_index).
 *
 * The counter sees the text as stepping does, so that its total is the
 * number of steps: it runs on its own thread with a twin of the doc
 * (doc_twin: a cache of its own, the same paragraph functions), finds
 * candidates with the same prefilter in raw blocks, and counts every match
 * of the paragraph around each candidate with para_fold and collect
 * (search.c), then goes on after that paragraph (and, for a virtual
 * paragraph, first the one before it, where a match crossing the cut
 * starts). No paragraph rule is
 * repeated here: when doc's rules change, the count follows. The twin keeps
 * the outline doc had published when the count started; once doc publishes
 * one (unmarked headings become paragraphs of their own), the count starts
 * again. A paragraph is folded once whatever its number of candidates. It
 * keeps sparse checkpoints (a paragraph start, matches before it): at most
 * CKPT_MAX of them, the stride doubling when full, so memory stays bounded
 * (1 MiB) whatever the count; search_index recounts on the caller's doc
 * from the checkpoint before the offset. Asked for a list of the matches
 * (search_list_start), it keeps each one's offset too: one size_t a match.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "search.h"
#include "search_int.h"
#include "util.h"

#define CKPT_MAX	(64 * 1024)	/* checkpoints kept by the counter */
/* Offsets kept before a list is asked for (4 MiB at most): the list of a
 * count that has finished then needs no second count (F after n/N: 0.1 s
 * of 100 MB counted again for 数据's 30,000 matches, 0.8 s of 1 GB for its
 * 300,000). */
#define OFFS_FREE	(512 * 1024)

/* A counting engine on one thread: d is the doc (search_index, on the
 * caller's thread) or its twin (the counting thread). */
struct counter {
	struct search	*s;
	struct doc	*d;
	int		 join;
	size_t		 len;
	char		*buf;		/* bufsize + 8, for the prefilter */
	size_t		 bufsize;
	struct folded	 pf;
	struct hits	 hits;
	atomic_int	*stop;
	long long	 deadline;	/* 0: none */
	size_t		 limit;		/* count only matches starting before */
	size_t		 n;		/* matches counted */
	size_t		 last;		/* where the last one counted starts */
	size_t		 done;		/* every match starting before is counted */
	size_t		 rpos, rbefore;	/* where a recount of the last one
					   could restart, matches before it */
	int		 dense;		/* candidates lately: read through
					   the doc's cache (counter_text) */
	size_t		 quiet;		/* bytes scanned since the last one */
	void		(*note)(struct counter *);
	void		(*progress)(struct counter *, size_t upto);
};

/* Counting ---------------------------------------------------------------
 * The counter finds candidates with the prefilter in raw blocks, as
 * step_fwd does, and counts every match of the paragraph around each one
 * (doc_para_at, search_fold_collect: the paragraphs and joins stepping
 * sees), then goes on after that paragraph. Each paragraph is folded once
 * whatever the number of candidates in it. */

static struct counter *
counter_new(struct search *s, struct doc *d, int join, size_t len,
    atomic_int *stop, size_t bufsize)
{
	struct counter	*c = xcalloc(1, sizeof *c);

	c->s = s;
	c->d = d;
	c->join = join;
	c->len = len;
	c->bufsize = bufsize;
	c->buf = xmalloc(bufsize + 8);
	c->stop = stop;
	c->limit = SIZE_MAX;
	return c;
}

static void
counter_free(struct counter *c)
{
	if (c == NULL)
		return;
	free(c->buf);
	search_folded_free(&c->pf);
	free(c->hits.v);
	free(c);
}

static int
stopped(const struct counter *c)
{
	return atomic_load(c->stop) || (c->deadline != 0 &&
	    util_now_ms() >= c->deadline);
}

/* Count the matches of paragraph p that start at or after c->done (those
 * before were counted) and before c->limit; everything before p's end is
 * counted then. Each of them holds a candidate at or after near (none lies
 * between c->done and the one count_at was given), so only the text around
 * those is folded (0: the whole paragraph). Returns 1, 0 past c->limit, -1
 * if stopped, -2 where the regex is too costly. */
static int
count_para(struct counter *c, const struct doc_para *p, size_t near)
{
	size_t	 before = c->n, k, resume;
	int	 r;

	r = search_fold_collect(c->s, &c->pf, &c->hits, c->d, p, near, 0,
	    c->done, 0, c->deadline, c->stop, &resume);
	if (r != COLLECT_DONE)
		return r == COLLECT_COSTLY ? -2 : -1;
	for (k = 0; k < c->hits.n; k++) {
		if (c->hits.v[k].off >= c->limit)
			return 0;
		/* A recount can restart at p: its matches start in it. */
		c->rpos = p->off;
		c->rbefore = before;
		c->n++;
		c->last = c->hits.v[k].off;
		if (c->note != NULL)
			c->note(c);
	}
	if (p->off + p->len > c->done)
		c->done = p->off + p->len;
	return p->off + p->len >= c->limit ? 0 : 1;
}

/* Count the paragraph holding the candidate at cand and, when it is a
 * virtual paragraph, the one before it, which may hold a match crossing the
 * cut whose candidate is in p. *next: where candidates are looked for next.
 * Returns as count_para(). */
static int
count_at(struct counter *c, size_t cand, size_t *next)
{
	struct doc_para	 p, q;
	int		 r;

	if (doc_para_at(c->d, cand, &p) != 0) {
		*next = c->len;		/* nothing from there on */
		return 1;
	}
	if (p.cont && p.off > c->done && doc_para_prev(c->d, &p, &q) == 0 &&
	    (r = count_para(c, &q, cand)) != 1)
		return r;
	if ((r = count_para(c, &p, cand)) != 1)
		return r;
	/* A virtual paragraph's end is the next one's first byte; else the
	 * terminator after it holds no match. */
	*next = p.off + p.len + (p.more ? 0 : 1);
	if (*next <= cand)
		*next = cand + 1;
	return 1;
}

/* No prefilter: every paragraph from the one at from. */
static int
count_paras(struct counter *c, size_t from)
{
	struct doc_para	 p, q;
	size_t		 mark = from;
	int		 r;

	if (doc_para_at(c->d, from, &p) != 0)
		return 0;
	for (;;) {
		if (stopped(c))
			return -1;
		if ((r = count_para(c, &p, 0)) != 1)
			return r;
		if (c->progress != NULL && c->done - mark >= BLOCK) {
			c->progress(c, c->done);
			mark = c->done;
		}
		if (doc_para_next(c->d, &p, &q) != 0)
			return 0;
		p = q;
	}
}

#define VIEW_N		(16 * 1024)	/* bytes of a view for the prefilter */

/* The text from pos for the prefilter, *n bytes of it. Where candidates
 * are frequent (c->dense), paragraphs are read around most of them, so
 * every block goes through the doc's cache anyway: the prefilter borrows
 * the text from there (doc_view: repaired, at the same offsets, so the
 * same candidates) rather than read each block a second time (9% of
 * counting 数据 in the 100 MB traditional book). A view is good until the
 * next call on the doc. Else the text is read into c->buf, bytes as stored
 * for the anchor (search_filter_read), up to c->bufsize bytes: a sparse
 * count then repairs and caches no block without a candidate. */
static const char *
counter_text(struct counter *c, size_t pos, size_t *n)
{
	size_t	 rest = c->len - pos, want = rest < c->bufsize ? rest :
		    c->bufsize;

	if (c->dense)
		return doc_view(c->d, pos, want < VIEW_N ? want : VIEW_N, n);
	*n = search_filter_read(c->s, c->d, pos, c->buf, want);
	return c->buf;
}

/* Count the matches starting at or after from (where a paragraph starts, or
 * 0), in order of offset, up to c->limit. Returns -1 if stopped (c->stop,
 * or c->deadline passed), -2 where the regex is too costly, else 0. */
static int
count_run(struct counter *c, size_t from)
{
	struct search	*s = c->s;
	const char	*buf;
	size_t		 pos = from, n, at, i, next, stop_at;
	int		 eof, r, view;

	c->done = from;
	if (s->filter == FILTER_NONE)
		return count_paras(c, from);
	/* A literal match spans at most slack bytes: a candidate further
	 * than that past the limit is in none that starts before it. */
	stop_at = c->limit < c->len - s->slack ? c->limit + s->slack : c->len;
	while (pos < stop_at) {
		if (stopped(c))
			return -1;
		view = c->dense;
		if ((buf = counter_text(c, pos, &n)) == NULL || n == 0)
			break;
		eof = pos + n >= c->len;
		for (at = 0;;) {
			/* Near the end of a block a needle may go on into
			 * the next: read again from there. */
			if (!eof && n - at < 64) {
				next = pos + at;
				break;
			}
			if (!search_filter_scan(s, c->join, buf + at,
			    n - at, eof, &i)) {
				next = pos + at + (i > 0 ? i : n - at);
				/* A block without one: read the next ones
				 * as stored again. */
				if ((c->quiet += next - pos - at) >= BLOCK)
					c->dense = 0;
				break;
			}
			if (pos + at + i >= stop_at)
				return 0;
			c->dense = 1;
			c->quiet = 0;
			if ((r = count_at(c, pos + at + i, &next)) != 1)
				return r < 0 ? r : 0;
			if (view || next >= pos + n)
				break;		/* a view is gone */
			at = next - pos;
		}
		pos = next;
		/* Every match starting slack bytes before has its candidate
		 * before pos. */
		if (c->progress != NULL)
			c->progress(c, pos > s->slack && pos - s->slack >
			    c->done ? pos - s->slack : c->done);
	}
	return 0;
}

static void
thread_note(struct counter *c)
{
	struct search	*s = c->s;
	size_t		 i, j;

	pthread_mutex_lock(&s->lock);
	if ((c->n - 1) % s->stride == 0) {
		if (s->nckpt == CKPT_MAX) {
			for (i = j = 0; i < s->nckpt; i += 2)
				s->ckpt[j++] = s->ckpt[i];
			s->nckpt = j;
			s->stride *= 2;
		}
		if ((c->n - 1) % s->stride == 0) {
			s->ckpt[s->nckpt].pos = c->rpos;
			s->ckpt[s->nckpt].before = c->rbefore;
			s->nckpt++;
		}
	}
	if (!s->keep && !s->offs_lost && s->noffs == OFFS_FREE) {
		s->offs_lost = 1;	/* too many to keep unasked */
		free(s->offs);
		s->offs = NULL;
		s->noffs = s->offs_cap = 0;
	}
	if (s->keep || !s->offs_lost) {
		if (s->noffs == s->offs_cap) {
			s->offs_cap = s->offs_cap > 0 ? 2 * s->offs_cap : 4096;
			s->offs = xreallocarray(s->offs, s->offs_cap,
			    sizeof *s->offs);
		}
		s->offs[s->noffs++] = c->last;
	}
	s->total = c->n;
	pthread_mutex_unlock(&s->lock);
}

static void
thread_progress(struct counter *c, size_t upto)
{
	struct search	*s = c->s;

	pthread_mutex_lock(&s->lock);
	if (upto > s->reached)
		s->reached = upto;
	pthread_mutex_unlock(&s->lock);
}

static void *
count_main(void *arg)
{
	struct search	*s = arg;
	struct counter	*c = s->counter;
	int		 r = count_run(c, 0);

	if (r != -1) {
		pthread_mutex_lock(&s->lock);
		if (r == 0)
			s->reached = SIZE_MAX;
		s->done = r == 0 ? 1 : -1;
		pthread_mutex_unlock(&s->lock);
	}
	return NULL;
}

/* Stop the counting thread and forget what it counted. */
void
search_count_stop(struct search *s)
{
	if (!s->started)
		return;
	atomic_store(&s->stop, 1);
	pthread_join(s->thread, NULL);
	counter_free(s->counter);
	doc_free(s->twin);
	s->counter = NULL;
	s->twin = NULL;
	s->started = 0;
	atomic_store(&s->stop, 0);
	s->nckpt = s->total = s->reached = 0;
	s->done = 0;
	s->noffs = 0;
	s->offs_lost = 0;
	s->gen++;
}

void
search_count_start(struct search *s, struct doc *d)
{
	if (s == NULL || d == NULL || s->started)
		return;
	s->doc = d;
	s->join = search_joins_lines(d);
	search_filter_rare(s, d);
	/* The twin decides paragraphs with the outline published now. */
	s->outline = doc_outline(d);
	s->twin = doc_twin(d);
	s->doclen = doc_len(s->twin);
	s->stride = 1;
	if (s->ckpt == NULL)
		s->ckpt = xreallocarray(NULL, CKPT_MAX, sizeof *s->ckpt);
	s->counter = counter_new(s, s->twin, s->join, s->doclen, &s->stop,
	    BLOCK);
	s->counter->note = thread_note;
	s->counter->progress = thread_progress;
	if (pthread_create(&s->thread, NULL, count_main, s) != 0)
		die("cannot start the search counter");
	s->started = 1;
}

/* Once doc publishes its outline, unmarked headings become paragraphs of
 * their own for stepping: count again, as stepping sees the text now. */
static void
count_follow(struct search *s)
{
	struct doc	*d = s->doc;

	if (s->started && doc_outline(d) != s->outline) {
		search_count_stop(s);
		search_count_start(s, d);
	}
}

int
search_count(struct search *s, size_t *total)
{
	int	 done;

	*total = 0;
	if (s == NULL || !s->started)
		return 0;
	count_follow(s);
	pthread_mutex_lock(&s->lock);
	*total = s->total;
	done = s->done;
	pthread_mutex_unlock(&s->lock);
	return done;
}

void
search_list_start(struct search *s, struct doc *d)
{
	int	 lost;

	if (s == NULL || s->keep)
		return;
	/* The offsets kept so far are all of them, unless there were too
	 * many: then the count runs again, keeping them. */
	pthread_mutex_lock(&s->lock);
	lost = s->offs_lost || !s->started;
	if (!lost)
		s->keep = 1;
	pthread_mutex_unlock(&s->lock);
	if (!lost)
		return;
	search_count_stop(s);
	s->keep = 1;
	search_count_start(s, d);
}

size_t
search_list(struct search *s, size_t from, size_t *out, size_t max,
    unsigned *gen)
{
	size_t	n = 0;

	*gen = 0;
	if (s == NULL || !s->keep)
		return 0;
	count_follow(s);
	pthread_mutex_lock(&s->lock);
	*gen = s->gen;
	if (from < s->noffs) {
		n = s->noffs - from < max ? s->noffs - from : max;
		memcpy(out, s->offs + from, n * sizeof *out);
	}
	pthread_mutex_unlock(&s->lock);
	return n;
}

size_t
search_index(struct search *s, size_t off)
{
	struct counter	*c;
	struct ckpt	 k = { 0, 0 };
	size_t		 lo, hi, idx, total, span;
	atomic_int	 never = 0;
	int		 r;

	if (s == NULL || !s->started)
		return 0;
	count_follow(s);
	pthread_mutex_lock(&s->lock);
	if (s->reached <= off) {
		pthread_mutex_unlock(&s->lock);
		return 0;
	}
	lo = 0;
	hi = s->nckpt;
	while (lo < hi) {		/* the last checkpoint at or before off */
		size_t mid = lo + (hi - lo) / 2;
		if (s->ckpt[mid].pos <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo > 0)
		k = s->ckpt[lo - 1];
	total = s->total;
	pthread_mutex_unlock(&s->lock);
	if (total == 0)
		return 0;
	if (lo > 0 && k.pos == off)
		return k.before + 1;	/* the first match of its paragraph */
	/* Recount from there on this thread's doc (the same paragraphs as
	 * the twin's), bounded in time like a search step. Read no more than
	 * the recount needs (it often runs for every n): the span and slack
	 * around it. */
	span = off - k.pos + 3 * s->slack + 4096;
	c = counter_new(s, s->doc, s->join, s->doclen, &never,
	    span < BLOCK ? span : BLOCK);
	c->limit = off;
	c->deadline = util_now_ms() + STEP_MS;
	r = count_run(c, k.pos);
	idx = k.before + c->n + 1;
	counter_free(c);
	return r == 0 && idx <= total ? idx : 0;
}
