"""orbit.matrix: the same matrix, statistics, state and timetables as `orbit matrix`, from result files,
DataFrames/Tables and orbit.scan results (SELECTION_SPEC.md)."""
from __future__ import annotations

import csv
import json
import math
import subprocess
from pathlib import Path

import pandas as pd
import pytest

import orbit

from conftest import ROOT, TEXT_COLUMNS

_SHARED = next((p for p in (ROOT.parent / "shared", ROOT.parent.parent / "shared") if p.is_dir()),
               ROOT.parent / "shared")
EXAMPLES = _SHARED / "spec" / "matrix_examples"


def read_result_csv(path) -> pd.DataFrame:
    """An analyzer CSV as SELECTION_SPEC.md §1.1 reads it: text verbatim, numbers correctly rounded."""
    header = pd.read_csv(path, nrows=0).columns
    return pd.read_csv(path, dtype={c: str for c in TEXT_COLUMNS if c in header}, keep_default_na=False,
                       float_precision="round_trip")


def need_examples() -> Path:
    if not EXAMPLES.is_dir():
        pytest.skip(f"{EXAMPLES} is absent (../shared is not beside the repository)")
    return EXAMPLES


def cli_matrix(orbit_binary, tmp_path, *args):
    out = tmp_path / "cli.csv"
    subprocess.run([orbit_binary, "matrix", *map(str, args), "--out", str(out), "--stats-json",
                    str(tmp_path / "cli_stats.json"), "--quiet"], check=True)
    with open(out, newline="") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:], json.loads((tmp_path / "cli_stats.json").read_text())


def cell(v) -> str:
    """A DataFrame cell in the canonical CSV's spelling."""
    if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NaT:
        return ""
    if isinstance(v, bool):
        return "True" if v else "False"
    if isinstance(v, pd.Timestamp) or hasattr(v, "isoformat"):
        return v.isoformat()[:10]
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def assert_frame_is_csv(frame: pd.DataFrame, header, rows):
    assert list(frame.columns) == header
    assert len(frame) == len(rows)
    for i, (got, want) in enumerate(zip(frame.itertuples(index=False), rows)):
        for name, g, w in zip(header, got, want):
            gs = cell(g)
            if gs != w:
                assert float(gs) == float(w), f"row {i + 2} {name}: {gs!r} != {w!r}"


@pytest.mark.parametrize("case", ["case2_nq_2024_filters", "case3_es_nq_cl_2024h1_multistream"])
def test_matrix_of_files_equals_cli(case, orbit_binary, tmp_path):
    c = need_examples() / case
    filters = [c / "stream_filters.json"] if (c / "stream_filters.json").exists() else []
    header, rows, stats = cli_matrix(orbit_binary, tmp_path, "--results", c / "analyzer_results.csv",
                                     *(["--filters", filters[0]] if filters else []))
    got = orbit.matrix(c / "analyzer_results.csv", filters=filters[0] if filters else None,
                       timetable=["2024-07-01"], timetable_mode="historical", pinned_clock=True)
    assert_frame_is_csv(got["matrix"], header, rows)
    assert got["stats"] == stats
    assert got["state"] == json.loads((c / "expected_sequencer_state.json").read_text())
    assert set(got["timetables"]) == {"2024-07-01"} and len(got["timetables"]["2024-07-01"]["streams"]) == 14


def test_matrix_of_a_dataframe_equals_the_file(orbit_binary, tmp_path):
    c = need_examples() / "case3_es_nq_cl_2024h1_multistream"
    header, rows, stats = cli_matrix(orbit_binary, tmp_path, "--results", c / "analyzer_results.csv")
    frame = read_result_csv(c / "analyzer_results.csv")
    got = orbit.matrix(frame)
    assert_frame_is_csv(got["matrix"], header, rows)
    assert got["stats"] == stats


def test_matrix_accepts_scan_results_and_filters_dict(es_year_parquet, orbit_binary, tmp_path):
    results = tmp_path / "es.csv"
    subprocess.run([orbit_binary, "run", "--bars", str(es_year_parquet), "--instrument", "ES", "--as-of",
                    "2025-06-01", "--out", str(results), "--quiet"], check=True)
    filters = {"ES1": {"exclude_days_of_week": ["Friday"]}, "master": {"exclude_times": ["07:30"]}}
    (tmp_path / "f.json").write_text(json.dumps(filters))
    header, rows, stats = cli_matrix(orbit_binary, tmp_path, "--results", results, "--filters", tmp_path / "f.json")
    for scanned in (orbit.scan(es_year_parquet, "ES", as_of="2025-06-01"),
                    orbit.scan(es_year_parquet, "ES", as_of="2025-06-01", as_arrow=True)):
        got = orbit.matrix(scanned, filters=filters)
        assert_frame_is_csv(got["matrix"], header, rows)
        assert got["stats"] == stats
        assert (got["matrix"]["Time"] != "07:30").all()


def test_matrix_resume_and_errors(orbit_binary, tmp_path):
    c = need_examples() / "case1_es_2023_nofilters"
    frame = read_result_csv(c / "analyzer_results.csv")
    full = orbit.matrix(frame)
    early = orbit.matrix(frame[frame["Date"] <= "2023-06-30"])
    late = orbit.matrix(frame[frame["Date"] > "2023-06-30"], resume=early["state"])
    assert late["state"] == full["state"]
    merged = pd.concat([early["matrix"], late["matrix"]]).sort_values(["Stream", "trade_date"], kind="stable")
    assert len(merged) == len(full["matrix"])
    assert (merged["Time"].to_numpy() == full["matrix"]["Time"].to_numpy()).all()
    with pytest.raises(orbit.UsageError, match="KI-M99"):
        orbit.matrix(frame, fix="KI-M99")
    e5 = need_examples() / "case5_edge_rules"
    assert any("M2K1" in w for w in orbit.matrix(e5 / "analyzer_results.csv")["warnings"])
    with pytest.raises(orbit.BadInputError, match="strict"):
        orbit.matrix(e5 / "analyzer_results.csv", strict=True)
