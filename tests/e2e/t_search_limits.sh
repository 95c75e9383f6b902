# Searches that cannot hold up the pager (issue 14, items 2 and 6): on a
# 322 KB line of 'a', a regex that would backtrack without end stops with
# "Pattern too costly here" (or finishes) at once, in little memory, and
# the pager goes on; Esc stops a long regex search at once; a pasted
# pattern of 10,000 characters is searched whole at once, and Esc after
# such a paste answers at once; so is one typed in one write with keys
# behind it (Left, Enter); a stray byte does not stall the prompt.
# (The bounds are generous: timings belong to make bench.)
. "$(dirname "$0")/lib.sh"
A="$E2E_TMP/a.txt"
python3 - "$A" "$E2E_TMP" <<'EOF' || { not_ok "generate inputs"; finish; }
import random, sys
open(sys.argv[1], 'w').write('a-line case\n' + 'a' * 322000 + '\n')
random.seed(14)
pool = '的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说'
pat = ''.join(random.choice(pool) for _ in range(10000))
# The same 10,000 characters but the last: only the whole pattern tells
# the two apart.
near = pat[:-1] + ('甲' if pat[-1] != '甲' else '乙')
open(sys.argv[2] + '/pattern.txt', 'w').write(pat)
# The pattern typed in one write with keys after it: its last two
# characters swapped, Left (Ctrl-B), the one left out, Enter: the pattern
# whole.
open(sys.argv[2] + '/burst.txt', 'w').write(pat[:-2] + pat[-1] + '\002' + pat[-2] + '\r')
open(sys.argv[2] + '/paste.txt', 'w').write('paste case\n\n' + near + '\n\n' + pat + '\n\n末尾。\n')
EOF

rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$1/status" 2>/dev/null; }
grew_less() {	# PID KB-BEFORE: resident memory grew less than 64 MiB
	now=$(rss_kb "$1")
	[ -n "$now" ] && [ $((now - $2)) -lt 65536 ]
}
quits() { keys q; prog_gone 1; }

# NAME PATTERN STATUS-REGEX: the regex search on the long line ends so.
regex_on_line() {
	start "'$JUAN' --no-resume '$A'"
	wait_for 'a-line case' 5 >/dev/null
	pid=$(prog_pid)
	before=$(rss_kb "$pid")
	keys / C-r
	type "$2"
	keys Enter
	check "regex $1 on a 322 KB line: '$3' within 2 s" wait_row 24 "$3" 2
	check "regex $1: memory grew less than 64 MiB" grew_less "$pid" "$before"
	keys G
	check "regex $1: the pager still answers (G)" wait_row 24 '  (End|All)  ' 2
	check "regex $1: q exits" quits
}
regex_on_line 'backreference' '(a*)*\1b' 'Pattern (too costly here|not found)'
regex_on_line '(.*){20}b' '(.*){20}b' 'Pattern (too costly here|not found)'
regex_on_line '(a|aa)*[bc]' '(a|aa)*[bc]' 'Pattern too costly here'
regex_on_line 'backreference, [bc]' '(a*)*\1[bc]' 'Pattern too costly here'

# Under the limits at every start, yet minutes for the whole line: Esc
# stops it.
start "'$JUAN' --no-resume '$A'"
wait_for 'a-line case' 5 >/dev/null
keys / C-r
type '(?:a|a){1,14}[bc]'
keys Enter
wait_row 24 'Searching' 2 >/dev/null
keys Escape
check "Esc stops a long regex search within a second" wait_row 24 'Search cancelled' 1
check "after Esc, q exits" quits

# A pasted pattern of 10,000 characters.
paste_pattern() {
	keys /
	tm load-buffer -b pat "$E2E_TMP/pattern.txt"
	tm paste-buffer -b pat -d -t 0
}
start "'$JUAN' --no-resume '$E2E_TMP/paste.txt'"
wait_for 'paste case' 5 >/dev/null
paste_pattern
keys Enter
check "a pasted pattern of 10,000 characters is searched whole within 2 s" \
    wait_row 24 '^ 1/1( |$)' 2
paste_pattern
keys Escape
check "Esc after pasting 10,000 characters answers within 2 s" \
    wait_row 24 '^ paste\.txt' 2
check "then q exits" quits

# The same characters and keys after them in one paste (its text is read
# at once, the keys behind it still act): Left inside it, Enter at its end.
start "'$JUAN' --no-resume '$E2E_TMP/paste.txt'"
wait_for 'paste case' 5 >/dev/null
keys /
tm load-buffer -b burst "$E2E_TMP/burst.txt"
tm paste-buffer -b burst -d -t 0
check "10,000 characters, Ctrl-B, one more and Enter in one paste: found whole" \
    wait_row 24 '^ 1/1( |$)' 2
check "then q exits" quits

# A stray byte that starts a character no byte completes does not stall
# the keys after it.
start "'$JUAN' --no-resume '$ARTICLE'"
wait_for "$START" 5 >/dev/null
keys /
type "$(printf 'ab\344')"
type 'cd'
check "keys after a stray lead byte still edit the prompt" wait_row 24 '^/ab.*cd' 2
keys Escape
check "then Esc and q exit" quits
finish
