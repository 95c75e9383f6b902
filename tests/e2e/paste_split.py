# paste_split.py JUAN FILE PATTERN: juan on a pty of its own; once the
# first screen is drawn, / and PATTERN arrive as a paste whose last
# character is cut between two writes 20 ms apart (as a terminal's read
# may cut it), then Enter, then q. The search history that juan saves
# shows what the prompt read. Exits 1 if juan does not end within 10 s.
import os, pty, signal, sys, time, select
juan, path, pattern = sys.argv[1], sys.argv[2], sys.argv[3].encode()
pid, fd = pty.fork()
if pid == 0:
    os.environ["TERM"] = "xterm"
    os.execv(juan, [juan, "--no-resume", path])

def drain(seconds, until=None):
    buf = b""
    end = time.time() + seconds
    while time.time() < end and (until is None or until not in buf):
        r, _, _ = select.select([fd], [], [], 0.05)
        if r:
            try:
                buf += os.read(fd, 65536)
            except OSError:
                break
    return buf

drain(10, b"\x1b[")                # the first screen
os.write(fd, b"/")
drain(0.3)
os.write(fd, pattern[:-2])         # the last character without its tail
time.sleep(0.02)
os.write(fd, pattern[-2:] + b"\r")
drain(1)
os.write(fd, b"q")
end = time.time() + 10
while time.time() < end:
    drain(0.05)
    p, st = os.waitpid(pid, os.WNOHANG)
    if p == pid:
        sys.exit(0)
os.kill(pid, signal.SIGKILL)
os.waitpid(pid, 0)
sys.exit(1)
