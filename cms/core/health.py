"""Readiness: can this instance serve, and which dependency stops it if not.

``/healthz`` (liveness) touches nothing: a process that answers is alive, and restarting
it would not bring a database back. ``/healthz/ready`` checks each dependency with a
cheap real operation: the database runs ``SELECT 1``, Redis (when configured) answers a
PING, and the media storage takes a new file (created, synced and deleted; on S3, an
object stored and deleted). The database and the media storage are required (503 when
either is down); Redis is not, since every feature falls back without it ("degraded",
200). The report names the media backend (and the bucket on S3).
"""

import time

from flask import current_app
from sqlalchemy import text

from cms.core.redis_client import redis_client
from cms.core.storage import media_storage
from cms.extensions import db

REQUIRED = ("database", "media")


def check_database() -> None:
    """Run one trivial query on a pooled (pinged) connection; raise when it fails."""
    try:
        db.session.execute(text("SELECT 1"))
    finally:
        try:
            db.session.rollback()
        except Exception:
            current_app.logger.warning("health check: rollback failed", exc_info=False)


def check_redis() -> bool:
    """PING Redis; False when it is not configured, raise when it does not answer.

    Through the app's own client: while its circuit breaker holds Redis for down, the
    check fails at once, as the app's features do, and it recovers when they do.
    """
    client = redis_client()
    if client is None:
        return False
    client.ping()
    return True


def check_media() -> None:
    """Store and delete a small file in the media storage; raise OSError when it cannot."""
    media_storage().check_writable()


def _run(check) -> dict:
    """Run one check; its state ("ok", "down", "not configured") and how long it took."""
    start = time.perf_counter()
    try:
        configured = check()
    except Exception as exc:
        current_app.logger.warning("readiness: %s failed: %s", check.__name__, exc)
        result = {"status": "down", "error": type(exc).__name__}
    else:
        result = {"status": "not configured" if configured is False else "ok"}
    result["ms"] = round((time.perf_counter() - start) * 1000, 1)
    return result


def readiness() -> tuple[dict, int]:
    """The readiness report and its HTTP status (503 when a required part is down)."""
    checks = {
        "database": _run(check_database),
        "redis": _run(check_redis),
        "media": _run(check_media),
    }
    checks["media"].update(media_storage().describe())  # the backend, and the bucket on S3
    failed = [name for name, result in checks.items() if result["status"] == "down"]
    if any(name in REQUIRED for name in failed):
        status, code = "unavailable", 503
    elif failed:
        status, code = "degraded", 200
    else:
        status, code = "ok", 200
    return {"status": status, "failed": failed, "checks": checks}, code
