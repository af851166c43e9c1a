"""A reader's path through the portal in a real browser: home, category, article, print."""

import itertools

import pytest

from tests.e2e.conftest import ARTIFACTS, PHONE

SIZE_CLASSES = {"A-": "fs-small", "A": "", "A+": "fs-large"}


def root_font_px(page) -> float:
    """The computed font size of <html>, in pixels."""
    return float(page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)"))


def html_classes(page) -> set[str]:
    """The classes of the <html> element."""
    return set(page.evaluate("Array.from(document.documentElement.classList)"))


def first_article_href(page) -> str:
    """The link of the first article listed on a page."""
    return page.locator("main a[href*='/bai-viet/']").first.get_attribute("href")


def test_reader_path_home_category_article_print(page, demo_content):
    """Home → a category from the menu → an article → its print view, all 200 and complete."""
    response = page.goto(demo_content("/"))
    assert response.status == 200
    assert page.locator("h1").count() == 1
    assert page.locator("main .section-title").count() >= 1

    menu_link = page.locator("nav.main-nav a[href*='/chuyen-muc/']").first
    category_name = menu_link.inner_text().strip()
    menu_link.click()
    page.wait_for_load_state()
    assert "/chuyen-muc/" in page.url
    assert page.locator("h1").inner_text().strip() == category_name
    assert page.locator("nav.main-nav a[aria-current='page']").inner_text().strip() == (
        category_name
    )
    page.screenshot(path=str(_artifact("reader-path-category")), full_page=True)

    page.locator("main .card-title a").first.click()
    page.wait_for_load_state()
    assert "/bai-viet/" in page.url
    title = page.locator("h1#article-title").inner_text().strip()
    assert title
    crumbs = page.locator(".breadcrumbs a")
    assert crumbs.get_by_text(category_name, exact=True).count() == 1
    assert page.locator("#other-title").text_content().strip() == "Tin khác"
    assert page.locator(".article-body").inner_text().strip()
    page.screenshot(path=str(_artifact("reader-path-article")), full_page=True)

    page.locator("a.print-link").click()
    page.wait_for_load_state()
    assert page.url.endswith("/ban-in")
    assert page.locator("body.print-view").count() == 1
    assert page.locator("h1").inner_text().strip() == title
    # The print view has no site menu or sidebar, and offers a print button once JS runs.
    assert page.locator("nav.main-nav").count() == 0
    assert page.locator("#print-button").is_visible()


def test_text_size_control_changes_and_persists(page, demo_content):
    """A+ and A- change the <html> class and the computed size; the choice survives navigation."""
    page.goto(demo_content("/"))
    control = page.locator(".textsize")
    assert control.is_visible()
    normal = root_font_px(page)
    assert not html_classes(page) & {"fs-small", "fs-large"}

    control.get_by_role("button", name="A+", exact=True).click()
    assert "fs-large" in html_classes(page)
    large = root_font_px(page)
    assert large > normal
    assert control.locator("[data-size='large']").get_attribute("aria-pressed") == "true"

    # Another page keeps the size, applied before first paint by the script in <head>.
    page.locator("main a[href*='/bai-viet/']").first.click()
    page.wait_for_load_state()
    assert "/bai-viet/" in page.url
    assert "fs-large" in html_classes(page)
    assert root_font_px(page) == pytest.approx(large)
    body_px = float(page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)"))
    assert body_px == pytest.approx(large)

    page.locator(".textsize").get_by_role("button", name="A-", exact=True).click()
    assert "fs-small" in html_classes(page)
    assert "fs-large" not in html_classes(page)
    assert root_font_px(page) < normal

    page.reload()
    assert "fs-small" in html_classes(page)

    page.locator(".textsize").get_by_role("button", name="A", exact=True).click()
    assert not html_classes(page) & {"fs-small", "fs-large"}
    assert root_font_px(page) == pytest.approx(normal)


@pytest.mark.parametrize("where", ["home", "article"])
def test_phone_width_has_no_horizontal_overflow(new_page, demo_content, where):
    """At 390 px wide the page never scrolls sideways."""
    page = new_page(viewport=PHONE)
    response = page.goto(demo_content("/"))
    if where == "article":
        response = page.goto(demo_content(first_article_href(page)))
    assert response.status == 200
    overflow = page.evaluate(
        "({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})"
    )
    assert overflow["scroll"] <= overflow["inner"], overflow
    # The category menu scrolls sideways inside its own row on purpose; nothing else may.
    assert page.evaluate("getComputedStyle(document.querySelector('.menu')).overflowX") == "auto"
    wide = page.evaluate(
        """Array.from(document.querySelectorAll('body *'))
             .filter(el => !el.closest('.menu'))
             .filter(el => el.getBoundingClientRect().right > window.innerWidth + 1)
             .slice(0, 5).map(el => el.tagName + '.' + el.className)"""
    )
    assert wide == []


@pytest.mark.parametrize("where", ["home", "category", "article"])
def test_accessibility_basics(page, demo_content, where):
    """One h1, a skip link that moves focus to <main>, alt text on every image, landmarks."""
    response = page.goto(demo_content("/"))
    if where == "category":
        href = page.locator("nav.main-nav a[href*='/chuyen-muc/']").first.get_attribute("href")
        response = page.goto(demo_content(href))
    elif where == "article":
        response = page.goto(demo_content(first_article_href(page)))
    assert response.status == 200
    assert page.locator("h1").count() == 1
    assert page.locator("main").count() == 1
    assert page.locator("header[role='banner'], body > header").count() >= 1
    assert page.locator("footer").count() >= 1
    assert page.locator("html").get_attribute("lang") == "vi"

    missing_alt = page.evaluate(
        "Array.from(document.images).filter(img => !img.hasAttribute('alt')).map(i => i.src)"
    )
    assert missing_alt == []

    # The skip link is the first thing a keyboard user reaches, and it lands on <main>.
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert "skip-link" in focused
    assert page.locator(".skip-link").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "noi-dung"
    assert page.evaluate("document.activeElement.tagName") == "MAIN"

    # Headings never skip a level going down (h1 → h3 without an h2 is an error).
    levels = page.evaluate(
        "Array.from(document.querySelectorAll('h1,h2,h3,h4,h5,h6')).map(h => +h.tagName[1])"
    )
    assert levels[0] == 1, levels
    for before, after in itertools.pairwise(levels):
        assert after <= before + 1, levels


def _artifact(name: str):
    """A path in test-artifacts/ for an extra screenshot."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS / f"{name}.png"
