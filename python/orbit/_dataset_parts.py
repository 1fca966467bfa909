"""Parts of a hive-partitioned Parquet dataset, written by cluster tasks (orbit.dask).

``out`` is a local folder or an Arrow filesystem URI (``s3://bucket/prefix?
endpoint_override=...``); a task's rows go to
``<out>/instrument=<I>/<name>.parquet``. A part appears whole or not at all: it
is written under a hidden temporary name beside it and moved into place. Its
name depends only on the task, so a retried task replaces its own part
(never a duplicate). Nothing here imports dask.
"""
from __future__ import annotations

import os
import uuid
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq


def dataset_path(out: str) -> str:
    """The dataset's location without the URI query (what callers report)."""
    return out.split("?", 1)[0]


def write_part(table: pa.Table, out: str, instrument: str, name: str) -> dict[str, Any]:
    """Writes `table` as <out>/instrument=<instrument>/<name>.parquet atomically;
    returns {"part": its path (without the query), "rows"}."""
    import pyarrow.fs as pafs

    base = out.split("?", 1)
    query = "?" + base[1] if len(base) == 2 else ""
    folder = base[0].rstrip("/") + f"/instrument={instrument}"
    file_name = f"{name}.parquet"
    if "://" in base[0]:
        fs, folder_path = pafs.FileSystem.from_uri(folder + query)
    else:
        fs, folder_path = pafs.LocalFileSystem(), os.path.abspath(folder)
    if isinstance(fs, pafs.LocalFileSystem):
        fs.create_dir(folder_path, recursive=True)
    final = f"{folder_path}/{file_name}"
    temporary = f"{folder_path}/.{file_name}.tmp.{uuid.uuid4().hex}"
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
    return {"part": f"{folder}/{file_name}", "rows": table.num_rows}
