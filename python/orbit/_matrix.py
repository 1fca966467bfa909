"""orbit.matrix: the master matrix, its statistics, the sequencer state and execution timetables
(SELECTION_SPEC.md), exactly as ``orbit matrix`` computes them (the same C++ code)."""
from __future__ import annotations

import json
import os
from typing import Any

import pyarrow as pa

from . import _core
from ._report import _is_table, _paths, _result_files, _result_stream


def _sources(results: Any) -> list[tuple[Any, str]]:
    """[(path or Arrow C stream capsule, name)] in the order given."""
    items = results if isinstance(results, (list, tuple)) else [results]
    out: list[tuple[Any, str]] = []
    for i, item in enumerate(items):
        if _is_table(item):
            stream, name = _result_stream(item)
            out.append((stream, f"{name}[{i}]" if len(items) > 1 else name))
        else:
            out.extend((p, p) for p in _result_files(_paths(item)))
    return out


def matrix(results: Any, *, filters: Any = None, fix: Any = (), strict: bool = False, resume: Any = None,
           timetable: Any = None, timetable_mode: str = "live", pinned_clock: bool = False,
           out: Any = None) -> dict:
    """The master matrix of result tables, as ``orbit matrix`` builds it.

    ``results``: result tables in order (the last wins for duplicate rows): what :func:`orbit.scan`
    returns (a pandas DataFrame or pyarrow Table), result files/folders written by ``orbit run``, or a
    list mixing them. ``filters``: a stream_filters dict or the path of its JSON file. ``fix``: known
    issue ids to correct ("KI-M05", ...). ``strict``: raise BadInputError instead of warning on inputs
    the reference drops silently. ``resume``: a saved sequencer state (dict or path), to sequence only
    the days after its checkpoint. ``timetable``: a session date or a list of them (YYYY-MM-DD), with
    ``timetable_mode`` "live" or "historical". ``out``: also write the matrix there (.csv or .parquet).

    Returns {"matrix": DataFrame, "stats": dict, "state": dict, "timetables": {date: dict},
    "warnings": [str]}.
    """
    request = _core._MatrixRequest()
    if filters is not None:
        request.filters_json = json.dumps(filters) if isinstance(filters, dict) else open(os.fspath(filters)).read()
    request.fixes = [fix] if isinstance(fix, str) else list(fix)
    request.strict = bool(strict)
    if resume is not None:
        request.resume_json = json.dumps(resume) if isinstance(resume, dict) else open(os.fspath(resume)).read()
    dates = [] if timetable is None else [timetable] if isinstance(timetable, str) else [str(d) for d in timetable]
    request.timetable_dates = dates
    request.timetable_mode = timetable_mode
    request.pinned_clock = bool(pinned_clock)
    if out is not None:
        request.out = os.fspath(out)
    stream, stats, state, timetables, warnings = _core.matrix(_sources(results), request)
    frame = pa.RecordBatchReader.from_stream(_Capsule(stream)).read_all().to_pandas()
    return {"matrix": frame, "stats": json.loads(stats), "state": json.loads(state),
            "timetables": {d: json.loads(t) for d, t in zip(dates, timetables)}, "warnings": list(warnings)}


class _Capsule:
    """Hands the matrix capsule from _core to pyarrow (the Arrow PyCapsule protocol), once."""

    def __init__(self, capsule: Any) -> None:
        self._capsule = capsule

    def __arrow_c_stream__(self, requested_schema: Any = None) -> Any:
        capsule, self._capsule = self._capsule, None
        return capsule
