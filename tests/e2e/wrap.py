#!/usr/bin/env python3
"""wrap.py IN OUT: a hard-wrapped copy of IN (UTF-8, one paragraph a line)
for the search tests: paragraphs split by blank lines, each cut into lines
of at most 24 characters, never inside a run of ASCII characters, and the
last 工业泡沫 cut as 工业 / 泡沫."""
import sys
W, KEY = 24, '工业泡沫'
lines = [l for l in open(sys.argv[1], encoding='utf-8').read().split('\n') if l]
def wrap(l):
    rows, i = [], 0
    while len(l) - i > W:
        j = i + W
        while j > i + 1 and l[j - 1].isascii() and l[j].isascii():
            j -= 1
        rows.append(l[i:j])
        i = j
    return rows + [l[i:]]
last = max(n for n, l in enumerate(lines) if KEY in l)
out = []
for n, l in enumerate(lines):
    cut = l.rindex(KEY) + 2 if n == last else len(l)
    rows = wrap(l[:cut]) + (wrap(l[cut:]) if cut < len(l) else [])
    out.append('\n'.join(rows))
open(sys.argv[2], 'w', encoding='utf-8').write('\n\n'.join(out) + '\n')
