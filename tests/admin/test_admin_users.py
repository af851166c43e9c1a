"""Managing staff accounts."""

import re

import pytest
from sqlalchemy import select

from cms.audit.models import AuditEntry
from cms.extensions import db
from cms.users.services import find_user
from tests.auth.auth_helpers import form_login
from tests.conftest import TEST_PASSWORD

P = "/quan-tri/he-thong/nguoi-dung"


def _shown_password(html: str) -> str:
    match = re.search(r'<code class="secret">([^<]+)</code>', html)
    assert match, "no password shown"
    return match.group(1)


def _audit(action):
    return db.session.execute(select(AuditEntry).where(AuditEntry.action == action)).scalars().all()


def test_list_shows_every_account(client, login_as, make_user):
    login_as(client, "admin")
    make_user("phongvien-a", "reporter")
    make_user("cu", "editor", is_active_account=False)
    page = client.get(P)
    assert "phongvien-a" in page.text and "cu" in page.text
    assert "Đã vô hiệu hóa" in page.text and "Phóng viên" in page.text


def test_nav_shows_admin_links_to_admins_only(client, login_as):
    login_as(client, "editor")
    page = client.get("/quan-tri/tai-khoan/mat-khau")
    assert f'href="{P}"' not in page.text
    client2 = client.application.test_client()
    login_as(client2, "admin")
    page = client2.get("/quan-tri/tai-khoan/mat-khau")
    for href in (
        P,
        "/quan-tri/he-thong/chuyen-muc",
        "/quan-tri/he-thong/cai-dat",
        "/quan-tri/he-thong/nhat-ky",
    ):
        assert f'href="{href}"' in page.text


def test_create_shows_the_password_once_and_it_works(app, client, login_as):
    admin = login_as(client, "admin")
    response = client.post(
        f"{P}/tao",
        data={
            "username": "phongvien-moi",
            "full_name": "Trần Thị Mai",
            "email": "mai@example.gov.vn",
            "role": "reporter",
        },
    )
    assert response.status_code == 200
    password = _shown_password(response.text)
    assert "chỉ hiện một lần" in response.text
    assert response.headers["Cache-Control"] == "no-store"
    user = find_user("phongvien-moi")
    assert (user.role, user.full_name, user.email) == (
        "reporter",
        "Trần Thị Mai",
        "mai@example.gov.vn",
    )
    assert password not in client.get(f"{P}/{user.id}").text
    assert form_login(app.test_client(), "phongvien-moi", password).status_code == 303
    entry = _audit("user.create")[0]
    assert entry.actor_id == admin.id and entry.target_id == user.id


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"username": "", "role": "reporter"}, "Hãy nhập tên đăng nhập."),
        ({"username": "admin-user", "role": "reporter"}, "đã có người dùng"),
        ({"username": "x", "role": "boss"}, None),  # a tampered select
        (
            {"username": "x", "role": "reporter", "email": "khong-phai-email"},
            "Địa chỉ thư điện tử không hợp lệ",
        ),
    ],
)
def test_create_refuses_bad_input(client, login_as, data, message):
    login_as(client, "admin")
    response = client.post(f"{P}/tao", data=data)
    assert response.status_code == 400
    if message:
        assert message in response.text
    assert find_user("x") is None
    if data.get("username"):
        assert f'value="{data["username"]}"' in response.text  # what was typed is kept


def test_change_role(client, login_as, make_user):
    login_as(client, "admin")
    target = make_user("bientap", "editor")
    response = client.post(f"{P}/{target.id}/vai-tro", data={"role": "admin"})
    assert response.status_code == 303
    db.session.refresh(target)
    assert target.role == "admin"
    assert "editor → admin" in _audit("user.role")[0].detail


def test_invalid_role_is_refused(client, login_as, make_user):
    login_as(client, "admin")
    target = make_user("bientap", "editor")
    response = client.post(f"{P}/{target.id}/vai-tro", data={"role": "boss"}, follow_redirects=True)
    assert "Vai trò không hợp lệ." in response.text
    db.session.refresh(target)
    assert target.role == "editor"
    assert _audit("user.role") == []


def test_admin_cannot_demote_deactivate_or_reset_self(client, login_as):
    me = login_as(client, "admin")
    hash_before = me.password_hash
    for action, data in (
        ("vai-tro", {"role": "reporter"}),
        ("vo-hieu-hoa", {}),
        ("dat-lai-mat-khau", {}),
    ):
        response = client.post(f"{P}/{me.id}/{action}", data=data)
        assert response.status_code == 303, action
        assert response.headers["Location"].endswith(f"{P}/{me.id}"), action
    assert "Hãy đổi mật khẩu của chính bạn" in client.get(f"{P}/{me.id}").text
    db.session.refresh(me)
    assert me.role == "admin" and me.is_active_account and me.password_hash == hash_before
    assert _audit("user.role") == _audit("user.deactivate") == _audit("user.password_reset") == []
    page = client.get(f"{P}/{me.id}")
    assert page.status_code == 200
    assert "không thể tự" in page.text


def test_deactivate_and_reactivate(app, client, login_as, make_user):
    login_as(client, "admin")
    target = make_user("bientap", "editor")
    client.post(f"{P}/{target.id}/vo-hieu-hoa")
    assert form_login(app.test_client(), "bientap").status_code == 403
    client.post(f"{P}/{target.id}/kich-hoat")
    assert form_login(app.test_client(), "bientap").status_code == 303
    assert len(_audit("user.deactivate")) == len(_audit("user.reactivate")) == 1


def test_reset_password(app, client, login_as, make_user):
    login_as(client, "admin")
    target = make_user("bientap", "editor")
    response = client.post(f"{P}/{target.id}/dat-lai-mat-khau")
    password = _shown_password(response.text)
    assert form_login(app.test_client(), "bientap", TEST_PASSWORD).status_code == 401
    assert form_login(app.test_client(), "bientap", password).status_code == 303
    assert _audit("user.password_reset")[0].target_id == target.id
    assert password not in _audit("user.password_reset")[0].detail


def test_unknown_user_is_404(client, login_as):
    login_as(client, "admin")
    assert client.get(f"{P}/9999").status_code == 404
    assert client.post(f"{P}/9999/vo-hieu-hoa").status_code == 404
