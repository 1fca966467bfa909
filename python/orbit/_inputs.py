"""What the bar inputs hold, for planning (orbit.dask), from the engine itself.

One C++ call (``_core.discover``, python/src/data_binding.cc) lists the files a
run with the given run options reads (the engine's discovery) and reads each
with the run's own readers (CSV presets and column maps, input zone, the
instrument of files without an instrument column, dates): per instrument its
bars and first/last instants. So the planner accepts exactly the data
``orbit.scan`` accepts, and refuses the rest with its message. Local paths and
Arrow filesystem URIs (s3://, gs://, file://) alike. Nothing here imports dask.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from . import _core, _options

# Options a planning read must not narrow to one task's span.
_TASK_ONLY = ("analyze_from", "analyze_to")


def _run_options(options: dict[str, Any], instruments: list[str] | None) -> list[tuple[str, str]]:
    given = {k: v for k, v in options.items() if k not in _TASK_ONLY}
    given["instrument"] = ",".join(instruments) if instruments else "all"
    return _options.collect(given)


def _chicago_day(ns: int) -> dt.date:
    return pd.Timestamp(ns, unit="ns", tz="UTC").tz_convert("America/Chicago").date()


def survey(paths: list[str], instruments: list[str] | None, options: dict[str, Any]) -> dict[str, tuple[dt.date, dt.date]]:
    """Per instrument with bars (all of them for None, as `--instrument all`),
    the trading dates its spans must cover: the Chicago dates of its first and
    last bar, a day of margin each side. Errors: the reader's BadInputError
    (e.g. a file without an instrument column under "all") or OSError for the
    first file the engine's readers reject, as ``orbit.scan`` raises them."""
    ranges: dict[str, tuple[dt.date, dt.date]] = {}
    for f in _core.discover(paths, _run_options(options, instruments), True):
        if f["error"] is not None:
            raise (OSError if f["error_kind"] == "io" else _core.BadInputError)(f["error"])
        for item in f["instruments"]:
            lo = _chicago_day(item["first_ns"]) - dt.timedelta(days=1)
            hi = _chicago_day(item["last_ns"]) + dt.timedelta(days=1)
            old = ranges.get(item["instrument"])
            ranges[item["instrument"]] = (lo, hi) if old is None else (min(old[0], lo), max(old[1], hi))
    return ranges


def input_instruments(paths: list[str], options: dict[str, Any]) -> list[str]:
    """Every instrument the inputs hold, sorted: what `--instrument all` runs."""
    found = sorted(survey(paths, None, options))
    if not found:
        raise _core.BadInputError("no instrument found in the data")
    return found


def instrument_paths(paths: list[str], instrument: str, options: dict[str, Any]) -> list[str]:
    """The path arguments a run of `instrument` alone reads. A run of several
    instruments reads a folder whose files all name other instruments for
    those; a run of one refuses it ("no rows for instrument X", the engine's
    discovery), so such folders are left out: they hold no row of `instrument`.
    One argument is kept as is (the single run would refuse it too)."""
    if len(paths) == 1:
        return list(paths)
    kept = []
    for path in paths:
        try:
            if _core.discover([path], _run_options(options, [instrument]), False):
                kept.append(path)
        except _core.BadInputError:
            continue
    return kept
