"""Per-task cost of orbit.dask.sweep on this machine, and the projection of a
large sweep from it (docs/CLUSTER.md).

    ORBIT_BINARY=build/bin/orbit .venv/bin/python bench/cluster_sweep.py \
        [--instruments ES,NQ,CL] [--years 2015-2024] [--blocks 8,64] [--repeat 2] [--malloc-trim-threshold N]

Bars: the hive folder of bench/cluster_scaling.py (`orbit gen`, cached in
build/bench-cluster). Grid: stop_cap 1:4.75:0.25 x t1 0.5,0.65 x be_offset 0,1
(64 combinations, each instrument's own target). Measures, best of --repeat:
  - orbit.sweep in this process, threads=1, over every instrument (the single
    run; every Dask result is checked byte-identical to it, as CSV), and over
    the first instrument with 1 and 64 combinations (its fixed cost: read and
    prepare; and the cost of one combination);
  - orbit.dask.sweep on LocalCluster(n_workers=1|2, threads_per_worker=1,
    processes=True) for each block size;
  - from the task stream (1 worker), the mean compute of a task for each block
    size; minus its combinations (at the in-process cost of one), the fixed
    cost of a task on a worker (read + prepare one instrument, the Python
    call, the result file);
  - Dask's own overhead per task (400 no-op tasks through 2 workers);
  - the load average before and after (2 shared cores: read ratios, not times).
Then projects 100 instruments x 20 years x 10,000 combinations on N workers.
Prints one JSON object.
"""
from __future__ import annotations

import argparse
import io
import itertools
import json
import math
import os
import time

import distributed
import pyarrow.csv as pacsv

import orbit
import orbit.dask
from cluster_scaling import AS_OF, bench_data, best, task_overhead_ms

GRID = dict(stop_cap="1:4.75:0.25", t1="0.5,0.65", be_offset="0,1")
COMBOS = 16 * 2 * 2
_runs = itertools.count()


def fresh_as_of() -> str:
    """AS_OF plus a new second each call: the same results (every bar is
    older), but new task keys, so Dask never hands back a result it still
    holds from the previous repetition."""
    n = next(_runs)
    return f"{AS_OF[:13]}:{n // 60 % 60:02d}:{n % 60:02d}Z"


def csv_bytes(table) -> bytes:
    sink = io.BytesIO()
    pacsv.write_csv(table, sink)
    return sink.getvalue()


def task_seconds(client, run) -> list[float]:
    """Compute time of every orbit.dask.sweep task that `run()` submits."""
    with distributed.get_task_stream(client) as ts:
        run()
    return [sum(s["stop"] - s["start"] for s in t["startstops"] if s["action"] == "compute")
            for t in ts.data if "orbit-sweep" in str(t["key"])]


def project(per_combo_year: float, fixed_year: float, overhead: float, block: int, workers: int) -> dict:
    """100 instruments x 20 years x 10,000 combinations in blocks of `block`:
    each task sweeps `block` combinations of one instrument's 20 years after
    reading and preparing them once; the scheduler adds `overhead` per task."""
    instruments, years, combos = 100, 20, 10_000
    tasks = instruments * math.ceil(combos / block)
    task = block * years * per_combo_year + years * fixed_year
    cpu = instruments * combos * years * per_combo_year + tasks * years * fixed_year
    wall = math.ceil(tasks / workers) * task + tasks * overhead
    return {"block": block, "workers": workers, "tasks": tasks, "task_s": round(task, 2),
            "cpu_hours": round(cpu / 3600, 1), "wall_s": round(wall)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--instruments", default="ES,NQ,CL")
    ap.add_argument("--years", default="2015-2024")
    ap.add_argument("--blocks", default="8,64")
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--malloc-trim-threshold", type=int, default=None,
                    help="MALLOC_TRIM_THRESHOLD_ of the worker processes (Dask's nanny sets 65536)")
    args = ap.parse_args()
    if args.malloc_trim_threshold is not None:
        import dask

        dask.config.set({"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": args.malloc_trim_threshold})
    symbols = args.instruments.split(",")
    first, last = (int(y) for y in args.years.split("-"))
    years = last - first + 1
    blocks = [int(b) for b in args.blocks.split(",")]
    data = str(bench_data(symbols, first, last))
    result = {"instruments": symbols, "years": years, "combinations": COMBOS, "cpus": os.cpu_count(),
              "malloc_trim_threshold": args.malloc_trim_threshold or "65536 (Dask's default)",
              "load_average_before": os.getloadavg()}

    def single():
        return orbit.sweep(data, instrument=",".join(symbols), as_of=AS_OF, threads=1, **GRID)

    expected = csv_bytes(single())
    result["single_sweep_threads1_s"] = best(single, args.repeat)
    one = {c: best(lambda c=c: orbit.sweep(data, instrument=symbols[0], as_of=AS_OF, threads=1,
                                           **(GRID if c == COMBOS else dict(stop_cap="1"))), args.repeat)
           for c in (1, COMBOS)}
    in_process_combo = (one[COMBOS] - one[1]) / (COMBOS - 1)
    result["in_process_per_combination_per_instrument_year_ms"] = in_process_combo / years * 1000
    result["in_process_fixed_cost_s"] = one[1] - in_process_combo
    for workers in (1, 2):
        with distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                                      dashboard_address=None) as lc, distributed.Client(lc) as client:
            for block in blocks:
                def run(block=block):
                    return orbit.dask.sweep(data, instruments=symbols, client=client, block=block,
                                            as_of=fresh_as_of(), **GRID)

                assert csv_bytes(run()) == expected  # warm-up, and the equality check
                result[f"dask_{workers}w_block{block}_s"] = best(run, args.repeat)
                if workers == 1:
                    spans = task_seconds(client, run)
                    result[f"task_block{block}_mean_s"] = sum(spans) / len(spans)
                    result[f"tasks_block{block}"] = len(spans)
            if workers == 2:
                result["noop_task_overhead_ms_2w"] = task_overhead_ms(client)
    for block in blocks:
        result[f"speedup_2w_over_1w_block{block}"] = (result[f"dask_1w_block{block}_s"]
                                                      / result[f"dask_2w_block{block}_s"])
    # A combination costs the same on a worker (the same C++ loop); the fixed
    # cost of a task on a worker is its mean compute minus its combinations.
    per_combo = in_process_combo
    small = min(blocks)
    fixed = result[f"task_block{small}_mean_s"] - small * per_combo
    result["worker_fixed_task_cost_s"] = fixed
    result["worker_fixed_task_cost_per_instrument_year_s"] = fixed / years
    result["fixed_cost_in_combinations"] = fixed / per_combo
    result["load_average_after"] = os.getloadavg()
    overhead = result["noop_task_overhead_ms_2w"] / 1000
    result["projection_100x20x10000"] = [
        project(per_combo / years, fixed / years, overhead, block, n)
        for block in (256, 1000) for n in (1, 10, 100, 500, 1000)]
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
