/* util: allocation that never returns NULL, overflow-checked sizes, a fatal
 * exit that first runs a hook (main registers the terminal restore there),
 * a complete write and a clock. */
#ifndef JUAN_UTIL_H
#define JUAN_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

void	*xmalloc(size_t size);
void	*xcalloc(size_t n, size_t size);
void	*xrealloc(void *p, size_t size);
/* realloc for n * size bytes; dies on overflow. */
void	*xreallocarray(void *p, size_t n, size_t size);
/* Advice that p, from malloc, be backed by huge pages: for the tables
 * that grow with the headings (issue 14). Below UTIL_HUGE_MIN bytes it
 * does nothing. */
#define UTIL_HUGE_MIN	((size_t)4 << 20)
void	 util_huge_pages(void *p);
/* A table that may grow to many megabytes (the candidates of a million
 * headings): resized from old to n bytes (p NULL: a new one), contents
 * kept up to the smaller size, huge pages kept across growth (util.c).
 * Freed only by util_table_free with its size; never NULL. */
void	*util_table_resize(void *p, size_t old, size_t n);
void	 util_table_free(void *p, size_t n);
char	*xstrdup(const char *s);
char	*xstrndup(const char *s, size_t n);
/* A growing string, always NUL-terminated once anything is added; start
 * it as { NULL, 0, 0 } and free p. */
struct util_buf {
	char	*p;
	size_t	 len, cap;
};
void	 util_buf_add(struct util_buf *, const void *s, size_t n);
void	 util_buf_str(struct util_buf *, const char *s);
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

/* Free what p points to and forget it (p is an lvalue, evaluated twice). */
#define UTIL_FREE_NULL(p)	do { free(p); (p) = NULL; } while (0)

/* FNV-1a, 64 bits: the one hash of the project (document fingerprints,
 * bookmark ids, heading texts). Start with UTIL_HASH_INIT; feed in pieces. */
#define UTIL_HASH_INIT	14695981039346656037ULL
uint64_t util_hash(uint64_t h, const void *p, size_t n);

/* juan's directory of an XDG base directory: "$var/juan" when var holds
 * an absolute path, else "HOME/fallback/juan" (fallback ".local/state",
 * ".config"), HOME from the environment or the passwd entry; NULL without
 * a home. Malloc'd. */
char	*util_xdg_dir(const char *var, const char *fallback);

/* Monotonic clock in milliseconds, for timeouts and progress. */
long long util_now_ms(void);
/* The local calendar day of t as YYYYMMDD; 0 outside the years 1970-9999
 * (the reading statistics' days). */
int	 util_local_day(time_t t);

#ifdef __SSE2__
/* SSE2 (every x86-64 has it), for the loops that pass every byte of a
 * text: sixteen bytes as signed lanes, continuation bytes 0x80..0xBF being
 * -128..-65 and leads -64..-1. */
#include <emmintrin.h>

#define UTIL_SET8(x)	_mm_set1_epi8((char)(x))
/* The lanes of v in lo..hi (as bytes): shifted so that lo is -128, then one
 * signed compare. */
#define UTIL_IN_RANGE8(v, lo, hi) \
	_mm_cmplt_epi8(_mm_add_epi8(v, UTIL_SET8(0x80 - (lo))), \
	    UTIL_SET8(-128 + (hi) - (lo) + 1))
#endif

#endif
