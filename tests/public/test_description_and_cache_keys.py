"""The page description treats the summary as plain text; fragment cache keys hold only
what changes the fragment, so junk query parameters neither miss the cache nor fill it."""

import re
from contextlib import contextmanager

import pytest
from flask import template_rendered

from cms.core.cache import app_cache


def _meta(page: str, attribute: str, name: str) -> str:
    """The content of a <meta> tag of the page's head."""
    head = page.split("</head>", 1)[0]
    match = re.search(rf'<meta {attribute}="{name}" content="([^"]*)">', head)
    assert match, name
    return match.group(1)


def test_a_plain_summary_with_angle_brackets_is_described_as_is(make_article, client):
    art = make_article(title="Lãi suất", summary="Lãi suất <5% và phí >2%")
    page = client.get(f"/bai-viet/{art.id}-{art.slug}").get_data(as_text=True)
    assert _meta(page, "name", "description") == "Lãi suất &lt;5% và phí &gt;2%"
    assert _meta(page, "property", "og:description") == "Lãi suất &lt;5% và phí &gt;2%"


def test_without_a_summary_the_body_html_is_described_as_text(make_article, client):
    art = make_article(
        title="Tin ngắn",
        summary="  ",
        body="<p>Giá &lt;5 triệu &amp; <b>miễn</b> phí.</p><p>Đoạn hai.</p>",
    )
    page = client.get(f"/bai-viet/{art.id}-{art.slug}").get_data(as_text=True)
    wanted = "Giá &lt;5 triệu &amp; miễn phí. Đoạn hai."
    assert _meta(page, "name", "description") == wanted
    assert _meta(page, "property", "og:description") == wanted


@pytest.fixture
def cached_app(app, make_app):
    """An app whose fragment cache keeps entries (the test default keeps none); its context
    is pushed over the default app's, so the factories write to its database."""
    cached = make_app(CACHE_SECONDS=300, PAGE_SIZE=2)
    with cached.app_context():
        yield cached


@contextmanager
def renders(app):
    """Count the renderings of each template during the block."""
    counts: dict[str, int] = {}

    def record(_sender, template, **_extra):
        counts[template.name] = counts.get(template.name, 0) + 1

    template_rendered.connect(record, app)
    try:
        yield counts
    finally:
        template_rendered.disconnect(record, app)


def _fragment_keys(app) -> list[str]:
    """The keys of the page fragments in the app's cache."""
    return [k for k in app_cache()._data if k.startswith("content:fragment:")]


def test_junk_parameters_share_the_home_fragment(cached_app, make_article):
    make_article(title="Tin trang chủ")
    client = cached_app.test_client()
    with renders(cached_app) as counts:
        for n in range(5):
            assert client.get(f"/?x={n}").status_code == 200
        assert client.get("/?utm_source=zalo&fbclid=abc").status_code == 200
    assert counts["public/_home_main.html"] == 1
    assert counts["public/home.html"] == 6
    assert len(_fragment_keys(cached_app)) == 1


def test_category_pages_are_keyed_by_page_number_only(cached_app, make_category, make_article):
    news = make_category(name="Tin tức")
    for n in range(5):
        make_article(title=f"Tin {n}", category=news)
    client = cached_app.test_client()
    with renders(cached_app) as counts:
        first = client.get("/chuyen-muc/tin-tuc?trang=2&x=1").get_data(as_text=True)
        client.get("/chuyen-muc/tin-tuc?x=2&trang=2")
        client.get("/chuyen-muc/tin-tuc?trang=2")
        other = client.get("/chuyen-muc/tin-tuc?trang=3&x=3").get_data(as_text=True)
    assert counts["public/_category_list.html"] == 2  # pages 2 and 3, once each
    # The pager of a shared fragment carries the page number, never the junk.
    pager = re.findall(r'<nav class="pager".*?</nav>', first + other, re.S)
    links = re.findall(r'href="([^"]+)"', "".join(pager))
    assert "/chuyen-muc/tin-tuc" in links and "/chuyen-muc/tin-tuc?trang=3" in links
    assert all("x=" not in link for link in links), links


def test_article_other_news_is_keyed_by_page_number_only(cached_app, make_article):
    articles = [make_article(title=f"Tin khác {n}") for n in range(12)]
    art = articles[0]
    client = cached_app.test_client()
    with renders(cached_app) as counts:
        for junk in ("a=1", "b=2", "trang=1&c=3"):
            page = client.get(f"/bai-viet/{art.id}-{art.slug}?{junk}").get_data(as_text=True)
            assert f'href="/bai-viet/{art.id}-{art.slug}?trang=2"' in page
    assert counts["public/_other_news.html"] == 1
    assert counts["public/_article_main.html"] == 1


def test_search_pager_still_keeps_the_query(make_article, client):
    """Outside the shared fragments the pager keeps the list's other parameters."""
    for n in range(25):
        make_article(title=f"Lễ hội làng số {n}")
    page = client.get("/tim-kiem?q=l%E1%BB%85+h%E1%BB%99i").get_data(as_text=True)
    pager = re.search(r'<nav class="pager".*?</nav>', page, re.S)
    if pager is None:
        pytest.skip("the search page lists every result on one page")
    assert "q=" in pager.group(0)
