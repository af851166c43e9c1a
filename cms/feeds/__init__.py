"""RSS 2.0 feeds of the newest articles, site-wide and per category."""

from cms.feeds.views import bp

__all__ = ["bp"]
