#!/usr/bin/env python3
"""`orbit matrix` versus the pandas port of the spec (bench/matrix_pandas.py) on the same synthetic inputs
(bench/matrix_gen_results.py: 14 streams x N years, one Parquet result file per instrument).

    python bench/matrix_bench.py --orbit build/bin/orbit --work /tmp/mb [--years 20] [--runs 5] [--no-pandas]
        [--floor build/bin/orbit_bench_matrix_io] [--compute build/bin/orbit_bench_matrix_compute]

Reports the best wall time of `orbit matrix` end to end (process start, Parquet in, matrix Parquet out,
statistics, state and one timetable), its own compute time (the "compute" figure it prints), and the pandas
port's wall time for the same work (one run), with the ratio. With --floor, also Arrow's own Parquet read of
the inputs and write of the matrix (the floor under the end-to-end time); with --compute, the computation
in-process over 30 runs (no process start, no I/O).
"""
import argparse
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def timed(cmd):
    """(wall ms, CPU ms of the child: user + sys, stderr) of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, check=True)
    wall = (time.perf_counter() - t0) * 1000
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000
    return wall, cpu, proc.stderr


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--orbit", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--years", type=int, default=20)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--no-pandas", action="store_true")
    ap.add_argument("--floor", help="orbit_bench_matrix_io: Arrow's own read of the inputs and write of the matrix")
    ap.add_argument("--compute", help="orbit_bench_matrix_compute: the computation in-process")
    a = ap.parse_args()
    work = Path(a.work)
    data = work / f"results_{a.years}y"
    if not data.is_dir():
        subprocess.run([sys.executable, HERE / "matrix_gen_results.py", data, "--years", str(a.years)], check=True)
    files = sorted(str(p) for p in data.glob("*.parquet"))
    cmd = [a.orbit, "matrix", "--results", *files, "--out", work / "matrix.parquet", "--stats-json",
           work / "stats.json", "--state-json", work / "state.json", "--timetable", "2030-01-02",
           "--timetable-out", work / "timetable.json"]
    walls, cpus, computes, line = [], [], [], ""
    for _ in range(a.runs):
        wall, cpu, err = timed(cmd)
        walls.append(wall)
        cpus.append(cpu)
        line = err.strip().splitlines()[-1]
        computes.append(float(re.search(r"compute ([\d.]+) ms", line).group(1)))
    print(line)
    print(f"orbit matrix, {a.years} years: end to end wall best {min(walls):.1f} ms (median "
          f"{sorted(walls)[len(walls) // 2]:.1f}), CPU best {min(cpus):.1f} ms, compute (wall) best "
          f"{min(computes):.1f} ms, over {a.runs} runs")
    if a.floor:
        print(subprocess.run([a.floor, work / "matrix.parquet", *files], capture_output=True, text=True,
                             check=True).stdout.strip())
    if a.compute:
        print(subprocess.run([a.compute, "30", *files], capture_output=True, text=True, check=True).stdout.strip())
    if a.no_pandas:
        return
    wall, cpu, err = timed([sys.executable, HERE / "matrix_pandas.py", *files, "--out",
                            work / "matrix_pandas.parquet"])
    print(err.strip().splitlines()[-1])
    print(f"pandas port: wall {wall:.0f} ms, CPU {cpu:.0f} ms; ratio pandas / orbit: wall "
          f"{wall / min(walls):.0f}x, CPU {cpu / min(cpus):.0f}x")


if __name__ == "__main__":
    main()
