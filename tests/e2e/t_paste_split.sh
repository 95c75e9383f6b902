# A paste into the search prompt whose last character a read cut in two
# (its tail 20 ms later): the prompt waits for the rest of the character
# and searches for the whole pattern, as the saved search history shows.
. "$(dirname "$0")/lib.sh"

cp "$ARTICLE" "$E2E_TMP/a.txt"
check "juan reads the paste and quits" \
    python3 "$TOP/tests/e2e/paste_split.py" "$JUAN" "$E2E_TMP/a.txt" "工业泡沫"
check "the pattern searched is whole: 工业泡沫" \
    grep -qx "h	工业泡沫" "$XDG_STATE_HOME/juan/bookmarks"
finish
