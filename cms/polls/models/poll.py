"""A poll ("cuộc bình chọn"): a question, its options, when it is open."""

from datetime import datetime

from sqlalchemy import String, and_, or_
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cms.core.formatting import utcnow
from cms.extensions import db

# The state is never stored: it follows from opens_at/closes_at at the time of the query.
STATES = ("draft", "open", "closed")
# When readers may see the results: always, once they have voted, or once the poll closed.
VISIBILITIES = ("always", "after_vote", "after_close")


class Poll(db.Model):
    """A question with ordered options; open between opens_at and closes_at."""

    id: Mapped[int] = mapped_column(primary_key=True)
    question: Mapped[str] = mapped_column(String(300))
    multiple: Mapped[bool] = mapped_column(default=False)
    max_choices: Mapped[int] = mapped_column(default=1)
    opens_at: Mapped[datetime | None]
    closes_at: Mapped[datetime | None]
    results_visibility: Mapped[str] = mapped_column(String(16), default="always")
    featured: Mapped[bool] = mapped_column(default=False, index=True)
    # Ballots counted, kept in the same transaction as each ballot row (exact).
    ballot_count: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    options = relationship(
        "PollOption",
        order_by="(PollOption.position, PollOption.id)",
        lazy="raise",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    @staticmethod
    def state_at(opens_at: datetime | None, closes_at: datetime | None, now: datetime) -> str:
        """draft (no opening time, or not yet), open, or closed (its closing time passed)."""
        if closes_at is not None and closes_at <= now and opens_at is not None:
            return "closed"
        if opens_at is None or opens_at > now:
            return "draft"
        return "open"

    def state(self, now: datetime | None = None) -> str:
        """The poll's state now (or at ``now``)."""
        return self.state_at(self.opens_at, self.closes_at, now or utcnow())

    @staticmethod
    def limit_for(multiple: bool, max_choices: int) -> int:
        """How many options one ballot may choose in a poll with these settings."""
        return max(1, max_choices) if multiple else 1

    @property
    def limit(self) -> int:
        """How many options one ballot may choose."""
        return self.limit_for(self.multiple, self.max_choices)

    @classmethod
    def public_filter(cls, now: datetime | None = None):
        """SQL condition for "readers may see it": opened (open or closed)."""
        return and_(cls.opens_at.is_not(None), cls.opens_at <= (now or utcnow()))

    @classmethod
    def open_filter(cls, now: datetime | None = None):
        """SQL condition for "open now"."""
        now = now or utcnow()
        return and_(cls.public_filter(now), or_(cls.closes_at.is_(None), cls.closes_at > now))

    @classmethod
    def closed_filter(cls, now: datetime | None = None):
        """SQL condition for "closed now"."""
        now = now or utcnow()
        return and_(cls.public_filter(now), cls.closes_at.is_not(None), cls.closes_at <= now)

    def __repr__(self) -> str:
        return f"<Poll {self.id} {self.question[:30]!r}>"
