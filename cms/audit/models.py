"""One line of the audit log."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from cms.core.formatting import utcnow
from cms.extensions import db


class AuditEntry(db.Model):
    """An action by a person (or by an anonymous visitor, for failed logins)."""

    __tablename__ = "audit_entry"
    __table_args__ = (
        Index("ix_audit_entry_created_at", "created_at"),
        Index("ix_audit_entry_actor_created", "actor_id", "created_at"),
        Index("ix_audit_entry_action_created", "action", "created_at"),
        Index("ix_audit_entry_burst_created", "burst_key", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    # The user name at the time, kept even if the account is renamed (or never existed).
    actor_name: Mapped[str] = mapped_column(String(64), default="")
    action: Mapped[str] = mapped_column(String(40))
    target_type: Mapped[str] = mapped_column(String(40), default="")
    target_id: Mapped[int | None]
    detail: Mapped[str] = mapped_column(Text, default="")
    # address_tag() of the client: a short keyed pseudonym, never the raw IP address.
    address: Mapped[str] = mapped_column(String(64), default="")
    # Repeated events (failed or refused logins) share one row per burst: the row's key
    # (a pseudonym of action, account and address) and how many times it happened.
    burst_key: Mapped[str] = mapped_column(String(64), default="")
    repeat_count: Mapped[int] = mapped_column(default=1)

    def __repr__(self) -> str:
        return f"<AuditEntry {self.action} {self.target_type}:{self.target_id}>"
