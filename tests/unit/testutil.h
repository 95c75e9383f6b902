/* Common includes for the cmocka unit tests (cmocka 1.1 needs these first). */
#ifndef JUAN_TESTUTIL_H
#define JUAN_TESTUTIL_H
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Path of the shared corpus (../shared/corpus from the repository root). */
#define CORPUS_ARTICLE "../shared/corpus/000_4a7947cb9897f18c.txt"

/* Read a whole small file into memory (tests only). Returns NULL if missing. */
static inline char *
test_slurp(const char *path, size_t *len)
{
	FILE	*f = fopen(path, "rb");
	char	*buf = NULL;
	size_t	 cap = 0, n = 0, got;

	if (f == NULL)
		return NULL;
	do {
		if (n == cap) {
			cap = cap ? cap * 2 : 65536;
			buf = realloc(buf, cap + 1);
			if (buf == NULL)
				abort();
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
	} while (got > 0);
	fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
}
#endif
