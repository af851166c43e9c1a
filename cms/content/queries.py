"""Read queries for public pages: few, fixed in number, and using the indexes.

List queries select only the columns a list shows (never the body), so a page costs the
same for ten articles or a hundred thousand.
"""

from sqlalchemy import func, select

from cms.content.models import Article, ArticleCount, Category
from cms.core.cache import app_cache
from cms.core.formatting import utcnow
from cms.extensions import db

LIST_COLUMNS = (
    Article.id,
    Article.title,
    Article.slug,
    Article.summary,
    Article.published_at,
    Article.image_url,
    Article.image_alt,
    Article.category_id,
)
# The one order of every public list: total (id breaks ties), matched by the indexes.
NEWEST_FIRST = (Article.published_at.desc(), Article.id.desc())


def _menu_rows() -> tuple:
    rows = db.session.execute(
        select(
            Category.id,
            Category.name,
            Category.slug,
            Category.description,
            Category.in_menu,
            Category.on_home,
        ).order_by(Category.position, Category.id)
    ).all()
    return tuple(rows)


def all_categories() -> tuple:
    """Every category in menu order, cached for a few seconds per worker."""
    return app_cache().get("categories", _menu_rows)


def categories_by_id() -> dict:
    """Map category id to its cached row."""
    return {row.id: row for row in all_categories()}


def forget_categories() -> None:
    """Drop this worker's cached category list (and the fragments showing it) after a change."""
    app_cache().clear("categories")
    app_cache().clear(prefix="fragment:")
    forget_content()


def cached(key: str, loader):
    """Public content data kept for CACHE_SECONDS per worker (an object cache, not a page
    cache: pages are still rendered for every request)."""
    return app_cache().get("content:" + key, loader)


def forget_content() -> None:
    """Drop this worker's cached public content after articles or categories change."""
    app_cache().clear(prefix="content:")


def latest(limit: int, offset: int = 0, category_id: int | None = None, exclude=()):
    """The newest public articles, optionally of one category: ``limit`` from ``offset``.

    Two steps in one statement, so page 5,000 costs what page 1 does: the page's ids are
    read from the index alone (an index-only range of ix_article_category_status_published_id,
    whose order is exactly ``published_at DESC, id DESC``: the skipped entries are index
    entries, never rows, and nothing is sorted), then only those rows are fetched by id.
    The order is total (id breaks ties of published_at), so pages never overlap.
    """
    ids = select(Article.id).where(Article.public_filter())
    if category_id is not None:
        ids = ids.where(Article.category_id == category_id)
    if exclude:
        ids = ids.where(Article.id.not_in(list(exclude)))
    page = ids.order_by(*NEWEST_FIRST).limit(limit).offset(offset).subquery()
    query = select(*LIST_COLUMNS).join(page, page.c.id == Article.id).order_by(*NEWEST_FIRST)
    return db.session.execute(query).all()


def count_public(category_id: int | None = None) -> int:
    """How many public articles there are, optionally in one category (cached a few seconds).

    Never a scan: the count kept by the database (article_count, maintained by triggers
    on every write) minus the scheduled articles whose time is still ahead, which an index
    range reads (a count kept by writes cannot see a scheduled article become due; this
    subtraction does, exactly, at the moment it happens).
    """
    return cached(f"count:{category_id}", lambda: _count_public(category_id))


def _count_public(category_id: int | None, now=None) -> int:
    """The exact public count now: two index lookups, whatever the archive's size."""
    stored = select(func.coalesce(func.sum(ArticleCount.published), 0))
    ahead = (
        select(func.count())
        .select_from(Article)
        .where(Article.status == "published", Article.published_at > (now or utcnow()))
    )
    if category_id is not None:
        stored = stored.where(ArticleCount.category_id == category_id)
        ahead = ahead.where(Article.category_id == category_id)
    query = select(stored.scalar_subquery() - ahead.scalar_subquery())
    return int(db.session.execute(query).scalar_one())


def featured():
    """The newest public article flagged as featured, or None."""
    query = (
        select(*LIST_COLUMNS)
        .where(Article.public_filter(), Article.is_featured.is_(True))
        .order_by(Article.published_at.desc(), Article.id.desc())
        .limit(1)
    )
    return db.session.execute(query).first()


def home_blocks(category_ids: list[int], per_block: int, exclude=()) -> dict[int, list]:
    """The newest public articles of several categories, in one UNION ALL query."""
    if not category_ids:
        return {}
    now = utcnow()
    blocks: dict[int, list] = {cid: [] for cid in category_ids}
    # One small indexed sub-select per category, joined with UNION ALL: each is a range
    # scan of (category_id, status, published_at), so the cost does not grow with the table.
    parts = []
    for cid in category_ids:
        part = (
            select(*LIST_COLUMNS)
            .where(Article.category_id == cid, Article.public_filter(now))
            .order_by(Article.published_at.desc(), Article.id.desc())
            .limit(per_block + len(exclude))
        )
        parts.append(part.subquery().select())
    rows = db.session.execute(parts[0].union_all(*parts[1:]) if len(parts) > 1 else parts[0])
    for row in rows:
        items = blocks[row.category_id]
        if row.id not in exclude and len(items) < per_block:
            items.append(row)
    return blocks


def public_article(article_id: int):
    """The public article with this id (a row of every column), or None."""
    if not 0 < article_id < 2**63:
        return None
    query = select(*Article.__table__.c).where(Article.id == article_id, Article.public_filter())
    return db.session.execute(query).first()


def sitemap_chunks(chunk: int) -> int:
    """How many sitemap chunks there are: chunk N holds the ids ((N-1)*chunk, N*chunk].

    Chunks by id range, not by OFFSET: a chunk costs the same far in the archive as at its
    start, and an article stays in the same chunk whatever is published or removed.
    """
    top = db.session.execute(select(func.max(Article.id)).where(Article.public_filter()))
    return max(1, -(-(top.scalar_one() or 0) // chunk))


def sitemap_rows(number: int, chunk: int):
    """Ids, slugs and dates of the public articles of one sitemap chunk, oldest first."""
    query = (
        select(Article.id, Article.slug, Article.updated_at, Article.published_at)
        .where(Article.id > (number - 1) * chunk, Article.id <= number * chunk)
        .where(Article.public_filter())
        .order_by(Article.id)
    )
    return db.session.execute(query).all()
