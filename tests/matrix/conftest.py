"""Shared helpers for the `orbit matrix` tests: the binary, the worked examples, comparisons."""
import csv
import json
import math
import os
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
# ../shared beside the repository (/work/main -> /work/shared); a worktree one level deeper looks one up.
_CANDIDATES = [Path(os.environ["ORBIT_SHARED_DIR"])] if os.environ.get("ORBIT_SHARED_DIR") else []
_CANDIDATES += [REPO.parent / "shared", REPO.parent.parent / "shared"]
SHARED = next((p for p in _CANDIDATES if p.is_dir()), _CANDIDATES[0])
EXAMPLES = SHARED / "spec" / "matrix_examples"
BINARY = os.environ.get("ORBIT_BINARY", str(REPO / "build" / "bin" / "orbit"))


def example_cases():
    if not EXAMPLES.is_dir():
        return []
    return sorted(p for p in EXAMPLES.iterdir() if p.is_dir())


def need_examples():
    if not EXAMPLES.is_dir():
        pytest.skip(f"{EXAMPLES} is absent (../shared not mounted)")


def run_matrix(*args, check=True):
    proc = subprocess.run([BINARY, "matrix", *map(str, args)], capture_output=True, text=True)
    if check and proc.returncode != 0:
        raise AssertionError(f"orbit matrix {' '.join(map(str, args))} -> {proc.returncode}\n{proc.stderr}")
    return proc


def read_csv(path):
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def cell_equal(a, b):
    """Numbers as numbers, text exactly, empty equals only empty."""
    if a == "" or b == "":
        return a == b
    try:
        fa, fb = float(a), float(b)
    except ValueError:
        return a == b
    if math.isnan(fa) or math.isnan(fb):
        return math.isnan(fa) and math.isnan(fb)
    return fa == fb


def assert_same_matrix(got_path, want_path):
    gh, gr = read_csv(got_path)
    wh, wr = read_csv(want_path)
    assert gh == wh, f"header differs:\n got {gh}\nwant {wh}"
    assert len(gr) == len(wr), f"{len(gr)} rows, expected {len(wr)}"
    bad = []
    for i, (g, w) in enumerate(zip(gr, wr)):
        for name, a, b in zip(wh, g, w):
            if not cell_equal(a, b):
                bad.append(f"row {i + 2} ({w[wh.index('Stream')]} {w[0]}) {name}: got {a!r} want {b!r}")
    assert not bad, f"{len(bad)} cells differ:\n" + "\n".join(bad[:30])


def assert_same_json(got, want, where="$"):
    """Exact equality, key order included."""
    if isinstance(want, dict):
        assert isinstance(got, dict), f"{where}: not an object"
        assert list(got.keys()) == list(want.keys()), f"{where}: keys {list(got)} != {list(want)}"
        for k in want:
            assert_same_json(got[k], want[k], f"{where}.{k}")
    elif isinstance(want, list):
        assert isinstance(got, list) and len(got) == len(want), f"{where}: list {got!r} != {want!r}"
        for i, (g, w) in enumerate(zip(got, want)):
            assert_same_json(g, w, f"{where}[{i}]")
    else:
        assert type(got) is type(want) and got == want, f"{where}: got {got!r} want {want!r}"
