# Hostile input (RELIABILITY.md §6): nothing crashes or hangs, q answers
# within a second, nothing from the file reaches the terminal raw (the bytes
# the program wrote are audited, the pane title and paste buffers checked),
# and the terminal is sane afterwards.
. "$(dirname "$0")/lib.sh"
H="$E2E_TMP/h"
python3 "$TOP/tests/e2e/hostile-gen.py" "$H" || { not_ok "generate hostile inputs"; finish; }
E2E_AUDIT=1

quits_fast() {	# q is answered within a second (three under sanitizers)
	keys q
	prog_gone 1
}

# FILE MARKER: open, page, go to the end and back, quit; audit everything.
hostile_file() {
	start "'$JUAN' --no-resume '$1'"
	if ! wait_for "$2" 5 >/dev/null; then not_ok "$(basename "$1"): first screen"; return; fi
	keys Space; keys G; sleep 0.2; keys g; keys j
	check "$(basename "$1"): q answers within a second" quits_fast
	check "$(basename "$1"): terminal sane afterwards" exited_sane
	check "$(basename "$1"): raw output, title and buffers clean" audit_clean
}
hostile_file "$H/h-invalid.txt" 'invalid-utf8 case'
hostile_file "$H/h-controls.txt" 'controls case'
hostile_file "$H/h-c1raw.txt" 'raw-c1 case'
hostile_file "$H/h-escapes.txt" 'escapes case'
hostile_file "$H/h-heading-escapes.txt" 'heading escapes case'
hostile_file "$H/h-bidi.txt" 'bidi case'
hostile_file "$H/h-combining.txt" 'combining case'
hostile_file "$H/h-zwj.txt" 'zwj case'
hostile_file "$H/h-binary.bin" 'binary case'
hostile_file "$H/h-empty-lines.txt" 'empty-lines case'
hostile_file "$H/h-headings.txt" 'headings case'
hostile_file "$H/h-cjk-line.txt" 'cjk-line case'
hostile_file "$H/h-ascii-line.txt" 'ascii-line case'
hostile_file "$H/h-1m-headings.md" '1m-headings case'
hostile_file "$H/h-5m-lines.txt" '5m-lines case'

# q while the background scan runs (issue 14): the scan looks at its
# cancel flag every few thousand lines and during the selection, so a
# million headings or five million lines never hold up the exit.
for f in h-1m-headings.md h-5m-lines.txt; do
	start "'$JUAN' --no-resume '$H/$f'"
	if wait_for 'finding sections [1-9][0-9]?%' 10 >/dev/null; then
		check "$f: q during the scan answers within a second" quits_fast
		check "$f: q during the scan: sane afterwards" exited_sane
	else
		not_ok "$f: the scan seen running"
	fi
done
# Every heading of the million is listed, in linear time.
check "--toc lists a million headings" test "$(timeout 60 "$JUAN" --toc "$H/h-1m-headings.md" | wc -l)" = 1000000

# Invalid bytes are shown as U+FFFD, and the text after them survives.
start "'$JUAN' --no-resume '$H/h-invalid.txt'"
wait_for 'invalid-utf8 case' 5 >/dev/null
check "invalid bytes shown as U+FFFD" wait_for 'overlong �' 2
check "text after a truncated sequence survives" wait_for 'truncated �+ then ESC after a lead' 2
keys q; exited_sane >/dev/null
start "'$JUAN' --no-resume '$H/h-controls.txt'"
wait_for 'controls case' 5 >/dev/null
check "C0 controls shown in caret notation" wait_for 'C0: \^@?\^A\^B\^C' 2
check "C1 controls shown as codes" wait_for 'UTF-8 C1: <U\+0080><U\+0081>' 2
keys q; exited_sane >/dev/null

# Escape sequences in a pattern typed at the search prompt.
start "'$JUAN' --no-resume '$H/h-escapes.txt'"
wait_for 'escapes case' 5 >/dev/null
keys /; type "$(printf 'x\033]0;PWNED\007y')"; keys Enter; sleep 0.3; keys Escape
check "escapes typed at the search prompt: q still works" quits_fast
check "escapes typed at the search prompt: output clean" audit_clean

# Tiny terminals, then End and q.
for size in 1x1 2x2 10x3 80x1 1x24 3x80; do
	start -x "${size%x*}" -y "${size#*x}" "'$JUAN' --no-resume '$ARTICLE'"
	sleep 0.3; keys G; sleep 0.2; keys k
	check "terminal $size: q answers within a second" quits_fast
	check "terminal $size: sane afterwards" exited_sane
done

# A storm of resizes on a 20 MB CJK line.
start "'$JUAN' --no-resume '$H/h-cjk-line.txt'"
wait_for 'cjk-line case' 5 >/dev/null
keys G
i=0
while [ $i -lt 150 ]; do
	tm resize-window -t 0 -x $((3 + (i * 37) % 150)) -y $((2 + (i * 11) % 50)) 2>/dev/null
	i=$((i + 1))
done
tm resize-window -t 0 -x 80 -y 24
check "resize storm: q answers within a second" quits_fast
check "resize storm: sane afterwards" exited_sane

# Signals: the terminal is restored and the status tells the signal.
for sig in TERM INT HUP QUIT SEGV BUS ABRT; do
	start "'$JUAN' --no-resume '$ARTICLE'"
	wait_for "$START" 5 >/dev/null
	pid=$(prog_pid)
	kill -s "$sig" "$pid" 2>/dev/null
	case $sig in
	HUP) n=1 ;; INT) n=2 ;; QUIT) n=3 ;; ABRT) n=6 ;; BUS) n=7 ;;
	SEGV) n=11 ;; TERM) n=15 ;;
	esac
	check "SIG$sig: terminal restored, status $((128 + n))" exited_sane "$((128 + n))"
done

# Ctrl-Z, then fg: sane while stopped, repainted after.
E2E_AUDIT=
start "PS1='shell\$ ' sh -i"
wait_for 'shell\$' 5 >/dev/null
type "'$JUAN' --no-resume '$ARTICLE'"; keys Enter
if wait_for "$START" 5 >/dev/null; then
	keys C-z
	check "Ctrl-Z: back at the shell" wait_for '^shell\$ *$' 3
	type 'stty -a | grep -o -- "-\{0,1\}icanon" | head -n1'; keys Enter
	check "Ctrl-Z: tty sane while stopped" wait_for '^icanon$' 3
	type 'fg'; keys Enter
	check "fg: repainted" wait_for "$START" 3
	keys q
	check "fg then q: back at the shell" wait_for '^shell\$ *$' 3
	type 'stty -a | grep -o -- "-\{0,1\}echo " | head -n1'; keys Enter
	check "fg then q: tty sane" wait_for '^echo *$' 3
else
	not_ok "Ctrl-Z: first screen"
fi
E2E_AUDIT=1

# The file changes while open.
changing() {	# NAME ACTION
	cp "$ARTICLE" "$E2E_TMP/changing.txt"
	start "'$JUAN' --no-resume '$E2E_TMP/changing.txt'"
	wait_for "$START" 5 >/dev/null
	sh -c "$2"
	keys G; sleep 0.2; keys g; keys /; type '泡沫'; keys Enter; sleep 0.2
	check "file $1 while open: q answers" quits_fast
	check "file $1 while open: sane" exited_sane
}
changing truncated ": > '$E2E_TMP/changing.txt'"
changing halved "truncate -s 5000 '$E2E_TMP/changing.txt'"
changing deleted "rm -f '$E2E_TMP/changing.txt'"
changing replaced "printf 'new\n' > '$E2E_TMP/new.txt'; mv '$E2E_TMP/new.txt' '$E2E_TMP/changing.txt'"
changing appended "cat '$ARTICLE' >> '$E2E_TMP/changing.txt'"

# A 14 MB file truncated from elsewhere while read at 50% (issue 14): the
# next key clamps the view to the new end and says so, and no key reads
# the vanished blocks (G, g, j took seconds; the bounds here are generous,
# the timing is the bench's).
python3 "$TOP/tests/bench/gen.py" book "$E2E_TMP/big.txt" 14
start "'$JUAN' --no-resume '$E2E_TMP/big.txt'"
wait_for '长篇测试书' 5 >/dev/null
wait_gone 'finding sections' 10 >/dev/null
type 50%
wait_for '^ .* (49|50|51)%' 5 >/dev/null
truncate -s 0 "$E2E_TMP/big.txt"
keys G
check "file truncated under the reader: said at the next key" wait_for '^ file truncated' 1
for k in 1 2 3 4 5 6 7 8 9 10 11 12; do keys g j k G; done; type 7
check "file truncated under the reader: 48 keys answer within a second" \
    wait_for '^ big.txt .* 7  .*(%|All)' 1
check "file truncated under the reader: q answers" quits_fast
check "file truncated under the reader: sane" exited_sane
# Text appended to the file shows when the reader goes to the end (one row
# a paragraph: no blank line between them, so that one j shows the next).
cp "$ARTICLE" "$E2E_TMP/growing.txt"
start "'$JUAN' --no-resume --spacing=0 '$E2E_TMP/growing.txt'"
wait_for "$START" 5 >/dev/null
keys G
wait_for 'displays the text' 3 >/dev/null
printf '\nAPPENDED PARAGRAPH ONE\n\nAPPENDED PARAGRAPH TWO\n' >> "$E2E_TMP/growing.txt"
keys k
check "file grown: not taken up away from the end" wait_gone 'APPENDED' 1
keys G
check "file grown: G shows the appended text" wait_for 'APPENDED PARAGRAPH TWO' 2
check "file grown: the status says so" wait_for '^ file changed: reloaded' 1
printf '\nAPPENDED AGAIN\n' >> "$E2E_TMP/growing.txt"
keys j
check "file grown: scrolling at the end shows more" wait_for 'APPENDED AGAIN' 2
check "file grown: q answers" quits_fast

# Special files: a clear one-line error and exit 1, or capped; never a hang.
E2E_AUDIT=
start "'$JUAN' --no-resume '$E2E_TMP' </dev/null"
check "a directory: one-line error, exit 1" wait_for '^\[exit 1\]' 5
check "a directory: the error names it" wait_for 'juan: .*Is a directory' 1
# Endless devices are spooled up to a cap, then the reader is told, and q
# exits 1 because the text is incomplete.
start "'$JUAN' --no-resume /dev/zero"
check "/dev/zero: input too large, said on screen" wait_for 'input too large' 30
keys q
check "/dev/zero: q exits 1" wait_for '^\[exit 1\]' 3
# A FIFO opens like less does: it waits for a writer; one that writes
# nothing gives an empty document, and q quits.
mkfifo "$E2E_TMP/fifo"
start "'$JUAN' --no-resume '$E2E_TMP/fifo'"
sleep 0.3
check "a FIFO without a writer: waits without crashing" test -n "$(prog_pid)"
: > "$E2E_TMP/fifo"
sleep 0.3
check "a FIFO whose writer wrote nothing: q quits" quits_fast
check "a FIFO whose writer wrote nothing: sane" exited_sane
start "'$JUAN' --no-resume '$E2E_TMP/fifo'"
sleep 0.2
cat "$ARTICLE" > "$E2E_TMP/fifo"
check "a FIFO with a writer: shows the text" wait_for "$START" 5
check "a FIFO with a writer: q quits" quits_fast
# Waiting for input is interruptible (issue 14): a FIFO with no writer, or
# a pipe that says nothing, shows that juan waits, and q ends it at once
# with the terminal restored.
juan_gone() {	# juan itself, not the writer beside it in the pipeline
	tries=$((E2E_SCALE * 50))
	while [ "$tries" -gt 0 ]; do
		pgrep -P "$(tm display -p -t 0 '#{pane_pid}')" -f "$JUAN" >/dev/null || return 0
		sleep 0.02
		tries=$((tries - 1))
	done
	return 1
}
start "'$JUAN' --no-resume '$E2E_TMP/fifo'"
check "a FIFO without a writer: says it waits" wait_for '^waiting for input' 3
keys q
check "a FIFO without a writer: q quits at once" juan_gone
check "a FIFO without a writer: sane, exit 0, the line erased" exited_sane
check "a FIFO without a writer: the waiting line is gone" wait_gone 'waiting for input' 1
start "sleep 30 | '$JUAN' --no-resume"
check "a silent pipe: says it waits" wait_for '^waiting for input' 3
keys q
check "a silent pipe: q quits at once" juan_gone
# The shell waits for the writer: end it (the pane's own sleep).
kill $(pgrep -P "$(tm display -p -t 0 '#{pane_pid}')" -x sleep) 2>/dev/null
check "a silent pipe: sane, exit 0" exited_sane
# Keys typed while waiting are kept: G before the text comes ends there.
start "(sleep 1; cat '$ARTICLE') | '$JUAN' --no-resume"
wait_for '^waiting for input' 3 >/dev/null
keys G
check "a slow pipe: a key typed while waiting applies to the text" wait_for 'displays the text' 5
check "a slow pipe: q quits" quits_fast
truncate -s 64G "$E2E_TMP/sparse"
start "'$JUAN' --no-resume '$E2E_TMP/sparse'"
sleep 1
check "a sparse 64 GiB file opens and q answers" quits_fast
E2E_AUDIT=1

# File names with a leading dash, a newline, ESC, invalid UTF-8.
cp "$ARTICLE" "$E2E_TMP/-dash.txt"
start "'$JUAN' --no-resume -- -dash.txt"
check "file name with a leading dash opens" wait_for "$START" 5
keys q; exited_sane >/dev/null
nl_name="$E2E_TMP/$(printf 'new\nline.txt')"
cp "$ARTICLE" "$nl_name"
esc_name="$(printf 'esc\033]0;PWNED\007.txt')"
cp "$ARTICLE" "$E2E_TMP/$esc_name"
bad_name="$(printf 'bad\377\376.txt')"
cp "$ARTICLE" "$E2E_TMP/$bad_name"
for n in 'new*line.txt' 'esc*.txt' 'bad*.txt'; do
	start "'$JUAN' --no-resume $n"
	check "file name $n opens" wait_for "$START" 5
	keys q
	check "file name $n: sane afterwards" exited_sane
	check "file name $n: raw output, title and buffers clean" audit_clean
done
finish
