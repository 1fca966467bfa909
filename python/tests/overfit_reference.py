"""Independent numpy/scipy implementations of the statistics of issue 24, from
a P&L table (the `orbit sweep --pnl-out` format), for test_overfit.py and
test_walk_forward.py. Nothing here calls Orbit."""
from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd
from scipy import stats

EULER_GAMMA = 0.5772156649


def write_pnl(frame: pd.DataFrame, path) -> None:
    """Writes P&L rows (date as datetime.date or YYYY-MM-DD text) as .csv or .parquet."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    frame = frame.copy()
    frame["date"] = pd.to_datetime(frame["date"]).dt.date
    if str(path).endswith(".csv"):
        frame["date"] = [d.isoformat() for d in frame["date"]]
        frame.to_csv(path, index=False)
    else:
        table = pa.Table.from_pandas(frame, preserve_index=False)
        table = table.set_column(table.column_names.index("date"), "date", table.column("date").cast(pa.date32()))
        pq.write_table(table, path)


def matrices(pnl: pd.DataFrame):
    """[(instrument, group, dates, combos, M (T x N), trades (T x N))] per group in first-appearance order;
    columns are every combo of the table."""
    combos = np.array(sorted(pnl["combo"].unique()))
    out = []
    for (instrument, group), g in pnl.groupby(["instrument", "group"], sort=False):
        day = pd.to_datetime(g["date"]).to_numpy(dtype="datetime64[D]")
        dates = np.unique(day)
        m = np.zeros((len(dates), len(combos)))
        n = np.zeros((len(dates), len(combos)), dtype=np.int64)
        rows = np.searchsorted(dates, day)
        cols = np.searchsorted(combos, g["combo"].to_numpy())
        m[rows, cols] = g["pnl_usd"].to_numpy()
        n[rows, cols] = g["trades"].to_numpy()
        out.append((instrument, group, dates, combos, m, n))
    return out


def sharpe(x: np.ndarray) -> float:
    """mean / std (ddof 1); 0 when all values are equal or fewer than 2."""
    if len(x) < 2 or np.all(x == x[0]):
        return 0.0
    return float(np.mean(x) / np.std(x, ddof=1))


def column_sharpes(m: np.ndarray) -> np.ndarray:
    """sharpe() of every column (vectorised)."""
    if m.shape[0] < 2:
        return np.zeros(m.shape[1])
    constant = np.all(m == m[0], axis=0)
    sd = np.std(m, axis=0, ddof=1)
    return np.where(constant, 0.0, np.mean(m, axis=0) / np.where(constant, 1.0, sd))


def pbo(m: np.ndarray, splits: int):
    """(pbo, lambda median, oos loss share) by CSCV, or None when T < S."""
    t, n = m.shape
    if t < splits:
        return None
    b, first = t // splits, t % splits
    blocks = [np.arange(first + j * b, first + (j + 1) * b) for j in range(splits)]
    lambdas, losses = [], 0
    for train in itertools.combinations(range(splits), splits // 2):
        test = [j for j in range(splits) if j not in train]
        tr = m[np.concatenate([blocks[j] for j in train])]
        te = m[np.concatenate([blocks[j] for j in test])]
        star = int(np.argmax(column_sharpes(tr)))  # first maximum: the lowest combo id
        ranks = stats.rankdata(column_sharpes(te), method="average")
        w = ranks[star] / (n + 1)
        lambdas.append(math.log(w / (1 - w)))
        losses += te[:, star].sum() < 0
    lambdas = np.array(lambdas)
    return float(np.mean(lambdas <= 0)), float(np.median(lambdas)), losses / len(lambdas)


def deflated(m: np.ndarray):
    """(best column, SR, DSR, PSR) as issue 24 defines them; N = 1 has SR0 = 0;
    a constant best column counts as normal (skewness 0, kurtosis 3)."""
    t, n = m.shape
    sr = column_sharpes(m)
    best = int(np.argmax(sr))
    s = sr[best]
    x = m[:, best]
    if np.all(x == x[0]):
        g3, g4 = 0.0, 3.0
    else:
        g3, g4 = float(stats.skew(x, bias=True)), float(stats.kurtosis(x, fisher=False, bias=True))
    sr0 = 0.0
    if n >= 2:
        v = np.var(sr, ddof=1)
        sr0 = math.sqrt(v) * ((1 - EULER_GAMMA) * stats.norm.ppf(1 - 1 / n)
                              + EULER_GAMMA * stats.norm.ppf(1 - 1 / (n * math.e)))
    radicand = 1 - g3 * s + (g4 - 1) / 4 * s * s
    scale = math.sqrt(t - 1) / math.sqrt(radicand)
    return best, s, float(stats.norm.cdf((s - sr0) * scale)), float(stats.norm.cdf(s * scale))
