/* ui: the only curses code. It owns the terminal: the ambiguous-width probe
 * before curses starts, newterm() on the tty, signals, drawing, keys, mouse
 * and resize, and putting everything back, even after a crash.
 *
 * Data model: the pager state lives in a struct view (view.h); this file
 * turns keys into commands (keymap.h), hands them to view_apply() and acts
 * on the VIEW_* flags it returns, and draws what the view describes.
 *
 * Invariants:
 * - no byte of the document, its name, a heading or a prompt reaches the
 *   terminal as is: every cell is built here from ustr_show() and handed to
 *   ncurses as a cchar_t (never addstr/printw with such text);
 * - nothing is ever drawn outside [0, rows) x [0, cols), and no size <= 0
 *   reaches curses;
 * - the input loop never blocks for more than POLL_MS, so a signal, `q`, a
 *   finished background scan or a burst of resizes is seen within it;
 * - a restore string for fatal signals is ready before the terminal mode
 *   changes, and ui_emergency_restore() only writes it and resets the tty
 *   modes (async-signal-safe).
 *
 * Files: this one owns the terminal, the key loop and the bookmark saves;
 * ui_probe.c talks to the terminal before curses starts; ui_draw.c paints, ui_prompt.c reads a line (src/ui_int.h is what they
 * share). They are the only files that include curses. */
#include "ui_int.h"
#include <term.h>

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>
#include <wchar.h>

#include "doc.h"
#include "keymap.h"
#include "marks.h"
#include "shelf.h"
#include "ui.h"
#include "ustr.h"
#include "util.h"
#include "view.h"

#define POLL_MS		100	/* longest wait for a key before polling the scan */
#define SCAN_IDLE_MS	20	/* the scan starts after so long without keys */
#define SCAN_LATEST_MS	300	/* ... or so long after the first screen */
#define WHEEL_ROWS	3
#define STEP_BUDGET	(1 << 20)	/* bytes one search step may examine */
#define SEARCH_SLICE_MS	16		/* search this long between two looks at the keys */
#define RETYPE_MS	50	/* longest wait for the rest of a character */
#define UNREAD_MAX	128	/* bytes ui_read_text_now gives back to curses
				   (its queue holds ~135) */

/* Shared with signal handlers: written before they can run. */
static volatile sig_atomic_t	 got_signal;
static volatile sig_atomic_t	 term_active;
static int			 restore_fd = -1;
static int			 tty_in = -1;
static struct termios		 saved_tio;
static char			 restore_seq[512];
static size_t			 restore_len;

static const int quit_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
static const int fatal_signals[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT };
#define NELEM(a)	(sizeof (a) / sizeof (a)[0])

/* The dispositions ui_run replaced, put back when it returns. */
static struct sigaction	 old_quit[NELEM(quit_signals)];
static struct sigaction	 old_fatal[NELEM(fatal_signals)];
static stack_t		 old_stack;
static char		*altstack;

void
ui_emergency_restore(void)
{
	ssize_t	n;

	if (!term_active)
		return;
	term_active = 0;
	if (restore_fd >= 0 && restore_len > 0)
		n = write(restore_fd, restore_seq, restore_len);
	(void)n;
	if (tty_in >= 0)
		tcsetattr(tty_in, TCSANOW, &saved_tio);
}

static void
on_quit_signal(int sig)
{
	got_signal = sig;
}

static void
on_fatal_signal(int sig)
{
	/* SA_RESETHAND already put back the default action. */
	ui_emergency_restore();
	raise(sig);
}

/* From the probe until ui_run's own handlers: a signal that would end juan
 * puts the terminal back first (it waits, without echo, on a file or a pipe
 * that may take long to open), then ends it as it would have. */
static void
early_signals(void)
{
	struct sigaction	sa;
	size_t			i;

	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_fatal_signal;
	sa.sa_flags = SA_RESETHAND;
	for (i = 0; i < NELEM(quit_signals); i++)
		sigaction(quit_signals[i], &sa, NULL);
}

void
ui_guard_tty(int fd_in, const struct termios *old)
{
	saved_tio = *old;
	tty_in = fd_in;
	term_active = 1;
	early_signals();
}

static int
term_usable(void)
{
	const char	*term = getenv("TERM");

	return term != NULL && *term != '\0' && strcmp(term, "dumb") != 0;
}

static int
term_ok(void)
{
	const char	*term = getenv("TERM");

	if (!term_usable()) {
		fprintf(stderr, "juan: this terminal (TERM=%s) cannot show a "
		    "pager; redirect the output to read the text as is\n",
		    term == NULL || *term == '\0' ? "unset" : "dumb");
		return 0;
	}
	return 1;
}

/* The terminal ui_run will use. */
static void
ui_fds(const struct ui_opts *o, int *fd_in, int *fd_out)
{
	*fd_in = o->tty_fd >= 0 ? o->tty_fd : STDIN_FILENO;
	*fd_out = o->tty_fd >= 0 ? o->tty_fd : STDOUT_FILENO;
}

void
ui_prepare(const struct ui_opts *o)
{
	int	fd_in, fd_out;

	ui_fds(o, &fd_in, &fd_out);
	if (o->ambiguous < 0 && term_usable() && isatty(fd_in) &&
	    isatty(fd_out))
		ui_probe_send(fd_in, fd_out);
}

void
ui_unprepare(void)
{
	char	keys[256];
	int	wide;

	(void)ui_probe_finish(keys, sizeof keys, &wide);
	if (ui_probe_forget()) {
		term_active = 0;
		tty_in = -1;
	}
}

/* doc_opts.wait, while a pipe or FIFO has sent nothing yet. */
int
ui_wait_input(void *opts)
{
	int	fd_in, fd_out;

	ui_fds(opts, &fd_in, &fd_out);
	return ui_probe_wait_input(fd_in, fd_out);
}

static void
add_cap(const char *name)
{
	char	*s = tigetstr((char *)name);
	size_t	 len;

	if (s == NULL || s == (char *)-1)
		return;
	len = strlen(s);
	if (restore_len + len < sizeof restore_seq) {
		memcpy(restore_seq + restore_len, s, len);
		restore_len += len;
	}
}

/* What a crash must send: leave the alternate screen, show the cursor,
 * reset attributes and keypad mode, and turn off mouse reporting and
 * bracketed paste. */
static void
prepare_restore(void)
{
	static const char	mouse_off[] =
	    "\033[?1000l\033[?1002l\033[?1003l\033[?1006l\033[?2004l";

	restore_len = 0;
	add_cap("sgr0");
	add_cap("cnorm");
	add_cap("rmkx");
	add_cap("rmcup");
	if (restore_len + sizeof mouse_off - 1 < sizeof restore_seq) {
		memcpy(restore_seq + restore_len, mouse_off, sizeof mouse_off - 1);
		restore_len += sizeof mouse_off - 1;
	}
}

static void
install_signals(void)
{
	struct sigaction	sa;
	stack_t			ss;
	size_t			i;

	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_quit_signal;
	for (i = 0; i < NELEM(quit_signals); i++)
		sigaction(quit_signals[i], &sa, &old_quit[i]);

	altstack = xmalloc(64 * 1024);
	ss.ss_sp = altstack;
	ss.ss_size = 64 * 1024;
	ss.ss_flags = 0;
	sigaltstack(&ss, &old_stack);
	sa.sa_handler = on_fatal_signal;
	sa.sa_flags = SA_ONSTACK | SA_RESETHAND;
	for (i = 0; i < NELEM(fatal_signals); i++)
		sigaction(fatal_signals[i], &sa, &old_fatal[i]);
}

static void
restore_signals(void)
{
	size_t	i;

	for (i = 0; i < NELEM(quit_signals); i++)
		sigaction(quit_signals[i], &old_quit[i], NULL);
	for (i = 0; i < NELEM(fatal_signals); i++)
		sigaction(fatal_signals[i], &old_fatal[i], NULL);
	sigaltstack(&old_stack, NULL);
	free(altstack);
}

void
ui_resize(struct ui *ui)
{
	int	rows, cols;

	ui->resize_pending = 0;
	getmaxyx(stdscr, rows, cols);
	if (ui->v != NULL)
		view_resize(ui->v, rows, cols);
	if (ui->shelf != NULL)
		shelf_resize(ui->shelf, rows, cols);
	erase();
	ui_draw(ui, VIEW_DRAW | VIEW_STATUS | VIEW_CLEAR);
}

static int
translate_key(int r, wint_t wch)
{
	if (r == KEY_CODE_YES) {
		switch (wch) {
		case KEY_UP:		return K_UP;
		case KEY_DOWN:		return K_DOWN;
		case KEY_LEFT:		return K_LEFT;
		case KEY_RIGHT:		return K_RIGHT;
		case KEY_PPAGE:		return K_PGUP;
		case KEY_NPAGE:		return K_PGDN;
		case KEY_HOME:		return K_HOME;
		case KEY_END:		return K_END;
		case KEY_ENTER:		return K_ENTER;
		case KEY_BACKSPACE:	return K_BACKSPACE;
		case KEY_DC:		return K_DELETE;
		case KEY_F(1):		return K_F1;
		case KEY_RESIZE:	return K_RESIZE;
		case KEY_MOUSE:		return K_MOUSE;
		default:		return -1;
		}
	}
	if (wch == '\r' || wch == '\n')
		return K_ENTER;
	if (wch == 0x7f || wch == 0x08)
		return K_BACKSPACE;
	return (int)wch;
}

/* The terminal hung up (the window closed, the connection dropped): a read
 * gives end-of-file at once, so get_wch fails without waiting and the key
 * loops would spin. Quit as on SIGHUP, which only the session's leader is
 * sure to get (a shell need not pass it on). */
static void
check_hangup(struct ui *ui)
{
	struct pollfd	pfd = { .fd = fileno(ui->in), .events = POLLIN };

	if (poll(&pfd, 1, 0) == 1 &&
	    (pfd.revents & (POLLHUP | POLLERR | POLLNVAL)) != 0)
		got_signal = SIGHUP;
}

/* Read one key, waiting at most POLL_MS (0 while a resize is pending, to
 * coalesce a burst). While a search runs, its budgeted steps fill the wait,
 * so a key (Esc) or a signal (^C) is seen between two steps. -1: none. */
int
ui_read_key(struct ui *ui)
{
	wint_t		wch;
	int		r, flags, searching;
	long long	start;

	for (;;) {
		/* Over the shelf, a search of the document waits. */
		searching = ui->shelf == NULL && view_searching(ui->v);
		timeout(ui->resize_pending || searching ? 0 :
		    ui->scan_pending ? SCAN_IDLE_MS : POLL_MS);
		r = get_wch(&wch);
		if (r != ERR)
			return translate_key(r, wch);
		check_hangup(ui);
		if (!searching || ui->resize_pending || got_signal)
			return -1;
		/* Steps are small so that a key waits at most one slice; drawing
		 * after each would cost more than the search itself. */
		flags = 0;
		start = util_now_ms();
		do
			flags |= view_search_step(ui->v, STEP_BUDGET);
		while (view_searching(ui->v) &&
		    util_now_ms() - start < SEARCH_SLICE_MS);
		ui_draw(ui, flags);
	}
}

/* A key already typed (a paste, keys typed ahead), or -1 at once: no wait
 * and no search step. */
int
ui_read_key_now(void)
{
	wint_t	wch;
	int	r;

	timeout(0);
	r = get_wch(&wch);
	return r == ERR ? -1 : translate_key(r, wch);
}

/* The bytes of a character that a read of buf[0..n) cut (curses, given
 * its start, would wait for the rest with get_wch's timeout and lose the
 * start when it comes late): read, as the terminal sends them whole.
 * Returns how many were added, at most 3. */
static size_t
read_rest_of_char(int fd, char *buf, size_t n)
{
	struct pollfd	 pfd = { .fd = fd, .events = POLLIN };
	size_t		 j, need, have = 0;
	ssize_t		 got;

	if (n == 0)
		return 0;
	j = ustr_prev(buf, n);	/* the last character's start, cut or not */
	need = ustr_lead_len((unsigned char)buf[j]);
	while (n - j + have < need && poll(&pfd, 1, RETYPE_MS) == 1 &&
	    (got = read(fd, buf + n + have, need - (n - j) - have)) > 0)
		have += (size_t)got;
	return have;
}

/* Text typed ahead (a paste) after a character: curses reads the input a
 * byte per read() and poll() (tens of microseconds a byte: most of a
 * 10,000-character paste's time), so what is pending is read here at once.
 * Right after get_wch returned a character, curses holds no byte of its
 * own (it reads no further), so nothing is reordered. The text is the run
 * of whole characters up to the first control character, the keys that
 * are not text (the prompt's are all controls or keypad keys), bytes that
 * are no character left out (curses drops them too, but with the keys
 * after them while it waits for a character's end); the rest
 * of the read (Enter, Esc, an arrow key, a character cut by the read's
 * end) goes back to curses' queue, at most UNREAD_MAX bytes: a paste of
 * many lines into the one-line prompt loses what follows its first line
 * beyond that, rather than running it as commands. Returns the text's
 * length in buf. */
size_t
ui_read_text_now(struct ui *ui, char *buf, size_t size)
{
	struct pollfd	pfd = { .fd = fileno(ui->in), .events = POLLIN };
	ssize_t		got;
	size_t		i = 0, n = 0, k, back;
	uint32_t	cp;

	if (size < 4 || poll(&pfd, 1, 0) != 1 || !(pfd.revents & POLLIN) ||
	    (got = read(pfd.fd, buf, size - 3)) <= 0)
		return 0;
	got += read_rest_of_char(pfd.fd, buf, (size_t)got);
	while (i < (size_t)got) {
		k = ustr_decode(buf + i, (size_t)got - i, &cp);
		if (cp != USTR_BAD && (cp < 0x20 || cp == 0x7f))
			break;
		if (cp != USTR_BAD) {
			memmove(buf + n, buf + i, k);
			n += k;
		}
		i += k;
	}
	back = (size_t)got - i < UNREAD_MAX ? (size_t)got - i : UNREAD_MAX;
	while (back > 0)
		ungetch((unsigned char)buf[i + --back]);
	return n;
}

int
ui_quitting(void)
{
	return got_signal != 0;
}

int
ui_signalled(void)
{
	if (!got_signal)
		return 0;
	if (got_signal == SIGINT)
		got_signal = 0;
	return 1;
}

/* Save what changed. Returns 0, or -1 with the sanitised cause in why
 * (a failure, or a saved state the user must hear about). */
static int
save_marks(struct ui *ui, char *why, size_t size)
{
	char	*cause = NULL;
	int	 r = 0;

	if (ui->state_dir == NULL)
		return 0;
	if (marks_save(ui->marks, &cause) != 0) {
		if (cause == NULL)
			cause = xstrdup("bookmarks not saved");
		ustr_sanitize(cause, strlen(cause), why, size);
		r = -1;
	}
	free(cause);
	return r;
}

/* A message for the status line: wider than the line, it loses the path it
 * ends with ("... (/path)", as marks' causes quote one), keeping the reason
 * whole; a save still failing at exit is printed in full on stderr. */
static void
status_fit(char *msg)
{
	size_t	 n = strlen(msg);
	char	*p = strstr(msg, " (/");

	if (p != NULL && n > 0 && msg[n - 1] == ')' &&
	    (int)ustr_strwidth(msg, n) > ui_screen_cols() - 2)
		*p = '\0';
}

void
ui_tell(struct ui *ui, const char *msg)
{
	if (ui->shelf != NULL)
		shelf_message(ui->shelf, "%s", msg);
	else if (ui->v != NULL)
		view_message(ui->v, "%s", msg);
}

void
ui_save_now(struct ui *ui)
{
	char	why[VIEW_MSG_MAX];

	if (save_marks(ui, why, sizeof why) != 0 && !ui->save_failed) {
		ui->save_failed = 1;
		status_fit(why);
		ui_tell(ui, why);
	}
}

int
ui_mouse(int *y)
{
	MEVENT	ev;

	if (getmouse(&ev) != OK)
		return 0;
	*y = ev.y;
	if (ev.bstate & BUTTON4_PRESSED)
		return -WHEEL_ROWS;
#ifdef BUTTON5_PRESSED
	if (ev.bstate & BUTTON5_PRESSED)
		return WHEEL_ROWS;
#endif
	if (ev.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED))
		return UI_CLICK;
	if (ev.bstate & BUTTON1_RELEASED)
		return UI_RELEASE;
	return 0;
}

/* One key in the pager: mouse reports here, the rest (counts included)
 * in the view. */
static int
handle_key(struct ui *ui, int key)
{
	int	y, m;

	if (key != K_MOUSE)
		return view_key(ui->v, key);
	if ((m = ui_mouse(&y)) == UI_CLICK || m == UI_RELEASE)
		return view_click(ui->v, y);
	return m != 0 ? view_wheel(ui->v, m) : 0;
}

/* juan draws every cell as a Unicode character and never needs the
 * alternate character set, so the terminal is never shifted to G1: SO and
 * SI are cut, in place, out of the strings ncurses sends (its public term.h
 * variables are a copy it no longer reads, the strings are shared). */
static void
strip_shifts(const char *name)
{
	char	*cap = tigetstr((char *)name), *in, *out;

	if (cap == NULL || cap == (char *)-1)
		return;
	for (in = out = cap; *in != '\0'; in++) {
		if (*in != '\016' && *in != '\017')
			*out++ = *in;
	}
	*out = '\0';
}

static void
no_charset_shifts(void)
{
	strip_shifts("sgr0");
	strip_shifts("sgr");
	strip_shifts("smacs");
	strip_shifts("rmacs");
}

static int
start_curses(struct ui *ui, int fd_in, int fd_out, const struct ui_opts *o)
{
	char	*cup;
	int	 din, dout;

	din = dup(fd_in);
	dout = dup(fd_out);
	ui->in = din >= 0 ? fdopen(din, "r") : NULL;
	ui->out = dout >= 0 ? fdopen(dout, "w") : NULL;
	if (ui->in == NULL || ui->out == NULL) {
		fprintf(stderr, "juan: cannot use the terminal: %s\n",
		    strerror(errno));
		return -1;
	}
	ui->screen = newterm(NULL, ui->out, ui->in);
	if (ui->screen == NULL) {
		const char	*t = getenv("TERM");
		char		 term[256];

		/* term_ok() saw TERM set: name it, it is what to fix. */
		ustr_sanitize(t != NULL ? t : "", t != NULL ? strlen(t) : 0, term,
		    sizeof term);
		fprintf(stderr, "juan: unknown terminal type '%s' (TERM); "
		    "redirect the output to read the text as is\n", term);
		return -1;
	}
	set_term(ui->screen);
	cup = tigetstr("cup");
	if (cup == NULL || cup == (char *)-1) {
		endwin();
		fprintf(stderr, "juan: this terminal cannot move the cursor; "
		    "redirect the output to read the text as is\n");
		return -1;
	}
	no_charset_shifts();
	prepare_restore();
	term_active = 1;
	cbreak();
	noecho();
	nonl();
	intrflush(stdscr, FALSE);
	curs_set(0);
	ui_styles_setup(o->theme, o->color);
	return 0;
}

/* The input side of curses, once the first screen is out: keypad mode
 * (whose key tables take curses 0.15 ms to build) and mouse reports. Keys
 * typed before it were read raw with the probe's answer and are replayed. */
static void
start_keys(void)
{
	keypad(stdscr, TRUE);
	set_escdelay(25);
	mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON4_PRESSED
#ifdef BUTTON5_PRESSED
	    | BUTTON5_PRESSED
#endif
	    , NULL);
	mouseinterval(0);
}

static void
stop_curses(struct ui *ui)
{
	if (ui->screen != NULL) {
		endwin();
		delscreen(ui->screen);
		ui->screen = NULL;
	}
	term_active = 0;
	if (ui->in != NULL)
		fclose(ui->in);
	if (ui->out != NULL)
		fclose(ui->out);
}

/* The absolute path bookmarks record ("" for stdin). */
static char *
doc_path(struct doc *doc, int from_stdin)
{
	char	buf[PATH_MAX];

	if (from_stdin || realpath(doc_name(doc), buf) == NULL)
		return xstrdup("");
	return xstrdup(buf);
}

/* Why nothing can be saved in dir, in why; 0 if it looks usable. The
 * nearest part of the path that exists must be a directory we may write
 * in (marks_save() makes the rest), else the first save would fail: the
 * reader hears it when the first screen opens rather than at exit. */
static int
state_dir_problem(const char *dir, char *why, size_t size)
{
	char		*p = xstrdup(dir), *slash;
	struct stat	 sb;
	int		 e = 0;

	for (;;) {
		if (stat(p, &sb) == 0) {
			if (!S_ISDIR(sb.st_mode))
				e = ENOTDIR;
			else if (access(p, W_OK | X_OK) != 0)
				e = errno;
			break;
		}
		if ((errno != ENOENT && errno != ENOTDIR) ||
		    (slash = strrchr(p, '/')) == NULL || strcmp(p, "/") == 0)
			break;
		if (slash == p)
			p[1] = '\0';	/* "/a" goes up to "/" */
		else
			*slash = '\0';
	}
	if (e != 0)
		snprintf(why, size, "Bookmarks will not be saved: %s: %s", p,
		    strerror(e));
	free(p);
	return e != 0;
}

/* Load the marks, once for the whole run. A problem with them is the
 * note the first screen shows. */
static void
setup_marks(struct ui *ui)
{
	const struct ui_opts	*o = ui->o;
	char			*cause = NULL;

	ui->state_dir = o->state_dir;
	ui->marks = marks_new(o->state_dir);
	if (o->state_dir != NULL && marks_load(ui->marks, &cause) != 0) {
		if (cause != NULL)
			status_fit(cause);
		snprintf(ui->note, sizeof ui->note, "%s", cause != NULL ? cause :
		    "Bookmarks could not be read");
	} else if (o->state_warning != NULL)
		snprintf(ui->note, sizeof ui->note, "%s", o->state_warning);
	else if (o->state_dir != NULL &&
	    state_dir_problem(o->state_dir, ui->note, sizeof ui->note))
		ui->save_failed = ui->save_off = 1;
	free(cause);
}

/* Run the pager on doc (read from stdin with piped); the first one also
 * takes the command line's search and --no-resume, a document opened from
 * the shelf opens where it was left. Returns VIEW_* flags. */
static int
pager_open(struct ui *ui, struct doc *doc, int piped, int first)
{
	const struct ui_opts	*o = ui->o;
	struct view_opts	 vo;
	int			 rows, cols, flags, resume;

	memset(&vo, 0, sizeof vo);
	vo.width = o->width;
	vo.cjk_per_min = o->cjk_per_min;
	vo.words_per_min = o->words_per_min;
	vo.hang = o->hang;
	vo.indent = o->indent;
	vo.para_spacing = o->para_spacing;
	vo.glue_num_unit = o->glue_num_unit;
	vo.convert = o->convert;
	vo.lang = o->lang;
	vo.fixed = o->fixed;
	getmaxyx(stdscr, rows, cols);
	ui->doc = doc;
	ui->v = view_new(doc, &vo, rows, cols);
	ui->path = doc_path(doc, piped);
	/* Only a resume needs the fingerprint before the first screen; else
	 * the bookmarks wait for it until the first key (view_poll). */
	resume = !first || (!o->no_resume && o->search == NULL);
	flags = view_set_marks(ui->v, ui->marks, resume ? doc_fingerprint(doc) :
	    doc_fingerprint_ready(doc), ui->path, resume);
	if (ui->note[0] != '\0') {
		view_message(ui->v, "%s", ui->note);
		ui->note[0] = '\0';
	}
	if (flags & VIEW_SAVE)
		ui_save_now(ui);
	if (first && o->search != NULL && *o->search != '\0')
		flags |= view_search_initial(ui->v, o->search);
	ui->start_off = view_top_off(ui->v);
	ui->scan_pending = util_now_ms();
	return flags | VIEW_DRAW | VIEW_STATUS;
}

/* Leave the document: what was read goes into the marks, which are saved
 * (-1 with the cause in why when that failed or must be heard). The doc
 * is freed; a text cut short is said in ui->incomplete. */
static int
pager_close(struct ui *ui, char *why, size_t size)
{
	const char	*err;
	int		 r;

	if (ui->v == NULL)
		return 0;
	view_save_reading(ui->v, view_top_off(ui->v) != ui->start_off);
	view_save_settings(ui->v);	/* a no-op without a choice */
	r = save_marks(ui, why, size);
	ui->incomplete[0] = '\0';
	if ((err = doc_error(ui->doc)) != NULL)
		ustr_sanitize(err, strlen(err), ui->incomplete,
		    sizeof ui->incomplete);
	view_free(ui->v);
	ui->v = NULL;
	doc_free(ui->doc);
	ui->doc = NULL;
	UTIL_FREE_NULL(ui->path);
	ui->scan_pending = 0;
	return r;
}

/* The first screen is laid out and painted while the probe's answer
 * travels, as for a narrow answer (most terminals give it); a wide one
 * lays it out again before anything is shown. Then the keys. */
static void
first_screen(struct ui *ui, int flags)
{
	char	early[256];
	size_t	nearly;
	int	wide = 0, rows, cols;

	ui_paint(ui, flags);
	nearly = ui_probe_finish(early, sizeof early, &wide);
	if (ui_probe_forget()) {
		/* curses took the probe's modes for the shell's: give it the
		 * terminal's own (restored just now), then its own again. */
		def_shell_mode();
		reset_prog_mode();
	}
	if (ui->o->ambiguous < 0 && wide) {
		ustr_set_ambiguous_wide(1);
		getmaxyx(stdscr, rows, cols);
		if (ui->v != NULL) {
			view_resize(ui->v, rows, cols);
			ui->start_off = view_top_off(ui->v);
		}
		ui_paint(ui, VIEW_DRAW | VIEW_STATUS);
	}
	refresh();
	start_keys();
	while (nearly > 0)
		ungetch((unsigned char)early[--nearly]);
	if (ui->v != NULL)
		ui->scan_pending = util_now_ms();
}

/* The pager's key loop: LOOP_QUIT, or LOOP_SHELF for `o`. */
static int
pager_loop(struct ui *ui)
{
	int	flags, key;

	for (;;) {
		if (got_signal == SIGINT && view_searching(ui->v)) {
			got_signal = 0;
			ui_draw(ui, view_search_cancel(ui->v, 0));
		}
		if (got_signal)
			return LOOP_QUIT;
		key = ui_read_key(ui);
		if (key == K_RESIZE) {
			ui->resize_pending = 1;
			continue;
		}
		/* A key typed after a resize applies to the new size. */
		if (ui->resize_pending) {
			ui_resize(ui);
			if (key < 0)
				continue;
		}
		/* The key sees what the scan has found by now. */
		flags = view_poll(ui->v);
		if (key >= 0)
			flags |= handle_key(ui, key);
		if (flags & VIEW_QUIT)
			return LOOP_QUIT;
		if (flags & VIEW_SHELF)
			return LOOP_SHELF;
		if (flags & VIEW_PROMPT) {
			ui_draw(ui, flags & ~VIEW_PROMPT);
			flags = ui_prompt_run(ui);
		}
		flags |= view_poll(ui->v);
		if (flags & VIEW_SAVE)
			ui_save_now(ui);
		ui_draw(ui, flags);
		/* The whole-document work begins when the reader is idle
		 * (SCAN_IDLE_MS without a key) after the first screen, or at
		 * the latest SCAN_LATEST_MS after it: on two cores the scan's
		 * two threads would otherwise share them with the terminal
		 * showing that screen and the first keys' answers. */
		if (ui->scan_pending != 0 && (key < 0 ||
		    util_now_ms() - ui->scan_pending >= SCAN_LATEST_MS)) {
			ui->scan_pending = 0;
			doc_scan_start(ui->doc);
		}
	}
}

/* Open the shelf's choice: the document in its place of the one read so
 * far. One that cannot be opened leaves the shelf up, saying why. */
static void
switch_doc(struct ui *ui)
{
	struct doc_opts	 dopts = *ui->o->doc_opts;
	struct doc	*doc;
	char		*cause = NULL, why[VIEW_MSG_MAX];

	dopts.defer_scan = 1;
	doc = doc_open(ui->open_path, &dopts, &cause);
	free(ui->open_path);
	ui->open_path = NULL;
	if (doc == NULL) {
		ui_tell(ui, cause != NULL ? cause : "cannot open the document");
		free(cause);
		return;
	}
	ui_shelf_close(ui);
	if (pager_close(ui, why, sizeof why) != 0 && !ui->save_failed) {
		ui->save_failed = 1;
		status_fit(why);
		snprintf(ui->note, sizeof ui->note, "%s", why);
	}
	ui_draw(ui, pager_open(ui, doc, 0, 0) | VIEW_CLEAR);
}

/* The pager and the shelf, in turn, until the reader quits. */
static void
run_loops(struct ui *ui)
{
	for (;;) {
		if (ui->shelf == NULL) {
			if (pager_loop(ui) == LOOP_QUIT)
				return;
			/* The shelf shows this document as read now; the
			 * time on the shelf is no reading. */
			view_save_reading(ui->v, view_top_off(ui->v) !=
			    ui->start_off);
			view_pause(ui->v);
			ui_shelf_open(ui);
			continue;
		}
		switch (ui_shelf_loop(ui)) {
		case LOOP_QUIT:
			ui_shelf_close(ui);
			return;
		case LOOP_BACK:
			ui_shelf_close(ui);
			view_pause(ui->v);
			erase();
			ui_draw(ui, VIEW_DRAW | VIEW_STATUS | VIEW_CLEAR);
			break;
		case LOOP_OPEN:
			switch_doc(ui);
			break;
		}
	}
}

/* With no document given: the shelf, or the guide when it is empty and
 * not asked for. NULL means the shelf is up. */
static struct doc *
start_doc(struct ui *ui)
{
	struct doc_opts	 dopts = *ui->o->doc_opts;
	struct doc	*doc;
	char		*cause = NULL;

	ui_shelf_open(ui);
	if (ui->o->shelf_always || shelf_documents(ui->shelf) > 0)
		return NULL;
	ui_shelf_close(ui);
	dopts.defer_scan = 1;
	doc = doc_open(ui->o->shelf->guide, &dopts, &cause);
	if (doc == NULL) {
		/* The guide is missing: the empty shelf says so. */
		ui_shelf_open(ui);
		ui_tell(ui, cause != NULL ? cause : "cannot open the guide");
	}
	free(cause);
	return doc;
}

/* The terminal from the probe to curses, signals included: 0, or 1 when
 * it cannot show the pager (said on stderr, everything put back). */
static int
term_open(struct ui *ui, const struct ui_opts *o)
{
	int	fd_in, fd_out;

	ui_prepare(o);	/* sends the probe unless ui_prepare() did */
	if (!term_ok()) {
		ui_unprepare();
		return 1;
	}
	ui_fds(o, &fd_in, &fd_out);
	/* With the probe out, the modes now are the probe's: saved_tio holds
	 * the terminal's own since ui_probe_send(). */
	if (!ui_probe_quiet() && tcgetattr(fd_in, &saved_tio) == 0)
		tty_in = fd_in;
	restore_fd = fd_out;
	got_signal = 0;
	install_signals();
	ui_probe_waiting_erase();
	if (start_curses(ui, fd_in, fd_out, o) != 0) {
		stop_curses(ui);
		ui_unprepare();
		restore_signals();
		return 1;
	}
	return 0;
}

/* Save, put the terminal back, then say on stderr what the reader must
 * still hear. Returns the exit status (see ui_run). */
static int
run_close(struct ui *ui)
{
	char	why[1024];
	int	status = 0, told, lost;

	told = (ui->v != NULL ? pager_close(ui, why, sizeof why) :
	    save_marks(ui, why, sizeof why)) != 0;
	/* A cause with nothing pending is news about a save that happened. */
	lost = told && marks_pending(ui->marks);
	/* The text stopped short (input over the cap, a read error): the
	 * reader saw it in the status line, the caller sees the status. */
	if (ui->incomplete[0] != '\0')
		status = 1;
	if (got_signal)
		status = 128 + got_signal;
	free(ui->rowbuf);
	marks_free(ui->marks);
	stop_curses(ui);
	restore_signals();
	/* Changes lost at exit are said in full, now that the terminal is
	 * back, even if a save failed before (the status line was passing
	 * and may have been cut), and make the exit status 1; unless the
	 * reader was told at the start that nothing would be saved
	 * (RELIABILITY.md §4: said once). */
	if (lost && !ui->save_off) {
		fprintf(stderr, "juan: %s\n", why);
		if (status == 0)
			status = 1;
	} else if (told && !lost && !ui->save_failed)
		fprintf(stderr, "juan: %s\n", why);
	if (ui->incomplete[0] != '\0')
		fprintf(stderr, "juan: %s\n", ui->incomplete);
	return status;
}

int
ui_run(struct doc *doc, const struct ui_opts *o)
{
	struct ui	ui;
	int		piped = doc != NULL && o->tty_fd >= 0;

	memset(&ui, 0, sizeof ui);
	ui.o = o;
	if (term_open(&ui, o) != 0) {
		doc_free(doc);
		return 1;
	}
	ustr_set_ambiguous_wide(o->ambiguous > 0);
	setup_marks(&ui);
	if (doc == NULL)
		doc = start_doc(&ui);
	first_screen(&ui, doc != NULL ? pager_open(&ui, doc, piped, 1) :
	    VIEW_DRAW | VIEW_STATUS);
	run_loops(&ui);
	return run_close(&ui);
}

/* The ncursesw library in use (for --version): curses_version() says
 * "ncurses 6.4.20221231"; the number is what the caller prints. */
const char *
ui_curses_version(void)
{
	const char	*v = curses_version(), *sp = strrchr(v, ' ');

	return sp != NULL ? sp + 1 : v;
}
