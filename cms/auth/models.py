"""Login attempts, counted per (account, address), per address and per account."""

from datetime import datetime

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from cms.core.formatting import utcnow
from cms.extensions import db


class LoginFailure(db.Model):
    """One failed login; rows older than the lockout window are deleted as new ones come."""

    __tablename__ = "login_failure"
    __table_args__ = (Index("ix_login_failure_scope_key_created", "scope", "key", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[str] = mapped_column(String(16))  # "pair", "address", "account", "slow"
    # Keyed pseudonyms only (see cms/auth/throttle.py): never a raw name or address.
    key: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
