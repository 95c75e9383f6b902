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
 *   modes (async-signal-safe). */
#define NCURSES_WIDECHAR 1
#include <curses.h>
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
#include "layout.h"
#include "markup.h"
#include "marks.h"
#include "search.h"
#include "ui.h"
#include "ustr.h"
#include "util.h"
#include "view.h"

#define POLL_MS		100	/* longest wait for a key before polling the scan */
#define SCAN_IDLE_MS	20	/* the scan starts after so long without keys */
#define SCAN_LATEST_MS	300	/* ... or so long after the first screen */
#define PROBE_MS	200	/* longest wait for the cursor report */
#define WHEEL_ROWS	3
#define MAX_MARKS	4	/* marks per cell; ncurses keeps 5 characters */
#define DOTTED_CIRCLE	0x25CC	/* base for a mark that has none */
#define STEP_BUDGET	(1 << 20)	/* bytes one search step may examine */
#define SEARCH_SLICE_MS	16		/* search this long between two looks at the keys */
#define PROMPT_MAX	4096	/* bytes a prompt holds */
#define HL_MAX		256	/* matches highlighted per paragraph */

/* Styles are ours; attributes and colours are chosen once in setup_styles(). */
enum style {
	STYLE_TEXT,
	STYLE_HEADING,
	STYLE_CONTROL,
	STYLE_STATUS,
	STYLE_MATCH,
	STYLE_CURMATCH,
	STYLE_DECOR,
	STYLE_SELECT,
	STYLE_EM,	/* inline markup (markup.h), in text rows */
	STYLE_STRONG,
	STYLE_CODE,
	STYLE_LINK,
	STYLE_FAINT,	/* a ruby reading, struck text */
	STYLE_COUNT
};

struct style_attr {
	attr_t	attr;
	short	pair;
};
static struct style_attr styles[STYLE_COUNT];

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

struct ui {
	struct view		*v;
	struct doc		*doc;
	struct marks		*marks;
	const char		*state_dir;
	int			 save_failed;	/* the reader was told bookmarks
					 * are not saved: not again */
	int			 save_off;	/* ... from the start: the
					 * state directory is unusable */
	SCREEN			*screen;
	FILE			*in, *out;
	int			 colour;
	long long		 scan_pending;	/* the first screen's time
					 * while the scan waits to start */
	int			 resize_pending;
	struct layout_line	*rowbuf;	/* the rows being drawn */
	int			 rowbuf_size;
	struct sigaction	 old_quit[NELEM(quit_signals)];
	struct sigaction	 old_fatal[NELEM(fatal_signals)];
	stack_t			 old_stack;
	char			*altstack;
};

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

/*
 * The ambiguous-width probe (WRAPPING.md §3): print U+201C at column 1 and
 * ask where the cursor went. It is sent as early as possible (ui_prepare,
 * before the file is opened) and read in ui_run once curses is set up, so
 * that the terminal's round trip overlaps the opening and the set-up; the
 * terminal stays without echo until the reply is read. Bytes that are not
 * the reply are keys the user typed early; they are returned for ungetch()
 * once curses runs. From the moment the terminal's modes change, a signal
 * that ends juan puts them back first (early_signals).
 */
static struct {
	int		 sent;
	int		 fd_in;
	struct termios	 old;
	long long	 deadline;
} probe;

static void
probe_send(int fd_in, int fd_out)
{
	/* The erase follows the question in the same write: a terminal answers
	 * with the position where the question stands in its input, so the
	 * answer is the same, and nothing is left to write after it. */
	static const char	 ask[] = "\r\xe2\x80\x9c\033[6n\r \r\033[K";
	struct termios		 raw;

	if (probe.sent || tcgetattr(fd_in, &probe.old) != 0)
		return;
	raw = probe.old;
	raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
	raw.c_cc[VMIN] = 0;
	raw.c_cc[VTIME] = 0;
	if (tcsetattr(fd_in, TCSANOW, &raw) != 0)
		return;
	/* A fatal error or signal before ui_run puts the terminal back. */
	saved_tio = probe.old;
	tty_in = fd_in;
	term_active = 1;
	early_signals();
	probe.sent = 1;
	probe.fd_in = fd_in;
	(void)util_write_all(fd_out, ask, sizeof ask - 1);
	probe.deadline = util_now_ms() + PROBE_MS;
}

/* Waits for the reply (until the deadline) and puts the terminal's modes
 * back as they were before the probe. Returns the early keys' count; 0 when
 * nothing was sent (probe.sent tells). */
static size_t
probe_finish(char *keys, size_t size, int *wide)
{
	struct pollfd		 pfd;
	char			 buf[256];
	size_t			 n = 0, i, j, k, nkeys = 0;
	ssize_t			 r;
	int			 row, col, found = 0;

	*wide = 0;
	if (!probe.sent)
		return 0;
	i = j = 0;
	while (!found && n < sizeof buf) {
		long long left = probe.deadline - util_now_ms();

		if (left <= 0)
			break;
		pfd.fd = probe.fd_in;
		pfd.events = POLLIN;
		if (poll(&pfd, 1, (int)left) <= 0)
			continue;
		r = read(probe.fd_in, buf + n, sizeof buf - n);
		if (r <= 0)
			break;
		n += (size_t)r;
		/* Look for ESC [ row ; col R. */
		for (i = 0; i + 1 < n && !found; i++) {
			if (buf[i] != '\033' || buf[i + 1] != '[')
				continue;
			row = col = 0;
			for (j = i + 2; j < n && buf[j] >= '0' && buf[j] <= '9'; j++)
				row = row * 10 + (buf[j] - '0');
			if (j >= n || buf[j] != ';')
				continue;
			for (j++; j < n && buf[j] >= '0' && buf[j] <= '9'; j++)
				col = col * 10 + (buf[j] - '0');
			if (j < n && buf[j] == 'R' && row > 0) {
				found = 1;
				*wide = col == 3;
				break;
			}
		}
	}
	tcsetattr(probe.fd_in, TCSANOW, &probe.old);
	for (k = 0; k < n; k++) {
		if (found && k >= i && k <= j)
			continue;
		if (nkeys < size)
			keys[nkeys++] = buf[k];
	}
	return nkeys;
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
		probe_send(fd_in, fd_out);
}

void
ui_unprepare(void)
{
	char	keys[256];
	int	wide;

	(void)probe_finish(keys, sizeof keys, &wide);
	if (probe.sent) {
		probe.sent = 0;
		term_active = 0;
		tty_in = -1;
	}
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
install_signals(struct ui *ui)
{
	struct sigaction	sa;
	stack_t			ss;
	size_t			i;

	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_quit_signal;
	for (i = 0; i < NELEM(quit_signals); i++)
		sigaction(quit_signals[i], &sa, &ui->old_quit[i]);

	ui->altstack = xmalloc(64 * 1024);
	ss.ss_sp = ui->altstack;
	ss.ss_size = 64 * 1024;
	ss.ss_flags = 0;
	sigaltstack(&ss, &ui->old_stack);
	sa.sa_handler = on_fatal_signal;
	sa.sa_flags = SA_ONSTACK | SA_RESETHAND;
	for (i = 0; i < NELEM(fatal_signals); i++)
		sigaction(fatal_signals[i], &sa, &ui->old_fatal[i]);
}

static void
restore_signals(struct ui *ui)
{
	size_t	i;

	for (i = 0; i < NELEM(quit_signals); i++)
		sigaction(quit_signals[i], &ui->old_quit[i], NULL);
	for (i = 0; i < NELEM(fatal_signals); i++)
		sigaction(fatal_signals[i], &ui->old_fatal[i], NULL);
	sigaltstack(&ui->old_stack, NULL);
	free(ui->altstack);
}

static void
setup_styles(struct ui *ui)
{
	const char	*nc = getenv("NO_COLOR");

	memset(styles, 0, sizeof styles);
	ui->colour = has_colors() && (nc == NULL || *nc == '\0');
	styles[STYLE_HEADING].attr = A_BOLD;
	styles[STYLE_STATUS].attr = A_REVERSE;
	styles[STYLE_SELECT].attr = A_REVERSE;
	styles[STYLE_DECOR].attr = A_DIM;
	styles[STYLE_EM].attr = A_ITALIC;
	styles[STYLE_STRONG].attr = A_BOLD;
	styles[STYLE_CODE].attr = A_BOLD;
	styles[STYLE_LINK].attr = A_UNDERLINE;
	styles[STYLE_FAINT].attr = A_DIM;
	if (ui->colour && start_color() == OK) {
		use_default_colors();
		init_pair(1, COLOR_CYAN, -1);
		init_pair(2, COLOR_MAGENTA, -1);
		init_pair(3, COLOR_BLACK, COLOR_YELLOW);
		init_pair(4, COLOR_BLACK, COLOR_CYAN);
		init_pair(5, COLOR_GREEN, -1);
		styles[STYLE_HEADING].pair = 1;
		styles[STYLE_CONTROL].pair = 2;
		styles[STYLE_MATCH].pair = 3;
		styles[STYLE_CURMATCH].pair = 4;
		styles[STYLE_CURMATCH].attr = A_BOLD;
		styles[STYLE_CODE].attr = 0;
		styles[STYLE_CODE].pair = 5;
	} else {
		ui->colour = 0;
		styles[STYLE_CONTROL].attr = A_UNDERLINE;
		styles[STYLE_MATCH].attr = A_REVERSE;
		styles[STYLE_CURMATCH].attr = A_REVERSE | A_BOLD | A_UNDERLINE;
	}
}

/*
 * Cells. A cell is a base character and up to MAX_MARKS marks; it is put on
 * screen only once complete, at a column computed here (so a width that
 * ncurses and the terminal disagree on cannot shift what follows).
 */
struct cellbuf {
	int	 y, x0, max;	/* row, first column, cells allowed */
	int	 col;		/* cells used by flushed cells */
	wchar_t	 wc[MAX_MARKS + 2];
	int	 nwc, width;
	int	 style;
	int	 full;		/* no more room on the row */
};

static void
cell_put(int y, int x, const wchar_t *wc, int style)
{
	cchar_t	cc;

	if (setcchar(&cc, wc, styles[style].attr, styles[style].pair, NULL) == OK)
		mvadd_wch(y, x, &cc);
}

static void
cell_flush(struct cellbuf *cb)
{
	if (cb->nwc == 0)
		return;
	cb->wc[cb->nwc] = L'\0';
	cell_put(cb->y, cb->x0 + cb->col, cb->wc, cb->style);
	cb->col += cb->width;
	cb->nwc = 0;
}

/* Start a new cell of width cols; 0 when it does not fit. */
static int
cell_start(struct cellbuf *cb, uint32_t cp, int cols, int style)
{
	cell_flush(cb);
	if (cb->full || cb->col + cols > cb->max) {
		cb->full = 1;
		return 0;
	}
	cb->wc[0] = (wchar_t)cp;
	cb->nwc = 1;
	cb->width = cols;
	cb->style = style;
	return 1;
}

static void
cell_ascii(struct cellbuf *cb, const char *s, int style)
{
	for (; *s != '\0'; s++)
		cell_start(cb, (unsigned char)*s, 1, style);
	cell_flush(cb);
}

/* Search matches over the text being drawn: doc offsets, and the doc
 * offset of the text's first byte. */
struct hl {
	const struct search_match	*m;
	size_t				 n;
	size_t				 base;
	const struct search_match	*cur;	/* the current match, or NULL */
	const unsigned char		*markup; /* markup_style of each byte
						   drawn, or NULL */
};

/* A text byte's style from its inline markup (markup.h): the strongest
 * wins where spans nest. */
static int
markup_style_of(unsigned bits, int style)
{
	if (style == STYLE_HEADING)	/* a title is drawn in one style */
		return style;
	if (bits & MARKUP_CODE)
		return STYLE_CODE;
	if (bits & MARKUP_STRONG)
		return STYLE_STRONG;
	if (bits & MARKUP_EM)
		return STYLE_EM;
	if (bits & MARKUP_LINK)
		return STYLE_LINK;
	if (bits & (MARKUP_READING | MARKUP_DEL))
		return STYLE_FAINT;
	return style;
}

static int
hl_style(const struct hl *hl, size_t i, int style)
{
	size_t	at, k;

	if (hl == NULL)
		return style;
	at = hl->base + i;
	for (k = 0; k < hl->n; k++) {
		if (at >= hl->m[k].off && at < hl->m[k].off + hl->m[k].len)
			return hl->cur != NULL && hl->cur->off == hl->m[k].off ?
			    STYLE_CURMATCH : STYLE_MATCH;
	}
	return hl->markup != NULL ? markup_style_of(hl->markup[i], style) :
	    style;
}

/* Draw s[0..n) from (y, x), at most max cells, every code point through
 * the sanitiser. Returns the cells used. */
static int
draw_text(int y, int x, int max, const char *s, size_t n, int style,
    const struct hl *hl)
{
	struct cellbuf	 cb;
	char		 buf[16];
	uint32_t	 cp;
	size_t		 i, len;
	int		 cols, st, k;

	memset(&cb, 0, sizeof cb);
	cb.y = y;
	cb.x0 = x;
	cb.max = max;
	for (i = 0; i < n && !cb.full; i += len) {
		len = ustr_decode(s + i, n - i, &cp);
		if (cp == USTR_BAD)
			cp = USTR_SUB;
		st = hl_style(hl, i, style);
		switch (ustr_show(cp, buf, &cols)) {
		case USTR_SHOW_TEXT:
			if (cols > 0) {
				ustr_decode(buf, strlen(buf), &cp);
				cell_start(&cb, cp, cols, st);
			} else if (cb.nwc > 0 && cb.nwc <= MAX_MARKS) {
				cb.wc[cb.nwc++] = (wchar_t)cp;
			} else if (cb.nwc == 0 && cell_start(&cb, DOTTED_CIRCLE,
			    ustr_width(DOTTED_CIRCLE), st)) {
				cb.wc[cb.nwc++] = (wchar_t)cp;
			}
			break;
		case USTR_SHOW_NOTATION:
			cell_flush(&cb);
			cell_ascii(&cb, buf, STYLE_CONTROL);
			break;
		case USTR_SHOW_SPACES:
			cell_flush(&cb);
			for (k = 0; k < cols; k++)
				cell_start(&cb, ' ', 1, st);
			cell_flush(&cb);
			break;
		case USTR_SHOW_NOTHING:
			break;
		}
	}
	cell_flush(&cb);
	return cb.col;
}

static int
screen_cols(void)
{
	int	rows, cols;

	getmaxyx(stdscr, rows, cols);
	(void)rows;
	return cols;
}

/* A row's indent, the cells layout_decorate() makes of it (the same as
 * --dump: spaces, a list bullet, a quote bar, a code continuation mark, an
 * image marker or a rule), from the left of the text column. */
static void
draw_decor(int y, int left, const struct layout_line *l, int cols)
{
	char	buf[512], *d = buf;
	size_t	need;

	if (l->indent <= 0 || left >= cols)
		return;
	need = layout_decorate(l, buf, sizeof buf);
	if (need >= sizeof buf) {
		d = xmalloc(need + 1);
		layout_decorate(l, d, need + 1);
	}
	draw_text(y, left, cols - left, d, need, STYLE_DECOR, NULL);
	if (d != buf)
		free(d);
}

static void
draw_rows(struct ui *ui)
{
	static struct search_match	 m[HL_MAX];
	struct view			*v = ui->v;
	struct view_screen		 vs;
	struct doc_para			 p;
	struct hl			 hl;
	const char			*text = NULL;
	const unsigned char		*mstyle = NULL;
	int				 n, r, x, cols = screen_cols(), style;
	int				 have = 0;

	view_screen(v, &vs);
	memset(&hl, 0, sizeof hl);
	hl.m = m;
	hl.cur = view_match(v);
	if (ui->rowbuf_size < vs.text_rows) {
		ui->rowbuf = xreallocarray(ui->rowbuf, (size_t)vs.text_rows,
		    sizeof *ui->rowbuf);
		ui->rowbuf_size = vs.text_rows;
	}
	n = view_rows(v, ui->rowbuf, vs.text_rows);
	for (r = 0; r < vs.text_rows; r++) {
		const struct layout_line *l = &ui->rowbuf[r];

		move(r, 0);
		clrtoeol();
		if (r >= n || (l->flags & LAYOUT_BLANK))
			continue;
		draw_decor(r, vs.left, l, cols);
		x = vs.left + l->indent;
		if (x >= cols || l->len == 0)
			continue;
		if (l->flags & LAYOUT_OVERFLOW) {
			/* as --dump: one cluster wider than the column */
			draw_text(r, x, cols - x, LAYOUT_OVERFLOW_MARK,
			    strlen(LAYOUT_OVERFLOW_MARK), STYLE_DECOR, NULL);
			continue;
		}
		if (!have || l->off < p.body_off ||
		    l->off + l->len > p.body_off + p.body_len) {
			have = doc_para_at(ui->doc, l->off, &p) == 0 &&
			    l->off >= p.body_off &&
			    l->off + l->len <= p.body_off + p.body_len;
			/* Matches first: search_para() may reuse the doc's
			 * borrowed buffer that doc_para_text() returns. */
			hl.n = have ? view_matches(v, &p, m, HL_MAX) : 0;
			if (hl.n > HL_MAX)
				hl.n = HL_MAX;
			text = have ? doc_para_text_styled(ui->doc, &p, &mstyle) :
			    NULL;
		}
		style = (l->flags & LAYOUT_HEADING) ? STYLE_HEADING : STYLE_TEXT;
		hl.base = l->off;
		hl.markup = have && mstyle != NULL ? mstyle + (l->off -
		    p.body_off) : NULL;
		if (have && text != NULL)
			draw_text(r, x, cols - x, text + (l->off - p.body_off),
			    l->len, style, &hl);
		else {
			size_t		 got;
			const char	*s = doc_view(ui->doc, l->off, l->len, &got);

			draw_text(r, x, cols - x, s, got, style, NULL);
			have = 0;
		}
	}
}

static void
draw_list(struct ui *ui)
{
	struct view		*v = ui->v;
	struct view_screen	 vs;
	char			 buf[2048];
	size_t			 i, total = view_list_count(v);
	int			 r, cols = screen_cols(), current, x;

	view_screen(v, &vs);
	for (r = 0; r < vs.text_rows; r++) {
		move(r, 0);
		clrtoeol();
		i = vs.list_top + (size_t)r;
		if (i >= total)
			continue;
		view_list_text(v, i, buf, sizeof buf, &current);
		x = vs.left;
		if (i == vs.sel) {
			attr_set(styles[STYLE_SELECT].attr, styles[STYLE_SELECT].pair, NULL);
			mvhline(r, x, ' ', vs.width < cols - x ? vs.width : cols - x);
			attr_set(A_NORMAL, 0, NULL);
			draw_text(r, x, cols - x, buf, strlen(buf), STYLE_SELECT, NULL);
		} else
			draw_text(r, x, cols - x, buf, strlen(buf),
			    current ? STYLE_HEADING : STYLE_TEXT, NULL);
	}
}

static void
draw_status(struct ui *ui)
{
	struct view_screen	 vs;
	char			 left[1024], right[256];
	int			 cols = screen_cols(), rw, lw, y, msg;

	view_screen(ui->v, &vs);
	if ((y = vs.status_row) < 0)
		return;
	msg = view_status(ui->v, left, sizeof left, right, sizeof right);
	attr_set(styles[STYLE_STATUS].attr, styles[STYLE_STATUS].pair, NULL);
	mvhline(y, 0, ' ', cols);
	attr_set(A_NORMAL, 0, NULL);
	rw = (int)ustr_strwidth(right, strlen(right));
	/* A message is read once: rather than cut it, hide the position. */
	if (rw + 2 > cols || (msg &&
	    (int)ustr_strwidth(left, strlen(left)) > cols - rw - 3))
		rw = 0;
	lw = cols - rw - (rw > 0 ? 2 : 0) - 1;
	if (lw > 0)
		draw_text(y, 1, lw, left, strlen(left), STYLE_STATUS, NULL);
	if (rw > 0)
		draw_text(y, cols - rw - 1 >= 0 ? cols - rw - 1 : 0,
		    rw, right, strlen(right), STYLE_STATUS, NULL);
}

/* What flags ask for, into curses' buffers; 1 if anything changed. */
static int
paint(struct ui *ui, int flags)
{
	struct view_screen	vs;

	if (flags & VIEW_CLEAR)
		clearok(curscr, TRUE);
	if (flags & (VIEW_DRAW | VIEW_CLEAR)) {
		view_screen(ui->v, &vs);
		if (vs.mode == VIEW_MODE_TEXT)
			draw_rows(ui);
		else
			draw_list(ui);
	}
	if (!(flags & (VIEW_DRAW | VIEW_STATUS | VIEW_CLEAR)))
		return 0;
	draw_status(ui);
	return 1;
}

static void
draw(struct ui *ui, int flags)
{
	if (paint(ui, flags))
		refresh();
}

static void
do_resize(struct ui *ui)
{
	int	rows, cols;

	ui->resize_pending = 0;
	getmaxyx(stdscr, rows, cols);
	view_resize(ui->v, rows, cols);
	erase();
	draw(ui, VIEW_DRAW | VIEW_STATUS | VIEW_CLEAR);
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

/* Read one key, waiting at most POLL_MS (0 while a resize is pending, to
 * coalesce a burst). While a search runs, its budgeted steps fill the wait,
 * so a key (Esc) or a signal (^C) is seen between two steps. -1: none. */
static int
read_key(struct ui *ui)
{
	wint_t		wch;
	int		r, flags;
	long long	start;

	for (;;) {
		timeout(ui->resize_pending || view_searching(ui->v) ? 0 :
		    ui->scan_pending ? SCAN_IDLE_MS : POLL_MS);
		r = get_wch(&wch);
		if (r != ERR)
			return translate_key(r, wch);
		if (!view_searching(ui->v) || ui->resize_pending || got_signal)
			return -1;
		/* Steps are small so that a key waits at most one slice; drawing
		 * after each would cost more than the search itself. */
		flags = 0;
		start = util_now_ms();
		do
			flags |= view_search_step(ui->v, STEP_BUDGET);
		while (view_searching(ui->v) &&
		    util_now_ms() - start < SEARCH_SLICE_MS);
		draw(ui, flags);
	}
}

/*
 * The prompt: one line of UTF-8 on the status row. Keys edit it; the text
 * is drawn through the sanitiser like everything else.
 */
struct line {
	char	buf[PROMPT_MAX];
	size_t	len, cur;
};

static size_t
char_prev(const char *s, size_t pos)
{
	if (pos == 0)
		return 0;
	for (pos--; pos > 0 && ((unsigned char)s[pos] & 0xc0) == 0x80; pos--)
		;
	return pos;
}

static size_t
char_next(const char *s, size_t len, size_t pos)
{
	if (pos >= len)
		return len;
	for (pos++; pos < len && ((unsigned char)s[pos] & 0xc0) == 0x80; pos++)
		;
	return pos;
}

static void
line_set(struct line *l, const char *s)
{
	size_t	n = strlen(s);

	if (n >= sizeof l->buf)
		n = char_prev(s, sizeof l->buf);
	memcpy(l->buf, s, n);
	l->len = l->cur = n;
}

static void
line_cut(struct line *l, size_t from, size_t to)
{
	memmove(l->buf + from, l->buf + to, l->len - to);
	l->len -= to - from;
	l->cur = from;
}

/* Apply an editing key; returns 1 if the text changed, 0 if not, -1 if the
 * key is not an editing key. */
static int
line_edit(struct line *l, int key)
{
	char	enc[8];
	size_t	n;

	switch (key) {
	case K_BACKSPACE:
		if (l->cur == 0)
			return 0;
		line_cut(l, char_prev(l->buf, l->cur), l->cur);
		return 1;
	case K_DELETE:
	case K_CTRL('d'):
		if (l->cur == l->len)
			return 0;
		line_cut(l, l->cur, char_next(l->buf, l->len, l->cur));
		return 1;
	case K_CTRL('u'):
		l->len = l->cur = 0;
		return 1;
	case K_LEFT:
	case K_CTRL('b'):
		l->cur = char_prev(l->buf, l->cur);
		return 0;
	case K_RIGHT:
	case K_CTRL('f'):
		l->cur = char_next(l->buf, l->len, l->cur);
		return 0;
	case K_HOME:
	case K_CTRL('a'):
		l->cur = 0;
		return 0;
	case K_END:
	case K_CTRL('e'):
		l->cur = l->len;
		return 0;
	}
	if (key < 0x20 || key == 0x7f || key > 0x10ffff ||
	    (key >= 0xd800 && key <= 0xdfff))
		return -1;
	n = ustr_encode((uint32_t)key, enc);
	if (l->len + n >= sizeof l->buf)
		return 0;
	memmove(l->buf + l->cur + n, l->buf + l->cur, l->len - l->cur);
	memcpy(l->buf + l->cur, enc, n);
	l->len += n;
	l->cur += n;
	return 1;
}

static void
draw_prompt(struct ui *ui, const char *label, const struct line *l)
{
	struct view_screen	vs;
	int			y, cols = screen_cols(), x, cx;
	size_t			start = 0;

	view_screen(ui->v, &vs);
	y = vs.status_row >= 0 ? vs.status_row : 0;
	move(y, 0);
	clrtoeol();
	x = draw_text(y, 0, cols - 1, label, strlen(label), STYLE_TEXT, NULL);
	/* Scroll sideways so that the cursor stays on screen. */
	while (start < l->cur && x + (int)ustr_strwidth(l->buf + start,
	    l->cur - start) > cols - 2)
		start = char_next(l->buf, l->len, start);
	cx = x + draw_text(y, x, cols - 1 - x, l->buf + start, l->cur - start,
	    STYLE_TEXT, NULL);
	draw_text(y, cx, cols - 1 - cx, l->buf + l->cur, l->len - l->cur,
	    STYLE_TEXT, NULL);
	move(y, cx < cols ? cx : cols - 1);
	curs_set(1);
	refresh();
}

/* Read a line. Returns it (malloc'd), or NULL for Esc or a signal. With
 * search, each edit starts an incremental search, Ctrl-R toggles *regex
 * and Up/Down walk the search history. */
static char *
prompt_read(struct ui *ui, const char *label, int search, int *regex)
{
	struct line	 l;
	char		 full[64];
	size_t		 hist = search ? marks_history_count(ui->marks) : 0, h;
	int		 key, changed;

	memset(&l, 0, sizeof l);
	h = hist;
	for (;;) {
		snprintf(full, sizeof full, "%s%s", search && *regex ?
		    "regex " : "", label);
		draw_prompt(ui, full, &l);
		key = read_key(ui);
		if (got_signal) {
			if (got_signal == SIGINT)
				got_signal = 0;
			break;
		}
		if (key == K_RESIZE || (key < 0 && ui->resize_pending)) {
			ui->resize_pending = 1;
			do_resize(ui);
			continue;
		}
		if (key < 0)
			continue;
		if (key == K_ENTER) {
			curs_set(0);
			return xstrndup(l.buf, l.len);
		}
		if (key == K_ESC)
			break;
		changed = line_edit(&l, key);
		if (search && key == K_CTRL('r')) {
			*regex = !*regex;
			changed = 1;
		} else if (search && (key == K_UP || key == K_DOWN) && hist > 0) {
			if (key == K_UP && h > 0)
				h--;
			else if (key == K_DOWN && h < hist)
				h++;
			line_set(&l, h < hist ? marks_history_get(ui->marks, h) : "");
			changed = 1;
		}
		if (changed > 0 && search)
			draw(ui, view_search_start(ui->v, l.buf, l.len, *regex));
	}
	curs_set(0);
	return NULL;
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
	    (int)ustr_strwidth(msg, n) > screen_cols() - 2)
		*p = '\0';
}

/* A save during the run: the first problem goes to the status line. */
static void
save_now(struct ui *ui)
{
	char	why[VIEW_MSG_MAX];

	if (save_marks(ui, why, sizeof why) != 0 && !ui->save_failed) {
		ui->save_failed = 1;
		status_fit(why);
		view_message(ui->v, "%s", why);
	}
}

/* A VIEW_PROMPT: ask, then hand the answer to the view. */
static int
run_prompt(struct ui *ui)
{
	const char	*label;
	char		*text;
	int		 flags, regex = 0, search, committed;

	search = view_prompt(ui->v, &label) == VIEW_PROMPT_SEARCH;
	text = prompt_read(ui, label, search, &regex);
	if (!search)
		flags = view_answer(ui->v, text);
	else {
		flags = view_search_enter(ui->v, text, regex, &committed);
		if (committed)
			marks_history_add(ui->marks, text);
	}
	free(text);
	return flags | VIEW_STATUS;
}

static int
mouse_event(struct ui *ui)
{
	MEVENT	ev;

	if (getmouse(&ev) != OK)
		return 0;
	if (ev.bstate & BUTTON4_PRESSED)
		return view_wheel(ui->v, -WHEEL_ROWS);
#ifdef BUTTON5_PRESSED
	if (ev.bstate & BUTTON5_PRESSED)
		return view_wheel(ui->v, WHEEL_ROWS);
#endif
	if (ev.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON1_RELEASED))
		return view_click(ui->v, ev.y);
	return 0;
}

/* One key in the pager: mouse reports here, the rest (counts included)
 * in the view. */
static int
handle_key(struct ui *ui, int key)
{
	if (key == K_MOUSE)
		return mouse_event(ui);
	return view_key(ui->v, key);
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
start_curses(struct ui *ui, int fd_in, int fd_out)
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
	setup_styles(ui);
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
 * reader hears it when the document opens rather than at exit. */
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

/* Load the bookmarks and hand them to the view (which waits for the
 * fingerprint of a pipe). A problem with them is the message shown first.
 * Returns VIEW_* flags. */
static int
setup_marks(struct ui *ui, struct doc *doc, const struct ui_opts *o,
    char **path)
{
	char	*cause = NULL, why[VIEW_MSG_MAX];
	int	 flags, bad, resume;

	ui->state_dir = o->state_dir;
	ui->marks = marks_new(o->state_dir);
	bad = o->state_dir != NULL && marks_load(ui->marks, &cause) != 0;
	*path = doc_path(doc, o->tty_fd >= 0);
	/* Only a resume needs the fingerprint before the first screen; else
	 * the bookmarks wait for it until the first key (view_poll). */
	resume = !o->no_resume && o->search == NULL;
	flags = view_set_marks(ui->v, ui->marks, resume ? doc_fingerprint(doc) :
	    doc_fingerprint_ready(doc), *path, resume);
	if (bad) {
		if (cause != NULL)
			status_fit(cause);
		view_message(ui->v, "%s", cause != NULL ? cause :
		    "Bookmarks could not be read");
	} else if (o->state_warning != NULL)
		view_message(ui->v, "%s", o->state_warning);
	else if (o->state_dir != NULL &&
	    state_dir_problem(o->state_dir, why, sizeof why)) {
		view_message(ui->v, "%s", why);
		ui->save_failed = ui->save_off = 1;
	}
	free(cause);
	return flags;
}

/* The reading position and whatever else changed this run (search
 * history); a failure the reader has not seen yet is told on stderr once
 * curses has stopped. */
static int
save_at_exit(struct ui *ui, size_t start_off, char *why, size_t size)
{
	if (view_top_off(ui->v) != start_off)
		view_save_position(ui->v);	/* a no-op without bookmarks */
	return save_marks(ui, why, size);
}

int
ui_run(struct doc *doc, const struct ui_opts *o)
{
	struct ui		 ui;
	struct view_opts	 vo;
	char			 early[256], why[1024];
	char			 incomplete[VIEW_MSG_MAX];
	char			*path = NULL;
	const char		*err;
	size_t			 nearly = 0, start_off;
	int			 fd_in, fd_out, wide = 0, rows, cols, flags, key;
	int			 status = 0, told, lost;

	ui_prepare(o);	/* sends the probe unless ui_prepare() did */
	if (!term_ok()) {
		ui_unprepare();
		return 1;
	}
	memset(&ui, 0, sizeof ui);
	ui.doc = doc;
	ui_fds(o, &fd_in, &fd_out);
	/* With the probe out, the modes now are the probe's: saved_tio holds
	 * the terminal's own since probe_send(). */
	if (!probe.sent && tcgetattr(fd_in, &saved_tio) == 0)
		tty_in = fd_in;
	restore_fd = fd_out;
	got_signal = 0;
	install_signals(&ui);
	if (start_curses(&ui, fd_in, fd_out) != 0) {
		stop_curses(&ui);
		ui_unprepare();
		restore_signals(&ui);
		return 1;
	}
	/* The first screen is laid out and painted while the probe's answer
	 * travels, as for a narrow answer (most terminals give it); a wide
	 * one lays it out again before anything is shown. */
	ustr_set_ambiguous_wide(o->ambiguous > 0);

	memset(&vo, 0, sizeof vo);
	vo.width = o->width;
	vo.cjk_per_min = o->cjk_per_min;
	vo.words_per_min = o->words_per_min;
	vo.hang = o->hang;
	vo.indent = o->indent;
	vo.para_spacing = o->para_spacing;
	vo.glue_num_unit = o->glue_num_unit;
	getmaxyx(stdscr, rows, cols);
	ui.v = view_new(doc, &vo, rows, cols);
	flags = VIEW_DRAW | VIEW_STATUS | setup_marks(&ui, doc, o, &path);
	if (flags & VIEW_SAVE)
		save_now(&ui);
	if (o->search != NULL && *o->search != '\0') {
		flags |= view_search_initial(ui.v, o->search);
	}
	paint(&ui, flags);
	nearly = probe_finish(early, sizeof early, &wide);
	if (probe.sent) {
		/* curses took the probe's modes for the shell's: give it the
		 * terminal's own (restored just now), then its own again. */
		probe.sent = 0;
		def_shell_mode();
		reset_prog_mode();
	}
	if (o->ambiguous < 0 && wide) {
		ustr_set_ambiguous_wide(1);
		view_resize(ui.v, rows, cols);
		paint(&ui, VIEW_DRAW | VIEW_STATUS);
	}
	refresh();
	start_keys();
	while (nearly > 0)
		ungetch((unsigned char)early[--nearly]);
	start_off = view_top_off(ui.v);
	ui.scan_pending = util_now_ms();

	for (;;) {
		if (got_signal == SIGINT && view_searching(ui.v)) {
			got_signal = 0;
			draw(&ui, view_search_cancel(ui.v, 0));
		}
		if (got_signal)
			break;
		key = read_key(&ui);
		flags = 0;
		if (key == K_RESIZE) {
			ui.resize_pending = 1;
			continue;
		}
		/* A key typed after a resize applies to the new size. */
		if (ui.resize_pending) {
			do_resize(&ui);
			if (key < 0)
				continue;
		}
		/* The key sees what the scan has found by now. */
		flags = view_poll(ui.v);
		if (key >= 0)
			flags |= handle_key(&ui, key);
		if (flags & VIEW_QUIT)
			break;
		if (flags & VIEW_PROMPT) {
			draw(&ui, flags & ~VIEW_PROMPT);
			flags = run_prompt(&ui);
		}
		flags |= view_poll(ui.v);
		if (flags & VIEW_SAVE)
			save_now(&ui);
		draw(&ui, flags);
		/* The whole-document work begins when the reader is idle
		 * (SCAN_IDLE_MS without a key) after the first screen, or at
		 * the latest SCAN_LATEST_MS after it: on two cores the scan's
		 * two threads would otherwise share them with the terminal
		 * showing that screen and the first keys' answers. */
		if (ui.scan_pending != 0 && (key < 0 ||
		    util_now_ms() - ui.scan_pending >= SCAN_LATEST_MS)) {
			ui.scan_pending = 0;
			doc_scan_start(doc);
		}
	}
	told = save_at_exit(&ui, start_off, why, sizeof why) != 0;
	/* A cause with nothing pending is news about a save that happened. */
	lost = told && marks_pending(ui.marks);
	/* The text stopped short (input over the cap, a read error): the
	 * reader saw it in the status line, the caller sees the status. */
	if ((err = doc_error(doc)) != NULL) {
		ustr_sanitize(err, strlen(err), incomplete, sizeof incomplete);
		status = 1;
	}
	if (got_signal)
		status = 128 + got_signal;
	view_free(ui.v);
	free(ui.rowbuf);
	marks_free(ui.marks);
	free(path);
	stop_curses(&ui);
	restore_signals(&ui);
	/* Changes lost at exit are said in full, now that the terminal is
	 * back, even if a save failed before (the status line was passing
	 * and may have been cut), and make the exit status 1; unless the
	 * reader was told at the start that nothing would be saved
	 * (RELIABILITY.md §4: said once). */
	if (lost && !ui.save_off) {
		fprintf(stderr, "juan: %s\n", why);
		if (status == 0)
			status = 1;
	} else if (told && !lost && !ui.save_failed)
		fprintf(stderr, "juan: %s\n", why);
	if (err != NULL)
		fprintf(stderr, "juan: %s\n", incomplete);
	return status;
}

/* The ncursesw library in use (for --version): curses_version() says
 * "ncurses 6.4.20221231"; the number is what the caller prints. */
const char *
ui_curses_version(void)
{
	const char	*v = curses_version(), *sp = strrchr(v, ' ');

	return sp != NULL ? sp + 1 : v;
}
