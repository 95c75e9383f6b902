/* ustr_fold: search-key folding, the part of the ustr module (include/ustr.h)
 * that turns text into the key a search compares: NFKC (full and half width,
 * compatibility forms) and, under smart case, case folding, both from
 * utf8proc; then, under the script-fold policy (ustr_set_script_fold), the
 * script key below. The key is many-to-one: pattern and text are folded
 * alike, and the map from folded bytes back to source offsets keeps every
 * match a range of the text as stored.
 *
 * Script key. OpenCC's character tables pair simplified, traditional and
 * variant forms: TSCharacters (乾 -> 乾 干, 幹 -> 干, 發 -> 发, 髮 -> 发),
 * STCharacters (干 -> 幹 乾 干), and the Taiwan and Hong Kong variant tables
 * (裏 -> 裡, 着 -> 著). Converting one side into the other goes wrong for the
 * one-to-many forms (干 may stand for 乾, 幹 or 干; 发 for 發 or 髮), so both
 * sides are folded to a key instead: the classes are the connected components
 * of all the pairs (union-find over every pair, after NFKC), and a
 * character's key is the smallest code point of its class (a BMP one when
 * the class has any, so a key is rarely longer than its character). A component can hold characters
 * that no one pair joins, and that is accepted: 乾 (qián, as in 乾坤) shares
 * 干's class through 乾 -> 干, so /乾 also finds 干 and 幹, and 炼 (smelt)
 * meets 链 (chain) through 鍊 -> 炼 链. A search key may err towards a match
 * the reader sees and steps over, never towards one they would miss.
 * Japanese shinjitai tables (JPVariants, JPShinjitaiCharacters) are left
 * out: they map kanji onto other Chinese characters (濾 -> 沪, 缺 -> 欠,
 * 藝 -> 芸), which would join words a Chinese reader keeps apart.
 *
 * The classes are computed at build time by this file's generator code
 * (USTR_FOLD_GENERATOR, run by src/ustr_fold-gen.c on OpenCC's dictionaries
 * dumped by opencc_dict) into build/ustr-fold.inc, so a start reads no
 * dictionary:
 *   fold_page[cp >> FOLD_SHIFT]  which page of fold_slot holds cp (page 0:
 *                                every key is the character itself);
 *   fold_slot[page][cp & mask]   0 (cp is its own key), the BMP key, or
 *                                0xD800 + i for the key fold_smp[i] above
 *                                U+FFFF (no BMP key is a surrogate);
 *   fold_by_key[]                every character that is not its own key,
 *                                ordered by key, then code point: the
 *                                forms of a key (ustr_fold_forms), which the
 *                                search's prefilter looks for.
 *
 * Invariants: ustr_fold(s) is valid UTF-8; map[k] is non-decreasing, each
 * folded byte maps to the start of the cluster (or ASCII byte) it came from,
 * and map[outlen] == n; a cluster is folded as utf8proc_map folds it inside
 * the whole string (canonical composition never reaches across a cluster
 * boundary); every key is its own key and NFKC-stable (a class is made of
 * NFKC forms); for every pair a -> b of the tables a and b fold alike, and
 * every ideograph folds to the smallest code point of its class (test_ustr
 * checks both against the dictionaries).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "util.h"
#include "ustr.h"
#include "ustr_int.h"

#define FOLD_SHIFT	5		/* code points per page: 32 */
#define FOLD_MASK	((1u << FOLD_SHIFT) - 1)
#define FOLD_SMP	0xD800u		/* slot values from here: fold_smp[] */

#ifdef USTR_FOLD_GENERATOR
#define FOLD_SOURCE	"no script table"	/* the one it is making */
#else
#include "ustr-fold.inc"
#endif

static int	 script_on;

void
ustr_set_script_fold(int on)
{
	script_on = on != 0;
}

int
ustr_script_fold(void)
{
	return script_on;
}

const char *
ustr_fold_source(void)
{
	return FOLD_SOURCE;
}

/* The script key of cp (see the top of this file). */
static inline uint32_t
script_key(uint32_t cp)
{
#ifdef USTR_FOLD_GENERATOR
	return cp;	/* the table is what the generator makes */
#else
	uint32_t	 v;

	if ((cp >> FOLD_SHIFT) >= NELEM(fold_page))
		return cp;
	v = fold_slot[fold_page[cp >> FOLD_SHIFT]][cp & FOLD_MASK];
	if (v == 0)
		return cp;
	return v >= FOLD_SMP && v < 0xE000 ? fold_smp[v - FOLD_SMP] : v;
#endif
}

#ifndef USTR_FOLD_GENERATOR
size_t
ustr_fold_forms(uint32_t cp, uint32_t out[USTR_FORMS_MAX])
{
	uint32_t	 key = script_on ? script_key(cp) : cp;
	size_t		 lo = 0, hi = NELEM(fold_by_key), mid, n = 0;

	out[n++] = key;
	if (!script_on)
		return n;
	while (lo < hi) {	/* the first entry whose key is not below */
		mid = lo + (hi - lo) / 2;
		if (script_key(fold_by_key[mid]) < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* The generator keeps every class within USTR_FORMS_MAX. */
	for (; lo < NELEM(fold_by_key) && script_key(fold_by_key[lo]) == key;
	    lo++)
		out[n++] = fold_by_key[lo];
	return n;
}
#endif

/* Output buffer of ustr_fold with its offset map; script: the policy when
 * the fold began. */
struct fold_out {
	char	*s;
	size_t	*map;
	size_t	 len, cap;
	int	 script;
};

/* Room for 4 bytes and a NUL after them. */
static inline void
fold_room(struct fold_out *f)
{
	if (f->len + 5 > f->cap) {
		f->cap = f->cap * 2 + 16;
		f->s = xrealloc(f->s, f->cap);
		if (f->map != NULL)
			f->map = xreallocarray(f->map, f->cap + 1,
			    sizeof *f->map);
	}
}

/* The l bytes just written came from source offset src. */
static inline void
fold_mapped(struct fold_out *f, size_t l, size_t src)
{
	if (f->map != NULL)
		for (size_t k = 0; k < l; k++)
			f->map[f->len + k] = src;
	f->len += l;
}

/* Append the UTF-8 bytes b[0..l), l <= 4, produced by source offset src.
 * Byte by byte, and fold_put encodes in place: the memcpy call for three
 * bytes cost more than the copy (the 20 MB below: 111 ms with it, 83 ms
 * without). */
static inline void
fold_bytes(struct fold_out *f, const char *b, size_t l, size_t src)
{
	fold_room(f);
	for (size_t k = 0; k < l; k++)
		f->s[f->len + k] = b[k];
	fold_mapped(f, l, src);
}

static inline void
fold_put(struct fold_out *f, uint32_t cp, size_t src)
{
	fold_room(f);
	if (cp < 0x80) {
		f->s[f->len] = (char)cp;
		fold_mapped(f, 1, src);
	} else
		fold_mapped(f, ustr_encode(cp, f->s + f->len), src);
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
		fold_put(f, f->script ? script_key((uint32_t)buf[k]) :
		    (uint32_t)buf[k], pos);
	if (buf != stack)
		free(buf);
}

/* The folds of clusters of one code point, by thread and policy (case,
 * script): the full-width punctuation of Chinese text (，。「」), and an
 * ASCII letter before an ideograph, went through utf8proc one at a time
 * (20 MB of the 100 MB traditional book folded in pieces of 400 bytes:
 * 83 ms, 66 ms with the memo). Only folds of at most sizeof out bytes are
 * kept; test_fold_memo takes the policies in turns. */
#define MEMO_N		256
struct fold_memo {
	uint32_t	 tag;		/* 0: empty; else memo_tag() */
	uint8_t		 len;
	char		 out[11];
};
static _Thread_local struct fold_memo memo[MEMO_N];

static inline uint32_t
memo_tag(uint32_t cp, int casefold, int script)
{
	return 1u << 31 | cp << 2 | (uint32_t)casefold << 1 | (uint32_t)script;
}

/* Fold the cluster s[pos..end), one code point cp (not USTR_BAD), through
 * the memo. */
static void
fold_one(struct fold_out *f, const char *s, size_t pos, size_t end,
    utf8proc_option_t opt, uint32_t cp)
{
	struct fold_memo *m = &memo[(cp ^ cp >> 8) & (MEMO_N - 1)];
	uint32_t	 tag = memo_tag(cp, (opt & UTF8PROC_CASEFOLD) != 0,
			    f->script);
	size_t		 before = f->len, k;

	if (m->tag == tag) {
		for (k = 0; k < m->len; k += 4)
			fold_bytes(f, m->out + k, m->len - k < 4 ? m->len - k :
			    4, pos);
		return;
	}
	fold_cluster(f, s, pos, end, opt);
	if (f->len - before <= sizeof m->out) {
		m->tag = tag;
		m->len = (uint8_t)(f->len - before);
		memcpy(m->out, f->s + before, m->len);
	}
}

/* If s[pos] is a kana or an unified ideograph, which NFKC and case folding
 * leave alone, forming a cluster by itself (most of a Chinese text is), that
 * code point; else 0. flags: ustr_flags_table(). */
static uint32_t
fold_same(const uint32_t *flags, const char *s, size_t n, size_t pos)
{
	uint32_t	 cp, d;
	size_t		 l = ustr_dec(s + pos, n - pos, &cp);

	if (l != 3 || cp > 0xFFFF || !(flags[cp] & F_PLAIN) ||
	    (cp >= 0xF900 && cp <= 0xFAFF))
		return 0;
	if (pos + 3 == n || (unsigned char)s[pos + 3] < 0x80)
		return cp;
	ustr_dec(s + pos + 3, n - pos - 3, &d);
	return ((d < 0x10000 ? flags[d] : ustr_flags(d)) & F_BASE) ? cp : 0;
}

char *
ustr_fold(const char *s, size_t n, int casefold, size_t *outlen,
    size_t **map)
{
	struct fold_out	 f = { NULL, NULL, 0, 0, script_on };
	utf8proc_option_t opt = UTF8PROC_STABLE | UTF8PROC_COMPAT |
	    UTF8PROC_COMPOSE;
	const uint32_t	*flags = ustr_flags_table();
	size_t		 pos = 0, end;
	uint32_t	 cp, key;

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
		if ((cp = fold_same(flags, s, n, pos)) != 0) {
			key = f.script ? script_key(cp) : cp;
			if (key == cp)
				fold_bytes(&f, s + pos, 3, pos);
			else
				fold_put(&f, key, pos);
			pos += 3;
			continue;
		}
		end = ustr_cluster_end(s, n, pos);
		if (b == '\n') {
			pos = end;
			continue;
		}
		if (ustr_dec(s + pos, end - pos, &cp) == end - pos &&
		    cp != USTR_BAD)
			fold_one(&f, s, pos, end, opt, cp);
		else
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

/* Does a cluster boundary lie at s[q] (0 < q < n) whatever comes before
 * it, so that ustr_fold steps there? After it an ASCII character, or a
 * plain ideograph or kana (grapheme class Other); before it, an ASCII
 * character but CR (CR LF is one cluster) or a plain one: none of them
 * glues to what follows (Prepend), and none is a lead byte's continuation,
 * so the steps before q end at q. */
static int
fold_cut_at(const uint32_t *flags, const char *s, size_t n, size_t q)
{
	const unsigned char *u = (const unsigned char *)s;
	uint32_t	 cp;

	if (u[q] >= 0x80 && (ustr_dec(s + q, n - q, &cp) != 3 ||
	    !(flags[cp] & F_PLAIN)))
		return 0;
	if (u[q - 1] < 0x80)
		return u[q - 1] != '\r';
	return q >= 3 && ustr_dec(s + q - 3, 3, &cp) == 3 &&
	    (flags[cp] & F_PLAIN);
}

size_t
ustr_fold_cut(const char *s, size_t n, size_t pos)
{
	const uint32_t	*flags = ustr_flags_table();

	if (pos >= n)
		return n;
	for (; pos > 0; pos--)
		if (fold_cut_at(flags, s, n, pos))
			return pos;
	return 0;
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


#ifdef USTR_FOLD_GENERATOR
/* Build time: the classes of the pairs in OpenCC's dictionaries, dumped as
 * text by opencc_dict (a line is a character, a TAB, then characters
 * separated by spaces), written as the tables at the top of this file. */

static uint32_t	*uf;	/* union-find: the parent of every code point */

static uint32_t
uf_find(uint32_t cp)
{
	while (uf[cp] != cp) {
		uf[cp] = uf[uf[cp]];
		cp = uf[cp];
	}
	return cp;
}

/* Joining under the smaller root keeps every root the smallest code point
 * of its class: its key. */
static void
uf_join(uint32_t a, uint32_t b)
{
	a = uf_find(a);
	b = uf_find(b);
	if (a < b)
		uf[b] = a;
	else
		uf[a] = b;
}

/* The one code point s[0..n) folds to (NFKC and case, as any text is
 * folded before its script key), or USTR_BAD when it is not one. */
static uint32_t
gen_char(const char *s, size_t n)
{
	size_t		 ol;
	uint32_t	 cp = USTR_BAD;
	char		*f = ustr_fold(s, n, 1, &ol, NULL);

	if (ol > 0 && ustr_decode(f, ol, &cp) != ol)
		cp = USTR_BAD;
	free(f);
	return cp;
}

/* Join the pairs of one dump: 0, or -1 after a message. */
static int
gen_read(const char *path)
{
	FILE		*fp = fopen(path, "r");
	char		*line = NULL, *tab, *v, *e;
	size_t		 cap = 0;
	ssize_t		 len;
	long		 lineno = 0;
	uint32_t	 a, b;
	int		 bad = 0;

	if (fp == NULL) {
		perror(path);
		return -1;
	}
	while (!bad && (len = getline(&line, &cap, fp)) > 0) {
		lineno++;
		if (line[len - 1] == '\n')
			line[--len] = '\0';
		tab = strchr(line, '\t');
		if (tab == NULL || (a = gen_char(line, (size_t)(tab - line))) ==
		    USTR_BAD || tab[1] == '\0') {
			bad = 1;
			break;
		}
		for (v = tab + 1; *v != '\0'; v = *e != '\0' ? e + 1 : e) {
			e = v + strcspn(v, " ");
			if ((b = gen_char(v, (size_t)(e - v))) == USTR_BAD) {
				bad = 1;
				break;
			}
			uf_join(a, b);
		}
	}
	if (bad)
		fprintf(stderr, "%s:%ld: not a character, a TAB and characters\n",
		    path, lineno);
	else if (ferror(fp)) {
		perror(path);
		bad = 1;
	}
	free(line);
	fclose(fp);
	return bad ? -1 : 0;
}

static int
by_key(const void *a, const void *b)
{
	uint32_t	 x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	uint32_t	 kx = uf_find(x), ky = uf_find(y);

	if (kx != ky)
		return kx < ky ? -1 : 1;
	return x < y ? -1 : x > y;
}

/* The file name in path, which the table's comment names. */
static const char *
gen_base(const char *path)
{
	const char	*slash = strrchr(path, '/');

	return slash != NULL ? slash + 1 : path;
}

/* One C initializer: "{" n numbers "}", a dozen to a line. */
static void
gen_numbers(FILE *out, const uint32_t *v, size_t n)
{
	fputc('{', out);
	for (size_t i = 0; i < n; i++)
		fprintf(out, "%s%lu,", i % 12 == 0 ? "\n" : "",
		    (unsigned long)v[i]);
	fputs(n == 0 ? "0\n}" : "\n}", out);	/* C has no empty array */
}

/* The tables of the top of this file, from uf. */
struct gen_table {
	uint32_t	*page, *slot, *smp;
	size_t		 top, npage, nsmp;
};

/* The slot value of a character whose key is k (not itself), k above U+FFFF
 * taking a place in t->smp; -1 when there are too many of those. */
static long
gen_slot(struct gen_table *t, uint32_t k)
{
	size_t	 i;

	if (k < 0x10000)
		return (long)k;
	for (i = 0; i < t->nsmp && t->smp[i] != k; i++)
		;
	if (i == t->nsmp)
		t->smp[t->nsmp++] = k;
	return i < 0xE000 - FOLD_SMP ? (long)(FOLD_SMP + i) : -1;
}

/* Fill t for the code points below top << FOLD_SHIFT (above, every key is
 * the character itself): 0, or -1 after a message. */
static int
gen_pages(struct gen_table *t, size_t top)
{
	size_t	 page = (size_t)1 << FOLD_SHIFT;
	uint32_t cp;
	long	 v;

	t->top = top;
	t->page = xreallocarray(NULL, top + 1, sizeof *t->page);
	t->slot = xreallocarray(NULL, (top + 1) * page, sizeof *t->slot);
	t->smp = xreallocarray(NULL, top * page + 1, sizeof *t->smp);
	t->npage = 1;
	t->nsmp = 0;
	memset(t->slot, 0, page * sizeof *t->slot);	/* page 0 */
	for (size_t p = 0; p < top; p++) {
		t->page[p] = 0;
		for (cp = (uint32_t)(p * page); cp < (p + 1) * page; cp++) {
			if (uf_find(cp) == cp)
				continue;
			/* npage fits fold_page's uint16_t: top is at most
			 * 0x110000 >> FOLD_SHIFT. */
			if (t->page[p] == 0) {
				t->page[p] = (uint32_t)t->npage++;
				memset(t->slot + t->page[p] * page, 0,
				    page * sizeof *t->slot);
			}
			if ((v = gen_slot(t, uf_find(cp))) < 0) {
				fprintf(stderr, "too many keys above U+FFFF\n");
				return -1;
			}
			t->slot[t->page[p] * page + (cp & FOLD_MASK)] =
			    (uint32_t)v;
		}
	}
	return 0;
}

/* The generator's one entry point (src/ustr_fold-gen.c): 0, or -1 after a
 * message on stderr. */
int	ustr_fold_generate(FILE *out, const char *version, int ndump,
	    char **dump);

int
ustr_fold_generate(FILE *out, const char *version, int ndump, char **dump)
{
	struct gen_table t;
	uint32_t	*by, cp;
	size_t		 nby = 0, nkey, top = 0, i, run;

	uf = xreallocarray(NULL, 0x110000, sizeof *uf);
	for (cp = 0; cp < 0x110000; cp++)
		uf[cp] = cp;
	for (int d = 0; d < ndump; d++)
		if (gen_read(dump[d]) != 0)
			return -1;
	by = xreallocarray(NULL, 0x110000, sizeof *by);
	for (cp = 0; cp < 0x110000; cp++)
		if (uf_find(cp) != cp) {
			by[nby++] = cp;
			top = (cp >> FOLD_SHIFT) + 1;
		}
	if (gen_pages(&t, top) != 0)
		return -1;
	qsort(by, nby, sizeof *by, by_key);
	for (i = 0, nkey = 0; i < nby; i += run) {
		for (run = 1; i + run < nby &&
		    uf_find(by[i + run]) == uf_find(by[i]); run++)
			;
		if (run + 1 > USTR_FORMS_MAX) {
			fprintf(stderr, "U+%04X has %zu forms, over "
			    "USTR_FORMS_MAX\n", (unsigned)uf_find(by[i]),
			    run + 1);
			return -1;
		}
		nkey++;
	}
	fprintf(out, "/* Generated by build/ustr_fold-gen (src/ustr_fold.c) from "
	    "OpenCC %s:\n *", version);
	for (int d = 0; d < ndump; d++)
		fprintf(out, " %.*s", (int)strcspn(gen_base(dump[d]), "."),
		    gen_base(dump[d]));
	fprintf(out, ";\n * %zu characters in %zu classes; do not edit. */\n"
	    "#define FOLD_SOURCE\t\"OpenCC %s\"\n", nby + nkey, nkey, version);
	fputs("static const uint16_t fold_page[] = ", out);
	gen_numbers(out, t.page, t.top);
	fprintf(out, ";\nstatic const uint16_t fold_slot[%zu][1 << FOLD_SHIFT] "
	    "= {", t.npage);
	for (i = 0; i < t.npage; i++) {
		gen_numbers(out, t.slot + (i << FOLD_SHIFT), 1 << FOLD_SHIFT);
		fputc(',', out);
	}
	fputs("};\nstatic const uint32_t fold_smp[] = ", out);
	gen_numbers(out, t.smp, t.nsmp);
	fputs(";\nstatic const uint32_t fold_by_key[] = ", out);
	gen_numbers(out, by, nby);
	fputs(";\n", out);
	free(t.page);
	free(t.slot);
	free(t.smp);
	free(by);
	free(uf);
	return 0;
}
#endif /* USTR_FOLD_GENERATOR */
