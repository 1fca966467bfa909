"""Orbit on a Dask cluster: ``orbit.scan`` split by (instrument, span of trading days).

Optional extra: ``pip install orbit[dask]``. The core ``orbit`` package never
imports this module or dask.

Each task runs the ordinary pipeline (``orbit.scan``) for one instrument and
one span of trading dates (a year, quarter or month) with ``analyze_from`` /
``analyze_to``: it analyses only the span's trading dates and reads only the
span's bars plus the 4-day look-ahead its last trades need (spec §5.2), which
Parquet row-group statistics prune. Tasks are pure and idempotent, so Dask may
retry them (a worker that dies loses nothing but time). The span tables,
concatenated in (instrument, span) order with the single run's type
unification, are exactly the table of one ``orbit.scan`` over everything.

Bars and ``out`` may be local paths or Arrow filesystem URIs
(``s3://bucket/prefix?endpoint_override=HOST:PORT&scheme=http``, ``gs://``,
``file://``); credentials come from the workers' standard environment and
configuration. See docs/CLUSTER.md.
"""
from __future__ import annotations

import datetime as dt
import os
import uuid
from typing import Any, Iterable

import pyarrow as pa
import pyarrow.parquet as pq

try:
    import distributed
    from dask.base import tokenize
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise ImportError("orbit.dask needs the dask extra: pip install 'orbit[dask]' "
                      "(dask[distributed])") from exc

import orbit
from orbit import _core, _options

__all__ = ["scan", "plan_spans"]

_PARTITIONS = ("year", "quarter", "month")


# ---------------------------------------------------------------------------
# Planning: which (instrument, span) tasks cover the data.

def _period_start(day: dt.date, partition: str) -> dt.date:
    if partition == "year":
        return dt.date(day.year, 1, 1)
    if partition == "quarter":
        return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return dt.date(day.year, day.month, 1)


def _next_period(start: dt.date, partition: str) -> dt.date:
    months = {"year": 12, "quarter": 3, "month": 1}[partition]
    m = start.month - 1 + months
    return dt.date(start.year + m // 12, m % 12 + 1, 1)


def plan_spans(first: dt.date, last: dt.date, partition: str) -> list[tuple[dt.date, dt.date]]:
    """Consecutive calendar periods (inclusive first and last dates) covering first..last."""
    if partition not in _PARTITIONS:
        raise orbit.UsageError(f"partition: expected one of {', '.join(_PARTITIONS)}, got {partition!r}")
    spans = []
    start = _period_start(first, partition)
    while start <= last:
        nxt = _next_period(start, partition)
        spans.append((start, nxt - dt.timedelta(days=1)))
        start = nxt
    return spans


def _open_for_pyarrow(location: str) -> tuple[Any, str]:
    """(pyarrow filesystem, path) of a local path or URI, as the C++ side resolves it."""
    import pyarrow.fs as pafs

    if "://" in location:
        return pafs.FileSystem.from_uri(location)
    return pafs.LocalFileSystem(), os.path.abspath(location)


def _to_date(value: Any) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and len(value) >= 10:
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def _file_date_range(location: str, is_parquet: bool) -> tuple[dt.date, dt.date] | None:
    """Dates of the first and last bar of one input (timestamp statistics of a
    Parquet footer, else the timestamp column itself), or None without rows.
    Wall-clock or UTC dates: callers widen the range by a day on each side."""
    fs, path = _open_for_pyarrow(location)
    if is_parquet:
        with fs.open_input_file(path) as f:
            pf = pq.ParquetFile(f)
            meta = pf.metadata
            names = pf.schema_arrow.names
            if "timestamp" not in names:
                return None
            col = names.index("timestamp")
            lows, highs = [], []
            for rg in range(meta.num_row_groups):
                group = meta.row_group(rg)
                if group.num_rows == 0:
                    continue
                leaf = next((c for c in range(group.num_columns)
                             if group.column(c).path_in_schema == "timestamp"), col)
                stats = group.column(leaf).statistics
                lo = _to_date(stats.min) if stats and stats.has_min_max else None
                hi = _to_date(stats.max) if stats and stats.has_min_max else None
                if lo is None or hi is None:
                    column = pf.read_row_group(rg, columns=["timestamp"]).column(0)
                    values = [v for v in column.to_pylist() if v is not None]
                    if not values:
                        continue
                    lo, hi = _to_date(min(values)), _to_date(max(values))
                    if lo is None or hi is None:
                        continue
                lows.append(lo)
                highs.append(hi)
            return (min(lows), max(highs)) if lows else None
    import pyarrow.csv as pacsv

    with fs.open_input_stream(path) as f:
        table = pacsv.read_csv(f, convert_options=pacsv.ConvertOptions(
            include_columns=["timestamp"], column_types={"timestamp": pa.string()}))
    days = [_to_date(v) for v in table.column(0).to_pylist() if v]
    days = [d for d in days if d is not None]
    return (min(days), max(days)) if days else None


def _instrument_ranges(paths: list[str], instruments: list[str]) -> dict[str, tuple[dt.date, dt.date]]:
    """Per instrument, the dates its spans must cover (a day of margin each side)."""
    ranges: dict[str, tuple[dt.date, dt.date]] = {}
    for display, location, is_parquet, partition_instrument in _core.discover(paths, instruments):
        try:
            found = _file_date_range(location, is_parquet)
        except (OSError, pa.ArrowException, ValueError) as exc:  # as orbit.scan: unreadable input is an I/O error
            raise OSError(f"{display}: cannot read the date range of the bars: {exc}") from exc
        if found is None:
            continue
        lo, hi = found[0] - dt.timedelta(days=1), found[1] + dt.timedelta(days=1)
        for inst in ([partition_instrument] if partition_instrument else instruments):
            if inst not in instruments:
                continue
            old = ranges.get(inst)
            ranges[inst] = (lo, hi) if old is None else (min(old[0], lo), max(old[1], hi))
    return ranges


# ---------------------------------------------------------------------------
# Tasks (run on the workers; pure functions of their arguments).

def _scan_span(paths: list[str], instrument: str, first: str, last: str,
               options: dict[str, Any]) -> tuple[pa.Table, int]:
    """One instrument's rows for trading dates first..last (``orbit.scan`` with
    the analyze-from/analyze-to run options), and its bar count there."""
    given = dict(options, instrument=instrument, analyze_from=first, analyze_to=last)
    tables, notes = _core.run_files(orbit._paths(paths), _options.collect(given), None)
    results = orbit._results(tables, notes)
    if len(results) != 1:  # pragma: no cover - one instrument asked, one table
        raise RuntimeError(f"orbit.dask: expected one table for {instrument}, got {len(results)}")
    _symbol, table, bars = results[0]
    return table, bars


def _write_part(table: pa.Table, out: str, instrument: str, first: str, last: str) -> dict[str, Any]:
    """Writes one span's rows to <out>/instrument=<I>/part-<first>_<last>.parquet
    atomically: a hidden temporary key beside it, then a move into place. The
    name depends only on the task, so a retried task replaces its own part."""
    import pyarrow.fs as pafs

    base = out.split("?", 1)
    query = "?" + base[1] if len(base) == 2 else ""
    folder = base[0].rstrip("/") + f"/instrument={instrument}"
    name = f"part-{first}_{last}.parquet"
    if "://" in base[0]:
        fs, folder_path = pafs.FileSystem.from_uri(folder + query)
    else:
        fs, folder_path = pafs.LocalFileSystem(), os.path.abspath(folder)
    if isinstance(fs, pafs.LocalFileSystem):
        fs.create_dir(folder_path, recursive=True)
    final = f"{folder_path}/{name}"
    temporary = f"{folder_path}/.{name}.tmp.{uuid.uuid4().hex}"
    try:
        with fs.open_output_stream(temporary) as stream:
            pq.write_table(table, stream, compression="snappy")
        fs.move(temporary, final)
    except BaseException:
        try:
            fs.delete_file(temporary)
        except OSError:
            pass
        raise
    return {"part": f"{folder}/{name}", "rows": table.num_rows}


def _scan_span_to_dataset(paths: list[str], instrument: str, first: str, last: str, options: dict[str, Any],
                          out: str) -> dict[str, Any]:
    table, bars = _scan_span(paths, instrument, first, last, options)
    table = _dataset_schema(table)
    if table.num_rows == 0:
        return {"part": None, "rows": 0, "bars": bars}
    return dict(_write_part(table, out, instrument, first, last), bars=bars)


def _dataset_schema(table: pa.Table) -> pa.Table:
    """One schema for every part of a dataset: Profit float64 (a part cannot
    know whether every row of the whole run is a Win), open_as_of_time present."""
    if table.schema.field("Profit").type != pa.float64():
        table = table.set_column(table.schema.get_field_index("Profit"), "Profit",
                                 table.column("Profit").cast(pa.float64()))
    if "open_as_of_time" not in table.schema.names:
        table = table.append_column("open_as_of_time", pa.nulls(table.num_rows, pa.string()))
    return table


# ---------------------------------------------------------------------------
# Public entry point.

def _instrument_list(instruments: Any) -> list[str]:
    if isinstance(instruments, str):
        symbols = [s.strip() for s in instruments.split(",") if s.strip()]
    else:
        symbols = [str(s).strip() for s in instruments or [] if str(s).strip()]
    if not symbols:
        raise orbit.UsageError("instruments: no instrument given")
    if any(s.upper() == "ALL" for s in symbols):
        raise orbit.UsageError("instruments: name the instruments for orbit.dask.scan ('all' is not supported)")
    return symbols


def scan(bars: Any, *, instruments: Any, client: Any = None, partition: str = "year", out: str | None = None,
         progress: bool = False, retries: int = 2, **run_options: Any) -> Any:
    """``orbit.scan(bars, instruments, as_arrow=True, **run_options)`` on a Dask cluster.

    ``bars``: a path/URI or a list of them (files and folders, as ``orbit.scan``).
    ``instruments``: "ES,NQ" or a list (explicit symbols). ``client``: a
    ``distributed.Client``; None = the active one. ``partition``: span of
    trading days per task, "year", "quarter" or "month". ``run_options``: every
    keyword of ``orbit.scan`` (``as_of`` defaults to now, read once here so that
    every task sees the same instant; ``threads`` defaults to 1 per task).

    Returns the same pyarrow Table as the single run (rows, order, types).
    With ``out`` (a folder or URI), workers write hive-partitioned Parquet
    (``<out>/instrument=ES/part-<first>_<last>.parquet``) themselves and the
    call returns ``{"path", "parts", "rows", "tasks"}`` instead.
    ``progress``: Dask's progress bar (a widget in notebooks).
    """
    if client is None:
        client = distributed.get_client()
    for reserved in ("analyze_from", "analyze_to", "as_arrow", "instrument"):
        if reserved in run_options:
            raise orbit.UsageError(f"{reserved}: set by orbit.dask.scan itself")
    paths = [os.fspath(bars)] if isinstance(bars, (str, os.PathLike)) else [os.fspath(p) for p in bars]
    symbols = _instrument_list(instruments)
    options = dict(run_options)
    if options.get("as_of") is None:
        import pandas as pd

        options["as_of"] = pd.Timestamp.now(tz="UTC").strftime("%Y-%m-%dT%H:%M:%SZ")
    options.setdefault("threads", 1)

    ranges = _instrument_ranges(paths, symbols)
    missing = [s for s in symbols if s not in ranges]
    if missing:
        raise orbit.BadInputError("no rows for instrument " + ", ".join(missing) + " in the input")
    tasks = []
    for symbol in sorted(symbols):
        for first, last in plan_spans(ranges[symbol][0], ranges[symbol][1], partition):
            tasks.append((symbol, first.isoformat(), last.isoformat()))

    if out is None:
        futures = [client.submit(_scan_span, paths, s, a, b, options, pure=True, retries=retries,
                                 key=f"orbit-scan-{s}-{a}-{tokenize(paths, s, a, b, options)}") for s, a, b in tasks]
    else:
        futures = [client.submit(_scan_span_to_dataset, paths, s, a, b, options, out, pure=True, retries=retries,
                                 key=f"orbit-write-{s}-{a}-{tokenize(paths, s, a, b, options, out)}") for s, a, b in tasks]
    if progress:
        distributed.progress(futures)
    results = client.gather(futures)
    bars: dict[str, int] = {}
    for (symbol, _a, _b), r in zip(tasks, results):
        bars[symbol] = bars.get(symbol, 0) + (r["bars"] if out is not None else r[1])
    missing = [s for s in symbols if bars.get(s, 0) == 0]
    if missing:  # as orbit.scan: a named instrument without rows is bad input
        raise orbit.BadInputError("no rows for instrument " + ", ".join(missing) + " in the input")
    if out is not None:
        rows: dict[str, int] = {}
        for (symbol, _a, _b), r in zip(tasks, results):
            rows[symbol] = rows.get(symbol, 0) + r["rows"]
        return {"path": out.split("?", 1)[0], "parts": [r["part"] for r in results if r["part"]],
                "rows": rows, "tasks": len(tasks)}
    return _combine(tasks, [table for table, _bars in results])


def _unify_instrument(parts: list[pa.Table]) -> pa.Table:
    """One instrument's span tables as its single-run table (§6.6, §6.7):
    Profit is int64 only when the whole instrument has rows and every one is a
    Win (spans without rows say float64, spans of all-Win rows say int64);
    open_as_of_time exists when any span built a range."""
    nonempty = [t for t in parts if t.num_rows > 0]
    profit_int = bool(nonempty) and all(pa.types.is_integer(t.schema.field("Profit").type) for t in nonempty)
    with_open = next((t for t in parts if "open_as_of_time" in t.schema.names), None)
    unified = []
    for t in parts:
        want = pa.int64() if profit_int else pa.float64()
        if t.schema.field("Profit").type != want:
            t = t.set_column(t.schema.get_field_index("Profit"), "Profit", t.column("Profit").cast(want))
        if with_open is not None and "open_as_of_time" not in t.schema.names:
            t = t.append_column(with_open.schema.field("open_as_of_time"),
                                pa.nulls(t.num_rows, with_open.schema.field("open_as_of_time").type))
        unified.append(t)
    # One chunk per instrument, as the single run's table has.
    return pa.concat_tables(unified).combine_chunks()


def _combine(tasks: list[tuple[str, str, str]], tables: list[pa.Table]) -> pa.Table:
    """The single run's table: spans unified per instrument, then instruments
    concatenated in symbol order as ``orbit.scan`` does (permissive promotion)."""
    per_instrument: dict[str, list[pa.Table]] = {}
    for (symbol, _a, _b), table in zip(tasks, tables):
        per_instrument.setdefault(symbol, []).append(table)
    merged = [_unify_instrument(per_instrument[s]) for s in sorted(per_instrument)]
    if len(merged) == 1:
        return merged[0]
    return pa.concat_tables(merged, promote_options="permissive")
