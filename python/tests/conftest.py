"""Shared fixtures of the Python API tests.

The spec's data lives in ../shared beside the repository; tests that need it
skip with a message when it is absent. ORBIT_BINARY (set by CTest) names the
CLI of the same build tree; otherwise build/bin/orbit or build-py/bin/orbit.
"""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
EXAMPLES_JSON = SHARED / "spec" / "analyzer_examples.json"
NQ_CSV = SHARED / "data" / "real" / "NQ_1min_sample.csv"
NQ_REFERENCE = SHARED / "spec" / "reference_output_NQ_sample.csv"
EXAMPLE_AS_OF = "2026-01-01T00:00:00Z"
NQ_AS_OF = "2023-12-07"

TEXT_COLUMNS = ["Date", "Time", "EntryTime", "ExitTime", "Direction", "Result", "Stream", "Instrument", "Session",
                "open_as_of_time"]
COLUMNS = ["Date", "Time", "EntryTime", "ExitTime", "EntryPrice", "ExitPrice", "StopLoss", "Target", "Peak",
           "Direction", "Result", "Range", "Stream", "Instrument", "Session", "Profit", "open_as_of_time"]


def need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is absent (the spec's shared folder ../shared is not beside the repository)")
    return path


def read_result_csv(path) -> pd.DataFrame:
    """A result CSV (the reference's or `orbit run --out x.csv`) with the in-memory dtypes:
    text columns as object strings ('' stays ''), integers int64, the rest float64."""
    header = pd.read_csv(path, nrows=0).columns
    return pd.read_csv(path, dtype={c: str for c in TEXT_COLUMNS if c in header}, keep_default_na=False)


def assert_same_result(actual: pd.DataFrame, expected: pd.DataFrame) -> None:
    """Equal as DataFrames: columns and order, dtypes, values; floats bit for bit (-0.0 included)."""
    assert list(actual.columns) == list(expected.columns)
    assert actual.dtypes.to_dict() == expected.dtypes.to_dict()
    pd.testing.assert_frame_equal(actual.reset_index(drop=True), expected.reset_index(drop=True),
                                  check_exact=True)
    for column in actual.columns:
        if actual[column].dtype == np.float64:
            a = actual[column].to_numpy().view(np.int64)
            e = expected[column].to_numpy().view(np.int64)
            bad = np.flatnonzero(a != e)
            assert bad.size == 0, (f"{column}: bits differ at rows {bad[:5].tolist()}: "
                                   f"{actual[column].iloc[bad[:5]].tolist()} vs {expected[column].iloc[bad[:5]].tolist()}")


def load_nq_bars() -> pd.DataFrame:
    """Spec §11 preparation: Eastern wall clock -> America/New_York -> America/Chicago, instrument NQ."""
    bars = pd.read_csv(need(NQ_CSV))
    bars["timestamp"] = (pd.to_datetime(bars["timestamp"]).dt.tz_localize("America/New_York")
                         .dt.tz_convert("America/Chicago"))
    bars["instrument"] = "NQ"
    return bars


@pytest.fixture(scope="session")
def nq_bars() -> pd.DataFrame:
    return load_nq_bars()


@pytest.fixture(scope="session")
def nq_expected() -> pd.DataFrame:
    return read_result_csv(need(NQ_REFERENCE))


@pytest.fixture(scope="session")
def orbit_binary() -> str:
    candidates = [os.environ.get("ORBIT_BINARY"), str(ROOT / "build" / "bin" / "orbit"),
                  str(ROOT / "build-py" / "bin" / "orbit"), shutil.which("orbit")]
    for candidate in candidates:
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    pytest.skip("the orbit CLI is not built (set ORBIT_BINARY)")


@pytest.fixture(scope="session")
def es_year_parquet(tmp_path_factory, orbit_binary) -> Path:
    """One year of synthetic ES bars from `orbit gen`."""
    path = tmp_path_factory.mktemp("gen") / "es_2024.parquet"
    subprocess.run([orbit_binary, "gen", "--instrument", "ES", "--start", "2024-01-01", "--end", "2024-12-31",
                    "--out", str(path)], check=True, capture_output=True)
    return path
