/* config: the reader's settings (the defaults of the pager), from four
 * places, each overriding the one before: the config file
 * $XDG_CONFIG_HOME/juan/config, the JUAN_OPTS environment variable, what the
 * reader chose for one document (remembered with its reading position), and
 * the command line. A setting's name is its long option's: the file's
 * "width = 60" is --width=60. Values are parsed here only, for all four. */
#ifndef JUAN_CONFIG_H
#define JUAN_CONFIG_H

#include <stddef.h>

/* Where a value came from, lowest first: a value from a lower place never
 * replaces one from a higher. */
enum config_from {
	CONFIG_DEFAULT,
	CONFIG_FILE,
	CONFIG_ENV,		/* JUAN_OPTS, JUAN_AMBIGUOUS */
	CONFIG_DOC,		/* chosen for this document while reading */
	CONFIG_CMDLINE,
};

/* The settings, in the order the manual lists them. */
enum config_key {
	CONFIG_WIDTH,
	CONFIG_SPACING,
	CONFIG_INDENT,
	CONFIG_AMBIGUOUS,
	CONFIG_HANG,
	CONFIG_WPM,
	CONFIG_GLUE_UNITS,
	CONFIG_COLOR,
	CONFIG_THEME,
	CONFIG_CONVERT,
	CONFIG_SCRIPT_FOLD,
	CONFIG_KEYS
};

/* Paragraph spacing: a blank line only where a paragraph's start would not
 * show otherwise (no first-line indent), never, or always. */
#define CONFIG_SPACING_AUTO	(-1)

struct config {
	int	width;		/* widest text column in cells, 1..10000 */
	int	spacing;	/* CONFIG_SPACING_AUTO, 0 or 1 */
	int	indent;		/* first-line indent of CJK paragraphs */
	int	ambiguous;	/* -1 auto (ask the terminal), 0 narrow, 1 wide */
	int	hang;		/* hanging punctuation */
	int	cjk_per_min;	/* reading speeds for the time left */
	int	words_per_min;
	int	glue_units;	/* keep a number with its CJK unit */
	int	color;		/* colours (0: attributes only) */
	int	theme;		/* enum theme_id */
	int	convert;	/* the display conversion: enum convert_mode */
	int	script_fold;	/* search: simplified, traditional and
				 * variant forms alike (ustr.h) */
	int	from[CONFIG_KEYS];	/* enum config_from of each value */
};

/* The defaults: width 80, spacing auto, indent on, ambiguous auto, no
 * hanging, 400 characters and 250 words a minute, no glue, colours, the
 * theme from the terminal (auto), no conversion, script folding on. */
void		 config_init(struct config *);
/* The name of a setting ("width"), NULL out of range; the key of a name,
 * -1 if none. */
const char	*config_name(int key);
int		 config_key(const char *name);
/* Set the named setting to value, from a place: 1 if it took the value,
 * 0 if a higher place had set it (the value is checked all the same); -1
 * with a one-line reason in err ("'6x' is not a number from 1 to 10000")
 * for a bad value, -2 for an unknown name. */
int		 config_set(struct config *, int from, const char *name,
		    const char *value, char *err, size_t size);
/* The words a setting's value takes, for messages and the manual:
 * "auto, 0 or 1". */
const char	*config_values(int key);

/* The settings of keys (a mask of 1 << enum config_key) as words,
 * "width=60 spacing=auto", what config_words() reads back (a document's
 * remembered settings). Like snprintf. */
size_t		 config_format(const struct config *, unsigned keys, char *buf,
		    size_t size);
/* Such words set from a place; a word that is not a setting with a good
 * value is skipped (a document's memory is a hint, not the reader's
 * typing). Returns the mask of the keys whose value was taken. */
unsigned	 config_words(struct config *, int from, const char *words);

/* A config file's text: "key = value" lines; blank lines and lines
 * starting with '#' are skipped, white space around key and value
 * dropped. name is how messages call the file. Returns 0, or -1 with *err
 * (malloc'd, one line, "NAME:LINE: KEY: reason") at the first bad line.
 * Unknown settings are skipped, and *warn (malloc'd, or NULL) says so once,
 * naming the first of them and counting the others. */
int		 config_parse(struct config *, const char *text, size_t len,
		    const char *name, char **err, char **warn);
/* The config file: $XDG_CONFIG_HOME/juan/config when that is an absolute
 * path, else $HOME/.config/juan/config; NULL without a home. Malloc'd. */
char		*config_path(void);
/* Read and parse the file at path (config_parse): a missing file is no
 * error; one that cannot be read, or is larger than 64 KiB, is. */
int		 config_load(struct config *, const char *path, char **err,
		    char **warn);
/* JUAN_OPTS: s split at white space into a NULL-terminated array of
 * *argc words after a first word argv0 (for getopt). Free with
 * config_split_free(). */
char		**config_split(const char *argv0, const char *s, int *argc);
void		 config_split_free(char **);

#endif
