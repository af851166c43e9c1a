"""Brute-force protection: 429 per account and per address, on the SQL and Redis backends."""

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from cms import create_app
from cms.audit.models import AuditEntry
from cms.auth.models import LoginFailure
from cms.core.formatting import utcnow
from cms.extensions import db
from tests.conftest import TEST_PASSWORD

BAD = "mat-khau-sai-hoan-toan"


def _fail(client, username, times, address="198.51.100.1"):
    for _ in range(times):
        response = client.post(
            "/dang-nhap",
            data={"username": username, "password": BAD},
            environ_base={"REMOTE_ADDR": address},
        )
        assert response.status_code == 401


def _login(client, username, password=TEST_PASSWORD, address="198.51.100.1", **headers):
    return client.post(
        "/dang-nhap",
        data={"username": username, "password": password},
        environ_base={"REMOTE_ADDR": address},
        headers=headers,
    )


def test_account_is_locked_after_too_many_failures(locked_app):
    client = locked_app.test_client()
    _fail(client, "alice", 3)
    response = _login(client, "alice")  # even the right password is refused now
    assert response.status_code == 429
    assert "tạm thời bị khóa" in response.text and "15 phút" in response.text
    # From another address too: the lock is on the account.
    assert _login(client, "alice", address="198.51.100.99").status_code == 429
    # Another account from the same address is not affected.
    assert _login(client, "bob").status_code == 303


def test_account_lock_counts_unknown_names_too(locked_app):
    client = locked_app.test_client()
    _fail(client, "khong-ton-tai", 3)
    assert _login(client, "khong-ton-tai").status_code == 429


def test_account_name_is_counted_case_insensitively(locked_app):
    client = locked_app.test_client()
    _fail(client, "Alice", 2)
    _fail(client, "ALICE", 1)
    assert _login(client, "alice").status_code == 429


def test_address_is_locked_after_too_many_failures(locked_app):
    client = locked_app.test_client()
    for n in range(6):
        _fail(client, f"nguoi-{n}", 1)
    response = _login(client, "bob")
    assert response.status_code == 429
    assert "địa chỉ mạng" in response.text
    assert _login(client, "bob", address="198.51.100.2").status_code == 303


def test_success_clears_the_account_count(locked_app):
    client = locked_app.test_client()
    _fail(client, "alice", 2)
    assert _login(client, "alice").status_code == 303
    client.post("/dang-xuat")
    _fail(client, "alice", 2)
    assert _login(client, "alice").status_code == 303


def test_lockout_is_audited(locked_app):
    client = locked_app.test_client()
    _fail(client, "alice", 3)
    _login(client, "alice")
    actions = db.session.execute(select(AuditEntry.action).order_by(AuditEntry.id)).scalars().all()
    assert actions == ["login.failed"] * 3 + ["login.locked"]


def test_json_client_gets_a_json_429(locked_app):
    client = locked_app.test_client()
    _fail(client, "alice", 3)
    response = _login(client, "alice", Accept="application/json")
    assert response.status_code == 429
    assert "tạm thời bị khóa" in response.get_json()["message"]


def test_forwarded_for_is_ignored_without_trusted_proxies(locked_app):
    client = locked_app.test_client()
    for n in range(6):
        client.post(
            "/dang-nhap",
            data={"username": f"x{n}", "password": BAD},
            environ_base={"REMOTE_ADDR": "198.51.100.1"},
            headers={"X-Forwarded-For": f"10.0.0.{n}"},
        )
    assert _login(client, "bob", **{"X-Forwarded-For": "10.9.9.9"}).status_code == 429


def test_forwarded_for_is_used_behind_a_trusted_proxy(locked_app):
    locked_app.config["TRUSTED_PROXIES"] = 1
    client = locked_app.test_client()
    for n in range(6):
        client.post(
            "/dang-nhap",
            data={"username": f"x{n}", "password": BAD},
            environ_base={"REMOTE_ADDR": "127.0.0.1"},
            headers={"X-Forwarded-For": "spoofed, 203.0.113.5"},
        )
    locked = _login(client, "bob", address="127.0.0.1", **{"X-Forwarded-For": "203.0.113.5"})
    assert locked.status_code == 429
    other = _login(client, "bob", address="127.0.0.1", **{"X-Forwarded-For": "203.0.113.6"})
    assert other.status_code == 303
    entry = db.session.execute(select(AuditEntry).where(AuditEntry.action == "login")).scalar_one()
    assert entry.address == "203.0.113.6"


def test_failures_expire_after_the_window(locked_app):
    if locked_app.backend != "sql":
        pytest.skip("Redis expiry is Redis's business (sorted-set scores by time)")
    client = locked_app.test_client()
    _fail(client, "alice", 3)
    assert _login(client, "alice").status_code == 429
    db.session.execute(update(LoginFailure).values(created_at=utcnow() - timedelta(minutes=16)))
    db.session.commit()
    assert _login(client, "alice").status_code == 303


def test_old_failures_are_pruned_from_the_table(locked_app):
    if locked_app.backend != "sql":
        pytest.skip("the Redis backend has no table to prune")
    client = locked_app.test_client()
    _fail(client, "alice", 2)
    db.session.execute(update(LoginFailure).values(created_at=utcnow() - timedelta(hours=1)))
    db.session.commit()
    _fail(client, "bob", 1)
    assert db.session.execute(select(LoginFailure.key)).scalars().all().count("alice") == 0


def test_nothing_is_kept_in_process_memory(locked_app):
    """Another app object (another worker or instance) on the same store sees the lock."""
    _fail(locked_app.test_client(), "alice", 3)
    db.session.remove()  # end this app's transaction, as the end of a request would
    other = create_app(dict(locked_app.config))
    with other.app_context():
        assert _login(other.test_client(), "alice").status_code == 429
        assert _login(other.test_client(), "bob").status_code == 303
        db.session.remove()
        db.engine.dispose()
