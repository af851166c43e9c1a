"""Engine tuning: SQLite pragmas and write transactions that never hit "database is locked".

SQLite with several gunicorn workers: readers never block in WAL mode, but a deferred
transaction that later wants to write can fail at once with SQLITE_BUSY (the busy
timeout does not apply to a lock upgrade on a stale snapshot). So every transaction that
may write starts with ``BEGIN IMMEDIATE``, which waits for the write lock up to the busy
timeout instead. Requests with an unsafe method write; GET handlers that write (the
visitor counter, the view counter) wrap the write in ``write_transaction()``.
"""

import contextlib
import contextvars

from flask import Flask, request
from sqlalchemy import event
from sqlalchemy.engine import Engine

from cms.extensions import db

_immediate = contextvars.ContextVar("sqlite_immediate", default=False)


def is_sqlite(engine: Engine) -> bool:
    """True when the engine talks to SQLite."""
    return engine.dialect.name == "sqlite"


def configure_engine(app: Flask) -> None:
    """Install the SQLite pragmas and the transaction-begin hook on the app's engine."""
    with app.app_context():
        engine = db.engine
    if not is_sqlite(engine):
        return
    busy_ms = int(app.config["SQLITE_BUSY_TIMEOUT_MS"])

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):
        # Let SQLAlchemy, not pysqlite, decide when transactions begin.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {busy_ms}")
        cur.execute("PRAGMA journal_mode = WAL")
        cur.execute("PRAGMA synchronous = NORMAL")
        cur.execute("PRAGMA foreign_keys = ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        conn.exec_driver_sql("BEGIN IMMEDIATE" if _immediate.get() else "BEGIN")

    @app.before_request
    def _writes_take_the_lock_first():
        # Set per request and cleared at teardown: a sync worker serves every request in
        # the same thread, so a flag left on would make later reads take the write lock.
        _immediate.set(request.method not in ("GET", "HEAD", "OPTIONS"))

    @app.teardown_request
    def _reset_lock_mode(_exc):
        _immediate.set(False)


@contextlib.contextmanager
def write_transaction():
    """Run a block that writes in its own transaction, committed at the end.

    Any open read transaction of the session is ended first so the write starts fresh
    (``BEGIN IMMEDIATE`` on SQLite); on error the transaction is rolled back.
    """
    session = db.session()
    if session.in_transaction():
        session.commit()
    token = _immediate.set(True)
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        _immediate.reset(token)


# Objects the search feature manages outside the ORM metadata (the SQLite FTS5 table and
# its shadow tables, PostgreSQL's generated tsvector column and its indexes).
OUTSIDE_MODELS = ("article_search", "search_vector", "ix_article_search", "ix_article_title_trgm")


def in_models(_obj, name, _type, _reflected, _compare_to) -> bool:
    """Alembic include_object: leave the objects managed outside the models alone."""
    return not (name and any(part in name for part in OUTSIDE_MODELS))
