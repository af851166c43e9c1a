"""Login throttling an attacker cannot turn against users, on the SQL and Redis backends.

Limits of the ``locked_app`` fixture: 3 failures per (account, address), 6 per address,
and past 8 failures of one account from anywhere, one attempt per second.
"""

import threading
import time
import unicodedata
from datetime import timedelta

import pytest
import redis
from sqlalchemy import func, select, update

from cms import create_app
from cms.audit.models import AuditEntry
from cms.auth.models import LoginFailure
from cms.core.formatting import utcnow
from cms.core.privacy import address_tag
from cms.extensions import db
from cms.users.models import User
from cms.users.passwords import hash_password
from tests.conftest import TEST_PASSWORD

BAD = "mat-khau-sai-hoan-toan"
A = "198.51.100.1"
B = "198.51.100.2"


def _post(client, username, password, address=A, **headers):
    return client.post(
        "/dang-nhap",
        data={"username": username, "password": password},
        environ_base={"REMOTE_ADDR": address},
        headers=headers,
    )


def _fail(client, username, times, address=A):
    for _ in range(times):
        assert _post(client, username, BAD, address).status_code == 401


def _login(client, username, password=TEST_PASSWORD, address=A, **headers):
    return _post(client, username, password, address, **headers)


def _audit(action):
    return (
        db.session.execute(
            select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)
        )
        .scalars()
        .all()
    )


def test_failures_from_one_address_do_not_stop_the_owner_elsewhere(locked_app):
    client = locked_app.test_client()
    _fail(client, "alice", 3, A)
    refused = _login(client, "alice", address=A)  # even the right password, from A
    assert refused.status_code == 429
    assert "tạm thời bị khóa" in refused.text and "15 phút" in refused.text
    assert 14 * 60 < int(refused.headers["Retry-After"]) <= 15 * 60
    assert _login(client, "alice", address=B).status_code == 303  # the owner, elsewhere
    client.post("/dang-xuat")
    assert _login(client, "bob", address=A).status_code == 303  # another account from A


def test_lockout_page_keeps_the_login_form(locked_app):
    client = locked_app.test_client()
    _fail(client, "alice", 3)
    page = _login(client, "alice")
    assert page.status_code == 429
    assert 'name="username"' in page.text and 'value="alice"' in page.text
    assert 'name="password"' in page.text and TEST_PASSWORD not in page.text
    assert page.headers["Cache-Control"] == "no-store"


def test_unknown_names_are_counted_too(locked_app):
    client = locked_app.test_client()
    _fail(client, "khong-ton-tai", 3)
    assert _login(client, "khong-ton-tai").status_code == 429


def test_every_spelling_of_a_name_shares_one_count(locked_app):
    db.session.add(User(username="Đức", role="editor", password_hash=hash_password(TEST_PASSWORD)))
    db.session.commit()
    client = locked_app.test_client()
    _fail(client, "Đức", 1)
    _fail(client, unicodedata.normalize("NFD", "Đức"), 1)
    _fail(client, " ĐỨC ", 1)
    assert _login(client, "đức").status_code == 429
    assert _login(client, "ĐỨC", address=B).status_code == 303


def test_address_is_throttled_after_too_many_failures(locked_app):
    client = locked_app.test_client()
    for n in range(6):
        _fail(client, f"nguoi-{n}", 1)
    response = _login(client, "bob")
    assert response.status_code == 429
    assert "địa chỉ mạng" in response.text
    assert int(response.headers["Retry-After"]) > 60
    assert _login(client, "bob", address=B).status_code == 303


def test_account_ceiling_slows_but_does_not_lock(locked_app):
    client = locked_app.test_client()
    for n in range(8):  # 8 addresses, one failure each: no pair or address is throttled
        _fail(client, "alice", 1, address=f"203.0.113.{n + 10}")
    # Past the ceiling, the addresses that failed on the account share one attempt per
    # second; the others are refused for a second or two.
    assert _post(client, "alice", BAD, "203.0.113.10").status_code == 401
    slowed = _post(client, "alice", BAD, "203.0.113.11")
    assert slowed.status_code == 429
    assert 1 <= int(slowed.headers["Retry-After"]) <= 2
    assert "giây" in slowed.text and 'name="password"' in slowed.text
    # An address with no failure on the account (the owner's) is not slowed at all.
    assert _login(client, "alice", address="203.0.113.31").status_code == 303
    client.post("/dang-xuat")
    assert _login(client, "alice", address="203.0.113.12").status_code == 429
    time.sleep(1.1)
    assert _login(client, "alice", address="203.0.113.12").status_code == 303  # not locked


def test_success_clears_the_pair_count(locked_app):
    client = locked_app.test_client()
    _fail(client, "alice", 2)
    assert _login(client, "alice").status_code == 303
    client.post("/dang-xuat")
    _fail(client, "alice", 2)
    assert _login(client, "alice").status_code == 303


def test_one_audit_row_per_burst(locked_app):
    client = locked_app.test_client()
    _fail(client, "alice", 3)
    for _ in range(5):
        _login(client, "alice")
    _fail(client, "alice", 1, address=B)
    failed, locked = _audit("login.failed"), _audit("login.locked")
    assert [(e.repeat_count, e.address) for e in failed] == [
        (3, address_tag(A)),
        (1, address_tag(B)),
    ]
    assert [e.repeat_count for e in locked] == [5]
    assert "pair: alice" in locked[0].detail
    page_client = locked_app.test_client()
    admin = User(username="quantri", role="admin", password_hash=hash_password(TEST_PASSWORD))
    db.session.add(admin)
    db.session.commit()
    _login(page_client, "quantri", address="192.0.2.1")
    page = page_client.get("/quan-tri/he-thong/nhat-ky")
    assert "(3 lần)" in page.text and "(5 lần)" in page.text
    assert address_tag(A) in page.text


def test_a_burst_ends_with_the_window(locked_app):
    client = locked_app.test_client()
    _fail(client, "alice", 1)
    db.session.execute(update(AuditEntry).values(created_at=utcnow() - timedelta(minutes=16)))
    db.session.commit()
    _fail(client, "alice", 1)
    assert [e.repeat_count for e in _audit("login.failed")] == [1, 1]


def test_json_client_gets_a_json_429(locked_app):
    client = locked_app.test_client()
    _fail(client, "alice", 3)
    response = _login(client, "alice", Accept="application/json")
    assert response.status_code == 429
    assert "tạm thời bị khóa" in response.get_json()["message"]
    assert int(response.headers["Retry-After"]) > 0


def test_forwarded_for_is_ignored_without_trusted_proxies(locked_app):
    client = locked_app.test_client()
    for n in range(6):
        client.post(
            "/dang-nhap",
            data={"username": f"x{n}", "password": BAD},
            environ_base={"REMOTE_ADDR": A},
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
    assert entry.address == address_tag("203.0.113.6")


def test_no_raw_address_or_name_is_stored(locked_app):
    client = locked_app.test_client()
    raw = "203.0.113.7"
    _fail(client, "alice", 3, address=raw)
    _login(client, "alice", address=raw)  # refused
    _login(client, "bob", address=raw)  # logs in
    rows = db.session.execute(select(AuditEntry)).scalars().all()
    assert rows and all(raw not in (e.address + e.detail + e.burst_key) for e in rows)
    assert {e.address for e in rows} == {address_tag(raw)}
    keys = db.session.execute(select(LoginFailure.key)).scalars().all()
    if locked_app.backend == "redis":
        config = locked_app.config
        server = redis.Redis.from_url(config["REDIS_URL"])
        keys = [k.decode() for k in server.scan_iter(match=config["REDIS_PREFIX"] + "*")]
        server.close()
    assert keys
    assert not [k for k in keys if raw in k or "alice" in k or "bob" in k]


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
    old = select(func.count()).where(LoginFailure.created_at < utcnow() - timedelta(minutes=30))
    assert db.session.execute(old).scalar_one() == 0


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


def test_concurrent_attempts_cannot_pass_the_limit(locked_app):
    """Twelve wrong passwords at once for one name from one address: at most 3 are tried."""
    barrier = threading.Barrier(12)
    statuses = []

    def attempt():
        client = locked_app.test_client()
        barrier.wait()
        statuses.append(_post(client, "alice", BAD).status_code)

    threads = [threading.Thread(target=attempt) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [401] * 3 + [429] * 9


def test_an_unreachable_redis_falls_back_to_the_table(make_app):
    """Redis down (nothing listens on port 1): the counts go to the database, no 500."""
    app = make_app(
        REDIS_URL="redis://127.0.0.1:1/0",
        REDIS_TIMEOUT_SECONDS=0.2,
        LOGIN_MAX_FAILURES_PER_ACCOUNT_ADDRESS=3,
    )
    with app.app_context():
        db.session.add(
            User(username="alice", role="editor", password_hash=hash_password(TEST_PASSWORD))
        )
        db.session.commit()
        client = app.test_client()
        _fail(client, "alice", 3)
        assert _login(client, "alice").status_code == 429
        assert _login(client, "alice", address=B).status_code == 303
        assert db.session.execute(select(func.count()).select_from(LoginFailure)).scalar_one()
