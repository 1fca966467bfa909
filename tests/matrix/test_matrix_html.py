"""The matrix's HTML section: `orbit matrix --html` and `orbit run --report R.html --matrix M.csv`.
Its figures are the statistics document's and its slot grid the matrix's last days."""
import csv
import json
import re
import subprocess

from conftest import BINARY, EXAMPLES, need_examples, run_matrix


def test_matrix_html_page_shows_the_documents(tmp_path):
    need_examples()
    case = EXAMPLES / "case2_nq_2024_filters"
    run_matrix("--results", case / "analyzer_results.csv", "--filters", case / "stream_filters.json",
               "--out", tmp_path / "m.csv", "--stats-json", tmp_path / "s.json", "--html", tmp_path / "m.html",
               "--timetable", "2024-07-16", "--timetable-out", tmp_path / "t.json", "--timetable-mode", "historical",
               "--quiet")
    html = (tmp_path / "m.html").read_text()
    stats = json.loads((tmp_path / "s.json").read_text())
    assert html.startswith("<!DOCTYPE html>") and '<section id="matrix">' in html
    allowed = stats["summary_stats_include_filtered_executed_false"]["performance_trade_metrics"]
    everything = stats["summary_stats_include_filtered_executed_true"]["performance_trade_metrics"]
    row = re.search(r"<tr><td>total_profit</td><td class=\"num\">([^<]*)</td><td class=\"num\">([^<]*)</td>", html)
    assert float(row.group(1)) == allowed["total_profit"] and float(row.group(2)) == everything["total_profit"]
    with open(tmp_path / "m.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    last = sorted({r["trade_date"] for r in rows})[-60:]
    grid = html[html.index('id="matrix-slots"'):]
    body = grid[:grid.index("</table>")]
    for d in last:
        cells = re.search(rf"<tr><td>{d}</td>(.*?)</tr>", body).group(1)
        shown = re.findall(r"<td(?: class=\"([^\"]*)\")?[^>]*>([^<]*)</td>", cells)
        want = {r["Stream"]: r for r in rows if r["trade_date"] == d}
        for (cls, slot), stream in zip(shown, ["NQ1", "NQ2"]):
            if stream not in want:
                assert slot == ""
                continue
            assert slot == want[stream]["Time"]
            assert ("sw" in cls.split()) == (want[stream]["Time Change"] != "")
            assert ("na" in cls.split()) == (want[stream]["final_allowed"] == "False")
    tt = json.loads((tmp_path / "t.json").read_text())
    for e in tt["streams"]:
        assert f"<tr><td>{e['stream']}</td><td>{e['slot_time']}</td>" in html


def test_run_report_gets_the_matrix_section(tmp_path):
    bars = tmp_path / "es.parquet"
    subprocess.run([BINARY, "gen", "--instrument", "ES", "--start", "2024-01-01", "--end", "2024-03-31", "--out",
                    bars, "--quiet"], check=True)
    subprocess.run([BINARY, "run", "--bars", bars, "--instrument", "ES", "--out", tmp_path / "r.csv", "--quiet",
                    "--report", tmp_path / "r.html", "--matrix", tmp_path / "m.csv"], check=True)
    html = (tmp_path / "r.html").read_text()
    assert html.count('<section id="matrix">') == 1 and html.index('<section id="matrix">') < html.rindex("<script>")
    subprocess.run([BINARY, "run", "--bars", bars, "--instrument", "ES", "--out", tmp_path / "r2.csv", "--quiet",
                    "--report", tmp_path / "r2.html"], check=True)
    assert '<section id="matrix">' not in (tmp_path / "r2.html").read_text()
