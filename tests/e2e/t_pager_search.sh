# Search in the pager on the project's article: the prompt, incremental
# movement, match count and section, n/N, wrapping, regex mode, history,
# "not found", Esc; then bookmarks and resuming where the reader left off.
. "$(dirname "$0")/lib.sh"

# A background colour (8, 16 or 256 colours) on the text rows; the status
# line has one of its own.
BG='(4[0-7]|10[0-7]|48;5;[0-9]+)m'
highlighted() {	# TEXT [N]: at least N (1) places show TEXT in a highlight colour
	[ "$(tm capture-pane -p -e -t 0 | head -n 23 | grep -oE -- "$BG$1" | wc -l)" -ge "${2:-1}" ]
}
no_highlight() { ! tm capture-pane -p -e -t 0 | head -n 23 | grep -qE "$BG"; }

start "$JUAN '$ARTICLE'"
wait_for "$START" >/dev/null
keys /
check "/ opens the prompt" wait_row 24 '^/$'
type '工业泡'
check "incremental: the view moves to the first match while typing" wait_for '称为“工业泡沫”'
check "incremental: the match is highlighted" highlighted '工业泡'
type '沫'
keys Enter
check "Enter: match 1 of 3 and its section" wait_row 24 "^ 1/3 · §1 $H1"
check "every visible match is highlighted" highlighted '工业泡沫' 3
keys n
check "n: match 2 of 3" wait_row 24 '^ 2/3 '
keys n
check "n: match 3 of 3" wait_row 24 '^ 3/3 '
keys n
check "n past the last match wraps with a message" wait_row 24 'wrapped'
keys n
check "after wrapping, the count goes on" wait_row 24 '^ 2/3 '
keys N
check "N goes back" wait_row 24 '^ 1/3 '
keys Escape
check "Esc clears the highlight" wait_until no_highlight
keys / C-r
check "Ctrl-R turns on regex mode" wait_row 24 '^regex /'
type '泡('
check "an invalid regex says so" wait_row 24 '(nvalid|bad|nmatched|rror)'
keys BSpace BSpace
type '收[拾]+剩下'
keys Enter
check "a regex search finds the third heading" wait_row 24 "^ 1/1 · §3 $H3"
keys g /
type 'xyzzy不存在'
keys Enter
check "Pattern not found" wait_row 24 'Pattern not found: xyzzy不存在'
keys '?'
check "? opens a backward prompt" wait_row 24 '^\?$'
keys Up
check "Up recalls the search history" wait_row 24 '^\?xyzzy不存在$'
keys Up Up
check "Up again: older patterns" wait_row 24 '^\?工业泡沫$'
keys Escape
check "Esc cancels the prompt" wait_row 24 '^ article\.txt'

keys 3 s m
check "m asks for a bookmark name" wait_row 24 'Bookmark name'
type '第三节'
keys Enter
check "the bookmark is added" wait_row 24 'Bookmarked: 第三节'
keys g "'"
check "' lists the bookmarks" wait_for '第三节'
keys Enter
check "Enter in the list jumps to the bookmark" wait_row 1 "^$H3"
keys g '`'
check "\` returns to before the last jump" wait_row 1 "^$H3"
keys q
check "q: exit 0" wait_for '^\[exit 0\]'

start "$JUAN '$ARTICLE'"
check "reopening resumes where the reader left off" wait_row 24 '^ resumed at §3 · [0-9]+%'
check "the resumed page shows the third heading" wait_row 1 "^$H3"
keys "'"
check "the bookmark survived" wait_for '第三节'
keys d
check "d deletes it" wait_row 24 'Deleted: '
keys q q
check "q: exit 0 again" wait_for '^\[exit 0\]'

start "$JUAN --no-resume '$ARTICLE'"
check "--no-resume starts at the top" wait_row 1 "$START"
keys q
start "$JUAN -p 哈德森 '$ARTICLE'"
check "-p opens at the first match" wait_row 24 '^ 1/[0-9]+'
finish
