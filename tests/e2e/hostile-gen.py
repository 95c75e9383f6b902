#!/usr/bin/env python3
"""Write the hostile inputs of the hardening suite into DIR (nothing big is
committed). Each file starts with a readable line naming its class, so the
test can wait for it on screen."""
import os
import sys

d = sys.argv[1]
os.makedirs(d, exist_ok=True)


def put(name, data):
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


ESC = b"\x1b"
lines = [
    b"\xe4\xb8\xad\xe6\x96\x87 overlong \xc0\xaf \xe0\x80\xaf \xf0\x80\x80\xaf end",
    b"surrogates \xed\xa0\x80 \xed\xbf\xbf above \xf4\x90\x80\x80 \xf7\xbf\xbf\xbf end",
    b"five and six byte forms \xf8\x88\x80\x80\x80 \xfc\x84\x80\x80\x80\x80 end",
    b"truncated \xe4\xb8 then ESC after a lead \xe4" + ESC + b"[2J end",
    b"stray continuation \x80\x81\xbf lone \xc2 \xfe\xff end",
    b"NUL \x00 in text \x00\x00 end",
]
put("h-invalid.txt", b"invalid-utf8 case\n" + b"\n".join(lines) + b"\n\xe4\xb8\xad" * 50 + b"\n")

c0 = bytes(b for b in range(0, 32) if b not in (9, 10, 13)) + b"\x7f"
c1_raw = bytes(range(0x80, 0xA0))
c1_utf8 = b"".join(chr(c).encode() for c in range(0x80, 0xA0))
put("h-controls.txt", b"controls case\nC0: " + c0 + b" end\nUTF-8 C1: " + c1_utf8 +
    " 中文的段落。".encode() * 20 + b" end\nbell flood " + b"\x07" * 500 + b"\n")
# Raw C1 bytes are not UTF-8: whatever encoding the loader settles on, none
# of them may reach the terminal.
put("h-c1raw.txt", b"raw-c1 case\nraw C1: " + c1_raw + b" end\n")

seqs = [
    ESC + b"[2J" + ESC + b"[H clear",
    ESC + b"]0;PWNED-TITLE\x07 title",
    ESC + b"]2;PWNED-TITLE2" + ESC + b"\\ title2",
    ESC + b"]52;c;cHduZWQ=\x07 clipboard write",
    ESC + b"]52;c;?\x07 clipboard query",
    ESC + b"]8;;http://example.invalid/\x07link" + ESC + b"]8;;\x07 hyperlink",
    ESC + b"]7;file:///tmp/pwned\x07 cwd",
    ESC + b"P$qm" + ESC + b"\\ DECRQSS",
    ESC + b"_apc payload" + ESC + b"\\ APC",
    ESC + b"[c" + ESC + b"[>c" + ESC + b"[5n" + ESC + b"[6n" + ESC + b"[21t report queries",
    b"\x0e SO \x0f SI " + ESC + b"(0 lqk" + ESC + b"(B charset",
    ESC + b"[?1000h" + ESC + b"[?1004h" + ESC + b"[?2004h mouse focus paste modes",
    b"\xc2\x9b2J UTF-8 CSI \xc2\x9d0;PWNED\xc2\x9c UTF-8 OSC",
    b"\x9b2J raw CSI \x9d0;PWNED\x9c raw OSC",
    b"\x05 ENQ",
]
body = b"escapes case\n" + b"\n".join(seqs) + b"\n"
put("h-escapes.txt", body)
put("h-heading-escapes.txt", b"heading escapes case\n" + ("正文" * 400).encode() + b"\n" +
    b"".join(("第%d章 " % i).encode() + ESC + b"]0;PWNED\x07" + ESC + b"[2J\n" + ("正文内容" * 300).encode() + b"\n"
             for i in range(1, 4)))

bidi = "bidi case\nRLO \u202e evil \u202c LRI \u2066 x \u2069 RLM \u200f ALM \u061c LS \u2028 PS \u2029 tag \U000E0041 end\n"
put("h-bidi.txt", bidi.encode())
put("h-combining.txt", ("combining case\na" + "\u0301" * 10000 + " after\n").encode())
put("h-zwj.txt", ("zwj case\n" + "\U0001F468\u200d" * 3000 + "\U0001F467 end\n").encode())
put("h-binary.bin", b"binary case\n" + os.urandom(200000))
put("h-empty-lines.txt", b"empty-lines case\n" + b"\n" * 1000000 + b"the end\n")
put("h-headings.txt", b"headings case\n" + b"".join(("第%d章 标题\n正文一句。\n" % i).encode()
                                               for i in range(1, 100001)))
put("h-cjk-line.txt", b"cjk-line case\n" + "汉字排版测试，".encode() * (20 * 1000 * 1000 // 21) + b"\n")
put("h-ascii-line.txt", b"ascii-line case\n" + b"x" * (20 * 1000 * 1000) + b"\n")
# Issue 14: a million Markdown headings (past the outline's first room for
# candidates) and five million numbered lines (a family flooding it).
put("h-1m-headings.md", b"# 1m-headings case\n" + b"# h\n" * 999999)
put("h-5m-lines.txt", b"5m-lines case\n" + b"".join(b"%d\n" % i for i in range(1, 5000000)))
