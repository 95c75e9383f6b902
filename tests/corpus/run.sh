#!/bin/sh
# make check-corpus: the tests on third-party texts, kept out of make check
# because a clone does not have them. Runs every tests/corpus/t_*.sh with
# CORPUS (the corpus directory, absolute; default ../shared/corpus from the
# repository root) and JUAN (./juan) in the environment; each speaks TAP,
# counted by tests/tap.sh, and the last line is "N passed, N failed".
cd "$(dirname "$0")/../.." || exit 1
top=$(pwd)
CORPUS=${CORPUS:-../shared/corpus}
if [ ! -d "$CORPUS" ]; then
	echo "check-corpus: CORPUS=$CORPUS not found"
	exit 1
fi
CORPUS=$(cd "$CORPUS" && pwd)
JUAN=${JUAN:-$top/juan}
export CORPUS JUAN LANG=C.UTF-8 LC_ALL=C.UTF-8
. tests/tap.sh
for t in tests/corpus/t_*.sh; do
	[ -f "$t" ] || continue
	tap_run "corpus/$(basename "$t" .sh)" sh "$t"
done
tap_end
