"""The sidebar poll in a real browser: with JavaScript (results in place) and without."""

from datetime import timedelta

import pytest

from cms.core.formatting import utcnow
from cms.extensions import db
from cms.polls.models import Poll, PollOption


@pytest.fixture
def poll_server(live_server):
    """The live server with one open, featured poll; returns (server, poll id)."""
    with live_server.app.app_context():
        poll = Poll(
            question="Website đáp ứng nhu cầu thông tin của bạn ở mức độ nào?",
            opens_at=utcnow() - timedelta(days=1),
            featured=True,
        )
        db.session.add(poll)
        db.session.flush()
        for n, label in enumerate(("Rất tốt", "Tốt", "Bình thường", "Chưa đáp ứng"), 1):
            db.session.add(PollOption(poll_id=poll.id, position=n, label=label))
        db.session.commit()
        poll_id = poll.id
        db.session.remove()
    return live_server, poll_id


def _ballots(server, poll_id):
    with server.app.app_context():
        count = db.session.get(Poll, poll_id).ballot_count
        db.session.remove()
    return count


def test_vote_with_javascript_shows_results_in_place(poll_server, page):
    server, poll_id = poll_server
    page.goto(server("/"))
    box = page.locator(".poll-box")
    box.get_by_label("Tốt", exact=True).check()
    box.get_by_role("button", name="Bình chọn").click()
    box.locator(".poll-in-place").wait_for()
    assert page.url == server("/")
    text = box.inner_text()
    assert "Cảm ơn bạn đã bình chọn." in text
    assert "100% (1)" in text
    assert box.locator("form.poll-form").count() == 0
    assert _ballots(server, poll_id) == 1
    # On the next page the browser remembers, and the uncached state endpoint confirms.
    page.goto(server("/so-do-cong"))
    page.locator(".poll-box .poll-in-place").wait_for()
    assert "Bạn đã bình chọn cho câu hỏi này." in page.locator(".poll-box").inner_text()


def test_vote_without_javascript_then_again(poll_server, new_page):
    server, poll_id = poll_server
    page = new_page(java_script_enabled=False)
    page.goto(server("/"))
    box = page.locator(".poll-box")
    box.get_by_label("Rất tốt").check()
    box.get_by_role("button", name="Bình chọn").click()
    page.wait_for_url(f"**/binh-chon/{poll_id}/ket-qua?cam-on=1")
    main = page.locator("main")
    assert "Cảm ơn bạn đã bình chọn." in main.inner_text()
    assert "100% (1)" in main.inner_text()
    # Vote again from the (cacheable) sidebar: refused with a clear message.
    page.goto(server("/"))
    page.locator(".poll-box").get_by_label("Tốt", exact=True).check()
    page.locator(".poll-box").get_by_role("button", name="Bình chọn").click()
    page.wait_for_url(f"**/binh-chon/{poll_id}")
    assert "Bạn đã bình chọn cho câu hỏi này rồi." in page.locator("main").inner_text()
    assert _ballots(server, poll_id) == 1


def test_vote_again_with_javascript_says_already_voted(poll_server, page):
    server, poll_id = poll_server
    page.goto(server("/"))
    box = page.locator(".poll-box")
    box.get_by_label("Bình thường").check()
    box.get_by_role("button", name="Bình chọn").click()
    box.locator(".poll-in-place").wait_for()
    # Forget the browser-side hint: the form comes back, the server still refuses.
    page.evaluate("localStorage.clear()")
    page.goto(server("/"))
    box.get_by_label("Tốt", exact=True).check()
    box.get_by_role("button", name="Bình chọn").click()
    box.locator(".poll-in-place").wait_for()
    assert "Bạn đã bình chọn cho câu hỏi này rồi." in box.inner_text()
    assert _ballots(server, poll_id) == 1
