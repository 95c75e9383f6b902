/* ustr_fold-gen VERSION DUMP...: writes build/ustr-fold.inc, the script-key
 * table src/ustr_fold.c compiles in (see its header comment), by running the
 * generator code of ustr_fold.c (built with USTR_FOLD_GENERATOR) on OpenCC's
 * character dictionaries dumped as text by opencc_dict; VERSION is OpenCC's,
 * for --version. The build runs it; a start of juan then reads no
 * dictionary. */
#include <stdio.h>

/* Defined in src/ustr_fold.c under USTR_FOLD_GENERATOR only. */
int	ustr_fold_generate(FILE *out, const char *version, int ndump,
	    char **dump);

int
main(int argc, char **argv)
{
	if (argc < 3 || argv[1][0] == '\0') {
		fprintf(stderr, "usage: ustr_fold-gen OPENCC-VERSION DUMP...\n");
		return 2;
	}
	if (ustr_fold_generate(stdout, argv[1], argc - 2, argv + 2) != 0)
		return 1;
	return fflush(stdout) == 0 && !ferror(stdout) ? 0 : 1;
}
