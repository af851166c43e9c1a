"""Old slugs that still answer, with a 301 to the current address."""

from sqlalchemy import String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from cms.extensions import db


class SlugRedirect(db.Model):
    """An old category slug pointing at the category that now has another slug.

    Article URLs carry the article id, so they never need this table: a stale slug in
    an article URL is redirected by id.
    """

    __table_args__ = (UniqueConstraint("kind", "old_slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    old_slug: Mapped[str] = mapped_column(String(120))
    target_id: Mapped[int]
