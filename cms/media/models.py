"""An uploaded image and its renditions."""

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cms.core.formatting import utcnow
from cms.extensions import db

# name -> longest side in pixels; made once at upload, never upscaled.
RENDITIONS = {"thumb": 320, "medium": 800, "large": 1600}


class Media(db.Model):
    """An image stored under MEDIA_DIR with a generated name (never the uploaded one)."""

    __tablename__ = "media"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Path of the re-encoded original relative to MEDIA_DIR, e.g. "2026/05/3f9a….jpg".
    filename: Mapped[str] = mapped_column(String(200), unique=True)
    original_name: Mapped[str] = mapped_column(String(255), default="")
    format: Mapped[str] = mapped_column(String(8))  # JPEG, PNG, WEBP, GIF
    width: Mapped[int]
    height: Mapped[int]
    size: Mapped[int]  # bytes of the stored original
    alt: Mapped[str] = mapped_column(String(300), default="")
    caption: Mapped[str] = mapped_column(String(500), default="")
    uploaded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    uploaded_by = relationship("User", lazy="raise")

    @property
    def rendition_suffix(self) -> str:
        """File suffix of the renditions: GIFs get PNG stills, others keep their format."""
        return ".png" if self.format == "GIF" else self.filename[self.filename.rfind(".") :]

    def rendition_name(self, name: str) -> str:
        """Path of a rendition relative to MEDIA_DIR."""
        stem = self.filename[: self.filename.rfind(".")]
        return f"{stem}-{name}{self.rendition_suffix}"

    def url(self, name: str | None = None) -> str:
        """The public URL of the original (name None) or of a rendition."""
        return "/media/" + (self.rendition_name(name) if name else self.filename)

    def __repr__(self) -> str:
        return f"<Media {self.id} {self.filename}>"
