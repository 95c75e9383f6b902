/* convert: the display conversion between traditional and simplified
 * Chinese, with OpenCC's phrase dictionaries (t2s.json, s2t.json), laid
 * over the original bytes.
 *
 * The converted text of a paragraph has the length of the original, and
 * each converted character sits at the offset of the character it replaces,
 * the bytes it does not fill (a 4-byte traditional character that becomes
 * a 3-byte simplified one) being '\n', the zero-width join every module
 * already skips (ustr.h). So the map from converted to original offsets is
 * the identity: rows, positions, bookmarks, search matches and their
 * highlights stay doc offsets, as with hidden markup (markup.h). A
 * character whose conversion would take more bytes than it has (a rare one
 * that converts to a character outside the BMP) stays as written. OpenCC's
 * dictionaries map every phrase to one of as many characters; should a
 * conversion change the number of characters, each run of Han characters
 * is converted alone, and a run whose count still changes is laid over the
 * run's bytes as a whole (its highlights then cover the whole run), or kept
 * as written when it does not fit.
 *
 * libopencc is loaded (dlopen) and its configuration read only when a
 * conversion is first asked for: linking it cost every start the loading
 * of libstdc++. Like layout, for the one thread that draws. */
#ifndef JUAN_CONVERT_H
#define JUAN_CONVERT_H

#include <stddef.h>

enum convert_mode {
	CONVERT_OFF,
	CONVERT_T2S,	/* traditional to simplified */
	CONVERT_S2T,	/* simplified to traditional */
	CONVERT_MODES
};

/* "off", "t2s", "s2t"; NULL out of range. The mode of a name, -1 if none. */
const char	*convert_mode_name(int mode);
int		 convert_mode_parse(const char *name);

struct convert;

/* The converter of mode, opened on first use and kept for the process
 * (OpenCC reads its dictionaries once: s2t's take 0.1 s). NULL for
 * CONVERT_OFF, or when it cannot be opened, with a one-line reason in err
 * ("OpenCC's t2s.json: t2s.json not found or not accessible"). */
struct convert	*convert_get(int mode, char *err, size_t size);

/* A converter of an OpenCC configuration file (a name in OpenCC's data
 * directory or a path), for the tests' own dictionaries; NULL with a
 * reason in err. Free with convert_free(). */
struct convert	*convert_open(const char *config, char *err, size_t size);
void		 convert_free(struct convert *);

/* Write to out[0..n) the conversion of text[0..n) (doc text: valid UTF-8,
 * '\n' joins) laid over its offsets, as above. Joins are left out of what
 * OpenCC sees, so a phrase cut by a hard line break is still one. */
void		 convert_text(struct convert *, const char *text, size_t n,
		    char *out);

#endif
