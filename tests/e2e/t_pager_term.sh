# The terminal around the pager: a pipe on stdin, tiny windows, a storm of
# resizes, signals, Ctrl-Z, TERM dumb or unset.
. "$(dirname "$0")/lib.sh"

start "cat '$ARTICLE' | $JUAN"
check "a pipe on stdin: first screen" wait_for "$START"
keys ']'
check "a pipe on stdin: keys come from the terminal" wait_for "^$H1"
keys q
check "a pipe on stdin: q quits cleanly" exited_sane 0

# The ambiguous-width probe goes out before the file is opened: when the
# file then cannot be opened, the error is one line, the terminal is put
# back and its answer has been read, not left for the next program (cat).
start "$JUAN '$E2E_TMP/no-such-file.txt'; echo \"[juan \$?]\"; timeout 1 cat -v"
check "a missing file in a terminal: exit 1" wait_for '^\[juan 1\]$'
check "a missing file in a terminal: one line error" wait_for '^juan: .*no-such-file\.txt: No such file or directory$'
check "a missing file in a terminal: terminal restored" exited_sane 124
check "a missing file in a terminal: no cursor report left over" sh -c '! tmux -L "$1" -f /dev/null capture-pane -p -t 0 | grep -q "\^\[\|“"' sh "$E2E_SOCK"

# Ctrl-C while a pipe has sent nothing yet: the probe has already taken
# echo away, and the signal must give it back before juan ends. dash keeps
# whatever modes it is left with (bash would mend them), so it runs juan.
start "dash -i"
wait_for '[#$] $' >/dev/null
type "(sleep 4; echo late) | $JUAN"
keys Enter
sleep 0.5
keys C-c
type 'echo "[st $?]"; stty -a | tr " " "\n" | grep -E "^-?(icanon|echo)\$" | tr "\n" " "; echo'
keys Enter
check "Ctrl-C before a pipe's first byte: exit 130" wait_for '^\[st 130\]'
check "Ctrl-C before a pipe's first byte: terminal restored" wait_for '^icanon echo *$'

start -x 1 -y 1 "$JUAN '$ARTICLE'"
sleep 0.3
keys G j k t Escape h q g q
check "1x1: keys work and q quits" exited_sane 0

start -x 10 -y 3 "$JUAN '$ARTICLE'"
sleep 0.3
keys G ']' t j Enter - + q
check "10x3: keys work and q quits" exited_sane 0

start "$JUAN '$ARTICLE'"
wait_for "$START" >/dev/null
i=0
while [ $i -lt 60 ]; do
	tm resize-window -x $(( (i * 37) % 120 + 1 )) -y $(( (i * 13) % 40 + 1 ))
	i=$((i + 1))
done
keys q
check "a storm of resizes, then q quits" exited_sane 0

start "$JUAN '$ARTICLE'"
wait_for "$START" >/dev/null
pid=$(prog_pid)
kill -TERM "$pid"
check "SIGTERM: exit 143, terminal restored" exited_sane 143

start "$JUAN '$ARTICLE'"
wait_for "$START" >/dev/null
keys C-c
check "Ctrl-C: exit 130, terminal restored" exited_sane 130

start "$JUAN '$ARTICLE'"
wait_for "$START" >/dev/null
pid=$(prog_pid)
kill -SEGV "$pid"
check "SIGSEGV: terminal restored, the signal kept" exited_sane 139

# ^Z needs job control: run juan from an interactive shell.
start "HISTFILE=/dev/null bash --norc --noprofile -i"
wait_for '[#$] $' >/dev/null
type "$JUAN --no-resume '$ARTICLE'"
keys Enter
wait_for "$START" >/dev/null
keys C-z
check "Ctrl-Z suspends" wait_for 'Stopped'
alt_off() { [ "$(tm display -p -t 0 '#{alternate_on}')" = 0 ]; }
check "Ctrl-Z leaves the alternate screen" wait_until alt_off
type fg
keys Enter
check "fg repaints the page" wait_for "$START"
keys q
type 'echo "[st $?]"'
keys Enter
check "q after Ctrl-Z and fg: exit 0" wait_for '^\[st 0\]'
finish
