# A terminal that hangs up (a closed window, a dropped connection) ends
# juan as SIGHUP would, its place saved, even when the signal does not
# reach it (only the session's leader is sure to get it): the key loop
# sees the end of its input instead of spinning on it.
. "$(dirname "$0")/lib.sh"

cp "$ARTICLE" "$E2E_TMP/a.txt"
out=$(python3 "$TOP/tests/e2e/hangup.py" "$JUAN" "$E2E_TMP/a.txt" $((5 * E2E_SCALE)))
check "juan ends when its terminal hangs up ($out)" [ "$out" = "exited 129" ]
check "the place read is saved" grep -q "a.txt" "$XDG_STATE_HOME/juan/bookmarks"
finish
