# The seed article, CORPUS/000_4a7947cb9897f18c.txt (see CORPUS/README.md):
# --toc finds exactly its three headings, lines 13, 31 and 50, in UTF-8,
# GB18030, UTF-16LE with a BOM, with CRLF endings and from stdin; cat mode
# copies it unchanged; 工业泡沫 is found three times, also in a hard-wrapped
# copy that cuts one of them across two lines. The expected titles are read
# from the text itself, so none of it is copied here.
. "$(dirname "$0")/../e2e/lib.sh"
SEED="$CORPUS/000_4a7947cb9897f18c.txt"
if [ ! -f "$SEED" ]; then
	not_ok "the seed article $SEED exists"
	finish
fi

expected="$E2E_TMP/toc.expected"
for n in 13 31 50; do
	printf '1\t%s\t%s\n' "$n" "$(sed -n "${n}p" "$SEED")"
done > "$expected"
toc_is() {	# FILE: --toc prints exactly the three headings
	"$JUAN" --toc "$1" > "$E2E_TMP/toc.out" 2>&1 &&
	    diff -u "$expected" "$E2E_TMP/toc.out"
}
check "--toc on the seed (UTF-8): lines 13, 31, 50" toc_is "$SEED"
iconv -f UTF-8 -t GB18030 "$SEED" > "$E2E_TMP/gb18030.txt"
check "--toc on the seed in GB18030" toc_is "$E2E_TMP/gb18030.txt"
{ printf '\377\376'; iconv -f UTF-8 -t UTF-16LE "$SEED"; } > "$E2E_TMP/utf16le.txt"
check "--toc on the seed in UTF-16LE with a BOM" toc_is "$E2E_TMP/utf16le.txt"
sed 's/$/\r/' "$SEED" > "$E2E_TMP/crlf.txt"
check "--toc on the seed with CRLF endings" toc_is "$E2E_TMP/crlf.txt"
check "--toc on the seed from stdin" sh -c "'$JUAN' --toc - < '$SEED' | diff -u '$expected' -"
# The wrapping rules on the seed at every width 20..120 (corpus_tool wrap
# prints WIDTH, ROWS, VIOLATIONS per width; its log names each one).
wrap_clean() {
	"$TOP/build/corpus_tool" wrap "$SEED" $(seq 20 120) > "$E2E_TMP/wrap.out" \
	    2> "$E2E_TMP/wrap.log" &&
	    [ "$(wc -l < "$E2E_TMP/wrap.out")" -eq 101 ] &&
	    awk -F'\t' '$3 != 0 { bad = 1 } END { exit bad }' "$E2E_TMP/wrap.out" ||
	    { head -n 20 "$E2E_TMP/wrap.log"; return 1; }
}
check "the seed wraps by the rules at widths 20..120" wrap_clean
check "cat mode: the seed byte-identical" sh -c "'$JUAN' '$SEED' | cmp -s '$SEED' -"

count() {	# FILE TERM: how many times --dump shows TERM
	"$JUAN" --dump --width=2000 "$1" | grep -o "$2" | wc -l
}
check "工业泡沫: 3 times" [ "$(count "$SEED" 工业泡沫)" -eq 3 ]
check "泡沫: 34 times" [ "$(count "$SEED" 泡沫)" -eq 34 ]
python3 "$TOP/tests/e2e/wrap.py" "$SEED" "$E2E_TMP/wrapped.txt"
check "the hard-wrapped seed cuts a 工业泡沫 across two lines" \
    awk 'p ~ /工业$/ && /^泡沫/ { f = 1 } { p = $0 } END { exit !f }' "$E2E_TMP/wrapped.txt"
check "the hard-wrapped seed is joined again: 工业泡沫 3 times" \
    [ "$(count "$E2E_TMP/wrapped.txt" 工业泡沫)" -eq 3 ]
finish
