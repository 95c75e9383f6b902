# Every movement key of the pager, checked by where rows go: j/k, arrows,
# Enter, Space/f/PgDn, b/PgUp, d/u, g/Home, G/End, counts, help.
. "$(dirname "$0")/lib.sh"

moves() {	# NAME FROM-ROW KEY...: after the keys, row FROM-ROW is on top
	name=$1 from=$2; shift 2
	want=$(row "$from")
	keys "$@"
	check "$name" wait_until row_is 1 "$want"
}

start "$JUAN '$ARTICLE'"
wait_for "$START" >/dev/null
first=$(row 1)
moves "j scrolls one line" 2 j
one=$(row 1)
moves "Down scrolls one line" 2 Down
two=$(row 1)
moves "Enter scrolls one line" 2 Enter
keys k
check "k scrolls back one line" wait_until row_is 1 "$two"
keys Up
check "Up scrolls back one line" wait_until row_is 1 "$one"
keys k
check "back at the top" wait_until row_is 1 "$first"
moves "a count repeats: 5j" 6 5 j
moves "d scrolls half a page" 12 d
keys g
check "g returns to the top" wait_until row_is 1 "$first"
last=$(row 23)
keys Space k
check "Space pages down (the last row is just above)" wait_until row_is 1 "$last"
keys j b
check "b pages up" wait_until row_is 1 "$first"
keys f k
check "f pages down" wait_until row_is 1 "$last"
keys j PPage
check "PgUp pages up" wait_until row_is 1 "$first"
keys NPage k
check "PgDn pages down" wait_until row_is 1 "$last"
keys g d
wait_gone "^$first\$" >/dev/null
keys u
check "u scrolls half a page up" wait_until row_is 1 "$first"
keys End
check "End shows End" wait_row 24 '  End  '
keys Home
check "Home returns to the top" wait_until row_is 1 "$first"
keys G
check "G shows the end" wait_row 24 '  End  '
keys h
check "h shows the help generated from the key table" wait_for 'j Down Enter +Scroll down one line'
check "help lists the section keys" wait_for '\] +Go to the start of the next section'
keys q
check "q closes the help" wait_gone 'Scroll down one line'
keys F1
check "F1 shows the help" wait_for 'Space f PgDn +Scroll down one page'
keys G
check "the help scrolls to its end" wait_for 'Down +The search typed after \(history\)'
keys Escape Q
check "Q quits: status 0" wait_for '^\[exit 0\]'
check "terminal sane after Q" wait_for '(^| )icanon echo'
# A text longer than the first read (64 KiB): its scan starts once the
# first screen is out and the reader is idle, with no key needed; then
# the section keys work.
python3 -c '
import sys
with open(sys.argv[1], "w") as f:
    for c in range(1, 41):
        f.write("第%d章 远行\n" % c)
        for i in range(300):
            f.write("他沿着河岸慢慢地走着，心里想着昨天发生的事情，第%d段。\n" % i)
' "$E2E_TMP/long.txt"
start "$JUAN --no-resume '$E2E_TMP/long.txt'"
check "a long text: first screen" wait_for '^第1章 远行'
check "a long text: its sections become known without a key" wait_for '§1/40 '
keys ']' ']'
check "a long text: ] jumps to the next sections" wait_row 1 '^第3章 远行'
keys q
check "a long text: q quits" exited_sane 0
finish
