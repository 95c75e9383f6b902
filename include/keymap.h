/* keymap: the command list, the default key table and key -> command lookup.
 * One X-macro list gives the enum, the names and the help text; one table
 * binds keys to commands, in every mode: reading, the lists, the prompt.
 * The help screen is generated from these two tables, and
 * tests/check-man.sh checks the manual names every key bound here, so
 * bindings and documentation cannot drift apart. No curses here: keys are plain ints (a code point, or a K_*
 * value above U+10FFFF that ui.c makes from curses key codes). */
#ifndef JUAN_KEYMAP_H
#define JUAN_KEYMAP_H

#include <stddef.h>

/* Pager commands (KEYMAP_PAGER) first, then the list commands used by the
 * table of contents, the help screen, the bookmark list and the list of
 * matches (KEYMAP_LIST, and KEYMAP_TOC, KEYMAP_MARKS and KEYMAP_FIND for
 * their own), the shelf's own
 * (KEYMAP_SHELF, which moves with the list's), then the prompt's
 * (KEYMAP_PROMPT). */
#define JUAN_COMMANDS(C) \
	C(LINE_DOWN,	"line-down",	"Scroll down one line") \
	C(LINE_UP,	"line-up",	"Scroll up one line") \
	C(PAGE_DOWN,	"page-down",	"Scroll down one page") \
	C(PAGE_UP,	"page-up",	"Scroll up one page") \
	C(HALF_DOWN,	"half-down",	"Scroll down half a page") \
	C(HALF_UP,	"half-up",	"Scroll up half a page") \
	C(TOP,		"top",		"Go to the start") \
	C(BOTTOM,	"bottom",	"Go to the end") \
	C(SECTION_NEXT,	"section-next",	"Go to the start of the next section") \
	C(SECTION_PREV,	"section-prev",	"Go to the start of the previous section") \
	C(SECTION_GOTO,	"section-goto",	"Go to section N (type N first)") \
	C(PERCENT_GOTO,	"percent-goto",	"Go to N percent (type N first)") \
	C(TOC,		"toc",		"Show the table of contents") \
	C(FIND_ALL,	"find-all",	"List every match of the search, by section") \
	C(SEARCH_FWD,	"search",	"Search forward") \
	C(SEARCH_BACK,	"search-back",	"Search backward") \
	C(MATCH_NEXT,	"match-next",	"Go to the next match") \
	C(MATCH_PREV,	"match-prev",	"Go to the previous match") \
	C(SEARCH_CLEAR,	"search-clear",	"Clear the search highlight") \
	C(MARK_ADD,	"mark-add",	"Bookmark this place") \
	C(MARK_LIST,	"mark-list",	"List the bookmarks") \
	C(JUMP_BACK,	"jump-back",	"Return to before the last jump") \
	C(SHELF,	"shelf",	"Show the shelf of the documents read") \
	C(WIDER,	"wider",	"Widen the text column") \
	C(NARROWER,	"narrower",	"Narrow the text column") \
	C(SPACING,	"spacing",	"Paragraph spacing: auto, blank line, none") \
	C(INDENT,	"indent",	"First-line indent on or off") \
	C(CONVERT,	"convert",	"Show the text converted: off, traditional to simplified, simplified to traditional") \
	C(HELP,		"help",		"Show this help") \
	C(REDRAW,	"redraw",	"Redraw the screen") \
	C(QUIT,		"quit",		"Quit") \
	C(LIST_DOWN,	"list-down",	"Select the next entry") \
	C(LIST_UP,	"list-up",	"Select the previous entry") \
	C(LIST_PAGE_DOWN, "list-page-down", "Select one page down") \
	C(LIST_PAGE_UP,	"list-page-up",	"Select one page up") \
	C(LIST_FIRST,	"list-first",	"Select the first entry") \
	C(LIST_LAST,	"list-last",	"Select the last entry") \
	C(LIST_PICK,	"list-pick",	"Go to the selected entry") \
	C(LIST_DELETE,	"list-delete",	"Delete the selected bookmark") \
	C(LIST_RENAME,	"list-rename",	"Rename the selected bookmark") \
	C(LIST_UNDO,	"list-undo",	"Bring back the bookmark deleted last (while the list is open)") \
	C(LIST_CLOSE,	"list-close",	"Close the list (first clear the contents' filter)") \
	C(TOC_FOLD,	"toc-fold",	"Fold or unfold the sub-sections of the selected entry") \
	C(TOC_FOLD_CLOSE, "toc-fold-close", "Fold (on a sub-section: the entry over it)") \
	C(TOC_FOLD_OPEN, "toc-fold-open", "Unfold the sub-sections") \
	C(TOC_FILTER,	"toc-filter",	"Filter the entries as you type (Esc clears)") \
	C(FIND_FILTER,	"find-filter",	"Keep the sections whose title holds what you type (Esc clears)") \
	C(PROMPT_ENTER,	"prompt-enter",	"Search, or take the name") \
	C(PROMPT_CANCEL, "prompt-cancel", "Cancel (a search goes back to where it started)") \
	C(PROMPT_BACKSPACE, "prompt-backspace", "Delete the character before the cursor") \
	C(PROMPT_DELETE, "prompt-delete", "Delete the character under the cursor") \
	C(PROMPT_KILL,	"prompt-kill",	"Clear the line") \
	C(PROMPT_LEFT,	"prompt-left",	"Move the cursor left") \
	C(PROMPT_RIGHT,	"prompt-right",	"Move the cursor right") \
	C(PROMPT_HOME,	"prompt-home",	"Move the cursor to the start") \
	C(PROMPT_END,	"prompt-end",	"Move the cursor to the end") \
	C(PROMPT_REGEX,	"prompt-regex",	"Search for plain text or a regular expression (POSIX ERE)") \
	C(PROMPT_OLDER,	"prompt-older",	"The search typed before (history)") \
	C(PROMPT_NEWER,	"prompt-newer",	"The search typed after (history)") \
	C(SHELF_OPEN,	"shelf-open",	"Open the selected document where it was left") \
	C(SHELF_FILTER,	"shelf-filter",	"Show only the documents matching what is typed") \
	C(SHELF_REMOVE,	"shelf-remove",	"Remove the selected document from the shelf") \
	C(SHELF_UNDO,	"shelf-undo",	"Put back the document removed last")

enum cmd {
	CMD_NONE = -1,
#define C(id, name, help)	CMD_##id,
	JUAN_COMMANDS(C)
#undef C
	CMD_COUNT
};

/* Special keys, above any code point. */
enum {
	K_UP = 0x110000,
	K_DOWN,
	K_LEFT,
	K_RIGHT,
	K_PGUP,
	K_PGDN,
	K_HOME,
	K_END,
	K_ENTER,
	K_BACKSPACE,
	K_DELETE,
	K_F1,
	K_RESIZE,
	K_MOUSE,
	K_ESC = 0x1b,
	K_TAB = '\t',
};
#define K_CTRL(c)	((c) & 0x1f)

/* Key tables: the pager's; the one shared by every list screen, under
 * which a list's own table (the contents', the bookmarks', the shelf's) is
 * looked up first (keymap_lookup_mode); the prompt's. */
enum keymap_context {
	KEYMAP_PAGER,
	KEYMAP_LIST,
	KEYMAP_TOC,
	KEYMAP_MARKS,
	KEYMAP_FIND,
	KEYMAP_SHELF,
	KEYMAP_PROMPT,
	KEYMAP_CONTEXTS
};

struct keymap_binding {
	int		 key;
	enum cmd	 cmd;
	int		 context;	/* enum keymap_context */
};

const char	*keymap_name(enum cmd);	/* "line-down"; NULL when out of range */
const char	*keymap_help(enum cmd);	/* "Scroll down one line" */
/* The command bound to key in context, or CMD_NONE. */
enum cmd	 keymap_lookup(int context, int key);
/* The same in a list's own context (KEYMAP_TOC, KEYMAP_MARKS,
 * KEYMAP_SHELF, KEYMAP_FIND), falling
 * back on the keys every list shares (KEYMAP_LIST); other contexts
 * alone. */
enum cmd	 keymap_lookup_mode(int context, int key);
/* A count prefix: if key is a digit, append it to *count (-1: none typed
 * yet; a digit that would take it past KEYMAP_COUNT_MAX is dropped) and
 * return 1; else 0. Digits are a count in the pager and the lists, and
 * text at the prompt, so no digit may be bound to a command. */
#define KEYMAP_COUNT_MAX	99999999L
int		 keymap_count_key(long *count, int key);
/* The whole table, for listings. */
const struct keymap_binding *keymap_bindings(size_t *n);
/* Printable name of a key: "j", "Down", "Space", "Ctrl-L", "PgDn". Returns
 * the length it needed, like snprintf. */
size_t		 keymap_key_name(int key, char *buf, size_t size);
/* The keys of cmd in context, "j Down Enter", like snprintf. */
size_t		 keymap_keys(int context, enum cmd, char *buf, size_t size);

#endif
