"""Fixtures of the auth tests: an app per brute-force backend (SQL table or Redis)."""

import pytest

from cms.extensions import db
from cms.users.models import User
from cms.users.passwords import hash_password
from tests.auth.auth_helpers import fast_argon2
from tests.conftest import TEST_PASSWORD

__all__ = ["fast_argon2"]  # autouse fixture shared with tests/admin


@pytest.fixture(params=["sql", "redis"])
def locked_app(request, make_app):
    """An app with small login limits, on either backend.

    3 failures per (account, address), 6 per address, and past 8 failures of one account
    from anywhere one attempt per second. The accounts "alice" and "bob" exist with
    TEST_PASSWORD.
    """
    overrides = {
        "LOGIN_MAX_FAILURES_PER_ACCOUNT_ADDRESS": 3,
        "LOGIN_MAX_FAILURES_PER_ADDRESS": 6,
        "LOGIN_ACCOUNT_CEILING": 8,
        "LOGIN_ACCOUNT_SLOW_SECONDS": 1,
    }
    if request.param == "redis":
        overrides.update(request.getfixturevalue("redis_config"))
    app = make_app(**overrides)
    app.backend = request.param
    with app.app_context():
        for name in ("alice", "bob"):
            db.session.add(
                User(username=name, role="editor", password_hash=hash_password(TEST_PASSWORD))
            )
        db.session.commit()
        yield app
