/* util: allocation that never fails (it dies instead), checked sizes, and the
 * fatal-exit path, which first runs a hook so the terminal is restored. */
#define _GNU_SOURCE		/* mremap */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <errno.h>
#include <pwd.h>
#include <sys/mman.h>
#ifdef __linux__
#include <malloc.h>	/* malloc_usable_size */
#endif

#include "util.h"

static void (*die_hook)(void);

void
util_set_die_hook(void (*hook)(void))
{
	die_hook = hook;
}

_Noreturn void
die(const char *fmt, ...)
{
	va_list	ap;

	if (die_hook != NULL)
		die_hook();
	fputs("juan: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

void *
xmalloc(size_t size)
{
	void	*p = malloc(size == 0 ? 1 : size);

	if (p == NULL)
		die("out of memory (%zu bytes)", size);
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void	*p = calloc(n == 0 ? 1 : n, size == 0 ? 1 : size);

	if (p == NULL)
		die("out of memory (%zu x %zu bytes)", n, size);
	return p;
}

void *
xrealloc(void *p, size_t size)
{
	void	*q = realloc(p, size == 0 ? 1 : size);

	if (q == NULL)
		die("out of memory (%zu bytes)", size);
	return q;
}

void *
xreallocarray(void *p, size_t n, size_t size)
{
	if (size != 0 && n > SIZE_MAX / size)
		die("size overflow (%zu x %zu)", n, size);
	return xrealloc(p, n * size);
}

/* Large tables (a million headings' candidates and sections) are touched
 * once, page by page: a fault per 4 KiB page cost as much as filling the
 * table. With huge pages asked for, a fault maps 2 MiB. The advice covers
 * the allocation's whole mapping (malloc_usable_size), so that realloc can
 * still grow it by mremap instead of copying. Only advice: where the
 * system has none, nothing changes. */
void
util_huge_pages(void *p)
{
#ifdef MADV_HUGEPAGE
	long		page = sysconf(_SC_PAGESIZE);
	size_t		n = p != NULL ? malloc_usable_size(p) : 0;
	uintptr_t	a, b;

	if (page <= 0 || n < UTIL_HUGE_MIN)
		return;
	a = (uintptr_t)p & ~((uintptr_t)page - 1);
	b = ((uintptr_t)p + n + (uintptr_t)page - 1) & ~((uintptr_t)page - 1);
	(void)madvise((void *)a, b - a, MADV_HUGEPAGE);
#else
	(void)p;
#endif
}

/* Huge pages are 2 MiB on the machines that have them; a table mapped at
 * that alignment is backed by them from its first byte to its last. */
#define TABLE_ALIGN	((size_t)2 << 20)

#if defined(MREMAP_FIXED) && defined(MADV_HUGEPAGE)
static size_t
table_bytes(size_t n)
{
	return (n + TABLE_ALIGN - 1) & ~(TABLE_ALIGN - 1);
}

/* n bytes (a multiple of TABLE_ALIGN) of zeroes at a TABLE_ALIGN address:
 * a larger mapping, its ends cut off. */
static char *
table_map(size_t n)
{
	char		*p;
	uintptr_t	 a;
	size_t		 head;

	if (n + TABLE_ALIGN < n)
		die("table of %zu bytes: too large", n);
	p = mmap(NULL, n + TABLE_ALIGN, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		die("out of memory (table of %zu bytes)", n);
	a = ((uintptr_t)p + TABLE_ALIGN - 1) & ~(uintptr_t)(TABLE_ALIGN - 1);
	head = (size_t)(a - (uintptr_t)p);
	if (head > 0)
		(void)munmap(p, head);
	(void)munmap(p + head + n, TABLE_ALIGN - head);
	(void)madvise(p + head, n, MADV_HUGEPAGE);
	return p + head;
}

/* Below UTIL_HUGE_MIN a table is malloc's; from there on it is mapped at
 * TABLE_ALIGN, and grows by mremap onto a new aligned mapping, so that the
 * kernel moves its huge pages whole. realloc's mremap moves a large block
 * to any page address: its huge pages were split into 4 KiB ones, and a
 * million headings' candidates (120 MB) read back at half the speed. */
void *
util_table_resize(void *p, size_t old, size_t n)
{
	char	*q;

	if (n < UTIL_HUGE_MIN && (p == NULL || old < UTIL_HUGE_MIN))
		return xrealloc(p, n > 0 ? n : 1);
	if (n < UTIL_HUGE_MIN) {
		q = xmalloc(n > 0 ? n : 1);
		memcpy(q, p, n);
		util_table_free(p, old);
		return q;
	}
	if (p != NULL && old >= UTIL_HUGE_MIN &&
	    table_bytes(old) == table_bytes(n))
		return p;
	q = table_map(table_bytes(n));
	if (p == NULL)
		return q;
	if (old < UTIL_HUGE_MIN) {
		memcpy(q, p, old < n ? old : n);
		free(p);
		return q;
	}
	if (mremap(p, table_bytes(old), table_bytes(n), MREMAP_MAYMOVE |
	    MREMAP_FIXED, q) == MAP_FAILED)
		die("out of memory (table of %zu bytes)", n);
	return q;
}

void
util_table_free(void *p, size_t n)
{
	if (p != NULL && n >= UTIL_HUGE_MIN)
		(void)munmap(p, table_bytes(n));
	else
		free(p);
}
#else
void *
util_table_resize(void *p, size_t old, size_t n)
{
	(void)old;
	p = xrealloc(p, n > 0 ? n : 1);
	util_huge_pages(p);
	return p;
}

void
util_table_free(void *p, size_t n)
{
	(void)n;
	free(p);
}
#endif

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

void
util_buf_add(struct util_buf *b, const void *s, size_t n)
{
	if (n >= SIZE_MAX / 2 - b->len)
		die("size overflow");
	if (b->cap - b->len < n + 1) {
		while (b->cap - b->len < n + 1)
			b->cap = b->cap ? b->cap * 2 : 4096;
		b->p = xrealloc(b->p, b->cap);
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

void
util_buf_str(struct util_buf *b, const char *s)
{
	util_buf_add(b, s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	char	*p;

	if (n == SIZE_MAX)
		die("size overflow");
	p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
xasprintf(const char *fmt, ...)
{
	va_list	 ap;
	int	 n;
	char	*p;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		die("bad format");
	p = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

long long
util_now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int
util_local_day(time_t t)
{
	struct tm	tm;

	if (localtime_r(&t, &tm) == NULL || tm.tm_year + 1900 < 1970 ||
	    tm.tm_year + 1900 > 9999)
		return 0;
	return (tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
}

int
util_write_all(int fd, const void *p, size_t n)
{
	const char	*s = p;
	ssize_t		 r;

	while (n > 0) {
		r = write(fd, s, n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0) {
			errno = ENOSPC;
			return -1;
		}
		s += r;
		n -= (size_t)r;
	}
	return 0;
}

uint64_t
util_hash(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;

	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 1099511628211ULL;
	return h;
}

char *
util_xdg_dir(const char *var, const char *fallback)
{
	const char	*xdg = getenv(var), *home = getenv("HOME");
	struct passwd	*pw;

	/* The XDG spec: a relative value is invalid and must be ignored. */
	if (xdg != NULL && xdg[0] == '/')
		return xasprintf("%s%sjuan", xdg,
		    xdg[strlen(xdg) - 1] == '/' ? "" : "/");
	if (home == NULL || home[0] != '/') {
		pw = getpwuid(getuid());
		home = pw != NULL ? pw->pw_dir : NULL;
	}
	if (home == NULL || home[0] != '/')
		return NULL;
	return xasprintf("%s%s%s/juan", home,
	    home[strlen(home) - 1] == '/' ? "" : "/", fallback);
}
