"""The Sweep tab: axes of ``orbit.sweep``, Run sweep, the best combination per
group with its trade count, a grid-edge flag, PBO and DSR (orbit.overfit), the
walk-forward windows and out-of-sample equity when asked (orbit.walk_forward),
a heatmap of one SUMMARY metric over two axes for one group, and the top
combinations per stream.

The sweep runs with the sidebar's run options (``RunSettings.scan_kwargs``);
an axis typed here replaces the sidebar's value of that option. Every number
shown is a cell of the engine's SUMMARY (``sweeps`` only selects and pivots).
Bad axes (empty values, T1 >= 1, off-tick targets, too many combinations) are
the engine's UsageError, shown in the tab; the app keeps running.
"""
from __future__ import annotations

import streamlit as st

from . import charts, params, sweeps
from .runs import RunSettings
from .session import remember, show_remembered_error

AXIS_HELP = "Values: a list 5,10,15 or a range START:END:STEP (inclusive). Empty: the sidebar's value."
RESULT = "sweep"


def draw(settings: RunSettings | None) -> None:
    """The whole tab; `settings` is None when no instrument can run."""
    st.subheader("Parameter sweep")
    if settings is None:
        st.info("No instrument to sweep.")
        return
    inputs = st.columns(len(sweeps.AXES))
    axes = {}
    for column, axis in zip(inputs, sweeps.AXES):
        axes[axis] = column.text_input(params.LABELS[axis], key=f"sweep_{axis}",
                                       placeholder=f"sidebar value ({params.default_text(axis)})",
                                       help=f"{AXIS_HELP}\n\n{params.spec(axis)['help']}")
    c1, c2, c3 = st.columns(3)
    by = c1.selectbox("Group by", sweeps.BY, key="sweep_by",
                      help="SUMMARY: one row per combination and slot, stream or year (--by)")
    max_combos = c2.number_input("Max combinations", min_value=1, value=10_000, step=1_000, key="sweep_max_combos",
                                 help="The engine refuses larger grids (--max-combos)")
    c3.write("")
    t1, t2, t3, t4 = st.columns(4)
    overfit = t1.checkbox("PBO and DSR", value=True, key="sweep_overfit",
                          help="Probability of backtest overfitting (CSCV) and Deflated Sharpe Ratio per group, "
                               "from the sweep's daily P&L (orbit overfit)")
    walk_forward = t2.text_input("Walk-forward TRAIN:TEST", key="sweep_walk_forward", placeholder="e.g. 24:3",
                                 help="Months, rolling (add :anchored to keep the train start); empty: none")
    objective = t3.selectbox("Objective", ("net_usd", "profit_factor", "sharpe", "expectancy"),
                             key="sweep_objective", help="Walk-forward train objective")
    min_trades = t4.number_input("Min trades", min_value=0, value=20, step=1, key="sweep_min_trades",
                                 help="Walk-forward: closed trades a combination needs in the train window")
    if c3.button("Run sweep", key="run_sweep", type="primary"):
        with st.spinner("Sweeping ..."):
            remember(RESULT, lambda: sweeps.run_sweep(settings, axes, by, int(max_combos), overfit=overfit,
                                                      walk_forward=walk_forward, objective=objective,
                                                      min_trades=int(min_trades)))
    show_remembered_error(RESULT, "Sweep failed")
    result: sweeps.SweepResult | None = st.session_state.get(RESULT)
    if result is not None:
        draw_result(result)


def draw_result(result: sweeps.SweepResult) -> None:
    frame = result.frame
    for w in result.warnings:
        st.warning(w)
    combos = frame["combo"].nunique()
    st.caption(f"{combos} combination(s) × {frame['group'].nunique()} group(s) by {result.by}; "
               f"axes: " + ", ".join(f"{a}={t or 'sidebar/default'}" for a, t in result.axes.items()))
    if frame.empty:
        st.info("The sweep returned no rows.")
        return
    for note in result.notes:
        st.info(note)
    draw_trust(result)
    values = sweeps.axis_values(frame)
    varied = sweeps.varied_axes(frame)
    preferred = varied + [a for a in sweeps.AXES if a not in varied]

    st.markdown("**Heatmap**")
    h = st.columns(4)
    metric = h[0].selectbox("Metric", list(sweeps.METRICS), key="sweep_metric",
                            format_func=lambda m: sweeps.METRICS[m][0])
    x = h[1].selectbox("X axis", sweeps.AXES, index=sweeps.AXES.index(preferred[0]), key="sweep_x")
    y = h[2].selectbox("Y axis", sweeps.AXES, index=sweeps.AXES.index(preferred[1]), key="sweep_y")
    groups = list(dict.fromkeys(frame["group"]))
    group = h[3].selectbox("Group", groups, key="sweep_group")
    others = [a for a in sweeps.AXES if a not in (x, y)]
    fixed = {}
    if others:
        f = st.columns(len(others))
        for column, axis in zip(f, others):
            fixed[axis] = column.selectbox(f"{params.LABELS[axis]} (fixed)", values[axis], key=f"sweep_fix_{axis}")
    if x == y:
        st.error("Choose two different axes for the heatmap.", icon="⚠️")
    else:
        label, higher = sweeps.METRICS[metric]
        cells = sweeps.heatmap_cells(frame, group, x, y, metric, fixed)
        st.altair_chart(charts.heatmap_chart(cells, x, y, metric, f"{label}: {group}", higher), width="stretch")
        st.dataframe(sweeps.heatmap_table(cells, x, y, metric), key="sweep_heatmap_table")

    st.markdown("**Top combinations**")
    count = st.number_input("Rows per stream", min_value=1, value=10, key="sweep_top_count")
    for name, rows in sweeps.top_combinations(frame, metric, int(count)).items():
        st.markdown(f"*{name}* (by {sweeps.METRICS[metric][0]})")
        st.dataframe(rows, key=f"sweep_top_{name}", hide_index=True)

    with st.expander(f"SUMMARY ({len(frame)} rows)"):
        st.dataframe(frame, key="sweep_summary", hide_index=True)
        st.download_button("Download SUMMARY CSV", frame.to_csv(index=False).encode(), "orbit_sweep_summary.csv",
                           "text/csv", key="download_sweep")



def draw_trust(result: sweeps.SweepResult) -> None:
    """Best per group (trades, grid edge, PBO, DSR, PSR) and, when asked, the walk-forward table and the
    stitched out-of-sample equity."""
    st.markdown("**Best per group: can it be trusted?**")
    best = sweeps.best_per_group(result.frame, result.overfit)
    st.dataframe(best, key="sweep_best", hide_index=True)
    flagged = best[best["grid_edge"] != ""]
    for _, row in flagged.iterrows():
        st.warning(f"{row['instrument']} {row['group']}: the best combination lies on the edge of the grid "
                   f"({row['grid_edge'][6:]}); the optimum may lie outside it.")
    st.caption("trades: closed trades of the best (highest USD). PBO near 0 and DSR near 1 suggest an edge; "
               "PBO above 0.5 or DSR below 0.95 suggest luck (README, \"Is it real?\")."
               + ("" if result.overfit is not None else " Tick 'PBO and DSR' and run again for the statistics."))
    if result.wf_windows is None:
        return
    st.markdown(f"**Walk-forward {result.walk_forward}**")
    st.dataframe(result.wf_groups, key="sweep_wf_groups", hide_index=True)
    st.dataframe(result.wf_windows, key="sweep_wf_windows", hide_index=True)
    equity = result.wf_equity
    if equity is not None and len(equity):
        curve = equity.assign(series=equity["instrument"] + " " + equity["group"]).pivot_table(
            index="date", columns="series", values="equity_usd", aggfunc="last")
        st.markdown("*Out-of-sample equity (stitched test windows)*")
        st.line_chart(curve)
