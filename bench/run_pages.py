"""Page bench: our public pages under gunicorn against a "hello world" ceiling, same run.

    .venv/bin/python bench/run_pages.py                  # SQLite, 15 s per measurement
    .venv/bin/python bench/run_pages.py --db postgres --duration 10

Builds the 100,000-article database when missing (bench/generate.py), counts the SQL
queries of each page in-process on a 10-article and on the 100,000-article database, then
runs gunicorn (2 sync workers) for bench/hello_app.py (a page of the article page's size)
and for our app, one after the other, and loads each URL with
``wrk -t2 -c32 -d15s --latency``. The ceiling is measured before and after our pages and
averaged, because the machine is shared. Prints requests/s, p50, p99 and the ratio to the
ceiling against the budgets of docs/budgets.md, and writes the figures to bench/results/.
"""

import argparse
import os
import sys
import time

from common import (
    BENCH_DIR,
    BUDGET_P99_MS,
    BUDGET_QUERIES,
    BUDGET_RATIO,
    DEFAULT_ARTICLES,
    BenchServer,
    bench_app,
    count_queries,
    ensure_database,
    print_table,
    run_wrk,
    sample_paths,
    save_results,
    server_env,
    verdict,
    visitor_cookie,
)

PAGES = ("home", "category", "article")


def query_counts(urls: dict[str, str]) -> tuple[dict, int, dict]:
    """Queries per page on each database (no settings/menu cache), the article's size and
    the sample paths of the big database."""
    counts: dict[str, dict[str, int]] = {}
    article_bytes = 0
    big_paths: dict[str, str] = {}
    for label, url in urls.items():
        app = bench_app(url, CACHE_SECONDS=0)
        paths = sample_paths(app)
        counts[label] = {}
        for page in PAGES:
            n, status, _sql = count_queries(app, paths[page])
            if status != 200:
                raise SystemExit(f"{paths[page]} answered {status} on the {label} database")
            counts[label][page] = n
        if label == "100k":
            response = app.test_client().get(paths["article"])
            article_bytes = len(response.data)
            big_paths = paths
        with app.app_context():
            app.extensions["sqlalchemy"].engine.dispose()
    return counts, article_bytes, big_paths


def measure(server_url: str, path: str, duration: int, args) -> dict:
    """Warm a URL up for two seconds, then measure it with wrk.

    Returning readers (the default) send the visitor cookie a first page view set, as a
    browser does; ``--visitors new`` sends none, so every request starts a new visit.
    """
    url = server_url + path
    headers = {"Cookie": visitor_cookie(url)} if args.visitors == "returning" else {}
    run_wrk(url, 2, args.threads, args.connections, headers=headers)
    result = run_wrk(url, duration, args.threads, args.connections, headers=headers)
    if result.errors or result.non_2xx:
        print(f"  warning: {url}: {result.errors} socket errors, {result.non_2xx} non-2xx")
    return vars(result)


def main(argv: list[str] | None = None) -> int:
    """Run the whole page bench and print its table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=15, help="seconds per wrk run")
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--database-url", help="use this (already built) database instead")
    parser.add_argument("--articles", type=int, default=DEFAULT_ARTICLES)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument(
        "--visitors",
        choices=("returning", "new"),
        default="returning",
        help="send the visitor cookie (returning readers) or none (every request a new visit)",
    )
    parser.add_argument("--strict", action="store_true", help="exit 1 when over budget")
    args = parser.parse_args(argv)

    print(f"== Bench databases ({args.db})")
    big = args.database_url or ensure_database(args.db, args.articles)
    small = ensure_database(args.db, 10)

    print("== SQL queries per page (in-process, CACHE_SECONDS=0)")
    counts, article_bytes, paths = query_counts({"10": small, "100k": big})
    rows = [
        [
            page,
            counts["10"][page],
            counts["100k"][page],
            verdict(counts["10"][page] == counts["100k"][page] <= BUDGET_QUERIES),
        ]
        for page in PAGES
    ]
    print_table(["page", "10 articles", "100k articles", f"same and <= {BUDGET_QUERIES}"], rows)

    stats = os.environ.get("STATS_ENABLED", "1")
    print(
        f"\n== Load: gunicorn 2 sync workers, wrk -t{args.threads} -c{args.connections} "
        f"-d{args.duration}s; visitor counter STATS_ENABLED={stats} ({args.visitors} "
        f"visitors); ceiling page {article_bytes:,} bytes"
    )
    hello_env = {**os.environ, "HELLO_BYTES": str(article_bytes)}
    results: dict[str, dict] = {}
    with BenchServer("hello_app:app", hello_env, pythonpath=str(BENCH_DIR)) as hello:
        print("  ceiling (before) …", flush=True)
        results["ceiling_before"] = measure(hello.url, "/", args.duration, args)
    with BenchServer("app:app", server_env(big), ready_path="/healthz") as ours:
        for page in PAGES:
            print(f"  {page} {paths[page]} …", flush=True)
            results[page] = measure(ours.url, paths[page], args.duration, args)
    with BenchServer("hello_app:app", hello_env, pythonpath=str(BENCH_DIR)) as hello:
        print("  ceiling (after) …", flush=True)
        results["ceiling_after"] = measure(hello.url, "/", args.duration, args)

    ceiling = (results["ceiling_before"]["rps"] + results["ceiling_after"]["rps"]) / 2
    rows = []
    over = False
    for name in ("ceiling_before", "ceiling_after", *PAGES):
        r = results[name]
        ratio = r["rps"] / ceiling
        if name in PAGES:
            ok = ratio >= BUDGET_RATIO and r["p99_ms"] < BUDGET_P99_MS
            over |= not ok
            check = verdict(ok)
        else:
            check = ""
        rows.append(
            [
                name,
                f"{r['rps']:.0f}",
                f"{r['p50_ms']:.1f}",
                f"{r['p99_ms']:.1f}",
                f"{ratio:.2f}",
                check,
            ]
        )
    print_table(
        ["page", "req/s", "p50 ms", "p99 ms", "x ceiling", f">= {BUDGET_RATIO}x, p99 < 100 ms"],
        rows,
        title=f"Results ({args.db}, {args.articles:,} articles; "
        f"ceiling = mean {ceiling:.0f} req/s)",
    )

    path = save_results(
        f"pages-{args.db}",
        {
            "db": args.db,
            "articles": args.articles,
            "duration": args.duration,
            "stats_enabled": stats,
            "visitors": args.visitors,
            "article_bytes": article_bytes,
            "queries": counts,
            "load": results,
            "ceiling_rps": ceiling,
            "time": time.time(),
        },
    )
    print(f"\nFigures saved to {path.relative_to(BENCH_DIR.parent)}")
    return 1 if over and args.strict else 0


if __name__ == "__main__":
    sys.exit(main())
