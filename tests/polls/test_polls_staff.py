"""The staff area for polls: permissions, editing rules, open/close, feature, reset, CSV."""

from datetime import timedelta

import pytest
from flask import g

from cms.audit.models import AuditEntry
from cms.core.formatting import utcnow
from cms.extensions import db
from cms.polls.models import Ballot, Poll, PollOption


def form_data(question="Bạn hài lòng với dịch vụ công trực tuyến?", options=(), **extra):
    """The edit form's fields; options are (id or "", label, remove) tuples."""
    data = {"question": question, "results_visibility": "always", "max_choices": "2"}
    for i, (oid, label, *rest) in enumerate(options):
        data[f"options-{i}-option_id"] = str(oid)
        data[f"options-{i}-label"] = label
        data[f"options-{i}-position"] = str(i + 1)
        if rest and rest[0]:
            data[f"options-{i}-remove"] = "y"
    data.update(extra)
    return data


def poll_options(poll_id):
    db.session.expire_all()
    rows = db.session.query(PollOption).filter_by(poll_id=poll_id).order_by(PollOption.position)
    return [(o.label, o.vote_count) for o in rows]


STAFF_URLS = [
    ("get", "/quan-tri/binh-chon"),
    ("get", "/quan-tri/binh-chon/moi"),
    ("post", "/quan-tri/binh-chon/moi"),
    ("get", "/quan-tri/binh-chon/{id}"),
    ("post", "/quan-tri/binh-chon/{id}"),
    ("post", "/quan-tri/binh-chon/{id}/mo"),
    ("post", "/quan-tri/binh-chon/{id}/dong"),
    ("post", "/quan-tri/binh-chon/{id}/noi-bat"),
    ("post", "/quan-tri/binh-chon/{id}/xoa"),
    ("post", "/quan-tri/binh-chon/{id}/dat-lai"),
    ("get", "/quan-tri/binh-chon/{id}/ket-qua.csv"),
]


@pytest.mark.parametrize(("method", "url"), STAFF_URLS)
def test_staff_pages_need_an_editor(client, login_as, make_poll, method, url):
    poll = make_poll()
    url = url.format(id=poll.id)
    r = getattr(client, method)(url)
    assert r.status_code == 302 and "/dang-nhap" in r.headers["Location"]
    # The test's app context outlives requests: forget Flask-Login's cached user.
    g.pop("_login_user", None)
    login_as(client, "reporter")
    assert getattr(client, method)(url).status_code == 403
    assert db.session.get(Poll, poll.id) is not None


def test_reset_is_admin_only(client, login_as, make_poll, vote, option_ids):
    poll = make_poll()
    vote(client.application.test_client(), poll.id, [option_ids(poll.id)[0]])
    login_as(client, "editor")
    assert client.post(f"/quan-tri/binh-chon/{poll.id}/dat-lai").status_code == 403
    assert db.session.query(Ballot).count() == 1
    assert "Đặt lại kết quả" not in client.get(f"/quan-tri/binh-chon/{poll.id}").get_data(
        as_text=True
    )


def test_admin_reset_deletes_votes_and_is_audited(
    app, client, login_as, make_poll, vote, option_ids
):
    poll = make_poll()
    ids = option_ids(poll.id)
    for choice in (0, 1, 1):
        vote(app.test_client(), poll.id, [ids[choice]])
    admin = login_as(client, "admin")
    page = client.get(f"/quan-tri/binh-chon/{poll.id}").get_data(as_text=True)
    assert "Đặt lại kết quả" in page
    r = client.post(f"/quan-tri/binh-chon/{poll.id}/dat-lai")
    assert r.status_code == 303
    assert db.session.query(Ballot).count() == 0
    assert poll_options(poll.id) == [
        ("Rất tốt", 0),
        ("Tốt", 0),
        ("Bình thường", 0),
        ("Chưa đáp ứng", 0),
    ]
    db.session.expire_all()
    assert db.session.get(Poll, poll.id).ballot_count == 0
    entry = db.session.query(AuditEntry).filter_by(action="poll.reset").one()
    assert entry.actor_id == admin.id and entry.target_id == poll.id
    assert entry.detail.startswith("3 phiếu")
    # The same visitor may vote again after a reset.
    assert vote(app.test_client(), poll.id, [ids[0]]).status_code == 303


def test_editor_creates_poll(client, login_as, app):
    login_as(client, "editor")
    page = client.get("/quan-tri/binh-chon/moi")
    assert page.status_code == 200 and "Tạo câu hỏi bình chọn" in page.get_data(as_text=True)
    opens = (utcnow() + timedelta(hours=7) - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    data = form_data(
        options=[("", "Hài lòng"), ("", "Bình thường"), ("", ""), ("", "Chưa hài lòng")],
        multiple="y",
        max_choices="2",
        opens_at=opens,
        results_visibility="after_vote",
        featured="y",
    )
    r = client.post("/quan-tri/binh-chon/moi", data=data)
    assert r.status_code == 303
    poll = db.session.query(Poll).one()
    assert poll.multiple and poll.max_choices == 2 and poll.featured
    assert poll.results_visibility == "after_vote"
    assert poll.state() == "open"
    assert [label for label, _ in poll_options(poll.id)] == [
        "Hài lòng",
        "Bình thường",
        "Chưa hài lòng",
    ]
    assert db.session.query(AuditEntry).filter_by(action="poll.create").count() == 1
    public = app.test_client().get("/").get_data(as_text=True)
    assert "Bạn hài lòng với dịch vụ công trực tuyến?" in public
    assert 'type="checkbox"' in public and "Chọn tối đa 2 phương án." in public


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (form_data(question="", options=[("", "A"), ("", "B")]), "Hãy nhập câu hỏi."),
        (form_data(options=[("", "Chỉ một")]), "Cần ít nhất hai phương án."),
        (form_data(options=[("", "Tốt"), ("", "tot")]), "Có hai phương án trùng nhau."),
        (
            form_data(options=[("", "A"), ("", "B")], multiple="y", max_choices="5"),
            "Số phương án tối đa được chọn phải từ 2 đến 2.",
        ),
        (
            form_data(
                options=[("", "A"), ("", "B")],
                opens_at="2026-05-02T10:00",
                closes_at="2026-05-01T10:00",
            ),
            "Thời điểm đóng phải sau thời điểm mở.",
        ),
        (form_data(options=[("", "A"), ("", "B")], results_visibility="x"), "Not a valid choice"),
        (form_data(options=[("", "A"), ("", "B")], opens_at="hôm qua"), "Mở lúc"),
    ],
    ids=["no-question", "one-option", "duplicate", "max", "dates", "visibility", "bad-date"],
)
def test_create_refused_keeps_input(client, login_as, data, message):
    login_as(client, "editor")
    r = client.post("/quan-tri/binh-chon/moi", data=data)
    assert r.status_code == 400
    html = r.get_data(as_text=True)
    assert message in html
    assert data["options-0-label"] in html
    assert db.session.query(Poll).count() == 0


def test_edit_with_votes_never_moves_votes(app, client, login_as, make_poll, vote, option_ids):
    poll = make_poll(options=("Rat tot", "Tốt", "Bình thường"))
    ids = option_ids(poll.id)
    vote(app.test_client(), poll.id, [ids[0]])
    vote(app.test_client(), poll.id, [ids[1]])
    login_as(client, "editor")
    url = f"/quan-tri/binh-chon/{poll.id}"
    assert "Rat tot" in client.get(url).get_data(as_text=True)

    # Renaming an option with votes to another answer is refused.
    r = client.post(
        url, data=form_data(options=[(ids[0], "Kém"), (ids[1], "Tốt"), (ids[2], "Bình thường")])
    )
    assert r.status_code == 400
    assert "đã có người chọn: chỉ được sửa dấu" in r.get_data(as_text=True)
    # Deleting an option with votes is refused.
    r = client.post(
        url,
        data=form_data(
            options=[(ids[0], "Rat tot", True), (ids[1], "Tốt"), (ids[2], "Bình thường")]
        ),
    )
    assert r.status_code == 400
    assert "đã có người chọn nên không thể xóa" in r.get_data(as_text=True)
    # Swapping labels between options would move votes: refused too.
    r = client.post(
        url, data=form_data(options=[(ids[0], "Tốt"), (ids[1], "Rat tot"), (ids[2], "Bình thường")])
    )
    assert r.status_code == 400
    assert poll_options(poll.id) == [("Rat tot", 1), ("Tốt", 1), ("Bình thường", 0)]

    # Fixing accents, reordering, removing an option without votes, adding one: allowed.
    r = client.post(
        url,
        data=form_data(
            options=[
                (ids[1], "Tốt"),
                (ids[0], "Rất tốt."),
                (ids[2], "Bình thường", True),
                ("", "Chưa đáp ứng"),
            ]
        ),
    )
    assert r.status_code == 303
    assert poll_options(poll.id) == [("Tốt", 1), ("Rất tốt.", 1), ("Chưa đáp ứng", 0)]
    assert db.session.query(AuditEntry).filter_by(action="poll.update").count() == 1


def test_edit_with_votes_cannot_narrow_multiple(app, client, login_as, make_poll, vote, option_ids):
    poll = make_poll(multiple=True, max_choices=3)
    ids = option_ids(poll.id)
    vote(app.test_client(), poll.id, ids[:3])
    login_as(client, "editor")
    opts = [
        (oid, label)
        for oid, label in zip(ids, ("Rất tốt", "Tốt", "Bình thường", "Chưa đáp ứng"), strict=True)
    ]
    r = client.post(
        f"/quan-tri/binh-chon/{poll.id}",
        data=form_data(options=opts, max_choices="2", multiple="y"),
    )
    assert r.status_code == 400 and "không thể giảm" in r.get_data(as_text=True)
    r = client.post(f"/quan-tri/binh-chon/{poll.id}", data=form_data(options=opts))
    assert r.status_code == 400 and "không thể chuyển từ chọn nhiều" in r.get_data(as_text=True)


def test_edit_rejects_foreign_option_id(client, login_as, make_poll, option_ids):
    poll = make_poll()
    other = make_poll()
    login_as(client, "editor")
    foreign = option_ids(other.id)[0]
    r = client.post(
        f"/quan-tri/binh-chon/{poll.id}",
        data=form_data(options=[(foreign, "Rất tốt"), ("", "Mới")]),
    )
    assert r.status_code == 400
    assert "Danh sách phương án không hợp lệ" in r.get_data(as_text=True)
    assert poll_options(other.id)[0][0] == "Rất tốt"


def test_open_close_feature_delete(app, client, login_as, make_poll, vote, option_ids):
    draft = make_poll(question="Nháp?", opens_at=None)
    login_as(client, "editor")
    listing = client.get("/quan-tri/binh-chon").get_data(as_text=True)
    assert "Nháp?" in listing and "Chưa mở" in listing
    assert client.post(f"/quan-tri/binh-chon/{draft.id}/mo").status_code == 303
    db.session.expire_all()
    assert db.session.get(Poll, draft.id).state() == "open"
    assert (
        client.post(f"/quan-tri/binh-chon/{draft.id}/noi-bat", data={"bat": "1"}).status_code == 303
    )
    assert "Nháp?" in app.test_client().get("/").get_data(as_text=True)
    other = make_poll(question="Khác?")
    client.post(f"/quan-tri/binh-chon/{other.id}/noi-bat", data={"bat": "1"})
    db.session.expire_all()
    assert [p.id for p in db.session.query(Poll).filter_by(featured=True)] == [other.id]
    client.post(f"/quan-tri/binh-chon/{other.id}/noi-bat", data={"bat": "0"})
    db.session.expire_all()
    assert db.session.query(Poll).filter_by(featured=True).count() == 0

    assert client.post(f"/quan-tri/binh-chon/{draft.id}/dong").status_code == 303
    db.session.expire_all()
    assert db.session.get(Poll, draft.id).state() == "closed"
    r = vote(app.test_client(), draft.id, [option_ids(draft.id)[0]], json=True)
    assert r.status_code == 409
    # Closing a poll that is not open is refused with a message.
    r = client.post(f"/quan-tri/binh-chon/{draft.id}/dong", follow_redirects=True)
    assert "Chỉ đóng được cuộc bình chọn đang mở." in r.get_data(as_text=True)

    vote(app.test_client(), other.id, [option_ids(other.id)[0]])
    r = client.post(f"/quan-tri/binh-chon/{other.id}/xoa", follow_redirects=True)
    assert "không thể xóa" in r.get_data(as_text=True)
    draft_id = draft.id
    assert client.post(f"/quan-tri/binh-chon/{draft_id}/xoa").status_code == 303
    db.session.expire_all()
    assert db.session.get(Poll, draft_id) is None
    actions = {e.action for e in db.session.query(AuditEntry)}
    assert {"poll.open", "poll.feature", "poll.unfeature", "poll.close", "poll.delete"} <= actions


def test_csv_export_has_bom_and_vietnamese(app, client, login_as, make_poll, vote, option_ids):
    poll = make_poll(options=("=Công thức", "Tốt"))
    ids = option_ids(poll.id)
    vote(app.test_client(), poll.id, [ids[1]])
    login_as(client, "editor")
    r = client.get(f"/quan-tri/binh-chon/{poll.id}/ket-qua.csv")
    assert r.status_code == 200
    assert r.mimetype == "text/csv"
    assert "attachment" in r.headers["Content-Disposition"]
    assert r.data.startswith(b"\xef\xbb\xbf")
    text = r.data.decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0] == "STT,Phương án,Số lượt chọn,Tỷ lệ (%)"
    assert lines[1] == "1,'=Công thức,0,0"
    assert lines[2] == "2,Tốt,1,100"
    assert "Tổng số phiếu,1" in text


def test_staff_nav_has_polls(client, login_as):
    login_as(client, "editor")
    html = client.get("/quan-tri/binh-chon").get_data(as_text=True)
    assert 'href="/quan-tri/binh-chon" aria-current="page"' in html


def test_staff_csrf_required(make_app, make_poll, make_user):
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        poll = make_poll(opens_at=None)
        user = make_user(username="ed", role="editor")
        client = app.test_client()
        with client.session_transaction() as session:
            session["_user_id"] = user.get_id()
            session["_fresh"] = True
        assert client.post(f"/quan-tri/binh-chon/{poll.id}/mo").status_code == 400
        db.session.expire_all()
        assert db.session.get(Poll, poll.id).opens_at is None


def test_staff_changes_refresh_the_cached_sidebar_block(make_app, make_poll, option_ids, login_as):
    """The sidebar block is a cached fragment: each staff change must show on the next page."""
    app = make_app(CACHE_SECONDS=60)
    with app.app_context():
        first = make_poll(question="Câu hỏi thứ nhất?", featured=True)
        second = make_poll(question="Câu hỏi thứ hai?")
        staff = app.test_client()
        login_as(staff, "editor")

        def sidebar() -> str:
            html = app.test_client().get("/so-do-cong").get_data(as_text=True)
            return html.split('class="box poll-box"', 1)[1].split("</section>", 1)[0]

        assert "Câu hỏi thứ nhất?" in sidebar()
        staff.post(f"/quan-tri/binh-chon/{second.id}/noi-bat", data={"bat": "1"})
        assert "Câu hỏi thứ hai?" in sidebar()
        staff.post(f"/quan-tri/binh-chon/{second.id}/dong")
        block = sidebar()
        assert "Câu hỏi thứ hai?" in block and "Cuộc bình chọn đã kết thúc." in block
        ids = option_ids(first.id)
        staff.post(f"/quan-tri/binh-chon/{second.id}/noi-bat", data={"bat": "0"})
        data = form_data(
            "Câu hỏi đã sửa?",
            [(ids[0], "Rất tốt"), (ids[1], "Tốt"), ("", "Phương án mới")],
            opens_at="2024-01-01T08:00",
        )
        assert staff.post(f"/quan-tri/binh-chon/{first.id}", data=data).status_code == 303
        block = sidebar()
        assert "Câu hỏi đã sửa?" in block and "Phương án mới" in block
