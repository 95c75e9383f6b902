/* convert: OpenCC's conversion laid over the original bytes (convert.h).
 *
 * A paragraph goes to OpenCC whole, its joins left out and its control
 * characters as spaces (OpenCC stops at a NUL), so that its phrase
 * segmentation sees the text as the reader does. Its dictionaries keep the
 * number of characters, so the result is laid over the original character
 * by character (overlay). Should the count differ, the runs of Han
 * characters are converted one by one (convert_runs).
 *
 * The library is opened with dlopen() under the name it had when juan was
 * built (CONVERT_OPENCC_LIB, its soname, from the Makefile). */
#include <dlfcn.h>
#include <opencc/opencc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "convert.h"
#include "ustr.h"
#include "util.h"

#ifndef CONVERT_OPENCC_LIB
#define CONVERT_OPENCC_LIB	"libopencc.so.1.1"
#endif

static const char *const mode_names[CONVERT_MODES] = { "off", "t2s", "s2t" };
static const char *const mode_configs[CONVERT_MODES] = {
	NULL, "t2s.json", "s2t.json"
};

/* libopencc's C API, found at the first conversion. */
static struct {
	void		*handle;
	opencc_t	(*open)(const char *);
	int		(*close)(opencc_t);
	char		*(*convert)(opencc_t, const char *, size_t);
	void		(*release)(char *);
	const char	*(*error)(void);
} lib;

struct convert {
	opencc_t	 cc;
	char		*in;		/* what OpenCC is given */
	size_t		 in_cap;
};

const char *
convert_mode_name(int mode)
{
	return mode >= 0 && mode < CONVERT_MODES ? mode_names[mode] : NULL;
}

int
convert_mode_parse(const char *name)
{
	for (int m = 0; m < CONVERT_MODES; m++)
		if (strcmp(name, mode_names[m]) == 0)
			return m;
	return -1;
}

static int
lib_load(char *err, size_t size)
{
	void	*h;

	if (lib.handle != NULL)
		return 0;
	if ((h = dlopen(CONVERT_OPENCC_LIB, RTLD_NOW | RTLD_LOCAL)) == NULL) {
		snprintf(err, size, "cannot load OpenCC: %s", dlerror());
		return -1;
	}
	/* POSIX's way from a data pointer to a function pointer. */
	*(void **)&lib.open = dlsym(h, "opencc_open");
	*(void **)&lib.close = dlsym(h, "opencc_close");
	*(void **)&lib.convert = dlsym(h, "opencc_convert_utf8");
	*(void **)&lib.release = dlsym(h, "opencc_convert_utf8_free");
	*(void **)&lib.error = dlsym(h, "opencc_error");
	if (lib.open == NULL || lib.close == NULL || lib.convert == NULL ||
	    lib.release == NULL || lib.error == NULL) {
		snprintf(err, size, "cannot load OpenCC: %s lacks its C API",
		    CONVERT_OPENCC_LIB);
		dlclose(h);
		return -1;
	}
	lib.handle = h;
	return 0;
}

struct convert *
convert_open(const char *config, char *err, size_t size)
{
	struct convert	*c;
	opencc_t	 cc;

	if (lib_load(err, size) != 0)
		return NULL;
	if ((cc = lib.open(config)) == (opencc_t)-1) {
		snprintf(err, size, "OpenCC's %s: %s", config, lib.error());
		return NULL;
	}
	c = xcalloc(1, sizeof *c);
	c->cc = cc;
	return c;
}

void
convert_free(struct convert *c)
{
	if (c == NULL)
		return;
	lib.close(c->cc);
	free(c->in);
	free(c);
}

struct convert *
convert_get(int mode, char *err, size_t size)
{
	static struct convert	*open[CONVERT_MODES];

	if (mode <= CONVERT_OFF || mode >= CONVERT_MODES)
		return NULL;
	if (open[mode] == NULL)
		open[mode] = convert_open(mode_configs[mode], err, size);
	return open[mode];
}

/* A control character reaches OpenCC as a space, and stays as written. */
static int
is_control(const char *s)
{
	return (unsigned char)*s < 0x20;
}

/* text[0..n) as OpenCC is given it, in c->in (NUL-terminated); returns its
 * length. */
static size_t
gather(struct convert *c, const char *text, size_t n)
{
	size_t	i, len = 0;

	if (c->in_cap < n + 1) {
		c->in_cap = n + 1;
		c->in = xrealloc(c->in, c->in_cap);
	}
	for (i = 0; i < n; i++) {
		if (text[i] == '\n')
			continue;
		c->in[len++] = is_control(text + i) ? ' ' : text[i];
	}
	c->in[len] = '\0';
	return len;
}

/* Lay conv[0..m), the conversion of text[0..n) without its joins, over
 * out[0..n) (a copy of text) character by character: 1, or 0 when the
 * counts differ (out partly written). */
static int
overlay(const char *text, size_t n, const char *conv, size_t m, char *out)
{
	size_t		i, j = 0, k, kc;
	uint32_t	cp;

	for (i = 0; i < n; i += k) {
		if (text[i] == '\n') {
			k = 1;
			continue;
		}
		k = ustr_decode(text + i, n - i, &cp);
		if (j >= m)
			return 0;
		kc = ustr_decode(conv + j, m - j, &cp);
		if (kc <= k && !is_control(text + i)) {
			memcpy(out + i, conv + j, kc);
			memset(out + i + kc, '\n', k - kc);
		}
		j += kc;
	}
	return j == m;
}

/* The end of the run of Han characters (and joins between them) that
 * starts at text[a]; a itself when none starts there. */
static size_t
han_run(const char *text, size_t n, size_t a)
{
	size_t		i = a, end = a;
	uint32_t	cp;

	while (i < n) {
		if (text[i] == '\n') {
			i++;
			continue;
		}
		i += ustr_decode(text + i, n - i, &cp);
		if (!ustr_is_han(cp))
			break;
		end = i;
	}
	return end;
}

/* One run converted alone: laid over character by character, else over
 * the run's bytes as a whole when it fits, else left as written. */
static void
convert_run(struct convert *c, const char *text, size_t n, char *out)
{
	size_t	 m, len = gather(c, text, n);
	char	*r = lib.convert(c->cc, c->in, len);

	if (r == NULL)
		return;
	m = strlen(r);
	if (!overlay(text, n, r, m, out)) {
		memcpy(out, text, n);
		if (m <= n) {
			memcpy(out, r, m);
			memset(out + m, '\n', n - m);
		}
	}
	lib.release(r);
}

static void
convert_runs(struct convert *c, const char *text, size_t n, char *out)
{
	size_t		i = 0, end;
	uint32_t	cp;

	memcpy(out, text, n);
	while (i < n) {
		if ((end = han_run(text, n, i)) > i) {
			convert_run(c, text + i, end - i, out + i);
			i = end;
		} else
			i += ustr_decode(text + i, n - i, &cp);
	}
}

static int
has_non_ascii(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x80)
			return 1;
	return 0;
}

void
convert_text(struct convert *c, const char *text, size_t n, char *out)
{
	size_t	 m, len;
	char	*r;

	memcpy(out, text, n);
	if (c == NULL || !has_non_ascii(text, n))
		return;		/* OpenCC changes no ASCII */
	len = gather(c, text, n);
	if ((r = lib.convert(c->cc, c->in, len)) == NULL)
		return;
	m = strlen(r);
	if (!overlay(text, n, r, m, out))
		convert_runs(c, text, n, out);
	lib.release(r);
}
