"""Reliability round three (issue 22): Python types (defect 9), the report's
destination (defect 1) and case-insensitive column names of frames (defect 11).
Every file is written under the test's own tmp_path."""
from __future__ import annotations

import pathlib
import subprocess
import sys

import pandas as pd
import pytest

import orbit
from orbit import _options

ROOT = pathlib.Path(__file__).resolve().parents[2]
GOOD = ROOT / "tests" / "bad_input" / "data" / "good.csv"
AS_OF = "2024-02-01T00:00"


# --- defect 9: Python types -------------------------------------------------

def test_calendar_file_number_is_a_type_error(tmp_path):
    with pytest.raises(TypeError, match="calendar_file: expected a string or a path, got int 5"):
        orbit.scan(str(GOOD), "ES", as_of=AS_OF, calendar_file=5)


def test_calendar_file_path_object_is_accepted(tmp_path):
    cal = tmp_path / "cal.csv"
    cal.write_text("date,status,close\n2024-01-15,closed,\n")
    by_path = orbit.scan(str(GOOD), "ES", as_of=AS_OF, calendar_file=cal)
    by_text = orbit.scan(str(GOOD), "ES", as_of=AS_OF, calendar_file=str(cal))
    assert by_path.equals(by_text)


def test_numeric_text_options_take_numbers_and_others_do_not():
    assert _options.to_text("target", 5, "target") == "5"
    assert _options.to_text("commission", 2.5, "commission") == "2.5"
    with pytest.raises(TypeError, match="input_tz: expected a string"):
        _options.to_text("input-tz", 5, "input_tz")
    with pytest.raises(TypeError):
        _options.to_text("target", b"5", "target")


@pytest.mark.parametrize("value", [b"ES", bytearray(b"ES"), {5: 1}, {5, 10}, ["5"], [True], [None]])
def test_sweep_axis_wrong_types_are_type_errors(value):
    with pytest.raises(TypeError):
        _options.axis_text("target", value)


def test_sweep_axis_empty_list_and_duplicates_are_usage_errors():
    with pytest.raises(orbit.UsageError, match="empty list"):
        _options.axis_text("target", [])
    with pytest.raises(orbit.UsageError, match="is listed twice"):
        _options.axis_text("target", [5, 10, 5.0])
    assert _options.axis_text("target", [5, 7.5]) == "5,7.5"
    assert _options.axis_text("target", 5) == "5"
    assert _options.axis_text("target", "5:10:2.5") == "5:10:2.5"
    assert _options.axis_text("target", None) == ""


# --- defect 1: a report never overwrites its input --------------------------

def test_report_refuses_to_overwrite_its_input(tmp_path):
    table = tmp_path / "r.csv"
    done = subprocess.run([sys.executable, "-m", "orbit", "run", "--bars", str(GOOD), "--instrument", "ES", "--as-of",
                           AS_OF, "--quiet", "--out", str(table)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    before = table.read_bytes()
    link = tmp_path / "link.json"
    link.symlink_to(table)
    for out, html in ((table, False), (table, True), (link, False)):
        with pytest.raises(orbit.UsageError, match="is an input of this run"):
            orbit.report(str(table), out=str(out), html=html)
    assert table.read_bytes() == before
    assert link.is_symlink()
    orbit.report(str(table), out=str(tmp_path / "stats.json"))
    assert (tmp_path / "stats.json").stat().st_size > 0


# --- defect 11: frame column names match case-insensitively -----------------

def test_frame_column_names_match_case_insensitively():
    frame = pd.read_csv(GOOD)
    frame["timestamp"] = pd.to_datetime(frame["timestamp"], utc=True)
    upper = frame.rename(columns={c: c.capitalize() for c in frame.columns})
    a = orbit.run(frame, {"instrument": "ES"}, as_of=AS_OF)
    b = orbit.run(upper, {"instrument": "ES"}, as_of=AS_OF)
    assert a.equals(b)


def test_missing_column_message_lists_the_columns_found():
    frame = pd.read_csv(GOOD).drop(columns=["close"])
    frame["timestamp"] = pd.to_datetime(frame["timestamp"], utc=True)
    with pytest.raises(orbit.BadInputError, match=r"found: timestamp, open, high, low"):
        orbit.run(frame, {"instrument": "ES"}, as_of=AS_OF)
