"""Orbit: the opening-range-breakout analyzer's C++ engine, from Python.

    import orbit
    rp = orbit.RunParams("ES")
    result = orbit.run_strategy(bars_df, rp, as_of="2026-01-01T00:00:00Z")

* ``run_strategy(data, rp)`` -> pandas DataFrame equal to the reference's result
  (columns, order, dtypes of spec §6.2/§6.7; Date as 'YYYY-MM-DD' strings).
* ``run(data, rp)`` -> the same result as a pyarrow Table.
* ``scan(paths, instrument=...)`` -> files and folders, with ``orbit run``'s options.

Every option of ``orbit run`` is a keyword argument (``--trade-days`` ->
``trade_days``); values are checked by the same C++ parser as the CLI's, so
errors carry the CLI's messages. ``data`` is a pandas DataFrame in the
reference schema (timestamp, open, high, low, close, instrument), a pyarrow
Table, or any object with ``__arrow_c_stream__``; it reaches the engine
through the Arrow C stream interface. The GIL is released while the engine
runs, and Ctrl-C (KeyboardInterrupt) stops a run within a fraction of a second.

Errors: ``OrbitError`` is the base of ``UsageError`` (bad parameters) and
``BadInputError`` (data failing validation), both also ``ValueError``; an
unreadable file raises ``OSError``; a wrong argument type ``TypeError``.
Reader notes (duplicates kept, a single date bound ignored, ...) are
``OrbitWarning`` warnings.
"""
from __future__ import annotations

import os
import warnings
from collections.abc import Callable, Iterable
from typing import Any, Literal, Union

import pyarrow as pa  # loads the Arrow C++ libraries _core links against

from . import _core, _options

import atexit as _atexit

# Arrow's S3 support (s3:// bars or outputs) must shut down before the
# interpreter's C++ teardown; a Python atexit hook runs early enough.
_atexit.register(_core._finalize_storage)
from ._params import RunParams
from ._report import check_data, data_summary, discover_files, inspect_range, report, session_catalogue  # noqa: F401
from ._sweep import sweep  # noqa: F401
from ._matrix import matrix  # noqa: F401
from ._overfit import overfit, walk_forward  # noqa: F401

__all__ = ["RunParams", "run_strategy", "run", "scan", "sweep", "matrix", "overfit", "walk_forward", "report", "check_data", "inspect_range", "data_summary",
           "discover_files", "session_catalogue", "fix_catalogue", "options", "OrbitError", "UsageError",
           "BadInputError", "OrbitWarning", "ProgressCallback", "__version__"]
__version__: str = _core.__version__

OrbitError = _core.OrbitError
UsageError = _core.UsageError
BadInputError = _core.BadInputError

ProgressCallback = Callable[[str, int, int], None]
Progress = Union[bool, ProgressCallback, None]
NanPolicy = Literal["error", "accept"]
DuplicatePolicy = Literal["keep-all", "keep-first", "keep-last", "error"]
Mode = Literal["auto", "memory", "stream"]
TargetMode = Literal["fixed", "time"]


class OrbitWarning(UserWarning):
    """A note from the reader or the engine (what `orbit run` prints as a warning)."""


_BAR_COLUMNS = ("timestamp", "open", "high", "low", "close", "instrument")
# Options RunParams carries for run()/run_strategy().
_PARAMS_OPTIONS = {"instrument", "sessions", "slots", "enabled-slots", "trade-days", "no-trade-rows", "target-mode"}


def __dir__() -> list[str]:
    return sorted(__all__)


def fix_catalogue() -> dict[str, str]:
    """The corrected behaviours ``fixes=`` accepts (KI id -> description)."""
    return dict(_core.fix_catalogue())


def options() -> dict[str, dict[str, Any]]:
    """Every run option (Python keyword -> kind, choices, default, help), as ``orbit run --help`` lists them."""
    return {_options.keyword(name): {"kind": kind, "choices": list(choices), "default": default, "help": help_text}
            for name, (kind, choices, default, help_text, _required) in _options.CATALOGUE.items()}


def _warn(messages: Iterable[str]) -> None:
    for message in messages:
        warnings.warn(message, OrbitWarning, stacklevel=3)


def _paths(paths: Any) -> list[str]:
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    if isinstance(paths, (bytes, dict)) or not isinstance(paths, Iterable):
        raise TypeError(f"paths: expected a path or a list of paths, got {type(paths).__name__}")
    out = []
    for p in paths:
        if not isinstance(p, (str, os.PathLike)):
            raise TypeError(f"paths: expected str or os.PathLike items, got {p!r}")
        out.append(os.fspath(p))
    return out


# --- Arrow in and out ----------------------------------------------------------

def _bar_table(data: Any) -> tuple[pa.Table, str] | None:
    """A DataFrame, Table or RecordBatch of bars as a Table of the bar columns (a
    'timestamp' index becomes the column), with the name used in messages; None
    for anything else. BadInputError when a DataFrame cannot be converted."""
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover - pandas is a dependency
        pd = None
    if pd is not None and isinstance(data, pd.DataFrame):
        frame = data
        if "timestamp" not in frame.columns and frame.index.name == "timestamp":
            frame = frame.reset_index()
        columns = _bar_column_names(list(frame.columns), "DataFrame")
        try:
            return pa.Table.from_pandas(frame, columns=columns, preserve_index=False), "DataFrame"
        except (pa.ArrowException, TypeError, ValueError) as e:
            raise BadInputError(f"DataFrame: cannot be converted to Arrow: {e}") from e
    if isinstance(data, pa.RecordBatch):
        data = pa.Table.from_batches([data])
    if isinstance(data, pa.Table):
        return data.select(_bar_column_names(data.column_names, "Table")), "Table"
    return None


def _bar_column_names(names: list, source: str) -> list:
    """The bar columns among ``names``, matched case-insensitively like files
    (an exact name first; the library renames the others). BadInputError
    naming the columns found when a required one is missing."""
    chosen = []
    for wanted in _BAR_COLUMNS:
        exact = [n for n in names if n == wanted]
        folded = exact or [n for n in names if isinstance(n, str) and n.lower() == wanted]
        chosen.extend(folded)  # two case variants: the library reports the ambiguity
    missing = [c for c in _BAR_COLUMNS[:5] if not any(isinstance(n, str) and n.lower() == c for n in chosen)]
    if missing:
        found = ", ".join(str(n) for n in names)[:200] or "no columns"
        raise BadInputError(f"{source}: missing required columns: {missing} (found: {found})")
    return chosen


def _arrow_stream(data: Any) -> tuple[Any, str]:
    """(an 'arrow_array_stream' PyCapsule, the name used in error messages)."""
    table = _bar_table(data)
    if table is not None:
        return table[0].__arrow_c_stream__(), table[1]
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
    raise TypeError(f"progress: expected a bool or a callable, got {progress!r}")



def _results(tables: list, notes: list[str]) -> list[tuple[str, pa.Table, int]]:
    _warn(notes)
    return [(symbol, _to_table(capsule), bars) for symbol, capsule, bars in tables]


# --- public API ------------------------------------------------------------------

def run(data: Any, rp: Any, *, as_of: Any = None, fixes: Any = None, threads: int | None = None,
        input_tz: str | None = None, nan_prices: NanPolicy | None = None, duplicates: DuplicatePolicy | None = None,
        progress: Progress = False, **options: Any) -> pa.Table:
    """Runs the analyzer over ``data`` for ``rp.instrument``; returns a pyarrow Table.

    ``rp``: RunParams, a dict, or any object with those attributes.
    ``as_of``: the instant that decides OPEN vs TIME (ISO-8601 text, datetime or
    Timestamp; naive = Chicago; default now, read once). ``fixes``: KI ids
    (``["KI-01", "KI-03"]``, ``"all"``). ``threads``: workers (default all cores).
    ``input_tz``: zone of naive timestamps. ``nan_prices``: "error"|"accept"
    (KI-39). ``duplicates``: "keep-all"|"keep-first"|"keep-last"|"error".
    Further ``orbit run`` options as keywords (``orbit.options()`` lists them).
    Rows of other instruments are validated but not analysed (spec §1.5); no
    rows for the instrument: an empty table and an OrbitWarning.
    ``progress``: True for a progress line on stderr (notebooks show it), or a
    callable ``progress(label, done, total)``; off by default.
    """
    params = RunParams.coerce(rp)
    extra = {"as_of": as_of, "fixes": fixes, "threads": threads, "input_tz": input_tz, "nan_prices": nan_prices,
             "duplicates": duplicates, **options}
    for key in extra:
        if _options.option_name(key) in _PARAMS_OPTIONS:
            raise TypeError(f"{key}: set it in RunParams, not as a keyword of run()")
    callback = _progress_callback(progress)
    stream, source = _arrow_stream(data)
    tables, notes = _core.run_stream(stream, source, params.options() + _options.collect(extra), callback)
    results = _results(tables, notes)
    return results[0][1]


def run_strategy(data: Any, rp: Any, *, as_of: Any = None, fixes: Any = None, threads: int | None = None,
                 input_tz: str | None = None, nan_prices: NanPolicy | None = None,
                 duplicates: DuplicatePolicy | None = None, progress: Progress = False,
                 **options: Any) -> "pandas.DataFrame":  # noqa: F821
    """Like :func:`run`, returning the pandas DataFrame the reference returns.

    Columns and order of spec §6.2; Target int64 for integer-target instruments,
    Profit int64 when every row is a Win (§6.7), text columns as object strings,
    Date as 'YYYY-MM-DD' strings. No rows for the instrument: an empty
    16-column table and an OrbitWarning (§1.5, §6.6).
    """
    return run(data, rp, as_of=as_of, fixes=fixes, threads=threads, input_tz=input_tz, nan_prices=nan_prices,
               duplicates=duplicates, progress=progress, **options).to_pandas()


def scan(paths: Any, instrument: Any, *, sessions: Any = None, slots: Any = None, trade_days: Any = None,
         no_trade_rows: bool | None = None, target_mode: TargetMode | None = None, as_of: Any = None,
         input_tz: str | None = None, fixes: Any = None, start: Any = None, end: Any = None,
         nan_prices: NanPolicy | None = None, duplicates: DuplicatePolicy | None = None, threads: int | None = None,
         mode: Mode | None = None, memory_limit: int | str | None = None, as_arrow: bool = False,
         progress: Progress = False, **options: Any) -> Any:
    """Runs the analyzer over CSV/Parquet files and folders, exactly as ``orbit run``.

    ``paths``: a path or a list (files, the reference's ``<INST>/1m/YYYY/MM``
    layout, hive folders, any folder of files). ``instrument``: "ES", "ES,NQ",
    a list, or "all". ``sessions``: "S1,S2" or a list. ``slots``: CLI tokens
    "S1:07:30,S2:09:30" or a list of them (KI-23 rules). ``trade_days``: list or
    "0,1,2,3,4". ``start``/``end``: 'YYYY-MM-DD' or dates (both, or KI-21).
    ``mode``/``memory_limit`` (bytes or "200M"): the in-memory/streaming choice.
    Every other ``orbit run`` option is a keyword too (``orbit.options()``).
    ``progress``: as for :func:`run`.
    Returns one pandas DataFrame (several instruments concatenated in symbol
    order, like the CLI's combined CSV), or a pyarrow Table with ``as_arrow``.
    A named instrument without rows raises BadInputError (CLI exit code 2).
    """
    if not isinstance(as_arrow, bool):
        raise TypeError(f"as_arrow: expected a bool, got {as_arrow!r}")
    given = {"instrument": instrument, "sessions": sessions, "slots": slots, "trade_days": trade_days,
             "no_trade_rows": no_trade_rows, "target_mode": target_mode, "as_of": as_of, "input_tz": input_tz,
             "fixes": fixes, "start": start, "end": end, "nan_prices": nan_prices, "duplicates": duplicates,
             "threads": threads, "mode": mode, "memory_limit": memory_limit, **options}
    callback = _progress_callback(progress)
    tables, notes = _core.run_files(_paths(paths), _options.collect(given), callback)
    results = _results(tables, notes)
    if as_arrow:
        if len(results) == 1:
            return results[0][1]
        return pa.concat_tables([t for _, t, _ in results], promote_options="permissive")
    frames = [t.to_pandas() for _, t, _ in results]
    if len(frames) == 1:
        return frames[0]
    import pandas as pd

    return pd.concat(frames, ignore_index=True)
