# Bookmarks made at one place in one second are all kept (issue 14): eight
# made at once by eight instances, each in its own tmux pane, confirming in
# the same second. One reader pressing m again at a bookmark's place is
# offered to rename it rather than make a twin (issue 15). The text is
# generated here.
. "$(dirname "$0")/lib.sh"

T="$E2E_TMP/same.txt"
i=1
while [ $i -le 300 ]; do
	printf 'Line %d of a plain text long enough to scroll.\n' $i
	i=$((i + 1))
done > "$T"
names() { "$JUAN" --bookmarks "$T" 2>/dev/null | cut -f2 | sort | tr '\n' ' '; }
bm_lines() { "$JUAN" --bookmarks "$T" 2>/dev/null | wc -l; }

# --- m first Enter, m at the same place: a rename ----------------------
start "$JUAN --no-resume '$T'"
wait_for 'Line 1 of' >/dev/null
keys m
wait_row 24 '[Nn]ame' >/dev/null
type first
keys Enter m
check "m again at the bookmark's place: rename it, its name to edit" \
    wait_row 24 'A bookmark is here; rename it: first'
keys C-u
type second
keys Enter q
check "m first, m again, q: exit 0" exited_sane
check "one bookmark, renamed: no twin ($(names))" [ "$(names)" = "second " ]

# --- eight instances confirming at one place at once ---------------------
rm -rf "$XDG_STATE_HOME"
S8="juan-e2e-$$-eight"
tm8() { tmux -L "$S8" -f /dev/null "$@"; }
run8="cd '$E2E_TMP' && $JUAN --no-resume '$T'; echo \"[exit \$?]\"; sleep 600"
tm8 new-session -d -x 80 -y 24 -e LANG=C.UTF-8 -e LC_ALL=C.UTF-8 \
    -e TERM=tmux-256color -e "XDG_STATE_HOME=$XDG_STATE_HOME" "$run8"
n=2
while [ $n -le 8 ]; do
	tm8 new-window -d -e LANG=C.UTF-8 -e LC_ALL=C.UTF-8 \
	    -e TERM=tmux-256color -e "XDG_STATE_HOME=$XDG_STATE_HOME" "$run8"
	n=$((n + 1))
done
pane_has() {	# WINDOW REGEX [ROW]
	tries=$((5 * E2E_SCALE * 20))
	while [ $tries -gt 0 ]; do
		tm8 capture-pane -p -t ":$1" | sed -n "${3:-1,\$}p" | grep -qE "$2" &&
		    return 0
		sleep 0.05
		tries=$((tries - 1))
	done
	return 1
}
ready=0
for w in 0 1 2 3 4 5 6 7; do
	pane_has $w 'Line 1 of' || continue
	tm8 send-keys -t ":$w" m
	pane_has $w '[Nn]ame' 24 || continue
	tm8 send-keys -t ":$w" -l "inst$w"
	pane_has $w "inst$w" 24 && ready=$((ready + 1))
done
check "eight instances wait at the name prompt ($ready)" [ "$ready" -eq 8 ]
# Confirm early in a second, so that all eight land in the same one.
while [ "$(date +%N | cut -c1)" -ge 3 ]; do sleep 0.01; done
for w in 0 1 2 3 4 5 6 7; do tm8 send-keys -t ":$w" Enter; done
for w in 0 1 2 3 4 5 6 7; do tm8 send-keys -t ":$w" q; done
exited=0
for w in 0 1 2 3 4 5 6 7; do
	pane_has $w '^\[exit 0\]' && exited=$((exited + 1))
done
tm8 kill-server 2>/dev/null
check "eight instances: each exits 0 ($exited)" [ "$exited" -eq 8 ]
check "eight instances at one place at once: all eight bookmarks kept ($(bm_lines))" \
    [ "$(bm_lines)" -eq 8 ]
check "... each under its own name" \
    [ "$(names)" = "inst0 inst1 inst2 inst3 inst4 inst5 inst6 inst7 " ]
finish
