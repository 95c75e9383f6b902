# TAP counting, shared by tests/run.sh (make check) and tests/corpus/run.sh
# (make check-corpus). Source it, then:
#   tap_run LABEL CMD...   run a test program and count its TAP lines ("ok
#                          ..." / "not ok ..."); one that exits non-zero
#                          without saying why counts as one failure, and so
#                          does a skipped test ("ok ... # SKIP"): a test
#                          either runs or is not part of the target
#   tap_ok NAME, tap_not_ok NAME   one result of the runner's own
#   tap_end                "N passed, N failed"; non-zero status if any failed
tap_dir=$(mktemp -d "${TMPDIR:-/tmp}/juan-tap.XXXXXX")
trap 'rm -rf "$tap_dir"' EXIT
pass=0
fail=0

tap_run() {
	label=$1; shift
	log="$tap_dir/log"
	"$@" >"$log" 2>&1
	rc=$?
	p=$(grep -c '^ok ' "$log")
	f=$(grep -c '^not ok ' "$log")
	s=$(grep -c '^ok .*# *SKIP' "$log")
	p=$((p - s)); f=$((f + s))
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1
		echo "not ok - $label exited with status $rc"
	fi
	grep -e '^not ok ' -e '^ok .*# *SKIP' "$log" | sed "s|^|$label: |"
	if [ "$f" -ne 0 ]; then tail -n 30 "$log" | sed 's/^/    /'; fi
	echo "$label: $p passed, $f failed"
	pass=$((pass + p)); fail=$((fail + f))
}

tap_ok() { echo "ok - $1"; pass=$((pass + 1)); }
tap_not_ok() { echo "not ok - $1"; fail=$((fail + 1)); }

tap_end() {
	echo "$pass passed, $fail failed"
	[ "$fail" -eq 0 ]
}
