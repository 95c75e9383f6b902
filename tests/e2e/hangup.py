# hangup.py JUAN FILE SECONDS: juan on a terminal of its own (a pty) with
# SIGHUP blocked, as under a shell that does not pass it on; once the first
# screen is drawn, 3j, then the terminal hangs up (its master closed).
# Prints "exited STATUS" when juan ends within SECONDS, else "still
# running" (it is killed) and exits 1.
import os, sys, time
sys.dont_write_bytecode = True
import ptyjuan
juan, path, wait = sys.argv[1], sys.argv[2], float(sys.argv[3])
pid, fd = ptyjuan.spawn([juan, path], block_hup=True)
ptyjuan.drain(fd, 10, b"\x1b[")    # the first screen
os.write(fd, b"3j")
time.sleep(0.5)
os.close(fd)                       # the terminal hangs up
status = ptyjuan.wait_exit(pid, wait)
if status is None:
    print("still running")
    sys.exit(1)
print("exited", status)
