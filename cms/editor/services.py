"""The article life cycle: save (with a revision), submit, publish or schedule, send back,
unpublish, trash and restore; pending revisions; the moderation queue.

Plain functions, testable without HTTP. Permission rules live in cms.editor.permissions;
these functions assume the caller was allowed and enforce only state invariants. Each
step is audited in the same transaction; none commits (the request does, once:
cms/core/unit_of_work.py).
"""

from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select, update

from cms.audit import services as audit
from cms.content.models import REVISION_FIELDS, Article, ArticleRevision
from cms.content.sanitize import sanitize
from cms.core.formatting import utcnow
from cms.core.text import nfc, slugify
from cms.extensions import db
from cms.users.models import User

STATUS_LABELS = {
    "draft": _l("Bản nháp"),
    "pending": _l("Chờ duyệt"),
    "published": _l("Đã xuất bản"),
    "scheduled": _l("Hẹn giờ xuất bản"),
    "unpublished": _l("Đã gỡ"),
    "trash": _l("Thùng rác"),
}
KIND_LABELS = {
    "save": _l("Lưu"),
    "autosave": _l("Tự lưu"),
    "pending": _l("Bản sửa chờ duyệt"),
    "approved": _l("Bản sửa đã duyệt"),
    "rejected": _l("Bản sửa bị trả lại"),
    "restore": _l("Khôi phục phiên bản cũ"),
}
# Fields only an editor may set; a reporter's save keeps the article's values.
EDITOR_ONLY_FIELDS = ("is_featured", "published_at")


class EditConflict(Exception):
    """A save based on a version that is no longer the current one."""

    def __init__(self, current_version: int):
        super().__init__(f"article is at version {current_version}")
        self.current_version = current_version


class InvalidTransition(ValueError):
    """A life-cycle step that the article's current state does not allow."""


@dataclass
class SaveResult:
    """What a save did: the article, its new revision, and whether it awaits review."""

    article: Article
    revision: ArticleRevision
    pending: bool = False


def status_of(article) -> str:
    """The displayed status: "scheduled" for a published article whose time is ahead."""
    if article.status == "published" and article.published_at and article.published_at > utcnow():
        return "scheduled"
    return article.status


def clean_fields(data: dict, user) -> dict:
    """Normalise form data for an article: NFC text, a slug, the body sanitized; the
    editor-only fields dropped unless ``user`` is an editor."""
    fields = {name: data[name] for name in REVISION_FIELDS if name in data}
    if not user.has_role("editor"):
        for name in EDITOR_ONLY_FIELDS:
            fields.pop(name, None)
    for name in ("title", "summary", "image_url", "image_caption", "image_alt", "byline", "source"):
        if name in fields:
            fields[name] = nfc(fields[name] or "")
    if "body" in fields:
        fields["body"] = sanitize(fields["body"])
    if "title" in fields or "slug" in fields:
        fields["slug"] = slugify(fields.get("slug") or fields.get("title") or "")
    if "is_featured" in fields:
        fields["is_featured"] = bool(fields["is_featured"])
    return fields


def _snapshot(article: Article, kind: str, user, fields: dict | None = None) -> ArticleRevision:
    """A new revision holding the article's fields (or the given ones)."""
    values = {name: getattr(article, name) for name in REVISION_FIELDS}
    if fields:
        values.update(fields)
    revision = ArticleRevision(
        article_id=article.id,
        author_id=getattr(user, "id", None),
        kind=kind,
        article_version=article.version,
        created_at=utcnow(),
        **values,
    )
    db.session.add(revision)
    return revision


def _audit(action: str, article: Article, user, detail: str | None = None) -> None:
    """Log a step on an article by ``user`` in the caller's transaction (detail: the title)."""
    detail = article.title if detail is None else detail
    audit.record(action, "article", article.id, detail, actor=user)


def _latest_revision(article_id: int) -> ArticleRevision | None:
    return db.session.execute(
        select(ArticleRevision)
        .where(ArticleRevision.article_id == article_id)
        .order_by(ArticleRevision.id.desc())
        .limit(1)
    ).scalar_one_or_none()


def _bump_version(article: Article, expected: int) -> None:
    """Move the article to the next version, or raise EditConflict if it moved already.

    A conditional UPDATE, so two workers saving from the same version cannot both win.
    """
    if article.version != expected:
        raise EditConflict(article.version)
    result = db.session.execute(
        update(Article)
        .where(Article.id == article.id, Article.version == expected)
        .values(version=expected + 1)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        db.session.rollback()
        current = db.session.execute(
            select(Article.version).where(Article.id == article.id)
        ).scalar_one()
        raise EditConflict(current)
    article.version = expected + 1


def create_article(data: dict, user) -> SaveResult:
    """Create a draft by ``user`` from form data, with its first revision."""
    fields = clean_fields(data, user)
    article = Article(author_id=user.id, status="draft", version=1, **fields)
    db.session.add(article)
    db.session.flush()
    revision = _snapshot(article, "save", user)
    _audit("article.create", article, user)
    return SaveResult(article, revision)


def save_article(
    article: Article, data: dict, user, expected_version: int, kind: str = "save"
) -> SaveResult:
    """Save an edit made from ``expected_version``; raise EditConflict when it is stale.

    A reporter's edit of a published (or scheduled) article becomes a pending revision
    and the published text stays online; any other edit applies at once. Every save
    keeps a revision; successive autosaves by one person share one.
    """
    fields = clean_fields(data, user)
    if article.status == "published" and fields.get("published_at", False) is None:
        # An emptied date on a published article keeps it online rather than hiding it.
        fields.pop("published_at")
    _bump_version(article, expected_version)
    if article.status == "published" and not user.has_role("editor"):
        revision = _snapshot(article, "pending", user, fields)
        db.session.flush()
        article.pending_revision_id = revision.id
        article.updated_at = utcnow()
        _audit("article.update", article, user, "pending revision")
        return SaveResult(article, revision, pending=True)
    for name, value in fields.items():
        setattr(article, name, value)
    article.updated_at = utcnow()
    latest = _latest_revision(article.id) if kind == "autosave" else None
    if latest is not None and latest.kind == "autosave" and latest.author_id == user.id:
        for name in REVISION_FIELDS:
            setattr(latest, name, getattr(article, name))
        latest.created_at = utcnow()
        latest.article_version = article.version
        revision = latest
    else:
        revision = _snapshot(article, kind, user)
    if kind != "autosave":
        _audit("article.update", article, user)
    return SaveResult(article, revision)


def submit(article: Article, user) -> None:
    """Send a draft (or an unpublished article) for review."""
    if article.status not in ("draft", "unpublished"):
        raise InvalidTransition(article.status)
    article.status = "pending"
    article.review_note = ""
    _audit("article.submit", article, user)


def publish(article: Article, user, when: datetime | None = None) -> bool:
    """Publish now, or at ``when`` (naive UTC) if it is ahead; return True when scheduled."""
    if article.status == "trash":
        raise InvalidTransition(article.status)
    now = utcnow()
    article.status = "published"
    article.published_at = when or now
    article.review_note = ""
    scheduled = article.published_at > now
    action = "article.schedule" if scheduled else "article.publish"
    detail = f"{article.title} @ {article.published_at:%Y-%m-%d %H:%M:%S} UTC"
    _audit(action, article, user, detail)
    return scheduled


def send_back(article: Article, user, note: str) -> None:
    """Return a pending article (or a pending revision) to its author with a note."""
    note = nfc(note)
    if not note:
        raise InvalidTransition("a note is required")
    if article.status == "pending":
        article.status = "draft"
    elif article.pending_revision_id is not None:
        revision = db.session.get(ArticleRevision, article.pending_revision_id)
        if revision is not None:
            revision.kind = "rejected"
        article.pending_revision_id = None
    else:
        raise InvalidTransition(article.status)
    article.review_note = note
    _audit("article.return", article, user, note)


def approve_revision(article: Article, user) -> None:
    """Apply a reporter's pending revision to the published article."""
    revision = (
        db.session.get(ArticleRevision, article.pending_revision_id)
        if article.pending_revision_id is not None
        else None
    )
    if revision is None:
        raise InvalidTransition("no pending revision")
    _bump_version(article, article.version)
    for name, value in revision.fields().items():
        if name not in EDITOR_ONLY_FIELDS:
            setattr(article, name, value)
    article.updated_at = utcnow()
    article.pending_revision_id = None
    article.review_note = ""
    revision.kind = "approved"
    _audit("article.publish", article, user, f"revision {revision.id}")


def unpublish(article: Article, user) -> None:
    """Take a published (or scheduled) article off the site."""
    if article.status != "published":
        raise InvalidTransition(article.status)
    article.status = "unpublished"
    _audit("article.unpublish", article, user)


def trash(article: Article, user) -> None:
    """Move an article to the trash, remembering its state for restore."""
    if article.status == "trash":
        raise InvalidTransition(article.status)
    article.trashed_from = article.status
    article.status = "trash"
    _audit("article.trash", article, user)


def restore(article: Article, user) -> None:
    """Bring an article back from the trash; a reporter gets it back as a draft at most."""
    if article.status != "trash":
        raise InvalidTransition(article.status)
    previous = article.trashed_from or "draft"
    if not user.has_role("editor") and previous not in ("draft", "pending"):
        previous = "draft"
    article.status = previous
    article.trashed_from = ""
    _audit("article.restore", article, user)


def restore_revision(
    article: Article, revision: ArticleRevision, user, expected_version: int
) -> SaveResult:
    """Save an older revision's content as the article's new state (a new revision)."""
    return save_article(article, revision.fields(), user, expected_version, kind="restore")


def revisions_of(article_id: int) -> list:
    """Every revision of an article, newest first, with its author's names."""
    return db.session.execute(
        select(ArticleRevision, User.username, User.full_name)
        .outerjoin(User, ArticleRevision.author_id == User.id)
        .where(ArticleRevision.article_id == article_id)
        .order_by(ArticleRevision.id.desc())
    ).all()


def queue_filter():
    """SQL condition for "awaiting review": pending, or a pending revision of a live article."""
    return or_(
        Article.status == "pending",
        (Article.pending_revision_id.is_not(None)) & (Article.status != "trash"),
    )


def queue_count() -> int:
    """How many articles await review (the badge in the staff navigation)."""
    return db.session.execute(
        select(func.count()).select_from(Article).where(queue_filter())
    ).scalar_one()
