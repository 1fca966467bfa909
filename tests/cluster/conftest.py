"""Fixtures of the cluster and object-storage tests (issue 15).

Everything runs on loopback: a distributed.LocalCluster of worker processes on
127.0.0.1 and, for S3, a moto server started as a subprocess on a free port
and stopped by its pid. Missing dependencies are errors (the tests fail), not
skips: scripts/setup.sh installs requirements-cluster.txt.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

import distributed  # noqa: F401  (fails the run when the extra is missing)
import orbit

ROOT = Path(__file__).resolve().parents[2]
AS_OF = "2025-06-01T00:00:00Z"
INSTRUMENTS = ["CL", "ES", "NQ"]


def orbit_binary() -> str:
    binary = os.environ.get("ORBIT_BINARY") or str(ROOT / "build" / "bin" / "orbit")
    assert os.access(binary, os.X_OK), f"the orbit CLI is not built: {binary}"
    return binary


@pytest.fixture(scope="session")
def hive_bars(tmp_path_factory) -> Path:
    """3 instruments x 3 years of `orbit gen` bars as a hive folder
    (instrument=XX/bars.parquet, one row group per ~month)."""
    root = tmp_path_factory.mktemp("bars") / "hive"
    for seed, symbol in enumerate(INSTRUMENTS, start=3):
        folder = root / f"instrument={symbol}"
        folder.mkdir(parents=True)
        subprocess.run([orbit_binary(), "gen", "--instrument", symbol, "--start", "2022-01-01", "--end",
                        "2024-12-31", "--seed", str(seed), "--out", str(folder / "bars.parquet")],
                       check=True, capture_output=True)
    return root


@pytest.fixture(scope="session")
def cluster():
    """Two single-threaded worker processes on 127.0.0.1."""
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as lc, distributed.Client(lc) as client:
        yield lc, client


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class MotoServer:
    """A moto S3 server subprocess on 127.0.0.1 with IAM authentication on:
    the first three requests (unauthenticated) create a user with an S3 policy
    and an access key; every later request must be signed with that key."""

    def __init__(self) -> None:
        self.port = free_port()
        env = dict(os.environ, INITIAL_NO_AUTH_ACTION_COUNT="3")
        self.proc = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.port)],
                                     env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                break
            except OSError:
                assert self.proc.poll() is None, "moto server exited"
                assert time.time() < deadline, "moto server did not start"
                time.sleep(0.2)
        import boto3

        iam = boto3.client("iam", endpoint_url=self.endpoint_url, region_name="us-east-1",
                           aws_access_key_id="bootstrap", aws_secret_access_key="bootstrap")
        iam.create_user(UserName="orbit")
        iam.put_user_policy(UserName="orbit", PolicyName="s3", PolicyDocument=(
            '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}'))
        key = iam.create_access_key(UserName="orbit")["AccessKey"]
        self.key_id, self.secret = key["AccessKeyId"], key["SecretAccessKey"]

    @property
    def endpoint_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def uri(self, path: str) -> str:
        return f"s3://{path}?endpoint_override=127.0.0.1:{self.port}&scheme=http&region=us-east-1"

    def env(self, *, secret: str | None = None) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        env.update(AWS_ACCESS_KEY_ID=self.key_id, AWS_SECRET_ACCESS_KEY=secret or self.secret,
                   AWS_DEFAULT_REGION="us-east-1", AWS_EC2_METADATA_DISABLED="true")
        return env

    def s3(self):
        import boto3

        return boto3.client("s3", endpoint_url=self.endpoint_url, region_name="us-east-1",
                            aws_access_key_id=self.key_id, aws_secret_access_key=self.secret)

    def stop(self) -> None:
        os.kill(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.kill(self.proc.pid, signal.SIGKILL)
            self.proc.wait()


@pytest.fixture(scope="session")
def moto():
    server = MotoServer()
    try:
        yield server
    finally:
        server.stop()
