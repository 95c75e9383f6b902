# Colours and themes (issue 15 item 6): a heading, a match and the status
# line styled for a dark or a light terminal, in 256 colours, in 8, and
# in monochrome (NO_COLOR, theme = mono, color = no) by attributes; the
# background from COLORFGBG or the theme setting. The screen's SGR codes
# are read with capture-pane -e.
. "$(dirname "$0")/lib.sh"

ESC=$(printf '\033')
BOOK="$TOP/data/sample-book.md"
sgr_row() { tm capture-pane -p -e -t 0 | sed -n "${1}p" | sed "s/$ESC/E/g"; }
row_sgr() {	# N REGEX: row N's codes match (ESC written E)
	sgr_row "$1" | grep -qE -- "$2"
}
# Any colour (not the terminal's own: 39 and 49 are that) on the screen.
no_colour() {
	! tm capture-pane -p -e -t 0 |
	    grep -qE "$ESC\[([0-9;]*;)?(3[0-8]|4[0-8]|9[0-7]|10[0-7])[;m]"
}
any_sgr() { tm capture-pane -p -e -t 0 | sed "s/$ESC/E/g" | grep -qE -- "$1"; }
open_book() {	# ENV...: juan on the book, first screen shown
	start "$* $JUAN --no-resume '$BOOK'"
	wait_row 24 'Top' >/dev/null
}
mkdir -p "$XDG_CONFIG_HOME/juan"

open_book
check "256 colours, dark (default): the heading light blue, bold" \
    row_sgr 1 'E\[1mE\[38;5;117m'
check "... the status line light grey on dark grey" row_sgr 24 '^E\[38;5;252mE\[48;5;238m'
keys /
type 终端
keys Enter
check "... the current match dark on orange" \
    wait_until row_sgr 1 'E\[38;5;16mE\[48;5;214m终端'
check "... the others dark on gold" row_sgr 3 'E\[38;5;16mE\[48;5;222m终端'

open_book COLORFGBG="'0;15'"
check "COLORFGBG says light: the heading dark blue" row_sgr 1 'E\[1mE\[38;5;25m'
check "... the status line dark on light grey" row_sgr 24 '^E\[38;5;235mE\[48;5;252m'
open_book COLORFGBG="'0;15'" JUAN_OPTS=--theme=dark
check "--theme=dark over COLORFGBG" row_sgr 1 'E\[38;5;117m'

open_book TERM=xterm
check "8 colours: the heading cyan, bold" row_sgr 1 'E\[1mE\[36m'
check "... the status line black on white" row_sgr 24 '^E\[30mE\[47m'

open_book NO_COLOR=1
check "NO_COLOR: the heading bold, no colour" row_sgr 1 '^E\[1m[^E]'
check "... the status line reversed" row_sgr 24 '^E\[7m'
check "... no colour anywhere" no_colour
printf 'theme = mono\n' > "$XDG_CONFIG_HOME/juan/config"
open_book
check "theme = mono: no colour" no_colour
check "... the heading bold" row_sgr 1 '^E\[1m[^E]'
printf 'color = no\n' > "$XDG_CONFIG_HOME/juan/config"
open_book
check "color = no: no colour" no_colour
printf 'theme = purple\n' > "$XDG_CONFIG_HOME/juan/config"
check "theme = purple: a bad value, one line" \
    sh -c "'$JUAN' --dump '$BOOK' 2>&1 >/dev/null | head -n 1 | grep -q \"theme: 'purple' is not auto, dark, light or mono\""
rm -f "$XDG_CONFIG_HOME/juan/config"
keys q
check "q: exit 0" exited_sane
finish
