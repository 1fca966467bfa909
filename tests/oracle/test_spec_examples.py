"""Validate the oracle itself against the spec's worked examples and the real NQ case (needs ../shared)."""
import datetime as dt
import json
import math
import os
import pathlib

import numpy as np
import pandas as pd
import pytest

import spec_oracle as so

# ../shared next to the repository (tests/oracle -> tests -> repo -> ..), or $ORBIT_SHARED_DIR.
SHARED = pathlib.Path(os.environ.get("ORBIT_SHARED_DIR") or
                      pathlib.Path(__file__).resolve().parent.parent.parent.parent / "shared")
EXAMPLES = SHARED / "spec" / "analyzer_examples.json"
NQ_BARS = SHARED / "data" / "real" / "NQ_1min_sample.csv"
NQ_REF = SHARED / "spec" / "reference_output_NQ_sample.csv"

needs_shared = pytest.mark.skipif(not EXAMPLES.exists(),
                                  reason=f"../shared is absent ({SHARED}); spec examples not available")

AS_OF_EXAMPLES = so.parse_as_of("2026-01-01T00:00:00Z")


def _load_examples():
    if not EXAMPLES.exists():
        return []
    return json.loads(EXAMPLES.read_text())


def example_bars(case):
    ts, o, h, l, c = [], [], [], [], []
    for b in case["bars"]:
        text = b["ts_chicago"]
        fmt = "%Y-%m-%d %H:%M:%S" if text.count(":") == 2 else "%Y-%m-%d %H:%M"
        naive = dt.datetime.strptime(text, fmt)
        ts.append(so.dt_to_ns(naive.replace(tzinfo=so.CHI)))
        o.append(b["open"]); h.append(b["high"]); l.append(b["low"]); c.append(b["close"])
    f = lambda x: np.array(x, dtype=np.float64)
    return so.Bars(ts=np.array(ts, dtype=np.int64), open=f(o), high=f(h), low=f(l), close=f(c),
                   instrument=np.array([case["instrument"]] * len(ts), dtype=object))


def typed(v):
    """Compare values with their type: int 10 != float 10.0, -0.0 != 0.0 (via repr)."""
    if isinstance(v, bool) or v is None or isinstance(v, str):
        return (type(v).__name__, v)
    if isinstance(v, int):
        return ("int", v)
    return ("float", repr(float(v)))


CASES = _load_examples()


@needs_shared
def test_examples_file_has_31_cases():
    assert len(CASES) == 31


@needs_shared
@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_worked_example(case):
    bars = example_bars(case)
    cols, rows = so.run(bars, case["instrument"], AS_OF_EXAMPLES, sessions=case["sessions"],
                        slots=case["slots"],
                        target_mode=case["params"].get("target_mode", "fixed"))
    got = [{c: typed(v) for c, v in zip(cols, r)} for r in rows]
    want = [{c: typed(v) for c, v in e.items()} for e in case["expected"]]
    assert list(case["expected"][0].keys()) == cols
    assert got == want


@needs_shared
def test_real_nq_sample_byte_for_byte():
    df = pd.read_csv(NQ_BARS)
    ts = pd.to_datetime(df["timestamp"]).dt.tz_localize("America/New_York").dt.tz_convert(
        "America/Chicago")
    df = df.assign(timestamp=ts, instrument="NQ")
    bars = so.bars_from_frame(df)
    text = so.run_csv(bars, "NQ", so.parse_as_of("2023-12-07T00:00:00Z"))
    assert text == NQ_REF.read_text()
