"""Public poll pages: sidebar, results, visibility, state endpoint, archive."""

from datetime import timedelta

import pytest

from cms.core.formatting import utcnow
from cms.extensions import db
from cms.polls.models import Poll
from cms.polls.queries import largest_remainder
from cms.polls.voters import VOTER_COOKIE


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ([1, 1, 1], [34, 33, 33]),
        ([412, 538, 187, 63], [34, 45, 16, 5]),
        ([0, 0, 0], [0, 0, 0]),
        ([5, 0], [100, 0]),
        ([1, 2, 3, 4, 5, 6], [5, 9, 14, 19, 24, 29]),
    ],
)
def test_largest_remainder_sums_to_100(counts, expected):
    result = largest_remainder(counts)
    assert result == expected
    assert sum(result) in (0, 100)


def test_sidebar_shows_featured_poll_without_visitor_state(
    client, make_article, make_poll, vote, option_ids
):
    article = make_article()
    make_poll(question="Câu hỏi đang mở khác?")
    poll = make_poll(featured=True)
    ids = option_ids(poll.id)
    assert vote(client, poll.id, [ids[0]]).status_code == 303
    for url in ("/", f"/bai-viet/{article.id}-{article.slug}"):
        html = client.get(url).get_data(as_text=True)
        assert "Website đáp ứng nhu cầu thông tin" in html
        assert "Câu hỏi đang mở khác?" not in html
        assert 'type="radio" name="option"' in html
        assert ">Bình chọn</button>" in html and "Xem kết quả" in html
        assert f'action="/binh-chon/{poll.id}"' in html
        # Same HTML for every visitor: no token, no "already voted".
        assert "csrf" not in html.lower()
        assert "Bạn đã bình chọn" not in html
    anonymous = client.application.test_client().get("/").get_data(as_text=True)
    assert anonymous.count("poll-option") == 4


def test_sidebar_falls_back_to_latest_open_poll(client, make_poll):
    make_poll(question="Cũ hơn?", opens_at=utcnow() - timedelta(days=5))
    make_poll(question="Mới hơn?", opens_at=utcnow() - timedelta(days=1))
    make_poll(question="Nháp?", opens_at=None, featured=True)
    html = client.get("/").get_data(as_text=True)
    assert "Mới hơn?" in html and "Cũ hơn?" not in html and "Nháp?" not in html


def test_sidebar_closed_featured_poll_links_results(client, make_poll):
    make_poll(question="Đang mở?")
    poll = make_poll(
        question="Đã xong?",
        featured=True,
        opens_at=utcnow() - timedelta(days=5),
        closes_at=utcnow() - timedelta(days=1),
    )
    html = client.get("/").get_data(as_text=True)
    assert "Đã xong?" in html and "Cuộc bình chọn đã kết thúc." in html
    assert f"/binh-chon/{poll.id}/ket-qua" in html
    assert 'name="option"' not in html


def test_no_poll_no_block(client):
    assert "poll-box" not in client.get("/").get_data(as_text=True)


def test_sidebar_costs_one_query(client, make_poll, count_queries):
    make_poll(featured=True)
    client.get("/")
    with count_queries() as without_cache:
        client.get("/so-do-cong")
    poll_queries = [q for q in without_cache if "poll" in q]
    assert len(poll_queries) == 1


def test_sidebar_cached_per_worker(make_app, make_poll, count_queries):
    app = make_app(CACHE_SECONDS=60)
    with app.app_context():
        make_poll(featured=True)
        client = app.test_client()
        client.get("/so-do-cong")
        with count_queries() as statements:
            html = client.get("/so-do-cong").get_data(as_text=True)
        assert "poll-box" in html
        assert not [q for q in statements if "poll" in q]


def test_results_page_shows_counts_percentages_total_dates(
    client, make_poll, vote, option_ids, app
):
    poll = make_poll()
    ids = option_ids(poll.id)
    for choice in (0, 0, 1):
        assert vote(app.test_client(), poll.id, [ids[choice]]).status_code == 303
    html = client.get(f"/binh-chon/{poll.id}/ket-qua").get_data(as_text=True)
    assert "67% (2)" in html and "33% (1)" in html and "0% (0)" in html
    assert "Tổng số phiếu:" in html and "<strong>3</strong>" in html
    assert 'style="width: 67%"' in html
    assert "Mở từ" in html
    # The plain poll page shows the form to someone who has not voted.
    page = client.get(f"/binh-chon/{poll.id}").get_data(as_text=True)
    assert 'name="option"' in page


@pytest.mark.parametrize(
    ("visibility", "closed", "before", "after"),
    [
        ("always", False, True, True),
        ("after_vote", False, False, True),
        ("after_close", False, False, False),
        ("after_close", True, True, True),
        ("after_vote", True, True, True),
    ],
)
def test_results_visibility(client, make_poll, vote, option_ids, visibility, closed, before, after):
    now = utcnow()
    poll = make_poll(
        results_visibility=visibility,
        opens_at=now - timedelta(days=2),
        closes_at=now + timedelta(seconds=2) if closed else None,
    )
    ids = option_ids(poll.id)
    assert vote(client.application.test_client(), poll.id, [ids[2]]).status_code == 303
    if closed:
        db.session.get(Poll, poll.id).closes_at = now - timedelta(minutes=1)
        db.session.commit()
    html = client.get(f"/binh-chon/{poll.id}/ket-qua").get_data(as_text=True)
    assert ("100% (1)" in html) is before
    if not closed:
        vote(client, poll.id, [ids[0]])
        html = client.get(f"/binh-chon/{poll.id}/ket-qua").get_data(as_text=True)
        assert ("50% (1)" in html) is after
        if visibility == "after_close":
            assert "Kết quả sẽ được công bố khi cuộc bình chọn kết thúc." in html
    state = client.get(f"/binh-chon/{poll.id}/trang-thai").get_json()
    assert state["results_visible"] is after


def test_state_endpoint_sets_cookie_and_reports_vote(client, make_poll, vote, option_ids):
    poll = make_poll()
    r = client.get(f"/binh-chon/{poll.id}/trang-thai")
    assert r.status_code == 200
    assert r.headers["Cache-Control"] == "private, no-store"
    data = r.get_json()
    assert data == {
        "ok": True,
        "poll": poll.id,
        "state": "open",
        "voted": False,
        "can_vote": True,
        "results_visible": True,
        "html": "",
    }
    set_cookie = r.headers.get("Set-Cookie", "")
    assert set_cookie.startswith(VOTER_COOKIE + "=") and "HttpOnly" in set_cookie
    vote(client, poll.id, [option_ids(poll.id)[0]], json=True)
    r = client.get(f"/binh-chon/{poll.id}/trang-thai")
    assert "Set-Cookie" not in r.headers
    data = r.get_json()
    assert data["voted"] is True and data["can_vote"] is False
    assert "Bạn đã bình chọn cho câu hỏi này." in data["html"]
    assert client.get("/binh-chon/9999/trang-thai").status_code == 404


def test_archive_lists_closed_polls_with_results(client, make_poll):
    now = utcnow()
    make_poll(question="Đang mở?")
    for n in range(12):
        make_poll(
            question=f"Câu hỏi cũ số {n}?",
            opens_at=now - timedelta(days=40 + n),
            closes_at=now - timedelta(days=30 + n),
        )
    html = client.get("/binh-chon/luu-tru").get_data(as_text=True).split("<aside")[0]
    assert "Các cuộc bình chọn đã kết thúc" in html
    assert "Câu hỏi cũ số 0?" in html and "Đang mở?" not in html
    assert "Câu hỏi cũ số 11?" not in html  # on page 2
    assert "Tổng số phiếu:" in html
    page2 = client.get("/binh-chon/luu-tru?trang=2").get_data(as_text=True)
    assert "Câu hỏi cũ số 11?" in page2
    assert client.get("/binh-chon/luu-tru?trang=3").status_code == 404


def test_current_poll_redirect(client, make_poll):
    assert client.get("/binh-chon").headers["Location"].endswith("/binh-chon/luu-tru")
    poll = make_poll(featured=True)
    assert client.get("/binh-chon").headers["Location"].endswith(f"/binh-chon/{poll.id}")
