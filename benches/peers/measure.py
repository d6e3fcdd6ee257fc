"""Runs a command and reports its wall time and peak resident memory.

Memory is sampled every 20 ms as the sum of the proportional set size (PSS) of the command and all its descendants,
plus (with --with NAME) every process whose name is NAME, such as a database server the command
talks to. Prints one JSON line: {"wall_s": ..., "peak_rss_mb": ..., "exit": ...}.

    python3 measure.py [--with postgres] -- command args...
"""
import json
import os
import subprocess
import sys
import threading
import time


def rss_kb(pid):
    # Proportional set size: shared pages (a database's shared buffers) are split between the
    # processes that map them instead of being counted in each.
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def children(pid):
    out = []
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{tid}/children") as fh:
                out += [int(c) for c in fh.read().split()]
    except OSError:
        pass
    return out


def named(name):
    pids = []
    for p in os.listdir("/proc"):
        if p.isdigit():
            try:
                with open(f"/proc/{p}/comm") as fh:
                    if fh.read().strip() == name:
                        pids.append(int(p))
            except OSError:
                pass
    return pids


def main():
    args = sys.argv[1:]
    extra = None
    if args[:1] == ["--with"]:
        extra, args = args[1], args[2:]
    if args[:1] == ["--"]:
        args = args[1:]
    peak = 0
    start = time.monotonic()
    proc = subprocess.Popen(args)
    done = threading.Event()

    def sample():
        nonlocal peak
        while not done.is_set():
            tree, todo = set(), [proc.pid]
            while todo:
                p = todo.pop()
                if p not in tree:
                    tree.add(p)
                    todo += children(p)
            if extra:
                tree |= set(named(extra))
            peak = max(peak, sum(rss_kb(p) for p in tree))
            time.sleep(0.02)

    t = threading.Thread(target=sample, daemon=True)
    t.start()
    code = proc.wait()
    wall = time.monotonic() - start
    done.set()
    t.join()
    print(json.dumps({"wall_s": round(wall, 3), "peak_rss_mb": round(peak / 1024, 1), "exit": code}))
    sys.exit(code)


if __name__ == "__main__":
    main()
