"""Backups: write an archive, verify one, rebuild an empty instance from one, prune old ones.

The CLI (cms/backup/cli.py) is the edge: it commits the Redis sync before the snapshot,
shows progress and turns a BackupError into one line and a non-zero exit.
"""

import contextlib
import os
import re
import shutil
import tempfile
import time
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from alembic.script import ScriptDirectory
from flask import current_app
from flask_migrate import upgrade

from cms.backup import snapshot as snapshots
from cms.backup.archive import (
    FORMAT,
    MEDIA_PREFIX,
    NAME_PREFIX,
    NAME_SUFFIX,
    PARTIAL_SUFFIX,
    SNAPSHOT_NAMES,
    ArchiveWriter,
    BackupError,
    Contents,
    iter_media,
    read_archive,
)
from cms.config import ROOT
from cms.core.formatting import utcnow
from cms.core.storage import Storage, media_storage
from cms.extensions import db
from cms.stats import services as stats_services

STAMP_FORMAT = "%Y%m%d-%H%M%S"  # UTC, in the archive's name
ARCHIVE_RE = re.compile(
    rf"^{re.escape(NAME_PREFIX)}(\d{{8}}-\d{{6}})(?:-\d+)?{re.escape(NAME_SUFFIX)}$"
)
LEFTOVER_AGE = timedelta(days=1)  # partial archives and work folders older than this go


class Progress:
    """How long work reports itself; this default reports nothing (the CLI shows bars)."""

    def stage(self, message: str) -> None:
        """Announce a step."""

    @contextlib.contextmanager
    def bar(self, label: str, total: int) -> Iterator[Callable[[int], None]]:
        """A progress bar over ``total`` units; yields the function that advances it."""
        yield lambda _n: None


@dataclass
class Verification:
    """The outcome of checking an archive: its manifest and what is wrong with it."""

    manifest: dict | None
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when nothing is wrong."""
        return not self.problems and self.manifest is not None


def app_version() -> str:
    """The portal's version from pyproject.toml."""
    try:
        with open(ROOT / "pyproject.toml", "rb") as handle:
            return str(tomllib.load(handle)["project"]["version"])
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "unknown"


def _iso(moment: datetime) -> str:
    """A naive UTC moment as ISO 8601 with a Z."""
    return moment.isoformat() + "Z"


# --- create -----------------------------------------------------------------------------


def sync_live_counts() -> dict:
    """Move the visitor counts that Redis holds into the database (the caller commits).

    A backup must not depend on Redis: when the move fails the backup still goes ahead,
    and the manifest says the last minutes of visits kept in Redis are not in it.
    """
    if not current_app.config.get("REDIS_URL"):
        return {"redis": False}
    try:
        return {"redis": True, "days_moved": int(stats_services.sync() or 0)}
    except Exception as exc:
        db.session.rollback()
        return {"redis": True, "error": f"{type(exc).__name__}: {exc}"}


def _archive_name(directory: Path, moment: datetime) -> Path:
    """A new archive name for a moment, never one that exists already."""
    stamp = moment.strftime(STAMP_FORMAT)
    path = directory / f"{NAME_PREFIX}{stamp}{NAME_SUFFIX}"
    n = 2
    while path.exists():
        path = directory / f"{NAME_PREFIX}{stamp}-{n}{NAME_SUFFIX}"
        n += 1
    return path


def _fsync_dir(directory: Path) -> None:
    """Make a rename in a directory durable."""
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _take_snapshot(kind: str, dest: Path, progress: Progress) -> snapshots.Snapshot:
    """The database snapshot, with a progress bar for SQLite's page copy."""
    if kind == "postgresql":
        progress.stage("Dumping the database with pg_dump…")
        return snapshots.take_postgres(db.engine, dest)
    with progress.bar("Database snapshot (%)", 100) as advance:
        shown = [0]

        def on_pages(done: int, total: int) -> None:
            percent = done * 100 // total if total else 100
            advance(percent - shown[0])
            shown[0] = percent

        return snapshots.take_sqlite(db.engine, dest, on_pages)


def create_backup(output: Path | None, redis_sync: dict, progress: Progress) -> tuple[Path, dict]:
    """Write one archive (snapshot, media, manifest) under a temporary name, then rename it.

    The database is snapshotted before the media are read: an upload writes its files
    before its row, so every media row in the snapshot has its files in the archive. The
    media are read through the media storage (cms/core/storage.py): a directory or a bucket.
    """
    kind = snapshots.database_kind(db.engine)
    directory = Path(output or current_app.config["BACKUP_DIR"])
    storage = media_storage()
    try:
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        work = Path(tempfile.mkdtemp(prefix=f".{NAME_PREFIX}work-", dir=directory))
    except OSError as exc:
        raise BackupError(f"cannot write to the backup directory {directory}: {exc}") from exc
    partial = None
    writer = None
    try:
        snapshot_name = SNAPSHOT_NAMES[kind]
        snapshot_file = work / snapshot_name
        taken = _take_snapshot(kind, snapshot_file, progress)
        final = _archive_name(directory, taken.taken_at)
        partial = directory / f".{final.name}{PARTIAL_SUFFIX}"
        media = list(storage.list())
        total = snapshot_file.stat().st_size + sum(entry.size for entry in media)
        mtime = int((taken.taken_at - datetime(1970, 1, 1)).total_seconds())
        writer = ArchiveWriter(partial)
        with progress.bar(f"Archiving the database and {len(media)} media files", total) as advance:
            writer.add_file(snapshot_file, snapshot_name, advance)
            for entry in media:
                name = MEDIA_PREFIX + entry.key
                try:
                    with contextlib.closing(storage.open(entry.key)) as raw:
                        writer.add_stream(raw, name, entry.size, mtime, advance)
                except FileNotFoundError:
                    progress.stage(f"Skipped {name}: deleted while the backup ran")
        media_entries = [e for e in writer.entries if e["path"].startswith(MEDIA_PREFIX)]
        manifest = {
            "format": FORMAT,
            "created_at": _iso(taken.taken_at),
            "created_unix": int((taken.taken_at - datetime(1970, 1, 1)).total_seconds()),
            "finished_at": _iso(utcnow()),
            "app_version": app_version(),
            "schema_revision": taken.revision,
            "database": {"kind": kind, "snapshot": snapshot_name, "rows": taken.rows},
            "media": {
                "files": len(media_entries),
                "bytes": sum(e["size"] for e in media_entries),
            },
            "redis_sync": redis_sync,
            "files": writer.entries,
        }
        writer.add_manifest(manifest)
        writer.close()
        writer = None
        os.replace(partial, final)
        _fsync_dir(directory)
        partial = None
        return final, manifest
    except OSError as exc:
        raise BackupError(f"writing the backup failed: {exc}") from exc
    finally:
        if writer is not None:
            writer.abort()
        if partial is not None:
            partial.unlink(missing_ok=True)  # never leave half an archive behind
        shutil.rmtree(work, ignore_errors=True)


# --- verify -----------------------------------------------------------------------------


def _check_snapshot(contents: Contents, folder: Path) -> None:
    """Open the extracted snapshot and compare what it holds with the manifest."""
    manifest = contents.manifest or {}
    database = manifest.get("database") or {}
    kind = database.get("kind")
    path = folder / SNAPSHOT_NAMES.get(kind, "")
    if kind not in SNAPSHOT_NAMES or not path.is_file():
        return  # already reported by the manifest check
    if kind == "postgresql":
        contents.problems.extend(snapshots.check_postgres(path))
        return
    problems, revision, rows = snapshots.check_sqlite(path)
    contents.problems.extend(problems)
    if problems:
        return
    if revision != manifest.get("schema_revision"):
        contents.problems.append(
            f"schema revision {revision!r} in the snapshot, "
            f"{manifest.get('schema_revision')!r} in the manifest"
        )
    if rows != database.get("rows"):
        contents.problems.append("the snapshot's row counts differ from the manifest's")


def _read_and_check(path: Path, folder: Path, extract_all: bool, progress: Progress) -> Contents:
    """Read an archive into ``folder`` (the snapshot only, or everything) and check it."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise BackupError(f"cannot read {path}: {exc.strerror}") from exc
    snapshot_names = set(SNAPSHOT_NAMES.values())
    with progress.bar(f"Reading {path.name}", size) as advance:
        contents = read_archive(
            path,
            extract_to=folder,
            extract=(lambda _name: True) if extract_all else snapshot_names.__contains__,
            on_bytes=advance,
        )
    if not contents.problems:
        _check_snapshot(contents, folder)
    return contents


def verify_backup(path: Path, progress: Progress) -> Verification:
    """Check an archive: manifest, every checksum, and that the database snapshot opens."""
    try:  # next to the archive, where there is room for its snapshot; else the temp dir
        scratch = tempfile.TemporaryDirectory(prefix=".portal-verify-", dir=path.parent)
    except OSError:
        scratch = tempfile.TemporaryDirectory(prefix="portal-verify-")
    with scratch as folder:
        contents = _read_and_check(path, Path(folder), extract_all=False, progress=progress)
    return Verification(manifest=contents.manifest, problems=contents.problems)


# --- restore ----------------------------------------------------------------------------


def _script() -> ScriptDirectory:
    """The migrations of this version of the portal."""
    config = current_app.extensions["migrate"].migrate.get_config()
    return ScriptDirectory.from_config(config)


def _check_revision_known(revision: str) -> None:
    """Refuse an archive whose schema comes from a newer version of the portal."""
    script = _script()
    for rev in filter(None, revision.split(",")):
        try:
            known = script.get_revision(rev)
        except Exception:
            known = None
        if known is None:
            raise BackupError(
                f"the archive's schema revision {rev} is unknown to this version of the portal "
                "(it comes from a newer one): install that version to restore it"
            )


def _has_files(storage: Storage) -> bool:
    """True when the media storage holds at least one file."""
    return next(iter(storage.list()), None) is not None


def _store_media(staged: Path, storage: Storage) -> int:
    """Store the extracted media files in the media storage; return how many."""
    count = 0
    for path, name in iter_media(staged):
        storage.save(name[len(MEDIA_PREFIX) :], path.read_bytes())
        count += 1
    return count


def _restore_scratch(archive: Path) -> Path:
    """A new work folder for a restore: next to the archive when possible (there is room
    for its snapshot), else in the system's temporary directory."""
    try:
        return Path(tempfile.mkdtemp(prefix=".portal-restore-", dir=archive.parent))
    except OSError:
        return Path(tempfile.mkdtemp(prefix="portal-restore-"))


@dataclass
class Restored:
    """What a restore did."""

    manifest: dict
    media_files: int
    upgraded_from: str | None  # the archive's revision when `db upgrade` ran after it


def restore_backup(path: Path, force: bool, progress: Progress) -> Restored:
    """Rebuild an empty instance (database and media) from an archive, then upgrade its schema.

    Refuses a target database that has tables, or a media storage that holds files, unless
    ``force``. The archive is fully read and checked before anything is replaced.
    """
    engine = db.engine
    kind = snapshots.database_kind(engine)
    storage = media_storage()
    db.session.remove()
    tables = snapshots.existing_tables(engine)
    if tables and not force:
        raise BackupError(
            f"the target database already has {len(tables)} tables ({', '.join(tables[:3])}, …): "
            "restore only into an empty database, or pass --force to replace it"
        )
    try:
        occupied = _has_files(storage)
    except OSError as exc:
        raise BackupError(f"cannot read the media storage {storage.location()}: {exc}") from exc
    if occupied and not force:
        raise BackupError(
            f"the media storage {storage.location()} already holds files: restore only into "
            "an empty one, or pass --force"
        )
    try:
        staging = _restore_scratch(path)
    except OSError as exc:
        raise BackupError(f"cannot make a work folder for the restore: {exc}") from exc
    try:
        contents = _read_and_check(path, staging, extract_all=True, progress=progress)
        if contents.problems:
            more = f" (and {len(contents.problems) - 1} more)" if len(contents.problems) > 1 else ""
            raise BackupError(
                f"the archive failed verification: {contents.problems[0]}{more}; "
                "nothing was restored"
            )
        manifest = contents.manifest
        archived_kind = manifest["database"]["kind"]
        if archived_kind != kind:
            raise BackupError(
                f"the archive holds a {archived_kind} snapshot but DATABASE_URL is {kind}: "
                "restore into the same kind of database"
            )
        revision = manifest.get("schema_revision") or ""
        _check_revision_known(revision)
        snapshot_file = staging / SNAPSHOT_NAMES[kind]
        progress.stage("Restoring the database…")
        if kind == "sqlite":
            snapshots.restore_sqlite(snapshot_file, engine)
        else:
            snapshots.restore_postgres(snapshot_file, engine)
        restored_revision, rows = snapshots.current_revision_and_rows(engine)
        if restored_revision != revision or rows != manifest["database"].get("rows"):
            raise BackupError(
                "the restored database does not hold what the manifest lists "
                f"(revision {restored_revision!r}, expected {revision!r}; or row counts differ)"
            )
        progress.stage("Restoring the media…")
        media_files = _store_media(staging / MEDIA_PREFIX.rstrip("/"), storage)
        upgraded_from = None
        if set(filter(None, revision.split(","))) != set(_script().get_heads()):
            progress.stage(f"Upgrading the schema from revision {revision}…")
            upgrade(revision="heads")
            upgraded_from = revision
        return Restored(manifest=manifest, media_files=media_files, upgraded_from=upgraded_from)
    except OSError as exc:
        raise BackupError(f"restoring failed: {exc}") from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)


# --- prune ------------------------------------------------------------------------------


def archive_time(path: Path) -> datetime | None:
    """The UTC moment in an archive's name, or None when the name is not one of ours."""
    match = ARCHIVE_RE.match(path.name)
    if match is None:
        return None
    return datetime.strptime(match.group(1), STAMP_FORMAT)


def prune_backups(
    directory: Path, keep: int | None, keep_days: int | None, dry_run: bool = False
) -> list[Path]:
    """Delete old archives; return those deleted (or that would be, with ``dry_run``).

    An archive goes only when every given rule lets it go: it is not among the ``keep``
    newest and it is older than ``keep_days``. The newest archive always stays. Partial
    archives and work folders left by an interrupted run go once a day old.
    """
    if keep is None and keep_days is None:
        raise BackupError("say how many archives to keep: --keep N and/or --keep-days D")
    if (keep is not None and keep < 1) or (keep_days is not None and keep_days < 0):
        raise BackupError("--keep must be at least 1 and --keep-days at least 0")
    if not directory.is_dir():
        return []
    now = utcnow()
    archives = sorted(
        ((archive_time(p), p) for p in directory.iterdir() if archive_time(p) is not None),
        reverse=True,
    )
    doomed = []
    for index, (moment, path) in enumerate(archives):
        if index == 0:
            continue
        beyond_count = keep is None or index >= keep
        too_old = keep_days is None or moment < now - timedelta(days=keep_days)
        if beyond_count and too_old:
            doomed.append(path)
    # File times are the operating system's, so their age is measured on its clock.
    stale = time.time() - LEFTOVER_AGE.total_seconds()
    for path in directory.iterdir():
        if path.name.startswith(f".{NAME_PREFIX}") and path.stat().st_mtime < stale:
            doomed.append(path)
    if not dry_run:
        for path in doomed:
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
    return doomed
