"""orbit.overfit: can the best combination of a sweep be trusted?

    import orbit
    stats = orbit.overfit("pnl.parquet")          # or a pyarrow Table / pandas DataFrame
    stats[["group", "pbo", "dsr", "psr"]]

The statistics of ``orbit overfit`` (the same C++ code): per SUMMARY group of
a sweep's daily P&L (``orbit sweep --pnl-out``), the Probability of Backtest
Overfitting by CSCV, the median logit, the out-of-sample loss share, the best
combination by daily Sharpe, its Deflated Sharpe Ratio and its Probabilistic
Sharpe Ratio against 0. Definitions: README, "Is it real?".
"""
from __future__ import annotations

import json
import os
import tempfile
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from . import _core

_COLUMNS = ["instrument", "group", "stream", "slot", "pbo", "lambda_median", "oos_loss_share", "best_combo", "sharpe",
            "dsr", "psr", "n_combos", "n_days", "splits", "rows_used", "sr0", "sharpe_variance", "skewness", "kurtosis"]


def _pnl_table(data: Any) -> pa.Table:
    """A pandas DataFrame or pyarrow Table of P&L rows, with `date` as date32."""
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover - pandas is a dependency
        pd = None
    if pd is not None and isinstance(data, pd.DataFrame):
        data = pa.Table.from_pandas(data, preserve_index=False)
    if not isinstance(data, pa.Table):
        raise TypeError(f"expected a path, a pyarrow Table or a pandas DataFrame, got {type(data).__name__}")
    if "date" in data.column_names:
        i = data.column_names.index("date")
        column = data.column(i)
        if pa.types.is_timestamp(column.type) or pa.types.is_date64(column.type):
            data = data.set_column(i, "date", column.cast(pa.date32()))
    return data


def _with_file(data: Any, work) -> Any:
    """Calls work(path) with `data`'s path, or a temporary Parquet copy of a table."""
    if isinstance(data, (str, os.PathLike)):
        return work(os.fspath(data))
    table = _pnl_table(data)
    with tempfile.TemporaryDirectory(prefix="orbit-overfit-") as tmp:
        path = os.path.join(tmp, "pnl.parquet")
        pq.write_table(table, path)
        return work(path)


def overfit(table_or_path: Any, *, splits: int = 16, threads: int | None = None) -> "pandas.DataFrame":  # noqa: F821
    """Overfitting statistics per group of a sweep's daily P&L; one row per group.

    ``table_or_path``: a P&L file (.csv or .parquet, the ``--pnl-out`` format), a
    pyarrow Table or a pandas DataFrame with its columns. ``splits``: the CSCV
    blocks S (even, 2-20). ``threads``: workers (default all cores).
    Columns: the JSON keys of ``orbit overfit --json`` (pbo, lambda_median,
    oos_loss_share, best_combo, sharpe, dsr, psr, n_combos, n_days, ...);
    undefined statistics are NaN. Raises UsageError for a bad ``splits``,
    BadInputError for a malformed table.
    """
    import pandas as pd

    if isinstance(splits, bool) or not isinstance(splits, int):
        raise TypeError(f"splits: expected an int, got {splits!r}")
    text = _with_file(table_or_path, lambda path: _core.overfit_file(path, splits, int(threads or 0)))
    groups = json.loads(text)["groups"]
    frame = pd.DataFrame(groups, columns=_COLUMNS)
    for name in ("pbo", "lambda_median", "oos_loss_share", "sharpe", "dsr", "psr", "sr0", "sharpe_variance",
                 "skewness", "kurtosis"):
        frame[name] = frame[name].astype("float64")
    return frame


def walk_forward(table_or_path: Any, windows: str = "24:3", *, objective: str = "net_usd", min_trades: int = 20,
                 summary: Any = None, details: bool = False) -> Any:
    """Walk-forward selection per group of a sweep's daily P&L, as ``orbit overfit PNL --walk-forward``.

    ``windows``: "TRAIN:TEST[:anchored]" in whole calendar months (rolling by default).
    ``objective``: "net_usd" | "profit_factor" | "sharpe" | "expectancy" (README, "Is it real?").
    ``min_trades``: closed trades a combination needs in the train window.
    ``summary``: the sweep's SUMMARY file, for the parameter columns.
    Returns the windows table (pyarrow Table, the columns of ``--wf-out``); with
    ``details=True`` a tuple (windows, stitched equity Table, per-group pandas DataFrame with
    windows, selected_windows, is_net_usd, oos_net_usd, efficiency, oos_max_drawdown_usd).
    """
    import pandas as pd

    if isinstance(min_trades, bool) or not isinstance(min_trades, int):
        raise TypeError(f"min_trades: expected an int, got {min_trades!r}")
    summary_path = "" if summary is None else os.fspath(summary)
    with tempfile.TemporaryDirectory(prefix="orbit-wf-") as tmp:
        wf_out, equity_out = os.path.join(tmp, "wf.parquet"), os.path.join(tmp, "equity.parquet")
        groups = _with_file(table_or_path, lambda path: _core.walk_forward_file(
            path, summary_path, windows, objective, min_trades, wf_out, equity_out))
        table, equity = pq.read_table(wf_out), pq.read_table(equity_out)
    if not details:
        return table
    frame = pd.DataFrame(groups, columns=["instrument", "group", "windows", "selected_windows", "is_net_usd",
                                          "oos_net_usd", "efficiency", "oos_max_drawdown_usd"])
    return table, equity, frame
