"""A worker process killed in the middle of a scan or a sweep does not change the result."""
from __future__ import annotations

import os
import signal
import threading
import time
from typing import Any, Callable

import orbit
import orbit.dask

from conftest import AS_OF, INSTRUMENTS
from test_dask_scan import assert_identical
from test_dask_sweep import GRID, assert_same_sweep


def kill_a_worker_during(client, work: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """Runs `work` in a thread, SIGKILLs one worker process once tasks are
    running, and returns what `work` returned after the nanny replaced it."""
    client.wait_for_workers(2, timeout=60)
    pids_before = client.run(os.getpid)
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome.update(work())
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
    assert thread.is_alive(), "the work finished before a worker could be killed"
    os.kill(victim_pid, signal.SIGKILL)
    thread.join(timeout=600)
    assert not thread.is_alive() and "error" not in outcome, outcome.get("error")
    client.wait_for_workers(2, timeout=60)
    assert victim_pid not in client.run(os.getpid).values()  # the nanny started a new worker
    return outcome


def part_files(folder) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def test_killing_a_worker_mid_scan_keeps_the_result(cluster, hive_bars, tmp_path):
    _, client = cluster
    expected = orbit.scan(str(hive_bars), INSTRUMENTS, as_of=AS_OF, as_arrow=True)
    outcome = kill_a_worker_during(client, lambda: {
        "table": orbit.dask.scan(str(hive_bars), instruments=INSTRUMENTS, client=client, partition="month",
                                 as_of=AS_OF),
        "parts": orbit.dask.scan(str(hive_bars), instruments=INSTRUMENTS, client=client, partition="month",
                                 as_of=AS_OF, out=str(tmp_path / "ds"))})
    assert_identical(outcome["table"], expected)
    files = part_files(tmp_path / "ds")
    assert len(files) == 3 * 36 and all(f.split("/")[1].startswith("part-") for f in files), files


def test_killing_a_worker_mid_sweep_keeps_the_result(cluster, hive_bars, tmp_path):
    _, client = cluster
    expected = orbit.sweep(str(hive_bars), instrument=",".join(INSTRUMENTS), as_of=AS_OF, **GRID)
    outcome = kill_a_worker_during(client, lambda: {
        "table": orbit.dask.sweep(str(hive_bars), instruments=INSTRUMENTS, client=client, block=2, as_of=AS_OF,
                                  **GRID),
        "parts": orbit.dask.sweep(str(hive_bars), instruments=INSTRUMENTS, client=client, block=2, as_of=AS_OF,
                                  out=str(tmp_path / "sweep"), **GRID)})
    assert_same_sweep(outcome["table"], expected)
    assert part_files(tmp_path / "sweep") == [f"instrument={s}/part-{2 * i:02d}_{2 * i + 1:02d}.parquet"
                                              for s in INSTRUMENTS for i in range(6)]
    assert outcome["parts"]["tasks"] == 18 and len(outcome["parts"]["parts"]) == 18
