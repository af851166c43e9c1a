"""Votes per second against a real gunicorn server, every vote checked to be counted.

    .venv/bin/python bench/votes.py                  # SQLite and PostgreSQL
    .venv/bin/python bench/votes.py --db sqlite --votes 5000 --clients 32

Each run gets a fresh migrated database (a temporary SQLite file, or the PostgreSQL
database BENCH_POSTGRES_URL + "_votes", dropped and created) with one open poll, then
starts gunicorn with 2 sync workers (APP_ENV=production) and sends votes from many
concurrent client threads, each vote a distinct voter (its own cookie) from a distinct
address (X-Forwarded-For, with TRUSTED_PROXIES=1), so the default per-address cap and
rate limit stay on. At the end the counters and the ballot rows must both equal the
number of votes the server accepted. The budget (docs/budgets.md) is >= 500 votes/s.
"""

import argparse
import http.client
import itertools
import os
import secrets
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

from common import (
    POSTGRES_URL,
    SECRET,
    BenchServer,
    print_table,
    run_wrk,
    server_env,
    verdict,
)
from flask_migrate import upgrade
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from cms import create_app
from cms.core.formatting import utcnow
from cms.extensions import db
from cms.polls.models import Ballot, Poll, PollOption
from cms.polls.queries import recount

BUDGET_VOTES_PER_SECOND = 500


def fresh_database(kind: str, tmp: Path) -> str:
    """A new, migrated, empty database; return its URL."""
    if kind == "sqlite":
        url = f"sqlite:///{tmp / 'votes.sqlite3'}"
    else:
        base = make_url(POSTGRES_URL)
        name = f"{base.database}_votes"
        admin = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(text(f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0"))
        admin.dispose()
        url = base.set(database=name).render_as_string(hide_password=False)
    app = _app(url)
    with app.app_context():
        upgrade(revision="heads")
        db.engine.dispose()
    return url


def _app(url: str):
    """An in-process app on the bench database."""
    return create_app(
        {
            "APP_ENV": "production",
            "SECRET_KEY": SECRET,
            "SQLALCHEMY_DATABASE_URI": url,
            "REDIS_URL": "",
        }
    )


def seed_poll(url: str) -> tuple[int, list[int]]:
    """One open, featured poll with four options."""
    app = _app(url)
    with app.app_context():
        poll = Poll(
            question="Website đáp ứng nhu cầu thông tin của bạn ở mức độ nào?",
            opens_at=utcnow(),
            featured=True,
        )
        db.session.add(poll)
        db.session.flush()
        labels = ("Rất tốt", "Tốt", "Bình thường", "Chưa đáp ứng")
        options = [PollOption(poll_id=poll.id, position=n, label=t) for n, t in enumerate(labels)]
        db.session.add_all(options)
        db.session.commit()
        result = poll.id, [o.id for o in options]
        db.engine.dispose()
    return result


def stored(url: str, poll_id: int) -> tuple[int, int, int, bool]:
    """(ballot counter, ballot rows, sum of option counters, counters equal row counts)."""
    app = _app(url)
    with app.app_context():
        poll = db.session.get(Poll, poll_id)
        options = {
            o.id: o.vote_count for o in db.session.query(PollOption).filter_by(poll_id=poll_id)
        }
        rows = db.session.query(Ballot).filter_by(poll_id=poll_id).count()
        same = recount(poll_id) == options
        result = poll.ballot_count, rows, sum(options.values()), same
        db.engine.dispose()
    return result


def hammer(port: int, poll_id: int | None, option_ids: list[int], votes: int, clients: int):
    """Send ``votes`` votes from ``clients`` threads; return (seconds, statuses, latencies).

    With poll_id None, each request is a GET /healthz instead (the same client's ceiling).
    """
    counter = itertools.count()
    lock = threading.Lock()
    statuses: list[int] = []
    latencies: list[float] = []
    start_gate = threading.Barrier(clients + 1)

    def worker() -> None:
        mine_status, mine_latency = [], []
        start_gate.wait()
        while True:
            n = next(counter)
            if n >= votes:
                break
            address = f"10.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255}"
            body = f"option={option_ids[n % len(option_ids)]}" if option_ids else ""
            began = time.perf_counter()
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                if poll_id is None:
                    conn.request("GET", "/healthz")
                else:
                    conn.request(
                        "POST",
                        f"/binh-chon/{poll_id}",
                        body=body,
                        headers={
                            "Content-Type": "application/x-www-form-urlencoded",
                            "Accept": "application/json",
                            "Origin": f"http://127.0.0.1:{port}",
                            "Cookie": f"binhchon_voter={secrets.token_urlsafe(24)}",
                            "X-Forwarded-For": address,
                        },
                    )
                response = conn.getresponse()
                response.read()
                status = response.status
                conn.close()
            except OSError:
                status = 0
            mine_latency.append((time.perf_counter() - began) * 1000)
            mine_status.append(status)
        with lock:
            statuses.extend(mine_status)
            latencies.extend(mine_latency)

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for thread in threads:
        thread.start()
    start_gate.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    return time.perf_counter() - began, statuses, latencies


def run_with_wrk(kind: str, duration: int, clients: int, workers: int) -> list:
    """One run driven by wrk (bench/votes.lua): the load generator costs little CPU, so
    the figure is the server's. Exactness: the counters equal the ballot rows, and the
    rows equal the votes wrk saw accepted (plus those still in flight when wrk stopped)."""
    with tempfile.TemporaryDirectory(prefix="bench-votes-") as tmp:
        url = fresh_database(kind, Path(tmp))
        poll_id, option_ids = seed_poll(url)
        env = server_env(url, TRUSTED_PROXIES="1", STATS_ENABLED="0", CACHE_SECONDS="5")
        with BenchServer("app:app", env, workers=workers, ready_path="/healthz") as server:
            base = f"http://127.0.0.1:{server.port}"
            os.environ.update(
                VOTE_PATH=f"/binh-chon/{poll_id}",
                VOTE_ORIGIN=base,
                VOTE_OPTIONS=",".join(map(str, option_ids)),
            )
            script = str(Path(__file__).with_name("votes.lua"))
            result = run_wrk(base + f"/binh-chon/{poll_id}", duration, 2, clients, script=script)
            ceiling = run_wrk(base + "/healthz", duration, 2, clients)
        accepted = result.requests - result.non_2xx
        counter, rows, choices, same = stored(url, poll_id)
        exact = counter == rows == choices and same and accepted <= rows <= accepted + clients
        return [
            kind,
            result.requests,
            clients,
            f"{result.rps:.0f}",
            f"{ceiling.rps:.0f}",
            f"{result.rps / ceiling.rps:.2f}",
            f"{result.p50_ms:.1f}",
            f"{result.p99_ms:.1f}",
            str(result.non_2xx + result.errors) if result.non_2xx or result.errors else "-",
            f"{counter}/{rows}/{accepted}",
            "yes" if exact else "NO",
            verdict(result.rps >= BUDGET_VOTES_PER_SECOND and exact),
        ]


def run(kind: str, votes: int, clients: int, workers: int) -> list:
    """One bench run on one database; return its table row."""
    with tempfile.TemporaryDirectory(prefix="bench-votes-") as tmp:
        url = fresh_database(kind, Path(tmp))
        poll_id, option_ids = seed_poll(url)
        env = server_env(url, TRUSTED_PROXIES="1", STATS_ENABLED="0", CACHE_SECONDS="5")
        with BenchServer("app:app", env, workers=workers, ready_path="/healthz") as server:
            # Warm up the workers (imports, connections) with a few votes of their own.
            hammer(server.port, poll_id, option_ids, 20, 4)
            seconds, statuses, latencies = hammer(server.port, poll_id, option_ids, votes, clients)
            # The same client and server answering GET /healthz: the machine's ceiling now.
            ceiling_seconds, _, _ = hammer(server.port, None, [], votes, clients)
        accepted = statuses.count(200) + 20
        counter, rows, choices, same = stored(url, poll_id)
        exact = counter == rows == choices == accepted and same
        rate = votes / seconds
        ceiling = votes / ceiling_seconds
        latencies.sort()
        p99 = latencies[int(len(latencies) * 0.99) - 1]
        others = sorted({s for s in statuses if s != 200})
        return [
            kind,
            votes,
            clients,
            f"{rate:.0f}",
            f"{ceiling:.0f}",
            f"{rate / ceiling:.2f}",
            f"{statistics.median(latencies):.1f}",
            f"{p99:.1f}",
            ",".join(map(str, others)) or "-",
            f"{counter}/{rows}/{accepted}",
            "yes" if exact else "NO",
            verdict(rate >= BUDGET_VOTES_PER_SECOND and exact),
        ]


def main() -> int:
    """Parse the arguments, run each database, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--votes", type=int, default=5000)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--client",
        choices=["wrk", "python"],
        default="wrk" if shutil.which("wrk") else "python",
        help="wrk (default when installed) measures the server; python counts every answer",
    )
    parser.add_argument("--duration", type=int, default=15, help="seconds, with --client wrk")
    args = parser.parse_args()
    kinds = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    rows = []
    for kind in kinds:
        if args.client == "wrk":
            print(f"{kind}: wrk, {args.clients} connections, {args.duration} s ...", flush=True)
            rows.append(run_with_wrk(kind, args.duration, args.clients, args.workers))
        else:
            print(f"{kind}: {args.votes} votes from {args.clients} clients ...", flush=True)
            rows.append(run(kind, args.votes, args.clients, args.workers))
    print_table(
        [
            "db",
            "votes",
            "clients",
            "votes/s",
            "healthz/s",
            "ratio",
            "p50 ms",
            "p99 ms",
            "non-200",
            "counter/rows/200s",
            "exact",
            f">= {BUDGET_VOTES_PER_SECOND}/s",
        ],
        rows,
        title=f"Votes against gunicorn ({args.workers} sync workers)",
    )
    return 0 if all(row[-1] == "ok" for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
