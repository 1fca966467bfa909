"""Every panel of the app through Streamlit's AppTest; figures equal the CLI's
(`orbit run --out x.csv` then `orbit report x.csv --json`) for the same parameters."""
from __future__ import annotations

import math

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import orbit

from conftest import AS_OF, PAGE, cli_run, fmt

SUMMARY_COLUMNS = ["rows", "trades", "Win", "Loss", "BE", "TIME", "OPEN", "NoTrade", "win_rate_pct", "total_points",
                   "gross_usd", "net_usd", "profit_factor", "expectancy_usd", "max_drawdown_usd",
                   "longest_losing_streak"]


def start_app(monkeypatch, data, runs) -> AppTest:
    monkeypatch.setenv("ORBIT_APP_DATA", str(data))
    monkeypatch.setenv("ORBIT_APP_RUNS", str(runs))
    at = AppTest.from_file(str(PAGE), default_timeout=120)
    at.run()
    assert not at.exception, at.exception
    return at


def choose_source(at: AppTest, label: str) -> None:
    at.selectbox(key="source").select(label).run()
    assert not at.exception, at.exception


def run(at: AppTest) -> None:
    at.button(key="run").click().run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]


def metric(at: AppTest, label: str) -> str:
    found = [m.value for m in at.metric if m.label == label]
    assert found, f"no metric {label!r} in {[m.label for m in at.metric]}"
    return found[0]


def table_by_title(at: AppTest, first_key: str, column: str | None = None) -> pd.DataFrame:
    """The st.table whose index starts with `first_key` (and that has `column`)."""
    for t in at.table:
        frame = t.value
        if len(frame.index) and str(frame.index[0]) == first_key and (column is None or column in frame.columns):
            return frame
    raise AssertionError(f"no table starting with {first_key!r}")


def same(a, b) -> bool:
    if a is None or (isinstance(a, float) and math.isnan(a)):
        return b is None or (isinstance(b, float) and math.isnan(b))
    return a == b


def assert_groups_equal(frame: pd.DataFrame, groups: list[dict]) -> None:
    assert list(frame.index) == [g["key"] for g in groups]
    for g in groups:
        for col in SUMMARY_COLUMNS:
            want = g["results"][col] if col in ("Win", "Loss", "BE", "TIME", "OPEN", "NoTrade") else g[col]
            got = frame.loc[g["key"], col]
            got = None if pd.isna(got) else (got.item() if hasattr(got, "item") else got)
            assert same(got, want), (g["key"], col, got, want)


def assert_summary_equals_cli(at: AppTest, stats: dict) -> None:
    overall = stats["overall"]
    assert metric(at, "Rows") == fmt(overall["rows"])
    assert metric(at, "Trades") == fmt(overall["trades"])
    assert metric(at, "Win rate %") == fmt(overall["win_rate_pct"])
    assert metric(at, "Points") == fmt(overall["total_points"])
    assert metric(at, "Gross USD (before costs)") == fmt(overall["gross_usd"])
    costs = overall["commission_usd"] + overall.get("slippage_usd", 0.0)
    assert metric(at, "Costs USD (commission + slippage)") == fmt(costs)
    assert metric(at, "Net USD (after costs)") == fmt(overall["net_usd"])
    assert metric(at, "Profit factor (net)") == fmt(overall["profit_factor"])
    assert metric(at, "Max drawdown USD (net)") == fmt(overall["max_drawdown_usd"])
    assert metric(at, "Expectancy USD (net)") == fmt(overall["expectancy_usd"])
    streams = stats["breakdowns"]["stream"]
    slots = stats["breakdowns"]["slot"]
    assert_groups_equal(table_by_title(at, streams[0]["key"]), streams)
    assert_groups_equal(table_by_title(at, slots[0]["key"]), slots)


def results_frame(at: AppTest) -> pd.DataFrame:
    [frame] = [d.value for d in at.dataframe if "Result" in getattr(d.value, "columns", [])]
    return frame


# --- data panel ---------------------------------------------------------------------------

def test_data_panel_lists_sources_files_instruments_and_spans(monkeypatch, data_dir, tmp_path):
    at = start_app(monkeypatch, data_dir, tmp_path / "runs")
    options = at.selectbox(key="source").options
    for label in ("ES/", "instrument=NQ/", "cl_jan.csv"):
        assert label in options, options
    # Everything under --data: three instruments, bar counts and spans from the engine's readers.
    inst = table_by_title(at, "CL")
    assert list(inst.index) == ["CL", "ES", "NQ"]
    es_bars = sum(len(pd.read_parquet(p)) for p in sorted((data_dir / "ES").rglob("*.parquet")))
    assert inst.loc["ES", "bars"] == es_bars
    assert at.selectbox(key="instrument").options == ["CL", "ES", "NQ"]
    at.selectbox(key="instrument").select("ES").run()
    assert metric(at, "Bars") == fmt(es_bars)
    first = pd.read_parquet(data_dir / "ES" / "1m" / "2023" / "12" / "es.parquet")["timestamp"].min()
    assert metric(at, "First bar") == str(first)
    assert tuple(at.select_slider(key="years").value) == (2023, 2024)
    # The reference layout: the files `orbit run --bars data/ES` reads.
    choose_source(at, "ES/")
    files = [d.value for d in at.dataframe if "format" in getattr(d.value, "columns", [])][0]
    assert [p.split("/ES/")[1] for p in files["path"]] == ["1m/2023/12/es.parquet", "1m/2024/01/es.parquet",
                                                           "1m/2024/02/es.parquet"]
    # A hive folder and a single file.
    choose_source(at, "instrument=NQ/")
    assert at.selectbox(key="instrument").options == ["NQ"]
    choose_source(at, "cl_jan.csv")
    assert at.selectbox(key="instrument").options == ["CL"]


# --- parameters, run, summary, table ----------------------------------------------------------

def test_run_with_defaults_equals_cli(monkeypatch, data_dir, tmp_path):
    at = start_app(monkeypatch, data_dir, tmp_path / "runs")
    choose_source(at, "ES/")
    at.text_input(key="as_of").input(AS_OF).run()
    run(at)
    rows, stats = cli_run(data_dir / "ES", "ES", tmp_path / "cli.csv")
    assert_summary_equals_cli(at, stats)
    frame = results_frame(at).reset_index(drop=True)
    pd.testing.assert_frame_equal(frame.astype({"Profit": "float64"}), rows.astype({"Profit": "float64"}),
                                  check_dtype=False)


def test_run_with_parameters_equals_cli(monkeypatch, data_dir, tmp_path):
    at = start_app(monkeypatch, data_dir, tmp_path / "runs")
    choose_source(at, "instrument=NQ/")
    at.text_input(key="as_of").input(AS_OF)
    at.checkbox(key="all_slots").uncheck().run()
    at.multiselect(key="slots").set_value(["S1:07:30", "S2:09:30", "S2:11:00"])
    at.multiselect(key="trade_days").set_value([0, 2, 4])
    at.radio(key="target_mode").set_value("time")
    at.multiselect(key="fixes").set_value(["KI-01", "KI-03"])
    at.checkbox(key="no_trade_rows").uncheck()
    run(at)
    rows, stats = cli_run(data_dir / "instrument=NQ", "NQ", tmp_path / "cli.csv",
                          "--slots", "S1:07:30,S2:09:30,S2:11:00", "--trade-days", "0,2,4", "--target-mode", "time",
                          "--fix", "KI-01,KI-03", "--no-trade-rows", "off")
    assert len(rows) > 0 and "NoTrade" not in set(rows["Result"])
    assert_summary_equals_cli(at, stats)
    assert len(results_frame(at)) == len(rows)


def test_fix_choices_show_their_descriptions(monkeypatch, data_dir, tmp_path):
    at = start_app(monkeypatch, data_dir, tmp_path / "runs")
    options = at.multiselect(key="fixes").options
    catalogue = orbit.fix_catalogue()
    assert options == [f"{k}: {v}" for k, v in catalogue.items()]


def test_year_filter_equals_cli_start_end(monkeypatch, data_dir, tmp_path):
    at = start_app(monkeypatch, data_dir, tmp_path / "runs")
    choose_source(at, "ES/")
    at.text_input(key="as_of").input(AS_OF)
    at.select_slider(key="years").set_range(2024, 2024).run()
    run(at)
    rows, stats = cli_run(data_dir / "ES", "ES", tmp_path / "cli.csv", "--start", "2024-01-01", "--end",
                          "2024-12-31")
    assert set(r[:4] for r in rows["Date"]) == {"2024"}
    assert_summary_equals_cli(at, stats)


def test_results_table_filters(monkeypatch, data_dir, tmp_path):
    at = start_app(monkeypatch, data_dir, tmp_path / "runs")
    choose_source(at, "ES/")
    at.text_input(key="as_of").input(AS_OF)
    run(at)
    rows, stats = cli_run(data_dir / "ES", "ES", tmp_path / "cli.csv")
    at.multiselect(key="filter_result").set_value(["Win"])
    at.multiselect(key="filter_stream").set_value(["ES2"]).run()
    shown = results_frame(at)
    want = [g for g in stats["breakdowns"]["stream"] if g["key"] == "ES2"][0]["results"]["Win"]
    assert len(shown) == want > 0
    assert set(shown["Result"]) == {"Win"} and set(shown["Stream"]) == {"ES2"}


# --- saved runs and comparison ---------------------------------------------------------------

def test_save_two_runs_and_compare_them(monkeypatch, data_dir, tmp_path):
    runs_dir = tmp_path / "runs"
    at = start_app(monkeypatch, data_dir, runs_dir)
    choose_source(at, "ES/")
    at.text_input(key="as_of").input(AS_OF)
    run(at)
    at.text_input(key="run_name").input("compat")
    at.button(key="save_run").click().run()
    assert at.success and "compat" in at.success[0].value
    at.multiselect(key="fixes").set_value(["KI-01"])
    run(at)
    at.text_input(key="run_name").input("ki01")
    at.button(key="save_run").click().run()
    saved = sorted(p.name for p in runs_dir.iterdir())
    assert len(saved) == 2
    for folder in saved:
        for name in ("params.json", "results.parquet", "report.json", "report.html"):
            assert (runs_dir / folder / name).is_file()
    at.run()
    [name_a] = [n for n in saved if n.endswith("compat")]
    [name_b] = [n for n in saved if n.endswith("ki01")]
    at.selectbox(key="compare_a").select(name_a)
    at.selectbox(key="compare_b").select(name_b)
    at.selectbox(key="compare_by").select("stream").run()
    assert not at.exception
    _, stats_a = cli_run(data_dir / "ES", "ES", tmp_path / "a.csv")
    _, stats_b = cli_run(data_dir / "ES", "ES", tmp_path / "b.csv", "--fix", "KI-01")
    table = table_by_title(at, "ES1", "net_usd B-A")
    for ga, gb in zip(stats_a["breakdowns"]["stream"], stats_b["breakdowns"]["stream"]):
        key = ga["key"]
        assert table.loc[key, "net_usd A"] == ga["net_usd"]
        assert table.loc[key, "net_usd B"] == gb["net_usd"]
        assert table.loc[key, "net_usd B-A"] == pytest.approx(gb["net_usd"] - ga["net_usd"], abs=1e-9)
        assert table.loc[key, "trades A"] == ga["trades"]


# --- inspection and quality ------------------------------------------------------------------

def test_inspect_panel_shows_the_engines_range_and_row(monkeypatch, data_dir, tmp_path):
    at = start_app(monkeypatch, data_dir, tmp_path / "runs")
    choose_source(at, "ES/")
    at.text_input(key="as_of").input(AS_OF)
    at.date_input(key="inspect_date").set_value(pd.Timestamp("2024-01-10").date())
    at.selectbox(key="inspect_slot").select("S2:09:30")
    at.button(key="inspect").click().run()
    assert not at.exception and not at.error
    rows, _ = cli_run(data_dir / "ES", "ES", tmp_path / "cli.csv")
    want = rows[(rows["Date"] == "2024-01-10") & (rows["Time"] == "09:30")].reset_index(drop=True)
    assert len(want) == 1
    row_table = [t.value for t in at.table if "EntryPrice" in t.value.columns][0].reset_index(drop=True)
    for column in want.columns:
        assert str(row_table[column].iloc[0]) == str(want[column].iloc[0]), column
    view = orbit.inspect_range(data_dir / "ES", "ES", "2024-01-10", "S2:09:30", as_of=AS_OF)
    assert metric(at, "Range high") == f"{view['range_high']:,.6f}"
    assert metric(at, "Long breakout") == f"{view['long_level']:,.6f}"
    assert metric(at, "Short breakout") == f"{view['short_level']:,.6f}"
    assert len(at.get("vega_lite_chart")) >= 1


def test_quality_panel_shows_the_engines_checks(monkeypatch, data_dir, tmp_path):
    at = start_app(monkeypatch, data_dir, tmp_path / "runs")
    choose_source(at, "ES/")
    at.button(key="check").click().run()
    assert not at.exception and not at.error
    q = orbit.check_data(data_dir / "ES", "ES")
    assert metric(at, "Bars") == fmt(q["bars"])
    assert metric(at, "Gaps > 10 min") == fmt(q["gaps"])
    assert metric(at, "… in trading hours") == fmt(q["gaps_in_trading_hours"])
    assert metric(at, "Duplicate timestamps") == fmt(q["duplicate_timestamps"])
    assert metric(at, "OHLC violations") == fmt(q["ohlc_violations"])
    assert metric(at, "Outliers") == fmt(q["outliers"])
    assert metric(at, "Bars outside Globex hours") == fmt(q["outside_hours"])
    labels = [e.label for e in at.expander]
    assert any(label.startswith("Highest highs") for label in labels)
    assert any(label.startswith("Largest gaps") for label in labels)


# --- bad input ------------------------------------------------------------------------------------

def test_bad_input_is_shown_and_the_app_keeps_running(monkeypatch, bad_data_dir, tmp_path):
    at = start_app(monkeypatch, bad_data_dir, tmp_path / "runs")
    # Everything: the corrupt Parquet file fails the readers.
    assert at.error and "broken.parquet" in at.error[0].value
    choose_source(at, "malformed.csv")
    assert at.error and "malformed.csv" in at.error[0].value
    # A good folder, then a year without bars: the engine's "no rows" message.
    choose_source(at, "holes/")
    assert not at.error
    at.text_input(key="as_of").input(AS_OF)
    at.select_slider(key="years").set_range(2023, 2023).run()
    at.button(key="run").click().run()
    assert not at.exception
    assert at.error and "no rows" in at.error[0].value
    # A bad as-of: a readable usage error; then a good run works again.
    at.select_slider(key="years").set_range(2022, 2024)
    at.text_input(key="as_of").input("next tuesday")
    at.button(key="run").click().run()
    assert at.error and "as-of" in at.error[0].value
    at.text_input(key="as_of").input(AS_OF)
    at.button(key="run").click().run()
    assert not at.error and not at.exception
    assert metric(at, "Trades") != "–"
    # Inspecting a date far from any bar: the reader's readable message, the app goes on.
    at.date_input(key="inspect_date").set_value(pd.Timestamp("2023-06-07").date())
    at.button(key="inspect").click().run()
    assert not at.exception
    assert at.error and "no rows" in at.error[0].value
    # A Saturday between bars: no range, said in the page.
    at.date_input(key="inspect_date").set_value(pd.Timestamp("2022-01-08").date())
    at.button(key="inspect").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert any("No bar in the range window" in i.value for i in at.info)
