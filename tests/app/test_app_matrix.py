"""The Matrix tab (python/orbit/app/matrix_tab.py): its matrix, statistics and timetable equal
`orbit matrix` on the run's result table with the filters the widgets describe; switches highlighted."""
from __future__ import annotations

import json
import subprocess

import pandas as pd

from conftest import AS_OF, orbit_binary
from test_app_panels import choose_source, run, start_app


def test_matrix_tab_equals_cli(monkeypatch, data_dir, tmp_path):
    at = start_app(monkeypatch, data_dir, tmp_path / "runs")
    choose_source(at, "ES/")
    at.text_input(key="as_of").input(AS_OF)
    run(at)
    at.multiselect(key="mx_dow_ES1").set_value(["Friday"])
    at.multiselect(key="mx_times_ES2").set_value(["09:30"])
    at.text_input(key="mx_dom_ES1").input("2,15")
    at.multiselect(key="mx_times_master").set_value(["08:00"])
    at.text_input(key="mx_date").input("2024-02-29")
    at.selectbox(key="mx_mode").select("historical")
    at.button(key="build_matrix").click().run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]

    # The CLI on the same rows: the run's table written by `orbit run` with the sidebar's options.
    results = tmp_path / "es.csv"
    subprocess.run([orbit_binary(), "run", "--bars", str(data_dir / "ES"), "--instrument", "ES", "--as-of", AS_OF,
                    "--out", str(results), "--quiet"], check=True)
    filters = {"ES1": {"exclude_days_of_week": ["Friday"], "exclude_days_of_month": [2, 15]},
               "ES2": {"exclude_times": ["09:30"]}, "master": {"exclude_times": ["08:00"]}}
    (tmp_path / "f.json").write_text(json.dumps(filters))
    subprocess.run([orbit_binary(), "matrix", "--results", str(results), "--filters", str(tmp_path / "f.json"),
                    "--out", str(tmp_path / "m.csv"), "--stats-json", str(tmp_path / "s.json"), "--timetable",
                    "2024-02-29", "--timetable-mode", "historical", "--timetable-out", str(tmp_path / "t.json"),
                    "--quiet"], check=True)
    cli = pd.read_csv(tmp_path / "m.csv", keep_default_na=False, dtype=str)
    stats = json.loads((tmp_path / "s.json").read_text())
    timetable = json.loads((tmp_path / "t.json").read_text())

    values = [d.value for d in at.dataframe]
    frames = {}
    for v in values:
        cols = list(getattr(v, "columns", []))
        if "filter_reasons" in cols:
            frames["mx_rows"] = v
        elif cols == ["ES1", "ES2"]:
            frames["mx_slots"] = v
        elif "executed_trades" in cols:
            frames["mx_stream_stats"] = v
        elif cols == ["stream", "slot_time", "enabled", "block_reason"]:
            frames["mx_timetable"] = v
    rows = frames["mx_rows"]
    assert len(rows) == len(cli)
    assert list(rows["Stream"]) == list(cli["Stream"])
    assert list(rows["Time"]) == list(cli["Time"])
    assert list(rows["Time Change"]) == list(cli["Time Change"])
    assert [str(v) for v in rows["final_allowed"]] == list(cli["final_allowed"])
    assert list(rows["filter_reasons"]) == list(cli["filter_reasons"])
    assert (cli["Time"] != "08:00").all() and not ((cli["Stream"] == "ES2") & (cli["Time"] == "09:30")).any()
    slots = frames["mx_slots"]
    assert sorted(slots.columns) == ["ES1", "ES2"] and len(slots) == cli["trade_date"].nunique()
    per_stream = frames["mx_stream_stats"]
    assert per_stream.loc["ES1", "executed_trades"] == stats["stream_stats_include_filtered_executed_false"]["ES1"][
        "executed_trades"]
    tt = frames["mx_timetable"]
    assert list(tt["stream"]) == [e["stream"] for e in timetable["streams"]]
    assert list(tt["slot_time"]) == [e["slot_time"] for e in timetable["streams"]]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Switches"] == f"{int((cli['Time Change'] != '').sum()):,}"
