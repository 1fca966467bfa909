"""Altair charts of the app, drawn from figures the engine and the report
code computed (equity/drawdown series, the inspected range, sweep SUMMARY cells). No Streamlit here."""
from __future__ import annotations

import altair as alt
import pandas as pd


def equity_frame(series: dict) -> pd.DataFrame:
    rows = []
    for s in series["equity"]:
        for date, eq, dd in zip(s["date"], s["equity_usd"], s["drawdown_usd"]):
            rows.append({"stream": s["stream"], "date": pd.Timestamp(date), "equity_usd": eq, "drawdown_usd": dd})
    return pd.DataFrame(rows, columns=["stream", "date", "equity_usd", "drawdown_usd"])


def equity_chart(frame: pd.DataFrame, column: str, title: str) -> alt.Chart:
    return (alt.Chart(frame, title=title)
            .mark_line(interpolate="step-after")
            .encode(x=alt.X("date:T", title="date"), y=alt.Y(f"{column}:Q", title="USD"),
                    color=alt.Color("stream:N"), tooltip=["stream", "date", column])
            .properties(height=260))


def inspection_chart(view: dict, entry_price: float | None, exit_price: float | None) -> alt.LayerChart:
    """Bars as candles, the range window shaded, range high/low and breakout levels
    as horizontal rules, entry and exit as points (all values from orbit.inspect_range)."""
    bars = view["bars"].copy()
    bars["time"] = bars["timestamp"].dt.tz_localize(None)
    bars["up"] = bars["close"] >= bars["open"]
    base = alt.Chart(bars).encode(x=alt.X("time:T", title="Chicago time"))
    wick = base.mark_rule(color="#666").encode(y=alt.Y("low:Q", scale=alt.Scale(zero=False), title="price"),
                                               y2="high:Q")
    body = base.mark_bar(width=3).encode(
        y="open:Q", y2="close:Q",
        color=alt.condition("datum.up", alt.value("#2a9d8f"), alt.value("#e76f51")),
        tooltip=["time:T", "open:Q", "high:Q", "low:Q", "close:Q"])
    layers = []
    naive = lambda ts: ts.tz_localize(None) if ts is not None else None  # noqa: E731
    window = pd.DataFrame({"start": [naive(view["window_start"])], "end": [naive(view["slot_end"])]})
    layers.append(alt.Chart(window).mark_rect(opacity=0.12, color="#457b9d").encode(x="start:T", x2="end:T"))
    layers += [wick, body]
    if view["range_exists"]:
        levels = pd.DataFrame({
            "level": ["range high", "range low", "long breakout", "short breakout"],
            "price": [view["range_high"], view["range_low"], view["long_level"], view["short_level"]],
            "kind": ["range", "range", "breakout", "breakout"]})
        layers.append(alt.Chart(levels).mark_rule(strokeDash=[4, 3]).encode(
            y="price:Q", color=alt.Color("level:N", title=None), tooltip=["level", "price"]))
    marks = []
    if view["entry_time"] is not None and entry_price is not None:
        marks.append({"event": "entry", "time": naive(view["entry_time"]), "price": entry_price})
    if view["exit_time"] is not None and exit_price is not None:
        marks.append({"event": "exit", "time": naive(view["exit_time"]), "price": exit_price})
    if marks:
        layers.append(alt.Chart(pd.DataFrame(marks)).mark_point(size=160, filled=True, shape="diamond").encode(
            x="time:T", y="price:Q", color=alt.Color("event:N", scale=alt.Scale(range=["#1d3557", "#e63946"])),
            tooltip=["event", "time:T", "price:Q"]))
    return alt.layer(*layers).resolve_scale(color="independent").properties(height=380)


def heatmap_chart(cells: pd.DataFrame, x: str, y: str, metric: str, title: str,
                  higher_is_better: bool = True) -> alt.LayerChart:
    """One colored cell per (x, y) with its value written in it (cells from sweeps.heatmap_cells);
    green = better."""
    base = alt.Chart(cells, title=title).encode(x=alt.X(f"{x}:O", title=x),
                                                y=alt.Y(f"{y}:O", title=y, sort="descending"))
    scale = alt.Scale(scheme="redyellowgreen", reverse=not higher_is_better)
    color = alt.Color(f"{metric}:Q", title=metric, scale=scale)
    rect = base.mark_rect().encode(color=color, tooltip=[x, y, metric])
    text = base.mark_text(fontSize=11).encode(text=alt.Text(f"{metric}:Q", format=",.2f"))
    return alt.layer(rect, text).properties(height={"step": 36})
