"""Write operations on staff accounts."""

import secrets

from sqlalchemy import func, select

from cms.core.text import nfc
from cms.extensions import db
from cms.users.models import ROLES, User
from cms.users.passwords import hash_password, password_problem


class AccountError(ValueError):
    """An account change that cannot be made, with a message for the person."""


def _check_role(role: str) -> None:
    """Refuse a role that is not one of ROLES."""
    if role not in ROLES:
        raise AccountError(f"Vai trò không hợp lệ: {role} (chọn {', '.join(ROLES)}).")


def create_user(
    username: str, role: str, password: str, full_name: str = "", email: str = ""
) -> User:
    """Create a staff account after checking the name, role and password policy."""
    username = nfc(username)
    if not username or len(username) > 64:
        raise AccountError("Tên đăng nhập phải có từ 1 đến 64 ký tự.")
    _check_role(role)
    problem = password_problem(password)
    if problem:
        raise AccountError(problem)
    exists = db.session.execute(
        select(User.id).where(func.lower(User.username) == username.lower())
    ).first()
    if exists:
        raise AccountError(f"Tên đăng nhập “{username}” đã có người dùng.")
    user = User(
        username=username,
        role=role,
        full_name=nfc(full_name),
        email=nfc(email),
        password_hash=hash_password(password),
    )
    db.session.add(user)
    db.session.commit()
    return user


def set_password(user: User, password: str) -> None:
    """Change a password and end every other session of the account."""
    problem = password_problem(password)
    if problem:
        raise AccountError(problem)
    user.password_hash = hash_password(password)
    user.rotate_session_token()
    db.session.commit()


def deactivate(user: User) -> None:
    """Deactivate an account; its sessions and remember-me cookies stop working."""
    user.is_active_account = False
    user.rotate_session_token()
    db.session.commit()


def reactivate(user: User) -> None:
    """Let a deactivated account log in again (with a fresh session token)."""
    user.is_active_account = True
    user.rotate_session_token()
    db.session.commit()


def change_role(user: User, role: str) -> None:
    """Give the account another role; its sessions end so the change applies at once."""
    _check_role(role)
    user.role = role
    user.rotate_session_token()
    db.session.commit()


def random_password() -> str:
    """A random password that satisfies the policy, to be shown once."""
    while True:
        password = secrets.token_urlsafe(12)
        if password_problem(password) is None:
            return password


def reset_password(user: User) -> str:
    """Give the account a new random password (ending its sessions) and return it."""
    password = random_password()
    set_password(user, password)
    return password


def find_user(username: str) -> User | None:
    """The account with this user name (case-insensitive), or None."""
    return db.session.execute(
        select(User).where(func.lower(User.username) == nfc(username).lower())
    ).scalar_one_or_none()


def ensure_admin() -> str | None:
    """On an empty user table, create ``admin`` with a random password and return it."""
    if db.session.execute(select(func.count()).select_from(User)).scalar_one():
        return None
    password = random_password()
    create_user("admin", "admin", password, full_name="Quản trị viên")
    return password
