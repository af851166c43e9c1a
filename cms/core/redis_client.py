"""The one Redis client of the app: short timeouts and one key prefix.

Every feature that keeps shared state in Redis (login throttling, vote and search rate
limits, visitor counts) gets its client from ``redis_client()`` and names its keys with
``redis_key()``, so one setting (``REDIS_PREFIX``) keeps two portals, or two test
workers, apart on one server, and a hung server costs at most ``REDIS_TIMEOUT_SECONDS``.
"""

import redis
from flask import current_app


def redis_client() -> redis.Redis | None:
    """The app's Redis client, or None when REDIS_URL is not set."""
    url = current_app.config.get("REDIS_URL")
    if not url:
        return None
    clients = current_app.extensions.setdefault("cms.redis", {})
    client = clients.get(url)
    if client is None:
        timeout = float(current_app.config.get("REDIS_TIMEOUT_SECONDS", 0.5))
        client = clients[url] = redis.Redis.from_url(
            url, socket_connect_timeout=timeout, socket_timeout=timeout
        )
    return client


def redis_key(*parts: object) -> str:
    """A key name under the app's prefix: ``redis_key("rate", "search", tag)``."""
    prefix = current_app.config.get("REDIS_PREFIX", "cms:")
    return prefix + ":".join(str(part) for part in parts)
