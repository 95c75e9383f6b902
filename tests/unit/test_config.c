/* Tests for config: the file format, every value and every error message,
 * the warning about unknown settings, the precedence of the places a value
 * comes from (config file < JUAN_OPTS < the document's own < command line),
 * the file's path and JUAN_OPTS' words. */
#include "testutil.h"

#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "convert.h"
#include "theme.h"

static int
parse(struct config *c, const char *text, char **err, char **warn)
{
	config_init(c);
	return config_parse(c, text, strlen(text), "config", err, warn);
}

static void
test_defaults(void **state)
{
	struct config	c;

	(void)state;
	config_init(&c);
	assert_int_equal(c.width, 80);
	assert_int_equal(c.spacing, CONFIG_SPACING_AUTO);
	assert_int_equal(c.indent, 1);
	assert_int_equal(c.ambiguous, -1);
	assert_int_equal(c.hang, 0);
	assert_int_equal(c.cjk_per_min, 400);
	assert_int_equal(c.words_per_min, 250);
	assert_int_equal(c.glue_units, 0);
	assert_int_equal(c.color, 1);
	assert_int_equal(c.theme, THEME_AUTO);
	assert_int_equal(c.convert, CONVERT_OFF);
	assert_int_equal(c.script_fold, 1);
	for (int k = 0; k < CONFIG_KEYS; k++) {
		assert_int_equal(c.from[k], CONFIG_DEFAULT);
		assert_int_equal(config_key(config_name(k)), k);
		assert_non_null(config_values(k));
	}
	assert_null(config_name(CONFIG_KEYS));
	assert_int_equal(config_key("colour"), -1);
}

static void
test_parse_file(void **state)
{
	struct config	 c;
	char		*err, *warn;

	(void)state;
	assert_int_equal(parse(&c,
	    "\xef\xbb\xbf# juan's settings\n"
	    "\n"
	    "width = 60\n"
	    "  spacing=1\r\n"
	    "\tindent =\tno  \n"
	    "ambiguous = wide\n"
	    "hang = yes\n"
	    "wpm = 300,200\n"
	    "glue-units = on\n"
	    "color = off\n"
	    "theme = mono\n"
	    "convert = s2t\n"
	    "script-fold = off\n"
	    "   # an indented comment\n"
	    "width = 64", &err, &warn), 0);
	assert_null(err);
	assert_null(warn);
	/* The last line without a newline counts; a later line wins. */
	assert_int_equal(c.width, 64);
	assert_int_equal(c.spacing, 1);
	assert_int_equal(c.indent, 0);
	assert_int_equal(c.ambiguous, 1);
	assert_int_equal(c.hang, 1);
	assert_int_equal(c.cjk_per_min, 300);
	assert_int_equal(c.words_per_min, 200);
	assert_int_equal(c.glue_units, 1);
	assert_int_equal(c.color, 0);
	assert_int_equal(c.theme, THEME_MONO);
	assert_int_equal(c.convert, CONVERT_S2T);
	assert_int_equal(c.script_fold, 0);
	for (int k = 0; k < CONFIG_KEYS; k++)
		assert_int_equal(c.from[k], CONFIG_FILE);
	/* wpm N alone: words at 5/8 of it. */
	assert_int_equal(parse(&c, "wpm = 800\nspacing = auto\n", &err, &warn), 0);
	assert_int_equal(c.words_per_min, 500);
	assert_int_equal(c.spacing, CONFIG_SPACING_AUTO);
	assert_int_equal(parse(&c, "", &err, &warn), 0);
	assert_int_equal(c.from[CONFIG_WIDTH], CONFIG_DEFAULT);
}

static void
error_is(const char *text, const char *want)
{
	struct config	 c;
	char		*err, *warn;

	assert_int_equal(parse(&c, text, &err, &warn), -1);
	assert_non_null(err);
	assert_string_equal(err, want);
	assert_null(strchr(err, '\n'));
	free(err);
	free(warn);
}

/* A bad value: one line naming the file, the line and the setting. */
static void
test_errors(void **state)
{
	(void)state;
	error_is("# c\nwidth = 6x\n",
	    "config:2: width: '6x' is not a number from 1 to 10000");
	error_is("width = 0", "config:1: width: '0' is not a number from 1 to 10000");
	error_is("width = 10001",
	    "config:1: width: '10001' is not a number from 1 to 10000");
	error_is("width = -5",
	    "config:1: width: '-5' is not a number from 1 to 10000");
	error_is("width =", "config:1: width: '' is not a number from 1 to 10000");
	error_is("spacing = 2", "config:1: spacing: '2' is not auto, 0 or 1");
	error_is("\n\nindent = maybe", "config:3: indent: 'maybe' is not yes or no");
	error_is("ambiguous = half",
	    "config:1: ambiguous: 'half' is not auto, narrow or wide");
	error_is("hang = Yes", "config:1: hang: 'Yes' is not yes or no");
	error_is("wpm = 0", "config:1: wpm: '0' is not N or N,M (characters, "
	    "words a minute, 1 to 100000)");
	error_is("wpm = 300,", "config:1: wpm: '300,' is not N or N,M "
	    "(characters, words a minute, 1 to 100000)");
	error_is("glue-units = 2", "config:1: glue-units: '2' is not yes or no");
	error_is("color = never", "config:1: color: 'never' is not yes or no");
	error_is("script-fold = maybe",
	    "config:1: script-fold: 'maybe' is not on or off");
	error_is("theme = blue",
	    "config:1: theme: 'blue' is not auto, dark, light or mono");
	error_is("convert = t2t",
	    "config:1: convert: 't2t' is not off, t2s or s2t");
	error_is("width 60", "config:1: 'width 60' is not 'setting = value'");
	error_is("= 60", "config:1: '= 60' is not 'setting = value'");
}

/* Unknown settings: skipped, and one warning for all of them. */
static void
test_unknown(void **state)
{
	struct config	 c;
	char		*err, *warn;

	(void)state;
	assert_int_equal(parse(&c, "colour = no\nwidth = 70\n", &err, &warn), 0);
	assert_null(err);
	assert_string_equal(warn, "config:1: unknown setting 'colour' ignored");
	assert_int_equal(c.width, 70);
	free(warn);
	assert_int_equal(parse(&c, "width = 70\nfoo = 1\nbar = 2\nbaz = 3\n",
	    &err, &warn), 0);
	assert_string_equal(warn,
	    "config:2: unknown setting 'foo' ignored (and others)");
	free(warn);
	/* A bad value after an unknown setting: the error, alone. */
	error_is("foo = 1\nwidth = x\n",
	    "config:2: width: 'x' is not a number from 1 to 10000");
}

static int
set(struct config *c, int from, const char *name, const char *value)
{
	char	err[256];

	return config_set(c, from, name, value, err, sizeof err);
}

/* config file < JUAN_OPTS < the document's own < command line, in
 * whatever order they are read. */
static void
test_precedence(void **state)
{
	struct config	 c;
	char		 err[256], *ferr, *fwarn;
	const char	*file = "hang = no\nindent = yes\nwidth = 66\n";

	(void)state;
	config_init(&c);
	assert_int_equal(set(&c, CONFIG_CMDLINE, "width", "50"), 1);
	assert_int_equal(set(&c, CONFIG_ENV, "width", "60"), 0);
	assert_int_equal(set(&c, CONFIG_FILE, "width", "70"), 0);
	assert_int_equal(c.width, 50);
	assert_int_equal(c.from[CONFIG_WIDTH], CONFIG_CMDLINE);

	config_init(&c);
	assert_int_equal(set(&c, CONFIG_FILE, "spacing", "0"), 1);
	assert_int_equal(c.spacing, 0);
	assert_int_equal(set(&c, CONFIG_ENV, "spacing", "1"), 1);
	assert_int_equal(c.spacing, 1);
	assert_int_equal(set(&c, CONFIG_DOC, "spacing", "auto"), 1);
	assert_int_equal(c.spacing, CONFIG_SPACING_AUTO);
	assert_int_equal(set(&c, CONFIG_CMDLINE, "spacing", "0"), 1);
	assert_int_equal(set(&c, CONFIG_DOC, "spacing", "1"), 0);
	assert_int_equal(c.spacing, 0);

	/* The file, then JUAN_OPTS, then the command line, as main reads. */
	config_init(&c);
	assert_int_equal(set(&c, CONFIG_ENV, "hang", "yes"), 1);
	assert_int_equal(set(&c, CONFIG_CMDLINE, "indent", "no"), 1);
	assert_int_equal(config_parse(&c, file, strlen(file), "config", &ferr,
	    &fwarn), 0);
	assert_int_equal(c.hang, 1);
	assert_int_equal(c.indent, 0);
	assert_int_equal(c.width, 66);

	/* A bad value is an error even where a higher place overrides it. */
	config_init(&c);
	assert_int_equal(set(&c, CONFIG_CMDLINE, "width", "50"), 1);
	assert_int_equal(config_set(&c, CONFIG_FILE, "width", "wide", err,
	    sizeof err), -1);
	assert_string_equal(err, "'wide' is not a number from 1 to 10000");
	assert_int_equal(config_set(&c, CONFIG_FILE, "widht", "5", err,
	    sizeof err), -2);
	assert_string_equal(err, "unknown setting 'widht'");
	assert_int_equal(c.width, 50);
}

/* A document's remembered settings: words config_format() writes and
 * config_words() reads back, under the command line's. */
static void
test_words(void **state)
{
	struct config	c, d;
	char		buf[256];
	unsigned	all = (1u << CONFIG_KEYS) - 1;
	size_t		n;

	(void)state;
	config_init(&c);
	n = config_format(&c, (1u << CONFIG_WIDTH) | (1u << CONFIG_SPACING),
	    buf, sizeof buf);
	assert_string_equal(buf, "width=80 spacing=auto");
	assert_int_equal(n, strlen(buf));
	assert_int_equal(config_format(&c, 0, buf, sizeof buf), 0);
	assert_string_equal(buf, "");
	/* Every setting, changed, survives the trip. */
	set(&c, CONFIG_FILE, "width", "61");
	set(&c, CONFIG_FILE, "spacing", "1");
	set(&c, CONFIG_FILE, "indent", "no");
	set(&c, CONFIG_FILE, "ambiguous", "wide");
	set(&c, CONFIG_FILE, "hang", "yes");
	set(&c, CONFIG_FILE, "wpm", "300,200");
	set(&c, CONFIG_FILE, "glue-units", "yes");
	set(&c, CONFIG_FILE, "color", "no");
	set(&c, CONFIG_FILE, "theme", "light");
	set(&c, CONFIG_FILE, "convert", "t2s");
	set(&c, CONFIG_FILE, "script-fold", "off");
	config_format(&c, all, buf, sizeof buf);
	assert_string_equal(buf, "width=61 spacing=1 indent=no ambiguous=wide "
	    "hang=yes wpm=300,200 glue-units=yes color=no theme=light "
	    "convert=t2s script-fold=off");
	config_init(&d);
	assert_int_equal(config_words(&d, CONFIG_DOC, buf), all);
	for (int k = 0; k < CONFIG_KEYS; k++)
		d.from[k] = c.from[k];
	assert_memory_equal(&c, &d, sizeof c);
	/* Bad or unknown words are skipped; the command line stays. */
	config_init(&d);
	set(&d, CONFIG_CMDLINE, "width", "50");
	assert_int_equal(config_words(&d, CONFIG_DOC,
	    "width=60 spacing=7 font=big junk indent=no"), 1u << CONFIG_INDENT);
	assert_int_equal(d.width, 50);
	assert_int_equal(d.spacing, CONFIG_SPACING_AUTO);
	assert_int_equal(d.indent, 0);
	/* Cut short, like snprintf. */
	assert_int_equal(config_format(&c, all, buf, 8), strlen("width=61 spacing=1 "
	    "indent=no ambiguous=wide hang=yes wpm=300,200 glue-units=yes "
	    "color=no theme=light convert=t2s script-fold=off"));
	assert_string_equal(buf, "width=6");
}

static void
test_split(void **state)
{
	char	**v;
	int	  n;

	(void)state;
	v = config_split("juan", "  --width=60\t--spacing=1 \n -w 50 ", &n);
	assert_int_equal(n, 5);
	assert_string_equal(v[0], "juan");
	assert_string_equal(v[1], "--width=60");
	assert_string_equal(v[2], "--spacing=1");
	assert_string_equal(v[3], "-w");
	assert_string_equal(v[4], "50");
	assert_null(v[5]);
	config_split_free(v);
	v = config_split("juan", "", &n);
	assert_int_equal(n, 1);
	assert_null(v[1]);
	config_split_free(v);
	v = config_split("juan", NULL, &n);
	assert_int_equal(n, 1);
	config_split_free(v);
}

static void
test_path(void **state)
{
	char	*p;

	(void)state;
	setenv("XDG_CONFIG_HOME", "/tmp/xdg", 1);
	p = config_path();
	assert_string_equal(p, "/tmp/xdg/juan/config");
	free(p);
	/* The XDG spec: a relative value is ignored. */
	setenv("XDG_CONFIG_HOME", "rel", 1);
	setenv("HOME", "/home/reader", 1);
	p = config_path();
	assert_string_equal(p, "/home/reader/.config/juan/config");
	free(p);
	unsetenv("XDG_CONFIG_HOME");
	p = config_path();
	assert_string_equal(p, "/home/reader/.config/juan/config");
	free(p);
}

static void
test_load(void **state)
{
	struct config	 c;
	char		 dir[] = "/tmp/juan-config.XXXXXX", path[64], *err, *warn;
	FILE		*f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/config", dir);
	config_init(&c);
	/* No file: the defaults, no error. */
	assert_int_equal(config_load(&c, path, &err, &warn), 0);
	assert_null(err);
	f = fopen(path, "w");
	fputs("width = 72\nfoo = bar\n", f);
	fclose(f);
	assert_int_equal(config_load(&c, path, &err, &warn), 0);
	assert_int_equal(c.width, 72);
	assert_non_null(strstr(warn, "/config:2: unknown setting 'foo'"));
	free(warn);
	f = fopen(path, "w");
	fputs("width = 72\nspacing = 3\n", f);
	fclose(f);
	assert_int_equal(config_load(&c, path, &err, &warn), -1);
	assert_non_null(strstr(err, "/config:2: spacing: '3' is not auto, 0 or 1"));
	free(err);
	/* Too large to be a config file. */
	f = fopen(path, "w");
	for (int i = 0; i < 70000; i++)
		fputc('#', f);
	fclose(f);
	assert_int_equal(config_load(&c, path, &err, &warn), -1);
	assert_non_null(strstr(err, "larger than 64 KiB"));
	free(err);
	unlink(path);
	/* A directory in its place. */
	assert_int_equal(mkdir(path, 0700), 0);
	assert_int_equal(config_load(&c, path, &err, &warn), -1);
	assert_non_null(strstr(err, "not a regular file"));
	free(err);
	rmdir(path);
	rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_parse_file),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_unknown),
		cmocka_unit_test(test_precedence),
		cmocka_unit_test(test_words),
		cmocka_unit_test(test_split),
		cmocka_unit_test(test_path),
		cmocka_unit_test(test_load),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
