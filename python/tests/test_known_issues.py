"""Reference behaviours that decide rows are announced once per KI (issue 11).

KI-03: trades entered on the Friday before the autumn DST change expire on the
Sunday; KI-04: trades whose next weekday is an exchange holiday expire on it.
`orbit run` prints one warning per KI with the affected-row count and the fix,
`--stats-json` lists them, Python raises the same text as OrbitWarning, and a
fix (or an exchange calendar) silences exactly its KI.
"""
from __future__ import annotations

import json
import subprocess
import warnings

import pandas as pd
import pytest

import orbit

FALL_BACK_FRIDAY = "2024-11-01"     # America/Chicago leaves CDT on Sunday 2024-11-03
BEFORE_CHRISTMAS = "2024-12-24"     # CME Globex is closed on Wednesday 2024-12-25
AS_OF = "2025-01-01"


@pytest.fixture(scope="module")
def autumn_bars(tmp_path_factory, orbit_binary) -> str:
    path = tmp_path_factory.mktemp("ki") / "es.parquet"
    subprocess.run([orbit_binary, "gen", "--quiet", "--instrument", "ES", "--start", "2024-10-21", "--end",
                    "2024-12-27", "--seed", "11", "--out", str(path)], check=True)
    return str(path)


def run_cli(orbit_binary, bars, tmp_path, *extra):
    out, stats = tmp_path / "r.csv", tmp_path / "stats.json"
    p = subprocess.run([orbit_binary, "run", "--bars", bars, "--instrument", "ES", "--as-of", AS_OF, "--quiet",
                        "--out", str(out), "--stats-json", str(stats), *extra], capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    return pd.read_csv(out, dtype={"Date": str}), json.loads(stats.read_text()), p.stderr


def trades_on(result: pd.DataFrame, date: str) -> int:
    return int(((result["Date"] == date) & (result["Result"] != "NoTrade")).sum())


def test_cli_announces_each_known_issue_once_with_its_row_count(orbit_binary, autumn_bars, tmp_path):
    result, stats, stderr = run_cli(orbit_binary, autumn_bars, tmp_path)
    ki03, ki04 = trades_on(result, FALL_BACK_FRIDAY), trades_on(result, BEFORE_CHRISTMAS)
    assert ki03 > 0 and ki04 > 0
    assert stats["known_issues"] == [{"id": "KI-03", "rows": ki03, "fix": "--fix KI-03"},
                                     {"id": "KI-04", "rows": ki04, "fix": "--fix KI-04"}]
    lines = [line for line in stderr.splitlines() if line.startswith("orbit: warning: KI-")]
    assert len(lines) == 2, stderr
    assert lines[0].startswith(f"orbit: warning: KI-03: {ki03} trades ") and "--fix KI-03" in lines[0]
    assert lines[1].startswith(f"orbit: warning: KI-04: {ki04} trades ") and "--fix KI-04" in lines[1]
    assert [w for w in stats["warnings"] if w.startswith("KI-")] == [line[len("orbit: warning: "):] for line in lines]


@pytest.mark.parametrize("extra, left", [(["--fix", "KI-03"], ["KI-04"]), (["--fix", "KI-04"], []),
                                         (["--fix", "KI-03,KI-04"], []), (["--calendar", "cme"], [])])
def test_a_fix_or_calendar_silences_its_known_issue(orbit_binary, autumn_bars, tmp_path, extra, left):
    _, stats, stderr = run_cli(orbit_binary, autumn_bars, tmp_path, *extra)
    assert [k["id"] for k in stats["known_issues"]] == left
    assert stderr.count("orbit: warning: KI-") == len(left), stderr


def test_python_gets_the_same_announcements_as_orbit_warnings(orbit_binary, autumn_bars, tmp_path):
    _, stats, _ = run_cli(orbit_binary, autumn_bars, tmp_path)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        orbit.scan(autumn_bars, "ES", as_of=AS_OF)
    texts = [str(w.message) for w in caught if issubclass(w.category, orbit.OrbitWarning)]
    assert [t for t in texts if t.startswith("KI-")] == [w for w in stats["warnings"] if w.startswith("KI-")]
