"""One answer of a poll."""

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from cms.extensions import db


class PollOption(db.Model):
    """An option; its vote_count is incremented in the same transaction as the ballot."""

    __tablename__ = "poll_option"
    __table_args__ = (Index("ix_poll_option_poll_position", "poll_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    poll_id: Mapped[int] = mapped_column(ForeignKey("poll.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(default=0)
    label: Mapped[str] = mapped_column(String(200))
    vote_count: Mapped[int] = mapped_column(default=0)

    def __repr__(self) -> str:
        return f"<PollOption {self.id} {self.label!r}>"
