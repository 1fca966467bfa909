"""orbit overfit / orbit.overfit (issue 24): PBO by CSCV, the Deflated and the
Probabilistic Sharpe Ratio, recomputed independently with numpy/scipy
(overfit_reference.py) from the same P&L file; PBO exactly, the rest to 1e-12."""
from __future__ import annotations

import json
import math
import os
import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import orbit

import overfit_reference as ref

ROOT = Path(__file__).resolve().parents[2]
BINARY = os.path.abspath(os.environ.get("ORBIT_BINARY", str(ROOT / "build" / "bin" / "orbit")))

GROUPS = [("ES", "ES1 07:30", "ES1", "07:30"), ("ES", "ES2 09:30", "ES2", "09:30"), ("NQ", "NQ1 08:00", "NQ1", "08:00")]


def random_pnl(seed: int, n_combos: int, n_days: int, groups=GROUPS, p_trade: float = 0.8) -> pd.DataFrame:
    """Random daily P&L: multiples of 1/4 USD (exact sums), absent days = no trade."""
    rng = np.random.default_rng(seed)
    dates = pd.bdate_range("2021-01-04", periods=n_days).date
    rows = []
    for instrument, group, stream, slot in groups:
        for combo in range(n_combos):
            edge = rng.normal(0, 8)
            for d in dates:
                if rng.random() < p_trade:
                    pnl = float(np.round(rng.normal(edge, 120) * 4) / 4)
                    rows.append((instrument, group, stream, slot, combo, d, pnl, int(rng.integers(1, 3))))
    return pd.DataFrame(rows, columns=["instrument", "group", "stream", "slot", "combo", "date", "pnl_usd", "trades"])


def with_ties_and_constants(pnl: pd.DataFrame) -> pd.DataFrame:
    """Group 0: combo 3 := combo 1 (identical columns); combo 5 never trades there (a zero column,
    it trades in the other groups); combo 6 earns 25 USD on every date of the group (constant, not 0);
    combo 8 := combo 2 on the first 67 dates only (splits training on that half tie them,
    and n* must be the lower id while their test Sharpes differ)."""
    g0 = pnl["group"] == GROUPS[0][1]
    # The first 67 dates hold the train blocks 0..S/2-1 of 130 dates for S = 6 and 8 (T mod S dropped).
    days = sorted(set(pnl.loc[g0, "date"]))
    half = days[67] if len(days) > 67 else days[-1] + pd.Timedelta(days=1)
    first_half_8 = g0 & (pnl["combo"] == 8) & (pnl["date"] < half)
    pnl = pnl[~(g0 & pnl["combo"].isin([3, 5, 6])) & ~first_half_8]
    g0 = pnl["group"] == GROUPS[0][1]
    tie = pnl[g0 & (pnl["combo"] == 2) & (pnl["date"] < half)].assign(combo=8)
    copy = pd.concat([pnl[g0 & (pnl["combo"] == 1)].assign(combo=3), tie])
    dates = sorted(set(pnl.loc[g0, "date"]))
    constant = pd.DataFrame([(*GROUPS[0], 6, d, 25.0, 1) for d in dates], columns=pnl.columns)
    return pd.concat([pnl, copy, constant], ignore_index=True).sort_values(["group", "combo", "date"],
                                                                           kind="stable", ignore_index=True)


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([BINARY, "overfit", *args], capture_output=True, text=True)


def check_against_reference(pnl: pd.DataFrame, got: list[dict], splits: int) -> None:
    mats = ref.matrices(pnl)
    assert len(got) == len(mats)
    for g, (instrument, group, dates, combos, m, _) in zip(got, mats):
        assert (g["instrument"], g["group"]) == (instrument, group)
        assert g["n_combos"] == len(combos) and g["n_days"] == len(dates) and g["splits"] == splits
        expected = ref.pbo(m, splits)
        if expected is None:
            assert g["pbo"] is None or math.isnan(g["pbo"])
        else:
            assert g["pbo"] == expected[0], group  # exactly
            assert g["lambda_median"] == pytest.approx(expected[1], abs=1e-12, rel=1e-12)
            assert g["oos_loss_share"] == expected[2]
        best, sr, dsr, psr = ref.deflated(m)
        assert g["best_combo"] == combos[best]
        assert g["sharpe"] == pytest.approx(sr, abs=1e-12, rel=1e-12)
        assert g["dsr"] == pytest.approx(dsr, abs=1e-12)
        assert g["psr"] == pytest.approx(psr, abs=1e-12)


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
@pytest.mark.parametrize("splits", [6, 8])
def test_cli_json_equals_numpy_scipy(tmp_path, suffix, splits):
    pnl = with_ties_and_constants(random_pnl(1, n_combos=12, n_days=130))
    path = tmp_path / f"pnl{suffix}"
    ref.write_pnl(pnl, path)
    out = tmp_path / "overfit.json"
    r = cli(str(path), "--splits", str(splits), "--json", str(out))
    assert r.returncode == 0, r.stderr
    got = json.loads(out.read_text())["groups"]
    check_against_reference(pnl, got, splits)
    # The terminal table names every group.
    for _, group, _, _ in GROUPS:
        assert group in r.stdout
    # Group 0's constant combination 6 and zero combination 5 are columns too.
    assert got[0]["n_combos"] == 12


def test_default_sixteen_splits(tmp_path):
    """S = 16 (12,870 splits), the default, on one small group (the reference loops in Python)."""
    pnl = with_ties_and_constants(random_pnl(7, n_combos=8, n_days=52, groups=GROUPS[:1]))
    path = tmp_path / "pnl.parquet"
    ref.write_pnl(pnl, path)
    out = tmp_path / "o.json"
    r = cli(str(path), "--json", str(out))
    assert r.returncode == 0, r.stderr
    got = json.loads(out.read_text())["groups"]
    assert got[0]["rows_used"] == 48  # T mod S = 4 rows dropped
    check_against_reference(pnl, got, 16)


def test_python_equals_cli_and_reference(tmp_path):
    pnl = random_pnl(2, n_combos=9, n_days=75, groups=GROUPS[:2])
    path = tmp_path / "pnl.parquet"
    ref.write_pnl(pnl, path)
    out = tmp_path / "o.json"
    assert cli(str(path), "--splits", "6", "--json", str(out), "--quiet").returncode == 0
    from_cli = json.loads(out.read_text())["groups"]
    frame = orbit.overfit(pnl, splits=6)  # a DataFrame goes through a temporary Parquet file
    for name in ("pbo", "lambda_median", "oos_loss_share", "sharpe", "dsr", "psr", "best_combo"):
        assert frame[name].tolist() == [g[name] for g in from_cli], name
    assert orbit.overfit(str(path), splits=6)["dsr"].tolist() == frame["dsr"].tolist()
    check_against_reference(pnl, frame.to_dict("records"), 6)


def test_one_combination(tmp_path):
    pnl = random_pnl(3, n_combos=1, n_days=64, groups=GROUPS[:1])
    got = orbit.overfit(pnl, splits=8).to_dict("records")
    assert got[0]["n_combos"] == 1
    assert got[0]["pbo"] == 1.0  # w = 1/2 in every split: lambda = 0
    assert got[0]["dsr"] == got[0]["psr"]  # SR0 = 0 without multiple testing
    check_against_reference(pnl, got, 8)


def test_fewer_days_than_splits_has_no_pbo(tmp_path):
    pnl = random_pnl(4, n_combos=4, n_days=10, groups=GROUPS[:1], p_trade=1.0)
    path = tmp_path / "pnl.csv"
    ref.write_pnl(pnl, path)
    out = tmp_path / "o.json"
    assert cli(str(path), "--json", str(out)).returncode == 0
    got = json.loads(out.read_text())["groups"]
    assert got[0]["pbo"] is None and got[0]["lambda_median"] is None
    check_against_reference(pnl, got, 16)


def test_all_zero_variance(tmp_path):
    """Every combination earns the same constant: all Sharpes 0, V = 0, DSR = PSR = 1/2."""
    dates = pd.bdate_range("2022-01-03", periods=40).date
    pnl = pd.DataFrame([(*GROUPS[0], c, d, 12.5, 1) for c in range(5) for d in dates],
                       columns=["instrument", "group", "stream", "slot", "combo", "date", "pnl_usd", "trades"])
    got = orbit.overfit(pnl, splits=4).to_dict("records")
    assert got[0]["sharpe"] == 0 and got[0]["dsr"] == 0.5 and got[0]["best_combo"] == 0
    check_against_reference(pnl, got, 4)


@pytest.mark.parametrize("args, code, message", [
    (["--splits", "7"], 1, "--splits"),
    (["--splits", "22"], 1, "--splits"),
])
def test_bad_splits_are_usage_errors(tmp_path, args, code, message):
    path = tmp_path / "pnl.csv"
    ref.write_pnl(random_pnl(5, 2, 20, GROUPS[:1]), path)
    r = cli(str(path), *args)
    assert r.returncode == code and message in r.stderr


def test_bad_files_are_bad_input(tmp_path):
    pnl = random_pnl(6, 2, 20, GROUPS[:1])
    dup = tmp_path / "dup.csv"
    ref.write_pnl(pd.concat([pnl, pnl.iloc[[3]]]), dup)
    r = cli(str(dup))
    assert r.returncode == 2 and "second row" in r.stderr and "dup.csv" in r.stderr
    missing = tmp_path / "missing.csv"
    ref.write_pnl(pnl.drop(columns=["pnl_usd"]), missing)
    r = cli(str(missing))
    assert r.returncode == 2 and "pnl_usd" in r.stderr
    bad_date = tmp_path / "date.csv"
    pnl.assign(date="2021-13-01").to_csv(bad_date, index=False)
    r = cli(str(bad_date))
    assert r.returncode == 2 and "row 1, column 'date'" in r.stderr
    r = cli(str(tmp_path / "absent.parquet"))
    assert r.returncode == 3
    with pytest.raises(orbit.UsageError, match="--splits"):
        orbit.overfit(pnl, splits=5)


def test_timestamp_dates_read_as_days(tmp_path):
    """A Parquet `date` written as pandas datetime64 (timestamp[ns]) counts as its day."""
    pnl = random_pnl(8, n_combos=5, n_days=40, groups=GROUPS[:1])
    as_date, as_timestamp = tmp_path / "d.parquet", tmp_path / "t.parquet"
    ref.write_pnl(pnl, as_date)
    pnl.assign(date=pd.to_datetime(pnl["date"])).to_parquet(as_timestamp, index=False)
    outs = []
    for path in (as_date, as_timestamp):
        out = tmp_path / (path.stem + ".json")
        assert cli(str(path), "--splits", "4", "--json", str(out)).returncode == 0
        outs.append(json.loads(out.read_text()))
    assert outs[0] == outs[1]


def test_train_ties_go_to_the_lowest_combo(tmp_path):
    """Combos 0 and 1 are equal on the first half (block 0, S = 2); on the second half combo 0
    loses and combo 1 wins. Training on block 0 ties them, n* = combo 0 (last in the test); training
    on block 1, n* = combo 1 (tied in the test, w = 1/2). PBO = 1 exactly (1/2 with the higher combo)."""
    dates = pd.bdate_range("2023-01-02", periods=8).date
    first = [10, -5, 20, 12.5]
    rows = [(*GROUPS[0], c, d, v, 1) for c, values in ((0, first + [-20, -5, -30, -7.5]),
                                                       (1, first + [25, 5, 40, 7.5]))
            for d, v in zip(dates, values)]
    pnl = pd.DataFrame(rows, columns=["instrument", "group", "stream", "slot", "combo", "date", "pnl_usd", "trades"])
    got = orbit.overfit(pnl, splits=2).to_dict("records")
    assert got[0]["pbo"] == 1.0
    check_against_reference(pnl, got, 2)
