/* search_rx: POSIX ERE on the folded text (see search.c). glibc's regcomp
 * and regexec have costs no pattern length bounds, so a pattern is checked
 * and rewritten before regcomp, and a paragraph is matched in windows of
 * RX_WIN folded bytes (regexec cannot be interrupted). */
#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "search.h"
#include "search_int.h"
#include "util.h"

static int
is_rx_meta(char c)
{
	return strchr(".[]()*+?{}|^$\\", c) != NULL && c != '\0';
}
/* glibc's regcomp copies a subexpression for each + and {m,n} applied to
 * it, so stacked repetitions (a+++…, ((a+)+)+) grow it exponentially (48
 * bytes of pattern took 24 GB). Estimate the compiled size first: a piece
 * costs its atom's size times its repetition counts. */
#define RX_COST_MAX	100000

static size_t	rx_alt(const char **, size_t);

/* Just past the bracket expression that starts at p ('['), with its
 * [:class:], [.coll.] and [=equiv=] parts; or at the end of the string. */
static const char *
rx_bracket_end(const char *p)
{
	const char	*c;

	p++;
	if (*p == '^')
		p++;
	if (*p == ']')
		p++;
	while (*p != '\0' && *p != ']')
		p += p[0] == '[' && (p[1] == ':' || p[1] == '.' ||
		    p[1] == '=') && (c = strchr(p + 2, ']')) != NULL ?
		    (size_t)(c - p) + 1 : 1;
	return *p == ']' ? p + 1 : p;
}

static size_t
rx_mul(size_t a, size_t b)
{
	return a > RX_COST_MAX || b > RX_COST_MAX || a * b > RX_COST_MAX ?
	    RX_COST_MAX + 1 : a * b;
}

static size_t
rx_seq(const char **pp, size_t depth)
{
	const char	*p = *pp;
	size_t		 total = 0, atom, m;

	/* An unmatched ')' is a literal for glibc: only a group ends at one. */
	while (*p != '\0' && *p != '|' && (*p != ')' || depth == 0)) {
		atom = 1;
		if (*p == '(') {
			p++;
			atom = depth > 64 ? RX_COST_MAX + 1 : rx_alt(&p, depth + 1);
			if (*p == ')')
				p++;
		} else if (*p == '[') {
			p = rx_bracket_end(p);
		} else if (*p == '\\' && p[1] != '\0')
			p += 2;
		else
			p++;
		for (;;) {
			if (*p == '*' || *p == '?')
				p++;
			else if (*p == '+') {
				atom = rx_mul(atom, 2);
				p++;
			} else if (*p == '{') {
				m = 0;
				for (p++; *p != '\0' && *p != '}'; p++)
					if (*p >= '0' && *p <= '9')
						m = m > RX_COST_MAX ? m :
						    m * 10 + (size_t)(*p - '0');
				if (*p == '}')
					p++;
				atom = rx_mul(atom, m + 1);
			} else
				break;
		}
		total += atom;
		if (total > RX_COST_MAX)
			break;
	}
	*pp = p;
	return total;
}

static size_t
rx_alt(const char **pp, size_t depth)
{
	size_t	 total = rx_seq(pp, depth);

	while (**pp == '|' && total <= RX_COST_MAX) {
		(*pp)++;
		total += rx_seq(pp, depth);
	}
	return total;
}

/* Stacked *, + and ? (a+*, a**+) mean one of them, but glibc's regcomp
 * computes closures over every level (80 bytes of them took 13 s): rewrite
 * each run as the one operator it means, in place. */
static void
rx_collapse(char *rx)
{
	char		*w = rx, *p = rx, op;
	const char	*e;

	while (*p != '\0') {
		if (*p == '\\' && p[1] != '\0') {
			*w++ = *p++;
			*w++ = *p++;
		} else if (*p == '[') {
			/* A bracket expression is copied whole. */
			e = rx_bracket_end(p);
			while (p < e)
				*w++ = *p++;
		} else if (strchr("*+?", *p) != NULL && w > rx &&
		    strchr("*+?", w[-1]) != NULL &&
		    !(w - rx >= 2 && w[-2] == '\\')) {
			op = w[-1] == *p ? *p : '*';
			w[-1] = op;
			p++;
		} else
			*w++ = *p++;
	}
	*w = '\0';
}


/* Compile the folded key (s->key) as an ERE into s->re; pat is the pattern
 * as typed and map the key's source offsets in it. Returns 0, or -1 with
 * *cause set (caller frees). */
int
search_rx_compile(struct search *s, const char *pat, const size_t *map,
    char **cause)
{
	const char	*f = s->key;
	size_t		 i, fl = s->keylen;
	char		*rx, *p, err[256];
	int		 r;

	/* A character that folds to an ERE operator (（ to '(') is still
	 * meant literally. */
	rx = p = xmalloc(2 * fl + 1);
	for (i = 0; i < fl; i++) {
		if (is_rx_meta(f[i]) && (unsigned char)pat[map[i]] >= 0x80)
			*p++ = '\\';
		*p++ = f[i];
	}
	*p = '\0';
	rx_collapse(rx);
	p = rx;
	if (rx_alt((const char **)&p, 0) > RX_COST_MAX) {
		free(rx);
		*cause = xstrdup("regular expression too complex");
		return -1;
	}
	r = regcomp(&s->re, rx, REG_EXTENDED | (s->casefold ? REG_ICASE : 0));
	free(rx);
	if (r != 0) {
		regerror(r, &s->re, err, sizeof err);
		*cause = xasprintf("bad regular expression: %s", err);
		return -1;
	}
	return 0;
}

/* Leftmost regex match in the folded window [k, min(end, k + RX_WIN)). */
int
search_rx_window(struct search *s, const char *f, size_t flen, size_t k,
    size_t *mk, size_t *me)
{
	regmatch_t	 pm;
	size_t		 end = flen - k > RX_WIN ? k + RX_WIN : flen;
	int		 fl = REG_STARTEND;

	if (k > 0)
		fl |= REG_NOTBOL;
	if (end < flen)
		fl |= REG_NOTEOL;
	pm.rm_so = (regoff_t)k;
	pm.rm_eo = (regoff_t)end;
	if (regexec(&s->re, f, 1, &pm, fl) != 0)
		return 0;
	*mk = (size_t)pm.rm_so;
	*me = (size_t)pm.rm_eo;
	return 1;
}
