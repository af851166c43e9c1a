"""Vietnamese-aware full-text search of articles ("Tìm kiếm")."""

from flask import Flask

from cms.search.cli import search_cli
from cms.search.index import install_listeners
from cms.search.views import bp

__all__ = ["bp", "init_app"]


def init_app(app: Flask) -> None:
    """Keep the index in step with article saves and add the ``flask search`` commands."""
    install_listeners()
    app.cli.add_command(search_cli)
