#!/bin/sh
# The labelled development books (CORPUS/dev): headings, paragraph starts and
# wrapping, scored by score.py against the labels (thresholds in score.py).
# Wrapping is checked at every width 20..120 (about 3 minutes on two cores);
# CORPUS_WIDTHS (comma-separated) narrows it, e.g. CORPUS_WIDTHS=20,47,80.
cd "$(dirname "$0")/../.." || exit 1
exec python3 tests/corpus/score.py --tap \
    --widths "${CORPUS_WIDTHS:-$(seq -s, 20 120)}"
