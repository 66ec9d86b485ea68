#!/usr/bin/env python3
"""ptyrun.py COLS PROGRAM ARGS... - run PROGRAM on a pseudo-terminal COLS
columns wide (standard output and error both on it) and copy what it
writes to standard output, byte for byte; exits with its exit status.
For the tests of what cabtrack shows on a terminal (tests/test_cli_output.c)."""
import fcntl
import os
import pty
import struct
import sys
import termios


def main():
    cols = int(sys.argv[1])
    pid, fd = pty.fork()
    if pid == 0:
        # The size is set on the child's side before it runs: no race with its first look.
        fcntl.ioctl(1, termios.TIOCSWINSZ, struct.pack("HHHH", 24, cols, 0, 0))
        os.execv(sys.argv[2], sys.argv[2:])
    out = b""
    while True:
        try:
            data = os.read(fd, 65536)
        except OSError:
            break
        if not data:
            break
        out += data
    _, status = os.waitpid(pid, 0)
    sys.stdout.buffer.write(out.replace(b"\r\n", b"\n"))
    sys.exit(os.waitstatus_to_exitcode(status))


if __name__ == "__main__":
    main()
