"""Polls ("Bình chọn"): the sidebar poll, voting, results, archive, staff management."""

from flask import Flask
from flask_babel import lazy_gettext as _l

from cms.core.staff_nav import register_nav
from cms.polls import (
    queries,
    staff_views,
    views,  # noqa: F401 - importing it registers the public routes on bp
)
from cms.polls.blueprint import bp

__all__ = ["bp", "init_app"]


def init_app(app: Flask) -> None:
    """The sidebar helper for templates and the staff navigation link."""
    app.jinja_env.globals["sidebar_poll"] = queries.sidebar_poll
    register_nav(app, _l("Bình chọn"), staff_views.ENDPOINT_LIST, "editor", 50)
