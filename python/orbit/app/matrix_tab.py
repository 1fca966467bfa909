"""The Matrix tab: the master matrix of the Results tab's run (``orbit.matrix``, SELECTION_SPEC.md).

The filters are widgets (per stream: weekdays, days of the month and slots to exclude; ``master``:
slots and weekdays for all streams); Build matrix sends them, as a stream_filters dict, with the
run's result table to ``orbit.matrix``. The tab shows the chosen slot per stream and day (switch days
highlighted), the statistics and the timetable of a session date. Every figure comes from
``orbit.matrix``; this module only lays them out.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

import orbit

from .session import fmt, remember, show_remembered_error

RESULT = "matrix"
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
SLOTS = {"1": ["07:30", "08:00", "09:00"], "2": ["09:30", "10:00", "10:30", "11:00"]}
ALL_SLOTS = SLOTS["1"] + SLOTS["2"]
SHOWN = ["Stream", "trade_date", "Time", "Time Change", "Result", "Profit", "ProfitDollars", "rs_value",
         "final_allowed", "filter_reasons"]


def parse_days(text: str) -> list[int]:
    """'1, 15' -> [1, 15]. ValueError for anything but day numbers 1..31."""
    days = [int(t) for t in text.replace(" ", "").split(",") if t]
    bad = [d for d in days if not 1 <= d <= 31]
    if bad:
        raise ValueError(f"days of the month must be 1..31, got {bad}")
    return days


def filters_from_widgets(streams: list[str]) -> dict:
    """The stream_filters dict the widgets describe (only non-empty lists)."""
    filters: dict = {}
    for key in [*streams, "master"]:
        entry = {}
        dow = st.session_state.get(f"mx_dow_{key}", [])
        times = st.session_state.get(f"mx_times_{key}", [])
        dom = parse_days(st.session_state.get(f"mx_dom_{key}", "") or "")
        if dow:
            entry["exclude_days_of_week"] = list(dow)
        if dom:
            entry["exclude_days_of_month"] = dom
        if times:
            entry["exclude_times"] = list(times)
        if entry:
            filters[key] = entry
    return filters


def next_weekday(day: dt.date) -> dt.date:
    day += dt.timedelta(days=1)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def build(table, filters: dict, date: str, mode: str) -> dict:
    return orbit.matrix(table, filters=filters, timetable=[date], timetable_mode=mode)


def draw(result) -> None:
    """The whole tab; `result` is the Results tab's run (runs.RunResult) or None."""
    st.subheader("Master matrix")
    if result is None:
        st.info("Run the analyzer first (sidebar, Run analyzer): the matrix is built from its rows.")
        return
    streams = sorted(set(result.table["Stream"].to_pylist()))
    st.caption("Filters (SELECTION_SPEC.md §1.2, §5): excluded slots are never traded; excluded weekdays and days "
               "of the month set final_allowed to False (master's weekdays only gate the timetable).")
    for key in [*streams, "master"]:
        c1, c2, c3 = st.columns(3)
        slots = ALL_SLOTS if key == "master" else SLOTS.get(key[-1], ALL_SLOTS)
        c1.multiselect(f"{key}: exclude weekdays", WEEKDAYS, key=f"mx_dow_{key}")
        c2.multiselect(f"{key}: exclude slots", slots, key=f"mx_times_{key}")
        if key != "master":
            c3.text_input(f"{key}: exclude days of month", key=f"mx_dom_{key}", placeholder="e.g. 1,15")
    last = max(result.table["Date"].to_pylist())
    last_day = last.date() if hasattr(last, "date") else dt.date.fromisoformat(str(last)[:10])
    c1, c2, c3 = st.columns(3)
    date = c1.text_input("Timetable date", value=next_weekday(last_day).isoformat(), key="mx_date",
                         help="The session date of the execution timetable (YYYY-MM-DD)")
    mode = c2.selectbox("Timetable mode", ["live", "historical"], key="mx_mode",
                        help="live: each stream's latest row; historical: only rows up to the date")
    c3.write("")
    if c3.button("Build matrix", key="build_matrix", type="primary"):
        try:
            filters = filters_from_widgets(streams)
        except ValueError as e:
            st.session_state.pop(RESULT, None)
            st.session_state[f"{RESULT}_error"] = f"ValueError: {e}"
        else:
            remember(RESULT, lambda: build(result.table, filters, date.strip(), mode))
    show_remembered_error(RESULT, "Matrix failed")
    built: dict | None = st.session_state.get(RESULT)
    if built is not None:
        draw_result(built)


def highlight_switches(frame: pd.DataFrame, switches: pd.DataFrame):
    """Styles the slot pivot: a cell whose day switched (Time Change set) is highlighted."""
    def style(_):
        return switches.map(lambda s: "background-color: #ffe08a" if s else "")
    return frame.style.apply(style, axis=None)


def draw_result(built: dict) -> None:
    m: pd.DataFrame = built["matrix"]
    stats = built["stats"]
    for w in built["warnings"]:
        st.warning(w)
    summary = stats["summary_stats_include_filtered_executed_false"]
    trades = summary["performance_trade_metrics"]
    daily = summary["performance_daily_metrics"]
    cols = st.columns(4)
    cols[0].metric("Matrix rows", fmt(len(m)))
    cols[1].metric("Switches", fmt(int((m["Time Change"] != "").sum())))
    cols[2].metric("Not allowed", fmt(int((~m["final_allowed"]).sum())))
    cols[3].metric("Profit USD (allowed)", fmt(trades.get("total_profit")))
    cols = st.columns(4)
    cols[0].metric("Win rate %", fmt(trades.get("win_rate")))
    cols[1].metric("Profit factor", fmt(trades.get("profit_factor")))
    cols[2].metric("Sharpe", fmt(daily.get("sharpe_ratio")))
    cols[3].metric("Max drawdown USD", fmt(trades.get("max_drawdown")))

    st.markdown("**Chosen slot per stream and day** (highlighted: a loss switched the slot for the next day)")
    slots = m.pivot(index="trade_date", columns="Stream", values="Time")
    switches = m.pivot(index="trade_date", columns="Stream", values="Time Change").fillna("")
    st.dataframe(highlight_switches(slots, switches), key="mx_slots")

    st.markdown("**Per stream** (allowed trades only)")
    per_stream = pd.DataFrame(stats["stream_stats_include_filtered_executed_false"]).T
    st.dataframe(per_stream, key="mx_stream_stats")

    for date, tt in built["timetables"].items():
        st.markdown(f"**Execution timetable for {date}** (hash {tt['timetable_hash'][:12]}…)")
        entries = pd.DataFrame(tt["streams"])
        if "block_reason" not in entries:
            entries["block_reason"] = None
        st.dataframe(entries[["stream", "slot_time", "enabled", "block_reason"]], key="mx_timetable",
                     hide_index=True)

    st.markdown("**Matrix rows**")
    st.dataframe(m[[c for c in SHOWN if c in m.columns]], key="mx_rows", hide_index=True)
