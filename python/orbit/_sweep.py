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

from . import _core

UsageError = _core.UsageError


def _axis(name: str, value: Any) -> str:
    """A list/tuple -> "a,b,c" (Python's shortest repr is the exact double);
    a text is passed as is ("5:20:0.25" or "5,10"); None -> the default."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        raise UsageError(f"{name}: expected numbers, got {value!r}")
    if isinstance(value, (int, float)):
        return repr(value)
    items = list(value)
    for item in items:
        if isinstance(item, bool) or not isinstance(item, (int, float)):
            raise UsageError(f"{name}: expected numbers, got {item!r}")
    return ",".join(repr(v) for v in items)


def _option_text(name: str, value: Any) -> str:
    """A keyword's value as the catalogue option's text (lists joined with ',',
    bools on/off, dates and instants as ISO text); the library checks it."""
    import datetime

    if isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, (list, tuple)):
        return ",".join(str(v) for v in value)
    if isinstance(value, (datetime.date, datetime.datetime)) or type(value).__name__ == "Timestamp":
        return value.isoformat()
    return str(value)


def sweep(bars_or_frame: Any, *, instrument: str, target: Any = None, stop_cap: Any = None, t1: Any = None,
          be_offset: Any = None, by: str = "slot", trades: bool = False, max_combos: int = 10_000_000,
          fixes: Any = (), **run_options: Any) -> pa.Table:
    """Runs a parameter sweep; returns SUMMARY (or, with ``trades=True``, TRADES) as a pyarrow Table.

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
    from . import _BAR_COLUMNS, _warn

    options = [("instrument", instrument if isinstance(instrument, str) else ",".join(instrument))]
    fix_text = _option_text("fixes", fixes)
    if fix_text:
        options.append(("fix", fix_text))
    for name, value in run_options.items():
        if value is not None:
            options.append((name.replace("_", "-"), _option_text(name, value)))
    with tempfile.TemporaryDirectory(prefix="orbit-sweep-") as tmp:
        if isinstance(bars_or_frame, (str, os.PathLike)):
            paths = [os.fspath(bars_or_frame)]
        elif isinstance(bars_or_frame, (list, tuple)):
            paths = [os.fspath(p) for p in bars_or_frame]
        else:
            table = bars_or_frame
            try:
                import pandas as pd
                if isinstance(table, pd.DataFrame):
                    frame = table.reset_index() if "timestamp" not in table.columns else table
                    table = pa.Table.from_pandas(frame, columns=[c for c in _BAR_COLUMNS if c in frame.columns],
                                                 preserve_index=False)
            except ImportError:  # pragma: no cover
                pass
            if not isinstance(table, pa.Table):
                table = pa.table(table)
            paths = [os.path.join(tmp, "bars.parquet")]
            pq.write_table(table, paths[0])
        out = os.path.join(tmp, "summary.parquet")
        trades_out = os.path.join(tmp, "trades.parquet") if trades else ""
        warnings = _core.sweep_files(paths, options, _axis("target", target), _axis("stop_cap", stop_cap),
                                     _axis("t1", t1), _axis("be_offset", be_offset), out, trades_out, by,
                                     int(max_combos))
        _warn(warnings)
        return pq.read_table(trades_out if trades else out)
