# The ambiguous-width probe against terminals that answer it differently:
# dsr-proxy.py stands between tmux and juan and answers the cursor position
# request as a terminal drawing U+201C in one cell, in two, or not at all.
# A paragraph of 8 “中文” is 48 cells narrow and 64 wide: in a 60-cell column
# with its 4-cell indent, END stays on the quotes' row only when narrow.
. "$(dirname "$0")/lib.sh"

PROXY="python3 '$TOP/tests/e2e/dsr-proxy.py'"
python3 -c 'print("标题\n\n" + "\u201c中文\u201d" * 8 + "END\n\n第二段。")' >"$E2E_TMP/amb.txt"

row_of() { screen | grep -n "$1" | head -n 1 | cut -d: -f1; }
same_row() { [ -n "$(row_of END)" ] && [ "$(row_of END)" = "$(row_of 中文)" ]; }
next_row() { [ -n "$(row_of END)" ] && [ "$(row_of END)" = $(( $(row_of 中文) + 1 )) ]; }
requests() { [ "$(cat "$E2E_TMP/req" 2>/dev/null | wc -l)" -eq "$1" ]; }

run_proxy() {	# ANSWER JUAN-ARGS...
	answer=$1; shift
	rm -f "$E2E_TMP/req"
	start "$PROXY $answer '$E2E_TMP/req' -- $JUAN --no-resume --width 60 $* '$E2E_TMP/amb.txt'"
	wait_for END >/dev/null
}

run_proxy 1
check "a terminal drawing “ in one cell: asked once" requests 1
check "a terminal drawing “ in one cell: laid out narrow" same_row
keys q
check "a terminal drawing “ in one cell: q quits cleanly" exited_sane 0

run_proxy 2
check "a terminal drawing “ in two cells: asked once" requests 1
check "a terminal drawing “ in two cells: laid out wide" next_row
keys q
check "a terminal drawing “ in two cells: q quits cleanly" exited_sane 0

# No answer: juan waits 200 ms at most, then lays out narrow.
run_proxy none
check "a terminal that does not answer: the text shows, narrow" same_row
keys q
check "a terminal that does not answer: q quits cleanly" exited_sane 0

run_proxy 1 --ambiguous=wide
check "--ambiguous=wide: no question asked" requests 0
check "--ambiguous=wide: laid out wide" next_row
keys q
check "--ambiguous=wide: q quits" exited_sane 0

run_proxy 2 --ambiguous=narrow
check "--ambiguous=narrow: no question asked" requests 0
check "--ambiguous=narrow: laid out narrow" same_row
keys q
check "--ambiguous=narrow: q quits" exited_sane 0
finish
