"""A news article and its publication state."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, and_
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cms.core.formatting import utcnow
from cms.extensions import db


class Article(db.Model):
    """An article; public only when published and its publication time has passed."""

    __table_args__ = (
        Index("ix_article_status_published_at", "status", "published_at"),
        # Ends in id: a category's public list, ordered (published_at DESC, id DESC), is a
        # backward range of this index, so a page's ids are read from the index alone
        # (cms.content.queries.latest) and a tie on published_at needs no sort.
        Index(
            "ix_article_category_status_published_id",
            "category_id",
            "status",
            "published_at",
            "id",
        ),
        Index("ix_article_featured_status_published_at", "is_featured", "status", "published_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    slug: Mapped[str] = mapped_column(String(120))
    summary: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text, default="")
    byline: Mapped[str] = mapped_column(String(120), default="")
    source: Mapped[str] = mapped_column(String(300), default="")
    category_id: Mapped[int] = mapped_column(ForeignKey("category.id"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    image_url: Mapped[str] = mapped_column(String(500), default="")
    image_caption: Mapped[str] = mapped_column(String(500), default="")
    image_alt: Mapped[str] = mapped_column(String(300), default="")
    is_featured: Mapped[bool] = mapped_column(default=False)
    # draft, pending, published, unpublished or trash. "Scheduled" is not stored: it is a
    # published article whose published_at is still ahead (cms.editor.services.status_of).
    status: Mapped[str] = mapped_column(String(16), default="draft")
    published_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    view_count: Mapped[int] = mapped_column(default=0)
    version: Mapped[int] = mapped_column(default=1)
    # Editorial work (see cms/editor): the note of an editor who sent it back, the
    # reporter's edit of a published article awaiting review, the state before trash.
    review_note: Mapped[str] = mapped_column(Text, default="")
    pending_revision_id: Mapped[int | None] = mapped_column(index=True)
    trashed_from: Mapped[str] = mapped_column(String(16), default="")

    category = relationship("Category", lazy="raise")
    author = relationship("User", lazy="raise")

    @classmethod
    def public_filter(cls, now: datetime | None = None):
        """SQL condition for "a reader may see it": published and its time has come."""
        return and_(cls.status == "published", cls.published_at <= (now or utcnow()))

    def is_public(self, now: datetime | None = None) -> bool:
        """The same rule as public_filter, for a loaded article."""
        return (
            self.status == "published"
            and self.published_at is not None
            and self.published_at <= (now or utcnow())
        )

    def __repr__(self) -> str:
        return f"<Article {self.id} {self.status}>"
