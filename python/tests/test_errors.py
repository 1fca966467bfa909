"""Errors raise Python exceptions with the CLI's messages:
UsageError / BadInputError (ValueError subclasses), OSError for unreadable files."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import orbit


def _bars(n: int = 6) -> pd.DataFrame:
    stamps = pd.date_range("2025-01-07 02:00", periods=n, freq="min", tz="America/Chicago")
    price = 5000.0 + np.arange(n)
    return pd.DataFrame({"timestamp": stamps, "open": price, "high": price + 1, "low": price - 1, "close": price,
                         "instrument": "ES"})


def test_exception_hierarchy():
    assert issubclass(orbit.UsageError, ValueError)
    assert issubclass(orbit.BadInputError, ValueError)


def test_missing_columns():
    with pytest.raises(orbit.BadInputError, match=r"DataFrame: missing required columns: \['high', 'close'\]"):
        orbit.run_strategy(_bars().drop(columns=["high", "close"]), orbit.RunParams("ES"))
    with pytest.raises(ValueError, match=r"missing required columns: \['instrument'\]"):
        orbit.run_strategy(_bars().drop(columns=["instrument"]), orbit.RunParams("ES"))


def test_wrong_dtypes():
    bars = _bars()
    with pytest.raises(orbit.BadInputError, match=r"column 'timestamp'.*must be a datetime column \(type string\)"):
        orbit.run_strategy(bars.assign(timestamp=bars["timestamp"].astype(str)), orbit.RunParams("ES"))
    with pytest.raises(orbit.BadInputError, match=r"column 'open'.*is not numeric \(type string\)"):
        orbit.run_strategy(bars.assign(open=bars["open"].astype(str)), orbit.RunParams("ES"))
    with pytest.raises(orbit.BadInputError, match=r"column 'instrument'.*is not a string column"):
        orbit.run_strategy(bars.assign(instrument=7), orbit.RunParams("ES"))
    with pytest.raises(orbit.BadInputError, match=r"DataFrame: cannot be converted to Arrow"):
        orbit.run_strategy(bars.assign(open=[1.0, "x", 2.0, 3.0, 4.0, 5.0]), orbit.RunParams("ES"))


def test_integer_prices_are_accepted():
    bars = _bars().astype({"open": "int64", "high": "int64", "low": "int64", "close": "int64"})
    assert list(orbit.run_strategy(bars, orbit.RunParams("ES"), as_of="2026-01-01").columns)[0] == "Date"


def test_row_validation_names_row_column_value():
    bars = _bars()
    bars.loc[2, "high"] = bars.loc[2, "low"] - 1
    with pytest.raises(orbit.BadInputError,
                       match=r"DataFrame: row 3, column 'high', value open=5002.0 high=5000.0 low=5001.0 "
                             r"close=5002.0: violates low <= open, close <= high"):
        orbit.run_strategy(bars, orbit.RunParams("ES"))
    bars = _bars()
    bars.loc[4, "close"] = np.nan
    with pytest.raises(orbit.BadInputError, match=r"row 5, column 'close', value nan: is not a finite price.*KI-39"):
        orbit.run_strategy(bars, orbit.RunParams("ES"))
    # ... unless NaN is accepted as the reference does.
    orbit.run_strategy(bars, orbit.RunParams("ES"), nan_prices="accept", as_of="2026-01-01")
    bars = _bars()
    bars.loc[1, "instrument"] = "XYZ"
    with pytest.raises(orbit.BadInputError, match=r"row 2, column 'instrument', value 'XYZ': unknown instrument"):
        orbit.run_strategy(bars, orbit.RunParams("ES"))
    with pytest.raises(orbit.BadInputError, match="DataFrame is empty"):
        orbit.run_strategy(_bars().iloc[:0], orbit.RunParams("ES"))


def test_unknown_instrument_params():
    with pytest.raises(orbit.UsageError, match=r"Parameter validation failed:\n  - unknown instrument 'XX'"):
        orbit.RunParams("XX")
    with pytest.raises(ValueError, match="unknown instrument 'es'"):
        orbit.RunParams("es")  # the model is case-sensitive (§2.1)
    with pytest.raises(ValueError, match="MINUTEDATAEXPORT is rejected.*KI-19"):
        orbit.RunParams("MINUTEDATAEXPORT")
    with pytest.raises(ValueError, match="unknown instrument 'XX'"):
        orbit.run_strategy(_bars(), {"instrument": "XX"})


def test_bad_sessions_slots_days_mode():
    with pytest.raises(orbit.UsageError, match="unknown session 'S3'"):
        orbit.RunParams("ES", enabled_sessions=["S1", "S3"])
    with pytest.raises(orbit.UsageError, match="--sessions: empty value"):
        orbit.RunParams("ES", enabled_sessions=[])
    with pytest.raises(TypeError, match="enabled_sessions must be a list of strings"):
        orbit.RunParams("ES", enabled_sessions="S1")
    with pytest.raises(TypeError, match=r"enabled_slots\['S1'\] must be a list of strings"):
        orbit.RunParams("ES", enabled_slots={"S1": "07:30"})
    with pytest.raises(TypeError, match="enabled_slots must be a mapping"):
        orbit.RunParams("ES", enabled_slots=["07:30"])
    with pytest.raises(orbit.UsageError, match=r"trade day 5 is not in 0..4"):
        orbit.RunParams("ES", trade_days=[0, 5])
    with pytest.raises(TypeError, match="trade_days must be a list of integers"):
        orbit.RunParams("ES", trade_days=[0.5])
    with pytest.raises(orbit.UsageError, match="--target-mode: 'fast' is not one of fixed, time"):
        orbit.RunParams("ES", target_mode="fast")
    with pytest.raises(TypeError, match="unknown run parameter"):
        orbit.run_strategy(_bars(), {"instrument": "ES", "sessions": ["S1"]})


def test_unknown_slot_labels_compat_and_strict():
    # Compat (KI-24): a list of unknown labels selects no slots of that session.
    rp = orbit.RunParams("ES", enabled_sessions=["S1"], enabled_slots={"S1": ["7:30"]})
    result = orbit.run_strategy(_bars(), rp, as_of="2026-01-01")
    assert len(result) == 0
    with pytest.raises(orbit.UsageError, match="slot '7:30' is not a slot of S1"):
        orbit.run_strategy(_bars(), rp, fixes=["KI-24"])


def test_bad_options():
    with pytest.raises(orbit.UsageError, match="unknown time zone 'Mars/Base'"):
        orbit.run_strategy(_bars(), orbit.RunParams("ES"), input_tz="Mars/Base")
    with pytest.raises(orbit.UsageError, match="--as-of: 'yesterday' is not an ISO-8601 instant"):
        orbit.run_strategy(_bars(), orbit.RunParams("ES"), as_of="yesterday")
    with pytest.raises(orbit.UsageError, match="KI-99"):
        orbit.run_strategy(_bars(), orbit.RunParams("ES"), fixes=["KI-99"])
    with pytest.raises(orbit.UsageError, match="--duplicates: 'drop' is not one of"):
        orbit.run_strategy(_bars(), orbit.RunParams("ES"), duplicates="drop")
    with pytest.raises(orbit.UsageError, match="threads"):
        orbit.run_strategy(_bars(), orbit.RunParams("ES"), threads=-1)
    with pytest.raises(TypeError, match="expected a pandas DataFrame"):
        orbit.run_strategy([1, 2, 3], orbit.RunParams("ES"))
    with pytest.raises(TypeError, match="expected RunParams"):
        orbit.run_strategy(_bars(), 42)


def test_duplicates_policy_and_warning():
    bars = pd.concat([_bars(), _bars().iloc[[3]]], ignore_index=True)
    with pytest.warns(orbit.OrbitWarning, match="share a timestamp"):
        orbit.run_strategy(bars, orbit.RunParams("ES"), as_of="2026-01-01")
    with pytest.raises(orbit.BadInputError, match="1 duplicate timestamps"):
        orbit.run_strategy(bars, orbit.RunParams("ES"), duplicates="error")


def test_io_errors_are_oserror(tmp_path):
    with pytest.raises(OSError):
        orbit.scan(tmp_path / "nope", instrument="ES")


def test_run_params_value_semantics():
    rp = orbit.RunParams("ES", enabled_slots={"S1": ["07:30"]})
    assert rp == orbit.RunParams.coerce(rp.to_dict())
    assert rp.replace(instrument="NQ").instrument == "NQ"
    with pytest.raises(AttributeError):
        rp.instrument = "NQ"
    assert "RunParams(instrument='ES'" in repr(rp)
