"""Images: stored outside the code tree under MEDIA_DIR and served at /media/."""

from cms.media.views import bp

__all__ = ["bp"]
