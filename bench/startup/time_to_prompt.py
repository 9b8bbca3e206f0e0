"""Time from exec to the first prompt, on a real pseudo-terminal.

Usage: python3 time_to_prompt.py RUNS PROMPT -- COMMAND...
Prints the median and best of RUNS launches, in milliseconds, then every launch's time on a
second line (table.sh pools them over alternating rounds). The same script times the
baseline (python3's own REPL) so the ratio is measured under the same machine load.
"""
import os, pty, select, statistics, sys, time

def once(argv, prompt):
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        os.execvp(argv[0], argv)
    seen = b""
    try:
        while prompt not in seen:
            r, _, _ = select.select([fd], [], [], 5)
            if not r:
                raise SystemExit(f"no prompt from {argv}: {seen!r}")
            seen += os.read(fd, 4096)
        elapsed = time.perf_counter() - start
    finally:
        os.write(fd, b"\x04")  # Ctrl-D
        os.waitpid(pid, 0)
    return elapsed * 1000

runs = int(sys.argv[1])
prompt = sys.argv[2].encode()
argv = sys.argv[sys.argv.index("--") + 1:]
times = [once(argv, prompt) for _ in range(runs)]
print(f"{statistics.median(times):.1f} {min(times):.1f}")
print(" ".join(f"{t:.2f}" for t in times))
