"""Brute-force protection that an attacker cannot turn against an account's owner.

Three counts of failed password checks over a sliding window (LOGIN_LOCKOUT_MINUTES):

- per (account, address), LOGIN_MAX_FAILURES_PER_ACCOUNT_ADDRESS: that pair is refused
  for the rest of the window, the owner typing from another address is not;
- per address, LOGIN_MAX_FAILURES_PER_ADDRESS: one address trying many accounts;
- per account across every address, LOGIN_ACCOUNT_CEILING (much higher): past it the
  account is slowed, not locked: the addresses that already failed on it share one
  attempt per LOGIN_ACCOUNT_SLOW_SECONDS (the others are refused with a Retry-After of a
  few seconds), while an address with no failure on it in the window still gets its try,
  so the owner typing the right password from their own address logs in at once.

An attempt is checked and counted in one atomic step *before* the password is verified
(a Lua script on Redis; on the database a write transaction, serialised per key with
advisory locks on PostgreSQL and by the write lock on SQLite), so concurrent attempts can
never get past a limit; a right password takes its count back (``forgive``). The counts
are shared by every worker and instance: in Redis when REDIS_URL is set (falling back to
the ``login_failure`` table when Redis does not answer), never in process memory.

Key names hold neither a user name nor an address as typed: the account part is a keyed
pseudonym of the NFC, case-folded name (so "Đức", an NFD "Đức" and "ĐỨC" share one
count), the address part is ``address_pseudonym``.
"""

import hashlib
import logging
import math
import uuid
from dataclasses import dataclass, field
from datetime import timedelta

import redis
from flask import current_app
from sqlalchemy import delete, func, select

from cms.auth.models import LoginFailure
from cms.core.database import write_transaction
from cms.core.formatting import now_utc, utcnow
from cms.core.privacy import address_pseudonym, pseudonym
from cms.core.redis_client import redis_client, redis_key
from cms.users.models import username_key

log = logging.getLogger(__name__)

SCOPES = ("pair", "address", "account")

# KEYS: pair, address, account (sorted sets of attempt tokens scored by time in ms), slow.
# ARGV: now, window, pair limit, address limit, ceiling, slow interval (ms), token.
# Returns {0, 0} when the attempt is counted, else {scope number, retry after in ms}.
_RESERVE = """
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
for i = 1, 3 do
  redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now - window)
end
for i = 1, 2 do
  local limit = tonumber(ARGV[2 + i])
  if limit > 0 then
    local count = redis.call('ZCARD', KEYS[i])
    if count >= limit then
      local oldest = redis.call('ZRANGE', KEYS[i], count - limit, count - limit, 'WITHSCORES')
      return {i, tonumber(oldest[2]) + window - now}
    end
  end
end
local ceiling = tonumber(ARGV[5])
if ceiling > 0 and redis.call('ZCARD', KEYS[3]) >= ceiling and redis.call('ZCARD', KEYS[1]) > 0 then
  if not redis.call('SET', KEYS[4], '1', 'NX', 'PX', ARGV[6]) then
    return {3, redis.call('PTTL', KEYS[4])}
  end
end
for i = 1, 3 do
  redis.call('ZADD', KEYS[i], now, ARGV[7])
  redis.call('PEXPIRE', KEYS[i], window + 60000)
end
return {0, 0}
"""


class Throttled(Exception):
    """Too many failures: ``scope`` is "pair", "address" or "account" (slowed)."""

    def __init__(self, scope: str, retry_after: int) -> None:
        super().__init__(scope)
        self.scope = scope
        self.retry_after = max(1, retry_after)

    @property
    def minutes(self) -> int:
        """The wait rounded up to whole minutes, for the message."""
        return max(1, math.ceil(self.retry_after / 60))


@dataclass
class Attempt:
    """One counted attempt, to be forgiven when the password turns out right."""

    keys: dict[str, str]
    backend: str  # "redis" or "sql"
    token: str = ""
    row_ids: list[int] = field(default_factory=list)


def _window() -> timedelta:
    """The sliding window of every count."""
    return timedelta(minutes=int(current_app.config["LOGIN_LOCKOUT_MINUTES"]))


def _limits() -> dict[str, int]:
    """The limit of each scope (0 switches it off); "account" is the slowing ceiling."""
    config = current_app.config
    return {
        "pair": int(config["LOGIN_MAX_FAILURES_PER_ACCOUNT_ADDRESS"]),
        "address": int(config["LOGIN_MAX_FAILURES_PER_ADDRESS"]),
        "account": int(config["LOGIN_ACCOUNT_CEILING"]),
    }


def _slow() -> timedelta:
    """The interval between two attempts on an account past its ceiling."""
    return timedelta(seconds=int(current_app.config["LOGIN_ACCOUNT_SLOW_SECONDS"]))


def keys_for(username: str) -> dict[str, str]:
    """The counting keys of a user name as typed (known account or not), from this client."""
    account = pseudonym(username_key(username), "login.account")
    address = address_pseudonym("login.address")
    return {"pair": f"{account}:{address}", "address": address, "account": account}


def check_and_count(username: str) -> Attempt:
    """Count one attempt on ``username`` from this client, or raise Throttled.

    Runs in its own short transaction (committed before the password is checked, so that
    concurrent attempts see it); a refused attempt is not counted.
    """
    keys = keys_for(username)
    limits = _limits()
    if not keys["address"]:
        limits["address"] = 0  # no address known: never lock "everyone without one"
    client = redis_client()
    if client is not None:
        try:
            return _reserve_redis(client, keys, limits)
        except redis.RedisError as exc:
            # The breaker (cms/core/redis_client.py) logs the outage once, not per login.
            log.debug("login throttling falls back to the database: %s", exc)
    return _reserve_sql(keys, limits)


def _names(keys: dict[str, str]) -> list[str]:
    """The Redis key names of the three counts and of the account's slow-down token."""
    names = [redis_key("login", scope, keys[scope]) for scope in SCOPES]
    return [*names, redis_key("login", "slow", keys["account"])]


def _reserve_redis(client: redis.Redis, keys: dict[str, str], limits: dict[str, int]) -> Attempt:
    """Check and count in one Lua script, so no other attempt runs in between."""
    token = uuid.uuid4().hex
    window_ms = int(_window().total_seconds() * 1000)
    slow_ms = max(1, int(_slow().total_seconds() * 1000))
    args = [int(now_utc().timestamp() * 1000), window_ms, limits["pair"], limits["address"]]
    args += [limits["account"], slow_ms, token]
    scope, retry_ms = client.register_script(_RESERVE)(keys=_names(keys), args=args)
    if scope:
        raise Throttled(SCOPES[int(scope) - 1], math.ceil(int(retry_ms) / 1000))
    return Attempt(keys=keys, backend="redis", token=token)


def _advisory_id(key: str) -> int:
    """A signed 64-bit number naming a key, for pg_advisory_xact_lock."""
    return int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big", signed=True)


def _retry_after(session, scope: str, key: str, count: int, limit: int, window) -> int:
    """Seconds until the count of ``key`` falls below ``limit`` again."""
    oldest = session.execute(
        select(LoginFailure.created_at)
        .where(LoginFailure.scope == scope, LoginFailure.key == key)
        .order_by(LoginFailure.created_at)
        .offset(count - limit)
        .limit(1)
    ).scalar_one()
    return math.ceil((oldest + window - utcnow()).total_seconds())


def _reserve_sql(keys: dict[str, str], limits: dict[str, int]) -> Attempt:
    """Check and count in one short write transaction that no other attempt interleaves."""
    window = _window()
    with write_transaction() as session:
        if session.get_bind().dialect.name == "postgresql":
            # SQLite's BEGIN IMMEDIATE already lets one writer in at a time.
            for number in sorted({_advisory_id(f"{s}:{keys[s]}") for s in SCOPES}):
                session.execute(select(func.pg_advisory_xact_lock(number)))
        now = utcnow()
        session.execute(delete(LoginFailure).where(LoginFailure.created_at <= now - window))
        for scope in ("pair", "address"):
            limit = limits[scope]
            if limit <= 0:
                continue
            count = _count(session, scope, keys[scope])
            if count >= limit:
                raise Throttled(
                    scope, _retry_after(session, scope, keys[scope], count, limit, window)
                )
        if (
            limits["account"] > 0
            and _count(session, "account", keys["account"]) >= limits["account"]
            and _count(session, "pair", keys["pair"]) > 0
        ):
            _take_slow_turn(session, keys["account"], now)
        rows = [LoginFailure(scope=s, key=keys[s], created_at=now) for s in SCOPES]
        session.add_all(rows)
        session.flush()
        ids = [row.id for row in rows]
    return Attempt(keys=keys, backend="sql", row_ids=ids)


def _count(session, scope: str, key: str) -> int:
    """How many attempts of ``key`` the table holds (older ones were just pruned)."""
    return session.execute(
        select(func.count())
        .select_from(LoginFailure)
        .where(LoginFailure.scope == scope, LoginFailure.key == key)
    ).scalar_one()


def _take_slow_turn(session, account: str, now) -> None:
    """Past the ceiling: one attempt per slow interval for the addresses that failed on it."""
    slow = _slow()
    last = session.execute(
        select(func.max(LoginFailure.created_at)).where(
            LoginFailure.scope == "slow", LoginFailure.key == account
        )
    ).scalar_one()
    if last is not None and last > now - slow:
        raise Throttled("account", math.ceil((last + slow - now).total_seconds()))
    session.add(LoginFailure(scope="slow", key=account, created_at=now))


def forgive(attempt: Attempt) -> None:
    """The password was right: clear the pair's count and take this attempt back.

    The address and account counts keep their other failures. On the database this is
    a short transaction of its own, like the count (call it before changing anything).
    """
    if attempt.backend == "redis":
        client = redis_client()
        try:
            pair, address, account, _slow_name = _names(attempt.keys)
            pipe = client.pipeline(transaction=False)
            pipe.delete(pair)
            pipe.zrem(address, attempt.token)
            pipe.zrem(account, attempt.token)
            pipe.execute()
        except redis.RedisError as exc:
            log.debug("could not clear login failures in Redis: %s", exc)
        return
    with write_transaction() as session:
        session.execute(delete(LoginFailure).where(LoginFailure.id.in_(attempt.row_ids)))
        session.execute(
            delete(LoginFailure).where(
                LoginFailure.scope == "pair", LoginFailure.key == attempt.keys["pair"]
            )
        )
