"""Vote attempts per client address and time window, shared by every worker."""

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from cms.extensions import db


class PollRateBucket(db.Model):
    """A fixed-window counter of vote attempts (used when REDIS_URL is not set)."""

    __tablename__ = "poll_rate_bucket"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    slot: Mapped[int] = mapped_column(primary_key=True)  # epoch seconds // window length
    hits: Mapped[int] = mapped_column(default=0)
