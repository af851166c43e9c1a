"""The round trip under load: back up a live portal while votes are cast, restore, compare.

A real gunicorn (2 workers) serves the source database (SQLite, or PostgreSQL with
TEST_DB=postgres); threads vote through HTTP while ``flask backup create`` runs; the
archive is restored into a fresh, empty instance, and every count is compared with what
the source held at the snapshot's moment. With TEST_REDIS_URL, visitor counts that Redis
still held when the backup started must be in the restored daily totals too.
"""

import contextlib
import http.client
import itertools
import os
import secrets
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import redis
from sqlalchemy import func, select

from cms.content.models import Article, Category
from cms.core.formatting import utcnow
from cms.extensions import db
from cms.polls.models import Ballot, BallotChoice, Poll, PollOption
from cms.stats.backends import sql_daily
from cms.stats.services import vn_day
from tests.backup.conftest import (
    heads_and_previous,
    media_checksums,
    only_archive,
    read_manifest,
    run_cli,
    write_media,
)
from tests.servers import gunicorn_server, server_env

pytestmark = pytest.mark.slow
BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
VISITS = 6
LEGACY_VISITS = {1: 5, 2: 3}  # days ago -> visits that Redis still holds for that day


@pytest.fixture
def redis_overrides(request):
    """The Redis settings of a test of its own when TEST_REDIS_URL is set, else none."""
    if not os.environ.get("TEST_REDIS_URL", "").strip():
        return {"REDIS_URL": ""}
    return request.getfixturevalue("redis_config")


@contextlib.contextmanager
def gunicorn(app, tmp_path: Path):
    """A gunicorn with 2 workers on an app's database, media and Redis; yields its port."""
    config = app.config
    env = server_env(
        tmp_path,
        config["SQLALCHEMY_DATABASE_URI"],
        "backup-test-" + secrets.token_hex(16),
        MEDIA_DIR=config["MEDIA_DIR"],
        REDIS_URL=config.get("REDIS_URL") or "",
        REDIS_PREFIX=config.get("REDIS_PREFIX") or "cms:",
        STATS_REDIS_PREFIX=config.get("STATS_REDIS_PREFIX") or "stats:",
        STATS_ENABLED="1",
        CACHE_SECONDS="0",
        POLL_MAX_VOTES_PER_ADDRESS="100000",
        POLL_RATE_LIMIT="100000",
    )
    with gunicorn_server(env, 2, [], tmp_path / "gunicorn.log") as server:
        yield server.port


def _request(port: int, method: str, path: str, body: str = "", headers=None) -> int:
    """One HTTP request; return its status."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request(method, path, body=body or None, headers=headers or {})
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


class Voters:
    """Threads that vote through HTTP until stopped, recording each acknowledged vote."""

    def __init__(self, port: int, poll_id: int, option_ids: list[int], threads: int = 2) -> None:
        self.port = port
        self.poll_id = poll_id
        self.options = itertools.cycle(option_ids)
        self.lock = threading.Lock()
        self.acknowledged: list[tuple[str, datetime]] = []  # (voter id, when answered 200)
        self.failures: list[int] = []
        self.stop = threading.Event()
        self.threads = [threading.Thread(target=self._run) for _ in range(threads)]

    def _run(self) -> None:
        while not self.stop.is_set():
            voter = secrets.token_urlsafe(24)
            with self.lock:
                option = next(self.options)
            status = _request(
                self.port,
                "POST",
                f"/binh-chon/{self.poll_id}",
                body=f"option={option}",
                headers={
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Accept": "application/json",
                    "Origin": f"http://127.0.0.1:{self.port}",
                    "Cookie": f"binhchon_voter={voter}",
                },
            )
            with self.lock:
                if status == 200:
                    self.acknowledged.append((voter, utcnow()))
                else:
                    self.failures.append(status)

    def count(self) -> int:
        """How many votes were acknowledged so far."""
        with self.lock:
            return len(self.acknowledged)

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *_exc):
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=60)


def _seed(app) -> tuple[int, list[int]]:
    """Articles, a poll with three options; return (poll id, option ids)."""
    with app.app_context():
        category = Category(name="Tin tức", slug="tin-tuc", position=1)
        db.session.add(category)
        db.session.flush()
        for n in range(3):
            db.session.add(
                Article(
                    title=f"Bài số {n}",
                    slug=f"bai-so-{n}",
                    summary="Tóm tắt.",
                    body="<p>Nội dung.</p>",
                    status="published",
                    published_at=utcnow() - timedelta(hours=n + 1),
                    category_id=category.id,
                )
            )
        poll = Poll(
            question="Website đáp ứng nhu cầu thông tin của bạn?",
            opens_at=utcnow() - timedelta(days=1),
            results_visibility="always",
        )
        db.session.add(poll)
        db.session.flush()
        options = [PollOption(poll_id=poll.id, position=n, label=f"Ý kiến {n}") for n in (1, 2, 3)]
        db.session.add_all(options)
        db.session.commit()
        return poll.id, [o.id for o in options]


def _ballots(app) -> dict[str, tuple[int, datetime, tuple[int, ...]]]:
    """Every ballot by voter id: (id, created_at, chosen option ids)."""
    with app.app_context():
        choices: dict[int, list[int]] = {}
        for ballot_id, option_id in db.session.execute(
            select(BallotChoice.ballot_id, BallotChoice.option_id)
        ):
            choices.setdefault(ballot_id, []).append(option_id)
        rows = db.session.execute(select(Ballot.id, Ballot.voter_id, Ballot.created_at)).all()
        result = {v: (i, c, tuple(sorted(choices.get(i, [])))) for i, v, c in rows}
        db.session.remove()
    return result


def _counters(app, poll_id: int) -> tuple[int, dict[int, int], dict[int, int]]:
    """(poll.ballot_count, stored vote_count per option, choices counted per option)."""
    with app.app_context():
        poll = db.session.get(Poll, poll_id)
        stored = dict(
            db.session.execute(
                select(PollOption.id, PollOption.vote_count).where(PollOption.poll_id == poll_id)
            ).all()
        )
        recount = dict(
            db.session.execute(
                select(BallotChoice.option_id, func.count()).group_by(BallotChoice.option_id)
            ).all()
        )
        result = poll.ballot_count, stored, recount
        db.session.remove()
    return result


def _articles(app) -> list[tuple[str, str]]:
    with app.app_context():
        rows = db.session.execute(select(Article.slug, Article.title).order_by(Article.slug))
        result = [tuple(row) for row in rows]
        db.session.remove()
    return result


def _daily(app) -> dict:
    with app.app_context():
        result = sql_daily()
        db.session.remove()
    return result


def _hold_legacy_counts(app) -> int:
    """Leave day counters in Redis, as the counter of a previous version kept them."""
    client = redis.Redis.from_url(app.config["REDIS_URL"])
    key = f"{app.config['STATS_REDIS_PREFIX']}days"
    today = vn_day(datetime.now().astimezone())
    for days_ago, visits in LEGACY_VISITS.items():
        client.hset(key, (today - timedelta(days=days_ago)).isoformat(), visits)
    held = client.hlen(key)
    client.close()
    return held


def test_round_trip_while_votes_are_cast(new_database, instance_app, redis_overrides, tmp_path):
    source = instance_app("source", **redis_overrides)
    poll_id, option_ids = _seed(source)
    media = write_media(source, 4)
    with gunicorn(source, tmp_path) as port:
        for _ in range(VISITS):  # a new visitor each time: no cookie
            assert _request(port, "GET", "/", headers={"User-Agent": BROWSER}) == 200
        legacy = sum(LEGACY_VISITS.values()) if source.config["REDIS_URL"] else 0
        if legacy:
            assert _hold_legacy_counts(source) == len(LEGACY_VISITS)
        with Voters(port, poll_id, option_ids) as voters:
            while voters.count() < 20:
                time.sleep(0.02)
            started = utcnow()
            acknowledged_before = {voter for voter, _at in voters.acknowledged}
            result = run_cli(source, "backup", "create")
            assert result.exit_code == 0, result.output
            after = voters.count()
            while voters.count() < after + 10:  # votes go on after the snapshot
                time.sleep(0.02)
        assert voters.failures == []
    archive = only_archive(source)
    assert str(archive) in result.stdout
    manifest = read_manifest(archive)
    snapshot_at = datetime.fromisoformat(manifest["created_at"].rstrip("Z"))
    assert started <= snapshot_at

    target = instance_app("target", new_database("target", migrated=False), REDIS_URL="")
    restored = run_cli(target, "backup", "restore", str(archive), "--yes")
    assert restored.exit_code == 0, restored.output

    # Ballots: exactly those the source held at the snapshot's moment.
    source_ballots, target_ballots = _ballots(source), _ballots(target)
    assert acknowledged_before <= set(target_ballots), "an acknowledged vote is missing"
    assert all(source_ballots[v] == row for v, row in target_ballots.items())
    assert all(created <= snapshot_at for _id, created, _c in target_ballots.values())
    settled = snapshot_at - timedelta(seconds=2)
    assert {v for v, (_i, c, _o) in source_ballots.items() if c < settled} <= set(target_ballots)
    assert len(source_ballots) > len(target_ballots) > len(acknowledged_before) - 1
    assert manifest["database"]["rows"]["ballot"] == len(target_ballots)

    # Counters: the restored ones agree with the restored ballots, option by option.
    ballot_count, stored, recount = _counters(target, poll_id)
    expected = {option: 0 for option in option_ids}
    for _id, _created, chosen in target_ballots.values():
        for option in chosen:
            expected[option] += 1
    assert ballot_count == len(target_ballots)
    assert stored == expected
    assert {o: recount.get(o, 0) for o in option_ids} == expected

    # Articles, media files by checksum, visitor totals (with what Redis held).
    assert _articles(target) == _articles(source)
    assert media_checksums(Path(target.config["MEDIA_DIR"])) == media
    assert _daily(target) == _daily(source)
    assert sum(_daily(target).values()) == VISITS + legacy
    with target.app_context():
        head, _previous = heads_and_previous()
    assert manifest["schema_revision"] == head
