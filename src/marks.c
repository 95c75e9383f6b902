/* marks: bookmarks, last reading positions, search history, reading time
 * and the learned pace; the journal, the file I/O and the API. The tables and the file format are in
 * marks_state.c.
 *
 * struct marks keeps the state as last read plus a journal of this run's
 * operations since the last save. Saving takes the lock, re-reads the file
 * into a fresh state, replays the journal on top of it (so what other
 * instances saved meanwhile survives, and their deletions win over our stale
 * copies), writes the result atomically and adopts it. Every operation is
 * idempotent or adds to what the file holds (reading time, a pace sample),
 * and the journal is only ever replayed on a state freshly read, so a
 * failed save keeps the journal and simply replays it later.
 * Operations on an existing bookmark name it by its id, so they reach it
 * whatever another instance did to it meanwhile, and a new bookmark never
 * replaces another. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "marks_int.h"
#include "util.h"

#define LOCK_MS		2000
#define READ_CHUNK	(64 * 1024)	/* the loads' read buffer, to start */
#define TEMP_PREFIX	"bookmarks.tmp-"

enum op_kind {
	OP_PUT,		/* add bookmark m, or replace the one with its id */
	OP_DEL,		/* delete bookmark key */
	OP_RENAME,	/* bookmark key, if still there, gets m.name */
	OP_MOVE,	/* bookmark key, if still there, becomes m */
	OP_POS,		/* position m */
	OP_UNPOS,	/* forget the position of key.fp */
	OP_HIST,	/* search pattern m.name */
	OP_READ,	/* add reading time rd */
	OP_PACE,	/* learn sample */
};

struct op {
	enum op_kind		 kind;
	struct mark		 key;	/* fp, off, time and id only */
	struct mark		 m;
	struct marks_read	 rd;
	struct pace_sample	 sample;
};

struct marks {
	char		*dir;	/* NULL: no persistence */
	char		*path;	/* dir/bookmarks */
	struct state	 cur;
	struct op	*ops;
	size_t		 nops;
	int		 unread;	/* the state file is there but was not read */
};

static void
op_apply(struct state *st, const struct op *op)
{
	int	found;
	size_t	i;

	switch (op->kind) {
	case OP_PUT:
		state_put(st, mark_copy(&op->m));
		break;
	case OP_DEL:
		if ((i = mark_find_id(st, &op->key)) != (size_t)-1)
			mark_remove(st, i);
		break;
	case OP_RENAME:
		if ((i = mark_find_id(st, &op->key)) != (size_t)-1) {
			free(st->marks[i].name);
			st->marks[i].name = xstrdup(op->m.name);
		}
		break;
	case OP_MOVE:
		/* Not there: deleted by another instance meanwhile. The
		 * moved mark keeps its id, so it replaces nothing else. */
		if (mark_find_id(st, &op->key) != (size_t)-1)
			state_put(st, mark_copy(&op->m));
		break;
	case OP_POS:
		state_put_pos(st, mark_copy(&op->m));
		break;
	case OP_UNPOS:
		i = pos_find(st, op->key.fp, &found);
		if (found)
			pos_remove(st, i);
		break;
	case OP_HIST:
		state_hist(st, xstrdup(op->m.name));
		break;
	case OP_READ:
		state_read(st, &op->rd);
		break;
	case OP_PACE:
		pace_learn(&st->pace[op->sample.script], op->sample.units,
		    op->sample.seconds);
		break;
	}
}

/* Apply op now and remember it for the next save; takes ownership. */
static void
journal(struct marks *m, struct op op)
{
	op_apply(&m->cur, &op);
	m->ops = xreallocarray(m->ops, m->nops + 1, sizeof *m->ops);
	m->ops[m->nops++] = op;
}

static void
ops_free(struct marks *m)
{
	for (size_t i = 0; i < m->nops; i++) {
		mark_free(&m->ops[i].key);
		mark_free(&m->ops[i].m);
	}
	free(m->ops);
	m->ops = NULL;
	m->nops = 0;
}
/* Read fd through a small buffer, parsing as it comes: a large state file
 * is not held whole (its pages cost more than the parsing). */
static enum rs
read_pieces(int fd, struct state *st, size_t *bad, int *err)
{
	struct parse	 ps;
	size_t		 cap = READ_CHUNK, have = 0, total = 0, used;
	char		*buf = xmalloc(cap);
	ssize_t		 r;
	enum rs		 rs;

	state_parse_start(&ps, st);
	for (;;) {
		if (have == cap)	/* a line longer than the buffer */
			buf = xrealloc(buf, cap *= 2);
		r = read(fd, buf + have, cap - have);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0 || (total += (size_t)r) > MARKS_FILE_MAX) {
			*err = r < 0 ? errno : 0;
			free(buf);
			state_free(st);
			return r < 0 ? RS_ERROR : RS_TOOBIG;
		}
		have += (size_t)r;
		used = state_parse_more(&ps, buf, have, r == 0);
		memmove(buf, buf + used, have - used);
		have -= used;
		if (r == 0 || ps.corrupt)
			break;
	}
	free(buf);
	if ((rs = state_parse_end(&ps, bad)) == RS_CORRUPT)
		state_free(st);
	return rs;
}

/* Read and parse the state file. With raw non-NULL, the bytes read are kept
 * there (RS_OK and RS_FUTURE). */
static enum rs
read_state(const char *path, struct state *st, char **raw, size_t *rawlen,
    size_t *bad, char **cause)
{
	struct stat	 sb;
	char		*buf;
	size_t		 len = 0, cap;
	ssize_t		 r = 0;
	int		 fd, e = 0;
	enum rs		 rs;

	*bad = 0;
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		if (errno == ENOENT || errno == ENOTDIR)
			return RS_NONE;
		*cause = xasprintf("cannot read the state file: %s (%s)",
		    strerror(errno), path);
		return RS_ERROR;
	}
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		*cause = xasprintf("the state file is not a regular file (%s)", path);
		close(fd);
		return RS_ERROR;
	}
	if (sb.st_size > (off_t)MARKS_FILE_MAX) {
		close(fd);
		return RS_TOOBIG;
	}
	if (raw == NULL) {
		rs = read_pieces(fd, st, bad, &e);
		close(fd);
		if (rs == RS_ERROR)
			*cause = xasprintf("cannot read the state file: %s (%s)",
			    strerror(e), path);
		return rs;
	}
	/* st_size may be stale: read until EOF or one byte past the cap. */
	cap = (size_t)sb.st_size + 1;
	buf = xmalloc(cap);
	for (;;) {
		if (len == cap) {
			if (cap > MARKS_FILE_MAX)
				break;
			cap = cap > MARKS_FILE_MAX / 2 ? MARKS_FILE_MAX + 1 : cap * 2;
			buf = xrealloc(buf, cap);
		}
		r = read(fd, buf + len, cap - len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		len += (size_t)r;
	}
	e = errno;
	close(fd);
	if (r < 0) {
		free(buf);
		*cause = xasprintf("cannot read the state file: %s (%s)", strerror(e),
		    path);
		return RS_ERROR;
	}
	if (len > MARKS_FILE_MAX) {
		free(buf);
		return RS_TOOBIG;
	}
	rs = state_parse(st, buf, len, bad);
	if (rs != RS_CORRUPT) {
		*raw = buf;
		*rawlen = len;
	} else
		free(buf);
	if (rs == RS_CORRUPT)
		state_free(st);
	return rs;
}

/* Create dir and its missing parents, mode 0700. */
static int
make_dirs(const char *dir, char **cause)
{
	char		*p = xstrdup(dir), *s;
	struct stat	 sb;
	int		 e;

	for (s = p + 1; ; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		if (s[-1] != '/') {
			char	c = *s;

			*s = '\0';
			if (mkdir(p, 0700) != 0 && errno != EEXIST) {
				e = errno;
				*cause = xasprintf("cannot create the state directory: "
				    "%s (%s)", strerror(e), p);
				free(p);
				return -1;
			}
			*s = c;
		}
		if (*s == '\0')
			break;
	}
	free(p);
	if (stat(dir, &sb) != 0) {
		*cause = xasprintf("cannot create the state directory: %s (%s)",
		    strerror(errno), dir);
		return -1;
	}
	if (!S_ISDIR(sb.st_mode)) {
		*cause = xasprintf("cannot create the state directory: %s (%s)",
		    strerror(ENOTDIR), dir);
		return -1;
	}
	return 0;
}

/* The lock that serialises savers: a separate file, because rename() swaps
 * the data file's inode. Returns the descriptor (close to unlock) or -1. */
static int
lock_dir(const char *dir, char **cause)
{
	char		*path = xasprintf("%s/bookmarks.lock", dir);
	struct stat	 sb;
	long long	 deadline = util_now_ms() + LOCK_MS;
	struct timespec	 ts = { 0, 2 * 1000 * 1000 };
	int		 fd;

	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK |
	    O_NOCTTY, 0600);
	if (fd < 0) {
		*cause = xasprintf("cannot lock the state file: %s (%s)",
		    strerror(errno), path);
		free(path);
		return -1;
	}
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		*cause = xasprintf("cannot lock the state file: not a regular "
		    "file (%s)", path);
		goto fail;
	}
	while (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		if (errno == EINTR)
			continue;
		if (errno != EWOULDBLOCK) {
			*cause = xasprintf("cannot lock the state file: %s (%s)",
			    strerror(errno), path);
			goto fail;
		}
		if (util_now_ms() >= deadline) {
			*cause = xasprintf("the state file is held by another juan "
			    "for too long (%s)", path);
			goto fail;
		}
		nanosleep(&ts, NULL);
	}
	free(path);
	return fd;
fail:
	close(fd);
	free(path);
	return -1;
}

/* Keep the file at path as bookmarks.corrupt-YYYYmmdd-HHMMSS[-N], never
 * replacing another: a hard link (the original stays until the new file is
 * renamed over it) or, with move, a rename. Returns the new name or NULL. */
static char *
keep_aside(const char *dir, const char *path, int move)
{
	char		 stamp[32], *aside;
	time_t		 now = time(NULL);
	struct tm	 tm;
	struct stat	 sb;

	if (localtime_r(&now, &tm) == NULL ||
	    strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm) == 0)
		snprintf(stamp, sizeof stamp, "%lld", (long long)now);
	for (int i = 1; i < 100; i++) {
		aside = i == 1 ? xasprintf("%s/bookmarks.corrupt-%s", dir, stamp) :
		    xasprintf("%s/bookmarks.corrupt-%s-%d", dir, stamp, i);
		if (link(path, aside) == 0) {
			if (move)
				unlink(path);
			return aside;
		}
		if (errno == EEXIST || lstat(aside, &sb) == 0) {
			free(aside);
			continue;
		}
		/* No hard links here (FAT, some FUSE): we hold the lock and
		 * the name is free, so a rename replaces nothing. */
		if (move && rename(path, aside) == 0)
			return aside;
		free(aside);
		return NULL;
	}
	return NULL;
}

/* Temporary files are only written under the lock, so any found while we
 * hold it belong to a saver that died. */
static void
remove_stale_temps(const char *dir)
{
	DIR		*d = opendir(dir);
	struct dirent	*e;

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL)
		if (strncmp(e->d_name, TEMP_PREFIX, strlen(TEMP_PREFIX)) == 0)
			unlinkat(dirfd(d), e->d_name, 0);
	closedir(d);
}

/* Replace path with data: temp file, fsync, rename, fsync the directory.
 * Returns 0; -1 if the old file is untouched; 1 if the new file is in
 * place but the directory could not be synced. */
static int
write_atomic(const char *dir, const char *path, const char *data, size_t len,
    char **cause)
{
	char	*tmp = xasprintf("%s/" TEMP_PREFIX "XXXXXX", dir);
	int	 fd, e, ret = 0;

	if ((fd = mkstemp(tmp)) < 0) {
		*cause = xasprintf("cannot write in the state directory: %s (%s)",
		    strerror(errno), dir);
		free(tmp);
		return -1;
	}
	if (fcntl(fd, F_SETFD, FD_CLOEXEC) != 0 || fchmod(fd, 0600) != 0 ||
	    util_write_all(fd, data, len) != 0 || fsync(fd) != 0) {
		e = errno;
		close(fd);
		goto fail;
	}
	if (close(fd) != 0 || rename(tmp, path) != 0) {
		e = errno;
		goto fail;
	}
	free(tmp);
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0 ||
	    (fsync(fd) != 0 && errno != EINVAL)) {
		*cause = xasprintf("Bookmarks saved, but the state directory could "
		    "not be synced: %s (%s)", strerror(errno), dir);
		ret = 1;
	}
	if (fd >= 0)
		close(fd);
	return ret;
fail:
	unlink(tmp);
	*cause = xasprintf("cannot write the state file: %s (%s)", strerror(e),
	    path);
	free(tmp);
	return -1;
}

/* base (non-empty) + "/" + sub, without doubled slashes from base. */
static char *
path_join(const char *base, const char *sub)
{
	size_t	n = strlen(base);

	while (n > 1 && base[n - 1] == '/')
		n--;
	return xasprintf("%.*s%s%s", (int)n, base, base[n - 1] == '/' ? "" : "/",
	    sub);
}

static void
set_cause(char **cause, char *msg)
{
	if (cause != NULL)
		*cause = msg;
	else
		free(msg);
}

char *
marks_state_dir(char **cause)
{
	const char	*xdg = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
	struct passwd	*pw;

	if (cause != NULL)
		*cause = NULL;
	/* The XDG spec: a relative value is invalid and must be ignored. */
	if (xdg != NULL && xdg[0] == '/')
		return path_join(xdg, "juan");
	if (home == NULL || home[0] != '/') {
		pw = getpwuid(getuid());
		home = pw != NULL ? pw->pw_dir : NULL;
	}
	if (home == NULL || home[0] != '/') {
		set_cause(cause, xstrdup("no home directory: bookmarks will not be saved"));
		return NULL;
	}
	return path_join(home, ".local/state/juan");
}

struct marks *
marks_new(const char *dir)
{
	struct marks	*m = xcalloc(1, sizeof *m);

	size_t		 n;

	if (dir != NULL && *dir != '\0') {
		m->dir = xstrdup(dir);
		n = strlen(dir);
		while (n > 1 && m->dir[n - 1] == '/')
			m->dir[--n] = '\0';
		m->path = path_join(m->dir, "bookmarks");
	}
	return m;
}

void
marks_free(struct marks *m)
{
	if (m == NULL)
		return;
	state_free(&m->cur);
	ops_free(m);
	free(m->dir);
	free(m->path);
	free(m);
}

/* The message for a corrupt file kept aside: the words first and the
 * new name without its directory, so that 80 columns show it whole. */
static char *
moved_aside(const char *path, const char *aside)
{
	const char	*base;

	if (aside == NULL)
		return xasprintf("Bookmarks file was corrupt; left as is (%s)", path);
	base = strrchr(aside, '/');
	return xasprintf("Bookmarks file was corrupt; moved to %s",
	    base != NULL ? base + 1 : aside);
}

int
marks_load(struct marks *m, char **cause)
{
	struct state	 st = { 0 };
	char		*msg = NULL, *aside;
	size_t		 bad = 0, i;
	enum rs		 rs;
	int		 fd;

	if (cause != NULL)
		*cause = NULL;
	if (m->dir == NULL)
		return 0;
	rs = read_state(m->path, &st, NULL, NULL, &bad, &msg);
	if (rs == RS_CORRUPT) {
		/* Under the lock, lest we move aside a good file another
		 * instance has just written in its place. */
		if ((fd = lock_dir(m->dir, &msg)) < 0) {
			aside = msg;
			msg = xasprintf("Bookmarks file is corrupt; left as is: %s",
			    aside);
			free(aside);
		} else {
			rs = read_state(m->path, &st, NULL, NULL, &bad, &msg);
			if (rs == RS_CORRUPT) {
				aside = keep_aside(m->dir, m->path, 1);
				msg = moved_aside(m->path, aside);
				free(aside);
			}
			close(fd);
		}
	}
	switch (rs) {
	case RS_OK:
		if (bad > 0)
			msg = xasprintf("Bookmarks file: skipped %zu bad line%s (%s)",
			    bad, bad == 1 ? "" : "s", m->path);
		break;
	case RS_FUTURE:
		msg = xasprintf("Bookmarks file is from a newer juan: read-only "
		    "(%s)", m->path);
		break;
	case RS_TOOBIG:
		msg = xasprintf("Bookmarks file is larger than %u MiB: not saved "
		    "(%s)", MARKS_FILE_MAX >> 20, m->path);
		break;
	case RS_ERROR:
		aside = msg;
		msg = xasprintf("Bookmarks not read: %s", aside);
		free(aside);
		break;
	default:
		break;
	}
	m->unread = rs == RS_ERROR || rs == RS_TOOBIG;
	state_free(&m->cur);
	m->cur = st;
	for (i = 0; i < m->nops; i++)
		op_apply(&m->cur, &m->ops[i]);
	if (msg == NULL)
		return 0;
	set_cause(cause, msg);
	return -1;
}

/* What the state file read before a save (rs, with bad lines) means for
 * it: 0 to replace it (a corrupt one kept aside first, its name in
 * *aside), or -1 to leave it alone, *msg saying why. */
static int
save_may_replace(struct marks *m, enum rs rs, size_t bad, char **aside,
    char **msg)
{
	switch (rs) {
	case RS_FUTURE:
		*msg = xasprintf("the state file is from a newer juan (%s)",
		    m->path);
		return -1;
	case RS_TOOBIG:
		*msg = xasprintf("the state file is larger than %u MiB (%s)",
		    MARKS_FILE_MAX >> 20, m->path);
		return -1;
	case RS_ERROR:
		return -1;
	case RS_CORRUPT:
		/* Garbage that appeared since we loaded. */
		*aside = keep_aside(m->dir, m->path, 0);
		if (*aside == NULL) {
			*msg = xasprintf("the state file is not a juan bookmarks "
			    "file and could not be kept aside (%s)", m->path);
			return -1;
		}
		break;
	case RS_OK:
		/* The bad lines were reported by marks_load(); keep a copy of
		 * them rather than drop them silently. */
		if (bad > 0)
			free(keep_aside(m->dir, m->path, 0));
		break;
	case RS_NONE:
		break;
	}
	return 0;
}

int
marks_save(struct marks *m, char **cause)
{
	struct state	 st = { 0 };
	char		*msg = NULL, *raw = NULL, *out = NULL, *aside = NULL;
	size_t		 bad, rawlen = 0, outlen, i;
	enum rs		 rs;
	int		 fd, ret = -1, w;

	if (cause != NULL)
		*cause = NULL;
	if (m->nops == 0)
		return 0;
	if (m->dir == NULL) {
		set_cause(cause, xstrdup("no state directory: bookmarks are not saved"));
		return -1;
	}
	if (make_dirs(m->dir, &msg) != 0 || (fd = lock_dir(m->dir, &msg)) < 0)
		goto fail;
	remove_stale_temps(m->dir);
	rs = read_state(m->path, &st, &raw, &rawlen, &bad, &msg);
	if (save_may_replace(m, rs, bad, &aside, &msg) != 0)
		goto unlock;
	for (i = 0; i < m->nops; i++)
		op_apply(&st, &m->ops[i]);
	out = state_format(&st, &outlen);
	if (outlen > MARKS_FILE_MAX) {
		msg = xasprintf("the state file would exceed %u MiB",
		    MARKS_FILE_MAX >> 20);
		goto unlock;
	}
	if (rs == RS_OK && raw != NULL && rawlen == outlen &&
	    memcmp(raw, out, outlen) == 0)
		w = 0;	/* another instance saved the same already */
	else if ((w = write_atomic(m->dir, m->path, out, outlen, &msg)) < 0)
		goto unlock;
	state_free(&m->cur);
	m->cur = st;
	memset(&st, 0, sizeof st);
	ops_free(m);
	if (aside != NULL) {
		free(msg);
		msg = moved_aside(m->path, aside);
	}
	ret = msg != NULL ? -1 : 0;
unlock:
	close(fd);
fail:
	state_free(&st);
	free(raw);
	free(out);
	free(aside);
	/* Still pending: say so first, the reason next, the path last. */
	if (msg != NULL && m->nops != 0) {
		aside = msg;
		msg = xasprintf("Bookmarks not saved: %s", aside);
		free(aside);
	}
	if (msg != NULL)
		set_cause(cause, msg);
	else if (ret != 0)
		set_cause(cause, xstrdup("Bookmarks not saved"));
	return ret;
}

int
marks_complete(struct marks *m)
{
	return !m->unread;
}

int
marks_pending(struct marks *m)
{
	return m->nops != 0;
}

char *
marks_format(struct marks *m, size_t *len)
{
	return state_format(&m->cur, len);
}

size_t
marks_count(struct marks *m, const char *fp)
{
	size_t	n;

	if (fp == NULL)
		return 0;
	mark_range(&m->cur, fp, &n);
	return n;
}

const struct mark *
marks_get(struct marks *m, const char *fp, size_t i)
{
	size_t	n, first;

	if (fp == NULL)
		return NULL;
	first = mark_range(&m->cur, fp, &n);
	return i < n ? &m->cur.marks[first + i] : NULL;
}

void
marks_add(struct marks *m, const struct mark *mk)
{
	struct op	op = { .kind = OP_PUT };

	if (mk == NULL || mk->fp == NULL || !fp_ok(mk->fp, strlen(mk->fp)))
		return;
	op.m = mark_copy(mk);
	if (mk->time == 0)
		op.m.time = time_clamp((long long)time(NULL));
	if (mk->id == 0)
		op.m.id = mark_new_id();
	journal(m, op);
}

/* An op whose key is bookmark i of fp; 0 if there is no such bookmark. */
static int
op_for(struct marks *m, enum op_kind kind, const char *fp, size_t i,
    struct op *op)
{
	const struct mark	*mk = marks_get(m, fp, i);

	if (mk == NULL)
		return 0;
	memset(op, 0, sizeof *op);
	op->kind = kind;
	op->key.fp = xstrdup(mk->fp);
	op->key.off = mk->off;
	op->key.time = mk->time;
	op->key.id = mk->id;
	return 1;
}

void
marks_delete(struct marks *m, const char *fp, size_t i)
{
	struct op	op;

	if (op_for(m, OP_DEL, fp, i, &op))
		journal(m, op);
}

void
marks_rename(struct marks *m, const char *fp, size_t i, const char *name)
{
	const struct mark	*mk = marks_get(m, fp, i);
	struct op		 op;
	char			*nm = clamp_dup(name, NAME_MAX_LEN);

	if (mk == NULL || strcmp(mk->name, nm) == 0 ||
	    !op_for(m, OP_RENAME, fp, i, &op)) {
		free(nm);
		return;
	}
	op.m.name = nm;
	journal(m, op);
}

const struct mark *
marks_place(struct marks *m, const char *fp)
{
	int	found;
	size_t	i;

	if (fp == NULL)
		return NULL;
	i = pos_find(&m->cur, fp, &found);
	return found ? &m->cur.pos[i] : NULL;
}

int
marks_position(struct marks *m, const char *fp, size_t *off)
{
	const struct mark	*p = marks_place(m, fp);

	if (p != NULL && off != NULL)
		*off = p->off;
	return p != NULL;
}

/* Whether position n, put over old, would change nothing (what n does not
 * know it takes from old: see pos_inherit()). */
static int
pos_same(const struct mark *old, const struct mark *n)
{
	int	counts = n->left_cjk == MARKS_UNKNOWN;

	return old->off == n->off && pct_tenths(old->percent) ==
	    pct_tenths(n->percent) && strcmp(old->snippet, n->snippet) == 0 &&
	    (*n->path == '\0' || strcmp(old->path, n->path) == 0) &&
	    (*n->title == '\0' || strcmp(old->title, n->title) == 0) &&
	    (counts || (strcmp(old->section, n->section) == 0 &&
	    old->left_cjk == n->left_cjk && old->left_words == n->left_words));
}

void
marks_set_place(struct marks *m, const struct mark *pos)
{
	struct op	 op = { .kind = OP_POS };
	int		 found;
	size_t		 i;

	if (pos == NULL || pos->fp == NULL || !fp_ok(pos->fp, strlen(pos->fp)))
		return;
	op.m = mark_copy(pos);
	op.m.time = time_clamp((long long)time(NULL));
	op.m.id = 0;
	op.m.lost = 0;
	free(op.m.name);
	op.m.name = xstrdup("");
	if (op.m.left_cjk == MARKS_UNKNOWN || op.m.left_words == MARKS_UNKNOWN)
		op.m.left_cjk = op.m.left_words = MARKS_UNKNOWN;
	i = pos_find(&m->cur, pos->fp, &found);
	/* Unchanged: not a change, so a run that only reads rewrites nothing. */
	if (found && pos_same(&m->cur.pos[i], &op.m)) {
		mark_free(&op.m);
		return;
	}
	journal(m, op);
}

struct mark
marks_mark_copy(const struct mark *k)
{
	return mark_copy(k);
}

void
marks_mark_free(struct mark *k)
{
	mark_free(k);
}

const char *
marks_settings(struct marks *m, const char *fp)
{
	const struct mark	*k = marks_place(m, fp);

	return k != NULL ? k->settings : NULL;
}

void
marks_set_settings(struct marks *m, const char *fp, const char *settings)
{
	const struct mark	*k = marks_place(m, fp);
	struct op		 op = { .kind = OP_POS };

	if (k == NULL || strcmp(k->settings, settings) == 0)
		return;
	op.m = mark_copy(k);
	free(op.m.settings);
	op.m.settings = clamp_dup(settings, SETTINGS_MAX);
	journal(m, op);
}

size_t
marks_size(struct marks *m, enum marks_table t)
{
	switch (t) {
	case MARKS_POSITIONS:
		return m->cur.npos;
	case MARKS_READS:
		return m->cur.nreads;
	case MARKS_HISTORY:
		return m->cur.nhist;
	case MARKS_ALL:
		return m->cur.nmarks;
	}
	return 0;
}

const struct mark *
marks_position_get(struct marks *m, size_t i)
{
	return i < m->cur.npos ? &m->cur.pos[i] : NULL;
}

void
marks_forget(struct marks *m, const char *fp, int bookmarks)
{
	struct op	 op;
	size_t		 n;
	char		*f;

	if (fp == NULL)
		return;
	f = xstrdup(fp);	/* fp may be the record's own, which goes */
	if (marks_position(m, f, NULL)) {
		memset(&op, 0, sizeof op);
		op.kind = OP_UNPOS;
		op.key.fp = xstrdup(f);
		journal(m, op);
	}
	/* From the last: each deletion changes the table under us. */
	for (n = bookmarks ? marks_count(m, f) : 0; n > 0; n--)
		if (op_for(m, OP_DEL, f, n - 1, &op))
			journal(m, op);
	free(f);
}

void
marks_read_add(struct marks *m, const char *fp, time_t when,
    unsigned long seconds)
{
	struct op		 op = { .kind = OP_READ };
	struct op		*last = m->nops > 0 ? &m->ops[m->nops - 1] : NULL;
	struct marks_read	 r;

	if (fp == NULL || !fp_ok(fp, strlen(fp)) || seconds == 0 ||
	    (r.day = util_local_day(when)) == 0)
		return;
	r.fp = fp;
	r.seconds = seconds < READ_SECONDS_MAX ? seconds : READ_SECONDS_MAX;
	r.last = time_clamp((long long)when);
	/* One record a document and day: a session adds to the op it made
	 * last rather than grow the journal at every key. */
	if (last != NULL && last->kind == OP_READ && last->rd.day == r.day &&
	    strcmp(last->rd.fp, fp) == 0) {
		state_read(&m->cur, &r);
		last->rd.seconds = last->rd.seconds > READ_SECONDS_MAX - r.seconds ?
		    READ_SECONDS_MAX : last->rd.seconds + r.seconds;
		if (r.last > last->rd.last)
			last->rd.last = r.last;
		return;
	}
	op.key.fp = xstrdup(fp);	/* the op's own copy */
	op.rd = r;
	op.rd.fp = op.key.fp;
	journal(m, op);
}

const struct marks_read *
marks_read_get(struct marks *m, size_t i)
{
	return i < m->cur.nreads ? &m->cur.reads[i] : NULL;
}

const struct pace_rate *
marks_pace(struct marks *m, int script)
{
	return script >= 0 && script < PACE_SCRIPTS ? &m->cur.pace[script] : NULL;
}

void
marks_pace_learn(struct marks *m, int script, double units, double seconds)
{
	struct op	op = { .kind = OP_PACE };

	if (script < 0 || script >= PACE_SCRIPTS || !(units > 0) ||
	    !(seconds > 0))
		return;
	op.sample.script = script;
	op.sample.units = units;
	op.sample.seconds = seconds;
	journal(m, op);
}

size_t
marks_reanchor(struct marks *m, const char *fp, const char *path,
    size_t (*find)(void *, const char *, size_t), void *ctx)
{
	struct state	*st = &m->cur;
	const char	*best = NULL;
	time_t		 best_time = 0;
	char		*old;
	struct mark	*moving, p;
	struct op	 op;
	size_t		 i, n, first, off;
	int		 found;

	if (fp == NULL || !fp_ok(fp, strlen(fp)) || path == NULL || *path == '\0' ||
	    find == NULL || marks_count(m, fp) > 0 || marks_position(m, fp, NULL))
		return 0;
	/* The document last seen at this path: its most recent record. */
	for (i = 0; i < st->nmarks; i++)
		if (strcmp(st->marks[i].path, path) == 0 &&
		    (best == NULL || st->marks[i].time > best_time)) {
			best = st->marks[i].fp;
			best_time = st->marks[i].time;
		}
	for (i = 0; i < st->npos; i++)
		if (strcmp(st->pos[i].path, path) == 0 &&
		    (best == NULL || st->pos[i].time > best_time)) {
			best = st->pos[i].fp;
			best_time = st->pos[i].time;
		}
	if (best == NULL)
		return 0;
	old = xstrdup(best);
	/* Copy first: journal() changes the table under us. */
	first = mark_range(st, old, &n);
	moving = xreallocarray(NULL, n, sizeof *moving);
	for (i = 0; i < n; i++)
		moving[i] = mark_copy(&st->marks[first + i]);
	for (i = 0; i < n; i++) {
		memset(&op, 0, sizeof op);
		op.kind = OP_MOVE;
		op.key.fp = xstrdup(old);
		op.key.off = moving[i].off;
		op.key.time = moving[i].time;
		op.key.id = moving[i].id;
		op.m = moving[i];
		free(op.m.fp);
		op.m.fp = xstrdup(fp);
		free(op.m.path);
		op.m.path = clamp_dup(path, PATH_LEN_MAX);
		off = find(ctx, op.m.snippet, op.m.off);
		op.m.lost = off == (size_t)-1;
		if (!op.m.lost)
			op.m.off = off;
		journal(m, op);
	}
	free(moving);
	i = pos_find(st, old, &found);
	if (found) {
		p = mark_copy(&st->pos[i]);
		memset(&op, 0, sizeof op);
		op.kind = OP_UNPOS;
		op.key.fp = xstrdup(old);
		journal(m, op);
		if ((off = find(ctx, p.snippet, p.off)) != (size_t)-1)
			p.off = off;
		free(p.fp);
		p.fp = xstrdup(fp);
		free(p.path);
		p.path = clamp_dup(path, PATH_LEN_MAX);
		memset(&op, 0, sizeof op);
		op.kind = OP_POS;
		op.m = p;
		journal(m, op);
	}
	free(old);
	return n;
}

const char *
marks_history_get(struct marks *m, size_t i)
{
	return i < m->cur.nhist ? m->cur.hist[i] : NULL;
}

void
marks_history_add(struct marks *m, const char *pattern)
{
	struct op	op = { .kind = OP_HIST };

	if (pattern == NULL || *pattern == '\0' || (m->cur.nhist > 0 &&
	    strcmp(m->cur.hist[m->cur.nhist - 1], pattern) == 0))
		return;
	op.m.name = clamp_dup(pattern, PATTERN_MAX);
	journal(m, op);
}

const struct mark *
marks_all_get(struct marks *m, size_t i)
{
	return i < m->cur.nmarks ? &m->cur.marks[i] : NULL;
}

