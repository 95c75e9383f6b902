/* theme: the looks of the screen's styles.
 *
 * Data model: a table per background (dark, light) gives each coloured
 * style its colours in 256 colours and in 8 (the 16-colour terminal takes
 * the 8-colour look, bright where the table says so), and a table of
 * attributes gives every style the look it keeps without colour: a
 * heading bold, a match reversed, the selection reversed. Text and the
 * inline markup styles keep the terminal's own colours, so they read on
 * any background. */
#include <stdlib.h>
#include <string.h>

#include "theme.h"

/* The 8 ANSI colours; +8 is the bright one, with 16 colours. */
enum { BLACK, RED, GREEN, YELLOW, BLUE, MAGENTA, CYAN, WHITE, BRIGHT = 8 };
#define DEFAULT	(-1)

/* Attributes without colour (monochrome), and the ones kept with it. */
static const int mono[THEME_STYLES] = {
	[THEME_HEADING] = THEME_BOLD,
	[THEME_CONTROL] = THEME_UNDERLINE,
	[THEME_STATUS] = THEME_REVERSE,
	[THEME_MATCH] = THEME_REVERSE,
	[THEME_CURMATCH] = THEME_REVERSE | THEME_BOLD | THEME_UNDERLINE,
	[THEME_DECOR] = THEME_DIM,
	[THEME_SELECT] = THEME_REVERSE,
	[THEME_EM] = THEME_ITALIC,
	[THEME_STRONG] = THEME_BOLD,
	[THEME_CODE] = THEME_BOLD,
	[THEME_LINK] = THEME_UNDERLINE,
	[THEME_FAINT] = THEME_DIM,
};

struct colours {
	int	style;
	int	attrs;		/* with colour */
	short	fg8, bg8;	/* 8 colours (| BRIGHT with 16) */
	short	fg256, bg256;
};

/* On a dark background: light colours for text, dark ones behind
 * reversed text. */
static const struct colours dark[] = {
	{ THEME_HEADING, THEME_BOLD, CYAN | BRIGHT, DEFAULT, 117, DEFAULT },
	{ THEME_CONTROL, 0, MAGENTA | BRIGHT, DEFAULT, 176, DEFAULT },
	{ THEME_STATUS, 0, BLACK, WHITE, 252, 238 },
	{ THEME_MATCH, 0, BLACK, YELLOW, 16, 222 },
	{ THEME_CURMATCH, THEME_BOLD, BLACK, CYAN, 16, 214 },
	{ THEME_SELECT, 0, BLACK, CYAN, 255, 24 },
	{ THEME_CODE, 0, GREEN | BRIGHT, DEFAULT, 114, DEFAULT },
};

/* On a light background: dark colours for text, pale ones behind. */
static const struct colours light[] = {
	{ THEME_HEADING, THEME_BOLD, BLUE, DEFAULT, 25, DEFAULT },
	{ THEME_CONTROL, 0, MAGENTA, DEFAULT, 127, DEFAULT },
	{ THEME_STATUS, 0, WHITE, BLACK, 235, 252 },
	{ THEME_MATCH, 0, BLACK, YELLOW, 16, 229 },
	{ THEME_CURMATCH, THEME_BOLD, BLACK, CYAN, 16, 215 },
	{ THEME_SELECT, 0, WHITE, BLUE, 16, 153 },
	/* Green on white is too pale in 8 and 16 colours: red there. */
	{ THEME_CODE, 0, RED, DEFAULT, 28, DEFAULT },
};

int
theme_resolve(int asked, const char *colorfgbg, int colors, int off)
{
	const char	*semi;
	long		 bg;

	if (off || colors < 8 || asked == THEME_MONO)
		return THEME_MONO;
	if (asked == THEME_DARK || asked == THEME_LIGHT)
		return asked;
	/* "fg;bg" or "fg;default;bg": the last field is the background. */
	if (colorfgbg == NULL || (semi = strrchr(colorfgbg, ';')) == NULL)
		return THEME_DARK;
	bg = strtol(semi + 1, NULL, 10);
	return bg == 7 || (bg >= 9 && bg <= 15) ? THEME_LIGHT : THEME_DARK;
}

void
theme_looks(int theme, int colors, struct theme_look out[THEME_STYLES])
{
	const struct colours	*t = theme == THEME_LIGHT ? light : dark;
	size_t			 n = theme == THEME_LIGHT ?
	    sizeof light / sizeof light[0] : sizeof dark / sizeof dark[0];

	for (int s = 0; s < THEME_STYLES; s++) {
		out[s].attrs = mono[s];
		out[s].fg = out[s].bg = DEFAULT;
	}
	if (theme == THEME_MONO || colors < 8)
		return;
	for (size_t i = 0; i < n; i++) {
		struct theme_look *l = &out[t[i].style];

		l->attrs = t[i].attrs;
		if (colors >= 256) {
			l->fg = t[i].fg256;
			l->bg = t[i].bg256;
		} else {
			/* Without the bright half, the plain colour. */
			l->fg = colors >= 16 || t[i].fg8 < 0 ? t[i].fg8 :
			    t[i].fg8 & ~BRIGHT;
			l->bg = t[i].bg8;
		}
	}
}
