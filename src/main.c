/* main: options, the choice of mode (pager, shelf, cat, --toc, --dump,
 * --grep, --bookmarks, --shelf --list, --stats), wiring of the modules, and exit codes: 0 success, 1 runtime
 * error, 2 usage error. Every error a user can cause is found here, before
 * the terminal is taken over, and reported as one sanitised line. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <langinfo.h>
#include <limits.h>
#include <locale.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "convert.h"
#include "doc.h"
#include "layout.h"
#include "marks.h"
#include "outline.h"
#include "search.h"
#include "shelf.h"
#include "status.h"
#include "ui.h"
#include "ustr.h"
#include "util.h"
#include "view.h"

#define JUAN_VERSION	"0.1.0"

enum {
	OPT_TOC = 256, OPT_DUMP, OPT_SECTION, OPT_AMBIGUOUS, OPT_ENCODING,
	OPT_HEADINGS, OPT_WPM, OPT_HANG, OPT_NO_INDENT, OPT_SPACING,
	OPT_GLUE, OPT_NO_RESUME, OPT_BOOKMARKS, OPT_SCRIPT_FOLD, OPT_SHELF, OPT_LIST,
	OPT_STATS, OPT_JSON, OPT_INDENT, OPT_COLOR, OPT_THEME, OPT_CONVERT,
	OPT_GREP,
};

static const struct option long_options[] = {
	{ "help",	no_argument,		NULL, 'h' },
	{ "version",	no_argument,		NULL, 'V' },
	{ "toc",	no_argument,		NULL, OPT_TOC },
	{ "dump",	no_argument,		NULL, OPT_DUMP },
	{ "grep",	required_argument,	NULL, OPT_GREP },
	{ "section",	required_argument,	NULL, OPT_SECTION },
	{ "width",	required_argument,	NULL, 'w' },
	{ "ambiguous",	required_argument,	NULL, OPT_AMBIGUOUS },
	{ "encoding",	required_argument,	NULL, OPT_ENCODING },
	{ "headings",	required_argument,	NULL, OPT_HEADINGS },
	{ "wpm",	required_argument,	NULL, OPT_WPM },
	{ "hang",	optional_argument,	NULL, OPT_HANG },
	{ "indent",	optional_argument,	NULL, OPT_INDENT },
	{ "no-indent",	no_argument,		NULL, OPT_NO_INDENT },
	{ "spacing",	required_argument,	NULL, OPT_SPACING },
	{ "glue-units",	optional_argument,	NULL, OPT_GLUE },
	{ "color",	optional_argument,	NULL, OPT_COLOR },
	{ "theme",	required_argument,	NULL, OPT_THEME },
	{ "convert",	required_argument,	NULL, OPT_CONVERT },
	{ "no-resume",	no_argument,		NULL, OPT_NO_RESUME },
	{ "search",	required_argument,	NULL, 'p' },
	{ "bookmarks",	no_argument,		NULL, OPT_BOOKMARKS },
	{ "script-fold", required_argument,	NULL, OPT_SCRIPT_FOLD },
	{ "shelf",	no_argument,		NULL, OPT_SHELF },
	{ "list",	no_argument,		NULL, OPT_LIST },
	{ "stats",	no_argument,		NULL, OPT_STATS },
	{ "json",	no_argument,		NULL, OPT_JSON },
	{ NULL, 0, NULL, 0 }
};

static const char usage_text[] =
"usage: juan [options] [FILE | -]\n"
"       juan --toc FILE | --dump [--width=N] [--section=N] [--convert=MODE] FILE\n"
"       juan --grep PATTERN [--width=N] FILE\n"
"       juan --bookmarks [FILE] | --shelf [--list] | --stats [--json]\n"
"\n"
"A terminal reader for long articles and books, Chinese and English.\n"
"With no FILE and a terminal on stdin, opens the shelf of the documents\n"
"read (the built-in guide when there are none yet); with a pipe on stdin,\n"
"reads it (keys come from the terminal). When standard output is not a\n"
"terminal, copies the input unchanged, like cat.\n"
"\n"
"Options:\n"
"  -h, --help             show this help and exit\n"
"  -V, --version          show the version and the library versions\n"
"      --toc              print the table of contents (LEVEL TAB LINE TAB TITLE)\n"
"      --dump             print the document laid out as the pager shows it\n"
"      --section=N        with --dump: only section N (numbered as by --toc)\n"
"      --grep=PATTERN     print every match (SECTION TAB LINE TAB CONTEXT, the\n"
"                         row holding it at --width) and exit: 0 if some, 1 if\n"
"                         none, 2 on error\n"
"  -w, --width=N          widest text column in cells (default 80)\n"
"      --ambiguous=MODE   width of \xe2\x80\x9c \xe2\x80\x9d \xe2\x80\x94 \xe2\x80\xa6 \xc2\xb7: auto (probe the terminal), narrow, wide\n"
"      --encoding=NAME    force an encoding: utf-8, gb18030, gbk, big5,\n"
"                         utf-16le, utf-16be, utf-32le, utf-32be\n"
"      --headings=REGEX   headings are the lines matching REGEX (POSIX ERE);\n"
"                         --headings=none: no sections\n"
"      --wpm=N[,M]        reading speed: N CJK characters, M English words a\n"
"                         minute (default: learned from your reading once\n"
"                         10 minutes are measured, else 400,250)\n"
"      --hang[=yes|no]    hang 、。，, . past the right margin\n"
"      --indent[=yes|no]  first-line indent for CJK paragraphs (default yes)\n"
"      --no-indent        the same as --indent=no\n"
"      --spacing=auto|0|1 a blank line between paragraphs: auto (where a\n"
"                         paragraph has no indent; the default), never, always\n"
"      --glue-units[=yes|no]  keep a number with its CJK unit (560\xe4\xba\xbf)\n"
"      --color[=yes|no]   colours (default yes; NO_COLOR also turns them off)\n"
"      --theme=THEME      auto (from COLORFGBG), dark, light or mono\n"
"      --convert=MODE     show the text converted with OpenCC's phrase\n"
"                         dictionaries: t2s (traditional to simplified), s2t\n"
"                         (simplified to traditional), off (the default)\n"
"      --no-resume        start at the top, not where you left off\n"
"  -p, --search=PATTERN   open at the first match of PATTERN (also +/PATTERN)\n"
"      --script-fold=MODE search finds simplified, traditional and variant\n"
"                         forms alike (\xe5\xae\x9d\xe7\x8e\x89 finds \xe5\xaf\xb6\xe7\x8e\x89): on (default), off\n"
"      --bookmarks        print saved bookmarks (PATH TAB NAME TAB PERCENT TAB\n"
"                         SECTION) of every document, or of FILE, and exit\n"
"      --shelf            open the shelf: the documents read, newest first\n"
"      --list             with --shelf: print it (PATH TAB TITLE TAB PERCENT TAB\n"
"                         SECTION TAB LAST_READ_ISO8601) and exit\n"
"      --stats            print reading statistics and the learned pace\n"
"      --json             with --stats: as JSON\n"
"\n"
"Settings: width, spacing, indent, ambiguous, hang, wpm, glue-units,\n"
"color, theme, convert and script-fold are also read from\n"
"$XDG_CONFIG_HOME/juan/config, as lines 'name = value' (width = 60), and as\n"
"options from JUAN_OPTS; JUAN_OPTS overrides the file, the command line both.\n"
"\n"
"Keys: h or F1 in the pager lists them; see juan(1).\n";

struct args {
	int		 toc, dump, bookmarks, shelf, list, stats, json;
	long		 section;
	const char	*grep;		/* --grep's pattern */
	struct config	 cfg;		/* the settings, from all their places */
	char		*config_warning;	/* unknown settings in the file */
	struct ui_opts	 ui;
	struct doc_opts	 doc;
	const char	*path;
};

static void
usage_error(const char *fmt, const char *what)
{
	char	safe[512];

	ustr_sanitize(what, strlen(what), safe, sizeof safe);
	fprintf(stderr, "juan: ");
	fprintf(stderr, fmt, safe);
	fprintf(stderr, "\nTry 'juan --help' for more information.\n");
	exit(2);
}

static long
parse_number(const char *s, long min, long max, const char *opt)
{
	char	*end;
	long	 v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < min || v > max)
		usage_error("invalid number for %s", opt);
	return v;
}

/* A setting given as an option (or JUAN_AMBIGUOUS): config checks the
 * value, and keeps it unless a higher place has set it. src names the
 * place in a message: "--width", "JUAN_OPTS: --width". */
static void
set_option(struct args *a, int from, const char *src, const char *name,
    const char *value)
{
	char	why[256], msg[512];

	if (config_set(&a->cfg, from, name, value, why, sizeof why) >= 0)
		return;
	snprintf(msg, sizeof msg, "%s: %s", src, why);
	usage_error("%s", msg);
}

static void
print_version(void)
{
	printf("juan %s\n%s, %s, ncursesw %s\n", JUAN_VERSION, ustr_versions(),
	    search_version(), ui_curses_version());
}

/* A setting among the options (c; the long option's index i): 1 if c is
 * one. A yes/no setting given without a value is yes. */
static int
parse_setting(int c, int i, const char *src, int from, struct args *a)
{
	switch (c) {
	case 'w':
		set_option(a, from, src, "width", optarg);
		return 1;
	case OPT_AMBIGUOUS:
	case OPT_WPM:
	case OPT_SPACING:
	case OPT_HANG:
	case OPT_INDENT:
	case OPT_GLUE:
	case OPT_COLOR:
	case OPT_THEME:
	case OPT_CONVERT:
	case OPT_SCRIPT_FOLD:
		/* The setting's name is the option's. */
		set_option(a, from, src, long_options[i].name,
		    optarg != NULL ? optarg : "yes");
		return 1;
	case OPT_NO_INDENT:
		set_option(a, from, src, "indent", "no");
		return 1;
	default:
		return 0;
	}
}

/* One option getopt_long returned (c; the long option's index i, or -1),
 * from the command line or JUAN_OPTS (env says "JUAN_OPTS: " in
 * messages, from says which: enum config_from), into a. */
static void
parse_option(int c, int i, const char *env, char **argv, int from,
    struct args *a)
{
	char	src[64];

	if (i >= 0)
		snprintf(src, sizeof src, "%s--%s", env, long_options[i].name);
	else
		snprintf(src, sizeof src, "%s-%c", env, c);
	if (parse_setting(c, i, src, from, a))
		return;
	switch (c) {
	case 'h':
		fputs(usage_text, stdout);
		exit(0);
	case 'V':
		print_version();
		exit(0);
	case OPT_TOC:
		a->toc = 1;
		break;
	case OPT_DUMP:
		a->dump = 1;
		break;
	case OPT_GREP:
		a->grep = optarg;
		break;
	case OPT_SECTION:
		a->section = parse_number(optarg, 1, LONG_MAX, "--section");
		break;
	case OPT_ENCODING:
		a->doc.encoding = optarg;
		break;
	case OPT_HEADINGS:
		a->doc.headings = optarg;
		break;
	case OPT_NO_RESUME:
		a->ui.no_resume = 1;
		break;
	case 'p':
		a->ui.search = optarg;
		break;
	case OPT_BOOKMARKS:
		a->bookmarks = 1;
		break;
	case OPT_SHELF:
		a->shelf = 1;
		break;
	case OPT_LIST:
		a->list = 1;
		break;
	case OPT_STATS:
		a->stats = 1;
		break;
	case OPT_JSON:
		a->json = 1;
		break;
	case ':':
		snprintf(src, sizeof src, "%s%s", env, argv[optind - 1]);
		usage_error("option %s needs a value", src);
		break;
	default:
		snprintf(src, sizeof src, "%s%s", env, argv[optind - 1]);
		usage_error("unknown option %s", src);
	}
}

/* The options of argv[1..argc), from the command line or JUAN_OPTS. */
static void
parse_opts(struct args *a, int argc, char **argv, int from)
{
	const char	*env = from == CONFIG_ENV ? "JUAN_OPTS: " : "";
	int		 c, i;

	opterr = 0;	/* our own messages: "juan: ...", not argv[0] */
	optind = 0;	/* glibc: start afresh for the second list */
	for (;;) {
		i = -1;	/* stays so for a short option */
		if ((c = getopt_long(argc, argv, ":hVw:p:", long_options, &i)) == -1)
			break;
		parse_option(c, i, env, argv, from, a);
	}
	if (from == CONFIG_ENV && optind < argc)
		usage_error("JUAN_OPTS: '%s' is not an option", argv[optind]);
}

/* less's +/PATTERN, taken out of argv before getopt sees it: the new argc. */
static int
take_plus_search(int argc, char **argv, struct args *a)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strncmp(argv[i], "+/", 2) == 0) {
			a->ui.search = argv[i] + 2;
			memmove(argv + i, argv + i + 1, (size_t)(argc - i) * sizeof *argv);
			argc--;
			i--;
		}
	}
	return argc;
}

/* Settings from the file, under JUAN_OPTS and the command line. Read
 * after them, so that --help and --version work with a broken file. */
static void
read_config(struct args *a)
{
	char	*path = config_path(), *err = NULL, *warn = NULL, msg[1024];
	int	 bad = path != NULL && config_load(&a->cfg, path, &err, &warn) != 0;

	if (bad)
		snprintf(msg, sizeof msg, "%s", err);
	free(err);
	free(path);
	if (bad)
		usage_error("%s", msg);
	a->config_warning = warn;
}

/* The settings, as the pager takes them. A reading speed no place gave
 * is 0: the learned pace, or the defaults. */
static void
settings_to_ui(struct args *a)
{
	int	wpm = a->cfg.from[CONFIG_WPM] != CONFIG_DEFAULT;

	a->ui.width = a->cfg.width;
	a->ui.para_spacing = a->cfg.spacing;
	a->ui.indent = a->cfg.indent;
	a->ui.ambiguous = a->cfg.ambiguous;
	a->ui.hang = a->cfg.hang;
	a->ui.cjk_per_min = wpm ? a->cfg.cjk_per_min : 0;
	a->ui.words_per_min = wpm ? a->cfg.words_per_min : 0;
	a->ui.glue_num_unit = a->cfg.glue_units;
	a->ui.color = a->cfg.color;
	a->ui.theme = a->cfg.theme;
	a->ui.convert = a->cfg.convert;
	for (int k = 0; k < CONFIG_KEYS; k++)
		if (a->cfg.from[k] == CONFIG_CMDLINE)
			a->ui.fixed |= 1u << k;
	a->ui.lang = status_lang_from(getenv("LC_ALL"), getenv("LC_MESSAGES"),
	    getenv("LANG"));
}

/* The options that go together, and those that do not. */
static void
check_args(const struct args *a)
{
	if (a->section != 0 && !a->dump)
		usage_error("%s needs --dump", "--section");
	if (a->toc + a->dump + a->bookmarks + a->shelf + a->stats +
	    (a->grep != NULL) > 1)
		usage_error("%s: choose one",
		    "--toc, --dump, --grep, --bookmarks, --shelf, --stats");
	if (a->list && !a->shelf)
		usage_error("%s needs --shelf", "--list");
	if (a->json && !a->stats)
		usage_error("%s needs --stats", "--json");
	if ((a->shelf || a->stats) && a->path != NULL)
		usage_error("%s takes no FILE", a->shelf ? "--shelf" : "--stats");
	if (a->ui.search != NULL && *a->ui.search == '\0')
		usage_error("empty search pattern%s", "");
}

/* JUAN_OPTS' words: strings taken from them (a search pattern, an
 * encoding) live until main returns. */
static char	**env_words;

static void
parse_args(int argc, char **argv, struct args *a)
{
	const char	*env;
	int		 n;

	memset(a, 0, sizeof *a);
	config_init(&a->cfg);
	a->ui.tty_fd = -1;
	a->doc.markdown = -1;
	if ((env = getenv("JUAN_AMBIGUOUS")) != NULL && *env != '\0')
		set_option(a, CONFIG_ENV, "JUAN_AMBIGUOUS", "ambiguous", env);
	env_words = config_split(argv[0], getenv("JUAN_OPTS"), &n);
	parse_opts(a, n, env_words, CONFIG_ENV);
	argc = take_plus_search(argc, argv, a);
	parse_opts(a, argc, argv, CONFIG_CMDLINE);
	if (optind < argc)
		a->path = argv[optind++];
	if (optind < argc)
		usage_error("too many arguments: %s", argv[optind]);
	check_args(a);
	read_config(a);
	settings_to_ui(a);
}

/* One line "juan: NAME: reason" with the name made safe for the terminal. */
static void
report(const char *name, const char *reason)
{
	char	safe[1024];

	ustr_sanitize(name, strlen(name), safe, sizeof safe);
	fprintf(stderr, "juan: %s: %s\n", safe, reason);
}

/* A warning about the config file, on stderr. */
static void
report_warning(struct args *a)
{
	char	safe[1024];

	ustr_sanitize(a->config_warning, strlen(a->config_warning), safe,
	    sizeof safe);
	fprintf(stderr, "juan: %s\n", safe);
	free(a->config_warning);
	a->config_warning = NULL;
}

/* stdout is not a terminal: copy the input byte for byte, like cat and less. */
static int
run_cat(const char *path)
{
	static char	 buf[1 << 16];
	struct stat	 st;
	int		 fd = STDIN_FILENO;
	ssize_t		 n;

	if (path != NULL && strcmp(path, "-") != 0) {
		fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
		if (fd < 0) {
			report(path, strerror(errno));
			return 1;
		}
		if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
			report(path, strerror(EISDIR));
			close(fd);
			return 1;
		}
		fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	}
	for (;;) {
		n = read(fd, buf, sizeof buf);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			report(path != NULL ? path : "stdin", strerror(errno));
			return 1;
		}
		if (n == 0)
			break;
		if (util_write_all(STDOUT_FILENO, buf, (size_t)n) != 0)
			exit(errno == EPIPE ? 0 : 1);
	}
	if (fd != STDIN_FILENO)
		close(fd);
	return 0;
}

static struct doc *
open_doc(struct args *a, const char *path)
{
	struct doc	*doc;
	char		*cause = NULL;

	doc = doc_open(path, &a->doc, &cause);
	if (doc == NULL) {
		ui_unprepare();
		/* No cause: q while the pager waited for input. */
		if (cause == NULL && a->doc.wait != NULL)
			exit(0);
		fprintf(stderr, "juan: %s\n", cause != NULL ? cause : "cannot open");
		free(cause);
		exit(1);
	}
	return doc;
}

/* Input over the spool cap or a read error found by the scan: one line, and
 * the caller exits 1 rather than print a partial result. */
static int
scan_failed(struct doc *doc)
{
	const char	*err = doc_error(doc);

	if (err == NULL)
		return 0;
	fprintf(stderr, "juan: %s\n", err);
	doc_free(doc);
	return 1;
}

static int
run_toc(struct args *a)
{
	struct doc		*doc = open_doc(a, a->path);
	const struct outline	*o;
	char			 safe[4096];

	doc_scan_wait(doc);
	if (scan_failed(doc))
		return 1;
	o = doc_outline(doc);
	for (size_t i = 0; o != NULL && i < outline_count(o); i++) {
		const struct outline_section *s = outline_get(o, i);

		ustr_sanitize(s->title, strlen(s->title), safe, sizeof safe);
		printf("%d\t%zu\t%s\n", s->level, s->lineno, safe);
	}
	doc_free(doc);
	return fflush(stdout) == 0 ? 0 : 1;
}

static int
dump_width(const struct args *a)
{
	struct winsize	 ws;
	const char	*cols;
	long		 v;

	if (a->cfg.from[CONFIG_WIDTH] != CONFIG_DEFAULT)
		return a->cfg.width;
	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 &&
	    ws.ws_col > 0)
		return ws.ws_col;
	if ((cols = getenv("COLUMNS")) != NULL && (v = atol(cols)) > 0 && v < 10000)
		return (int)v;
	return 80;
}

/* The layout of --dump and --grep: the settings at dump_width(). */
static void
dump_layout_opts(const struct args *a, struct layout_opts *lo)
{
	memset(lo, 0, sizeof *lo);
	lo->width = dump_width(a);
	lo->indent = a->ui.indent;
	lo->hang = a->ui.hang;
	lo->glue_num_unit = a->ui.glue_num_unit;
	lo->para_spacing = a->ui.para_spacing;
}

/* The converter of --convert (NULL: off), or an exit 1 when OpenCC
 * cannot give it: said before anything is shown. */
static struct convert *
open_convert(const struct args *a)
{
	struct convert	*c;
	char		 err[512];

	if (a->ui.convert == CONVERT_OFF)
		return NULL;
	if ((c = convert_get(a->ui.convert, err, sizeof err)) == NULL) {
		report("--convert", err);
		exit(1);
	}
	return c;
}

static int
run_dump(struct args *a)
{
	struct convert		*conv = open_convert(a);
	struct doc		*doc = open_doc(a, a->path);
	const struct outline	*o;
	struct layout		*lay;
	struct layout_opts	 lo;
	size_t			 from = 0, to;

	if (a->ui.ambiguous == 1)
		ustr_set_ambiguous_wide(1);
	doc_scan_wait(doc);
	if (scan_failed(doc))
		return 1;
	to = doc_len(doc);
	if (a->section > 0) {
		o = doc_outline(doc);
		if (o == NULL || (size_t)a->section > outline_count(o)) {
			fprintf(stderr, "juan: no section %ld (the document has %zu)\n",
			    a->section, o != NULL ? outline_count(o) : 0);
			doc_free(doc);
			return 1;
		}
		from = outline_get(o, (size_t)a->section - 1)->off;
		to = outline_get(o, (size_t)a->section - 1)->end;
	}
	dump_layout_opts(a, &lo);
	lo.convert = conv;
	lay = layout_new(doc, &lo);
	layout_dump(lay, from, to, stdout);
	layout_free(lay);
	doc_free(doc);
	return fflush(stdout) == 0 ? 0 : 1;
}

/* --grep's lines for the matches the count has kept from *seen on. */
static void
grep_print(struct search *s, struct doc *doc, struct layout *lay, int lang,
    int width, struct view_match_cache *c, size_t *seen)
{
	const struct outline	*o = doc_outline(doc);
	size_t			 offs[1024], n, i, hl_off, hl_len;
	char			 sec[1024], ctx[4096];
	unsigned		 gen;

	while ((n = search_list(s, *seen, offs, 1024, &gen)) > 0) {
		for (i = 0; i < n; i++) {
			view_section_name(o, offs[i], lang, sec, sizeof sec);
			view_match_context(lay, doc, s, c, offs[i], width, ctx,
			    sizeof ctx, &hl_off, &hl_len);
			printf("%s\t%zu\t%s\n", sec, doc_lineno(doc, offs[i]),
			    ctx);
		}
		*seen += n;
	}
}

/* --grep: every match as the list of matches (F) shows it, found by the
 * same count; like grep, 0 with matches, 1 without, 2 on an error. */
static int
run_grep(struct args *a)
{
	struct timespec	 nap = { 0, 1000000 };
	struct view_match_cache cache = { 0 };
	struct doc	*doc;
	struct search	*s;
	struct layout	*lay;
	struct layout_opts lo;
	char		*cause = NULL;
	size_t		 seen = 0, total;
	int		 done;

	if (a->ui.ambiguous == 1)
		ustr_set_ambiguous_wide(1);
	if ((doc = doc_open(a->path, &a->doc, &cause)) == NULL) {
		fprintf(stderr, "juan: %s\n", cause != NULL ? cause : "cannot open");
		free(cause);
		return 2;
	}
	doc_scan_wait(doc);
	if (scan_failed(doc))
		return 2;
	if ((s = search_new(a->grep, strlen(a->grep), 0, &cause)) == NULL) {
		fprintf(stderr, "juan: --grep: %s\n", cause);
		free(cause);
		doc_free(doc);
		return 2;
	}
	dump_layout_opts(a, &lo);
	lay = layout_new(doc, &lo);
	search_list_start(s, doc);
	do {
		done = search_count(s, &total);
		grep_print(s, doc, lay, a->ui.lang, lo.width, &cache, &seen);
		if (!done)
			nanosleep(&nap, NULL);
	} while (!done || seen < total);
	view_match_cache_free(&cache);
	search_free(s);
	layout_free(lay);
	doc_free(doc);
	return fflush(stdout) != 0 || done < 0 ? 2 : seen > 0 ? 0 : 1;
}

/* The marks for a listing: a state file that cannot be read is one line
 * on stderr (the listing then says less than it should). NULL with no
 * state directory, also said. */
static struct marks *
listing_marks(char **dir)
{
	struct marks	*m;
	char		*cause = NULL, safe[4096];

	if ((*dir = marks_state_dir(&cause)) == NULL) {
		fprintf(stderr, "juan: %s\n", cause);
		free(cause);
		return NULL;
	}
	m = marks_new(*dir);
	if (marks_load(m, &cause) != 0 && cause != NULL) {
		ustr_sanitize(cause, strlen(cause), safe, sizeof safe);
		fprintf(stderr, "juan: %s\n", safe);
	}
	free(cause);
	return m;
}

static int
run_bookmarks(struct args *a)
{
	struct marks	*m;
	char		*dir;
	const char	*fp = NULL;
	struct doc	*doc = NULL;
	char		 path[4096], name[1024], sec[1024];
	int		 status;

	if ((m = listing_marks(&dir)) == NULL)
		return 1;
	if (a->path != NULL) {
		doc = open_doc(a, a->path);
		doc_scan_wait(doc);
		fp = doc_fingerprint(doc);
	}
	for (size_t i = 0; i < marks_size(m, MARKS_ALL); i++) {
		const struct mark *k = marks_all_get(m, i);

		if (fp != NULL && strcmp(k->fp, fp) != 0)
			continue;
		ustr_sanitize(k->path, strlen(k->path), path, sizeof path);
		ustr_sanitize(k->name, strlen(k->name), name, sizeof name);
		ustr_sanitize(k->section, strlen(k->section), sec, sizeof sec);
		printf("%s\t%s\t%.0f%%\t%s\n", path, name, k->percent, sec);
	}
	/* A state file that could not be read lists nothing: a failure, not
	 * an empty list. */
	status = marks_complete(m) ? 0 : 1;
	doc_free(doc);
	marks_free(m);
	free(dir);
	return fflush(stdout) == 0 ? status : 1;
}

/* The built-in guide: the installed copy, or the one beside the binary. */
static const char *
builtin_article(void)
{
	static char	 path[PATH_MAX + 64];
	char		 exe[PATH_MAX];
	ssize_t		 n;
	char		*slash;

	snprintf(path, sizeof path, "%s/juan-guide.txt", JUAN_DATADIR);
	if (access(path, R_OK) == 0)
		return path;
	n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		if ((slash = strrchr(exe, '/')) != NULL)
			*slash = '\0';
		snprintf(path, sizeof path, "%s/data/juan-guide.txt", exe);
		if (access(path, R_OK) == 0)
			return path;
	}
	return "data/juan-guide.txt";
}

/* Dates in Chinese when the messages' locale is Chinese: LC_ALL, then
 * LC_MESSAGES, then LANG, the first one set (POSIX's order). */
static int
lang_zh(void)
{
	static const char *const vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };
	const char	*v;

	for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++)
		if ((v = getenv(vars[i])) != NULL && *v != '\0')
			return strncmp(v, "zh", 2) == 0;
	return 0;
}

/* What every shelf is made with: the guide, which is no document, the
 * home shown as ~, --wpm, now and the language. */
static void
shelf_options(const struct args *a, struct shelf_opts *so)
{
	memset(so, 0, sizeof *so);
	so->guide = builtin_article();
	so->home = getenv("HOME");
	so->cjk_per_min = a->ui.cjk_per_min;
	so->words_per_min = a->ui.words_per_min;
	so->now = time(NULL);
	so->zh = lang_zh();
}

/* --shelf --list and --stats. */
static int
run_listing(struct args *a)
{
	struct shelf_opts	 so;
	struct shelf		*sh;
	struct marks		*m;
	char			*dir;
	int			 status;

	if ((m = listing_marks(&dir)) == NULL)
		return 1;
	shelf_options(a, &so);
	sh = shelf_new(m, &so);
	status = (a->stats ? shelf_print_stats(sh, m, a->json, stdout) :
	    shelf_print_list(sh, stdout)) != 0 || !marks_complete(m);
	shelf_free(sh);
	marks_free(m);
	free(dir);
	return fflush(stdout) == 0 ? status : 1;
}

static int
run_pager(struct args *a)
{
	const char		*term = getenv("TERM");
	const char		*path = a->path;
	struct doc		*doc = NULL;
	struct shelf_opts	 so;
	char			*dir, *cause = NULL;
	int			 status, shelf;

	if (term == NULL || *term == '\0' || strcmp(term, "dumb") == 0) {
		fprintf(stderr, "juan: this terminal (TERM=%s) cannot show a pager; "
		    "redirect the output to read the text as is\n",
		    term == NULL ? "unset" : strcmp(term, "dumb") == 0 ? "dumb" : "");
		return 1;
	}
	/* No file and a terminal on stdin: the shelf (the guide when it is
	 * empty), as with --shelf, which takes no input. */
	shelf = a->shelf || (path == NULL && isatty(STDIN_FILENO));
	if (path != NULL && strcmp(path, "-") == 0 && isatty(STDIN_FILENO)) {
		fprintf(stderr, "juan: -: standard input is the terminal; "
		    "give a FILE or pipe text in\n");
		return 1;
	}
	if (!isatty(STDIN_FILENO) && (shelf || path == NULL ||
	    strcmp(path, "-") == 0)) {
		a->ui.tty_fd = open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY);
		if (a->ui.tty_fd < 0) {
			if (shelf)
				return run_listing(a);
			/* No terminal to take keys from: behave like cat. */
			return run_cat(path);
		}
	}
	open_convert(a);	/* kept open for the view (convert_get) */
	ui_prepare(&a->ui);
	a->doc.defer_scan = 1;	/* ui_run starts it after the first screen */
	a->doc.wait = ui_wait_input;	/* a silent pipe: say so, q quits */
	a->doc.wait_arg = &a->ui;
	if (!shelf)
		doc = open_doc(a, path);
	if ((dir = marks_state_dir(&cause)) == NULL) {
		a->ui.state_warning = cause;	/* shown once in the status line */
		cause = NULL;
	}
	/* The one message the status line shows first. */
	if (a->ui.state_warning != NULL && a->config_warning != NULL)
		report_warning(a);
	else if (a->config_warning != NULL) {
		a->ui.state_warning = a->config_warning;
		a->config_warning = NULL;
	}
	shelf_options(a, &so);
	a->ui.state_dir = dir;
	a->ui.shelf = &so;
	a->ui.doc_opts = &a->doc;
	a->ui.shelf_always = a->shelf;
	status = ui_run(doc, &a->ui);
	free(dir);
	free((char *)a->ui.state_warning);
	if (a->ui.tty_fd >= 0)
		close(a->ui.tty_fd);
	return status;
}

int
main(int argc, char **argv)
{
	struct args	a;
	int		status;

	/* Only the character type matters to juan (its messages are English,
	 * its numbers plain): loading the other categories cost 0.15 ms of
	 * each start. ncursesw draws wide characters only under a UTF-8
	 * LC_CTYPE; juan's text is always UTF-8 inside, whatever the file's
	 * encoding. */
	setlocale(LC_CTYPE, "");
	if (strcmp(nl_langinfo(CODESET), "UTF-8") != 0)
		setlocale(LC_CTYPE, "C.UTF-8");
	signal(SIGPIPE, SIG_IGN);
#ifdef M_MMAP_THRESHOLD
	/* Blocks of 4 MiB and more are mapped, and unmapped when freed. By
	 * default glibc raises this threshold to the size of the first large
	 * block freed (the scan's table of heading candidates, 16 MB for a
	 * 1 GB book) and keeps later blocks in the scan thread's heap, whose
	 * free top it never trims: 5 MB of a 1 GB book's 14 stayed resident
	 * after the scan. Smaller blocks (a 1 MiB read buffer per search
	 * step) still come from the heap. */
	mallopt(M_MMAP_THRESHOLD, 4 << 20);
#endif
	/* Under `ulimit -f`, a bookmark save must fail with EFBIG, not kill us. */
	signal(SIGXFSZ, SIG_IGN);
	util_set_die_hook(ui_emergency_restore);
	parse_args(argc, argv, &a);
	ustr_set_script_fold(a.cfg.script_fold);
	/* Only the pager shows the warning in its status line. */
	if (a.config_warning != NULL && (a.bookmarks || a.stats || a.toc ||
	    a.dump || a.grep != NULL || !isatty(STDOUT_FILENO)))
		report_warning(&a);
	if (a.bookmarks)
		status = run_bookmarks(&a);
	else if (a.stats || (a.shelf && (a.list || !isatty(STDOUT_FILENO))))
		status = run_listing(&a);
	else if (a.toc)
		status = run_toc(&a);
	else if (a.dump)
		status = run_dump(&a);
	else if (a.grep != NULL)
		status = run_grep(&a);
	else if (!isatty(STDOUT_FILENO))
		status = run_cat(a.path);
	else
		status = run_pager(&a);
	config_split_free(env_words);
	return status;
}
