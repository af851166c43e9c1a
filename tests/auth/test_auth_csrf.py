"""CSRF: a missing or foreign token is a 400 with a Vietnamese message."""

import pytest

from cms.extensions import db
from cms.users.models import User
from cms.users.passwords import hash_password
from tests.auth.auth_helpers import csrf_from
from tests.conftest import TEST_PASSWORD

MESSAGE = "biểu mẫu không hợp lệ"


@pytest.fixture
def csrf_app(make_app):
    """An app with CSRF protection on, and an admin account "quantri".

    No app context stays pushed, so each test request gets its own ``g`` (and CSRF token
    cache), as in production.
    """
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        db.session.add(
            User(username="quantri", role="admin", password_hash=hash_password(TEST_PASSWORD))
        )
        db.session.commit()
    return app


def _logged_in(app):
    client = app.test_client()
    token = csrf_from(client.get("/dang-nhap").text)
    response = client.post(
        "/dang-nhap", data={"csrf_token": token, "username": "quantri", "password": TEST_PASSWORD}
    )
    assert response.status_code == 303
    return client


def _foreign_token(app):
    """A valid token, but from another browser's session."""
    return csrf_from(app.test_client().get("/dang-nhap").text)


def test_login_with_its_token_works(csrf_app):
    _logged_in(csrf_app)


@pytest.mark.parametrize("token", [None, "foreign", "garbage"])
def test_login_without_a_valid_token_is_refused(csrf_app, token):
    client = csrf_app.test_client()
    client.get("/dang-nhap")
    data = {"username": "quantri", "password": TEST_PASSWORD}
    if token == "foreign":
        data["csrf_token"] = _foreign_token(csrf_app)
    elif token == "garbage":
        data["csrf_token"] = "abc.def.ghi"
    response = client.post("/dang-nhap", data=data)
    assert response.status_code == 400
    assert MESSAGE in response.text


POSTS = [
    ("/dang-xuat", {}),
    (
        "/quan-tri/tai-khoan/mat-khau",
        {
            "current_password": TEST_PASSWORD,
            "new_password": "Mới-mới-mới-123",
            "confirm": "Mới-mới-mới-123",
        },
    ),
    ("/quan-tri/he-thong/chuyen-muc/tao", {"name": "Chuyên mục CSRF"}),
    ("/quan-tri/he-thong/nguoi-dung/tao", {"username": "csrf", "role": "admin"}),
    ("/quan-tri/he-thong/nguoi-dung/1/vai-tro", {"role": "reporter"}),
    ("/quan-tri/he-thong/cai-dat", {"portal_name": "Bị đổi"}),
]


@pytest.mark.parametrize(("url", "data"), POSTS)
@pytest.mark.parametrize("token", [None, "foreign"])
def test_staff_forms_refuse_missing_and_foreign_tokens(csrf_app, url, data, token):
    client = _logged_in(csrf_app)
    payload = dict(data)
    if token == "foreign":
        payload["csrf_token"] = _foreign_token(csrf_app)
    response = client.post(url, data=payload)
    assert response.status_code == 400
    assert MESSAGE in response.text
    # Nothing happened: still logged in, as admin, with the same password.
    assert client.get("/quan-tri/tai-khoan/mat-khau").status_code == 200
    with csrf_app.app_context():
        user = db.session.execute(db.select(User).where(User.username == "quantri")).scalar_one()
        assert user.role == "admin"
        assert user.full_name != "csrf"


def test_logout_with_the_page_token_works(csrf_app):
    client = _logged_in(csrf_app)
    token = csrf_from(client.get("/quan-tri/tai-khoan/mat-khau").text)
    assert client.post("/dang-xuat", data={"csrf_token": token}).status_code == 303
    assert client.get("/quan-tri/tai-khoan/mat-khau").status_code == 302


def test_admin_form_with_the_page_token_works(csrf_app):
    client = _logged_in(csrf_app)
    page = client.get("/quan-tri/he-thong/chuyen-muc/tao")
    response = client.post(
        "/quan-tri/he-thong/chuyen-muc/tao",
        data={"csrf_token": csrf_from(page.text), "name": "Văn hóa", "in_menu": "y"},
    )
    assert response.status_code == 303
