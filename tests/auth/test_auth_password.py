"""Changing one's own password."""

import pytest
from sqlalchemy import select

from cms.audit.models import AuditEntry
from cms.extensions import db
from cms.users.passwords import verify_password
from tests.auth.auth_helpers import form_login
from tests.conftest import TEST_PASSWORD

URL = "/quan-tri/tai-khoan/mat-khau"
NEW = "Một-mật-khẩu-mới-rất-dài-2025"


def _change(client, current=TEST_PASSWORD, new=NEW, confirm=None):
    return client.post(
        URL, data={"current_password": current, "new_password": new, "confirm": confirm or new}
    )


def test_page_needs_login(client):
    assert "/dang-nhap" in client.get(URL).headers["Location"]


@pytest.mark.parametrize("role", ["reporter", "editor", "admin"])
def test_every_role_may_change_its_password(client, login_as, role):
    login_as(client, role)
    assert client.get(URL).status_code == 200
    response = _change(client)
    assert response.status_code == 303
    assert "Đã đổi mật khẩu" in client.get(URL).text


def test_new_password_replaces_the_old(app, client, make_user):
    make_user("bientap", "editor")
    form_login(client, "bientap")
    _change(client)
    client.post("/dang-xuat")
    assert form_login(client, "bientap").status_code == 401
    assert form_login(client, "bientap", NEW).status_code == 303
    actions = db.session.execute(select(AuditEntry.action)).scalars().all()
    assert "password.change" in actions


@pytest.mark.parametrize(
    ("current", "new", "confirm", "message"),
    [
        ("sai-mat-khau-hien-tai", NEW, NEW, "Mật khẩu hiện tại không đúng."),
        (TEST_PASSWORD, NEW, NEW + "x", "không khớp"),
        (TEST_PASSWORD, "ngan", "ngan", "ít nhất 10 ký tự"),
        (TEST_PASSWORD, "password123", "password123", "quá phổ biến"),
        (TEST_PASSWORD, "QWERTYUIOP", "QWERTYUIOP", "quá phổ biến"),
        ("", NEW, NEW, "Hãy nhập mật khẩu hiện tại."),
    ],
)
def test_bad_input_is_refused_with_a_message(client, login_as, current, new, confirm, message):
    user = login_as(client, "editor")
    hash_before = user.password_hash
    response = _change(client, current, new, confirm)
    assert response.status_code == 400
    assert message in response.text
    db.session.refresh(user)
    assert user.password_hash == hash_before


def test_wrong_current_passwords_are_throttled_like_logins(client, login_as):
    user = login_as(client, "editor")
    for _ in range(5):
        assert _change(client, current="sai-mat-khau-hien-tai").status_code == 400
    refused = _change(client)  # even the right current password, for now
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) > 60
    assert "tạm thời bị khóa" in refused.text and 'name="current_password"' in refused.text
    db.session.refresh(user)
    assert verify_password(user.password_hash, TEST_PASSWORD)
    entries = db.session.execute(select(AuditEntry)).scalars().all()
    assert [(e.action, e.repeat_count) for e in entries] == [
        ("password.failed", 5),
        ("password.locked", 1),
    ]


def test_a_right_current_password_takes_its_attempt_back(client, login_as):
    login_as(client, "editor")
    for _ in range(4):
        _change(client, current="sai-mat-khau-hien-tai")
    for _ in range(3):  # right current password, refused new one: not a failure
        assert _change(client, new="ngan", confirm="ngan").status_code == 400
    assert _change(client).status_code == 303
