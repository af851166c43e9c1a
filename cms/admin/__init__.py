"""Administration: accounts, categories, site settings and the audit log (admins only)."""

from flask import Flask
from flask_babel import lazy_gettext as _l

from cms.admin.views import bp
from cms.core.staff_nav import register_nav

__all__ = ["bp", "init_app"]


def init_app(app: Flask) -> None:
    """Add the administration links to the staff navigation."""
    register_nav(app, _l("Người dùng"), "admin.user_list", "admin", 80)
    register_nav(app, _l("Chuyên mục"), "admin.category_list", "admin", 82)
    register_nav(app, _l("Cài đặt cổng"), "admin.settings", "admin", 84)
    register_nav(app, _l("Nhật ký"), "admin.audit_log", "admin", 90)
