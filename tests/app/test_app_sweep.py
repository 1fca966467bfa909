"""The Sweep tab (python/orbit/app/sweep_tab.py): its SUMMARY equals `orbit sweep`
with the same axes and the sidebar's run options; the heatmap and the top
combinations show SUMMARY cells only; bad axes are readable errors."""
from __future__ import annotations

import pandas as pd
import pytest

from conftest import AS_OF, SWEEP_TEXT, cli_sweep
from test_app_panels import choose_source, start_app

TOP_COLUMNS = ["combo", "group", "target", "stop_cap", "t1", "be_offset", "trades", "win_rate_pct", "points", "usd",
               "profit_factor", "expectancy_usd", "max_drawdown_usd"]


def sweep(at, **axes) -> None:
    for axis, text in axes.items():
        at.text_input(key=f"sweep_{axis}").input(text)
    at.button(key="run_sweep").click().run()
    assert not at.exception, at.exception


def summary_table(at) -> pd.DataFrame:
    [frame] = [d.value for d in at.dataframe if "drawdown_start" in getattr(d.value, "columns", [])]
    return frame.reset_index(drop=True)


def top_tables(at) -> list[pd.DataFrame]:
    return [d.value for d in at.dataframe if list(getattr(d.value, "columns", [])) == TOP_COLUMNS]


def normalized(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    for column in SWEEP_TEXT:
        frame[column] = frame[column].fillna("").astype(str)
    return frame


@pytest.fixture()
def swept(monkeypatch, data_dir, tmp_path):
    """The app after a sweep over ES with sidebar options (trade days, KI-01, BE offset 0,
    stop-first) and three axes, by stream; and `orbit sweep` with the same flags."""
    at = start_app(monkeypatch, data_dir, tmp_path / "runs")
    choose_source(at, "ES/")
    at.text_input(key="as_of").input(AS_OF)
    at.multiselect(key="trade_days").set_value([0, 1, 2, 3])
    at.multiselect(key="fixes").set_value(["KI-01"])
    at.number_input(key="be_offset").set_value(0)
    at.selectbox(key="intrabar").select("stop-first")
    at.selectbox(key="sweep_by").select("stream")
    sweep(at, target="5,7.5,10", stop_cap="2:3:0.5", t1="0.5,0.65")
    assert not at.error, [e.value for e in at.error]
    cli = cli_sweep(data_dir / "ES", "ES", tmp_path / "sweep.csv", "--trade-days", "0,1,2,3", "--fix", "KI-01",
                    "--be-offset", "0", "--intrabar", "stop-first", "--by", "stream", "--target", "5,7.5,10",
                    "--stop-cap", "2:3:0.5", "--t1", "0.5,0.65")
    return at, cli


def test_sweep_summary_equals_cli(swept):
    at, cli = swept
    assert len(cli) == 3 * 3 * 2 * 2  # combinations x streams
    assert set(cli["be_offset"]) == {0}
    pd.testing.assert_frame_equal(normalized(summary_table(at)), normalized(cli), check_dtype=False)


def test_heatmap_shows_summary_cells(swept):
    at, cli = swept
    at.selectbox(key="sweep_metric").select("profit_factor")
    at.selectbox(key="sweep_x").select("target")
    at.selectbox(key="sweep_y").select("stop_cap")
    at.selectbox(key="sweep_group").select("ES2")
    at.selectbox(key="sweep_fix_t1").select(0.5).run()
    assert not at.exception and not at.error
    [grid] = [d.value for d in at.dataframe if d.value.index.name == "stop_cap"]
    rows = cli[(cli["group"] == "ES2") & (cli["t1"] == 0.5)]
    assert grid.shape == (3, 3)
    for _, row in rows.iterrows():
        assert grid.loc[row["stop_cap"], row["target"]] == row["profit_factor"]
    assert len(at.get("arrow_vega_lite_chart")) + len(at.get("vega_lite_chart")) >= 1


def test_top_combinations_per_stream_are_summary_rows(swept):
    at, cli = swept
    at.selectbox(key="sweep_metric").select("usd")
    at.number_input(key="sweep_top_count").set_value(3).run()
    tables = top_tables(at)
    assert [t["group"].iloc[0] for t in tables] == ["ES1", "ES2"]
    for table in tables:
        stream = table["group"].iloc[0]
        want = cli[cli["stream"] == stream].sort_values(["usd", "combo"], ascending=[False, True]).head(3)
        pd.testing.assert_frame_equal(table.reset_index(drop=True), want[TOP_COLUMNS].reset_index(drop=True),
                                      check_dtype=False)


def test_bad_axes_are_shown_and_the_app_keeps_running(monkeypatch, data_dir, tmp_path):
    at = start_app(monkeypatch, data_dir, tmp_path / "runs")
    choose_source(at, "ES/")
    at.text_input(key="as_of").input(AS_OF)
    for axes, message in (({"target": "5,,10"}, "empty value"), ({"t1": "0.5:1.2:0.1"}, "--t1"),
                          ({"t1": "1"}, "fraction"), ({"target": "5.1"}, "not a multiple of the ES tick"),
                          ({"target": "10:5:1"}, "empty range")):
        sweep(at, **axes)
        assert at.error and message in at.error[0].value, (axes, [e.value for e in at.error])
        sweep(at, **{axis: "" for axis in axes})
        assert not at.error, [e.value for e in at.error]
    at.number_input(key="sweep_max_combos").set_value(10)
    sweep(at, target="5:7:0.25", stop_cap="1,2")
    assert at.error and "18 combinations, more than --max-combos 10" in at.error[0].value
    at.number_input(key="sweep_max_combos").set_value(100)
    sweep(at)
    assert not at.error and not at.exception
    assert len(summary_table(at)) > 0


@pytest.mark.parametrize("by", ["slot", "year"])
def test_sweep_by_slot_and_year_equal_cli(monkeypatch, data_dir, tmp_path, by):
    at = start_app(monkeypatch, data_dir, tmp_path / "runs")
    choose_source(at, "ES/")
    at.text_input(key="as_of").input(AS_OF)
    at.text_input(key="target").input("7.5")  # the sidebar's target: the target axis when none is typed
    at.selectbox(key="sweep_by").select(by)
    sweep(at, stop_cap="1,2,3")
    assert not at.error, [e.value for e in at.error]
    cli = cli_sweep(data_dir / "ES", "ES", tmp_path / "sweep.csv", "--by", by, "--target", "7.5",
                    "--stop-cap", "1,2,3")
    pd.testing.assert_frame_equal(normalized(summary_table(at)), normalized(cli), check_dtype=False)
    # Top combinations: per stream for slot rows ("ES1 07:30" rows under ES1), per year for year rows.
    keys = sorted(set(cli["stream"] if by == "slot" else cli["group"]))
    shown = [sorted(set(t["group"].str.split().str[0])) for t in top_tables(at)]
    assert shown == [[k] for k in keys]
