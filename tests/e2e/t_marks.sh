# Bookmarks and reading positions (issue 6), XDG_STATE_HOME in a temporary
# directory: m, the list (Enter, d, r, Esc), ` after every kind of jump,
# resuming, --no-resume, a moved file, stdin, two instances saving at once,
# an unusable state directory, modes, a corrupt state file, and a run that
# changes nothing leaving the file alone. `juan --bookmarks` prints
# PATH<TAB>NAME<TAB>PERCENT<TAB>SECTION.
. "$(dirname "$0")/lib.sh"

A="$E2E_TMP/a.txt"
B="$E2E_TMP/b.txt"
STATE="$XDG_STATE_HOME/juan/bookmarks"
cp "$ARTICLE" "$A"

row_not() { ! row_is "$@"; }	# N TEXT: row N is not TEXT
bm_count() { [ "$("$JUAN" --bookmarks "$2" 2>/dev/null | wc -l)" -eq "$1" ]; }
# The percentage of the status line, and the first characters of row 1.
pct() { row 24 | grep -oE '[0-9]+%' | tail -n 1 | tr -d %; }
snip() { row 1 | sed -E 's/^ *//; s/^(.{'"${1:-4}"'}).*/\1/'; }
open_doc() {	# CMD: start CMD, wait for text and the end of the scan
	start "$*"
	wait_for '[^ ]' >/dev/null
	wait_row 24 '  (Top|End|All|[0-9]+%)  ' >/dev/null
	wait_gone 'finding sections' >/dev/null
}
scroll_by() {	# N: N j, then wait until the rows moved and settled
	was=$(row 1)
	keys "$1" j
	wait_until row_not 1 "$was" >/dev/null
	sleep 0.2
}
bm() { "$JUAN" --bookmarks "$@" 2>/dev/null; }
bm_field() {	# NAME FIELD [FILE]: field FIELD of the bookmark named NAME
	n=$1 f=$2; shift 2
	bm "$@" | awk -F '\t' -v n="$n" -v f="$f" '$2 == n { print $f }'
}
has_bm() { [ -n "$(bm_field "$1" 2 "$B")" ]; }
mode_of() { stat -c %a "$1"; }
sum_of() { sha256sum < "$1"; }
ident() { stat -c '%i %Y %s' "$1"; }

# --- m, the bookmark list, rename, delete --------------------------------
open_doc "umask 000; $JUAN --no-resume '$A'"
top1=$(row 1)
keys 2 s
wait_row 1 "^ *$H2" >/dev/null
scroll_by 5
m1_row=$(row 1) m1_pct=$(pct) m1_snip=$(snip 4)
keys m
check "m asks for a name" wait_row 24 '[Nn]ame'
keys Enter
check "Enter with no name adds a bookmark (--bookmarks lists it)" \
    wait_until bm_count 1 "$A"
line=$(bm "$A")
check "--bookmarks: PATH<TAB>NAME<TAB>PERCENT<TAB>SECTION" \
    sh -c "printf '%s\n' '$line' | grep -qE '^/[^	]*	[^	]+	[0-9]+%?	[^	]*\$'"
check "--bookmarks: PATH is the file's absolute path" \
    [ "$(printf '%s\n' "$line" | cut -f1)" = "$A" ]
check "--bookmarks: PERCENT is the status line's ($m1_pct%)" \
    [ "$(printf '%s\n' "$line" | cut -f3 | tr -d %)" = "$m1_pct" ]
check "--bookmarks: SECTION is the section's title" \
    [ "$(printf '%s\n' "$line" | cut -f4)" = "$T2" ]
def=$(printf '%s\n' "$line" | cut -f2)
check "the default name is the section's: §2 and its title ($def)" \
    [ "$def" = "§2 $T2" ]
check "the state directory is 0700 (even under umask 000)" \
    [ "$(mode_of "$XDG_STATE_HOME/juan")" = 700 ]
check "the state file is 0600 (even under umask 000)" \
    [ "$(mode_of "$STATE")" = 600 ]

keys 3 s
wait_row 1 "^ *$H3" >/dev/null
scroll_by 3
m2_row=$(row 1) m2_snip=$(snip 4)
keys m
wait_row 24 '[Nn]ame' >/dev/null
type 第三节书签
keys Enter
wait_until bm_count 2 "$A" >/dev/null
check "a named bookmark: --bookmarks shows the name and section" \
    [ "$(bm_field 第三节书签 4 "$A")" = "$T3" ]
check "the state file is valid UTF-8 (snippets cut on characters)" \
    sh -c "iconv -f UTF-8 -t UTF-8 '$STATE' >/dev/null 2>&1"

keys "'"
check "' lists this document's bookmarks" wait_for '第三节书签'
check "the list shows the default bookmark's section" wait_for "$H2"
check "the list shows each bookmark's percentage" \
    wait_for "(^|[^0-9])$m1_pct%.*$H2|$H2.*(^|[^0-9])$m1_pct%"
check "the list shows a snippet of the text ($m2_snip)" \
    wait_for "第三节书签.*$m2_snip"
keys Escape
check "Esc closes the list" wait_until row_is 1 "$m2_row"
check "... and the status line is the reader's again" wait_gone '第三节书签'

keys g
wait_until row_is 1 "$top1" >/dev/null
keys "'" j Enter
check "Enter in the list jumps to the bookmark" wait_until row_is 1 "$m2_row"
keys '`'
check "\` after a bookmark jump returns to where we were" wait_until row_is 1 "$top1"

keys "'"
wait_for '第三节书签' >/dev/null
keys g r
check "r asks for a new name, the old one there to edit" \
    wait_row 24 "^Rename: $(ere "$def")\$"
keys C-u
type 改过的名字
keys Enter
check "r renames in the list" wait_for '改过的名字'
wait_until sh -c "'$JUAN' --bookmarks '$A' | grep -q 改过的名字" >/dev/null
check "r renames in the state file (--bookmarks)" \
    [ "$(bm_field 改过的名字 4 "$A")" = "$T2" ]
check "... and the old name is gone" [ -z "$(bm_field "$def" 2 "$A")" ]
keys g d
check "d deletes from the list" wait_gone '^ +[0-9]+%  改过的名字'
check "... and says u brings it back" wait_row 24 'Deleted: 改过的名字 \(u brings it back\)'
check "d deletes from the state file" wait_until \
    sh -c "[ \$('$JUAN' --bookmarks '$A' | wc -l) -eq 1 ] && ! '$JUAN' --bookmarks '$A' | grep -q 改过的名字"
keys u
check "u brings it back to the list" wait_for '^ +[0-9]+%  改过的名字'
check "... and to the state file" wait_until \
    sh -c "'$JUAN' --bookmarks '$A' | grep -q 改过的名字"
keys d
wait_gone '^ +[0-9]+%  改过的名字' >/dev/null
keys Escape
wait_gone '第三节书签' >/dev/null
keys q
check "q: exit 0" exited_sane

# --- ` after every kind of jump, and ` again ----------------------------
open_doc "$JUAN --no-resume '$A'"
jump_back() {	# WHAT KEY...: from 5 rows down, the keys jump; ` and ` again
	what=$1; shift
	keys g
	wait_row 1 "$START" >/dev/null
	scroll_by 5
	before=$(row 1)
	keys "$@"
	if ! wait_until row_not 1 "$before" >/dev/null; then
		not_ok "$what: the jump did not move"
		return
	fi
	sleep 0.3
	after=$(row 1)
	keys '`'
	check "\` after $what returns to where we were" wait_until row_is 1 "$before"
	keys '`'
	check "\` again after $what goes back to the target" wait_until row_is 1 "$after"
}
jump_back "a section jump (3s)" 3 s
jump_back "] (next section)" ']'
jump_back "the table of contents" t G Enter
jump_back "a search" / 泡沫的余温 Enter
jump_back "a bookmark" "'" Enter
jump_back "G" G
keys q
check "q after the jumps: exit 0" exited_sane

# --- resuming -------------------------------------------------------------
open_doc "$JUAN '$A'"
keys 2 s
wait_row 1 "^ *$H2" >/dev/null
scroll_by 7
r_row=$(row 1) r_pct=$(pct)
keys q
exited_sane >/dev/null
open_doc "$JUAN '$A'"
check "reopening says: resumed at §2 · $r_pct%" \
    wait_row 24 "^ *resumed at §2 · $r_pct%( |$)"
check "reopening starts where the reader left it" wait_until row_is 1 "$r_row"
keys q
exited_sane >/dev/null
open_doc "$JUAN --no-resume '$A'"
check "--no-resume starts at the top" wait_until row_is 1 "$top1"
check "--no-resume: no resumed message" sh -c "! tmux -L '$E2E_SOCK' capture-pane -p -t 0 | grep -q esumed"
keys q
exited_sane >/dev/null

# --- the same text under another name, and on stdin ----------------------
mv "$A" "$B"
open_doc "$JUAN '$B'"
check "after mv: still resumes at §2" wait_row 24 "^ *resumed at §2 · $r_pct%( |$)"
keys "'"
check "after mv: the bookmark is in the list" wait_for '第三节书签'
keys Escape q
check "after mv: exit 0" exited_sane
check "after mv: juan --bookmarks NEWPATH finds the bookmark" has_bm 第三节书签
open_doc "cat '$B' | $JUAN"
keys "'"
check "stdin: the same text has the bookmark" wait_for '第三节书签'
keys Enter
check "stdin: Enter jumps to it" wait_until row_is 1 "$m2_row"
keys q
check "stdin: exit 0" exited_sane

# --- two instances saving at the same moment -----------------------------
S2="juan-e2e-$$-second"
tm2() { tmux -L "$S2" -f /dev/null "$@"; }
tm2 new-session -d -x 80 -y 24 -e LANG=C.UTF-8 -e LC_ALL=C.UTF-8 \
    -e TERM=tmux-256color -e "XDG_STATE_HOME=$XDG_STATE_HOME" \
    "cd '$E2E_TMP' && $JUAN --no-resume '$B'; echo \"[exit \$?]\"; sleep 600"
open_doc "$JUAN --no-resume '$B'"
i=0
until tm2 capture-pane -p -t 0 | grep -q '[0-9]%' || [ $i -gt 100 ]; do
	sleep 0.05; i=$((i + 1))
done
keys 2 s m
tm2 send-keys -t 0 3 s m
wait_row 24 '[Nn]ame' >/dev/null
i=0
until tm2 capture-pane -p -t 0 | tail -n 1 | grep -q '[Nn]ame' || [ $i -gt 100 ]; do
	sleep 0.05; i=$((i + 1))
done
keys -l 甲号
tm2 send-keys -t 0 -l 乙号
sleep 0.3
keys Enter q & tm2 send-keys -t 0 Enter q & wait
check "instance one: exit 0" exited_sane
i=0
until tm2 capture-pane -p -t 0 | grep -q '^\[exit' || [ $i -gt 100 ]; do
	sleep 0.05; i=$((i + 1))
done
check "instance two: exit 0" sh -c "tmux -L '$S2' capture-pane -p -t 0 | grep -q '^\[exit 0\]'"
tm2 kill-server 2>/dev/null
check "two instances at once: the first one's bookmark is saved" has_bm 甲号
check "two instances at once: the second one's bookmark is saved" has_bm 乙号
check "... and the older bookmark survived them" has_bm 第三节书签

# --- an unusable state directory -----------------------------------------
: > "$E2E_TMP/plain"
BAD="$E2E_TMP/plain/state"
WARN='[Bb]ookmark|[Ss]tate|[Ss]av|[Dd]irector|[Nn]ot a dir'
unusable() {	# WHAT ENV-ARGS: the document opens, one warning, exit 0
	what=$1; shift
	start "env $* $JUAN --no-resume '$B'"
	check "$what: the document opens" wait_for "$START"
	shown=0
	wait_row 24 "$WARN" >/dev/null && shown=1
	keys j
	wait_gone "$WARN" >/dev/null
	keys j k g 2 s
	wait_row 1 "^ *$H2" >/dev/null
	check "$what: a warning is not repeated while reading" \
	    sh -c "! tmux -L '$E2E_SOCK' capture-pane -p -t 0 | tail -n 1 | grep -qE '$WARN'"
	keys q
	check "$what: exit 0" exited_sane
	# What the program wrote on stderr is above the [exit] line.
	errs=$(screen | sed -n '/^\[exit /q;/./p' | wc -l)
	check "$what: exactly one warning (status line $shown, stderr lines $errs)" \
	    [ $((shown + errs)) -eq 1 ]
}
unusable "state directory under a regular file" "XDG_STATE_HOME='$BAD'"
unusable "HOME unset" "-u HOME XDG_STATE_HOME='$BAD'"

# --- a corrupt state file -------------------------------------------------
cp "$STATE" "$E2E_TMP/good-state"
printf 'this is no bookmark file\n\001\377\n' > "$STATE"
cp "$STATE" "$E2E_TMP/corrupt-copy"
open_doc "$JUAN --no-resume '$B'"
check "corrupt state file: the document opens" wait_for "$START"
check "corrupt state file: the status line says the file was moved aside" \
    wait_row 24 '[Bb]ookmark.*([Cc]orrupt|[Mm]oved|[Dd]amaged|[Uu]nreadable)|([Cc]orrupt|[Mm]oved|[Dd]amaged|[Uu]nreadable).*[Bb]ookmark'
corrupt=$(ls "$XDG_STATE_HOME/juan" | grep '^bookmarks\.corrupt-' | head -n 1)
check "corrupt state file: moved aside to bookmarks.corrupt-*" \
    sh -c "[ -n '$corrupt' ] && cmp -s '$XDG_STATE_HOME/juan/$corrupt' '$E2E_TMP/corrupt-copy'"
keys q
check "corrupt state file: exit 0" exited_sane

# --- a run that changes nothing leaves the file alone ----------------------
cp "$E2E_TMP/good-state" "$STATE"
open_doc "$JUAN '$B'"
wait_row 24 '^ *resumed at ' >/dev/null
keys q
exited_sane >/dev/null
sum1=$(sum_of "$STATE") id1=$(ident "$STATE")
sleep 1.1
open_doc "$JUAN '$B'"
wait_row 24 '^ *resumed at ' >/dev/null
keys j k "'"
wait_for '第三节书签' >/dev/null
keys Escape
keys q
check "a run that changes nothing: exit 0" exited_sane
check "a run that changes nothing: same checksum" [ "$(sum_of "$STATE")" = "$sum1" ]
check "a run that changes nothing: the file was not rewritten (inode, mtime)" \
    [ "$(ident "$STATE")" = "$id1" ]
open_doc "$JUAN --no-resume '$B'"
keys q
exited_sane >/dev/null
check "a --no-resume run that only looks: same checksum" [ "$(sum_of "$STATE")" = "$sum1" ]
finish
