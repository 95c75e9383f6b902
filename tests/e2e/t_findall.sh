# The list of every match (F) and --grep: a book written here, four
# chapters of which the second has no match of 宝玉 and the third writes
# it 寶玉 (script folding finds it, in its heading too). F lists the
# matches under their sections with a count each, the match highlighted in
# its row; the selection starts at the reader's place; Enter goes to the
# match; / keeps the sections whose title holds what is typed; Esc clears
# that, then closes; q goes back to where the text was. --grep prints the
# same matches as SECTION<TAB>LINE<TAB>CONTEXT, exits like grep, and
# follows script-fold from the config file and the command line.
. "$(dirname "$0")/lib.sh"

cd "$E2E_TMP" || exit 1
{
	printf '前面的话：宝玉是书里的人。\n\n'
	for ch in 1 2 3 4; do
		case $ch in
		1) title='第一章 初见' n=3 name=宝玉 ;;
		2) title='第二章 夜读' n=0 name=宝玉 ;;
		3) title='第三章 寶玉出門' n=2 name=寶玉 ;;
		4) title='第四章 归来' n=1 name=宝玉 ;;
		esac
		printf '%s\n\n' "$title"
		for p in 1 2 3 4; do
			if [ "$p" -le "$n" ]; then
				printf '　　第%s章第%s段：这一天%s走到园子里，看见花开得正好，心里很是欢喜，便站了许久才走。\n\n' "$ch" "$p" "$name"
			elif [ "$ch" = 4 ] && [ "$p" = 2 ]; then
				# An invalid byte and an escape sequence before a match.
				printf '　　第4章第2段：坏\377字\033[31m宝玉来了。\n\n'
			else
				printf '　　第%s章第%s段：园子里的花开得正好，风吹过来，叶子沙沙地响，远处有人在说话。\n\n' "$ch" "$p"
			fi
		done
	done
} >book.txt

# --grep: every match, its section, its line, its row of context.
TAB=$(printf '\t')
cat >want.txt <<EOF
front matter${TAB}1${TAB}前面的话：宝玉是书里的人。
第一章 初见${TAB}5${TAB}第1章第1段：这一天宝玉走到园子里，看见花开得正好，心里很是欢喜，便站了许久才
第一章 初见${TAB}7${TAB}第1章第2段：这一天宝玉走到园子里，看见花开得正好，心里很是欢喜，便站了许久才
第一章 初见${TAB}9${TAB}第1章第3段：这一天宝玉走到园子里，看见花开得正好，心里很是欢喜，便站了许久才
第三章 寶玉出門${TAB}23${TAB}第三章 寶玉出門
第三章 寶玉出門${TAB}25${TAB}第3章第1段：这一天寶玉走到园子里，看见花开得正好，心里很是欢喜，便站了许久才
第三章 寶玉出門${TAB}27${TAB}第3章第2段：这一天寶玉走到园子里，看见花开得正好，心里很是欢喜，便站了许久才
第四章 归来${TAB}35${TAB}第4章第1段：这一天宝玉走到园子里，看见花开得正好，心里很是欢喜，便站了许久才
第四章 归来${TAB}37${TAB}第4章第2段：坏�字^[[31m宝玉来了。
EOF
"$JUAN" --grep 宝玉 book.txt >got.txt
check "--grep: exit 0 with matches" [ $? = 0 ]
check "--grep: SECTION, LINE, CONTEXT of every match, 寶玉 too" cmp -s want.txt got.txt
[ -s got.txt ] && ! cmp -s want.txt got.txt && diff want.txt got.txt | sed 's/^/# /'
check "--grep: no raw escape or invalid byte" sh -c "! LC_ALL=C grep -q \"\$(printf '[\\033\\377]')\" got.txt"
"$JUAN" --grep 宝玉 --width=30 book.txt | sed -n 2p >got30.txt
check "--grep --width=30: the row at that width" \
    [ "$(cat got30.txt)" = "第一章 初见${TAB}5${TAB}第1章第1段：这一天宝玉走到" ]
out=$("$JUAN" --grep 不在书里 book.txt)
check "--grep: exit 1 without matches" [ $? = 1 ]
check "--grep: nothing printed without matches" [ -z "$out" ]
"$JUAN" --grep 宝玉 missing.txt 2>err.txt >/dev/null
check "--grep: exit 2 for a file that cannot be read" [ $? = 2 ]
check "--grep: the reason on stderr" grep -q 'missing.txt' err.txt
mkdir -p "$XDG_CONFIG_HOME/juan"
echo 'script-fold = off' >"$XDG_CONFIG_HOME/juan/config"
"$JUAN" --grep 宝玉 book.txt >off.txt
check "config script-fold = off: 宝玉 is found as written" \
    [ "$(grep -c 宝玉 off.txt)" = 6 ]
check "config script-fold = off: 寶玉 is not found by 宝玉" \
    [ "$(grep -c 寶玉 off.txt)" = 0 ]
check "--script-fold=on overrides the config file" \
    sh -c "'$JUAN' --script-fold=on --grep 宝玉 book.txt | cmp -s - want.txt"
echo 'script-fold = sometimes' >"$XDG_CONFIG_HOME/juan/config"
"$JUAN" --grep 宝玉 book.txt 2>err.txt >/dev/null
check "config: a bad script-fold is a usage error naming it" [ $? = 2 ]
check "config: ... and the message says the values" \
    grep -q "script-fold: 'sometimes' is not on or off" err.txt
rm -f "$XDG_CONFIG_HOME/juan/config"

# The pager: F after a search.
BG='(4[0-7]|10[0-7]|48;5;[0-9]+)m'
highlighted() {	# TEXT N: N text rows show TEXT in a highlight colour
	[ "$(tm capture-pane -p -e -t 0 | head -n 23 | grep -cE -- "$BG$1")" -ge "$2" ]
}
start "$JUAN --no-resume book.txt"
wait_for '前面的话' >/dev/null
keys F
check "F before any search says so" wait_row 24 'No previous search'
keys /
type 宝玉
keys Enter
check "the search: 1 of 9" wait_row 24 '^ 1/9 '
keys F
check "F: the front matter's group, its count at the right" \
    wait_row 1 '^front matter +1$'
check "F: its match's row under it" wait_row 2 '^  前面的话：宝玉是书里的人。$'
check "F: chapter one, 3 matches" wait_row 3 '^第一章 初见 +3$'
check "F: a match's row" row_starts 4 '  第1章第1段：这一天宝玉走到园子里'
check "F: no group for chapter two" sh -c "! tmux -L '$E2E_SOCK' capture-pane -p -t 0 | grep -q 第二章"
check "F: chapter three (寶玉), 3 matches with its heading" \
    wait_row 7 '^第三章 寶玉出門 +3$'
check "F: the heading's own match" wait_row 8 '^  第三章 寶玉出門$'
check "F: chapter four, 2 matches" wait_row 11 '^第四章 归来 +2$'
check "F: the escape sequence is shown, not sent" wait_row 13 '^  第4章第2段：坏�字\^\[\[31m宝玉来了。$'
check "F: 宝玉 highlighted in 6 rows" highlighted '宝玉' 6
check "F: 寶玉 highlighted in 3 rows" highlighted '寶玉' 3
check "F: the status: the hint, the first match selected, 1/9" \
    wait_row 24 '^ Matches: Enter goes there, / filters, q closes · 1/9'
# Row 2 is selected (the first match); seven rows down, the first match
# of chapter three's text.
keys j j j j j j j
check "j: the selection moves over groups and matches: 6/9 · §3" \
    wait_row 24 ' 6/9 · §3 第三章 寶玉出門'
keys Enter
check "Enter goes to the match: its row on top" wait_row 1 '第3章第1段：这一天寶玉'
check "Enter: the status counts it as n would" wait_row 24 '^ 6/9 · §3 '
keys n
check "n goes on from there" wait_row 24 '^ 7/9 · §3 '
keys F
check "F again: the current match selected" wait_row 24 ' 7/9 · §3 '
keys q
check "q returns to where the text was" wait_row 1 '第3章第1段：这一天寶玉'
check "... the match still current" wait_row 24 '^ 7/9 · §3 '
keys F /
check "/ in the list opens the filter" wait_row 24 '^Filter:'
type 归来
check "the filter keeps the sections whose title holds it" wait_row 1 '^第四章 归来 +2$'
check "... and only them" wait_row 4 '^$'
keys Enter Enter
check "Enter goes to the selected match of what the filter kept" \
    wait_row 1 '第4章第1段：这一天宝玉'
keys F /
type 初见
keys Enter
check "filtered to chapter one" wait_row 1 '^第一章 初见 +3$'
keys Escape
check "Esc clears the filter first" wait_row 1 '^front matter +1$'
keys Escape
check "Esc again closes the list, the text where it was" \
    wait_row 1 '第4章第1段：这一天宝玉'
keys q
check "q: exit 0" exited_sane

# A bigger book (2,000 chapters, 3 MB): the list opens at once and fills
# in as the count goes on, to as many matches as grep finds, the last
# chapter's at its end; --grep prints one line each.
python3 - <<'PY'
with open("big.txt", "w") as f:
    for c in range(1, 2001):
        f.write("第%d章 长夜\n\n" % c)
        for p in range(12):
            f.write("　　第%d章第%d段。%s园子里的花开得正好，风吹过来，叶子沙沙地响，远处有人在说话，声音很轻。\n\n"
                    % (c, p, "宝玉说了一句话，" if (c * 7 + p) % 5 == 0 else ""))
PY
big_n=$(grep -o 宝玉 big.txt | wc -l)
check "big: --grep prints a line per match" \
    [ "$("$JUAN" --grep 宝玉 big.txt | wc -l)" = "$big_n" ]
check "big: --grep's last line is the last chapter's" \
    sh -c "'$JUAN' --grep 宝玉 big.txt | tail -n 1 | grep -q '^第2000章 长夜'"
start "$JUAN --no-resume big.txt"
wait_for '第1章 长夜' >/dev/null
keys /
type 宝玉
keys Enter F
check "big: F opens the list at once" wait_row 24 '^ Matches' 10
check "big: the count completes, as many as grep finds" \
    wait_row 24 " 1/$big_n( |$)" 60
keys G
check "big: G in the list: the last chapter's last match" \
    wait_row 24 " $big_n/$big_n · §2000 第2000章 长夜" 20
keys q q
check "big: exit 0" exited_sane

# The list on a narrow column: a row too long for the list is cut with
# "…", the match kept in view, at whichever end it is.
printf '# One\n\nkey aaaaaaaa bbbbbbbb cccccccc dddddddd\n\naaaaaaaa bbbbbbbb cccccccc dddddddd key\n' >narrow.md
start -x 40 "$JUAN --no-resume narrow.md"
wait_for 'aaaaaaaa' >/dev/null
keys /
type key
keys Enter F
check "narrow: the group's row" wait_row 1 '^One +2$'
check "narrow: a match at the start, the end cut with …" \
    wait_row 2 '^  key aaaaaaaa bbbbbbbb cccccccc d+…$'
check "narrow: a match at the end, the start cut with …" \
    wait_row 3 '^  …a+ bbbbbbbb cccccccc dddddddd key$'
check "narrow: both matches highlighted" highlighted 'key' 2
keys q q
check "narrow: exit 0" exited_sane
finish
