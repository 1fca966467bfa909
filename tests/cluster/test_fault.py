"""A worker process killed in the middle of a scan does not change the result."""
from __future__ import annotations

import os
import signal
import threading
import time

import orbit
import orbit.dask

from conftest import AS_OF, INSTRUMENTS
from test_dask_scan import assert_identical


def test_killing_a_worker_mid_scan_keeps_the_result(cluster, hive_bars, tmp_path):
    _, client = cluster
    expected = orbit.scan(str(hive_bars), INSTRUMENTS, as_of=AS_OF, as_arrow=True)
    client.wait_for_workers(2, timeout=60)
    pids_before = client.run(os.getpid)
    outcome = {}

    def run() -> None:
        try:
            outcome["table"] = orbit.dask.scan(str(hive_bars), instruments=INSTRUMENTS, client=client,
                                               partition="month", as_of=AS_OF)
            outcome["parts"] = orbit.dask.scan(str(hive_bars), instruments=INSTRUMENTS, client=client,
                                               partition="month", as_of=AS_OF, out=str(tmp_path / "ds"))
        except BaseException as exc:  # reported below
            outcome["error"] = exc

    thread = threading.Thread(target=run)
    thread.start()
    deadline = time.time() + 120
    while not any(client.processing().values()):  # tasks are running on the workers
        assert time.time() < deadline and thread.is_alive(), outcome
        time.sleep(0.02)
    time.sleep(0.3)
    victim_address, victim_pid = sorted(pids_before.items())[0]
    assert thread.is_alive(), "the scan finished before a worker could be killed"
    os.kill(victim_pid, signal.SIGKILL)
    thread.join(timeout=600)
    assert not thread.is_alive() and "error" not in outcome, outcome.get("error")
    assert_identical(outcome["table"], expected)
    client.wait_for_workers(2, timeout=60)
    assert victim_pid not in client.run(os.getpid).values()  # the nanny started a new worker
    files = sorted(p.relative_to(tmp_path / "ds").as_posix() for p in (tmp_path / "ds").rglob("*") if p.is_file())
    assert len(files) == 3 * 36 and all(f.split("/")[1].startswith("part-") for f in files), files
