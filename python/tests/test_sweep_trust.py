"""`orbit sweep --walk-forward/--overfit` and orbit.sweep(walk_forward=...) (issue 24: the trust statistics
where users look). The sweep runs the walk-forward and the overfitting statistics on its own daily P&L; they
must equal `orbit overfit` on the sweep's --pnl-out file (the same P&L, read back), and the walk-forward table
must equal an independent pandas recomputation (test_walk_forward.reference_windows)."""
from __future__ import annotations

import json
import math
import os
import subprocess
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

import orbit

ROOT = Path(__file__).resolve().parents[2]
GRID = ["--target", "4:12:2", "--stop-cap", "1,2"]  # 10 combinations
RUN = ["--instrument", "ES", "--sessions", "S1", "--slots", "S1:08:00", "--as-of", "2023-06-01"]


@pytest.fixture(scope="module")
def bars(tmp_path_factory, orbit_binary) -> Path:
    path = tmp_path_factory.mktemp("trust") / "es.parquet"
    subprocess.run([orbit_binary, "gen", "--instrument", "ES", "--start", "2019-01-01", "--end", "2021-12-31",
                    "--seed", "5", "--out", str(path), "--quiet"], check=True)
    return path


def run(binary, *args) -> subprocess.CompletedProcess:
    return subprocess.run([binary, *map(str, args)], capture_output=True, text=True)


def table_rows(stdout: str, header_word: str) -> list[list[str]]:
    """The whitespace-split lines of the printed table whose header starts with 'instrument' and holds
    `header_word`, up to the next non-table line."""
    lines = stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("instrument") and header_word in line.split())
    header = lines[start].split()
    out = []
    for line in lines[start + 1:]:
        parts = line.split()
        if not parts or parts[0] != "ES":
            break
        # the group text "ES1 08:00" holds one space: rejoin it
        out.append(dict(zip(header, [parts[0], " ".join(parts[1:3])] + parts[3:])))
    return out


def fmt3(value) -> str:
    return "-" if value is None or not math.isfinite(value) else f"{value:.3f}"


def test_sweep_walk_forward_and_overfit_equal_orbit_overfit_on_the_pnl_file(orbit_binary, bars, tmp_path):
    summary, pnl, wf, ov = (tmp_path / n for n in ("summary.csv", "pnl.parquet", "wf.csv", "ov.json"))
    sweep = run(orbit_binary, "sweep", "--bars", bars, *RUN, *GRID, "--out", summary, "--pnl-out", pnl,
                "--walk-forward", "12:3", "--min-trades", 5, "--wf-out", wf, "--overfit", "--splits", 8)
    assert sweep.returncode == 0, sweep.stderr
    wf2 = tmp_path / "wf2.csv"
    over = run(orbit_binary, "overfit", pnl, "--walk-forward", "12:3", "--min-trades", 5, "--summary", summary,
               "--wf-out", wf2, "--json", ov, "--splits", 8, "--quiet")
    assert over.returncode == 0, over.stderr
    mine, theirs = pd.read_csv(wf), pd.read_csv(wf2)
    assert len(mine) >= 6 and mine["combo"].notna().sum() >= 1
    assert list(mine.columns[:4]) == ["instrument", "group", "stream", "slot"]
    assert {"target", "stop_cap", "t1", "be_offset", "is_objective", "oos_net_usd"} <= set(mine.columns)
    pd.testing.assert_frame_equal(mine, theirs, check_exact=True)

    # The walk-forward table equals an independent recomputation from the sweep's own P&L file.
    import test_walk_forward as twf

    groups = json.loads(ov.read_text())["groups"]

    frame = pq.read_table(pnl).to_pandas()
    frame["date"] = pd.to_datetime(frame["date"]).dt.date
    expected, summaries = twf.reference_windows(frame, 12, 3, False, "net_usd", 5)
    twf.compare(mine, expected)
    assert [fmt3(s[3]) for s in summaries] == [fmt3(g["walk_forward"]["efficiency"]) for g in groups]

    printed = table_rows(sweep.stdout, "PBO")
    assert [p["group"] for p in printed] == [g["group"] for g in groups]
    for p, g in zip(printed, groups):
        assert p["PBO"] == fmt3(g["pbo"]) and p["DSR"] == fmt3(g["dsr"]) and p["PSR"] == fmt3(g["psr"])
        assert int(p["best"]) == g["best_combo"] and int(p["combos"]) == g["n_combos"] == 10
    # windows selected "IS net" "OOS net" WFE "OOS max DD": the efficiency is the next-to-last field
    printed_wf = [line.split() for line in sweep.stdout.splitlines()[sweep.stdout.splitlines().index(
        next(line for line in sweep.stdout.splitlines() if line.startswith("walk-forward 12:3"))) + 2:]]
    assert [p[-2] for p in printed_wf if p and p[0] == "ES"] == [fmt3(g["walk_forward"]["efficiency"])
                                                                 for g in groups]


def test_sweep_without_pnl_out_gives_the_same_table_and_python_returns_it(orbit_binary, bars, tmp_path):
    with_pnl, without = tmp_path / "a.parquet", tmp_path / "b.parquet"
    for wf, extra in ((with_pnl, ["--pnl-out", tmp_path / "pnl.csv"]), (without, [])):
        r = run(orbit_binary, "sweep", "--bars", bars, *RUN, *GRID, "--out", tmp_path / "s.csv", *extra,
                "--walk-forward", "12:3:anchored", "--objective", "sharpe", "--min-trades", 5, "--wf-out", wf,
                "--quiet")
        assert r.returncode == 0, r.stderr
        assert r.stdout == ""
    assert sorted(os.listdir(tmp_path)) == ["a.parquet", "b.parquet", "pnl.csv", "s.csv"]  # no scratch left
    a, b = pq.read_table(with_pnl), pq.read_table(without)
    assert a.num_rows > 0 and a.equals(b)
    table = orbit.sweep(bars, instrument="ES", sessions="S1", slots="S1:08:00", as_of="2023-06-01",
                        target="4:12:2", stop_cap=[1, 2], walk_forward="12:3:anchored", objective="sharpe",
                        min_trades=5)
    assert table.equals(a)


def test_sweep_trust_options_are_checked_before_the_sweep(orbit_binary, bars, tmp_path):
    out = tmp_path / "s.csv"
    for args, word in ((["--wf-out", tmp_path / "w.csv"], "--wf-out"), (["--walk-forward", "12"], "--walk-forward"),
                       (["--overfit", "--splits", 7], "--splits"),
                       (["--walk-forward", "12:3", "--objective", "calmar"], "--objective"),
                       (["--objective", "sharpe"], "--objective"), (["--min-trades", 3], "--min-trades"),
                       (["--splits", 8], "--splits")):
        r = run(orbit_binary, "sweep", "--bars", bars, *RUN, *GRID, "--out", out, *args)
        assert r.returncode == 1 and word in r.stderr, r.stderr
        assert not out.exists()
    with pytest.raises(orbit.UsageError):
        orbit.sweep(bars, instrument="ES", target=[4, 6], pnl=True, walk_forward="12:3")
