"""orbit.report: `orbit report`'s statistics from Python, equal to the CLI's JSON."""
from __future__ import annotations

import json
import subprocess

import pandas as pd
import pytest

import orbit


def cli_json(orbit_binary, *args) -> dict:
    out = subprocess.run([orbit_binary, "report", *map(str, args), "--json"], check=True, capture_output=True,
                         text=True).stdout
    return json.loads(out)


@pytest.fixture(scope="module")
def es_results(es_year_parquet, orbit_binary, tmp_path_factory):
    folder = tmp_path_factory.mktemp("results")
    csv = folder / "es.csv"
    subprocess.run([orbit_binary, "run", "--bars", str(es_year_parquet), "--instrument", "ES", "--as-of",
                    "2025-06-01", "--out", str(csv), "--quiet"], check=True)
    return csv


def test_report_of_files_equals_cli_json(es_results, orbit_binary):
    assert orbit.report(es_results) == cli_json(orbit_binary, es_results)
    assert (orbit.report(str(es_results), by=["stream", "weekday"], commission=2.5)
            == cli_json(orbit_binary, es_results, "--by", "stream,weekday", "--commission", "2.5"))


def test_report_of_a_folder_reads_it_like_the_cli(es_results, orbit_binary):
    folder = es_results.parent
    assert orbit.report(folder) == cli_json(orbit_binary, folder)


def test_report_of_the_scan_table_equals_cli_json_but_for_sources(es_year_parquet, es_results, orbit_binary):
    cli = cli_json(orbit_binary, es_results, "--commission", "1")
    table = orbit.scan(es_year_parquet, "ES", as_of="2025-06-01", as_arrow=True)
    frame = orbit.scan(es_year_parquet, "ES", as_of="2025-06-01")
    for results, name in ((table, "Table"), (frame, "DataFrame")):
        got = orbit.report(results, commission=1)
        assert got["sources"] == [name]
        assert {**got, "sources": cli["sources"]} == cli


def test_report_series_are_the_equity_of_the_report(es_results):
    stats = orbit.report(es_results, series=True)
    series = stats.pop("series")
    assert stats == orbit.report(es_results)
    streams = [g["key"] for g in stats["breakdowns"]["stream"]]
    assert [s["stream"] for s in series["equity"]] == streams
    for s, g in zip(series["equity"], stats["breakdowns"]["stream"]):
        assert len(s["date"]) == g["trades"]
        assert s["equity_usd"][-1] == pytest.approx(g["net_usd"], abs=0.005)
        assert -min(s["drawdown_usd"]) == pytest.approx(g["max_drawdown_usd"], abs=0.005)
    assert series["slot_weekday"]["columns"][:5] == ["Mon", "Tue", "Wed", "Thu", "Fri"]


def test_report_writes_html_and_json(es_results, orbit_binary, tmp_path):
    html = tmp_path / "r.html"
    orbit.report(es_results, out=html, html=True)
    cli_html = tmp_path / "cli.html"
    subprocess.run([orbit_binary, "report", str(es_results), "--out", str(cli_html), "--quiet"], check=True)
    assert html.read_bytes() == cli_html.read_bytes()
    js = tmp_path / "r.json"
    stats = orbit.report(es_results, out=js)
    assert json.loads(js.read_text()) == stats


def test_report_errors(es_results, tmp_path):
    with pytest.raises(orbit.UsageError, match="commission"):
        orbit.report(es_results, commission=-1)
    with pytest.raises(orbit.UsageError, match="out=PATH"):
        orbit.report(es_results, html=True)
    with pytest.raises(orbit.UsageError):
        orbit.report(es_results, by="stream,planet")
    with pytest.raises(OSError, match="does not exist"):
        orbit.report(tmp_path / "missing.csv")
    with pytest.raises(orbit.BadInputError, match="Result"):
        orbit.report(pd.DataFrame({"Date": ["2024-01-02"], "Time": ["07:30"], "Result": ["Maybe"],
                                   "Profit": [1.0], "Stream": ["ES1"], "Instrument": ["ES"]}))
