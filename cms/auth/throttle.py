"""Brute-force protection: failed logins counted per account and per client address.

The counts are shared by every worker and instance: in Redis when REDIS_URL is set,
otherwise in the ``login_failure`` table. Never in process memory. A key is locked while
it has at least the allowed number of failures inside the last LOGIN_LOCKOUT_MINUTES.
"""

import os
import time
import uuid
from datetime import timedelta

import redis
from flask import Flask, current_app
from sqlalchemy import delete, func, select

from cms.auth.models import LoginFailure
from cms.core.formatting import utcnow
from cms.extensions import db

REDIS_PREFIX = "cms:login-failures:"
DEFAULTS = {
    "LOGIN_MAX_FAILURES_PER_ACCOUNT": 5,
    "LOGIN_MAX_FAILURES_PER_ADDRESS": 20,
    "LOGIN_LOCKOUT_MINUTES": 15,
}


def init_app(app: Flask) -> None:
    """Read the limits from the environment unless the app's config already has them."""
    for name, default in DEFAULTS.items():
        raw = os.environ.get(name, "").strip()
        app.config.setdefault(name, int(raw) if raw else default)


def _window() -> timedelta:
    return timedelta(minutes=int(current_app.config["LOGIN_LOCKOUT_MINUTES"]))


def _limits(account: str, address: str) -> list[tuple[str, str, int]]:
    config = current_app.config
    return [
        ("account", account, int(config["LOGIN_MAX_FAILURES_PER_ACCOUNT"])),
        ("address", address, int(config["LOGIN_MAX_FAILURES_PER_ADDRESS"])),
    ]


def _redis() -> redis.Redis | None:
    url = current_app.config.get("REDIS_URL")
    if not url:
        return None
    clients = current_app.extensions.setdefault("auth_redis", {})
    if url not in clients:
        clients[url] = redis.Redis.from_url(url)
    return clients[url]


def account_key(username: str) -> str:
    """The counting key of a user name as typed (case-insensitive), known account or not."""
    return username.strip().lower()[:128]


def locked_scope(account: str, address: str) -> str | None:
    """Return "account" or "address" when that key has used up its failures, else None."""
    client = _redis()
    window = _window()
    for scope, key, limit in _limits(account, address):
        if not key or limit <= 0:
            continue
        if client is not None:
            name = f"{REDIS_PREFIX}{scope}:{key}"
            client.zremrangebyscore(name, 0, time.time() - window.total_seconds())
            count = client.zcard(name)
        else:
            count = db.session.execute(
                select(func.count())
                .select_from(LoginFailure)
                .where(
                    LoginFailure.scope == scope,
                    LoginFailure.key == key,
                    LoginFailure.created_at > utcnow() - window,
                )
            ).scalar_one()
        if count >= limit:
            return scope
    return None


def register_failure(account: str, address: str) -> None:
    """Count one failed login against the account key and the address (caller commits)."""
    client = _redis()
    window = _window()
    if client is not None:
        now = time.time()
        pipe = client.pipeline()
        for scope, key, _limit in _limits(account, address):
            if key:
                name = f"{REDIS_PREFIX}{scope}:{key}"
                pipe.zadd(name, {uuid.uuid4().hex: now})
                pipe.expire(name, int(window.total_seconds()) + 60)
        pipe.execute()
        return
    db.session.execute(delete(LoginFailure).where(LoginFailure.created_at <= utcnow() - window))
    for scope, key, _limit in _limits(account, address):
        if key:
            db.session.add(LoginFailure(scope=scope, key=key))


def clear_account(account: str) -> None:
    """Forget an account's failures after a successful login (the address keeps its count)."""
    client = _redis()
    if client is not None:
        client.delete(f"{REDIS_PREFIX}account:{account}")
        return
    db.session.execute(
        delete(LoginFailure).where(LoginFailure.scope == "account", LoginFailure.key == account)
    )
