"""Article view counts: buffered per worker, written by a timer when the worker is idle,
written at a graceful exit, lost at most for the last VIEW_FLUSH_SECONDS when a worker is
killed outright, and always updated in id order (no deadlock between two workers)."""

import os
import signal
import time
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import event, select

from cms import create_app
from cms.content.models import Article, Category
from cms.content.services import flush_views
from cms.core.formatting import utcnow
from cms.extensions import db
from tests.conftest import base_config
from tests.servers import gunicorn_server, http_get, migrated_database, server_env, wait_for

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


def _get(url: str) -> int:
    """GET a URL like a browser; its status."""
    return http_get(url, timeout=10, headers={"User-Agent": BROWSER})[0]


def _worker_pids(master: int) -> list[int]:
    """The worker processes of a gunicorn master."""
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return [int(pid) for pid in children]


@pytest.mark.slow
def test_views_survive_a_killed_worker_up_to_the_interval_and_a_stop_entirely(
    template_db, tmp_path
):
    """A real gunicorn worker: views written on its timer, kept across a kill and a stop."""
    url = migrated_database(template_db, tmp_path, "views")
    seed = create_app(base_config(tmp_path, url))
    [(article_id, path)] = _articles(seed)
    secret = "view-count-test-secret-key-0123456789"
    env = server_env(tmp_path, url, secret, VIEW_FLUSH_SECONDS="1")
    log = tmp_path / "gunicorn.log"
    try:
        with gunicorn_server(env, 1, [], log) as server:
            proc, base = server.process, server.url

            def up() -> bool:
                """Whether the server answers /healthz."""
                return _get(f"{base}/healthz") == 200

            for _ in range(2):
                assert _get(base + path) == 200
            # Idle for longer than VIEW_FLUSH_SECONDS: the worker's timer writes the views...
            wait_for(lambda: _views(seed, article_id) == 2, 5, "the idle worker wrote nothing")
            # ...so killing it outright (like gunicorn's timeout or the OOM killer) loses none.
            [worker] = _worker_pids(proc.pid)
            os.kill(worker, signal.SIGKILL)
            wait_for(lambda: _worker_pids(proc.pid) not in ([], [worker]), 30, "no new worker")
            wait_for(up, 30, "the new worker does not answer", proc, log)
            for _ in range(3):
                assert _get(base + path) == 200
            # A graceful stop right away: the new worker writes its views as it exits.
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=30)
            assert _views(seed, article_id) == 5, log.read_text()
    finally:
        with seed.app_context():
            db.engine.dispose()
