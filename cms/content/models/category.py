"""A news category ("chuyên mục")."""

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from cms.extensions import db


class Category(db.Model):
    """A section of the portal, shown in the menu and/or as a block on the home page."""

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    slug: Mapped[str] = mapped_column(String(120), unique=True, index=True)
    description: Mapped[str] = mapped_column(String(500), default="")
    position: Mapped[int] = mapped_column(default=0)
    in_menu: Mapped[bool] = mapped_column(default=True)
    on_home: Mapped[bool] = mapped_column(default=True)

    def __repr__(self) -> str:
        return f"<Category {self.slug}>"
