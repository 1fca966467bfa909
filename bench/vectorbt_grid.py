"""1,000 fixed target/stop exits through vectorbt on Orbit's generated bars.

    bench/.venv-vectorbt/bin/python bench/vectorbt_grid.py ES_1y.parquet

Entries: a long at the first bar at or after each slot end (07:30, 08:00,
09:00, 09:30, 10:00, 10:30, 11:00 Chicago) of every day, so the entry count
is of Orbit's order. Exits: vectorbt's fixed take-profit / stop-loss (as
fractions of the entry price) over a grid of 10 targets x 100 stop distances
(vectorbt has no break-even trigger, so the third Orbit axis becomes more stop
distances). Semantics differ from Orbit's (no opening range, no BE, no expiry):
compare speed, not results. Prints wall time (best of 2, after a warm-up run
that compiles numba) and effective bar evaluations per second.
"""
import sys
import time

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import vectorbt as vbt

bars = pq.read_table(sys.argv[1], columns=["timestamp", "open", "high", "low", "close"]).to_pandas()
bars = bars.set_index("timestamp").tz_convert("America/Chicago")
close = bars["close"]
hhmm = bars.index.hour * 100 + bars.index.minute
entries = pd.Series(np.isin(hhmm, [730, 800, 900, 930, 1000, 1030, 1100]), index=bars.index)
price = float(close.iloc[0])
targets = np.arange(5.0, 15.0, 1.0)          # points, as Orbit's --target 5:14:1
stops = np.linspace(0.5, 5.0, 100) * 10.0    # points: stop caps x the base target
tp = np.repeat(targets / price, len(stops))
sl = np.tile(stops / price, len(targets))


CHUNK = 50  # columns per call: vectorbt broadcasts every input to (bars, columns)


def run(columns=slice(None)):
    """All combinations in chunks of CHUNK columns; returns the total returns."""
    out = []
    idx = np.arange(len(tp))[columns]
    for k in range(0, len(idx), CHUNK):
        cols = idx[k:k + CHUNK]
        pf = vbt.Portfolio.from_signals(close, entries=entries, exits=False, high=bars["high"], low=bars["low"],
                                        open=bars["open"], tp_stop=tp[None, cols], sl_stop=sl[None, cols],
                                        freq="1min")
        out.append(pf.total_return())
    return out


run(slice(0, 2))  # numba compilation
best = float("inf")
for _ in range(2):
    t = time.perf_counter()
    run()
    best = min(best, time.perf_counter() - t)
combos = len(tp)
print(f"vectorbt {vbt.__version__}: {combos} combinations x {len(close)} bars: {best:.2f} s, "
      f"{combos * len(close) / best:.3g} bar evaluations/s, {int(entries.sum())} entry signals")
