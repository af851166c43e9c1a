"""Listings that cost the same at any depth: the pages show exactly what a plain OFFSET
query over the whole table would (ties on published_at, scheduled articles that become due,
drafts and trash among them), the public counts stay exact through every change of state,
and a deep page runs no more queries than page 1."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from cms.content import queries
from cms.content.models import Article
from cms.core import formatting
from cms.core.formatting import utcnow
from cms.extensions import db

PER_PAGE = 7
OTHER_NEWS = 10


@pytest.fixture
def app(make_app):
    """A small page size, so a few hundred articles make many pages."""
    app = make_app(PAGE_SIZE=PER_PAGE)
    with app.app_context():
        yield app


def _fill(category, count: int = 260) -> list[Article]:
    """Articles in one category: public ones with equal publication times in threes,
    scheduled ones (due in one and in five hours), drafts, unpublished and trash."""
    now = utcnow()
    base = now - timedelta(days=30)
    rows = []
    for n in range(count):
        status = "published"
        when = base + timedelta(minutes=n // 3)  # three articles share each time
        if n % 17 == 0:
            status = ("draft", "unpublished", "trash", "pending")[n // 17 % 4]
        elif n % 23 == 0:
            when = now + timedelta(hours=1 if n % 2 else 5)  # scheduled
        rows.append(
            Article(
                title=f"Tin số {n}",
                slug=f"tin-so-{n}",
                category_id=category.id,
                status=status,
                published_at=when,
                trashed_from="published" if status == "trash" else "",
            )
        )
    db.session.add_all(rows)
    db.session.commit()
    return rows


def _reference(category_id: int, exclude: int | None = None) -> list[int]:
    """The public ids of a category newest first, filtered and sorted in Python."""
    now = utcnow()
    rows = db.session.execute(
        select(Article.id, Article.status, Article.published_at).where(
            Article.category_id == category_id
        )
    ).all()
    public = [
        r for r in rows if r.status == "published" and r.published_at <= now and r.id != exclude
    ]
    return [r.id for r in sorted(public, key=lambda r: (r.published_at, r.id), reverse=True)]


def _listed(html: str, start: str, end: str) -> list[int]:
    """The article ids linked between two markers of a page."""
    part = html[html.index(start) :]
    part = part[: part.index(end)] if end in part else part
    return [int(n) for n in re.findall(r'href="/bai-viet/(\d+)-[^"?]*"', part)]


def _category_page(client, category, page: int) -> list[int]:
    """The ids a category page lists, in order."""
    response = client.get(f"/chuyen-muc/{category.slug}?trang={page}")
    assert response.status_code == 200
    return _listed(response.get_data(as_text=True), "cards-list", 'class="pager"')


def _count_now(category_id: int | None) -> int:
    """The exact public count by brute force."""
    now = utcnow()
    query = select(Article.status, Article.published_at, Article.category_id)
    return sum(
        1
        for r in db.session.execute(query).all()
        if r.status == "published"
        and r.published_at is not None
        and r.published_at <= now
        and (category_id is None or r.category_id == category_id)
    )


def test_category_pages_match_a_plain_offset_query(client, make_category, monkeypatch):
    """Page 1, a middle page and the last page, before and after scheduled ones are due."""
    category = make_category(name="Kinh tế")
    _fill(category)
    sizes = []
    for _moment in ("now", "later"):
        expected = _reference(category.id)
        sizes.append(len(expected))
        pages = -(-len(expected) // PER_PAGE)
        assert queries.count_public(category.id) == len(expected)
        for page in (1, 2, pages // 2, pages - 1, pages):
            start = (page - 1) * PER_PAGE
            assert _category_page(client, category, page) == expected[start : start + PER_PAGE]
        assert client.get(f"/chuyen-muc/{category.slug}?trang={pages + 1}").status_code == 404
        # Two hours on, with no write at all: the first scheduled articles are due.
        monkeypatch.setattr(formatting, "_offset", formatting._offset + timedelta(hours=2))
    assert sizes[1] > sizes[0]


def test_other_news_pages_match_a_plain_offset_query(client, make_category):
    """ "Tin khác" under an article: every article of its category but itself."""
    category = make_category(name="Văn hóa – Xã hội")
    rows = _fill(category, 120)
    article = next(r for r in rows[40:] if r.status == "published" and r.published_at < utcnow())
    expected = _reference(category.id, exclude=article.id)
    pages = -(-len(expected) // OTHER_NEWS)
    for page in (1, pages // 2, pages):
        response = client.get(f"/bai-viet/{article.id}-{article.slug}?trang={page}")
        assert response.status_code == 200
        listed = _listed(response.get_data(as_text=True), 'class="other-news"', 'class="pager"')
        start = (page - 1) * OTHER_NEWS
        assert listed == expected[start : start + OTHER_NEWS]


def test_counts_stay_exact_through_every_change(client, make_category, login_as, monkeypatch):
    """Publish, schedule, unpublish, trash, restore, move, delete, and a schedule coming due."""
    news, culture = make_category(name="Tin tức"), make_category(name="Văn hóa")
    rows = _fill(news, 60)
    login_as(client, "editor")

    def check():
        for category_id in (news.id, culture.id, None):
            assert queries._count_public(category_id) == _count_now(category_id)

    check()
    draft = next(r for r in rows if r.status == "draft")
    public = [r for r in rows if r.status == "published" and r.published_at < utcnow()]
    ahead = (formatting.to_local(utcnow() + timedelta(hours=3))).strftime("%Y-%m-%dT%H:%M:%S")
    steps = [
        ("post", f"/quan-tri/bai-viet/{draft.id}/xuat-ban", {"published_at": ""}),
        ("post", f"/quan-tri/bai-viet/{public[0].id}/go", {}),
        ("post", f"/quan-tri/bai-viet/{public[1].id}/xoa", {}),
        ("post", f"/quan-tri/bai-viet/{public[1].id}/khoi-phuc", {}),
        ("post", f"/quan-tri/bai-viet/{public[2].id}/xoa", {}),
        ("post", f"/quan-tri/bai-viet/{public[0].id}/xuat-ban", {"published_at": ahead}),
    ]
    for _method, url, data in steps:
        assert client.post(url, data=data).status_code == 302, url
        check()
    # Writes the editor does not make: a move to another category, a delete, a bulk insert.
    public[3].category_id = culture.id
    db.session.commit()
    check()
    db.session.delete(public[4])
    db.session.commit()
    check()
    _fill(culture, 30)
    check()
    # Time passes with no write: scheduled articles become due and are counted.
    before = queries._count_public(news.id)
    monkeypatch.setattr(formatting, "_offset", formatting._offset + timedelta(hours=6))
    check()
    assert queries._count_public(news.id) > before


def test_a_deep_page_runs_no_more_queries_than_page_one(client, make_category, count_queries):
    """The same statements, whatever the depth (the pager's total is no scan either)."""
    category = make_category(name="Thông báo")
    rows = _fill(category, 200)
    pages = -(-len(_reference(category.id)) // PER_PAGE)
    client.get(f"/chuyen-muc/{category.slug}")  # warm the settings and menu
    with count_queries() as first:
        assert client.get(f"/chuyen-muc/{category.slug}").status_code == 200
    with count_queries() as deep:
        assert client.get(f"/chuyen-muc/{category.slug}?trang={pages}").status_code == 200
    assert len(deep) == len(first)
    # No statement counts the category's articles one by one.
    assert not [
        s
        for s in deep
        if re.search(r"count\(\*\)[\s\S]*status\s*=", s) and "published_at >" not in s
    ]
    article = rows[-1] if rows[-1].status == "published" else rows[-2]
    client.get(f"/bai-viet/{article.id}-{article.slug}")  # warm the article's own parts
    with count_queries() as other_first:
        client.get(f"/bai-viet/{article.id}-{article.slug}")
    with count_queries() as other_deep:
        client.get(f"/bai-viet/{article.id}-{article.slug}?trang=15")
    assert len(other_deep) == len(other_first)


def test_sitemap_chunks_list_every_public_article_once(client, make_category, monkeypatch):
    """Chunks by id range: together they list each public article exactly once."""
    monkeypatch.setattr("cms.public.views.SITEMAP_CHUNK", 40)
    category = make_category(name="Cải cách hành chính")
    _fill(category, 150)
    index = client.get("/sitemap.xml").get_data(as_text=True)
    chunks = [int(n) for n in re.findall(r"/sitemap-(\d+)\.xml", index)]
    assert chunks == list(range(1, len(chunks) + 1))
    listed = []
    for number in chunks:
        response = client.get(f"/sitemap-{number}.xml")
        assert response.status_code == 200
        listed += [int(n) for n in re.findall(r"/bai-viet/(\d+)-", response.get_data(as_text=True))]
    assert sorted(listed) == sorted(_reference(category.id))
    assert client.get(f"/sitemap-{len(chunks) + 1}.xml").status_code == 404
    # Unpublishing articles of the first chunk moves nothing in the others (no OFFSET).
    second = client.get("/sitemap-2.xml").get_data(as_text=True)
    for article in db.session.execute(select(Article).where(Article.id <= 40)).scalars():
        article.status = "unpublished"
    db.session.commit()
    assert client.get("/sitemap-2.xml").get_data(as_text=True) == second
    assert "/bai-viet/" not in client.get("/sitemap-1.xml").get_data(as_text=True)
