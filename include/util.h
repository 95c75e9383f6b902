/* util: allocation that never returns NULL, overflow-checked sizes, a fatal
 * exit that first runs a hook (main registers the terminal restore there),
 * a complete write and a clock. */
#ifndef JUAN_UTIL_H
#define JUAN_UTIL_H

#include <stddef.h>

void	*xmalloc(size_t size);
void	*xcalloc(size_t n, size_t size);
void	*xrealloc(void *p, size_t size);
/* realloc for n * size bytes; dies on overflow. */
void	*xreallocarray(void *p, size_t n, size_t size);
char	*xstrdup(const char *s);
char	*xstrndup(const char *s, size_t n);
/* Formatted allocation; never NULL. */
char	*xasprintf(const char *fmt, ...)
	    __attribute__((format(printf, 1, 2)));

/* Called by die() before it prints, to put the terminal back. */
void	 util_set_die_hook(void (*hook)(void));
/* Out of memory and impossible system states: hook, "juan: msg" on stderr, exit 1. */
_Noreturn void die(const char *fmt, ...)
	    __attribute__((format(printf, 1, 2)));

/* write() all of p[0..n), again after EINTR. Returns 0, or -1 with errno
 * set (ENOSPC when write() wrote nothing). Async-signal-safe. */
int	 util_write_all(int fd, const void *p, size_t n);

/* Monotonic clock in milliseconds, for timeouts and progress. */
long long util_now_ms(void);

#endif
