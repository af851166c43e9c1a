"""Deep-page bench: a random page of the biggest category against the hello-world ceiling.

    .venv/bin/python bench/deep_pages.py --duration 10                       # SQLite
    .venv/bin/python bench/deep_pages.py --db postgres --duration 10
    .venv/bin/python bench/deep_pages.py --database-url postgresql+psycopg://…/portal_bench_search

Brings the database up to the latest migration, finds the category with the most public
articles and its number of pages, counts the SQL queries of its first and its last page
in-process, then under gunicorn (2 sync workers, the same as run_pages.py) loads with
``wrk --latency``: the ceiling, page 1, the last page, and a uniformly random page over
the whole category (bench/random_page.lua; the worst case of a crawler walking the
archive), and the ceiling again. No listing may cost more at page 5,000 than at page 1.
"""

import argparse
import os
import sys
import time
from pathlib import Path

from common import (
    BENCH_DIR,
    DEFAULT_ARTICLES,
    BenchServer,
    bench_app,
    count_queries,
    ensure_database,
    print_table,
    run_wrk,
    save_results,
    server_env,
    verdict,
    visitor_cookie,
)
from flask_migrate import upgrade
from sqlalchemy import func, select

from cms.content.models import Article, Category

MIGRATIONS = str(BENCH_DIR.parent / "migrations")


def biggest_category(url: str) -> tuple[str, int, int, int]:
    """Migrate; return the slug, public articles and pages of the biggest category, and
    the size of its first page in bytes."""
    app = bench_app(url, CACHE_SECONDS=0)
    with app.app_context():
        upgrade(directory=MIGRATIONS, revision="heads")
        session = app.extensions["sqlalchemy"].session
        slug, total = session.execute(
            select(Category.slug, func.count(Article.id))
            .join(Article, Article.category_id == Category.id)
            .where(Article.public_filter())
            .group_by(Category.id, Category.slug)
            .order_by(func.count(Article.id).desc())
            .limit(1)
        ).one()
        per_page = app.config["PAGE_SIZE"]
        session.remove()
    size = len(app.test_client().get(f"/chuyen-muc/{slug}").data)
    with app.app_context():
        app.extensions["sqlalchemy"].engine.dispose()
    return slug, total, -(-total // per_page), size


def main(argv: list[str] | None = None) -> int:
    """Run the deep-page bench and print its table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--database-url", help="use this (already built) database instead")
    parser.add_argument("--articles", type=int, default=DEFAULT_ARTICLES)
    parser.add_argument("--connections", type=int, default=32)
    args = parser.parse_args(argv)

    url = args.database_url or ensure_database(args.db, args.articles)
    slug, total, pages, page_bytes = biggest_category(url)
    path = f"/chuyen-muc/{slug}"
    print(f"== {path}: {total:,} public articles, {pages:,} pages of {page_bytes:,} bytes")

    app = bench_app(url, CACHE_SECONDS=0)
    first, _, _ = count_queries(app, path)
    last, status, _ = count_queries(app, f"{path}?trang={pages}")
    with app.app_context():
        app.extensions["sqlalchemy"].engine.dispose()
    print(f"   SQL queries: page 1 {first}, page {pages:,} {last} (status {status})")

    os.environ.update(PAGE_PATH=path, PAGE_COUNT=str(pages))
    script = str(Path(__file__).with_name("random_page.lua"))
    hello_env = {**os.environ, "HELLO_BYTES": str(page_bytes)}
    results: dict[str, dict] = {}

    def load(name: str, target: str, lua: str | None = None) -> None:
        """Warm up for two seconds, then measure, as a returning reader (the visitor
        cookie a first page view set, as in run_pages.py: the listing is measured, not
        the visitor counter's write for a new visit)."""
        print(f"  {name} …", flush=True)
        headers = {"Cookie": visitor_cookie(target)}
        run_wrk(target, 2, 2, args.connections, script=lua, headers=headers)
        result = run_wrk(target, args.duration, 2, args.connections, script=lua, headers=headers)
        if result.errors or result.non_2xx:
            print(f"  warning: {name}: {result.errors} errors, {result.non_2xx} non-2xx")
        results[name] = vars(result)

    with BenchServer("hello_app:app", hello_env, pythonpath=str(BENCH_DIR)) as hello:
        load("ceiling_before", hello.url + "/")
    with BenchServer("app:app", server_env(url), ready_path="/healthz") as ours:
        load("page_1", ours.url + path)
        load(f"page_{pages}", ours.url + f"{path}?trang={pages}")
        load("random_page", ours.url + path, script)
    with BenchServer("hello_app:app", hello_env, pythonpath=str(BENCH_DIR)) as hello:
        load("ceiling_after", hello.url + "/")

    ceiling = (results["ceiling_before"]["rps"] + results["ceiling_after"]["rps"]) / 2
    rows = [
        [
            name,
            f"{r['rps']:.0f}",
            f"{r['p50_ms']:.1f}",
            f"{r['p99_ms']:.1f}",
            f"{r['rps'] / ceiling:.2f}",
        ]
        for name, r in results.items()
    ]
    print_table(
        ["load", "req/s", "p50 ms", "p99 ms", "x ceiling"],
        rows,
        title=f"Deep pages ({url.split('://')[0]}, {total:,} articles in the category; "
        f"ceiling = mean {ceiling:.0f} req/s)",
    )
    flat = results["random_page"]["rps"] >= 0.5 * results["page_1"]["rps"]
    print(f"random page >= 0.5x page 1: {verdict(flat)}; queries same: {verdict(first == last)}")
    saved = save_results(
        "deep-pages",
        {
            "url": url.rsplit("@", 1)[-1],
            "category": path,
            "public_articles": total,
            "pages": pages,
            "queries": {"first": first, "last": last},
            "duration": args.duration,
            "load": results,
            "ceiling_rps": ceiling,
            "time": time.time(),
        },
    )
    print(f"\nFigures saved to {saved.relative_to(BENCH_DIR.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
