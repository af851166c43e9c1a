"""The audit log page: newest first, filters, pagination."""

from datetime import datetime, timedelta

import pytest

from cms.audit.models import AuditEntry
from cms.audit.services import record
from cms.core.formatting import local_to_utc
from cms.core.privacy import address_tag
from cms.extensions import db

URL = "/quan-tri/he-thong/nhat-ky"


def _entry(action, when, actor=None, target_id=None, detail=""):
    db.session.add(
        AuditEntry(
            action=action,
            created_at=when,
            actor_id=getattr(actor, "id", None),
            actor_name=getattr(actor, "username", ""),
            target_type="user" if target_id else "",
            target_id=target_id,
            detail=detail,
            address="192.0.2.10",
        )
    )


def _rows(html):
    return html.count("<tr>") - 1  # minus the header row


def test_actions_of_the_admin_area_appear(client, login_as, make_category):
    login_as(client, "admin")
    category = make_category(name="Cũ")
    client.post(
        f"/quan-tri/he-thong/chuyen-muc/{category.id}/sua", data={"name": "Mới", "slug": ""}
    )
    page = client.get(URL)
    assert "Sửa chuyên mục" in page.text and "cu → moi" in page.text
    assert "admin-user" in page.text


def test_record_without_a_request(app, make_user):
    user = make_user("bientap", "editor")
    entry = record("article.publish", "article", 7, "Bài 7", actor=user)
    assert (entry.actor_id, entry.actor_name, entry.address) == (user.id, "bientap", "")
    anonymous = record("demo.seed", detail="x" * 5000)
    assert anonymous.actor_id is None and len(anonymous.detail) == 2000


def test_record_inside_a_request_takes_the_user_and_an_address_tag(client, login_as):
    admin = login_as(client, "admin")
    client.post(
        "/quan-tri/he-thong/chuyen-muc/tao",
        data={"name": "Địa chỉ"},
        environ_base={"REMOTE_ADDR": "203.0.113.50"},
    )
    entry = db.session.execute(db.select(AuditEntry)).scalar_one()
    assert (entry.actor_id, entry.actor_name, entry.address) == (
        admin.id,
        admin.username,
        address_tag("203.0.113.50"),
    )
    page = client.get(URL)
    assert address_tag("203.0.113.50") in page.text and "203.0.113.50" not in page.text


def test_newest_first_and_paginated(client, login_as):
    login_as(client, "admin")
    start = datetime(2025, 1, 1, 3, 0)
    for n in range(120):
        _entry("login", start + timedelta(minutes=n), detail=f"muc-{n:03d}")
    db.session.commit()
    first = client.get(URL)
    assert first.text.index("muc-119") < first.text.index("muc-118")
    assert _rows(first.text) == 50
    assert "120 mục" in first.text
    third = client.get(URL + "?trang=3")
    assert _rows(third.text) == 20 and "muc-000" in third.text
    assert client.get(URL + "?trang=4").status_code == 404
    assert client.get(URL + "?trang=abc").status_code == 404


def test_filter_by_user_action_and_dates(client, login_as, make_user):
    admin = login_as(client, "admin")
    other = make_user("bientap", "editor")
    day = local_to_utc(datetime(2025, 3, 10, 9, 0))
    _entry("login", day, actor=admin, detail="a-login")
    _entry("login", day + timedelta(days=1), actor=other, detail="b-login")
    _entry("user.role", day + timedelta(days=2), actor=admin, target_id=other.id, detail="a-role-b")
    _entry("login.failed", day + timedelta(days=3), target_id=other.id, detail="b-failed")
    db.session.commit()

    by_other = client.get(URL, query_string={"user": other.id}).text
    assert "b-login" in by_other and "a-role-b" in by_other and "b-failed" in by_other
    assert "a-login" not in by_other

    logins = client.get(URL, query_string={"action": "login"}).text
    assert "a-login" in logins and "b-login" in logins and "a-role-b" not in logins

    ranged = client.get(URL, query_string={"since": "2025-03-11", "until": "2025-03-12"}).text
    assert "b-login" in ranged and "a-role-b" in ranged
    assert "a-login" not in ranged and "b-failed" not in ranged

    typed = client.get(URL, query_string={"since": "11/03/2025", "until": "11/03/2025"}).text
    assert "b-login" in typed and "a-role-b" not in typed


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"since": "2025-13-45"}, "Ngày không hợp lệ"),
        ({"since": "2025-03-12", "until": "2025-03-10"}, "Ngày kết thúc phải sau ngày bắt đầu."),
        ({"user": "abc"}, "Người dùng không hợp lệ."),
    ],
)
def test_bad_filters_are_a_400_with_a_message(client, login_as, query, message):
    login_as(client, "admin")
    response = client.get(URL, query_string=query)
    assert response.status_code == 400
    assert message in response.text


def test_empty_log(client, login_as):
    login_as(client, "admin")
    page = client.get(URL, query_string={"action": "không-có"})
    assert page.status_code == 200 and "Không có mục nào phù hợp." in page.text
