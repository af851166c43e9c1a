"""Liveness and readiness: ``/healthz`` touches nothing; ``/healthz/ready`` checks the
database, Redis (when configured) and the media storage, each for real, and names what
failed: 503 when a required part is down, 200 "degraded" when only Redis is."""

import shutil
import subprocess
import time

import pytest
import redis

from tests.core.private_postgres import free_port
from tests.media.storage import storage

__all__ = ["storage"]  # fixture


def test_liveness_touches_no_dependency(client, count_queries):
    with count_queries() as queries:
        response = client.get("/healthz")
    assert response.status_code == 200 and response.json == {"status": "ok"}
    assert queries == []
    assert response.headers["Cache-Control"] == "no-store"


def test_ready_when_everything_answers(app, client, tmp_path):
    response = client.get("/healthz/ready")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    body = response.json
    assert body["status"] == "ok" and body["failed"] == []
    assert body["checks"]["database"]["status"] == "ok"
    assert body["checks"]["media"]["status"] == "ok"
    assert body["checks"]["redis"]["status"] == "not configured"
    media = tmp_path / "media"
    assert media.is_dir() and list(media.iterdir()) == []  # its test file is gone


@pytest.mark.parametrize("how", ["full", "read-only"])
def test_media_storage_that_cannot_be_written_is_not_ready(make_app, storage, how):
    app = make_app(MEDIA_DIR=str(storage.path))
    client = app.test_client()
    assert client.get("/healthz/ready").status_code == 200
    storage.fill() if how == "full" else storage.make_read_only()
    response = client.get("/healthz/ready")
    assert response.status_code == 503
    assert response.json["status"] == "unavailable" and response.json["failed"] == ["media"]
    assert response.json["checks"]["media"]["error"] == "OSError"
    assert client.get("/healthz").status_code == 200


@pytest.fixture
def private_redis(tmp_path):
    """A Redis server of this test's own on a free port: (start, stop, port)."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed")
    port = free_port()
    procs = []

    def start():
        proc = subprocess.Popen(
            [
                binary,
                "--port",
                str(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(tmp_path),
            ],
            stdout=subprocess.DEVNULL,
        )
        procs.append(proc)
        client = redis.Redis(port=port, socket_connect_timeout=0.2)
        deadline = time.monotonic() + 5
        while True:
            try:
                client.ping()
                break
            except redis.RedisError:
                assert time.monotonic() < deadline, "private redis-server did not start"
                time.sleep(0.05)
        client.close()

    def stop():
        procs[-1].kill()
        procs[-1].wait()

    start()
    yield start, stop, port
    for proc in procs:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


@pytest.mark.slow
def test_redis_down_is_degraded_not_unready(make_app, private_redis):
    start, stop, port = private_redis
    app = make_app(
        REDIS_URL=f"redis://127.0.0.1:{port}/0",
        REDIS_PREFIX="cms-health-test:",
        REDIS_RETRY_SECONDS=0.2,
    )
    client = app.test_client()
    ready = client.get("/healthz/ready")
    assert ready.status_code == 200 and ready.json["checks"]["redis"]["status"] == "ok"
    stop()
    ready = client.get("/healthz/ready")
    assert ready.status_code == 200
    assert ready.json["status"] == "degraded" and ready.json["failed"] == ["redis"]
    start()
    time.sleep(0.3)  # the app's circuit breaker tries Redis again after REDIS_RETRY_SECONDS
    ready = client.get("/healthz/ready")
    assert ready.status_code == 200 and ready.json["status"] == "ok"
