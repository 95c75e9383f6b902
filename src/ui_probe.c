/* ui_probe: the terminal before curses starts. The ambiguous-width probe,
 * sent as soon as juan starts and read once curses is set up, and "waiting
 * for input" while a pipe or FIFO is silent; the keys typed meanwhile are
 * kept for the pager. Part of ui (src/ui_int.h): it only writes escape
 * sequences of its own and reads the terminal with poll(2) and read(2). */
#include "ui_int.h"

#include <poll.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "util.h"

#define PROBE_MS	200	/* longest wait for the cursor report */

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
	int		 quiet;		/* the modes are changed: old holds the
					   terminal's own */
	int		 sent;		/* the question is out */
	int		 fd_in, fd_out;
	struct termios	 old;
	long long	 deadline;
	char		 buf[256];	/* read from the terminal before curses:
					   the answer and early keys */
	size_t		 n;
	int		 waiting;	/* "waiting for input" is on the line */
} probe;

/* The terminal without echo and line editing, keys readable at once; a
 * fatal error or signal before ui_run puts it back. */
static int
tty_quiet(int fd_in)
{
	struct termios	raw;

	if (probe.quiet)
		return 0;
	if (tcgetattr(fd_in, &probe.old) != 0)
		return -1;
	raw = probe.old;
	raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
	raw.c_cc[VMIN] = 0;
	raw.c_cc[VTIME] = 0;
	if (tcsetattr(fd_in, TCSANOW, &raw) != 0)
		return -1;
	ui_guard_tty(fd_in, &probe.old);
	probe.quiet = 1;
	probe.fd_in = fd_in;
	return 0;
}

void
ui_probe_send(int fd_in, int fd_out)
{
	/* The erase follows the question in the same write: a terminal answers
	 * with the position where the question stands in its input, so the
	 * answer is the same, and nothing is left to write after it. */
	static const char	 ask[] = "\r\xe2\x80\x9c\033[6n\r \r\033[K";

	if (probe.sent || tty_quiet(fd_in) != 0)
		return;
	probe.sent = 1;
	(void)util_write_all(fd_out, ask, sizeof ask - 1);
	probe.deadline = util_now_ms() + PROBE_MS;
}

/* The answer, ESC [ row ; col R, in probe.buf: 1, its first and last
 * byte in *at and *end, *wide from its column. */
static int
probe_answer(size_t *at, size_t *end, int *wide)
{
	const char	*buf = probe.buf;
	size_t		 n = probe.n, i, j;
	int		 row, col;

	for (i = 0; i + 1 < n; i++) {
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
			*at = i;
			*end = j;
			*wide = col == 3;
			return 1;
		}
	}
	return 0;
}

/* "waiting for input" (ui_wait_input) goes from the shell's screen
 * before curses takes the terminal, or juan exits. */
void
ui_probe_waiting_erase(void)
{
	static const char	 erase[] = "\r\033[K";

	if (probe.waiting)
		(void)util_write_all(probe.fd_out, erase, sizeof erase - 1);
	probe.waiting = 0;
}

/* Waits for the answer (until the deadline), puts the terminal's modes
 * back as they were and erases "waiting for input". Returns the early
 * keys' count (all that was read but the answer); 0 when the modes were
 * never changed. */
size_t
ui_probe_finish(char *keys, size_t size, int *wide)
{
	struct pollfd		 pfd;
	size_t			 at = 0, end = 0, k, nkeys = 0;
	ssize_t			 r;
	int			 found = 0;

	*wide = 0;
	if (!probe.quiet)
		return 0;
	while (probe.sent && !(found = probe_answer(&at, &end, wide)) &&
	    probe.n < sizeof probe.buf) {
		long long left = probe.deadline - util_now_ms();

		if (left <= 0)
			break;
		pfd.fd = probe.fd_in;
		pfd.events = POLLIN;
		if (poll(&pfd, 1, (int)left) <= 0)
			continue;
		r = read(probe.fd_in, probe.buf + probe.n,
		    sizeof probe.buf - probe.n);
		if (r <= 0)
			break;
		probe.n += (size_t)r;
	}
	tcsetattr(probe.fd_in, TCSANOW, &probe.old);
	ui_probe_waiting_erase();
	for (k = 0; k < probe.n; k++) {
		if (found && k >= at && k <= end)
			continue;
		if (nkeys < size)
			keys[nkeys++] = probe.buf[k];
	}
	probe.n = 0;
	return nkeys;
}

/* ui_probe_forget: the probe's modes are the terminal's again (after
 * ui_probe_finish); 1 when the probe had changed them. */
int
ui_probe_forget(void)
{
	int	quiet = probe.quiet;

	probe.quiet = probe.sent = 0;
	return quiet;
}

int
ui_probe_quiet(void)
{
	return probe.quiet;
}

/* Says "waiting for input" once, and reads the keys typed meanwhile (the
 * pager replays them as it does the probe's early keys); q quits. */
int
ui_probe_wait_input(int fd_in, int fd_out)
{
	static const char	 msg[] =
	    "\rwaiting for input\xe2\x80\xa6 (q quits)\033[K";
	char			 buf[64];
	ssize_t			 r, i;

	if (!isatty(fd_in) || tty_quiet(fd_in) != 0)
		return 0;
	if (!probe.waiting) {
		probe.waiting = 1;
		probe.fd_out = fd_out;
		(void)util_write_all(fd_out, msg, sizeof msg - 1);
	}
	while ((r = read(fd_in, buf, sizeof buf)) > 0)
		for (i = 0; i < r; i++) {
			if (buf[i] == 'q' || buf[i] == 'Q')
				return 1;
			if (probe.n < sizeof probe.buf)
				probe.buf[probe.n++] = buf[i];
		}
	return 0;
}

