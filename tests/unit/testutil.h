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

/* The project's web-paste article and its expected table of contents
 * (LEVEL<TAB>LINE<TAB>TITLE a line, as juan --toc prints it), paths from the
 * repository root, where tests/run.sh runs the tests. tests/data/README.md
 * lists the traps the article carries. */
#define TEST_ARTICLE	 "tests/data/article.txt"
#define TEST_ARTICLE_TOC "tests/data/article.toc"
#define TEST_TRAD	 "tests/data/trad.txt"	/* script folding */

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

/* The headings of tests/data/article.toc, the one statement of them that
 * the unit tests and the e2e scripts share: up to max line numbers and
 * titles (titles point into *text, which the caller frees). Returns the
 * count; fails the test if the file is missing or malformed. */
static inline size_t
test_article_toc(char **text, size_t *lines, const char **titles, size_t max)
{
	size_t	 len, n = 0;
	char	*p, *nl, *tab;

	*text = test_slurp(TEST_ARTICLE_TOC, &len);
	assert_non_null(*text);
	for (p = *text; *p != '\0' && n < max; p = nl + 1) {
		nl = strchr(p, '\n');
		assert_non_null(nl);
		*nl = '\0';
		assert_true(strncmp(p, "1\t", 2) == 0);
		lines[n] = strtoul(p + 2, &tab, 10);
		assert_true(lines[n] > 0 && *tab == '\t');
		titles[n++] = tab + 1;
	}
	return n;
}
#endif
