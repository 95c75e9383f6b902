/* config: the settings, their values and where each came from.
 *
 * Data model: struct config holds one value per setting and, in from[],
 * the place (enum config_from) that gave it; config_set() takes a value
 * only from a place at least as high, so the order in which the places are
 * read does not matter. The settings table is the one list of names, value
 * parsers and value words: the config file, JUAN_OPTS, the command line
 * and the per-document memory all go through config_set(). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "convert.h"
#include "theme.h"
#include "util.h"

#define CONFIG_FILE_MAX	(64 * 1024)
#define WPM_MAX		100000

/* A parser sets its setting's field of c from value, or says why not; a
 * printer writes the field as a value the parser takes. */
typedef int	(*parse_fn)(struct config *c, const char *value);
typedef int	(*print_fn)(const struct config *c, char *buf, size_t size);

static int
parse_int(const char *s, long min, long max, long *out)
{
	char	*end;
	long	 v;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

/* yes/no, and the words people write for them. */
static int
parse_bool(const char *s)
{
	static const char *const yes[] = { "yes", "on", "true", "1" };
	static const char *const no[] = { "no", "off", "false", "0" };

	for (size_t i = 0; i < 4; i++) {
		if (strcmp(s, yes[i]) == 0)
			return 1;
		if (strcmp(s, no[i]) == 0)
			return 0;
	}
	return -1;
}

static int
set_width(struct config *c, const char *v)
{
	long	n;

	if (parse_int(v, 1, 10000, &n) != 0)
		return -1;
	c->width = (int)n;
	return 0;
}

static int
put_width(const struct config *c, char *buf, size_t size)
{
	return snprintf(buf, size, "%d", c->width);
}

static int
set_spacing(struct config *c, const char *v)
{
	if (strcmp(v, "auto") == 0)
		c->spacing = CONFIG_SPACING_AUTO;
	else if (strcmp(v, "0") == 0 || strcmp(v, "1") == 0)
		c->spacing = v[0] - '0';
	else
		return -1;
	return 0;
}

static int
put_spacing(const struct config *c, char *buf, size_t size)
{
	return c->spacing == CONFIG_SPACING_AUTO ? snprintf(buf, size, "auto") :
	    snprintf(buf, size, "%d", c->spacing);
}

static int
set_ambiguous(struct config *c, const char *v)
{
	if (strcmp(v, "auto") == 0)
		c->ambiguous = -1;
	else if (strcmp(v, "narrow") == 0)
		c->ambiguous = 0;
	else if (strcmp(v, "wide") == 0)
		c->ambiguous = 1;
	else
		return -1;
	return 0;
}

static int
put_ambiguous(const struct config *c, char *buf, size_t size)
{
	return snprintf(buf, size, "%s", c->ambiguous < 0 ? "auto" :
	    c->ambiguous ? "wide" : "narrow");
}

/* N, or N,M: CJK characters and English words a minute. */
static int
set_wpm(struct config *c, const char *v)
{
	char	 buf[32], *comma;
	long	 cjk, words;

	if (strlen(v) >= sizeof buf)
		return -1;
	strcpy(buf, v);
	if ((comma = strchr(buf, ',')) != NULL)
		*comma++ = '\0';
	if (parse_int(buf, 1, WPM_MAX, &cjk) != 0 ||
	    (comma != NULL && parse_int(comma, 1, WPM_MAX, &words) != 0))
		return -1;
	/* 400 CJK characters and 250 words take the same minute. */
	if (comma == NULL)
		words = cjk * 5 / 8 > 0 ? cjk * 5 / 8 : 1;
	c->cjk_per_min = (int)cjk;
	c->words_per_min = (int)words;
	return 0;
}

static int
put_wpm(const struct config *c, char *buf, size_t size)
{
	return snprintf(buf, size, "%d,%d", c->cjk_per_min, c->words_per_min);
}

/* The two-way settings: each sets one int field from parse_bool's words
 * and prints it as yes/no (or on/off, as its option says it). */
#define BOOL_SETTING(set, put, field, yes, no)			\
static int							\
set(struct config *c, const char *v)				\
{								\
	int	b = parse_bool(v);				\
								\
	if (b < 0)						\
		return -1;					\
	c->field = b;						\
	return 0;						\
}								\
static int							\
put(const struct config *c, char *buf, size_t size)		\
{								\
	return snprintf(buf, size, "%s", c->field ? yes : no);	\
}
BOOL_SETTING(set_indent, put_indent, indent, "yes", "no")
BOOL_SETTING(set_hang, put_hang, hang, "yes", "no")
BOOL_SETTING(set_glue, put_glue, glue_units, "yes", "no")
BOOL_SETTING(set_color, put_color, color, "yes", "no")
BOOL_SETTING(set_script_fold, put_script_fold, script_fold, "on", "off")
#undef BOOL_SETTING

/* The themes' names, by enum theme_id. */
static const char *const themes[] = { "auto", "dark", "light", "mono" };

static int
set_theme(struct config *c, const char *v)
{
	for (size_t i = 0; i < sizeof themes / sizeof themes[0]; i++)
		if (strcmp(v, themes[i]) == 0) {
			c->theme = (int)i;
			return 0;
		}
	return -1;
}

static int
put_theme(const struct config *c, char *buf, size_t size)
{
	return snprintf(buf, size, "%s", themes[c->theme]);
}

static int
set_convert(struct config *c, const char *v)
{
	int	mode = convert_mode_parse(v);

	if (mode < 0)
		return -1;
	c->convert = mode;
	return 0;
}

static int
put_convert(const struct config *c, char *buf, size_t size)
{
	return snprintf(buf, size, "%s", convert_mode_name(c->convert));
}

#define YES_NO	"yes or no"
static const struct {
	const char	*name;
	parse_fn	 parse;
	print_fn	 print;
	const char	*values;	/* what the value may be, for messages */
} settings[CONFIG_KEYS] = {
	[CONFIG_WIDTH] = { "width", set_width, put_width,
	    "a number from 1 to 10000" },
	[CONFIG_SPACING] = { "spacing", set_spacing, put_spacing,
	    "auto, 0 or 1" },
	[CONFIG_INDENT] = { "indent", set_indent, put_indent, YES_NO },
	[CONFIG_AMBIGUOUS] = { "ambiguous", set_ambiguous, put_ambiguous,
	    "auto, narrow or wide" },
	[CONFIG_HANG] = { "hang", set_hang, put_hang, YES_NO },
	[CONFIG_WPM] = { "wpm", set_wpm, put_wpm,
	    "N or N,M (characters, words a minute, 1 to 100000)" },
	[CONFIG_GLUE_UNITS] = { "glue-units", set_glue, put_glue, YES_NO },
	[CONFIG_COLOR] = { "color", set_color, put_color, YES_NO },
	[CONFIG_THEME] = { "theme", set_theme, put_theme,
	    "auto, dark, light or mono" },
	[CONFIG_CONVERT] = { "convert", set_convert, put_convert,
	    "off, t2s or s2t" },
	[CONFIG_SCRIPT_FOLD] = { "script-fold", set_script_fold,
	    put_script_fold, "on or off" },
};

void
config_init(struct config *c)
{
	memset(c, 0, sizeof *c);
	c->width = 80;
	c->spacing = CONFIG_SPACING_AUTO;
	c->indent = 1;
	c->ambiguous = -1;
	c->cjk_per_min = 400;
	c->words_per_min = 250;
	c->color = 1;
	c->theme = THEME_AUTO;
	c->convert = CONVERT_OFF;
	c->script_fold = 1;
}

const char *
config_name(int key)
{
	return key >= 0 && key < CONFIG_KEYS ? settings[key].name : NULL;
}

int
config_key(const char *name)
{
	for (int k = 0; k < CONFIG_KEYS; k++)
		if (strcmp(name, settings[k].name) == 0)
			return k;
	return -1;
}

const char *
config_values(int key)
{
	return key >= 0 && key < CONFIG_KEYS ? settings[key].values : NULL;
}

int
config_set(struct config *c, int from, const char *name, const char *value,
    char *err, size_t size)
{
	struct config	t = *c;
	int		k = config_key(name);

	if (k < 0) {
		snprintf(err, size, "unknown setting '%s'", name);
		return -2;
	}
	/* Checked even when a higher place overrides it: a typo in the
	 * config file is found the first time, not the day it matters. */
	if (settings[k].parse(&t, value) != 0) {
		snprintf(err, size, "'%s' is not %s", value, settings[k].values);
		return -1;
	}
	if (from < c->from[k])
		return 0;
	*c = t;
	c->from[k] = from;
	return 1;
}

size_t
config_format(const struct config *c, unsigned keys, char *buf, size_t size)
{
	char	v[64];
	size_t	n = 0;
	int	w;

	if (size > 0)
		buf[0] = '\0';
	for (int k = 0; k < CONFIG_KEYS; k++) {
		if (!(keys & (1u << k)))
			continue;
		settings[k].print(c, v, sizeof v);
		w = snprintf(buf + (n < size ? n : size), n < size ? size - n : 0,
		    "%s%s=%s", n > 0 ? " " : "", settings[k].name, v);
		n += w > 0 ? (size_t)w : 0;
	}
	return n;
}

unsigned
config_words(struct config *c, int from, const char *words)
{
	char		*copy = xstrdup(words), *w, *save = NULL, *eq, err[128];
	unsigned	 took = 0;

	for (w = strtok_r(copy, " \t", &save); w != NULL;
	    w = strtok_r(NULL, " \t", &save)) {
		if ((eq = strchr(w, '=')) == NULL)
			continue;
		*eq = '\0';
		if (config_set(c, from, w, eq + 1, err, sizeof err) == 1)
			took |= 1u << config_key(w);
	}
	free(copy);
	return took;
}

/* s[0..n) without white space at either end. */
static void
trim(const char **s, size_t *n)
{
	while (*n > 0 && (**s == ' ' || **s == '\t')) {
		(*s)++;
		(*n)--;
	}
	while (*n > 0 && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t' ||
	    (*s)[*n - 1] == '\r'))
		(*n)--;
}

/* One "key = value" line (trimmed, not a comment): 0, -1 with *err, or -2
 * for an unknown key (*unknown set to it). */
static int
parse_line(struct config *c, const char *s, size_t n, const char *where,
    char **err, char **unknown)
{
	const char	*eq = memchr(s, '=', n), *v;
	char		*key, *val, why[256];
	size_t		 kn, vn;
	int		 r;

	if (eq == NULL || eq == s) {
		*err = xasprintf("%s: '%.*s' is not 'setting = value'", where,
		    (int)(n > 40 ? 40 : n), s);
		return -1;
	}
	v = eq + 1;
	vn = n - (size_t)(v - s);
	kn = (size_t)(eq - s);
	trim(&s, &kn);
	trim(&v, &vn);
	key = xstrndup(s, kn);
	val = xstrndup(v, vn);
	r = config_set(c, CONFIG_FILE, key, val, why, sizeof why);
	if (r == -1)
		*err = xasprintf("%s: %s: %s", where, key, why);
	if (r == -2) {
		*unknown = key;
		key = NULL;
	}
	free(key);
	free(val);
	return r < 0 ? r : 0;
}

int
config_parse(struct config *c, const char *text, size_t len, const char *name,
    char **err, char **warn)
{
	const char	*p = text, *end = text + len, *nl;
	char		*unknown = NULL, *first = NULL, where[4200];
	size_t		 n, line = 0, nunknown = 0, first_line = 0;
	int		 r = 0;

	*err = *warn = NULL;
	if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;		/* saved by an editor that adds a BOM */
	for (; p < end && r == 0; p = nl != NULL ? nl + 1 : end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		n = nl != NULL ? (size_t)(nl - p) : (size_t)(end - p);
		line++;
		trim(&p, &n);
		if (n == 0 || *p == '#')
			continue;
		snprintf(where, sizeof where, "%s:%zu", name, line);
		if (parse_line(c, p, n, where, err, &unknown) == -1)
			r = -1;
		if (unknown != NULL && nunknown++ == 0) {
			first = unknown;
			first_line = line;
		} else
			free(unknown);
		unknown = NULL;
	}
	if (first != NULL && r == 0)
		*warn = xasprintf("%s:%zu: unknown setting '%s' ignored%s", name,
		    first_line, first, nunknown > 1 ? " (and others)" : "");
	free(first);
	return r;
}

char *
config_path(void)
{
	char	*dir = util_xdg_dir("XDG_CONFIG_HOME", ".config"), *path;

	if (dir == NULL)
		return NULL;
	path = xasprintf("%s/config", dir);
	free(dir);
	return path;
}

int
config_load(struct config *c, const char *path, char **err, char **warn)
{
	struct stat	 st;
	char		*buf;
	ssize_t		 got;
	size_t		 n = 0;
	int		 fd, r;

	*err = *warn = NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0 && errno == ENOENT)
		return 0;
	if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
	    st.st_size > CONFIG_FILE_MAX) {
		*err = xasprintf("%s: %s", path, fd < 0 ? strerror(errno) :
		    !S_ISREG(st.st_mode) ? "not a regular file" :
		    "larger than 64 KiB: not a config file");
		if (fd >= 0)
			close(fd);
		return -1;
	}
	buf = xmalloc((size_t)st.st_size + 1);
	while (n < (size_t)st.st_size &&
	    ((got = read(fd, buf + n, (size_t)st.st_size - n)) > 0 ||
	    (got < 0 && errno == EINTR)))
		n += got > 0 ? (size_t)got : 0;
	close(fd);
	r = config_parse(c, buf, n, path, err, warn);
	free(buf);
	return r;
}

char **
config_split(const char *argv0, const char *s, int *argc)
{
	char	**v = xcalloc(2, sizeof *v);
	size_t	  n = 1, k;

	v[0] = xstrdup(argv0);
	while (s != NULL && *s != '\0') {
		while (*s == ' ' || *s == '\t' || *s == '\n')
			s++;
		for (k = 0; s[k] != '\0' && s[k] != ' ' && s[k] != '\t' &&
		    s[k] != '\n'; k++)
			;
		if (k == 0)
			break;
		v = xreallocarray(v, n + 2, sizeof *v);
		v[n++] = xstrndup(s, k);
		v[n] = NULL;
		s += k;
	}
	*argc = (int)n;
	return v;
}

void
config_split_free(char **v)
{
	for (size_t i = 0; v != NULL && v[i] != NULL; i++)
		free(v[i]);
	free(v);
}
