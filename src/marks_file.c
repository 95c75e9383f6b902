/* marks_file: the state file's format, a state written out and read back.
 * Pure logic: src/marks.c does the I/O, src/marks_state.c keeps the tables.
 *
 * File format 3: a version line, then one record a line, fields separated by
 * tabs and escaped (\\ \t \n \r, \xHH for other control bytes):
 *	juan-bookmarks 3
 *	m	fp	off	percent	time	path	name	section	snippet	id
 *	lost	the same fields: a bookmark not re-anchored after an edit
 *	p	fp	off	percent	time	path	snippet	title	section	cjk	words
 *	set	fp	settings: of the position of fp (after it), the reader's
 *		width, spacing and indent for the document
 *	h	pattern
 *	read	fp	YYYY-MM-DD	seconds	last
 *	pace	cjk|latin	per_min	seconds
 * The id is 1-16 lowercase hex digits, not 0. Format 1 had no id field:
 * its bookmarks get one derived from (fp, off, time), their identity then,
 * so that instances that read the same old file agree on it. Formats 1 and
 * 2 had positions of seven fields (without the title, the section and the
 * CJK characters and Latin words left to read, two numbers that may be
 * empty: not known) and no read or pace records. New fields go last because a juan that knows an older
 * format reads a newer file read-only, taking the fields it knows and
 * ignoring the ones after them and the records it does not know; so format
 * 2 reads this one. From format 3 on, a record of a kind this juan does not
 * know (a lowercase name first) is kept as it is and written back: a newer
 * juan may add kinds of records without a new version; new fields in a
 * known record need one.
 * Nothing read is trusted: each line is validated alone, numbers saturate,
 * strings are clamped, a raw control byte or a bad escape rejects the line. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "marks_int.h"
#include "ustr.h"
#include "util.h"

#define FIELDS_MAX	12
#define ID_DIGITS	16

/* A field: a tab, then s escaped. */
static void
buf_field(struct util_buf *b, const char *s)
{
	const unsigned char	*u;
	char			 esc[5];

	util_buf_add(b, "\t", 1);
	for (u = (const unsigned char *)s; *u != '\0'; u++) {
		if (*u == '\\')
			util_buf_add(b, "\\\\", 2);
		else if (*u == '\t')
			util_buf_add(b, "\\t", 2);
		else if (*u == '\n')
			util_buf_add(b, "\\n", 2);
		else if (*u == '\r')
			util_buf_add(b, "\\r", 2);
		else if (*u < 0x20 || *u == 0x7f) {
			snprintf(esc, sizeof esc, "\\x%02x", *u);
			util_buf_add(b, esc, 4);
		} else
			util_buf_add(b, (const char *)u, 1);
	}
}

/* The pace records' names of the scripts, by enum pace_script. */
static const char *const script_names[PACE_SCRIPTS] = { "cjk", "latin" };

/* A count that may be unknown: digits, or an empty field. */
static void
format_count(struct util_buf *b, size_t n)
{
	char	num[32];

	if (n == MARKS_UNKNOWN)
		util_buf_str(b, "\t");
	else {
		snprintf(num, sizeof num, "\t%zu", n);
		util_buf_str(b, num);
	}
}

static void
format_mark(struct util_buf *b, const char *kind, const struct mark *m, int full)
{
	char	num[64];

	util_buf_str(b, kind);
	buf_field(b, m->fp);
	snprintf(num, sizeof num, "\t%zu\t%u.%u\t%lld", m->off,
	    pct_tenths(m->percent) / 10, pct_tenths(m->percent) % 10,
	    (long long)m->time);
	util_buf_str(b, num);
	buf_field(b, m->path);
	if (full) {
		buf_field(b, m->name);
		buf_field(b, m->section);
	}
	buf_field(b, m->snippet);
	if (full) {
		snprintf(num, sizeof num, "\t%0*llx", ID_DIGITS,
		    (unsigned long long)m->id);
		util_buf_str(b, num);
	} else {
		buf_field(b, m->title);
		buf_field(b, m->section);
		format_count(b, m->left_cjk);
		format_count(b, m->left_words);
	}
	util_buf_add(b, "\n", 1);
}

static void
format_read(struct util_buf *b, const struct marks_read *r)
{
	char	line[160];

	snprintf(line, sizeof line, "read\t%s\t%04d-%02d-%02d\t%lu\t%lld\n",
	    r->fp, r->day / 10000, r->day / 100 % 100, r->day % 100,
	    r->seconds, (long long)r->last);
	util_buf_str(b, line);
}

/* A rate to a tenth, without the locale's printf. */
static void
format_pace(struct util_buf *b, int script, const struct pace_rate *r)
{
	char			line[128];
	unsigned long long	tenths = (unsigned long long)(r->per_min * 10 + 0.5);

	snprintf(line, sizeof line, "pace\t%s\t%llu.%llu\t%.0f\n",
	    script_names[script], tenths / 10, tenths % 10, r->seconds);
	util_buf_str(b, line);
}

char *
state_format(const struct state *st, size_t *len)
{
	struct util_buf	b = { NULL, 0, 0 };
	size_t		i;
	char		version[32];

	snprintf(version, sizeof version, MAGIC "%d\n", FORMAT_VERSION);
	util_buf_str(&b, version);
	for (i = 0; i < st->nmarks; i++)
		format_mark(&b, st->marks[i].lost ? "lost" : "m", &st->marks[i], 1);
	for (i = 0; i < st->npos; i++)
		format_mark(&b, "p", &st->pos[i], 0);
	for (i = 0; i < st->npos; i++) {
		if (*st->pos[i].settings == '\0')
			continue;
		util_buf_str(&b, "set");
		buf_field(&b, st->pos[i].fp);
		buf_field(&b, st->pos[i].settings);
		util_buf_add(&b, "\n", 1);
	}
	for (i = 0; i < st->nhist; i++) {
		util_buf_str(&b, "h");
		buf_field(&b, st->hist[i]);
		util_buf_add(&b, "\n", 1);
	}
	for (i = 0; i < st->nreads; i++)
		format_read(&b, &st->reads[i]);
	for (i = 0; i < PACE_SCRIPTS; i++)
		if (st->pace[i].seconds >= 0.5)	/* else it reads back as none */
			format_pace(&b, (int)i, &st->pace[i]);
	for (i = 0; i < st->nunknown; i++) {
		util_buf_str(&b, st->unknown[i]);
		util_buf_add(&b, "\n", 1);
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
	char		*out, *r;
	size_t		 i, o = 0;
	int		 hi, lo;
	unsigned char	 c;

	/* Most fields have no escape: one copy, no scratch buffer (a file of
	 * 10,000 documents has some 60,000 fields). */
	for (i = 0; i < n && s[i] != '\\' && (unsigned char)s[i] >= 0x20 &&
	    s[i] != 0x7f; i++)
		;
	if (i == n)
		return clamp_ndup(s, n, max);
	out = xmalloc(n + 1);
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

/* "D[.D]", read as tenths without the locale's strtod (the digits after
 * the first decimal are checked and dropped); the whole part saturates at
 * max. */
static int
parse_tenths(const char *s, size_t n, unsigned long long max,
    unsigned long long *tenths)
{
	const char		*dot = memchr(s, '.', n);
	unsigned long long	 whole, frac;
	size_t			 nw = dot != NULL ? (size_t)(dot - s) : n;

	if (parse_num(s, nw, max, &whole) != 0)
		return -1;
	frac = 0;
	if (dot != NULL) {
		if (parse_num(dot + 1, n - nw - 1, ~0ULL, &frac) != 0)
			return -1;
		frac = (unsigned char)dot[1] - '0';
	}
	*tenths = whole * 10 + frac;
	return 0;
}

/* A percentage; > 100 is clamped. */
static int
parse_percent(const char *s, size_t n, double *out)
{
	unsigned long long	t;

	if (parse_tenths(s, n, 1000, &t) != 0)
		return -1;
	*out = (t > 1000 ? 1000 : t) / 10.0;
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
	size_t	nf = 1, i;

	/* One pass over the bytes: fields are short, and a call to memchr()
	 * each cost a fifth of loading a large file. */
	f[0].s = line;
	for (i = 0; i < len; i++) {
		if (line[i] != '\t')
			continue;
		if (nf == FIELDS_MAX)
			return 0;
		f[nf - 1].n = (size_t)(line + i - f[nf - 1].s);
		f[nf++].s = line + i + 1;
	}
	f[nf - 1].n = (size_t)(line + len - f[nf - 1].s);
	return nf;
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

/* How a record parser ends: used, bad, or of a kind (or a pace record of
 * a script) this juan does not know. */
enum { REC_OK, REC_BAD, REC_UNKNOWN };

enum kind { K_MARK, K_LOST, K_POS, K_HIST, K_READ, K_PACE, K_SET, K_OTHER };

static enum kind
kind_of(const char *s, size_t n)
{
	static const char *const names[] = { "m", "lost", "p", "h", "read",
	    "pace", "set" };

	for (size_t k = 0; k < sizeof names / sizeof names[0]; k++)
		if (strlen(names[k]) == n && memcmp(names[k], s, n) == 0)
			return (enum kind)k;
	return K_OTHER;
}

/* A count that may be empty (MARKS_UNKNOWN); saturates below it. */
static int
parse_count(const struct field *f, size_t *out)
{
	unsigned long long	v;

	if (f->n == 0) {
		*out = MARKS_UNKNOWN;
		return 0;
	}
	if (parse_num(f->s, f->n, MARKS_UNKNOWN - 1, &v) != 0)
		return -1;
	*out = (size_t)v;
	return 0;
}

/* The fields a position has after its snippet (format 3); absent in
 * formats 1 and 2. */
static int
parse_pos_info(struct mark *m, const struct field *f, size_t nf)
{
	if (nf < 11) {
		m->title = xstrdup("");
		m->section = xstrdup("");
		m->left_cjk = m->left_words = MARKS_UNKNOWN;
		return 0;
	}
	if ((m->title = unescape(f[7].s, f[7].n, NAME_MAX_LEN)) == NULL ||
	    (m->section = unescape(f[8].s, f[8].n, NAME_MAX_LEN)) == NULL ||
	    parse_count(&f[9], &m->left_cjk) != 0 ||
	    parse_count(&f[10], &m->left_words) != 0)
		return -1;
	if (m->left_cjk == MARKS_UNKNOWN || m->left_words == MARKS_UNKNOWN)
		m->left_cjk = m->left_words = MARKS_UNKNOWN;
	return 0;
}

/* A bookmark (m, lost) or a position (p). */
static int
parse_mark(struct state *st, enum kind kind, const struct field *f,
    size_t nf, int future)
{
	unsigned long long	 num;
	struct mark		 m;
	int			 full = kind != K_POS;
	size_t			 i;

	/* A bookmark's id is its one optional field (format 1 had none); a
	 * position has seven fields (formats 1, 2) or eleven. */
	if (full ? nf < 9 || (nf > 10 && !future) :
	    nf < 7 || (nf != 7 && nf != 11 && !future))
		return REC_BAD;
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
		m.title = xstrdup("");
		m.left_cjk = m.left_words = MARKS_UNKNOWN;
		i = 8;
	} else {
		m.name = xstrdup("");
		if (parse_pos_info(&m, f, nf) != 0)
			goto bad;
	}
	m.settings = xstrdup("");	/* a "set" record after it says them */
	if ((m.snippet = unescape(f[i].s, f[i].n, MARKS_SNIPPET_MAX)) == NULL)
		goto bad;
	m.lost = kind == K_LOST;
	if (full && parse_id(&m, nf > 9 ? &f[9] : NULL, future) != 0)
		goto bad;
	if (full)
		state_put(st, m);
	else
		state_put_pos(st, m);
	return REC_OK;
bad:
	mark_free(&m);
	return REC_BAD;
}

static int
days_in_month(int y, int m)
{
	static const int	days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };

	if (m == 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))
		return 29;
	return days[m - 1];
}

/* "YYYY-MM-DD", a real date from 1970 on, as YYYYMMDD. */
static int
parse_day(const struct field *f, int *day)
{
	unsigned long long	y, m, d;

	if (f->n != 10 || f->s[4] != '-' || f->s[7] != '-' ||
	    parse_num(f->s, 4, 9999, &y) != 0 ||
	    parse_num(f->s + 5, 2, 99, &m) != 0 ||
	    parse_num(f->s + 8, 2, 99, &d) != 0 ||
	    y < 1970 || m < 1 || m > 12 || d < 1 ||
	    d > (unsigned long long)days_in_month((int)y, (int)m))
		return -1;
	*day = (int)(y * 10000 + m * 100 + d);
	return 0;
}

static int
parse_read(struct state *st, const struct field *f, size_t nf, int future)
{
	struct marks_read	r;
	unsigned long long	num;
	char			fp[FP_MAX + 1];

	if (nf < 5 || (nf > 5 && !future) || !fp_ok(f[1].s, f[1].n) ||
	    parse_day(&f[2], &r.day) != 0)
		return REC_BAD;
	memcpy(fp, f[1].s, f[1].n);
	fp[f[1].n] = '\0';
	r.fp = fp;
	if (parse_num(f[3].s, f[3].n, READ_SECONDS_MAX, &num) != 0)
		return REC_BAD;
	r.seconds = (unsigned long)num;
	if (parse_num(f[4].s, f[4].n, TIME_MAX, &num) != 0)
		return REC_BAD;
	r.last = (time_t)num;
	read_add(st, &r);	/* state_parse() trims once at the end */
	return REC_OK;
}

/* The settings of the position of fp, read before it; of no position,
 * dropped. */
static int
parse_set(struct state *st, const struct field *f, size_t nf, int future)
{
	char	*v, fp[FP_MAX + 1];
	size_t	 i;
	int	 found;

	if (nf < 3 || (nf > 3 && !future) || !fp_ok(f[1].s, f[1].n) ||
	    (v = unescape(f[2].s, f[2].n, SETTINGS_MAX)) == NULL)
		return REC_BAD;
	memcpy(fp, f[1].s, f[1].n);
	fp[f[1].n] = '\0';
	i = pos_find(st, fp, &found);
	if (found) {
		free(st->pos[i].settings);
		st->pos[i].settings = v;
	} else
		free(v);
	return REC_OK;
}

static int
parse_pace(struct state *st, const struct field *f, size_t nf, int future)
{
	unsigned long long	tenths, secs;
	int			script;

	if (nf < 4 || (nf > 4 && !future))
		return REC_BAD;
	for (script = 0; script < PACE_SCRIPTS; script++)
		if (strlen(script_names[script]) == f[1].n &&
		    memcmp(script_names[script], f[1].s, f[1].n) == 0)
			break;
	if (parse_tenths(f[2].s, f[2].n, PACE_RATE_MAX, &tenths) != 0 ||
	    parse_num(f[3].s, f[3].n, PACE_SECONDS_MAX, &secs) != 0)
		return REC_BAD;
	if (script == PACE_SCRIPTS)
		return REC_UNKNOWN;	/* a script a newer juan measures */
	st->pace[script].per_min = tenths / 10.0;
	st->pace[script].seconds = (double)secs;
	return REC_OK;
}

/* A record a newer juan wrote, to keep: its kind a lowercase name, and no
 * control byte but the tabs. */
static int
unknown_ok(const char *line, size_t len, size_t kind_len)
{
	if (kind_len == 0 || kind_len > 16 || line[0] < 'a' || line[0] > 'z')
		return 0;
	for (size_t i = 0; i < kind_len; i++)
		if (!((line[i] >= 'a' && line[i] <= 'z') ||
		    (line[i] >= '0' && line[i] <= '9') || line[i] == '-' ||
		    line[i] == '_'))
			return 0;
	for (size_t i = 0; i < len; i++)
		if (((unsigned char)line[i] < 0x20 && line[i] != '\t') ||
		    line[i] == 0x7f)
			return 0;
	return 1;
}

/* One record line (no newline) of a file of format version. Returns 0 if
 * it was used, kept (a newer juan's record in a format 3 file) or, in a
 * file from the future, skipped as not understood; -1 if bad. */
static int
parse_record(struct state *st, const char *line, size_t len,
    unsigned long long version)
{
	struct field	 f[FIELDS_MAX];
	const char	*tab = memchr(line, '\t', len);
	size_t		 kn = tab != NULL ? (size_t)(tab - line) : len, nf;
	enum kind	 kind = kind_of(line, kn);
	int		 future = version > FORMAT_VERSION, r = REC_UNKNOWN;
	char		*pat;

	nf = split_fields(line, len, f);
	if (kind != K_OTHER && nf == 0)
		r = REC_BAD;
	else if (kind == K_HIST) {
		r = REC_BAD;
		if (nf == 2 || (nf > 2 && future)) {
			pat = unescape(f[1].s, f[1].n, PATTERN_MAX);
			if (pat != NULL && *pat != '\0') {
				state_hist(st, pat);
				r = REC_OK;
			} else
				free(pat);
		}
	} else if (kind == K_READ)
		r = parse_read(st, f, nf, future);
	else if (kind == K_SET)
		r = parse_set(st, f, nf, future);
	else if (kind == K_PACE)
		r = parse_pace(st, f, nf, future);
	else if (kind != K_OTHER)
		r = parse_mark(st, kind, f, nf, future);
	/* A newer format is never written: what it holds stays in its file,
	 * and what it does not say in format 3 is not kept. */
	if (r == REC_UNKNOWN && !future && version >= FORMAT_KEEPS_UNKNOWN &&
	    unknown_ok(line, len, kn)) {
		st->unknown = xreallocarray(st->unknown, st->nunknown + 1,
		    sizeof *st->unknown);
		st->unknown[st->nunknown++] = xstrndup(line, len);
		return 0;
	}
	return r == REC_OK || future ? 0 : -1;
}

void
state_parse_start(struct parse *ps, struct state *st)
{
	memset(ps, 0, sizeof *ps);
	ps->st = st;
	ps->first = 1;
	ps->start = 1;
}

size_t
state_parse_more(struct parse *ps, const char *buf, size_t len, int final)
{
	const char	*p = buf, *end = buf + len, *nl;
	size_t		 n;

	if (ps->start) {
		if (len < 3 && !final)
			return 0;	/* a BOM may be on its way */
		if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
			p += 3;		/* saved by an editor that adds a BOM */
		ps->start = 0;
	}
	while (p < end && !ps->corrupt) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL && !final)
			break;
		n = nl != NULL ? (size_t)(nl - p) : (size_t)(end - p);
		if (n > 0 && p[n - 1] == '\r')
			n--;
		if (ps->first) {
			if (n <= strlen(MAGIC) || memcmp(p, MAGIC, strlen(MAGIC)) != 0 ||
			    n - strlen(MAGIC) > 9 ||
			    parse_num(p + strlen(MAGIC), n - strlen(MAGIC), ~0ULL,
			    &ps->version) != 0 || ps->version == 0)
				ps->corrupt = 1;
			ps->first = 0;
		} else if (n > 0 && parse_record(ps->st, p, n, ps->version) != 0)
			ps->bad++;
		p = nl != NULL ? nl + 1 : end;
	}
	return (size_t)(p - buf);
}

enum rs
state_parse_end(struct parse *ps, size_t *bad)
{
	*bad = ps->bad;
	if (ps->corrupt)
		return RS_CORRUPT;
	read_trim(ps->st);
	return ps->version > FORMAT_VERSION ? RS_FUTURE : RS_OK;
}

enum rs
state_parse(struct state *st, const char *buf, size_t len, size_t *bad)
{
	struct parse	ps;

	state_parse_start(&ps, st);
	state_parse_more(&ps, buf, len, 1);
	return state_parse_end(&ps, bad);
}
