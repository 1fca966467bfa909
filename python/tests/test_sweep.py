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
