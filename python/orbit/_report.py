"""Reports and data tools: ``orbit report``'s statistics and the engine's data checks.

* ``report(results, by=..., commission=..., out=None, html=False)`` -> the
  statistics ``orbit report --json`` writes, as a dict (computed by the C++
  report code; nothing is recomputed in Python).
* ``discover_files(paths)``, ``data_summary(paths)``: what ``orbit run --bars``
  would read, and each instrument's bar count and span.
* ``check_data(paths, instrument)``: data-quality checks over the bars the
  readers return (gaps, duplicates, off-tick prices, OHLC violations, bars
  outside Globex hours, outliers, highest highs / lowest lows).
* ``inspect_range(paths, instrument, date, slot)``: one trading date and slot
  as the strategy sees it (range, breakout levels, entry, exit, result row)
  and the bars around it.

Instants are returned as pandas Timestamps in America/Chicago.
"""
from __future__ import annotations

import json
import os
from typing import Any

import pyarrow as pa

from . import _core

_RESULT_SUFFIXES = (".csv", ".CSV", ".parquet", ".PARQUET")
_DEFAULT_BY = "stream,slot,year,month,weekday,direction"


def _paths(paths: Any) -> list[str]:
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    return [os.fspath(p) for p in paths]


def _result_files(paths: list[str]) -> list[str]:
    """Files as given; folders expand to their .csv/.parquet files, recursively and sorted (as `orbit report`)."""
    files: list[str] = []
    for path in paths:
        if not os.path.isdir(path):
            files.append(path)
            continue
        found = sorted(os.path.join(root, name) for root, _dirs, names in os.walk(path)
                       for name in names if name.endswith(_RESULT_SUFFIXES))
        if not found:
            raise OSError(f"folder {path} holds no .csv or .parquet result table")
        files.extend(found)
    return files


def _is_table(results: Any) -> bool:
    try:
        import pandas as pd
        if isinstance(results, pd.DataFrame):
            return True
    except ImportError:  # pragma: no cover - pandas is a dependency
        pass
    return isinstance(results, (pa.Table, pa.RecordBatch)) or hasattr(results, "__arrow_c_stream__")


def _result_stream(results: Any) -> tuple[Any, str]:
    import pandas as pd

    if isinstance(results, pd.DataFrame):
        return pa.Table.from_pandas(results, preserve_index=False).__arrow_c_stream__(), "DataFrame"
    if isinstance(results, pa.RecordBatch):
        results = pa.Table.from_batches([results])
    if isinstance(results, pa.Table):
        return results.__arrow_c_stream__(), "Table"
    return results.__arrow_c_stream__(), type(results).__name__


def report(results: Any, *, by: Any = _DEFAULT_BY, commission: float = 0.0, out: Any = None,
           html: bool = False, series: bool = False) -> dict:
    """Statistics of result tables, exactly as ``orbit report --json`` computes them.

    ``results``: a result table (the pandas DataFrame or pyarrow Table that
    :func:`orbit.scan` returns), or result files/folders written by ``orbit run``
    (a path or a list). ``by``: breakdowns, "stream,slot,year,month,weekday,direction"
    or a list of them. ``commission``: USD per side and contract.
    ``out``: also write a file there: the HTML report with ``html=True``,
    otherwise the JSON document. ``series=True`` adds a "series" entry with the
    equity/drawdown per stream and the two heatmaps the HTML report charts.
    Returns the JSON document as a dict ("sources" names the files, or
    "DataFrame"/"Table" for a table in memory).
    """
    request = _core._ReportRequest()
    if not isinstance(by, str):
        by = ",".join(by)
    request.by = by
    if isinstance(commission, bool) or not isinstance(commission, (int, float)):
        raise _core.UsageError(f"commission: expected a number of USD per side, got {commission!r}")
    request.commission = float(commission)
    if out is not None:
        if html:
            request.html_path = os.fspath(out)
        else:
            request.json_path = os.fspath(out)
    elif html:
        raise _core.UsageError("html: the HTML report needs out=PATH")
    if _is_table(results):
        stream, name = _result_stream(results)
        text, extra = _core.report_stream(stream, name, request, series)
    else:
        text, extra = _core.report_files(_result_files(_paths(results)), request, series)
    stats = json.loads(text)
    if series:
        stats["series"] = extra
    return stats


# --- data tools -------------------------------------------------------------------

def _symbol(instrument: Any) -> str:
    if not isinstance(instrument, str) or not instrument.strip():
        raise _core.UsageError(f"instrument: expected a symbol such as 'ES', got {instrument!r}")
    return instrument.strip().upper()


def _day_text(value: Any, name: str) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    raise _core.UsageError(f"{name}: expected 'YYYY-MM-DD' or a date, got {value!r}")


def _timestamp(ns: int | None) -> Any:
    import pandas as pd

    if ns is None:
        return None
    return pd.Timestamp(ns, unit="ns", tz="UTC").tz_convert("America/Chicago")


def _bars_frame(bars: list[dict]) -> Any:
    import pandas as pd

    frame = pd.DataFrame(bars, columns=["ts_ns", "open", "high", "low", "close"])
    frame.insert(0, "timestamp", pd.to_datetime(frame.pop("ts_ns"), unit="ns", utc=True).dt.tz_convert("America/Chicago"))
    return frame


def session_catalogue() -> dict[str, dict]:
    """The sessions and their slots: {"S1": {"start": "02:00", "slots": ["07:30", ...]}, ...}."""
    return {name: {"start": start, "slots": list(slots)} for name, start, slots in _core.session_catalogue()}


def discover_files(paths: Any, instruments: Any = (), *, summarize: bool = False, default_instrument: str = "",
                   **options: Any) -> list[dict]:
    """The input files ``orbit run --bars PATHS`` reads, in its order:
    [{"path", "format" ("csv"|"parquet"), "partition_instrument"}].

    With ``summarize=True`` each file is also read by the run's readers with
    the run options given as keywords (``input_tz``, ``format``, ...):
    "instruments" [{"instrument", "bars", "first", "last"}] and "error" (the
    reader's message for a file it rejects, else None; other files are still
    read). ``default_instrument``: the instrument of files without an
    instrument column when ``instruments`` names none. "warnings": the reader's
    notes for the file.
    """
    from . import _options

    wanted = [_symbol(i) for i in ([instruments] if isinstance(instruments, str) else instruments)]
    run_options = _options.collect({"instrument": ",".join(wanted) or "all", **options})
    found = _core.discover(_paths(paths), run_options, summarize, default_instrument.strip().upper())
    out = []
    for f in found:
        item = {"path": f["path"], "format": f["format"], "partition_instrument": f["partition_instrument"]}
        if summarize:
            item["instruments"] = [{"instrument": i["instrument"], "bars": i["bars"],
                                    "first": _timestamp(i["first_ns"]), "last": _timestamp(i["last_ns"])}
                                   for i in f["instruments"]]
            item["warnings"] = list(f["warnings"])
            item["error"] = f["error"]
        out.append(item)
    return out


def data_summary(paths: Any, *, instrument: Any = "all", input_tz: str | None = None, nan_prices: str | None = None,
                 **options: Any) -> dict:
    """Every instrument in the data: {"instruments": [{"instrument", "bars", "first", "last"}],
    "files_read", "rows_read", "warnings"} (first/last: Chicago Timestamps).

    The bars are read as ``orbit run`` reads them with the same options
    (``input_tz``, ``format``, ``column_map``, ... ; ``orbit.options()``);
    ``instrument``: "all", or the symbol of files without an instrument column.
    """
    from . import _options

    run_options = _options.collect({"instrument": instrument, "input_tz": input_tz, "nan_prices": nan_prices,
                                    **options})
    raw = _core.data_summary(_paths(paths), run_options)
    for item in raw["instruments"]:
        item["first"] = _timestamp(item.pop("first_ns"))
        item["last"] = _timestamp(item.pop("last_ns"))
    return raw


def check_data(paths: Any, instrument: str, *, start: Any = None, end: Any = None, gap_minutes: float = 10,
               outlier_factor: float = 20.0, top: int = 10, input_tz: str | None = None,
               nan_prices: str | None = None, **options: Any) -> dict:
    """Data-quality checks of one instrument's bars (src/quality/bar_quality.h).

    Returns a dict: "bars", "first"/"last", counts ("gaps",
    "gaps_in_trading_hours", "duplicate_timestamps", "off_tick_bars",
    "ohlc_violations", "nan_price_bars", "outside_hours", "outliers") and
    example tables (pandas DataFrames: "largest_gaps", "duplicate_examples",
    "off_tick_examples", "ohlc_examples", "outside_hours_examples",
    "outlier_examples", "highest_highs", "lowest_lows"). Data the readers reject
    (e.g. an OHLC violation) gives "reader_error" with the reader's message and
    no counts. ``start``/``end``: inclusive Chicago dates. Further ``orbit
    run`` reading options are keywords (``format``, ``column_map``, ...): the
    bars are read exactly as that run reads them.
    """
    import pandas as pd

    if isinstance(top, bool) or not isinstance(top, int) or top < 0:
        raise _core.UsageError(f"top: expected a non-negative integer, got {top!r}")
    from . import _options

    run_options = _options.collect({"instrument": _symbol(instrument), "start": start, "end": end,
                                    "input_tz": input_tz, "nan_prices": nan_prices, **options})
    raw = _core.check_data(_paths(paths), run_options, float(gap_minutes), float(outlier_factor), top)
    raw["first"] = _timestamp(raw.pop("first_ns"))
    raw["last"] = _timestamp(raw.pop("last_ns"))
    gaps = pd.DataFrame(raw["largest_gaps"], columns=["from_ns", "to_ns", "in_trading_hours"])
    raw["largest_gaps"] = pd.DataFrame({
        "from": pd.to_datetime(gaps["from_ns"], unit="ns", utc=True).dt.tz_convert("America/Chicago"),
        "to": pd.to_datetime(gaps["to_ns"], unit="ns", utc=True).dt.tz_convert("America/Chicago"),
        "minutes": (gaps["to_ns"] - gaps["from_ns"]) / 60e9,
        "in_trading_hours": gaps["in_trading_hours"].astype(bool),
    })
    raw["duplicate_examples"] = pd.DataFrame({"timestamp": pd.to_datetime(
        pd.Series(raw["duplicate_examples"], dtype="int64"), unit="ns", utc=True).dt.tz_convert("America/Chicago")})
    for key in ("off_tick_examples", "ohlc_examples", "outside_hours_examples", "highest_highs", "lowest_lows"):
        raw[key] = _bars_frame(raw[key])
    outliers = raw["outlier_examples"]
    frame = _bars_frame(outliers)
    frame["size"] = [o["size"] for o in outliers]
    frame["ratio"] = [o["ratio"] for o in outliers]
    raw["outlier_examples"] = frame
    return raw


def inspect_range(paths: Any, instrument: str, date: Any, slot: str, *, target_mode: str | None = None,
                  fixes: Any = None, as_of: Any = None, before_minutes: int = 60, after_minutes: int = 60,
                  input_tz: str | None = None, nan_prices: str | None = None, **options: Any) -> dict:
    """One trading date and slot as the strategy sees it (src/quality/range_inspection.h).

    ``slot``: "S1:07:30" (as ``orbit run --slots``). Further ``orbit run``
    options are keywords, as for :func:`orbit.scan` (``target="7.5"``,
    ``t1="0.5"``, ``range_start="S1:06:00"``, ``intrabar="stop-first"``, ...);
    the row then equals that run's row. Returns "window_start",
    "slot_end", "entry_cutoff", "range_exists", and when the range exists
    "range_high", "range_low", "range_size", "freeze_close", "long_level",
    "short_level"; "entry_time"/"exit_time" (None without entry/exit); "row":
    the result row exactly as ``orbit run`` writes it (a one-row DataFrame,
    empty without a range); "bars": the bars from ``before_minutes`` before
    the window to ``after_minutes`` after the exit (or the slot end).
    """
    import pandas as pd

    from . import _options, _to_table

    if not isinstance(slot, str) or ":" not in slot:
        raise _core.UsageError(f"slot: expected 'S1:07:30' or 'S2:09:30', got {slot!r}")
    session, label = slot.split(":", 1)
    request = _core._InspectRequest()
    request.date = _day_text(date, "date")
    request.session = session.strip().upper()
    request.slot = label.strip()
    request.before_minutes = before_minutes
    request.after_minutes = after_minutes
    run_options = _options.collect({"instrument": _symbol(instrument), "target_mode": target_mode, "fixes": fixes,
                                    "as_of": as_of, "input_tz": input_tz, "nan_prices": nan_prices, **options})
    raw = _core.inspect_range(_paths(paths), run_options, request)
    for key in ("window_start", "slot_end", "entry_cutoff", "entry_time", "exit_time"):
        raw[key] = _timestamp(raw.pop(key + "_ns"))
    raw["row"] = _to_table(raw["row"]).to_pandas()
    bars = raw["bars"]
    frame = pd.DataFrame({k: bars[k] for k in ("open", "high", "low", "close")})
    frame.insert(0, "timestamp", pd.to_datetime(pd.Series(bars["ts_ns"], dtype="int64"), unit="ns", utc=True)
                 .dt.tz_convert("America/Chicago"))
    raw["bars"] = frame
    return raw
