# The status line follows the view (issue 13 item 4): after any move the
# section it names is the one on screen, and a search's count names the
# match's section only while that match is on screen. The book is made
# here: 150 chapters, one word ("unicorn") in chapter 29 only.
. "$(dirname "$0")/lib.sh"

python3 - "$E2E_TMP/book.md" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("Preamble line.\n\n")
    for i in range(1, 151):
        f.write("# Chapter %d\n\n" % i)
        for p in range(6):
            word = " unicorn" if (i, p) == (29, 2) else ""
            f.write("Paragraph %d of chapter %d tells a short story%s "
                    "about reading long books in a terminal.\n\n" % (p, i, word))
PY

start "$JUAN book.md"
wait_for 'Preamble line' >/dev/null
keys /
type unicorn
keys Enter
check "Enter: the count names the match's section" \
    wait_row 24 '^ 1/1 · §29 Chapter 29 .*§29/150'
keys 1 0 0 s
check "100s: the status names chapter 100, not the match's" \
    wait_row 24 '^ book\.md · Chapter 100 .*§100/150'
check "100s: no trace of chapter 29 in the status" sh -c '! tmux -L "$0" capture-pane -p -t 0 | tail -n 1 | grep -q "§29"' "$E2E_SOCK"
keys G
check "G: the status names the top row's chapter" \
    wait_row 24 '^ book\.md · Chapter 149 .*§149/150'
keys n
check "n: the match is on screen again, and the count names its section" \
    wait_row 24 '^ 1/1 .*§29 Chapter 29 .*§29/150'
keys d d d
check "scrolled past the match: the status names the chapter on screen" \
    wait_row 24 '^ book\.md · Chapter 3[0-9] .*§3[0-9]/150'
keys u u u
check "back over the match: its count again" \
    wait_row 24 '^ 1/1 · §29 Chapter 29 '
keys q
check "q: exit 0" wait_for '^\[exit 0\]'
finish
