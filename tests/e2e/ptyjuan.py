# ptyjuan: juan on a pty of its own, for the e2e scripts that need the
# terminal itself (a hang-up, input cut between two writes) rather than
# tmux's keys.
import os, pty, select, signal, time

def spawn(argv, block_hup=False):
    """Start argv on a new pty (TERM=xterm); returns (pid, master fd).
    With block_hup, SIGHUP is blocked, as for a process its shell does not
    pass the signal on to."""
    pid, fd = pty.fork()
    if pid == 0:
        if block_hup:
            signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGHUP])
        os.environ["TERM"] = "xterm"
        os.execv(argv[0], argv)
    return pid, fd

def drain(fd, seconds, until=None):
    """Read what the program writes for up to seconds, or until the bytes
    until have come; returns what was read."""
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

def wait_exit(pid, seconds, fd=None):
    """The program's exit status once it ends within seconds (reading its
    output meanwhile when fd is given, so that it never blocks on a full
    pty), else None: it is killed."""
    end = time.time() + seconds
    while time.time() < end:
        if fd is None:
            time.sleep(0.05)
        else:
            drain(fd, 0.05)
        p, st = os.waitpid(pid, os.WNOHANG)
        if p == pid:
            return os.waitstatus_to_exitcode(st)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    return None
