"""Fixtures of the auth tests: an app per brute-force backend (SQL table or Redis)."""

import pytest
import redis

from cms.extensions import db
from cms.users.models import User
from cms.users.passwords import hash_password
from tests.auth.auth_helpers import fast_argon2
from tests.conftest import TEST_PASSWORD

__all__ = ["fast_argon2"]  # autouse fixture shared with tests/admin

REDIS_TEST_URL = "redis://127.0.0.1:6379/14"


@pytest.fixture
def redis_url():
    """Redis database 14, flushed before and after; skipped when no Redis server runs."""
    client = redis.Redis.from_url(REDIS_TEST_URL)
    try:
        client.ping()
    except redis.ConnectionError:
        client.close()
        pytest.skip("no Redis server on 127.0.0.1:6379")
    client.flushdb()
    yield REDIS_TEST_URL
    client.flushdb()
    client.close()


@pytest.fixture(params=["sql", "redis"])
def locked_app(request, make_app):
    """An app with small login limits (3 per account, 6 per address), on either backend.

    The accounts "alice" and "bob" exist with TEST_PASSWORD.
    """
    overrides = {"LOGIN_MAX_FAILURES_PER_ACCOUNT": 3, "LOGIN_MAX_FAILURES_PER_ADDRESS": 6}
    if request.param == "redis":
        overrides["REDIS_URL"] = request.getfixturevalue("redis_url")
    app = make_app(**overrides)
    app.backend = request.param
    with app.app_context():
        for name in ("alice", "bob"):
            db.session.add(
                User(username=name, role="editor", password_hash=hash_password(TEST_PASSWORD))
            )
        db.session.commit()
        yield app
