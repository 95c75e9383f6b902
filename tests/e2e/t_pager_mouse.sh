# The mouse: the wheel scrolls the text and moves the selection of a list,
# a click in the table of contents goes to that section. The reports are
# typed into the pane as the terminal would send them (lib.sh: mouse).
. "$(dirname "$0")/lib.sh"

start "$JUAN --no-resume '$ARTICLE'"
wait_for "$START" >/dev/null
wait_row 24 ' 3 sections  Top' >/dev/null
first=$(row 1)
fourth=$(row 4)
seventh=$(row 7)
mouse wheel-down 10 5
check "wheel down scrolls three rows" wait_until row_is 1 "$fourth"
mouse wheel-down 40 12
check "wheel down again: three more" wait_until row_is 1 "$seventh"
mouse wheel-up 10 5
check "wheel up scrolls back three rows" wait_until row_is 1 "$fourth"
mouse wheel-up 10 5
mouse wheel-up 10 5
check "wheel up stops at the top" wait_until row_is 1 "$first"
mouse click 10 5
check "a click on the text changes nothing" wait_until row_is 1 "$first"

keys t
wait_for "3 +$H3" >/dev/null
# Rows 1-3 list sections 1-3; the click is on the third (rows are 1-based).
mouse click 20 3
check "a click in the contents goes to that section" wait_row 1 "^$H3"
check "the contents closed" wait_gone 'Contents:'
keys t
wait_for "▸ +3 +$H3" >/dev/null
mouse click 20 2
check "a click on another entry goes there" wait_row 1 "^$H2"
keys t
wait_for "▸ +2 +$H2" >/dev/null
mouse wheel-up 10 5
keys Enter
check "the wheel moves the selection of a list" wait_row 1 "^$H1"
keys t
wait_for 'Contents:' >/dev/null
mouse click 20 10
keys Enter
# Still in the list, Enter picks the selected (current) section; had the
# click closed it, Enter would scroll the text one row.
check "a click below the last entry leaves the contents open" wait_row 1 "^$H1"
keys q
check "q: exit 0, terminal sane" exited_sane
finish
