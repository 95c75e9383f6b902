# Settings (issue 15 item 2), written from its "Why": paragraph spacing
# existed only as --spacing=1 on the command line, and English text with no
# indent and no blank line showed no paragraph starts at all. Now a config
# file ($XDG_CONFIG_HOME/juan/config) holds the defaults, JUAN_OPTS and the
# command line override it, a bad value is one line naming the line, an
# unknown setting is warned about once, and in the pager `=` cycles the
# spacing and `i` toggles the first-line indent.
. "$(dirname "$0")/lib.sh"

printf '%s\n' \
    'The first paragraph is a line of English text that is long enough to wrap at least once on a narrow screen.' \
    'The second paragraph starts on the row after the first one ends, with no indent of its own.' \
    'A third paragraph follows in the same way.' > "$E2E_TMP/en.txt"
printf '%s\n' \
    '第一段是中文，它有首行缩进，所以段落的开头一眼就能看出来。' \
    '第二段也是中文，紧接着第一段。' > "$E2E_TMP/zh.txt"
CONF="$XDG_CONFIG_HOME/juan/config"
mkdir -p "$XDG_CONFIG_HOME/juan"

# Rows of the dump: the row after "...screen." is blank or the next text.
blank_after_first() { "$JUAN" "$@" --dump en.txt | sed -n 3p | grep -q '^$'; }
dump_width() { "$JUAN" "$@" --dump en.txt | awk '{ if (length > w) w = length } END { print w }'; }

cd "$E2E_TMP" || exit 1
check "English with no indent: a blank line shows where a paragraph starts" \
    blank_after_first -w 60
check "--spacing=0: none" sh -c "! '$JUAN' --spacing=0 -w 60 --dump en.txt | sed -n 3p | grep -q '^\$'"
check "CJK paragraphs are indented: no blank line" \
    sh -c "[ \"\$('$JUAN' --dump -w 40 zh.txt | grep -c '^\$')\" -eq 0 ]"
check "--indent=no: CJK paragraphs get the blank line instead" \
    sh -c "[ \"\$('$JUAN' --indent=no --dump -w 40 zh.txt | grep -c '^\$')\" -eq 1 ]"

printf '# my settings\nwidth = 40\nspacing = 0\n' > "$CONF"
check "config: width = 40" [ "$(dump_width)" -le 40 ]
check "config: spacing = 0" sh -c "! '$JUAN' --dump en.txt | sed -n 3p | grep -q '^\$'"
check "JUAN_OPTS overrides the config file" \
    sh -c "[ \"\$(JUAN_OPTS='--width=50 --spacing=1' '$JUAN' --dump en.txt | awk '{ if (length > w) w = length } END { print w }')\" -gt 40 ]"
check "the command line overrides JUAN_OPTS" \
    sh -c "[ \"\$(JUAN_OPTS='--width=50' '$JUAN' -w 30 --dump en.txt | awk '{ if (length > w) w = length } END { print w }')\" -le 30 ]"

printf 'width = 40\nspacing = 2\n' > "$CONF"
check "a bad value: one line naming the file, the line and the setting, exit 2" \
    sh -c "'$JUAN' --dump en.txt 2>err >/dev/null; [ \$? -eq 2 ] && head -n 1 err | grep -qxF \"juan: $CONF:2: spacing: '2' is not auto, 0 or 1\""
check "--help works with a broken config file" sh -c "'$JUAN' --help >/dev/null"
check "JUAN_OPTS: a bad value names JUAN_OPTS" \
    sh -c "JUAN_OPTS='--width=wide' '$JUAN' --version 2>&1 >/dev/null | head -n 1 | grep -qxF \"juan: JUAN_OPTS: --width: 'wide' is not a number from 1 to 10000\""
printf 'width = 40\ncolour = no\nfont = big\n' > "$CONF"
check "unknown settings: one warning (stderr outside the pager)" \
    sh -c "[ \"\$('$JUAN' --dump en.txt 2>&1 >/dev/null)\" = \"juan: $CONF:2: unknown setting 'colour' ignored (and others)\" ]"

# The pager: the warning once in the status line, then = and i.
start "$JUAN --no-resume en.txt"
check "the pager shows the warning in the status line" \
    wait_row 24 "unknown setting 'colour' ignored"
keys j
check "... once" wait_gone "unknown setting"
rm -f "$CONF"
keys q
wait_for '^\[exit 0\]' >/dev/null
start "$JUAN --no-resume -w 60 en.txt"
check "auto spacing in the pager, as --dump" wait_row 3 '^ *$'
wait_row 4 'The second paragraph' >/dev/null
keys =
check "=: a blank line between paragraphs" wait_row 24 'Spacing: a blank line between paragraphs'
keys =
check "= again: none" wait_row 24 'Spacing: none'
check "... the second paragraph follows the first" wait_row 3 '^ *The second paragraph'
keys =
check "= again: auto" wait_row 24 'Spacing: a blank line where a paragraph has no indent'
check "... the blank line is back" wait_row 4 '^ *The second paragraph'
keys q
wait_for '^\[exit 0\]' >/dev/null
start "$JUAN --no-resume -w 40 zh.txt"
check "CJK: indented" wait_row 1 '^ +    第一段'
keys i
check "i: the indent off" wait_row 24 'First-line indent off'
check "... the first row starts at the margin" wait_row 1 '^ +第一段'
check "... and auto spacing shows the next start with a blank line" wait_row 3 '^ *$'
keys i
check "i again: on" wait_row 24 'First-line indent on'
keys q
wait_for '^\[exit 0\]' >/dev/null

# The width chosen with + survives a reopen (it went back to 80), and so
# does the spacing chosen with =; -w on the command line wins.
start -x 120 "$JUAN en.txt"
check "80 columns centred in 120: 20 cells of margin" wait_row 1 '^ {20}The first'
keys + +
check "+ +: width 84" wait_row 24 'Width 84'
keys = =
wait_row 24 'Spacing: none' >/dev/null
keys q
wait_for '^\[exit 0\]' >/dev/null
start -x 120 "$JUAN en.txt"
check "reopened: width 84 again (18 cells of margin)" wait_row 1 '^ {18}The first'
check "... and no blank line between paragraphs (spacing 0)" \
    wait_row 3 '^ *The second paragraph'
keys q
wait_for '^\[exit 0\]' >/dev/null
start -x 120 "$JUAN -w 70 en.txt"
check "-w 70 wins over the remembered width" wait_row 1 '^ {25}The first'
keys q
check "q: exit 0" wait_for '^\[exit 0\]'
finish
