"""Loading the demo content: illustrations, site settings, categories and articles.

Every step is idempotent: images are stored (in the media storage) only when missing,
settings fields only when empty, categories and articles only when no row has their slug
yet. The database writes join the caller's transaction (``flask seed-demo`` commits once,
at its end).
"""

import re
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import select

from cms.content.models import Article, Category
from cms.content.sanitize import sanitize
from cms.core.database import outside_transaction
from cms.core.formatting import local_to_utc, to_local, utcnow
from cms.core.storage import media_storage
from cms.core.text import nfc, slugify
from cms.demo import content
from cms.demo.images import SCENES, encode_scene
from cms.extensions import db
from cms.settings.models import SiteSettings

BLOCK_BREAK = re.compile(r"\n\s*\n")

Progress = Callable[[str], None] | None


def step_count() -> int:
    """How many times load_demo reports progress."""
    return len(SCENES) + 1 + len(content.CATEGORIES) + len(content.ARTICLES)


def has_articles() -> bool:
    """True when the database holds at least one article."""
    return db.session.execute(select(Article.id).limit(1)).first() is not None


def media_folder() -> str:
    """Where the demo illustrations live: demo/ in the media storage (served at /media/demo/)."""
    return media_storage().location("demo/")


def image_key(name: str) -> str:
    """The media storage key of a demo illustration."""
    return f"demo/{name}.jpg"


def image_url(name: str) -> str:
    """The public URL of a demo illustration."""
    return f"/media/{image_key(name)}"


def _squash(text: str) -> str:
    """NFC text with runs of white space collapsed; a space between two tags becomes a line."""
    return nfc(" ".join(text.split()).replace("> <", ">\n<"))


def article_body(text: str) -> str:
    """Sanitized HTML from a content body: blank-line separated blocks, one per line."""
    blocks = [_squash(block) for block in BLOCK_BREAK.split(text.strip())]
    return sanitize("\n".join(block for block in blocks if block))


def publication_time(item: dict, now: datetime) -> datetime | None:
    """Naive UTC publication time: days_ago days back at the local hour, or ahead if < 0."""
    days = item.get("days_ago")
    if days is None:
        return None
    if days < 0:
        return now + timedelta(days=-days)
    minute = sum(map(ord, item["title"])) % 60
    local_day = to_local(now - timedelta(days=days)).replace(tzinfo=None)
    local = local_day.replace(hour=item.get("hour", 9), minute=minute, second=0, microsecond=0)
    return min(local_to_utc(local), now - timedelta(hours=1))


def ensure_images(progress: Progress = None) -> int:
    """Draw and store the missing demo illustrations; return how many were stored."""
    storage = media_storage()
    written = 0
    for name in SCENES:
        if not storage.exists(image_key(name)):
            storage.save(image_key(name), encode_scene(name), "image/jpeg")
            written += 1
        _report(progress, f"image {name}")
    return written


def _is_unset(row: SiteSettings, name: str) -> bool:
    """True when a settings field is empty or still holds its column default."""
    value = getattr(row, name)
    if not value:
        return True
    default = SiteSettings.__table__.c[name].default
    return default is not None and not callable(default.arg) and value == default.arg


def fill_settings() -> int:
    """Fill the empty fields of the settings row (creating it); return how many were set."""
    row = db.session.get(SiteSettings, 1)
    if row is None:
        row = SiteSettings(id=1)
        db.session.add(row)
    filled = 0
    for name, value in content.SETTINGS.items():
        if _is_unset(row, name):
            setattr(row, name, nfc(value) if isinstance(value, str) else value)
            filled += 1
    return filled


def ensure_categories(progress: Progress = None) -> tuple[dict[str, Category], int]:
    """Create the demo categories missing by slug; return all of them by slug and the count."""
    wanted = [(slugify(item["name"]), item) for item in content.CATEGORIES]
    existing = {
        cat.slug: cat
        for cat in db.session.scalars(
            select(Category).where(Category.slug.in_([slug for slug, _ in wanted]))
        )
    }
    created = 0
    for position, (slug, item) in enumerate(wanted, start=1):
        if slug not in existing:
            cat = Category(
                name=nfc(item["name"]),
                slug=slug,
                description=nfc(item["description"]),
                position=position,
                in_menu=True,
                on_home=True,
            )
            db.session.add(cat)
            existing[slug] = cat
            created += 1
        _report(progress, f"category {slug}")
    db.session.flush()
    return existing, created


def build_article(item: dict, category: Category, now: datetime) -> Article:
    """A new Article from one content entry (not yet added to the session)."""
    title = nfc(item["title"])
    image = item.get("image")
    return Article(
        title=title,
        slug=slugify(title),
        summary=_squash(item["summary"]),
        body=article_body(item["body"]),
        byline=nfc(item.get("byline", "")),
        source=nfc(item.get("source", "")),
        category_id=category.id,
        image_url=image_url(image) if image else "",
        image_caption=nfc(item.get("image_caption", "")) if image else "",
        image_alt=nfc(item.get("image_alt", "")) if image else "",
        is_featured=item.get("featured", False),
        status=item.get("status", "published"),
        published_at=publication_time(item, now),
        view_count=item.get("views", 0),
    )


def ensure_articles(categories: dict[str, Category], progress: Progress = None) -> int:
    """Create the demo articles missing by slug; return how many were created."""
    now = utcnow()
    slugs = [slugify(nfc(item["title"])) for item in content.ARTICLES]
    existing = set(db.session.scalars(select(Article.slug).where(Article.slug.in_(slugs))))
    created = 0
    for slug, item in zip(slugs, content.ARTICLES, strict=True):
        if slug not in existing:
            db.session.add(build_article(item, categories[item["category"]], now))
            existing.add(slug)
            created += 1
        _report(progress, f"article {slug}")
    return created


def load_demo(progress: Progress = None) -> dict:
    """Load everything that is missing; return counts of what was created or filled."""
    with outside_transaction():  # drawing takes a while: not under SQLite's write lock
        images = ensure_images(progress)
    settings = fill_settings()
    _report(progress, "settings")
    categories, new_categories = ensure_categories(progress)
    articles = ensure_articles(categories, progress)
    return {
        "images": images,
        "settings_fields": settings,
        "categories": new_categories,
        "articles": articles,
    }


def _report(progress: Progress, label: str) -> None:
    """Tell the caller one step is done."""
    if progress is not None:
        progress(label)
