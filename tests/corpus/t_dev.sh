#!/bin/sh
# The labelled development books (CORPUS/dev): headings, paragraph starts and
# wrapping, scored by score.py against the labels (thresholds in score.py).
# CORPUS_WIDTHS (comma-separated) overrides the sampled widths; the full sweep
# is `make check-corpus CORPUS_WIDTHS=$(seq -s, 20 120)`.
cd "$(dirname "$0")/../.." || exit 1
exec python3 tests/corpus/score.py --tap \
    --widths "${CORPUS_WIDTHS:-20,33,47,60,80,97,120}"
