/* Tests for theme: the background from COLORFGBG, monochrome when colours
 * are off or missing, every style distinct without colour, colour numbers
 * within what the terminal has, and colours that read on their background:
 * light on a dark terminal, dark on a light one, never one colour on
 * itself. */
#include "testutil.h"

#include "theme.h"

static void
test_resolve(void **state)
{
	(void)state;
	assert_int_equal(theme_resolve(THEME_AUTO, NULL, 256, 0), THEME_DARK);
	assert_int_equal(theme_resolve(THEME_AUTO, "15;0", 256, 0), THEME_DARK);
	assert_int_equal(theme_resolve(THEME_AUTO, "0;15", 256, 0), THEME_LIGHT);
	assert_int_equal(theme_resolve(THEME_AUTO, "0;default;7", 8, 0),
	    THEME_LIGHT);
	assert_int_equal(theme_resolve(THEME_AUTO, "12;8", 16, 0), THEME_DARK);
	assert_int_equal(theme_resolve(THEME_AUTO, "junk", 256, 0), THEME_DARK);
	assert_int_equal(theme_resolve(THEME_LIGHT, "15;0", 256, 0), THEME_LIGHT);
	assert_int_equal(theme_resolve(THEME_DARK, "0;15", 8, 0), THEME_DARK);
	/* Colours off (NO_COLOR, color = no) or none: monochrome. */
	assert_int_equal(theme_resolve(THEME_LIGHT, NULL, 256, 1), THEME_MONO);
	assert_int_equal(theme_resolve(THEME_DARK, NULL, 0, 0), THEME_MONO);
	assert_int_equal(theme_resolve(THEME_MONO, NULL, 256, 0), THEME_MONO);
}

/* Without colour a heading, a match, the current match, the status line
 * and the selection still show, by attributes; text is plain. */
static void
test_mono(void **state)
{
	struct theme_look	l[THEME_STYLES];

	(void)state;
	theme_looks(THEME_MONO, 256, l);
	for (int s = 0; s < THEME_STYLES; s++) {
		assert_int_equal(l[s].fg, -1);
		assert_int_equal(l[s].bg, -1);
		if (s != THEME_TEXT && l[s].attrs == 0)
			fail_msg("style %d has no look in monochrome", s);
	}
	assert_int_equal(l[THEME_TEXT].attrs, 0);
	assert_true(l[THEME_HEADING].attrs & THEME_BOLD);
	assert_true(l[THEME_MATCH].attrs & THEME_REVERSE);
	assert_int_not_equal(l[THEME_MATCH].attrs, l[THEME_CURMATCH].attrs);
	assert_true(l[THEME_STATUS].attrs & THEME_REVERSE);
	assert_true(l[THEME_SELECT].attrs & THEME_REVERSE);
	/* A dark theme with no colours is the same. */
	theme_looks(THEME_DARK, 0, l);
	assert_int_equal(l[THEME_MATCH].fg, -1);
	assert_true(l[THEME_MATCH].attrs & THEME_REVERSE);
}

/* xterm's 256-colour palette, relative luminance 0..1. */
static double
luma(int c)
{
	static const int	 ansi[16][3] = {
		{ 0, 0, 0 }, { 205, 0, 0 }, { 0, 205, 0 }, { 205, 205, 0 },
		{ 0, 0, 238 }, { 205, 0, 205 }, { 0, 205, 205 }, { 229, 229, 229 },
		{ 127, 127, 127 }, { 255, 0, 0 }, { 0, 255, 0 }, { 255, 255, 0 },
		{ 92, 92, 255 }, { 255, 0, 255 }, { 0, 255, 255 }, { 255, 255, 255 },
	};
	static const int	 level[6] = { 0, 95, 135, 175, 215, 255 };
	int			 r, g, b;

	if (c < 16) {
		r = ansi[c][0];
		g = ansi[c][1];
		b = ansi[c][2];
	} else if (c < 232) {
		r = level[(c - 16) / 36];
		g = level[(c - 16) / 6 % 6];
		b = level[(c - 16) % 6];
	} else
		r = g = b = 8 + 10 * (c - 232);
	/* sRGB to linear, as a square (gamma 2 for 2.2: no libm). */
	return 0.2126 * (r / 255.0) * (r / 255.0) +
	    0.7152 * (g / 255.0) * (g / 255.0) +
	    0.0722 * (b / 255.0) * (b / 255.0);
}

/* Colours that read: on the terminal's own background (black for the
 * dark theme, white for the light one) and on a colour of their own. */
static void
check_contrast(int theme, int colors)
{
	struct theme_look	l[THEME_STYLES];
	double			fg, bg;

	theme_looks(theme, colors, l);
	for (int s = 0; s < THEME_STYLES; s++) {
		assert_true(l[s].fg < colors && l[s].bg < colors);
		if (l[s].fg < 0)
			continue;
		fg = luma(l[s].fg);
		bg = l[s].bg >= 0 ? luma(l[s].bg) : theme == THEME_DARK ? 0 : 1;
		/* WCAG's contrast ratio, 3:1 at least (large text). */
		if ((fg > bg ? (fg + 0.05) / (bg + 0.05) :
		    (bg + 0.05) / (fg + 0.05)) < 3.0)
			fail_msg("theme %d, %d colours: style %d, %d on %d",
			    theme, colors, s, l[s].fg, l[s].bg);
	}
}

static void
test_colours(void **state)
{
	struct theme_look	l[THEME_STYLES];

	(void)state;
	for (int t = THEME_DARK; t <= THEME_LIGHT; t++) {
		check_contrast(t, 256);
		check_contrast(t, 16);
		check_contrast(t, 8);
		theme_looks(t, 256, l);
		/* Text keeps the terminal's colours; the others have some. */
		assert_int_equal(l[THEME_TEXT].fg, -1);
		assert_int_equal(l[THEME_TEXT].bg, -1);
		assert_true(l[THEME_HEADING].fg >= 16);
		assert_true(l[THEME_MATCH].bg >= 16);
		assert_true(l[THEME_STATUS].bg >= 16);
		assert_true(l[THEME_HEADING].attrs & THEME_BOLD);
		theme_looks(t, 8, l);
		assert_true(l[THEME_HEADING].fg >= 0 && l[THEME_HEADING].fg < 8);
		assert_true(l[THEME_MATCH].bg >= 0);
	}
	/* Dark and light differ where it matters. */
	theme_looks(THEME_DARK, 256, l);
	assert_true(luma(l[THEME_HEADING].fg) > 0.5);
	theme_looks(THEME_LIGHT, 256, l);
	assert_true(luma(l[THEME_HEADING].fg) < 0.5);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_resolve),
		cmocka_unit_test(test_mono),
		cmocka_unit_test(test_colours),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
