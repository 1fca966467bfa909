"""Quickstart: read 1-minute bars from Parquet with pandas, run Orbit, print a summary.

    scripts/setup.sh    # builds the engine and makes `import orbit` work in .venv
    build/bin/orbit gen --instrument ES --start 2024-01-01 --end 2024-12-31 --out es_2024.parquet
    .venv/bin/python examples/quickstart.py es_2024.parquet --instrument ES

The frame needs the reference schema: timestamp (tz-aware; naive = --input-tz
wall clock), open, high, low, close and instrument (added here when absent).
"""
from __future__ import annotations

import argparse
import sys
import time

import pandas as pd

import orbit


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("parquet", help="Parquet file (or folder) of 1-minute bars")
    parser.add_argument("--instrument", default="ES")
    parser.add_argument("--as-of", default=None, help="instant deciding OPEN vs TIME (default: now)")
    parser.add_argument("--input-tz", default="America/Chicago", help="zone of naive timestamps")
    parser.add_argument("--fix", action="append", default=[], help="corrected behaviour, e.g. KI-01 (repeatable)")
    args = parser.parse_args()

    bars = pd.read_parquet(args.parquet)
    if "instrument" not in bars.columns:
        bars["instrument"] = args.instrument
    params = orbit.RunParams(args.instrument)

    start = time.perf_counter()
    try:
        result = orbit.run_strategy(bars, params, as_of=args.as_of, input_tz=args.input_tz, fixes=args.fix)
    except ValueError as e:  # orbit.UsageError / orbit.BadInputError carry the CLI's messages
        print(f"orbit: {e}", file=sys.stderr)
        return 1
    elapsed = time.perf_counter() - start

    counts = result["Result"].value_counts()
    decided = sum(int(counts.get(k, 0)) for k in ("Win", "BE", "Loss"))
    win_rate = 100.0 * int(counts.get("Win", 0)) / decided if decided else 0.0
    print(f"{args.instrument}: {len(bars):,} bars -> {len(result):,} rows in {elapsed * 1e3:.1f} ms")
    if len(result):
        print(f"dates {result['Date'].iloc[0]} .. {result['Date'].iloc[-1]}, "
              f"{result['Date'].nunique()} trading days")
    print("results: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    print(f"win rate {win_rate:.1f}%, total profit {result['Profit'].sum():.2f} points")
    if len(result):
        by_slot = result.groupby(["Session", "Time"])["Profit"].agg(["count", "sum"]).round(2)
        print("\nprofit by slot:")
        print(by_slot.to_string())
        print("\nfirst rows:")
        print(result.head(5).to_string(index=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
