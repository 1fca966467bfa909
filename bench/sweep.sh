#!/usr/bin/env bash
# Sweep benchmarks (issue 12); prints figures, asserts nothing.
#   bench/sweep.sh [DATA_DIR] [RUNS]
# 1. 1,000 combinations (10 targets x 10 stop caps x 10 T1) on one year of ES,
#    all 7 slots: one `orbit sweep` vs RUNS (default 1000) separate `orbit run`s,
#    measured in this one invocation; the ratio scales the runs to 1,000.
# 2. 20 years of ES x 1,000 combinations vs RUNS20 (default 5) separate
#    20-year `orbit run`s measured in this invocation (ratio scaled to 1,000);
#    20 years x 10,000 combinations (10 x 10 x 10 x 10 BE offsets): wall, CPU
#    and peak RSS (GNU time), SUMMARY only; the same under --memory-limit 200M
#    (streamed), compared byte for byte with the unlimited SUMMARY.
# 3. The same 1,000-combination size through vectorbt (bench/vectorbt_grid.py)
#    in its own venv bench/.venv-vectorbt (bench-only; CI never installs it);
#    SKIP_VECTORBT=1 skips it.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="${1:-/tmp/orbit-bench}"
runs="${2:-1000}"
runs20="${RUNS20:-5}"
orbit="$root/build/bin/orbit"
mkdir -p "$data"
gen() { [ -f "$5" ] || "$orbit" gen --quiet --instrument "$1" --start "$2" --end "$3" --seed "$4" --out "$5"; }
gen ES 2024-01-01 2024-12-31 7 "$data/ES_1y.parquet"
gen ES 2005-01-01 2024-12-31 7 "$data/ES_20y.parquet"
now() { date +%s.%N; }
secs() { python3 -c "print(f'{$2 - $1:.3f}')"; }

targets="5:14:1"; caps="0.5:5:0.5"; t1s="0.5:0.95:0.05"
echo "== 1,000 combinations on one year of ES (all 7 slots)"
t0=$(now)
/usr/bin/time -f "%e s wall, %U s user, %M KiB peak RSS" -o /tmp/orbit-sweep-time.txt \
  "$orbit" sweep --bars "$data/ES_1y.parquet" --instrument ES --as-of 2025-06-01 \
  --target "$targets" --stop-cap "$caps" --t1 "$t1s" --out /tmp/orbit-sweep-1y.parquet --quiet
t1=$(now)
sweep_s=$(secs "$t0" "$t1")
echo "orbit sweep: ${sweep_s} s ($(cat /tmp/orbit-sweep-time.txt))"

# Separate runs with the same values when `orbit run` has the options (front
# door), otherwise at the defaults (the same reading, ranges and trade walks).
per_run_options=0
# (not `--help | grep -q`: grep's early exit would fail the pipe under pipefail)
"$orbit" run --help > /tmp/orbit-run-help.txt
grep -q -- "--stop-cap" /tmp/orbit-run-help.txt && per_run_options=1
values() { python3 - "$1" <<'PY'
import sys
from decimal import Decimal
a, b, s = (Decimal(x) for x in sys.argv[1].split(":"))
v = a
while v <= b:
    print(v)
    v += s
PY
}
mapfile -t T < <(values "$targets"); mapfile -t C < <(values "$caps"); mapfile -t F < <(values "$t1s")
t0=$(now)
n=0
for t in "${T[@]}"; do for c in "${C[@]}"; do for f in "${F[@]}"; do
  [ "$n" -ge "$runs" ] && break 3
  extra=()
  [ "$per_run_options" = 1 ] && extra=(--target "$t" --stop-cap "$c" --t1 "$f")
  "$orbit" run --bars "$data/ES_1y.parquet" --instrument ES --as-of 2025-06-01 "${extra[@]}" \
    --quiet --out /tmp/orbit-sweep-run.parquet 2>/dev/null  # (the KI-03/KI-04 announcements, once per run)
  n=$((n + 1))
done; done; done
t1=$(now)
runs_s=$(secs "$t0" "$t1")
python3 - "$runs_s" "$n" "$sweep_s" "$per_run_options" <<'PY'
import sys
runs_s, n, sweep_s, same = float(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), sys.argv[4] == "1"
per_1000 = runs_s / n * 1000
print(f"{n} x orbit run: {runs_s:.1f} s ({runs_s / n * 1000:.1f} ms each){'' if same else ' [defaults: orbit run has no --stop-cap yet]'}")
print(f"ratio (1,000 runs / one sweep): {per_1000 / sweep_s:.0f}x")
PY

echo "== 20 years of ES x 1,000 combinations vs ${runs20} separate 20-year runs"
t0=$(now)
/usr/bin/time -f "%e s wall, %U s user, %M KiB peak RSS" -o /tmp/orbit-sweep-time.txt \
  "$orbit" sweep --bars "$data/ES_20y.parquet" --instrument ES --as-of 2025-06-01 \
  --target "$targets" --stop-cap "$caps" --t1 "$t1s" --out /tmp/orbit-sweep-20y-1k.csv --quiet
t1=$(now)
sweep20_s=$(secs "$t0" "$t1")
echo "orbit sweep 20y x 1,000: ${sweep20_s} s ($(cat /tmp/orbit-sweep-time.txt))"
t0=$(now)
for i in $(seq 1 "$runs20"); do
  "$orbit" run --bars "$data/ES_20y.parquet" --instrument ES --as-of 2025-06-01 --target 9 --stop-cap 2 --t1 0.6 \
    --quiet --out /tmp/orbit-sweep-run20.parquet 2>/dev/null
done
t1=$(now)
python3 - "$(secs "$t0" "$t1")" "$runs20" "$sweep20_s" <<'PY'
import sys
runs_s, n, sweep_s = float(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
print(f"{n} x orbit run (20 years): {runs_s:.1f} s ({runs_s / n:.2f} s each)")
print(f"ratio (1,000 20-year runs / one 20-year sweep of 1,000): {runs_s / n * 1000 / sweep_s:.0f}x")
PY

echo "== 20 years of ES x 10,000 combinations"
/usr/bin/time -f "%e s wall, %U s user, %S s sys, %M KiB peak RSS" -o /tmp/orbit-sweep-time.txt \
  "$orbit" sweep --bars "$data/ES_20y.parquet" --instrument ES --as-of 2025-06-01 \
  --target "$targets" --stop-cap "$caps" --t1 "$t1s" --be-offset 0:9:1 --out /tmp/orbit-sweep-20y.csv 2>&1 \
  | grep -v "combinations  " || true
echo "orbit sweep 20y: $(cat /tmp/orbit-sweep-time.txt)"
echo "== the same under --memory-limit 200M (bars streamed)"
/usr/bin/time -f "%e s wall, %U s user, %S s sys, %M KiB peak RSS" -o /tmp/orbit-sweep-time.txt \
  "$orbit" sweep --bars "$data/ES_20y.parquet" --instrument ES --as-of 2025-06-01 --memory-limit 200M \
  --target "$targets" --stop-cap "$caps" --t1 "$t1s" --be-offset 0:9:1 --out /tmp/orbit-sweep-20y-200m.csv 2>&1 \
  | grep -v "combinations  " || true
echo "orbit sweep 20y, --memory-limit 200M: $(cat /tmp/orbit-sweep-time.txt)"
cmp /tmp/orbit-sweep-20y.csv /tmp/orbit-sweep-20y-200m.csv && echo "SUMMARY byte-identical to the unlimited sweep"

[ "${SKIP_VECTORBT:-0}" = 1 ] && exit 0
echo "== vectorbt, 1,000 fixed target/stop exits on the same one-year bars"
venv="$root/bench/.venv-vectorbt"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q -r "$root/bench/requirements-vectorbt.txt"
fi
"$venv/bin/python" "$root/bench/vectorbt_grid.py" "$data/ES_1y.parquet"
