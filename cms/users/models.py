"""The staff account."""

import secrets
import unicodedata
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column, validates

from cms.core.formatting import utcnow
from cms.core.text import nfc
from cms.extensions import db

ROLES = ("reporter", "editor", "admin")
ROLE_RANK = {"reporter": 1, "editor": 2, "admin": 3}


def username_key(username: str | None) -> str:
    """The form user names are compared in: NFC, without surrounding space, case-folded.

    Python's casefold knows every script ("ĐỨC" and "đức" fold alike), unlike SQLite's
    ASCII-only lower(); the result is NFC again because folding may decompose.
    """
    return unicodedata.normalize("NFC", nfc(username).casefold())


def new_session_token() -> str:
    """A random per-user token; changing it ends every other session of that user."""
    return secrets.token_urlsafe(24)


class User(UserMixin, db.Model):
    """A reporter, editor or administrator."""

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    # username_key(username), kept by the validator below; unique, so two spellings of one
    # name ("Đức", "ĐỨC", an NFD "Đức") can never be two accounts, on any database.
    username_key: Mapped[str] = mapped_column(String(255), unique=True, index=True)
    full_name: Mapped[str] = mapped_column(String(120), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    role: Mapped[str] = mapped_column(String(16), default="reporter")
    password_hash: Mapped[str] = mapped_column(String(255), default="")
    is_active_account: Mapped[bool] = mapped_column(default=True)
    session_token: Mapped[str] = mapped_column(String(64), default=new_session_token)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]
    # Set for a one-time password (first admin, created by an admin, reset): every staff
    # page leads to the password change form until the person chooses a password.
    must_change_password: Mapped[bool] = mapped_column(default=False)

    @validates("username")
    def _normalise_username(self, _key: str, value: str) -> str:
        """Store the name NFC without surrounding space, and its comparison key with it."""
        value = nfc(value)
        self.username_key = username_key(value)
        return value

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
