# The status line a newcomer can read (issue 15 item 1), each check written
# from the issue's "Why": "§–/120" before the first chapter; "<1/1214 min"
# (which number is what?); minutes where hours would be read at a glance;
# the percentage of the first screen of a short article, and of `]` to
# section 1; a section title cut without "…" at 60 columns and gone at 40;
# and the same in a Chinese locale. The novel is made here: a front matter
# and 120 chapters with long titles.
. "$(dirname "$0")/lib.sh"

python3 - "$E2E_TMP/novel.txt" <<'PY'
import sys
d = "零一二三四五六七八九"
def zh(n):
    if n < 10:
        return d[n]
    if n < 20:
        return "十" + (d[n % 10] if n % 10 else "")
    if n < 100:
        return d[n // 10] + "十" + (d[n % 10] if n % 10 else "")
    r = n % 100
    return "一百" + ("" if r == 0 else ("零" + d[r] if r < 10 else zh(r) if r >= 20 else "一" + zh(r)))
with open(sys.argv[1], "w") as f:
    f.write("三国演义\n\n罗贯中 著\n\n")
    for c in range(1, 121):
        title = "战官渡本初败绩 劫乌巢孟德烧粮" if c == 30 else "宴桃园豪杰三结义 斩黄巾英雄首立功"
        f.write("第%s回 %s\n\n" % (zh(c), title))
        for p in range(4):
            f.write("　　话说天下大势，分久必合，合久必分。周末七国分争，并入于秦。"
                    "及秦灭之后，楚、汉分争，又并入于汉。第%d回第%d段。\n\n" % (c, p))
PY
[ "$("$JUAN" --toc "$E2E_TMP/novel.txt" | wc -l)" -eq 120 ] ||
    echo "# the novel should have 120 sections"

start "$JUAN --no-resume novel.txt"
check "before the first chapter: words, not §–/120" \
    wait_row 24 '^ novel\.txt · front matter .* 120 sections  Top '
check "... and no §–" sh -c "! tmux -L '$E2E_SOCK' capture-pane -p -t 0 | tail -n 1 | grep -q '§–'"
keys 3 0 s
check "30s: §30/120, and the time left says what it is" \
    wait_row 24 '§30/120  [0-9]+%  (<1|[0-9]+) min left$'
tm resize-window -t 0 -x 60 -y 24
check "at 60 columns the title is cut with …" \
    wait_row 24 '^ 第三十回 战官渡.*…  §30/120'
tm resize-window -t 0 -x 40 -y 24
check "at 40 columns the title is still there, cut with …" \
    wait_row 24 '^ 第三十回 .*…  §30/120  [0-9]+%$'
keys q
wait_for '^\[exit 0\]' >/dev/null

# 300 characters a minute over 120 chapters is hours: "h", not
# thousands of minutes.
start -x 160 "$JUAN --no-resume --wpm=1,1 novel.txt"
check "hours are hours: N h left in book" \
    wait_row 24 '  [0-9]+ h( [0-9]+ min)? left in book '
keys 3 0 s
check "wide enough, each time says what it is" \
    wait_row 24 ' left in section  [0-9]+ h( [0-9]+ min)? left in book '
check "... and no count of thousands of minutes" \
    sh -c "! tmux -L '$E2E_SOCK' capture-pane -p -t 0 | tail -n 1 | grep -qE '[0-9]{4,} min'"
keys q
wait_for '^\[exit 0\]' >/dev/null

# The article: its first screen says Top (not 24%), `]` to section 1 says
# where that section starts (not 50%), and the last screen says End.
start "$JUAN --no-resume '$ARTICLE'"
check "the first screen says Top" wait_row 24 '  Top  '
keys ']'
wait_row 1 "^$H1" >/dev/null
line=$(sed -n 1p "$ARTICLE_TOC" | cut -f2)
want=$(python3 -c '
import sys
b = open(sys.argv[1], "rb").read()
off = sum(len(l) for l in b.split(b"\n")[:int(sys.argv[2]) - 1]) + int(sys.argv[2]) - 1
print(off * 100 // len(b))' "$ARTICLE" "$line")
check "] to section 1: where it starts, $want%" wait_row 24 "§1/3  $want%  "
keys j
check "a row on: the share above the bottom of the screen again" \
    sh -c "! tmux -L '$E2E_SOCK' capture-pane -p -t 0 | tail -n 1 | grep -q '§1/3  $want%  '"
keys G
check "G: the last screen says End" wait_row 24 '  End  '
keys q
wait_for '^\[exit 0\]' >/dev/null

# A Chinese locale: the words are Chinese (the default is English).
start "LC_ALL= LANG=zh_CN.UTF-8 $JUAN --no-resume novel.txt"
check "zh: 前言, 共 120 节, 开头" wait_row 24 ' 前言 .* 共 120 节  开头  全书还剩 '
keys 3 0 s
check "zh: the time left in the section" wait_row 24 '§30/120  [0-9]+%  本节'
keys q
check "q: exit 0" wait_for '^\[exit 0\]'
finish
