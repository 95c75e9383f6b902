#!/usr/bin/env python3
"""Time from `q` to the end of the process while the background scan runs.

quit_time.py [-r ROUNDS] [-w REGEX] PROGRAM ARG...

Runs PROGRAM in a private tmux server (80x24), waits until its status line
says "scanning N%" with N > 0 (the scan is under way; -w: until a row
matches REGEX instead, for a reference run), sends `q` and polls
the process every millisecond until it has exited (gone, or a zombie).
Prints one line "quit_ms=MEDIAN max_ms=MAX seen=HITS/ROUNDS": HITS are the
rounds where the scan (or REGEX) was seen before q (a round whose scan
ended first is still timed, it is just not the case asked about). Exit
status 1 when a round did not end within 10 s.
"""
import os
import re
import subprocess
import sys
import time

SOCK = "juan-quit-%d" % os.getpid()


def tmux(*args):
    return subprocess.run(["tmux", "-L", SOCK, "-f", "/dev/null"] + list(args),
                          capture_output=True, text=True).stdout


def alive(pid):
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def one(argv, ready):
    cmd = "exec " + " ".join("'%s'" % a.replace("'", "'\\''") for a in argv)
    tmux("new-session", "-d", "-x", "80", "-y", "24", "-e", "LANG=C.UTF-8",
         "-e", "LC_ALL=C.UTF-8", "-e", "TERM=tmux-256color", cmd)
    tmux("set-option", "-g", "status", "off")
    tmux("set-option", "-g", "remain-on-exit", "on")
    pid = int(tmux("display", "-p", "-t", "0", "#{pane_pid}").strip() or 0)
    seen = False
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and alive(pid):
        if ready.search(tmux("capture-pane", "-p", "-t", "0")):
            seen = True
            break
        time.sleep(0.01)
    t0 = time.monotonic()
    tmux("send-keys", "-t", "0", "q")
    ms = None
    while time.monotonic() < t0 + 10:
        if not alive(pid):
            ms = (time.monotonic() - t0) * 1000
            break
        time.sleep(0.001)
    tmux("kill-server")
    return ms, seen


def main():
    args = sys.argv[1:]
    rounds = 5
    ready = re.compile(r"scanning [1-9][0-9]?%")
    while len(args) >= 2 and args[0] in ("-r", "-w"):
        if args[0] == "-r":
            rounds = int(args[1])
        else:
            ready = re.compile(args[1])
        args = args[2:]
    times, hits, failed = [], 0, False
    for _ in range(rounds):
        ms, seen = one(args, ready)
        hits += seen
        failed |= ms is None
        times.append(10000.0 if ms is None else ms)
    times.sort()
    print("quit_ms=%.1f max_ms=%.1f seen=%d/%d" %
          (times[(len(times) - 1) // 2], times[-1], hits, rounds))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
