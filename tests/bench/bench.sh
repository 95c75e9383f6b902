#!/bin/bash
# make bench: every speed and memory figure of juan beside a reference
# measured in the same run on the same input, as a ratio. Inputs are
# generated here (never committed): a 100 MB and a 1 GB Chinese book, the
# 100 MB one in traditional characters too (and ten of it, 1 GB), a 20 MB
# single line, and the hostile inputs of issue 14 (1M Markdown headings
# beside plain text of the same size, 5M numbered lines). Set BENCH_ROUNDS (default 5) and BENCH_BIG=0 to
# skip 1 GB.
set -u
cd "$(dirname "$0")/../.." || exit 1
top=$(pwd)
tui="$top/../shared/tools/tui_time.sh"
rounds=${BENCH_ROUNDS:-5}
big=${BENCH_BIG:-1}
dir=${BENCH_DIR:-$top/build/bench-data}
mkdir -p "$dir"
export LANG=C.UTF-8 LC_ALL=C.UTF-8
export XDG_STATE_HOME="$dir/state"
rm -rf "$XDG_STATE_HOME"

gen() {	# KIND FILE SIZE (MB, or lines: gen.py)
	[ -s "$2" ] || python3 tests/bench/gen.py "$1" "$2" "$3" || exit 1
}
gen book "$dir/book-100m.txt" 100
gen line "$dir/line-20m.txt" 20
gen headings "$dir/headings-1m.md" 1000000
gen plain "$dir/plain-1m.md" 1000000
gen lines "$dir/lines-5m.txt" 5000000
[ "$big" = 1 ] && gen book "$dir/book-1g.txt" 1000
# Script folding: the 100 MB book in traditional characters (OpenCC s2t),
# searched and counted with simplified terms; and a 1 GB one, ten of it
# (the last with its end, the others without their last two lines, so
# that the term is found at the very end once).
trad="$dir/book-trad-100m.txt"
[ "$trad" -nt "$dir/book-100m.txt" ] ||
	opencc -c s2t -i "$dir/book-100m.txt" -o "$trad" || exit 1
trad1g="$dir/book-trad-1g.txt"
if [ "$big" = 1 ] && ! [ "$trad1g" -nt "$trad" ]; then
	{ for i in 1 2 3 4 5 6 7 8 9; do head -n -2 "$trad"; done; cat "$trad"; } \
	    > "$trad1g" || exit 1
fi
s2t() { printf %s "$1" | opencc -c s2t; }
sc_term=工业泡沫终点 sc_word=数据
sc_term_t=$(s2t "$sc_term") sc_word_t=$(s2t "$sc_word")

median() { sort -n | awk '{a[NR]=$1} END {if (NR == 0) print "NA"; else print a[int((NR+1)/2)]}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (b + 0 == 0 || a == "NA" || b == "NA") print "NA"; else printf "%.2f", a / b}'; }
field() { sed -n "s/.*[[:space:]]$1=\([^[:space:]]*\).*/\1/p"; }

rows=()
row() { rows+=("$(printf '%-46s %12s %12s %8s  %s' "$@")"); }

echo "== module benchmarks"
for b in build/bench/bench_*; do
	[ -x "$b" ] || continue
	name=$(basename "$b")
	case $name in
	bench_search) "$b" "$dir/book-100m.txt" "$sc_term" &&
		"$b" --script "$trad" "$sc_term" "$sc_term_t" "$sc_word" \
		    "$sc_word_t" ;;
	bench_layout) "$b" "$dir/book-100m.txt" "$dir/line-20m.txt" "$trad" ;;
	bench_shelf) "$b" "$dir/shelf" ;;
	bench_find) "$b" "$dir/book-100m.txt" "$sc_word" ;;
	*) "$b" "$dir/book-100m.txt" ;;
	esac | tee "$dir/$name.out"
done
kv() { awk -v k="$1" '$1 == k {print $2}' "$dir"/bench_*.out 2>/dev/null | head -n 1; }
# The same script figures over 1 GB (issue 16: folded search at >= 0.5 of
# the literal one, the count of a frequent name within 2x grep -F -c).
rm -f "$dir/script-1g.out"
[ "$big" = 1 ] && build/bench/bench_search --script "$trad1g" "$sc_term" \
    "$sc_term_t" "$sc_word" "$sc_word_t" | tee "$dir/script-1g.out"
kv1g() { awk -v k="$1" '$1 == k {print $2}' "$dir/script-1g.out" 2>/dev/null; }

row "figure (medians)" "juan" "reference" "ratio" "target"
row "doc: full scan ms vs read+memchr ms (100 MB)" "$(kv doc.scan_ms)" "$(kv doc.memchr_ms)" "$(ratio "$(kv doc.memchr_ms)" "$(kv doc.scan_ms)")" ">= 0.25"
row "doc: the same, fastest rounds (capability)" "-" "-" "$(kv doc.scan_best_ratio)" "(info)"
row "doc: open + first paragraphs ms (100 MB)" "$(kv doc.open_ms)" "-" "-" "instant"
row "doc: private memory KiB (100 MB file)" "$(kv doc.private_kb)" "$((100000000 / 1024 / 100 + 8192))" "$(ratio "$(kv doc.private_kb)" "$((100000000 / 1024 / 100 + 8192))")" "<= 1"
row "layout: full layout MB/s vs u8_width_linebreaks" "$(kv layout.full_MBps)" "$(kv layout.ref_MBps)" "$(ratio "$(kv layout.full_MBps)" "$(kv layout.ref_MBps)")" ">= 1, 2"
row "layout: one screen at a random offset ms CPU" "$(kv layout.screen_ms)" "-" "-" "< 5"
row "layout: screen at the end of a 20 MB line ms" "$(kv layout.line_end_ms)" "-" "-" "< 5"
row "convert: screen ms CPU, t2s vs off (trad)" "$(kv convert.screen_ms)" "$(kv convert.screen_off_ms)" "$(ratio "$(kv convert.screen_ms)" "$(kv convert.screen_off_ms)")" "(info); < 5 ms"
row "convert: a page down ms CPU, t2s vs off (trad)" "$(kv convert.page_ms)" "$(kv convert.page_off_ms)" "$(ratio "$(kv convert.page_ms)" "$(kv convert.page_off_ms)")" "(info); < 5 ms"
row "convert: opening OpenCC's t2s.json ms CPU" "$(kv convert.open_ms)" "-" "-" "(info)"
row "search: literal MB/s vs memmem" "$(kv search.literal_MBps)" "$(kv search.memmem_MBps)" "$(ratio "$(kv search.literal_MBps)" "$(kv search.memmem_MBps)")" ">= 0.25"
row "toc: contents of 3,696 chapters, open ms" "$(kv toc.open_ms)" "-" "-" "< 50"
row "toc: one filter keystroke ms (3,696 entries)" "$(kv toc.filter_ms)" "-" "-" "< 50"
row "toc: fold or unfold a volume ms" "$(kv toc.fold_ms)" "-" "-" "< 50"
row "search: folded MB/s vs memmem" "$(kv search.fold_MBps)" "$(kv search.memmem_MBps)" "$(ratio "$(kv search.fold_MBps)" "$(kv search.memmem_MBps)")" ">= 0.05"
row "search: script-folded MB/s vs literal (trad)" "$(kv script.fold_MBps)" "$(kv script.literal_MBps)" "$(ratio "$(kv script.fold_MBps)" "$(kv script.literal_MBps)")" ">= 0.5"
g=$(kv script.grep_ms)	# timed between the counts
row "search: script-folded count ms vs grep -F -c" "$(kv script.count_ms)" "$g" "$(ratio "$(kv script.count_ms)" "$g")" "<= 2"
if [ "$big" = 1 ]; then
	row "search: script-folded MB/s vs literal, 1 GB" "$(kv1g script.fold_MBps)" "$(kv1g script.literal_MBps)" "$(ratio "$(kv1g script.fold_MBps)" "$(kv1g script.literal_MBps)")" ">= 0.5"
	g=$(kv1g script.grep_ms)	# timed between the counts
	row "search: count of $sc_word ms vs grep -F -c, 1 GB" "$(kv1g script.count_ms)" "$g" "$(ratio "$(kv1g script.count_ms)" "$g")" "<= 2"
	row "search: the same in CPU ms (steadier under load)" "$(kv1g script.count_cpu_ms)" "$(kv1g script.grep_cpu_ms)" "$(kv1g script.count_grep_cpu_ratio)" "(info)"
fi
row "search: regex MB/s (every paragraph folded)" "$(kv search.regex_MBps)" "-" "-" "(info)"
row "find: F's first screen ms, after the count" "$(kv find.open_ms)" "-" "-" "< 50"
row "find: F to every match grouped ms vs count ms" "$(kv find.all_ms)" "$(kv find.count_ms)" "$(ratio "$(kv find.all_ms)" "$(kv find.count_ms)")" "<= 2"
row "find: 100 pages down in the list ms" "$(kv find.key_ms)" "-" "-" "< 50"
# --grep needs the sections, so the whole scan (juan --toc) is in it; grep
# -F -n, which has none to find, is the floor.
ms() { local t0 t1; t0=$(date +%s%N); "$@" >/dev/null; t1=$(date +%s%N); echo $(( (t1 - t0) / 1000000 )); }
gj=$(for r in $(seq "$rounds"); do ms "$top/juan" --grep "$sc_word" "$dir/book-100m.txt"; done | median)
gt=$(for r in $(seq "$rounds"); do ms "$top/juan" --toc "$dir/book-100m.txt"; done | median)
gg=$(for r in $(seq "$rounds"); do ms grep -F -n "$sc_word" "$dir/book-100m.txt"; done | median)
row "grep: juan --grep ms vs juan --toc ms (100 MB)" "$gj" "$gt" "$(ratio "$gj" "$gt")" "<= 4"
row "grep: juan --grep ms vs grep -F -n ms (100 MB)" "$gj" "$gg" "$(ratio "$gj" "$gg")" "(info)"
gs=$(for r in $(seq "$rounds"); do ms "$top/juan" --grep "$sc_word" "$trad"; done | median)
gst=$(for r in $(seq "$rounds"); do ms grep -F -n "$sc_word_t" "$trad"; done | median)
row "grep: script-folded --grep ms vs grep -F -n (trad)" "$gs" "$gst" "$(ratio "$gs" "$gst")" "(info)"
row "marks: load a state file of 10,000 documents ms" "$(kv marks.load_ms)" "-" "-" "< 20"
row "shelf: load + rows + first screen, 10,000 docs ms" "$(kv shelf.open_ms)" "-" "-" "< 50"

echo "== hostile inputs: the scan beside plain text, q during the scan"
for f in headings-1m.md plain-1m.md lines-5m.txt; do
	build/bench/bench_doc "$dir/$f" | tee "$dir/hostile-$f.out"
done
hv() { awk -v k="$2" '$1 == k {print $2}' "$dir/hostile-$1.out" 2>/dev/null; }
qt() {	# FILE: the median ms from q to the exit, the scan running
	python3 tests/bench/quit_time.py -r "$rounds" "$top/juan" --no-resume "$1" |
	    tee /dev/stderr | sed -n 's/^quit_ms=\([^ ]*\) .*/\1/p'
}
# Issue 14 asks "at the speed of plain text" (1.3 taken as that). Was
# 1.6-1.7 quiet: the candidate table, grown by realloc, lost half its huge
# pages, and four passes read it back. With util_table_resize and the
# sections added in select_markup's one pass: best rounds 0.99 (226 vs
# 228 ms) beside 1.63 before, medians 0.70 beside 1.36, same run, 2-core
# VM at load 3. What is left is the ~190 bytes a heading holds (candidate,
# section), which the kernel must zero.
row "doc: scan ms, 1M headings vs plain, same size" "$(hv headings-1m.md doc.scan_ms)" "$(hv plain-1m.md doc.scan_ms)" "$(ratio "$(hv headings-1m.md doc.scan_ms)" "$(hv plain-1m.md doc.scan_ms)")" "<= 1.3"
row "doc: 1M headings: sections found" "$(hv headings-1m.md doc.sections)" "1000000" "-" "all"
row "doc: scan ms, 5M numbered lines vs read+memchr" "$(hv lines-5m.txt doc.scan_ms)" "$(hv lines-5m.txt doc.memchr_ms)" "$(ratio "$(hv lines-5m.txt doc.memchr_ms)" "$(hv lines-5m.txt doc.scan_ms)")" ">= 0.25"
q_idle=$(python3 tests/bench/quit_time.py -r "$rounds" -w '2023年冬天' "$top/juan" --no-resume tests/data/article.txt |
    sed -n 's/^quit_ms=\([^ ]*\) .*/\1/p')
for f in headings-1m.md lines-5m.txt; do
	q=$(qt "$dir/$f")
	row "q during the scan ms, $f (q, scan over)" "$q" "$q_idle" "$(ratio "$q" "$q_idle")" "< 100 ms"
done

echo "== terminal: juan beside less -n, $rounds rounds (tui_time.sh)"
tt() {	# LABEL ARGS...: one tui_time run, prints its line
	bash "$tui" -L "juan-bench-$$" -t 120 "$@" 2>/dev/null
}
# The status line shows the time left in the book ("2 h 10 min left in
# book", "book 3 min" where the line is short) once the scan is over.
scanned='left in book|book [<0-9]'
screen_vs_less() {	# NAME FILE MB FIRST-REGEX END-REGEX
	local name=$1 file=$2 mb=$3 first=$4 end=$5 j_first=() l_first=() j_g=() l_g=()
	local j_mem=() j_anon=() l_anon=() l jf lf jg lg ja la limit
	for r in $(seq "$rounds"); do
		l=$(tt -n juan -w "$first" -K G -w "$end" -w "$scanned" -- "$top/juan" --no-resume "$file")
		echo "  $l"
		j_first+=("$(echo "$l" | field w1_ms)"); j_g+=("$(echo "$l" | field w2_ms)")
		j_mem+=("$(echo "$l" | field hwm_kb)"); j_anon+=("$(echo "$l" | field anon_kb)")
		l=$(tt -n less -w "$first" -K G -w "$end" -- less -n "$file")
		echo "  $l"
		l_first+=("$(echo "$l" | field w1_ms)"); l_g+=("$(echo "$l" | field w2_ms)")
		l_anon+=("$(echo "$l" | field anon_kb)")
	done
	jf=$(printf '%s\n' "${j_first[@]}" | median); lf=$(printf '%s\n' "${l_first[@]}" | median)
	jg=$(printf '%s\n' "${j_g[@]}" | median); lg=$(printf '%s\n' "${l_g[@]}" | median)
	ja=$(printf '%s\n' "${j_anon[@]}" | median); la=$(printf '%s\n' "${l_anon[@]}" | median)
	limit=$((mb * 1000000 / 1024 / 100 + 8192))	# 1 % of the file + 8 MiB, in KiB
	row "first screen ms, $name (less -n)" "$jf" "$lf" "$(ratio "$jf" "$lf")" "<= 1.2"
	row "first G ms, $name (less -n)" "$jg" "$lg" "$(ratio "$jg" "$lg")" "<= 1.5"
	row "private KiB after the scan, $name (less -n)" "$ja" "$la" "$(ratio "$ja" "$limit")" "<= 1 ($limit: 1% + 8 MiB)"
	row "peak memory KiB, $name" "$(printf '%s\n' "${j_mem[@]}" | median)" "-" "-" "(info)"
}
screen_vs_less "100 MB book" "$dir/book-100m.txt" 100 '长篇测试书' '全文完'
[ "$big" = 1 ] && screen_vs_less "1 GB book" "$dir/book-1g.txt" 1000 '长篇测试书' '全文完'
screen_vs_less "20 MB single line" "$dir/line-20m.txt" 20 '单行测试' '行尾标记'

# The display conversion: the traditional book shown simplified
# (--convert=t2s: libopencc loaded, t2s.json read, the screen converted)
# beside it shown as written, first screen and G.
convert_vs_off() {
	local c_first=() o_first=() c_g=() o_g=() l
	for r in $(seq "$rounds"); do
		l=$(tt -n juan-t2s -w '长篇测试书' -K G -w '全文完' -- "$top/juan" --no-resume --convert=t2s "$trad")
		echo "  $l"
		c_first+=("$(echo "$l" | field w1_ms)"); c_g+=("$(echo "$l" | field w2_ms)")
		l=$(tt -n juan-off -w "$(s2t 长篇测试书)" -K G -w '全文完' -- "$top/juan" --no-resume "$trad")
		echo "  $l"
		o_first+=("$(echo "$l" | field w1_ms)"); o_g+=("$(echo "$l" | field w2_ms)")
	done
	l=$(printf '%s\n' "${c_first[@]}" | median)
	row "first screen ms, trad book --convert=t2s (off)" "$l" "$(printf '%s\n' "${o_first[@]}" | median)" "$(ratio "$l" "$(printf '%s\n' "${o_first[@]}" | median)")" "(info)"
	l=$(printf '%s\n' "${c_g[@]}" | median)
	row "first G ms, trad book --convert=t2s (off)" "$l" "$(printf '%s\n' "${o_g[@]}" | median)" "$(ratio "$l" "$(printf '%s\n' "${o_g[@]}" | median)")" "(info)"
}
convert_vs_off

echo "== search: the whole process beside grep -F -c"
search_vs_grep() {	# NAME FILE
	local j=() g=() l t0 t1
	for r in $(seq "$rounds"); do
		l=$(tt -n juan-search -w '工业泡沫终点' -- "$top/juan" --no-resume +/工业泡沫终点 "$2")
		echo "  $l"
		j+=("$(echo "$l" | field w1_ms)")
		t0=$(date +%s%N); grep -F -c 工业泡沫终点 "$2" >/dev/null; t1=$(date +%s%N)
		g+=("$(( (t1 - t0) / 1000000 ))")
	done
	local jm gm
	jm=$(printf '%s\n' "${j[@]}" | median); gm=$(printf '%s\n' "${g[@]}" | median)
	row "search to the last line ms, $1 (grep -F -c)" "$jm" "$gm" "$(ratio "$jm" "$gm")" "<= 1.0"
}
search_vs_grep "100 MB" "$dir/book-100m.txt"
[ "$big" = 1 ] && search_vs_grep "1 GB" "$dir/book-1g.txt"

echo "== search prompt: a pasted pattern of 10,000 CJK characters"
# juan: from the paste (and Enter) to its match shown (the status line's
# "?/N" or "1/1": the count may come later, at the next poll); reference: a
# program that only reads the same paste raw, so that tmux's own delivery
# is in both and the difference is juan's.
paste_vs_raw() {
	local j=() r=() l pat n
	pat=$(python3 -c "import random; random.seed(14); print(''.join(random.choice('的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说') for _ in range(10000)), end='')")
	n=$(printf '%s' "$pat" | wc -c)
	printf 'paste case\n\n%s\n\nend\n' "$pat" > "$dir/paste.txt"
	for i in $(seq "$rounds"); do
		l=$(tt -n juan-paste -w 'paste case' -K / -k "$pat"$'\r' -w ' [?1]/[0-9]' -- "$top/juan" --no-resume "$dir/paste.txt")
		echo "  $l"
		j+=("$(echo "$l" | field w2_ms)")
		l=$(tt -n raw-read -w READY -k "$pat" -w DONE -- sh -c "stty raw -echo; echo READY; head -c $n >/dev/null; stty sane; echo DONE; exec sleep 60")
		echo "  $l"
		r+=("$(echo "$l" | field w2_ms)")
	done
	local jm rm
	jm=$(printf '%s\n' "${j[@]}" | median); rm=$(printf '%s\n' "${r[@]}" | median)
	row "paste 10,000 CJK chars to the match ms (raw read)" "$jm" "$rm" "$(ratio "$jm" "$rm")" "juan - raw < 200"
}
paste_vs_raw
echo "== the shelf of 10,000 documents, juan --shelf to its first screen"
shelf_screen() {
	local s=() l
	for r in $(seq "$rounds"); do
		l=$(tt -n juan-shelf -e "XDG_STATE_HOME=$dir/shelf" -w 'Shelf: 10000 documents' -- "$top/juan" --shelf)
		echo "  $l"
		s+=("$(echo "$l" | field w1_ms)")
	done
	row "shelf: juan --shelf, first screen ms (10,000 docs)" "$(printf '%s\n' "${s[@]}" | median)" "-" "-" "< 50 + start"
}
shelf_screen

echo
echo "== juan bench report ($(date -u +%Y-%m-%d), $(nproc) cores)"
printf '%s\n' "${rows[@]}"
