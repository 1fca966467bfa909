"""Orbit on a Dask cluster: ``orbit.scan`` split by (instrument, span of trading
days) and ``orbit.sweep`` split by (instrument, block of combinations).

Optional extra: ``pip install orbit[dask]``. The core ``orbit`` package never
imports this module or dask.

``scan``: each task runs the ordinary pipeline (``orbit.scan``) for one
instrument and one span of trading dates (a year, quarter or month) with
``analyze_from`` / ``analyze_to``: it analyses only the span's trading dates
and reads only the span's bars plus the 4-day look-ahead its last trades need
(spec §5.2), which Parquet row-group statistics prune. The span tables,
concatenated in (instrument, span) order with the single run's type
unification, are exactly the table of one ``orbit.scan`` over everything.

``sweep``: each task runs ``orbit.sweep`` for one instrument and one block of
consecutive combinations that is itself a product grid (orbit/_sweep_blocks.py);
its ``combo`` ids are shifted to the full grid's, and the blocks, ordered by
combination and then instrument as the engine writes them, are exactly the
table of one ``orbit.sweep``.

Tasks are pure and idempotent, so Dask may retry them (a worker that dies loses
nothing but time). Bars and ``out`` may be local paths or Arrow filesystem URIs
(``s3://bucket/prefix?endpoint_override=HOST:PORT&scheme=http``, ``gs://``,
``file://``); credentials come from the workers' standard environment and
configuration. See docs/CLUSTER.md.
"""
from __future__ import annotations

import datetime as dt
import math
import os
import tempfile
from typing import Any, Callable

import pyarrow as pa
import pyarrow.compute as pc

try:
    import distributed
    from dask.base import tokenize
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise ImportError("orbit.dask needs the dask extra: pip install 'orbit[dask]' "
                      "(dask[distributed])") from exc

import orbit
from orbit import _core, _inputs, _options
from orbit._dataset_parts import dataset_path, write_part
from orbit._sweep import _axis as _axis_text
from orbit._sweep_blocks import AXES, Block, grid_axes, plan_blocks

__all__ = ["scan", "sweep", "plan_spans"]

_PARTITIONS = ("year", "quarter", "month")
# Combinations per sweep task when `block` is not given (_auto_block): enough
# tasks for about _TASKS_PER_THREAD per worker thread, within
# [_MIN_AUTO_BLOCK, _MAX_AUTO_BLOCK]. A task reads and prepares its instrument
# once, which costs about as much as evaluating 50 combinations (measured,
# docs/CLUSTER.md): at 100 that fixed cost is a third of a task, at 1,000 a
# twentieth, and larger tasks only lose more time when a worker dies.
_TASKS_PER_THREAD = 4
_MIN_AUTO_BLOCK = 100
_MAX_AUTO_BLOCK = 1000


# ---------------------------------------------------------------------------
# Shared by scan and sweep: arguments, instruments, submission, datasets.

def _bar_paths(bars: Any) -> list[str]:
    return [os.fspath(bars)] if isinstance(bars, (str, os.PathLike)) else [os.fspath(p) for p in bars]


def _task_options(run_options: dict[str, Any], reserved: tuple[str, ...], caller: str) -> dict[str, Any]:
    """The run options every task gets: `as_of` fixed once here (default now)
    so that every task decides OPEN vs TIME alike; `threads` 1 per task unless
    given. Errors: UsageError for a keyword the caller sets itself."""
    for name in reserved:
        if name in run_options:
            raise orbit.UsageError(f"{name}: set by {caller} itself")
    options = dict(run_options)
    if options.get("as_of") is None:
        import pandas as pd

        options["as_of"] = pd.Timestamp.now(tz="UTC").strftime("%Y-%m-%dT%H:%M:%SZ")
    options.setdefault("threads", 1)
    return options


def _instrument_list(instruments: Any, paths: list[str]) -> tuple[list[str], bool]:
    """(the symbols to run, sorted and distinct as the engine runs them; whether
    they came from "all"). "all" is every instrument the inputs hold
    (orbit/_inputs.py, as `--instrument all`). Errors: UsageError."""
    if isinstance(instruments, str):
        symbols = [s.strip() for s in instruments.split(",") if s.strip()]
    else:
        symbols = [str(s).strip() for s in instruments or [] if str(s).strip()]
    if not symbols:
        raise orbit.UsageError("instruments: no instrument given")
    if any(s.upper() == "ALL" for s in symbols):
        if len(symbols) > 1:
            raise orbit.UsageError("instruments: 'all' cannot be combined with symbols")
        return _inputs.input_instruments(paths), True
    return sorted(set(symbols)), False


def _resolve_client(client: Any) -> Any:
    """`client`, or the active distributed client when None."""
    return distributed.get_client() if client is None else client


def _run_tasks(client: Any, calls: list[tuple[str, Callable[..., Any], tuple]], retries: int,
               progress: bool) -> list[Any]:
    """Submits (key prefix, function, arguments) calls as pure tasks whose keys
    are the prefix and a token of the arguments (a repeated call reuses the
    results Dask still holds); returns their results in call order."""
    client = _resolve_client(client)
    futures = [client.submit(fn, *args, pure=True, retries=retries, key=f"{prefix}-{tokenize(fn.__name__, *args)}")
               for prefix, fn, args in calls]
    if progress:
        distributed.progress(futures)
    return client.gather(futures)


def _dataset_summary(out: str, symbols: list[str], results: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    """What a call with `out` returns: the dataset path, its parts, the rows per
    instrument and the number of tasks. `symbols[i]` is result i's instrument."""
    rows: dict[str, int] = {}
    for symbol, r in zip(symbols, results):
        rows[symbol] = rows.get(symbol, 0) + r["rows"]
    return {"path": dataset_path(out), "parts": [r["part"] for r in results if r["part"]], "rows": rows,
            "tasks": len(results), **extra}


# ---------------------------------------------------------------------------
# scan: planning (instrument, span) tasks.

def _check_partition(partition: str) -> None:
    if partition not in _PARTITIONS:
        raise orbit.UsageError(f"partition: expected one of {', '.join(_PARTITIONS)}, got {partition!r}")


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
    _check_partition(partition)
    spans = []
    start = _period_start(first, partition)
    while start <= last:
        nxt = _next_period(start, partition)
        spans.append((start, nxt - dt.timedelta(days=1)))
        start = nxt
    return spans


# ---------------------------------------------------------------------------
# scan: tasks (run on the workers; pure functions of their arguments).

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


def _scan_span_to_dataset(paths: list[str], instrument: str, first: str, last: str, options: dict[str, Any],
                          out: str) -> dict[str, Any]:
    """`_scan_span` written as the part <out>/instrument=<I>/part-<first>_<last>.parquet
    (none for a span without rows)."""
    table, bars = _scan_span(paths, instrument, first, last, options)
    table = _dataset_schema(table)
    if table.num_rows == 0:
        return {"part": None, "rows": 0, "bars": bars}
    return dict(write_part(table, out, instrument, f"part-{first}_{last}"), bars=bars)


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
# scan: the public entry point and the single run's table.

def scan(bars: Any, *, instruments: Any, client: Any = None, partition: str = "year", out: str | None = None,
         progress: bool = False, retries: int = 2, **run_options: Any) -> Any:
    """``orbit.scan(bars, instruments, as_arrow=True, **run_options)`` on a Dask cluster.

    ``bars``: a path/URI or a list of them (files and folders, as ``orbit.scan``).
    ``instruments``: "ES,NQ", a list, or "all" (every instrument the inputs
    hold, as ``orbit.scan(..., "all")``). ``client``: a
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
    options = _task_options(run_options, ("analyze_from", "analyze_to", "as_arrow", "instrument"),
                            "orbit.dask.scan")
    _check_partition(partition)
    paths = _bar_paths(bars)
    symbols, every = _instrument_list(instruments, paths)
    ranges = _inputs.instrument_ranges(paths, symbols)
    missing = [s for s in symbols if s not in ranges]
    if missing and not every:
        raise orbit.BadInputError("no rows for instrument " + ", ".join(missing) + " in the input")
    tasks = [(s, first.isoformat(), last.isoformat()) for s in symbols if s in ranges
             for first, last in plan_spans(ranges[s][0], ranges[s][1], partition)]
    paths_of = {s: _inputs.instrument_paths(paths, s) for s in ranges}
    if out is None:
        calls = [(f"orbit-scan-{s}-{a}", _scan_span, (paths_of[s], s, a, b, options)) for s, a, b in tasks]
    else:
        calls = [(f"orbit-write-{s}-{a}", _scan_span_to_dataset, (paths_of[s], s, a, b, options, out))
                 for s, a, b in tasks]
    results = _run_tasks(client, calls, retries, progress)
    bars_of: dict[str, int] = {}
    for (symbol, _a, _b), r in zip(tasks, results):
        bars_of[symbol] = bars_of.get(symbol, 0) + (r["bars"] if out is not None else r[1])
    missing = [s for s in symbols if bars_of.get(s, 0) == 0]
    if missing and not every:  # as orbit.scan: a named instrument without rows is bad input
        raise orbit.BadInputError("no rows for instrument " + ", ".join(missing) + " in the input")
    if len(missing) == len(symbols):
        raise orbit.BadInputError("no instrument found in the data")
    # "all" runs the instruments with rows in the run's dates (as the reader selects them).
    kept = [i for i, (symbol, _a, _b) in enumerate(tasks) if symbol not in missing]
    if out is not None:
        return _dataset_summary(out, [tasks[i][0] for i in kept], [results[i] for i in kept])
    return _combine_spans([tasks[i] for i in kept], [results[i][0] for i in kept])


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


def _combine_spans(tasks: list[tuple[str, str, str]], tables: list[pa.Table]) -> pa.Table:
    """The single run's table: spans unified per instrument, then instruments
    concatenated in symbol order as ``orbit.scan`` does (permissive promotion)."""
    per_instrument: dict[str, list[pa.Table]] = {}
    for (symbol, _a, _b), table in zip(tasks, tables):
        per_instrument.setdefault(symbol, []).append(table)
    merged = [_unify_instrument(per_instrument[s]) for s in sorted(per_instrument)]
    if len(merged) == 1:
        return merged[0]
    return pa.concat_tables(merged, promote_options="permissive")


# ---------------------------------------------------------------------------
# sweep: tasks (run on the workers; pure functions of their arguments).

def _sweep_block(paths: list[str], instrument: str, block: Block, settings: dict[str, Any]) -> pa.Table:
    """One instrument's SUMMARY (or TRADES) rows of combinations
    block.first..block.first+block.count-1, numbered as in the full grid."""
    target, stop_cap, t1, be_offset = block.axes
    table = orbit.sweep(paths, instrument=instrument, target=target, stop_cap=stop_cap, t1=t1, be_offset=be_offset,
                        **settings)
    column = table.schema.get_field_index("combo")
    return table.set_column(column, "combo", pc.add(table.column(column), pa.scalar(block.first, pa.int64())))


def _sweep_block_to_dataset(paths: list[str], instrument: str, block: Block, settings: dict[str, Any], out: str,
                            width: int) -> dict[str, Any]:
    """`_sweep_block` written as the part <out>/instrument=<I>/part-<first>_<last>.parquet
    (combination ids zero-padded to `width` digits; none for a block without rows)."""
    table = _sweep_block(paths, instrument, block, settings)
    if table.num_rows == 0:
        return {"part": None, "rows": 0}
    last = block.first + block.count - 1
    return write_part(table, out, instrument, f"part-{block.first:0{width}d}_{last:0{width}d}")


# ---------------------------------------------------------------------------
# sweep: the public entry point and the single sweep's table.

def _check_sweep(symbols: list[str], axes: dict[str, str], settings: dict[str, Any]) -> None:
    """Lets the engine check everything of the sweep but the bars: run options,
    --by, the axes (syntax, ranges, max_combos) and every target against every
    instrument. RunSweepJob does all of that before it reads (src/sweep/
    sweep_job.h), so over an empty folder a valid sweep stops at the read
    (OSError) and an invalid one raises the engine's UsageError."""
    with tempfile.TemporaryDirectory(prefix="orbit-dask-check-") as empty:
        try:
            orbit.sweep(empty, instrument=",".join(symbols), **axes, **settings)
        except OSError:
            return
    raise RuntimeError("orbit.dask.sweep: the engine swept an empty folder")  # pragma: no cover


def _auto_block(combinations: int, instruments: int, client: Any) -> int:
    """The default combinations per task for this grid and cluster (see _TASKS_PER_THREAD)."""
    threads = max(1, sum(_resolve_client(client).nthreads().values()))
    wanted = math.ceil(combinations * instruments / (_TASKS_PER_THREAD * threads))
    return min(_MAX_AUTO_BLOCK, max(_MIN_AUTO_BLOCK, wanted))


def sweep(bars: Any, *, instruments: Any, client: Any = None, block: int | None = None, target: Any = None,
          stop_cap: Any = None, t1: Any = None, be_offset: Any = None, by: str = "slot", trades: bool = False,
          pnl: bool = False, out: str | None = None, max_combos: int = 10_000_000, fixes: Any = (),
          progress: bool = False,
          retries: int = 2, **run_options: Any) -> Any:
    """``orbit.sweep(bars, instrument=instruments, ...)`` on a Dask cluster.

    ``bars``, ``client``, ``progress``, ``retries``: as for :func:`scan`.
    ``instruments``: "ES,NQ", a list, or "all". ``target``/``stop_cap``/``t1``/
    ``be_offset``, ``by``, ``trades``, ``max_combos``, ``fixes`` and
    ``run_options``: as ``orbit.sweep`` (``as_of`` defaults to now, read once
    here; ``threads`` defaults to 1 per task). ``block``: combinations per task
    (>= 1); each task reads and prepares its instrument's bars once. None:
    about 4 tasks per worker thread, 100 to 1,000 combinations a task.

    Returns the same pyarrow Table as the single sweep: SUMMARY, or TRADES with
    ``trades=True`` (rows in combination, then instrument order; ``combo`` is
    the full grid's id), or the daily P&L with ``pnl=True`` (the file of
    ``orbit sweep --pnl-out``: rows in (instrument, group), combo, date order).
    With ``out`` (a folder or URI), workers write
    hive-partitioned Parquet (``<out>/instrument=ES/part-<first combo>_<last
    combo>.parquet``) themselves and the call returns ``{"path", "parts",
    "rows", "tasks", "combinations"}`` instead. Bad options or axes raise the
    engine's UsageError before any task runs.
    """
    if block is not None and (isinstance(block, bool) or not isinstance(block, int) or block < 1):
        raise orbit.UsageError(f"block: expected a positive number of combinations, got {block!r}")
    options = _task_options(run_options, ("instrument",), "orbit.dask.sweep")
    paths = _bar_paths(bars)
    symbols, _every = _instrument_list(instruments, paths)
    axes = {name: _axis_text(name, value) for name, value in zip(AXES, (target, stop_cap, t1, be_offset))}
    settings = dict(options, by=by, trades=trades, max_combos=max_combos, fixes=fixes)
    if pnl:
        settings["pnl"] = True
    _check_sweep(symbols, axes, settings)
    values = grid_axes(axes)
    if block is None:
        block = _auto_block(math.prod(len(v) for v in values), len(symbols), client)
    blocks = plan_blocks(values, block)
    combinations = blocks[-1].first + blocks[-1].count
    paths_of = {s: _inputs.instrument_paths(paths, s) for s in symbols}
    missing = [s for s in symbols if not paths_of[s]]
    if missing:  # as orbit.sweep: a named instrument without rows is bad input
        raise orbit.BadInputError("no rows for instrument " + ", ".join(missing) + " in the input")
    tasks = [(b, s) for b in blocks for s in symbols]  # the engine's order: combination, then instrument
    if out is None:
        calls = [(f"orbit-sweep-{s}-{b.first}", _sweep_block, (paths_of[s], s, b, settings)) for b, s in tasks]
    else:
        width = len(str(combinations - 1))
        calls = [(f"orbit-sweep-write-{s}-{b.first}", _sweep_block_to_dataset,
                  (paths_of[s], s, b, settings, out, width)) for b, s in tasks]
    results = _run_tasks(client, calls, retries, progress)
    if out is not None:
        return _dataset_summary(out, [s for _b, s in tasks], results, combinations=combinations)
    if pnl:
        return _combine_pnl(results)
    return _combine_blocks(results)


def _combine_pnl(tables: list[pa.Table]) -> pa.Table:
    """The single sweep's daily P&L from the tasks' tables: SUMMARY's order of
    (instrument, group) is the symbols' and the group keys' text order
    (report::GroupRecords for slot, stream and year), then combo, then date."""
    table = pa.concat_tables(tables)
    return table.take(pc.sort_indices(table, sort_keys=[("instrument", "ascending"), ("group", "ascending"),
                                                        ("combo", "ascending"), ("date", "ascending")]))


def _combine_blocks(tables: list[pa.Table]) -> pa.Table:
    """The single sweep's table from the tasks' tables in (block, instrument)
    order: a stable sort by combo puts each combination's instruments in symbol
    order and keeps every (combination, instrument)'s rows in the engine's order."""
    table = pa.concat_tables(tables)
    return table.take(pc.sort_indices(table, sort_keys=[("combo", "ascending")]))
