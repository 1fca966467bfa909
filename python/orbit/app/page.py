"""The Orbit app's Streamlit page (served by ``python -m orbit.app --data DIR``).

Panels: sidebar (data source, instrument, years, run parameters, the strategy
and research options of the catalogue (``params``), Run), and the tabs Results,
Sweep (``sweep_tab``), Matrix (``matrix_tab``: ``orbit.matrix`` of the run), Data, Inspect, Quality and Compare. Every figure comes
from the engine (``orbit.scan``, ``orbit.sweep``, ``orbit.inspect_range``,
``orbit.check_data``, ``orbit.data_summary``) or from ``orbit report``'s
statistics (``orbit.report``); the page only lays them out. Engine errors (bad files, no
bars for an instrument, invalid parameters) are shown in the page.

Folders come from the environment: ORBIT_APP_DATA (the --data folder) and
ORBIT_APP_RUNS (saved runs).
"""
from __future__ import annotations

import os

import pandas as pd
import streamlit as st

import orbit
from orbit.app import charts, matrix_tab, params, runs, sources, sweep_tab
from orbit.app.session import ENGINE_ERRORS, fmt, remember, show_error, show_remembered_error

WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri"]

DATA_DIR = os.environ.get("ORBIT_APP_DATA", "")
RUNS_DIR = os.environ.get("ORBIT_APP_RUNS") or os.path.join(
    os.path.dirname(os.path.abspath(DATA_DIR or ".")), "orbit_runs")

st.set_page_config(page_title="Orbit", layout="wide")


@st.cache_data(show_spinner=False, max_entries=16)
def data_summary(path: str, signature: tuple, file_instrument: str, reading: tuple) -> dict:
    """The source's files read one by one by the engine's readers with the
    sidebar's reading options: {"instruments": [{instrument, bars, first,
    last}], "bad_files": [(path, message)], "warnings"}. A file the readers
    reject is reported and the others are still listed."""
    del signature  # cache key only
    found = orbit.discover_files(path, summarize=True, default_instrument=file_instrument, **dict(reading))
    return sources.summarize(found)


# --- sidebar: data --------------------------------------------------------------------

st.sidebar.title("Orbit")
if not DATA_DIR or not os.path.isdir(DATA_DIR):
    st.error(f"Data folder not found: {DATA_DIR!r} (start the app with --data DIR)")
    st.stop()

source_options = sources.list_sources(DATA_DIR)
labels = [label for label, _ in source_options]
source_label = st.sidebar.selectbox("Data", labels, key="source",
                                    help="The --data folder, or a folder or file below it")
source_path = dict(source_options)[source_label]
reading, file_instrument = params.data_options(st.sidebar.expander("Reading the data"))

files: list[dict] = []
summary: dict | None = None
data_error: BaseException | None = None
try:
    files = orbit.discover_files(source_path)
    summary = data_summary(source_path, sources.signature(files), file_instrument, tuple(sorted(reading.items())))
except ENGINE_ERRORS as e:
    data_error = e

instrument = None
inst_info: dict | None = None
start = end = None
if summary is not None and summary["instruments"]:
    by_symbol = {i["instrument"]: i for i in summary["instruments"]}
    instrument = st.sidebar.selectbox("Instrument", list(by_symbol), key="instrument")
    inst_info = by_symbol[instrument]
    first_year, last_year = inst_info["first"].year, inst_info["last"].year
    if first_year < last_year:
        years = st.sidebar.select_slider("Years", options=list(range(first_year, last_year + 1)),
                                         value=(first_year, last_year), key="years")
        if tuple(years) != (first_year, last_year):
            start, end = f"{years[0]}-01-01", f"{years[1]}-12-31"
    else:
        st.sidebar.caption(f"Year: {first_year}")

# --- sidebar: parameters ----------------------------------------------------------------

st.sidebar.header("Parameters")
catalogue = orbit.session_catalogue()
sessions = st.sidebar.multiselect("Sessions", list(catalogue), default=list(catalogue), key="sessions",
                                  format_func=lambda s: f"{s} (from {catalogue[s]['start']})")
slot_tokens = [f"{s}:{label}" for s in sessions for label in catalogue[s]["slots"]]
all_slots = st.sidebar.checkbox("All slots", value=True, key="all_slots")
chosen_slots = [] if all_slots else st.sidebar.multiselect("Slots", slot_tokens, default=slot_tokens[:1],
                                                           key="slots")
trade_days = st.sidebar.multiselect("Trade days", list(range(5)), default=list(range(5)), key="trade_days",
                                    format_func=lambda d: WEEKDAYS[d])
target_mode = st.sidebar.radio("Target mode", ["fixed", "time"], key="target_mode", horizontal=True)
fix_catalogue = orbit.fix_catalogue()
fixes = st.sidebar.multiselect("Fixes (--fix)", list(fix_catalogue), key="fixes",
                               format_func=lambda k: f"{k}: {fix_catalogue[k]}")
as_of = st.sidebar.text_input("As of (ISO-8601; empty = now)", key="as_of",
                              help="The instant that decides OPEN vs TIME (--as-of)")
no_trade_rows = st.sidebar.checkbox("NoTrade rows", value=True, key="no_trade_rows")
commission = st.sidebar.number_input("Commission, USD per side", min_value=0.0,
                                     value=float(params.spec("commission")["default"]), step=0.5, key="commission",
                                     help=params.spec("commission")["help"] + " - and the report's net USD")
strategy_options = params.strategy_options(st.sidebar)
run_clicked = st.sidebar.button("Run analyzer", key="run", type="primary", disabled=instrument is None)

# The sidebar's run, for Run analyzer and Run sweep (None without an instrument).
settings: runs.RunSettings | None = None
if instrument is not None:
    settings = runs.RunSettings(
        paths=[source_path], instrument=instrument, sessions=sessions, slots=chosen_slots,
        trade_days=sorted(trade_days), target_mode=target_mode, fixes=fixes, as_of=as_of.strip() or None,
        start=start, end=end, no_trade_rows=no_trade_rows, commission=float(commission),
        options={**reading, **strategy_options})

tab_results, tab_sweep, tab_matrix, tab_data, tab_inspect, tab_quality, tab_compare = st.tabs(
    ["Results", "Sweep", "Matrix", "Data", "Inspect", "Quality", "Compare"])

# --- Sweep ------------------------------------------------------------------------------------

with tab_sweep:
    sweep_tab.draw(settings)

# --- Data -----------------------------------------------------------------------------------

with tab_data:
    st.subheader("Data")
    st.caption(f"Source: {source_path}")
    if data_error is not None:
        show_error("Cannot read the data", data_error)
    else:
        st.write(f"{len(files)} input file(s)")
        st.dataframe(pd.DataFrame(files, columns=["path", "format", "partition_instrument"]), key="files_table",
                     hide_index=True)
        if summary is not None:
            inst = pd.DataFrame(summary["instruments"], columns=["instrument", "bars", "first", "last"])
            st.table(inst.set_index("instrument"))
            for w in summary["warnings"]:
                st.warning(w)
            for path, message in summary["bad_files"]:  # reported; the other files are still read
                st.error(f"{path}: {message}", icon="⚠️")
        if inst_info is not None:
            c1, c2, c3 = st.columns(3)
            c1.metric("Bars", fmt(inst_info["bars"]), help=f"{instrument} bars in the source")
            c2.metric("First bar", str(inst_info["first"]))
            c3.metric("Last bar", str(inst_info["last"]))

# --- Results ---------------------------------------------------------------------------------

with tab_results:
    if data_error is not None:
        show_error("Cannot read the data", data_error)
    elif instrument is None:
        st.info("No instrument found in this data source.")
    if run_clicked and settings is not None:
        background = runs.BackgroundRun(settings)
        bar = st.progress(0.0, text="starting")
        while not background.done(0.1):
            label, done, total = background.progress
            bar.progress(min(done / total, 1.0) if total else 0.0, text=f"{label}: {done}/{total}")
        remember("result", background.result)
        bar.progress(1.0, text="done" if "result" in st.session_state else "failed")
    show_remembered_error("result", "Run failed")
    result: runs.RunResult | None = st.session_state.get("result")
    if result is not None:
        stats = result.stats
        overall = stats["overall"]
        st.subheader(f"Summary: {result.settings.instrument}")
        cols = st.columns(4)
        cols[0].metric("Rows", fmt(overall["rows"]))
        cols[1].metric("Trades", fmt(overall["trades"]))
        cols[2].metric("Win rate %", fmt(overall["win_rate_pct"]))
        cols[3].metric("Points", fmt(overall["total_points"]))
        cols = st.columns(3)  # gross and net apart; every net figure after the costs
        cols[0].metric("Gross USD (before costs)", fmt(overall["gross_usd"]))
        cols[1].metric("Costs USD (commission + slippage)", fmt(runs.costs_usd(overall)))
        cols[2].metric("Net USD (after costs)", fmt(overall["net_usd"]))
        cols = st.columns(3)
        cols[0].metric("Profit factor (net)", fmt(overall["profit_factor"]))
        cols[1].metric("Max drawdown USD (net)", fmt(overall["max_drawdown_usd"]))
        cols[2].metric("Expectancy USD (net)", fmt(overall["expectancy_usd"]))
        for w in result.warnings:
            st.warning(w)
        st.markdown("**By stream**")
        st.table(runs.stats_frame(stats["breakdowns"]["stream"]))
        st.markdown("**By slot** (one target level per instrument: slot = level)")
        st.table(runs.stats_frame(stats["breakdowns"]["slot"]))
        with st.expander("By year, month, weekday, direction"):
            for dim in ("year", "month", "weekday", "direction"):
                st.markdown(f"*{dim}*")
                st.dataframe(runs.stats_frame(stats["breakdowns"][dim]), key=f"by_{dim}")

        equity = charts.equity_frame(stats["series"])
        if not equity.empty:
            c1, c2 = st.columns(2)
            c1.altair_chart(charts.equity_chart(equity, "equity_usd", "Equity (net USD)"), width="stretch")
            c2.altair_chart(charts.equity_chart(equity, "drawdown_usd", "Drawdown (net USD)"),
                            width="stretch")

        st.markdown("**Detailed results** (click a column header to sort)")
        frame = result.frame
        f1, f2, f3, f4 = st.columns(4)
        pick_result = f1.multiselect("Result", sorted(frame["Result"].unique()), key="filter_result")
        pick_stream = f2.multiselect("Stream", sorted(frame["Stream"].unique()), key="filter_stream")
        pick_time = f3.multiselect("Time", sorted(frame["Time"].unique()), key="filter_time")
        pick_dir = f4.multiselect("Direction", sorted(frame["Direction"].unique()), key="filter_direction")
        shown = frame
        for column, picked in (("Result", pick_result), ("Stream", pick_stream), ("Time", pick_time),
                               ("Direction", pick_dir)):
            if picked:
                shown = shown[shown[column].isin(picked)]
        st.caption(f"{len(shown)} of {len(frame)} rows")
        st.dataframe(shown, key="results_table", hide_index=True)

        d1, d2, d3 = st.columns([1, 1, 2])
        base_name = f"orbit_{result.settings.instrument}"
        d1.download_button("Download CSV", runs.csv_bytes(result), f"{base_name}.csv", "text/csv",
                           key="download_csv")
        d2.download_button("Download Parquet", runs.parquet_bytes(result), f"{base_name}.parquet",
                           "application/octet-stream", key="download_parquet")
        with d3:
            run_name = st.text_input("Run name", key="run_name")
            if st.button("Save run", key="save_run"):
                try:
                    folder = runs.save_run(result, RUNS_DIR, run_name.strip())
                    st.success(f"Saved to {folder}")
                except ENGINE_ERRORS as e:
                    show_error("Cannot save the run", e)
    elif "result_error" not in st.session_state and instrument is not None:
        st.info("Choose the parameters in the sidebar and press **Run analyzer**.")

# --- Inspect ------------------------------------------------------------------------------------

with tab_inspect:
    st.subheader("Inspect a date and slot")
    if instrument is None or inst_info is None:
        st.info("No instrument to inspect.")
    else:
        i1, i2, i3 = st.columns(3)
        first_day = inst_info["first"].date()
        last_day = inst_info["last"].date()
        day = i1.date_input("Trading date", value=first_day, min_value=first_day, max_value=last_day,
                            key="inspect_date")
        all_tokens = [f"{s}:{label}" for s in catalogue for label in catalogue[s]["slots"]]
        slot = i2.selectbox("Slot", all_tokens, key="inspect_slot")
        i3.write("")
        if i3.button("Inspect", key="inspect"):
            remember("inspection", lambda: orbit.inspect_range(
                [source_path], instrument, day, slot, target_mode=target_mode, fixes=fixes,
                as_of=as_of.strip() or None, **reading, **strategy_options))
        show_remembered_error("inspection", "Inspection failed")
        view = st.session_state.get("inspection")
        if view is not None:
            row = view["row"]
            if not view["range_exists"]:
                st.info("No bar in the range window: no range, no row (spec §3.4).")
            else:
                m = st.columns(4)
                m[0].metric("Range high", fmt(view["range_high"], 6))
                m[1].metric("Range low", fmt(view["range_low"], 6))
                m[2].metric("Long breakout", fmt(view["long_level"], 6))
                m[3].metric("Short breakout", fmt(view["short_level"], 6))
            entry_price = exit_price = None
            if len(row):
                r0 = row.iloc[0]
                entered = view["entry_time"] is not None
                entry_price = float(r0["EntryPrice"]) if entered else None
                exit_price = float(r0["ExitPrice"]) if view["exit_time"] is not None else None
                st.markdown(f"**Result: {r0['Result']}** ({r0['Direction']})")
                st.table(row)
            if len(view["bars"]):
                st.altair_chart(charts.inspection_chart(view, entry_price, exit_price), width="stretch")
                st.dataframe(view["bars"], key="inspect_bars", hide_index=True)
            else:
                st.info("No bars around this date and slot.")

# --- Quality --------------------------------------------------------------------------------------

with tab_quality:
    st.subheader("Data quality")
    if instrument is None:
        st.info("No instrument to check.")
    else:
        q1, q2, q3 = st.columns(3)
        gap_minutes = q1.number_input("Gap threshold, minutes", min_value=1.0, value=10.0, key="gap_minutes")
        outlier_factor = q2.number_input("Outlier factor (× median bar range)", min_value=1.0, value=20.0,
                                         key="outlier_factor")
        if q3.button("Check data", key="check"):
            remember("quality", lambda: orbit.check_data(
                [source_path], instrument, start=start, end=end, gap_minutes=gap_minutes,
                outlier_factor=outlier_factor, **reading))
        show_remembered_error("quality", "Check failed")
        q = st.session_state.get("quality")
        if q is not None:
            if q["reader_error"]:
                st.error(f"The engine's reader rejects this data: {q['reader_error']}", icon="⚠️")
            else:
                m = st.columns(4)
                m[0].metric("Bars", fmt(q["bars"]))
                m[1].metric(f"Gaps > {q['gap_minutes']:g} min", fmt(q["gaps"]))
                m[2].metric("… in trading hours", fmt(q["gaps_in_trading_hours"]))
                m[3].metric("Duplicate timestamps", fmt(q["duplicate_timestamps"]))
                m = st.columns(4)
                m[0].metric(f"Off-tick bars (tick {q['tick']:g})", fmt(q["off_tick_bars"]))
                m[1].metric("OHLC violations", fmt(q["ohlc_violations"]))
                m[2].metric("Bars outside Globex hours", fmt(q["outside_hours"]))
                m[3].metric("Outliers", fmt(q["outliers"]))
                st.caption(f"Median bar range {q['median_range']:g}; NaN-price bars {q['nan_price_bars']}. "
                           "Globex hours: Sunday 17:00 to Friday 16:00 Chicago, daily break 16:00-17:00.")
                for title, key in (("Largest gaps", "largest_gaps"), ("Duplicate timestamps", "duplicate_examples"),
                                   ("Off-tick bars", "off_tick_examples"), ("OHLC violations", "ohlc_examples"),
                                   ("Bars outside Globex hours", "outside_hours_examples"),
                                   ("Outliers", "outlier_examples"), ("Highest highs", "highest_highs"),
                                   ("Lowest lows", "lowest_lows")):
                    with st.expander(f"{title} ({len(q[key])})"):
                        st.dataframe(q[key], key=f"quality_{key}", hide_index=True)
            for w in q["warnings"]:
                st.warning(w)

# --- Matrix (after Results: it builds on the run kept there) ---------------------------------------

with tab_matrix:
    matrix_tab.draw(st.session_state.get("result"))

# --- Compare --------------------------------------------------------------------------------------

with tab_compare:
    st.subheader("Compare two saved runs")
    st.caption(f"Runs folder: {RUNS_DIR}")
    saved = runs.list_runs(RUNS_DIR)
    if len(saved) < 2:
        st.info("Save at least two runs (Results tab, Save run) to compare them.")
    else:
        c1, c2, c3 = st.columns(3)
        run_a = c1.selectbox("Run A", saved, index=1, key="compare_a")
        run_b = c2.selectbox("Run B", saved, index=0, key="compare_b")
        dimension = c3.selectbox("Per", ["overall", "stream", "slot", "year", "month", "weekday", "direction"],
                                 index=1, key="compare_by")
        try:
            a, b = runs.load_run(RUNS_DIR, run_a), runs.load_run(RUNS_DIR, run_b)
            p1, p2 = st.columns(2)
            p1.json(a["params"], expanded=False)
            p2.json(b["params"], expanded=False)
            st.table(runs.compare_runs(a["stats"], b["stats"], dimension))
        except ENGINE_ERRORS as e:
            show_error("Cannot compare", e)

