"""How many published articles each category holds, kept by the database itself."""

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from cms.extensions import db


class ArticleCount(db.Model):
    """Per category: the articles whose status is "published" with a publication time.

    Written only by triggers on the article table (migration 0009), so every writer (the
    editor, the CLI, a bulk load, raw SQL) keeps it exact and none can forget it. It
    includes scheduled articles (published, time still ahead): a count kept by writes
    cannot see the moment a scheduled article becomes due, so the public count is this
    number minus the scheduled ones still ahead, read by an index range
    (cms.content.queries.count_public).
    """

    __tablename__ = "article_count"

    category_id: Mapped[int] = mapped_column(
        ForeignKey("category.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    published: Mapped[int] = mapped_column(default=0)

    def __repr__(self) -> str:
        return f"<ArticleCount {self.category_id}: {self.published}>"
