"""What the bar inputs hold, read cheaply for planning (orbit.dask).

The files are the engine's own list (``_core.discover``: the files a run reads,
with the instrument a path names). From each file this module reads only
metadata or single columns: the dates of its first and last bar (Parquet
footer statistics, else the timestamp column) and, when the path names no
instrument, the instrument column's distinct values. Local paths and Arrow
filesystem URIs (s3://, gs://, file://) alike. Nothing here imports dask.
"""
from __future__ import annotations

import datetime as dt
import os
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from . import _core

# Planning reads of an unreadable input raise OSError, as orbit.scan does.
_READ_ERRORS = (OSError, pa.ArrowException, ValueError)


def open_for_pyarrow(location: str) -> tuple[Any, str]:
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


def _read_column(location: str, is_parquet: bool, name: str) -> pa.Array | None:
    """One column of a file (as text for CSV), or None when the file has no such column."""
    fs, path = open_for_pyarrow(location)
    if is_parquet:
        with fs.open_input_file(path) as f:
            pf = pq.ParquetFile(f)
            if name not in pf.schema_arrow.names:
                return None
            return pf.read(columns=[name]).column(0).combine_chunks()
    import pyarrow.csv as pacsv

    with fs.open_input_stream(path) as f:
        try:
            table = pacsv.read_csv(f, convert_options=pacsv.ConvertOptions(
                include_columns=[name], column_types={name: pa.string()}))
        except pa.ArrowKeyError:  # no such column in the header
            return None
    return table.column(0).combine_chunks()


def file_date_range(location: str, is_parquet: bool) -> tuple[dt.date, dt.date] | None:
    """Dates of the first and last bar of one input (timestamp statistics of a
    Parquet footer, else the timestamp column itself), or None without rows.
    Wall-clock or UTC dates: callers widen the range by a day on each side."""
    if is_parquet:
        fs, path = open_for_pyarrow(location)
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
    column = _read_column(location, False, "timestamp")
    days = [_to_date(v) for v in (column.to_pylist() if column is not None else []) if v]
    days = [d for d in days if d is not None]
    return (min(days), max(days)) if days else None


def file_instruments(location: str, is_parquet: bool, display: str) -> set[str]:
    """The instruments `--instrument all` finds in a file without an instrument
    in its path: the instrument column's values that need no trimming,
    upper-cased (source/bar_reader.cc selects Upper(raw) == TrimUpper(raw)).
    Errors: BadInputError when the file has no instrument column."""
    column = _read_column(location, is_parquet, "instrument")
    if column is None:
        raise _core.BadInputError(f"{display}: no 'instrument' column and no instrument in the path "
                                  "(name the instruments instead of 'all')")
    import pyarrow.compute as pc

    found = set()
    for value in pc.unique(column.cast(pa.string())).to_pylist():
        if value is not None and value.upper() == value.strip().upper():
            found.add(value.upper())
    return found


def input_instruments(paths: list[str]) -> list[str]:
    """Every instrument the inputs hold, sorted: what `--instrument all` runs
    (an instrument the path names counts when its file has a row)."""
    found: set[str] = set()
    for display, location, is_parquet, path_instrument in _core.discover(paths, []):
        try:
            if path_instrument:
                if file_date_range(location, is_parquet) is not None:
                    found.add(path_instrument.upper())
            else:
                found |= file_instruments(location, is_parquet, display)
        except _core.OrbitError:
            raise
        except _READ_ERRORS as exc:
            raise OSError(f"{display}: cannot read the instruments of the bars: {exc}") from exc
    if not found:
        raise _core.BadInputError("no instrument found in the data")
    return sorted(found)


def instrument_paths(paths: list[str], instrument: str) -> list[str]:
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
            if _core.discover([path], [instrument]):
                kept.append(path)
        except _core.BadInputError:
            continue
    return kept


def instrument_ranges(paths: list[str], instruments: list[str]) -> dict[str, tuple[dt.date, dt.date]]:
    """Per instrument, the dates its spans must cover (a day of margin each side)."""
    ranges: dict[str, tuple[dt.date, dt.date]] = {}
    for display, location, is_parquet, partition_instrument in _core.discover(paths, instruments):
        try:
            found = file_date_range(location, is_parquet)
        except _READ_ERRORS as exc:  # as orbit.scan: unreadable input is an I/O error
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
