"""Write operations on content that the public side needs: the article view counter.

Counting a view must not cost a database write per page view (under several workers on
SQLite that would serialise every article page). Each worker adds views up in memory
and writes them in one batched UPDATE at most every VIEW_FLUSH_SECONDS, and at exit.
"""

import atexit
import threading
import time

from flask import Flask, current_app
from sqlalchemy import bindparam, update

from cms.content.models import Article, Category
from cms.content.queries import forget_categories, forget_content
from cms.core.cache import forget_on_commit
from cms.core.database import write_transaction


class ViewCounter:
    """Per-worker buffer of article views, flushed in batches."""

    def __init__(self) -> None:
        self.pending: dict[int, int] = {}
        self.lock = threading.Lock()
        self.last_flush = time.monotonic()

    def add(self, article_id: int) -> None:
        """Count one view."""
        with self.lock:
            self.pending[article_id] = self.pending.get(article_id, 0) + 1

    def unflushed(self, article_id: int) -> int:
        """Views of this article counted here but not yet written."""
        return self.pending.get(article_id, 0)

    def take(self) -> dict[int, int]:
        """Remove and return what is pending."""
        with self.lock:
            pending, self.pending = self.pending, {}
            self.last_flush = time.monotonic()
        return pending

    def due(self, every: float) -> bool:
        """True when something is pending and the last flush is older than ``every``."""
        return bool(self.pending) and time.monotonic() - self.last_flush >= every


def _counter(app: Flask) -> ViewCounter:
    return app.extensions.setdefault("view_counter", ViewCounter())


def record_view(article_id: int) -> None:
    """Count a view of an article (written later, in a batch)."""
    _counter(current_app).add(article_id)


def views_of(article) -> int:
    """The article's view count including this worker's unwritten views."""
    return (article.view_count or 0) + _counter(current_app).unflushed(article.id)


def flush_views(force: bool = False) -> int:
    """Write the buffered views when due (or now, with force); return rows updated."""
    counter = _counter(current_app)
    if not (force and counter.pending) and not counter.due(
        current_app.config["VIEW_FLUSH_SECONDS"]
    ):
        return 0
    pending = counter.take()
    try:
        with write_transaction() as session:
            table = Article.__table__
            session.execute(
                update(table)
                .where(table.c.id == bindparam("aid"))
                # updated_at stays as it is: a view is not an edit (its onupdate would fire).
                .values(
                    view_count=table.c.view_count + bindparam("n"), updated_at=table.c.updated_at
                ),
                [{"aid": aid, "n": n} for aid, n in pending.items()],
            )
    except Exception:
        # Put the views back so a passing database error loses none of them.
        with counter.lock:
            for aid, n in pending.items():
                counter.pending[aid] = counter.pending.get(aid, 0) + n
        current_app.logger.exception("could not write article view counts")
        return 0
    return len(pending)


# Public lists and fragments follow every article and category change, whatever wrote it.
forget_on_commit((Article,), forget_content)
forget_on_commit((Category,), forget_categories)


def init_app(app: Flask) -> None:
    """Flush after requests when due, and once more when the worker exits."""

    @app.teardown_request
    def _flush(_exc):
        if _counter(app).due(app.config["VIEW_FLUSH_SECONDS"]):
            flush_views()

    def _flush_at_exit():
        if _counter(app).pending:
            with app.app_context():
                flush_views(force=True)

    atexit.register(_flush_at_exit)
