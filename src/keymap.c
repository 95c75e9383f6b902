/* keymap: commands and key bindings as data.
 *
 * Data model: the command names and help texts come from the JUAN_COMMANDS
 * X-macro (keymap.h), indexed by enum cmd; the bindings are one static table
 * of { key, command, context } rows, several keys per command, in the order
 * the help screen lists them. Invariant (checked by test_keymap.c): every
 * command has a name, a help text and at least one key, and no key is bound
 * twice in one context. */
#include <stdio.h>
#include <string.h>

#include "keymap.h"

static const char *const cmd_names[] = {
#define C(id, name, help)	name,
	JUAN_COMMANDS(C)
#undef C
};

static const char *const cmd_helps[] = {
#define C(id, name, help)	help,
	JUAN_COMMANDS(C)
#undef C
};

#define P(k, c)	{ k, CMD_##c, KEYMAP_PAGER }
#define L(k, c)	{ k, CMD_##c, KEYMAP_LIST }
#define T(k, c)	{ k, CMD_##c, KEYMAP_TOC }
#define M(k, c)	{ k, CMD_##c, KEYMAP_MARKS }
#define F(k, c)	{ k, CMD_##c, KEYMAP_FIND }
#define E(k, c)	{ k, CMD_##c, KEYMAP_PROMPT }
#define S(k, c)	{ k, CMD_##c, KEYMAP_SHELF }
static const struct keymap_binding bindings[] = {
	P('j', LINE_DOWN), P(K_DOWN, LINE_DOWN), P(K_ENTER, LINE_DOWN),
	P('k', LINE_UP), P(K_UP, LINE_UP),
	P(' ', PAGE_DOWN), P('f', PAGE_DOWN), P(K_PGDN, PAGE_DOWN),
	P('b', PAGE_UP), P(K_PGUP, PAGE_UP),
	P('d', HALF_DOWN),
	P('u', HALF_UP),
	P('g', TOP), P(K_HOME, TOP),
	P('G', BOTTOM), P(K_END, BOTTOM),
	P(']', SECTION_NEXT),
	P('[', SECTION_PREV),
	P('s', SECTION_GOTO),
	P('%', PERCENT_GOTO),
	P('t', TOC), P(K_TAB, TOC),
	P('F', FIND_ALL),
	P('/', SEARCH_FWD),
	P('?', SEARCH_BACK),
	P('n', MATCH_NEXT),
	P('N', MATCH_PREV),
	P(K_ESC, SEARCH_CLEAR),
	P('m', MARK_ADD),
	P('\'', MARK_LIST),
	P('`', JUMP_BACK),
	P('o', SHELF),
	P('+', WIDER),
	P('-', NARROWER),
	P('=', SPACING),
	P('i', INDENT),
	P('C', CONVERT),
	P('h', HELP), P(K_F1, HELP),
	P(K_CTRL('l'), REDRAW),
	P('q', QUIT), P('Q', QUIT),

	L('j', LIST_DOWN), L(K_DOWN, LIST_DOWN),
	L('k', LIST_UP), L(K_UP, LIST_UP),
	L(' ', LIST_PAGE_DOWN), L('f', LIST_PAGE_DOWN), L(K_PGDN, LIST_PAGE_DOWN),
	L('b', LIST_PAGE_UP), L(K_PGUP, LIST_PAGE_UP),
	L('g', LIST_FIRST), L(K_HOME, LIST_FIRST),
	L('G', LIST_LAST), L(K_END, LIST_LAST),
	L(K_ENTER, LIST_PICK),
	L(K_CTRL('l'), REDRAW),
	L('q', LIST_CLOSE), L('Q', LIST_CLOSE), L(K_ESC, LIST_CLOSE),

	T(' ', TOC_FOLD),
	T(K_LEFT, TOC_FOLD_CLOSE),
	T(K_RIGHT, TOC_FOLD_OPEN),
	T('/', TOC_FILTER),

	M('d', LIST_DELETE),
	M('r', LIST_RENAME),
	M('u', LIST_UNDO),

	F('/', FIND_FILTER),

	E(K_ENTER, PROMPT_ENTER),
	E(K_ESC, PROMPT_CANCEL),
	E(K_BACKSPACE, PROMPT_BACKSPACE),
	E(K_DELETE, PROMPT_DELETE), E(K_CTRL('d'), PROMPT_DELETE),
	E(K_CTRL('u'), PROMPT_KILL),
	E(K_LEFT, PROMPT_LEFT), E(K_CTRL('b'), PROMPT_LEFT),
	E(K_RIGHT, PROMPT_RIGHT), E(K_CTRL('f'), PROMPT_RIGHT),
	E(K_HOME, PROMPT_HOME), E(K_CTRL('a'), PROMPT_HOME),
	E(K_END, PROMPT_END), E(K_CTRL('e'), PROMPT_END),
	E(K_CTRL('r'), PROMPT_REGEX),
	E(K_UP, PROMPT_OLDER),
	E(K_DOWN, PROMPT_NEWER),

	S(K_ENTER, SHELF_OPEN),
	S('/', SHELF_FILTER),
	S('d', SHELF_REMOVE),
	S('u', SHELF_UNDO),
	S('Q', QUIT),
};
#undef P
#undef L
#undef T
#undef M
#undef F
#undef S
#undef E

static const struct {
	int		 key;
	const char	*name;
} key_names[] = {
	{ K_UP, "Up" }, { K_DOWN, "Down" }, { K_LEFT, "Left" },
	{ K_RIGHT, "Right" }, { K_PGUP, "PgUp" }, { K_PGDN, "PgDn" },
	{ K_HOME, "Home" }, { K_END, "End" }, { K_ENTER, "Enter" },
	{ K_BACKSPACE, "Backspace" }, { K_DELETE, "Delete" }, { K_F1, "F1" },
	{ K_RESIZE, "Resize" }, { K_MOUSE, "Mouse" }, { K_ESC, "Esc" },
	{ K_TAB, "Tab" }, { ' ', "Space" },
};

const char *
keymap_name(enum cmd cmd)
{
	if ((int)cmd < 0 || cmd >= CMD_COUNT)
		return NULL;
	return cmd_names[cmd];
}

const char *
keymap_help(enum cmd cmd)
{
	if ((int)cmd < 0 || cmd >= CMD_COUNT)
		return NULL;
	return cmd_helps[cmd];
}

enum cmd
keymap_lookup(int context, int key)
{
	size_t	i;

	for (i = 0; i < sizeof bindings / sizeof bindings[0]; i++) {
		if (bindings[i].key == key && bindings[i].context == context)
			return bindings[i].cmd;
	}
	return CMD_NONE;
}

enum cmd
keymap_lookup_mode(int context, int key)
{
	enum cmd	cmd = keymap_lookup(context, key);

	if (cmd == CMD_NONE && (context == KEYMAP_TOC ||
	    context == KEYMAP_MARKS || context == KEYMAP_SHELF ||
	    context == KEYMAP_FIND))
		cmd = keymap_lookup(KEYMAP_LIST, key);
	return cmd;
}

int
keymap_count_key(long *count, int key)
{
	long	c;

	if (key < '0' || key > '9')
		return 0;
	c = *count < 0 ? 0 : *count;
	if (c <= (KEYMAP_COUNT_MAX - (key - '0')) / 10)
		c = c * 10 + (key - '0');
	*count = c;
	return 1;
}

const struct keymap_binding *
keymap_bindings(size_t *n)
{
	*n = sizeof bindings / sizeof bindings[0];
	return bindings;
}

size_t
keymap_key_name(int key, char *buf, size_t size)
{
	size_t	i;
	int	len;

	for (i = 0; i < sizeof key_names / sizeof key_names[0]; i++) {
		if (key_names[i].key == key)
			return (size_t)snprintf(buf, size, "%s", key_names[i].name);
	}
	if (key > 0 && key < 0x20)
		len = snprintf(buf, size, "Ctrl-%c", key + 'A' - 1);
	else if (key > 0x20 && key < 0x7f)
		len = snprintf(buf, size, "%c", key);
	else
		len = snprintf(buf, size, "<%#x>", (unsigned)key);
	return len < 0 ? 0 : (size_t)len;
}

/* Append src to buf[*len..size), keeping the snprintf contract: *len counts
 * what was needed, buf stays NUL-terminated. */
static void
append(char *buf, size_t size, size_t *len, const char *src, size_t n)
{
	if (*len < size) {
		size_t	room = size - *len - 1;

		memcpy(buf + *len, src, n < room ? n : room);
		buf[*len + (n < room ? n : room)] = '\0';
	}
	*len += n;
}

size_t
keymap_keys(int context, enum cmd cmd, char *buf, size_t size)
{
	char	name[32];
	size_t	i, n, len = 0;

	if (size > 0)
		buf[0] = '\0';
	for (i = 0; i < sizeof bindings / sizeof bindings[0]; i++) {
		if (bindings[i].cmd != cmd || bindings[i].context != context)
			continue;
		if (len > 0)
			append(buf, size, &len, " ", 1);
		n = keymap_key_name(bindings[i].key, name, sizeof name);
		append(buf, size, &len, name, n);
	}
	return len;
}
