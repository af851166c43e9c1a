"""PostgreSQL databases of the tests' own, and their removal at the end of the run.

A module of its own (not tests/conftest.py) on purpose: test modules import helpers with
``from tests.conftest import …``, which loads a second copy of the conftest next to the one
pytest loaded, with a second list of databases that nobody would drop. This module is
imported under one name only, so there is one list per process.
"""

import os

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url


def worker_name() -> str:
    """This test process's own name: the xdist worker and the run (or the process id).

    Two runs at once on one machine (two developers, CI and a developer) never share a
    database or a Redis key.
    """
    run = os.environ.get("PYTEST_XDIST_TESTRUNUID", "")[:8] or f"p{os.getpid()}"
    return f"{os.environ.get('PYTEST_XDIST_WORKER', 'main')}_{run}"


# Databases this process created on the TEST_DATABASE_URL server, dropped at the end.
_CREATED_DATABASES: list[str] = []


def _postgres_admin():
    """An autocommit engine on the server's maintenance database."""
    base = make_url(os.environ["TEST_DATABASE_URL"])
    return create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")


def fresh_postgres_url(suffix: str) -> str:
    """An empty UTF-8 database of this test process's own on the TEST_DATABASE_URL server."""
    base = make_url(os.environ["TEST_DATABASE_URL"])
    name = (
        f"{base.database}_{suffix}_{worker_name()}"
        if suffix
        else f"{base.database}_{worker_name()}"
    )
    admin = _postgres_admin()
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0"))
    admin.dispose()
    if name not in _CREATED_DATABASES:
        _CREATED_DATABASES.append(name)
    return base.set(database=name).render_as_string(hide_password=False)


def drop_created_databases() -> None:
    """Drop every database this process created (called once, at the end of the session)."""
    if not _CREATED_DATABASES:
        return
    admin = _postgres_admin()
    with admin.connect() as conn:
        for name in _CREATED_DATABASES:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()
    _CREATED_DATABASES.clear()
