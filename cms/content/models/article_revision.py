"""A saved state of an article: every save keeps one."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cms.core.formatting import utcnow
from cms.extensions import db

# The article fields a revision keeps, in the order a comparison shows them.
REVISION_FIELDS = (
    "title",
    "slug",
    "category_id",
    "summary",
    "body",
    "image_url",
    "image_caption",
    "image_alt",
    "byline",
    "source",
    "is_featured",
    "published_at",
)


class ArticleRevision(db.Model):
    """A snapshot of an article's editable fields, with who saved it and when."""

    __tablename__ = "article_revision"
    __table_args__ = (Index("ix_article_revision_article_created", "article_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("article.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # kind: "save" (a normal save), "autosave", "pending" (a reporter's edit of a published
    # article waiting for review), "approved" / "rejected" (a pending one after review),
    # "restore" (a save that brought back an older revision).
    kind: Mapped[str] = mapped_column(String(16), default="save")
    # The article version this revision was saved as (or, for a pending one, based on).
    article_version: Mapped[int] = mapped_column(default=1)

    title: Mapped[str] = mapped_column(String(300))
    slug: Mapped[str] = mapped_column(String(120))
    category_id: Mapped[int | None]
    summary: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text, default="")
    image_url: Mapped[str] = mapped_column(String(500), default="")
    image_caption: Mapped[str] = mapped_column(String(500), default="")
    image_alt: Mapped[str] = mapped_column(String(300), default="")
    byline: Mapped[str] = mapped_column(String(120), default="")
    source: Mapped[str] = mapped_column(String(300), default="")
    is_featured: Mapped[bool] = mapped_column(default=False)
    published_at: Mapped[datetime | None]

    author = relationship("User", lazy="raise")

    def fields(self) -> dict:
        """The article fields this revision holds."""
        return {name: getattr(self, name) for name in REVISION_FIELDS}

    def __repr__(self) -> str:
        return f"<ArticleRevision {self.id} of {self.article_id} {self.kind}>"
