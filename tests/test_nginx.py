"""deploy/nginx/portal.conf: accepted by a real nginx, and in front of the app it serves
https:// links, static files and media, a micro-cache that keeps what may be kept, and
votes from the https:// site.

The shipped file is checked as shipped, with only its placeholder paths (certificate, cache,
logs, checkout, MEDIA_DIR) and, for the live test, its ports and upstream replaced.
"""

import http.client
import json
import os
import re
import shutil
import socket
import ssl
import subprocess
import threading
from datetime import timedelta
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from cms.core.formatting import utcnow
from cms.extensions import db
from cms.polls.models import Ballot, Poll, PollOption
from tests.servers import free_port, stop_process, wait_for

ROOT = Path(__file__).resolve().parent.parent
SITE_CONF = ROOT / "deploy" / "nginx" / "portal.conf"
NGINX = shutil.which("nginx") or next(
    (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if os.access(p, os.X_OK)), None
)
OPENSSL = shutil.which("openssl")
HOST = "portal.example"
MIME_TYPES = Path("/etc/nginx/mime.types")

pytestmark = pytest.mark.skipif(
    NGINX is None or OPENSSL is None,
    reason="nginx and openssl are not installed (.ci/run installs nginx)",
)


def _paths(tmp: Path, media: Path) -> dict[str, str]:
    """The shipped file's placeholder paths and what stands in for them here."""
    return {
        f"/etc/letsencrypt/live/{HOST}/fullchain.pem": str(tmp / "cert.pem"),
        f"/etc/letsencrypt/live/{HOST}/privkey.pem": str(tmp / "key.pem"),
        "/var/cache/nginx/portal": str(tmp / "cache"),
        "/var/log/nginx/portal.access.log": str(tmp / "access.log"),
        "/var/www/letsencrypt": str(tmp / "acme"),
        "/srv/portal/static/": f"{ROOT / 'static'}/",
        "/var/lib/portal/media/": f"{media}/",
    }


def _render(tmp: Path, media: Path, ports: tuple[int, int, int] | None = None) -> Path:
    """Write the site file with test paths (and ports) and a main file including it."""
    text = SITE_CONF.read_text()
    for placeholder, path in _paths(tmp, media).items():
        assert placeholder in text, f"portal.conf no longer names {placeholder}"
        text = text.replace(placeholder, path)
    if ports is not None:
        http_port, https_port, app_port = ports
        text = "\n".join(line for line in text.splitlines() if "listen [::]" not in line)
        text = re.sub(r"listen 80\b", f"listen 127.0.0.1:{http_port}", text)
        text = re.sub(r"listen 443\b", f"listen 127.0.0.1:{https_port}", text)
        text = re.sub(
            r"(upstream portal_app \{).*?(\n    keepalive)",
            rf"\1\n    server 127.0.0.1:{app_port};\2",
            text,
            flags=re.DOTALL,
        )
    site = tmp / "portal.conf"
    site.write_text(text)
    certificate = ["-subj", f"/CN={HOST}", "-days", "2", "-nodes", "-newkey", "rsa:2048"]
    files = ["-keyout", str(tmp / "key.pem"), "-out", str(tmp / "cert.pem")]
    subprocess.run([OPENSSL, "req", "-x509", *certificate, *files], check=True, capture_output=True)
    (tmp / "acme").mkdir(exist_ok=True)
    temp = "\n".join(
        f"    {name}_temp_path {tmp / name};"
        for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    types = f"include {MIME_TYPES};" if MIME_TYPES.exists() else "types { text/css css; }"
    main = tmp / "nginx.conf"
    main.write_text(
        ("user root;\n" if os.geteuid() == 0 else "")
        + f"pid {tmp / 'nginx.pid'};\n"
        + f"error_log {tmp / 'error.log'} warn;\n"
        + "worker_processes 1;\n"
        + "events { worker_connections 256; }\n"
        + "http {\n"
        + f"    {types}\n"
        + "    default_type application/octet-stream;\n"
        + f"{temp}\n"
        + f"    access_log {tmp / 'other-access.log'};\n"
        + f"    include {site};\n"
        + "}\n"
    )
    return main


def _nginx(main: Path, *args: str, **kwargs):
    """Run nginx on the given main file, with its prefix and error log in the test's dir."""
    tmp = main.parent
    command = [NGINX, "-p", str(tmp), "-e", str(tmp / "error.log"), "-c", str(main), *args]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, **kwargs)


def test_the_shipped_site_configuration_passes_nginx_t(tmp_path):
    main = _render(tmp_path, tmp_path / "media")
    proc = _nginx(main, "-t")
    output = proc.communicate(timeout=30)[0].decode()
    assert proc.returncode == 0, output
    assert "syntax is ok" in output and "test is successful" in output


@pytest.fixture
def served(app, tmp_path):
    """The test app behind the shipped nginx; yields (https port, http port)."""
    app.config.update(TRUSTED_PROXIES=1, SERVER_NAME=None)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    http_port, https_port = free_port(), free_port()
    conf = tmp_path / "nginx"
    conf.mkdir()
    main = _render(conf, Path(app.config["MEDIA_DIR"]), (http_port, https_port, server.port))
    proc = _nginx(main, "-g", "daemon off;")

    def listening() -> bool:
        """Whether nginx accepts connections on its https port."""
        with socket.create_connection(("127.0.0.1", https_port)):
            return True

    try:
        wait_for(listening, 20, "nginx did not start", proc, conf / "error.log")
        yield https_port, http_port
    finally:
        stop_process(proc, 15)
        server.shutdown()
        thread.join(timeout=10)


def fetch(port: int, path: str, method: str = "GET", body=None, headers=None, tls=True):
    """One request to nginx as a browser on https://portal.example:<port> sends it."""
    if tls:
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE  # the test's self-signed certificate
        conn = http.client.HTTPSConnection(HOST, port, timeout=30, context=context)
        raw = socket.create_connection(("127.0.0.1", port), timeout=30)
        conn.sock = context.wrap_socket(raw, server_hostname=HOST)  # SNI: the portal's name
    else:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request(method, path, body=body, headers={"Host": f"{HOST}:{port}", **(headers or {})})
    response = conn.getresponse()
    response.text = response.read().decode("utf-8", "replace")
    conn.close()
    return response


def test_links_are_https_and_the_request_id_comes_from_nginx(served, make_article):
    https_port, _ = served
    art = make_article(title="Lịch tiếp công dân tháng này")
    page = fetch(https_port, f"/bai-viet/{art.id}-{art.slug}")
    assert page.status == 200
    url = f"https://{HOST}:{https_port}/bai-viet/{art.id}-{art.slug}"
    assert f'<link rel="canonical" href="{url}">' in page.text
    assert re.fullmatch(r"[0-9a-f]{32}", page.getheader("X-Request-ID"))  # nginx's $request_id
    again = fetch(https_port, f"/bai-viet/{art.id}-{art.slug}")
    if page.getheader("Set-Cookie"):  # a response with Set-Cookie is never stored
        assert again.getheader("X-Cache-Status") == "MISS"
    robots = fetch(https_port, "/robots.txt").text
    assert f"Sitemap: https://{HOST}:{https_port}/sitemap.xml" in robots


def test_only_what_the_app_marks_cacheable_is_micro_cached(served):
    https_port, _ = served
    statuses = [fetch(https_port, "/rss.xml").getheader("X-Cache-Status") for _ in range(3)]
    assert statuses == ["MISS", "HIT", "HIT"]  # the feed says Cache-Control: public, max-age
    # robots.txt says nothing about caching, like a page a crawler got without the visitor
    # cookie: never stored, so the next new reader still reaches the counter.
    statuses = [fetch(https_port, "/robots.txt").getheader("X-Cache-Status") for _ in range(3)]
    assert statuses == ["MISS", "MISS", "MISS"]
    for path in ("/dang-nhap", "/quan-tri/"):
        assert fetch(https_port, path).getheader("X-Cache-Status") == "BYPASS"
    logged_in = fetch(https_port, "/rss.xml", headers={"Cookie": "session=abc"})
    assert logged_in.getheader("X-Cache-Status") == "BYPASS"


def test_static_files_and_media_are_served_by_nginx_with_the_apps_headers(served, app):
    https_port, _ = served
    css = fetch(https_port, "/static/css/portal.css")
    assert css.status == 200 and css.getheader("X-Cache-Status") is None  # not the app's
    assert css.getheader("Cache-Control") == "public, max-age=86400"
    assert css.getheader("X-Content-Type-Options") == "nosniff"
    assert css.getheader("Referrer-Policy") == "strict-origin-when-cross-origin"
    assert css.getheader("X-Frame-Options") == "SAMEORIGIN"
    versioned = fetch(https_port, "/static/css/portal.css?v=3")
    assert "immutable" in versioned.getheader("Cache-Control")
    media = Path(app.config["MEDIA_DIR"])
    (media / "2026" / "01").mkdir(parents=True)
    (media / "2026" / "01" / "anh.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really a photo")
    (media / ".an.jpg").write_bytes(b"hidden")
    image = fetch(https_port, "/media/2026/01/anh.jpg")
    assert image.status == 200 and image.getheader("Content-Type") == "image/jpeg"
    assert image.getheader("Content-Security-Policy") == "default-src 'none'; img-src 'self'"
    assert image.getheader("X-Content-Type-Options") == "nosniff"
    for path in ("/media/.an.jpg", "/media/2026/../.an.jpg", "/media/2026/01/anh.txt"):
        assert fetch(https_port, path).status == 404


def test_plain_http_redirects_to_https(served):
    _, http_port = served
    response = fetch(http_port, "/robots.txt?a=1", tls=False)
    assert response.status == 301
    assert response.getheader("Location") == f"https://{HOST}/robots.txt?a=1"


def test_a_vote_from_the_https_site_is_counted_through_nginx(served):
    https_port, _ = served
    poll = Poll(question="Cổng thông tin có hữu ích?", opens_at=utcnow() - timedelta(days=1))
    db.session.add(poll)
    db.session.flush()
    option = PollOption(poll_id=poll.id, position=1, label="Có")
    db.session.add(option)
    db.session.commit()
    response = fetch(
        https_port,
        f"/binh-chon/{poll.id}",
        method="POST",
        body=f"option={option.id}",
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/json",
            "Origin": f"https://{HOST}:{https_port}",
        },
    )
    assert response.status == 200, response.text
    assert json.loads(response.text)["code"] == "voted"
    assert response.getheader("X-Cache-Status") is None  # a POST never meets the cache
    db.session.rollback()  # end the read transaction that began before the vote
    assert db.session.query(Ballot).count() == 1
