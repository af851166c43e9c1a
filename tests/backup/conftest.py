"""Backup fixtures: databases of the test's own, a CLI runner per app, archive helpers."""

import hashlib
import json
import os
import shutil
import tarfile
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from flask import current_app
from flask_migrate import upgrade
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from cms import create_app
from cms.extensions import db
from tests.conftest import BACKEND, base_config
from tests.databases import fresh_postgres_url


def _admin():
    """An autocommit engine on the TEST_DATABASE_URL server's maintenance database."""
    base = make_url(os.environ["TEST_DATABASE_URL"])
    return create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")


@pytest.fixture(scope="session")
def migrated_postgres(tmp_path_factory):
    """PostgreSQL only: a migrated database to copy (CREATE DATABASE … TEMPLATE), once.

    Like every database from ``fresh_postgres_url``, it is dropped at the end of the run.
    """
    if BACKEND != "postgres":
        return None
    url = fresh_postgres_url("backup_template")
    app = create_app(base_config(tmp_path_factory.mktemp("backup_template"), url))
    with app.app_context():
        upgrade(revision="heads")
        db.engine.dispose()
    return url


@pytest.fixture
def new_database(request, template_db, tmp_path):
    """Factory: the URL of a new database of this test, migrated (default) or empty.

    ``new_database("src")`` is a copy of a migrated database; ``new_database("dst",
    migrated=False)`` has no tables at all; ``revision=`` migrates only that far. On
    PostgreSQL they are databases from ``fresh_postgres_url``, dropped at the end of the run.
    """

    def factory(name: str, migrated: bool = True, revision: str | None = None) -> str:
        copy = migrated and revision is None
        if BACKEND == "postgres":
            url = fresh_postgres_url(f"backup_{name}")
            database = make_url(url).database
            if copy:
                admin = _admin()
                with admin.connect() as conn:
                    conn.execute(text(f'DROP DATABASE "{database}"'))
                    template = make_url(request.getfixturevalue("migrated_postgres")).database
                    conn.execute(text(f'CREATE DATABASE "{database}" TEMPLATE "{template}"'))
                admin.dispose()
        else:
            path = tmp_path / f"{name}.sqlite3"
            if copy:
                shutil.copyfile(template_db["path"], path)
            url = f"sqlite:///{path}"
        if migrated and not copy:
            app = create_app(base_config(tmp_path / "migrate", url))
            with app.app_context():
                upgrade(revision=revision)
                db.engine.dispose()
        return url

    return factory


@pytest.fixture
def instance_app(make_app, tmp_path):
    """Factory: an app with its own MEDIA_DIR and BACKUP_DIR, on a database URL.

    Without a URL, the app is the test's usual one (tests/conftest.py's ``make_app``: a
    copy of the migrated template, or the worker's PostgreSQL database emptied), which
    costs no new database; at most one such app per test.
    """

    def factory(name: str, url: str | None = None, **overrides):
        folder = tmp_path / name
        paths = {"MEDIA_DIR": str(folder / "media"), "BACKUP_DIR": str(folder / "backups")}
        return make_app(database_url=url, **{**paths, **overrides})

    return factory


def run_cli(app, *args: str):
    """Invoke ``flask ARGS`` on an app; return the click Result."""
    return app.test_cli_runner().invoke(args=list(args))


def only_archive(app) -> Path:
    """The single archive in an app's BACKUP_DIR (and nothing else there)."""
    names = sorted(Path(app.config["BACKUP_DIR"]).iterdir())
    assert len(names) == 1, names
    return names[0]


def read_manifest(archive: Path) -> dict:
    """The manifest.json of an archive."""
    with tarfile.open(archive, "r:gz") as tar:
        return json.load(tar.extractfile("manifest.json"))


def media_checksums(folder: Path) -> dict[str, str]:
    """SHA-256 of every file under a folder, by relative path."""
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def write_media(app, count: int = 3) -> dict[str, str]:
    """Write a few files of random bytes under the app's MEDIA_DIR; return their checksums."""
    media = Path(app.config["MEDIA_DIR"])
    for n in range(count):
        path = media / "2026" / f"{n:02d}" / f"anh-{n}.jpg"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(os.urandom(2000 + 700 * n))
    return media_checksums(media)


def heads_and_previous() -> tuple[str, str]:
    """The head revision of the migrations and the one before it (in an app context)."""
    config = current_app.extensions["migrate"].migrate.get_config()
    script = ScriptDirectory.from_config(config)
    head = script.get_revision(script.get_current_head())
    return head.revision, head.down_revision
