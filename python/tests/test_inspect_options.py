"""orbit.inspect_range returns exactly the run's row under every result option
(issue 21), checked on the rows the option changes: bars widened six-fold around
their open (both the target and a stop inside one bar) for --intrabar
stop-first, a spring with Good Friday and Memorial Day for --calendar cme, and
--columns extended with costs and an output zone for the row's columns."""
from __future__ import annotations

import subprocess

import pandas as pd
import pytest

import orbit

from conftest import read_result_csv

AS_OF = "2025-01-01T00:00:00Z"
KEY = ["Date", "Session", "Time", "Stream"]


@pytest.fixture(scope="module")
def wide_csv(tmp_path_factory, orbit_binary):
    folder = tmp_path_factory.mktemp("inspect")
    generated = folder / "es.parquet"
    subprocess.run([orbit_binary, "gen", "--instrument", "ES", "--start", "2024-03-18", "--end", "2024-06-07",
                    "--seed", "13", "--out", str(generated)], check=True, capture_output=True)
    bars = pd.read_parquet(generated)
    # Good Friday 2024-03-29 (CME closed; `orbit gen` leaves it out): Thursday's bars a day later.
    stamps = pd.to_datetime(bars["timestamp"])
    thursday = bars[stamps.dt.tz_convert("America/Chicago").dt.date == pd.Timestamp("2024-03-28").date()]
    friday = thursday.assign(timestamp=pd.to_datetime(thursday["timestamp"]) + pd.Timedelta(days=1))
    bars = pd.concat([bars, friday], ignore_index=True).sort_values("timestamp", kind="stable")
    bars["high"] = bars.open + (bars.high - bars.open) * 6
    bars["low"] = bars.open - (bars.open - bars.low) * 6
    path = folder / "wide.parquet"
    bars.to_parquet(path)
    return path


def run_rows(orbit_binary, bars, out, *flags) -> pd.DataFrame:
    subprocess.run([orbit_binary, "run", "--bars", str(bars), "--instrument", "ES", "--as-of", AS_OF, "--quiet",
                    "--out", str(out), *flags], check=True, capture_output=True)
    return read_result_csv(out)


def changed(rows: pd.DataFrame, reference: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Rows of `rows` whose reference columns differ from the reference run's row (or that it lacks)."""
    columns = [c for c in columns if c not in KEY]
    merged = rows.merge(reference[KEY + columns], on=KEY, how="left", suffixes=("", "_ref"), indicator=True)
    differs = merged["_merge"] == "left_only"
    for c in columns:
        differs |= merged[c].astype(str) != merged[c + "_ref"].astype(str)
    return rows[differs.to_numpy()]


def normalised(frame: pd.DataFrame) -> list[list[str]]:
    out = []
    for row in frame.itertuples(index=False):
        cells = []
        for c, v in zip(frame.columns, row):
            if c in ("EntryTimestamp", "ExitTimestamp"):
                cells.append("" if pd.isna(v) or v == "" else pd.Timestamp(v).tz_convert("UTC").isoformat())
            elif isinstance(v, (int, float)) and not isinstance(v, bool):
                cells.append("" if pd.isna(v) else repr(float(v)))
            else:
                cells.append(str(v))
        out.append(cells)
    return out


@pytest.mark.parametrize("flags", [("--intrabar", "stop-first"), ("--calendar", "cme"),
                                   ("--columns", "extended", "--commission", "2.5", "--slippage", "1",
                                    "--output-tz", "America/New_York", "--intrabar", "target-first")])
def test_inspect_range_is_the_runs_row(flags, wide_csv, orbit_binary, tmp_path):
    reference = run_rows(orbit_binary, wide_csv, tmp_path / "reference.csv")
    rows = run_rows(orbit_binary, wide_csv, tmp_path / "run.csv", *flags)
    columns = [c for c in reference.columns if c in rows.columns]
    differing = changed(rows, reference, columns)
    assert len(differing) or len(rows) != len(reference), f"{flags}: the data does not exercise the option"
    if len(differing) == 0:  # the option only removed rows (closed days): the rows around them
        differing = rows[rows.Date.isin(["2024-03-28", "2024-04-01", "2024-05-24", "2024-05-27", "2024-05-28"])]
    keywords = {flags[i][2:].replace("-", "_"): flags[i + 1] for i in range(0, len(flags), 2)}
    picks = differing.iloc[sorted({0, len(differing) // 2, len(differing) - 1})]
    for row in picks.itertuples(index=False):
        got = orbit.inspect_range(wide_csv, "ES", row.Date, f"{row.Session}:{row.Time}", as_of=AS_OF,
                                  **keywords)["row"]
        want = rows[(rows.Date == row.Date) & (rows.Time == row.Time) & (rows.Stream == row.Stream)]
        assert list(got.columns) == list(want.columns)
        assert normalised(got) == normalised(want), (flags, row.Date, row.Time)


def test_inspect_range_on_a_closed_day_has_no_range_under_cme(wide_csv):
    """Good Friday 2024-03-29: the generated data has bars, the CME calendar closes the day."""
    view = orbit.inspect_range(wide_csv, "ES", "2024-03-29", "S1:07:30", as_of=AS_OF, calendar="cme")
    assert not view["range_exists"] and len(view["row"]) == 0
    plain = orbit.inspect_range(wide_csv, "ES", "2024-03-29", "S1:07:30", as_of=AS_OF)
    assert plain["range_exists"] and len(plain["row"]) == 1
