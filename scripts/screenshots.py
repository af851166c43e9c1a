"""Take the README's screenshots: home and article pages, desktop and phone widths.

    .venv/bin/python scripts/screenshots.py          (or: make screenshots)

Builds a fresh SQLite database in a temporary folder (``flask db upgrade heads`` and
``flask seed-demo``), serves the app from a background thread on 127.0.0.1, and takes
full-page screenshots with headless Chromium (Debian's ``chromium``, driven by
Playwright) into docs/screenshots/{home,article}-{desktop,phone}.png.
"""

import logging
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cms import create_app  # noqa: E402 - needs the repository root on sys.path

OUT = ROOT / "docs" / "screenshots"
FLASK = [sys.executable, "-m", "flask", "--app", "app"]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]
VIEWPORTS = {
    "desktop": {"viewport": {"width": 1280, "height": 900}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
}


def prepare(folder: Path) -> dict:
    """Migrate a fresh database in folder and load the demo content; return the env."""
    env = dict(os.environ)
    env.update(
        APP_ENV="development",
        DATABASE_URL=f"sqlite:///{folder / 'portal.sqlite3'}",
        MEDIA_DIR=str(folder / "media"),
        SECRET_KEY=secrets.token_hex(32),
        REDIS_URL="",
        CACHE_SECONDS="0",
    )
    for command in (["db", "upgrade", "heads"], ["seed-demo"]):
        print("$ flask", " ".join(command), flush=True)
        subprocess.run([*FLASK, *command], cwd=ROOT, env=env, check=True)  # noqa: S603
    return env


def serve(env: dict):
    """Serve the app from a thread on a free port; return (server, base URL)."""
    app = create_app(
        {
            "APP_ENV": env["APP_ENV"],
            "SECRET_KEY": env["SECRET_KEY"],
            "SQLALCHEMY_DATABASE_URI": env["DATABASE_URL"],
            "MEDIA_DIR": env["MEDIA_DIR"],
            "REDIS_URL": "",
            "CACHE_SECONDS": 0,
        }
    )
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}"


def shoot(base: str) -> list[Path]:
    """Screenshot the home page and the featured article at both widths."""
    chromium = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")
    if not chromium:
        raise SystemExit("Debian's chromium is not installed: apt-get install chromium")
    OUT.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
        for width, options in VIEWPORTS.items():
            context = browser.new_context(locale="vi-VN", **options)
            page = context.new_page()
            page.goto(base + "/", wait_until="networkidle")
            article = page.locator("main a[href*='/bai-viet/']").first.get_attribute("href")
            for name, url in (("home", base + "/"), ("article", base + article)):
                page.goto(url, wait_until="networkidle")
                path = OUT / f"{name}-{width}.png"
                page.screenshot(path=str(path), full_page=True)
                written.append(path)
                print(f"  {path.relative_to(ROOT)}  ({url.removeprefix(base)})")
            context.close()
        browser.close()
    return written


def main() -> int:
    """Build the demo site, take the screenshots, clean up."""
    with tempfile.TemporaryDirectory(prefix="portal-shots-") as tmp:
        env = prepare(Path(tmp))
        server, base = serve(env)
        try:
            shoot(base)
        finally:
            server.shutdown()
            server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
