"""Fixtures of the app tests: data made with `orbit gen` in the layouts the app
offers, and the CLI's figures for the same parameters.

These tests never skip: a missing CLI, Streamlit, Selenium or Chromium is a
failure (the app is part of the product and CI installs what it needs)."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "python" / "orbit" / "app" / "page.py"
AS_OF = "2024-06-01"


def fmt(value) -> str:
    """A figure as the page shows it in a metric."""
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:,.2f}"
    return f"{value:,}"


def orbit_binary() -> str:
    for candidate in (os.environ.get("ORBIT_BINARY"), str(ROOT / "build" / "bin" / "orbit"), shutil.which("orbit")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    pytest.fail("the orbit CLI is not built (build/bin/orbit or ORBIT_BINARY)")


def gen(instrument: str, start: str, end: str, out: Path, seed: int = 7) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([orbit_binary(), "gen", "--instrument", instrument, "--start", start, "--end", end,
                    "--seed", str(seed), "--out", str(out)], check=True, capture_output=True)
    return out


def cli_run(bars: Path | str, instrument: str, out: Path, *flags: str,
            report_flags: tuple[str, ...] = ()) -> tuple[pd.DataFrame, dict]:
    """`orbit run ... --out out.csv` and `orbit report out.csv --json [report_flags]`: the CLI's rows and statistics."""
    subprocess.run([orbit_binary(), "run", "--bars", str(bars), "--instrument", instrument, "--as-of", AS_OF,
                    "--out", str(out), "--quiet", *flags], check=True, capture_output=True)
    stats = json.loads(subprocess.run([orbit_binary(), "report", str(out), "--json", *report_flags], check=True,
                                      capture_output=True, text=True).stdout)
    text = ["Date", "Time", "EntryTime", "ExitTime", "Direction", "Result", "Stream", "Instrument", "Session",
            "open_as_of_time"]
    header = pd.read_csv(out, nrows=0).columns
    rows = pd.read_csv(out, dtype={c: str for c in text if c in header}, keep_default_na=False)
    return rows, stats


SWEEP_TEXT = ["instrument", "group", "stream", "slot", "drawdown_start", "drawdown_end"]


def cli_sweep(bars: Path | str, instrument: str, out: Path, *flags: str) -> pd.DataFrame:
    """`orbit sweep ... --out out.csv`: the CLI's SUMMARY (doubles read back exactly, text as text)."""
    subprocess.run([orbit_binary(), "sweep", "--bars", str(bars), "--instrument", instrument, "--as-of", AS_OF,
                    "--out", str(out), "--quiet", *flags], check=True, capture_output=True)
    return pd.read_csv(out, dtype={c: str for c in SWEEP_TEXT}, keep_default_na=False, float_precision="round_trip")


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory) -> Path:
    """ES in the reference layout (ES/1m/YYYY/MM, Dec 2023 - Feb 2024), NQ in a hive
    folder (instrument=NQ, Jan 2024) and CL as a single CSV file (Jan 2024)."""
    root = tmp_path_factory.mktemp("app_data") / "data"
    gen("ES", "2023-12-01", "2023-12-31", root / "ES" / "1m" / "2023" / "12" / "es.parquet", seed=3)
    gen("ES", "2024-01-01", "2024-01-31", root / "ES" / "1m" / "2024" / "01" / "es.parquet", seed=4)
    gen("ES", "2024-02-01", "2024-02-29", root / "ES" / "1m" / "2024" / "02" / "es.parquet", seed=5)
    gen("NQ", "2024-01-01", "2024-01-31", root / "instrument=NQ" / "part-0.parquet", seed=6)
    gen("CL", "2024-01-01", "2024-01-31", root / "cl_jan.csv", seed=8)
    return root


@pytest.fixture(scope="session")
def bad_data_dir(tmp_path_factory) -> Path:
    """A corrupt Parquet file, a malformed CSV, and ES bars with a year missing (2023)."""
    root = tmp_path_factory.mktemp("bad_data") / "data"
    (root / "broken").mkdir(parents=True)
    (root / "broken" / "broken.parquet").write_bytes(b"PAR1 this is not parquet")
    (root / "malformed.csv").write_text("timestamp,open,high,low,close,instrument\nyesterday,1,2,3,x,ES\n")
    gen("ES", "2022-01-03", "2022-01-07", root / "holes" / "es_2022.parquet")
    gen("ES", "2024-01-08", "2024-01-12", root / "holes" / "es_2024.parquet")
    return root
