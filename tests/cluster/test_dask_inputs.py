"""orbit.dask plans from the engine's own discovery and readers (issue 21):
one C++ call (orbit._core.discover) lists the files and reads each with the
run's readers, so the planner accepts exactly what orbit.scan accepts — here a
folder of NinjaTrader exports (no header, ';' separated, close-stamped local
time, no instrument column), which a pyarrow re-read could not plan."""
from __future__ import annotations

import subprocess

import pandas as pd
import pytest

import orbit
import orbit.dask
from orbit import _core

from conftest import AS_OF, orbit_binary

NINJA = {"format": "ninjatrader", "input_tz": "America/New_York"}


@pytest.fixture(scope="module")
def ninjatrader_folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("ninja")
    generated = folder / "es.parquet"
    subprocess.run([orbit_binary(), "gen", "--instrument", "ES", "--start", "2024-01-01", "--end", "2024-04-30",
                    "--seed", "5", "--out", str(generated)], check=True, capture_output=True)
    bars = pd.read_parquet(generated)
    generated.unlink()
    close_stamp = (pd.to_datetime(bars["timestamp"]).dt.tz_convert("America/New_York") + pd.Timedelta(minutes=1))
    bars["stamp"] = close_stamp.dt.strftime("%Y%m%d %H%M%S")
    bars["volume"] = 100
    out = folder / "exports"
    out.mkdir()
    for month, part in bars.groupby(close_stamp.dt.month):
        lines = [f"{r.stamp};{r.open:.2f};{r.high:.2f};{r.low:.2f};{r.close:.2f};{r.volume}"
                 for r in part.itertuples(index=False)]
        (out / f"ES 03-24.Last_{month:02d}.csv").write_text("\n".join(lines) + "\n")
    return out


def test_discover_reads_each_file_with_the_runs_readers(ninjatrader_folder):
    options = [("instrument", "ES"), ("format", "ninjatrader"), ("input-tz", "America/New_York")]
    found = _core.discover([str(ninjatrader_folder)], options, True)
    assert len(found) == len(list(ninjatrader_folder.glob("*.csv"))) >= 4
    total = 0
    for f in found:
        assert f["error"] is None, f["error"]
        [item] = f["instruments"]
        assert item["instrument"] == "ES" and item["bars"] > 0
        total += item["bars"]
    assert total == sum(len(p.read_text().splitlines()) for p in ninjatrader_folder.glob("*.csv"))
    # Without the preset's layout the same files are refused, file by file, with the reader's message.
    plain = _core.discover([str(ninjatrader_folder)], [("instrument", "ES"), ("format", "orbit")], True)
    assert all(f["error"] and f["error_kind"] == "bad input" for f in plain)


def test_dask_planner_reads_a_ninjatrader_folder(cluster, ninjatrader_folder):
    _, client = cluster
    single = orbit.scan(ninjatrader_folder, "ES", as_of=AS_OF, as_arrow=True, **NINJA)
    assert single.num_rows > 300
    got = orbit.dask.scan(str(ninjatrader_folder), instruments="ES", client=client, partition="month", as_of=AS_OF,
                          **NINJA)
    assert got.equals(single)


def test_planner_errors_are_the_readers(cluster, ninjatrader_folder):
    _, client = cluster
    with pytest.raises(orbit.BadInputError):
        orbit.dask.scan(str(ninjatrader_folder), instruments="ES", client=client, as_of=AS_OF, format="orbit")
