# The status line's golden text (issue 15): README's "Keys" section shows
# the status line at 40, 80 and 160 columns, in English and in a Chinese
# locale, as tmux captures it; the real screen must match it line for
# line. The lines follow the marker "<!-- status golden -->" in README.md,
# in a fenced block: for each of 40, 80, 160 columns, the English line
# (data/sample-english.txt, 2s then j), then the Chinese one
# (data/sample-novel.txt, the same keys, LANG=zh_CN.UTF-8).
. "$(dirname "$0")/lib.sh"

golden=$(awk '/<!-- status golden -->/ { on = 1; next }
    on && /^```/ { if (inblock) exit; inblock = 1; next }
    inblock { print }' "$TOP/README.md")
[ "$(printf '%s\n' "$golden" | wc -l)" -eq 6 ] ||
    echo "# README.md: the status golden block should hold 6 lines"

row_not() { [ "$(row "$1")" != "$2" ]; }

# (lib.sh's functions use n and cols: the loop's names are others.)
line_no=0
for width in 40 80 160; do
	for lang in en zh; do
		line_no=$((line_no + 1))
		want=$(printf '%s\n' "$golden" | sed -n "${line_no}p")
		if [ $lang = en ]; then
			start -x $width "$JUAN --no-resume '$TOP/data/sample-english.txt'"
		else
			start -x $width "LC_ALL= LANG=zh_CN.UTF-8 $JUAN --no-resume '$TOP/data/sample-novel.txt'"
		fi
		wait_row 24 '(Top|开头)' >/dev/null
		keys 2 s
		wait_row 24 '§2/' >/dev/null
		was=$(row 1)
		keys j
		wait_until row_not 1 "$was" >/dev/null
		check "$width columns, $lang: the status line is README's" \
		    wait_until row_is 24 "$want"
		[ "$(row 24)" = "$want" ] || echo "# got: '$(row 24)'"
	done
done
finish
