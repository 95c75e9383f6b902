# Failures the reader must hear of (issue 14, item 7): a save that fails
# again at quit after failing during the run is printed in full on stderr
# and the exit status is 1; the status line keeps the reason whole at 80
# columns (the path goes); `juan --bookmarks` on a state file it cannot read
# exits 1; an unknown TERM is named; the manual documents the spool and the
# locale rule. As root nothing is unreadable, so a directory, a symlink loop
# and `ulimit -f` stand in for broken files and a full disk. The text and
# the state files are generated here.
. "$(dirname "$0")/lib.sh"

T="$E2E_TMP/text.txt"
i=1
while [ $i -le 200 ]; do
	printf 'Line %d of a plain text long enough to scroll.\n' $i
	i=$((i + 1))
done > "$T"
# What the pane shows above the [exit] line (stderr after curses), with
# wrapped lines joined.
after_exit() { tm capture-pane -p -J -t 0 | sed -n '/^\[exit /q;/./p'; }
has_after_exit() { after_exit | grep -qE -- "$1"; }
# STATE-HOME: start juan on the text, add a bookmark twice, quit.
add_twice_and_quit() {
	start "$1"
	wait_for 'Line 1 of' >/dev/null
	keys m
	wait_row 24 '[Nn]ame' >/dev/null
	keys Enter
	wait_row 24 '[Nn]ot saved|[Cc]annot' >/dev/null
	status_row=$(row 24)
	keys j m
	wait_row 24 '[Nn]ame' >/dev/null
	keys Enter
	sleep 0.3
	keys q
}

# --- a save that fails during the run and again at quit ------------------
L="$E2E_TMP/lockdir"
mkdir -p "$L/juan/bookmarks.lock"
add_twice_and_quit "env XDG_STATE_HOME='$L' $JUAN --no-resume '$T'"
status_has() { printf '%s\n' "$status_row" | grep -qE -- "$1"; }
check "failed saves: the status line said so" status_has 'not saved'

check "failed again at quit: exit 1" exited_sane 1
check "failed again at quit: the reason is printed on stderr" \
    has_after_exit '^juan: Bookmarks not saved: cannot lock the state file: Is a directory'
check "... with the path" has_after_exit "\\($L/juan/bookmarks.lock\\)\$"
check "... once" [ "$(after_exit | grep -c 'not saved')" -eq 1 ]

# --- a full disk (ulimit -f) under a long state path ----------------------
F="$E2E_TMP/a-state-directory-with-a-rather-long-name/xdg"
mkdir -p "$F/juan"
{
	echo 'juan-bookmarks 1'
	i=0
	while [ $i -lt 100 ]; do
		printf 'm\t5eed\t%d\t1.0\t100\t/p\tan old bookmark with a long name\t\tsnip\n' $i
		i=$((i + 1))
	done
} > "$F/juan/bookmarks"
cp "$F/juan/bookmarks" "$E2E_TMP/full-before"
add_twice_and_quit "ulimit -f 4; env XDG_STATE_HOME='$F' $JUAN --no-resume '$T'"
check "full disk: the status line has the whole reason at 80 columns ($status_row)" \
    status_has 'not saved: [^(]*File too large( |$)'
check "full disk at quit: exit 1" exited_sane 1
check "full disk at quit: the whole message on stderr, path and all" \
    has_after_exit "^juan: Bookmarks not saved: cannot write the state file: File too large \\($F/juan/bookmarks\\)\$"
check "full disk: the old file is intact" cmp -s "$F/juan/bookmarks" "$E2E_TMP/full-before"

# --- --bookmarks on a state file it cannot read ---------------------------
B="$E2E_TMP/bm"
bm_status() {	# WANT: juan --bookmarks exits WANT, one line on stderr
	XDG_STATE_HOME="$B" "$JUAN" --bookmarks > "$E2E_TMP/bm.out" 2> "$E2E_TMP/bm.err"
	rc=$?
	[ "$rc" -eq "$1" ] || { echo "# exit $rc"; return 1; }
	[ "$1" -eq 0 ] || [ "$(wc -l < "$E2E_TMP/bm.err")" -eq 1 ]
}
mkdir -p "$B/juan"
check "--bookmarks without a state file: exit 0" bm_status 0
mkdir "$B/juan/bookmarks"
check "--bookmarks, the state file a directory: exit 1, one line" bm_status 1
check "... which says why" grep -q 'not a regular file' "$E2E_TMP/bm.err"
rmdir "$B/juan/bookmarks"
ln -s bookmarks "$B/juan/bookmarks"
check "--bookmarks, the state file a symlink loop: exit 1, one line" bm_status 1
rm "$B/juan/bookmarks"
printf 'juan-bookmarks 1\nm\t5eed\t1\t1.0\t100\t/p\tkept\t\tsnip\n' > "$B/juan/bookmarks"
check "--bookmarks on a good state file: exit 0" bm_status 0
check "... and lists it" grep -q kept "$E2E_TMP/bm.out"

# --- an unknown terminal type is named --------------------------------------
# ncurses leaks 1,624 bytes when newterm() fails (tests/lsan.supp): under
# the sanitizers, LeakSanitizer must not write its list of suppressions.
LSAN_QUIET="LSAN_OPTIONS='${LSAN_OPTIONS:+$LSAN_OPTIONS:}print_suppressions=0'"
start "env $LSAN_QUIET TERM=unknown-xyz $JUAN '$T' 2>'$E2E_TMP/term.err'"
check "TERM=unknown-xyz: exit 1" exited_sane 1
check "TERM=unknown-xyz: the message names it" grep -q "unknown terminal type.*unknown-xyz" "$E2E_TMP/term.err"
start "env $LSAN_QUIET TERM=\"\$(printf 'bad\\033]0;pwned\\007')\" $JUAN '$T' 2>'$E2E_TMP/term2.err'"
no_esc() { grep -q 'unknown terminal type' "$1" && ! grep -q "$(printf '\033')" "$1"; }
check "TERM with an escape: exit 1" exited_sane 1
check "... the message has no raw ESC" no_esc "$E2E_TMP/term2.err"

# --- the manual: the spool, its cap, the locale rule ------------------------
M="$TOP/man/juan.1"
in_section() {	# SECTION REGEX
	sed -n "/^\\.Sh $1\$/,/^\\.Sh /p" "$M" | grep -qE -- "$2"
}
check "man ENVIRONMENT: TMPDIR, where the spool goes" in_section ENVIRONMENT 'Ev TMPDIR'
check "man ENVIRONMENT: the locale variables and the UTF-8 rule" \
    in_section ENVIRONMENT 'Ev LANG.*LC_CTYPE'
check "man ENVIRONMENT: ... switching to UTF-8" in_section ENVIRONMENT 'C\.UTF-8'
check "man FILES: the spool file" in_section FILES 'juan-spool'
check "man FILES: its 1 GiB cap" in_section FILES '1 GiB'
check "man EXIT STATUS: bookmarks not saved at exit" in_section 'EXIT STATUS' '[Bb]ookmarks'
finish
