#!/usr/bin/env bash
# A hive-partitioned folder of two instruments over two years: streaming under a
# small --memory-limit must give the same combined table as the in-memory run,
# for 1 and 2 threads, and report itself as streaming in --stats-json.
set -euo pipefail
orbit="$1"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
for inst in ES NQ; do
  for year in 2023 2024; do
    "$orbit" gen --quiet --instrument $inst --start $year-01-01 --end $year-12-31 --seed $year \
      --out "$dir/data/instrument=$inst/year=$year/bars.parquet"
  done
done
common=(--bars "$dir/data" --instrument ES,NQ --as-of 2025-01-15 --quiet)
"$orbit" run "${common[@]}" --mode memory --threads 1 --out "$dir/memory.csv"
for threads in 1 2; do
  "$orbit" run "${common[@]}" --mode auto --memory-limit 10M --threads $threads --out "$dir/stream$threads.csv" \
    --stats-json "$dir/stats$threads.json"
  cmp "$dir/memory.csv" "$dir/stream$threads.csv"
  grep -q '"mode": "streaming"' "$dir/stats$threads.json"
done
# The same combined table as Parquet (Target/Profit unified), read back by `orbit report`.
"$orbit" run "${common[@]}" --mode stream --memory-limit 10M --out "$dir/combined.parquet"
rows=$(($(wc -l < "$dir/memory.csv") - 1))
"$orbit" report "$dir/combined.parquet" --json --out "$dir/report.json"
grep -q "\"rows\": $rows," "$dir/report.json" || { echo "combined Parquet does not hold $rows rows"; exit 1; }
[ "$rows" -gt 5000 ] || { echo "too few rows: $rows"; exit 1; }
grep -q ',ES1,ES,S1,' "$dir/memory.csv" && grep -q ',NQ2,NQ,S2,' "$dir/memory.csv"
echo "streaming == in-memory for $rows rows of ES and NQ"
