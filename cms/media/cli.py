"""`flask media migrate`: copy the media from one storage into another (a directory into
an S3 bucket, or back), with a progress bar; run it again to copy what is missing."""

import click
from flask import current_app
from flask.cli import AppGroup

from cms.core.storage import BACKENDS, build
from cms.media import services

media_cli = AppGroup("media", help="Media storage: copy the files between backends.")


@media_cli.command("migrate")
@click.option(
    "--from",
    "source",
    type=click.Choice(BACKENDS),
    default="directory",
    show_default=True,
    help="The storage to copy from (directory: MEDIA_DIR).",
)
@click.option(
    "--to",
    "target",
    type=click.Choice(BACKENDS),
    required=True,
    help="The storage to copy into (s3: MEDIA_S3_BUCKET under MEDIA_S3_PREFIX).",
)
def migrate_command(source: str, target: str):
    """Copy every media file into another storage, skipping those already there.

    A file already in the target with the same size and checksum is skipped, so the
    command can be run again after a failure, or once more just before switching
    MEDIA_BACKEND. Nothing is deleted from the source.
    """
    if source == target:
        raise click.UsageError("--from and --to name the same storage")
    if "s3" in (source, target) and not current_app.config.get("MEDIA_S3_BUCKET"):
        raise click.UsageError("set MEDIA_S3_BUCKET (and the other MEDIA_S3_* settings) first")
    origin, destination = build(source, current_app.config), build(target, current_app.config)
    click.echo(f"Copying {origin.location()} into {destination.location()}")
    try:
        entries = list(origin.list())
        with click.progressbar(
            entries,
            label=f"Copying {len(entries)} media files",
            item_show_func=lambda entry: entry.key if entry else None,
        ) as bar:
            result = services.copy_files(origin, destination, bar)
    except OSError as exc:
        raise click.ClickException(f"copying the media failed: {exc}") from exc
    click.echo(
        f"Copied {result.copied} files ({result.bytes} bytes); "
        f"skipped {result.skipped} already in {destination.location()}."
    )
