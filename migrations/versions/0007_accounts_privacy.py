"""accounts and privacy: case-folded user names, one-time passwords, no raw addresses

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05 07:00:00

- ``user.username_key``: the NFC, case-folded user name (Python's casefold, which knows
  "Đ" and "Ứ", unlike SQLite's ASCII-only lower()), with a unique index. Existing names are
  NFC-normalised; when two existing names fold alike ("Đức" and "ĐỨC"), the older account
  (lower id) keeps its name and each later one is renamed with a suffix ("ĐỨC-2"), logged
  as a warning.
- ``user.must_change_password``: false for every existing account.
- ``audit_entry.burst_key`` and ``repeat_count``: failed and refused logins are counted on
  one row per burst.
- No raw IP address is kept: ``audit_entry.address`` is replaced by the same short keyed
  tag the app now writes (``address_tag``, keyed by SECRET_KEY, so old and new rows from one
  address match); without an app context (no secret) the addresses are blanked instead.
  ``login_failure`` rows are only short-lived counters keyed by the raw address: they are
  deleted (at worst someone gets a few more tries in the current 15 minutes).

Columns are added with ALTER TABLE (no batch copy): on SQLite, recreating ``user`` with
foreign keys on would set every article's and audit entry's reference to it to NULL.
"""

import logging
import unicodedata

import sqlalchemy as sa
from alembic import op
from flask import current_app, has_app_context

from cms.core.privacy import address_tag

# revision identifiers, used by Alembic.
revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

log = logging.getLogger("alembic.runtime.migration")
MAX_USERNAME = 64


def _nfc(name: str) -> str:
    """The name NFC, without surrounding space (as cms.core.text.nfc at this revision)."""
    return unicodedata.normalize("NFC", name or "").strip()


def _key(name: str) -> str:
    """The comparison key of a name (as cms.users.models.username_key at this revision)."""
    return unicodedata.normalize("NFC", _nfc(name).casefold())


def _fill_username_keys(bind) -> None:
    """NFC every name and store its key; rename later accounts whose name folds like an older one."""
    rows = bind.execute(sa.text('SELECT id, username FROM "user" ORDER BY id')).all()
    original = {_key(row.username) for row in rows}
    assigned: set[str] = set()
    update = sa.text('UPDATE "user" SET username = :name, username_key = :key WHERE id = :id')
    for row in rows:
        name = _nfc(row.username) or f"user-{row.id}"
        key = _key(name)
        if key in assigned:
            number = 2
            while True:
                suffix = f"-{number}"
                candidate = name[: MAX_USERNAME - len(suffix)] + suffix
                if _key(candidate) not in original | assigned:
                    break
                number += 1
            log.warning(
                "user #%s: name %r folds like an older account's; renamed to %r",
                row.id,
                row.username,
                candidate,
            )
            name, key = candidate, _key(candidate)
        assigned.add(key)
        bind.execute(update, {"name": name, "key": key, "id": row.id})


def _pseudonymise_addresses(bind) -> None:
    """Replace each raw address in the audit log by its tag (or blank it without a secret)."""
    secret = has_app_context() and bool(current_app.config.get("SECRET_KEY"))
    raw = bind.execute(
        sa.text("SELECT DISTINCT address FROM audit_entry WHERE address <> ''")
    ).scalars()
    update = sa.text("UPDATE audit_entry SET address = :tag WHERE address = :raw")
    for address in list(raw):
        bind.execute(update, {"tag": address_tag(address) if secret else "", "raw": address})


def upgrade():
    bind = op.get_bind()
    op.add_column(
        "user",
        sa.Column("username_key", sa.String(length=255), nullable=False, server_default=""),
    )
    op.add_column(
        "user",
        sa.Column("must_change_password", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    _fill_username_keys(bind)
    op.create_index("ix_user_username_key", "user", ["username_key"], unique=True)

    op.add_column(
        "audit_entry",
        sa.Column("burst_key", sa.String(length=64), nullable=False, server_default=""),
    )
    op.add_column(
        "audit_entry",
        sa.Column("repeat_count", sa.Integer(), nullable=False, server_default="1"),
    )
    op.create_index(
        "ix_audit_entry_burst_created", "audit_entry", ["burst_key", "created_at"], unique=False
    )
    _pseudonymise_addresses(bind)
    op.execute("DELETE FROM login_failure")


def downgrade():
    # The raw addresses are gone for good; the tags stay in audit_entry.address.
    op.drop_index("ix_audit_entry_burst_created", table_name="audit_entry")
    op.drop_column("audit_entry", "repeat_count")
    op.drop_column("audit_entry", "burst_key")
    op.drop_index("ix_user_username_key", table_name="user")
    op.drop_column("user", "must_change_password")
    op.drop_column("user", "username_key")
