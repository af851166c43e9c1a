"""An option chosen on a ballot (several rows for a multiple-answer poll)."""

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from cms.extensions import db


class BallotChoice(db.Model):
    """A (ballot, option) pair; an option with choices cannot be deleted (foreign key)."""

    __tablename__ = "ballot_choice"

    ballot_id: Mapped[int] = mapped_column(
        ForeignKey("ballot.id", ondelete="CASCADE"), primary_key=True
    )
    option_id: Mapped[int] = mapped_column(
        ForeignKey("poll_option.id"), primary_key=True, index=True
    )
