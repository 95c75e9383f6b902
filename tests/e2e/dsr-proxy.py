#!/usr/bin/env python3
"""dsr-proxy.py ANSWER LOG -- PROGRAM [ARG...]

Runs PROGRAM on a pty of the same size and passes bytes both ways, except
that a cursor position request (ESC [ 6 n) from PROGRAM is answered here, as
a terminal that draws U+201C in ANSWER cells would answer it after the probe
(column ANSWER + 1), or not at all with ANSWER "none". Each request seen is
logged to LOG. This is how the end-to-end tests put juan in front of a
terminal whose ambiguous-width setting differs from tmux's.
"""
import fcntl
import os
import pty
import select
import sys
import termios
import tty


def main():
    answer, log = sys.argv[1], sys.argv[2]
    prog = sys.argv[sys.argv.index("--") + 1:]
    size = fcntl.ioctl(0, termios.TIOCGWINSZ, b"\0" * 8)
    pid, fd = pty.fork()
    if pid == 0:
        os.execvp(prog[0], prog)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, size)
    old = termios.tcgetattr(0)
    tty.setraw(0)
    tail = b""
    try:
        while True:
            r, _, _ = select.select([0, fd], [], [])
            if 0 in r:
                os.write(fd, os.read(0, 1024))
            if fd in r:
                try:
                    data = os.read(fd, 65536)
                except OSError:
                    break
                if not data:
                    break
                data = tail + data
                tail = b""
                while b"\x1b[6n" in data:
                    before, data = data.split(b"\x1b[6n", 1)
                    os.write(1, before)
                    with open(log, "a") as f:
                        f.write("request\n")
                    if answer != "none":
                        os.write(fd, b"\x1b[1;%dR" % (int(answer) + 1))
                # keep a partial request for the next read
                for k in range(3, 0, -1):
                    if data.endswith(b"\x1b[6n"[:k]):
                        tail, data = data[-k:], data[:-k]
                        break
                os.write(1, data)
    finally:
        termios.tcsetattr(0, termios.TCSAFLUSH, old)
    _, status = os.waitpid(pid, 0)
    sys.exit(os.waitstatus_to_exitcode(status) & 0xFF)


main()
