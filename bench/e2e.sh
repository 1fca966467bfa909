#!/usr/bin/env bash
# End-to-end benchmark of `orbit run` over `orbit gen` ES data (all 7 slots).
#   bench/e2e.sh [DATA_DIR]     (DATA_DIR is filled by bench/make_dataset.sh)
# Prints a Markdown table: wall time, bars/s, peak RSS, and the ratio to
# Arrow's bare decode of the same file (pyarrow reading the same columns,
# best of 3) -- the floor any Arrow-based reader pays.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="${1:-/tmp/orbit-bench}"
orbit="$root/build/bin/orbit"
py="$root/.venv/bin/python"
"$root/bench/make_dataset.sh" "$data"

decode_seconds() {  # best of 3, same projected columns
  "$py" - "$1" <<'PY'
import sys, time
import pyarrow.parquet as pq, pyarrow.csv as pc
path = sys.argv[1]
cols = ["timestamp", "open", "high", "low", "close", "instrument"]
best = 1e9
for _ in range(3):
    t = time.perf_counter()
    if path.endswith(".csv"):
        pc.read_csv(path, convert_options=pc.ConvertOptions(include_columns=cols))
    else:
        pq.read_table(path, columns=cols)
    best = min(best, time.perf_counter() - t)
print(f"{best:.4f}")
PY
}

run_case() {  # label file threads mode [extra...]
  local label=$1 file=$2 threads=$3 mode=$4; shift 4
  local best=1e9 rss=0 bars=0
  for _ in 1 2 3; do
    "$orbit" run --bars "$file" --instrument ES --as-of 2025-06-01 --threads "$threads" --mode "$mode" "$@" \
      --quiet --out /tmp/orbit-bench-out.csv --stats-json /tmp/orbit-bench-stats.json
    read -r t r b < <("$py" -c "import json; s=json.load(open('/tmp/orbit-bench-stats.json')); print(s['seconds']['total'], s['peak_rss_bytes'], s['rows_read'])")
    best=$("$py" -c "print(min($best, $t))"); rss=$r; bars=$b
  done
  local decode; decode=$(decode_seconds "$file")
  "$py" -c "
b=$bars; t=$best; d=$decode
print(f'| $label | $threads | $mode | {b:,} | {t:.3f} | {b/t/1e6:.1f} M | {$rss/2**20:.0f} MiB | {d:.3f} | {t/d:.2f}x |')"
}

echo "| data | threads | mode | bars | wall s (best of 3) | bars/s | peak RSS | Arrow decode s | wall / decode |"
echo "|---|---|---|---|---|---|---|---|---|"
run_case "1 month parquet" "$data/ES_1m.parquet" 2 memory
run_case "1 year parquet" "$data/ES_1y.parquet" 1 memory
run_case "1 year parquet" "$data/ES_1y.parquet" 2 memory
run_case "1 year parquet" "$data/ES_1y.parquet" 2 stream --memory-limit 64M
run_case "1 year csv" "$data/ES_1y.csv" 2 memory
run_case "5 years parquet" "$data/ES_5y.parquet" 2 memory
run_case "20 years parquet" "$data/ES_20y.parquet" 1 memory
run_case "20 years parquet" "$data/ES_20y.parquet" 2 memory
run_case "20 years parquet" "$data/ES_20y.parquet" 2 stream --memory-limit 200M
run_case "20 years csv" "$data/ES_20y.csv" 2 memory
run_case "20 years csv" "$data/ES_20y.csv" 2 stream --memory-limit 200M
