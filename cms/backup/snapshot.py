"""Database snapshots: taking one, checking one, putting one in place (SQLite and PostgreSQL).

SQLite: one read transaction is opened on the live database and the online backup API
copies the pages *within* it, so the copy is the database exactly as it was when that
transaction began, including what still sits in the WAL (copying ``portal.sqlite3`` alone
misses it), while writers carry on. The copy is switched to the rollback journal so the
archive holds one self-contained file.

PostgreSQL: a REPEATABLE READ transaction exports its snapshot and ``pg_dump --snapshot``
dumps exactly that, so the row counts written into the manifest (read in the same
transaction) describe the dump. The password goes to pg_dump/pg_restore through
PGPASSWORD, never on the command line (where ``ps`` would show it).
"""

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import inspect, text
from sqlalchemy.engine import URL, Engine

from cms.backup.archive import BackupError
from cms.core.formatting import utcnow
from cms.extensions import db

SQLITE_BUSY_MS = 30000
SQLITE_STEP_PAGES = 1024  # pages copied per backup step (4 MB with 4 KB pages)
# libpq parameters that are never passed on the command line (secrets).
SECRET_PARAMS = {"password", "sslpassword"}


@dataclass(frozen=True)
class Snapshot:
    """What a snapshot holds: when it was taken, the schema revision and rows per table."""

    taken_at: datetime  # naive UTC; every change committed before it is in the snapshot
    revision: str
    rows: dict[str, int]


def database_kind(engine: Engine) -> str:
    """'sqlite' or 'postgresql'; any other database cannot be backed up by this command."""
    name = engine.dialect.name
    if name not in ("sqlite", "postgresql"):
        raise BackupError(f"backups support SQLite and PostgreSQL, not {name}")
    return name


def _model_tables() -> list[str]:
    """The tables the models define, in dependency order (for row counts)."""
    return [table.name for table in db.metadata.sorted_tables]


def existing_tables(engine: Engine) -> list[str]:
    """The tables present in a database (its default schema)."""
    return sorted(inspect(engine).get_table_names())


# --- SQLite -----------------------------------------------------------------------------


def sqlite_path(engine: Engine) -> Path:
    """The database file of a SQLite engine."""
    name = engine.url.database
    if not name or name == ":memory:" or name.startswith("file:"):
        raise BackupError(f"cannot back up the SQLite database {name!r}: not a plain file")
    return Path(name)


def _sqlite_revision_and_rows(conn: sqlite3.Connection) -> tuple[str, dict[str, int]]:
    """The alembic revision and the row count of every model table present."""
    present = {
        row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    }
    revision = ""
    if "alembic_version" in present:
        versions = sorted(r[0] for r in conn.execute("SELECT version_num FROM alembic_version"))
        revision = ",".join(versions)
    rows = {}
    for name in _model_tables():
        if name in present:
            # Table names come from the models, not from input.
            rows[name] = conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]  # noqa: S608
    return revision, rows


def take_sqlite(
    engine: Engine, dest: Path, progress: Callable[[int, int], None] | None = None
) -> Snapshot:
    """Copy the live SQLite database to ``dest`` as one consistent snapshot."""
    source_path = sqlite_path(engine)
    if not source_path.is_file():
        raise BackupError(f"the SQLite database {source_path} does not exist")
    source = sqlite3.connect(source_path, isolation_level=None, timeout=SQLITE_BUSY_MS / 1000)
    target = sqlite3.connect(dest, isolation_level=None)
    try:
        source.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_MS}")
        # The first read fixes the snapshot; the backup steps then all read within it, so
        # writers committing meanwhile neither restart the copy nor appear in it.
        source.execute("BEGIN")
        source.execute("SELECT count(*) FROM sqlite_master").fetchone()
        taken_at = utcnow()

        def step(_status, remaining, total):
            if progress is not None:
                progress(total - remaining, total)

        source.backup(target, pages=SQLITE_STEP_PAGES, progress=step)
        source.execute("COMMIT")
        target.execute("PRAGMA journal_mode = DELETE")
        revision, rows = _sqlite_revision_and_rows(target)
    except sqlite3.Error as exc:
        raise BackupError(f"SQLite snapshot failed: {exc}") from exc
    finally:
        target.close()
        source.close()
    return Snapshot(taken_at=taken_at, revision=revision, rows=rows)


def check_sqlite(path: Path) -> tuple[list[str], str, dict[str, int]]:
    """Problems found by PRAGMA integrity_check, and the snapshot's revision and row counts."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        return [f"the database snapshot does not open: {exc}"], "", {}
    try:
        result = [row[0] for row in conn.execute("PRAGMA integrity_check")]
        if result != ["ok"]:
            return [f"database integrity check: {'; '.join(result[:5])}"], "", {}
        revision, rows = _sqlite_revision_and_rows(conn)
    except sqlite3.Error as exc:
        return [f"the database snapshot does not open: {exc}"], "", {}
    finally:
        conn.close()
    return [], revision, rows


def restore_sqlite(snapshot: Path, engine: Engine) -> None:
    """Put a snapshot in place of the engine's database file (the engine is disposed first)."""
    target = sqlite_path(engine)
    engine.dispose()
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(target.name + ".restoring")
    shutil.copyfile(snapshot, temporary)
    with open(temporary, "rb") as copied:
        os.fsync(copied.fileno())
    # A WAL left by the previous file would be replayed onto the new one: remove it first.
    for suffix in ("-wal", "-shm", "-journal"):
        target.with_name(target.name + suffix).unlink(missing_ok=True)
    os.replace(temporary, target)


# --- PostgreSQL -------------------------------------------------------------------------


def _quote_conninfo(value: str) -> str:
    """Quote a value for a libpq connection string."""
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def libpq_target(url: URL) -> tuple[str, dict[str, str]]:
    """A libpq connection string without secrets, and the environment carrying them."""
    params = {
        "host": url.host,
        "port": str(url.port) if url.port else None,
        "user": url.username,
        "dbname": url.database,
    }
    env = dict(os.environ)
    for key, value in url.query.items():
        value = value[-1] if isinstance(value, tuple) else value
        if key in SECRET_PARAMS:
            env["PGSSLPASSWORD" if key == "sslpassword" else "PGPASSWORD"] = value
        else:
            params[key] = value
    if url.password is not None:
        env["PGPASSWORD"] = str(url.password)
    conninfo = " ".join(f"{k}={_quote_conninfo(v)}" for k, v in params.items() if v)
    return conninfo, env


def _tool(name: str) -> str:
    """The path of a PostgreSQL client program, or a clear error."""
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"{name} not found: install the PostgreSQL client programs "
            "(package postgresql-client, the server's major version or newer)"
        )
    return path


def _run(args: list[str], env: dict[str, str], what: str) -> str:
    """Run a PostgreSQL client program; return its output or raise with its last error line."""
    # A fixed program found on PATH, arguments built here; no shell.
    result = subprocess.run(args, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        reason = lines[-1] if lines else f"exit status {result.returncode}"
        raise BackupError(f"{what} failed: {reason}")
    return result.stdout


def _connection_revision_and_rows(conn) -> tuple[str, dict[str, int]]:
    """The alembic revision and the row count of every model table, on a SQLAlchemy connection."""
    present = set(inspect(conn).get_table_names())
    revision = ""
    if "alembic_version" in present:
        versions = conn.execute(text("SELECT version_num FROM alembic_version")).scalars()
        revision = ",".join(sorted(versions))
    quote = conn.dialect.identifier_preparer.quote
    rows = {}
    for name in _model_tables():
        if name in present:
            count = text(f"SELECT count(*) FROM {quote(name)}")  # noqa: S608 - a model's table
            rows[name] = conn.execute(count).scalar_one()
    return revision, rows


def take_postgres(engine: Engine, dest: Path) -> Snapshot:
    """Dump the database with pg_dump (custom format) from one exported snapshot."""
    pg_dump = _tool("pg_dump")
    conninfo, env = libpq_target(engine.url)
    with engine.connect() as conn:
        conn = conn.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin():
            snapshot_id = conn.execute(text("SELECT pg_export_snapshot()")).scalar_one()
            taken_at = utcnow()
            revision, rows = _connection_revision_and_rows(conn)
            _run(
                [
                    pg_dump,
                    "--format=custom",
                    "--no-password",
                    f"--snapshot={snapshot_id}",
                    f"--file={dest}",
                    f"--dbname={conninfo}",
                ],
                env,
                "pg_dump",
            )
    return Snapshot(taken_at=taken_at, revision=revision, rows=rows)


def check_postgres(path: Path) -> list[str]:
    """Problems found by ``pg_restore --list`` (it reads the dump's whole table of contents)."""
    try:
        listing = _run([_tool("pg_restore"), "--list", str(path)], dict(os.environ), "pg_restore")
    except BackupError as exc:
        return [f"the database dump does not open: {exc}"]
    if "TABLE DATA" not in listing:
        return ["the database dump holds no table data"]
    return []


def restore_postgres(snapshot: Path, engine: Engine) -> None:
    """Load a dump into the engine's database, in one transaction (all or nothing)."""
    pg_restore = _tool("pg_restore")
    conninfo, env = libpq_target(engine.url)
    engine.dispose()
    _run(
        [
            pg_restore,
            "--no-owner",
            "--no-privileges",
            "--clean",
            "--if-exists",
            "--single-transaction",
            "--exit-on-error",
            "--no-password",
            f"--dbname={conninfo}",
            str(snapshot),
        ],
        env,
        "pg_restore",
    )


def current_revision_and_rows(engine: Engine) -> tuple[str, dict[str, int]]:
    """The revision and row counts of a live database (after a restore)."""
    with engine.connect() as conn:
        return _connection_revision_and_rows(conn)
