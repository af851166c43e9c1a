"""Real servers for the tests that need them: a free port, a gunicorn on it, a GET.

``gunicorn_server`` starts ``gunicorn -c tests/gunicorn_test_conf.py`` (the suite's shifted
clock reaches the server through it) from the checkout, waits for /healthz, and always
stops the server again; if it does not start, the test fails with the tail of its log.
"""

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask_migrate import upgrade

from cms import create_app
from cms.extensions import db
from tests.conftest import BACKEND, GUNICORN_TEST_CONF, ROOT, base_config
from tests.databases import fresh_postgres_url

GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
LOG_TAIL = 3000


@dataclass(frozen=True)
class Server:
    """A running gunicorn: its base URL, port, master process and log file."""

    url: str
    port: int
    process: subprocess.Popen
    log: Path


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def log_tail(path: Path) -> str:
    """The last few thousand characters of a server's log (empty if there is none)."""
    try:
        return path.read_text(errors="replace")[-LOG_TAIL:]
    except FileNotFoundError:
        return ""


def wait_for(
    check: Callable[[], bool],
    seconds: float,
    what: str,
    process: subprocess.Popen | None = None,
    log: Path | None = None,
) -> None:
    """Call ``check`` until it is true; fail naming ``what`` (with the log's tail) if it never is.

    An OSError from ``check`` (nothing listens yet) counts as "not yet". With ``process``,
    the wait ends as soon as that process has exited.
    """
    deadline = time.monotonic() + seconds
    while True:
        with contextlib.suppress(OSError):
            if check():
                return
        exited = process is not None and process.poll() is not None
        if exited or time.monotonic() > deadline:
            reason = f"exit status {process.returncode}" if exited else f"after {seconds} s"
            tail = f"\n{log_tail(log)}" if log is not None else ""
            pytest.fail(f"{what} ({reason}){tail}")
        time.sleep(0.1)


def stop_process(process: subprocess.Popen, timeout: float = 15) -> None:
    """Stop a process: SIGTERM, wait up to ``timeout`` seconds, then SIGKILL."""
    if process.poll() is None:
        process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def server_env(tmp_path: Path, database_url: str, secret_key: str, **settings: str) -> dict:
    """A development server's environment: this one, the app's basics, then ``settings``."""
    return {
        **os.environ,
        "APP_ENV": "development",
        "SECRET_KEY": secret_key,
        "DATABASE_URL": database_url,
        "INSTANCE_PATH": str(tmp_path / "instance"),
        "MEDIA_DIR": str(tmp_path / "media"),
        "REDIS_URL": "",
        **settings,
    }


def http_get(url: str, timeout: float = 10, headers: Mapping[str, str] | None = None):
    """GET a URL on a new connection; return (status, body), error statuses included."""
    request = urllib.request.Request(url, headers=dict(headers or {}))
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")


@contextlib.contextmanager
def gunicorn_server(
    env: Mapping[str, str],
    workers: int,
    extra_args: Sequence[str],
    log_path: Path,
    *,
    config: str = GUNICORN_TEST_CONF,
    stop_timeout: float = 15,
) -> Iterator[Server]:
    """Run ``gunicorn -c CONFIG -w WORKERS -b 127.0.0.1:PORT EXTRA_ARGS app:app``; yield it.

    ``env`` is the server's whole environment; its output goes to ``log_path``. It must
    answer /healthz with 200 within 30 s, or the test fails with the log's tail; it is
    stopped (SIGTERM, then SIGKILL after ``stop_timeout``) at the end.
    """
    port = free_port()
    command = [GUNICORN, "-c", config, "-w", str(workers), "-b", f"127.0.0.1:{port}"]
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [*command, *extra_args, "app:app"],
            cwd=ROOT,
            env=dict(env),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    server = Server(f"http://127.0.0.1:{port}", port, process, log_path)
    try:

        def healthy() -> bool:
            """Whether the server answers /healthz with 200."""
            return http_get(f"{server.url}/healthz", timeout=2)[0] == 200

        wait_for(healthy, 30, "gunicorn did not start", process, log_path)
        yield server
    finally:
        stop_process(process, stop_timeout)


def migrated_database(template_db, tmp_path: Path, name: str) -> str:
    """The URL of a migrated database of this test's own, for a server to use.

    SQLite: a copy of the session's migrated template. PostgreSQL: a new database
    (``fresh_postgres_url``, dropped at the end of the run) migrated to the heads.
    """
    if BACKEND != "postgres":
        path = tmp_path / f"{name}.sqlite3"
        shutil.copyfile(template_db["path"], path)
        return f"sqlite:///{path}"
    url = fresh_postgres_url(name)
    app = create_app(base_config(tmp_path, url))
    with app.app_context():
        upgrade(revision="heads")
        db.session.remove()
        db.engine.dispose()
    return url
