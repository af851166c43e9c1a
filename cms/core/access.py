"""Who may do what: the one place where staff access is decided for whole areas.

A staff blueprint calls ``guard(bp, "editor")`` once, so every route added to it later is
protected by default. Finer checks (is this my article?) live in one helper per resource.
"""

from flask import Blueprint, abort, redirect, request, url_for
from flask_login import current_user


def wants_json() -> bool:
    """True for background (fetch/JSON) requests, which get a status instead of a redirect."""
    accept = request.accept_mimetypes
    return request.is_json or accept["application/json"] > accept["text/html"]


def check_role(role: str):
    """Return a redirect to the login page, raise 401/403, or return None when allowed."""
    if not current_user.is_authenticated:
        if wants_json():
            abort(401)
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    if not current_user.has_role(role):
        abort(403)
    return None


def guard(bp: Blueprint, role: str) -> None:
    """Require a logged-in, active user of at least ``role`` for every route of ``bp``."""

    @bp.before_request
    def _require_role():
        return check_role(role)


def role_required(role: str):
    """Decorator for a single view that needs a higher role than its blueprint's guard."""

    def decorator(view):
        def wrapped(*args, **kwargs):
            denied = check_role(role)
            if denied is not None:
                return denied
            return view(*args, **kwargs)

        wrapped.__name__ = view.__name__
        wrapped.__doc__ = view.__doc__
        wrapped.__wrapped__ = view
        return wrapped

    return decorator
