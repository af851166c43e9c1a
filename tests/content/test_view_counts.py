"""Article view counts: buffered per worker, written by a timer when the worker is idle,
written at a graceful exit, lost at most for the last VIEW_FLUSH_SECONDS when a worker is
killed outright, and always updated in id order (no deadlock between two workers)."""

import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from datetime import timedelta
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import event, select

from cms import create_app
from cms.content.models import Article, Category
from cms.content.services import flush_views
from cms.core.formatting import utcnow
from cms.extensions import db
from tests.conftest import BACKEND, GUNICORN_TEST_CONF, ROOT, base_config, fresh_postgres_url
from tests.core.private_postgres import free_port

GUNICORN = Path(sys.executable).with_name("gunicorn")
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36"


def _articles(app, count: int = 1) -> list[tuple[int, str]]:
    """Published articles; return their (id, URL)."""
    with app.app_context():
        category = Category(name="Tin tức", slug="tin-tuc", position=1)
        db.session.add(category)
        db.session.flush()
        rows = [
            Article(
                title=f"Bài đếm lượt xem {n}",
                slug=f"bai-dem-luot-xem-{n}",
                category_id=category.id,
                status="published",
                published_at=utcnow() - timedelta(hours=1),
            )
            for n in range(count)
        ]
        db.session.add_all(rows)
        db.session.commit()
        return [(row.id, f"/bai-viet/{row.id}-{row.slug}") for row in rows]


def _views(app, article_id: int) -> int:
    """The view count written in the database."""
    with app.app_context():
        return db.session.scalar(select(Article.view_count).where(Article.id == article_id))


def test_an_idle_worker_writes_its_views_on_a_timer(make_app):
    app = make_app(VIEW_FLUSH_SECONDS=1)
    [(article_id, url)] = _articles(app)
    client = app.test_client()
    assert client.get(url).status_code == 200
    assert _views(app, article_id) == 0  # buffered, not written by the request
    deadline = time.monotonic() + 5
    while _views(app, article_id) != 1:  # no further request: only the timer can write it
        assert time.monotonic() < deadline, "the idle worker never wrote its view"
        time.sleep(0.1)


def test_views_are_written_in_id_order(make_app):
    """Two workers lock the rows in the same order, so they never deadlock."""
    app = make_app(VIEW_FLUSH_SECONDS=3600)
    articles = _articles(app, 4)
    client = app.test_client()
    for _article_id, url in reversed(articles):
        client.get(url)
    written: list[int] = []

    def capture(_conn, _cursor, _statement, parameters, _context, executemany):
        if executemany:
            written.extend(p["aid"] if isinstance(p, dict) else p[-1] for p in parameters)

    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", capture)
        try:
            assert flush_views(force=True) == 4
        finally:
            event.remove(db.engine, "before_cursor_execute", capture)
    assert written == sorted(article_id for article_id, _url in articles)


# ---------------------------------------------------------------- a real gunicorn worker


def _database(template_db, tmp_path) -> str:
    """A migrated database of this test's own."""
    if BACKEND != "postgres":
        path = tmp_path / "views.sqlite3"
        shutil.copyfile(template_db["path"], path)
        return f"sqlite:///{path}"
    url = fresh_postgres_url("views")
    app = create_app(base_config(tmp_path, url))
    with app.app_context():
        upgrade(revision="heads")
        db.engine.dispose()
    return url


def _get(url: str) -> int:
    """GET a URL like a browser; its status."""
    request = urllib.request.Request(url, headers={"User-Agent": BROWSER})
    with urllib.request.urlopen(request, timeout=10) as response:
        response.read()
        return response.status


def _worker_pids(master: int) -> list[int]:
    """The worker processes of a gunicorn master."""
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return [int(pid) for pid in children]


def _wait_for(check, seconds: float, what: str) -> None:
    """Poll ``check`` until it is true, or fail naming ``what``."""
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, what
        time.sleep(0.1)


@pytest.mark.slow
def test_views_survive_a_killed_worker_up_to_the_interval_and_a_stop_entirely(
    template_db, tmp_path
):
    url = _database(template_db, tmp_path)
    seed = create_app(base_config(tmp_path, url))
    [(article_id, path)] = _articles(seed)
    port = free_port()
    env = {
        **os.environ,
        "APP_ENV": "development",
        "SECRET_KEY": "view-count-test-secret-key-0123456789",
        "DATABASE_URL": url,
        "REDIS_URL": "",
        "VIEW_FLUSH_SECONDS": "1",
        "INSTANCE_PATH": str(tmp_path / "instance"),
        "MEDIA_DIR": str(tmp_path / "media"),
    }
    log = tmp_path / "gunicorn.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [
                str(GUNICORN),
                "-c",
                GUNICORN_TEST_CONF,
                "-w",
                "1",
                "-b",
                f"127.0.0.1:{port}",
                "app:app",
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:

        def up() -> bool:
            try:
                return _get(f"{base}/healthz") == 200
            except OSError:
                assert proc.poll() is None, log.read_text()
                return False

        _wait_for(up, 30, "gunicorn did not start")
        for _ in range(2):
            assert _get(base + path) == 200
        # Idle for longer than VIEW_FLUSH_SECONDS: the worker's timer writes the views...
        _wait_for(lambda: _views(seed, article_id) == 2, 5, "the idle worker wrote nothing")
        # ...so killing it outright (like gunicorn's timeout or the OOM killer) loses none.
        [worker] = _worker_pids(proc.pid)
        os.kill(worker, signal.SIGKILL)
        _wait_for(lambda: _worker_pids(proc.pid) not in ([], [worker]), 30, "no new worker")
        _wait_for(up, 30, "the new worker does not answer")
        for _ in range(3):
            assert _get(base + path) == 200
        # A graceful stop right away: the new worker writes its views as it exits.
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
        assert _views(seed, article_id) == 5, log.read_text()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        with seed.app_context():
            db.engine.dispose()
