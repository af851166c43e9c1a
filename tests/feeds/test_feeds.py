"""RSS feeds, their conditional GET, and the sharing tags and links of article pages."""

import re
from datetime import timedelta

import feedparser
import pytest
from sqlalchemy import update

from cms.content.models import Article
from cms.core.formatting import utcnow
from cms.extensions import db


@pytest.fixture
def portal(make_category, make_article):
    """Two categories, public articles and some that must never reach a feed."""
    news = make_category(name="Tin tức – Sự kiện", description="Tin nổi bật")
    notices = make_category(name="Thông báo")
    now = utcnow()
    first = make_article(
        title="Khai mạc lễ hội <Đền> & chợ quê",
        summary="Lễ hội diễn ra trong ba ngày.",
        category=news,
        published_at=now - timedelta(hours=3),
        image_url="/media/demo/le-hoi.jpg",
        image_alt="Lễ hội",
    )
    second = make_article(
        title="Thông báo lịch tiếp công dân",
        summary="Lịch tiếp công dân tháng 8.",
        category=notices,
        published_at=now - timedelta(hours=1),
    )
    make_article(title="Bản nháp", status="draft", category=news)
    make_article(title="Sắp đăng", published_at=now + timedelta(days=1), category=news)
    return {"news": news, "notices": notices, "first": first, "second": second}


def parse(response):
    """Parse a feed response, asserting it is well-formed RSS."""
    feed = feedparser.parse(response.get_data())
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "rss20"
    return feed


def test_site_feed_is_valid_rss_with_public_articles(portal, client):
    response = client.get("/rss.xml")
    assert response.status_code == 200
    assert response.mimetype == "application/rss+xml"
    feed = parse(response)
    # A title with "<" or "&" goes out as the HTML that shows it (readers render it).
    assert [(e.title, e.title_detail.type) for e in feed.entries] == [
        ("Thông báo lịch tiếp công dân", "text/plain"),
        ("Khai mạc lễ hội &lt;Đền&gt; &amp; chợ quê", "text/html"),
    ]
    entry = feed.entries[1]
    first = portal["first"]
    assert entry.link == f"http://portal.test/bai-viet/{first.id}-{first.slug}"
    assert entry.id == entry.link
    assert entry.description == "Lễ hội diễn ra trong ba ngày."
    assert entry.published_parsed[:5] == first.published_at.timetuple()[:5]
    assert entry.tags[0].term == "Tin tức – Sự kiện"
    assert feed.feed.link == "http://portal.test/"
    assert feed.feed.updated_parsed is not None  # lastBuildDate
    assert re.search(
        r"<pubDate>\w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d GMT</pubDate>", response.get_data(True)
    )


def test_category_feed_lists_only_its_category(portal, client):
    response = client.get("/chuyen-muc/thong-bao/rss.xml")
    feed = parse(response)
    assert [e.title for e in feed.entries] == ["Thông báo lịch tiếp công dân"]
    assert feed.feed.title.startswith("Thông báo – ")
    assert feed.feed.link == "http://portal.test/chuyen-muc/thong-bao"
    assert client.get("/chuyen-muc/khong-co/rss.xml").status_code == 404


def test_empty_feed_is_still_valid(client):
    feed = parse(client.get("/rss.xml"))
    assert feed.entries == []


def test_conditional_get_with_etag_and_last_modified(portal, client, make_article):
    # Dates in HTTP have one-second resolution: put the existing edits in the past.
    db.session.execute(update(Article).values(updated_at=utcnow() - timedelta(hours=2)))
    db.session.commit()
    first = client.get("/rss.xml")
    etag = first.headers["ETag"]
    modified = first.headers["Last-Modified"]
    assert etag and modified
    assert first.headers["Cache-Control"]
    again = client.get("/rss.xml", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.get_data() == b""
    assert client.get("/rss.xml", headers={"If-Modified-Since": modified}).status_code == 304
    make_article(title="Tin mới nhất", category=portal["news"], published_at=utcnow())
    changed = client.get("/rss.xml", headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.headers["ETag"] != etag
    assert client.get("/rss.xml", headers={"If-Modified-Since": modified}).status_code == 200


def test_editing_an_item_changes_the_etag(portal, client):
    etag = client.get("/rss.xml").headers["ETag"]
    portal["second"].summary = "Lịch tiếp công dân tháng 9."
    db.session.commit()
    assert client.get("/rss.xml", headers={"If-None-Match": etag}).status_code == 200


def test_renaming_a_shown_category_changes_the_etag(portal, client):
    """The items' category names and the channel's description are part of the feed too."""
    site_etag = client.get("/rss.xml").headers["ETag"]
    portal["news"].name = "Tin tức"
    db.session.commit()
    changed = client.get("/rss.xml", headers={"If-None-Match": site_etag})
    assert changed.status_code == 200
    assert "<category>Tin tức</category>" in changed.get_data(as_text=True)
    category_etag = client.get("/chuyen-muc/tin-tuc-su-kien/rss.xml").headers["ETag"]
    portal["news"].description = "Tin mới trong ngày"
    db.session.commit()
    response = client.get(
        "/chuyen-muc/tin-tuc-su-kien/rss.xml", headers={"If-None-Match": category_etag}
    )
    assert response.status_code == 200
    assert parse(response).feed.description == "Tin mới trong ngày"


def test_feed_ttl_matches_its_cache_lifetime(portal, client):
    response = client.get("/rss.xml")
    assert response.cache_control.max_age == 300
    assert parse(response).feed.ttl == "5"


def test_feeds_are_linked_from_the_head(portal, client):
    home = client.get("/").get_data(as_text=True)
    assert '<link rel="alternate" type="application/rss+xml"' in home
    assert 'href="/rss.xml"' in home
    category = client.get("/chuyen-muc/thong-bao").get_data(as_text=True)
    assert 'href="/chuyen-muc/thong-bao/rss.xml"' in category
    first = portal["first"]
    article = client.get(f"/bai-viet/{first.id}-{first.slug}").get_data(as_text=True)
    assert 'href="/chuyen-muc/tin-tuc-su-kien/rss.xml"' in article


def test_article_page_has_description_canonical_and_open_graph(portal, client):
    first = portal["first"]
    url = f"http://portal.test/bai-viet/{first.id}-{first.slug}"
    page = client.get(f"/bai-viet/{first.id}-{first.slug}").get_data(as_text=True)
    head = page.split("</head>")[0]
    assert '<meta name="description" content="Lễ hội diễn ra trong ba ngày.">' in head
    assert f'<link rel="canonical" href="{url}">' in head
    assert '<meta property="og:type" content="article">' in head
    assert '<meta property="og:title" content="Khai mạc lễ hội &lt;Đền&gt; &amp; chợ quê">' in head
    assert '<meta property="og:description" content="Lễ hội diễn ra trong ba ngày.">' in head
    assert f'<meta property="og:url" content="{url}">' in head
    assert '<meta property="og:image" content="http://portal.test/media/demo/le-hoi.jpg">' in head
    published = re.search(r'<meta property="article:published_time" content="([^"]+)">', head)
    assert published.group(1).endswith("+07:00")


def test_article_without_image_or_summary_still_describes_itself(make_article, client):
    art = make_article(title="Tin ngắn", summary="", body="<p>Nội dung <b>đầy đủ</b>.</p>")
    page = client.get(f"/bai-viet/{art.id}-{art.slug}").get_data(as_text=True)
    assert '<meta name="description" content="Nội dung đầy đủ.">' in page
    assert "og:image" not in page
    assert '<meta name="twitter:card" content="summary">' in page


def test_share_links_and_copy_button(portal, client):
    first = portal["first"]
    page = client.get(f"/bai-viet/{first.id}-{first.slug}").get_data(as_text=True)
    encoded = f"http%3A//portal.test/bai-viet/{first.id}-{first.slug}"
    assert f'href="https://www.facebook.com/sharer/sharer.php?u={encoded}"' in page
    assert f'href="https://sp.zalo.me/share?url={encoded}"' in page
    assert 'class="share-copy"' in page
    assert f'data-url="http://portal.test/bai-viet/{first.id}-{first.slug}"' in page
    assert "js/share.js" in page
    # Plain links: no third-party script on the page.
    assert "facebook.net" not in page and "zalo.me/sdk" not in page
    script = client.get("/static/js/share.js")
    assert script.status_code == 200
    assert b"clipboard" in script.get_data()
    script.close()
