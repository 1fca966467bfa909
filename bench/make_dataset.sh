#!/usr/bin/env bash
# Generates the benchmark datasets with `orbit gen` (deterministic):
#   bench/make_dataset.sh OUT_DIR
# OUT_DIR/ES_{1m,1y,5y,20y}.parquet, OUT_DIR/ES_1y.csv and a 20-year,
# 3-instrument hive folder OUT_DIR/multi/instrument=XX/year=YYYY/bars.parquet.
set -euo pipefail
orbit="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/build/bin/orbit"
out="${1:?usage: make_dataset.sh OUT_DIR}"
mkdir -p "$out"
gen() { [ -f "$5" ] || "$orbit" gen --quiet --instrument "$1" --start "$2" --end "$3" --seed "$4" --out "$5"; }
gen ES 2024-12-01 2024-12-31 7 "$out/ES_1m.parquet"
gen ES 2024-01-01 2024-12-31 7 "$out/ES_1y.parquet"
gen ES 2024-01-01 2024-12-31 7 "$out/ES_1y.csv"
gen ES 2020-01-01 2024-12-31 7 "$out/ES_5y.parquet"
gen ES 2005-01-01 2024-12-31 7 "$out/ES_20y.parquet"
gen ES 2005-01-01 2024-12-31 7 "$out/ES_20y.csv"
seed=11
for inst in ES NQ CL; do
  for year in $(seq 2005 2024); do
    gen "$inst" "$year-01-01" "$year-12-31" $((seed + year)) "$out/multi/instrument=$inst/year=$year/bars.parquet"
  done
  seed=$((seed + 1000))
done
