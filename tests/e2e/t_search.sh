# Search (issue 5) on the project's article and on a hard-wrapped copy of it:
# / and ?, the match count and section in the status line, n/N and wrapping,
# highlighting, case and width folding, regex mode and a bad regex, the
# history across runs, prompt editing, and -p / --search / +/PATTERN; script
# folding (issue 16) on the project's traditional-Chinese text.
. "$(dirname "$0")/lib.sh"

NAI=$(grep -o AI "$ARTICLE" | wc -l)
NRE=$(grep -oE '(铁路|光纤)泡沫的账单' "$ARTICLE" | wc -l)
NIND=$(grep -o 工业泡沫 "$ARTICLE" | wc -l)

# The highlighted runs of the screen, one a line (see the comment inside).
cat > "$E2E_TMP/hl.py" <<'EOF'
import re, sys
# Highlighted runs of a capture-pane -e screen (status row excluded): the
# characters shown with a background colour or in reverse video, one run a
# line; a row break inside a run (and the margin after it) does not end it.
rows = sys.stdin.read().split('\n')
if rows and rows[-1] == '':
    rows.pop()
rows = rows[:-1]
bg = rev = False
runs, cur = [], ''
for row in rows:
    lead = True
    for tok in re.findall(r'\x1b\[[0-9;:]*m|\x1b[^\[]|[^\x1b]', row):
        if tok.startswith('\x1b['):
            ps = [int(p) if p else 0 for p in re.split('[;:]', tok[2:-1])]
            i = 0
            while i < len(ps):
                p = ps[i]
                if p == 0:
                    bg = rev = False
                elif p == 7:
                    rev = True
                elif p == 27:
                    rev = False
                elif 40 <= p <= 47 or 100 <= p <= 107:
                    bg = True
                elif p == 49:
                    bg = False
                elif p in (38, 48):
                    bg = bg or p == 48
                    i += 2 if i + 1 < len(ps) and ps[i + 1] == 5 else 4
                i += 1
            continue
        if bg or rev:
            cur += tok
            lead = False
        elif lead and tok == ' ':
            continue
        else:
            lead = False
            if cur:
                runs.append(cur)
            cur = ''
if cur:
    runs.append(cur)
print('\n'.join(runs))
EOF
hl_runs() { tm capture-pane -p -e -t 0 | python3 "$E2E_TMP/hl.py"; }

status_is() { wait_row 24 "$1"; }	# REGEX: the status (or prompt) row
runs_of() {	# TEXT N: exactly N highlighted runs read TEXT
	[ "$(hl_runs | grep -cxF -- "$1")" -eq "$2" ]
}
no_highlight() { [ -z "$(hl_runs)" ]; }
only_ai() {
	r=$(hl_runs)
	[ -n "$r" ] && [ -z "$(printf '%s\n' "$r" | grep -vx AI)" ]
}
alive() { [ -n "$(prog_pid)" ]; }
search() {	# KEY PATTERN: open the prompt with KEY, type PATTERN, Enter
	keys "$1"
	wait_row 24 "^[^ ]*\\$1" >/dev/null
	type "$2"
	keys Enter
}

# The article's facts the checks below rely on.
check "article: 工业泡沫 occurs 3 times" [ "$NIND" -eq 3 ]
check "article: (铁路|光纤)泡沫的账单 occurs twice" [ "$NRE" -eq 2 ]
check "article: AI occurs, upper case only" \
    sh -c "[ $NAI -gt 3 ] && [ \$(grep -oi ai '$ARTICLE' | wc -l) -eq $NAI ]"

start "$JUAN --no-resume '$ARTICLE'"
wait_for "$START" >/dev/null
first=$(row 1)
keys /
check "/ opens a prompt on the last row" status_is '^/$'
type 工业泡沫
keys Enter
check "/工业泡沫 Enter: 1/3 and its section (· §1 title)" \
    status_is "(^| )1/3 · §1 $H1"
check "the current match is on screen" wait_for '称为“工业泡沫”'
check "all three matches on screen are highlighted" wait_until runs_of 工业泡沫 3
keys n
check "n: 2/3" status_is '(^| )2/3( |$)'
keys n
check "n: 3/3" status_is '(^| )3/3( |$)'
keys n
check "n past the last match wraps with a message" status_is '[Ww]rap'
check "... and the status shows 1/3 with that message" \
    status_is '(^| )1/3( |$).*[Ww]rap|[Ww]rap.*(^| )1/3( |$)'
keys n
check "n after wrapping: 2/3" status_is '(^| )2/3( |$)'
keys N
check "N goes back: 1/3" status_is '(^| )1/3( |$)'
keys n n
check "n n typed at once (typeahead) moves two matches: 3/3" \
    status_is '(^| )3/3( |$)'
keys g
search / 工业泡沫
status_is '(^| )1/3( |$)' >/dev/null
keys N
check "N before the first match wraps to the last, with a message" \
    status_is '[Ww]rap'
keys N
check "... and goes on backward: 2/3" status_is '(^| )2/3( |$)'
keys Escape
check "Esc clears the highlight" wait_until no_highlight
check "... and the match count leaves the status line" wait_gone '(^| )[0-9]+/3( |$)'

keys G
wait_row 24 '  End  ' >/dev/null
search '?' 工业泡沫
check "?工业泡沫 from the end: the last match, 3/3" status_is '(^| )3/3( |$)'
keys n
check "n after ? keeps going backward: 2/3" status_is '(^| )2/3( |$)'
keys N
check "N after ? goes forward: 3/3" status_is '(^| )3/3( |$)'

keys g
search / ai
check "/ai finds every AI (1/$NAI)" status_is "(^| )1/$NAI( |$)"
check "/ai: the AIs on screen are highlighted, and only they" wait_until only_ai
keys g
search / ＡＩ
check "/ＡＩ (full-width) finds every AI (1/$NAI)" status_is "(^| )1/$NAI( |$)"
keys g
search / Ai
check "/Ai (upper case in it: exact case) finds none" status_is '^ ?Pattern not found: Ai *( |$)'
check "... and nothing is highlighted" no_highlight

keys g / C-r
check "Ctrl-R at the prompt shows regex mode" status_is '[Rr]egex'
type '(铁路|光纤)泡沫的账单'
keys Enter
check "a regex finds its $NRE match(es), in §3" \
    status_is "(^| )1/$NRE · §3 $H3"
check "the regex match is highlighted" wait_until runs_of '铁路泡沫的账单' 1
keys / C-r
wait_row 24 '[Rr]egex' >/dev/null
type '('
keys Enter
check "an invalid regex gives a clear message" \
    status_is '([Ii]nvalid|[Bb]ad|[Uu]nmatched|[Ee]rror).*(regular|regex|\()|\(.*([Ii]nvalid|[Uu]nmatched)'
check "... and juan is still running" alive
keys Escape j
check "... and still answers keys" wait_gone 'nvalid|[Bb]ad regular|nmatched'

keys g /
type 工业泡沫
keys BSpace
check "Backspace deletes a whole CJK character" status_is '^/工业泡$'
keys BSpace BSpace BSpace
check "three more Backspaces empty the prompt" status_is '^/$'
type 'xyz'
keys Escape
check "Esc cancels the prompt" wait_gone '^/'
check "... and the view is where the prompt opened" wait_row 1 "^$first\$"
check "... with no highlight" no_highlight

keys /
wait_row 24 '^/' >/dev/null
keys Up
check "Up at the prompt recalls the previous pattern (the bad regex was not kept)" \
    status_is '^[^/]*/\(铁路\|光纤\)泡沫的账单$'
keys Up
check "Up again: the one before" status_is '^[^/]*/Ai$'
keys Down
check "Down comes back" status_is '^[^/]*/\(铁路\|光纤\)泡沫的账单$'
keys Escape q
check "q after all that: exit 0, terminal sane" exited_sane

# The history is kept between runs: after a run that moved (the match is
# further down), and after one that did not (the match on the first screen).
hist_run() {	# PATTERN: search for it in a run of its own, then quit
	start "$JUAN --no-resume '$ARTICLE'"
	wait_for "$START" >/dev/null
	search / "$1"
	status_is '(^| )1/[0-9]+( |$)' >/dev/null
	keys q
	exited_sane >/dev/null
}
hist_up() {	# N: open a new run's prompt and press Up N times
	start "$JUAN --no-resume '$ARTICLE'"
	wait_for "$START" >/dev/null
	keys /
	wait_row 24 '^/' >/dev/null
	i=0
	while [ "$i" -lt "$1" ]; do keys Up; i=$((i + 1)); done
}
hist_run 工业泡沫
hist_up 1
check "history kept between runs: Up recalls the last run's pattern" \
    status_is '^/工业泡沫$'
keys Escape q
exited_sane >/dev/null
hist_run 老家县城
hist_up 1
check "... also after a run whose match was on the first screen" \
    status_is '^/老家县城$'
keys Escape q
exited_sane >/dev/null

# A hard-wrapped copy: paragraphs split by blank lines, each cut into lines
# of at most 24 characters, never inside a run of ASCII characters, and the
# last 工业泡沫 cut as 工业 / 泡沫.
W="$E2E_TMP/wrapped.txt"
python3 "$TOP/tests/e2e/wrap.py" "$ARTICLE" "$W"
check "the wrapped copy cuts a 工业泡沫 across two lines" \
    awk 'p ~ /工业$/ && /^泡沫/ { f = 1 } { p = $0 } END { exit !f }' "$W"
check "--dump of the wrapped copy shows 工业泡沫 three times, joined" \
    sh -c "'$JUAN' --dump --width=2000 '$W' | grep -o 工业泡沫 | wc -l | grep -qx 3"
start "$JUAN --no-resume '$W'"
wait_for "$START" >/dev/null
search / 工业泡沫
check "wrapped copy: still three matches (1/3)" status_is '(^| )1/3( |$)'
check "wrapped copy: all three highlighted" wait_until runs_of 工业泡沫 3
keys n
status_is '(^| )2/3( |$)' >/dev/null
keys n
check "wrapped copy: n n reaches the cut match, 3/3" status_is '(^| )3/3( |$)'
check "wrapped copy: the cut match is highlighted as one" \
    wait_until runs_of 工业泡沫 3
keys q
check "wrapped copy: exit 0" exited_sane

# Script folding on tests/data/trad.txt (tests/data/README.md: 寶玉 six
# times and 宝玉 once; 發展 twice; 乾坤 晾乾 幹部 干涉): a simplified pattern
# finds the traditional text and highlights it as written, n steps through
# as many matches as the count says; --script-fold=off matches exactly.
TRAD="$TOP/tests/data/trad.txt"
check "trad.txt: 寶玉 6 times, 宝玉 once" \
    sh -c "[ \$(grep -o 寶玉 '$TRAD' | wc -l) -eq 6 ] && [ \$(grep -o 宝玉 '$TRAD' | wc -l) -eq 1 ]"
start "$JUAN --no-resume '$TRAD'"
wait_for 舊書攤記 >/dev/null
search / 宝玉
check "/宝玉 finds 寶玉 and 宝玉: 1/7" status_is '(^| )1/7( |$)'
check "... the six 寶玉 are highlighted as written" wait_until runs_of 寶玉 6
check "... and the one 宝玉" wait_until runs_of 宝玉 1
i=1
while [ "$i" -lt 7 ]; do keys n; i=$((i + 1)); done
check "n six times reaches 7/7" status_is '(^| )7/7( |$)'
keys n
check "n once more wraps to 1/7" status_is '(^| )1/7( |$)'
keys g
search / 发展
check "/发展 finds 發展 twice" status_is '(^| )1/2( |$)'
check "... highlighted as 發展" wait_until runs_of 發展 2
keys g
search / 干
check "/干 finds 乾, 幹 and 干: 1/4" status_is '(^| )1/4( |$)'
check "... 乾 twice highlighted" wait_until runs_of 乾 2
keys q
check "trad.txt: exit 0" exited_sane
start "$JUAN --no-resume --script-fold=off '$TRAD'"
wait_for 舊書攤記 >/dev/null
search / 宝玉
check "--script-fold=off: /宝玉 finds only 宝玉, 1/1" status_is '(^| )1/1( |$)'
keys g
search / 寶玉
check "--script-fold=off: /寶玉 finds 1/6" status_is '(^| )1/6( |$)'
keys g
search / 发展
check "--script-fold=off: /发展 is not found" status_is 'Pattern not found: 发展'
keys q
check "--script-fold=off: exit 0" exited_sane

# Opening at the first match.
for opt in "-p 工业泡沫" "--search=工业泡沫" "+/工业泡沫"; do
	start "$JUAN $opt '$ARTICLE'"
	check "$opt opens at the first match (1/3)" status_is "(^| )1/3 · §1 "
	check "$opt: the match is on screen, highlighted" \
	    wait_until runs_of 工业泡沫 3
	check "$opt: the view moved off the start" wait_gone "$START"
	keys q
	check "$opt: exit 0" exited_sane
done
finish
