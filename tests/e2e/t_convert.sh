# Display conversion (issue 16 item 2): --convert=t2s|s2t|off and the key C
# (off -> t2s -> s2t -> off) show the text converted with OpenCC's phrase
# dictionaries, positions staying the original's: the top line stays, a
# search highlight lands on the converted glyphs, --dump prints the
# converted layout, section titles are shown converted, and the mode chosen
# with C is remembered per document.
. "$(dirname "$0")/lib.sh"

cd "$E2E_TMP" || exit 1
# A short traditional text and its simplified form, written by hand.
printf '%s\n' '# 第一章 頭髮' '' \
    '我的頭髮乾燥了，於是去理髮店。計算機和電腦都壞了。' '' \
    'English stays as written.' > trad.md
cat > t2s.expected <<'EOF'
第一章 头发

    我的头发干燥了，
于是去理发店。计算机
和电脑都坏了。

English stays as
written.
EOF
check "--dump --convert=t2s prints the converted layout" \
    sh -c "'$JUAN' --dump -w 20 --convert=t2s trad.md | cmp -s - t2s.expected"
check "--dump --convert=off prints the text as written" \
    sh -c "'$JUAN' --dump -w 20 --convert=off trad.md | grep -qx '第一章 頭髮'"
check "--convert=s2t leaves traditional text as it is" \
    sh -c "'$JUAN' --dump -w 20 --convert=s2t trad.md | grep -qx '第一章 頭髮'"
check "--convert=s2t converts the simplified text back" \
    sh -c "'$JUAN' --dump -w 20 --convert=s2t t2s.expected | tr -d ' \n' | grep -qF '第一章頭髮我的頭髮乾燥了，於是去理髮店。計算機和電腦都壞了。'"
check "--convert=bogus: a usage error, exit 2, naming the values" \
    sh -c "'$JUAN' --dump --convert=bogus trad.md 2>err >/dev/null; [ \$? -eq 2 ] && head -n 1 err | grep -qxF \"juan: --convert: 'bogus' is not off, t2s or s2t\""

# A longer text: forty numbered paragraphs of two rows each at width 40.
i=1
while [ $i -le 40 ]; do
	printf '第%d段：我的頭髮乾燥了，於是去理髮店。計算機和電腦都壞了，後來才修好。\n' $i
	i=$((i + 1))
done > long.txt
"$JUAN" --dump -w 40 long.txt | sed 's/^ *//' > off.dump
"$JUAN" --dump -w 40 --convert=t2s long.txt | sed 's/^ *//' > t2s.dump
"$JUAN" --dump -w 40 --convert=s2t long.txt | sed 's/^ *//' > s2t.dump
check "the dumps have the same rows (t2s keeps the widths)" \
    sh -c "[ \$(wc -l < off.dump) -eq \$(wc -l < t2s.dump) ] && ! cmp -s off.dump t2s.dump"

top() { row 1 | sed 's/^ *//'; }
# Row 1 of the screen is line N of a dump.
top_is() {	# DUMP N
	[ "$(top)" = "$(sed -n "${2}p" "$1")" ]
}

start "$JUAN --no-resume -w 40 long.txt"
wait_row 1 '第1段' >/dev/null
keys 1 1 j
check "11j: row 12 of the text on top, as written" wait_until top_is off.dump 12
keys C
check "C: the status names t2s" wait_row 24 'Conversion: traditional to simplified \(t2s\)'
check "... the top line stays, converted" wait_until top_is t2s.dump 12
check "... the whole screen is simplified" sh -c "! tmux -L '$E2E_SOCK' capture-pane -p -t 0 | head -n 23 | grep -q '頭髮'"
keys C
check "C again: s2t named" wait_row 24 'Conversion: simplified to traditional \(s2t\)'
check "... the top line stays (the text was traditional already)" wait_until top_is s2t.dump 12
keys C
check "C a third time: off" wait_row 24 'Conversion off'
check "... the top line stays, as written" wait_until top_is off.dump 12
keys C
wait_row 24 't2s' >/dev/null

# A search under conversion: the original is matched (a simplified pattern
# finds the traditional text), the highlight covers the converted glyphs.
BG='(4[0-7]|10[0-7]|48;5;[0-9]+)m'
ESC=$(printf '\033')
highlighted_exactly() {	# TEXT: a highlight that starts at TEXT and ends after it
	tm capture-pane -p -e -t 0 | head -n 23 | grep -qE -- "$BG$1$ESC\\["
}
keys / && type '理发' && keys Enter
check "/理发 under t2s: the match is highlighted as 理发" wait_until highlighted_exactly '理发'
check "... and nothing shows 理髮" sh -c "! tmux -L '$E2E_SOCK' capture-pane -p -t 0 | grep -q '理髮'"
keys Escape q
wait_for '^\[exit 0\]' >/dev/null

# Section titles in the status line and the contents are shown converted.
start "$JUAN --no-resume --convert=t2s trad.md"
check "--convert=t2s in the pager: the heading converted" wait_row 1 '^ *第一章 头发$'
check "... the status line's section title too" wait_row 24 '· 第一章 头发 '
keys t
check "... and the contents' entry" wait_row 1 '1  第一章 头发$'
keys q q
wait_for '^\[exit 0\]' >/dev/null

# The conversion chosen with C is remembered with the document.
start "$JUAN -w 40 long.txt"
check "reopened: still converted" wait_for '我的头发干燥了'
keys q
wait_for '^\[exit 0\]' >/dev/null
start "$JUAN --convert=off -w 40 long.txt"
check "--convert=off wins over the remembered t2s" wait_for '我的頭髮乾燥了'
keys q
check "q: exit 0" wait_for '^\[exit 0\]'
finish
