# The contents list of a big book (issue 15 item 3), written from its
# "Why": numbers were left-aligned, so titles shifted from entry 10 on; a
# count (50j) was ignored; there was no way to filter 3,696 entries; parts
# were not folded over their chapters. The book is made here: four volumes
# of 924 chapters, 3,700 sections.
. "$(dirname "$0")/lib.sh"

python3 - "$E2E_TMP/big.txt" <<'PY'
import sys
d = "零一二三四五六七八九"
def zh(n):
    s, zero = "", False
    for u, name in ((1000, "千"), (100, "百"), (10, "十")):
        q, n = n // u, n % u
        if q:
            if zero:
                s, zero = s + "零", False
            s += ("" if u == 10 and q == 1 and s == "" else d[q]) + name
        elif s:
            zero = True
    if n:
        s += ("零" if zero else "") + d[n]
    return s
with open(sys.argv[1], "w") as f:
    c = 0
    for v in range(1, 5):
        f.write("第%s卷 远方\n" % zh(v))
        for i in range(1, 925):
            c += 1
            f.write("第%s章 远行\n" % zh(c))
            for p in range(3):
                f.write("他沿着河岸慢慢地走着，心里想着昨天发生的事情，第%d段。\n" % p)
PY
[ "$("$JUAN" --toc "$E2E_TMP/big.txt" | wc -l)" -eq 3700 ] ||
    echo "# the book should have 3700 sections"
# The column where a row's title starts.
title_col() { row "$1" | awk '{ print index($0, "第") }'; }
# The selection is drawn reversed or on a background colour (the theme's):
# does its row hold TEXT?
selected_has() {
	tm capture-pane -p -e -t 0 | head -n 23 |
	    grep -E "$(printf '\033')\[([0-9;]*;)?(7|4[0-7]|48;5;[0-9]+)m" |
	    sed 's/\x1b\[[0-9;]*m//g' | grep -qF -- "$1"
}

start "$JUAN --no-resume big.txt"
wait_row 24 '3700 sections' >/dev/null
keys t
check "over 200 entries: the volumes start folded, with their counts" \
    wait_row 1 '^▸\+    1  第一卷 远方  \(924\)$'
check "... four of them" wait_row 4 '^ \+ 2776  第四卷 远方  \(924\)$'
check "... the first selected" selected_has '1  第一卷'
keys Space
check "Space unfolds a volume: its chapters under it, indented" \
    wait_row 2 '^      2    第一章 远行$'
check "numbers right-aligned: titles start in one column (row 2, row 11)" \
    sh -c '[ "$1" -eq "$2" ]' sh "$(title_col 2)" "$(title_col 11)"
keys 5 0 j
check "50j moves fifty entries" wait_until selected_has '  51    第五十章'
keys Enter
check "Enter on it: section 51" wait_row 24 '§51/3700'
keys 2 0 0 0 s t
check "opened from section 2000: it is marked" wait_for '^▸  2000    第一千九百九十七章 远行$'
check "... and selected" selected_has '2000    第一千九百九十七章'
keys /
check "/ asks for a filter" wait_row 24 '^Filter:'
type 第一千二百三十四章
check "the filter applies as one types: one entry" wait_row 1 '^  +1236    第一千二百三十四章 远行$'
check "... and nothing else" sh -c '[ -z "$(tmux -L "$1" capture-pane -p -t 0 | sed -n 2p | tr -d " ")" ]' sh "$E2E_SOCK"
keys Enter
check "the status line counts the matches" wait_row 24 'Contents: 1 of 3700 match, Esc clears the filter'
keys Escape
check "Esc clears the filter, the list stays" wait_row 24 '^ Contents: Enter goes there'
keys 1 0 0 G
check "100G selects section 100" wait_until selected_has ' 100    第九十九章'
keys Left
check "Left folds the volume the selection is in" wait_for '^ \+    1  第一卷 远方  \(924\)$'
check "... and selects it" selected_has '1  第一卷 远方'
keys Escape
check "Esc again closes the list, the place unchanged" wait_row 24 '§2000/3700'
keys q
check "q: exit 0" exited_sane
finish
