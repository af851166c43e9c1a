"""Does a slow upload stall the readers? Page views that write, during one heavy upload.

    .venv/bin/python bench/upload_stall.py
    .venv/bin/python bench/upload_stall.py --frames 20 --size 3000 --interval 0.1

A fresh migrated SQLite database in a temporary directory, one reporter, and gunicorn
with 2 sync workers (APP_ENV=production, STATS_ENABLED=1). One worker gets an upload of
an animated GIF (by default the issue's 40 frames of 3000 × 3000) with the media cost
limits raised out of the way (MEDIA_MAX_FRAMES, MEDIA_MAX_TOTAL_PIXELS,
MEDIA_MAX_DECODED_BYTES, MEDIA_PROCESS_SECONDS), so it really spends its seconds
re-encoding; meanwhile a reader fetches the home page every ``--interval`` seconds with
a browser User-Agent and no cookie, so every page view records a new visit (a write:
``BEGIN IMMEDIATE`` on SQLite). The table gives the home page's latency before and
during the upload: if the upload held the write lock while decoding, every page view
during it waits for the upload to end.
"""

import argparse
import http.client
import re
import secrets
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

from common import BROWSER_UA, SECRET, BenchServer, print_table, server_env
from flask_migrate import upgrade
from upload_cost import hostile_gif

from cms import create_app
from cms.extensions import db
from cms.users.models import User
from cms.users.passwords import hash_password

UPLOAD = "/quan-tri/thu-vien-anh/tai-len"
LIBRARY = "/quan-tri/thu-vien-anh"
RAISED_LIMITS = {
    "MEDIA_MAX_FRAMES": "1000000",
    "MEDIA_MAX_TOTAL_PIXELS": "1000000000000",
    "MEDIA_MAX_DECODED_BYTES": "10000000000000",
    "MEDIA_PROCESS_SECONDS": "600",
}


def prepare(tmp: Path) -> tuple[str, str]:
    """Migrate a fresh database with one reporter; return its URL and a session cookie."""
    url = f"sqlite:///{tmp / 'portal.sqlite3'}"
    app = create_app(
        {"APP_ENV": "production", "SECRET_KEY": SECRET, "SQLALCHEMY_DATABASE_URI": url}
    )
    with app.app_context():
        upgrade(revision="heads")
        user = User(
            username="phongvien",
            role="reporter",
            full_name="Phóng viên",
            password_hash=hash_password(secrets.token_hex(16)),
        )
        db.session.add(user)
        db.session.commit()
        # A signed session as Flask-Login writes it: no login form, no throttling involved.
        serializer = app.session_interface.get_signing_serializer(app)
        session = serializer.dumps({"_user_id": user.get_id(), "_fresh": True})
        db.engine.dispose()
    return url, f"{app.config['SESSION_COOKIE_NAME']}={session}"


def request(port: int, method: str, path: str, body=b"", headers=None, timeout=600):
    """One HTTP request on a new connection; return (status, headers, body, seconds)."""
    start = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        data = response.read()
        return response.status, response.getheaders(), data, time.perf_counter() - start
    finally:
        conn.close()


def csrf_session(port: int, cookie: str) -> tuple[str, str]:
    """The upload form's CSRF token and the session cookie that goes with it."""
    status, headers, body, _ = request(port, "GET", LIBRARY, headers={"Cookie": cookie})
    if status != 200:
        raise SystemExit(f"the media library answered {status}: is the reporter logged in?")
    token = re.search(rb'name="csrf_token"[^>]*value="([^"]+)"', body).group(1).decode()
    for name, value in headers:
        if name.lower() == "set-cookie" and value.startswith(cookie.split("=", 1)[0] + "="):
            cookie = value.split(";", 1)[0]
    return token, cookie


def multipart(fields: dict[str, str], file: tuple[str, bytes]) -> tuple[bytes, str]:
    """A multipart/form-data body with text fields and one file; return it and its type."""
    boundary = secrets.token_hex(16)
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    name, data = file
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
        f"Content-Type: application/octet-stream\r\n\r\n".encode()
        + data
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def page_views(port: int, stop: threading.Event, interval: float) -> list[float]:
    """Fetch the home page as new readers until ``stop``; return the latencies (s)."""
    latencies = []
    while not stop.is_set():
        status, _, _, seconds = request(port, "GET", "/", headers={"User-Agent": BROWSER_UA})
        if status != 200:
            raise RuntimeError(f"the home page answered {status}")
        latencies.append(seconds)
        stop.wait(interval)
    return latencies


def main() -> int:
    """Run the upload and the readers; print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--frames", type=int, default=40, help="frames of the uploaded GIF")
    parser.add_argument("--size", type=int, default=3000, help="side of its frames, pixels")
    parser.add_argument("--interval", type=float, default=0.1, help="seconds between views")
    args = parser.parse_args()
    gif = hostile_gif(args.frames, args.size)
    with tempfile.TemporaryDirectory(prefix="bench-stall-") as tmp:
        url, cookie = prepare(Path(tmp))
        env = server_env(
            url, MEDIA_DIR=str(Path(tmp) / "media"), STATS_ENABLED="1", SECURE_COOKIES="0"
        )
        env.update(RAISED_LIMITS)
        with BenchServer("app:app", env) as server:
            port = server.port
            idle_stop = threading.Event()
            timer = threading.Timer(2.0, idle_stop.set)
            timer.start()
            idle = page_views(port, idle_stop, args.interval)
            token, cookie = csrf_session(port, cookie)
            body, content_type = multipart(
                {"csrf_token": token, "alt": "Ảnh động"}, ("dong.gif", gif)
            )
            headers = {
                "Cookie": cookie,
                "Content-Type": content_type,
                "Accept": "application/json",
            }
            outcome = {}

            def upload():
                status, _, data, seconds = request(port, "POST", UPLOAD, body, headers)
                outcome.update(status=status, seconds=seconds, body=data[:200])

            uploader = threading.Thread(target=upload)
            stop = threading.Event()
            uploader.start()
            time.sleep(0.3)  # let the upload reach its worker first
            reader = threading.Thread(
                target=lambda: outcome.update(views=page_views(port, stop, args.interval))
            )
            reader.start()
            uploader.join()
            stop.set()
            reader.join()
    during = outcome["views"]
    print(
        f"upload of a {len(gif) // 1024} KB GIF ({args.frames} × {args.size}²): "
        f"HTTP {outcome['status']} in {outcome['seconds']:.2f} s"
    )
    if outcome["status"] != 201:
        print(f"  answer: {outcome['body']!r}")
    print_table(
        ["home page (a write each)", "views", "median", "max"],
        [
            [
                "idle",
                len(idle),
                f"{statistics.median(idle) * 1000:.0f} ms",
                f"{max(idle) * 1000:.0f} ms",
            ],
            [
                "during the upload",
                len(during),
                f"{statistics.median(during) * 1000:.0f} ms",
                f"{max(during) * 1000:.0f} ms",
            ],
        ],
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
