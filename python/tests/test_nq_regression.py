"""Spec §11: the real NQ sample through the Python API equals the reference's output,
for every way the bars can be handed over."""
from __future__ import annotations

import types
import warnings

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

import orbit

from conftest import NQ_AS_OF, NQ_CSV, assert_same_result, need


def test_nq_regression_tz_aware_chicago(nq_bars, nq_expected):
    result = orbit.run_strategy(nq_bars, orbit.RunParams("NQ"), as_of=NQ_AS_OF)
    assert_same_result(result, nq_expected)
    # The spec's summary of the reference output.
    assert len(result) == 77
    assert result["Result"].value_counts().to_dict() == {"Win": 28, "BE": 17, "NoTrade": 15, "Loss": 13, "TIME": 4}
    assert result["Profit"].sum() == -20.25
    row = result[(result["Date"] == "2023-11-23") & (result["Time"] == "07:30")].iloc[0]
    assert (row["Result"], row["ExitTime"]) == ("BE", "23/11/23 13:31")  # KI-01/KI-02, live


def test_utc_timestamps_are_converted(nq_bars, nq_expected):
    bars = nq_bars.assign(timestamp=nq_bars["timestamp"].dt.tz_convert("UTC"))
    assert_same_result(orbit.run_strategy(bars, orbit.RunParams("NQ"), as_of=NQ_AS_OF), nq_expected)


def test_other_zone_is_converted(nq_bars, nq_expected):
    bars = nq_bars.assign(timestamp=nq_bars["timestamp"].dt.tz_convert("Asia/Tokyo"))
    assert_same_result(orbit.run_strategy(bars, orbit.RunParams("NQ"), as_of=NQ_AS_OF), nq_expected)


def test_naive_timestamps_with_input_tz(nq_expected):
    bars = pd.read_csv(need(NQ_CSV), parse_dates=["timestamp"])  # naive Eastern wall clock
    bars["instrument"] = "NQ"
    assert bars["timestamp"].dt.tz is None
    result = orbit.run_strategy(bars, orbit.RunParams("NQ"), as_of=NQ_AS_OF, input_tz="America/New_York")
    assert_same_result(result, nq_expected)


def test_naive_timestamps_default_to_chicago(nq_bars, nq_expected):
    bars = nq_bars.assign(timestamp=nq_bars["timestamp"].dt.tz_localize(None))
    assert_same_result(orbit.run_strategy(bars, orbit.RunParams("NQ"), as_of=NQ_AS_OF), nq_expected)


def test_microsecond_timestamps(nq_bars, nq_expected):
    bars = nq_bars.assign(timestamp=nq_bars["timestamp"].astype("datetime64[us, America/Chicago]"))
    assert_same_result(orbit.run_strategy(bars, orbit.RunParams("NQ"), as_of=NQ_AS_OF), nq_expected)


def test_pyarrow_table_in_and_out(nq_bars, nq_expected):
    table = pa.Table.from_pandas(nq_bars, preserve_index=False)
    out = orbit.run(table, orbit.RunParams("NQ"), as_of=NQ_AS_OF)
    assert isinstance(out, pa.Table)
    assert out.schema.field("Date").type == pa.string()
    assert out.schema.field("Target").type == pa.int64()
    assert_same_result(out.to_pandas(), nq_expected)
    assert_same_result(orbit.run_strategy(table, orbit.RunParams("NQ"), as_of=NQ_AS_OF), nq_expected)


def test_chunked_table_and_c_stream_object(nq_bars, nq_expected):
    table = pa.Table.from_pandas(nq_bars, preserve_index=False)
    chunked = pa.Table.from_batches(table.to_batches(max_chunksize=1000))
    assert chunked.column("open").num_chunks > 10
    assert_same_result(orbit.run_strategy(chunked, orbit.RunParams("NQ"), as_of=NQ_AS_OF), nq_expected)

    class OnlyCStream:  # any producer of the Arrow PyCapsule stream protocol
        def __arrow_c_stream__(self, requested_schema=None):
            return chunked.__arrow_c_stream__(requested_schema)

    assert_same_result(orbit.run_strategy(OnlyCStream(), orbit.RunParams("NQ"), as_of=NQ_AS_OF), nq_expected)
    reader = pa.RecordBatchReader.from_batches(chunked.schema, chunked.to_batches())
    assert_same_result(orbit.run_strategy(reader, orbit.RunParams("NQ"), as_of=NQ_AS_OF), nq_expected)


def test_extra_columns_and_index(nq_bars, nq_expected):
    bars = nq_bars.copy()
    bars.index = pd.RangeIndex(1000, 1000 + len(bars)) * 3
    bars.index.name = "row_id"
    bars["Unnamed: 0"] = np.arange(len(bars))
    bars["note"] = "x"
    assert_same_result(orbit.run_strategy(bars, orbit.RunParams("NQ"), as_of=NQ_AS_OF), nq_expected)
    # The timestamp as the index, and a stray 'index' column from reset_index().
    indexed = nq_bars.set_index("timestamp")
    assert_same_result(orbit.run_strategy(indexed, orbit.RunParams("NQ"), as_of=NQ_AS_OF), nq_expected)
    assert_same_result(orbit.run_strategy(nq_bars.reset_index(), orbit.RunParams("NQ"), as_of=NQ_AS_OF),
                       nq_expected)


def test_multiple_instruments_in_one_frame(nq_bars, nq_expected):
    es = nq_bars.assign(instrument="ES")
    both = pd.concat([nq_bars, es]).sort_values("timestamp", kind="stable").reset_index(drop=True)
    assert_same_result(orbit.run_strategy(both, orbit.RunParams("NQ"), as_of=NQ_AS_OF), nq_expected)
    es_result = orbit.run_strategy(both, orbit.RunParams("ES"), as_of=NQ_AS_OF)
    assert len(es_result) == 77
    assert set(es_result["Instrument"]) == {"ES"}
    assert set(es_result["Stream"]) == {"ES1", "ES2"}
    # An instrument without rows: the reference's empty 16-column table, and a warning.
    with pytest.warns(orbit.OrbitWarning, match="no rows for instrument YM"):
        empty = orbit.run_strategy(both, orbit.RunParams("YM"), as_of=NQ_AS_OF)
    assert len(empty) == 0
    assert list(empty.columns) == [c for c in nq_expected.columns if c != "open_as_of_time"]


def test_params_as_object_and_threads(nq_bars, nq_expected):
    rp = types.SimpleNamespace(instrument="NQ", enabled_sessions=["S1", "S2"], enabled_slots={},
                               trade_days=[0, 1, 2, 3, 4], write_no_trade_rows=True, target_mode="fixed")
    for threads in (1, 2, 7):
        assert_same_result(orbit.run_strategy(nq_bars, rp, as_of=NQ_AS_OF, threads=threads), nq_expected)


def test_parameters_select_rows(nq_bars, nq_expected):
    rp = orbit.RunParams("NQ", enabled_sessions=["S2"], enabled_slots={"S2": ["09:30", "11:00"]},
                         trade_days=[0, 2], write_no_trade_rows=False)
    result = orbit.run_strategy(nq_bars, rp, as_of=NQ_AS_OF)
    weekday = pd.to_datetime(nq_expected["Date"]).dt.weekday
    want = nq_expected[nq_expected["Time"].isin(["09:30", "11:00"]) & weekday.isin([0, 2])
                       & (nq_expected["Result"] != "NoTrade")]
    assert len(result) > 0
    assert_same_result(result.astype({"Profit": "float64"}), want)


def test_fixes_change_the_ki01_row(nq_bars):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        compat = orbit.run_strategy(nq_bars, orbit.RunParams("NQ"), as_of=NQ_AS_OF)
        fixed = orbit.run_strategy(nq_bars, orbit.RunParams("NQ"), as_of=NQ_AS_OF, fixes=["KI-01", "KI-02"])
    key = (compat["Date"] == "2023-11-23") & (compat["Time"] == "07:30")
    assert compat.loc[key, "ExitTime"].item() == "23/11/23 13:31"
    assert fixed.loc[key, "ExitTime"].item() != "23/11/23 13:31"
    assert orbit.run_strategy(nq_bars, orbit.RunParams("NQ"), as_of=NQ_AS_OF, fixes="all").shape[1] == 17


def test_instrument_column_encodings(nq_bars, nq_expected):
    for dtype in ("category", "string[pyarrow]", "string[python]"):
        bars = nq_bars.astype({"instrument": dtype})
        assert_same_result(orbit.run_strategy(bars, orbit.RunParams("NQ"), as_of=NQ_AS_OF), nq_expected)
    prices = {c: "float32" for c in ("open", "high", "low", "close")}
    # float32 prices are widened exactly; NQ's quarter points survive the round trip.
    assert_same_result(orbit.run_strategy(nq_bars.astype(prices), orbit.RunParams("NQ"), as_of=NQ_AS_OF),
                       nq_expected)
