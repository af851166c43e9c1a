"""Profile public pages in-process: pyinstrument's call tree and Python calls per request.

    .venv/bin/python bench/profile_page.py article            # home | category | article | /path
    .venv/bin/python bench/profile_page.py home --requests 200 --db postgres

The call count per request is a noise-free measure of the CPU work a page costs (timings
on a shared machine are not): compare it before and after an optimisation, and with the
"hello world" app of the ceiling (``--hello``).
"""

import argparse
import cProfile
import pstats
import sys

from common import BROWSER_UA, DEFAULT_ARTICLES, bench_app, bench_url, sample_paths
from hello_app import app as hello
from pyinstrument import Profiler


def calls_per_request(client, path: str, requests: int) -> int:
    """Python function calls one GET of the path makes, on average."""
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(requests):
        client.get(path, headers={"User-Agent": BROWSER_UA})
    profile.disable()
    return pstats.Stats(profile).total_calls // requests


def main(argv: list[str] | None = None) -> int:
    """Profile one page of the bench database (generate it first with generate.py)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "page", nargs="?", default="article", help="home, category, article or a path"
    )
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--articles", type=int, default=DEFAULT_ARTICLES)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--hello", action="store_true", help="also count the hello app's calls")
    args = parser.parse_args(argv)

    app = bench_app(bench_url(args.db, args.articles))
    path = sample_paths(app).get(args.page, args.page)
    client = app.test_client()
    for _ in range(10):  # warm the caches and the compiled templates
        status = client.get(path, headers={"User-Agent": BROWSER_UA}).status_code
    if status != 200:
        raise SystemExit(f"{path} answered {status}")
    profiler = Profiler(interval=0.001)
    profiler.start()
    for _ in range(args.requests):
        client.get(path, headers={"User-Agent": BROWSER_UA})
    profiler.stop()
    print(profiler.output_text(unicode=True, color=False))
    print(f"{path}: {calls_per_request(client, path, 20):,} Python calls per request")
    if args.hello:
        print(f"hello app: {calls_per_request(hello.test_client(), '/', 20):,} calls per request")
    return 0


if __name__ == "__main__":
    sys.exit(main())
