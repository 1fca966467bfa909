"""Parameter sweeps of the app: run ``orbit.sweep`` with the sidebar's run
options, and select from its SUMMARY table what the sweep tab shows.

No Streamlit here. Every figure is a cell of the engine's SUMMARY (one row per
combination x group, with ``orbit report``'s statistics); this module only
filters, pivots and sorts rows, it never computes a statistic.
"""
from __future__ import annotations

import warnings as _warnings
from dataclasses import dataclass

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

    @property
    def frame(self) -> pd.DataFrame:
        return self.summary.to_pandas()


def run_sweep(settings: RunSettings, axes: dict[str, str], by: str, max_combos: int) -> SweepResult:
    """``orbit.sweep`` over the settings' data with the settings' run options.

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
    return SweepResult(summary, dict(axes), by, [str(w.message) for w in caught])


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
