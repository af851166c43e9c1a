"""Shared fixtures: an app on a migrated database (SQLite, or PostgreSQL with TEST_DB=postgres).

The schema always comes from the Alembic migrations, never from create_all: once per test
session (and per xdist worker) the migrations build a template database; each test then
gets a fresh copy (SQLite) or truncated tables (PostgreSQL).
"""

import contextlib
import os
import shutil
import time
from datetime import timedelta
from pathlib import Path

import pytest
import redis
from flask.globals import _cv_app
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import event, inspect, text

from cms import create_app
from cms.content.models import Article, Category
from cms.core.formatting import set_clock_offset, utcnow
from cms.core.text import slugify
from cms.extensions import db
from cms.polls.models import Poll, PollOption
from cms.users.models import User
from cms.users.passwords import hash_password
from tests.databases import drop_created_databases, fresh_postgres_url, worker_name

ROOT = Path(__file__).resolve().parent.parent
# gunicorn settings for servers that tests start (they carry the suite's shifted clock).
GUNICORN_TEST_CONF = str(ROOT / "tests" / "gunicorn_test_conf.py")
BACKEND = os.environ.get("TEST_DB", "sqlite")
TEST_PASSWORD = "Mật-khẩu-thử-nghiệm-42"


@pytest.fixture(scope="session", autouse=True)
def _drop_created_databases():
    """Drop every PostgreSQL database this test process created, at the end of the run."""
    yield
    drop_created_databases()


@pytest.fixture(scope="session", autouse=True)
def _shifted_clock():
    """With TEST_CLOCK_UTC=HH:MM, run the whole suite with the app's clock at that UTC time.

    ``TEST_CLOCK_UTC=23:30 TZ=America/New_York make test`` proves that no test depends on
    the hour or the machine's time zone: at 23:30 UTC the Vietnam day is already the next
    one. The clock still advances; only its offset changes.
    """
    wanted = os.environ.get("TEST_CLOCK_UTC", "").strip()
    if not wanted:
        yield
        return
    hour, minute = (int(part) for part in wanted.split(":"))
    real = utcnow()
    target = real.replace(hour=hour, minute=minute, second=0, microsecond=0)
    set_clock_offset(target - real)
    os.environ["TEST_CLOCK_OFFSET_SECONDS"] = str((target - real).total_seconds())
    yield
    set_clock_offset(timedelta(0))
    os.environ.pop("TEST_CLOCK_OFFSET_SECONDS", None)


def _redis_cleanup(client: redis.Redis, prefix: str) -> None:
    """Delete this test's keys (and only those)."""
    names = list(client.scan_iter(match=f"{prefix}*", count=500))
    if names:
        client.delete(*names)


@pytest.fixture
def redis_config():
    """Config overrides for a test on the TEST_REDIS_URL server, under a key prefix of its own.

    Opt-in like TEST_DATABASE_URL: without the variable the test is skipped; with it, an
    unreachable server fails the test (CI must not go green by skipping). Only keys under
    this test's prefix are touched, before and after.
    """
    url = os.environ.get("TEST_REDIS_URL", "").strip()
    if not url:
        pytest.skip("TEST_REDIS_URL is not set: the Redis cases run only when it is")
    client = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=5)
    try:
        client.ping()
    except redis.RedisError as exc:
        client.close()
        pytest.fail(f"TEST_REDIS_URL={url} is set but the server does not answer: {exc}")
    prefix = f"cms-test:{worker_name()}:{os.urandom(4).hex()}:"
    _redis_cleanup(client, prefix)
    yield {"REDIS_URL": url, "REDIS_PREFIX": prefix, "STATS_REDIS_PREFIX": f"{prefix}stats:"}
    _redis_cleanup(client, prefix)
    client.close()


def _postgres_url() -> str:
    """The database of this xdist worker's template schema."""
    return fresh_postgres_url("")


class IsolatedClient(FlaskClient):
    """A test client whose every request runs in an app context of its own, as in production.

    The ``app`` fixture keeps an app context pushed for the test's own database work; Flask
    would reuse it for the client's requests, sharing ``g`` (the logged-in user, the CSRF
    token) and the database session between requests. Hiding it during a request keeps
    requests as separate as they are in a real server.
    """

    def open(self, *args, **kwargs):
        """Run the request with no outer app context visible.

        The test's own session is committed first, so it holds no transaction (and no
        old snapshot) during the request and reloads what it reads afterwards.
        """
        if _cv_app.get(None) is not None:
            db.session.commit()
        token = _cv_app.set(None)
        try:
            return super().open(*args, **kwargs)
        finally:
            _cv_app.reset(token)


def base_config(tmp: Path, database_url: str) -> dict:
    """Configuration for a test app."""
    return {
        "TESTING": True,
        "APP_ENV": "testing",
        "SECRET_KEY": "test-secret-key-not-for-production-use",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "MEDIA_DIR": str(tmp / "media"),
        "WTF_CSRF_ENABLED": False,
        "CACHE_SECONDS": 0,
        "VIEW_FLUSH_SECONDS": 0,
        "SERVER_NAME": "portal.test",
        "REDIS_URL": "",
    }


@pytest.fixture(scope="session")
def template_db(tmp_path_factory):
    """Build the schema once with the migrations; return (backend, url, truncate tables)."""
    tmp = tmp_path_factory.mktemp("template")
    url = _postgres_url() if BACKEND == "postgres" else f"sqlite:///{tmp / 'template.sqlite3'}"
    app = create_app(base_config(tmp, url))
    with app.app_context():
        upgrade(revision="heads")
        tables = [t for t in inspect(db.engine).get_table_names() if t != "alembic_version"]
        db.engine.dispose()
    return {"url": url, "path": tmp / "template.sqlite3", "tables": tables}


@pytest.fixture
def make_app(template_db, tmp_path):
    """Factory: a test app on a fresh copy of the migrated database, with config overrides.

    ``database_url=`` puts the app on a database of the test's own instead (left as it is).
    """
    made, emptied = [], []

    def factory(database_url: str | None = None, **overrides):
        if database_url is not None:
            url = database_url
        elif BACKEND == "postgres":
            url = template_db["url"]
        else:
            path = tmp_path / f"portal{len(made)}.sqlite3"
            shutil.copyfile(template_db["path"], path)
            url = f"sqlite:///{path}"
        app = create_app({**base_config(tmp_path, url), **overrides})
        app.test_client_class = IsolatedClient
        if BACKEND == "postgres" and database_url is None and not emptied:
            emptied.append(app)
            with app.app_context():
                names = ", ".join(f'"{t}"' for t in template_db["tables"])
                db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
                db.session.commit()
        made.append(app)
        return app

    yield factory
    for app in made:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def app(make_app):
    """The default test app (CSRF off; tests of CSRF build their own with make_app)."""
    app = make_app()
    with app.app_context():
        yield app


@pytest.fixture
def client(app):
    """A test client for the app."""
    return app.test_client()


@pytest.fixture
def runner(app):
    """A CLI runner for the app's commands."""
    return app.test_cli_runner()


@pytest.fixture
def make_category(app):
    """Factory: a category with sensible defaults."""
    counter = iter(range(1, 10_000))

    def factory(**overrides):
        n = next(counter)
        values = {"name": f"Chuyên mục {n}", "position": n, "in_menu": True, "on_home": True}
        values.update(overrides)
        values.setdefault("slug", slugify(values["name"]))
        category = Category(**values)
        db.session.add(category)
        db.session.commit()
        return category

    return factory


@pytest.fixture
def make_article(app, make_category):
    """Factory: a published article (published an hour ago) unless overridden."""
    state = {"category": None, "n": 0}

    def factory(**overrides):
        state["n"] += 1
        if "category" not in overrides and "category_id" not in overrides:
            if state["category"] is None:
                state["category"] = make_category(name="Tin tức – Sự kiện")
            overrides["category_id"] = state["category"].id
        elif "category" in overrides:
            overrides["category_id"] = overrides.pop("category").id
        values = {
            "title": f"Bài viết thử nghiệm số {state['n']}",
            "summary": "Tóm tắt bài viết.",
            "body": "<p>Nội dung bài viết.</p>",
            "byline": "Minh Anh",
            "status": "published",
            "published_at": utcnow() - timedelta(hours=1, minutes=state["n"]),
        }
        values.update(overrides)
        values.setdefault("slug", slugify(values["title"]))
        article = Article(**values)
        db.session.add(article)
        db.session.commit()
        return article

    return factory


def add_poll(options=("Rất tốt", "Tốt", "Bình thường", "Chưa đáp ứng"), **overrides) -> Poll:
    """An open single-answer poll with results always shown, in the current app's database."""
    values = {
        "question": "Website đáp ứng nhu cầu thông tin của bạn ở mức độ nào?",
        "opens_at": utcnow() - timedelta(days=1),
        "closes_at": None,
        "multiple": False,
        "max_choices": 1,
        "results_visibility": "always",
        "featured": False,
    }
    values.update(overrides)
    poll = Poll(**values)
    db.session.add(poll)
    db.session.flush()
    for position, label in enumerate(options, start=1):
        db.session.add(PollOption(poll_id=poll.id, position=position, label=label))
    db.session.commit()
    return poll


@pytest.fixture
def make_user(app):
    """Factory: a staff account whose password is TEST_PASSWORD."""

    def factory(username="reporter1", role="reporter", **overrides):
        user = User(
            username=username,
            role=role,
            full_name=overrides.pop("full_name", username.title()),
            password_hash=hash_password(overrides.pop("password", TEST_PASSWORD)),
            **overrides,
        )
        db.session.add(user)
        db.session.commit()
        return user

    return factory


@pytest.fixture
def count_queries(app):
    """Context manager counting the SQL statements run inside it: ``with count_queries() as q``."""

    @contextlib.contextmanager
    def counter():
        statements: list[str] = []

        def _before(_conn, _cursor, statement, *_args):
            if (
                not statement.lstrip()
                .upper()
                .startswith(("BEGIN", "PRAGMA", "SAVEPOINT", "RELEASE"))
            ):
                statements.append(statement)

        event.listen(db.engine, "before_cursor_execute", _before)
        try:
            yield statements
        finally:
            event.remove(db.engine, "before_cursor_execute", _before)

    return counter


@pytest.fixture
def login_as(app, make_user):
    """Log a test client in as a new user of a role, without going through the login form.

    ``user = login_as(client, "editor")``; pass ``user=`` to reuse an account.
    """

    def do_login(client, role="reporter", user=None, **overrides):
        if user is None:
            user = make_user(
                username=overrides.pop("username", f"{role}-user"), role=role, **overrides
            )
        with client.session_transaction() as session:
            session["_user_id"] = user.get_id()
            session["_fresh"] = True
        return user

    return do_login


@pytest.fixture
def server_in_new_york():
    """Run a test with the process time zone set to America/New_York."""
    old = os.environ.get("TZ")
    os.environ["TZ"] = "America/New_York"
    time.tzset()
    yield
    if old is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = old
    time.tzset()
