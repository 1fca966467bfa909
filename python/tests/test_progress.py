"""Progress for notebooks: a callable gets (label, done, total) from the engine; True prints to sys.stderr."""
from __future__ import annotations

import sys

import pandas as pd
import pytest

import orbit


def test_progress_callable_sees_completion_of_days_and_scan(es_year_parquet):
    calls = []
    bars = pd.read_parquet(es_year_parquet)
    orbit.run_strategy(bars, orbit.RunParams("ES"), as_of="2025-06-01",
                       progress=lambda label, done, total: calls.append((label, done, total)))
    assert calls, "the engine never reported progress"
    label, done, total = calls[-1]
    assert label == "orbit ES days" and done == total and total > 200  # a year of trading days
    assert all(0 <= d <= t for _, d, t in calls)

    calls.clear()
    orbit.scan(es_year_parquet, instrument="ES", as_of="2025-06-01", mode="stream",
               progress=lambda *args: calls.append(args))
    assert any(label == "orbit bars" and done == total for label, done, total in calls)


def test_progress_true_writes_to_stderr(es_year_parquet, capsys):
    orbit.scan(es_year_parquet, instrument="ES", as_of="2025-06-01", progress=True)
    assert "orbit ES days 100.0%" in capsys.readouterr().err


def test_progress_callback_errors_do_not_stop_the_run(es_year_parquet, monkeypatch):
    def broken(label, done, total):
        raise RuntimeError("display failed")

    reported = []
    monkeypatch.setattr(sys, "unraisablehook", lambda info: reported.append(info.exc_value))
    result = orbit.scan(es_year_parquet, instrument="ES", as_of="2025-06-01", progress=broken)
    assert len(result) > 1000
    assert reported and all(isinstance(e, RuntimeError) for e in reported)


def test_progress_rejects_other_values(es_year_parquet):
    with pytest.raises(TypeError, match="progress"):
        orbit.scan(es_year_parquet, instrument="ES", progress="yes")
