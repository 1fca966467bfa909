#!/usr/bin/env bash
# CI step: `pip install .` into a fresh venv (the wheel a user gets), then the
# `orbit` console script and `import orbit` on the NQ sample, checked against
# the spec's reference output. Uses build-wheel/ (removed and made anew).
#   scripts/test_wheel.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
work="$root/build-wheel"
rm -rf "$work"
mkdir -p "$work"
python_bin="${ORBIT_PYTHON:-python3}"
"$python_bin" -m venv "$work/venv"
start=$(date +%s)
"$work/venv/bin/pip" install -q --disable-pip-version-check "$root"
echo "wheel: built and installed in $(( $(date +%s) - start )) s"
cd "$work"  # away from the source tree: the installed package, not python/orbit
"$work/venv/bin/orbit" --version
nq="$root/../shared/data/real/NQ_1min_sample.csv"
expected="$root/../shared/spec/reference_output_NQ_sample.csv"
if [ ! -f "$nq" ]; then
  echo "wheel: ../shared is absent; smoke test on generated bars only"
  "$work/venv/bin/orbit" gen --instrument ES --start 2024-01-02 --end 2024-01-31 --out es.parquet --quiet
  "$work/venv/bin/orbit" run --bars es.parquet --instrument ES --out es.csv --quiet
  "$work/venv/bin/python" -c "import orbit; print(len(orbit.scan('es.parquet', 'ES')), 'rows')"
  exit 0
fi
"$work/venv/bin/orbit" run --bars "$nq" --instrument NQ --input-tz America/New_York --as-of 2023-12-07 \
  --out nq_cli.csv --quiet
"$work/venv/bin/python" - "$nq" "$expected" <<'PY'
import sys
import orbit
nq, expected = sys.argv[1], sys.argv[2]
frame = orbit.scan(nq, "NQ", input_tz="America/New_York", as_of="2023-12-07")
print(f"import orbit {orbit.__version__}: {len(frame)} rows from {orbit.__file__}")
assert "site-packages" in orbit.__file__, orbit.__file__
assert len(frame) == 77, len(frame)
PY
"$work/venv/bin/python" - nq_cli.csv "$expected" <<'PY'
import sys
import pandas as pd
got, want = pd.read_csv(sys.argv[1], keep_default_na=False), pd.read_csv(sys.argv[2], keep_default_na=False)
cols = [c for c in want.columns if c in got.columns]
pd.testing.assert_frame_equal(got[cols], want[cols], check_exact=True)
print("wheel: console script output equals the reference on the NQ sample (77 rows)")
PY
