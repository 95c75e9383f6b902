/* ustr-gen: writes build/ustr-bmp.inc, the BMP tables src/ustr.c compiles in
 * (see its header comment), by running the table code of ustr.c (built with
 * USTR_GENERATOR) against the installed utf8proc and libunistring. The build
 * runs it; a start of juan then computes no table. */
#include <stdio.h>

/* Defined in src/ustr.c under USTR_GENERATOR only. */
void	ustr_generate(FILE *out);

int
main(void)
{
	ustr_generate(stdout);
	return fflush(stdout) == 0 && !ferror(stdout) ? 0 : 1;
}
