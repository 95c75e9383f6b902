/* Tests for keymap: the command list and key table are complete and
 * consistent, lookups answer, and the help/key listings are built from them. */
#include "testutil.h"

#include "keymap.h"

static void
test_name_help_degenerate(void **state)
{
	(void)state;
	assert_null(keymap_name(CMD_NONE));
	assert_null(keymap_name(CMD_COUNT));
	assert_null(keymap_help(CMD_COUNT));
	assert_null(keymap_help((enum cmd)-5));
	assert_string_equal(keymap_name(CMD_LINE_DOWN), "line-down");
	assert_string_equal(keymap_name(CMD_QUIT), "quit");
}

static void
test_every_command_has_key_and_help(void **state)
{
	const struct keymap_binding	*b;
	size_t				 n, i;
	int				 cmd, bound;

	(void)state;
	b = keymap_bindings(&n);
	assert_true(n > CMD_COUNT);
	for (cmd = 0; cmd < CMD_COUNT; cmd++) {
		assert_non_null(keymap_name(cmd));
		assert_true(strlen(keymap_name(cmd)) > 0);
		assert_non_null(keymap_help(cmd));
		assert_true(strlen(keymap_help(cmd)) > 3);
		bound = 0;
		for (i = 0; i < n; i++)
			bound += b[i].cmd == cmd;
		if (!bound)
			fail_msg("command %s has no key", keymap_name(cmd));
	}
}

static void
test_no_key_bound_twice(void **state)
{
	const struct keymap_binding	*b;
	size_t				 n, i, j;

	(void)state;
	b = keymap_bindings(&n);
	for (i = 0; i < n; i++) {
		assert_true(b[i].cmd >= 0 && b[i].cmd < CMD_COUNT);
		for (j = i + 1; j < n; j++) {
			if (b[i].key == b[j].key && b[i].context == b[j].context)
				fail_msg("key %#x bound twice", (unsigned)b[i].key);
		}
	}
}

static void
test_lookup(void **state)
{
	static const struct {
		int	 key;
		int	 cmd;
	} want[] = {
		{ 'j', CMD_LINE_DOWN }, { K_DOWN, CMD_LINE_DOWN },
		{ K_ENTER, CMD_LINE_DOWN }, { 'k', CMD_LINE_UP }, { K_UP, CMD_LINE_UP },
		{ ' ', CMD_PAGE_DOWN }, { 'f', CMD_PAGE_DOWN }, { K_PGDN, CMD_PAGE_DOWN },
		{ 'b', CMD_PAGE_UP }, { K_PGUP, CMD_PAGE_UP },
		{ 'd', CMD_HALF_DOWN }, { 'u', CMD_HALF_UP },
		{ 'g', CMD_TOP }, { K_HOME, CMD_TOP }, { 'G', CMD_BOTTOM },
		{ K_END, CMD_BOTTOM }, { ']', CMD_SECTION_NEXT },
		{ '[', CMD_SECTION_PREV }, { 't', CMD_TOC }, { '\t', CMD_TOC },
		{ 's', CMD_SECTION_GOTO }, { '%', CMD_PERCENT_GOTO },
		{ K_CTRL('l'), CMD_REDRAW }, { 'q', CMD_QUIT }, { 'Q', CMD_QUIT },
		{ '/', CMD_SEARCH_FWD }, { '?', CMD_SEARCH_BACK },
		{ 'n', CMD_MATCH_NEXT }, { 'N', CMD_MATCH_PREV },
		{ K_ESC, CMD_SEARCH_CLEAR }, { 'm', CMD_MARK_ADD },
		{ '\'', CMD_MARK_LIST }, { '`', CMD_JUMP_BACK },
		{ 'h', CMD_HELP }, { K_F1, CMD_HELP },
		{ '+', CMD_WIDER }, { '-', CMD_NARROWER }, { 'o', CMD_SHELF },
	};
	/* The shelf's keys (issue 17): moves as in lists (looked up in the
	 * lists' table under the shelf's own), and its own. */
	static const struct {
		int	 key;
		int	 cmd;
	} shelf[] = {
		{ 'j', CMD_LIST_DOWN }, { K_DOWN, CMD_LIST_DOWN },
		{ 'k', CMD_LIST_UP }, { K_UP, CMD_LIST_UP },
		{ ' ', CMD_LIST_PAGE_DOWN }, { K_PGDN, CMD_LIST_PAGE_DOWN },
		{ 'b', CMD_LIST_PAGE_UP }, { 'g', CMD_LIST_FIRST },
		{ 'G', CMD_LIST_LAST }, { K_ENTER, CMD_SHELF_OPEN },
		{ '/', CMD_SHELF_FILTER }, { 'd', CMD_SHELF_REMOVE },
		{ 'u', CMD_SHELF_UNDO }, { 'q', CMD_LIST_CLOSE },
		{ K_ESC, CMD_LIST_CLOSE }, { 'Q', CMD_QUIT },
		{ K_CTRL('l'), CMD_REDRAW },
	};
	size_t	i;

	(void)state;
	assert_int_equal(keymap_lookup(KEYMAP_PAGER, 0), CMD_NONE);
	assert_int_equal(keymap_lookup(KEYMAP_PAGER, -1), CMD_NONE);
	assert_int_equal(keymap_lookup(KEYMAP_PAGER, 'z'), CMD_NONE);
	assert_int_equal(keymap_lookup(KEYMAP_PAGER, '5'), CMD_NONE);
	for (i = 0; i < sizeof want / sizeof want[0]; i++)
		assert_int_equal(keymap_lookup(KEYMAP_PAGER, want[i].key),
		    want[i].cmd);
	assert_int_equal(keymap_lookup(KEYMAP_LIST, K_ENTER), CMD_LIST_PICK);
	assert_int_equal(keymap_lookup(KEYMAP_LIST, 'q'), CMD_LIST_CLOSE);
	assert_int_equal(keymap_lookup(KEYMAP_LIST, K_ESC), CMD_LIST_CLOSE);
	assert_int_equal(keymap_lookup(KEYMAP_LIST, 'j'), CMD_LIST_DOWN);
	/* The bookmark list's own keys, over those of every list. */
	assert_int_equal(keymap_lookup(KEYMAP_LIST, 'd'), CMD_NONE);
	assert_int_equal(keymap_lookup(KEYMAP_MARKS, 'd'), CMD_LIST_DELETE);
	assert_int_equal(keymap_lookup(KEYMAP_MARKS, 'j'), CMD_NONE);
	assert_int_equal(keymap_lookup_mode(KEYMAP_MARKS, 'j'), CMD_LIST_DOWN);
	assert_int_equal(keymap_lookup_mode(KEYMAP_MARKS, 'r'), CMD_LIST_RENAME);
	assert_int_equal(keymap_lookup_mode(KEYMAP_PAGER, 'j'), CMD_LINE_DOWN);
	/* The prompt's keys: editing, not moving. */
	assert_int_equal(keymap_lookup(KEYMAP_PROMPT, K_CTRL('r')), CMD_PROMPT_REGEX);
	assert_int_equal(keymap_lookup(KEYMAP_PROMPT, K_UP), CMD_PROMPT_OLDER);
	assert_int_equal(keymap_lookup(KEYMAP_PROMPT, 'j'), CMD_NONE);
	for (i = 0; i < sizeof shelf / sizeof shelf[0]; i++)
		assert_int_equal(keymap_lookup_mode(KEYMAP_SHELF,
		    shelf[i].key), shelf[i].cmd);
	assert_int_equal(keymap_lookup_mode(KEYMAP_SHELF, 'o'), CMD_NONE);
	/* The shelf's own table has only what differs from a list's. */
	assert_int_equal(keymap_lookup(KEYMAP_SHELF, 'j'), CMD_NONE);
}

static void
test_key_names(void **state)
{
	char	buf[32];

	(void)state;
	assert_int_equal(keymap_key_name('j', buf, sizeof buf), 1);
	assert_string_equal(buf, "j");
	keymap_key_name(K_CTRL('l'), buf, sizeof buf);
	assert_string_equal(buf, "Ctrl-L");
	keymap_key_name(' ', buf, sizeof buf);
	assert_string_equal(buf, "Space");
	keymap_key_name(K_PGDN, buf, sizeof buf);
	assert_string_equal(buf, "PgDn");
	keymap_key_name(K_ESC, buf, sizeof buf);
	assert_string_equal(buf, "Esc");
	/* Truncation keeps the snprintf contract. */
	assert_int_equal(keymap_key_name(K_BACKSPACE, buf, 3), 9);
	assert_string_equal(buf, "Ba");
}

static void
test_keys(void **state)
{
	char	buf[256], small[8];
	size_t	n;

	(void)state;
	n = keymap_keys(KEYMAP_PAGER, CMD_LINE_DOWN, buf, sizeof buf);
	assert_int_equal(n, strlen(buf));
	assert_string_equal(buf, "j Down Enter");
	keymap_keys(KEYMAP_PAGER, CMD_PAGE_DOWN, buf, sizeof buf);
	assert_string_equal(buf, "Space f PgDn");
	assert_int_equal(keymap_keys(KEYMAP_PAGER, CMD_LIST_PICK, buf, sizeof buf), 0);
	keymap_keys(KEYMAP_PROMPT, CMD_PROMPT_HOME, buf, sizeof buf);
	assert_string_equal(buf, "Home Ctrl-A");
	keymap_keys(KEYMAP_PROMPT, CMD_PROMPT_REGEX, buf, sizeof buf);
	assert_string_equal(buf, "Ctrl-R");
	/* Cut short, like snprintf. */
	assert_int_equal(keymap_keys(KEYMAP_PAGER, CMD_LINE_DOWN, small,
	    sizeof small), 12);
	assert_string_equal(small, "j Down ");
}

/* Every command has keys in one context, but the reader's Q (the pager's
 * and the shelf's) and the redraw in two (reading, lists): the help lists
 * each under its mode. */
static void
test_one_context_each(void **state)
{
	char	buf[256];
	int	cmd, ctx, in;

	(void)state;
	for (cmd = 0; cmd < CMD_COUNT; cmd++) {
		for (ctx = in = 0; ctx < KEYMAP_CONTEXTS; ctx++)
			in += keymap_keys(ctx, cmd, buf, sizeof buf) > 0;
		if (in != (cmd == CMD_REDRAW || cmd == CMD_QUIT ? 2 : 1))
			fail_msg("%s is bound in %d contexts", keymap_name(cmd), in);
	}
}

/* Count prefixes: digits build a number in every context (so none may be
 * bound), anything else leaves it alone; it stops growing at the cap. */
static void
test_count_key(void **state)
{
	const struct keymap_binding	*b;
	size_t				 n, i;
	long				 c = -1;
	int				 d;

	(void)state;
	assert_int_equal(keymap_count_key(&c, 'j'), 0);
	assert_int_equal(c, -1);
	assert_int_equal(keymap_count_key(&c, '0'), 1);
	assert_int_equal(c, 0);
	assert_int_equal(keymap_count_key(&c, '5'), 1);
	assert_int_equal(keymap_count_key(&c, '0'), 1);
	assert_int_equal(c, 50);
	assert_int_equal(keymap_count_key(&c, K_ENTER), 0);
	assert_int_equal(keymap_count_key(&c, '0' + 0x110000), 0);
	assert_int_equal(c, 50);
	for (i = 0; i < 20; i++)
		keymap_count_key(&c, '9');
	/* A digit that would pass the cap is dropped. */
	assert_int_equal(c, 50999999);
	assert_true(c <= KEYMAP_COUNT_MAX);
	b = keymap_bindings(&n);
	for (i = 0; i < n; i++) {
		for (d = '0'; d <= '9'; d++)
			assert_int_not_equal(b[i].key, d);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_name_help_degenerate),
		cmocka_unit_test(test_every_command_has_key_and_help),
		cmocka_unit_test(test_no_key_bound_twice),
		cmocka_unit_test(test_lookup),
		cmocka_unit_test(test_key_names),
		cmocka_unit_test(test_keys),
		cmocka_unit_test(test_one_context_each),
		cmocka_unit_test(test_count_key),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
