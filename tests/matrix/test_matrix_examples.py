"""`orbit matrix` on the five worked examples (SELECTION_SPEC.md, matrix_examples/): the matrix cell by
cell, the statistics and the sequencer state exactly, and every timetable (the `_oracle` annotation aside)."""
import json
import re

import pytest

from conftest import (EXAMPLES, assert_same_json, assert_same_matrix, example_cases, need_examples, run_matrix)

CASES = example_cases()


def case_ids():
    return [c.name for c in CASES] or ["no-examples"]


@pytest.fixture(params=CASES or [None], ids=case_ids())
def case(request):
    need_examples()
    return request.param


def build(case, tmp_path, *extra):
    args = ["--results", case / "analyzer_results.csv", "--out", tmp_path / "matrix.csv",
            "--stats-json", tmp_path / "stats.json", "--state-json", tmp_path / "state.json", "--quiet"]
    if (case / "stream_filters.json").exists():
        args += ["--filters", case / "stream_filters.json"]
    return run_matrix(*args, *extra)


def test_matrix_cell_by_cell(case, tmp_path):
    build(case, tmp_path)
    assert_same_matrix(tmp_path / "matrix.csv", case / "expected_master_matrix.csv")


def test_statistics_exact(case, tmp_path):
    build(case, tmp_path)
    got = json.loads((tmp_path / "stats.json").read_text())
    want = json.loads((case / "expected_stats.json").read_text())
    assert_same_json(got, want)


def test_sequencer_state(case, tmp_path):
    build(case, tmp_path)
    got = json.loads((tmp_path / "state.json").read_text())
    want = json.loads((case / "expected_sequencer_state.json").read_text())
    assert_same_json(got, want)


def test_timetables(case, tmp_path):
    expected = sorted(case.glob("expected_timetable_*.json"))
    assert expected, "every case has at least one timetable"
    for path in expected:
        date, mode = re.match(r"expected_timetable_(\d{4}-\d\d-\d\d)_(live|historical)\.json", path.name).groups()
        out = tmp_path / f"tt_{date}_{mode}.json"
        build(case, tmp_path, "--timetable", date, "--timetable-out", out, "--timetable-mode", mode,
              "--timetable-pinned-clock")
        got = json.loads(out.read_text())
        want = json.loads(path.read_text())
        want.pop("_oracle", None)
        assert_same_json(got, want, path.name)


def test_timetable_folder_gets_one_file_per_date(tmp_path):
    need_examples()
    case = EXAMPLES / "case2_nq_2024_filters"
    dates = ["2024-07-10", "2024-07-11", "2024-07-16", "2024-10-12"]
    run_matrix("--results", case / "analyzer_results.csv", "--filters", case / "stream_filters.json",
               "--timetable", ",".join(dates), "--timetable-out", f"{tmp_path}/tt/", "--timetable-mode",
               "historical", "--timetable-pinned-clock", "--quiet")
    assert sorted(p.name for p in (tmp_path / "tt").iterdir()) == [f"timetable_{d}.json" for d in dates]
    for d in dates:
        got = json.loads((tmp_path / "tt" / f"timetable_{d}.json").read_text())
        want = json.loads((case / f"expected_timetable_{d}_historical.json").read_text())
        want.pop("_oracle", None)
        assert_same_json(got, want, d)
