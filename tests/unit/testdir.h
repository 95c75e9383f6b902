/* A directory of a test's own files, made fresh and removed with all below
 * it. For tests that define _XOPEN_SOURCE >= 500 or _GNU_SOURCE before any
 * include (nftw). */
#ifndef JUAN_TESTDIR_H
#define JUAN_TESTDIR_H
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

/* A fresh directory /tmp/NAME.XXXXXX for a test's files, into dir
 * (size >= 64); -1 if it cannot be made. */
static inline int
test_tmpdir_make(char *dir, size_t size, const char *name)
{
	snprintf(dir, size, "/tmp/%s.XXXXXX", name);
	return mkdtemp(dir) == NULL ? -1 : 0;
}

static inline int
test_rm_one(const char *path, const struct stat *sb, int flag,
    struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* Remove what test_tmpdir_make made, and all below it. */
static inline int
test_tmpdir_remove(const char *dir)
{
	return nftw(dir, test_rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

#endif
