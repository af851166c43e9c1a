"""Real-browser fixtures: Debian's Chromium driven by Playwright against a live server.

``browser`` (one Chromium per test session), ``page`` (a fresh context per test, with a
screenshot saved to test-artifacts/<test name>.png at teardown), ``live_server`` (the app
served over real HTTP from a background thread on a fresh migrated database) and
``demo_content`` (fills the live server's database with the demo portal).
Every test in tests/e2e/ is marked ``e2e``.
"""

import contextlib
import os
import re
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask
from werkzeug.serving import make_server

from cms.demo.services import load_demo
from cms.extensions import db
from tests.conftest import TEST_PASSWORD

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - the dev requirements install it
    sync_playwright = None

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def pytest_collection_modifyitems(items):
    """Mark every test of this folder as a real-browser test."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.e2e)


def chromium_path() -> str | None:
    """Debian's chromium (or CHROMIUM_PATH), None when it is not installed."""
    return os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")


def _skip_or_fail(reason: str) -> None:
    """Skip with a clear reason, except in CI where a missing browser is a failure."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI never skips the browser tests)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole session."""
    path = chromium_path()
    if not path:
        _skip_or_fail("Debian's chromium is not installed (apt-get install chromium)")
    if sync_playwright is None:
        _skip_or_fail("the playwright package is missing (pip install -r requirements-dev.txt)")
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def artifact_name(node_name: str) -> str:
    """A file-system-safe name for a test's artifacts."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", node_name).strip("_")[:150]


def is_csp_violation(text: str) -> bool:
    """True for Chromium's console report of something the Content-Security-Policy refused."""
    return "Content Security Policy" in text or "Content-Security-Policy" in text


@pytest.fixture
def new_page(browser, request):
    """Factory: a page in a fresh context; each is screenshotted at teardown.

    ``new_page(viewport=PHONE)`` for another size; extra keywords go to new_context().
    Every page's console is watched: a script, style or connection the Content-Security-
    Policy refused fails the test at teardown (``page.csp_violations`` lists them).
    """
    contexts = []
    violations: list[str] = []

    def factory(viewport=None, **context_options):
        context = browser.new_context(
            viewport=viewport or DESKTOP, locale="vi-VN", **context_options
        )
        context.set_default_timeout(30_000)
        context.on(
            "console",
            lambda message: (
                violations.append(f"{getattr(message.page, 'url', '')}: {message.text}")
                if is_csp_violation(message.text)
                else None
            ),
        )
        contexts.append(context)
        page = context.new_page()
        page.csp_violations = violations
        return page

    yield factory
    ARTIFACTS.mkdir(exist_ok=True)
    base = artifact_name(request.node.name)
    for i, context in enumerate(contexts):
        for j, pg in enumerate(context.pages):
            suffix = "" if i == j == 0 else f"-{i}-{j}"
            # A failed screenshot (a crashed page) must not hide the test's own result.
            with contextlib.suppress(Exception):
                pg.screenshot(path=str(ARTIFACTS / f"{base}{suffix}.png"), full_page=True)
        context.close()
    assert violations == [], "the Content-Security-Policy refused something"


@pytest.fixture
def editor_assets():
    """Require the editor's vendored Quill: skipped without it, a failure in CI."""
    if not (ROOT / "static" / "vendor" / "quill" / "quill.js").is_file():
        _skip_or_fail("the editor's assets are missing: run `make assets`")


@pytest.fixture
def log_in():
    """Function: log a page in through the real /dang-nhap form, ``log_in(page, server, name)``."""

    def do_log_in(page, server, username: str) -> None:
        page.goto(server("/dang-nhap"))
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", TEST_PASSWORD)
        page.click("form[action$='/dang-nhap'] button[type=submit]")
        page.wait_for_url("**/quan-tri/**")

    return do_log_in


@pytest.fixture
def page(new_page):
    """A desktop-sized page (1280x900) in a fresh browser context."""
    return new_page()


@dataclass
class LiveServer:
    """A running server: its base URL (no trailing slash) and its Flask app."""

    url: str
    app: Flask

    def __call__(self, path: str = "/") -> str:
        """The absolute URL of a path on this server."""
        return self.url + path


@pytest.fixture
def make_live_server(make_app):
    """Factory: a live server for an app built with configuration overrides."""
    servers = []

    def factory(**overrides) -> LiveServer:
        # No SERVER_NAME: the browser reaches the app as 127.0.0.1:<port>.
        app = make_app(**{"SERVER_NAME": None, **overrides})
        server = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
        thread.start()
        servers.append((server, thread))
        return LiveServer(url=f"http://127.0.0.1:{server.server_port}", app=app)

    yield factory
    for server, thread in servers:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def live_server(make_live_server):
    """The app on a fresh migrated database, served over HTTP from a background thread."""
    return make_live_server()


def fill_demo(app: Flask) -> None:
    """Fill an app's database with the demo portal."""
    with app.app_context():
        load_demo()
        db.session.commit()  # services never commit: the caller's unit of work does
        db.session.remove()


@pytest.fixture(scope="session")
def shared_media(tmp_path_factory) -> str:
    """A media folder kept for the session, so demo illustrations are drawn only once."""
    return str(tmp_path_factory.mktemp("e2e-media"))


@pytest.fixture
def demo_content(make_live_server, shared_media):
    """A live server whose database holds the demo portal (images in a shared folder)."""
    server = make_live_server(MEDIA_DIR=shared_media)
    fill_demo(server.app)
    return server
