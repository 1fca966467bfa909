"""orbit.check_data, orbit.inspect_range, orbit.data_summary, orbit.discover_files:
the engine's data tools, checked against the CLI and against bars with known defects."""
from __future__ import annotations

import subprocess

import pandas as pd
import pytest

import orbit

from conftest import read_result_csv


@pytest.fixture(scope="module")
def es_month(orbit_binary, tmp_path_factory):
    path = tmp_path_factory.mktemp("month") / "es.parquet"
    subprocess.run([orbit_binary, "gen", "--instrument", "ES", "--start", "2024-03-01", "--end", "2024-03-31",
                    "--out", str(path)], check=True, capture_output=True)
    return path


def test_discover_files_and_summary(es_month, tmp_path):
    layout = tmp_path / "ES" / "1m" / "2024" / "03"
    layout.mkdir(parents=True)
    (layout / "part.parquet").write_bytes(es_month.read_bytes())
    files = orbit.discover_files(tmp_path)
    assert files == [{"path": str(layout / "part.parquet"), "format": "parquet", "partition_instrument": "ES"}]  # the reference layout names the instrument
    summary = orbit.data_summary(tmp_path)
    bars = pd.read_parquet(es_month)
    [es] = summary["instruments"]
    assert es["instrument"] == "ES" and es["bars"] == len(bars)
    assert es["first"] == bars["timestamp"].min() and es["last"] == bars["timestamp"].max()
    with pytest.raises(OSError):
        orbit.data_summary(tmp_path / "missing")


def test_check_data_on_generated_bars(es_month):
    q = orbit.check_data(es_month, "ES")
    bars = pd.read_parquet(es_month)
    assert q["reader_error"] is None
    assert q["bars"] == len(bars)
    assert q["duplicate_timestamps"] == 0 and q["off_tick_bars"] == 0 and q["ohlc_violations"] == 0
    assert q["outside_hours"] == 0  # orbit gen keeps Globex hours
    assert q["gaps"] > 0 and q["gaps"] >= q["gaps_in_trading_hours"]
    assert q["highest_highs"]["high"].iloc[0] == bars["high"].max()
    assert q["lowest_lows"]["low"].iloc[0] == bars["low"].min()
    assert list(q["largest_gaps"].columns) == ["from", "to", "minutes", "in_trading_hours"]
    assert (q["largest_gaps"]["minutes"] > 10).all()


def test_check_data_finds_injected_defects(es_month, tmp_path):
    bars = pd.read_parquet(es_month)
    bars = bars[(bars["timestamp"].dt.day == 12)].reset_index(drop=True)  # a Tuesday
    defect = bars.copy()
    prices = ["open", "high", "low", "close"]
    defect.loc[100, prices] = defect.loc[100, prices] + 0.1                                    # off tick
    dup = defect.iloc[[200]]                                                                   # duplicate
    late = defect.iloc[[300]].copy()
    late["timestamp"] = pd.Timestamp("2024-03-12 16:30", tz="America/Chicago")                # daily break
    big = defect.iloc[[400]].copy()
    big["high"] = big["high"] + 500                                                           # outlier
    defect = defect.drop(index=range(500, 530))                                               # 30 minutes gap
    defect = pd.concat([defect, dup, late, big], ignore_index=True).sort_values("timestamp", kind="stable")
    path = tmp_path / "defects.parquet"
    defect.to_parquet(path)
    q = orbit.check_data(path, "ES")
    assert q["reader_error"] is None
    assert q["off_tick_bars"] == 1
    assert q["duplicate_timestamps"] == 2  # the copied bar and the bar whose high was raised
    assert q["outside_hours"] == 1
    assert q["outliers"] >= 1 and q["outlier_examples"]["high"].iloc[0] == big["high"].iloc[0]
    assert q["gaps_in_trading_hours"] >= 1
    gaps = q["largest_gaps"]
    assert ((gaps["minutes"] >= 31) & gaps["in_trading_hours"]).any()
    assert q["highest_highs"]["high"].iloc[0] == big["high"].iloc[0]


def test_check_data_reports_what_the_reader_rejects(es_month, tmp_path):
    bars = pd.read_parquet(es_month).head(50)
    bars.loc[10, "high"] = bars.loc[10, "low"] - 1  # V6: high < low
    path = tmp_path / "bad.parquet"
    bars.to_parquet(path)
    q = orbit.check_data(path, "ES")
    assert "high" in q["reader_error"]
    with pytest.raises(orbit.BadInputError, match="no rows for instrument NQ"):
        orbit.check_data(es_month, "NQ")
    with pytest.raises(OSError):
        orbit.check_data(tmp_path / "missing.parquet", "ES")
    with pytest.raises(orbit.UsageError, match="gap_minutes"):
        orbit.check_data(es_month, "ES", gap_minutes=0)
    with pytest.raises(orbit.UsageError, match="unknown instrument"):
        orbit.check_data(path, "XX")


def test_inspect_range_row_equals_the_cli_row(es_month, orbit_binary, tmp_path):
    out = tmp_path / "cli.csv"
    subprocess.run([orbit_binary, "run", "--bars", str(es_month), "--instrument", "ES", "--as-of", "2024-03-20",
                    "--out", str(out), "--quiet"], check=True)
    cli = read_result_csv(out)
    checked = 0
    for (date, time, session), want in cli.groupby(["Date", "Time", "Session"]):
        if date not in ("2024-03-05", "2024-03-08", "2024-03-14", "2024-03-15"):
            continue
        view = orbit.inspect_range(es_month, "ES", date, f"{session}:{time}", as_of="2024-03-20")
        row = view["row"]
        assert len(row) == 1
        for column in cli.columns:
            a, e = row[column].iloc[0], want[column].iloc[0]
            assert (a == e) or (pd.isna(a) and pd.isna(e)) or str(a) == str(e), (date, time, column, a, e)
        assert view["range_size"] == pytest.approx(want["Range"].iloc[0], abs=1e-9)
        if want["Result"].iloc[0] != "NoTrade":
            level = view["long_level"] if want["Direction"].iloc[0] == "Long" else view["short_level"]
            assert level == want["EntryPrice"].iloc[0]
            assert view["entry_time"] is not None
        window = view["bars"]
        assert window["timestamp"].min() <= view["window_start"]
        checked += 1
    assert checked >= 20


def test_inspect_range_with_strategy_options_equals_the_cli_row(es_month, orbit_binary, tmp_path):
    flags = {"target": "7.5", "t1": "0.5", "be_offset": 0, "intrabar": "stop-first", "range_start": "S2:08:30"}
    out = tmp_path / "cli.csv"
    subprocess.run([orbit_binary, "run", "--bars", str(es_month), "--instrument", "ES", "--as-of", "2024-03-20",
                    "--target", "7.5", "--t1", "0.5", "--be-offset", "0", "--intrabar", "stop-first",
                    "--range-start", "S2:08:30", "--out", str(out), "--quiet"], check=True)
    cli = read_result_csv(out)
    for date in ("2024-03-05", "2024-03-14"):
        want = cli[(cli["Date"] == date) & (cli["Session"] == "S2") & (cli["Time"] == "09:30")]
        view = orbit.inspect_range(es_month, "ES", date, "S2:09:30", as_of="2024-03-20", **flags)
        assert view["window_start"].strftime("%H:%M") == "08:30"
        for column in cli.columns:
            a, e = view["row"][column].iloc[0], want[column].iloc[0]
            assert (a == e) or (pd.isna(a) and pd.isna(e)) or str(a) == str(e), (date, column, a, e)
    with pytest.raises(orbit.UsageError, match="--t1"):
        orbit.inspect_range(es_month, "ES", "2024-03-05", "S2:09:30", t1="1")


def test_inspect_range_errors(es_month):
    with pytest.raises(orbit.UsageError, match="not a slot of S1"):
        orbit.inspect_range(es_month, "ES", "2024-03-05", "S1:07:31")
    with pytest.raises(orbit.UsageError, match="S1 or S2"):
        orbit.inspect_range(es_month, "ES", "2024-03-05", "S3:07:30")
    with pytest.raises(orbit.UsageError, match="date"):
        orbit.inspect_range(es_month, "ES", "2024-02-30", "S1:07:30")
    with pytest.raises(orbit.BadInputError, match="no rows for instrument NQ"):
        orbit.inspect_range(es_month, "NQ", "2024-03-05", "S1:07:30")
    view = orbit.inspect_range(es_month, "ES", "2024-03-09", "S1:07:30")  # Saturday
    assert not view["range_exists"] and len(view["row"]) == 0


def test_session_catalogue():
    cat = orbit.session_catalogue()
    assert cat["S1"] == {"start": "02:00", "slots": ["07:30", "08:00", "09:00"]}
    assert cat["S2"]["slots"] == ["09:30", "10:00", "10:30", "11:00"]
