"""Scaling of orbit.dask.scan on this machine (docs/CLUSTER.md).

    .venv/bin/python bench/cluster_scaling.py [--instruments ES,NQ,CL] [--years 2015-2024] [--repeat 3]

Generates bars with `orbit gen` ($ORBIT_BINARY or build/bin/orbit; hive
folder, cached in build/bench-cluster),
then measures, best of --repeat:
  - orbit.scan in this process, threads=1 (the single-run baseline);
  - orbit.dask.scan on LocalCluster(n_workers=1|2, threads_per_worker=1,
    processes=True) with year and month spans;
  - the scheduler's per-task overhead (a no-op task, 400 times, 2 workers);
  - the mean cost of one (instrument, year) task from the task stream.
Prints one JSON object.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import time
from pathlib import Path

import distributed

import orbit
import orbit.dask

ROOT = Path(__file__).resolve().parents[1]
AS_OF = "2025-06-01T00:00:00Z"


def noop(x):
    return x


def task_overhead_ms(client, n: int = 400) -> float:
    """Dask's own cost per task: n no-op tasks after a warm-up, wall time per task in ms."""
    client.gather(client.map(noop, range(20), pure=False))
    t0 = time.perf_counter()
    client.gather(client.map(noop, range(n), pure=False))
    return (time.perf_counter() - t0) / n * 1000


def orbit_binary() -> str:
    """The CLI that generates the bars: $ORBIT_BINARY, else build/bin/orbit."""
    return os.environ.get("ORBIT_BINARY") or str(ROOT / "build" / "bin" / "orbit")


def bench_data(symbols: list[str], first: int, last: int) -> Path:
    """A hive folder of `orbit gen` bars (instrument=XX/bars.parquet, seeds 1..n),
    generated once and cached in build/bench-cluster."""
    data = ROOT / "build" / "bench-cluster" / f"{'_'.join(symbols)}_{first}_{last}"
    for seed, s in enumerate(symbols, start=1):
        out = data / f"instrument={s}" / "bars.parquet"
        if not out.exists():
            out.parent.mkdir(parents=True, exist_ok=True)
            subprocess.run([orbit_binary(), "gen", "--instrument", s, "--start", f"{first}-01-01", "--end",
                            f"{last}-12-31", "--seed", str(seed), "--out", str(out)], check=True)
    return data


def best(fn, repeat):
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--instruments", default="ES,NQ,CL")
    ap.add_argument("--years", default="2015-2024")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    symbols = args.instruments.split(",")
    first, last = (int(y) for y in args.years.split("-"))
    data = bench_data(symbols, first, last)
    result = {"instruments": symbols, "years": last - first + 1, "cpus": os.cpu_count()}
    expected = orbit.scan(str(data), symbols, as_of=AS_OF, as_arrow=True, threads=1)
    result["rows"] = expected.num_rows
    result["single_run_threads1_s"] = best(
        lambda: orbit.scan(str(data), symbols, as_of=AS_OF, as_arrow=True, threads=1), args.repeat)
    for workers in (1, 2):
        with distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                                      dashboard_address=None) as lc, distributed.Client(lc) as client:
            for partition in ("year", "month"):
                table = orbit.dask.scan(str(data), instruments=symbols, client=client, partition=partition,
                                        as_of=AS_OF)  # warm-up, and the equality check
                assert table.equals(expected)
                result[f"dask_{workers}w_{partition}_s"] = best(
                    lambda: orbit.dask.scan(str(data), instruments=symbols, client=client, partition=partition,
                                            as_of=AS_OF), args.repeat)
            if workers == 1:
                with distributed.get_task_stream(client) as ts:
                    orbit.dask.scan(str(data), instruments=symbols, client=client, partition="year", as_of=AS_OF)
                spans = [sum(s["stop"] - s["start"] for s in t["startstops"] if s["action"] == "compute")
                         for t in ts.data if str(t["key"]).startswith("('orbit-scan") or "orbit-scan" in str(t["key"])]
                result["task_instrument_year_mean_s"] = sum(spans) / len(spans)
                result["tasks_year"] = len(spans)
            if workers == 2:
                result["noop_task_overhead_ms_2w"] = task_overhead_ms(client)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
