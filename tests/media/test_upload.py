"""Image uploads: checked by content, metadata stripped, renditions, every rejection."""

import io
import re
from pathlib import Path

import pytest
from PIL import ExifTags, Image
from sqlalchemy import func, select

from cms.content.models import Article, Category
from cms.extensions import db
from cms.media.models import Media
from tests.media.conftest import (
    JSON,
    UPLOAD,
    bomb_png,
    make_image,
    media_count,
    media_files,
    upload,
)


@pytest.mark.parametrize(
    ("fmt", "mime", "suffix"),
    [
        ("JPEG", "image/jpeg", ".jpg"),
        ("PNG", "image/png", ".png"),
        ("WEBP", "image/webp", ".webp"),
        ("GIF", "image/gif", ".gif"),
    ],
)
def test_each_accepted_format(app, client, reporter, fmt, mime, suffix):
    response = upload(client, make_image(fmt), name=f"anh{suffix}", alt="Cánh đồng lúa")
    assert response.status_code == 201, response.get_json()
    media = db.session.execute(select(Media)).scalar_one()
    assert media.format == fmt and media.filename.endswith(suffix)
    assert media.alt == "Cánh đồng lúa" and media.uploaded_by_id == reporter.id
    assert len(media_files(app)) == 4  # the original and three renditions
    served = client.get(media.url())
    assert served.status_code == 200
    assert served.mimetype == mime
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    for name in ("thumb", "medium", "large"):
        rendition = client.get(media.url(name))
        assert rendition.status_code == 200
        assert rendition.headers["X-Content-Type-Options"] == "nosniff"
    assert response.get_json()["media"]["url"] == media.url("medium")


def test_renditions_are_resized_once_never_upscaled(app, client, reporter):
    upload(client, make_image("JPEG", (2000, 1000)))
    media = db.session.execute(select(Media)).scalar_one()
    root = Path(app.config["MEDIA_DIR"])
    sizes = {
        n: Image.open(root / media.rendition_name(n)).size for n in ("thumb", "medium", "large")
    }
    assert sizes == {"thumb": (320, 160), "medium": (800, 400), "large": (1600, 800)}
    upload(client, make_image("PNG", (100, 50)), name="nho.png")
    small = db.session.execute(select(Media).order_by(Media.id.desc()).limit(1)).scalar_one()
    assert Image.open(root / small.rendition_name("large")).size == (100, 50)


def test_gps_exif_is_stripped(app, client, reporter):
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Camera"
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (21.0, 1.0, 30.0),
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (105.0, 50.0, 10.0),
    }
    original = make_image("JPEG", (120, 80), exif=exif.tobytes())
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(ExifTags.IFD.GPSInfo)
    assert upload(client, original).status_code == 201
    media = db.session.execute(select(Media)).scalar_one()
    for path in media_files(app):
        stored = Image.open(path)
        assert not stored.getexif().get_ifd(ExifTags.IFD.GPSInfo), path
        assert "exif" not in stored.info, path
    assert b"Camera" not in (Path(app.config["MEDIA_DIR"]) / media.filename).read_bytes()


def test_names_are_generated_and_trailing_payloads_dropped(app, client, reporter):
    payload = make_image("PNG") + b"<script>alert(1)</script>"
    response = upload(client, payload, name="../../cms/evil.php.png")
    assert response.status_code == 201
    media = db.session.execute(select(Media)).scalar_one()
    assert re.fullmatch(r"\d{4}/\d{2}/[0-9a-f]{24}\.png", media.filename)
    assert media.original_name == "evil.php.png"
    for path in media_files(app):
        assert b"<script" not in path.read_bytes()
        assert Path(app.config["MEDIA_DIR"]) in path.parents


def test_animated_gif_keeps_its_frames(app, client, reporter):
    colours = [(200, 30, 30), (30, 200, 30), (30, 30, 200), (200, 200, 30)]
    frames = [Image.new("RGB", (30, 30), c) for c in colours]
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    assert upload(client, out.getvalue(), name="dong.gif").status_code == 201
    media = db.session.execute(select(Media)).scalar_one()
    root = Path(app.config["MEDIA_DIR"])
    assert Image.open(root / media.filename).n_frames == 4
    assert media.rendition_name("thumb").endswith("-thumb.png")


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"Xin chao, day khong phai anh.", "anh.jpg", "không phải là ảnh"),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "a.svg",
            "không phải là ảnh",
        ),
        (b"GIF89a<script>alert(1)</script>", "a.gif", "không phải là ảnh"),
        (make_image("JPEG", (300, 200))[:400], "hong.jpg", "bị hỏng"),
        (make_image("PNG", (300, 200))[:-30], "hong.png", "bị hỏng"),
        (make_image("BMP"), "anh.bmp", "Chỉ nhận ảnh JPEG, PNG, WebP hoặc GIF"),
        (make_image("TIFF"), "anh.jpg", "Chỉ nhận ảnh JPEG, PNG, WebP hoặc GIF"),
        (bomb_png(), "bom.png", "kích thước điểm ảnh quá lớn"),
        (b"", "rong.jpg", "Hãy chọn một tệp ảnh"),
    ],
    ids=[
        "text",
        "svg",
        "fake-gif",
        "truncated-jpeg",
        "truncated-png",
        "bmp",
        "tiff",
        "bomb",
        "empty",
    ],
)
def test_rejections_have_clear_messages(app, client, reporter, data, name, message):
    response = upload(client, data, name=name)
    # Too large to process is 413, like a file too large; anything else is 400.
    assert response.status_code == (413 if "quá lớn" in message else 400)
    assert message in response.get_json()["message"]
    assert media_count() == 0 and media_files(app) == []


def test_bomb_under_pillows_own_limit_is_refused_by_ours(make_app, login_as):
    app = make_app(MEDIA_MAX_PIXELS=100 * 100)
    with app.app_context():
        client = app.test_client()
        login_as(client, "reporter")
        response = upload(client, make_image("PNG", (200, 200)), name="lon.png")
        assert response.status_code == 413
        assert "kích thước điểm ảnh quá lớn" in response.get_json()["message"]
        assert upload(client, make_image("PNG", (100, 100)), name="vua.png").status_code == 201


def test_too_large_file(make_app, login_as):
    app = make_app(MAX_CONTENT_LENGTH=50_000)
    with app.app_context():
        client = app.test_client()
        login_as(client, "reporter")
        big = make_image("PNG", (20, 20)) + b"\0" * 60_000
        response = upload(client, big, name="lon.png")
        assert response.status_code == 413
        assert "Tệp quá lớn" in response.get_json()["message"]
        # Far over the limit: the friendly 413 page, in Vietnamese.
        huge = b"\0" * 3_000_000
        response = upload(client, huge, name="rat-lon.png", headers={"Accept": "text/html"})
        assert response.status_code == 413
        assert "Tệp quá lớn" in response.get_data(as_text=True)
        assert media_count() == 0


def test_html_upload_form_shows_the_message(client, reporter):
    response = upload(client, b"not an image", headers={"Accept": "text/html"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "không phải là ảnh" in page and 'role="alert"' in page
    ok = upload(client, make_image("JPEG"), headers={"Accept": "text/html"})
    assert ok.status_code == 302


def test_no_file_at_all(client, reporter):
    response = client.post(UPLOAD, data={}, headers=JSON)
    assert response.status_code == 400
    assert "Hãy chọn một tệp ảnh" in response.get_json()["message"]


# ------------------------------------------------------------ the article form keeps its text


def _fields(category_id: int) -> dict:
    """The text of an article being written."""
    return {
        "title": "Bài viết đang soạn dở",
        "category_id": str(category_id),
        "summary": "Tóm tắt chưa lưu",
        "body": "<p>Đoạn văn dài đã gõ suốt buổi sáng.</p>",
        "byline": "Minh Anh",
        "image_caption": "Chú thích ảnh",
        "action": "save",
    }


@pytest.mark.parametrize(
    ("data", "message", "status"),
    [
        (b"%PDF-1.4 not an image", "không phải là ảnh", 400),
        (make_image("JPEG", (300, 200))[:500], "bị hỏng", 400),
        # The article form answers with the upload's own status, as the library does.
        (bomb_png(), "kích thước điểm ảnh quá lớn", 413),
        (make_image("PNG") + b"\0" * 70_000, "Tệp quá lớn", 413),
    ],
    ids=["not-image", "corrupt", "bomb", "too-large"],
)
def test_bad_image_in_article_form_loses_nothing(make_app, login_as, data, message, status):
    app = make_app(MAX_CONTENT_LENGTH=60_000)
    with app.app_context():
        category = Category(name="Tin tức", slug="tin-tuc")
        db.session.add(category)
        db.session.commit()
        article_fields = _fields(category.id)
        client = app.test_client()
        login_as(client, "reporter")
        response = client.post(
            "/quan-tri/bai-viet/moi",
            data={**article_fields, "image_file": (io.BytesIO(data), "anh.jpg")},
            content_type="multipart/form-data",
        )
        assert response.status_code == status
        page = response.get_data(as_text=True)
        assert message in page
        assert 'value="Bài viết đang soạn dở"' in page
        assert "Tóm tắt chưa lưu" in page
        assert "Đoạn văn dài đã gõ suốt buổi sáng." in page
        assert 'value="Chú thích ảnh"' in page
        assert db.session.execute(select(func.count()).select_from(Article)).scalar_one() == 0
        assert media_count() == 0


@pytest.fixture
def article_fields(make_category):
    """The article form's text in the default test app."""
    return _fields(make_category().id)


def test_good_image_in_article_form_becomes_the_featured_image(client, reporter, article_fields):
    response = client.post(
        "/quan-tri/bai-viet/moi",
        data={
            **article_fields,
            "image_file": (io.BytesIO(make_image("JPEG", (1200, 800))), "a.jpg"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    article = db.session.execute(select(Article)).scalar_one()
    media = db.session.execute(select(Media)).scalar_one()
    assert article.image_url == media.url("medium")
    assert media.caption == "Chú thích ảnh"


def test_featured_image_must_come_from_our_media(client, reporter, article_fields):
    response = client.post(
        "/quan-tri/bai-viet/moi",
        data={**article_fields, "image_url": "javascript:alert(1)"},
    )
    assert response.status_code == 400
    assert "Chỉ dùng ảnh trong thư viện ảnh" in response.get_data(as_text=True)


# ------------------------------------------------------------ library and serving


def test_library_lists_and_searches(client, reporter):
    upload(client, make_image("JPEG"), name="le-hoi-den-hung.jpg", alt="Lễ hội")
    upload(client, make_image("PNG"), name="cau-moi.png", caption="Cầu mới khánh thành")
    page = client.get("/quan-tri/thu-vien-anh").get_data(as_text=True)
    assert "le-hoi-den-hung.jpg" in page and "cau-moi.png" in page
    found = client.get("/quan-tri/thu-vien-anh?q=khánh thành", headers=JSON).get_json()
    assert [item["name"] for item in found["items"]] == ["cau-moi.png"]
    assert found["items"][0]["thumb"].endswith("-thumb.png")
    assert client.get("/quan-tri/thu-vien-anh?q=%25").status_code == 200
    # LIKE wildcards are matched as themselves: "_" is no single-letter joker.
    assert client.get("/quan-tri/thu-vien-anh?q=cau_moi", headers=JSON).get_json()["total"] == 0
    assert client.get("/quan-tri/thu-vien-anh?q=%25", headers=JSON).get_json()["total"] == 0


def test_library_is_staff_only(client):
    assert client.get("/quan-tri/thu-vien-anh").status_code == 302
    assert upload(client, make_image("JPEG")).status_code == 401


@pytest.mark.parametrize(
    "path", ["/media/../cms/config.py", "/media/x.svg", "/media/x.html", "/media/nope.jpg"]
)
def test_serving_only_our_images(client, path):
    assert client.get(path).status_code == 404
