"""Logging in and out, and changing one's own password."""

from cms.auth.views import bp

__all__ = ["bp"]
