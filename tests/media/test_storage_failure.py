"""Full or read-only media storage: the form comes back with the typed text and a clear
message (507 for a full disk, 503 for storage that cannot be written), no file is left
behind (no half-written, no 0-byte file), and neither the image nor the article is saved
half: an article sent with an image that cannot be stored is not saved at all.
"""

import io
import random

import pytest
from PIL import Image
from sqlalchemy import func, select

from cms.content.models import Article, Category
from cms.extensions import db
from tests.media.conftest import media_count
from tests.media.storage import storage

__all__ = ["storage"]  # fixture

UPLOAD = "/quan-tri/thu-vien-anh/tai-len"
HTML = {"Accept": "text/html"}
JSON = {"Accept": "application/json"}


def noisy_jpeg(size=(480, 360)) -> bytes:
    """A photo-like JPEG that compresses badly (about 100 KB): more than the space left."""
    pixels = random.Random(7).randbytes(size[0] * size[1] * 3)
    out = io.BytesIO()
    Image.frombytes("RGB", size, pixels).save(out, "JPEG", quality=90)
    return out.getvalue()


def _article_text(category_id: int) -> dict:
    """The text of an article being written."""
    return {
        "title": "Bài viết kèm ảnh khi kho đầy",
        "category_id": str(category_id),
        "summary": "Tóm tắt đã gõ",
        "body": "<p>Đoạn văn dài đã gõ suốt buổi sáng.</p>",
        "byline": "Minh Anh",
        "image_caption": "Chú thích ảnh chợ phiên",
        "action": "save",
    }


def _article_count() -> int:
    """The number of article rows."""
    return db.session.execute(select(func.count()).select_from(Article)).scalar_one()


@pytest.fixture
def storage_app(make_app, login_as, storage):
    """An app whose MEDIA_DIR is the failing storage, a logged-in reporter, a category."""
    app = make_app(MEDIA_DIR=str(storage.path))
    with app.app_context():
        category = Category(name="Tin tức", slug="tin-tuc", position=1)
        db.session.add(category)
        db.session.commit()
        client = app.test_client()
        login_as(client, "reporter")
        yield app, client, category.id


CASES = [
    pytest.param("full", 507, "kho đã đầy", id="full"),
    pytest.param("read-only", 503, "kho đang chỉ cho đọc", id="read-only"),
]


def _break(storage, how: str) -> None:
    """Make the storage full (a little space left, less than the upload) or read-only."""
    if how == "full":
        storage.fill(leave_kb=12)
    else:
        storage.make_read_only()


@pytest.mark.parametrize(("how", "status", "message"), CASES)
def test_library_upload_keeps_the_form_and_leaves_no_file(
    storage_app, storage, how, status, message
):
    _app, client, _category = storage_app
    _break(storage, how)
    page = client.post(
        UPLOAD,
        data={"file": (io.BytesIO(noisy_jpeg()), "cho.jpg"), "caption": "Chợ phiên"},
        headers=HTML,
        content_type="multipart/form-data",
    )
    assert page.status_code == status
    html = page.get_data(as_text=True)
    assert message in html and 'value="Chợ phiên"' in html
    api = client.post(
        UPLOAD,
        data={"file": (io.BytesIO(noisy_jpeg()), "cho.jpg")},
        headers=JSON,
        content_type="multipart/form-data",
    )
    assert api.status_code == status and message in api.json["message"]
    assert storage.files() == []  # no partial, no 0-byte, no temporary file
    assert media_count() == 0


@pytest.mark.parametrize(("how", "status", "message"), CASES)
def test_article_with_image_is_not_saved_half(storage_app, storage, how, status, message):
    _app, client, category_id = storage_app
    _break(storage, how)
    response = client.post(
        "/quan-tri/bai-viet/moi",
        data={**_article_text(category_id), "image_file": (io.BytesIO(noisy_jpeg()), "a.jpg")},
        content_type="multipart/form-data",
    )
    assert response.status_code == status
    page = response.get_data(as_text=True)
    assert message in page
    assert "Chưa lưu" in page  # the article was not saved, and the page says so
    assert 'value="Bài viết kèm ảnh khi kho đầy"' in page
    assert "Tóm tắt đã gõ" in page and "Đoạn văn dài đã gõ suốt buổi sáng." in page
    assert 'value="Chú thích ảnh chợ phiên"' in page
    assert _article_count() == 0 and media_count() == 0
    assert storage.files() == []


def test_space_freed_lets_the_same_upload_through(storage_app, storage):
    """After a refusal the storage is usable again: nothing was left holding space."""
    _app, client, _category = storage_app
    if storage.kind != "tmpfs":
        pytest.skip("the errno stub has no space to free; the tmpfs case covers this")
    storage.fill(leave_kb=12)
    data = noisy_jpeg()
    first = client.post(
        UPLOAD,
        data={"file": (io.BytesIO(data), "cho.jpg")},
        headers=JSON,
        content_type="multipart/form-data",
    )
    assert first.status_code == 507
    (storage.path / ".filler").unlink()
    second = client.post(
        UPLOAD,
        data={"file": (io.BytesIO(data), "cho.jpg")},
        headers=JSON,
        content_type="multipart/form-data",
    )
    assert second.status_code == 201
    assert media_count() == 1 and all(p.stat().st_size > 0 for p in storage.files())
