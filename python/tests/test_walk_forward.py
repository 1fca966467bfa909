"""Walk-forward selection (issue 24): `orbit overfit PNL --walk-forward` and
orbit.walk_forward, against an independent pandas/numpy recomputation of the
windows table from the same P&L file (overfit_reference.py's matrix)."""
from __future__ import annotations

import json
import math
import os
import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

import orbit

import overfit_reference as ref

ROOT = Path(__file__).resolve().parents[2]
BINARY = os.path.abspath(os.environ.get("ORBIT_BINARY", str(ROOT / "build" / "bin" / "orbit")))
GROUPS = [("ES", "ES1 07:30", "ES1", "07:30"), ("NQ", "NQ2 09:30", "NQ2", "09:30")]
KEYS = ["instrument", "group", "stream", "slot"]


def three_years() -> pd.DataFrame:
    """~3 years of business days from mid-month (the first month is partial), 10 combos per group;
    combo 7 := combo 4 (ties go to the lower id); combos 8 and 9 trade rarely (min-trades)."""
    rng = np.random.default_rng(11)
    dates = pd.bdate_range("2020-01-15", "2022-12-20").date
    rows = []
    for key in GROUPS:
        for combo in range(10):
            if combo == 7:
                continue
            edge, p = rng.normal(0, 15), (0.05 if combo >= 8 else 0.85)
            for d in dates:
                if rng.random() < p:
                    n = int(rng.integers(1, 3))
                    rows.append((*key, combo, d, float(np.round(rng.normal(edge, 150) * 4) / 4), n))
    frame = pd.DataFrame(rows, columns=KEYS + ["combo", "date", "pnl_usd", "trades"])
    frame = pd.concat([frame, frame[frame["combo"] == 4].assign(combo=7)], ignore_index=True)
    return frame.sort_values(["group", "combo", "date"], kind="stable", ignore_index=True)


def objective_values(m: np.ndarray, n: np.ndarray, objective: str) -> np.ndarray:
    net = m.sum(axis=0)
    if objective == "net_usd":
        return net
    if objective == "profit_factor":
        win, loss = np.where(m > 0, m, 0).sum(axis=0), -np.where(m < 0, m, 0).sum(axis=0)
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(loss > 0, win / np.where(loss > 0, loss, 1), np.where(win > 0, np.inf, 0.0))
    if objective == "sharpe":
        return ref.column_sharpes(m)
    trades = n.sum(axis=0)
    return np.where(trades > 0, net / np.where(trades > 0, trades, 1), 0.0)


def reference_windows(pnl: pd.DataFrame, train: int, test: int, anchored: bool, objective: str, min_trades: int):
    all_days = pd.to_datetime(pnl["date"])
    first = all_days.min().year * 12 + all_days.min().month - 1
    last = all_days.max().year * 12 + all_days.max().month - 1 - first
    rows, summaries = [], []
    for instrument, group, dates, combos, m, n in ref.matrices(pnl):
        key = pnl.loc[pnl["group"] == group, KEYS].iloc[0].tolist()
        d = pd.to_datetime(dates)
        month = (d.year * 12 + d.month - 1 - first).to_numpy()
        is_net = oos_net = 0.0
        is_months = oos_months = 0
        equity = []
        w = 0
        while True:
            tl, th = (0 if anchored else w * test), w * test + train
            if th + test - 1 > last:
                break
            tr, te = (month >= tl) & (month < th), (month >= th) & (month < th + test)
            if tr.any() and te.any():
                trades = n[tr].sum(axis=0)
                values = objective_values(m[tr], n[tr], objective)
                ok = np.flatnonzero(trades >= min_trades)
                row = dict(zip(KEYS, key), window=w, train_start=dates[tr][0], train_end=dates[tr][-1],
                           test_start=dates[te][0], test_end=dates[te][-1])
                if ok.size:
                    best = ok[int(np.argmax(values[ok]))]  # first maximum: lowest combo id
                    row.update(combo=combos[best], is_objective=values[best], is_net_usd=m[tr, best].sum(),
                               is_trades=trades[best], oos_net_usd=m[te, best].sum(), oos_trades=n[te, best].sum())
                    is_net += row["is_net_usd"]
                    oos_net += row["oos_net_usd"]
                    is_months += th - tl
                    oos_months += test
                    equity += list(m[te, best])
                else:
                    row.update(combo=None, is_objective=None, is_net_usd=None, is_trades=None, oos_net_usd=0.0,
                               oos_trades=0)
                    equity += [0.0] * int(te.sum())
                rows.append(row)
            w += 1
        wfe = (oos_net / oos_months) / (is_net / is_months) if is_months and is_net != 0 else math.nan
        summaries.append((instrument, group, oos_net, wfe, np.cumsum(equity)))
    return rows, summaries


def compare(got: pd.DataFrame, rows: list[dict]) -> None:
    assert len(got) == len(rows)
    for g, e in zip(got.to_dict("records"), rows):
        for k in KEYS + ["window", "combo", "is_trades", "oos_trades"]:
            ev, gv = e[k], g[k]
            if ev is None:
                assert gv is None or (isinstance(gv, float) and math.isnan(gv)), (k, e)
            else:
                assert gv == ev, (k, e, g)
        for k in ("train_start", "train_end", "test_start", "test_end"):
            assert str(g[k])[:10] == str(np.datetime64(e[k], "D")), (k, e, g)
        for k in ("is_objective", "is_net_usd", "oos_net_usd"):
            if e[k] is None:
                assert g[k] is None or math.isnan(g[k])
            else:
                assert g[k] == pytest.approx(e[k], rel=1e-12, abs=1e-12), (k, e, g)


@pytest.mark.parametrize("spec, objective, min_trades", [
    ("12:3", "net_usd", 20),
    ("12:3:anchored", "sharpe", 20),
    ("6:1", "profit_factor", 5),
    ("9:2", "expectancy", 40),
    ("18:6", "net_usd", 400),  # nobody qualifies: flat windows
])
def test_cli_windows_equal_pandas(tmp_path, spec, objective, min_trades):
    pnl = three_years()
    path = tmp_path / "pnl.csv"
    ref.write_pnl(pnl, path)
    wf_out, equity_out, js = tmp_path / "wf.csv", tmp_path / "eq.parquet", tmp_path / "o.json"
    r = subprocess.run([BINARY, "overfit", str(path), "--walk-forward", spec, "--objective", objective,
                        "--min-trades", str(min_trades), "--wf-out", str(wf_out), "--wf-equity", str(equity_out),
                        "--json", str(js), "--splits", "4"], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    train, test, *rest = spec.split(":")
    rows, summaries = reference_windows(pnl, int(train), int(test), rest == ["anchored"], objective, min_trades)
    got = pd.read_csv(wf_out, dtype={"stream": str, "slot": str}, keep_default_na=False, na_values={
        c: [""] for c in ["combo", "is_objective", "is_net_usd", "is_trades"]})
    assert list(got.columns) == KEYS + ["window", "train_start", "train_end", "test_start", "test_end", "combo",
                                        "is_objective", "is_net_usd", "is_trades", "oos_net_usd", "oos_trades"]
    compare(got, rows)
    equity = pq.read_table(equity_out).to_pandas()
    stats = json.loads(js.read_text())["groups"]
    for (instrument, group, oos_net, wfe, curve), s in zip(summaries, stats):
        part = equity[equity["group"] == group]
        assert np.allclose(part["equity_usd"].to_numpy(), curve, rtol=1e-12, atol=1e-9)
        assert s["walk_forward"]["oos_net_usd"] == pytest.approx(oos_net, rel=1e-12, abs=1e-9)
        if math.isnan(wfe):
            assert s["walk_forward"]["efficiency"] is None
        else:
            assert s["walk_forward"]["efficiency"] == pytest.approx(wfe, rel=1e-12)


def test_python_walk_forward_with_parameters(tmp_path):
    pnl = three_years()
    path = tmp_path / "pnl.parquet"
    ref.write_pnl(pnl, path)
    # A SUMMARY with the parameter columns (the other statistics are not used).
    summary = pd.DataFrame([dict(combo=c, instrument=k[0], group=k[1], stream=k[2], slot=k[3], target=5.0 + c,
                                 stop_cap=3.0, t1=0.5 + c / 100, be_offset=c % 3, trades=1, win_rate_pct=0.0,
                                 usd=0.0, profit_factor=1.0, expectancy_usd=0.0, max_drawdown_usd=0.0)
                            for k in GROUPS for c in range(10)])
    summary_path = tmp_path / "summary.csv"
    summary.to_csv(summary_path, index=False)
    table, equity, groups = orbit.walk_forward(path, "12:3", summary=summary_path, details=True)
    frame = table.to_pandas()
    assert list(frame.columns[10:14]) == ["target", "stop_cap", "t1", "be_offset"]
    assert (frame["target"] == 5.0 + frame["combo"]).all()
    assert (frame["t1"] == 0.5 + frame["combo"] / 100).all()
    rows, summaries = reference_windows(pnl, 12, 3, False, "net_usd", 20)
    compare(frame.drop(columns=["target", "stop_cap", "t1", "be_offset"]), rows)
    assert groups["efficiency"].tolist() == pytest.approx([s[3] for s in summaries], rel=1e-12)
    # A table works as well as a file.
    again = orbit.walk_forward(pnl, "12:3").to_pandas()
    assert again["combo"].tolist() == frame["combo"].tolist()


@pytest.mark.parametrize("args, message", [
    (["--walk-forward", "24"], "--walk-forward"),
    (["--walk-forward", "0:3"], "--walk-forward"),
    (["--walk-forward", "24:3:sideways"], "anchored"),
    (["--walk-forward", "24:3", "--objective", "calmar"], "--objective"),
    (["--wf-out", "x.csv"], "--walk-forward"),
])
def test_bad_walk_forward_options(tmp_path, args, message):
    path = tmp_path / "pnl.csv"
    ref.write_pnl(three_years().head(50), path)
    r = subprocess.run([BINARY, "overfit", str(path), *args], capture_output=True, text=True, cwd=tmp_path)
    assert r.returncode == 1 and message in r.stderr, r.stderr
