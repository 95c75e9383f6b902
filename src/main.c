/* main: options, the choice of mode (pager, cat, --toc, --dump,
 * --bookmarks), wiring of the modules, and exit codes: 0 success, 1 runtime
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
#include <unistd.h>

#include "doc.h"
#include "layout.h"
#include "marks.h"
#include "outline.h"
#include "search.h"
#include "ui.h"
#include "ustr.h"
#include "util.h"

#define JUAN_VERSION	"0.1.0"

enum {
	OPT_TOC = 256, OPT_DUMP, OPT_SECTION, OPT_AMBIGUOUS, OPT_ENCODING,
	OPT_HEADINGS, OPT_WPM, OPT_HANG, OPT_NO_INDENT, OPT_SPACING,
	OPT_GLUE, OPT_NO_RESUME, OPT_BOOKMARKS, OPT_SCRIPT_FOLD,
};

static const struct option long_options[] = {
	{ "help",	no_argument,		NULL, 'h' },
	{ "version",	no_argument,		NULL, 'V' },
	{ "toc",	no_argument,		NULL, OPT_TOC },
	{ "dump",	no_argument,		NULL, OPT_DUMP },
	{ "section",	required_argument,	NULL, OPT_SECTION },
	{ "width",	required_argument,	NULL, 'w' },
	{ "ambiguous",	required_argument,	NULL, OPT_AMBIGUOUS },
	{ "encoding",	required_argument,	NULL, OPT_ENCODING },
	{ "headings",	required_argument,	NULL, OPT_HEADINGS },
	{ "wpm",	required_argument,	NULL, OPT_WPM },
	{ "hang",	no_argument,		NULL, OPT_HANG },
	{ "no-indent",	no_argument,		NULL, OPT_NO_INDENT },
	{ "spacing",	required_argument,	NULL, OPT_SPACING },
	{ "glue-units",	no_argument,		NULL, OPT_GLUE },
	{ "no-resume",	no_argument,		NULL, OPT_NO_RESUME },
	{ "search",	required_argument,	NULL, 'p' },
	{ "bookmarks",	no_argument,		NULL, OPT_BOOKMARKS },
	{ "script-fold", required_argument,	NULL, OPT_SCRIPT_FOLD },
	{ NULL, 0, NULL, 0 }
};

static const char usage_text[] =
"usage: juan [options] [FILE | -]\n"
"       juan --toc FILE | --dump [--width=N] [--section=N] FILE\n"
"       juan --bookmarks [FILE]\n"
"\n"
"A terminal reader for long articles and books, Chinese and English.\n"
"With no FILE and a terminal on stdin, opens the built-in guide; with a pipe\n"
"on stdin, reads it (keys come from the terminal). When standard output is\n"
"not a terminal, copies the input unchanged, like cat.\n"
"\n"
"Options:\n"
"  -h, --help             show this help and exit\n"
"  -V, --version          show the version and the library versions\n"
"      --toc              print the table of contents (LEVEL TAB LINE TAB TITLE)\n"
"      --dump             print the document laid out as the pager shows it\n"
"      --section=N        with --dump: only section N (numbered as by --toc)\n"
"  -w, --width=N          widest text column in cells (default 80)\n"
"      --ambiguous=MODE   width of \xe2\x80\x9c \xe2\x80\x9d \xe2\x80\x94 \xe2\x80\xa6 \xc2\xb7: auto (probe the terminal), narrow, wide\n"
"      --encoding=NAME    force an encoding: utf-8, gb18030, gbk, big5,\n"
"                         utf-16le, utf-16be, utf-32le, utf-32be\n"
"      --headings=REGEX   headings are the lines matching REGEX (POSIX ERE);\n"
"                         --headings=none: no sections\n"
"      --wpm=N[,M]        reading speed: N CJK characters, M English words a\n"
"                         minute (default 400,250)\n"
"      --hang             hang 、。，, . past the right margin\n"
"      --no-indent        no first-line indent for CJK paragraphs\n"
"      --spacing=0|1      blank lines between paragraphs (default 0)\n"
"      --glue-units       keep a number with its CJK unit (560\xe4\xba\xbf)\n"
"      --no-resume        start at the top, not where you left off\n"
"  -p, --search=PATTERN   open at the first match of PATTERN (also +/PATTERN)\n"
"      --script-fold=MODE search finds simplified, traditional and variant\n"
"                         forms alike (\xe5\xae\x9d\xe7\x8e\x89 finds \xe5\xaf\xb6\xe7\x8e\x89): on (default), off\n"
"      --bookmarks        print saved bookmarks (PATH TAB NAME TAB PERCENT TAB\n"
"                         SECTION) of every document, or of FILE, and exit\n"
"\n"
"Keys: h or F1 in the pager lists them; see juan(1).\n";

struct args {
	int		 toc, dump, bookmarks;
	int		 script_fold;
	long		 section;
	int		 width;
	struct ui_opts	 ui;
	struct doc_opts	 doc;
	const char	*path;
};

static void
usage_error(const char *fmt, const char *what)
{
	char	safe[256];

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

static void
parse_wpm(const char *s, struct ui_opts *ui)
{
	char	 buf[64];
	char	*comma;

	if (strlen(s) >= sizeof buf)
		usage_error("invalid --wpm: %s", s);
	strcpy(buf, s);
	comma = strchr(buf, ',');
	if (comma != NULL)
		*comma++ = '\0';
	ui->cjk_per_min = (int)parse_number(buf, 1, 100000, "--wpm");
	/* 400 CJK characters and 250 words take the same minute. */
	ui->words_per_min = comma != NULL ?
	    (int)parse_number(comma, 1, 100000, "--wpm") :
	    ui->cjk_per_min * 5 / 8 > 0 ? ui->cjk_per_min * 5 / 8 : 1;
}

static int
parse_ambiguous(const char *s)
{
	if (strcmp(s, "auto") == 0)
		return -1;
	if (strcmp(s, "narrow") == 0)
		return 0;
	if (strcmp(s, "wide") == 0)
		return 1;
	usage_error("--ambiguous takes auto, narrow or wide, not '%s'", s);
	return -1;
}

static int
parse_on_off(const char *s, const char *opt)
{
	if (strcmp(s, "on") == 0)
		return 1;
	if (strcmp(s, "off") == 0)
		return 0;
	usage_error("%s takes on or off", opt);
	return 0;
}

static void
print_version(void)
{
	printf("juan %s\n%s, %s, ncursesw %s\n", JUAN_VERSION, ustr_versions(),
	    search_version(), ui_curses_version());
}

/* One option getopt_long returned (c), into a. */
static void
parse_option(int c, char **argv, struct args *a)
{
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
	case OPT_SECTION:
		a->section = parse_number(optarg, 1, LONG_MAX, "--section");
		break;
	case 'w':
		a->width = (int)parse_number(optarg, 1, 10000, "--width");
		break;
	case OPT_AMBIGUOUS:
		a->ui.ambiguous = parse_ambiguous(optarg);
		break;
	case OPT_ENCODING:
		a->doc.encoding = optarg;
		break;
	case OPT_HEADINGS:
		a->doc.headings = optarg;
		break;
	case OPT_WPM:
		parse_wpm(optarg, &a->ui);
		break;
	case OPT_HANG:
		a->ui.hang = 1;
		break;
	case OPT_NO_INDENT:
		a->ui.indent = 0;
		break;
	case OPT_SPACING:
		a->ui.para_spacing = (int)parse_number(optarg, 0, 1, "--spacing");
		break;
	case OPT_GLUE:
		a->ui.glue_num_unit = 1;
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
	case OPT_SCRIPT_FOLD:
		a->script_fold = parse_on_off(optarg, "--script-fold");
		break;
	case ':':
		usage_error("option %s needs a value", argv[optind - 1]);
		break;
	default:
		usage_error("unknown option %s", argv[optind - 1]);
	}
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

static void
parse_args(int argc, char **argv, struct args *a)
{
	const char	*env;
	int		 c;

	memset(a, 0, sizeof *a);
	a->ui.ambiguous = -1;
	a->ui.cjk_per_min = 400;
	a->ui.words_per_min = 250;
	a->ui.indent = 1;
	a->ui.tty_fd = -1;
	a->doc.markdown = -1;
	a->script_fold = 1;
	if ((env = getenv("JUAN_AMBIGUOUS")) != NULL && *env != '\0')
		a->ui.ambiguous = parse_ambiguous(env);
	argc = take_plus_search(argc, argv, a);
	opterr = 0;	/* our own messages: "juan: ...", not argv[0] */
	while ((c = getopt_long(argc, argv, ":hVw:p:", long_options, NULL)) != -1)
		parse_option(c, argv, a);
	if (optind < argc)
		a->path = argv[optind++];
	if (optind < argc)
		usage_error("too many arguments: %s", argv[optind]);
	if (a->section != 0 && !a->dump)
		usage_error("%s needs --dump", "--section");
	if (a->toc + a->dump + a->bookmarks > 1)
		usage_error("%s: choose one", "--toc, --dump, --bookmarks");
	if (a->ui.search != NULL && *a->ui.search == '\0')
		usage_error("empty search pattern%s", "");
	a->ui.width = a->width;
}

/* One line "juan: NAME: reason" with the name made safe for the terminal. */
static void
report(const char *name, const char *reason)
{
	char	safe[1024];

	ustr_sanitize(name, strlen(name), safe, sizeof safe);
	fprintf(stderr, "juan: %s: %s\n", safe, reason);
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

	if (a->width > 0)
		return a->width;
	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 &&
	    ws.ws_col > 0)
		return ws.ws_col;
	if ((cols = getenv("COLUMNS")) != NULL && (v = atol(cols)) > 0 && v < 10000)
		return (int)v;
	return 80;
}

static int
run_dump(struct args *a)
{
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
	memset(&lo, 0, sizeof lo);
	lo.width = dump_width(a);
	lo.indent = a->ui.indent;
	lo.hang = a->ui.hang;
	lo.glue_num_unit = a->ui.glue_num_unit;
	lo.para_spacing = a->ui.para_spacing;
	lay = layout_new(doc, &lo);
	layout_dump(lay, from, to, stdout);
	layout_free(lay);
	doc_free(doc);
	return fflush(stdout) == 0 ? 0 : 1;
}

static int
run_bookmarks(struct args *a)
{
	struct marks	*m;
	char		*dir, *cause = NULL;
	const char	*fp = NULL;
	struct doc	*doc = NULL;
	char		 path[4096], name[1024], sec[1024];
	int		 status;

	if ((dir = marks_state_dir(&cause)) == NULL) {
		fprintf(stderr, "juan: %s\n", cause);
		free(cause);
		return 1;
	}
	m = marks_new(dir);
	if (marks_load(m, &cause) != 0 && cause != NULL) {
		ustr_sanitize(cause, strlen(cause), path, sizeof path);
		fprintf(stderr, "juan: %s\n", path);
	}
	free(cause);
	if (a->path != NULL) {
		doc = open_doc(a, a->path);
		doc_scan_wait(doc);
		fp = doc_fingerprint(doc);
	}
	for (size_t i = 0; i < marks_all_count(m); i++) {
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

static int
run_pager(struct args *a)
{
	const char	*term = getenv("TERM");
	const char	*path = a->path;
	struct doc	*doc;
	char		*dir, *cause = NULL;
	int		 status;

	if (term == NULL || *term == '\0' || strcmp(term, "dumb") == 0) {
		fprintf(stderr, "juan: this terminal (TERM=%s) cannot show a pager; "
		    "redirect the output to read the text as is\n",
		    term == NULL ? "unset" : strcmp(term, "dumb") == 0 ? "dumb" : "");
		return 1;
	}
	if (path == NULL && isatty(STDIN_FILENO))
		path = builtin_article();
	if (path != NULL && strcmp(path, "-") == 0 && isatty(STDIN_FILENO)) {
		fprintf(stderr, "juan: -: standard input is the terminal; "
		    "give a FILE or pipe text in\n");
		return 1;
	}
	if (path == NULL || strcmp(path, "-") == 0) {
		a->ui.tty_fd = open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY);
		if (a->ui.tty_fd < 0) {
			/* No terminal to take keys from: behave like cat. */
			return run_cat(path);
		}
	}
	ui_prepare(&a->ui);
	a->doc.defer_scan = 1;	/* ui_run starts it after the first screen */
	a->doc.wait = ui_wait_input;	/* a silent pipe: say so, q quits */
	a->doc.wait_arg = &a->ui;
	doc = open_doc(a, path);
	if ((dir = marks_state_dir(&cause)) == NULL) {
		a->ui.state_warning = cause;	/* shown once in the status line */
		cause = NULL;
	}
	a->ui.state_dir = dir;
	status = ui_run(doc, &a->ui);
	doc_free(doc);
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
	ustr_set_script_fold(a.script_fold);
	if (a.bookmarks)
		return run_bookmarks(&a);
	if (a.toc)
		return run_toc(&a);
	if (a.dump)
		return run_dump(&a);
	if (!isatty(STDOUT_FILENO))
		return run_cat(a.path);
	return run_pager(&a);
}
