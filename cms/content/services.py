"""Write operations on content that the public side needs: the article view counter.

Counting a view must not cost a database write per page view (under several workers on
SQLite that would serialise every article page). Each worker adds views up in memory
and writes them in one batched UPDATE every VIEW_FLUSH_SECONDS: after a request when
due, and from a timer thread when the worker is idle; and once more when the worker
exits (atexit, which gunicorn's workers run on a graceful stop, a restart after
max_requests or a quick shutdown).

What can be lost: a worker killed outright (SIGKILL: gunicorn's timeout, the OOM killer,
a crash of the machine) loses the views it counted since its last write, that is at most
about VIEW_FLUSH_SECONDS of that worker's article views. A write that fails (database
down) keeps the views for the next try. Rows are updated in ascending id order, so two
workers flushing at once on PostgreSQL wait for each other instead of deadlocking.
"""

import atexit
import os
import threading
import time
import weakref

from flask import Flask, current_app
from sqlalchemy import bindparam, update

from cms.content.models import Article, Category
from cms.content.queries import forget_categories, forget_content
from cms.core.cache import forget_on_commit
from cms.core.database import write_transaction


class ViewCounter:
    """Per-worker buffer of article views, flushed in batches."""

    def __init__(self) -> None:
        self._start_fresh()

    def _start_fresh(self) -> None:
        """Empty state owned by this process (also in a worker forked from a parent that
        had a counter: the parent writes its own views, and its timer thread and lock do
        not survive the fork)."""
        self.pid = os.getpid()
        self.pending: dict[int, int] = {}
        self.lock = threading.Lock()
        self.last_flush = time.monotonic()
        self.timer: threading.Thread | None = None
        self.stop = threading.Event()

    def add(self, article_id: int) -> None:
        """Count one view."""
        if self.pid != os.getpid():
            self._start_fresh()
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

    def wait_time(self, every: float) -> float:
        """Seconds until the pending views are due (``every`` when nothing is pending)."""
        if not self.pending:
            return every
        return max(0.1, every - (time.monotonic() - self.last_flush))


def _counter(app: Flask) -> ViewCounter:
    """The app's view counter in this process."""
    return app.extensions.setdefault("view_counter", ViewCounter())


def record_view(article_id: int) -> None:
    """Count a view of an article (written later, in a batch)."""
    app = current_app._get_current_object()
    counter = _counter(app)
    counter.add(article_id)
    if counter.timer is None:
        _start_timer(app, counter)


def _start_timer(app: Flask, counter: ViewCounter) -> None:
    """Start this process's flush timer, on first use: in a gunicorn worker that is after
    the fork, so each worker has its own thread."""
    every = app.config["VIEW_FLUSH_SECONDS"]
    if every <= 0:
        return  # views are written after every request
    with counter.lock:
        if counter.timer is not None:
            return
        counter.timer = threading.Thread(
            target=_flush_on_timer,
            args=(weakref.ref(app), counter, every),
            name="view-count-flush",
            daemon=True,
        )
    counter.timer.start()


def _flush_on_timer(app_ref, counter: ViewCounter, every: float) -> None:
    """The timer thread: write the views when due, in an app context (and session) of
    its own, until the process exits or the app is gone."""
    while not counter.stop.wait(counter.wait_time(every)):
        app = app_ref()
        if app is None or counter.pid != os.getpid():
            return
        try:
            if counter.due(every):
                with app.app_context():
                    flush_views()
        except Exception:
            # The timer must outlive one bad write; the views stay pending.
            app.logger.exception("view counts: the flush timer's write failed")
        del app


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
                # In id order: two workers lock the rows in the same order, never a deadlock.
                [{"aid": aid, "n": n} for aid, n in sorted(pending.items())],
            )
    except Exception as exc:
        # Put the views back so a passing database error loses none of them.
        with counter.lock:
            for aid, n in pending.items():
                counter.pending[aid] = counter.pending.get(aid, 0) + n
        current_app.logger.warning(
            "could not write the view counts of %d articles (kept for the next try): %s",
            len(pending),
            str(exc).splitlines()[0] if str(exc) else type(exc).__name__,
        )
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

    app_ref = weakref.ref(app)  # an app that is gone (tests make many) has nothing left

    def _flush_at_exit():
        live = app_ref()
        if live is None:
            return
        counter = _counter(live)
        counter.stop.set()
        if counter.timer is not None and counter.pid == os.getpid():
            counter.timer.join(timeout=5)  # let a write in progress finish
        if counter.pending and counter.pid == os.getpid():
            with live.app_context():
                flush_views(force=True)

    atexit.register(_flush_at_exit)
