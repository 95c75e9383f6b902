#!/usr/bin/env python3
"""Audit the raw bytes a program sent to its terminal (captured with
`tmux pipe-pane -O`). Exit 0 when everything is something ncurses emits for
TERM=tmux-256color; otherwise print what was found and exit 1.

Allowed: valid UTF-8 text without C1 controls, bidi controls or other
code-shown characters; CR LF BS TAB; CSI sequences for cursor motion, erase,
scrolling, SGR and private modes; ESC ( B / ESC ( 0 / ESC ) 0, SI, ESC 7/8,
ESC =, ESC >, ESC M; at most one cursor-position query (the ambiguous-width probe).
Refused: OSC, DCS, APC, PM, SOS, any other query, SO/SI, BEL, raw C1 bytes,
other C0 controls.
"""
import sys

CSI_FINALS = set("@ABCDEFGHIJKLMPSTXZ`abdefghlmnrstu")
BIDI = set(range(0x202A, 0x202F)) | set(range(0x2066, 0x206A)) | {0x200E, 0x200F, 0x061C}


def audit(data):
    problems = []
    queries = 0
    i = 0
    n = len(data)
    while i < n:
        b = data[i]
        if b == 0x1B:
            if i + 1 >= n:
                problems.append("ESC at the end")
                break
            c = data[i + 1]
            if c == ord("["):
                j = i + 2
                while j < n and 0x30 <= data[j] <= 0x3F:
                    j += 1
                while j < n and 0x20 <= data[j] <= 0x2F:
                    j += 1
                if j >= n:
                    problems.append("unterminated CSI")
                    break
                final = chr(data[j])
                params = data[i + 2:j].decode("latin-1")
                if final not in CSI_FINALS:
                    problems.append("CSI %r%s" % (params, final))
                elif final == "n":
                    if params == "6":
                        queries += 1
                    else:
                        problems.append("status query CSI %sn" % params)
                elif final == "c" or (final == "t" and params.split(";")[0] in ("11", "13", "14", "18", "19", "20", "21")):
                    problems.append("report query CSI %s%s" % (params, final))
                i = j + 1
                continue
            if c in b"]P_^X":
                problems.append("string sequence ESC %s" % chr(c))
                i += 2
                continue
            if c in b"()" and i + 2 < n and data[i + 2] in b"B0":
                i += 3
                continue
            if c in b"78=>M":
                i += 2
                continue
            problems.append("ESC %r" % chr(c))
            i += 2
            continue
        if b < 0x20 or b == 0x7F:
            # SI (0x0f) ends ncurses' sgr0 for tmux-256color; SO, which
            # would switch to line drawing, is refused.
            if b not in (0x0D, 0x0A, 0x08, 0x09, 0x0F):
                problems.append("C0 control 0x%02x" % b)
            i += 1
            continue
        if b < 0x80:
            i += 1
            continue
        # UTF-8: must be well-formed and not a C1 or bidi control.
        if 0xC2 <= b <= 0xDF:
            ln = 2
        elif 0xE0 <= b <= 0xEF:
            ln = 3
        elif 0xF0 <= b <= 0xF4:
            ln = 4
        else:
            problems.append("raw byte 0x%02x" % b)
            i += 1
            continue
        try:
            cp = ord(data[i:i + ln].decode("utf-8"))
        except (UnicodeDecodeError, TypeError):
            problems.append("ill-formed UTF-8 at %d" % i)
            i += 1
            continue
        if 0x80 <= cp <= 0x9F:
            problems.append("C1 control U+%04X" % cp)
        elif cp in BIDI or 0xE0000 <= cp <= 0xE007F:
            problems.append("control U+%04X" % cp)
        i += ln
    if queries > 1:
        problems.append("%d cursor-position queries" % queries)
    return problems


def main():
    with open(sys.argv[1], "rb") as f:
        data = f.read()
    problems = audit(data)
    for p in sorted(set(problems))[:20]:
        print("audit: " + p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
