"""What the data panel offers under ``--data``: the folder itself, each folder
and data file below it (two levels deep). Which files a choice reads, and which
instruments they hold, come from the engine (``orbit.discover_files``,
``orbit.data_summary``). No Streamlit here."""
from __future__ import annotations

import os

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
