"""A fixed-window counter of vote attempts per client, shared by every worker.

With REDIS_URL set the counter lives in Redis (INCR + EXPIRE); otherwise, and while
Redis does not answer, in the poll_rate_bucket table, bumped inside the vote's own
transaction so that no extra commit is paid per vote.
"""

import random
import time

import redis
from flask import current_app
from sqlalchemy import delete, text
from sqlalchemy.engine import Connection

from cms.core.redis_client import redis_client, redis_key
from cms.polls.models import PollRateBucket

# A new bucket sweeps the stale ones with probability 1/SWEEP_EVERY.
SWEEP_EVERY = 64


def _slot() -> tuple[int, int]:
    """The current window number and the window length in seconds."""
    length = max(1, int(current_app.config["POLL_RATE_WINDOW_SECONDS"]))
    return int(time.time()) // length, length


def over_limit(hits: int) -> bool:
    """True when this many attempts in one window exceeds the limit."""
    return hits > int(current_app.config["POLL_RATE_LIMIT"])


def bump_redis(key: str) -> int | None:
    """Count one attempt for key in Redis; return the attempts in this window.

    None when Redis is not configured or does not answer: the caller counts the attempt
    in the database instead (the breaker in cms/core/redis_client.py logs the outage).
    """
    client = redis_client()
    if client is None:
        return None
    slot, length = _slot()
    name = redis_key("polls", "rate", key, slot)
    try:
        pipe = client.pipeline()
        pipe.incr(name)
        pipe.expire(name, length + 5)
        hits, _ = pipe.execute()
    except redis.RedisError:
        return None
    return int(hits)


def bump_db(conn: Connection, key: str) -> int:
    """Count one attempt for key in the database (in the caller's transaction)."""
    slot, _ = _slot()
    hits = int(conn.execute(_BUMP, {"key": key, "slot": slot}).scalar_one())
    if hits == 1 and random.randrange(SWEEP_EVERY) == 0:
        conn.execute(delete(PollRateBucket).where(PollRateBucket.slot < slot - 1))
    return hits


# Plain SQL shared by SQLite and PostgreSQL: it runs on every vote.
_BUMP = text(
    "INSERT INTO poll_rate_bucket (key, slot, hits) VALUES (:key, :slot, 1) "
    "ON CONFLICT (key, slot) DO UPDATE SET hits = poll_rate_bucket.hits + 1 RETURNING hits"
)
