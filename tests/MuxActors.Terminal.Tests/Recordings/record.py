#!/usr/bin/env python3
"""Records what a program writes to an 80x24 terminal (TERM=xterm) while keys are typed into it.

Usage: record.py OUTPUT -- COMMAND [ARGS...] < KEYS
KEYS is one step per line: a Python string literal of the bytes to type, sent once the
program has been quiet for a moment (0.4 s, at most 2 s); a line "wait" only waits. The output is written
raw (every byte the program wrote to the pty). Used once to make the .bin files here; the tests
only read them.
"""
import ast, fcntl, os, pty, select, struct, sys, termios, time

def main():
    out, cmd = sys.argv[1], sys.argv[sys.argv.index('--') + 1:]
    steps = [line.rstrip('\n') for line in sys.stdin if line.strip()]
    pid, fd = pty.fork()
    if pid == 0:
        os.environ.update(TERM='xterm', LANG='C.UTF-8', LC_ALL='C.UTF-8', COLUMNS='80', LINES='24')
        os.execvp(cmd[0], cmd)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack('HHHH', 24, 80, 0, 0))
    data = bytearray()

    def drain(quiet, longest=2.0):
        # Until the program has been quiet for `quiet` seconds, or `longest` passed (top never is).
        start = last = time.monotonic()
        while time.monotonic() - last < quiet and time.monotonic() - start < longest:
            ready, _, _ = select.select([fd], [], [], 0.05)
            if ready:
                try:
                    chunk = os.read(fd, 65536)
                except OSError:
                    return False
                if not chunk:
                    return False
                data.extend(chunk)
                last = time.monotonic()
        return True

    alive = drain(0.8)
    for step in steps:
        if not alive:
            break
        if step != 'wait':
            os.write(fd, ast.literal_eval(step).encode() if not step.startswith('b') else ast.literal_eval(step))
        alive = drain(0.4)
    if alive:
        drain(1.0)
    try:
        os.kill(pid, 9)
    except ProcessLookupError:
        pass
    os.waitpid(pid, 0)
    with open(out, 'wb') as f:
        f.write(data)
    print(f'{out}: {len(data)} bytes')

main()
