# Markup readers never want to see (issue 13, item 5): Markdown inline
# emphasis, code spans, links and images, and Aozora ruby and notes, are not
# drawn as raw text, in --dump, --toc and the pager alike; search finds the
# base text of ruby. The texts are written here.
. "$(dirname "$0")/lib.sh"

md="$E2E_TMP/inline.md"
cat > "$md" <<'MD'
# A **bold** title with `code`

Some *emphasis*, a [link](http://example.com/(x)) and `rm *.o` here.

中文**重点**内容，~~删除~~，见<https://example.com>。

![](empty.png)

An ![inline picture](p.png) and \*stars\* stay.

```
**kept** in code
```
MD
cat > "$E2E_TMP/inline.want" <<'WANT'
A bold title with code

Some emphasis, a link and rm *.o here.
    中文重点内容，删除，见https://example.com。
An inline picture and *stars* stay.
**kept** in code
WANT
"$JUAN" --dump --width=60 "$md" | grep -v '^\[图\]' | grep -v '^$' > "$E2E_TMP/inline.got"
grep -v '^$' "$E2E_TMP/inline.want" > "$E2E_TMP/inline.want2"
check "--dump: Markdown inline markup hidden, code block verbatim" \
    diff -u "$E2E_TMP/inline.want2" "$E2E_TMP/inline.got"
check "--toc: a Markdown title without its markup" \
    sh -c "'$JUAN' --toc '$md' | cut -f3 | grep -qx 'A bold title with code'"

# In the pager the same text, with the markup's styles: SGR 3 (italic) on
# the emphasis, 1 (bold) on the strong text, 4 (underline) on the link.
start "$JUAN --no-resume '$md'"
wait_for 'Some emphasis' >/dev/null
styled() { tm capture-pane -p -e -t 0 | grep -q "$1"; }
ESC=$(printf '\033')
check "pager: the emphasis drawn in italic, not between stars" \
    styled "${ESC}\\[3memphasis${ESC}"
check "pager: the strong text drawn in bold" styled "${ESC}\\[1m重点${ESC}"
check "pager: the link text underlined, its target hidden" \
    styled "${ESC}\\[4mlink${ESC}"
check "pager: the row reads as --dump prints it" \
    sh -c "tmux -L '$E2E_SOCK' -f /dev/null capture-pane -p -t 0 | sed 's/ *\$//' | grep -qx 'Some emphasis, a link and rm \*.o here.'"
keys q
check "exit 0 (Markdown)" exited_sane

aoz="$E2E_TMP/aozora.txt"
{
	printf '　吾輩《わがはい》は猫である。名前はまだ無い。\n'
	printf '　人間中で一番｜獰悪《どうあく》な種族であった［＃「獰悪」に傍点］そうだ。\n'
	printf '　吾輩は猫である、と言ってみる。\n'
	printf '　読《よ》んだのは《史記》である。吾輩《わがはい》は猫である。\n'
} > "$aoz"
"$JUAN" --dump --width=80 "$aoz" > "$E2E_TMP/aozora.got"
check "--dump: ruby after kanji shown as 吾輩（わがはい）" \
    grep -q '^    吾輩（わがはい）は猫である。名前はまだ無い。$' "$E2E_TMP/aozora.got"
check "--dump: ｜ hidden, the reading in parentheses, the note hidden" \
    grep -q '^    人間中で一番獰悪（どうあく）な種族であったそうだ。$' "$E2E_TMP/aozora.got"
check "--dump: a title in 《》 stays as written" \
    grep -q '読（よ）んだのは《史記》である。' "$E2E_TMP/aozora.got"
check "--dump: nothing of the notation left" \
    sh -c "! grep -q '[｜＃]' '$E2E_TMP/aozora.got'"

start "$JUAN --no-resume '$aoz'"
wait_for '名前はまだ無い' >/dev/null
keys /
type '輩は猫'
keys Enter
check "/輩は猫 finds the base text across ruby: 1/3" wait_row 24 '(^| )1/3( |$)'
keys n
check "n: 2/3 (the plain line)" wait_row 24 '(^| )2/3( |$)'
keys n
check "n: 3/3 (ruby again)" wait_row 24 '(^| )3/3( |$)'
keys q
check "exit 0" exited_sane
finish
