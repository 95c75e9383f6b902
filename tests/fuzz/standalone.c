/* Replays fuzz inputs without libFuzzer: each argument is a file or a
 * directory of files, fed to LLVMFuzzerTestOneInput() one by one. Built with
 * gcc + ASan/UBSan by `make fuzz-replay`, so `make check` needs no clang.
 * Prints one TAP line per input. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int	count;

static void
replay_file(const char *path)
{
	FILE	*f = fopen(path, "rb");
	uint8_t	*buf = NULL;
	size_t	 n = 0, cap = 0, got;

	if (f == NULL) {
		printf("not ok - %s: cannot open\n", path);
		return;
	}
	do {
		if (n == cap) {
			cap = cap ? cap * 2 : 4096;
			buf = realloc(buf, cap);
			if (buf == NULL)
				abort();
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
	} while (got > 0);
	fclose(f);
	LLVMFuzzerTestOneInput(buf, n);
	free(buf);
	printf("ok - %s\n", path);
	count++;
}

static void
replay(const char *path)
{
	struct stat	 st;
	DIR		*d;
	struct dirent	*e;
	char		 sub[4096];

	if (stat(path, &st) != 0) {
		printf("not ok - %s: missing\n", path);
		return;
	}
	if (!S_ISDIR(st.st_mode)) {
		replay_file(path);
		return;
	}
	if ((d = opendir(path)) == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
		replay(sub);
	}
	closedir(d);
}

int
main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		replay(argv[i]);
	if (count == 0)
		printf("not ok - no fuzz inputs replayed\n");
	return 0;
}
