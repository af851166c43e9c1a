"""Visitor statistics ("Thống kê truy cập"): the counter, the sidebar block, the staff page."""

from flask import Flask
from flask_babel import lazy_gettext as _l

from cms.core.staff_nav import register_nav
from cms.stats import services, tracking
from cms.stats.cli import stats_cli
from cms.stats.views import bp

__all__ = ["bp", "init_app"]


def init_app(app: Flask) -> None:
    """Choose the backend, install the counting hook, the sidebar helper, nav and CLI."""
    app.extensions["stats_backend"] = services.make_backend(app)
    tracking.init_app(app)
    app.jinja_env.globals["visitor_stats_block"] = services.sidebar_block
    register_nav(app, _l("Thống kê truy cập"), "stats.dashboard", "editor", 60)
    app.cli.add_command(stats_cli)
