"""Votes under real concurrency: a gunicorn server with 4 workers on SQLite or PostgreSQL."""

import http.client
import secrets
import threading

import pytest

from cms import create_app
from cms.core.formatting import utcnow
from cms.extensions import db
from cms.polls.models import Ballot, Poll, PollOption
from cms.polls.queries import recount
from tests.conftest import base_config
from tests.servers import gunicorn_server, migrated_database, server_env

pytestmark = pytest.mark.slow
WORKERS = 4


@pytest.fixture
def server_db(template_db, tmp_path):
    """A migrated database of its own: a copy of the SQLite template, or a new PG database."""
    return migrated_database(template_db, tmp_path, "gunicorn")


@pytest.fixture
def seeded(server_db, tmp_path):
    """An app on the server's database, with one open poll; yields (app, poll id, option ids)."""
    app = create_app(base_config(tmp_path, server_db))
    with app.app_context():
        poll = Poll(question="Câu hỏi thử tải?", opens_at=utcnow(), results_visibility="always")
        db.session.add(poll)
        db.session.flush()
        options = [PollOption(poll_id=poll.id, position=n, label=f"Ý kiến {n}") for n in (1, 2)]
        db.session.add_all(options)
        db.session.commit()
        ids = (poll.id, [o.id for o in options])
        yield app, *ids
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def gunicorn(server_db, tmp_path):
    """A gunicorn server with 4 workers on the migrated database; yields its port."""
    secret = "gunicorn-test-" + secrets.token_hex(16)
    env = server_env(
        tmp_path,
        server_db,
        secret,
        STATS_ENABLED="0",
        POLL_MAX_VOTES_PER_ADDRESS="100000",
        POLL_RATE_LIMIT="100000",
    )
    extra = ["--timeout", "60"]
    with gunicorn_server(env, WORKERS, extra, tmp_path / "gunicorn.log") as server:
        yield server.port


def _fire(port: int, poll_id: int, option_id: int, cookies: list[str]) -> list[int]:
    """Send one vote per cookie, all released at the same moment; return the statuses."""
    barrier = threading.Barrier(len(cookies))
    statuses: list[int] = [0] * len(cookies)

    def one(index: int, cookie: str) -> None:
        """Open a connection, wait for the others, vote."""
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        conn.connect()
        barrier.wait()
        conn.request(
            "POST",
            f"/binh-chon/{poll_id}",
            body=f"option={option_id}",
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Accept": "application/json",
                "Origin": f"http://127.0.0.1:{port}",
                "Cookie": f"binhchon_voter={cookie}",
            },
        )
        response = conn.getresponse()
        response.read()
        statuses[index] = response.status
        conn.close()

    threads = [threading.Thread(target=one, args=(i, c)) for i, c in enumerate(cookies)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return statuses


def _stored(app, poll_id):
    """(ballot_count, ballot rows, sum of option counts) as stored, checked against a recount."""
    with app.app_context():
        db.session.expire_all()
        poll = db.session.get(Poll, poll_id)
        options = {
            o.id: o.vote_count for o in db.session.query(PollOption).filter_by(poll_id=poll_id)
        }
        ballots = db.session.query(Ballot).filter_by(poll_id=poll_id).count()
        rows = recount(poll_id)
        db.session.remove()
    assert rows == options
    return poll.ballot_count, ballots, sum(options.values())


def test_same_voter_50_at_once_counted_once(seeded, gunicorn):
    app, poll_id, option_ids = seeded
    cookie = secrets.token_urlsafe(24)
    statuses = _fire(gunicorn, poll_id, option_ids[0], [cookie] * 50)
    assert all(s < 500 for s in statuses), statuses
    assert statuses.count(200) == 1, statuses
    assert statuses.count(409) == 49, statuses
    assert _stored(app, poll_id) == (1, 1, 1)


def test_200_distinct_voters_at_once_all_counted(seeded, gunicorn):
    app, poll_id, option_ids = seeded
    cookies = [secrets.token_urlsafe(24) for _ in range(200)]
    statuses = _fire(gunicorn, poll_id, option_ids[1], cookies)
    assert statuses.count(200) == 200, sorted(set(statuses))
    assert _stored(app, poll_id) == (200, 200, 200)
