"""Flask-Login's user loader: a session is valid only while its token matches the user's."""

from flask import Flask

from cms.extensions import db, login_manager
from cms.users.models import User


def load_user(session_id: str) -> User | None:
    """Load the user of "id:token"; a stale token (after logout elsewhere, a password or
    role change, deactivation) loads nobody."""
    user_id, _, token = (session_id or "").partition(":")
    if not user_id.isdigit() or not token:
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.is_active or user.session_token != token:
        return None
    return user


def init_app(app: Flask) -> None:
    """Register the loader and where to send anonymous staff."""
    login_manager.user_loader(load_user)
    login_manager.login_view = "auth.login"
    login_manager.session_protection = "basic"
