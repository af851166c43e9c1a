"""A per-address limit on searches: a fixed one-minute window, shared by every worker.

With REDIS_URL set the counter lives in Redis (INCR and EXPIRE in one MULTI), so every
worker and instance counts against the same number. Without Redis (or while it does not
answer) each worker counts in its own memory: a database table would cost a migration and
a write per search, and on SQLite that write would take the lock every page waits on, which
is the stall this limit is meant to prevent. The price of the fallback is that a client can
do up to SEARCH_RATE_LIMIT searches per worker per minute; production runs with Redis.

Addresses are counted under ``address_pseudonym("search")``, never as they are.
"""

import math
import threading
import time

import redis
from flask import Flask, current_app
from flask_login import current_user

from cms.core.privacy import address_pseudonym
from cms.core.redis_client import redis_client, redis_key

WINDOW_SECONDS = 60
# A worker's fallback counters stay this small whatever the number of addresses seen.
MAX_LOCAL_KEYS = 20_000


class LocalCounter:
    """Per-worker counters of the current window, for when Redis is not there."""

    def __init__(self) -> None:
        self.slot = -1
        self.hits: dict[str, int] = {}
        self.lock = threading.Lock()

    def bump(self, key: str, slot: int) -> int:
        """Count one search for key in this window; return the searches so far."""
        with self.lock:
            if slot != self.slot or len(self.hits) >= MAX_LOCAL_KEYS:
                # A new window starts from zero; a full table too (only a client with many
                # addresses fills it, and a per-address limit cannot stop that one anyway).
                self.slot, self.hits = slot, {}
            self.hits[key] = hits = self.hits.get(key, 0) + 1
        return hits


def _local(app: Flask) -> LocalCounter:
    return app.extensions.setdefault("search.rate", LocalCounter())


def _bump_redis(client: redis.Redis, key: str, slot: int) -> int:
    """Count one search for key in Redis, atomically with its expiry."""
    name = redis_key("search", "rate", key, slot)
    pipe = client.pipeline(transaction=True)
    pipe.incr(name)
    pipe.expire(name, WINDOW_SECONDS + 5)
    hits, _ = pipe.execute()
    return int(hits)


def _bump(key: str, slot: int) -> int:
    """Count one search: in Redis when configured and answering, else in this worker."""
    client = redis_client()
    if client is not None:
        try:
            return _bump_redis(client, key, slot)
        except redis.RedisError:
            pass  # counted locally below; the breaker (cms/core/redis_client.py) logs it
    return _local(current_app).bump(key, slot)


def _is_staff() -> bool:
    """True for a logged-in member of staff (every account is staff: readers have none)."""
    return bool(current_user and current_user.is_authenticated)


def retry_after() -> int | None:
    """Count this search; None when it may run, else the seconds until the window ends.

    The login is looked at only once the anonymous limit is passed, so the usual search
    never touches the session (public pages stay free of per-visitor state).
    """
    limit = int(current_app.config["SEARCH_RATE_LIMIT"])
    if limit <= 0:
        return None
    now = time.time()
    slot = int(now // WINDOW_SECONDS)
    hits = _bump(address_pseudonym("search"), slot)
    if hits <= limit:
        return None
    if hits <= int(current_app.config["SEARCH_RATE_LIMIT_STAFF"]) and _is_staff():
        return None
    return max(1, math.ceil((slot + 1) * WINDOW_SECONDS - now))
