"""Orbit: the opening-range-breakout analyzer's C++ engine, from Python.

    import orbit
    rp = orbit.RunParams("ES")
    result = orbit.run_strategy(bars_df, rp, as_of="2026-01-01T00:00:00Z")

* ``run_strategy(data, rp)`` -> pandas DataFrame equal to the reference's result
  (columns, order, dtypes of spec §6.2/§6.7; Date as 'YYYY-MM-DD' strings).
* ``run(data, rp)`` -> the same result as a pyarrow Table.
* ``scan(paths, instrument=...)`` -> files and folders, with ``orbit run``'s options.

``data`` is a pandas DataFrame in the reference schema (timestamp, open, high,
low, close, instrument), a pyarrow Table, or any object with
``__arrow_c_stream__``. It reaches the engine through the Arrow C stream
interface, never row by row; the GIL is released while the engine runs.
Zoned timestamps are instants (any zone is converted); naive ones are wall
clock in ``input_tz`` (default America/Chicago).

Errors carry the CLI's messages: ``UsageError`` (bad parameters) and
``BadInputError`` (data failing validation) are ``ValueError`` subclasses; an
unreadable file raises ``OSError``. Reader notes (duplicates kept, negative
prices accepted, an instrument with no rows) are ``OrbitWarning`` warnings.
"""
from __future__ import annotations

import os
import warnings
from collections.abc import Iterable
from typing import Any

import pyarrow as pa  # loads the Arrow C++ libraries _core links against

from . import _core

import atexit as _atexit

# Arrow's S3 support (s3:// bars or outputs) must shut down before the
# interpreter's C++ teardown; a Python atexit hook runs early enough.
_atexit.register(_core._finalize_storage)
from ._params import RunParams

__all__ = ["RunParams", "run_strategy", "run", "scan", "fix_catalogue", "UsageError", "BadInputError",
           "OrbitWarning"]
__version__ = "0.1.0"

UsageError = _core.UsageError
BadInputError = _core.BadInputError


class OrbitWarning(UserWarning):
    """A note from the reader or the engine (what `orbit run` prints as a warning)."""


_BAR_COLUMNS = ("timestamp", "open", "high", "low", "close", "instrument")


def fix_catalogue() -> dict[str, str]:
    """The corrected behaviours ``fixes=`` accepts (KI id -> description)."""
    return dict(_core.fix_catalogue())


# --- argument helpers --------------------------------------------------------

def _fixes_text(fixes: Any) -> str:
    if fixes is None:
        return ""
    if isinstance(fixes, str):
        return fixes
    items = list(fixes)
    for item in items:
        if not isinstance(item, str):
            raise UsageError(f"fixes: expected KI ids such as 'KI-01' or 'all', got {item!r}")
    return ",".join(items)


def _threads(threads: Any) -> int:
    if threads is None:
        return 0
    if isinstance(threads, bool) or not isinstance(threads, int) or threads < 0:
        raise UsageError(f"threads: expected a positive integer or None (all cores), got {threads!r}")
    return threads


def _as_of_ns(as_of: Any) -> int | None:
    """ISO-8601 text, datetime, pandas Timestamp or numpy datetime64; naive = Chicago wall clock (as --as-of)."""
    if as_of is None:
        return None
    import pandas as pd

    bad = UsageError(f"as_of: {as_of!r} is not an ISO-8601 instant "
                     "(e.g. 2024-01-31, 2024-01-31T16:00, 2024-01-31T22:00:00Z)")
    if isinstance(as_of, (bool, int, float)):
        raise bad
    try:
        ts = pd.Timestamp(as_of)
    except (ValueError, TypeError, OverflowError):
        raise bad from None
    if ts is pd.NaT:
        raise bad
    if ts.tzinfo is None:
        # Repeated wall times take the earlier instant, skipped ones the
        # pre-transition offset: the library's TimeZone::ToInstant rule.
        ts = ts.tz_localize("America/Chicago", ambiguous=True, nonexistent=pd.Timedelta(hours=1))
    return int(ts.as_unit("ns").value)


def _read_options(input_tz: Any, nan_prices: Any, duplicates: Any) -> "_core._ReadOptions":
    read = _core._ReadOptions()
    if input_tz is None:
        input_tz = "America/Chicago"
    for name, value in (("input_tz", input_tz), ("nan_prices", nan_prices), ("duplicates", duplicates)):
        if not isinstance(value, str):
            raise UsageError(f"{name}: expected a string, got {value!r}")
    read.input_tz = input_tz
    read.nan_prices = nan_prices
    read.duplicates = duplicates
    return read


def _warn(messages: Iterable[str]) -> None:
    for message in messages:
        warnings.warn(message, OrbitWarning, stacklevel=3)


# --- Arrow in and out ----------------------------------------------------------

def _arrow_stream(data: Any) -> tuple[Any, str]:
    """(an 'arrow_array_stream' PyCapsule, the name used in error messages)."""
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover - pandas is a dependency
        pd = None
    if pd is not None and isinstance(data, pd.DataFrame):
        frame = data
        if "timestamp" not in frame.columns and frame.index.name == "timestamp":
            frame = frame.reset_index()
        columns = [c for c in _BAR_COLUMNS if c in frame.columns]
        try:
            table = pa.Table.from_pandas(frame, columns=columns, preserve_index=False)
        except (pa.ArrowException, TypeError, ValueError) as e:
            raise BadInputError(f"DataFrame: cannot be converted to Arrow: {e}") from e
        return table.__arrow_c_stream__(), "DataFrame"
    if isinstance(data, pa.RecordBatch):
        data = pa.Table.from_batches([data])
    if isinstance(data, pa.Table):
        table = data.select([c for c in _BAR_COLUMNS if c in data.column_names])
        return table.__arrow_c_stream__(), "Table"
    if hasattr(data, "__arrow_c_stream__"):
        return data.__arrow_c_stream__(), type(data).__name__
    raise TypeError(f"expected a pandas DataFrame, a pyarrow Table or an object with __arrow_c_stream__, "
                    f"got {type(data).__name__}")


class _StreamCapsule:
    """Hands a result capsule from _core to pyarrow (the Arrow PyCapsule protocol)."""

    __slots__ = ("_capsule",)

    def __init__(self, capsule: Any):
        self._capsule = capsule

    def __arrow_c_stream__(self, requested_schema: Any = None) -> Any:
        capsule, self._capsule = self._capsule, None
        return capsule


def _to_table(capsule: Any) -> pa.Table:
    return pa.RecordBatchReader.from_stream(_StreamCapsule(capsule)).read_all()


def _progress_callback(progress: Any) -> Any:
    """None/False: no progress. True: a line on sys.stderr, redrawn in place
    (notebooks show it under the cell). A callable: called as
    progress(label, done, total) at most twice a second, from the engine."""
    if progress is None or progress is False:
        return None
    if callable(progress):
        return progress
    if progress is True:
        import sys

        def show(label: str, done: int, total: int) -> None:
            pct = 100.0 * done / total if total else 100.0
            end = "\n" if done >= total else ""
            sys.stderr.write(f"\r{label} {pct:5.1f}% {done}/{total}{end}")
            sys.stderr.flush()

        return show
    raise UsageError(f"progress: expected a bool or a callable, got {progress!r}")


# --- public API ------------------------------------------------------------------

def run(data: Any, rp: Any, *, as_of: Any = None, fixes: Any = (), threads: int | None = None,
        input_tz: str = "America/Chicago", nan_prices: str = "error", duplicates: str = "keep-all",
        progress: Any = False) -> pa.Table:
    """Runs the analyzer over ``data`` for ``rp.instrument``; returns a pyarrow Table.

    ``rp``: RunParams, a dict, or any object with those attributes.
    ``as_of``: the instant that decides OPEN vs TIME (ISO-8601 text, datetime or
    Timestamp; naive = Chicago; default now, read once). ``fixes``: KI ids
    (``["KI-01", "KI-03"]``, ``"all"``). ``threads``: workers (default all cores).
    ``input_tz``: zone of naive timestamps. ``nan_prices``: "error"|"accept"
    (KI-39). ``duplicates``: "keep-all"|"keep-first"|"keep-last"|"error".
    Rows of other instruments are validated but not analysed (spec §1.5).
    ``progress``: True for a progress line on stderr (notebooks show it), or a
    callable ``progress(label, done, total)``; off by default.
    """
    params = RunParams.coerce(rp)
    fixes_text = _fixes_text(fixes)
    read = _read_options(input_tz, nan_prices, duplicates)
    as_of_ns = _as_of_ns(as_of)
    nthreads = _threads(threads)
    stream, source = _arrow_stream(data)
    capsule, notes, _bars = _core.run(stream, source, params._to_core(), fixes_text, as_of_ns, read, nthreads,
                                      _progress_callback(progress))
    _warn(notes)
    return _to_table(capsule)


def run_strategy(data: Any, rp: Any, *, as_of: Any = None, fixes: Any = (), threads: int | None = None,
                 input_tz: str = "America/Chicago", nan_prices: str = "error",
                 duplicates: str = "keep-all", progress: Any = False) -> "pandas.DataFrame":  # noqa: F821
    """Like :func:`run`, returning the pandas DataFrame the reference returns.

    Columns and order of spec §6.2; Target int64 for integer-target instruments,
    Profit int64 when every row is a Win (§6.7), text columns as object strings,
    Date as 'YYYY-MM-DD' strings. No rows for the instrument: an empty
    16-column table and an OrbitWarning (§1.5, §6.6).
    """
    return run(data, rp, as_of=as_of, fixes=fixes, threads=threads, input_tz=input_tz, nan_prices=nan_prices,
               duplicates=duplicates, progress=progress).to_pandas()


def _list_arg(value: Any, name: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    items = list(value)
    for item in items:
        if not isinstance(item, str):
            raise UsageError(f"{name}: expected strings, got {item!r}")
    return [item.strip() for item in items if item.strip()]


def _day_text(day: Any) -> str:
    return "" if day is None else (day if isinstance(day, str) else day.isoformat())


def scan(paths: Any, instrument: Any, *, sessions: Any = "S1,S2", slots: Any = None,
         trade_days: Any = (0, 1, 2, 3, 4), no_trade_rows: bool = True, target_mode: str = "fixed",
         as_of: Any = None, input_tz: str = "America/Chicago", fixes: Any = (), start: Any = None,
         end: Any = None, nan_prices: str = "error", duplicates: str = "keep-all", threads: int | None = None,
         mode: str = "auto", memory_limit: int | None = None, as_arrow: bool = False,
         progress: Any = False, analyze_from: Any = None, analyze_to: Any = None,
         _bar_counts: dict | None = None) -> Any:
    """Runs the analyzer over CSV/Parquet files and folders, exactly as ``orbit run``.

    ``paths``: a path or a list (files, the reference's ``<INST>/1m/YYYY/MM``
    layout, hive folders, any folder of files). ``instrument``: "ES", "ES,NQ",
    a list, or "all". ``sessions``: "S1,S2" or a list. ``slots``: CLI tokens
    "S1:07:30,S2:09:30" or a list of them (KI-23 rules). ``trade_days``: list or
    "0,1,2,3,4". ``start``/``end``: 'YYYY-MM-DD' or dates (both, or KI-21).
    ``mode``/``memory_limit`` (bytes): the pipeline's in-memory/streaming choice.
    ``progress``: as for :func:`run`.
    ``analyze_from``/``analyze_to``: 'YYYY-MM-DD' or dates; only trading dates
    in that span are analysed, reading the span's bars plus the look-ahead
    after it (partitioned runs, :mod:`orbit.dask`); a span without bars gives
    an empty table instead of an error.
    Returns one pandas DataFrame (several instruments concatenated in symbol
    order, like the CLI's combined CSV), or a pyarrow Table with ``as_arrow``.
    A named instrument without rows raises BadInputError (CLI exit code 2).
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    request = _core._ScanRequest()
    request.paths = [os.fspath(p) for p in paths]
    symbols = _list_arg(instrument, "instrument")
    if not symbols:
        raise UsageError("instrument: no instrument given")
    all_instruments = len(symbols) == 1 and symbols[0].upper() == "ALL"
    request.instruments = [] if all_instruments else symbols
    request.sessions = [s.upper() for s in _list_arg(sessions, "sessions")]
    if not request.sessions:
        raise UsageError("sessions: no session given")
    request.slots = ",".join(_list_arg(slots, "slots"))
    if isinstance(trade_days, str):
        days = []
        for part in _list_arg(trade_days, "trade_days"):
            try:
                days.append(int(part))
            except ValueError:
                raise UsageError(f"trade_days: '{part}' is not a weekday number 0..4") from None
        trade_days = days
    request.trade_days = RunParams("ES", trade_days=trade_days).trade_days
    if not isinstance(no_trade_rows, bool):
        raise UsageError(f"no_trade_rows: expected a bool, got {no_trade_rows!r}")
    request.write_no_trade_rows = no_trade_rows
    request.target_mode = target_mode if isinstance(target_mode, str) else repr(target_mode)
    request.start = _day_text(start)
    request.end = _day_text(end)
    request.mode = mode
    if memory_limit is not None:
        if isinstance(memory_limit, bool) or not isinstance(memory_limit, int) or memory_limit <= 0:
            raise UsageError(f"memory_limit: expected a number of bytes, got {memory_limit!r}")
        request.memory_limit_bytes = memory_limit
    request.analyze_from = _day_text(analyze_from)
    request.analyze_to = _day_text(analyze_to)
    read = _read_options(input_tz, nan_prices, duplicates)
    tables, notes = _core.scan(request, _fixes_text(fixes), _as_of_ns(as_of), read, _threads(threads),
                               _progress_callback(progress))
    _warn(notes)
    results = [(symbol, _to_table(capsule), bars) for symbol, capsule, bars in tables]
    if _bar_counts is not None:  # orbit.dask: which instruments had bars in a span
        _bar_counts.update({symbol: bars for symbol, _, bars in results})
    missing = [symbol for symbol, _, bars in results if bars == 0]
    if missing and not all_instruments and not (request.analyze_from or request.analyze_to):
        raise BadInputError("no rows for instrument " + ", ".join(missing) + " in the input")
    if as_arrow:
        if len(results) == 1:
            return results[0][1]
        return pa.concat_tables([t for _, t, _ in results], promote_options="permissive")
    frames = [t.to_pandas() for _, t, _ in results]
    if len(frames) == 1:
        return frames[0]
    import pandas as pd

    return pd.concat(frames, ignore_index=True)
