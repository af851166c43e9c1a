"""The reader's side of the portal."""

from cms.public.views import bp

__all__ = ["bp"]
