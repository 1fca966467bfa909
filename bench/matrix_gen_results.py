#!/usr/bin/env python3
"""Synthetic `orbit run` result tables for the selection benchmark: 7 instruments (the 14 timetable streams
ES1..RTY2) x N years of weekdays, one row per slot (S1: 07:30 08:00 09:00, S2: 09:30 10:00 10:30 11:00), one
Parquet file per instrument, the analyzer's 17 columns and types (Target int64 except CL/NG float64).

    python bench/matrix_gen_results.py OUT_DIR [--years 20] [--seed 7]
"""
import argparse
import datetime as dt
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

INSTRUMENTS = {"ES": 10, "NQ": 50, "YM": 100, "RTY": 10, "CL": 0.5, "NG": 0.05, "GC": 5}
SLOTS = [("S1", "07:30"), ("S1", "08:00"), ("S1", "09:00"),
         ("S2", "09:30"), ("S2", "10:00"), ("S2", "10:30"), ("S2", "11:00")]
RESULTS = np.array(["Win", "Loss", "BE", "TIME", "NoTrade", "OPEN"])
PROBS = [0.38, 0.27, 0.15, 0.05, 0.14, 0.01]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--years", type=int, default=20)
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(a.seed)
    start = dt.date(2005, 1, 3)
    days = [start + dt.timedelta(d) for d in range(int(a.years * 365.25))]
    days = [d for d in days if d.weekday() < 5]
    total = 0
    for inst, target in INSTRUMENTS.items():
        n = len(days) * len(SLOTS)
        date = np.repeat(np.array(days, dtype="datetime64[D]"), len(SLOTS))
        sess = np.tile([s for s, _ in SLOTS], len(days))
        time = np.tile([t for _, t in SLOTS], len(days))
        result = rng.choice(RESULTS, size=n, p=PROBS)
        rng_pts = np.round(rng.uniform(0.5, 3.0, n) * target * 4) / 4
        traded = result != "NoTrade"
        profit = np.where(result == "Win", target, np.where(result == "Loss", -np.minimum(rng_pts, 3 * target),
                          np.where(result == "TIME", np.round(rng.normal(0, target / 3, n), 2), 0.0)))
        price = 4000.0 + np.cumsum(rng.normal(0, 1, n))
        target_col = (pa.array(np.full(n, target, dtype="float64")) if isinstance(target, float)
                      else pa.array(np.full(n, target, dtype="int64")))
        stamp = [f"{d.astype(object):%d/%m/%y} {t}" for d, t in zip(date, time)]
        table = pa.table({
            "Date": pa.array(date.astype("datetime64[ns]")),
            "Time": time,
            "EntryTime": np.where(traded, stamp, ""),
            "ExitTime": np.where(traded, stamp, ""),
            "EntryPrice": np.where(traded, price, 0.0),
            "ExitPrice": np.where(traded, price + profit, 0.0),
            "StopLoss": np.where(traded, rng_pts, 0.0),
            "Target": target_col,
            "Peak": np.where(traded, np.abs(profit) + 1.0, 0.0),
            "Direction": np.where(traded, np.where(rng.random(n) < 0.5, "Long", "Short"), "NA"),
            "Result": result,
            "Range": rng_pts,
            "Stream": np.char.add(inst, np.char.replace(sess.astype(str), "S", "")),
            "Instrument": np.full(n, inst),
            "Session": sess,
            "Profit": profit,
            "open_as_of_time": np.where(result == "OPEN", "2025-06-01 16:00", ""),
        })
        pq.write_table(table, out / f"{inst}_results.parquet")
        total += n
    print(f"{total} result rows, {len(days)} days, {len(INSTRUMENTS)} files -> {out}")


if __name__ == "__main__":
    main()
