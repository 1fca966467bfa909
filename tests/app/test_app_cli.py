"""The app's command line, its helpers' outputs against the CLI, and the
promise that the core package never imports Streamlit."""
from __future__ import annotations

import io
import os
import subprocess
import sys

import pandas as pd
import pyarrow.parquet as pq

from conftest import AS_OF, ROOT, orbit_binary


def env() -> dict:
    e = dict(os.environ)
    e["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT / "build" / "python"), e.get("PYTHONPATH")) if p)
    return e


def test_core_package_does_not_import_streamlit():
    code = "import sys, orbit; assert 'streamlit' not in sys.modules and 'orbit.app' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True, env=env())


def test_app_command_line_errors(tmp_path):
    missing = subprocess.run([sys.executable, "-m", "orbit.app", "--data", str(tmp_path / "nope")],
                             capture_output=True, text=True, env=env())
    assert missing.returncode == 2 and "is not a folder" in missing.stderr
    bad_port = subprocess.run([sys.executable, "-m", "orbit.app", "--data", str(tmp_path), "--port", "70000"],
                              capture_output=True, text=True, env=env())
    assert bad_port.returncode == 2 and "--port" in bad_port.stderr
    usage = subprocess.run([sys.executable, "-m", "orbit.app", "--help"], capture_output=True, text=True, env=env())
    assert usage.returncode == 0 and "--data" in usage.stdout


def test_downloads_equal_the_cli_output(data_dir, tmp_path):
    from orbit.app import runs

    result = runs.run_analysis(runs.RunSettings(paths=[str(data_dir)], instrument="ES", as_of=AS_OF))
    out = tmp_path / "cli.csv"
    subprocess.run([orbit_binary(), "run", "--bars", str(data_dir), "--instrument", "ES", "--as-of", AS_OF,
                    "--out", str(out), "--quiet"], check=True)
    assert runs.csv_bytes(result) == out.read_bytes()
    table = pq.read_table(io.BytesIO(runs.parquet_bytes(result)))
    assert table.equals(result.table)
    assert len(pd.read_csv(out)) == table.num_rows


def test_extended_columns_download_equals_the_cli_output(data_dir, tmp_path):
    from orbit.app import runs

    settings = runs.RunSettings(paths=[str(data_dir / "ES")], instrument="ES", as_of=AS_OF, commission=2.5,
                                options={"columns": "extended", "output_tz": "America/Chicago", "slippage": "1"})
    result = runs.run_analysis(settings)
    out = tmp_path / "cli.csv"
    subprocess.run([orbit_binary(), "run", "--bars", str(data_dir / "ES"), "--instrument", "ES", "--as-of", AS_OF,
                    "--columns", "extended", "--output-tz", "America/Chicago", "--slippage", "1",
                    "--commission", "2.5", "--out", str(out), "--quiet"], check=True)
    assert runs.csv_bytes(result) == out.read_bytes()
