# hangup.py JUAN FILE SECONDS: juan on a terminal of its own (a pty) with
# SIGHUP blocked, as under a shell that does not pass it on; once the first
# screen is drawn, 3j, then the terminal hangs up (its master closed).
# Prints "exited STATUS" when juan ends within SECONDS, else "still
# running" (it is killed) and exits 1.
import os, pty, signal, sys, time, select
juan, path, wait = sys.argv[1], sys.argv[2], float(sys.argv[3])
pid, fd = pty.fork()
if pid == 0:
    # SIGHUP blocked, as for a process its shell does not pass it on to
    signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGHUP])
    os.environ["TERM"] = "xterm"
    os.execv(juan, [juan, path])
# wait for the first screen
buf = b""
end = time.time() + 10
while time.time() < end and b"\x1b[" not in buf:
    r, _, _ = select.select([fd], [], [], 0.2)
    if r:
        try:
            buf += os.read(fd, 65536)
        except OSError:
            break
os.write(fd, b"3j")
time.sleep(0.5)
os.close(fd)                       # the terminal hangs up
end = time.time() + wait
while time.time() < end:
    p, st = os.waitpid(pid, os.WNOHANG)
    if p == pid:
        print("exited", os.waitstatus_to_exitcode(st))
        sys.exit(0)
    time.sleep(0.05)
os.kill(pid, signal.SIGKILL)
os.waitpid(pid, 0)
print("still running")
sys.exit(1)
