/* Unit tests for util: the huge-page advice for large tables. */
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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_huge_pages),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
