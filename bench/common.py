"""Shared helpers for the bench scripts: bench databases, gunicorn servers, wrk, tables.

Used by run_pages.py and memory.py, and meant for the other bench scripts too::

    from common import BenchServer, bench_url, ensure_database, run_wrk, print_table

Run the scripts from the repository root with the project's venv:
``.venv/bin/python bench/<script>.py``.
"""

import contextlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "bench"
DATA_DIR = ROOT / "instance" / "bench"
BIN = Path(sys.executable).parent
GUNICORN = str(BIN / "gunicorn") if (BIN / "gunicorn").exists() else "gunicorn"
WRK = shutil.which("wrk") or "/usr/bin/wrk"

if str(ROOT) not in sys.path:  # so `import cms` works when a script runs as bench/x.py
    sys.path.insert(0, str(ROOT))

from flask import Flask  # noqa: E402 - after the sys.path line above
from sqlalchemy import event, select  # noqa: E402

from cms import create_app  # noqa: E402
from cms.content.models import Article, Category  # noqa: E402

DEFAULT_ARTICLES = 100_000
POSTGRES_URL = os.environ.get(
    "BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/portal_bench"
)
# One secret for every server of a run: random, long enough for APP_ENV=production.
SECRET = os.environ.get("BENCH_SECRET_KEY") or secrets.token_hex(32)

# The same gunicorn settings for our app and for the "hello world" ceiling.
GUNICORN_WORKERS = 2
GUNICORN_ARGS = ["--worker-class", "sync", "--log-level", "warning", "--timeout", "60"]

# What docs/budgets.md asks of the public pages (home, category, one article: 0.35x).
BUDGET_RATIO = 0.35
BUDGET_P99_MS = 100.0
BUDGET_QUERIES = 8
BUDGET_RSS_MB = 150.0
BUDGET_RSS_DRIFT = 0.10


def bench_url(kind: str, articles: int = DEFAULT_ARTICLES, url: str | None = None) -> str:
    """The database URL of a bench database: SQLite under instance/bench/, or PostgreSQL."""
    if url:
        return url
    if kind == "postgres":
        if articles == DEFAULT_ARTICLES:
            return POSTGRES_URL
        base, _, name = POSTGRES_URL.rpartition("/")
        return f"{base}/{name}_{articles}"
    if kind != "sqlite":
        raise SystemExit(f"unknown database kind {kind!r}: use sqlite or postgres")
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{DATA_DIR / f'portal-{articles}.sqlite3'}"


def bench_config(url: str, **overrides) -> dict:
    """create_app() configuration for an in-process app on a bench database."""
    config = {
        "APP_ENV": "production",
        "SECRET_KEY": SECRET,
        "SQLALCHEMY_DATABASE_URI": url,
        "MEDIA_DIR": str(DATA_DIR / "media"),
        "REDIS_URL": "",
    }
    config.update(overrides)
    return config


def server_env(url: str, **extra: str) -> dict:
    """Environment for a gunicorn server of our app on a bench database."""
    env = dict(os.environ)
    env.update(
        APP_ENV="production",
        SECRET_KEY=SECRET,
        DATABASE_URL=url,
        MEDIA_DIR=str(DATA_DIR / "media"),
        REDIS_URL=os.environ.get("BENCH_REDIS_URL", ""),
        STATS_ENABLED=os.environ.get("STATS_ENABLED", "1"),
        PYTHONDONTWRITEBYTECODE="1",
    )
    env.update(extra)
    return env


def ensure_database(kind: str, articles: int = DEFAULT_ARTICLES, url: str | None = None) -> str:
    """Build the bench database when it is missing or incomplete; return its URL."""
    url = bench_url(kind, articles, url)
    subprocess.run(
        [sys.executable, str(BENCH_DIR / "generate.py"), url, "--articles", str(articles)],
        check=True,
        cwd=ROOT,
    )
    return url


def free_port() -> int:
    """A TCP port nobody listens on right now, on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str, timeout: float = 10.0, headers: dict | None = None) -> tuple[int, bytes]:
    """GET a URL; return the status and the body (errors included)."""
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


@dataclass
class BenchServer:
    """A gunicorn server in a subprocess: ``with BenchServer("app:app", env) as server:``."""

    target: str
    env: dict = field(default_factory=lambda: dict(os.environ))
    workers: int = GUNICORN_WORKERS
    pythonpath: str | None = None
    ready_path: str = "/"
    port: int = 0
    proc: subprocess.Popen | None = None
    log: Path | None = None

    @property
    def url(self) -> str:
        """Base URL, without a trailing slash."""
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> "BenchServer":
        self.port = self.port or free_port()
        command = [GUNICORN, "--workers", str(self.workers), *GUNICORN_ARGS]
        command += ["--bind", f"127.0.0.1:{self.port}"]
        if self.pythonpath:
            command += ["--pythonpath", self.pythonpath]
        command.append(self.target)
        handle, name = tempfile.mkstemp(prefix="bench-gunicorn-", suffix=".log")
        self.log = Path(name)
        self.proc = subprocess.Popen(
            command, cwd=ROOT, env=self.env, stdout=handle, stderr=subprocess.STDOUT
        )
        os.close(handle)
        try:
            self._wait_ready()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def _wait_ready(self, timeout: float = 30.0) -> None:
        """Wait until every worker is up and the server answers."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"gunicorn exited early:\n{self.log.read_text()[-3000:]}")
            with contextlib.suppress(OSError):
                status, _ = fetch(self.url + self.ready_path, timeout=2)
                if status < 500 and len(self.worker_pids()) >= self.workers:
                    return
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer in {timeout:.0f} s:\n{self.log.read_text()}")

    def worker_pids(self) -> list[int]:
        """The pids of the master's worker processes."""
        if self.proc is None:
            return []
        return child_pids(self.proc.pid)

    def __exit__(self, *_exc) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.log is not None:
            self.log.unlink(missing_ok=True)


def child_pids(pid: int) -> list[int]:
    """Direct children of a process, from /proc."""
    children = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError):
            for line in (entry / "status").read_text().splitlines():
                if line.startswith("PPid:"):
                    if int(line.split()[1]) == pid:
                        children.append(int(entry.name))
                    break
    return sorted(children)


def rss_mb(pid: int) -> float:
    """A process's resident set size (VmRSS) in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for pid {pid}")


@dataclass
class WrkResult:
    """What one wrk run measured."""

    url: str
    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int
    non_2xx: int


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(value: str) -> float:
    """Parse a wrk duration like 12.34ms or 1.02s into milliseconds."""
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value.strip())
    if not match:
        raise ValueError(f"cannot read wrk duration {value!r}")
    return float(match.group(1)) * _UNITS[match.group(2)]


# wrk sends no User-Agent by default, and the visitor counter ignores such clients as bots:
# every bench request looks like a reader's browser so the counter does its work.
BROWSER_UA = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0 Mobile Safari/537.36"
)


def visitor_cookie(url: str) -> str:
    """The Cookie header a returning reader sends: what one browser GET of the URL sets."""
    request = urllib.request.Request(url, headers={"User-Agent": BROWSER_UA})
    with urllib.request.urlopen(request, timeout=10) as response:
        cookies = response.headers.get_all("Set-Cookie") or []
    return "; ".join(c.split(";", 1)[0] for c in cookies)


def run_wrk(
    url: str,
    duration: int = 15,
    threads: int = 2,
    connections: int = 32,
    script: str | None = None,
    headers: dict | None = None,
) -> WrkResult:
    """Load a URL with wrk --latency and read requests/s, p50, p99 and errors."""
    command = [WRK, f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency"]
    for name, value in {"User-Agent": BROWSER_UA, **(headers or {})}.items():
        if value:
            command += ["-H", f"{name}: {value}"]
    if script:
        command += ["-s", script]
    out = subprocess.run(
        [*command, url], check=True, capture_output=True, text=True, timeout=duration + 60
    ).stdout
    rps = float(re.search(r"Requests/sec:\s*([\d.]+)", out).group(1))
    p50 = _ms(re.search(r"^\s*50%\s+(\S+)", out, re.M).group(1))
    p99 = _ms(re.search(r"^\s*99%\s+(\S+)", out, re.M).group(1))
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    non_2xx = int(m.group(1)) if (m := re.search(r"Non-2xx or 3xx responses: (\d+)", out)) else 0
    return WrkResult(url, rps, p50, p99, requests, errors, non_2xx)


def print_table(headers: list[str], rows: list[list], title: str | None = None) -> None:
    """Print a plain-text table with right-aligned numbers."""
    cells = [[str(h) for h in headers]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    if title:
        print(f"\n{title}")
    for n, row in enumerate(cells):
        print(
            "  ".join(
                c.ljust(w) if i == 0 else c.rjust(w)
                for i, (c, w) in enumerate(zip(row, widths, strict=True))
            )
        )
        if n == 0:
            print("  ".join("-" * w for w in widths))


def verdict(ok: bool) -> str:
    """The word printed next to a figure checked against its budget."""
    return "ok" if ok else "OVER BUDGET"


def bench_app(url: str, **overrides) -> Flask:
    """An in-process app on a bench database (for query counts and page sizes)."""
    return create_app(bench_config(url, **overrides))


def sample_paths(app: Flask) -> dict[str, str]:
    """Typical public pages: the home, the first menu category, a mid-archive article."""
    with app.app_context():
        session = app.extensions["sqlalchemy"].session
        category = session.execute(
            select(Category.slug).order_by(Category.position, Category.id).limit(1)
        ).scalar_one()
        public = select(Article.id, Article.slug).where(Article.public_filter())
        total = session.execute(select(Article.id).order_by(Article.id.desc()).limit(1)).scalar()
        article = (
            session.execute(
                public.where(Article.id >= (total or 0) // 2).order_by(Article.id).limit(1)
            ).first()
            or session.execute(public.limit(1)).first()
        )
        session.remove()
    return {
        "home": "/",
        "category": f"/chuyen-muc/{category}",
        "article": f"/bai-viet/{article.id}-{article.slug}",
    }


SKIPPED_STATEMENTS = ("BEGIN", "PRAGMA", "SAVEPOINT", "RELEASE", "COMMIT", "ROLLBACK")


def count_queries(app: Flask, path: str) -> tuple[int, int, list[str]]:
    """SQL statements run by one GET of a path (after a warm-up GET): (count, status, sql)."""
    client = app.test_client()
    client.get(path)
    statements: list[str] = []

    def _before(_conn, _cursor, statement, *_args):
        if not statement.lstrip().upper().startswith(SKIPPED_STATEMENTS):
            statements.append(statement)

    with app.app_context():
        engine = app.extensions["sqlalchemy"].engine
    event.listen(engine, "before_cursor_execute", _before)
    try:
        status = client.get(path).status_code
    finally:
        event.remove(engine, "before_cursor_execute", _before)
    return len(statements), status, statements


def save_results(name: str, figures: dict) -> Path:
    """Write a run's figures as JSON to bench/results/NAME-<UTC time>.json; return the path."""
    out = BENCH_DIR / "results"
    out.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    path = out / f"{name}-{stamp}.json"
    path.write_text(json.dumps(figures, indent=2))
    return path
