"""orbit.sweep: every combination of target, stop cap, T1 and break-even offset.

    import orbit
    summary = orbit.sweep("ES_2024.parquet", instrument="ES", target=[5, 10, 15],
                          stop_cap="1:3:0.5", t1=[0.5, 0.65], as_of="2025-01-01")

The same job as ``orbit sweep`` (one C++ pass that builds ranges and entries
once and evaluates only the exits per combination). Each combination's rows
equal ``orbit run`` with those values.
"""
from __future__ import annotations

import os
import tempfile
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from . import _core, _options

UsageError = _core.UsageError


def _axis(name: str, value: Any) -> str:
    """One axis as option text (_options.axis_text: bytes, sets and mappings are
    TypeError; an empty list or a value listed twice is a UsageError)."""
    return _options.axis_text(name, value)


def sweep(bars_or_frame: Any, *, instrument: str, target: Any = None, stop_cap: Any = None, t1: Any = None,
          be_offset: Any = None, by: str = "slot", trades: bool = False, pnl: bool = False,
          max_combos: int = 10_000_000, fixes: Any = (), progress: Any = False, walk_forward: str | None = None,
          objective: str = "net_usd", min_trades: int = 20, **run_options: Any) -> pa.Table:
    """Runs a parameter sweep; returns SUMMARY (or, with ``trades=True``, TRADES; with
    ``pnl=True``, the daily P&L; with ``walk_forward="TRAIN:TEST[:anchored]"``, the
    walk-forward windows table) as a pyarrow Table.

    ``walk_forward`` (months, e.g. ``"24:3"``), ``objective`` and ``min_trades``: as
    ``orbit sweep --walk-forward/--objective/--min-trades``; the table returned is that
    of ``--wf-out`` (= ``orbit.walk_forward(pnl, walk_forward, summary=SUMMARY)`` on
    the sweep's daily P&L, parameter columns included). One of ``trades``, ``pnl``
    and ``walk_forward`` chooses the table returned.

    ``bars_or_frame``: a path, a list of paths (files or folders, as ``orbit run --bars``),
    a pandas DataFrame or a pyarrow Table of bars. Axes (``target`` in points,
    ``stop_cap``, ``t1``, ``be_offset`` in ticks): a list of values, one value, or a
    range text ``"a:b:step"`` (inclusive, exact decimal steps); None = the default.
    ``by``: "slot" | "stream" | "year". SUMMARY has one row per combination x
    instrument x group; TRADES every result row of every combination with
    ``combo`` and the parameter columns appended. ``run_options``: any run option
    of the catalogue (``slots="S1:07:45"``, ``range_start="S1:06:00"``,
    ``as_of="2025-01-01"``, ``sessions=["S1"]``, ``threads=2``, ...; '-' -> '_').
    Raises UsageError for bad axes or options (nothing is run).
    """
    from . import _bar_table, _progress_callback, _warn

    if trades and pnl:
        raise UsageError("orbit.sweep: trades=True and pnl=True each choose the table returned; pass one")
    if walk_forward is not None and (trades or pnl):
        raise UsageError("orbit.sweep: walk_forward chooses the table returned; pass it without trades/pnl")
    callback = _progress_callback(progress)

    options = _options.collect({"instrument": instrument, "fixes": fixes, **run_options})
    with tempfile.TemporaryDirectory(prefix="orbit-sweep-") as tmp:
        if isinstance(bars_or_frame, (str, os.PathLike)):
            paths = [os.fspath(bars_or_frame)]
        elif isinstance(bars_or_frame, (list, tuple)):
            paths = [os.fspath(p) for p in bars_or_frame]
        else:
            converted = _bar_table(bars_or_frame)
            table = converted[0] if converted is not None else pa.table(bars_or_frame)
            paths = [os.path.join(tmp, "bars.parquet")]
            pq.write_table(table, paths[0])
        out = os.path.join(tmp, "summary.parquet")
        trades_out = os.path.join(tmp, "trades.parquet") if trades else ""
        pnl_out = os.path.join(tmp, "pnl.parquet") if pnl or walk_forward is not None else ""
        warnings = _core.sweep_files(paths, options, _axis("target", target), _axis("stop_cap", stop_cap),
                                     _axis("t1", t1), _axis("be_offset", be_offset), out, trades_out, by,
                                     int(max_combos), pnl_out, callback)
        _warn(warnings)
        if walk_forward is not None:
            from ._overfit import walk_forward as _walk_forward

            return _walk_forward(pnl_out, walk_forward, objective=objective, min_trades=min_trades, summary=out)
        return pq.read_table(trades_out or pnl_out or out)
