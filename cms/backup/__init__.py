"""Backups: one archive with the database snapshot, the media and a manifest (CLI only)."""

from cms.backup.cli import backup_cli

__all__ = ["backup_cli"]
