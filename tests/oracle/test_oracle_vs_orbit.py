"""Differential test: the independent spec oracle (spec_oracle.py) vs Orbit's CLI, CSV text compared exactly.

Bars come from `orbit gen`; some cases perturb them (bars removed near slot ends, off-grid prices,
sub-minute stamps, gaps) to reach corner cases. Needs no ../shared.
"""
import collections
import os
import pathlib
import subprocess

import numpy as np
import pandas as pd
import pytest

import spec_oracle as so

HERE = pathlib.Path(__file__).resolve().parent
ORBIT = pathlib.Path(os.environ.get("ORBIT_BINARY", HERE.parents[1] / "build" / "bin" / "orbit"))

pytestmark = pytest.mark.skipif(not ORBIT.exists(), reason=f"orbit binary not found: {ORBIT}")

# Result counts over all cases, to check that the cases really reach the interesting paths.
def orbit_gen(tmp_path, sym, start, end, seed):
    out = tmp_path / f"{sym}_{start}_{seed}.csv"
    subprocess.run([str(ORBIT), "gen", "--instrument", sym, "--start", start, "--end", end,
                    "--seed", str(seed), "--out", str(out), "--quiet"], check=True)
    return out


def orbit_run(bars_csv, sym, as_of, mode, out):
    cmd = [str(ORBIT), "run", "--bars", str(bars_csv), "--instrument", sym, "--as-of", as_of,
           "--out", str(out), "--quiet"]
    if mode == "time":
        cmd += ["--target-mode", "time"]
    p = subprocess.run(cmd, capture_output=True, text=True)
    assert p.returncode == 0, f"orbit run failed ({p.returncode}): {p.stderr}"
    return pathlib.Path(out).read_text()


def first_differences(got, want, limit=5):
    g, w = got.splitlines(), want.splitlines()
    msgs = []
    if g[:1] != w[:1]:
        msgs.append(f"header differs:\n  orbit : {g[:1]}\n  oracle: {w[:1]}")
    for i in range(1, max(len(g), len(w))):
        a = g[i] if i < len(g) else "<missing>"
        b = w[i] if i < len(w) else "<missing>"
        if a != b:
            msgs.append(f"row {i}:\n  orbit : {a}\n  oracle: {b}")
            if len(msgs) >= limit:
                break
    return f"{len(g) - 1} orbit rows vs {len(w) - 1} oracle rows\n" + "\n".join(msgs)


def compare(bars_csv, sym, as_of, mode, tmp_path):
    got = orbit_run(bars_csv, sym, as_of, mode, tmp_path / f"out_{sym}_{mode}.csv")
    want = so.run_csv(so.load_orbit_csv(bars_csv), sym, so.parse_as_of(as_of), target_mode=mode)
    assert got == want, f"{bars_csv.name} {sym} {mode} as_of={as_of}\n" + first_differences(got, want)
    return want


# --------------------------------------------------------------------------- plain generated data

# (instrument, start, end, seed, as_of): as_of inside the data for several cases, so that OPEN rows
# occur; ranges spanning the autumn (2024-11-03) and spring (2024-03-10 / 2025-03-09) DST weekends.
PLAIN = [
    ("ES", "2024-10-21", "2024-11-08", 1, "2024-11-08T18:00:00Z"),   # autumn DST, KI-03 Friday
    ("NQ", "2024-10-28", "2024-11-15", 2, "2024-11-15T16:00:00Z"),   # autumn DST
    ("CL", "2024-03-04", "2024-03-22", 3, "2024-03-22T15:00:00Z"),   # spring DST
    ("NG", "2025-03-03", "2025-03-21", 4, "2025-03-21T20:00:00Z"),   # spring DST 2025
    ("MES", "2024-10-28", "2024-11-08", 5, "2024-11-08T17:30:00Z"),  # micro, autumn DST
    ("MYM", "2024-03-04", "2024-03-15", 6, "2024-03-15T16:00:00Z"),  # micro, tick 1, spring DST
    ("GC", "2024-06-03", "2024-06-21", 7, "2024-06-21T15:00:00Z"),   # summer
    ("ES", "2025-01-06", "2025-01-17", 8, "2030-01-01T00:00:00Z"),   # run clock after the data
    # the remaining instruments, two weeks each
    ("YM", "2024-10-28", "2024-11-08", 31, "2024-11-08T17:00:00Z"),
    ("RTY", "2024-03-04", "2024-03-15", 32, "2024-03-15T16:00:00Z"),
    ("MNQ", "2024-10-28", "2024-11-08", 33, "2024-11-08T17:00:00Z"),
    ("MCL", "2024-03-04", "2024-03-15", 34, "2024-03-15T16:00:00Z"),
    ("MNG", "2024-06-03", "2024-06-14", 35, "2024-06-14T15:00:00Z"),
    ("MGC", "2024-10-28", "2024-11-08", 36, "2024-11-08T17:00:00Z"),
    ("M2K", "2025-03-03", "2025-03-14", 37, "2025-03-14T16:00:00Z"),
]


@pytest.mark.parametrize("mode", ["fixed", "time"])
@pytest.mark.parametrize("sym,start,end,seed,as_of", PLAIN,
                         ids=[f"{p[0]}-{p[1]}" for p in PLAIN])
def test_generated(tmp_path, sym, start, end, seed, as_of, mode):
    compare(orbit_gen(tmp_path, sym, start, end, seed), sym, as_of, mode, tmp_path)


# --------------------------------------------------------------------------- perturbed data

def _read(path):
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def _local(df):
    return pd.to_datetime(df["timestamp"], utc=True).dt.tz_convert("America/Chicago")


def _write(df, path):
    df.to_csv(path, index=False)
    return path


def perturb_remove_near_slot_ends(src, dst, seed):
    """Drop, at random per day, bars within 2 minutes of each slot end / session start / expiry."""
    df = _read(src)
    loc = _local(df)
    minute = loc.dt.hour * 60 + loc.dt.minute
    rng = np.random.default_rng(seed)
    marks = [2 * 60, 8 * 60, 7 * 60 + 30, 9 * 60, 9 * 60 + 30, 10 * 60, 10 * 60 + 30, 11 * 60,
             16 * 60]
    keep = np.ones(len(df), dtype=bool)
    days = loc.dt.date.to_numpy()
    for day in sorted(set(days)):
        for m in marks:
            if rng.random() < 0.5:
                lo_m = m - int(rng.integers(0, 3))
                hi_m = m + int(rng.integers(0, 3))
                keep &= ~((days == day) & (minute >= lo_m).to_numpy() & (minute <= hi_m).to_numpy())
    # also one whole morning missing (empty windows -> no row at all for those slots)
    first_weekday = next(d for d in sorted(set(days)) if d.weekday() < 5)
    keep &= ~((days == first_weekday) & (minute < 12 * 60).to_numpy())
    return _write(df[keep], dst)


def perturb_off_grid(src, dst, sym, seed):
    """Shift every 7th bar (all four prices, so OHLC stays valid) by a quarter tick, plus float noise."""
    tick = so.INSTRUMENTS[sym][0]
    df = _read(src)
    shift = np.zeros(len(df))
    shift[::7] = tick / 4
    shift[3::11] = tick / 2          # exact half-tick: half-even snapping of the breakout level
    shift[5::13] = tick * 1e-9       # float noise
    for c in ("open", "high", "low", "close"):
        vals = df[c].astype(float).to_numpy() + shift
        df[c] = [repr(float(v)) for v in vals]
    return _write(df, dst)


def perturb_sub_minute(src, dst):
    """Re-stamp the bar at each HH:MM-1 before a slot end to HH:MM-1:59 (KI-34, expiry second)."""
    df = _read(src)
    loc = _local(df)
    hm = loc.dt.strftime("%H:%M")
    pre = {"07:29", "07:59", "08:59", "09:29", "09:59", "10:29", "10:59", "01:59", "07:59"}
    ts = pd.to_datetime(df["timestamp"], utc=True)
    mask = hm.isin(pre).to_numpy()
    new = ts.where(~mask, ts + pd.Timedelta(seconds=59))
    df["timestamp"] = new.dt.tz_convert("America/Chicago").map(lambda t: t.isoformat())
    return _write(df, dst)


def perturb_holiday(src, dst):
    """Remove every bar of the first Thursday and of the Friday after it (a holiday and a half day):
    trades expire on a day without data (KI-04) and settle TIME at a stale close (KI-35)."""
    df = _read(src)
    loc = _local(df)
    days = loc.dt.date.to_numpy()
    thursday = next(d for d in sorted(set(days)) if d.weekday() == 3)
    minute = (loc.dt.hour * 60 + loc.dt.minute).to_numpy()
    friday = thursday + pd.Timedelta(days=1).to_pytimedelta()
    drop = (days == thursday) | ((days == friday) & (minute >= 9 * 60 + 15))
    return _write(df[~drop], dst)


def perturb_sparse(src, dst, seed):
    """Keep a random 25 % of the bars: sparse data, one-bar windows, long gaps everywhere."""
    df = _read(src)
    keep = np.random.default_rng(seed).random(len(df)) < 0.25
    return _write(df[keep], dst)


PERTURBED = [
    ("sparse", "NQ", "2024-10-21", "2024-11-08", 20, "2024-11-08T18:00:00Z"),
    ("sparse", "MCL", "2025-03-03", "2025-03-14", 22, "2030-01-01T00:00:00Z"),
    ("holiday", "ES", "2024-11-18", "2024-12-06", 18, "2030-01-01T00:00:00Z"),
    ("holiday", "CL", "2024-10-28", "2024-11-08", 19, "2024-11-08T16:00:00Z"),
    ("remove", "ES", "2024-10-21", "2024-11-08", 11, "2024-11-08T18:00:00Z"),
    ("remove", "CL", "2024-03-04", "2024-03-15", 12, "2024-03-15T15:00:00Z"),
    ("offgrid", "ES", "2024-10-28", "2024-11-08", 13, "2024-11-08T16:00:00Z"),
    ("offgrid", "NG", "2024-03-04", "2024-03-15", 14, "2030-01-01T00:00:00Z"),
    ("offgrid", "GC", "2024-06-03", "2024-06-14", 15, "2030-01-01T00:00:00Z"),
    ("subminute", "NQ", "2025-01-06", "2025-01-17", 16, "2030-01-01T00:00:00Z"),
    ("subminute", "MES", "2024-10-28", "2024-11-08", 17, "2024-11-08T17:00:00Z"),
]


@pytest.mark.parametrize("mode", ["fixed", "time"])
@pytest.mark.parametrize("kind,sym,start,end,seed,as_of", PERTURBED,
                         ids=[f"{p[0]}-{p[1]}-{p[2]}" for p in PERTURBED])
def test_perturbed(tmp_path, kind, sym, start, end, seed, as_of, mode):
    src = orbit_gen(tmp_path, sym, start, end, seed)
    dst = tmp_path / f"{kind}_{src.name}"
    if kind == "remove":
        perturb_remove_near_slot_ends(src, dst, seed)
    elif kind == "sparse":
        perturb_sparse(src, dst, seed)
    elif kind == "holiday":
        perturb_holiday(src, dst)
    elif kind == "offgrid":
        perturb_off_grid(src, dst, sym, seed)
    else:
        perturb_sub_minute(src, dst)
    compare(dst, sym, as_of, mode, tmp_path)


# --------------------------------------------------------------------------- CLI options

def orbit_run_args(bars_csv, sym, as_of, extra, out):
    cmd = [str(ORBIT), "run", "--bars", str(bars_csv), "--instrument", sym, "--as-of", as_of,
           "--out", str(out), "--quiet"] + extra
    p = subprocess.run(cmd, capture_output=True, text=True)
    assert p.returncode == 0, f"orbit run failed ({p.returncode}): {p.stderr}"
    return pathlib.Path(out).read_text()


def compare_args(bars_csv, sym, as_of, extra, oracle_kw, tmp_path):
    got = orbit_run_args(bars_csv, sym, as_of, extra, tmp_path / f"out_{sym}.csv")
    want = so.run_csv(so.load_orbit_csv(bars_csv), sym, so.parse_as_of(as_of), **oracle_kw)
    assert got == want, f"{bars_csv.name} {sym} {extra} as_of={as_of}\n" + first_differences(got, want)


OPTIONS = [
    # (CLI args, oracle keyword arguments)
    (["--sessions", "S2"], dict(sessions=["S2"])),
    (["--sessions", "S2,S1"], dict(sessions=["S2", "S1"])),
    # KI-23: S2 named by no token -> empty list -> all S2 slots
    (["--slots", "S1:07:30,S1:09:00"], dict(slots={"S1": ["07:30", "09:00"], "S2": []})),
    (["--slots", "S1:08:00,S2:10:30"], dict(slots={"S1": ["08:00"], "S2": ["10:30"]})),
    (["--trade-days", "0,2,4"], dict(trade_days=(0, 2, 4))),
    (["--no-trade-rows", "off"], dict(write_no_trade_rows=False)),
    (["--no-trade-rows", "off", "--target-mode", "time"],
     dict(write_no_trade_rows=False, target_mode="time")),
]


@pytest.mark.parametrize("extra,kw", OPTIONS, ids=[" ".join(o[0]) for o in OPTIONS])
def test_cli_options(tmp_path, extra, kw):
    src = orbit_gen(tmp_path, "NQ", "2024-10-28", "2024-11-08", 21)
    compare_args(src, "NQ", "2024-11-08T17:00:00Z", extra, kw, tmp_path)


# --------------------------------------------------------------------------- hand-made bars

def write_bars(path, sym, rows):
    """rows: (Chicago wall clock 'YYYY-MM-DD HH:MM[:SS]', o, h, l, c)."""
    import datetime as dt
    lines = ["timestamp,open,high,low,close,volume,instrument"]
    for text, o, h, l, c in rows:
        fmt = "%Y-%m-%d %H:%M:%S" if text.count(":") == 2 else "%Y-%m-%d %H:%M"
        t = dt.datetime.strptime(text, fmt).replace(tzinfo=so.CHI)
        lines.append(f"{t.isoformat()},{o!r},{h!r},{l!r},{c!r},1,{sym}")
    path.write_text("\n".join(lines) + "\n")
    return path


RANGE = [("2025-01-07 02:00", 5000.0, 5004.0, 4996.0, 5001.0),
         ("2025-01-07 07:29", 5001.0, 5002.0, 4999.0, 5000.0)]
HANDMADE = {
    # every row a Win, integer target, not micro -> Profit printed as integer
    "all_win_int_profit": ("ES", RANGE + [("2025-01-07 07:40", 5002.0, 5006.0, 5001.0, 5005.0),
                                          ("2025-01-07 07:50", 5005.0, 5015.0, 5004.0, 5014.0)]),
    # micro tick-1 loss of 3 points -> Profit -0.0
    "mym_negative_zero": ("MYM", [("2025-01-07 02:00", 40000.0, 40002.0, 39999.0, 40001.0),
                                  ("2025-01-07 07:29", 40001.0, 40002.0, 40000.0, 40001.0),
                                  ("2025-01-07 07:40", 40001.0, 40003.0, 40001.0, 40002.0),
                                  ("2025-01-07 08:00", 40002.0, 40002.0, 39999.0, 40000.0)]),
    # bar stamped at the expiry second still exits by target (KI-34)
    "expiry_second_win": ("ES", RANGE + [("2025-01-07 07:40", 5002.0, 5006.0, 5001.0, 5005.0),
                                         ("2025-01-08 07:29:59", 5007.0, 5016.0, 5006.0, 5015.0)]),
    # summer BE-scan, ExitTime in UTC (KI-01/KI-02)
    "be_scan_summer": ("ES", [("2025-07-08 02:00", 5000.0, 5004.0, 4996.0, 5001.0),
                              ("2025-07-08 07:29", 5001.0, 5002.0, 4999.0, 5000.0),
                              ("2025-07-08 07:40", 4998.0, 4999.0, 4995.0, 4996.0),
                              ("2025-07-08 07:50", 4996.0, 4996.0, 4989.0, 4990.0),
                              ("2025-07-08 12:00", 4991.0, 4994.0, 4990.0, 4993.0)]),
    # prices of ~2^53 ticks: adding a tick is lost -> immediate (dual) entry at the slot end (§4.2)
    "huge_prices_immediate_entry": ("ES", [("2025-01-07 02:00", 1e16, 1e16, 1e16, 1e16),
                                           ("2025-01-07 07:29", 1e16, 1e16, 1e16, 1e16),
                                           ("2025-01-07 07:45", 1e16, 1e16 + 64, 1e16, 1e16 + 64),
                                           ("2025-01-07 09:30", 1e16, 1e16 + 96, 1e16, 1e16 + 96),
                                           ("2025-01-07 11:30", 1e16, 1e16 + 128, 1e16, 1e16)]),
    # Friday before the autumn change, S2 on-the-hour slot: expiry on Sunday (KI-03)
    "fall_back_friday_s2": ("ES", [("2024-11-01 08:00", 5000.0, 5004.0, 4996.0, 5001.0),
                                   ("2024-11-01 10:59", 5001.0, 5002.0, 4999.0, 5000.0),
                                   ("2024-11-01 11:05", 5002.0, 5006.0, 5001.0, 5005.0),
                                   ("2024-11-01 15:59", 5005.0, 5008.0, 5004.0, 5007.0),
                                   ("2024-11-03 17:00", 5007.0, 5010.0, 5006.0, 5009.0),
                                   ("2024-11-04 10:58", 5009.0, 5010.0, 5008.0, 5009.5)]),
}


@pytest.mark.parametrize("mode", ["fixed", "time"])
@pytest.mark.parametrize("name", sorted(HANDMADE))
def test_handmade(tmp_path, name, mode):
    sym, rows = HANDMADE[name]
    src = write_bars(tmp_path / f"{name}.csv", sym, rows)
    extra = ["--target-mode", mode]
    compare_args(src, sym, "2030-01-01T00:00:00Z", extra, dict(target_mode=mode), tmp_path)


def test_cases_cover_every_result_kind(tmp_path):
    """The hand-made cases, as the oracle computes them, produce every result kind
    (independent of test order and of -k selection: it runs the oracle itself)."""
    seen = collections.Counter()
    for name, (sym, rows) in sorted(HANDMADE.items()):
        src = write_bars(tmp_path / f"{name}.csv", sym, rows)
        for mode in ("fixed", "time"):
            for as_of in ("2030-01-01T00:00:00Z", "2000-01-01T00:00:00Z"):  # settled, and still open
                want = so.run_csv(so.load_orbit_csv(src), sym, so.parse_as_of(as_of), target_mode=mode)
                seen.update(line.split(",")[10] for line in want.splitlines()[1:])
    missing = {"Win", "Loss", "BE", "TIME", "OPEN", "NoTrade"} - set(seen)
    assert not missing, f"result kinds never produced: {missing}; seen {dict(seen)}"
