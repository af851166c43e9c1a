"""A time budget for one search, enforced by the database itself.

A search runs a few statements inside a savepoint. On PostgreSQL each statement is armed
with ``SET LOCAL statement_timeout`` set to what is left of the budget, so the server
cancels it (SQLSTATE 57014) instead of letting it run; on SQLite a progress handler on the
connection interrupts a statement once the deadline has passed. Either way the savepoint
is rolled back (which also undoes the SET LOCAL) and ``SearchTooCostly`` tells the page to
answer "try a shorter query"; the rest of the request runs without the limit.
"""

import contextlib
import contextvars
import time
from collections.abc import Iterator

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from cms.core.database import is_sqlite
from cms.extensions import db

# SQLite calls the progress handler every this many virtual machine instructions.
PROGRESS_STEPS = 2000
# SQLSTATE of a statement cancelled by statement_timeout (or a cancel request).
QUERY_CANCELED = "57014"
# PostgreSQL's limit is lowered again once this much of it has been used up.
REARM_SLACK_MS = 50

_current: contextvars.ContextVar["Budget | None"] = contextvars.ContextVar(
    "search_budget", default=None
)


class SearchTooCostly(Exception):
    """The search did not finish within its time budget."""


class Budget:
    """The deadline of the running search."""

    def __init__(self, milliseconds: int, postgres: bool) -> None:
        self.deadline = time.monotonic() + milliseconds / 1000
        self.postgres = postgres
        self.armed: int | None = None  # the statement_timeout now set, in milliseconds

    def left_ms(self) -> int:
        """Whole milliseconds left before the deadline."""
        return int((self.deadline - time.monotonic()) * 1000)

    def arm(self) -> None:
        """Before a statement: give up now if the time is spent, else limit the statement.

        PostgreSQL is told again only when the time left has fallen well below the limit
        set last, so a quick search pays one SET, and a statement never runs more than
        REARM_SLACK_MS past the deadline.
        """
        left = self.left_ms()
        if left <= 0:
            raise SearchTooCostly
        if self.postgres and (self.armed is None or self.armed - left > REARM_SLACK_MS):
            # SET takes no bind parameter; ``left`` is an int, so nothing is injected.
            db.session.execute(text(f"SET LOCAL statement_timeout = {left}"))
            self.armed = left

    def expired(self) -> bool:
        """True once the deadline has passed (SQLite's progress handler asks)."""
        return time.monotonic() >= self.deadline


def execute(statement):
    """Run a search statement under the current budget (or none, outside ``budget``)."""
    current = _current.get()
    if current is not None:
        current.arm()
    return db.session.execute(statement)


def _cancelled(exc: DBAPIError) -> bool:
    """True when the database stopped the statement because the budget ran out."""
    if getattr(exc.orig, "sqlstate", None) == QUERY_CANCELED:
        return True
    return "interrupted" in str(exc.orig).lower()


@contextlib.contextmanager
def budget(milliseconds: int) -> Iterator[Budget | None]:
    """Run the block's search statements within ``milliseconds`` (0 or less: no limit)."""
    if milliseconds <= 0:
        yield None
        return
    postgres = not is_sqlite(db.engine)
    current = Budget(milliseconds, postgres)
    savepoint = db.session.begin_nested()
    raw = None if postgres else db.session.connection().connection.driver_connection
    if raw is not None:
        raw.set_progress_handler(current.expired, PROGRESS_STEPS)
    token = _current.set(current)
    try:
        yield current
        if current.armed is not None:
            db.session.execute(text("SET LOCAL statement_timeout TO DEFAULT"))
    except BaseException as exc:
        if savepoint.is_active:
            savepoint.rollback()
        if isinstance(exc, DBAPIError) and _cancelled(exc):
            raise SearchTooCostly from exc
        raise
    else:
        savepoint.commit()
    finally:
        _current.reset(token)
        if raw is not None:
            raw.set_progress_handler(None, PROGRESS_STEPS)
