/* theme: how each style of the screen looks, for a dark or a light
 * terminal background, with 8, 16 or 256 colours or none. Plain logic: the
 * ui turns a style's attributes and colour numbers into curses' (and only
 * the ui does). Every style stays distinct in monochrome, by attributes. */
#ifndef JUAN_THEME_H
#define JUAN_THEME_H

enum theme_id {
	THEME_AUTO,	/* dark or light from the terminal's COLORFGBG */
	THEME_DARK,
	THEME_LIGHT,
	THEME_MONO,	/* attributes only */
};

/* What the screen draws. */
enum theme_style {
	THEME_TEXT,
	THEME_HEADING,
	THEME_CONTROL,		/* a control character's visible code */
	THEME_STATUS,		/* the status line */
	THEME_MATCH,		/* a search match */
	THEME_CURMATCH,		/* the match n and N go from */
	THEME_DECOR,		/* bullets, bars, rules */
	THEME_SELECT,		/* a list's selected entry */
	THEME_EM,		/* inline markup (markup.h) */
	THEME_STRONG,
	THEME_CODE,
	THEME_LINK,
	THEME_FAINT,		/* a ruby reading, struck text */
	THEME_STYLES
};

/* Attributes. */
enum {
	THEME_BOLD	= 1 << 0,
	THEME_UNDERLINE	= 1 << 1,
	THEME_REVERSE	= 1 << 2,
	THEME_DIM	= 1 << 3,
	THEME_ITALIC	= 1 << 4,
};

struct theme_look {
	int	attrs;		/* THEME_BOLD ... */
	short	fg, bg;		/* colour numbers; -1: the terminal's own */
};

/* The theme to draw with: asked (enum theme_id; auto reads colorfgbg,
 * "15;0" as rxvt and Konsole set it: a background of 0-6 or 8 is dark,
 * 7 or 9-15 light, anything else dark), the terminal's colours (0: none)
 * and whether colours are off (NO_COLOR, color = no): mono then. */
int	theme_resolve(int asked, const char *colorfgbg, int colors, int off);
/* Each style's look in a resolved theme with that many colours. */
void	theme_looks(int theme, int colors, struct theme_look out[THEME_STYLES]);

#endif
