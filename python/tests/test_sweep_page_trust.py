"""The sweep page of `orbit report SUMMARY [--pnl PNL]` (issue 24, "where users look"): beside every best its
trade count, a grid-edge flag and PBO/DSR/PSR; heatmaps of a fine grid (113 x 11) compact and scrolling, colours
diverging at 0. Every expectation is recomputed here from the SUMMARY (pandas) and `orbit overfit --json`."""
from __future__ import annotations

import json
import math
import re
import subprocess
from html.parser import HTMLParser

import pandas as pd
import pytest

AXES = ["target", "stop_cap", "t1", "be_offset"]


class Tables(HTMLParser):
    """Cell texts of every <table> by id (rows of <td>)."""

    def __init__(self):
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.current = None
        self.cell = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.current = dict(attrs).get("id", f"t{len(self.tables)}")
            self.tables[self.current] = []
        elif tag == "tr" and self.current:
            self.tables[self.current].append([])
        elif tag == "td" and self.current:
            self.cell = ""

    def handle_endtag(self, tag):
        if tag == "td" and self.cell is not None:
            self.tables[self.current][-1].append(self.cell.strip())
            self.cell = None
        elif tag == "table":
            self.current = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data


@pytest.fixture(scope="module")
def fine_sweep(tmp_path_factory, orbit_binary):
    """A 113 x 11 grid over a driftless year, net of $10 commission a side so that cells of both signs exist."""
    d = tmp_path_factory.mktemp("page")
    bars, summary, pnl = d / "es.parquet", d / "summary.csv", d / "pnl.parquet"
    subprocess.run([orbit_binary, "gen", "--instrument", "ES", "--start", "2024-01-01", "--end", "2024-12-31",
                    "--drift", "0", "--seed", "3", "--out", str(bars), "--quiet"], check=True)
    subprocess.run([orbit_binary, "sweep", "--bars", str(bars), "--instrument", "ES", "--sessions", "S1",
                    "--slots", "S1:08:00,S1:09:00", "--as-of", "2025-06-01", "--target", "5:33:0.25",
                    "--stop-cap", "1:3.5:0.25", "--commission", "10", "--out", str(summary), "--pnl-out", str(pnl),
                    "--quiet"], check=True)
    return d, summary, pnl


def fmt3(v) -> str:
    return "-" if v is None or not math.isfinite(v) else f"{v:.3f}"


def test_best_rows_show_trades_edge_flag_pbo_and_dsr(orbit_binary, fine_sweep):
    d, summary, pnl = fine_sweep
    page, ov = d / "page.html", d / "ov.json"
    subprocess.run([orbit_binary, "report", str(summary), "--pnl", str(pnl), "--out", str(page), "--quiet"],
                   check=True)
    subprocess.run([orbit_binary, "overfit", str(pnl), "--json", str(ov), "--quiet"], check=True)
    html = page.read_text()
    parser = Tables()
    parser.feed(html)
    best_rows = parser.tables["sweep-best"][1:]
    frame = pd.read_csv(summary)
    assert frame["combo"].nunique() == 113 * 11
    stats = {g["instrument"] + " " + g["group"]: g for g in json.loads(ov.read_text())["groups"]}
    groups = list(dict.fromkeys(frame["instrument"] + " " + frame["group"]))
    assert [r[0] for r in best_rows] == groups and len(groups) == 2
    header = ["group", "combo", *AXES, "trades", "USD", "pf", "edge", "PBO", "DSR", "PSR", "sharpe_best"]
    edges = 0
    for cells in best_rows:
        row = dict(zip(header, cells))
        g = frame[frame["instrument"] + " " + frame["group"] == row["group"]]
        best = g.sort_values(["usd", "combo"], ascending=[False, True]).iloc[0]
        assert int(row["combo"].replace(",", "")) == best["combo"]
        assert row["trades"].split()[0] == str(int(best["trades"]))
        on_edge = [a for a in ("target", "stop_cap") if best[a] in (g[a].min(), g[a].max())]
        assert row["edge"].startswith("EDGE:") == bool(on_edge), (row, on_edge)
        for a in on_edge:
            assert a + "=" in row["edge"]
        edges += bool(on_edge)
        s = stats[row["group"]]
        assert (row["PBO"], row["DSR"], row["PSR"]) == (fmt3(s["pbo"]), fmt3(s["dsr"]), fmt3(s["psr"]))
        assert int(row["sharpe_best"].replace(",", "")) == s["best_combo"]
    # the top tables carry the same flag for every listed row
    for name, rows in parser.tables.items():
        if name == "sweep-best":
            continue
        for cells in rows[1:]:
            r = frame[frame["combo"] == int(cells[0].replace(",", ""))].iloc[0]
            edge = any(r[a] in (frame[a].min(), frame[a].max()) for a in ("target", "stop_cap"))
            assert cells[-1].startswith("EDGE:") == edge


def test_fine_grid_heatmaps_are_compact_scroll_and_diverge_at_zero(orbit_binary, fine_sweep):
    d, summary, _ = fine_sweep
    page = d / "plain.html"
    subprocess.run([orbit_binary, "report", str(summary), "--out", str(page), "--quiet"], check=True)
    html = page.read_text()
    parser = Tables()
    parser.feed(html)
    assert all(r[10:13] == ["-", "-", "-"] for r in parser.tables["sweep-best"][1:])  # no --pnl: no PBO/DSR
    svgs = re.findall(r'<div class="hscroll" style="overflow:auto[^"]*">(<svg[^>]*class="chart heatmap".*?</svg>)</div>',
                      html, flags=re.S)
    assert len(svgs) == 4  # 2 groups x (USD, profit factor)
    for svg in svgs:
        assert 'class="cell"' not in svg  # values only in the tooltips
        labels = re.findall(r'<text x="[^"]+" y="34.0" text-anchor="middle">', svg)
        assert 0 < len(labels) < 113 / 2
        assert float(re.search(r'width="([0-9.]+)"', svg).group(1)) <= 90 + 14 * 113 + 10
    usd = svgs[0]
    cells = re.findall(r'<title>[^<]*: (\d+) trades, net USD ([-0-9.,]+)</title><rect [^>]*fill="([^"]+)"', usd)
    assert len(cells) == 113 * 11
    signs = set()
    for n, value, fill in cells:
        v = float(value.replace(",", ""))
        if int(n) == 0:
            assert fill == "#eeeeee"
        elif v > 0:
            assert fill.startswith("rgba(46,158,91,")
            signs.add(1)
        elif v < 0:
            assert fill.startswith("rgba(209,73,91,")
            signs.add(-1)
    assert signs == {1, -1}


def test_pnl_needs_sweep_summaries(orbit_binary, fine_sweep, tmp_path):
    _, summary, pnl = fine_sweep
    bad = subprocess.run([orbit_binary, "report", str(summary), "--pnl", str(pnl), "--splits", "5", "--out",
                          str(tmp_path / "p.html")], capture_output=True, text=True)
    assert bad.returncode == 1 and "--splits" in bad.stderr


def test_walk_forward_table_groups_and_oos_equity_on_the_page(orbit_binary, fine_sweep):
    d, summary, pnl = fine_sweep
    page, wf, ov = d / "wf.html", d / "wf.csv", d / "wf.json"
    subprocess.run([orbit_binary, "report", str(summary), "--pnl", str(pnl), "--walk-forward", "3:1",
                    "--min-trades", "5", "--out", str(page), "--quiet"], check=True)
    subprocess.run([orbit_binary, "overfit", str(pnl), "--walk-forward", "3:1", "--min-trades", "5", "--summary",
                    str(summary), "--wf-out", str(wf), "--json", str(ov), "--quiet"], check=True)
    html = page.read_text()
    parser = Tables()
    parser.feed(html)
    expected = pd.read_csv(wf)
    rows = parser.tables["sweep-walk-forward"][1:]
    assert len(rows) == len(expected) >= 2 * 8
    for cells, (_, e) in zip(rows, expected.iterrows()):
        got = dict(zip(expected.columns, cells))
        assert got["group"] == e["group"] and got["test_start"] == e["test_start"]
        assert (got["combo"] == "" and math.isnan(e["combo"])) or int(got["combo"]) == e["combo"]
        assert float(got["oos_net_usd"]) == pytest.approx(e["oos_net_usd"], abs=1e-9)
    groups = json.loads(ov.read_text())["groups"]
    summary_rows = parser.tables["sweep-walk-forward-groups"][1:]
    assert [r[0] for r in summary_rows] == [g["instrument"] + " " + g["group"] for g in groups]
    for r, g in zip(summary_rows, groups):
        assert r[5] == fmt3(g["walk_forward"]["efficiency"])
        assert float(r[4].replace(",", "")) == pytest.approx(g["walk_forward"]["oos_net_usd"], abs=0.005)
    charts = re.search(r'<div class="charts" id="sweep-oos-equity">(.*?)</div>', html, flags=re.S).group(1)
    assert charts.count("<svg") == len(groups)
    assert "out-of-sample equity" in charts
    bad = subprocess.run([orbit_binary, "report", str(summary), "--walk-forward", "3:1", "--out", str(d / "x.html")],
                         capture_output=True, text=True)
    assert bad.returncode == 1 and "--pnl" in bad.stderr
