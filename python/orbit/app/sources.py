"""What the data panel offers under ``--data``: the folder itself, each folder
and data file below it (two levels deep). Which files a choice reads, and which
instruments they hold, come from the engine (``orbit.discover_files``,
``orbit.data_summary``). No Streamlit here."""
from __future__ import annotations

import os
from typing import Any

DATA_SUFFIXES = (".csv", ".parquet", ".pq")


def list_sources(data_dir: str, depth: int = 2) -> list[tuple[str, str]]:
    """[(label, path)]: the data folder first, then folders and data files below it, sorted."""
    out = [("(all of " + os.path.basename(os.path.normpath(data_dir)) + ")", data_dir)]
    if not os.path.isdir(data_dir):
        return out
    base_depth = os.path.normpath(data_dir).count(os.sep)
    found = []
    for root, dirs, files in os.walk(data_dir):
        level = os.path.normpath(root).count(os.sep) - base_depth
        dirs.sort()
        if level >= depth:
            dirs[:] = []
            continue
        for d in dirs:
            found.append(os.path.join(root, d))
        for f in sorted(files):
            if f.lower().endswith(DATA_SUFFIXES):
                found.append(os.path.join(root, f))
    for path in sorted(found):
        label = os.path.relpath(path, data_dir) + ("/" if os.path.isdir(path) else "")
        out.append((label, path))
    return out


def signature(files: list[dict]) -> tuple:
    """Changes when a discovered file changes (cache key for the data summary)."""
    sig = []
    for f in files:
        try:
            st = os.stat(f["path"])
            sig.append((f["path"], st.st_mtime_ns, st.st_size))
        except OSError:
            sig.append((f["path"], None, None))
    return tuple(sig)


def summarize(found: list[dict]) -> dict[str, Any]:
    """Per-file findings of ``orbit.discover_files(..., summarize=True)`` as the
    data panel's summary: each instrument's bars and first/last bar over the
    files that were read, and the files the engine's readers rejected."""
    by_symbol: dict[str, dict[str, Any]] = {}
    bad, warnings = [], []
    for f in found:
        if f["error"] is not None:
            bad.append((f["path"], f["error"]))
            continue
        warnings.extend(f.get("warnings", []))
        for item in f["instruments"]:
            seen = by_symbol.get(item["instrument"])
            if seen is None:
                by_symbol[item["instrument"]] = dict(item)
            else:
                seen["bars"] += item["bars"]
                seen["first"] = min(seen["first"], item["first"])
                seen["last"] = max(seen["last"], item["last"])
    return {"instruments": [by_symbol[s] for s in sorted(by_symbol)], "bad_files": bad, "warnings": warnings}
