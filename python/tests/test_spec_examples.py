"""The spec's worked examples (§9, analyzer_examples.json) through the Python API.

Bars are Chicago wall clock; the run clock is 2026-01-01 00:00 UTC. The
expected rows keep JSON integers as integers, so building the expected frame
with pandas gives the reference's dtypes (Target/Profit int64 where §6.7 says).
"""
from __future__ import annotations

import json

import pandas as pd
import pytest

import orbit

from conftest import COLUMNS, EXAMPLE_AS_OF, EXAMPLES_JSON, assert_same_result


def _examples():
    if not EXAMPLES_JSON.exists():
        return [pytest.param(None, marks=pytest.mark.skip(
            reason=f"{EXAMPLES_JSON} is absent (the spec's shared folder ../shared is not beside the repository)"))]
    return [pytest.param(e, id=e["name"]) for e in json.loads(EXAMPLES_JSON.read_text())]


def _bars(example, tz_aware: bool) -> pd.DataFrame:
    bars = pd.DataFrame(example["bars"])
    stamps = pd.to_datetime(bars.pop("ts_chicago"), format="mixed")
    bars.insert(0, "timestamp", stamps.dt.tz_localize("America/Chicago") if tz_aware else stamps)
    bars["instrument"] = example["instrument"]
    return bars


def _params(example) -> orbit.RunParams:
    return orbit.RunParams(example["instrument"], enabled_sessions=example["sessions"],
                           enabled_slots=example["slots"], **example["params"])


def _expected(example) -> pd.DataFrame:
    expected = pd.DataFrame(example["expected"])
    return expected[[c for c in COLUMNS if c in expected.columns]]


@pytest.mark.parametrize("example", _examples())
def test_worked_example(example):
    result = orbit.run_strategy(_bars(example, tz_aware=True), _params(example), as_of=EXAMPLE_AS_OF)
    assert_same_result(result, _expected(example))


@pytest.mark.parametrize("example", _examples())
def test_worked_example_naive_chicago_and_dict_params(example):
    # Naive timestamps are Chicago wall clock; params as a plain dict.
    params = {"instrument": example["instrument"], "enabled_sessions": example["sessions"],
              "enabled_slots": example["slots"], **example["params"]}
    result = orbit.run_strategy(_bars(example, tz_aware=False), params, as_of=EXAMPLE_AS_OF, threads=1)
    assert_same_result(result, _expected(example))
