"""Storing uploaded images: check by content, strip metadata, make renditions once.

An upload is trusted for nothing: its name and declared type are ignored, Pillow decides
what it is. The pixels are re-encoded into a fresh file, which drops EXIF (GPS location
included) and anything appended to the image; the file gets a random name under
MEDIA_DIR, outside the code tree.
"""

import io
import secrets
import warnings
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError
from sqlalchemy import func, or_, select

from cms.audit import services as audit
from cms.core.formatting import utcnow
from cms.core.pagination import Page
from cms.core.text import nfc
from cms.extensions import db
from cms.media.models import RENDITIONS, Media

# Pillow format -> suffix of the stored original.
FORMATS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp", "GIF": ".gif"}
DEFAULT_MAX_PIXELS = 40_000_000  # about 8000 × 5000: any real photo, no decompression bomb


class UploadError(ValueError):
    """An upload that is refused, with a message for the person who sent it and the HTTP
    status to answer with (413 for a file over MAX_CONTENT_LENGTH, else 400)."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


@dataclass
class CheckedImage:
    """An upload that passed every check, decoded."""

    image: Image.Image
    format: str
    frames: int


def max_pixels() -> int:
    """The decompression-bomb limit in pixels (MEDIA_MAX_PIXELS)."""
    return int(current_app.config.get("MEDIA_MAX_PIXELS") or DEFAULT_MAX_PIXELS)


def check_image(data: bytes) -> CheckedImage:
    """Decide from the bytes alone whether this is an image we accept; raise UploadError."""
    if not data:
        raise UploadError(_("Tệp rỗng. Hãy chọn một tệp ảnh."))
    limit = current_app.config.get("MAX_CONTENT_LENGTH")
    if limit and len(data) > limit:
        raise UploadError(too_large_message(), 413)
    try:
        with warnings.catch_warnings():
            # Over MAX_IMAGE_PIXELS Pillow only warns; we refuse.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            probe = Image.open(io.BytesIO(data))
            if probe.format not in FORMATS:
                raise UploadError(
                    _("Chỉ nhận ảnh JPEG, PNG, WebP hoặc GIF (tệp này là %(kind)s).")
                    % {"kind": probe.format or "?"}
                )
            if probe.width * probe.height > max_pixels():
                raise UploadError(bomb_message(probe.width, probe.height))
            probe.verify()
            # verify() leaves the image unusable: open again and decode every pixel.
            image = Image.open(io.BytesIO(data))
            frames = getattr(image, "n_frames", 1)
            image.load()
    except UploadError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise UploadError(bomb_message()) from None
    except UnidentifiedImageError:
        raise UploadError(
            _("Tệp này không phải là ảnh. Chỉ nhận ảnh JPEG, PNG, WebP hoặc GIF.")
        ) from None
    except (OSError, SyntaxError, ValueError, EOFError):
        raise UploadError(_("Ảnh bị hỏng hoặc không đọc được. Hãy chọn ảnh khác.")) from None
    return CheckedImage(image=image, format=probe.format, frames=frames)


def too_large_message() -> str:
    """The message for a file over MAX_CONTENT_LENGTH."""
    limit = current_app.config.get("MAX_CONTENT_LENGTH") or 0
    return _("Tệp quá lớn: tối đa %(mb)s MB.") % {"mb": f"{limit / 1024 / 1024:.1f}"}


def bomb_message(width: int | None = None, height: int | None = None) -> str:
    """The message for an image whose pixel count is over the limit."""
    if width and height:
        return _(
            "Ảnh có kích thước điểm ảnh quá lớn (%(w)s × %(h)s). Hãy thu nhỏ ảnh rồi thử lại."
        ) % {"w": width, "h": height}
    return _("Ảnh có kích thước điểm ảnh quá lớn. Hãy thu nhỏ ảnh rồi thử lại.")


def _prepare(image: Image.Image, fmt: str) -> Image.Image:
    """Apply the EXIF orientation and convert to a mode the output format can store."""
    image = ImageOps.exif_transpose(image) or image
    if fmt == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    elif fmt in ("PNG", "WEBP") and image.mode not in ("RGB", "RGBA", "L", "LA"):
        image = image.convert("RGBA" if "transparency" in image.info else "RGB")
    return image


def _encode(image: Image.Image, fmt: str) -> bytes:
    """Encode pixels into a fresh file of the format, with no metadata."""
    out = io.BytesIO()
    if fmt == "JPEG":
        image.save(out, "JPEG", quality=85, optimize=True, progressive=True)
    elif fmt == "WEBP":
        image.save(out, "WEBP", quality=82, method=4)
    else:
        image.save(out, fmt, optimize=True)
    return out.getvalue()


def _encode_original(checked: CheckedImage) -> bytes:
    """Re-encode the upload itself (animated GIFs keep their frames)."""
    if checked.format == "GIF":
        out = io.BytesIO()
        image = checked.image
        image.seek(0)
        save_all = checked.frames > 1
        image.save(out, "GIF", save_all=save_all, optimize=False)
        return out.getvalue()
    return _encode(_prepare(checked.image, checked.format), checked.format)


def _rendition(checked: CheckedImage, longest: int) -> tuple[bytes, str]:
    """A still resized so its longest side is at most ``longest`` (never upscaled)."""
    image = checked.image
    if checked.format == "GIF":
        image.seek(0)
        fmt = "PNG"
        image = image.convert("RGBA")
    else:
        fmt = checked.format
        image = _prepare(image, fmt)
    image = image.copy()
    image.thumbnail((longest, longest), Image.Resampling.LANCZOS)
    return _encode(image, fmt), fmt


def store_upload(data: bytes, original_name: str, user, alt: str = "", caption: str = "") -> Media:
    """Check, re-encode and store an upload with its renditions; return the Media row.

    The row is added to the session and committed.
    """
    checked = check_image(data)
    root = Path(current_app.config["MEDIA_DIR"])
    now = utcnow()
    folder = f"{now:%Y}/{now:%m}"
    (root / folder).mkdir(parents=True, exist_ok=True)
    token = secrets.token_hex(12)
    original = _encode_original(checked)
    media = Media(
        filename=f"{folder}/{token}{FORMATS[checked.format]}",
        original_name=nfc(Path(original_name or "").name)[:255],
        format=checked.format,
        width=checked.image.width,
        height=checked.image.height,
        size=len(original),
        alt=nfc(alt)[:300],
        caption=nfc(caption)[:500],
        uploaded_by_id=getattr(user, "id", None),
        created_at=now,
    )
    written: list[Path] = []
    try:
        path = root / media.filename
        path.write_bytes(original)
        written.append(path)
        for name, longest in RENDITIONS.items():
            data_out, _fmt = _rendition(checked, longest)
            path = root / media.rendition_name(name)
            path.write_bytes(data_out)
            written.append(path)
        db.session.add(media)
        db.session.flush()
        audit.record(
            "media.upload", "media", media.id, media.original_name, actor=user, commit=False
        )
        db.session.commit()
    except BaseException:
        db.session.rollback()
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return media


def search(query: str, page: int, per_page: int) -> Page:
    """One page of the media library, newest first, optionally matching a text."""
    stmt = select(Media)
    count = select(func.count()).select_from(Media)
    text = nfc(query)
    if text:
        cond = or_(
            Media.original_name.icontains(text, autoescape=True),
            Media.alt.icontains(text, autoescape=True),
            Media.caption.icontains(text, autoescape=True),
        )
        stmt = stmt.where(cond)
        count = count.where(cond)
    total = db.session.execute(count).scalar_one()
    rows = db.session.execute(
        stmt.order_by(Media.created_at.desc(), Media.id.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).scalars()
    return Page(items=list(rows), page=page, per_page=per_page, total=total)


def as_json(media: Media) -> dict:
    """What the editor's image picker needs to know about an image."""
    return {
        "id": media.id,
        "url": media.url("medium"),
        "large": media.url("large"),
        "thumb": media.url("thumb"),
        "original": media.url(),
        "alt": media.alt,
        "caption": media.caption,
        "name": media.original_name,
        "width": media.width,
        "height": media.height,
    }


def init_app(app) -> None:
    """Set Pillow's decompression-bomb limit from MEDIA_MAX_PIXELS (process-wide)."""
    Image.MAX_IMAGE_PIXELS = int(app.config.get("MEDIA_MAX_PIXELS") or DEFAULT_MAX_PIXELS)
