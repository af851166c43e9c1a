"""The one rich-text sanitizer against XSS filter-evasion vectors, and idempotence."""

import codecs
import html
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from cms.content.sanitize import ATTRIBUTES, OWN_MEDIA, TAGS, sanitize

VECTORS_FILE = Path(__file__).resolve().parents[1] / "data" / "xss" / "filter_evasion.txt"
URL_ATTRIBUTES = {"href", "src"}
DANGEROUS_TAGS = {
    "script", "style", "iframe", "object", "embed", "svg", "math", "form", "input", "button",
    "base", "meta", "link", "frame", "frameset", "applet", "xml", "template", "video", "audio",
    "body", "html", "head", "title", "textarea", "select", "noscript", "marquee", "details",
}  # fmt: skip


def load_vectors() -> list[str]:
    """The vectors of the data file (see its header for source and licence)."""
    vectors = []
    for line in VECTORS_FILE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("esc:"):
            line = codecs.decode(line[4:], "unicode_escape")
        vectors.append(line)
    return vectors


VECTORS = load_vectors()


class _Collector(HTMLParser):
    """Collect every tag and attribute of an HTML fragment."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    handle_startendtag = handle_starttag


def _scheme_of(url: str) -> str | None:
    """The scheme a browser would see, after entity decoding and dropping control chars."""
    cleaned = re.sub(r"[\x00-\x20\x7f]+", "", html.unescape(url)).lower()
    match = re.match(r"^([a-z][a-z0-9+.-]*):", cleaned)
    return match.group(1) if match else None


def assert_safe(output: str) -> None:
    """Fail unless the HTML contains only allowlisted, non-executable markup."""
    parser = _Collector()
    parser.feed(output)
    parser.close()
    for tag, attrs in parser.tags:
        assert tag in TAGS, f"tag {tag!r} survived: {output!r}"
        assert tag not in DANGEROUS_TAGS
        allowed = ATTRIBUTES.get(tag, set()) | ({"rel"} if tag == "a" else set())
        for name, value in attrs:
            assert name in allowed, f"attribute {name!r} on {tag!r} survived: {output!r}"
            assert not name.startswith("on")
            if name in URL_ATTRIBUTES and value is not None:
                scheme = _scheme_of(value)
                assert scheme in (None, "http", "https", "mailto"), f"{value!r} in {output!r}"
            if tag == "img" and name == "src":
                assert OWN_MEDIA.match(value or ""), f"foreign image {value!r}"
                assert ".." not in value
    lowered = output.lower()
    for needle in ("<script", "<style", "<iframe", "<svg", "<math", "<object", "<embed"):
        assert needle not in lowered


def test_the_vector_file_has_enough_vectors():
    assert len(VECTORS) >= 100
    assert len(set(VECTORS)) == len(VECTORS)
    header = VECTORS_FILE.read_text(encoding="utf-8")[:1500]
    assert "OWASP" in header and "CC BY-SA 4.0" in header


@pytest.mark.parametrize("vector", VECTORS, ids=[f"v{n:03d}" for n in range(len(VECTORS))])
def test_vector_is_neutralised_and_idempotent(vector):
    once = sanitize(vector)
    assert_safe(once)
    assert sanitize(once) == once


@pytest.mark.parametrize(
    ("given_html", "kept"),
    [
        ("<p>Xin chào <strong>bà con</strong> <em>thị xã</em></p>", None),
        ("<h2>Tiêu đề</h2><h3>Mục</h3>", None),
        ('<ul><li>Một</li></ul><ol start="3"><li>Ba</li></ol>', None),
        ("<blockquote>Trích dẫn</blockquote>", None),
        (
            '<figure><img src="/media/2026/05/ab.jpg" alt="Ảnh">'
            "<figcaption>Chú thích</figcaption></figure>",
            None,
        ),
        (
            "<table><thead><tr><th>A</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table>",
            None,
        ),
        ('<a href="https://ubnd.example.vn/">Cổng</a>', 'href="https://ubnd.example.vn/"'),
        ('<a href="mailto:vanthu@example.vn">Thư</a>', 'href="mailto:vanthu@example.vn"'),
    ],
)
def test_allowed_content_survives(given_html, kept):
    output = sanitize(given_html)
    assert_safe(output)
    for tag in re.findall(r"<([a-z0-9]+)", given_html):
        assert f"<{tag}" in output
    if kept:
        assert kept in output
    assert re.sub(r"<[^>]+>", "", output) == re.sub(r"<[^>]+>", "", given_html)


def test_vietnamese_is_nfc_normalised():
    decomposed = "Thi\u0300 xa\u0303"  # "Thì xã" typed with combining marks
    assert sanitize(f"<p>{decomposed}</p>") == "<p>Thì xã</p>"


HTML_PIECES = st.sampled_from(
    [
        "<p>", "</p>", "<a href=\"https://a.vn\">", "<a href='javascript:x'>", "</a>",
        "<img src=\"/media/a.jpg\">", "<img src=x onerror=alert(1)>", "<script>", "</script>",
        "<b>", "</b>", "<table><tr><td>", "</td></tr></table>", "&amp;", "&lt;", "&", "<",
        ">", "\"", "'", "<!--", "-->", "<svg>", "<style>", "<ul><li>", "</li>", "</ul>",
        "Đường", "xã", " ", "\n", "<br>", "<figure>", "<figcaption>", "<h2>", "<span>",
    ]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(HTML_PIECES, st.text(max_size=8)), max_size=30).map("".join))
@example('<h2><a href="https://a.vn"><h2><a href="https://a.vn">')  # re-nested on each parse
def test_sanitize_is_idempotent_and_safe(fragment):
    once = sanitize(fragment)
    assert sanitize(once) == once
    assert_safe(once)
