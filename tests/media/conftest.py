"""Fixtures of the media tests: real images made with Pillow, a logged-in reporter."""

import io
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import func, select

from cms.extensions import db
from cms.media.models import Media
from tests.auth.auth_helpers import fast_argon2

__all__ = ["fast_argon2"]  # autouse


UPLOAD = "/quan-tri/thu-vien-anh/tai-len"
JSON = {"Accept": "application/json"}


def upload(client, data: bytes, name="anh.jpg", headers=JSON, **fields):
    """POST one file to the media library's upload endpoint."""
    return client.post(
        UPLOAD,
        data={"file": (io.BytesIO(data), name), **fields},
        headers=headers,
        content_type="multipart/form-data",
    )


def media_files(app) -> list[Path]:
    """Every file under the app's media directory."""
    root = Path(app.config["MEDIA_DIR"])
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def media_count() -> int:
    """The number of media rows."""
    return db.session.execute(select(func.count()).select_from(Media)).scalar_one()


def make_image(fmt: str = "JPEG", size=(64, 48), color=(200, 40, 40), **save_options) -> bytes:
    """Encode a real image of a format and size."""
    mode = "RGBA" if fmt in ("PNG", "WEBP") and save_options.pop("alpha", False) else "RGB"
    image = Image.new(mode, size, color)
    out = io.BytesIO()
    image.save(out, fmt, **save_options)
    return out.getvalue()


def bomb_png(width: int = 50_000, height: int = 50_000) -> bytes:
    """A tiny PNG whose header claims a huge size: a decompression bomb's calling card."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 1024)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )


@pytest.fixture
def reporter(client, login_as):
    """The test client, logged in as a reporter."""
    return login_as(client, "reporter")
