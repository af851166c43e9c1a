"""200 simultaneous new visitors against a real gunicorn server with 4 workers.

On SQLite (a migrated temporary file) or, with TEST_DB=postgres, on a PostgreSQL database
created for the test: exactly +200 visits today, no error, no "database is locked".
"""

import threading

import pytest
from sqlalchemy import create_engine, text

from cms.core.formatting import VN_TZ, now_utc
from tests.servers import gunicorn_server, http_get, migrated_database, server_env
from tests.stats.conftest import BROWSER

VISITORS = 200


def _get(url: str) -> int:
    """GET a URL like a browser; its status, or -1 if the connection failed."""
    try:
        return http_get(url, timeout=60, headers={"User-Agent": BROWSER})[0]
    except OSError:
        return -1


@pytest.fixture
def server(template_db, tmp_path):
    """gunicorn -w 4 on a free port; yields (base URL, database URL, log path)."""
    database_url = migrated_database(template_db, tmp_path, "stats_conc")
    log = tmp_path / "gunicorn.log"
    secret = "concurrency-test-secret-key-0123456789"
    env = server_env(tmp_path, database_url, secret, STATS_ENABLED="1")
    with gunicorn_server(env, 4, ["--backlog", "512"], log) as running:
        yield running.url, database_url, log


@pytest.mark.slow
def test_200_simultaneous_new_visitors_make_exactly_200_visits(server):
    base, database_url, log = server
    day_before = now_utc().astimezone(VN_TZ).date()
    statuses: list[int] = []
    start = threading.Barrier(VISITORS)

    def one_visitor():
        """Wait for the others, then load the home page."""
        start.wait()
        statuses.append(_get(f"{base}/"))

    threads = [threading.Thread(target=one_visitor) for _ in range(VISITORS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sorted(set(statuses)) == [200], statuses
    assert len(statuses) == VISITORS

    engine = create_engine(database_url)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT day, visits FROM stats_daily")).all()
        sessions = conn.execute(text("SELECT count(*) FROM stats_visit")).scalar()
    engine.dispose()
    day_after = now_utc().astimezone(VN_TZ).date()
    totals = {(d if isinstance(d, str) else d.isoformat()): v for d, v in rows}
    assert sum(totals.values()) == VISITORS and sessions == VISITORS
    if day_before == day_after:  # not across midnight in Vietnam during the test
        assert totals == {day_after.isoformat(): VISITORS}
    server_log = log.read_text()
    assert "database is locked" not in server_log
    assert "Traceback" not in server_log and "could not record" not in server_log
