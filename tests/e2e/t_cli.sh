# The command line without a terminal: --toc on the project's article in
# every encoding, cat mode, errors and exit codes, --help and --version.
. "$(dirname "$0")/lib.sh"

toc_is() {	# FILE: --toc prints exactly tests/data/article.toc
	"$JUAN" --toc "$1" > "$E2E_TMP/toc.out" 2>"$E2E_TMP/toc.err" &&
	    diff -u "$ARTICLE_TOC" "$E2E_TMP/toc.out"
}
check "--toc on the project's article (UTF-8)" toc_is "$ARTICLE"
iconv -f UTF-8 -t GB18030 "$ARTICLE" > "$E2E_TMP/gb18030.txt"
check "--toc on the project's article in GB18030" toc_is "$E2E_TMP/gb18030.txt"
iconv -f UTF-8 -t GBK "$ARTICLE" > "$E2E_TMP/gbk.txt"
check "--toc on the project's article in GBK" toc_is "$E2E_TMP/gbk.txt"
{ printf '\377\376'; iconv -f UTF-8 -t UTF-16LE "$ARTICLE"; } > "$E2E_TMP/utf16le.txt"
check "--toc on the project's article in UTF-16LE with a BOM" toc_is "$E2E_TMP/utf16le.txt"
sed 's/$/\r/' "$ARTICLE" > "$E2E_TMP/crlf.txt"
check "--toc on the project's article with CRLF endings" toc_is "$E2E_TMP/crlf.txt"
check "--toc reads stdin" sh -c "'$JUAN' --toc - < '$ARTICLE' | diff -u '$ARTICLE_TOC' -"

cat_is_identical() {	# FILE: stdout not a terminal copies the bytes unchanged
	"$JUAN" "$1" > "$E2E_TMP/cat.out" && cmp -s "$1" "$E2E_TMP/cat.out"
}
printf 'ESC \033]0;title\007 C1 \302\233 bad \377\376 NUL \000 end\n' > "$E2E_TMP/hostile.txt"
head -c 100000 /dev/urandom > "$E2E_TMP/binary.bin" 2>/dev/null
: > "$E2E_TMP/empty.txt"
check "cat mode: project's article byte-identical" cat_is_identical "$ARTICLE"
check "cat mode: GB18030 file byte-identical" cat_is_identical "$E2E_TMP/gb18030.txt"
check "cat mode: escapes and invalid UTF-8 byte-identical" cat_is_identical "$E2E_TMP/hostile.txt"
check "cat mode: binary data byte-identical" cat_is_identical "$E2E_TMP/binary.bin"
check "cat mode: empty file" cat_is_identical "$E2E_TMP/empty.txt"
check "cat mode: stdin to a pipe" sh -c "'$JUAN' < '$ARTICLE' | cmp -s '$ARTICLE' -"
check "cat mode: a closed pipe exits quietly" \
    sh -c "'$JUAN' '$E2E_TMP/binary.bin' 2>'$E2E_TMP/epipe.err' | head -c 1 >/dev/null; test ! -s '$E2E_TMP/epipe.err'"

one_line_error() {	# EXPECTED-STATUS CMD...: one line on stderr, that status
	want=$1; shift
	"$@" > /dev/null 2> "$E2E_TMP/err"
	st=$?
	[ "$st" -eq "$want" ] && [ "$(wc -l < "$E2E_TMP/err")" -ge 1 ] &&
	    grep -q '^juan: ' "$E2E_TMP/err"
}
check "missing file: one line, exit 1" one_line_error 1 "$JUAN" --toc "$E2E_TMP/nope.txt"
check "missing file in cat mode: exit 1" one_line_error 1 "$JUAN" "$E2E_TMP/nope.txt"
check "directory: exit 1" one_line_error 1 "$JUAN" --toc "$E2E_TMP"
check "directory in cat mode: exit 1" one_line_error 1 "$JUAN" "$E2E_TMP"
check "missing file error is exactly one line" \
    sh -c "'$JUAN' --toc '$E2E_TMP/nope.txt' 2>&1 >/dev/null | wc -l | grep -qx 1"
check "unknown option: exit 2" one_line_error 2 "$JUAN" --no-such-option
check "bad --width: exit 2" one_line_error 2 "$JUAN" --width=0 "$ARTICLE"
check "bad --ambiguous: exit 2" one_line_error 2 "$JUAN" --ambiguous=maybe "$ARTICLE"
check "unknown --encoding: exit 1" one_line_error 1 "$JUAN" --toc --encoding=klingon "$ARTICLE"
check "invalid --headings regex: exit 1" one_line_error 1 "$JUAN" --toc '--headings=(' "$ARTICLE"
check "--help to stdout, exit 0" sh -c "'$JUAN' --help | grep -q -- '--toc'"
check "--version names the libraries" sh -c "'$JUAN' --version | grep -q utf8proc"
esc_name_sanitised() {
	escname=$(printf 'name\033]0;pwned\007.txt')
	"$JUAN" --toc "$escname" 2> "$E2E_TMP/err"
	[ $? -eq 1 ] && ! grep -q "$(printf '\033')" "$E2E_TMP/err" &&
	    ! grep -q "$(printf '\007')" "$E2E_TMP/err"
}
check "a file name with ESC and BEL is sanitised on stderr" esc_name_sanitised
check "--headings=none gives no sections" sh -c "'$JUAN' --toc --headings=none '$ARTICLE' | wc -l | grep -qx 0"
check "--headings=REGEX replaces detection" \
    sh -c "'$JUAN' --toc '--headings=^(机房|可惜吗)' '$ARTICLE' | cut -f2 | tr '\\n' ' ' | grep -qx '16 24 '"
# Structure never depends on the ambiguous-width policy (issue 12): a text
# hard-wrapped at 60 cells whose short rows hold ten em dashes (32 cells
# narrow, 42 wide, 0.7 of the wrap in between) gives the same paragraphs
# (blank lines of --spacing=1 at a width nothing wraps at) and the same --toc.
row=春风吹过山岗野花开满了小路孩子们在溪边捉鱼老人坐在门前晒太阳
{ printf '第一章 春\n\n'
  for i in 1 2 3 4 5 6; do printf '%s\n%s\n%s\n天地玄黄宇宙洪荒日月盈——————————\n' "$row" "$row" "$row"; done
  printf '第二章 夏\n\n%s\n' "$row"; } > "$E2E_TMP/amb.txt"
same_structure() {	# FILE: narrow and wide give the same paragraphs and --toc
	for a in narrow wide; do
		"$JUAN" --dump --spacing=1 --width=200 --ambiguous=$a "$1" |
		    grep -c '^$' > "$E2E_TMP/paras.$a" &&
		    "$JUAN" --toc --ambiguous=$a "$1" > "$E2E_TMP/toc.$a" || return 1
	done
	cmp -s "$E2E_TMP/paras.narrow" "$E2E_TMP/paras.wide" &&
	    cmp -s "$E2E_TMP/toc.narrow" "$E2E_TMP/toc.wide" &&
	    grep -q '第二章' "$E2E_TMP/toc.narrow"
}
check "--ambiguous=narrow and wide: same paragraphs and --toc" same_structure "$E2E_TMP/amb.txt"
installed_tree() {	# make install under DESTDIR: binary, manual, data/
	top=$(cd "$(dirname "$0")/../.." && pwd)
	root="$E2E_TMP/root"
	make -s -C "$top" install DESTDIR="$root" PREFIX=/usr/local >/dev/null 2>&1 &&
	    [ -x "$root/usr/local/bin/juan" ] &&
	    [ -f "$root/usr/local/share/man/man1/juan.1" ] || return 1
	for f in "$top"/data/*; do
		cmp -s "$f" "$root/usr/local/share/juan/$(basename "$f")" || return 1
	done
	"$root/usr/local/bin/juan" --version | grep -q '^juan'
}
case $JUAN in
*/build/*) ;;	# the sanitizer run has no installable binary of its own
*) check "make install honours DESTDIR and PREFIX, installs data/" installed_tree ;;
esac
finish
