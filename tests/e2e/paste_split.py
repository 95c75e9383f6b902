# paste_split.py JUAN FILE PATTERN: juan on a pty of its own; once the
# first screen is drawn, / and PATTERN arrive as a paste whose last
# character is cut between two writes 20 ms apart (as a terminal's read
# may cut it), then Enter, then q. The search history that juan saves
# shows what the prompt read. Exits 1 if juan does not end within 10 s.
import os, sys, time
sys.dont_write_bytecode = True
import ptyjuan
juan, path, pattern = sys.argv[1], sys.argv[2], sys.argv[3].encode()
pid, fd = ptyjuan.spawn([juan, "--no-resume", path])
ptyjuan.drain(fd, 10, b"\x1b[")    # the first screen
os.write(fd, b"/")
ptyjuan.drain(fd, 0.3)
os.write(fd, pattern[:-2])         # the last character without its tail
time.sleep(0.02)
os.write(fd, pattern[-2:] + b"\r")
ptyjuan.drain(fd, 1)
os.write(fd, b"q")
sys.exit(0 if ptyjuan.wait_exit(pid, 10, fd) is not None else 1)
