"""One visitor's vote in one poll."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from cms.core.formatting import utcnow
from cms.extensions import db


class Ballot(db.Model):
    """A ballot; (poll_id, voter_id) is unique, so a voter is counted once whatever the race."""

    __table_args__ = (
        UniqueConstraint("poll_id", "voter_id"),
        Index("ix_ballot_poll_address_created", "poll_id", "address_hash", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    poll_id: Mapped[int] = mapped_column(ForeignKey("poll.id", ondelete="CASCADE"))
    # The random id of the voter's cookie.
    voter_id: Mapped[str] = mapped_column(String(64))
    # HMAC of the client address with a key derived from SECRET_KEY; never the address.
    address_hash: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
