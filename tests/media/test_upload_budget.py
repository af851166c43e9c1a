"""The cost budget of an upload, comments dropped, and no file left without its row."""

import io
from pathlib import Path

import pytest
from PIL import Image, ImageFile
from PIL.GifImagePlugin import GifImageFile
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from cms.audit import services as audit
from cms.extensions import db
from cms.media import services
from cms.media.models import Media
from tests.media.conftest import JSON, make_image, media_count, media_files, upload

HTML = {"Accept": "text/html"}
PHONE = "ĐT 0912 345 678"  # a photographer's phone number, in a file's comment
COST = "Ảnh quá lớn hoặc quá nhiều khung hình"


def _upload(client, data: bytes, name="anh.gif", headers=JSON, **fields):
    return upload(client, data, name, headers, **fields)


def animated_gif(frames: int, size: int, comment: bytes = b"") -> bytes:
    """An animated GIF of single-colour frames (Pillow writes ``comment`` in its header)."""
    images = [Image.new("P", (size, size), i % 200) for i in range(frames)]
    palette = [value for i in range(256) for value in (i, 255 - i, (i * 7) % 256)]
    for image in images:
        image.putpalette(palette)
    out = io.BytesIO()
    options = {"comment": comment} if comment else {}
    images[0].save(
        out, "GIF", save_all=True, append_images=images[1:], duration=100, loop=0, **options
    )
    return out.getvalue()


def with_frame_comment(gif: bytes, comment: bytes) -> bytes:
    """The GIF with a comment extension before its second frame (as other encoders write)."""
    first = gif.find(b"\x21\xf9")  # graphic control extension of frame 1
    second = gif.find(b"\x21\xf9", first + 1)
    block = b"\x21\xfe" + bytes([len(comment)]) + comment + b"\x00"
    return gif[:second] + block + gif[second:]


@pytest.fixture(scope="module")
def hostile_gif() -> bytes:
    """The GIF of issue 9: 40 frames of 3000 × 3000, about 343 KB, 360 million pixels."""
    return animated_gif(40, 3000)


@pytest.fixture
def decoded(monkeypatch):
    """Count the frames Pillow decodes (ImageFile.load) during the test."""
    calls = []
    real = ImageFile.ImageFile.load

    def counting(self):
        calls.append(self)
        return real(self)

    monkeypatch.setattr(ImageFile.ImageFile, "load", counting)
    return calls


# ------------------------------------------------------------ limits read from the header


def test_hostile_gif_is_refused_before_any_decoding(app, client, reporter, hostile_gif, decoded):
    assert 300_000 < len(hostile_gif) < 400_000
    response = _upload(client, hostile_gif, name="dong.gif")
    assert response.status_code == 413
    message = response.get_json()["message"]
    assert COST in message and "40 khung hình" in message and "3000 × 3000" in message
    assert decoded == []  # not one frame decoded
    assert media_count() == 0 and media_files(app) == []


@pytest.mark.parametrize(
    ("limit", "refused", "accepted"),
    [
        ("MEDIA_MAX_FRAMES", animated_gif(4, 20), animated_gif(3, 20)),
        ("MEDIA_MAX_TOTAL_PIXELS", animated_gif(2, 40), animated_gif(4, 20)),
        # 60 × 60 RGBA holds 4 bytes a pixel, 100 × 100 grey 1: refused, accepted.
        ("MEDIA_MAX_DECODED_BYTES", make_image("PNG", (60, 60), alpha=True), None),
    ],
    ids=["frames", "frames-x-pixels", "decoded-bytes"],
)
def test_each_limit_refuses_from_the_header(make_app, login_as, decoded, limit, refused, accepted):
    limits = {
        "MEDIA_MAX_FRAMES": 3,
        "MEDIA_MAX_TOTAL_PIXELS": 3000,
        "MEDIA_MAX_DECODED_BYTES": 12_000,
    }
    app = make_app(**{limit: limits[limit]})
    if accepted is None:
        grey = io.BytesIO()
        Image.new("L", (100, 100), 128).save(grey, "PNG")
        accepted = grey.getvalue()
    with app.app_context():
        client = app.test_client()
        login_as(client, "reporter")
        response = _upload(client, refused, name="anh.png")
        assert response.status_code == 413
        assert COST in response.get_json()["message"]
        assert decoded == [] and media_count() == 0 and media_files(app) == []
        assert _upload(client, accepted, name="anh.png").status_code == 201


def test_refusal_keeps_the_form(client, reporter, hostile_gif):
    response = _upload(
        client, hostile_gif, headers=HTML, alt="Lễ hội đua thuyền", caption="Ảnh: Minh Anh"
    )
    assert response.status_code == 413
    page = response.get_data(as_text=True)
    assert COST in page and 'role="alert"' in page
    assert 'value="Lễ hội đua thuyền"' in page and 'value="Ảnh: Minh Anh"' in page


# ------------------------------------------------------------ the time budget


def test_time_budget_is_checked_between_frames(make_app, login_as, monkeypatch):
    app = make_app(MEDIA_PROCESS_SECONDS=5)
    gif = animated_gif(12, 30)
    with app.app_context():
        client = app.test_client()
        login_as(client, "reporter")
        # A clock that moves one second each time it is read: the deadline check before
        # each frame sees time pass as it would with large frames.
        ticks = iter(range(10**6))
        monkeypatch.setattr(services, "clock", lambda: next(ticks))
        frames_decoded = []
        real_seek = GifImageFile.seek

        def noting_seek(image, frame):
            frames_decoded.append(frame)
            return real_seek(image, frame)

        monkeypatch.setattr(GifImageFile, "seek", noting_seek)
        response = _upload(client, gif, headers=HTML, alt="Pháo hoa")
        assert response.status_code == 413
        page = response.get_data(as_text=True)
        assert "không xử lý xong trong 5 giây" in page and 'value="Pháo hoa"' in page
        assert 0 < max(frames_decoded) < 11  # stopped part-way through the frames
        assert media_count() == 0 and media_files(app) == []
        monkeypatch.setattr(services, "clock", lambda: 0)  # time stands still: stored
        assert _upload(client, gif).status_code == 201


def test_a_broken_later_frame_is_a_clear_400(app, client, reporter):
    gif = animated_gif(4, 40)
    last = gif.rfind(b"\x2c\x00\x00\x00\x00")  # the last frame's image descriptor
    packed = gif[last + 9]
    lzw = last + 10 + (3 * 2 ** ((packed & 7) + 1) if packed & 0x80 else 0)
    # An LZW code size of 13 (at most 12 is valid): the frames still count, the header
    # checks pass, and the error comes only when that frame is decoded.
    broken = gif[:lzw] + b"\x0d" + gif[lzw + 1 :]
    assert Image.open(io.BytesIO(broken)).n_frames == 4
    response = _upload(client, broken)
    assert response.status_code == 400
    assert "bị hỏng" in response.get_json()["message"]
    assert media_count() == 0 and media_files(app) == []


# ------------------------------------------------------------ comments are dropped


def _jpeg_with_comment() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (900, 600), (30, 120, 200)).save(out, "JPEG", comment=PHONE.encode())
    return out.getvalue()


def _gif_with_comment() -> bytes:
    out = io.BytesIO()
    Image.new("P", (900, 600), 3).save(out, "GIF", comment=PHONE.encode())
    return out.getvalue()


def _animated_gif_with_comments() -> bytes:
    return with_frame_comment(
        animated_gif(3, 900, comment=PHONE.encode()), b"Frame " + PHONE.encode()
    )


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (_jpeg_with_comment(), "anh.jpg"),
        (_gif_with_comment(), "anh.gif"),
        (_animated_gif_with_comments(), "dong.gif"),
    ],
    ids=["jpeg-com", "gif-comment", "animated-gif-comments"],
)
def test_comments_are_dropped_from_every_file(app, client, reporter, data, name):
    assert PHONE.encode() in data
    original = Image.open(io.BytesIO(data))
    assert PHONE.encode() in original.info["comment"]
    assert _upload(client, data, name=name).status_code == 201
    files = media_files(app)
    assert len(files) == 4  # the original and three renditions
    for path in files:
        assert PHONE.encode() not in path.read_bytes(), path
        stored = Image.open(path)
        for frame in range(getattr(stored, "n_frames", 1)):
            stored.seek(frame)
            assert "comment" not in stored.info, (path, frame)
    if name == "dong.gif":
        stored_gif = Image.open(
            Path(app.config["MEDIA_DIR"]) / db.session.scalar(select(Media.filename))
        )
        assert stored_gif.n_frames == 3 and stored_gif.info.get("loop") == 0


# ------------------------------------------------------------ no orphans, no 500


def test_storage_that_cannot_be_written_keeps_the_form(make_app, login_as, tmp_path):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the media directory should be")
    app = make_app(MEDIA_DIR=str(blocker / "media"))
    with app.app_context():
        client = app.test_client()
        login_as(client, "reporter")
        response = _upload(
            client, make_image("JPEG"), name="anh.jpg", headers=HTML, caption="Chợ phiên"
        )
        assert response.status_code == 503
        page = response.get_data(as_text=True)
        assert "Không lưu được ảnh vào kho lưu trữ" in page and 'value="Chợ phiên"' in page
        assert media_count() == 0


def test_files_are_removed_when_the_row_cannot_be_written(app, client, reporter, monkeypatch):
    def locked(*_args, **_kwargs):
        raise OperationalError("INSERT INTO audit_entry", {}, Exception("database is locked"))

    monkeypatch.setattr(audit, "record", locked)
    response = _upload(client, make_image("JPEG", (900, 600)), name="anh.jpg")
    assert response.status_code == 503
    assert "cơ sở dữ liệu đang bận" in response.get_json()["message"]
    assert media_count() == 0
    assert media_files(app) == []  # written before the transaction, removed after it failed
