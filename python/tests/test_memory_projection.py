"""Issue 22, defect 8: the projection that chooses in-memory vs streaming is an
estimate where the format has no row count (compressed CSV: its size times a
guessed ratio). Under --mode auto a run whose bars turn out larger than
projected, and past --memory-limit, streams from there on instead of holding
them all; its output equals the in-memory run's."""
import gzip
import json
import subprocess

import pandas as pd


def _flat_gzip(orbit_binary, folder):
    """Half a year of ES bars with constant prices: gzip packs it ~14x, so the
    6x projection for compressed CSV falls well short of the real bar count."""
    plain = folder / "es.csv"
    subprocess.run([orbit_binary, "gen", "--instrument", "ES", "--start", "2024-01-01", "--end", "2024-06-30",
                    "--quiet", "--out", str(plain)], check=True)
    bars = pd.read_csv(plain, dtype=str)
    for column in ("open", "high", "low", "close"):
        bars[column] = "4000.25"
    path = folder / "flat.csv.gz"
    path.write_bytes(gzip.compress(bars.to_csv(index=False).encode(), 9))
    return path, len(bars)


def _run(orbit_binary, bars, out, stats, *extra):
    subprocess.run([orbit_binary, "run", "--bars", str(bars), "--instrument", "ES", "--as-of", "2024-07-01",
                    "--quiet", "--out", str(out), "--stats-json", str(stats), *extra], check=True)
    return json.loads(stats.read_text())


def test_underestimated_compressed_input_streams_within_the_limit(orbit_binary, tmp_path):
    bars, rows = _flat_gzip(orbit_binary, tmp_path)
    limit = 5 << 20
    auto = _run(orbit_binary, bars, tmp_path / "auto.csv", tmp_path / "auto.json", "--memory-limit", "5M")
    # The projection alone would have chosen memory: it is below the limit while the bars are not.
    assert auto["projected_bar_bytes"] < limit < rows * 40
    assert auto["mode"] == "streaming"
    memory = _run(orbit_binary, bars, tmp_path / "memory.csv", tmp_path / "memory.json", "--mode", "memory")
    assert memory["mode"] == "in-memory"
    assert (tmp_path / "auto.csv").read_bytes() == (tmp_path / "memory.csv").read_bytes()


def test_input_within_its_projection_keeps_the_in_memory_mode(orbit_binary, tmp_path):
    bars, rows = _flat_gzip(orbit_binary, tmp_path)
    stats = _run(orbit_binary, bars, tmp_path / "r.csv", tmp_path / "s.json", "--memory-limit", "64M")
    assert rows * 40 < 64 << 20
    assert stats["mode"] == "in-memory"
