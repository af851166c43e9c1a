"""Feeds with hostile titles, summaries and category descriptions: every feed stays
well-formed XML, and a reader that renders the text as HTML shows it as text."""

import html
import re
import xml.dom.minidom
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import feedparser
import pytest

from cms.core.text import slugify
from tests.content.test_sanitize import load_vectors

BATCH = 20  # a feed lists the newest 20 articles: one category per 20 vectors
CONTROLS = "Giá\x0bđiện\x01tăng\x0c từ\x1f tháng\ufffe 7\x08"
# What XML 1.0 allows; PostgreSQL cannot store NUL, so the database never holds one.
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _stored(value: str, limit: int) -> str:
    """The vector as the database can hold it (no NUL, within the column's length)."""
    return value.replace("\x00", "")[:limit]


def _shown(value: str) -> str:
    """What a reader should show for stored text: without XML-forbidden characters, with
    white space collapsed (XML turns CR into LF; readers collapse runs of spaces)."""
    return " ".join(NOT_XML.sub("", value).split())


class _Markup(HTMLParser):
    """Collect every element and attribute an HTML renderer would build from a text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.found.append(f"<{tag} {attrs}>")

    handle_startendtag = handle_starttag

    def handle_comment(self, data):
        self.found.append(f"<!--{data}-->")

    def handle_decl(self, decl):
        self.found.append(f"<!{decl}>")

    def handle_pi(self, data):
        self.found.append(f"<?{data}>")


def rendered_as_html(value: str) -> str:
    """What a reader that renders the text as HTML shows, failing on any markup in it."""
    parser = _Markup()
    parser.feed(value)
    parser.close()
    assert parser.found == [], (value, parser.found)
    return " ".join(html.unescape(value).split())


def reader_visible(detail_value: str, detail_type: str) -> str:
    """feedparser's value as its reader shows it: text/html is rendered, text/plain as is."""
    if detail_type == "text/html":
        return rendered_as_html(detail_value)
    return " ".join(detail_value.split())


@pytest.fixture
def hostile_portal(make_category, make_article):
    """Every XSS vector as a title and a summary, a category description per 20 of them."""
    vectors = [_stored(v, 300) for v in load_vectors()] + [CONTROLS]
    feeds = []
    for start in range(0, len(vectors), BATCH):
        batch = vectors[start : start + BATCH]
        category = make_category(
            name=f"Chuyên mục {start}\x0b<b>đậm</b>",
            slug=f"chuyen-muc-{start}",
            description=_stored(batch[0], 500),
        )
        for i, vector in enumerate(batch):
            make_article(
                title=vector,
                summary=vectors[-1 - start - i],
                slug=slugify(f"bai {start} {i}"),
                category=category,
            )
        feeds.append((f"/chuyen-muc/{category.slug}/rss.xml", category))
    return vectors, feeds


def test_every_feed_is_strict_xml_and_shows_hostile_text_as_text(hostile_portal, client):
    vectors, feeds = hostile_portal
    titles = {_shown(v) for v in vectors}
    summaries = titles
    seen = 0
    for url, category in [("/rss.xml", None), *feeds]:
        body = client.get(url).get_data()
        # Strict XML parsers: any forbidden character or stray markup raises here.
        xml.dom.minidom.parseString(body)  # noqa: S318 - our own feed
        root = ET.fromstring(body)  # noqa: S314 - our own feed
        channel = root.find("channel")
        if category is not None:
            wanted = _shown(category.description)
            assert rendered_as_html(channel.findtext("description")) == wanted
            assert rendered_as_html(channel.findtext("title")).startswith("Chuyên mục")
        for item in channel.iter("item"):
            assert rendered_as_html(item.findtext("title")) in titles
            assert rendered_as_html(item.findtext("description")) in summaries
            assert "\x0b" not in item.findtext("category")
            seen += 1

        feed = feedparser.parse(body)
        assert feed.bozo == 0, feed.get("bozo_exception")
        shown = [reader_visible(e.title, e.title_detail.type) for e in feed.entries]
        assert [rendered_as_html(t.text) for t in root.iter("title")][1:] == shown
        for entry in feed.entries:
            assert reader_visible(entry.description, entry.summary_detail.type) in summaries
        if category is not None:
            detail = feed.feed.subtitle_detail
            assert reader_visible(detail.value, detail.type) == _shown(category.description)
    assert seen == len(vectors) + 20


def test_a_control_character_in_a_title_leaves_the_feed_readable(make_article, client):
    make_article(title=CONTROLS, summary="Tóm tắt\x01 có ký tự điều khiển.")
    body = client.get("/rss.xml").get_data()
    xml.dom.minidom.parseString(body)  # noqa: S318 - our own feed
    feed = feedparser.parse(body)
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.entries[0].title == "Giáđiệntăng từ tháng 7"
    assert feed.entries[0].description == "Tóm tắt có ký tự điều khiển."


def test_a_reader_sees_the_markup_of_a_title_as_text(make_category, make_article, client):
    news = make_category(name="Tin", description="<img src=x onerror=alert(1)>")
    make_article(
        title="<script>alert(1)</script> & chợ",
        summary="Lãi suất <5% và phí >2% <img src=x onerror=alert(2)>",
        category=news,
    )
    text = client.get("/chuyen-muc/tin/rss.xml").get_data(as_text=True)
    assert (
        "<title>&amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt; &amp;amp; chợ</title>" in text
    )
    assert "<description>&amp;lt;img src=x onerror=alert(1)&amp;gt;</description>" in text
    entry = feedparser.parse(text).entries[0]
    assert entry.title_detail.type == "text/html"
    assert entry.title == "&lt;script&gt;alert(1)&lt;/script&gt; &amp; chợ"
    assert entry.description == "Lãi suất &lt;5% và phí &gt;2% &lt;img src=x onerror=alert(2)&gt;"
