"""orbit.sweep: the `orbit sweep` job from Python (issue 12)."""
from __future__ import annotations

import numpy as np
import pyarrow as pa
import pytest

import orbit

from conftest import NQ_AS_OF, NQ_CSV, need


def _result_columns(trades: pa.Table) -> pa.Table:
    assert trades.column_names[17:] == ["combo", "target", "stop_cap", "t1", "be_offset"]
    return trades.select(trades.column_names[:17])


def _widened(table: pa.Table) -> pa.Table:
    for name in ("Target", "Profit"):
        i = table.column_names.index(name)
        table = table.set_column(i, name, table.column(name).cast(pa.float64()))
    return table


def test_default_combination_equals_scan_on_the_nq_sample(nq_bars):
    trades = orbit.sweep(nq_bars, instrument="NQ", input_tz="America/New_York", as_of=NQ_AS_OF, trades=True)
    scan = orbit.scan(need(NQ_CSV), instrument="NQ", input_tz="America/New_York", as_of=NQ_AS_OF)
    got = _result_columns(trades).to_pandas()
    want = _widened(pa.Table.from_pandas(scan, preserve_index=False)).to_pandas()
    assert len(got) == 77
    for column in want.columns:
        if column == "Date":
            assert [str(d.date()) for d in got[column]] == list(want[column])
        elif want[column].dtype == np.float64:
            assert np.array_equal(got[column].to_numpy(), want[column].to_numpy(), equal_nan=True), column
        else:
            assert got[column].tolist() == want[column].tolist(), column


def test_summary_grid_and_axes(es_year_parquet):
    summary = orbit.sweep(es_year_parquet, instrument="ES", target=[5, 10], stop_cap="1:3:1", t1=0.65,
                          by="stream", as_of="2025-06-01")
    assert summary.num_rows == 2 * 3 * 2  # combinations x streams
    frame = summary.to_pandas()
    assert sorted(set(frame["combo"])) == list(range(6))
    assert set(frame["stream"]) == {"ES1", "ES2"}
    assert frame.loc[frame["combo"] == 0, "target"].tolist() == [5.0, 5.0]
    assert frame.loc[frame["combo"] == 5, "stop_cap"].tolist() == [3.0, 3.0]
    # SUMMARY counts add up to the rows of each group.
    counts = frame[["Win", "BE", "Loss", "TIME", "OPEN", "NoTrade"]].sum(axis=1)
    assert (counts == frame["rows"]).all()


@pytest.mark.parametrize("kwargs, message", [
    (dict(target="20:5:1"), "--target"),
    (dict(t1=[0.5, 1.0]), "--t1"),
    (dict(target=10.1), "10.1"),
    (dict(be_offset=[0.5]), "--be-offset"),
    (dict(by="month"), "by"),
    (dict(slots="S1"), "--slots"),
])
def test_bad_axes_raise_usage_error(es_year_parquet, kwargs, message):
    with pytest.raises(orbit.UsageError, match=message.replace(".", r"\.")):
        orbit.sweep(es_year_parquet, instrument="ES", **kwargs)


def test_summary_rows_equal_orbit_report_of_the_plain_run(es_year_parquet):
    """Each combination's SUMMARY (the engine reuses records and groups across
    combinations) equals `orbit report` over `orbit.scan` with those values."""
    import math
    import warnings

    grid = dict(target=[5, 7.5], stop_cap=[1.5, 3], t1=[0.5, 0.65])
    summary = orbit.sweep(es_year_parquet, instrument="ES", by="slot", as_of="2025-06-01", **grid).to_pandas()
    assert sorted(set(summary["combo"])) == list(range(8))
    for combo in (0, 3, 5, 7):
        rows = summary[summary["combo"] == combo]
        values = {k: rows[k].iloc[0] for k in ("target", "stop_cap", "t1")}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", orbit.OrbitWarning)
            run = orbit.scan(es_year_parquet, "ES", as_of="2025-06-01", **values)
        groups = {g["key"]: g for g in orbit.report(run, by="slot")["breakdowns"]["slot"]}
        assert sorted(groups) == sorted(rows["group"]), combo
        for _, r in rows.iterrows():
            g = groups[r["group"]]
            assert (r["rows"], r["trades"], r["longest_losing_streak"]) == (g["rows"], g["trades"],
                                                                             g["longest_losing_streak"])
            assert [r[k] for k in ("Win", "BE", "Loss", "TIME", "OPEN", "NoTrade")] == \
                [g["results"][k] for k in ("Win", "BE", "Loss", "TIME", "OPEN", "NoTrade")]
            # The JSON rounds ratios to 6 decimals and USD to cents.
            for mine, theirs, tol in (("win_rate_pct", "win_rate_pct", 1e-6), ("usd", "net_usd", 0.005),
                                      ("profit_factor", "profit_factor", 1e-6),
                                      ("expectancy_usd", "expectancy_usd", 0.005),
                                      ("max_drawdown_usd", "max_drawdown_usd", 0.005)):
                assert math.isclose(r[mine], g[theirs], rel_tol=0, abs_tol=tol), (combo, r["group"], mine)
            assert (r["drawdown_start"], r["drawdown_end"]) == (g["max_drawdown_start"], g["max_drawdown_end"])
