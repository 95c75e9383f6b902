/* Unit tests for util: the huge-page advice for large tables, and the
 * tables that keep their huge pages as they grow. */
#define _GNU_SOURCE		/* malloc_usable_size */
#include "testutil.h"

#include <malloc.h>
#include <unistd.h>

#include "util.h"

/* The flags of the mapping holding p (/proc/self/smaps "VmFlags:"), and
 * whether that one mapping covers p[0..n). 0 without /proc. */
static int
mapping_of(const void *p, size_t n, char *flags, size_t size, int *covers)
{
	FILE		*f = fopen("/proc/self/smaps", "r");
	char		 line[512];
	unsigned long	 lo, hi;
	int		 in = 0;

	if (f == NULL)
		return 0;
	while (fgets(line, sizeof line, f) != NULL) {
		if (sscanf(line, "%lx-%lx ", &lo, &hi) == 2 &&
		    strchr(line, '-') < strchr(line, ' ')) {
			in = (uintptr_t)p >= lo && (uintptr_t)p < hi;
			if (in)
				*covers = (uintptr_t)p + n <= hi;
		} else if (in && strncmp(line, "VmFlags:", 8) == 0) {
			snprintf(flags, size, "%s", line + 8);
			fclose(f);
			return 1;
		}
	}
	fclose(f);
	return 0;
}

/* The advice covers the allocation's whole mapping (a part of it only
 * would split the mapping, and realloc would copy instead of growing it),
 * and the contents survive a realloc past it. */
static void
test_huge_pages(void **state)
{
	size_t	 n = 8u << 20;
	char	*p = xmalloc(n), flags[512] = "";
	int	 covers = 0;

	(void)state;
	memset(p, 'x', n);
	util_huge_pages(p);
#ifdef __linux__
	if (mapping_of(p, malloc_usable_size(p), flags, sizeof flags,
	    &covers) && access("/sys/kernel/mm/transparent_hugepage/enabled",
	    R_OK) == 0) {
		assert_non_null(strstr(flags, " hg"));
		assert_true(covers);
	}
#endif
	p = xrealloc(p, 4 * n);
	assert_int_equal(p[n - 1], 'x');
	assert_int_equal(p[0], 'x');
	free(p);
}

/* Byte i of a table: a pattern a lost or shifted page would break. */
static unsigned char
pat(size_t i)
{
	return (unsigned char)(i * 7 + (i >> 12));
}

static void
fill(unsigned char *p, size_t from, size_t to)
{
	for (; from < to; from++)
		p[from] = pat(from);
}

static int
intact(const unsigned char *p, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (p[i] != pat(i))
			return 0;
	return 1;
}

/* A table keeps its contents from malloc's sizes to mapped ones, across
 * growth by mremap and back; mapped, it starts at a 2 MiB boundary and
 * carries the huge-page advice (a moved table at another offset within
 * 2 MiB has its huge pages split). */
static void
test_table_resize(void **state)
{
	size_t		 sizes[] = { 1000, 3u << 20, 9u << 20, 23u << 20,
	    24u << 20, 5000 }, i, old = 0;
	unsigned char	*p = NULL;
	char		 flags[512] = "";
	int		 covers = 0;

	(void)state;
	for (i = 0; i < sizeof sizes / sizeof *sizes; i++) {
		p = util_table_resize(p, old, sizes[i]);
		assert_true(intact(p, old < sizes[i] ? old : sizes[i]));
		if (sizes[i] > old)
			fill(p, old, sizes[i]);
		old = sizes[i];
#ifdef __linux__
		if (old >= UTIL_HUGE_MIN) {
			assert_int_equal((uintptr_t)p % (2u << 20), 0);
			if (mapping_of(p, old, flags, sizeof flags, &covers) &&
			    access("/sys/kernel/mm/transparent_hugepage/enabled",
			    R_OK) == 0) {
				assert_non_null(strstr(flags, " hg"));
				assert_true(covers);
			}
		}
#endif
	}
	assert_true(intact(p, old));
	util_table_free(p, old);
	util_table_free(NULL, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_huge_pages),
		cmocka_unit_test(test_table_resize),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
