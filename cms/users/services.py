"""Write operations on staff accounts, each audited in the same transaction.

They change the session and never commit: the request or the CLI command that calls
them commits once (cms/core/unit_of_work.py). ``actor`` is who acts: by default the
logged-in user in a request, the command line outside one (cms.audit.services.record).
"""

import secrets
import unicodedata

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from cms.audit.services import record
from cms.core.text import nfc
from cms.extensions import db
from cms.users.models import ROLES, User, username_key
from cms.users.passwords import hash_password, password_problem

MAX_USERNAME_LENGTH = 64


class AccountError(ValueError):
    """An account change that cannot be made, with a message for the person."""


def _check_role(role: str) -> None:
    """Refuse a role that is not one of ROLES."""
    if role not in ROLES:
        raise AccountError(f"Vai trò không hợp lệ: {role} (chọn {', '.join(ROLES)}).")


def _has_control_characters(text: str) -> bool:
    """True when the text holds a control, format or unassigned character (NUL, U+200B…)."""
    return any(unicodedata.category(ch).startswith("C") for ch in text)


def check_username(username: str) -> str:
    """Return the name to store (NFC, stripped), or raise AccountError saying why not.

    Names are unique once case-folded: "Đức", "ĐỨC" and "đức" are one name.
    """
    username = nfc(username)
    if not username or len(username) > MAX_USERNAME_LENGTH:
        raise AccountError("Tên đăng nhập phải có từ 1 đến 64 ký tự.")
    if _has_control_characters(username):
        raise AccountError("Tên đăng nhập không được chứa ký tự điều khiển hay ký tự ẩn.")
    existing = find_user(username)
    if existing is not None:
        raise AccountError(_taken(username, existing.username))
    return username


def _taken(username: str, existing: str) -> str:
    """The message for a name already used, whatever its case."""
    if existing == username:
        return f"Tên đăng nhập “{username}” đã có người dùng."
    return (
        f"Tên đăng nhập “{username}” đã có người dùng: tài khoản “{existing}” "
        "(tên đăng nhập không phân biệt chữ hoa, chữ thường)."
    )


def create_user(
    username: str,
    role: str,
    password: str,
    full_name: str = "",
    email: str = "",
    *,
    one_time: bool = False,
    actor=None,
) -> User:
    """Create a staff account after checking the name, role and password policy.

    With ``one_time`` the password was generated and shown to someone else: the person
    must choose their own at the first login.
    """
    username = check_username(username)
    _check_role(role)
    problem = password_problem(password)
    if problem:
        raise AccountError(problem)
    user = User(
        username=username,
        role=role,
        full_name=nfc(full_name),
        email=nfc(email),
        password_hash=hash_password(password),
        must_change_password=one_time,
    )
    try:
        # A savepoint: a refused name undoes this insert only, not the caller's other work.
        with db.session.begin_nested():
            db.session.add(user)
    except IntegrityError as exc:  # the same name, created at the same moment elsewhere
        raise AccountError(f"Tên đăng nhập “{username}” đã có người dùng.") from exc
    record("user.create", "user", user.id, f"{user.username} ({user.role})", actor=actor)
    return user


def set_password(user: User, password: str, *, one_time: bool = False, actor=None) -> None:
    """Change a password and end every other session of the account.

    A password the person chose clears the one-time flag; ``one_time`` sets it. Audited
    as "password.change" when the account's owner acts, else as "user.password_reset".
    """
    problem = password_problem(password)
    if problem:
        raise AccountError(problem)
    user.password_hash = hash_password(password)
    user.must_change_password = one_time
    user.rotate_session_token()
    own = isinstance(actor, User) and actor.id == user.id
    if own:
        record("password.change", "user", user.id, actor=actor)
    else:
        record("user.password_reset", "user", user.id, user.username, actor=actor)


def deactivate(user: User, *, actor=None) -> None:
    """Deactivate an account; its sessions and remember-me cookies stop working."""
    user.is_active_account = False
    user.rotate_session_token()
    record("user.deactivate", "user", user.id, user.username, actor=actor)


def reactivate(user: User, *, actor=None) -> None:
    """Let a deactivated account log in again (with a fresh session token)."""
    user.is_active_account = True
    user.rotate_session_token()
    record("user.reactivate", "user", user.id, user.username, actor=actor)


def change_role(user: User, role: str, *, actor=None) -> bool:
    """Give the account another role; its sessions end so the change applies at once.

    Returns False, changing nothing, when the account has that role already.
    """
    _check_role(role)
    old = user.role
    if old == role:
        return False
    user.role = role
    user.rotate_session_token()
    record("user.role", "user", user.id, f"{user.username}: {old} → {role}", actor=actor)
    return True


def random_password() -> str:
    """A random password that satisfies the policy, to be shown once."""
    while True:
        password = secrets.token_urlsafe(12)
        if password_problem(password) is None:
            return password


def reset_password(user: User, *, actor=None) -> str:
    """Give the account a new one-time random password (ending its sessions); return it."""
    password = random_password()
    set_password(user, password, one_time=True, actor=actor)
    return password


def find_user(username: str) -> User | None:
    """The account with this user name in any case and Unicode form, or None."""
    key = username_key(username)
    if not key or len(key) > 255 or "\x00" in key:
        return None  # no account can have it (and PostgreSQL refuses NUL in a query)
    return db.session.execute(select(User).where(User.username_key == key)).scalar_one_or_none()


def ensure_admin(*, actor=None) -> str | None:
    """On an empty user table, create ``admin`` with a random password and return it."""
    if db.session.execute(select(func.count()).select_from(User)).scalar_one():
        return None
    password = random_password()
    create_user("admin", "admin", password, full_name="Quản trị viên", one_time=True, actor=actor)
    return password
