"""``flask backup create|verify|restore|prune``: damage found, refusals, upgrades, retention."""

import errno
import io
import os
import tarfile
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select, text
from sqlalchemy.engine import make_url

from cms.backup.archive import ArchiveWriter
from cms.backup.snapshot import libpq_target
from cms.content.models import Category
from cms.core.formatting import utcnow
from cms.extensions import db
from tests.backup.conftest import (
    heads_and_previous,
    media_checksums,
    only_archive,
    read_manifest,
    run_cli,
    write_media,
)


def _backed_up(instance_app, name="source", **config):
    """A source instance with a category and media files, and its one archive."""
    source = instance_app(name, **config)
    with source.app_context():
        db.session.add(Category(name="Thông báo", slug="thong-bao", position=1))
        db.session.commit()
    write_media(source)
    result = run_cli(source, "backup", "create")
    assert result.exit_code == 0, result.output
    return source, only_archive(source)


def _error_lines(result) -> list[str]:
    """The lines of a failed command that start with 'Error:'."""
    return [line for line in result.output.splitlines() if line.startswith("Error:")]


def test_create_writes_one_archive_with_a_manifest(instance_app):
    source, archive = _backed_up(instance_app)
    assert archive.name.startswith("portal-backup-") and archive.name.endswith(".tar.gz")
    assert archive.stat().st_mode & 0o077 == 0  # it holds password hashes
    manifest = read_manifest(archive)
    with source.app_context():
        head, _previous = heads_and_previous()
    assert manifest["schema_revision"] == head
    assert manifest["database"]["rows"]["category"] == 1
    assert manifest["media"]["files"] == 3
    paths = {entry["path"] for entry in manifest["files"]}
    assert {p for p in paths if p.startswith("media/")} == {
        f"media/{name}" for name in media_checksums(Path(source.config["MEDIA_DIR"]))
    }
    assert all(len(entry["sha256"]) == 64 for entry in manifest["files"])
    verified = run_cli(source, "backup", "verify", str(archive))
    assert verified.exit_code == 0, verified.output
    assert "OK" in verified.output


def test_verify_catches_a_flipped_byte(instance_app):
    source, archive = _backed_up(instance_app)
    data = bytearray(archive.read_bytes())
    data[len(data) // 2] ^= 0x01
    archive.write_bytes(bytes(data))
    result = run_cli(source, "backup", "verify", str(archive))
    assert result.exit_code == 1
    assert len(_error_lines(result)) == 1
    assert "failed verification" in result.output


def test_verify_names_the_file_whose_checksum_differs(instance_app, tmp_path):
    source, archive = _backed_up(instance_app)
    tampered = tmp_path / "tampered.tar.gz"
    with tarfile.open(archive, "r:gz") as old, tarfile.open(tampered, "w:gz") as new:
        for member in old:
            data = old.extractfile(member).read()
            if member.name == "media/2026/01/anh-1.jpg":
                data = data[:-1] + bytes([data[-1] ^ 0xFF])  # same size, other bytes
            new.addfile(member, io.BytesIO(data))
    result = run_cli(source, "backup", "verify", str(tampered))
    assert result.exit_code == 1
    assert "checksum mismatch: media/2026/01/anh-1.jpg" in result.output


def test_restore_refuses_a_database_that_has_tables(new_database, instance_app):
    _source, archive = _backed_up(instance_app)
    other = instance_app("other", new_database("other"))
    with other.app_context():
        db.session.add(Category(name="Giữ nguyên", slug="giu-nguyen", position=1))
        db.session.commit()
    result = run_cli(other, "backup", "restore", str(archive), "--yes")
    assert result.exit_code == 1
    assert "already has" in _error_lines(result)[0] and "--force" in result.output
    with other.app_context():
        names = db.session.execute(select(Category.slug)).scalars().all()
    assert names == ["giu-nguyen"]
    assert not any(Path(other.config["MEDIA_DIR"]).rglob("*.jpg"))


def test_restore_refuses_a_damaged_archive_and_changes_nothing(new_database, instance_app):
    _source, archive = _backed_up(instance_app)
    data = bytearray(archive.read_bytes())
    data[len(data) // 2] ^= 0x01
    archive.write_bytes(bytes(data))
    target = instance_app("target", new_database("target", migrated=False))
    result = run_cli(target, "backup", "restore", str(archive), "--yes")
    assert result.exit_code == 1
    assert "nothing was restored" in result.output
    with target.app_context():
        assert db.session.execute(text("SELECT 1")).scalar() == 1
        from_tables = db.inspect(db.engine).get_table_names()
    assert from_tables == []
    media = Path(target.config["MEDIA_DIR"])
    assert not media.exists() or media_checksums(media) == {}


def test_restore_upgrades_an_archive_from_an_older_schema(new_database, instance_app):
    target = instance_app("target", new_database("target", migrated=False))
    with target.app_context():
        head, previous = heads_and_previous()
    source = instance_app("old", new_database("old", revision=previous))
    write_media(source, 1)
    created = run_cli(source, "backup", "create")
    assert created.exit_code == 0, created.output
    archive = only_archive(source)
    assert read_manifest(archive)["schema_revision"] == previous
    result = run_cli(target, "backup", "restore", str(archive), "--yes")
    assert result.exit_code == 0, result.output
    assert f"upgraded from revision {previous}" in result.output
    with target.app_context():
        revision = db.session.execute(text("SELECT version_num FROM alembic_version")).scalar()
    assert revision == head


def test_restore_refuses_an_archive_from_a_newer_version(new_database, instance_app):
    source = instance_app("newer", new_database("newer"))
    with source.app_context():
        db.session.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
        db.session.commit()
    assert run_cli(source, "backup", "create").exit_code == 0
    target = instance_app("target", new_database("target", migrated=False))
    result = run_cli(target, "backup", "restore", str(only_archive(source)), "--yes")
    assert result.exit_code == 1
    assert "9999_future is unknown to this version" in result.output
    with target.app_context():
        assert db.inspect(db.engine).get_table_names() == []


def test_a_failed_create_leaves_no_archive(instance_app, monkeypatch):
    source = instance_app("source")
    write_media(source)

    def disk_full(self, manifest):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(ArchiveWriter, "add_manifest", disk_full)
    result = run_cli(source, "backup", "create")
    assert result.exit_code == 1
    assert _error_lines(result) == [
        "Error: writing the backup failed: [Errno 28] No space left on device"
    ]
    assert list(Path(source.config["BACKUP_DIR"]).iterdir()) == []


def test_create_says_why_when_the_backup_directory_is_unusable(instance_app, tmp_path):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    source = instance_app("source", BACKUP_DIR=str(blocker))
    result = run_cli(source, "backup", "create")
    assert result.exit_code == 1
    assert _error_lines(result)[0].startswith("Error: cannot write to the backup directory")


def test_prune_keeps_the_newest_and_the_recent(instance_app, tmp_path):
    source = instance_app("source")
    folder = Path(source.config["BACKUP_DIR"])
    folder.mkdir(parents=True)
    now = utcnow()
    names = [
        f"portal-backup-{(now - timedelta(days=days)).strftime('%Y%m%d-%H%M%S')}.tar.gz"
        for days in (0, 1, 2, 10, 40)
    ]
    for name in names:
        (folder / name).write_bytes(b"x")
    (folder / "notes.txt").write_text("not an archive")
    stale = folder / ".portal-backup-20200101-000000.tar.gz.partial"
    stale.write_bytes(b"half")
    os.utime(stale, (0, 0))

    dry = run_cli(source, "backup", "prune", "--keep", "2", "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert len(list(folder.iterdir())) == 7

    by_age = run_cli(source, "backup", "prune", "--keep", "1", "--keep-days", "7")
    assert by_age.exit_code == 0, by_age.output
    assert sorted(p.name for p in folder.iterdir()) == sorted([*names[:3], "notes.txt"])

    by_count = run_cli(source, "backup", "prune", "--keep", "2")
    assert sorted(p.name for p in folder.iterdir()) == sorted([*names[:2], "notes.txt"])
    assert "Deleted 1 old archives" in by_count.output

    refused = run_cli(source, "backup", "prune")
    assert refused.exit_code == 1
    assert "--keep" in _error_lines(refused)[0]


def test_restore_asks_first_without_yes(new_database, instance_app):
    _source, archive = _backed_up(instance_app)
    target = instance_app("target", new_database("target", migrated=False))
    result = target.test_cli_runner().invoke(args=["backup", "restore", str(archive)], input="n\n")
    assert result.exit_code == 1
    assert "Restore" in result.output and "Aborted" in result.output
    with target.app_context():
        assert db.inspect(db.engine).get_table_names() == []


def test_the_postgres_password_never_reaches_a_command_line():
    url = make_url("postgresql+psycopg://portal:s3cr%27t%20pw@db.local:5433/portal?sslmode=require")
    conninfo, env = libpq_target(url)
    assert "s3cr" not in conninfo
    assert env["PGPASSWORD"] == "s3cr't pw"
    assert conninfo == "host='db.local' port='5433' user='portal' dbname='portal' sslmode='require'"
