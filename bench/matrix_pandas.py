#!/usr/bin/env python3
"""A small, honest pandas implementation of SELECTION_SPEC.md (consolidation §2, sequencer §3, columns §4-§5,
statistics §7 summary and per stream, one timetable §8), the comparison point of bench/matrix_bench.py.
It is written the way a pandas user would: vectorised where pandas makes it natural (reading, concatenation,
de-duplication, sorting, the computed columns, groupbys), a Python loop where the spec is sequential (the
sequencer's day loop, drawdown episodes). No filters file (all streams unfiltered).

    python bench/matrix_pandas.py RESULTS... --out MATRIX.parquet
"""
import argparse
import math
import re
import sys

import numpy as np
import pandas as pd

SLOT_ENDS = {"S1": ["07:30", "08:00", "09:00"], "S2": ["09:30", "10:00", "10:30", "11:00"]}
VALUE = {"ES": 50, "MES": 5, "NQ": 10, "MNQ": 2, "YM": 5, "MYM": 0.5, "RTY": 50, "CL": 1000, "NG": 10000, "GC": 100}
W = 13
T14 = ["ES1", "ES2", "GC1", "GC2", "CL1", "CL2", "NQ1", "NQ2", "NG1", "NG2", "YM1", "YM2", "RTY1", "RTY2"]


def norm(t):
    t = str(t).strip()
    if t.count(":") == 1:
        h, m = t.split(":")
        return f"{h.zfill(2)}:{m.zfill(2)}"
    return t


def score(r):
    u = str(r).upper()
    return 1 if u == "WIN" else -2 if u == "LOSS" else 0


def value(inst):
    if inst is None or (isinstance(inst, float) and math.isnan(inst)):
        return 50
    return VALUE.get(re.sub(r"\d+$", "", str(inst).upper().strip()), 50)


def read(paths):
    frames = [pd.read_parquet(p) if not p.endswith(".csv") else pd.read_csv(p, keep_default_na=False) for p in paths]
    df = pd.concat(frames, ignore_index=True)
    target_is_float = any(pd.api.types.is_float_dtype(f["Target"]) for f in frames)
    df["Date"] = pd.to_datetime(df["Date"]).dt.normalize()
    return df, target_is_float


def sequence(df, target_is_float):
    out = []
    df["I"] = df["Instrument"].astype(str).str.strip().str.upper()
    for (inst, sess), g in df.groupby(["I", "Session"], sort=True):
        sid = inst + sess[-1]
        if not re.fullmatch(r"[A-Z]{2,3}[12]", sid) or g["Instrument"].nunique() > 1:
            continue
        g = g.drop_duplicates(["Date", "Time", "Session", "Instrument", "Stream"], keep="last")
        g = g.sort_values(["Date", "Time"], kind="stable").copy()
        g["Stream"] = sid
        g["norm"] = g["Time"].map(norm)
        C = SLOT_ENDS[sess]
        H = {t: [] for t in C}
        cur = C[0]
        for d, rows in g.groupby("Date", sort=True):
            first = rows.drop_duplicates("norm", keep="first").set_index("norm")
            res = {t: (first.at[t, "Result"] if t in first.index else "NoTrade") for t in C}
            pts = {t: score(res[t]) for t in C}
            for t in C:
                H[t] = (H[t] + [pts[t]])[-W:]
            nxt = ""
            if str(res[cur]).upper() == "LOSS":
                others = [t for t in C if t != cur]
                best = max(others, key=lambda t: (sum(H[t]), -C.index(t)))
                if sum(H[best]) > sum(H[cur]):
                    nxt = best
            if cur in first.index:
                row = first.loc[cur].to_dict()
                row["Time_str"] = cur
                row["Date_normalized"] = d
                row["actual_trade_time"] = str(row["Time"]).strip()
                sl = 3 * row["Target"] if target_is_float else 0
                if target_is_float and row["Range"] > 0:
                    sl = min(sl, row["Range"])
            else:
                row = {"Stream": sid, "Result": "NoTrade", "Session": sess, "actual_trade_time": ""}
                sl = 0
            row.update({"Date": d, "trade_date": d, "Time": cur, "SL": sl, "Time Change": nxt})
            for t in C:
                row[f"{t} Rolling"] = sum(H[t])
                row[f"{t} Points"] = pts[t]
            out.append(row)
            if nxt:
                cur = nxt
    m = pd.DataFrame(out)
    m = m.sort_values(["Stream", "trade_date"], kind="stable").reset_index(drop=True)
    return m


def columns(m):
    m["entry_time"] = m["EntryTime"].fillna("")
    m["exit_time"] = m["ExitTime"].fillna("")
    m["R"] = np.where(m["Target"].notna() & (m["Target"] != 0), m["Profit"] / m["Target"].replace(0, np.nan), np.nan)
    m["pnl"] = m["Profit"]
    m["ProfitDollars"] = m["Profit"].fillna(0) * m["Instrument"].map(value)
    rolling = np.full(len(m), np.nan)
    points = np.full(len(m), np.nan)
    for t in sum(SLOT_ENDS.values(), []):
        sel = (m["Time"] == t).to_numpy()
        if f"{t} Rolling" in m:
            rolling[sel] = m.loc[sel, f"{t} Rolling"]
            points[sel] = m.loc[sel, f"{t} Points"]
    m["rs_value"], m["points"] = rolling, points
    m["selected_time"] = m["time_bucket"] = m["Time"]
    m["global_trade_id"] = np.arange(1, len(m) + 1)
    m["day_of_month"] = m["trade_date"].dt.day
    m["dow"] = m["trade_date"].dt.strftime("%a")
    m["dow_full"] = m["trade_date"].dt.day_name()
    m["month"] = m["trade_date"].dt.month
    m["session_index"] = m["Session"].str.upper().map({"S1": 1, "S2": 2})
    m["is_two_stream"] = m["Stream"].str.endswith("2")
    m["dom_blocked"] = m["is_two_stream"] & m["day_of_month"].isin([4, 16, 30])
    m["filter_reasons"] = ""
    m["final_allowed"] = True
    return m


def r2(x, n=2):
    return round(float(x), n)


def summary(m, include_filtered):
    rn = m["Result"].fillna("").astype(str).str.strip().str.upper()
    pd_ = m["Profit"].fillna(0) * m["Instrument"].map(value)
    executed = rn.isin(["WIN", "LOSS", "BE", "BREAKEVEN", "TIME"])
    mask = executed if include_filtered else executed & m["final_allowed"]
    e = pd.DataFrame({"rn": rn[mask], "x": pd_[mask], "date": m["trade_date"][mask]})
    x = e["x"]
    wins, losses = int((e.rn == "WIN").sum()), int((e.rn == "LOSS").sum())
    gp, gl = x[x > 0].sum(), abs(x[x < 0].sum())
    c = x.cumsum()
    streak = (e.rn == "LOSS").astype(int)
    runs = streak.groupby((streak != streak.shift()).cumsum()).cumsum().max()
    xs = np.sort(x.to_numpy())
    k = int(math.floor(0.05 * len(xs)))
    trade = {"total_profit": r2(x.sum()), "wins": wins, "losses": losses,
             "win_rate": r2(100 * wins / (wins + losses), 1) if wins + losses else 0.0,
             "profit_factor": r2(gp / gl) if gl else (math.inf if gp > 0 else 0.0),
             "mean_pnl_per_trade": r2(x.mean()), "median_pnl_per_trade": r2(x.median()),
             "stddev_pnl_per_trade": r2(x.std(ddof=1)) if len(x) > 1 else 0.0,
             "max_consecutive_losses": int(runs), "max_drawdown": r2(abs((c - c.cummax()).min())),
             "var95": r2(xs[k]), "cvar95": r2(xs[: k + 1].mean())}
    y = e.groupby("date", sort=False)["x"].sum()
    z = y.cumsum()
    dd = (z - z.cummax()).to_numpy()
    episodes, start = [], None
    for j, v in enumerate(dd):
        if start is None and v < 0:
            start = j
        elif start is not None and v >= 0:
            episodes.append(j - start)
            start = None
    if start is not None:
        episodes.append(len(dd) - start)
    sigma = y.std(ddof=0) if len(y) > 1 else 0
    neg = y[y < 0]
    delta = math.sqrt((neg ** 2).mean()) if len(neg) else 0
    maxdd = abs(dd.min()) if len(dd) else 0
    months = e.groupby(e["date"].dt.to_period("M"))["x"].sum()
    a = len(y)
    p = trade["total_profit"] / a
    daily = {"sharpe_ratio": r2(252 * y.mean() / (sigma * math.sqrt(252))) if sigma else 0.0,
             "sortino_ratio": r2(252 * y.mean() / (delta * math.sqrt(252))) if delta else 0.0,
             "calmar_ratio": r2(252 * y.mean() / maxdd) if maxdd else 0.0,
             "time_to_recovery_days": max(episodes, default=0),
             "avg_drawdown_daily": r2(np.abs(dd[dd < 0]).mean()) if (dd < 0).any() else 0.0,
             "avg_drawdown_duration_days": r2(np.mean(episodes), 1) if episodes else 0.0,
             "monthly_return_stddev": r2(months.std(ddof=1)) if len(months) > 1 else 0.0,
             "max_drawdown_daily": r2(maxdd), "avg_trades_per_day": r2(len(e) / a),
             "profit_per_day": r2(p), "profit_per_year": r2(p * 252)}
    return {"trade": trade, "daily": daily}


def timetable(m, date):
    d = pd.Timestamp(date)
    out = []
    for sid in T14:
        rows = m[m["Stream"] == sid]
        if rows.empty:
            out.append({"stream": sid, "slot_time": "", "enabled": False})
            continue
        r = rows.loc[rows["trade_date"].idxmax()]
        slot = r["Time Change"] if r["Time Change"] and r["trade_date"] < d else r["Time"]
        out.append({"stream": sid, "slot_time": slot, "enabled": bool(r["final_allowed"])})
    return sorted(out, key=lambda e: e["slot_time"], reverse=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("results", nargs="+")
    ap.add_argument("--out")
    ap.add_argument("--timetable", default="2030-01-02")
    a = ap.parse_args()
    df, target_is_float = read(a.results)
    m = columns(sequence(df, target_is_float))
    stats = {"true": summary(m, True), "false": summary(m, False),
             "streams": m.groupby("Stream").size().to_dict()}
    tt = timetable(m, a.timetable)
    if a.out:
        m.to_parquet(a.out) if a.out.endswith(".parquet") else m.to_csv(a.out, index=False)
    print(f"{len(m)} matrix rows, {int((m['Time Change'] != '').sum())} switches, "
          f"total_profit {stats['true']['trade']['total_profit']}, {len(tt)} timetable streams", file=sys.stderr)


if __name__ == "__main__":
    main()
