"""``flask users …`` commands: exit codes, messages, --help."""

import pytest
from sqlalchemy import func, select

from cms.extensions import db
from cms.users.models import User
from cms.users.passwords import verify_password
from cms.users.services import find_user

GOOD = "Mật-khẩu-dòng-lệnh-2025"


def _users(runner, *args, input=None):
    return runner.invoke(args=["users", *args], input=input)


@pytest.mark.parametrize(
    "command", [[], ["create"], ["set-password"], ["deactivate"], ["ensure-admin"]]
)
def test_help(runner, command):
    result = _users(runner, *command, "--help")
    assert result.exit_code == 0
    assert "Usage" in result.output


def test_create_reads_the_password_from_stdin(runner):
    result = _users(
        runner, "create", "phongvien1", "--role", "reporter", "--password-stdin", input=GOOD + "\n"
    )
    assert result.exit_code == 0, result.output
    user = find_user("phongvien1")
    assert user.role == "reporter"
    assert user.password_hash.startswith("$argon2id$")
    assert verify_password(user.password_hash, GOOD)


@pytest.mark.parametrize(
    ("args", "stdin"),
    [
        (["create", "x", "--role", "boss", "--password-stdin"], GOOD),
        (["create", "x", "--role", "editor", "--password-stdin"], "ngan"),
        (["create", "x", "--role", "editor", "--password-stdin"], "1234567890"),
        (["create", "", "--role", "editor", "--password-stdin"], GOOD),
        (["create", "x", "--password-stdin"], GOOD),
        (["set-password", "khong-co", "--password-stdin"], GOOD),
        (["deactivate", "khong-co"], None),
    ],
)
def test_failures_exit_non_zero(runner, args, stdin):
    result = _users(runner, *args, input=(stdin + "\n") if stdin is not None else None)
    assert result.exit_code != 0
    assert db.session.execute(select(func.count()).select_from(User)).scalar_one() == 0


def test_duplicate_name_is_refused(runner, make_user):
    make_user("bientap", "editor")
    result = _users(
        runner, "create", "BienTap", "--role", "editor", "--password-stdin", input=GOOD + "\n"
    )
    assert result.exit_code != 0
    assert "đã có người dùng" in result.output


def test_set_password_and_deactivate(runner, make_user):
    user = make_user("bientap", "editor")
    token = user.session_token
    assert (
        _users(runner, "set-password", "bientap", "--password-stdin", input=GOOD + "\n").exit_code
        == 0
    )
    db.session.refresh(user)
    assert verify_password(user.password_hash, GOOD) and user.session_token != token
    weak = _users(runner, "set-password", "bientap", "--password-stdin", input="short\n")
    assert weak.exit_code != 0
    assert _users(runner, "deactivate", "bientap").exit_code == 0
    db.session.refresh(user)
    assert not user.is_active_account


def test_ensure_admin_prints_a_one_time_password_once(runner, client):
    first = _users(runner, "ensure-admin")
    assert first.exit_code == 0
    password = next(
        line.split(":", 1)[1].strip() for line in first.output.splitlines() if "password:" in line
    )
    assert len(password) >= 10
    second = _users(runner, "ensure-admin")
    assert second.exit_code == 0 and password not in second.output
    assert (
        client.post("/dang-nhap", data={"username": "admin", "password": password}).status_code
        == 303
    )
