"""Sweeps honour every run option that changes results (issue 21/23): the
intra-bar policy, the exchange calendar, costs and the extended columns; the
default combination's TRADES equal `orbit run`'s rows; SUMMARY with costs is
net (gross beside it); the daily P&L file sums to SUMMARY; orbit.sweep takes
progress= and stops on Ctrl-C."""
from __future__ import annotations

import math
import os
import signal
import subprocess
import threading
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

import orbit

AS_OF = "2025-06-01"


def _orbit(binary: str, *args: str) -> None:
    done = subprocess.run([binary, *args], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr + done.stdout


@pytest.fixture(scope="module")
def wide_es(tmp_path_factory, orbit_binary) -> Path:
    """One year (2024: Good Friday, July 4th, Thanksgiving, Christmas) of
    `orbit gen` ES bars with every high and low six times farther from the
    open, so many bars touch both the target and a stop."""
    folder = tmp_path_factory.mktemp("wide")
    plain = folder / "plain.parquet"
    _orbit(orbit_binary, "gen", "--instrument", "ES", "--start", "2024-01-01", "--end", "2024-12-31", "--seed", "7",
           "--out", str(plain))
    bars = pq.read_table(plain)
    o = bars.column("open").to_numpy()
    high = o + 6 * (bars.column("high").to_numpy() - o)
    low = o - 6 * (o - bars.column("low").to_numpy())
    # Whole ticks, so the bars stay on the instrument's grid.
    bars = bars.set_column(bars.column_names.index("high"), "high", pa.array(np.round(high * 4) / 4))
    bars = bars.set_column(bars.column_names.index("low"), "low", pa.array(np.round(low * 4) / 4))
    path = folder / "wide.parquet"
    pq.write_table(bars, path)
    return path


def _run_and_sweep(binary: str, bars: Path, folder: Path, options: list[str], grid: list[str]) -> tuple[pa.Table, pa.Table]:
    """`orbit run` with `options`, and the rows of the sweep's combination
    whose values are the defaults (the grid's last: stop cap 3, T1 0.65)."""
    common = ["--bars", str(bars), "--instrument", "ES", "--as-of", AS_OF, "--quiet", *options]
    _orbit(binary, "run", *common, "--out", str(folder / "run.parquet"))
    _orbit(binary, "sweep", *common, *grid, "--out", str(folder / "summary.csv"), "--trades-out",
           str(folder / "trades.parquet"))
    run = pq.read_table(folder / "run.parquet")
    trades = pq.read_table(folder / "trades.parquet")
    last = pc.max(trades.column("combo")).as_py()
    rows = trades.filter(pc.equal(trades.column("combo"), last))
    assert rows.column_names[-5:] == ["combo", "target", "stop_cap", "t1", "be_offset"]
    rows = rows.select(rows.column_names[:-5])
    for name in ("Target", "Profit"):  # TRADES widens these two to float64
        if run.schema.field(name).type != rows.schema.field(name).type:
            run = run.set_column(run.column_names.index(name), name, run.column(name).cast(pa.float64()))
    return run, rows


def _assert_same(run: pa.Table, rows: pa.Table) -> None:
    assert rows.column_names == run.column_names
    assert rows.num_rows == run.num_rows
    for name in run.column_names:
        a, b = rows.column(name).to_pylist(), run.column(name).to_pylist()
        same = [x == y or (isinstance(x, float) and isinstance(y, float) and math.isnan(x) and math.isnan(y))
                for x, y in zip(a, b)]
        assert all(same), (name, [i for i, s in enumerate(same) if not s][:5])


GRID = ["--stop-cap", "1.5,3", "--t1", "0.5,0.65"]


@pytest.mark.parametrize("options", [
    ["--intrabar", "stop-first"],
    ["--intrabar", "target-first"],
    ["--calendar", "cme"],
    ["--columns", "extended", "--commission", "2.5", "--slippage", "1"],
], ids=lambda o: " ".join(o))
def test_default_combination_equals_orbit_run_with_the_option(orbit_binary, wide_es, tmp_path, options):
    run, rows = _run_and_sweep(orbit_binary, wide_es, tmp_path, options, GRID)
    _assert_same(run, rows)
    # The option matters on these bars: the run without it differs.
    plain = tmp_path / "plain"
    plain.mkdir()
    base, _ = _run_and_sweep(orbit_binary, wide_es, plain, [], GRID)
    if "--columns" in options:
        assert run.num_columns > base.num_columns
    else:
        assert not run.equals(base), options


def test_calendar_file_is_honoured(orbit_binary, wide_es, tmp_path):
    calendar = tmp_path / "cal.csv"
    calendar.write_text("# test calendar\ndate,status,close\n2024-03-29,closed,\n2024-07-03,early,12:00\n"
                        "2024-11-29,early,12:00\n2024-12-24,early,12:00\n2024-12-25,closed,\n")
    run, rows = _run_and_sweep(orbit_binary, wide_es, tmp_path, ["--calendar-file", str(calendar)], GRID)
    _assert_same(run, rows)


def _summary(path: Path) -> pa.Table:
    return pacsv.read_csv(path) if path.suffix == ".csv" else pq.read_table(path)


def test_summary_with_costs_is_net_and_ranks_by_net(orbit_binary, wide_es, tmp_path):
    common = ["sweep", "--bars", str(wide_es), "--instrument", "ES", "--as-of", AS_OF, "--quiet", *GRID,
              "--target", "4,8"]
    _orbit(orbit_binary, *common, "--out", str(tmp_path / "gross.csv"))
    _orbit(orbit_binary, *common, "--commission", "2.5", "--slippage", "1", "--out", str(tmp_path / "net.csv"))
    gross = _summary(tmp_path / "gross.csv").to_pandas()
    net = _summary(tmp_path / "net.csv").to_pandas()
    assert "gross_usd" not in gross.columns  # without costs the file is unchanged
    assert list(net.columns).index("gross_usd") == list(net.columns).index("usd") + 1
    # Each trade pays 2 x (2.5 USD + 1 tick x 0.25 x 50 USD) = 30 USD.
    np.testing.assert_allclose(net["gross_usd"], gross["usd"], rtol=0, atol=1e-6)
    np.testing.assert_allclose(net["usd"], gross["usd"] - 30.0 * gross["trades"], rtol=0, atol=1e-6)
    np.testing.assert_allclose(net["expectancy_usd"][net["trades"] > 0],
                               (net["usd"] / net["trades"])[net["trades"] > 0], rtol=1e-12)
    assert (net["max_drawdown_usd"] >= gross["max_drawdown_usd"] - 1e-6).all()
    # Ranking by usd (the sweep page's "best combination") is ranking by net.
    best = net.loc[net.groupby("group")["usd"].idxmax()]
    for _, row in best.iterrows():
        group = net[net["group"] == row["group"]]
        assert row["usd"] == (group["gross_usd"] - 30.0 * group["trades"]).round(6).max().round(6) or \
            math.isclose(row["usd"], (group["gross_usd"] - 30.0 * group["trades"]).max(), abs_tol=1e-6)


def _pnl_matches_summary(summary: pa.Table, pnl: pa.Table) -> None:
    assert pnl.column_names == ["instrument", "group", "stream", "slot", "combo", "date", "pnl_usd", "trades"]
    s = summary.to_pandas()
    p = pnl.to_pandas()
    for column in ("stream", "slot"):
        s[column] = s[column].fillna("")
        p[column] = p[column].fillna("")
    for column in ("instrument", "group", "stream", "slot"):
        s[column] = s[column].astype(str)
        p[column] = p[column].astype(str)
    keys = ["instrument", "group", "stream", "slot", "combo"]
    sums = p.groupby(keys, sort=False).agg(pnl_usd=("pnl_usd", "sum"), trades=("trades", "sum")).reset_index()
    merged = s.merge(sums, on=keys, how="left", suffixes=("", "_pnl")).fillna({"pnl_usd": 0.0, "trades_pnl": 0})
    np.testing.assert_allclose(merged["pnl_usd"], merged["usd"], rtol=0, atol=1e-6)
    assert (merged["trades_pnl"].astype(int) == merged["trades"]).all()
    assert len(sums) == len(s[s["trades"] > 0])
    assert (p["trades"] > 0).all()
    # Sorted by SUMMARY's order of (instrument, group), then combo, then date.
    group_order = {k: i for i, k in enumerate(dict.fromkeys(zip(s["instrument"], s["group"])))}
    order = [(group_order[(i, g)], c, d) for i, g, c, d in zip(p["instrument"], p["group"], p["combo"], p["date"])]
    assert order == sorted(order)
    assert len(set(order)) == len(order)


@pytest.mark.parametrize("by, ext", [("slot", ".parquet"), ("year", ".csv"), ("stream", ".pq")])
def test_pnl_file_sums_to_summary(orbit_binary, wide_es, tmp_path, by, ext):
    out = tmp_path / f"summary{ext if ext != '.pq' else '.parquet'}"
    pnl = tmp_path / f"pnl{ext}"
    _orbit(orbit_binary, "sweep", "--bars", str(wide_es), "--instrument", "ES", "--as-of", AS_OF, "--quiet",
           "--by", by, "--target", "4,8", *GRID, "--commission", "2", "--slippage", "0.5", "--threads", "2",
           "--out", str(out), "--pnl-out", str(pnl))
    if ext == ".csv":
        table = pacsv.read_csv(pnl, convert_options=pacsv.ConvertOptions(
            column_types={"date": pa.date32(), "stream": pa.string(), "slot": pa.string(), "group": pa.string()},
            strings_can_be_null=False))
    else:
        table = pq.read_table(pnl)
        assert table.schema.field("date").type == pa.date32()
    _pnl_matches_summary(_summary(out), table)


def test_python_pnl_progress_and_costs(wide_es):
    calls = []
    pnl = orbit.sweep(wide_es, instrument="ES", as_of=AS_OF, stop_cap=[1.5, 3], pnl=True, commission=1.0,
                      progress=lambda label, done, total: calls.append((label, done, total)))
    summary = orbit.sweep(wide_es, instrument="ES", as_of=AS_OF, stop_cap=[1.5, 3], commission=1.0)
    assert "gross_usd" in summary.column_names
    _pnl_matches_summary(summary, pnl)
    assert calls and calls[-1][1] == calls[-1][2] == 2


def test_python_trades_honour_the_intrabar_policy(wide_es):
    trades = orbit.sweep(wide_es, instrument="ES", as_of=AS_OF, intrabar="stop-first", trades=True)
    scan = orbit.scan(wide_es, "ES", as_of=AS_OF, intrabar="stop-first")
    reference = orbit.scan(wide_es, "ES", as_of=AS_OF)
    got = trades.column("Result").to_pylist()
    assert got == list(scan["Result"])
    assert got != list(reference["Result"])


def test_python_sweep_stops_on_ctrl_c_within_half_a_second(wide_es):
    """SIGINT during a long sweep raises KeyboardInterrupt within 0.5 s."""
    if threading.current_thread() is not threading.main_thread():
        pytest.skip("signals reach the main thread only")
    timer_fired = []

    def interrupt():
        timer_fired.append(time.monotonic())
        os.kill(os.getpid(), signal.SIGINT)

    timer = threading.Timer(1.0, interrupt)
    start = time.monotonic()
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            orbit.sweep(wide_es, instrument="ES", as_of=AS_OF, target="1:40:0.25", stop_cap="1:3:0.25",
                        t1="0.3:0.9:0.05", threads=1)
    finally:
        timer.cancel()
    assert timer_fired, "the sweep finished before the interrupt; make the grid larger"
    assert time.monotonic() - timer_fired[0] < 0.5
    assert time.monotonic() - start < 30
