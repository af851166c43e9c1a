"""Visitor counter overhead: the article page with STATS_ENABLED=1 against STATS_ENABLED=0.

    .venv/bin/python bench/stats_overhead.py                    # SQLite, 15 s per run
    .venv/bin/python bench/stats_overhead.py --db postgres --duration 10 --rounds 3

Two gunicorn servers (2 sync workers each) run side by side on the same bench database,
one with the counter on and one with it off, and wrk (-t2 -c32) loads the same article
page on each in turn, alternating off-on and on-off for --rounds rounds. Two kinds of traffic:

- returning readers: a Lua script sends one of 32 visitor cookies per request, fetched
  fresh before each run (a visit writes "last seen" at most once a minute, so runs stay
  under a minute: wrk does not store the refreshed cookie a browser would keep);
- new readers: no cookie at all, so every request starts a visit, one write each. This
  is the worst case (a flood of cookie-less clients), not what a portal sees.

Prints requests/s with the counter on and off and the median ratio of back-to-back pairs
(budget: on >= 0.95x off for returning readers), plus the in-process CPU time per request
of a returning reader with the counter off and on (steadier on a busy machine). Visit
rows written during the run are removed afterwards and the daily totals put back.
"""

import argparse
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from common import (
    BROWSER_UA,
    BenchServer,
    bench_app,
    ensure_database,
    print_table,
    run_wrk,
    sample_paths,
    save_results,
    server_env,
    verdict,
    visitor_cookie,
)
from sqlalchemy import delete, select

from cms.extensions import db
from cms.stats.models import DailyVisits, VisitSession

BUDGET = 0.95
VISITORS = 32
MAX_RETURNING_SECONDS = 50  # the visitor cookies must stay younger than a minute

LUA = """
local cookies = {%s}
local requests = {}
local n = 0
function init(args)
  for i, cookie in ipairs(cookies) do
    local headers = {}
    for k, v in pairs(wrk.headers) do headers[k] = v end
    headers["Cookie"] = cookie
    requests[i] = wrk.format(nil, nil, headers)
  end
end
function request()
  n = n + 1
  return requests[(n %% #requests) + 1]
end
"""


def _cookie_script(url: str, path: Path) -> None:
    """Write a wrk script sending one of VISITORS fresh visitor cookies per request."""
    cookies = [visitor_cookie(url) for _ in range(VISITORS)]
    if not all(c.startswith("visit=") for c in cookies):
        raise SystemExit(f"the counter set no visitor cookie: {cookies[:1]}")
    path.write_text(LUA % ", ".join(f'"{c}"' for c in cookies))


def _snapshot(app) -> tuple[dict, datetime]:
    """The daily totals and the time before the run."""
    with app.app_context():
        rows = dict(db.session.execute(select(DailyVisits.day, DailyVisits.visits)).all())
        db.session.remove()
    return rows, datetime.now(UTC).replace(tzinfo=None)


def _restore(app, totals: dict, since: datetime) -> None:
    """Remove the visits the bench made and put the daily totals back."""
    with app.app_context():
        db.session.execute(delete(VisitSession).where(VisitSession.started_at >= since))
        db.session.execute(delete(DailyVisits))
        db.session.add_all(DailyVisits(day=d, visits=v) for d, v in totals.items())
        db.session.commit()
        db.session.remove()


def cpu_per_request(url: str, path: str, requests: int = 500, rounds: int = 3) -> dict:
    """In-process CPU ms per request of a returning reader, counter off and on (less noisy
    than requests/s on a shared machine)."""
    best: dict[str, float] = {}
    for _ in range(rounds):
        for label, enabled in (("off", False), ("on", True)):
            app = bench_app(url, STATS_ENABLED=enabled)
            client = app.test_client()
            for _ in range(20):  # warm up; the first GET starts the visit
                client.get(path, headers={"User-Agent": BROWSER_UA})
            start = time.process_time()
            for _ in range(requests):
                client.get(path, headers={"User-Agent": BROWSER_UA})
            ms = (time.process_time() - start) * 1000 / requests
            best[label] = min(best.get(label, ms), ms)
            with app.app_context():
                db.session.remove()
                db.engine.dispose()
    return best


def main(argv: list[str] | None = None) -> int:
    """Run the bench and print the figures; exit 1 when over budget."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--url", help="a database URL instead of the default bench database")
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--duration", type=int, default=15, help="seconds per wrk run")
    parser.add_argument("--rounds", type=int, default=2, help="off/on pairs per traffic kind")
    args = parser.parse_args(argv)
    duration = min(args.duration, MAX_RETURNING_SECONDS)

    url = ensure_database(args.db, args.articles, args.url)
    app = bench_app(url)
    article = sample_paths(app)["article"]
    totals, since = _snapshot(app)
    cpu = cpu_per_request(url, article)
    print(
        f"in-process CPU per request, returning reader: off {cpu['off']:.2f} ms, "
        f"on {cpu['on']:.2f} ms (on/off {cpu['on'] / cpu['off']:.3f})",
        flush=True,
    )
    figures: dict[str, dict[str, list[float]]] = {}
    try:
        with (
            BenchServer("app:app", server_env(url, STATS_ENABLED="1"), ready_path=article) as on,
            BenchServer("app:app", server_env(url, STATS_ENABLED="0"), ready_path=article) as off,
            tempfile.TemporaryDirectory() as tmp,
        ):
            script = Path(tmp) / "cookies.lua"
            for kind in ("returning", "new"):
                figures[kind] = {"off": [], "on": []}
                for n in range(args.rounds):
                    pair = (("off", off), ("on", on))
                    for label, server in pair if n % 2 == 0 else pair[::-1]:  # alternate
                        lua = None
                        if kind == "returning":
                            _cookie_script(on.url + article, script)
                            lua = str(script)
                        result = run_wrk(server.url + article, duration=duration, script=lua)
                        if result.errors or result.non_2xx:
                            print(f"warning: {kind}/{label}: {result}", file=sys.stderr)
                        figures[kind][label].append(result.rps)
                        print(f"  {kind:9} {label:3} {result.rps:8.1f} req/s", flush=True)
                        time.sleep(1)
    finally:
        _restore(app, totals, since)

    rows = []
    summary = {}
    ok = True
    for kind, runs in figures.items():
        off_rps = sum(runs["off"]) / len(runs["off"])
        on_rps = sum(runs["on"]) / len(runs["on"])
        # The median of the ratios of back-to-back off/on pairs resists a shared machine's
        # load swings better than the ratio of the means.
        ratio = statistics.median(
            on / off for off, on in zip(runs["off"], runs["on"], strict=True) if off
        )
        checked = kind == "returning"
        ok = ok and (ratio >= BUDGET or not checked)
        rows.append(
            [
                f"{kind} readers",
                f"{off_rps:.1f}",
                f"{on_rps:.1f}",
                f"{ratio:.3f}",
                verdict(ratio >= BUDGET) if checked else "(worst case, no budget)",
            ]
        )
        summary[kind] = {"off_rps": off_rps, "on_rps": on_rps, "ratio": ratio}
    print_table(
        ["traffic", "off req/s", "on req/s", "on/off (median)", f"budget >= {BUDGET}"],
        rows,
        title=f"Visitor counter overhead, {article} on {args.db}, "
        f"gunicorn 2 workers, wrk -t2 -c32 -d{duration}s x{args.rounds}",
    )
    save_results(
        f"stats-{args.db}",
        {"db": args.db, "path": article, "ua": BROWSER_UA, "cpu_ms": cpu, **summary},
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
