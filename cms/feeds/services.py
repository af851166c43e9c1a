"""Reading what a feed shows, and the validators for conditional GET."""

import hashlib
import html
import re
from datetime import UTC, datetime
from email.utils import format_datetime

from sqlalchemy import select

from cms.content.models import Article
from cms.extensions import db

FEED_ITEMS = 20
# What XML 1.0 forbids in a document: C0 controls but tab, LF and CR; lone surrogates;
# U+FFFE and U+FFFF. One of them in a title would make the feed unreadable for everyone.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def feed_items(category_id: int | None = None, limit: int = FEED_ITEMS) -> list:
    """The newest public articles (no body), optionally of one category."""
    query = select(
        Article.id,
        Article.title,
        Article.slug,
        Article.summary,
        Article.byline,
        Article.published_at,
        Article.updated_at,
        Article.category_id,
        Article.image_url,
    ).where(Article.public_filter())
    if category_id is not None:
        query = query.where(Article.category_id == category_id)
    query = query.order_by(Article.published_at.desc(), Article.id.desc()).limit(limit)
    return db.session.execute(query).all()


def last_modified(items: list) -> datetime | None:
    """When the feed last changed: the latest publication or edit among its items (UTC)."""
    stamps = [t for row in items for t in (row.published_at, row.updated_at) if t]
    if not stamps:
        return None
    return max(stamps).replace(microsecond=0, tzinfo=UTC)


def etag(items: list, *extra: str) -> str:
    """A validator that changes when any shown field of any item changes."""
    digest = hashlib.sha256()
    for part in extra:
        digest.update(part.encode() + b"\0")
    for row in items:
        for value in (
            row.id,
            row.title,
            row.slug,
            row.summary,
            row.byline,
            row.published_at,
            row.category_id,
            row.image_url,
        ):
            digest.update(str(value).encode() + b"\0")
    return digest.hexdigest()[:32]


def rfc822(value: datetime | None) -> str:
    """An RFC 822 date (as RSS 2.0 wants) from a naive-UTC or aware datetime."""
    if value is None:
        return ""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return format_datetime(value.astimezone(UTC), usegmt=True)


def xml_safe(document: str) -> str:
    """The document without the characters XML 1.0 forbids (they are never meaningful)."""
    return _NOT_XML.sub("", document)


def as_html_text(value: str | None) -> str:
    """Plain text as the HTML that shows it: readers render titles and descriptions as HTML,
    so "<img …>" must reach them as "&lt;img …>" (the template escapes it once more for XML).
    Quotes are left alone: they mean nothing in a text node and stay readable everywhere."""
    return html.escape(value or "", quote=False)
