"""Fixtures of the visitor-statistics tests: every test runs on the SQL and the Redis backend.

The ``app`` fixture is overridden here, parametrized over the two backends, so ``client``,
``login_as`` and the factories of tests/conftest.py use it. Redis is the TEST_REDIS_URL
server (opt-in), under a key prefix of the test's own (see ``redis_config``).
"""

from datetime import UTC, datetime, timedelta

import pytest
from flask import g

from cms.extensions import db
from cms.stats import services

BROWSER = (
    "Mozilla/5.0 (Linux; Android 13; SM-A536E) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36"
)


@pytest.fixture(params=["sql", "redis"])
def stats_backend(request):
    """The name of the backend under test."""
    return request.param


@pytest.fixture
def stats_config(request, stats_backend):
    """Config overrides selecting the backend (Redis: the TEST_REDIS_URL server, opt-in)."""
    if stats_backend == "sql":
        return {"REDIS_URL": ""}
    return request.getfixturevalue("redis_config")


@pytest.fixture
def app(make_app, stats_config):
    """The test app on the chosen backend, its Redis keys deleted before and after."""
    app = make_app(**stats_config)
    with app.app_context():
        services.backend().reset()
        yield app
        db.session.rollback()  # what a test left uncommitted (services never commit)
        services.backend().reset()


class FrozenClock:
    """A settable "now" for services.clock()."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def set(self, *args, tz=UTC) -> None:
        """Set now from datetime parts in a time zone (UTC by default)."""
        self.now = datetime(*args, tzinfo=tz).astimezone(UTC)

    def advance(self, **delta) -> None:
        """Move now forward."""
        self.now += timedelta(**delta)


@pytest.fixture
def clock(monkeypatch):
    """Freeze the statistics' clock (at 10:00 Vietnam time on Wednesday 10 June 2026)."""
    frozen = FrozenClock(datetime(2026, 6, 10, 3, 0, tzinfo=UTC))
    monkeypatch.setattr(services, "clock", frozen)
    return frozen


@pytest.fixture
def visit(app):
    """Make a page view as a browser: ``visit(client, path="/", **headers)``."""

    def do_visit(client, path="/", method="GET", **headers):
        headers.setdefault("User-Agent", BROWSER)
        response = client.open(path, method=method, headers=headers)
        # Requests share the test's app context, hence ``g``: forget the loaded user so
        # the next request (maybe another client's) loads its own.
        g.pop("_login_user", None)
        return response

    return do_visit


@pytest.fixture
def new_visitor(app, visit):
    """A new visitor (a fresh client without cookies) viewing one page; returns the client."""

    def do(path="/"):
        client = app.test_client()
        assert visit(client, path).status_code == 200
        return client

    return do


@pytest.fixture
def numbers(app):
    """The current four numbers, all time including the settings' offset."""

    def read():
        return services.with_offset(services.current_counts())

    return read
