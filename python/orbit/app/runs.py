"""Runs of the app: run the analyzer through ``orbit.scan``, save a run with
its parameters to the runs folder, list and load saved runs, and compare two.

No Streamlit here. Every figure comes from ``orbit.scan`` (the engine) or
``orbit.report`` (``orbit report``'s statistics); a comparison only subtracts
one run's reported figure from the other's.
"""
from __future__ import annotations

import datetime as _dt
import json
import os
import re
import threading
from dataclasses import asdict, dataclass, field
from typing import Any, Callable

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

import orbit

PARAMS_FILE = "params.json"
RESULTS_FILE = "results.parquet"
REPORT_FILE = "report.json"
HTML_FILE = "report.html"


@dataclass
class RunSettings:
    """The parameters of one run, as ``orbit.scan`` takes them (saved as params.json)."""
    paths: list[str]
    instrument: str
    sessions: list[str] = field(default_factory=lambda: ["S1", "S2"])
    slots: list[str] = field(default_factory=list)      # "S1:07:30" tokens; empty = every slot
    trade_days: list[int] = field(default_factory=lambda: [0, 1, 2, 3, 4])
    target_mode: str = "fixed"
    fixes: list[str] = field(default_factory=list)
    as_of: str | None = None
    start: str | None = None
    end: str | None = None
    no_trade_rows: bool = True
    commission: float = 0.0                              # USD per side: the report's and the run option
    # Further run options (orbit.scan keywords -> values) set away from their
    # defaults: strategy (target, stop_cap, t1, ...), costs, calendar, columns.
    options: dict[str, Any] = field(default_factory=dict)

    def scan_kwargs(self) -> dict[str, Any]:
        """The run options of ``orbit.scan`` / ``orbit.sweep`` (None = the default)."""
        return {"sessions": self.sessions, "slots": self.slots or None, "trade_days": self.trade_days,
                "target_mode": self.target_mode, "fixes": self.fixes, "as_of": self.as_of,
                "start": self.start, "end": self.end, "no_trade_rows": self.no_trade_rows,
                "commission": self.commission or None, **self.options}

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "RunSettings":
        return cls(**{k: v for k, v in data.items() if k in cls.__dataclass_fields__})


@dataclass
class RunResult:
    settings: RunSettings
    table: pa.Table          # the result rows, as orbit.scan returns them
    stats: dict              # orbit.report(table, series=True)
    warnings: list[str]

    @property
    def frame(self) -> pd.DataFrame:
        return self.table.to_pandas()


def run_analysis(settings: RunSettings, progress: Callable[[str, int, int], None] | None = None) -> RunResult:
    """Runs ``orbit.scan`` and ``orbit.report`` for ``settings``. Errors: orbit.UsageError,
    orbit.BadInputError, OSError (with the engine's messages)."""
    import warnings as _warnings

    with _warnings.catch_warnings(record=True) as caught:
        _warnings.simplefilter("always", orbit.OrbitWarning)
        table = orbit.scan(settings.paths, settings.instrument, as_arrow=True, progress=progress or False,
                           **settings.scan_kwargs())
    stats = orbit.report(table, commission=report_commission(settings, table), series=True)
    return RunResult(settings, table, stats, [str(w.message) for w in caught])


def report_commission(settings: RunSettings, table: pa.Table) -> float:
    """The commission ``orbit.report`` adds: none when the rows carry the run's
    costs (the extended columns: CommissionUSD, SlippageUSD), which every net
    figure of the report then includes; else the sidebar's commission."""
    return 0.0 if "CommissionUSD" in table.column_names else settings.commission


class BackgroundRun:
    """Runs :func:`run_analysis` on a worker thread so that the caller's thread
    (Streamlit's script thread) can draw the progress; poll ``progress``, then ``result()``."""

    def __init__(self, settings: RunSettings):
        self.progress: tuple[str, int, int] = ("starting", 0, 0)
        self._result: RunResult | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._work, args=(settings,), daemon=True)
        self._thread.start()

    def _on_progress(self, label: str, done: int, total: int) -> None:
        self.progress = (label, done, total)

    def _work(self, settings: RunSettings) -> None:
        try:
            self._result = run_analysis(settings, self._on_progress)
        except BaseException as e:  # re-raised on the caller's thread by result()
            self._error = e

    def done(self, timeout: float) -> bool:
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def result(self) -> RunResult:
        self._thread.join()
        if self._error is not None:
            raise self._error
        assert self._result is not None
        return self._result


def csv_bytes(run: RunResult) -> bytes:
    """The result rows as CSV (byte-identical to `orbit run --out x.csv` for the same run;
    the extended columns' instants as ISO-8601 with their offset, as the CLI writes them)."""
    frame = run.frame
    for column in frame.columns:
        if isinstance(frame[column].dtype, pd.DatetimeTZDtype):
            frame[column] = frame[column].map(lambda t: "" if pd.isna(t) else t.isoformat())
    return frame.to_csv(index=False).encode()


def parquet_bytes(run: RunResult) -> bytes:
    """The result rows as Parquet (Date as 'YYYY-MM-DD' text, as orbit.scan returns it)."""
    import io

    buffer = io.BytesIO()
    pq.write_table(run.table, buffer)
    return buffer.getvalue()


# --- saved runs -------------------------------------------------------------------

def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", text).strip("-")[:60] or "run"


def save_run(run: RunResult, runs_dir: str, name: str = "") -> str:
    """Writes the run to ``runs_dir/<time>_<instrument>[_name]/``: params.json,
    results.parquet, report.json (the statistics) and report.html. Returns the folder."""
    stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    folder = os.path.join(runs_dir, _slug(f"{stamp}_{run.settings.instrument}" + (f"_{name}" if name else "")))
    suffix = 1
    base = folder
    while os.path.exists(folder):
        suffix += 1
        folder = f"{base}-{suffix}"
    os.makedirs(folder)
    with open(os.path.join(folder, PARAMS_FILE), "w", encoding="utf-8") as f:
        json.dump({"name": name, "saved": stamp, "params": run.settings.to_json()}, f, indent=2)
    pq.write_table(run.table, os.path.join(folder, RESULTS_FILE))
    stats = {k: v for k, v in run.stats.items() if k != "series"}
    with open(os.path.join(folder, REPORT_FILE), "w", encoding="utf-8") as f:
        json.dump(stats, f, indent=2)
    orbit.report(run.table, commission=report_commission(run.settings, run.table), out=os.path.join(folder, HTML_FILE),
                 html=True)
    return folder


def list_runs(runs_dir: str) -> list[str]:
    """Saved run folders (names), newest first."""
    if not os.path.isdir(runs_dir):
        return []
    names = [n for n in os.listdir(runs_dir) if os.path.isfile(os.path.join(runs_dir, n, PARAMS_FILE))]
    return sorted(names, reverse=True)


def load_run(runs_dir: str, name: str) -> dict[str, Any]:
    """{"name", "params", "stats", "results" (DataFrame)} of a saved run."""
    folder = os.path.join(runs_dir, name)
    with open(os.path.join(folder, PARAMS_FILE), encoding="utf-8") as f:
        meta = json.load(f)
    with open(os.path.join(folder, REPORT_FILE), encoding="utf-8") as f:
        stats = json.load(f)
    return {"name": name, "params": meta["params"], "stats": stats,
            "results": pq.read_table(os.path.join(folder, RESULTS_FILE)).to_pandas()}


# --- tables of reported figures -----------------------------------------------------

RESULT_NAMES = ("Win", "Loss", "BE", "TIME", "OPEN", "NoTrade")
SUMMARY_COLUMNS = ("rows", "trades", *RESULT_NAMES, "win_rate_pct", "total_points", "gross_usd", "costs_usd",
                   "net_usd", "profit_factor", "expectancy_usd", "max_drawdown_usd", "longest_losing_streak")


def costs_usd(group: dict) -> float:
    """Commission and slippage of a reported group (gross_usd - costs_usd = net_usd)."""
    return group["commission_usd"] + group.get("slippage_usd", 0.0)


def stats_frame(groups: list[dict]) -> pd.DataFrame:
    """One row per reported group (``orbit.report``'s STATS objects), key as the index."""
    rows = []
    for g in groups:
        row = {"key": g["key"]}
        for col in SUMMARY_COLUMNS:
            row[col] = g["results"][col] if col in RESULT_NAMES else costs_usd(g) if col == "costs_usd" else g[col]
        rows.append(row)
    frame = pd.DataFrame(rows, columns=["key", *SUMMARY_COLUMNS])
    return frame.set_index("key")


COMPARE_COLUMNS = ("trades", "win_rate_pct", "total_points", "net_usd", "profit_factor", "max_drawdown_usd")


def compare_runs(stats_a: dict, stats_b: dict, dimension: str) -> pd.DataFrame:
    """Side by side per group of ``dimension`` ("overall", "stream", "slot", ...):
    A's and B's reported figures and B - A, for groups present in either run."""
    def groups(stats: dict) -> list[dict]:
        if dimension == "overall":
            return [stats["overall"]]
        if dimension not in stats.get("breakdowns", {}):
            raise KeyError(f"the run's report has no '{dimension}' breakdown")
        return stats["breakdowns"][dimension]

    a = stats_frame(groups(stats_a))[list(COMPARE_COLUMNS)]
    b = stats_frame(groups(stats_b))[list(COMPARE_COLUMNS)]
    keys = list(dict.fromkeys([*a.index, *b.index]))
    a, b = a.reindex(keys), b.reindex(keys)
    out = pd.DataFrame(index=pd.Index(keys, name="key"))
    for col in COMPARE_COLUMNS:
        out[f"{col} A"] = a[col]
        out[f"{col} B"] = b[col]
        out[f"{col} B-A"] = pd.to_numeric(b[col], errors="coerce") - pd.to_numeric(a[col], errors="coerce")
    return out
