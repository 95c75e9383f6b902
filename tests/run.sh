#!/bin/sh
# make check: runs every test and ends with "N passed, N failed". Each test
# program speaks TAP, counted by tests/tap.sh. Only the project's own texts
# are read (tests/data, data/); tests/corpus/run.sh runs the ones on
# third-party texts. Unit tests and end-to-end tests run twice: plain,
# and under AddressSanitizer + UndefinedBehaviorSanitizer.
cd "$(dirname "$0")/.." || exit 1
top=$(pwd)
. tests/tap.sh
asanlogs="$tap_dir/asan-logs"
mkdir -p "$asanlogs"
ASAN_OPTIONS="abort_on_error=1:detect_leaks=1:log_path=$asanlogs/asan"
UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:log_path=$asanlogs/ubsan"
LSAN_OPTIONS="suppressions=$top/tests/lsan.supp"
export ASAN_OPTIONS UBSAN_OPTIONS LSAN_OPTIONS
export CMOCKA_MESSAGE_OUTPUT=TAP
export LANG=C.UTF-8 LC_ALL=C.UTF-8

tap_run layering sh tests/check-layering.sh
[ -f tests/check-man.sh ] && tap_run man sh tests/check-man.sh
for t in build/unit/test_*; do
	[ -x "$t" ] && tap_run "unit/$(basename "$t")" "$t"
done
for t in build/asan/unit/test_*; do
	[ -x "$t" ] && tap_run "asan/$(basename "$t")" "$t"
done
for t in build/fuzz/*-replay; do
	[ -x "$t" ] || continue
	name=$(basename "$t" -replay)
	tap_run "replay/$name" "$t" "tests/fuzz/seeds/${name#fuzz_}"
done
for t in tests/e2e/t_*.sh; do
	[ -f "$t" ] || continue
	tap_run "e2e/$(basename "$t" .sh)" env JUAN="$top/juan" sh "$t"
done
if [ -z "$JUAN_CHECK_QUICK" ]; then
	for t in tests/e2e/t_*.sh; do
		[ -f "$t" ] || continue
		tap_run "e2e-asan/$(basename "$t" .sh)" env JUAN="$top/build/juan-asan" JUAN_E2E_SLOW=1 sh "$t"
	done
fi
# A sanitizer report anywhere, even from a run that otherwise passed, fails.
if [ -n "$(ls "$asanlogs")" ]; then
	for f in "$asanlogs"/*; do echo "sanitizer report $f:"; head -n 40 "$f" | sed 's/^/    /'; done
	tap_not_ok "sanitizer reports"
else
	tap_ok "no sanitizer reports"
fi
tap_end
