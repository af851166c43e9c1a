"""Memory bench: a gunicorn worker's RSS before and after 20,000 public page views.

    .venv/bin/python bench/memory.py                    # SQLite, 100,000 articles
    .venv/bin/python bench/memory.py --db postgres --requests 20000

Runs our app under gunicorn (2 sync workers) on the bench database, warms it up, reads
each worker's VmRSS from /proc/<pid>/status, sends the requests (home, category pages
and articles from all over the archive, in turn, from a few client threads) and reads
VmRSS again. Budget (docs/budgets.md): < 150 MB per worker, and flat within ±10 %.
"""

import argparse
import random
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from common import (
    BROWSER_UA,
    BUDGET_RSS_DRIFT,
    BUDGET_RSS_MB,
    DEFAULT_ARTICLES,
    BenchServer,
    bench_app,
    ensure_database,
    fetch,
    print_table,
    rss_mb,
    server_env,
    verdict,
)
from sqlalchemy import select

from cms.content.models import Article, Category

WARMUP = 500


def page_paths(url: str, sample: int = 400, seed: int = 7) -> list[str]:
    """A mix of pages: the home, every category (several page numbers), many articles."""
    app = bench_app(url)
    rng = random.Random(seed)
    with app.app_context():
        session = app.extensions["sqlalchemy"].session
        slugs = list(session.execute(select(Category.slug)).scalars())
        ids = list(session.execute(select(Article.id).where(Article.public_filter())).scalars())
        chosen = rng.sample(ids, min(sample, len(ids)))
        rows = session.execute(select(Article.id, Article.slug).where(Article.id.in_(chosen))).all()
        session.remove()
        app.extensions["sqlalchemy"].engine.dispose()
    articles = [f"/bai-viet/{r.id}-{r.slug}" for r in rows]
    categories = [
        f"/chuyen-muc/{s}" + (f"?trang={n}" if n > 1 else "") for s in slugs for n in (1, 2, 3, 50)
    ]
    return ["/", *categories, *articles]


class Loader:
    """Sends GET requests round-robin over three kinds of pages, counting the answers."""

    def __init__(self, base: str, paths: list[str]) -> None:
        self.base = base
        self.home = [p for p in paths if p == "/"]
        self.categories = [p for p in paths if p.startswith("/chuyen-muc/")]
        self.articles = [p for p in paths if p.startswith("/bai-viet/")]
        self.lock = threading.Lock()
        self.statuses: dict[int, int] = {}

    def path(self, n: int) -> str:
        """The n-th request's path: home, a category page, an article, in turn."""
        kind = (self.home, self.categories, self.articles)[n % 3]
        return kind[(n // 3) % len(kind)]

    def get(self, n: int) -> None:
        """One request, as a browser would send it (no cookie: a new reader each time)."""
        status, _body = fetch(self.base + self.path(n), 30, {"User-Agent": BROWSER_UA})
        with self.lock:
            self.statuses[status] = self.statuses.get(status, 0) + 1

    def run(self, count: int, start: int = 0, clients: int = 6) -> float:
        """Send count requests from a few threads; return the seconds it took."""
        began = time.monotonic()
        with ThreadPoolExecutor(clients) as pool:
            for done, _ in enumerate(pool.map(self.get, range(start, start + count)), 1):
                if done % 2000 == 0:
                    print(f"\r  {done:,} / {count:,} requests", end="", flush=True)
        print()
        return time.monotonic() - began


def main(argv: list[str] | None = None) -> int:
    """Measure the workers' memory before and after the requests."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--database-url", help="use this (already built) database instead")
    parser.add_argument("--articles", type=int, default=DEFAULT_ARTICLES)
    parser.add_argument("--requests", type=int, default=20_000)
    parser.add_argument("--strict", action="store_true", help="exit 1 when over budget")
    args = parser.parse_args(argv)

    url = args.database_url or ensure_database(args.db, args.articles)
    loader = Loader("", page_paths(url))
    with BenchServer("app:app", server_env(url), ready_path="/healthz") as server:
        loader.base = server.url
        pids = server.worker_pids()
        boot = {pid: rss_mb(pid) for pid in pids}
        print(f"== Warm-up: {WARMUP} requests")
        loader.run(WARMUP)
        start = {pid: rss_mb(pid) for pid in pids}
        print(f"== Load: {args.requests:,} requests (home, category pages, articles)")
        seconds = loader.run(args.requests, start=WARMUP)
        end = {pid: rss_mb(pid) for pid in server.worker_pids() if pid in start}
        if sorted(end) != sorted(pids):
            print("warning: a worker was replaced during the run")

    rows = []
    over = False
    for pid in pids:
        if pid not in end:
            continue
        change = (end[pid] - start[pid]) / start[pid]
        ok = end[pid] < BUDGET_RSS_MB and abs(change) <= BUDGET_RSS_DRIFT
        over |= not ok
        rows.append(
            [
                f"worker {pid}",
                f"{boot[pid]:.1f}",
                f"{start[pid]:.1f}",
                f"{end[pid]:.1f}",
                f"{change * 100:+.1f} %",
                verdict(ok),
            ]
        )
    print_table(
        ["process", "boot MB", "start MB", "end MB", "change", "< 150 MB, ±10 %"],
        rows,
        title=(
            f"Worker memory (VmRSS), {args.db}, {args.articles:,} articles: "
            f"{args.requests:,} requests in {seconds:.0f} s; "
            f"answers by status {dict(sorted(loader.statuses.items()))}"
        ),
    )
    return 1 if over and args.strict else 0


if __name__ == "__main__":
    sys.exit(main())
