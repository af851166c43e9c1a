"""The database failing for real: a private PostgreSQL stopped and started again under the
running app, and SQLite locked past its busy timeout.

Pages answer a Vietnamese 503 with Retry-After (JSON for JSON clients) rendered without
the database, ``/healthz/ready`` names the database, and the same app serves again once
the database is back, with every write it acknowledged before the outage still there.
"""

import os
import signal
import sqlite3
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, func, select, text

from cms import create_app
from cms.content.models import Article, Category
from cms.core.formatting import utcnow
from cms.extensions import db
from cms.users.models import User
from tests.auth.auth_helpers import fast_argon2
from tests.conftest import BACKEND, IsolatedClient, base_config
from tests.core.private_postgres import PrivatePostgres, postgres_bin

__all__ = ["fast_argon2"]  # autouse

JSON = {"Accept": "application/json"}
HTML = {"Accept": "text/html"}


@pytest.fixture(scope="module")
def private_pg(tmp_path_factory):
    """A private PostgreSQL cluster with the migrated schema in database ``cms``."""
    if postgres_bin() is None:
        pytest.skip("no PostgreSQL server binaries under /usr/lib/postgresql")
    server = PrivatePostgres()
    try:
        server.start()
        admin = create_engine(server.url(), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text("CREATE DATABASE cms ENCODING 'UTF8' TEMPLATE template0"))
        admin.dispose()
        tmp = tmp_path_factory.mktemp("private-pg")
        app = create_app(base_config(tmp, server.url("cms")))
        with app.app_context():
            upgrade(revision="heads")
            db.engine.dispose()
        yield server
    finally:
        server.remove()


def _seed(app) -> tuple[str, str]:
    """One published article and an editor; return the article's URL and the editor's id."""
    with app.app_context():
        category = Category(name="Tin tức", slug="tin-tuc", position=1, in_menu=True)
        db.session.add(category)
        db.session.flush()
        article = Article(
            title="Bài khi cơ sở dữ liệu còn chạy",
            slug="bai-khi-co-so-du-lieu-con-chay",
            category_id=category.id,
            status="published",
            published_at=utcnow() - timedelta(hours=1),
        )
        editor = User(username="bientap", role="editor", full_name="Biên Tập", password_hash="x")
        db.session.add_all([article, editor])
        db.session.commit()
        return f"/bai-viet/{article.id}-{article.slug}", editor.get_id()


def _login(client, session_id: str) -> None:
    """Log the client in without the login form (``user.get_id()``)."""
    with client.session_transaction() as session:
        session["_user_id"] = session_id
        session["_fresh"] = True


def _article_titles(app) -> set[str]:
    """Every article title in the database."""
    with app.app_context():
        return set(db.session.scalars(select(Article.title)))


def _assert_503_page(response, *, unsaved: bool) -> str:
    """A Vietnamese 503 page with Retry-After that says the truth about the data."""
    assert response.status_code == 503
    assert int(response.headers["Retry-After"]) > 0
    assert response.headers["Cache-Control"] == "no-store"
    page = response.get_data(as_text=True)
    assert "Hệ thống tạm thời gián đoạn" in page
    assert "không truy cập được cơ sở dữ liệu" in page
    assert "Dữ liệu của bạn không bị mất" not in page
    assert ("Thao tác của bạn chưa được lưu" in page) is unsaved
    assert response.headers["X-Request-ID"] in page  # a reader can quote it
    return page


@pytest.mark.slow
def test_postgres_stopped_and_started_again(private_pg, tmp_path):
    app = create_app({**base_config(tmp_path, private_pg.url("cms")), "CACHE_SECONDS": 0})
    app.test_client_class = IsolatedClient
    url, editor_id = _seed(app)
    client = app.test_client()
    _login(client, editor_id)
    assert client.get(url).status_code == 200
    # A write acknowledged (redirect after save) before the outage.
    saved = client.post(
        "/quan-tri/bai-viet/moi",
        data={"title": "Bài lưu trước sự cố", "category_id": "1", "body": "<p>Nội dung.</p>"},
    )
    assert saved.status_code == 302 and "/sua" in saved.headers["Location"]

    private_pg.stop()
    try:
        _assert_503_page(client.get(url, headers=HTML), unsaved=False)
        _assert_503_page(client.get("/", headers=HTML), unsaved=False)
        api = client.get(url, headers=JSON)
        assert api.status_code == 503 and api.headers["Retry-After"]
        assert api.json["error"] == "Service Unavailable" and api.json["retry_after"] > 0
        # A form sent during the outage: not saved, and the page says so.
        typed = {"title": "Bài gửi lúc mất kết nối", "category_id": "1", "body": "<p>Chữ.</p>"}
        _assert_503_page(client.post("/quan-tri/bai-viet/moi", data=typed), unsaved=True)
        assert client.get("/healthz").status_code == 200  # alive: a restart would not help
        ready = client.get("/healthz/ready")
        assert ready.status_code == 503
        assert ready.json["failed"] == ["database"]
        assert ready.json["checks"]["database"]["status"] == "down"
        assert ready.headers["Cache-Control"] == "no-store"
    finally:
        private_pg.start()

    # The same app, no restart: the dead pooled connections are replaced.
    assert client.get(url).status_code == 200
    assert client.get("/healthz/ready").status_code == 200
    again = client.post(
        "/quan-tri/bai-viet/moi",
        data={"title": "Bài lưu sau sự cố", "category_id": "1", "body": "<p>Nội dung.</p>"},
    )
    assert again.status_code == 302
    titles = _article_titles(app)
    assert {"Bài lưu trước sự cố", "Bài lưu sau sự cố"} <= titles
    assert "Bài gửi lúc mất kết nối" not in titles
    with app.app_context():
        db.engine.dispose()


@pytest.mark.slow
def test_a_crash_of_postgres_keeps_acknowledged_writes(private_pg, tmp_path):
    app = create_app(base_config(tmp_path, private_pg.url("cms")))
    app.test_client_class = IsolatedClient
    with app.app_context():
        editor = User(username="bientap2", role="editor", full_name="Biên Tập", password_hash="x")
        db.session.add(editor)
        db.session.commit()
        editor_id = editor.get_id()
        category_id = db.session.scalar(select(func.min(Category.id)))
    client = app.test_client()
    _login(client, editor_id)
    for n in range(5):
        response = client.post(
            "/quan-tri/bai-viet/moi",
            data={"title": f"Bài đã xác nhận {n}", "category_id": str(category_id), "body": "x"},
        )
        assert response.status_code == 302 and "/sua" in response.headers["Location"]
    private_pg.stop("immediate")  # like a crash: no shutdown checkpoint
    private_pg.start()
    assert {f"Bài đã xác nhận {n}" for n in range(5)} <= _article_titles(app)
    with app.app_context():
        db.engine.dispose()


@pytest.mark.slow
def test_a_hung_postgres_costs_one_connect_timeout_not_a_hung_worker(private_pg, tmp_path):
    """A server that accepts nothing (stopped, not gone): a 503 after the connect timeout."""
    app = create_app(
        {**base_config(tmp_path, private_pg.url("cms")), "DATABASE_CONNECT_TIMEOUT_SECONDS": 1}
    )
    app.test_client_class = IsolatedClient
    client = app.test_client()
    assert client.get("/healthz/ready").status_code == 200
    with app.app_context():
        db.engine.dispose()  # the next request needs a new connection
    postmaster = int((private_pg.data / "postmaster.pid").read_text().split()[0])
    os.kill(postmaster, signal.SIGSTOP)
    # Without a connect timeout the request would wait for minutes: wake the server after
    # a while so that a regression fails the test instead of hanging the suite.
    watchdog = threading.Timer(8, os.kill, (postmaster, signal.SIGCONT))
    watchdog.start()
    try:
        start = time.monotonic()
        response = client.get("/", headers=HTML)
        elapsed = time.monotonic() - start
    finally:
        watchdog.cancel()
        os.kill(postmaster, signal.SIGCONT)
    _assert_503_page(response, unsaved=False)
    assert elapsed < 4, elapsed
    assert client.get("/healthz/ready").status_code == 200
    with app.app_context():
        db.engine.dispose()


@pytest.mark.skipif(BACKEND != "sqlite", reason="SQLite's write lock: the SQLite run covers it")
def test_sqlite_locked_past_its_busy_timeout_is_a_503(make_app):
    app = make_app(SQLITE_BUSY_TIMEOUT_MS=50)
    client = app.test_client()
    with app.app_context():
        category = Category(name="Tin tức", slug="tin-tuc", position=1)
        editor = User(username="bientap", role="editor", full_name="B", password_hash="x")
        db.session.add_all([category, editor])
        db.session.commit()
        editor_id, category_id = editor.get_id(), category.id
        path = Path(db.engine.url.database)
    _login(client, editor_id)
    form = {"title": "Bài viết lúc khóa", "category_id": str(category_id), "body": "x"}
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another process holds the write lock
    try:
        start = time.monotonic()
        response = client.post("/quan-tri/bai-viet/moi", data=form)
        assert time.monotonic() - start < 5
        _assert_503_page(response, unsaved=True)
        as_json = client.post("/quan-tri/bai-viet/moi", data=form, headers=JSON)
        assert as_json.status_code == 503 and "chưa được lưu" in as_json.json["message"]
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert client.post("/quan-tri/bai-viet/moi", data=form).status_code == 302
    assert _article_titles(app) == {"Bài viết lúc khóa"}


def test_a_bug_in_sql_is_still_a_500(make_app):
    """Only "not now" errors are 503: a statement that can never work is a 500."""
    app = make_app(PROPAGATE_EXCEPTIONS=False)

    @app.get("/test-bad-sql")
    def bad_sql():
        db.session.execute(text("SELECT * FROM no_such_table"))
        return "never"

    response = app.test_client().get("/test-bad-sql")
    assert response.status_code == 500 and "Retry-After" not in response.headers
