"""Bars from and results to S3 (a moto server on loopback): same bytes as local
files; missing bucket, missing key, wrong credentials and a truncated object
are clear I/O errors (exit 3) that leave no output."""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

import orbit
import orbit.dask

from conftest import AS_OF, INSTRUMENTS, orbit_binary
from test_dask_scan import assert_identical
from test_dask_sweep import GRID, assert_same_sweep


@pytest.fixture(scope="module")
def s3_bars(moto, hive_bars):
    s3 = moto.s3()
    s3.create_bucket(Bucket="bars")
    s3.create_bucket(Bucket="results")
    for path in sorted(hive_bars.rglob("*.parquet")):
        s3.upload_file(str(path), "bars", "hive/" + path.relative_to(hive_bars).as_posix())
    data = (hive_bars / "instrument=ES" / "bars.parquet").read_bytes()
    s3.put_object(Bucket="bars", Key="broken/instrument=ES/bars.parquet", Body=data[: len(data) // 2])
    return moto


def object_keys(moto, bucket: str, prefix: str) -> list[str]:
    """The objects under a prefix, without the empty "folder/" markers Arrow's
    S3 filesystem keeps when it deletes a folder's last key (the temporary)."""
    listed = moto.s3().list_objects_v2(Bucket=bucket, Prefix=prefix).get("Contents", [])
    return sorted(o["Key"] for o in listed if not (o["Key"].endswith("/") and o["Size"] == 0))


def run_cli(args, env):
    return subprocess.run([orbit_binary(), "run", *args, "--as-of", AS_OF, "--quiet"], env=env,
                          capture_output=True, text=True)


def test_cli_reads_s3_like_local_files(s3_bars, hive_bars, tmp_path):
    moto = s3_bars
    local = tmp_path / "local.csv"
    remote = tmp_path / "remote.csv"
    assert run_cli(["--bars", str(hive_bars), "--instrument", "ES,NQ,CL", "--out", str(local)],
                   moto.env()).returncode == 0
    done = run_cli(["--bars", moto.uri("bars/hive"), "--instrument", "ES,NQ,CL", "--out", str(remote),
                    "--start", "2023-01-01", "--end", "2024-12-31", "--fix", "KI-21"], moto.env())
    assert done.returncode == 0, done.stderr
    bounded = tmp_path / "bounded.csv"
    assert run_cli(["--bars", str(hive_bars), "--instrument", "ES,NQ,CL", "--out", str(bounded),
                    "--start", "2023-01-01", "--end", "2024-12-31", "--fix", "KI-21"], moto.env()).returncode == 0
    assert remote.read_bytes() == bounded.read_bytes()
    full = tmp_path / "full.csv"
    done = run_cli(["--bars", moto.uri("bars/hive/"), "--instrument", "ES,NQ,CL", "--out", str(full)], moto.env())
    assert done.returncode == 0, done.stderr
    assert full.read_bytes() == local.read_bytes()
    assert "endpoint_override" not in done.stderr


def test_cli_writes_results_to_s3(s3_bars, hive_bars, tmp_path):
    moto = s3_bars
    local = tmp_path / "es.parquet"
    assert run_cli(["--bars", str(hive_bars), "--instrument", "ES", "--out", str(local)], moto.env()).returncode == 0
    for name in ("es.parquet", "es.csv"):
        done = run_cli(["--bars", moto.uri("bars/hive/instrument=ES/bars.parquet"), "--instrument", "ES",
                        "--out", moto.uri(f"results/cli/{name}")], moto.env())
        assert done.returncode == 0, done.stderr
    keys = object_keys(moto, "results", "cli/")
    assert keys == ["cli/es.csv", "cli/es.parquet"]  # no temporary keys left
    csv_local = tmp_path / "es.csv"
    assert run_cli(["--bars", str(hive_bars), "--instrument", "ES", "--out", str(csv_local)],
                   moto.env()).returncode == 0
    body = moto.s3().get_object(Bucket="results", Key="cli/es.csv")["Body"].read()
    assert body == csv_local.read_bytes()


@pytest.mark.parametrize("case", ["missing-bucket", "missing-key", "wrong-credentials", "truncated-object"])
def test_cli_storage_errors_exit_3_without_output(s3_bars, tmp_path, case):
    moto = s3_bars
    bars = {
        "missing-bucket": moto.uri("no-such-bucket/hive"),
        "missing-key": moto.uri("bars/hive/instrument=ES/missing.parquet"),
        "wrong-credentials": moto.uri("bars/hive"),
        "truncated-object": moto.uri("bars/broken"),
    }[case]
    env = moto.env(secret="not-the-secret") if case == "wrong-credentials" else moto.env()
    out = tmp_path / "out.csv"
    done = run_cli(["--bars", bars, "--instrument", "ES", "--out", str(out)], env)
    assert done.returncode == 3, (done.returncode, done.stderr)
    assert not out.exists() and list(tmp_path.iterdir()) == []
    message = done.stderr
    assert message.startswith("orbit: error: "), message
    expected = {
        "missing-bucket": "no-such-bucket",
        "missing-key": "File not found: s3://bars/hive/instrument=ES/missing.parquet",
        "wrong-credentials": "s3://bars/hive",
        "truncated-object": "s3://bars/broken/instrument=ES/bars.parquet: Parquet magic bytes not found",
    }[case]
    assert expected in message, message
    assert moto.secret not in message and "not-the-secret" not in message
    # a failed write to S3 leaves no object either
    if case == "wrong-credentials":
        done = run_cli(["--bars", moto.uri("bars/hive"), "--instrument", "ES", "--out",
                        moto.uri("results/denied/out.csv")], env)
        assert done.returncode == 3
        assert object_keys(moto, "results", "denied/") == []


def test_credentials_in_the_uri_are_refused(s3_bars, tmp_path):
    moto = s3_bars
    done = run_cli(["--bars", moto.uri("bars/hive") + "&secret_key=TOPSECRET", "--instrument", "ES",
                    "--out", str(tmp_path / "x.csv")], moto.env())
    assert done.returncode == 1 and "TOPSECRET" not in done.stderr and "AWS_ACCESS_KEY_ID" in done.stderr


@pytest.fixture()
def workers_with_credentials(cluster, s3_bars, monkeypatch):
    _, client = cluster
    env = {k: v for k, v in s3_bars.env().items() if k.startswith("AWS_")}
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    client.run(lambda: os.environ.update(env))
    return client


def test_dask_scan_from_s3_equals_local(workers_with_credentials, s3_bars, hive_bars):
    client = workers_with_credentials
    expected = orbit.scan(str(hive_bars), INSTRUMENTS, as_of=AS_OF, as_arrow=True)
    assert_identical(orbit.scan(s3_bars.uri("bars/hive"), INSTRUMENTS, as_of=AS_OF, as_arrow=True), expected)
    actual = orbit.dask.scan(s3_bars.uri("bars/hive"), instruments=INSTRUMENTS, client=client, partition="quarter",
                             as_of=AS_OF)
    assert_identical(actual, expected)


def test_dask_scan_writes_a_dataset_to_s3(workers_with_credentials, s3_bars, hive_bars):
    client = workers_with_credentials
    summary = orbit.dask.scan(s3_bars.uri("bars/hive"), instruments=INSTRUMENTS, client=client, partition="year",
                              as_of=AS_OF, out=s3_bars.uri("results/ds/"))
    assert summary["path"] == "s3://results/ds/"
    keys = object_keys(s3_bars, "results", "ds/")
    assert keys == [f"ds/instrument={s}/part-{y}-01-01_{y}-12-31.parquet" for s in INSTRUMENTS
                    for y in (2022, 2023, 2024)]
    expected = orbit.scan(str(hive_bars), INSTRUMENTS, as_of=AS_OF, as_arrow=True)
    assert sum(summary["rows"].values()) == expected.num_rows


def test_dask_sweep_from_s3_equals_local(workers_with_credentials, s3_bars, hive_bars):
    client = workers_with_credentials
    expected = orbit.sweep(str(hive_bars), instrument="ES,NQ", trades=True, as_of=AS_OF, **GRID)
    actual = orbit.dask.sweep(s3_bars.uri("bars/hive"), instruments="NQ,ES", client=client, block=4, trades=True,
                              as_of=AS_OF, **GRID)
    assert_same_sweep(actual, expected)


def test_dask_sweep_writes_a_dataset_to_s3(workers_with_credentials, s3_bars, hive_bars):
    client = workers_with_credentials
    summary = orbit.dask.sweep(s3_bars.uri("bars/hive"), instruments="all", client=client, block=6, as_of=AS_OF,
                               out=s3_bars.uri("results/sweep/"), **GRID)
    assert summary["path"] == "s3://results/sweep/" and summary["combinations"] == 12
    assert object_keys(s3_bars, "results", "sweep/") == [f"sweep/instrument={s}/part-{a}_{b}.parquet"
                                                         for s in INSTRUMENTS for a, b in (("00", "05"), ("06", "11"))]
    expected = orbit.sweep(str(hive_bars), instrument="all", as_of=AS_OF, **GRID)
    assert sum(summary["rows"].values()) == expected.num_rows


def test_python_scan_storage_errors(s3_bars, monkeypatch):
    for k, v in s3_bars.env().items():
        if k.startswith("AWS_"):
            monkeypatch.setenv(k, v)
    with pytest.raises(OSError, match="File not found"):
        orbit.scan(s3_bars.uri("bars/hive/instrument=ES/missing.parquet"), "ES", as_of=AS_OF)
    with pytest.raises(OSError, match="s3://bars/broken/instrument=ES/bars.parquet: Parquet magic bytes not found"):
        orbit.scan(s3_bars.uri("bars/broken"), "ES", as_of=AS_OF)
    with pytest.raises(OSError, match="s3://bars/broken/instrument=ES/bars.parquet: .*magic bytes"):
        orbit.dask.scan(s3_bars.uri("bars/broken"), instruments="ES", client=object())
    with pytest.raises(OSError, match="s3://no-such-bucket/hive"):
        orbit.dask.scan(s3_bars.uri("no-such-bucket/hive"), instruments="ES", client=object())


def test_cli_reads_csv_objects_like_local_csv(s3_bars, tmp_path):
    moto = s3_bars
    csv = tmp_path / "es.csv"
    subprocess.run([orbit_binary(), "gen", "--instrument", "ES", "--start", "2024-10-01", "--end", "2024-11-30",
                    "--out", str(csv)], check=True, capture_output=True)
    moto.s3().upload_file(str(csv), "bars", "csv/es.csv")
    local, remote = tmp_path / "local.csv", tmp_path / "remote.csv"
    assert run_cli(["--bars", str(csv), "--instrument", "ES", "--out", str(local)], moto.env()).returncode == 0
    done = run_cli(["--bars", moto.uri("bars/csv"), "--instrument", "ES", "--out", str(remote)], moto.env())
    assert done.returncode == 0, done.stderr
    assert remote.read_bytes() == local.read_bytes()
