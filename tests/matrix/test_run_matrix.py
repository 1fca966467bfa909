"""`orbit run ... --matrix FILE [--filters F]` equals `orbit matrix --results` on the run's own result file."""
import json
import subprocess

import pyarrow.parquet as pq

from conftest import BINARY, run_matrix


def test_run_matrix_equals_matrix_of_the_written_results(tmp_path):
    bars = tmp_path / "bars"
    bars.mkdir()
    for inst in ("ES", "CL"):
        subprocess.run([BINARY, "gen", "--instrument", inst, "--start", "2024-01-01", "--end", "2024-06-30",
                        "--out", bars / f"{inst}.parquet", "--quiet"], check=True, capture_output=True)
    filters = tmp_path / "f.json"
    filters.write_text(json.dumps({"ES1": {"exclude_days_of_week": ["Monday"]}, "master": {"exclude_times": ["09:00"]}}))
    subprocess.run([BINARY, "run", "--bars", bars, "--instrument", "ES,CL", "--as-of", "2025-06-01", "--out",
                    tmp_path / "r.csv", "--matrix", tmp_path / "run_matrix.csv", "--filters", filters, "--quiet"],
                   check=True)
    run_matrix("--results", tmp_path / "r.csv", "--filters", filters, "--out", tmp_path / "matrix.csv", "--quiet")
    a = (tmp_path / "run_matrix.csv").read_bytes()
    assert a == (tmp_path / "matrix.csv").read_bytes()
    assert a.count(b"\n") > 4 * 120  # ES1, ES2, CL1, CL2 over about 125 days
    subprocess.run([BINARY, "run", "--bars", bars, "--instrument", "ES,CL", "--as-of", "2025-06-01", "--out",
                    tmp_path / "r2.csv", "--matrix", tmp_path / "run_matrix.parquet", "--quiet"], check=True)
    table = pq.read_table(tmp_path / "run_matrix.parquet")
    assert table.num_rows == a.count(b"\n") - 1
    assert sorted(set(table["Stream"].to_pylist())) == ["CL1", "CL2", "ES1", "ES2"]


def test_run_filters_need_matrix(tmp_path):
    f = tmp_path / "f.json"
    f.write_text("{}")
    proc = subprocess.run([BINARY, "run", "--bars", tmp_path, "--instrument", "ES", "--filters", f],
                          capture_output=True, text=True)
    assert proc.returncode == 1 and "--filters" in proc.stderr
