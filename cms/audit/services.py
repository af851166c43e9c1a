"""Writing to and reading from the audit log."""

import getpass
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import has_request_context
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import and_, func, or_, select, update

from cms.audit.models import AuditEntry
from cms.core.formatting import utcnow
from cms.core.net import client_address
from cms.core.pagination import Page
from cms.core.privacy import address_tag, pseudonym
from cms.extensions import db

MAX_DETAIL_LENGTH = 2000

# Labels for the actions we know; an unknown action is shown as its code.
ACTION_LABELS = {
    "login": _l("Đăng nhập"),
    "login.failed": _l("Đăng nhập thất bại"),
    "login.locked": _l("Đăng nhập bị chặn (thử sai quá nhiều)"),
    "password.failed": _l("Đổi mật khẩu: sai mật khẩu hiện tại"),
    "password.locked": _l("Đổi mật khẩu bị chặn (thử sai quá nhiều)"),
    "logout": _l("Đăng xuất"),
    "password.change": _l("Đổi mật khẩu"),
    "user.create": _l("Tạo tài khoản"),
    "user.role": _l("Đổi vai trò"),
    "user.deactivate": _l("Vô hiệu hóa tài khoản"),
    "user.reactivate": _l("Kích hoạt lại tài khoản"),
    "user.password_reset": _l("Đặt lại mật khẩu"),
    "category.create": _l("Tạo chuyên mục"),
    "category.update": _l("Sửa chuyên mục"),
    "category.move": _l("Đổi thứ tự chuyên mục"),
    "category.toggle": _l("Đổi hiển thị chuyên mục"),
    "category.delete": _l("Xóa chuyên mục"),
    "settings.update": _l("Sửa cài đặt cổng"),
    "article.create": _l("Tạo bài viết"),
    "article.update": _l("Sửa bài viết"),
    "article.submit": _l("Gửi duyệt bài viết"),
    "article.return": _l("Trả lại bài viết"),
    "article.publish": _l("Xuất bản bài viết"),
    "article.schedule": _l("Hẹn giờ xuất bản"),
    "article.unpublish": _l("Gỡ bài viết"),
    "article.trash": _l("Chuyển bài viết vào thùng rác"),
    "article.restore": _l("Khôi phục bài viết"),
    "article.delete": _l("Xóa bài viết"),
    "media.upload": _l("Tải ảnh lên"),
    "media.delete": _l("Xóa ảnh"),
    "poll.create": _l("Tạo cuộc bình chọn"),
    "poll.update": _l("Sửa cuộc bình chọn"),
    "poll.feature": _l("Đưa bình chọn lên trang"),
    "poll.unfeature": _l("Gỡ bình chọn khỏi trang"),
    "poll.open": _l("Mở bình chọn"),
    "poll.close": _l("Đóng bình chọn"),
    "poll.reset": _l("Xóa kết quả bình chọn"),
    "poll.delete": _l("Xóa cuộc bình chọn"),
}


def action_label(action: str) -> str:
    """The Vietnamese label of an action code, or the code itself."""
    label = ACTION_LABELS.get(action)
    return str(label) if label is not None else action


def _clean(text: str, length: int) -> str:
    """Text cut to the column's length, without NUL (which PostgreSQL refuses)."""
    return (text or "").replace("\x00", "")[:length]


def command_line_actor() -> str:
    """Who acts outside a request: the command line, with the system account running it."""
    try:
        account = getpass.getuser()
    except (KeyError, OSError):  # no name for this uid (a bare container)
        account = ""
    return f"cli:{account}" if account else "cli"


def record(
    action: str,
    target_type: str = "",
    target_id: int | None = None,
    detail: str = "",
    *,
    actor=None,
    burst_key: str = "",
) -> AuditEntry:
    """Add an audit entry for the current user and client address to the session.

    The entry is saved by the commit that saves the change it records, never alone
    (cms/core/unit_of_work.py). The actor defaults to flask_login's current_user (None
    when anonymous) in a request, and to ``command_line_actor()`` outside one (a CLI
    command); pass ``actor=`` (a user, or a name) for a user not logged in yet. The
    address is stored as ``address_tag()``, a short keyed pseudonym, never as the raw
    IP address.
    """
    if actor is None:
        if not has_request_context():
            actor = command_line_actor()
        elif current_user.is_authenticated:
            actor = current_user._get_current_object()
    name = actor if isinstance(actor, str) else getattr(actor, "username", "")
    entry = AuditEntry(
        action=action[:40],
        target_type=(target_type or "")[:40],
        target_id=int(target_id) if target_id is not None else None,
        detail=_clean(detail, MAX_DETAIL_LENGTH),
        actor_id=None if isinstance(actor, str) else getattr(actor, "id", None),
        actor_name=_clean(name, 64),
        address=address_tag() if has_request_context() else "",
        burst_key=burst_key,
    )
    db.session.add(entry)
    return entry


def record_burst(
    action: str,
    target_type: str = "",
    target_id: int | None = None,
    detail: str = "",
    *,
    burst: str,
    window: timedelta,
) -> None:
    """Record a repeated event (a failed or refused login) once per burst, in the session.

    The first occurrence of ``action`` for ``burst`` (e.g. the folded account name) from
    this client's address adds a row; later ones within ``window`` of that row only add
    one to its ``repeat_count``, so a flood of attempts is a few rows, not one per attempt.
    """
    address = client_address() if has_request_context() else ""
    key = pseudonym(f"{action}\x1f{burst}\x1f{address}", "audit.burst")
    entry_id = db.session.execute(
        select(AuditEntry.id)
        .where(AuditEntry.burst_key == key, AuditEntry.created_at >= utcnow() - window)
        .order_by(AuditEntry.id.desc())
        .limit(1)
    ).scalar_one_or_none()
    if entry_id is None:
        record(action, target_type, target_id, detail, burst_key=key)
    else:  # counted in the database, so two workers adding at once both count
        db.session.execute(
            update(AuditEntry)
            .where(AuditEntry.id == entry_id)
            .values(repeat_count=AuditEntry.repeat_count + 1)
        )


@dataclass(frozen=True)
class AuditFilter:
    """What the audit log page is asked to show; every field optional."""

    actor_id: int | None = None
    action: str = ""
    since: datetime | None = None  # naive UTC, inclusive
    until: datetime | None = None  # naive UTC, exclusive


def _filtered(query, flt: AuditFilter):
    if flt.actor_id is not None:
        # What this person did, and what was done to this account (failed logins included).
        query = query.where(
            or_(
                AuditEntry.actor_id == flt.actor_id,
                and_(AuditEntry.target_type == "user", AuditEntry.target_id == flt.actor_id),
            )
        )
    if flt.action:
        query = query.where(AuditEntry.action == flt.action)
    if flt.since is not None:
        query = query.where(AuditEntry.created_at >= flt.since)
    if flt.until is not None:
        query = query.where(AuditEntry.created_at < flt.until)
    return query


def search(flt: AuditFilter, page: int, per_page: int) -> Page:
    """One page of matching entries, newest first."""
    total = db.session.execute(
        _filtered(select(func.count()).select_from(AuditEntry), flt)
    ).scalar_one()
    rows = (
        db.session.execute(
            _filtered(select(AuditEntry), flt)
            .order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
            .limit(per_page)
            .offset((page - 1) * per_page)
        )
        .scalars()
        .all()
    )
    return Page(items=list(rows), page=page, per_page=per_page, total=total)


def known_actions() -> list[str]:
    """Every action code present in the log or known by label, sorted."""
    present = db.session.execute(select(AuditEntry.action).distinct()).scalars().all()
    return sorted(set(present) | set(ACTION_LABELS))
