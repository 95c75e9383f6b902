#!/bin/sh
# Runs every test and ends with "N passed, N failed". Each test program speaks
# TAP ("ok ..." / "not ok ..."); a program that exits non-zero without saying
# why counts as one failure. Unit tests and end-to-end tests run twice: plain,
# and under AddressSanitizer + UndefinedBehaviorSanitizer.
cd "$(dirname "$0")/.." || exit 1
top=$(pwd)
out=$(mktemp -d "${TMPDIR:-/tmp}/juan-check.XXXXXX")
trap 'rm -rf "$out"' EXIT
asanlogs="$out/asan-logs"
mkdir -p "$asanlogs"
ASAN_OPTIONS="abort_on_error=1:detect_leaks=1:log_path=$asanlogs/asan"
UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:log_path=$asanlogs/ubsan"
LSAN_OPTIONS="suppressions=$top/tests/lsan.supp"
export ASAN_OPTIONS UBSAN_OPTIONS LSAN_OPTIONS
export CMOCKA_MESSAGE_OUTPUT=TAP
export LANG=C.UTF-8 LC_ALL=C.UTF-8

pass=0
fail=0
# run LABEL CMD...: run a test program, count its TAP lines.
run() {
	label=$1; shift
	log="$out/log"
	"$@" >"$log" 2>&1
	rc=$?
	p=$(grep -c '^ok ' "$log")
	f=$(grep -c '^not ok ' "$log")
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1
		echo "not ok - $label exited with status $rc"
	fi
	grep '^not ok ' "$log" | sed "s|^|$label: |"
	if [ "$f" -ne 0 ]; then tail -n 30 "$log" | sed 's/^/    /'; fi
	echo "$label: $p passed, $f failed"
	pass=$((pass + p)); fail=$((fail + f))
}

run layering sh tests/check-layering.sh
[ -f tests/check-man.sh ] && run man sh tests/check-man.sh
for t in build/unit/test_*; do
	[ -x "$t" ] && run "unit/$(basename "$t")" "$t"
done
for t in build/asan/unit/test_*; do
	[ -x "$t" ] && run "asan/$(basename "$t")" "$t"
done
for t in build/fuzz/*-replay; do
	[ -x "$t" ] || continue
	name=$(basename "$t" -replay)
	run "replay/$name" "$t" "tests/fuzz/seeds/${name#fuzz_}"
done
for t in tests/e2e/t_*.sh; do
	[ -f "$t" ] || continue
	run "e2e/$(basename "$t" .sh)" env JUAN="$top/juan" sh "$t"
done
if [ -z "$JUAN_CHECK_QUICK" ]; then
	for t in tests/e2e/t_*.sh; do
		[ -f "$t" ] || continue
		run "e2e-asan/$(basename "$t" .sh)" env JUAN="$top/build/juan-asan" JUAN_E2E_SLOW=1 sh "$t"
	done
fi
# A sanitizer report anywhere, even from a run that otherwise passed, fails.
if [ -n "$(ls "$asanlogs")" ]; then
	for f in "$asanlogs"/*; do echo "sanitizer report $f:"; head -n 40 "$f" | sed 's/^/    /'; done
	echo "not ok - sanitizer reports"
	fail=$((fail + 1))
else
	echo "ok - no sanitizer reports"
	pass=$((pass + 1))
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
