"""Engine tuning: SQLite pragmas and write transactions that never hit "database is locked".

SQLite with several gunicorn workers: readers never block in WAL mode, but a deferred
transaction that later wants to write can fail at once with SQLITE_BUSY (the busy
timeout does not apply to a lock upgrade on a stale snapshot). So every transaction that
may write starts with ``BEGIN IMMEDIATE``, which waits for the write lock up to the busy
timeout instead. Requests with an unsafe method write; GET handlers that write (the
visitor counter, the view counter) wrap the write in ``write_transaction()``.

The write lock is then held from a request's first statement to its commit, so a request
must do nothing slow while it holds it: a POST that does slow work (decoding an uploaded
image, writing files) does it inside ``outside_transaction()``, which ends the open
transaction and lets the reads inside it begin without the lock, and writes its rows
afterwards in a short transaction of their own.

Who commits: the edge, once per request or CLI command (``cms/core/unit_of_work.py``).
``write_transaction()`` is for the few deliberate units of their own (the login throttle's
count, the vote, the visitor counter, the view-count flush): it commits only what it
started and refuses to run while the session holds changes someone else made.
"""

import contextlib
import contextvars

from flask import Flask, request
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from cms.extensions import db

# Methods that do not change anything: they take no write lock, commit nothing unless
# they wrote (cms/core/unit_of_work.py), and their error pages say nothing about data.
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
_immediate = contextvars.ContextVar("sqlite_immediate", default=False)
# session.info key: the session's transaction has flushed writes not yet committed.
_FLUSHED = "cms_flushed_writes"


def is_sqlite(engine: Engine) -> bool:
    """True when the engine talks to SQLite."""
    return engine.dialect.name == "sqlite"


def configure_engine(app: Flask) -> None:
    """Install the SQLite pragmas and the transaction-begin hook on the app's engine."""
    with app.app_context():
        engine = db.engine
    if not is_sqlite(engine):
        _limit_connect_time(engine, app.config["DATABASE_CONNECT_TIMEOUT_SECONDS"])
        return
    busy_ms = app.config["SQLITE_BUSY_TIMEOUT_MS"]

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
        _immediate.set(request.method not in SAFE_METHODS)

    @app.teardown_request
    def _reset_lock_mode(_exc):
        _immediate.set(False)


def _limit_connect_time(engine: Engine, seconds: int) -> None:
    """Give up connecting to an unreachable server after ``seconds`` (then a 503), instead
    of the client library's default of waiting as long as the network does."""
    if engine.dialect.name != "postgresql":
        return

    @event.listens_for(engine, "do_connect")
    def _with_timeout(_dialect, _record, _cargs, cparams):
        cparams.setdefault("connect_timeout", seconds)


@contextlib.contextmanager
def writes_take_the_lock():
    """Within the block, a transaction that begins on SQLite takes the write lock at once.

    For work outside a request that may write, such as a CLI command (a request sets
    this from its method).
    """
    token = _immediate.set(True)
    try:
        yield
    finally:
        _immediate.reset(token)


@contextlib.contextmanager
def write_transaction():
    """Run a block that writes in its own transaction, committed at the end.

    Only for a deliberate unit of its own (see the module docstring). The session must
    hold no change it did not start: pending changes, flushed or not, are refused with
    RuntimeError rather than committed with it. An open read transaction is ended first
    so the write starts fresh (``BEGIN IMMEDIATE`` on SQLite); on error the block's
    transaction is rolled back.
    """
    session = db.session()
    _refuse_pending(session, "write_transaction()")
    if session.in_transaction():
        session.rollback()  # it only read: nothing is lost
    token = _immediate.set(True)
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        _immediate.reset(token)


@contextlib.contextmanager
def outside_transaction():
    """Run slow work that needs no lock (image decoding, file writes) outside any transaction.

    The session's open transaction is ended first (it only read: a session with changes
    not yet committed, flushed or not, is refused with RuntimeError rather than have them
    committed half-done or lost). Reads inside the block begin a plain ``BEGIN`` on SQLite,
    which takes no lock, and their transaction is ended on leaving, so what the request
    writes next starts a fresh ``BEGIN IMMEDIATE`` that holds the lock only for its
    statements. Objects loaded earlier are expired and reload when next used.
    """
    session = db.session()
    _refuse_pending(session, "outside_transaction()")
    session.rollback()
    token = _immediate.set(False)
    try:
        yield session
        _refuse_pending(session, "outside_transaction()")
    finally:
        _immediate.reset(token)
        session.rollback()


def has_pending_writes(session: Session) -> bool:
    """True when the session holds changes not committed yet, flushed or not."""
    return bool(session.new or session.dirty or session.deleted or session.info.get(_FLUSHED))


def _refuse_pending(session: Session, who: str) -> None:
    """Raise RuntimeError when the session holds changes that are not committed yet."""
    if has_pending_writes(session):
        raise RuntimeError(f"{who}: the session holds uncommitted changes")


@event.listens_for(Session, "after_flush")
def _note_flushed_writes(session: Session, _context) -> None:
    """Remember that this transaction wrote: flushed changes are not committed yet."""
    # Flushed changes leave session.new/dirty empty but are still uncommitted.
    session.info[_FLUSHED] = True


@event.listens_for(Session, "do_orm_execute")
def _note_statement_writes(state) -> None:
    """An INSERT, UPDATE or DELETE run through the session writes without a flush."""
    if state.is_insert or state.is_update or state.is_delete:
        state.session.info[_FLUSHED] = True


@event.listens_for(Session, "after_transaction_end")
def _forget_flushed_writes(session: Session, transaction) -> None:
    """Forget the flushed writes when the outermost transaction commits or rolls back."""
    if transaction.parent is None:
        session.info.pop(_FLUSHED, None)


# Objects the search feature manages outside the ORM metadata (the SQLite FTS5 table and
# its shadow tables, PostgreSQL's generated tsvector column and its indexes).
OUTSIDE_MODELS = ("article_search", "search_vector", "ix_article_search", "ix_article_title_trgm")


def in_models(_obj, name, _type, _reflected, _compare_to) -> bool:
    """Alembic include_object: leave the objects managed outside the models alone."""
    return not (name and any(part in name for part in OUTSIDE_MODELS))
