"""The sidebar's strategy and research options (python/orbit/app/params.py):
choices, defaults and help come from the option catalogue, and a run with them
equals `orbit run` with the same flags (+ `orbit report --commission`)."""
from __future__ import annotations

import pandas as pd
import pytest

import orbit

from conftest import AS_OF, cli_run
from test_app_panels import assert_summary_equals_cli, choose_source, metric, results_frame, run, start_app

EXTENDED_TIMES = ["EntryTimestamp", "ExitTimestamp"]


def test_widgets_follow_the_option_catalogue(monkeypatch, data_dir, tmp_path):
    at = start_app(monkeypatch, data_dir, tmp_path / "runs")
    catalogue = orbit.options()
    for key in ("intrabar", "columns"):
        box = at.selectbox(key=key)
        assert box.options == catalogue[key]["choices"]
        assert box.value == catalogue[key]["default"]
        assert box.help == catalogue[key]["help"]
    calendar = at.selectbox(key="calendar")
    assert calendar.value is None and calendar.options[1:] == catalogue["calendar"]["choices"]
    assert calendar.options[0] == f"default: {catalogue['calendar']['default']}"
    assert at.number_input(key="be_offset").value == int(catalogue["be_offset"]["default"])
    for key in ("target", "stop_cap", "t1", "range_start", "slippage", "point_value", "calendar_file"):
        box = at.text_input(key=key)
        assert box.value == "" and box.placeholder == f"default: {catalogue[key]['default']}", key
        assert box.help == catalogue[key]["help"]
    assert at.number_input(key="commission").value == float(catalogue["commission"]["default"])


def test_strategy_options_equal_cli(monkeypatch, data_dir, tmp_path):
    at = start_app(monkeypatch, data_dir, tmp_path / "runs")
    choose_source(at, "ES/")
    at.text_input(key="as_of").input(AS_OF)
    at.text_input(key="target").input("7.5")
    at.text_input(key="stop_cap").input("2")
    at.text_input(key="t1").input("0.5")
    at.number_input(key="be_offset").set_value(0)
    at.selectbox(key="intrabar").select("stop-first")
    at.number_input(key="commission").set_value(2.5)
    run(at)
    rows, stats = cli_run(data_dir / "ES", "ES", tmp_path / "cli.csv", "--target", "7.5", "--stop-cap", "2",
                          "--t1", "0.5", "--be-offset", "0", "--intrabar", "stop-first", "--commission", "2.5",
                          report_flags=("--commission", "2.5"))
    _, reference = cli_run(data_dir / "ES", "ES", tmp_path / "reference.csv")
    assert stats["overall"]["net_usd"] != reference["overall"]["net_usd"]  # the options change the run
    assert_summary_equals_cli(at, stats)
    frame = results_frame(at).reset_index(drop=True)
    pd.testing.assert_frame_equal(frame.astype({"Profit": "float64", "Target": "float64"}),
                                  rows.astype({"Profit": "float64", "Target": "float64"}), check_dtype=False)


def test_research_options_equal_cli(monkeypatch, data_dir, tmp_path):
    at = start_app(monkeypatch, data_dir, tmp_path / "runs")
    choose_source(at, "ES/")
    at.text_input(key="as_of").input(AS_OF)
    at.text_input(key="range_start").input("S1:06:00")
    at.selectbox(key="calendar").select("cme")
    at.selectbox(key="columns").select("extended")
    at.text_input(key="slippage").input("1")
    at.text_input(key="point_value").input("ES=40")
    at.number_input(key="commission").set_value(2.5)
    run(at)
    rows, stats = cli_run(data_dir / "ES", "ES", tmp_path / "cli.csv", "--range-start", "S1:06:00", "--calendar",
                          "cme", "--columns", "extended", "--slippage", "1", "--point-value", "ES=40",
                          "--commission", "2.5")  # the rows carry the run's costs: no report commission on top
    assert "NetUSD" in rows.columns and (rows["CommissionUSD"] > 0).any()
    trades = rows[rows["Result"] != "NoTrade"]
    overall = stats["overall"]  # every net figure after the run's commission and slippage
    assert overall["commission_usd"] == pytest.approx(trades["CommissionUSD"].sum())
    assert overall["slippage_usd"] == pytest.approx(trades["SlippageUSD"].sum())
    assert overall["net_usd"] == pytest.approx(trades["NetUSD"].sum())
    assert overall["gross_usd"] == pytest.approx(trades["GrossUSD"].sum())
    assert_summary_equals_cli(at, stats)
    frame = results_frame(at).reset_index(drop=True)
    assert list(frame.columns) == list(rows.columns)
    for column in EXTENDED_TIMES:
        assert (pd.to_datetime(frame[column], utc=True).equals(pd.to_datetime(rows[column], utc=True))), column
    reference, extended = list(rows.columns[:17]), [c for c in rows.columns[17:] if c not in EXTENDED_TIMES]
    pd.testing.assert_frame_equal(frame[reference].astype({"Profit": "float64"}),
                                  rows[reference].astype({"Profit": "float64"}), check_dtype=False)
    numbers = pd.read_csv(tmp_path / "cli.csv", usecols=extended, float_precision="round_trip")
    pd.testing.assert_frame_equal(frame[extended], numbers[extended], check_dtype=False)


def test_invalid_options_are_shown_and_the_app_keeps_running(monkeypatch, data_dir, tmp_path):
    at = start_app(monkeypatch, data_dir, tmp_path / "runs")
    choose_source(at, "ES/")
    at.text_input(key="as_of").input(AS_OF)
    for key, value, message in (("t1", "1", "--t1"), ("target", "5.1", "not a multiple of the ES tick"),
                                ("stop_cap", "two", "--stop-cap"), ("range_start", "S1:25:00", "range")):
        at.text_input(key=key).input(value)
        at.button(key="run").click().run()
        assert not at.exception, at.exception
        assert at.error and message in at.error[0].value, (key, [e.value for e in at.error])
        at.text_input(key=key).input("")
    run(at)
    assert metric(at, "Trades") != "–"


def test_inspect_follows_the_strategy_options(monkeypatch, data_dir, tmp_path):
    at = start_app(monkeypatch, data_dir, tmp_path / "runs")
    choose_source(at, "ES/")
    at.text_input(key="as_of").input(AS_OF)
    at.text_input(key="target").input("7.5")
    at.text_input(key="t1").input("0.5")
    at.text_input(key="range_start").input("S2:08:30")
    at.date_input(key="inspect_date").set_value(pd.Timestamp("2024-01-10").date())
    at.selectbox(key="inspect_slot").select("S2:09:30")
    at.button(key="inspect").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    rows, _ = cli_run(data_dir / "ES", "ES", tmp_path / "cli.csv", "--target", "7.5", "--t1", "0.5",
                      "--range-start", "S2:08:30")
    want = rows[(rows["Date"] == "2024-01-10") & (rows["Time"] == "09:30")].reset_index(drop=True)
    assert len(want) == 1 and float(want["Target"].iloc[0]) == 7.5
    row_table = [t.value for t in at.table if "EntryPrice" in t.value.columns][0].reset_index(drop=True)
    for column in want.columns:
        assert str(row_table[column].iloc[0]) == str(want[column].iloc[0]), column
