# The pager on the built-in guide (data/juan-guide.txt): opened with no
# argument, its sections reached with ] and from the table of contents,
# headings drawn in bold, and q.
. "$(dirname "$0")/lib.sh"

GUIDE="$TOP/data/juan-guide.txt"
toc=$("$JUAN" --toc "$GUIDE" | cut -f3)
first=$(printf '%s\n' "$toc" | sed -n 1p)
second=$(printf '%s\n' "$toc" | sed -n 2p)
last=$(printf '%s\n' "$toc" | tail -n 1)
nsec=$(printf '%s\n' "$toc" | wc -l)

bold_on_top() {	# row 1 is drawn bold
	tm capture-pane -p -e -t 0 | sed -n 1p | grep -q '\[1m'
}

start "cd '$TOP' && $JUAN"
check "no argument opens the guide" wait_for " $nsec sections  Top"
keys ']'
check "] puts the first heading on the top row" wait_until row_starts 1 "$first"
check "headings are bold" bold_on_top
keys ']'
check "] again: the second heading" wait_until row_starts 1 "$second"
keys t
check "t lists every section" wait_for "$nsec +$last"
keys G Enter
check "Enter on the last entry goes to the last section" wait_until row_starts 1 "$last"
check "status shows the last section" wait_for "§$nsec/$nsec"
keys q
check "q: exit 0 and a sane terminal" exited_sane
finish
