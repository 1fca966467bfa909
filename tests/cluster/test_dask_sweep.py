"""orbit.dask.sweep on a LocalCluster of two worker processes equals orbit.sweep
byte for byte (SUMMARY and TRADES written as CSV), whatever the block size;
instruments="all" for scan and sweep equals the single run's "all"."""
from __future__ import annotations

import itertools

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest

import orbit
import orbit.dask
from orbit._sweep_blocks import expand_axis, grid_axes, plan_blocks

from conftest import AS_OF, INSTRUMENTS
from test_dask_scan import assert_identical, csv_bytes

# 2 targets x 3 stop caps x 2 T1 = 12 combinations, over the three instruments.
GRID = dict(target=[10, 20], stop_cap="1:2:0.5", t1="0.5:0.55:0.05")


def assert_same_sweep(actual: pa.Table, expected: pa.Table) -> None:
    assert actual.schema == expected.schema
    assert actual.num_rows == expected.num_rows > 0
    assert csv_bytes(actual) == csv_bytes(expected)


def test_axis_expansion_is_exact():
    """Ranges on scaled integers, printed with the widest scale (src/sweep/axis.cc)."""
    assert expand_axis("0.5:0.8:0.05") == ["0.50", "0.55", "0.60", "0.65", "0.70", "0.75", "0.80"]
    assert expand_axis("5:6:0.25") == ["5.00", "5.25", "5.50", "5.75", "6.00"]
    assert expand_axis("0.1:0.3:0.05")[-1] == "0.30" and float(expand_axis("0.1:0.3:0.05")[3]) == 0.25
    assert expand_axis(" 1 , 2.50") == ["1", "2.50"] and expand_axis("1:2.9:1") == ["1.0", "2.0"]
    assert grid_axes(dict(target="", stop_cap="", t1="", be_offset="")) == [[""], ["3.0"], ["0.65"], ["1"]]


def test_axis_expansion_equals_the_engine_summary(hive_bars):
    axes = dict(target="5:6.5:0.25", stop_cap="1:1.5:0.25", t1="0.5:0.8:0.05", be_offset="0,2")
    summary = orbit.sweep(str(hive_bars / "instrument=ES"), instrument="ES", as_of=AS_OF, start="2024-10-01",
                          end="2024-12-31", fixes="KI-21", by="stream", **axes)
    got = sorted(set(zip(*(summary.column(c).to_pylist() for c in ("combo", "target", "stop_cap", "t1",
                                                                    "be_offset")))))
    expected = [(i, *(float(v) for v in values))
                for i, values in enumerate(itertools.product(*grid_axes(axes)))]
    assert got == expected


@pytest.mark.parametrize("block", [1, 5, 12, 1000])
def test_blocks_cover_the_grid_in_order(block):
    axes = grid_axes(dict(target="", stop_cap="1:2:0.5", t1="0.5,0.6", be_offset="0:1:1"))
    full = list(itertools.product(*axes))
    covered = []
    for b in plan_blocks(axes, block):
        assert b.first == len(covered) and 1 <= b.count <= block
        covered += list(itertools.product(*(text.split(",") for text in b.axes)))
    assert covered == full


@pytest.mark.parametrize("trades", [False, True], ids=["summary", "trades"])
@pytest.mark.parametrize("block", [1, 5, 1000])
def test_dask_sweep_equals_single_sweep(cluster, hive_bars, block, trades):
    _, client = cluster
    expected = orbit.sweep(str(hive_bars), instrument=",".join(INSTRUMENTS), trades=trades, as_of=AS_OF, **GRID)
    actual = orbit.dask.sweep(str(hive_bars), instruments=INSTRUMENTS, client=client, block=block, trades=trades,
                              as_of=AS_OF, **GRID)
    assert_same_sweep(actual, expected)


@pytest.mark.parametrize("block", [1, 5])
def test_dask_sweep_pnl_equals_single_sweep(cluster, hive_bars, block):
    """The daily P&L (orbit sweep --pnl-out) from the cluster equals the single sweep's."""
    _, client = cluster
    expected = orbit.sweep(str(hive_bars), instrument=",".join(INSTRUMENTS), pnl=True, as_of=AS_OF, commission=1.5,
                           **GRID)
    actual = orbit.dask.sweep(str(hive_bars), instruments=INSTRUMENTS, client=client, block=block, pnl=True,
                              as_of=AS_OF, commission=1.5, **GRID)
    assert expected.column_names == ["instrument", "group", "stream", "slot", "combo", "date", "pnl_usd", "trades"]
    assert_same_sweep(actual, expected)


@pytest.mark.parametrize("options", [
    dict(slots="S1:07:30,S2:09:30", sessions="S1,S2", by="stream"),
    dict(fixes=["KI-03"], be_offset=[0, 2], by="year"),
    dict(target_mode="time", trades=True),
], ids=["slot-subset", "fix-be-offset", "time-mode-trades"])
def test_dask_sweep_equals_single_sweep_with_options(cluster, hive_bars, options):
    _, client = cluster
    grid = dict(GRID, target=None) if options.get("target_mode") == "time" else GRID
    expected = orbit.sweep(str(hive_bars), instrument="NQ,ES", as_of=AS_OF, **grid, **options)
    actual = orbit.dask.sweep(str(hive_bars), instruments=["NQ", "ES"], client=client, block=4, as_of=AS_OF,
                              **grid, **options)
    assert_same_sweep(actual, expected)


def test_dask_sweep_of_all_instruments(cluster, hive_bars):
    _, client = cluster
    expected = orbit.sweep(str(hive_bars), instrument="all", as_of=AS_OF, **GRID)
    assert set(expected.column("instrument").to_pylist()) == set(INSTRUMENTS)
    actual = orbit.dask.sweep(str(hive_bars), instruments="all", client=client, block=6, as_of=AS_OF, **GRID)
    assert_same_sweep(actual, expected)


@pytest.fixture(scope="module")
def flat_bars(hive_bars, tmp_path_factory):
    """ES and NQ of 2024-Q4 in one Parquet file: instruments only in the column."""
    tables = [pq.ParquetFile(hive_bars / f"instrument={s}" / "bars.parquet").read() for s in ("NQ", "ES")]
    table = pa.concat_tables([t.filter(pc.and_(pc.equal(pc.year(t.column("timestamp")), 2024),
                                               pc.greater_equal(pc.month(t.column("timestamp")), 10)))
                              for t in tables])
    assert "instrument" in table.schema.names
    path = tmp_path_factory.mktemp("flat") / "bars.parquet"
    pq.write_table(table, path, row_group_size=50_000)
    return path


@pytest.mark.parametrize("bars", ["hive", "flat"])
def test_dask_scan_of_all_instruments(cluster, hive_bars, flat_bars, bars):
    _, client = cluster
    path = str(hive_bars if bars == "hive" else flat_bars)
    expected = orbit.scan(path, "all", as_of=AS_OF, as_arrow=True)
    assert set(expected.column("Instrument").to_pylist()) == (set(INSTRUMENTS) if bars == "hive" else {"ES", "NQ"})
    actual = orbit.dask.scan(path, instruments="all", client=client, partition="quarter", as_of=AS_OF)
    assert_identical(actual, expected)
    if bars == "flat":
        actual = orbit.dask.sweep(path, instruments="all", client=client, block=5, as_of=AS_OF, **GRID)
        assert_same_sweep(actual, orbit.sweep(path, instrument="all", as_of=AS_OF, **GRID))


def test_dask_runs_of_several_path_arguments(cluster, hive_bars, flat_bars):
    _, client = cluster
    paths = [str(hive_bars / "instrument=CL"), str(flat_bars)]  # ES and NQ only in 2024-Q4
    window = dict(start="2022-01-01", end="2022-03-31", fixes="KI-21", as_of=AS_OF)
    expected = orbit.scan(paths, "all", as_arrow=True, **window)
    assert set(expected.column("Instrument").to_pylist()) == {"CL"}
    assert_identical(orbit.dask.scan(paths, instruments="all", client=client, **window), expected)
    # a folder of CL only beside a file of ES and NQ: each instrument's tasks read the arguments that hold it
    expected = orbit.sweep(paths, instrument="all", as_of=AS_OF, **GRID)
    assert_same_sweep(orbit.dask.sweep(paths, instruments="all", client=client, as_of=AS_OF, **GRID), expected)
    expected = orbit.scan(paths, "ES,CL", as_of=AS_OF, as_arrow=True)
    assert_identical(orbit.dask.scan(paths, instruments="ES,CL", client=client, as_of=AS_OF), expected)


def test_dask_sweep_writes_a_hive_dataset(cluster, hive_bars, tmp_path):
    _, client = cluster
    out = tmp_path / "sweep"
    for _ in range(2):  # a second run (as a retry would) replaces its parts, never duplicates them
        summary = orbit.dask.sweep(str(hive_bars), instruments=INSTRUMENTS, client=client, block=6, trades=True,
                                   as_of=AS_OF, out=str(out), **GRID)
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert files == [f"instrument={s}/part-{a}_{b}.parquet" for s in INSTRUMENTS
                     for a, b in (("00", "05"), ("06", "11"))]
    assert summary["combinations"] == 12 and summary["tasks"] == 6 and len(summary["parts"]) == 6
    expected = orbit.sweep(str(hive_bars), instrument=",".join(INSTRUMENTS), trades=True, as_of=AS_OF, **GRID)
    assert summary["rows"] == {s: pc.sum(pc.equal(expected.column("Instrument"), s)).as_py() for s in INSTRUMENTS}
    got = ds.dataset(str(out), format="parquet", partitioning="hive").to_table().select(expected.schema.names)
    assert_same_sweep(got.sort_by([("combo", "ascending"), ("Instrument", "ascending")]), expected)


def test_bad_sweep_arguments_fail_before_any_task(hive_bars):
    no_client = object()  # any submission would fail on it
    with pytest.raises(orbit.UsageError, match="block"):
        orbit.dask.sweep(str(hive_bars), instruments="ES", client=no_client, block=0)
    with pytest.raises(orbit.UsageError, match="--target: '5:6:x'"):
        orbit.dask.sweep(str(hive_bars), instruments="ES", client=no_client, target="5:6:x")
    with pytest.raises(orbit.UsageError, match="5.3 does not suit ES"):
        orbit.dask.sweep(str(hive_bars), instruments="all", client=no_client, target="5:6:0.3")
    with pytest.raises(orbit.UsageError, match="more than --max-combos 4"):
        orbit.dask.sweep(str(hive_bars), instruments="ES", client=no_client, max_combos=4, **GRID)
    with pytest.raises(orbit.UsageError, match="instrument: set by orbit.dask.sweep"):
        orbit.dask.sweep(str(hive_bars), instruments="ES", client=no_client, instrument="ES")


class FakeClient:
    def __init__(self, threads: int) -> None:
        self.threads = threads

    def nthreads(self) -> dict[str, int]:
        return {f"tcp://w{i}": 1 for i in range(self.threads)}


def test_default_block_gives_each_thread_about_four_tasks_of_100_to_1000_combinations():
    assert orbit.dask._auto_block(12, 3, FakeClient(2)) == 100
    assert orbit.dask._auto_block(2000, 1, FakeClient(2)) == 250
    assert orbit.dask._auto_block(10_000, 100, FakeClient(100)) == 1000


def test_dask_sweep_with_the_default_block(cluster, hive_bars):
    _, client = cluster
    expected = orbit.sweep(str(hive_bars), instrument="ES", as_of=AS_OF, **GRID)
    assert_same_sweep(orbit.dask.sweep(str(hive_bars), instruments="ES", client=client, as_of=AS_OF, **GRID), expected)
