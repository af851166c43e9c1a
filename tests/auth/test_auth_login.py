"""Logging in and out through the login form."""

import pytest
from sqlalchemy import select

from cms.audit.models import AuditEntry
from cms.core.privacy import address_tag
from cms.extensions import db
from tests.auth.auth_helpers import HOST, form_login, is_login_redirect
from tests.conftest import TEST_PASSWORD

WRONG = "Tên đăng nhập hoặc mật khẩu không đúng."


def _actions():
    return [
        e.action for e in db.session.execute(select(AuditEntry).order_by(AuditEntry.id)).scalars()
    ]


def test_login_page_has_a_form(client):
    page = client.get("/dang-nhap")
    assert page.status_code == 200
    assert 'name="username"' in page.text and 'name="password"' in page.text
    assert "Đăng nhập" in page.text
    assert page.headers["Cache-Control"] == "no-store"


def test_login_success_goes_home_and_opens_the_staff_area(client, make_user):
    user = make_user("bientap", "editor")
    response = form_login(client, "bientap")
    assert response.status_code == 303
    assert response.headers["Location"] == "/quan-tri/"
    assert client.get("/quan-tri/tai-khoan/mat-khau").status_code == 200
    db.session.refresh(user)
    assert user.last_login_at is not None
    assert _actions() == ["login"]


def test_username_is_case_insensitive(client, make_user):
    make_user("PhongVien", "reporter")
    assert form_login(client, "phongvien").status_code == 303


def test_unknown_user_and_wrong_password_get_the_same_answer(client, make_user):
    make_user("bientap", "editor")
    unknown = form_login(client, "khong-co-ai", TEST_PASSWORD)
    wrong = form_login(client, "bientap", TEST_PASSWORD + "x")
    assert unknown.status_code == wrong.status_code == 401
    assert WRONG in unknown.text and WRONG in wrong.text
    assert client.get("/quan-tri/tai-khoan/mat-khau").status_code == 302
    assert _actions() == ["login.failed", "login.failed"]


def test_password_is_checked_exactly_as_typed(client, make_user):
    make_user("bientap", "editor")
    assert form_login(client, "bientap", TEST_PASSWORD.upper()).status_code == 401
    assert form_login(client, "bientap", " " + TEST_PASSWORD).status_code == 401


def test_failed_login_is_audited_with_an_address_tag(client, make_user):
    user = make_user("bientap", "editor")
    client.post(
        "/dang-nhap",
        data={"username": "bientap", "password": "sai-mat-khau-roi"},
        environ_base={"REMOTE_ADDR": "203.0.113.7"},
    )
    entry = db.session.execute(select(AuditEntry)).scalar_one()
    assert entry.action == "login.failed"
    assert entry.target_id == user.id
    assert entry.address == address_tag("203.0.113.7") != "203.0.113.7"
    assert len(entry.address) == 10
    assert entry.actor_id is None


def test_empty_form_is_a_400_with_a_message(client):
    response = client.post("/dang-nhap", data={"username": "", "password": ""})
    assert response.status_code == 400
    assert "Hãy nhập tên đăng nhập." in response.text


def test_deactivated_account_cannot_log_in(client, make_user):
    make_user("cu", "editor", is_active_account=False)
    response = form_login(client, "cu")
    assert response.status_code == 403
    assert "vô hiệu hóa" in response.text
    assert client.get("/quan-tri/tai-khoan/mat-khau").status_code == 302


def test_session_is_rotated_at_login(client, make_user):
    user = make_user("bientap", "editor")
    with client.session_transaction() as session:
        session["planted"] = "by-an-attacker"
    form_login(client, "bientap")
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["_user_id"] == user.get_id()


def test_remember_me_sets_a_secure_kind_of_cookie(client, make_user):
    make_user("bientap", "editor")
    response = form_login(client, "bientap", remember=True)
    cookies = response.headers.getlist("Set-Cookie")
    remember = [c for c in cookies if c.startswith("remember_token=")]
    assert remember and "HttpOnly" in remember[0] and "SameSite=Lax" in remember[0]
    session_cookie = next(c for c in cookies if c.startswith("session="))
    assert "HttpOnly" in session_cookie and "SameSite=Lax" in session_cookie
    assert client.get_cookie("remember_token", domain=HOST) is not None


def test_without_remember_me_no_cookie(client, make_user):
    make_user("bientap", "editor")
    form_login(client, "bientap")
    assert client.get_cookie("remember_token", domain=HOST) is None


def test_logout_needs_post(client, login_as):
    login_as(client, "editor")
    assert client.get("/dang-xuat").status_code == 405


def test_logout_ends_the_session(client, make_user):
    make_user("bientap", "editor")
    form_login(client, "bientap", remember=True)
    response = client.post("/dang-xuat")
    assert response.status_code == 303 and response.headers["Location"].endswith("/dang-nhap")
    assert is_login_redirect(client.get("/quan-tri/tai-khoan/mat-khau"))
    assert _actions() == ["login", "logout"]


def test_logout_when_not_logged_in_just_goes_to_login(client):
    response = client.post("/dang-xuat")
    assert response.status_code == 303


def test_staff_pages_show_the_logout_button(client, login_as):
    login_as(client, "admin")
    page = client.get("/quan-tri/tai-khoan/mat-khau")
    assert 'action="/dang-xuat"' in page.text and 'method="post"' in page.text


def test_logged_in_visit_to_login_page_redirects(client, login_as):
    login_as(client, "editor")
    response = client.get("/dang-nhap?next=/quan-tri/tai-khoan/mat-khau")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/quan-tri/tai-khoan/mat-khau")


def test_anonymous_staff_page_redirects_to_login_with_next(client):
    response = client.get("/quan-tri/tai-khoan/mat-khau")
    assert response.status_code == 302
    assert "/dang-nhap?next=" in response.headers["Location"]
    assert "mat-khau" in response.headers["Location"]


@pytest.mark.parametrize("remember", [False, True])
def test_login_then_next_page_works(client, make_user, remember):
    make_user("bientap", "editor")
    response = form_login(
        client, "bientap", remember=remember, next_url="/quan-tri/tai-khoan/mat-khau"
    )
    assert response.headers["Location"].endswith("/quan-tri/tai-khoan/mat-khau")
    assert client.get(response.headers["Location"]).status_code == 200
