"""Permission matrix: every admin URL × {anonymous, reporter, editor, admin, deactivated admin}."""

from urllib.parse import unquote

import pytest

from tests.auth.auth_helpers import is_login_redirect

P = "/quan-tri/he-thong"
GETS = [
    f"{P}/",
    f"{P}/nguoi-dung",
    f"{P}/nguoi-dung/tao",
    f"{P}/nguoi-dung/{{user}}",
    f"{P}/chuyen-muc",
    f"{P}/chuyen-muc/tao",
    f"{P}/chuyen-muc/{{cat}}/sua",
    f"{P}/cai-dat",
    f"{P}/nhat-ky",
]
POSTS = [
    (f"{P}/nguoi-dung/tao", {"username": "moi", "role": "reporter"}),
    (f"{P}/nguoi-dung/{{user}}/vai-tro", {"role": "editor"}),
    (f"{P}/nguoi-dung/{{user}}/vo-hieu-hoa", {}),
    (f"{P}/nguoi-dung/{{user}}/kich-hoat", {}),
    (f"{P}/nguoi-dung/{{user}}/dat-lai-mat-khau", {}),
    (f"{P}/chuyen-muc/tao", {"name": "Mới"}),
    (f"{P}/chuyen-muc/{{cat}}/sua", {"name": "Đổi tên"}),
    (f"{P}/chuyen-muc/{{cat}}/len", {}),
    (f"{P}/chuyen-muc/{{cat}}/xuong", {}),
    (f"{P}/chuyen-muc/{{cat}}/menu", {}),
    (f"{P}/chuyen-muc/{{cat}}/trang-chu", {}),
    (f"{P}/chuyen-muc/{{cat}}/xoa", {}),
    (f"{P}/cai-dat", {"portal_name": "Cổng thử"}),
]
WHO = ["anonymous", "reporter", "editor", "admin", "deactivated-admin"]


@pytest.fixture
def targets(make_user, make_category):
    """A staff account and a category for the URLs that name one."""
    make_category(name="Thứ nhất")
    return {"user": make_user("muc-tieu", "reporter").id, "cat": make_category(name="Thứ hai").id}


def _as(client, login_as, who):
    if who == "deactivated-admin":
        login_as(client, "admin", is_active_account=False)
    elif who != "anonymous":
        login_as(client, who)


def _check(response, who, url, method):
    if who in ("anonymous", "deactivated-admin"):
        assert is_login_redirect(response), (who, url, response.status_code)
        assert "next=" in response.headers["Location"]
        if method == "GET":
            assert unquote(response.headers["Location"]).split("next=", 1)[1].rstrip(
                "/"
            ) == url.rstrip("/")
    elif who in ("reporter", "editor"):
        assert response.status_code == 403, (who, url)
    else:
        assert response.status_code in (200, 302, 303), (who, url, response.status_code)
        if response.status_code != 200:
            assert not is_login_redirect(response)


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("template", GETS)
def test_get(client, login_as, targets, who, template):
    url = template.format(**targets)
    _as(client, login_as, who)
    response = client.get(url)
    _check(response, who, url, "GET")
    if who == "admin" and not template.endswith(f"{P}/"):
        assert response.status_code == 200


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize(("template", "data"), POSTS)
def test_post(client, login_as, targets, who, template, data):
    url = template.format(**targets)
    _as(client, login_as, who)
    _check(client.post(url, data=data), who, url, "POST")


def test_json_clients_get_401_not_a_redirect(client):
    response = client.get(f"{P}/nguoi-dung", headers={"Accept": "application/json"})
    assert response.status_code == 401


def test_the_matrix_covers_every_admin_route(app):
    """A new admin route must be added to the lists above (and is guarded by default)."""
    listed = {
        ("GET", t.replace("{user}", "<id:user_id>").replace("{cat}", "<id:category_id>"))
        for t in GETS
    }
    listed |= {
        ("POST", t.replace("{user}", "<id:user_id>").replace("{cat}", "<id:category_id>"))
        for t, _ in POSTS
    }
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("admin."):
            for method in rule.methods - {"HEAD", "OPTIONS"}:
                assert (method, rule.rule) in listed, (method, rule.rule)


def test_no_state_change_on_get(client, login_as, targets):
    login_as(client, "admin")
    for template, _ in POSTS:
        url = template.format(**targets)
        if url not in [g.format(**targets) for g in GETS]:
            assert client.get(url).status_code == 405, url
