/* Fuzz target for ustr: decoding, repair, widths, clusters, breaks, folding
 * and the display sanitiser, on arbitrary bytes. The first byte picks the
 * options (ambiguous policy, rule 8, case and script folding); every
 * property violated aborts. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unilbrk.h>

#include "ustr.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define CHECK(x)	do { if (!(x)) abort(); } while (0)

/* A code point that must never reach the terminal raw. */
static int
dangerous(uint32_t cp)
{
	return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) ||
	    (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) ||
	    cp == 0x200E || cp == 0x200F || cp == 0x061C || cp == 0x2028 ||
	    cp == 0x2029 || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF;
}

static void
check_decode_show(const char *s, size_t n)
{
	size_t		 i = 0, l, w = 0;
	uint32_t	 cp, c2;
	char		 buf[16];
	int		 cols;

	while (i < n) {
		l = ustr_decode(s + i, n - i, &cp);
		CHECK(l >= 1 && l <= 4 && l <= n - i);
		enum ustr_show k = ustr_show(cp, buf, &cols);
		CHECK(cols >= 0 && cols == ustr_width(cp));
		w += (size_t)cols;
		switch (k) {
		case USTR_SHOW_TEXT:
			CHECK(buf[0] != '\0');
			CHECK(ustr_decode(buf, strlen(buf), &c2) ==
			    strlen(buf));
			CHECK(!dangerous(c2));
			break;
		case USTR_SHOW_NOTATION:
			CHECK(strlen(buf) == (size_t)cols);
			for (const char *p = buf; *p; p++)
				CHECK(*p > 0x20 && *p < 0x7F);
			break;
		case USTR_SHOW_SPACES:
			CHECK(strspn(buf, " ") == (size_t)cols);
			break;
		case USTR_SHOW_NOTHING:
			CHECK(cols == 0 && buf[0] == '\0');
			break;
		}
		i += l;
	}
	CHECK(ustr_strwidth(s, n) == w);
}

static void
check_repair(const char *s, size_t n, char *r)
{
	size_t		 i = 0, changed = 0;
	uint32_t	 cp;

	memcpy(r, s, n);
	size_t bad = ustr_repair(r, n);
	/* Counting sees the ill-formed bytes repairing replaced. */
	CHECK(ustr_count_invalid(s, n) == bad);
	for (i = 0; i < n; i++)
		if (r[i] != s[i]) {
			CHECK(r[i] == USTR_SUB);
			changed++;
		}
	CHECK(changed <= bad);
	for (i = 0; i < n; ) {
		i += ustr_decode(r + i, n - i, &cp);
		CHECK(cp != USTR_BAD);
	}
	CHECK(ustr_repair(r, n) == 0);
}

static int
alnum(uint32_t c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z');
}

static int
unit(uint32_t c)
{
	static const uint32_t u[] = { 0x5341, 0x767E, 0x5343, 0x4E07, 0x4EBF,
	    0x5146, 0x5104, 0x842C, 0x5E74, 0x6708, 0x65E5, 0x53F7, 0x65F6,
	    0x5206, 0x79D2, 0x4E2A, 0x5143, 0x500D, 0x5186, 0x6210 };

	for (size_t i = 0; i < sizeof u / sizeof u[0]; i++)
		if (u[i] == c)
			return 1;
	return 0;
}

/* WRAPPING.md §4 done the slow, obvious way: UAX #14 over the whole text,
 * then rules 2-8 (and §10's U+3000) at each cluster start. ustr_breaks must
 * agree with it on text without joins, whatever its fast paths do. */
static void
reference_breaks(const char *s, size_t n, int glue, char *ref)
{
	char		*u = malloc(n);
	size_t		 pos = 0, end;
	uint32_t	 a2 = 0, a = 0, nb = 0, c;
	int		 mand = 0;

	CHECK(u != NULL);
	u8_possible_linebreaks((const uint8_t *)s, n, "UTF-8", u);
	memset(ref, 0, n);
	for (; pos < n; pos = end) {
		end = ustr_cluster_end(s, n, pos);
		ustr_decode(s + pos, n - pos, &c);
		if (c == USTR_BAD)
			c = USTR_SUB;
		if (pos > 0) {
			/* a mandatory break is marked on CR, FF, NEL...:
			 * juan breaks after them */
			int ok = u[pos] == UC_BREAK_POSSIBLE ||
			    u[pos] == UC_BREAK_HYPHENATION || mand;
			if ((a == USTR_SUB || c == USTR_SUB) &&
			    !ustr_is_space(a) && !ustr_is_space(c))
				ok = 1;
			if (((c == 0x201C || c == 0x2018) && ustr_is_cjk(a)) ||
			    ((a == 0x201D || a == 0x2019) && ustr_is_cjk(c)))
				ok = 1;
			/* rule 4 looks through ASCII spaces */
			if (ustr_is_no_start(c) || ustr_is_no_end(nb) ||
			    c == 0x3000)
				ok = 0;
			if (a == c && (a == 0x2014 || a == 0x2015 ||
			    a == 0x2026 || a == 0x22EF || a == 0x2025))
				ok = 0;
			if (alnum(a) && alnum(c))
				ok = 0;
			if ((a == '.' || a == ',' || a == ':' || a == ';') &&
			    alnum(c) && alnum(a2))
				ok = 0;
			if (glue && ((a >= '0' && a <= '9') ||
			    (a >= 0xFF10 && a <= 0xFF19)) && unit(c))
				ok = 0;
			ref[pos] = (char)ok;
		}
		mand = u[pos] == UC_BREAK_MANDATORY;
		a2 = a;
		a = c;
		if (c != ' ')
			nb = c;
	}
	free(u);
}

/* Clusters tile the text; breaks fall only on their starts. */
static void
check_clusters_breaks(const char *s, size_t n, int glue)
{
	struct ustr_break_opts o = { glue };
	char	*brk = malloc(n ? n : 1), *start = calloc(n ? n : 1, 1);
	size_t	 pos, end, q;

	CHECK(brk != NULL && start != NULL);
	for (pos = 0; pos < n; pos = end) {
		end = ustr_cluster_end(s, n, pos);
		CHECK(end > pos && end <= n && end - pos <= 2 * 256 + 4);
		start[pos] = 1;
	}
	/* walking back finds the same clusters as walking forward */
	for (q = 1; q < n; q += 1 + q / 64) {
		size_t b = ustr_cluster_start(s, n, q);
		CHECK(b <= q && start[b] && ustr_cluster_end(s, n, b) > q);
	}
	memset(brk, 2, n);
	ustr_breaks(s, n, &o, brk);
	for (pos = 0; pos < n; pos++) {
		CHECK(brk[pos] == 0 || brk[pos] == 1);
		CHECK(!brk[pos] || (pos > 0 && start[pos]));
	}
	if (n > 0 && memchr(s, '\n', n) == NULL) {
		reference_breaks(s, n, glue, start);
		CHECK(memcmp(brk, start, n) == 0);
	}
	free(start);
	free(brk);
}

static void
check_fold(const char *s, size_t n, int casefold)
{
	size_t		 len, *map, k;
	uint32_t	 cp;
	char		*f = ustr_fold(s, n, casefold, &len, &map);

	CHECK(f[len] == '\0' && map[len] == n);
	for (k = 0; k < len; k++) {
		CHECK(map[k] < n);
		CHECK(k == 0 || map[k] >= map[k - 1]);
		CHECK(s[map[k]] != '\n');
	}
	for (k = 0; k < len; ) {
		k += ustr_decode(f + k, len - k, &cp);
		CHECK(cp != USTR_BAD && cp != USTR_SUB && cp != '\n');
	}
	free(map);
	free(f);
	ustr_has_upper(s, n);
}

static void
check_sanitize(const char *s, size_t n)
{
	size_t		 need = ustr_sanitize(s, n, NULL, 0), got, i;
	char		*out = malloc(need + 1);
	char		 small[7];
	uint32_t	 cp;

	CHECK(out != NULL);
	got = ustr_sanitize(s, n, out, need + 1);
	CHECK(got == need && strlen(out) == need);
	for (i = 0; i < need; ) {
		i += ustr_decode(out + i, need - i, &cp);
		CHECK(cp != USTR_BAD && !dangerous(cp));
	}
	CHECK(ustr_sanitize(s, n, small, sizeof small) == need);
	CHECK(strlen(small) < sizeof small);
	CHECK(strncmp(small, out, strlen(small)) == 0);
	free(out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char	*s = (const char *)data;
	char		*r;
	int		 opt = size > 0 ? data[0] : 0;

	ustr_set_ambiguous_wide(opt & 1);
	ustr_set_script_fold((opt & 8) != 0);
	r = malloc(size ? size : 1);
	CHECK(r != NULL);
	check_decode_show(s, size);
	check_repair(s, size, r);
	check_clusters_breaks(s, size, opt & 2);
	check_clusters_breaks(r, size, opt & 2);
	check_fold(s, size, opt & 4);
	check_fold(r, size, !(opt & 4));
	check_sanitize(s, size);
	free(r);
	ustr_set_ambiguous_wide(0);
	ustr_set_script_fold(0);
	return 0;
}
