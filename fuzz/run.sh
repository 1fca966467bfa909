#!/usr/bin/env bash
# Runs each libFuzzer target for a bounded time with a kept corpus in
# fuzz/corpus/<target>/ (seeded on first use from tests/bad_input/data, the
# shared parquet-bad files and a few good files). Findings go to
# build-fuzz/artifacts/<target>/.
#   fuzz/run.sh [seconds-per-target=60] [target...]
#   fuzz/run.sh replay     (CI: build, then run the committed regressions and the
#                           seed corpus once each, no fuzzing; fails on any finding)
# Targets run one after the other; run several invocations in parallel to use
# more cores (e.g. `fuzz/run.sh 600 fuzz_csv_reader & fuzz/run.sh 600 fuzz_parquet_reader`).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
secs="${1:-60}"
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(fuzz_csv_reader fuzz_parquet_reader fuzz_cli_args fuzz_matrix_inputs)
bin="${ORBIT_FUZZ_BUILD:-$root/build-fuzz}"
if [ "$secs" = replay ]; then "$root/fuzz/build.sh" "$bin"; else [ -x "$bin/fuzz_cli_args" ] || "$root/fuzz/build.sh" "$bin"; fi
data="$root/tests/bad_input/data"
bad="$root/../shared/data/parquet-bad"

seed() {  # seed <target> <corpus-dir>
  local t="$1" dir="$2" f i=0
  mkdir -p "$dir"
  [ -n "$(ls -A "$dir")" ] && return 0
  case "$t" in
    fuzz_csv_reader)  # byte 0 = read options selector, then the CSV text
      for f in "$data"/*.csv "$data"/*.txt; do
        [ -f "$f" ] || continue
        [ "$(stat -c %s "$f")" -le 65536 ] || continue
        i=$((i + 1))
        { printf '\001'; cat "$f"; } > "$dir/seed_$i"
        i=$((i + 1))
        { printf '\000'; head -c 4096 "$f"; } > "$dir/seed_$i"
      done ;;
    fuzz_parquet_reader)
      for f in "$data"/*.parquet "$data"/hive/*/*.parquet "$bad"/*.parquet; do
        [ -f "$f" ] && cp "$f" "$dir/$(basename "$f")"
      done ;;
    fuzz_cli_args)
      printf 'KI-01,KI-03\n2024-01-31\n2024-01-31T16:00\nS1:07:30,S2:09:30\nS1,S2\n0,1,2,3,4\nES,NQ\nZ' > "$dir/seed_1"
      printf 'all\n2024-02-29\n2024-03-10T02:30:00-05:00\nS2:09:30\nS2\n4\nMES\n+05:30' > "$dir/seed_2"
      printf 'ki-1\n1999-12-31\n2024-01-31 23:59:59Z\nS1:03:00,S1:04:00\ns1\n0\nMINUTEDATAEXPORT\n' > "$dir/seed_3" ;;
    fuzz_matrix_inputs)  # byte 0 = selector, the result CSV, then NUL and the filters JSON
      printf '\001Date,Time,Result,Instrument,Session,Profit,Target,Range\n2024-01-02,07:30,Win,ES,S1,1.5,2,4\n2024-01-02,8:00,Loss,ES,S1,-3,2,4\n2024-01-03,07:30,Loss,ES,S1,-3,2,4\n2024-01-03,09:30,BE,ES,S2,0,2,4\n' > "$dir/seed_1"
      for f in "$root"/../shared/spec/matrix_examples/*/analyzer_results.csv; do
        [ -f "$f" ] || continue
        i=$((i + 1))
        { printf '\001'; head -n 300 "$f"; } > "$dir/seed_case_$i"
        filters="$(dirname "$f")/stream_filters.json"
        [ -f "$filters" ] && { printf '\016'; head -n 300 "$f"; printf '\000'; cat "$filters"; } > "$dir/seed_case_${i}_filters"
      done ;;
  esac
}

for t in "${targets[@]}"; do
  corpus="$root/fuzz/corpus/$t"
  art="$bin/artifacts/$t"
  mkdir -p "$art"
  seed "$t" "$corpus"
  # Replay the committed findings first (tests/bad_input/fuzz_regressions/<kind>_*).
  kind=${t#fuzz_}; kind=${kind%_reader}
  regressions=("$root"/tests/bad_input/fuzz_regressions/"$kind"_*)
  if [ -e "${regressions[0]}" ]; then
    ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0:allocator_may_return_null=1}" \
      "$bin/$t" -runs=1 "${regressions[@]}" > "$bin/$t.regressions.log" 2>&1 ||
      { echo "== $t: a committed regression fails again, see $bin/$t.regressions.log"; exit 1; }
    echo "== $t: ${#regressions[@]} committed regression input(s) pass"
  fi
  if [ "$secs" = replay ]; then
    ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0:allocator_may_return_null=1}" \
      "$bin/$t" -runs=0 -timeout=30 -rss_limit_mb=2560 "$corpus" > "$bin/$t.replay.log" 2>&1 ||
      { echo "== $t: the seed corpus finds a fault, see $bin/$t.replay.log"; exit 1; }
    echo "== $t: $(ls "$corpus" | wc -l) corpus input(s) replayed"
    continue
  fi
  echo "== $t for ${secs}s (corpus $(ls "$corpus" | wc -l) files)"
  start=$(date +%s)
  set +e
  ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0:allocator_may_return_null=1}" \
  UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1}" \
    "$bin/$t" -max_total_time="$secs" -timeout=30 -rss_limit_mb=2560 -max_len=65536 \
      -print_final_stats=1 -artifact_prefix="$art/" "$corpus" 2>&1 | tee "$bin/$t.log" | grep -E "^(#[0-9]+.*(pulse|DONE)|==|stat::|SUMMARY|Done)" 
  rc=${PIPESTATUS[0]}
  set -e
  echo "== $t: exit $rc after $(( $(date +%s) - start ))s; log $bin/$t.log"
  [ "$rc" -eq 0 ] || exit "$rc"
done
