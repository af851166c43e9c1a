"""The one Redis client of the app: short timeouts, one key prefix and a circuit breaker.

Every feature that keeps shared state in Redis (login throttling, vote and search rate
limits, visitor counts) gets its client from ``redis_client()`` and names its keys with
``redis_key()``, so one setting (``REDIS_PREFIX``) keeps two portals, or two test
workers, apart on one server.

Failure policy: every caller catches ``redis.RedisError`` and takes its fallback (the
database, or a per-worker counter). A hung server costs at most REDIS_TIMEOUT_SECONDS,
once: redis-py's own retries are off, and after a connection error or a timeout the
breaker considers Redis down for REDIS_RETRY_SECONDS, during which every command fails
at once (no socket is touched) so callers fall back without waiting. Then one caller
tries again; its answer closes the breaker, its failure keeps it open. The log gets one
line when Redis goes down and one when it is back, not a traceback per request. The state
is per worker process (each pays one timeout per REDIS_RETRY_SECONDS at most).
"""

import logging
import threading
import time

import redis
from flask import current_app
from redis.backoff import NoBackoff
from redis.connection import Connection, SSLConnection, UnixDomainSocketConnection, parse_url
from redis.retry import Retry

log = logging.getLogger(__name__)

# The errors that say "the server is not answering" (not a refused command).
DOWN_ERRORS = (redis.ConnectionError, redis.TimeoutError)


class Breaker:
    """Whether one Redis server is usable, in this process: up, or down until a moment."""

    def __init__(self, retry_seconds: float) -> None:
        self.retry_seconds = retry_seconds
        self.down = False
        self.retry_at = 0.0  # time.monotonic() after which one caller may try again
        self._lock = threading.Lock()

    def allows(self) -> bool:
        """True when a command may be sent now: Redis is up, or it is time to try again."""
        if not self.down:
            return True
        with self._lock:
            now = time.monotonic()
            if now < self.retry_at:
                return False
            # This caller tries; the others keep their fallback until it has an answer.
            self.retry_at = now + self.retry_seconds
            return True

    def failed(self, error: Exception) -> None:
        """Redis did not answer: leave it alone for a while (log only the change)."""
        with self._lock:
            was_down, self.down = self.down, True
            self.retry_at = time.monotonic() + self.retry_seconds
        if not was_down:
            log.warning(
                "Redis is down (%s): using the fallbacks, trying again every %g s",
                error,
                self.retry_seconds,
            )

    def answered(self) -> None:
        """Redis answered: close the breaker (log only the change)."""
        if not self.down:
            return
        with self._lock:
            was_down, self.down = self.down, False
        if was_down:
            log.warning("Redis is back up: shared state is kept in Redis again")


class _Reporting:
    """Mixin for a redis-py connection: tells the breaker whether the server answered."""

    def __init__(self, *args, breaker: Breaker, **kwargs) -> None:
        self.breaker = breaker
        super().__init__(*args, **kwargs)

    def connect_check_health(self, *args, **kwargs):
        """Connect (and handshake); a refused or timed-out connection opens the breaker."""
        try:
            return super().connect_check_health(*args, **kwargs)
        except DOWN_ERRORS as exc:
            self.breaker.failed(exc)
            raise

    def send_packed_command(self, *args, **kwargs):
        """Send a command; a broken or stalled socket opens the breaker."""
        try:
            return super().send_packed_command(*args, **kwargs)
        except DOWN_ERRORS as exc:
            self.breaker.failed(exc)
            raise

    def read_response(self, *args, **kwargs):
        """Read an answer: a timeout opens the breaker, an answer closes it."""
        try:
            response = super().read_response(*args, **kwargs)
        except DOWN_ERRORS as exc:
            self.breaker.failed(exc)
            raise
        except redis.ResponseError:
            self.breaker.answered()  # an error reply is still an answer
            raise
        self.breaker.answered()
        return response


class _TcpConnection(_Reporting, Connection):
    """A redis:// connection that reports to the breaker."""


class _SslConnection(_Reporting, SSLConnection):
    """A rediss:// connection that reports to the breaker."""


class _UnixConnection(_Reporting, UnixDomainSocketConnection):
    """A unix:// connection that reports to the breaker."""


_REPORTING = {
    Connection: _TcpConnection,
    SSLConnection: _SslConnection,
    UnixDomainSocketConnection: _UnixConnection,
}


class _GuardedPool(redis.ConnectionPool):
    """A connection pool that refuses at once, without touching a socket, while Redis is down."""

    def __init__(self, *args, breaker: Breaker, **kwargs) -> None:
        self.breaker = breaker
        super().__init__(*args, breaker=breaker, **kwargs)

    def get_connection(self, *args, **kwargs):
        """A connection, or ConnectionError at once while the breaker is open."""
        if not self.breaker.allows():
            raise redis.ConnectionError("Redis is considered down: taking the fallback")
        return super().get_connection(*args, **kwargs)


def make_client(url: str, timeout: float, retry_seconds: float) -> redis.Redis:
    """A client for url with one timeout, no retries and a breaker of its own."""
    breaker = Breaker(retry_seconds)
    base = parse_url(url).get("connection_class", Connection)
    pool = _GuardedPool.from_url(
        url,
        breaker=breaker,
        connection_class=_REPORTING[base],
        socket_connect_timeout=timeout,
        socket_timeout=timeout,
        # redis-py retries three times with a back-off by default: seconds, not one timeout.
        retry=Retry(NoBackoff(), 0),
    )
    return redis.Redis(connection_pool=pool)


def redis_client() -> redis.Redis | None:
    """The app's Redis client, or None when REDIS_URL is not set."""
    url = current_app.config.get("REDIS_URL")
    if not url:
        return None
    clients = current_app.extensions.setdefault("cms.redis", {})
    client = clients.get(url)
    if client is None:
        config = current_app.config
        client = clients[url] = make_client(
            url, config["REDIS_TIMEOUT_SECONDS"], config["REDIS_RETRY_SECONDS"]
        )
    return client


def redis_key(*parts: object) -> str:
    """A key name under the app's prefix: ``redis_key("rate", "search", tag)``."""
    prefix = current_app.config.get("REDIS_PREFIX", "cms:")
    return prefix + ":".join(str(part) for part in parts)
