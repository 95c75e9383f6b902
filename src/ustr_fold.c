/* ustr_fold: search-key folding, the part of the ustr module (include/ustr.h)
 * that turns text into the key a search compares: NFKC (full and half width,
 * compatibility forms) and, under smart case, case folding, both from
 * utf8proc. The key is many-to-one: pattern and text are folded alike, and
 * the map from folded bytes back to source offsets keeps every match a range
 * of the text as stored.
 *
 * Invariants: ustr_fold(s) is valid UTF-8; map[k] is non-decreasing, each
 * folded byte maps to the start of the cluster (or ASCII byte) it came from,
 * and map[outlen] == n; a cluster is folded as utf8proc_map folds it inside
 * the whole string (canonical composition never reaches across a cluster
 * boundary), which the fuzz target checks.
 */
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "util.h"
#include "ustr.h"
#include "ustr_int.h"

/* Output buffer of ustr_fold with its offset map. */
struct fold_out {
	char	*s;
	size_t	*map;
	size_t	 len, cap;
};

/* Append the UTF-8 bytes b[0..l), l <= 4, produced by source offset src. */
static void
fold_bytes(struct fold_out *f, const char *b, size_t l, size_t src)
{
	if (f->len + 5 > f->cap) {	/* room for a NUL after */
		f->cap = f->cap * 2 + 16;
		f->s = xrealloc(f->s, f->cap);
		if (f->map != NULL)
			f->map = xreallocarray(f->map, f->cap + 1,
			    sizeof *f->map);
	}
	memcpy(f->s + f->len, b, l);
	if (f->map != NULL)
		for (size_t k = 0; k < l; k++)
			f->map[f->len + k] = src;
	f->len += l;
}

static void
fold_put(struct fold_out *f, uint32_t cp, size_t src)
{
	char	 b[4];

	fold_bytes(f, b, ustr_encode(cp, b), src);
}

/* Fold one cluster s[pos..end): decompose each code point (compatibility,
 * case), then reorder and compose, as utf8proc_map does for a whole string;
 * canonical composition never reaches across a cluster boundary. */
static void
fold_cluster(struct fold_out *f, const char *s, size_t pos, size_t end,
    utf8proc_option_t opt)
{
	utf8proc_int32_t stack[64], *buf = stack;
	utf8proc_ssize_t len = 0, r, cap = NELEM(stack);
	uint32_t	 cp;
	size_t		 i;

	for (i = pos; i < end; ) {
		i += ustr_decode(s + i, end - i, &cp);
		if (cp == USTR_BAD || cp == USTR_SUB)
			cp = 0xFFFD;
		for (;;) {
			r = utf8proc_decompose_char((utf8proc_int32_t)cp,
			    buf + len, cap - len, opt, NULL);
			if (r < 0)
				r = 0;
			if (len + r <= cap)
				break;
			cap = (len + r) * 2;
			if (buf == stack) {
				buf = xreallocarray(NULL, (size_t)cap,
				    sizeof *buf);
				memcpy(buf, stack, (size_t)len * sizeof *buf);
			} else
				buf = xreallocarray(buf, (size_t)cap,
				    sizeof *buf);
		}
		len += r;
	}
	r = utf8proc_normalize_utf32(buf, len, opt);
	for (utf8proc_ssize_t k = 0; k < r; k++)
		fold_put(f, (uint32_t)buf[k], pos);
	if (buf != stack)
		free(buf);
}

/* Is s[pos] a kana or an unified ideograph, which NFKC and case folding
 * leave alone, forming a cluster by itself? Most of a Chinese text is.
 * flags: ustr_flags_table(). */
static int
fold_same(const uint32_t *flags, const char *s, size_t n, size_t pos)
{
	uint32_t	 cp, d;
	size_t		 l = ustr_dec(s + pos, n - pos, &cp);

	if (l != 3 || cp > 0xFFFF || !(flags[cp] & F_PLAIN) ||
	    (cp >= 0xF900 && cp <= 0xFAFF))
		return 0;
	if (pos + 3 == n || (unsigned char)s[pos + 3] < 0x80)
		return 1;
	ustr_dec(s + pos + 3, n - pos - 3, &d);
	return ((d < 0x10000 ? flags[d] : ustr_flags(d)) & F_BASE) != 0;
}

char *
ustr_fold(const char *s, size_t n, int casefold, size_t *outlen,
    size_t **map)
{
	struct fold_out	 f = { NULL, NULL, 0, 0 };
	utf8proc_option_t opt = UTF8PROC_STABLE | UTF8PROC_COMPAT |
	    UTF8PROC_COMPOSE;
	const uint32_t	*flags = ustr_flags_table();
	size_t		 pos = 0, end;

	if (casefold)
		opt |= UTF8PROC_CASEFOLD;
	f.cap = n + 16;
	f.s = xmalloc(f.cap);
	if (map != NULL)
		f.map = xreallocarray(NULL, f.cap + 1, sizeof *f.map);
	while (pos < n) {
		unsigned char b = (unsigned char)s[pos];
		if (b < 0x80 && b != '\n' && b != USTR_SUB &&
		    (pos + 1 == n || (unsigned char)s[pos + 1] < 0x80)) {
			if (casefold && b >= 'A' && b <= 'Z')
				b += 'a' - 'A';
			fold_put(&f, b, pos);
			pos++;
			continue;
		}
		if (fold_same(flags, s, n, pos)) {
			fold_bytes(&f, s + pos, 3, pos);
			pos += 3;
			continue;
		}
		end = ustr_cluster_end(s, n, pos);
		if (b == '\n') {
			pos = end;
			continue;
		}
		fold_cluster(&f, s, pos, end, opt);
		pos = end;
	}
	if (f.map != NULL)
		f.map[f.len] = n;
	*outlen = f.len;
	if (map != NULL)
		*map = f.map;
	f.s[f.len] = '\0';
	return f.s;
}

int
ustr_has_upper(const char *s, size_t n)
{
	size_t		 i = 0;
	uint32_t	 cp;

	while (i < n) {
		i += ustr_decode(s + i, n - i, &cp);
		if (cp < 0x80) {
			if (cp >= 'A' && cp <= 'Z')
				return 1;
		} else if (cp != USTR_BAD && utf8proc_get_property(
		    (utf8proc_int32_t)cp)->casefold_seqindex != UINT16_MAX)
			return 1;
	}
	return 0;
}

