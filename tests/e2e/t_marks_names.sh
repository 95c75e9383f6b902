# Bookmarks' default names (issue 15 item 5), written from its "Why":
# default names kept raw ideographic spaces and were cut without "…". Now
# a default name is "§N title", white space collapsed, cut with "…". (r,
# d and u are in t_marks.sh, m at a bookmark's place in t_marks_same.sh.)
. "$(dirname "$0")/lib.sh"

python3 - "$E2E_TMP/names.md" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("# 第一章　　水痕\n\n")
    f.write("正文第一段，写在第一章里面。\n\n" * 30)
    f.write("# 第二章 一个非常非常长的标题长到放不下一个书签的名字的地步了\n\n")
    f.write("正文第二段，写在第二章里面。\n\n" * 30)
PY

start "$JUAN --no-resume names.md"
wait_for '水痕' >/dev/null
keys m
wait_row 24 '[Nn]ame' >/dev/null
keys Enter
check "the default name is §1 and the title, its ideographic spaces one space" \
    wait_until sh -c "'$JUAN' --bookmarks '$E2E_TMP/names.md' | cut -f2 | grep -qx '§1 第一章 水痕'"
keys 2 s
wait_row 1 '第二章' >/dev/null
keys m
wait_row 24 '[Nn]ame' >/dev/null
keys Enter
check "a long title is cut with …" \
    wait_until sh -c "'$JUAN' --bookmarks '$E2E_TMP/names.md' | cut -f2 | grep -qx '§2 第二章 一个非常非常长的标题长到放不下一…'"
keys "'"
check "the list shows the names" wait_for '^ +[0-9]+%  §1 第一章 水痕  '
keys q q
check "q: exit 0" exited_sane
finish
