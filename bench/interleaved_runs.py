#!/usr/bin/env python3
"""Times `orbit run` builds against each other, interleaved run by run.

    python3 bench/interleaved_runs.py RUNS THREADS BARS.csv ORBIT_BINARY [ORBIT_BINARY ...]

The VM's speed drifts from minute to minute, so each round runs every binary
once, in turn, and the best and median over RUNS rounds are compared. Prints,
per binary: wall time (as the parent sees it, start to exit), the scan and
total phases from --stats-json, and the process CPU time; then checks that all
result files are identical. Used for docs/PERFORMANCE.md ("Scan speed and end
to end").
"""
import filecmp
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time


def main():
    if len(sys.argv) < 5:
        raise SystemExit(__doc__)
    runs, threads, bars, binaries = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4:]
    with tempfile.TemporaryDirectory(prefix="orbit_ab_") as work:
        return compare(runs, threads, bars, binaries, work)


def compare(runs, threads, bars, binaries, work):
    results = {b: [] for b in binaries}
    for _ in range(runs):
        for i, b in enumerate(binaries):
            out, stats = os.path.join(work, f"r{i}.csv"), os.path.join(work, "s.json")
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            subprocess.run([b, "run", "--bars", bars, "--instrument", "ES", "--as-of", "2025-06-01",
                            "--threads", threads, "--quiet", "--out", out, "--stats-json", stats],
                           check=True, stderr=subprocess.DEVNULL)
            wall = time.perf_counter() - start
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
            with open(stats) as f:
                seconds = json.load(f)["seconds"]
            results[b].append((wall, seconds["scan"], seconds["total"], cpu))
    ms = lambda values, pick: pick(values) * 1e3  # noqa: E731
    for b, r in results.items():
        cols = list(zip(*r))
        print(f"{b}  threads {threads}: wall best {ms(cols[0], min):.1f} median {ms(cols[0], statistics.median):.1f}"
              f" | scan best {ms(cols[1], min):.1f} median {ms(cols[1], statistics.median):.1f}"
              f" | total best {ms(cols[2], min):.1f} | cpu median {ms(cols[3], statistics.median):.1f} ms")
    first = os.path.join(work, "r0.csv")
    same = all(filecmp.cmp(first, os.path.join(work, f"r{i}.csv"), shallow=False) for i in range(len(binaries)))
    print("results identical" if same else "RESULTS DIFFER")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
