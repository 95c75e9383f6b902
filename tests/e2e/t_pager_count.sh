# Count prefixes (issue 12 item 5) reach every command that takes one: 10n
# moves ten matches, 3N three back, 5] five sections, and in the contents
# 50j moves the selection fifty entries. The book is made here: 80
# chapters, the word "unicorn" once in each.
. "$(dirname "$0")/lib.sh"

python3 - "$E2E_TMP/book.md" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("Preamble line.\n\n")
    for i in range(1, 81):
        f.write("# Chapter %d\n\n" % i)
        for p in range(4):
            word = " unicorn" if p == 1 else ""
            f.write("Paragraph %d of chapter %d tells a short story%s "
                    "about reading long books in a terminal.\n\n" % (p, i, word))
PY

start "$JUAN book.md"
wait_for 'Preamble line' >/dev/null
keys /
type unicorn
keys Enter
check "Enter: the first of 80 matches" wait_row 24 '^ 1/80 · §1 Chapter 1 '
keys 1 0 n
check "10n: ten matches on" wait_row 24 '^ 11/80 · §11 Chapter 11 '
keys 3 N
check "3N: three matches back" wait_row 24 '^ 8/80 · §8 Chapter 8 '
keys Escape g 5 ']'
check "5]: the fifth section on" wait_row 1 '^Chapter 5$'
keys Tab
check "Tab opens the contents on the current section" wait_row 24 '^ Contents'
keys g 5 0 j Enter
check "contents: g 50j Enter goes to chapter 51" wait_row 1 '^Chapter 51$'
keys Tab 2 0 k Enter
check "contents: 20k Enter goes to chapter 31" wait_row 1 '^Chapter 31$'
keys q
check "q: exit 0" wait_for '^\[exit 0\]'
finish
