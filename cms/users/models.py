"""The staff account."""

import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from cms.core.formatting import utcnow
from cms.extensions import db

ROLES = ("reporter", "editor", "admin")
ROLE_RANK = {"reporter": 1, "editor": 2, "admin": 3}


def new_session_token() -> str:
    """A random per-user token; changing it ends every other session of that user."""
    return secrets.token_urlsafe(24)


class User(UserMixin, db.Model):
    """A reporter, editor or administrator."""

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    full_name: Mapped[str] = mapped_column(String(120), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    role: Mapped[str] = mapped_column(String(16), default="reporter")
    password_hash: Mapped[str] = mapped_column(String(255), default="")
    is_active_account: Mapped[bool] = mapped_column(default=True)
    session_token: Mapped[str] = mapped_column(String(64), default=new_session_token)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]

    @property
    def is_active(self) -> bool:
        """Flask-Login refuses deactivated accounts."""
        return self.is_active_account

    def get_id(self) -> str:
        """Identify the session by user id and token, so a new token ends old sessions."""
        return f"{self.id}:{self.session_token}"

    def has_role(self, role: str) -> bool:
        """True when the user's role is at least ``role`` (admin > editor > reporter)."""
        return ROLE_RANK.get(self.role, 0) >= ROLE_RANK[role]

    def rotate_session_token(self) -> None:
        """End every session and remember-me cookie issued so far."""
        self.session_token = new_session_token()

    def __repr__(self) -> str:
        return f"<User {self.username} {self.role}>"
