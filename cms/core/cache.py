"""A small per-process cache with a time to live, for data read on every page.

Site settings and the category menu change rarely and are read on every request; each
worker keeps them for CACHE_SECONDS. A write in this process clears its copy at once;
other workers and instances see the change within CACHE_SECONDS.
"""

import threading
import time
from collections.abc import Callable
from itertools import chain
from typing import Any

from flask import current_app, has_app_context, has_request_context, request
from sqlalchemy import event
from sqlalchemy.orm import Session

from cms.core import metrics

# Bounded so a worker's memory stays flat: article pages add a few entries per article,
# and a crawler walking the archive must not grow the cache without end.
MAX_ENTRIES = 512


class TTLCache:
    """Values computed by a loader and kept for a few seconds per key."""

    def __init__(self) -> None:
        self._data: dict[str, tuple[float, Any]] = {}
        self._lock = threading.Lock()

    def get(self, key: str, loader: Callable[[], Any]) -> Any:
        """Return the cached value for key, loading it when missing or stale.

        Within one request a value is loaded at most once, even with a TTL of 0.
        """
        memo = request.environ.setdefault("cms.memo", {}) if has_request_context() else {}
        if key in memo:
            return memo[key]
        memo[key] = value = self._get(key, loader)
        return value

    def _get(self, key: str, loader: Callable[[], Any]) -> Any:
        ttl = current_app.config["CACHE_SECONDS"]
        now = time.monotonic()
        entry = self._data.get(key)
        if entry and now - entry[0] < ttl:
            metrics.count_cache(key, hit=True)
            return entry[1]
        metrics.count_cache(key, hit=False)
        value = loader()
        with self._lock:
            if len(self._data) >= MAX_ENTRIES:
                # Drop what is stale, then, if still full, the older half (insertion order).
                fresh = [(k, e) for k, e in self._data.items() if now - e[0] < ttl]
                self._data = dict(fresh[len(fresh) // 2 :] if len(fresh) >= MAX_ENTRIES else fresh)
            self._data[key] = (now, value)
        return value

    def clear(self, key: str | None = None, prefix: str | None = None) -> None:
        """Forget one key, every key starting with prefix, or everything."""
        if has_request_context():
            request.environ.pop("cms.memo", None)
        with self._lock:
            if key is None and prefix is None:
                self._data.clear()
            elif prefix is not None:
                self._data = {k: e for k, e in self._data.items() if not k.startswith(prefix)}
            else:
                self._data.pop(key, None)


def app_cache() -> TTLCache:
    """The cache of the current app (tests create many apps in one process)."""
    return current_app.extensions.setdefault("ttl_cache", TTLCache())


# (model classes, forget function): what to forget when such rows change.
_FORGET_ON_COMMIT: list[tuple[tuple[type, ...], Callable[[], None]]] = []


def forget_on_commit(classes: tuple[type, ...], forget: Callable[[], None]) -> None:
    """After a commit that added, changed or deleted a row of ``classes``, call ``forget``.

    The worker that committed sees the change at once; other workers and instances within
    CACHE_SECONDS. Whatever code path writes the rows, the cache follows.
    """
    if (classes, forget) not in _FORGET_ON_COMMIT:
        _FORGET_ON_COMMIT.append((classes, forget))


@event.listens_for(Session, "after_flush")
def _note_changes(session, _context):
    """Remember which caches this transaction made stale."""
    changed = list(chain(session.new, session.dirty, session.deleted))
    for classes, forget in _FORGET_ON_COMMIT:
        if any(isinstance(obj, classes) for obj in changed):
            session.info.setdefault("forget", []).append(forget)


@event.listens_for(Session, "after_commit")
def _forget_after_commit(session):
    """The transaction is durable: forget what it made stale."""
    for forget in dict.fromkeys(session.info.pop("forget", [])):
        if has_app_context():
            forget()


@event.listens_for(Session, "after_rollback")
def _forget_nothing(session):
    """A rolled-back change changed nothing."""
    session.info.pop("forget", None)
