#!/usr/bin/env bash
# README command 1: set up, build, generate one year of synthetic ES bars and
# run the analyzer on them end to end (all sessions and slots).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
scripts/setup.sh build
mkdir -p examples/out
build/bin/orbit gen --instrument ES --start 2024-01-01 --end 2024-12-31 --seed 7 --out examples/out/ES_2024.parquet
# --as-of inside the last day leaves a trade OPEN, so every result type shows up.
build/bin/orbit run --bars examples/out/ES_2024.parquet --instrument ES --as-of 2024-12-31T06:00 \
  --out examples/out/ES_2024_results.csv --report examples/out/ES_2024_report.html
echo "results: examples/out/ES_2024_results.csv, report: examples/out/ES_2024_report.html"
head -5 examples/out/ES_2024_results.csv
