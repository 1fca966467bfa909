"""`orbit run --analyze-from/--analyze-to`: the run option behind orbit.dask's
partitions. Spans cut on a Friday before a DST weekend and across New Year,
concatenated, give the single run's CSV byte for byte."""
from __future__ import annotations

import subprocess

from conftest import AS_OF, orbit_binary


def test_cli_spans_concatenate_to_the_single_run(hive_bars, tmp_path):
    es = str(hive_bars / "instrument=ES")
    whole = tmp_path / "whole.csv"
    subprocess.run([orbit_binary(), "run", "--bars", es, "--instrument", "ES", "--as-of", AS_OF, "--out", str(whole),
                    "--quiet"], check=True)
    spans = [("2021-12-01", "2022-12-31"), ("2023-01-01", "2023-11-03"), ("2023-11-04", "2025-01-31")]
    text = b""
    for k, (first, last) in enumerate(spans):
        out = tmp_path / f"span{k}.csv"
        subprocess.run([orbit_binary(), "run", "--bars", es, "--instrument", "ES", "--as-of", AS_OF,
                        "--analyze-from", first, "--analyze-to", last, "--out", str(out), "--quiet"], check=True)
        body = out.read_bytes()
        text += body if k == 0 else body.split(b"\n", 1)[1]
    assert text == whole.read_bytes()


def test_cli_span_without_bars_is_an_empty_result(hive_bars, tmp_path):
    out = tmp_path / "empty.csv"
    done = subprocess.run([orbit_binary(), "run", "--bars", str(hive_bars / "instrument=ES"), "--instrument", "ES",
                           "--as-of", AS_OF, "--analyze-from", "2030-01-01", "--analyze-to", "2030-12-31",
                           "--out", str(out), "--quiet"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert out.read_text().count("\n") == 1  # the header only
