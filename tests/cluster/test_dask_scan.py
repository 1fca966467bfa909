"""orbit.dask.scan on a LocalCluster of two worker processes equals orbit.scan."""
from __future__ import annotations

import io
import subprocess
import sys

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.dataset as ds
import pytest

import orbit
import orbit.dask

from conftest import AS_OF, INSTRUMENTS, ROOT


def csv_bytes(table: pa.Table) -> bytes:
    sink = io.BytesIO()
    pacsv.write_csv(table, sink)
    return sink.getvalue()


def assert_identical(actual: pa.Table, expected: pa.Table) -> None:
    assert actual.schema == expected.schema
    assert actual.num_rows == expected.num_rows
    assert actual.equals(expected)
    assert csv_bytes(actual) == csv_bytes(expected)


# Month spans cut the week of the 2024-11-03 DST change (Thursday 10-31's
# trades expire on Friday 11-01, in the next span) and the week of the
# 2022-03-13 change is cut by no span but crossed by Friday 03-11's trades;
# year, quarter and month boundaries all cut the New Year holiday (no bars
# on 01-01: 12-31's trades need the next span's bars). The C++ suite
# orbit_storage_tests cuts exactly between a Friday and its DST weekend.
@pytest.mark.parametrize("partition", ["year", "quarter", "month"])
def test_dask_scan_equals_single_run(cluster, hive_bars, partition):
    _, client = cluster
    expected = orbit.scan(str(hive_bars), INSTRUMENTS, as_of=AS_OF, as_arrow=True)
    assert expected.num_rows > 3 * 3 * 250
    actual = orbit.dask.scan(str(hive_bars), instruments=INSTRUMENTS, client=client, partition=partition, as_of=AS_OF)
    assert_identical(actual, expected)


@pytest.mark.parametrize("options", [
    dict(target_mode="time"),
    dict(slots="S1:07:30,S2:09:30", sessions="S1,S2"),
    dict(sessions="S2", trade_days="0,2,4", no_trade_rows=False),
    dict(fixes="all"),
    dict(fixes=["KI-03"], mode="stream", memory_limit=1 << 20),
], ids=["time-mode", "slot-subset", "days-no-notrade", "all-fixes", "fix-stream"])
def test_dask_scan_equals_single_run_with_options(cluster, hive_bars, options):
    _, client = cluster
    expected = orbit.scan(str(hive_bars), INSTRUMENTS, as_of=AS_OF, as_arrow=True, **options)
    actual = orbit.dask.scan(str(hive_bars), instruments=INSTRUMENTS, client=client, partition="quarter",
                             as_of=AS_OF, **options)
    assert_identical(actual, expected)


def test_dask_scan_uses_the_active_client(cluster, hive_bars):
    expected = orbit.scan(str(hive_bars / "instrument=ES"), "ES", as_of=AS_OF, as_arrow=True)
    actual = orbit.dask.scan(hive_bars / "instrument=ES", instruments="ES", as_of=AS_OF)
    assert_identical(actual, expected)


def test_dask_scan_writes_a_hive_dataset(cluster, hive_bars, tmp_path):
    _, client = cluster
    out = tmp_path / "results"
    summary = None
    for _ in range(2):  # a second run (as a retry would) replaces its parts, never duplicates them
        summary = orbit.dask.scan(str(hive_bars), instruments=INSTRUMENTS, client=client, partition="year",
                                  as_of=AS_OF, out=str(out))
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert files == [f"instrument={s}/part-{y}-01-01_{y}-12-31.parquet" for s in INSTRUMENTS
                     for y in (2022, 2023, 2024)]
    expected = orbit.scan(str(hive_bars), INSTRUMENTS, as_of=AS_OF, as_arrow=True)
    assert summary["tasks"] >= 9 and sum(summary["rows"].values()) == expected.num_rows
    got = ds.dataset(str(out), format="parquet", partitioning="hive").to_table()
    got = got.select(expected.schema.names)
    key = ["Instrument", "Date", "Time"]
    assert got.sort_by([(k, "ascending") for k in key]).column("Profit").to_pylist() == \
        expected.sort_by([(k, "ascending") for k in key]).column("Profit").cast(pa.float64()).to_pylist()
    assert got.num_rows == expected.num_rows


def test_core_package_does_not_import_dask():
    code = "import sys, orbit; assert 'dask' not in sys.modules and 'distributed' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_bad_arguments_are_usage_errors(cluster, hive_bars):
    _, client = cluster
    with pytest.raises(orbit.UsageError, match="partition"):
        orbit.dask.scan(str(hive_bars), instruments="ES", client=client, partition="week")
    with pytest.raises(orbit.UsageError, match="'all' cannot be combined"):
        orbit.dask.scan(str(hive_bars), instruments="all,ES", client=client)
    with pytest.raises(orbit.BadInputError, match="no rows for instrument GC"):
        orbit.dask.scan(str(hive_bars), instruments="ES,GC", client=client)
