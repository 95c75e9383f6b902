# One drawing of a row (issue 12 item 4): the pager draws every row kind
# with the same cells as --dump. A Markdown document holding each kind
# (heading, English and CJK paragraphs, list items at two levels, a quote,
# a code block with a continued line, an image, a thematic break) is
# opened in a pane exactly as wide as the text column, and each screen row
# above the status line must equal the --dump line of that width (tmux
# drops trailing blanks, so they are dropped from --dump too).
. "$(dirname "$0")/lib.sh"

doc="$E2E_TMP/rows.md"
cat > "$doc" <<'MD'
# Every kind of row

A plain English paragraph, long enough to wrap over two or three rows of the column.

这是一个中文段落，首行缩进两个字，长到足以折成好几行，用来和列表、引用、代码和图片放在一起比较。

- a list item that is long enough to wrap onto a second row of the column
- a second item
  - a nested item, one level deeper, also long enough to wrap onto another row

> A quoted paragraph that runs over more than one row, with a bar beside every row of it.

```
short code line
a code line that is far too long for the column, so it is continued on the next row with a mark
```

![an image whose alternative text is long enough to need a second row here](picture.png)

---

The last paragraph, after the break.
MD

# compare WIDTH ROWS [COLS]: the pane (COLS wide, WIDTH by default)
# against --dump at WIDTH; in a wider pane the column is centred, so each
# line that is not empty moves right by (COLS - WIDTH) / 2.
compare() {
	w=$1 h=$2 c=${3:-$1}
	pad=$(printf '%*s' $(((c - w) / 2)) '')
	# The text ends above the status line; the rows below it are empty.
	{ "$JUAN" --dump --ambiguous=narrow --width="$w" "$doc"; yes '' | head -n "$h"; } |
	    sed 's/ *$//' | sed "s/^./$pad&/" | head -n $((h - 1)) > "$E2E_TMP/dump.txt"
	start -x "$c" -y "$h" "$JUAN --ambiguous=narrow --no-resume --width=$w '$doc'"
	wait_for 'last paragraph' >/dev/null
	screen | head -n $((h - 1)) | sed 's/ *$//' > "$E2E_TMP/screen.txt"
	if cmp -s "$E2E_TMP/dump.txt" "$E2E_TMP/screen.txt"; then
		return 0
	fi
	diff "$E2E_TMP/dump.txt" "$E2E_TMP/screen.txt" | sed 's/^/# /'
	return 1
}

check "the document holds every row kind" sh -c \
    "'$JUAN' --dump --ambiguous=narrow --width=40 '$doc' | grep -q '─' &&
     '$JUAN' --dump --ambiguous=narrow --width=40 '$doc' | grep -q '↪' &&
     '$JUAN' --dump --ambiguous=narrow --width=40 '$doc' | grep -q '│' &&
     '$JUAN' --dump --ambiguous=narrow --width=40 '$doc' | grep -q '•'"
check "40 columns: every screen row is its --dump line" compare 40 60
check "57 columns: every screen row is its --dump line" compare 57 50
check "40 columns centred in 71: every screen row is its --dump line" \
    compare 40 40 71
keys q
check "q: exit 0" wait_for '^\[exit 0\]'
finish
