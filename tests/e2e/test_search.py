"""Search in a real browser: the header search box, highlighted results, filters, copy-link."""

from datetime import timedelta

import pytest

from cms.content.models import Article, Category
from cms.core.formatting import utcnow
from cms.core.text import slugify
from cms.extensions import db


@pytest.fixture
def search_server(make_live_server):
    """A live server with a few articles to search."""
    server = make_live_server()
    with server.app.app_context():
        news = Category(name="Tin tức – Sự kiện", slug="tin-tuc-su-kien", position=1)
        reform = Category(name="Cải cách hành chính", slug="cai-cach-hanh-chinh", position=2)
        db.session.add_all([news, reform])
        db.session.flush()
        now = utcnow()
        rows = [
            ("Đoàn kiểm tra liên ngành làm việc tại phường An Hòa", news),
            ("Đẩy mạnh cải cách hành chính năm 2024", reform),
            ("Kiểm tra an toàn thực phẩm dịp Tết", news),
        ]
        for n, (title, category) in enumerate(rows):
            db.session.add(
                Article(
                    title=title,
                    slug=slugify(title),
                    summary="Tóm tắt bài viết.",
                    body=(
                        "<p>Sáng nay, <strong>Đoàn kiểm tra</strong> của thị xã làm việc.</p>"
                        if n == 0
                        else "<p>Nội dung chi tiết.</p>"
                    ),
                    category_id=category.id,
                    status="published",
                    published_at=now - timedelta(hours=n + 1),
                )
            )
        db.session.commit()
        db.session.remove()
    return server


def test_header_search_box_finds_and_highlights(page, search_server):
    page.goto(search_server("/"))
    box = page.locator("#q-header")
    box.fill("doan kiem tra")
    box.press("Enter")
    page.wait_for_url("**/tim-kiem?q=doan+kiem+tra")
    assert page.locator("h1").inner_text() == "Tìm kiếm"
    results = page.locator("ol.results > li")
    assert results.count() == 1
    title = results.first.locator(".result-title")
    assert title.inner_text() == "Đoàn kiểm tra liên ngành làm việc tại phường An Hòa"
    marks = title.locator("mark").all_inner_texts()
    assert marks == ["Đoàn", "kiểm", "tra"]
    snippet_marks = results.first.locator(".result-snippet mark").all_inner_texts()
    assert "Đoàn" in snippet_marks and "kiểm" in snippet_marks
    # The highlight is visible: a background colour other than transparent.
    background = title.locator("mark").first.evaluate("m => getComputedStyle(m).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")
    # The query stays in both boxes, and the header box keeps what was typed.
    assert page.locator("#q-page").input_value() == "doan kiem tra"
    assert page.locator("#q-header").input_value() == "doan kiem tra"


def test_filters_and_order_in_the_browser(page, search_server):
    page.goto(search_server("/tim-kiem?q=kiem+tra"))
    assert page.locator("ol.results > li").count() == 2
    page.select_option("#f-cat", "tin-tuc-su-kien")
    page.select_option("#f-order", "moi-nhat")
    page.locator(".search-filters button").click()
    page.wait_for_load_state()
    assert "chuyen_muc=tin-tuc-su-kien" in page.url and "sap_xep=moi-nhat" in page.url
    titles = page.locator(".result-title").all_inner_texts()
    assert titles == [
        "Đoàn kiểm tra liên ngành làm việc tại phường An Hòa",
        "Kiểm tra an toàn thực phẩm dịp Tết",
    ]


def test_hostile_query_in_the_browser_is_shown_as_text(page, search_server):
    page.goto(search_server("/"))
    page.locator("#q-header").fill('<img src=x onerror="window.pwned=1"> "NEAR(')
    page.locator("#q-header").press("Enter")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Tìm kiếm"
    assert page.evaluate("window.pwned === undefined")
    assert "<img src=x" in page.locator(".results-count, .notice").first.inner_text()


def test_copy_link_button_copies_the_article_address(new_page, search_server):
    page = new_page()
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(search_server("/tim-kiem?q=an+toan+thuc+pham"))
    page.locator(".result-title a").first.click()
    page.wait_for_load_state()
    button = page.locator(".share-copy")
    assert button.is_visible()
    button.click()
    # Copying is asynchronous: wait for the status line to be written.
    # (A locator wait: wait_for_function evaluates a string, which the page's CSP refuses.)
    page.locator(".share-status", has_text="Đã sao chép").wait_for()
    assert page.locator(".share-status").inner_text() == "Đã sao chép liên kết."
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith(search_server("/bai-viet/"))
    assert (
        page.locator(".share-facebook")
        .get_attribute("href")
        .startswith("https://www.facebook.com/sharer/sharer.php?u=")
    )
