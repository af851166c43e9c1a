"""Logging in and out, and changing one's own password."""

from flask import Flask

from cms.auth import throttle
from cms.auth.views import bp

__all__ = ["bp", "init_app"]


def init_app(app: Flask) -> None:
    """Read the brute-force limits (LOGIN_* variables) into the app's config."""
    throttle.init_app(app)
