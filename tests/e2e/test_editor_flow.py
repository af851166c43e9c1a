"""The newsroom in a real browser: a reporter writes in the WYSIWYG editor and submits, an
editor sends it back with a note, the reporter fixes and resubmits, the editor schedules
it a few seconds ahead, and it appears on the public home page once its time has passed."""

import io
import os
import shutil
import time
from datetime import timedelta
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import select

from cms.content.models import Article, Category
from cms.core.formatting import to_local, utcnow
from cms.extensions import db
from cms.users.models import User
from cms.users.passwords import hash_password
from tests.conftest import TEST_PASSWORD

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
SCREENSHOTS = ROOT / "docs" / "screenshots"
TITLE = "Phường Trung Tâm tổ chức ngày hội đại đoàn kết toàn dân tộc"


def _photo() -> bytes:
    """A real JPEG made with Pillow: a green field under a blue sky."""
    image = Image.new("RGB", (1200, 800), (70, 150, 60))
    image.paste((110, 170, 230), (0, 0, 1200, 380))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def _screenshot(page, name: str) -> None:
    """Save a screenshot as a test artifact; with UPDATE_SCREENSHOTS=1 (``make
    screenshots``) also as the README's copy, which a plain test run leaves alone."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path), full_page=True)
    if os.environ.get("UPDATE_SCREENSHOTS") == "1":
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, SCREENSHOTS / name)


def _article(server) -> Article:
    with server.app.app_context():
        article = db.session.execute(select(Article).where(Article.title == TITLE)).scalar_one()
        db.session.expunge(article)
        db.session.remove()
        return article


@pytest.fixture
def newsroom(make_live_server, editor_assets):
    """A live server with CSRF on, a category, a reporter and an editor."""
    server = make_live_server(WTF_CSRF_ENABLED=True, AUTOSAVE_SECONDS=2)
    with server.app.app_context():
        db.session.add(Category(name="Tin tức – Sự kiện", slug="tin-tuc-su-kien", position=1))
        for username, role, name in [
            ("phongvien", "reporter", "Nguyễn Minh Anh"),
            ("bientap", "editor", "Trần Thu Hà"),
        ]:
            db.session.add(
                User(
                    username=username,
                    role=role,
                    full_name=name,
                    password_hash=hash_password(TEST_PASSWORD),
                )
            )
        db.session.commit()
        db.session.remove()
    return server


def test_write_review_schedule_publish(newsroom, new_page, log_in):
    server = newsroom
    reporter = new_page()
    log_in(reporter, server, "phongvien")

    # The reporter writes in Quill: bold text, a list, a link and an uploaded image.
    reporter.goto(server("/quan-tri/bai-viet/moi"))
    reporter.fill("input[name=title]", TITLE)
    reporter.fill("textarea[name=summary]", "Hơn 500 người dân tham dự ngày hội.")
    editor = reporter.locator(".ql-editor")
    editor.click()
    reporter.keyboard.type("Sáng nay, ")
    reporter.keyboard.press("Control+b")
    reporter.keyboard.type("hơn 500 người dân")
    reporter.keyboard.press("Control+b")
    reporter.keyboard.type(" đã tham dự ngày hội.")
    reporter.keyboard.press("Enter")
    reporter.click(".ql-toolbar button.ql-list[value=bullet]")
    reporter.keyboard.type("Thi nấu cơm")
    reporter.keyboard.press("Enter")
    reporter.keyboard.type("Kéo co")
    reporter.keyboard.press("Enter")
    reporter.keyboard.press("Enter")
    reporter.keyboard.type("Chi tiết")
    for _ in range(len("Chi tiết")):
        reporter.keyboard.press("Shift+ArrowLeft")
    reporter.click(".ql-toolbar button.ql-link")
    reporter.fill(".ql-tooltip input[type=text]", "https://ubnd.example.vn/ngay-hoi")
    reporter.keyboard.press("Enter")
    editor.click()
    reporter.keyboard.press("Control+End")
    reporter.keyboard.press("Enter")
    reporter.click(".ql-toolbar button.ql-image")
    reporter.wait_for_selector("#media-picker[open]")
    reporter.fill("#picker-alt", "Người dân thi kéo co")
    reporter.set_input_files(
        "#picker-file",
        files=[{"name": "keo-co.jpg", "mimeType": "image/jpeg", "buffer": _photo()}],
    )
    reporter.wait_for_selector(".ql-editor img[src^='/media/']")
    assert not reporter.locator("#media-picker").evaluate("d => d.open")
    # Autosave (every 2 s here, 30 s by default) creates the draft through the JSON endpoint.
    # (A locator wait: wait_for_function evaluates a string, which the page's CSP refuses.)
    reporter.locator("#save-state", has_text="tự lưu").wait_for(timeout=15_000)
    assert "/quan-tri/bai-viet/" in reporter.url and reporter.url.endswith("/sua")
    _screenshot(reporter, "editor-form.png")
    reporter.click("button[name=action][value=submit]")
    reporter.wait_for_selector(".flash-success")

    article = _article(server)
    assert article.status == "pending"
    assert "<strong>hơn 500 người dân</strong>" in article.body
    assert "<ul><li>Thi nấu cơm</li><li>Kéo co</li></ul>" in article.body
    assert 'href="https://ubnd.example.vn/ngay-hoi"' in article.body
    assert '<img src="/media/' in article.body
    assert "&nbsp;" not in article.body

    # The editor sees it in the queue (badge in the navigation) and sends it back.
    desk = new_page()
    log_in(desk, server, "bientap")
    desk.goto(server("/quan-tri/duyet-bai"))
    assert desk.locator(".staff-nav .badge").inner_text() == "1"
    assert desk.locator(f"table.review-queue >> text={TITLE}").count() == 1
    _screenshot(desk, "moderation-queue.png")
    desk.click(f"table.review-queue a:has-text('{TITLE}')")
    desk.fill("textarea[name=note]", "Cần ghi rõ nguồn tin và chú thích ảnh.")
    desk.click("button:has-text('Trả lại kèm ghi chú')")
    desk.wait_for_selector(".flash-success")
    assert _article(server).status == "draft"

    # The reporter reads the note on the dashboard, fixes the article and resubmits.
    reporter.goto(server("/quan-tri/"))
    assert "Cần ghi rõ nguồn tin và chú thích ảnh." in reporter.inner_text("main")
    reporter.click(f"main a:has-text('{TITLE}')")
    reporter.fill("input[name=source]", "Phòng Văn hóa – Thông tin")
    reporter.locator(".ql-editor").focus()
    reporter.keyboard.press("Control+End")
    reporter.keyboard.type(" Ảnh: Minh Anh.")
    reporter.click("button[name=action][value=submit]")
    reporter.wait_for_selector(".flash-success")
    article = _article(server)
    assert article.status == "pending" and article.source == "Phòng Văn hóa – Thông tin"
    assert "Ảnh: Minh Anh." in article.body

    # The editor schedules it a few seconds ahead.
    desk.goto(server(f"/quan-tri/bai-viet/{article.id}/sua"))
    when = to_local(utcnow() + timedelta(seconds=5)).strftime("%Y-%m-%dT%H:%M:%S")
    desk.locator("input[name=published_at]").evaluate("(el, v) => { el.value = v; }", when)
    desk.click("button[name=action][value=publish]")
    desk.wait_for_selector(".flash-success")
    assert "hẹn giờ" in desk.inner_text(".flashes").lower()
    article = _article(server)
    assert article.status == "published" and article.published_at > utcnow()

    # Not on the public home page yet; there once its time has passed, with no job running.
    public = new_page()
    public.goto(server("/"))
    assert TITLE not in public.inner_text("body")
    deadline = time.monotonic() + 20
    while TITLE not in public.inner_text("body"):
        assert time.monotonic() < deadline, "the scheduled article never appeared"
        time.sleep(1)
        public.reload()
    public.click(f"a:has-text('{TITLE}')")
    body = public.locator(".article-body")
    assert body.locator("strong").inner_text() == "hơn 500 người dân"
    assert body.locator("ul li").count() == 2
    assert body.locator("img[src^='/media/']").count() == 1
