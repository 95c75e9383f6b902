# The help (issue 15 item 4), written from its "Why": taller than the
# screen with no sign that more follows, cut at 60 columns, and without
# the prompt's keys (Ctrl-R, history). Now it wraps to the column, scrolls
# like the text (j/k/Space/b/g/G), says "↓ more" while more follows, and
# lists every key of every mode.
. "$(dirname "$0")/lib.sh"

# The help shows REGEX on one of its pages (from the top, a page at a time).
help_shows() {
	keys g
	for page in 1 2 3 4 5 6 7 8; do
		wait_for "$1" 1 >/dev/null && return 0
		keys Space
	done
	return 1
}

start -x 60 -y 20 "$JUAN --no-resume '$TOP/data/sample-english.txt'"
wait_row 20 'Top' >/dev/null
keys h
check "h: the help, and the status line says more follows" \
    wait_row 20 '^ Help: ↓ more'
check "at 60 columns the first line wraps: its end is on the next row" \
    wait_row 2 'percent with %\):$'
check "no row is cut: every line ends inside the column" \
    sh -c "! tmux -L '$E2E_SOCK' capture-pane -p -t 0 | head -n 19 | grep -qE '.{60}'"
first=$(row 1) second=$(row 2)
keys j
check "j scrolls one line" wait_until row_is 1 "$second"
keys k
check "k scrolls back" wait_until row_is 1 "$first"
keys Space
check "Space scrolls a page" wait_gone "^$(ere "$first")\$"
keys b
check "b scrolls back a page" wait_until row_is 1 "$first"
keys G
check "G: the end, no more below" wait_row 20 '^ Help: q closes'
check "the prompt's keys are listed: Ctrl-R" wait_for '^  Ctrl-R +Search for plain text'
check "... and the search history (Up, Down)" wait_for '^  Up +The search typed before \(history\)'
check "... and the bookmark list's" help_shows '^  r +Rename the selected bookmark'
check "... and the contents'" help_shows '^  / +Filter the entries as you type'
keys g
check "g: the start again" wait_until row_is 1 "$first"
keys q
check "q closes the help" wait_row 1 '^ *THE LEDGER|^ *$'
keys q
check "q: exit 0" wait_for '^\[exit 0\]'
finish
