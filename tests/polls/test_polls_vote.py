"""Voting through HTTP: one vote per visitor, bad input refused, nothing counted twice."""

from datetime import timedelta

import pytest

from cms.core.formatting import utcnow
from cms.extensions import db
from cms.polls.models import Ballot, BallotChoice, Poll, PollOption
from cms.polls.queries import recount
from cms.polls.voters import VOTER_COOKIE


def counts(poll_id):
    """(ballots, [votes per option]) as stored, after checking counters against rows."""
    db.session.expire_all()
    poll = db.session.get(Poll, poll_id)
    opts = db.session.query(PollOption).filter_by(poll_id=poll_id).order_by(PollOption.position)
    per_option = [o.vote_count for o in opts]
    rows = recount(poll_id)
    assert [rows[o.id] for o in opts] == per_option
    assert db.session.query(Ballot).filter_by(poll_id=poll_id).count() == poll.ballot_count
    return poll.ballot_count, per_option


def test_vote_without_js_redirects_to_results_with_thanks(option_ids, client, make_poll, vote):
    poll = make_poll()
    ids = option_ids(poll.id)
    r = vote(client, poll.id, [ids[1]])
    assert r.status_code == 303
    assert r.headers["Location"].endswith(f"/binh-chon/{poll.id}/ket-qua?cam-on=1")
    cookie = r.headers.getlist("Set-Cookie")
    voter = [c for c in cookie if c.startswith(VOTER_COOKIE + "=")]
    assert voter and "HttpOnly" in voter[0] and "SameSite=Lax" in voter[0]
    assert "Max-Age=" in voter[0]
    page = client.get(r.headers["Location"])
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Cảm ơn bạn đã bình chọn." in html
    assert "Bạn đã bình chọn cho câu hỏi này." in html
    assert "100%" in html
    assert page.headers["Cache-Control"] == "private, no-store"
    assert counts(poll.id) == (1, [0, 1, 0, 0])


def test_vote_with_js_returns_results_html(option_ids, client, make_poll, vote):
    poll = make_poll()
    ids = option_ids(poll.id)
    r = vote(client, poll.id, [ids[0]], json=True)
    assert r.status_code == 200
    data = r.get_json()
    assert data["ok"] is True and data["code"] == "voted"
    assert data["message"] == "Cảm ơn bạn đã bình chọn."
    assert "poll-results" in data["html"] and "100%" in data["html"]
    assert counts(poll.id) == (1, [1, 0, 0, 0])


def test_second_vote_same_cookie_refused(option_ids, client, make_poll, vote):
    poll = make_poll()
    ids = option_ids(poll.id)
    assert vote(client, poll.id, [ids[0]]).status_code == 303
    again = vote(client, poll.id, [ids[2]])
    assert again.status_code == 409
    assert "Bạn đã bình chọn cho câu hỏi này rồi." in again.get_data(as_text=True)
    again_json = vote(client, poll.id, [ids[2]], json=True)
    assert again_json.status_code == 409
    assert again_json.get_json()["code"] == "already_voted"
    assert "poll-results" in again_json.get_json()["html"]
    assert counts(poll.id) == (1, [1, 0, 0, 0])


def test_new_cookie_is_a_new_voter(option_ids, app, make_poll, vote):
    poll = make_poll()
    ids = option_ids(poll.id)
    for _ in range(3):
        assert vote(app.test_client(), poll.id, [ids[0]]).status_code == 303
    assert counts(poll.id) == (3, [3, 0, 0, 0])


def test_malformed_voter_cookie_gets_replaced(option_ids, client, make_poll, vote):
    poll = make_poll()
    client.set_cookie(VOTER_COOKIE, "not a valid id", domain="portal.test")
    r = vote(client, poll.id, [option_ids(poll.id)[0]])
    assert r.status_code == 303
    assert any(c.startswith(VOTER_COOKIE + "=") for c in r.headers.getlist("Set-Cookie"))


@pytest.mark.parametrize(
    ("make_data", "status", "message"),
    [
        (lambda ids, other: {}, 400, "Bạn chưa chọn phương án nào."),
        (lambda ids, other: {"option": ["abc"]}, 400, "Dữ liệu bình chọn không hợp lệ."),
        (lambda ids, other: {"option": ["-1"]}, 400, "Dữ liệu bình chọn không hợp lệ."),
        (lambda ids, other: {"option": ["999999"]}, 400, "không thuộc câu hỏi này"),
        (lambda ids, other: {"option": [str(other)]}, 400, "không thuộc câu hỏi này"),
        (
            lambda ids, other: {"option": [str(ids[0]), str(ids[1])]},
            400,
            "chỉ được chọn một phương án",
        ),
        (lambda ids, other: {"option": ["1"] * 51}, 400, "Dữ liệu bình chọn không hợp lệ."),
    ],
    ids=["empty", "letters", "negative", "unknown", "other-poll", "two-on-single", "flood"],
)
def test_bad_input_refused_nothing_counted(
    option_ids, client, make_poll, vote, make_data, status, message
):
    poll = make_poll()
    other = make_poll(question="Câu hỏi khác?")
    data = make_data(option_ids(poll.id), option_ids(other.id)[0])
    r = client.post(f"/binh-chon/{poll.id}", data=data, headers={"Origin": "http://portal.test"})
    assert r.status_code == status
    assert message in r.get_data(as_text=True)
    r = client.post(
        f"/binh-chon/{poll.id}",
        data=data,
        headers={"Origin": "http://portal.test", "Accept": "application/json"},
    )
    assert r.status_code == status
    assert message in r.get_json()["message"]
    assert counts(poll.id) == (0, [0, 0, 0, 0])
    assert db.session.query(BallotChoice).count() == 0


def test_malformed_json_body_refused(option_ids, client, make_poll):
    poll = make_poll()
    headers = {"Origin": "http://portal.test", "Accept": "application/json"}
    for body in ("{not json", "[1, 2]", '{"options": [true]}', '{"options": {"a": 1}}'):
        r = client.post(
            f"/binh-chon/{poll.id}", data=body, content_type="application/json", headers=headers
        )
        assert r.status_code == 400, body
        assert r.get_json()["message"] == "Dữ liệu bình chọn không hợp lệ."
    ok = client.post(
        f"/binh-chon/{poll.id}",
        json={"options": [option_ids(poll.id)[3]]},
        headers=headers,
    )
    assert ok.status_code == 200
    assert counts(poll.id) == (1, [0, 0, 0, 1])


def test_multiple_answer_poll_enforces_max(option_ids, client, make_poll, vote):
    poll = make_poll(multiple=True, max_choices=2)
    ids = option_ids(poll.id)
    r = vote(client, poll.id, ids[:3], json=True)
    assert r.status_code == 400
    assert r.get_json()["message"] == "Chỉ được chọn tối đa 2 phương án."
    assert counts(poll.id) == (0, [0, 0, 0, 0])
    r = vote(client, poll.id, [ids[0], ids[2], ids[0]], json=True)
    assert r.status_code == 200
    assert counts(poll.id) == (1, [1, 0, 1, 0])
    assert db.session.query(BallotChoice).count() == 2


def test_closed_and_draft_polls_refuse_votes(option_ids, client, make_poll, vote):
    closed = make_poll(
        opens_at=utcnow() - timedelta(days=3), closes_at=utcnow() - timedelta(minutes=1)
    )
    draft = make_poll(opens_at=None)
    scheduled = make_poll(opens_at=utcnow() + timedelta(days=1))
    r = vote(client, closed.id, [option_ids(closed.id)[0]], json=True)
    assert r.status_code == 409
    assert "đã kết thúc" in r.get_json()["message"]
    r = vote(client, closed.id, [option_ids(closed.id)[0]])
    assert r.status_code == 409
    assert "đã kết thúc" in r.get_data(as_text=True)
    for poll in (draft, scheduled):
        r = vote(client, poll.id, [option_ids(poll.id)[0]], json=True)
        assert r.status_code == 404
        assert "chưa mở" in r.get_json()["message"]
        assert client.get(f"/binh-chon/{poll.id}").status_code == 404
    r = vote(client, 424242, [1])
    assert r.status_code == 404
    assert "Không tìm thấy cuộc bình chọn" in r.get_data(as_text=True)
    assert db.session.query(Ballot).count() == 0


HTTP, HTTPS = "http://portal.test", "https://portal.test"


@pytest.mark.parametrize(
    ("site", "headers"),
    [
        (HTTP, {}),
        (HTTP, {"Origin": "https://evil.example"}),
        (HTTP, {"Origin": "null"}),
        (HTTP, {"Referer": "https://evil.example/binh-chon"}),
        (HTTP, {"Origin": "http://portal.test", "Sec-Fetch-Site": "cross-site"}),
        # the same host under another scheme is another origin
        (HTTPS, {"Origin": "http://portal.test"}),
        (HTTPS, {"Referer": "http://portal.test/bai-viet/1-tin"}),
        (HTTP, {"Origin": "https://portal.test"}),
        (HTTPS, {"Origin": "http://[portal.test"}),
    ],
    ids=[
        "none",
        "foreign-origin",
        "null-origin",
        "foreign-referer",
        "fetch-cross-site",
        "http-origin-on-https",
        "http-referer-on-https",
        "https-origin-on-http",
        "unparsable",
    ],
)
def test_cross_site_vote_refused(option_ids, client, make_poll, vote, site, headers):
    poll = make_poll()
    r = vote(client, poll.id, [option_ids(poll.id)[0]], origin=None, headers=headers, base_url=site)
    assert r.status_code == 403
    assert "hãy bình chọn từ trang của cổng" in r.get_data(as_text=True)
    assert db.session.query(Ballot).count() == 0


def test_same_site_referer_without_origin_accepted(option_ids, client, make_poll, vote):
    poll = make_poll()
    r = vote(
        client,
        poll.id,
        [option_ids(poll.id)[0]],
        origin=None,
        headers={"Referer": "http://portal.test/bai-viet/1-x"},
    )
    assert r.status_code == 303


def test_vote_from_the_same_scheme_and_host_is_counted(option_ids, client, make_poll, vote):
    poll = make_poll()
    r = vote(client, poll.id, [option_ids(poll.id)[0]], origin=HTTPS, json=True, base_url=HTTPS)
    assert r.status_code == 200, r.get_data(as_text=True)
    assert db.session.query(Ballot).count() == 1


def test_vote_needs_no_session_csrf_token(option_ids, make_app, make_poll, vote):
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        poll = make_poll()
        ids = option_ids(poll.id)
        r = vote(app.test_client(), poll.id, [ids[0]])
        assert r.status_code == 303
        assert counts(poll.id) == (1, [1, 0, 0, 0])


def test_per_address_cap(option_ids, make_app, make_poll, vote):
    app = make_app(POLL_MAX_VOTES_PER_ADDRESS=3)
    with app.app_context():
        poll = make_poll()
        other = make_poll(question="Câu hỏi thứ hai?")
        ids = option_ids(poll.id)
        for _ in range(3):
            assert vote(app.test_client(), poll.id, [ids[0]]).status_code == 303
        r = vote(app.test_client(), poll.id, [ids[0]], json=True)
        assert r.status_code == 429
        assert "quá nhiều phiếu bình chọn từ địa chỉ mạng" in r.get_json()["message"]
        # Another address is not affected; nor is another poll from the same address.
        r = vote(app.test_client(), poll.id, [ids[0]], environ_base={"REMOTE_ADDR": "10.0.0.9"})
        assert r.status_code == 303
        assert vote(app.test_client(), other.id, [option_ids(other.id)[0]]).status_code == 303
        assert counts(poll.id) == (4, [4, 0, 0, 0])
        hashes = {b.address_hash for b in db.session.query(Ballot)}
        assert "127.0.0.1" not in hashes and "10.0.0.9" not in hashes
        assert all(len(h) == 32 for h in hashes)


def test_address_cap_window_expires(option_ids, make_app, make_poll, vote):
    app = make_app(POLL_MAX_VOTES_PER_ADDRESS=1, POLL_ADDRESS_WINDOW_HOURS=1)
    with app.app_context():
        poll = make_poll()
        ids = option_ids(poll.id)
        assert vote(app.test_client(), poll.id, [ids[0]]).status_code == 303
        assert vote(app.test_client(), poll.id, [ids[0]]).status_code == 429
        db.session.query(Ballot).update({"created_at": utcnow() - timedelta(hours=2)})
        db.session.commit()
        assert vote(app.test_client(), poll.id, [ids[0]]).status_code == 303


def test_trusted_proxy_address_used_for_cap(option_ids, make_app, make_poll, vote):
    app = make_app(POLL_MAX_VOTES_PER_ADDRESS=1, TRUSTED_PROXIES=1)
    with app.app_context():
        poll = make_poll()
        ids = option_ids(poll.id)
        for n in range(3):
            r = vote(
                app.test_client(), poll.id, [ids[0]], headers={"X-Forwarded-For": f"203.0.113.{n}"}
            )
            assert r.status_code == 303
        r = vote(app.test_client(), poll.id, [ids[0]], headers={"X-Forwarded-For": "203.0.113.1"})
        assert r.status_code == 429


def test_rate_limit_counts_attempts(option_ids, make_app, make_poll, vote):
    app = make_app(POLL_RATE_LIMIT=3)
    with app.app_context():
        poll = make_poll()
        ids = option_ids(poll.id)
        client = app.test_client()
        assert vote(client, poll.id, [ids[0]]).status_code == 303
        assert vote(client, poll.id, [ids[0]]).status_code == 409  # a refused attempt counts
        assert vote(app.test_client(), poll.id, [ids[0]]).status_code == 303
        r = vote(app.test_client(), poll.id, [ids[0]], json=True)
        assert r.status_code == 429
        assert "quá nhanh" in r.get_json()["message"]
        # Bad input is refused before it reaches the database: not an attempt.
        assert vote(app.test_client(), poll.id, [], json=True).status_code == 400
        assert counts(poll.id) == (2, [2, 0, 0, 0])


def test_rate_limit_with_redis(option_ids, make_app, make_poll, vote, redis_config):
    app = make_app(POLL_RATE_LIMIT=2, **redis_config)
    with app.app_context():
        poll = make_poll()
        ids = option_ids(poll.id)
        assert vote(app.test_client(), poll.id, [ids[0]]).status_code == 303
        assert vote(app.test_client(), poll.id, [ids[0]]).status_code == 303
        assert vote(app.test_client(), poll.id, [ids[0]]).status_code == 429
        assert counts(poll.id) == (2, [2, 0, 0, 0])
