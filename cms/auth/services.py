"""Checking credentials (with brute-force limits) and starting or ending sessions."""

import functools
from datetime import timedelta

from flask import current_app, request, session
from flask_login import login_user, logout_user

from cms.audit.services import record, record_burst
from cms.auth import throttle
from cms.auth.throttle import Throttled
from cms.core.database import outside_transaction, write_transaction
from cms.core.formatting import utcnow
from cms.users.models import User, username_key
from cms.users.passwords import check_password, hash_password
from cms.users.services import find_user


class AccountInactive(Exception):
    """The right password for a deactivated account."""


@functools.cache
def _dummy_hash() -> str:
    """A hash to verify against for unknown users, so both cases take the same time."""
    return hash_password("not-a-real-password-only-for-timing")


def _window() -> timedelta:
    """How long one burst of failures lasts in the audit log (the throttling window)."""
    return timedelta(minutes=int(current_app.config["LOGIN_LOCKOUT_MINUTES"]))


def _audit_burst(action: str, username: str, user: User | None, detail: str = "") -> None:
    """One audit row per burst of failed or refused attempts on a name from one address.

    A unit of its own, committed here: the refusal is the request's answer (a 4xx, which
    the edge rolls back), and the log must keep it.
    """
    with write_transaction():
        record_burst(
            action,
            "user",
            user.id if user else None,
            detail or username[:64],
            burst=username_key(username),
            window=_window(),
        )


def authenticate(username: str, password: str) -> tuple[User | None, throttle.Attempt | None]:
    """Return (user, attempt) when the credentials are right, (None, None) when not.

    Raises Throttled while this name from this address, this address, or (slowed) the
    account has too many recent failures, before any password is checked; AccountInactive
    for a deactivated account given its right password. Failures are counted and audited
    (one row per burst); pass the attempt to ``start_session`` to take it back.
    """
    try:
        attempt = throttle.check_and_count(username)
    except Throttled as refused:
        _audit_burst("login.locked", username, None, f"{refused.scope}: {username[:64]}")
        raise
    # Argon2 takes a while: never while holding SQLite's write lock (a POST takes it).
    with outside_transaction():
        user = find_user(username)
        right, legacy = check_password(user.password_hash if user else _dummy_hash(), password)
        new_hash = hash_password(password) if right and legacy else None
    if user is None or not right:
        _audit_burst("login.failed", username, user)
        return None, None
    if not user.is_active:
        throttle.forgive(attempt)
        _audit_burst("login.failed", username, user, f"{username[:64]} (inactive)")
        raise AccountInactive()
    if new_hash:  # the old hash was of the password as typed, before normalisation
        # Take the count back first: forgive() is a transaction of its own, which must
        # not find this change in the session.
        throttle.forgive(attempt)
        attempt = None
        user.password_hash = new_hash
    return user, attempt


def check_current_password(user: User, password: str) -> bool:
    """Check the current password on the password change form, throttled like a login."""
    try:
        attempt = throttle.check_and_count(user.username)
    except Throttled as refused:
        _audit_burst("password.locked", user.username, user, f"{refused.scope}: {user.username}")
        raise
    with outside_transaction():
        right, _legacy = check_password(user.password_hash, password)
    if not right:
        _audit_burst("password.failed", user.username, user, user.username)
        return False
    throttle.forgive(attempt)
    return True


def start_session(user: User, remember: bool, attempt: throttle.Attempt | None = None) -> None:
    """Log the user in on a fresh session (no state carried over), and audit it."""
    if attempt is not None:
        throttle.forgive(attempt)
    session.clear()
    login_user(user, remember=remember)
    user.last_login_at = utcnow()
    record("login", "user", user.id, actor=user)


def end_session(user: User | None) -> None:
    """Log out, ending this user's every session and remember-me cookie."""
    if user is not None:
        user.rotate_session_token()
        record("logout", "user", user.id, actor=user)
    session.clear()
    logout_user()


def has_remember_cookie() -> bool:
    """True when the browser sent a remember-me cookie with this request."""
    name = current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token")
    return name in request.cookies


def restart_session(user: User) -> None:
    """Keep this browser logged in after the user's token changed (e.g. new password)."""
    remember = has_remember_cookie()
    session.clear()
    login_user(user, remember=remember)
