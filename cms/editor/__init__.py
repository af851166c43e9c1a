"""The editor area under /quan-tri/: writing, review and publishing, the media library."""

from flask import Flask
from flask_babel import lazy_gettext as _l

from cms.core.staff_nav import register_badge, register_nav
from cms.editor import media_views, views
from cms.editor.blueprint import bp
from cms.editor.services import queue_count
from cms.media import services as media_services

__all__ = ["bp", "init_app"]

# The view modules register their routes on bp when imported.
_ROUTES = (views, media_views)


def init_app(app: Flask) -> None:
    """Add the editor links (with the review-queue badge) to the staff navigation."""
    register_nav(app, _l("Tổng quan"), "editor.dashboard", "reporter", 10)
    register_nav(app, _l("Bài viết"), "editor.article_list", "reporter", 20)
    register_nav(app, _l("Viết bài mới"), "editor.article_new", "reporter", 25)
    register_nav(app, _l("Duyệt bài"), "editor.review_queue", "editor", 30, badge="review_queue")
    register_nav(app, _l("Thư viện ảnh"), "editor.media_library", "reporter", 40)
    register_badge(app, "review_queue", queue_count)
    media_services.init_app(app)
