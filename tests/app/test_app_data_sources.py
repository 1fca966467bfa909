"""The app reads what the CLI reads (issue 21): the data source takes the input
zone, the format preset and the instrument of files without an instrument
column, so the real NQ sample (no instrument column, New York wall clock) runs
with exactly `orbit run --input-tz America/New_York`'s rows; a file the
readers reject is reported and the other files of the folder are still listed."""
from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from conftest import AS_OF, cli_run, fmt, gen
from test_app_panels import choose_source, metric, results_frame, run, start_app, table_by_title

NQ_CSV = Path(__file__).resolve().parents[3] / "shared" / "data" / "real" / "NQ_1min_sample.csv"


@pytest.fixture(scope="module")
def mixed_dir(tmp_path_factory) -> Path:
    if not NQ_CSV.exists():
        pytest.skip(f"{NQ_CSV} is absent (the shared folder ../shared is not beside the repository)")
    root = tmp_path_factory.mktemp("mixed") / "data"
    root.mkdir()
    shutil.copy(NQ_CSV, root / "nq_sample.csv")
    gen("ES", "2024-01-01", "2024-01-31", root / "es.parquet", seed=4)
    (root / "zz_broken.csv").write_text("timestamp,open,high,low,close,instrument\nyesterday,1,2,3,x,ES\n")
    return root


def set_reading(at, zone: str, instrument: str) -> None:
    at.text_input(key="input_tz").input(zone)
    at.text_input(key="file_instrument").input(instrument).run()
    assert not at.exception, at.exception


def test_a_bad_file_does_not_block_the_folder(monkeypatch, mixed_dir, tmp_path):
    at = start_app(monkeypatch, mixed_dir, tmp_path / "runs")
    set_reading(at, "America/New_York", "NQ")
    errors = [e.value for e in at.error]
    assert any("zz_broken.csv" in e for e in errors), errors
    inst = table_by_title(at, "ES")
    assert list(inst.index) == ["ES", "NQ"]
    assert inst.loc["NQ", "bars"] == len(pd.read_csv(NQ_CSV))
    assert inst.loc["ES", "bars"] == len(pd.read_parquet(mixed_dir / "es.parquet"))


def test_without_the_file_instrument_the_sample_is_reported_not_blocking(monkeypatch, mixed_dir, tmp_path):
    at = start_app(monkeypatch, mixed_dir, tmp_path / "runs")
    errors = [e.value for e in at.error]
    assert any("nq_sample.csv" in e and "instrument" in e for e in errors), errors
    assert list(table_by_title(at, "ES").index) == ["ES"]  # the other files are still read


def test_nq_sample_runs_with_its_zone_as_the_cli(monkeypatch, mixed_dir, tmp_path):
    at = start_app(monkeypatch, mixed_dir, tmp_path / "runs")
    choose_source(at, "nq_sample.csv")
    set_reading(at, "America/New_York", "NQ")
    assert not at.error, [e.value for e in at.error]
    assert at.selectbox(key="instrument").value == "NQ"
    assert metric(at, "Bars") == fmt(len(pd.read_csv(NQ_CSV)))
    at.text_input(key="as_of").input(AS_OF)
    run(at)
    rows, stats = cli_run(mixed_dir / "nq_sample.csv", "NQ", tmp_path / "cli.csv", "--input-tz", "America/New_York")
    assert len(rows) > 50
    frame = results_frame(at).reset_index(drop=True)
    pd.testing.assert_frame_equal(frame.astype({"Profit": "float64", "Target": "float64"}),
                                  rows.astype({"Profit": "float64", "Target": "float64"}), check_dtype=False)
    assert metric(at, "Net USD (after costs)") == fmt(stats["overall"]["net_usd"])
    # The zone matters: read as Chicago time the sample gives other rows.
    other, _ = cli_run(mixed_dir / "nq_sample.csv", "NQ", tmp_path / "chicago.csv")
    assert not other.equals(rows)
