"""200 simultaneous new visitors against a real gunicorn server with 4 workers.

On SQLite (a migrated temporary file) or, with TEST_DB=postgres, on a PostgreSQL database
created for the test: exactly +200 visits today, no error, no "database is locked".
"""

import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, text

from cms import create_app
from cms.core.formatting import VN_TZ, now_utc
from cms.extensions import db
from tests.conftest import BACKEND, GUNICORN_TEST_CONF, ROOT, base_config, fresh_postgres_url
from tests.stats.conftest import BROWSER

VISITORS = 200
GUNICORN = Path(sys.executable).with_name("gunicorn")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _database(template_db, tmp_path) -> str:
    """A migrated database of this test's own."""
    if BACKEND != "postgres":
        path = tmp_path / "concurrency.sqlite3"
        shutil.copyfile(template_db["path"], path)
        return f"sqlite:///{path}"
    url = fresh_postgres_url("stats_conc")
    app = create_app(base_config(tmp_path, url))
    with app.app_context():
        upgrade(revision="heads")
        db.session.remove()
        db.engine.dispose()
    return url


def _get(url: str) -> int:
    request = urllib.request.Request(url, headers={"User-Agent": BROWSER})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code
    except OSError:
        return -1


@pytest.fixture
def server(template_db, tmp_path):
    """gunicorn -w 4 on a free port; yields (base URL, database URL, log path)."""
    database_url = _database(template_db, tmp_path)
    port = _free_port()
    log = tmp_path / "gunicorn.log"
    env = {
        **os.environ,
        "APP_ENV": "development",
        "SECRET_KEY": "concurrency-test-secret-key-0123456789",
        "DATABASE_URL": database_url,
        "REDIS_URL": "",
        "STATS_ENABLED": "1",
        "INSTANCE_PATH": str(tmp_path / "instance"),
        "MEDIA_DIR": str(tmp_path / "media"),
    }
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [
                str(GUNICORN),
                "-c",
                GUNICORN_TEST_CONF,
                "-w",
                "4",
                "-b",
                f"127.0.0.1:{port}",
                "--backlog",
                "512",
                "app:app",
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"gunicorn did not start:\n{log.read_text()}")
            time.sleep(0.2)
        yield base, database_url, log
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.mark.slow
def test_200_simultaneous_new_visitors_make_exactly_200_visits(server):
    base, database_url, log = server
    day_before = now_utc().astimezone(VN_TZ).date()
    statuses: list[int] = []
    start = threading.Barrier(VISITORS)

    def one_visitor():
        start.wait()
        statuses.append(_get(f"{base}/"))

    threads = [threading.Thread(target=one_visitor) for _ in range(VISITORS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sorted(set(statuses)) == [200], statuses
    assert len(statuses) == VISITORS

    engine = create_engine(database_url)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT day, visits FROM stats_daily")).all()
        sessions = conn.execute(text("SELECT count(*) FROM stats_visit")).scalar()
    engine.dispose()
    day_after = now_utc().astimezone(VN_TZ).date()
    totals = {(d if isinstance(d, str) else d.isoformat()): v for d, v in rows}
    assert sum(totals.values()) == VISITORS and sessions == VISITORS
    if day_before == day_after:  # not across midnight in Vietnam during the test
        assert totals == {day_after.isoformat(): VISITORS}
    server_log = log.read_text()
    assert "database is locked" not in server_log
    assert "Traceback" not in server_log and "could not record" not in server_log
