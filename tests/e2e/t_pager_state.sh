# What the pager keeps between runs and tells about its input: resuming and
# bookmarks for piped text, bookmarks that follow an edited file (or are
# shown lost), the search history kept by a run that did not move, a state
# directory that cannot be written or found, and a pipe still filling.
. "$(dirname "$0")/lib.sh"

DOC="$E2E_TMP/doc.txt"

# Forty paragraphs of about three rows, each starting with its number.
awk 'BEGIN {
	for (i = 1; i <= 40; i++) {
		printf "Para %02d starts here.", i
		for (j = 0; j < 28; j++)
			printf " word%02d", i
		printf "\n\n"
	}
}' > "$DOC"
edit() {	# AWK-PROGRAM: rewrite doc.txt paragraph by paragraph
	awk 'BEGIN { RS = ""; ORS = "\n\n" } '"$1" "$DOC" > "$DOC.new" &&
	    mv "$DOC.new" "$DOC"
}
juan_lines() { screen | grep -c '^juan: '; }

# Piped text has the file's fingerprint: it resumes and shares bookmarks.
start "$JUAN '$ARTICLE'"
wait_for "$START" >/dev/null
keys 3 s
wait_row 1 "^$H3" >/dev/null
keys q
exited_sane >/dev/null
start "cat '$ARTICLE' | $JUAN"
check "a pipe resumes where the file was left" wait_row 24 '^ resumed at §3 · [0-9]+%'
check "a pipe: the resumed page" wait_row 1 "^$H3"
keys m
type '管道书签'
keys Enter
check "a pipe takes bookmarks once its text is known" wait_row 24 'Bookmarked: 管道书签'
keys g q
exited_sane >/dev/null
start "$JUAN '$ARTICLE'"
wait_for "$START" >/dev/null
keys "'"
check "the file lists the bookmark made through the pipe" wait_for '管道书签'
keys Enter
check "and it leads to the same text" wait_row 1 "^$H3"
keys q
exited_sane >/dev/null

# A bookmark in doc.txt; the file is then edited around it.
start "$JUAN '$DOC'"
wait_for '^Para 01 starts' >/dev/null
keys /
type 'Para 30 starts'
keys Enter
check "search puts paragraph 30 on top" wait_row 1 '^Para 30 starts'
keys m
type 'thirty'
keys Enter
wait_row 24 'Bookmarked: thirty' >/dev/null
keys q
exited_sane >/dev/null
edit '
	NR == 1 { print "A new first paragraph, written after the bookmark." }
	!/^Para 35 / { print }'
start "$JUAN '$DOC'"
check "edited file: the reader is told the bookmark was found again" \
    wait_row 24 'text has changed: 1 bookmark found again'
check "edited file: it resumes on the same text" wait_row 1 '^Para 30 starts'
keys g "'"
check "edited file: the bookmark is listed" wait_for 'thirty'
check "edited file: not flagged lost" wait_gone '\[lost\]'
keys Enter
check "edited file: the bookmark leads to the same text" wait_row 1 '^Para 30 starts'
keys q
exited_sane >/dev/null
edit '{ if (/^Para 30 /) print "Completely different words now."; else print }'
start "$JUAN '$DOC'"
check "paragraph rewritten: the reader is told" \
    wait_row 24 '1 of 1 bookmarks could not be found'
keys "'"
check "paragraph rewritten: the bookmark is kept, flagged lost" \
    wait_for '\[lost\] thirty'
keys Enter
check "a lost bookmark says why it leads elsewhere" \
    wait_row 24 'changed or removed'
keys q
check "exit 0" exited_sane

# A run that never moves still keeps the pattern it searched for.
start "$JUAN --no-resume '$DOC'"
wait_for '^A new first' >/dev/null
keys /
type 'Para 02'
keys Enter
wait_row 24 '^ 1/1' >/dev/null
keys q
exited_sane >/dev/null
start "$JUAN --no-resume '$DOC'"
wait_for '^A new first' >/dev/null
keys / Up
check "the search history of a run that did not move was saved" \
    wait_row 24 '^/Para 02$'
keys Escape q
exited_sane >/dev/null

# A state directory that cannot be made: the run works; the reader is
# told once, in the status line as the text opens (not again on stderr
# when the save at exit fails), and the status stays 0.
: > "$E2E_TMP/afile"
start "XDG_STATE_HOME='$E2E_TMP/afile' $JUAN --no-resume '$DOC'"
wait_for '^A new first' >/dev/null
check "unwritable state: the status line says so as the text opens" \
    wait_row 24 '^ Bookmarks will not be saved: .*afile: Not a directory'
keys /
type 'Para 03'
keys Enter
wait_row 24 '^ 1/1' >/dev/null
keys q
check "unwritable state: exit 0 after all" exited_sane
check "unwritable state: nothing more on stderr" test "$(juan_lines)" = 0

# No home directory at all (a uid without a passwd entry, no HOME): the
# warning main found is shown once, then the status line is the usual one.
chmod 755 "$E2E_TMP"
start "env -u HOME -u XDG_STATE_HOME setpriv --reuid=4242 --regid=4242 \
    --clear-groups $JUAN --no-resume '$DOC'"
check "no state directory: the warning is shown" \
    wait_row 24 'no home directory: bookmarks will not be saved'
keys j
check "no state directory: shown once" wait_row 24 '^ doc\.txt'
keys q
check "no state directory: exit 0" exited_sane
check "no state directory: nothing on stderr" test "$(juan_lines)" = 0

# A pipe still filling: the status tells how much came in, keys are
# answered meanwhile, and q does not wait for the writer.
# The article's size in KiB, rounded up as the status line does, then twice.
size=$(wc -c < "$ARTICLE")
k1=$(( (size + 1023) / 1024 )) k2=$(( (2 * size + 1023) / 1024 ))
start "(cat '$ARTICLE'; sleep 2; cat '$ARTICLE'; sleep 20) |
    { $JUAN --no-resume; echo \"[juan \$?]\"; }"
check "a filling pipe: the status tells how much came in" \
    wait_row 24 "reading $k1 KiB"
check "a filling pipe: and follows it" wait_row 24 "reading $k2 KiB"
keys 7
check "a filling pipe: keys are answered" wait_row 24 " 7  reading $k2 KiB" 1
keys q
check "a filling pipe: q quits at once" wait_for '^\[juan 0\]' 1

# Over the cap: the reader was told on screen, and q exits 1 with a line.
start "$JUAN --no-resume /dev/zero"
check "over the cap: told in the status line" wait_row 24 'input too large' 30
keys q
check "over the cap: exit 1" exited_sane 1
check "over the cap: one line on stderr" \
    wait_for '^juan: /dev/zero: input too large'
finish
