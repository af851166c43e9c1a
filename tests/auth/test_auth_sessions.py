"""Ending sessions: an old session or remember-me cookie, replayed, no longer works."""

import pytest

from cms.extensions import db
from cms.users.models import User
from tests.auth.auth_helpers import cookies_of, form_login, is_login_redirect, replay
from tests.conftest import TEST_PASSWORD

STAFF_PAGE = "/quan-tri/tai-khoan/mat-khau"
NEW_PASSWORD = "Một-mật-khẩu-mới-rất-dài-2025"


def _logged_in(app, username):
    """Log a fresh client in with "remember me"; return it and its cookies."""
    client = app.test_client()
    assert form_login(client, username, remember=True).status_code == 303
    cookies = cookies_of(client)
    assert set(cookies) == {"session", "remember_token"}
    return client, cookies


def _works(app, cookies) -> bool:
    response = replay(app, cookies).get(STAFF_PAGE)
    if response.status_code == 200:
        return True
    assert is_login_redirect(response), response.status_code
    return False


def _each_cookie(cookies):
    return [cookies, {"session": cookies["session"]}, {"remember_token": cookies["remember_token"]}]


def test_cookies_work_before_anything_happens(app, make_user):
    make_user("bientap", "editor")
    _client, cookies = _logged_in(app, "bientap")
    for jar in _each_cookie(cookies):
        assert _works(app, jar)


def test_logout_ends_every_session_and_remember_cookie(app, make_user):
    make_user("bientap", "editor")
    first, old = _logged_in(app, "bientap")
    _second, elsewhere = _logged_in(app, "bientap")
    first.post("/dang-xuat")
    for jar in _each_cookie(old) + _each_cookie(elsewhere):
        assert not _works(app, jar)


def test_password_change_ends_other_sessions_but_keeps_this_one(app, make_user):
    make_user("bientap", "editor")
    me, before = _logged_in(app, "bientap")
    _other, elsewhere = _logged_in(app, "bientap")
    response = me.post(
        STAFF_PAGE,
        data={
            "current_password": TEST_PASSWORD,
            "new_password": NEW_PASSWORD,
            "confirm": NEW_PASSWORD,
        },
    )
    assert response.status_code == 303
    assert me.get(STAFF_PAGE).status_code == 200  # this browser stays logged in
    after = cookies_of(me)
    assert after["remember_token"] != before["remember_token"]  # reissued with the new token
    assert _works(app, {"remember_token": after["remember_token"]})
    for jar in _each_cookie(before) + _each_cookie(elsewhere):
        assert not _works(app, jar)


def test_role_change_by_an_admin_ends_the_sessions(app, make_user, login_as):
    target = make_user("bientap", "editor")
    _client, old = _logged_in(app, "bientap")
    admin = app.test_client()
    login_as(admin, "admin")
    response = admin.post(
        f"/quan-tri/he-thong/nguoi-dung/{target.id}/vai-tro", data={"role": "reporter"}
    )
    assert response.status_code == 303
    for jar in _each_cookie(old):
        assert not _works(app, jar)
    db.session.refresh(target)
    assert target.role == "reporter"


def test_deactivation_ends_the_sessions(app, make_user, login_as):
    target = make_user("bientap", "editor")
    _client, old = _logged_in(app, "bientap")
    admin = app.test_client()
    login_as(admin, "admin")
    admin.post(f"/quan-tri/he-thong/nguoi-dung/{target.id}/vo-hieu-hoa")
    for jar in _each_cookie(old):
        assert not _works(app, jar)
    # Reactivation does not bring the old cookies back either.
    admin.post(f"/quan-tri/he-thong/nguoi-dung/{target.id}/kich-hoat")
    for jar in _each_cookie(old):
        assert not _works(app, jar)
    assert form_login(app.test_client(), "bientap").status_code == 303


def test_cli_password_change_ends_the_sessions(app, make_user, runner):
    make_user("bientap", "editor")
    _client, old = _logged_in(app, "bientap")
    result = runner.invoke(
        args=["users", "set-password", "bientap", "--password-stdin"], input=NEW_PASSWORD + "\n"
    )
    assert result.exit_code == 0, result.output
    db.session.remove()
    for jar in _each_cookie(old):
        assert not _works(app, jar)


def test_admin_password_reset_ends_the_sessions(app, make_user, login_as):
    target = make_user("bientap", "editor")
    _client, old = _logged_in(app, "bientap")
    admin = app.test_client()
    login_as(admin, "admin")
    assert (
        admin.post(f"/quan-tri/he-thong/nguoi-dung/{target.id}/dat-lai-mat-khau").status_code == 200
    )
    for jar in _each_cookie(old):
        assert not _works(app, jar)


@pytest.mark.parametrize("forged", ["1:", ":abc", "abc:def", "1:not-the-token", "999:x"])
def test_forged_session_ids_load_nobody(app, make_user, forged):
    make_user("bientap", "editor")
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = forged
        session["_fresh"] = True
    assert is_login_redirect(client.get(STAFF_PAGE))


def test_token_changes_on_rotation(app, make_user):
    user = make_user("bientap", "editor")
    before = user.session_token
    user.rotate_session_token()
    db.session.commit()
    assert db.session.get(User, user.id).session_token != before
