"""The failure policy for Redis, tried on a real Redis server that the test kills and hangs.

Each test starts a private ``redis-server`` on a free port in a temporary directory (never
the shared one), points the app at it, then kills it or freezes it (SIGSTOP: connections
are accepted, nothing is answered) and checks through HTTP that logging in, voting,
searching, the statistics page and the visitor counter keep working, fast, with one log
line per change of Redis's state and no visit lost.
"""

import logging
import os
import shutil
import signal
import socket
import subprocess
import time

import pytest
import redis
from sqlalchemy import func, select

from cms.auth.models import LoginFailure
from cms.core import redis_client as redis_module
from cms.extensions import db
from cms.polls.models import Poll, PollOption, PollRateBucket
from cms.stats import services as stats_services
from cms.stats.models import DailyVisits
from tests.auth.auth_helpers import fast_argon2
from tests.conftest import TEST_PASSWORD, add_poll

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"
BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
ORIGIN = "http://portal.test"
TIMEOUT = 0.2  # REDIS_TIMEOUT_SECONDS of the test apps
RETRY = 1  # REDIS_RETRY_SECONDS of the test apps
FAST = 1.0  # every page must answer well under this while Redis is down or hung

__all__ = ["fast_argon2"]  # a fixture shared with tests/auth

pytestmark = pytest.mark.skipif(
    not os.path.exists(REDIS_SERVER), reason="redis-server is not installed"
)


def _free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PrivateRedis:
    """A redis-server of the test's own: start, kill, freeze and thaw it."""

    def __init__(self, directory) -> None:
        self.directory = directory
        self.port = _free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        """Start the server (nothing kept on disk, as in production here) and wait for it."""
        self.proc = subprocess.Popen(
            [
                REDIS_SERVER,
                "--port", str(self.port),
                "--bind", "127.0.0.1",
                "--dir", str(self.directory),
                "--save", "",
                "--appendonly", "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        client = redis.Redis.from_url(self.url, socket_timeout=1, socket_connect_timeout=1)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                break
            except redis.RedisError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        client.close()

    def kill(self) -> None:
        """Kill the server outright (SIGKILL): it loses everything it held."""
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait()
            self.proc = None

    def freeze(self) -> None:
        """Hang the server: it still accepts connections but answers nothing."""
        os.kill(self.proc.pid, signal.SIGSTOP)

    def thaw(self) -> None:
        """Let a frozen server run again."""
        os.kill(self.proc.pid, signal.SIGCONT)

    def close(self) -> None:
        """Stop the server whatever its state."""
        if self.proc is not None:
            self.thaw()
            self.kill()


@pytest.fixture
def private_redis(tmp_path):
    """A running private Redis server, stopped at the end of the test."""
    server = PrivateRedis(tmp_path)
    server.start()
    yield server
    server.close()


@pytest.fixture
def retry_seconds():
    """REDIS_RETRY_SECONDS of the test app (a test parametrizes it to change it)."""
    return RETRY


@pytest.fixture
def redis_app(make_app, private_redis, make_user, fast_argon2, retry_seconds):
    """An app on the private Redis, with short timeouts; an editor "bientap" exists.

    Passwords are hashed with tiny costs, so that a login's time is Redis's and the
    database's, not Argon2's.
    """
    app = make_app(
        REDIS_URL=private_redis.url,
        REDIS_PREFIX="cms-test:",
        REDIS_TIMEOUT_SECONDS=TIMEOUT,
        REDIS_RETRY_SECONDS=retry_seconds,
        STATS_ENABLED=True,
    )
    with app.app_context():
        make_user("bientap", "editor")
        yield app


@pytest.fixture
def poll(redis_app):
    """An open single-answer poll with two options."""
    return add_poll(options=("Ý 1", "Ý 2"))


def _timed(call, *args, **kwargs):
    """(response, seconds) of one request."""
    start = time.monotonic()
    response = call(*args, **kwargs)
    return response, time.monotonic() - start


def _login(app, password=TEST_PASSWORD):
    """Log in through the form with a fresh client; return (response, seconds)."""
    client = app.test_client()
    return _timed(client.post, "/dang-nhap", data={"username": "bientap", "password": password})


def _vote(app, poll):
    """One vote of a new visitor; return (response, seconds)."""
    option = (
        db.session.execute(
            select(PollOption.id).where(PollOption.poll_id == poll.id).order_by(PollOption.id)
        )
        .scalars()
        .first()
    )
    client = app.test_client()
    return _timed(
        client.post,
        f"/binh-chon/{poll.id}",
        data={"option": [str(option)]},
        headers={"Origin": ORIGIN, "Accept": "application/json"},
    )


def _new_visit(app, path="/"):
    """A page view of a new visitor; return (response, seconds)."""
    return _timed(app.test_client().get, path, headers={"User-Agent": BROWSER})


def _ballots(poll) -> int:
    """The poll's counted ballots, from the database."""
    db.session.expire_all()
    return db.session.get(Poll, poll.id).ballot_count


def _total(app) -> int:
    """ "Tất cả" as a reader would see it (no offset)."""
    with app.test_request_context():
        return stats_services.current_counts().total


def _check_everything_works(app, poll, staff) -> list[float]:
    """Log in, vote, search, visit and open the statistics page; return the durations."""
    times = []
    response, seconds = _login(app)
    assert response.status_code == 303, response.text
    times.append(seconds)
    response, seconds = _login(app, password="sai-mat-khau")
    assert response.status_code == 401 and "không đúng" in response.text
    times.append(seconds)
    before = _ballots(poll)
    response, seconds = _vote(app, poll)
    assert response.status_code == 200, response.text
    assert _ballots(poll) == before + 1
    times.append(seconds)
    response, seconds = _timed(app.test_client().get, "/tim-kiem?q=tin+tuc")
    assert response.status_code == 200
    times.append(seconds)
    for _ in range(3):
        response, seconds = _new_visit(app)
        assert response.status_code == 200
        times.append(seconds)
    response, seconds = _timed(staff.get, "/quan-tri/thong-ke/")
    assert response.status_code == 200, response.text
    times.append(seconds)
    return times


def test_redis_killed_nothing_fails_and_nothing_is_lost(redis_app, private_redis, poll, login_as):
    staff = redis_app.test_client()
    login_as(staff, "editor", username="thongke")
    _check_everything_works(redis_app, poll, staff)  # with Redis
    total = _total(redis_app)
    private_redis.kill()
    visits_before = _total(redis_app)
    assert visits_before >= total
    times = _check_everything_works(redis_app, poll, staff)
    assert max(times) < FAST, times
    # The four visits made while Redis was down (the search page and three pages) were
    # counted, in the database.
    assert _total(redis_app) == visits_before + 4
    failures = db.session.execute(select(func.count()).select_from(LoginFailure)).scalar()
    assert failures >= 1  # the wrong password was counted in the database
    buckets = db.session.execute(select(func.sum(PollRateBucket.hits))).scalar()
    assert buckets == 1  # and the vote attempt in the database's rate buckets


@pytest.mark.parametrize("retry_seconds", [60])
def test_redis_hung_costs_one_timeout_not_one_per_request(
    redis_app, private_redis, poll, login_as, monkeypatch
):
    staff = redis_app.test_client()
    login_as(staff, "editor", username="thongke")
    _check_everything_works(redis_app, poll, staff)  # with Redis, and warm
    waits = []  # every time a caller waited for Redis in vain
    failed = redis_module.Breaker.failed
    monkeypatch.setattr(
        redis_module.Breaker, "failed", lambda self, exc: (waits.append(exc), failed(self, exc))
    )
    private_redis.freeze()
    times = _check_everything_works(redis_app, poll, staff)
    times += _check_everything_works(redis_app, poll, staff)
    assert max(times) < FAST, times
    # Only the first request that found Redis hung waited for it, one timeout (the
    # breaker then opened); every other call took its fallback at once.
    assert len(waits) == 1 and isinstance(waits[0], redis.TimeoutError), waits


def test_one_log_line_per_change_of_state(redis_app, private_redis, poll, caplog):
    caplog.set_level(logging.INFO)
    private_redis.kill()
    for _ in range(5):
        assert _new_visit(redis_app)[0].status_code == 200
        assert _login(redis_app)[0].status_code == 303
    down = [r for r in caplog.records if "Redis is down" in r.getMessage()]
    assert len(down) == 1, [r.getMessage() for r in caplog.records]
    assert not [r for r in caplog.records if r.exc_info], "no traceback per request"
    private_redis.start()
    time.sleep(RETRY + 0.1)  # Redis is tried again after REDIS_RETRY_SECONDS
    for _ in range(3):
        assert _new_visit(redis_app)[0].status_code == 200
    up = [r for r in caplog.records if "Redis is back" in r.getMessage()]
    assert len(up) == 1, [r.getMessage() for r in caplog.records]


def test_a_redis_restart_loses_no_visit_and_totals_never_go_backwards(redis_app, private_redis):
    seen = []
    for _ in range(4):
        _new_visit(redis_app)
        seen.append(_total(redis_app))
    private_redis.kill()
    seen.append(_total(redis_app))
    for _ in range(2):
        _new_visit(redis_app)
        seen.append(_total(redis_app))
    private_redis.start()  # empty: Redis keeps nothing on disk here
    time.sleep(RETRY + 0.1)
    for _ in range(3):
        _new_visit(redis_app)
        seen.append(_total(redis_app))
    stats_services_sync(redis_app)
    seen.append(_total(redis_app))
    assert seen == sorted(seen), seen
    assert seen[-1] == 9, seen
    db.session.expire_all()
    assert db.session.execute(select(func.sum(DailyVisits.visits))).scalar() == 9


def stats_services_sync(app) -> None:
    """Run the periodic copy of Redis's counts to the database now."""
    with app.test_request_context():
        stats_services.sync()
