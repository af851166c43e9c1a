"""The staff area's navigation, assembled from what each feature registers."""

from dataclasses import dataclass

from flask import Flask, current_app
from flask_login import current_user


@dataclass(frozen=True)
class NavItem:
    """A link in the staff navigation, shown to users of at least ``role``."""

    label: str
    endpoint: str
    role: str
    order: int
    badge: str | None = None  # name of a callable in app.extensions["staff_badges"]


def register_nav(
    app: Flask, label, endpoint: str, role: str, order: int, badge: str | None = None
) -> None:
    """Add a link to the staff navigation (label may be a lazy translation)."""
    app.extensions.setdefault("staff_nav", []).append(NavItem(label, endpoint, role, order, badge))


def register_badge(app: Flask, name: str, func) -> None:
    """Register a callable returning a count shown beside a nav link (e.g. pending reviews)."""
    app.extensions.setdefault("staff_badges", {})[name] = func


def staff_nav() -> list[tuple[NavItem, int | None]]:
    """The links the current user may see, in order, with their badge counts."""
    if not current_user.is_authenticated:
        return []
    badges = current_app.extensions.get("staff_badges", {})
    items = sorted(current_app.extensions.get("staff_nav", []), key=lambda i: i.order)
    return [
        (item, badges[item.badge]() if item.badge in badges else None)
        for item in items
        if current_user.has_role(item.role)
    ]


def init_app(app: Flask) -> None:
    """Expose staff_nav() to templates."""
    app.jinja_env.globals["staff_nav"] = staff_nav
