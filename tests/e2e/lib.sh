# End-to-end test helpers: run the real binary inside a private tmux server,
# type keys, read the screen. Source it from a t_*.sh script; the script
# prints TAP lines through ok/not_ok (or check). $JUAN is the binary.
#
#   start [-x COLS] [-y ROWS] CMD...   start CMD in a fresh pane (sh -c CMD...)
#   keys KEY...                         tmux key names (Enter, Escape, C-l, ...)
#   type TEXT                           literal text (send-keys -l)
#   wait_for REGEX [SECONDS]            poll until a screen row matches (ERE)
#   wait_gone REGEX [SECONDS]           poll until no row matches
#   wait_row N REGEX [SECONDS]          poll until row N matches (ERE)
#   wait_until CMD...                   poll (5 s) until CMD succeeds
#   row_is N TEXT, row_starts N TEXT    row N is TEXT / starts with TEXT
#   mouse wheel-up|wheel-down|click X Y the terminal's report of a mouse
#                                       event at column X, row Y (1-based)
#   screen                              the pane's text
#   row N                               row N (1-based) of the pane
#   check NAME CMD...                   ok/not ok from CMD's status
#   finish                              kill the server, exit with the status

: "${JUAN:=$(cd "$(dirname "$0")/../.." && pwd)/juan}"
TOP=$(cd "$(dirname "$0")/../.." && pwd)
# The project's web-paste article (tests/data/README.md): START matches its
# first line; T1, T2, T3 are the titles of its expected table of contents,
# tests/data/article.toc, and H1, H2, H3 the same as EREs.
ARTICLE="$TOP/tests/data/article.txt"
ARTICLE_TOC="$TOP/tests/data/article.toc"
START='2023年冬天,我回到老家县城'
ere() { printf '%s' "$1" | sed 's/[][\.*^$?+(){}|]/\\&/g'; }
T1=$(sed -n 1p "$ARTICLE_TOC" | cut -f3) H1=$(ere "$T1")
T2=$(sed -n 2p "$ARTICLE_TOC" | cut -f3) H2=$(ere "$T2")
T3=$(sed -n 3p "$ARTICLE_TOC" | cut -f3) H3=$(ere "$T3")
E2E_TMP=$(mktemp -d "${TMPDIR:-/tmp}/juan-e2e.XXXXXX")
export XDG_STATE_HOME="$E2E_TMP/state"
# No config file but the one a test writes (the reader's own stays out).
export XDG_CONFIG_HOME="$E2E_TMP/config"
export LANG=C.UTF-8 LC_ALL=C.UTF-8
unset NO_COLOR JUAN_OPTS
E2E_SOCK=""
E2E_N=0
E2E_FAILED=0
# Sanitizer builds start slower; give every wait more time there.
E2E_SCALE=1
[ -n "$JUAN_E2E_SLOW" ] && E2E_SCALE=3

tm() { tmux -L "$E2E_SOCK" -f /dev/null "$@"; }

start() {
	cols=80 rows=24
	while [ $# -gt 0 ]; do
		case $1 in
		-x) cols=$2; shift 2 ;;
		-y) rows=$2; shift 2 ;;
		*) break ;;
		esac
	done
	[ -n "$E2E_SOCK" ] && tm kill-server 2>/dev/null
	E2E_N=$((E2E_N + 1))
	E2E_SOCK="juan-e2e-$$-$E2E_N"
	gate=""
	[ -n "$E2E_AUDIT" ] && gate="while [ ! -e '$E2E_TMP/go' ]; do sleep 0.02; done; "
	rm -f "$E2E_TMP/go" "$E2E_TMP/raw.log"
	tm new-session -d -x "$cols" -y "$rows" -e LANG=C.UTF-8 -e LC_ALL=C.UTF-8 \
	    -e TERM=tmux-256color -e "XDG_STATE_HOME=$XDG_STATE_HOME" \
	    -e "XDG_CONFIG_HOME=$XDG_CONFIG_HOME" \
	    "cd '$E2E_TMP' && $gate$*; echo \"[exit \$?]\"; stty -a | tr ' ' '\n' | grep -E '^-?(icanon|echo)\$' | tr '\n' ' '; echo; sleep 600"
	tm set-option -g status off >/dev/null
	if [ -n "$E2E_AUDIT" ]; then
		# Capture every byte the program writes, for audit.py.
		tm set-option -g set-clipboard on >/dev/null
		tm set-option -g allow-rename on >/dev/null
		tm pipe-pane -O -t 0 "cat >> '$E2E_TMP/raw.log'"
		E2E_TITLE=$(tm display -p -t 0 '#{pane_title}')
		touch "$E2E_TMP/go"
	fi
}

# The pid of the program running in the pane (the pane's shell's child).
prog_pid() { pgrep -P "$(tm display -p -t 0 '#{pane_pid}')" | head -n 1; }

# After the program ended: its exit line, a sane tty, the normal screen.
# The pane is set back to 80x24 first, so a tiny one can show the lines.
exited_sane() {	# [STATUS-REGEX]
	tm resize-window -t 0 -x 80 -y 24 2>/dev/null
	wait_for '^\[exit '"${1:-0}"'\]' 3 >/dev/null &&
	    wait_for 'icanon echo' 2 >/dev/null &&
	    [ "$(tm display -p -t 0 '#{alternate_on}')" = 0 ]
}

# The raw output held nothing from the file; title and buffers unchanged.
audit_clean() {
	python3 "$TOP/tests/e2e/audit.py" "$E2E_TMP/raw.log" &&
	    [ "$(tm display -p -t 0 '#{pane_title}')" = "$E2E_TITLE" ] &&
	    [ -z "$(tm list-buffers 2>/dev/null)" ]
}

# The program has ended within SECONDS (for panes too small to show text).
prog_gone() {	# SECONDS
	tries=$((${1:-1} * E2E_SCALE * 50))
	while [ "$tries" -gt 0 ]; do
		[ -z "$(prog_pid)" ] && return 0
		sleep 0.02
		tries=$((tries - 1))
	done
	return 1
}

keys() { tm send-keys -t 0 "$@"; }
type() { tm send-keys -t 0 -l "$1"; }
screen() { tm capture-pane -p -t 0; }
row() { screen | sed -n "${1}p"; }

wait_for() {
	pat=$1 secs=${2:-5}
	tries=$((secs * E2E_SCALE * 20))
	while [ "$tries" -gt 0 ]; do
		screen | grep -qE -- "$pat" && return 0
		sleep 0.05
		tries=$((tries - 1))
	done
	echo "# timed out waiting for /$pat/; screen was:"
	screen | sed 's/^/#   /'
	return 1
}

wait_gone() {
	pat=$1 secs=${2:-5}
	tries=$((secs * E2E_SCALE * 20))
	while [ "$tries" -gt 0 ]; do
		screen | grep -qE -- "$pat" || return 0
		sleep 0.05
		tries=$((tries - 1))
	done
	echo "# timed out waiting for /$pat/ to go; screen was:"
	screen | sed 's/^/#   /'
	return 1
}

ok() { echo "ok - $1"; }
not_ok() { echo "not ok - $1"; E2E_FAILED=1; }
check() {
	name=$1; shift
	if "$@"; then ok "$name"; else not_ok "$name"; fi
}

finish() {
	[ -n "$E2E_SOCK" ] && tm kill-server 2>/dev/null
	rm -rf "$E2E_TMP"
	exit "$E2E_FAILED"
}

wait_row() {	# N REGEX [SECONDS]
	n=$1 pat=$2 tries=$(( ${3:-5} * E2E_SCALE * 20 ))
	while [ "$tries" -gt 0 ]; do
		row "$n" | grep -qE -- "$pat" && return 0
		sleep 0.05
		tries=$((tries - 1))
	done
	echo "# row $n never matched /$pat/; screen was:"
	screen | sed 's/^/#   /'
	return 1
}

wait_until() {	# CMD...
	tries=$((5 * E2E_SCALE * 20))
	while [ "$tries" -gt 0 ]; do
		"$@" && return 0
		sleep 0.05
		tries=$((tries - 1))
	done
	echo "# timed out waiting for $*; screen was:"
	screen | sed 's/^/#   /'
	return 1
}

row_is() { [ "$(row "$1")" = "$2" ]; }
row_starts() { case $(row "$1") in "$2"*) return 0 ;; esac; return 1; }

# ncurses turns on the terminal's normal mouse tracking (1000) for a
# terminfo entry whose kmous is \E[M, as tmux-256color's is, and reads
# X10 reports: ESC [ M, then button, column and row, each plus 32 (a
# release is button 3).
chr() { printf "\\$(printf %03o "$1")"; }
mouse() {	# wheel-up|wheel-down|click X Y
	case $1 in
	wheel-up) b=64 ;;
	wheel-down) b=65 ;;
	*) b=0 ;;
	esac
	at="$(chr $(($2 + 32)))$(chr $(($3 + 32)))"
	type "$(printf '\033[M')$(chr $((b + 32)))$at"
	if [ "$1" = click ]; then type "$(printf '\033[M#')$at"; fi
}
