"""An upload decodes outside the database's write lock: page views that write stay fast."""

import io
import threading
import time

from cms.media import services
from cms.stats.services import COOKIE_NAME
from tests.media.conftest import make_image

UPLOAD = "/quan-tri/thu-vien-anh/tai-len"
BROWSER = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0 Mobile Safari/537.36"
)
SLOW_SECONDS = 1.5


def test_page_view_is_not_blocked_by_a_slow_upload(app, client, reporter, monkeypatch):
    """While an upload spends 1.5 s re-encoding, the home page (which writes the visitor
    counter, BEGIN IMMEDIATE on SQLite) answers in a fraction of that."""
    started = threading.Event()
    real_encode = services._encode_original

    def slow_encode(*args, **kwargs):
        started.set()
        time.sleep(SLOW_SECONDS)  # a deliberately slow step of the real re-encoding
        return real_encode(*args, **kwargs)

    monkeypatch.setattr(services, "_encode_original", slow_encode)
    result = {}

    def upload():
        result["response"] = client.post(
            UPLOAD,
            data={"file": (io.BytesIO(make_image("JPEG", (900, 600))), "anh.jpg")},
            headers={"Accept": "application/json"},
            content_type="multipart/form-data",
        )

    # Templates compiled beforehand, so the measured view is only the page and its write.
    assert app.test_client().get("/", headers={"User-Agent": BROWSER}).status_code == 200
    reader = app.test_client()  # no cookie: a new visitor, whose visit is written
    thread = threading.Thread(target=upload)
    thread.start()
    try:
        assert started.wait(30), "the upload never reached its re-encoding"
        start = time.perf_counter()
        page = reader.get("/", headers={"User-Agent": BROWSER})
        elapsed = time.perf_counter() - start
    finally:
        thread.join(60)
    assert page.status_code == 200
    assert f"{COOKIE_NAME}=" in page.headers.get("Set-Cookie", "")  # the visit was written
    assert elapsed < SLOW_SECONDS / 2, f"the page view waited {elapsed:.2f} s"
    assert result["response"].status_code == 201, result["response"].get_json()
