"""Independent, deliberately simple Python oracle of ANALYZER_SPEC.md (default/compat behaviour).

Written from the spec text only (§3-§6, Appendix A), never from Orbit's C++ sources.
Brute force on purpose: every range scans all bars with numpy masks, every trade walks its
bars with a plain Python loop. It is a test oracle, not a fast engine.

Bars are given as int64 UTC nanoseconds plus float64 OHLC arrays (see `Bars`). All calendar
logic uses Python's zoneinfo America/Chicago.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import numpy as np

CHI = ZoneInfo("America/Chicago")
UTC = dt.timezone.utc
EPOCH = dt.datetime(1970, 1, 1, tzinfo=UTC)
NS = 1_000_000_000
DAY_NS = 86_400 * NS

# §2.4: tick, base target T (Python int where the reference has an int), micro flag.
INSTRUMENTS = {
    "ES": (0.25, 10, False), "NQ": (0.25, 50, False), "YM": (1.0, 100, False),
    "CL": (0.01, 0.5, False), "NG": (0.001, 0.05, False), "GC": (0.1, 5, False),
    "RTY": (0.1, 10, False),
    "MES": (0.25, 10, True), "MNQ": (0.25, 50, True), "MYM": (1.0, 100, True),
    "MCL": (0.01, 0.5, True), "MNG": (0.001, 0.05, True), "MGC": (0.1, 5, True),
    "M2K": (0.1, 10, True),
}

# §2.2
SESSIONS = {
    "S1": ("02:00", ["07:30", "08:00", "09:00"]),
    "S2": ("08:00", ["09:30", "10:00", "10:30", "11:00"]),
}

COLUMNS = ["Date", "Time", "EntryTime", "ExitTime", "EntryPrice", "ExitPrice", "StopLoss",
           "Target", "Peak", "Direction", "Result", "Range", "Stream", "Instrument", "Session",
           "Profit", "open_as_of_time"]


def output_decimals(tick: float) -> int:
    """§2.4: 0 if tick >= 1, else digits after the decimal point of the tick."""
    if tick >= 1:
        return 0
    s = repr(tick)
    return len(s.split(".")[1])


# ---------------------------------------------------------------- time helpers

def dt_to_ns(d: dt.datetime) -> int:
    return (d - EPOCH) // dt.timedelta(microseconds=1) * 1000


def local_ns(day: dt.date, h: int, m: int, s: int = 0) -> int:
    """local(D, HH:MM:SS) of §0 as an instant (int64 ns UTC)."""
    return dt_to_ns(dt.datetime(day.year, day.month, day.day, h, m, s, tzinfo=CHI))


def ns_to_local(ns: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(ns // NS, tz=CHI)


def ns_to_utc(ns: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(ns // NS, tz=UTC)


def fmt_stamp(d: dt.datetime) -> str:
    """§6.2: DD/MM/YY HH:MM (seconds dropped)."""
    return d.strftime("%d/%m/%y %H:%M")


def hhmm(label: str) -> tuple[int, int]:
    h, m = label.split(":")
    return int(h), int(m)


# ---------------------------------------------------------------- numbers

def rt(x: float, tick: float) -> float:
    """§4.1 RT(x) = rint_half_even(x / tick) * tick."""
    return float(np.rint(x / tick)) * tick


def np_round(x, d: int):
    """§6.4: multiply, rint (half-even), divide. Integers stay integers."""
    if isinstance(x, (int, np.integer)) and not isinstance(x, bool):
        return int(x)
    p = float(10 ** d)
    return float(np.rint(float(x) * p)) / p


def fmt_value(v) -> str:
    """CSV text: ints without a point, floats as Python repr (Appendix A)."""
    if v is None:
        return ""
    if isinstance(v, str):
        return v
    if isinstance(v, (int, np.integer)):
        return str(int(v))
    return repr(float(v))


# ---------------------------------------------------------------- input

@dataclass
class Bars:
    ts: np.ndarray        # int64 ns UTC
    open: np.ndarray
    high: np.ndarray
    low: np.ndarray
    close: np.ndarray
    instrument: np.ndarray  # object array of str


def bars_from_frame(df) -> Bars:
    """pandas frame with tz-aware `timestamp` (any zone: instants are used) + OHLC + instrument."""
    import pandas as pd
    ts = pd.to_datetime(df["timestamp"], utc=True)
    ts_ns = ts.values.astype("datetime64[ns]").astype(np.int64)
    return Bars(ts=np.asarray(ts_ns, dtype=np.int64),
                open=df["open"].to_numpy(dtype=np.float64),
                high=df["high"].to_numpy(dtype=np.float64),
                low=df["low"].to_numpy(dtype=np.float64),
                close=df["close"].to_numpy(dtype=np.float64),
                instrument=df["instrument"].astype(str).to_numpy(dtype=object))


def load_orbit_csv(path) -> Bars:
    """Orbit generator CSV: ISO-8601 timestamps with UTC offsets.

    float_precision="round_trip": pandas' default float parser is not correctly rounded
    (e.g. '2000.6499999999999' -> 2000.65); round_trip uses the exact strtod."""
    import pandas as pd
    df = pd.read_csv(path, dtype={"instrument": str}, float_precision="round_trip")
    return bars_from_frame(df)


# ---------------------------------------------------------------- engine

def run(bars: Bars, instrument: str, as_of_ns: int, sessions=("S1", "S2"), slots=None,
        target_mode: str = "fixed", trade_days=(0, 1, 2, 3, 4), write_no_trade_rows=True):
    """Return (columns, rows) where rows are lists of Python values (already post-processed)."""
    slots = slots or {}
    inst = instrument.upper()
    tick, T, micro = INSTRUMENTS[inst]
    scale = 0.1 if micro else 1
    dec = output_decimals(tick)
    t1_thr = T * 0.65
    cap = 3.0 * T

    # §1.5 select, stable sort
    sel = np.array([str(x).upper() == inst for x in bars.instrument], dtype=bool)
    order = np.argsort(bars.ts[sel], kind="stable")
    ts = bars.ts[sel][order]
    hi = bars.high[sel][order]
    lo = bars.low[sel][order]
    cl = bars.close[sel][order]
    n = len(ts)
    if n == 0:
        return COLUMNS[:16], []

    # §3.1 trading dates
    dates = set()
    for t in ts:
        d = ns_to_local(int(t))
        day = d.date()
        if d.hour >= 23:
            day = day + dt.timedelta(days=1)
        dates.add(day)
    dates = sorted(dates)

    # §3.2-3.7 ranges
    ranges = []
    for day in dates:
        if day.weekday() not in trade_days:
            continue
        for sess in sessions:
            start_label, labels = SESSIONS[sess]
            for label in labels:
                wanted = slots.get(sess)
                if wanted and label not in wanted:
                    continue
                sh, sm = hhmm(start_label)
                eh, em = hhmm(label)
                start = local_ns(day, sh, sm)
                end = local_ns(day, eh, em)
                idx = np.nonzero((ts >= start) & (ts < end))[0].tolist()
                if not idx:
                    continue
                whi = hi[idx]
                wlo = lo[idx]
                rh = float(np.nanmax(whi)) if not np.all(np.isnan(whi)) else float("nan")
                rl = float(np.nanmin(wlo)) if not np.all(np.isnan(wlo)) else float("nan")
                ranges.append(dict(day=day, session=sess, label=label, slot_end=end,
                                   rh=rh, rl=rl, size=rh - rl, fc=float(cl[idx[-1]])))

    rows = []
    for r in ranges:
        row = process_range(r, ts, hi, lo, cl, inst, tick, T, scale, dec, t1_thr, cap,
                            target_mode, as_of_ns)
        if row is None:
            continue
        if row["Result"] == "NoTrade" and not write_no_trade_rows:
            continue
        rows.append(row)

    if not rows:
        if not ranges:
            return COLUMNS[:16], []
        return COLUMNS, []

    # §6.3 post-processing
    rank = {"Win": 5, "BE": 4, "Loss": 3, "TIME": 2, "OPEN": 1}

    def key(rw):
        h, m = hhmm(rw["Time"])
        return (rw["Date"], h * 100 + m, rw["Target"], -rank.get(rw["Result"], -1), -rw["Peak"])

    rows.sort(key=key)
    seen = set()
    deduped = []
    for rw in rows:
        k = (rw["Date"], rw["Time"], rw["Target"], rw["Direction"], rw["Session"], rw["Instrument"])
        if k in seen:
            continue
        seen.add(k)
        deduped.append(rw)
    rows = deduped

    # §6.7 Profit int64 only if every row is a Win with an int target (non-micro)
    profit_int = all(rw["Result"] == "Win" for rw in rows) and isinstance(T, int) and not micro
    for rw in rows:
        if not profit_int:
            rw["Profit"] = float(rw["Profit"])
        for c in ("EntryPrice", "ExitPrice", "StopLoss", "Target", "Peak", "Profit"):
            rw[c] = np_round(rw[c], dec)

    rows.sort(key=lambda rw: (rw["Date"], hhmm(rw["Time"])))  # stable
    return COLUMNS, [[rw[c] for c in COLUMNS] for rw in rows]


def process_range(r, ts, hi, lo, cl, inst, tick, T, scale, dec, t1_thr, cap, mode, now):
    day, sess, label = r["day"], r["session"], r["label"]
    base = dict(Date=day.strftime("%Y-%m-%d"), Time=label, Range=r["size"],
                Stream=inst + ("1" if sess == "S1" else "2"), Instrument=inst, Session=sess,
                Target=T)
    notrade = dict(base, EntryTime="", ExitTime="", EntryPrice=0.0, ExitPrice=0.0,
                   StopLoss=0.0, Peak=0.0, Direction="NA", Result="NoTrade", Profit=0.0,
                   open_as_of_time="")
    n = len(ts)
    slot_end = r["slot_end"]

    # §4.1
    brk_long = rt(r["rh"] + tick, tick)
    brk_short = rt(r["rl"] - tick, tick)

    # §4.2 immediate entry
    fc = r["fc"]
    direction = None
    if fc >= brk_long and fc <= brk_short:
        direction = 1 if abs(fc - brk_long) <= abs(fc - brk_short) else -1
        entry_time = slot_end
    elif fc >= brk_long:
        direction, entry_time = 1, slot_end
    elif fc <= brk_short:
        direction, entry_time = -1, slot_end
    else:
        # §4.3 breakout search
        cand = np.nonzero((ts >= slot_end) & (ts < slot_end + DAY_NS))[0].tolist()
        if not cand:
            return notrade
        tL = next((int(ts[i]) for i in cand if hi[i] >= brk_long), None)
        tS = next((int(ts[i]) for i in cand if lo[i] <= brk_short), None)
        cutoff = local_ns(day, 16, 0, 0)  # slot_end's calendar date is D
        if tL is not None and tL > cutoff:
            tL = None
        if tS is not None and tS > cutoff:
            tS = None
        if tL is None and tS is None:
            return notrade
        if tL is not None and tS is None:
            direction, entry_time = 1, tL
        elif tS is not None and tL is None:
            direction, entry_time = -1, tS
        elif tL < tS:
            direction, entry_time = 1, tL
        elif tS < tL:
            direction, entry_time = -1, tS
        else:
            return notrade  # KI-13
    entry = brk_long if direction == 1 else brk_short

    # §5.1 levels
    target_lvl = entry + T if direction == 1 else entry - T
    size = r["size"]
    sl_pts = cap if cap < size else size
    stop0 = entry - sl_pts if direction == 1 else entry + sl_pts
    be_stop = entry - tick if direction == 1 else entry + tick

    # §5.2 horizon (KI-03: absolute seconds)
    N = 3 if day.weekday() == 4 else 1
    anchor = local_ns(day, 0, 0, 0)
    shifted = anchor + N * DAY_NS
    d2 = ns_to_local(shifted).date()
    h, m = hhmm(label)
    if mode == "fixed":
        mfe_end = local_ns(d2, h, m, 0)
        expiry = local_ns(d2, h, m - 1, 59) if m > 0 else local_ns(d2, h - 1, 59, 59)
    else:
        sh = 2 if sess == "S1" else 8
        mfe_end = local_ns(d2, sh, 0, 0)
        expiry = local_ns(d2, sh, 0, 0)

    # §5.3 trade bar sequence
    A = np.nonzero((ts >= entry_time) & (ts < mfe_end))[0].tolist()
    if not A:
        # §5.9 calls this unreachable, but an immediate entry (§4.2) with no bar at or after the
        # slot end does produce it; the spec defines no outcome, so the oracle refuses.
        raise NotImplementedError(f"empty trade bar sequence A for {day} {label} (spec gap)")

    def fav(i):
        return (hi[i] - entry) if direction == 1 else (entry - lo[i])

    def be_scan():
        for i in A:
            if ts[i] <= expiry and ((lo[i] <= be_stop) if direction == 1 else (hi[i] >= be_stop)):
                return i
        return None

    # §5.4 bar loop
    t1 = False
    t1_prev = False
    stop = stop0
    result = None
    for i in A:
        if not t1 and fav(i) >= t1_thr:
            t1 = True
            stop = be_stop
        if direction == 1:
            tgt_hit = hi[i] >= target_lvl
            stop_hit = lo[i] <= stop
        else:
            tgt_hit = lo[i] <= target_lvl
            stop_hit = hi[i] >= stop
        if stop_hit and t1 and not t1_prev:
            outcome = "TARGET" if tgt_hit else None
        elif tgt_hit and not stop_hit:
            outcome = "TARGET"
        elif stop_hit and not tgt_hit:
            outcome = "STOP"
        elif tgt_hit and stop_hit:
            outcome = "TARGET" if abs(cl[i] - target_lvl) < abs(cl[i] - stop) else "STOP"
        else:
            outcome = None
        if outcome == "TARGET" and mode == "fixed":
            result = ("Win", target_lvl, fmt_stamp(ns_to_local(int(ts[i]))))
            break
        if outcome == "STOP":
            result = ("BE" if t1 else "Loss", stop, fmt_stamp(ns_to_local(int(ts[i]))))
            break
        t1_prev = t1
        if ts[i] >= expiry:  # KI-34, sub-minute bars only
            j = be_scan() if t1 else None
            if j is not None:
                result = ("BE", be_stop, fmt_stamp(ns_to_utc(int(ts[j]))))
            else:
                upto = [k for k in A if ts[k] <= expiry]
                price = cl[upto[-1]] if upto else cl[i]
                result = ("TIME", price, fmt_stamp(ns_to_local(expiry)))
            break

    # §5.6 peak
    favs = [fav(i) for i in A]
    k = next((j for j, i in enumerate(A)
              if ((lo[i] <= stop0) if direction == 1 else (hi[i] >= stop0))), len(A))
    mfe = 0.0 if k == 0 else max(favs[:k])
    mfe_all = max(favs)
    peak = mfe_all if (mfe == 0.0 and mfe_all > 0.0) else mfe

    open_as_of = ""
    if result is None:
        # §5.5 settle
        last = A[-1]
        if expiry > now:
            result = ("OPEN", cl[last], "")
            open_as_of = fmt_stamp(ns_to_local(int(ts[last])))
            peak = mfe
        else:
            j = be_scan() if t1 else None
            if j is not None:
                result = ("BE", be_stop, fmt_stamp(ns_to_utc(int(ts[j]))))
            else:
                if expiry > ts[last]:
                    price = cl[last]
                else:
                    price = cl[next(i for i in A if ts[i] >= expiry)]
                result = ("TIME", price, fmt_stamp(ns_to_local(expiry)))

    res, exit_price, exit_time = result
    exit_price = float(exit_price)
    # §5.7 profit
    pnl = (exit_price - entry) if direction == 1 else (entry - exit_price)
    micro = scale != 1
    if micro:
        pnl = pnl * 0.1
    if res == "Win":
        profit = T * scale if micro else T
    elif res == "BE":
        profit = -tick
    else:
        profit = pnl
    stop_loss = (entry - stop0) if direction == 1 else (stop0 - entry)
    return dict(base, EntryTime=fmt_stamp(ns_to_local(int(entry_time))), ExitTime=exit_time,
                EntryPrice=entry, ExitPrice=exit_price, StopLoss=stop_loss, Peak=float(peak),
                Direction="Long" if direction == 1 else "Short", Result=res, Profit=profit,
                open_as_of_time=open_as_of)


def to_csv(columns, rows) -> str:
    lines = [",".join(columns)]
    for r in rows:
        lines.append(",".join(fmt_value(v) for v in r))
    return "\n".join(lines) + "\n"


def run_csv(bars: Bars, instrument: str, as_of_ns: int, **kw) -> str:
    return to_csv(*run(bars, instrument, as_of_ns, **kw))


def parse_as_of(text: str) -> int:
    d = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    if d.tzinfo is None:
        d = d.replace(tzinfo=UTC)
    return dt_to_ns(d)
