"""User names compared NFC and case-folded (on SQLite too), passwords NFC-normalised."""

import unicodedata

import pytest
from argon2 import PasswordHasher
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from cms.extensions import db
from cms.users.models import User
from cms.users.passwords import verify_password
from cms.users.services import find_user
from tests.auth.auth_helpers import form_login
from tests.conftest import TEST_PASSWORD

P = "/quan-tri/he-thong/nguoi-dung"
NFD = unicodedata.normalize("NFD", "Đức")
CLI_PASSWORD = "Mật-khẩu-dòng-lệnh-2025"


def _nfd(text):
    return unicodedata.normalize("NFD", text)


def _accounts():
    return db.session.execute(select(func.count()).select_from(User)).scalar_one()


@pytest.mark.parametrize("typed", ["Đức", "đức", "ĐỨC", NFD, "  Đức  ", _nfd("ĐỨC")])
def test_a_vietnamese_name_logs_in_in_any_case_and_form(client, make_user, typed):
    make_user("Đức", "editor")
    assert form_login(client, typed).status_code == 303


def test_a_second_spelling_of_a_name_is_refused_in_the_admin_form(client, login_as, make_user):
    make_user("Đức", "reporter")
    login_as(client, "admin")
    for typed in ("ĐỨC", NFD, "đức "):
        response = client.post(f"{P}/tao", data={"username": typed, "role": "reporter"})
        assert response.status_code == 400, typed
        assert "đã có người dùng" in response.text
    assert "tài khoản “Đức” (tên đăng nhập không phân biệt chữ hoa, chữ thường)" in response.text
    assert 'value="đức"' in response.text  # what was typed is kept (NFC, stripped)
    assert _accounts() == 2


def test_the_name_is_stored_nfc_without_surrounding_space(client, login_as):
    login_as(client, "admin")
    response = client.post(f"{P}/tao", data={"username": f"  {NFD}  ", "role": "reporter"})
    assert response.status_code == 200
    user = find_user("ĐỨC")
    assert user.username == "Đức" and user.username_key == "đức"


def test_a_second_spelling_is_refused_by_the_cli(runner, make_user):
    make_user("Đức", "reporter")
    result = runner.invoke(
        args=["users", "create", "ĐỨC", "--role", "editor", "--password-stdin"],
        input=CLI_PASSWORD + "\n",
    )
    assert result.exit_code != 0
    assert "đã có người dùng" in result.output
    assert _accounts() == 1


def test_the_database_refuses_two_spellings_even_without_the_check(app, make_user):
    make_user("Đức", "reporter")
    with pytest.raises(IntegrityError):
        make_user("ĐỨC", "reporter")
    db.session.rollback()


@pytest.mark.parametrize("typed", ["bad\x00name", "x" * 300, "\u200b", "\x01"])
def test_hostile_names_are_a_plain_401(client, typed):
    response = form_login(client, typed)
    assert response.status_code in (400, 401)


def test_control_characters_are_refused_in_a_new_name(client, login_as):
    login_as(client, "admin")
    response = client.post(f"{P}/tao", data={"username": "a\u200bb", "role": "reporter"})
    assert response.status_code == 400
    assert "ký tự điều khiển" in response.text
    assert _accounts() == 1


def test_a_password_typed_decomposed_logs_in(client, make_user):
    make_user("bientap", "editor")  # hashed from TEST_PASSWORD as written (NFC)
    assert form_login(client, "bientap", _nfd(TEST_PASSWORD)).status_code == 303


def test_a_password_set_decomposed_logs_in_composed(client, make_user):
    make_user("bientap", "editor", password=_nfd(TEST_PASSWORD))
    assert form_login(client, "bientap", TEST_PASSWORD).status_code == 303


def test_an_old_hash_of_a_decomposed_password_still_works_and_is_upgraded(client, make_user):
    user = make_user("bientap", "editor")
    user.password_hash = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1).hash(
        _nfd(TEST_PASSWORD)
    )  # as hashed before passwords were normalised
    db.session.commit()
    assert form_login(client, "bientap", _nfd(TEST_PASSWORD)).status_code == 303
    db.session.refresh(user)
    assert verify_password(user.password_hash, TEST_PASSWORD)
    client.post("/dang-xuat")
    assert form_login(client, "bientap", TEST_PASSWORD).status_code == 303
