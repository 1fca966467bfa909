"""The run's costs in every summary (issue 21): `orbit run --columns extended
--commission 2.5 --slippage 1` -> the terminal table, --stats-json, the HTML
report (--report), `orbit report` and orbit.report() say gross and net apart,
and every net figure (net, profit factor, expectancy, drawdown) includes the
commission and slippage. Each figure is recomputed here from the result CSV's
own GrossUSD/CommissionUSD/SlippageUSD/NetUSD columns, in the reports'
chronological order (Date, Time, Stream)."""
from __future__ import annotations

import json
import re
import subprocess

import pandas as pd
import pytest

import orbit

from conftest import read_result_csv

AS_OF = "2026-01-01T00:00:00Z"
COSTS = ("--columns", "extended", "--commission", "2.5", "--slippage", "1")


def expected_figures(rows: pd.DataFrame) -> dict:
    trades = rows[rows["Result"] != "NoTrade"]
    trades = trades.assign(_order=range(len(trades))).sort_values(["Date", "Time", "Stream", "_order"])
    net = trades["NetUSD"].to_numpy()
    equity = high = drawdown = 0.0
    for value in net:
        equity += value
        high = max(high, equity)
        drawdown = max(drawdown, high - equity)
    positive, negative = net[net > 0].sum(), net[net < 0].sum()
    return {"trades": len(trades), "gross_usd": trades["GrossUSD"].sum(),
            "commission_usd": trades["CommissionUSD"].sum(), "slippage_usd": trades["SlippageUSD"].sum(),
            "net_usd": net.sum(), "profit_factor": positive / -negative, "expectancy_usd": net.sum() / len(trades),
            "max_drawdown_usd": drawdown}


def assert_figures(stats: dict, want: dict, where: str) -> None:
    for key, value in want.items():
        assert stats[key] == pytest.approx(value, abs=0.006), (where, key, stats[key], value)


@pytest.fixture(scope="module")
def costed_run(tmp_path_factory, es_year_parquet, orbit_binary):
    folder = tmp_path_factory.mktemp("costs")
    out, stats, html = folder / "r.csv", folder / "stats.json", folder / "r.html"
    done = subprocess.run([orbit_binary, "run", "--bars", str(es_year_parquet), "--instrument", "ES", "--as-of",
                           AS_OF, "--start", "2024-01-01", "--end", "2024-03-31", *COSTS, "--out", str(out),
                           "--stats-json", str(stats), "--report", str(html)],
                          capture_output=True, text=True, check=True)
    rows = read_result_csv(out)
    want = expected_figures(rows)
    # The costs matter: net is well below gross.
    assert want["commission_usd"] == pytest.approx(5.0 * want["trades"])
    assert want["slippage_usd"] == pytest.approx(25.0 * want["trades"])
    assert want["net_usd"] == pytest.approx(want["gross_usd"] - 30.0 * want["trades"])
    return {"out": out, "stdout": done.stdout, "stats": json.loads(stats.read_text()), "html": html.read_text(),
            "rows": rows, "want": want}


def test_terminal_table_shows_gross_costs_and_net(costed_run):
    want = costed_run["want"]
    lines = costed_run["stdout"].splitlines()
    header = next(line for line in lines if line.startswith("stream"))
    assert re.split(r"\s{2,}", header.strip()) == ["stream", "trades", "win rate", "profit pts", "gross USD",
                                                   "costs USD", "net USD", "max DD USD", "lose streak"]
    total = re.split(r"\s+", next(line for line in lines if line.startswith("total")).strip())
    assert int(total[1]) == want["trades"]
    assert float(total[4]) == pytest.approx(want["gross_usd"], abs=0.006)
    assert float(total[5]) == pytest.approx(want["commission_usd"] + want["slippage_usd"], abs=0.006)
    assert float(total[6]) == pytest.approx(want["net_usd"], abs=0.006)
    assert float(total[7]) == pytest.approx(want["max_drawdown_usd"], abs=0.006)


def test_stats_json_has_the_costs_and_net_figures(costed_run):
    stats = costed_run["stats"]
    assert stats["costs"] == {"commission_usd_per_side": 2.5, "slippage_ticks_per_side": 1.0}
    [es] = stats["instruments"]
    want = dict(costed_run["want"])
    del want["trades"]
    assert_figures(es, want, "--stats-json")


def test_orbit_report_and_python_report_include_the_run_costs(costed_run, orbit_binary, es_year_parquet):
    want = costed_run["want"]
    cli = json.loads(subprocess.run([orbit_binary, "report", str(costed_run["out"]), "--json"], check=True,
                                    capture_output=True, text=True).stdout)
    assert_figures(cli["overall"], want, "orbit report")
    assert cli["run_costs"]["commission_usd"] == pytest.approx(want["commission_usd"])
    assert cli["run_costs"]["slippage_usd"] == pytest.approx(want["slippage_usd"])
    # orbit.report over the same run in memory (orbit.scan with the same options).
    frame = orbit.scan(es_year_parquet, "ES", as_of=AS_OF, start="2024-01-01", end="2024-03-31", columns="extended",
                       commission=2.5, slippage=1)
    assert_figures(orbit.report(frame)["overall"], want, "orbit.report")
    # A report commission comes on top of the run's own.
    extra = orbit.report(frame, commission=1.0)
    assert extra["overall"]["commission_usd"] == pytest.approx(want["commission_usd"] + 2.0 * want["trades"])
    assert extra["overall"]["net_usd"] == pytest.approx(want["net_usd"] - 2.0 * want["trades"], abs=0.006)


def test_html_report_says_gross_and_net(costed_run):
    html, want = costed_run["html"], costed_run["want"]
    assert "commission 0.00 USD per side" not in html
    assert "the run&#39;s costs: commission" in html or "the run's costs: commission" in html

    def card(label: str) -> str:
        found = re.search(r'<div class="v"[^>]*>([^<]*)</div><div class="k">' + re.escape(label), html)
        assert found, label
        return found.group(1).replace(",", "")

    assert float(card("gross USD (before costs)")) == pytest.approx(want["gross_usd"], abs=0.006)
    assert float(card("net USD (after costs)")) == pytest.approx(want["net_usd"], abs=0.006)
    assert float(card("expectancy USD / trade")) == pytest.approx(want["expectancy_usd"], abs=0.006)
    assert float(card("profit factor")) == pytest.approx(want["profit_factor"], abs=0.006)
    assert "<th>slippage USD</th>" in html


def test_defaults_show_no_cost_columns(es_year_parquet, orbit_binary, tmp_path):
    """Without the extended columns the summary is the reference's layout (unchanged)."""
    done = subprocess.run([orbit_binary, "run", "--bars", str(es_year_parquet), "--instrument", "ES", "--as-of",
                           AS_OF, "--start", "2024-01-01", "--end", "2024-01-31", "--out", str(tmp_path / "r.csv"),
                           "--stats-json", str(tmp_path / "s.json")], capture_output=True, text=True, check=True)
    header = next(line for line in done.stdout.splitlines() if line.startswith("stream"))
    assert "gross USD" not in header and "net USD" in header
    stats = json.loads((tmp_path / "s.json").read_text())
    assert "costs" not in stats and "net_usd" not in stats["instruments"][0]
