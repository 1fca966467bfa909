"""Parameter sweeps of the app: run ``orbit.sweep`` with the sidebar's run
options, and select from its SUMMARY table what the sweep tab shows.

No Streamlit here. Every figure is a cell of the engine's SUMMARY (one row per
combination x group, with ``orbit report``'s statistics) or of the trust
statistics of the sweep's daily P&L (``orbit.overfit``: PBO, DSR, PSR;
``orbit.walk_forward``: the windows, stitched out-of-sample equity and
walk-forward efficiency); this module only filters, pivots and sorts rows, it
never computes a statistic.
"""
from __future__ import annotations

import os
import tempfile
import warnings as _warnings
from dataclasses import dataclass, field

import pandas as pd
import pyarrow as pa

import orbit

from .runs import RunSettings

AXES = ("target", "stop_cap", "t1", "be_offset")
BY = ("slot", "stream", "year")  # orbit sweep --by (a sweep option, not in the run-option catalogue)
# SUMMARY columns the heatmap and the top table can rank by: column -> (label, higher is better).
METRICS: dict[str, tuple[str, bool]] = {
    "usd": ("USD", True),
    "profit_factor": ("Profit factor", True),
    "expectancy_usd": ("Expectancy USD", True),
    "points": ("Points", True),
    "win_rate_pct": ("Win rate %", True),
    "max_drawdown_usd": ("Max drawdown USD", False),
    "trades": ("Trades", True),
}
TOP_COLUMNS = ("combo", "group", *AXES, "trades", "win_rate_pct", "points", "usd", "profit_factor",
               "expectancy_usd", "max_drawdown_usd")


@dataclass
class SweepResult:
    summary: pa.Table            # orbit.sweep's SUMMARY, as returned
    axes: dict[str, str]         # the axis texts given (blank = the run option's value or the default)
    by: str
    warnings: list[str]
    overfit: pd.DataFrame | None = None          # orbit.overfit of the sweep's daily P&L (None: not asked)
    walk_forward: str = ""                        # "TRAIN:TEST[:anchored]" asked ("" = none)
    wf_windows: pd.DataFrame | None = None        # orbit.walk_forward's windows table
    wf_equity: pd.DataFrame | None = None         # stitched out-of-sample equity (instrument, group, date, ...)
    wf_groups: pd.DataFrame | None = None         # per group: windows, IS/OOS net, efficiency, OOS max DD
    notes: list[str] = field(default_factory=list)

    @property
    def frame(self) -> pd.DataFrame:
        return self.summary.to_pandas()


def run_sweep(settings: RunSettings, axes: dict[str, str], by: str, max_combos: int, *, overfit: bool = False,
              walk_forward: str = "", objective: str = "net_usd", min_trades: int = 20) -> SweepResult:
    """``orbit.sweep`` over the settings' data with the settings' run options.

    ``overfit``: also orbit.overfit (PBO, DSR, PSR per group) of the sweep's daily P&L;
    ``walk_forward`` ("TRAIN:TEST[:anchored]", "" = none), ``objective``, ``min_trades``:
    also orbit.walk_forward of it (windows, stitched OOS equity, efficiency).

    ``axes``: axis -> text as ``orbit sweep`` takes it (a list "5,10" or a range
    "5:20:0.25"); a blank axis sweeps the one value of the settings' option (the
    sidebar's), or the engine's default. The engine checks the axes (empty values,
    T1 >= 1, off-tick targets, more than ``max_combos`` combinations): UsageError.
    """
    kwargs = settings.scan_kwargs()
    fixes = kwargs.pop("fixes")
    for axis in AXES:
        text = (axes.get(axis) or "").strip()
        if text:
            kwargs[axis] = text
    with _warnings.catch_warnings(record=True) as caught:
        _warnings.simplefilter("always", orbit.OrbitWarning)
        summary = orbit.sweep(settings.paths, instrument=settings.instrument, by=by, max_combos=int(max_combos),
                              fixes=fixes, **kwargs)
        result = SweepResult(summary, dict(axes), by, [str(w.message) for w in caught])
        if overfit or walk_forward.strip():
            # The daily P&L of the same sweep (a second pass: orbit.sweep returns one table a call).
            pnl = orbit.sweep(settings.paths, instrument=settings.instrument, by=by, max_combos=int(max_combos),
                              fixes=fixes, pnl=True, **kwargs)
            add_trust(result, pnl, overfit, walk_forward.strip(), objective, int(min_trades))
    return result


def add_trust(result: SweepResult, pnl: pa.Table, overfit: bool, walk_forward: str, objective: str,
              min_trades: int) -> None:
    """Adds orbit.overfit (``overfit``) and orbit.walk_forward (``walk_forward`` non-empty) of the sweep's
    daily P&L `pnl` to `result`; a P&L without rows (no closed trades) gives a note instead."""
    if pnl.num_rows == 0:
        result.notes.append("No closed trades: no overfitting or walk-forward statistics.")
        return
    if overfit:
        result.overfit = orbit.overfit(pnl)
    if walk_forward:
        result.walk_forward = walk_forward
        with tempfile.TemporaryDirectory(prefix="orbit-app-wf-") as tmp:
            summary_path = os.path.join(tmp, "summary.parquet")
            import pyarrow.parquet as pq

            pq.write_table(result.summary, summary_path)
            windows, equity, groups = orbit.walk_forward(pnl, walk_forward, objective=objective,
                                                         min_trades=min_trades, summary=summary_path, details=True)
        result.wf_windows, result.wf_equity, result.wf_groups = windows.to_pandas(), equity.to_pandas(), groups


def grid_edge(row: pd.Series, values: dict[str, list]) -> str:
    """"EDGE: target=12 (max) ..." for each swept axis (several values) where `row` lies at the smallest or
    largest value; "" inside the grid."""
    flags = []
    for axis in AXES:
        v = values[axis]
        if len(v) < 2:
            continue
        if row[axis] == v[0]:
            flags.append(f"{axis}={row[axis]:g} (min)")
        elif row[axis] == v[-1]:
            flags.append(f"{axis}={row[axis]:g} (max)")
    return "EDGE: " + " ".join(flags) if flags else ""


BEST_COLUMNS = ("instrument", "group", "combo", *AXES, "trades", "usd", "profit_factor", "grid_edge", "pbo", "dsr",
                "psr", "best_sharpe_combo")


def best_per_group(frame: pd.DataFrame, overfit: pd.DataFrame | None) -> pd.DataFrame:
    """Per group (SUMMARY order) its best row (highest USD; ties: lowest combo, as the sweep page), with its
    trade count, the grid-edge flag and the group's PBO, DSR and PSR (orbit.overfit; NaN when not asked)
    and the combination DSR is of (highest daily Sharpe)."""
    values = axis_values(frame)
    rows = []
    for (instrument, group), g in frame.groupby(["instrument", "group"], sort=False):
        best = g.sort_values(["usd", "combo"], ascending=[False, True], kind="stable").iloc[0]
        row = {c: best[c] for c in ("instrument", "group", "combo", *AXES, "trades", "usd", "profit_factor")}
        row["grid_edge"] = grid_edge(best, values)
        row.update(pbo=float("nan"), dsr=float("nan"), psr=float("nan"), best_sharpe_combo=pd.NA)
        if overfit is not None:
            match = overfit[(overfit["instrument"] == instrument) & (overfit["group"] == group)]
            if len(match):
                m = match.iloc[0]
                row.update(pbo=m["pbo"], dsr=m["dsr"], psr=m["psr"], best_sharpe_combo=m["best_combo"])
        rows.append(row)
    return pd.DataFrame(rows, columns=list(BEST_COLUMNS))


def axis_values(frame: pd.DataFrame) -> dict[str, list]:
    """Each axis's distinct values in the SUMMARY, ascending."""
    return {axis: sorted(frame[axis].unique().tolist()) for axis in AXES}


def varied_axes(frame: pd.DataFrame) -> list[str]:
    """The axes with more than one value (the natural heatmap axes), in AXES order."""
    return [axis for axis, values in axis_values(frame).items() if len(values) > 1]


def heatmap_cells(frame: pd.DataFrame, group: str, x: str, y: str, metric: str,
                  fixed: dict[str, float]) -> pd.DataFrame:
    """The SUMMARY rows of `group` whose other axes equal `fixed`: columns x, y, metric
    (one row per cell; the grid has one combination per x, y pair)."""
    if x == y:
        raise ValueError("choose two different axes")
    rows = frame[frame["group"] == group]
    for axis in AXES:
        if axis not in (x, y):
            rows = rows[rows[axis] == fixed[axis]]
    return rows[[x, y, metric]].reset_index(drop=True)


def heatmap_table(cells: pd.DataFrame, x: str, y: str, metric: str) -> pd.DataFrame:
    """The cells as a grid: `y` values down, `x` values across (a pivot, no aggregation)."""
    return cells.pivot(index=y, columns=x, values=metric).sort_index(ascending=False)


def top_combinations(frame: pd.DataFrame, metric: str, count: int) -> dict[str, pd.DataFrame]:
    """Per stream (per year for by=year, whose rows have no stream): the `count` best
    SUMMARY rows by `metric` (highest first, lowest for drawdown; missing values last)."""
    _, higher = METRICS[metric]
    key = "stream" if frame["stream"].astype(bool).all() else "group"
    out = {}
    for name, rows in frame.groupby(key, sort=True):
        ranked = rows.sort_values([metric, "combo"], ascending=[not higher, True], na_position="last")
        out[str(name)] = ranked[list(TOP_COLUMNS)].head(count).reset_index(drop=True)
    return out
