"""``flask backup …``: create, verify, restore and prune backup archives.

Each command is the edge of its work: it commits (the Redis sync before the snapshot),
shows progress on standard error, and ends with one clear line and a non-zero exit on
failure. ``create`` prints the archive's path alone on standard output, for scripts.
"""

import contextlib
import functools
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy.exc import SQLAlchemyError

from cms.backup import services
from cms.backup.archive import BackupError
from cms.core.storage import media_storage
from cms.extensions import db

backup_cli = AppGroup(
    "backup", help="Back up the database and media into one archive; verify, restore, prune."
)


class ClickProgress(services.Progress):
    """Progress on standard error: a line per step, a bar for long work."""

    def stage(self, message: str) -> None:
        """Print a step."""
        click.echo(message, err=True)

    @contextlib.contextmanager
    def bar(self, label, total):
        """A click progress bar (shown only on a terminal)."""
        with click.progressbar(length=max(total, 1), label=label, file=sys.stderr) as bar:
            yield bar.update


def _one_line(command):
    """Turn an expected failure into one 'Error: …' line and exit status 1."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except BackupError as exc:
            raise click.ClickException(str(exc)) from exc
        except SQLAlchemyError as exc:
            db.session.rollback()
            reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
            raise click.ClickException(f"database error: {reason}") from exc
        except OSError as exc:
            raise click.ClickException(f"{exc.strerror or exc}: {exc.filename or ''}") from exc

    return wrapper


def _size(n: int) -> str:
    """Bytes in a readable unit."""
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n} B"


def _sync_state(sync: dict) -> str:
    """What happened to the visitor counts that Redis held, in words."""
    if "error" in sync:
        return f"NOT in the archive, the move failed ({sync['error']})"
    if not sync.get("redis"):
        return "none (REDIS_URL is not set)"
    return f"moved into the database first ({sync.get('days_moved', 0)} days)"


def _summary(manifest: dict) -> list[str]:
    """The lines that describe an archive's manifest."""
    database = manifest.get("database") or {}
    rows = database.get("rows") or {}
    media = manifest.get("media") or {}
    counted = ", ".join(
        f"{table} {rows[table]}"
        for table in ("article", "ballot", "media", "stats_daily", "user")
        if table in rows
    )
    sync = manifest.get("redis_sync") or {}
    return [
        f"  snapshot at {manifest.get('created_at')} (UTC), portal {manifest.get('app_version')}, "
        f"schema revision {manifest.get('schema_revision') or '?'}",
        f"  database {database.get('kind')}: {sum(rows.values())} rows in {len(rows)} tables"
        + (f" ({counted})" if counted else ""),
        f"  media: {media.get('files', 0)} files, {_size(int(media.get('bytes', 0)))}",
        "  visitor counts held in Redis: " + _sync_state(sync),
    ]


@backup_cli.command("create")
@click.option(
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    help="Directory for the archive (default: the BACKUP_DIR setting).",
)
@click.option("--verify", "then_verify", is_flag=True, help="Verify the archive once written.")
@_one_line
def create_command(output, then_verify):
    """Write one archive: a consistent database snapshot, the media and a manifest.

    What Redis still holds of the visitor counts is moved into the database first.
    """
    sync = services.sync_live_counts()
    db.session.commit()  # the snapshot reads through its own connection: make the sync durable
    if "error" in sync:
        click.echo(
            f"Warning: Redis visitor counts not synced ({sync['error']}); backing up anyway.",
            err=True,
        )
    progress = ClickProgress()
    path, manifest = services.create_backup(output, sync, progress)
    size = path.stat().st_size
    click.echo(f"Wrote {path.name} ({_size(size)}):", err=True)
    for line in _summary(manifest):
        click.echo(line, err=True)
    if then_verify:
        result = services.verify_backup(path, progress)
        if not result.ok:
            raise BackupError(f"the new archive failed verification: {result.problems[0]}")
        click.echo("  verified: every checksum matches and the snapshot opens", err=True)
    click.echo(str(path))


@backup_cli.command("verify")
@click.argument("archive", type=click.Path(dir_okay=False, path_type=Path))
@_one_line
def verify_command(archive):
    """Check ARCHIVE: manifest, every checksum, and that the database snapshot opens."""
    result = services.verify_backup(archive, ClickProgress())
    if result.manifest is not None:
        click.echo(f"{archive.name}:")
        for line in _summary(result.manifest):
            click.echo(line)
    if result.problems:
        for problem in result.problems:
            click.echo(f"  problem: {problem}", err=True)
        count = len(result.problems)
        raise BackupError(
            f"{archive.name} failed verification ({count} problem{'s' if count > 1 else ''})"
        )
    click.echo("OK: every checksum matches and the database snapshot opens.")


@backup_cli.command("restore")
@click.argument("archive", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.option(
    "--force",
    is_flag=True,
    help="Replace a database that has tables and write into a media storage that holds files.",
)
@_one_line
def restore_command(archive, yes, force):
    """Rebuild an empty instance (database and media) from ARCHIVE, then upgrade its schema.

    Stop the portal first. The archive is read and checked in full before anything is
    replaced; the target database must have no tables unless --force.
    """
    target = db.engine.url.render_as_string(hide_password=True)
    media = media_storage().location()
    if not yes:
        click.confirm(f"Restore {archive} into {target} and {media}?", abort=True)
    result = services.restore_backup(archive, force, ClickProgress())
    click.echo(f"Restored {archive.name} into {target}:")
    for line in _summary(result.manifest):
        click.echo(line)
    click.echo(f"  {result.media_files} media files placed in {media}")
    if result.upgraded_from:
        click.echo(f"  schema upgraded from revision {result.upgraded_from}")


@backup_cli.command("prune")
@click.option("--keep", type=int, help="Keep the N newest archives.")
@click.option("--keep-days", type=int, help="Keep archives younger than D days.")
@click.option(
    "--dir",
    "directory",
    type=click.Path(file_okay=False, path_type=Path),
    help="Directory of the archives (default: the BACKUP_DIR setting).",
)
@click.option("--dry-run", is_flag=True, help="Only list what would be deleted.")
@_one_line
def prune_command(keep, keep_days, directory, dry_run):
    """Delete old archives: those beyond --keep N newest and older than --keep-days D.

    With both options an archive goes only when both let it go; the newest always stays.
    """
    directory = Path(directory or current_app.config["BACKUP_DIR"])
    removed = services.prune_backups(directory, keep, keep_days, dry_run)
    verb = "Would delete" if dry_run else "Deleted"
    for path in removed:
        click.echo(f"{verb} {path.name}")
    click.echo(f"{verb} {len(removed)} old archives in {directory}.")
