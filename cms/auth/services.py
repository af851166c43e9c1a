"""Checking credentials (with brute-force limits) and starting or ending sessions."""

import functools

from flask import current_app, request, session
from flask_login import login_user, logout_user

from cms.audit.services import record
from cms.auth import throttle
from cms.core.formatting import utcnow
from cms.core.net import client_address
from cms.extensions import db
from cms.users.models import User
from cms.users.passwords import hash_password, verify_password
from cms.users.services import find_user


class LoginRefused(Exception):
    """Login is not allowed right now; ``scope`` is "account" or "address"."""

    def __init__(self, scope: str) -> None:
        super().__init__(scope)
        self.scope = scope


class AccountInactive(Exception):
    """The right password for a deactivated account."""


@functools.cache
def _dummy_hash() -> str:
    """A hash to verify against for unknown users, so both cases take the same time."""
    return hash_password("not-a-real-password-only-for-timing")


def authenticate(username: str, password: str) -> User | None:
    """Return the user when the credentials are right; count and audit a failure.

    Raises LoginRefused while the account name or the client address has too many
    recent failures (before any password is checked), AccountInactive for a
    deactivated account given its right password.
    """
    address = client_address()
    key = throttle.account_key(username)
    scope = throttle.locked_scope(key, address)
    if scope is not None:
        record("login.locked", "user", None, detail=f"{scope}: {username[:64]}")
        raise LoginRefused(scope)
    user = find_user(username)
    valid = verify_password(user.password_hash if user else _dummy_hash(), password)
    if user is None or not valid:
        throttle.register_failure(key, address)
        record("login.failed", "user", user.id if user else None, detail=username[:64])
        return None
    if not user.is_active:
        record("login.failed", "user", user.id, detail=f"{username[:64]} (inactive)")
        raise AccountInactive()
    return user


def start_session(user: User, remember: bool) -> None:
    """Log the user in on a fresh session (no state carried over), and audit it."""
    session.clear()
    login_user(user, remember=remember)
    user.last_login_at = utcnow()
    throttle.clear_account(throttle.account_key(user.username))
    record("login", "user", user.id, commit=False, actor=user)
    db.session.commit()


def end_session(user: User | None) -> None:
    """Log out, ending this user's every session and remember-me cookie."""
    if user is not None:
        user.rotate_session_token()
        record("logout", "user", user.id, commit=False, actor=user)
        db.session.commit()
    session.clear()
    logout_user()


def has_remember_cookie() -> bool:
    """True when the browser sent a remember-me cookie with this request."""
    name = current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token")
    return name in request.cookies


def lockout_minutes() -> int:
    """How long a lockout lasts, for the message."""
    return int(current_app.config["LOGIN_LOCKOUT_MINUTES"])


def restart_session(user: User) -> None:
    """Keep this browser logged in after the user's token changed (e.g. new password)."""
    remember = has_remember_cookie()
    session.clear()
    login_user(user, remember=remember)
