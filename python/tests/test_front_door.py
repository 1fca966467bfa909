"""The one front door: Python goes through the same option parser and run rules as the CLI."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time

import pandas as pd
import pytest

import orbit

from conftest import read_result_csv


def _cli(orbit_binary, *args):
    return subprocess.run([orbit_binary, *args], capture_output=True, text=True)


def test_out_of_range_dates_are_usage_errors_in_both_front_ends(es_year_parquet, orbit_binary, tmp_path):
    # Was: Python overflowed and reported "no rows for instrument", the CLI a usage error.
    with pytest.raises(orbit.UsageError, match=r"--start: '1500-01-01' is outside the supported years 1678..2261"):
        orbit.scan(es_year_parquet, "ES", start="1500-01-01", end="2300-01-01")
    cli = _cli(orbit_binary, "run", "--bars", str(es_year_parquet), "--instrument", "ES", "--start", "1500-01-01",
               "--end", "2300-01-01", "--out", str(tmp_path / "x.csv"))
    assert cli.returncode == 1
    assert "'1500-01-01' is outside the supported years 1678..2261" in cli.stderr
    assert not (tmp_path / "x.csv").exists()


def test_start_after_end_names_both_dates(es_year_parquet):
    with pytest.raises(orbit.UsageError, match="--start 2024-03-01 is after --end 2024-01-01"):
        orbit.scan(es_year_parquet, "ES", start="2024-03-01", end="2024-01-01")


def test_repeated_instrument_is_analysed_once(es_year_parquet):
    with pytest.warns(orbit.OrbitWarning, match="ES is listed more than once"):
        twice = orbit.scan(es_year_parquet, ["ES", "ES"], as_of="2025-06-01")
    once = orbit.scan(es_year_parquet, "ES", as_of="2025-06-01")
    assert len(twice) == len(once) == 1813


@pytest.mark.parametrize("kwargs, match", [
    ({"threads": 2 ** 40}, r"--threads: '1099511627776' is out of range"),
    ({"memory_limit": 2 ** 70}, r"--memory-limit: '1180591620717411303424' is not a positive finite size"),
    ({"memory_limit": "inf"}, r"--memory-limit: 'inf' is not a positive finite size"),
    ({"as_of": "9999-01-01"}, r"--as-of: '9999-01-01' is outside the supported years"),
    ({"trade_days": []}, r"--trade-days: empty value"),
    ({"sessions": ""}, r"--sessions: empty value"),
])
def test_bad_values_are_usage_errors(es_year_parquet, kwargs, match):
    with pytest.raises(orbit.UsageError, match=match):
        orbit.scan(es_year_parquet, "ES", **kwargs)


@pytest.mark.parametrize("kwargs, match", [
    ({"threads": "2"}, "threads: expected an integer"),
    ({"threads": 2.0}, "threads: expected an integer"),
    ({"no_trade_rows": "yes please"}, None),
    ({"profit_target": 20.0}, "unexpected keyword argument 'profit_target'"),
    ({"bogus": 1}, "unexpected keyword argument 'bogus'"),
])
def test_wrong_types_and_unknown_keywords(es_year_parquet, kwargs, match):
    if match is None:  # a string for a switch is passed on and checked by the parser
        with pytest.raises(orbit.UsageError, match="--no-trade-rows"):
            orbit.scan(es_year_parquet, "ES", **kwargs)
        return
    with pytest.raises(TypeError, match=match):
        orbit.scan(es_year_parquet, "ES", **kwargs)


def test_numpy_scalars_are_numbers(es_year_parquet):
    # Values taken from a DataFrame are numpy scalars (repr 'np.float64(7.5)' under numpy 2).
    import numpy as np

    want = orbit.scan(es_year_parquet, "ES", as_of="2025-06-01", target=7.5, be_offset=0, commission=2.5)
    got = orbit.scan(es_year_parquet, "ES", as_of="2025-06-01", target=np.float64(7.5), be_offset=np.int64(0),
                     commission=np.float32(2.5))
    pd.testing.assert_frame_equal(got, want)
    with pytest.raises(TypeError, match="be_offset"):
        orbit.scan(es_year_parquet, "ES", be_offset=np.bool_(True))


def test_run_params_reject_unused_fields():
    with pytest.raises(TypeError):
        orbit.RunParams("ES", target=20.0)
    with pytest.raises(TypeError):
        orbit.RunParams("ES", same_bar_priority="STOP_FIRST")


def test_nul_in_a_path_is_an_error_not_a_cut_path(tmp_path):
    with pytest.raises(ValueError, match="NUL"):
        orbit.scan(str(tmp_path / "a.csv") + "\0/etc/passwd", "ES")


def test_symlink_loop_is_an_os_error(tmp_path):
    folder = tmp_path / "bars"
    folder.mkdir()
    os.symlink(folder / "loop", folder / "loop")
    with pytest.raises(OSError, match="loop"):
        orbit.scan(folder, "ES")


def test_error_hierarchy_and_api_surface():
    assert issubclass(orbit.UsageError, orbit.OrbitError) and issubclass(orbit.UsageError, ValueError)
    assert issubclass(orbit.BadInputError, orbit.OrbitError) and issubclass(orbit.BadInputError, ValueError)
    assert orbit.__version__ == orbit._core.__version__
    assert set(dir(orbit)) == set(orbit.__all__)
    assert "trade_days" in orbit.options() and "memory_limit" in orbit.options()


def test_python_dash_m_orbit_is_the_cli(es_year_parquet, orbit_binary, tmp_path):
    version = subprocess.run([sys.executable, "-m", "orbit", "--version"], capture_output=True, text=True)
    assert version.returncode == 0 and version.stdout.strip() == f"orbit {orbit.__version__}"
    out_py, out_cli = tmp_path / "py.csv", tmp_path / "cli.csv"
    args = ["run", "--bars", str(es_year_parquet), "--instrument", "ES", "--as-of", "2025-06-01", "--quiet"]
    assert subprocess.run([sys.executable, "-m", "orbit", *args, "--out", str(out_py)]).returncode == 0
    assert subprocess.run([orbit_binary, *args, "--out", str(out_cli)]).returncode == 0
    assert out_py.read_bytes() == out_cli.read_bytes()
    bad = subprocess.run([sys.executable, "-m", "orbit", *args, "--out", str(tmp_path / "x.txt")],
                         capture_output=True, text=True)
    assert bad.returncode == 1 and "has no result file extension" in bad.stderr


def _thread_count() -> int:
    return len(os.listdir("/proc/self/task"))


def test_ctrl_c_stops_a_run_quickly(es_year_parquet):
    """KeyboardInterrupt within 0.5 s of SIGINT, no engine thread left, nothing returned."""
    bars = pd.read_parquet(es_year_parquet)
    before = _thread_count()
    slow = lambda label, done, total: time.sleep(0.05)  # noqa: E731 - keeps the run going for seconds
    sent = {}

    def interrupt():
        sent["t"] = time.perf_counter()
        os.kill(os.getpid(), signal.SIGINT)

    timer = threading.Timer(0.3, interrupt)
    timer.start()
    with pytest.raises(KeyboardInterrupt):
        for _ in range(200):  # each run takes ~0.1 s of engine time plus the slow progress callback
            orbit.run_strategy(bars, orbit.RunParams("ES"), as_of="2025-06-01", threads=1, progress=slow)
    stopped = time.perf_counter() - sent["t"]
    timer.join()
    assert stopped < 0.5, f"took {stopped:.3f} s to stop"
    time.sleep(0.05)
    assert _thread_count() <= before


def test_numbers_for_numeric_text_options(es_year_parquet):
    as_number = orbit.scan(es_year_parquet, "ES", as_of="2025-06-01", target=12.5, stop_cap=2)
    as_text = orbit.scan(es_year_parquet, "ES", as_of="2025-06-01", target="12.5", stop_cap="2")
    pd.testing.assert_frame_equal(as_number, as_text)
    with pytest.raises(TypeError, match="target: expected a string"):
        orbit.scan(es_year_parquet, "ES", target=True)
