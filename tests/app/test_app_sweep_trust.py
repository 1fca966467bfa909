"""The Sweep tab's trust display (issue 24): beside every best its trade count, the grid-edge flag, PBO and DSR
(orbit.overfit of the sweep's daily P&L), and with a walk-forward the windows table, the per-group efficiency and
the stitched out-of-sample equity. Expectations come from the CLI: `orbit sweep --pnl-out` with the same flags,
`orbit overfit PNL --json` and `orbit overfit PNL --walk-forward ... --wf-out`, and pandas over its SUMMARY."""
from __future__ import annotations

import json
import math
import subprocess

import pandas as pd
import pytest

from conftest import cli_sweep, orbit_binary
from test_app_panels import choose_source, start_app
from test_app_sweep import sweep

FLAGS = ("--trade-days", "0,1,2,3", "--fix", "KI-01", "--be-offset", "0", "--intrabar", "stop-first", "--by",
         "stream", "--target", "5,7.5,10", "--stop-cap", "2:3:0.5", "--t1", "0.5,0.65")
BEST = ["instrument", "group", "combo", "target", "stop_cap", "t1", "be_offset", "trades", "usd", "profit_factor",
        "grid_edge", "pbo", "dsr", "psr", "best_sharpe_combo"]


@pytest.fixture()
def trusted(monkeypatch, data_dir, tmp_path):
    at = start_app(monkeypatch, data_dir, tmp_path / "runs")
    choose_source(at, "ES/")
    at.text_input(key="as_of").input("2024-06-01")
    at.multiselect(key="trade_days").set_value([0, 1, 2, 3])
    at.multiselect(key="fixes").set_value(["KI-01"])
    at.number_input(key="be_offset").set_value(0)
    at.selectbox(key="intrabar").select("stop-first")
    at.selectbox(key="sweep_by").select("stream")
    at.text_input(key="sweep_walk_forward").input("1:1")
    at.number_input(key="sweep_min_trades").set_value(3)
    sweep(at, target="5,7.5,10", stop_cap="2:3:0.5", t1="0.5,0.65")
    assert not at.error, [e.value for e in at.error]
    pnl = tmp_path / "pnl.parquet"
    cli = cli_sweep(data_dir / "ES", "ES", tmp_path / "sweep.csv", *FLAGS, "--pnl-out", str(pnl))
    return at, cli, pnl, tmp_path


def frame_with(at, columns) -> pd.DataFrame:
    [found] = [d.value for d in at.dataframe if list(getattr(d.value, "columns", [])) == list(columns)]
    return found.reset_index(drop=True)


def test_best_per_group_shows_trades_edge_pbo_dsr(trusted):
    at, cli, pnl, tmp = trusted
    best = frame_with(at, BEST)
    assert best["pbo"].notna().all() and best["dsr"].notna().all()
    ov = tmp / "ov.json"
    subprocess.run([orbit_binary(), "overfit", str(pnl), "--json", str(ov), "--quiet"], check=True)
    stats = {(g["instrument"], g["group"]): g for g in json.loads(ov.read_text())["groups"]}
    groups = list(dict.fromkeys(zip(cli["instrument"], cli["group"])))
    assert list(zip(best["instrument"], best["group"])) == groups and len(groups) >= 2
    flagged = 0
    for _, row in best.iterrows():
        g = cli[(cli["instrument"] == row["instrument"]) & (cli["group"] == row["group"])]
        top = g.sort_values(["usd", "combo"], ascending=[False, True]).iloc[0]
        assert row["combo"] == top["combo"] and row["trades"] == top["trades"] and row["usd"] == top["usd"]
        edge = [a for a in ("target", "stop_cap", "t1") if top[a] in (cli[a].min(), cli[a].max())]
        assert bool(row["grid_edge"]) == bool(edge) and all(f"{a}=" in row["grid_edge"] for a in edge)
        flagged += bool(edge)
        s = stats[(row["instrument"], row["group"])]
        for key in ("pbo", "dsr", "psr"):
            expected = s[key]
            assert (math.isnan(row[key]) and expected is None) or row[key] == expected, (key, row[key], expected)
        assert row["best_sharpe_combo"] == s["best_combo"]
    warnings = [w.value for w in at.warning if "edge of the grid" in w.value]
    assert len(warnings) == flagged


def test_walk_forward_table_and_oos_equity(trusted):
    at, cli, pnl, tmp = trusted
    wf = tmp / "wf.csv"
    subprocess.run([orbit_binary(), "overfit", str(pnl), "--walk-forward", "1:1", "--min-trades", "3", "--summary",
                    str(tmp / "sweep.csv"), "--wf-out", str(wf), "--quiet"], check=True)
    expected = pd.read_csv(wf)
    [windows] = [d.value for d in at.dataframe if "oos_net_usd" in getattr(d.value, "columns", [])
                 and "window" in d.value.columns]
    assert len(windows) == len(expected) >= 2
    assert list(windows["combo"].astype("float64").fillna(-1)) == list(expected["combo"].astype("float64").fillna(-1))
    assert windows["oos_net_usd"].tolist() == pytest.approx(expected["oos_net_usd"].tolist(), abs=1e-9)
    [groups] = [d.value for d in at.dataframe if "efficiency" in getattr(d.value, "columns", [])]
    per_group = expected.groupby(["instrument", "group"], sort=False)["oos_net_usd"].sum()
    assert groups["oos_net_usd"].tolist() == pytest.approx(per_group.tolist(), abs=1e-9)
    assert len(at.get("arrow_line_chart")) + len(at.get("line_chart")) + len(at.get("arrow_vega_lite_chart")) \
        + len(at.get("vega_lite_chart")) >= 2  # the heatmap and the OOS equity
