"""A year of 1-minute bars from pandas costs about what the CLI costs on the same
file, and the engine runs without the GIL."""
from __future__ import annotations

import subprocess
import sys
import threading
import time

import pandas as pd
import pyarrow as pa

import orbit

AS_OF = "2025-06-01"


def _best_of(n, fn):
    best = float("inf")
    for _ in range(n):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def test_one_year_from_pandas_within_2x_of_cli(es_year_parquet, orbit_binary, tmp_path):
    out = tmp_path / "cli.parquet"
    cli_cmd = [orbit_binary, "run", "--bars", str(es_year_parquet), "--instrument", "ES", "--as-of", AS_OF,
               "--out", str(out), "--quiet"]
    rp = orbit.RunParams("ES")
    bars = pd.read_parquet(es_year_parquet)
    assert len(bars) > 300_000
    # Interleaved, best of 7 each: the machine's load hits both sides alike.
    cli = in_memory = with_read = float("inf")
    for _ in range(7):
        cli = min(cli, _best_of(1, lambda: subprocess.run(cli_cmd, check=True)))
        in_memory = min(in_memory, _best_of(1, lambda: orbit.run_strategy(bars, rp, as_of=AS_OF)))
        with_read = min(with_read, _best_of(1, lambda: orbit.run_strategy(pd.read_parquet(es_year_parquet), rp,
                                                                           as_of=AS_OF)))
    print(f"\n1 year ES ({len(bars)} bars): CLI {cli * 1e3:.1f} ms (process, read, analyze, write); "
          f"run_strategy on a loaded DataFrame {in_memory * 1e3:.1f} ms; read_parquet + run_strategy "
          f"{with_read * 1e3:.1f} ms")
    # The bound of the issue: a run from pandas (frame in memory) within ~2x of the CLI run.
    # read_parquet's own cost (building 350k Python strings) is reported, not bounded.
    assert in_memory <= 2.0 * cli, (in_memory, cli)


def test_engine_releases_the_gil(es_year_parquet):
    table = pa.Table.from_pandas(pd.read_parquet(es_year_parquet), preserve_index=False)
    rp = orbit.RunParams("ES")
    calls = []
    stop = threading.Event()

    def worker():
        for _ in range(5):
            start = time.perf_counter()
            orbit.run(table, rp, as_of=AS_OF, threads=1)
            calls.append((start, time.perf_counter()))
        stop.set()

    old = sys.getswitchinterval()
    sys.setswitchinterval(0.0005)
    try:
        ticks = []
        thread = threading.Thread(target=worker)
        thread.start()
        while not stop.is_set():
            ticks.append(time.perf_counter())
        thread.join()
    finally:
        sys.setswitchinterval(old)
    # While the worker was inside orbit.run (mostly C++), this thread kept running.
    inside = sum(1 for t in ticks for start, end in calls if start < t < end)
    assert inside > 100 * len(calls), (inside, [round((e - s) * 1e3, 1) for s, e in calls])
