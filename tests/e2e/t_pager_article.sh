# The pager on the project's article: status line, section keys, the table of
# contents, section and percent jumps, width keys, resize keeping the top
# text, and a sane terminal after q.
. "$(dirname "$0")/lib.sh"

start "$JUAN '$ARTICLE'"
check "first screen shows the start of the article" wait_row 1 "$START"
check "status line: name, front matter, section count, Top, time left" \
    wait_row 24 'article\.txt · front matter +3 sections  Top  (<1|[0-9]+) min left in book'
check "the preamble is no section: no §0" sh -c "! tmux -L '$E2E_SOCK' capture-pane -p -t 0 | grep -q '§0'"
keys ']'
check "] puts the first heading on the top row" wait_row 1 "^$H1"
check "status names the section" wait_row 24 "§1/3"
keys ']'
check "] again: the second heading" wait_row 1 "^$H2"
keys ']'
check "] a third time: the third heading" wait_row 1 "^$H3"
check "status: section 3 of 3" wait_row 24 "$H3.*§3/3"
keys ']'
check "] after the last section says so" wait_row 24 'No more sections'
keys j
wait_gone "^$H3" >/dev/null
keys '['
check "[ inside a section goes to its heading" wait_row 1 "^$H3"
keys '['
check "[ on a heading goes to the previous section" wait_row 1 "^$H2"

keys t
check "t lists the first heading" wait_for "1 +$H1"
check "t lists the second heading" wait_for "2 +$H2"
check "t lists the third heading" wait_for "3 +$H3"
check "the TOC marks the current section" wait_for "▸ +2 +$H2"
keys j Enter
check "Enter in the TOC jumps to the selected section" wait_row 1 "^$H3"
keys Tab
check "Tab opens the TOC" wait_for "▸ +3 +$H3"
keys Escape
wait_gone 'Contents:' >/dev/null
check "Esc closes the TOC" wait_row 1 "^$H3"
keys g
check "g goes to the top" wait_row 1 "$START"
keys 3 s
check "3s jumps to the third section" wait_row 1 "^$H3"
keys 1 s
check "1s jumps to the first section" wait_row 1 "^$H1"
keys 9 s
check "9s says there is no such section" wait_row 24 'No section 9'
keys 5 0 %
check "50% goes to the middle" wait_row 24 ' ([5-7][0-9])% '
keys G
check "G shows End" wait_row 24 '  End  '
keys '`'
check "\` returns to before the jump" wait_row 24 ' ([5-7][0-9])% '

keys 2 s
wait_row 1 "^$H2"
tm resize-window -x 50 -y 24
narrow() { [ "$(row 3 | wc -m)" -le 30 ]; }
wide() { [ "$(row 3 | wc -m)" -gt 34 ]; }
check "resize to 50 columns reflows" wait_until narrow
check "resize to 50 columns keeps the heading on top" wait_row 1 "^$H2"
check "the status line fits 50 columns" wait_row 24 '§2/3'
tm resize-window -x 80 -y 24
check "resize back to 80 columns" wait_until wide
keys -
check "- narrows the column" wait_row 24 'Width 78'
check "- keeps the heading on top" wait_row 1 "^ *$H2"
keys + +
check "+ widens the column" wait_row 24 'Width 80'
keys C-l
check "Ctrl-L redraws" wait_row 1 "^$H2"
keys q
check "q quits: status 0, terminal sane" exited_sane
finish
