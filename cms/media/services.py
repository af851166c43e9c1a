"""Storing uploaded images: check by content, strip metadata, make renditions once.

An upload is trusted for nothing: its name and declared type are ignored, Pillow decides
what it is. The pixels are re-encoded into a fresh file, which drops EXIF (GPS location
included), comments (JPEG COM segments, GIF comment extensions) and anything appended to
the image; the file gets a random name in the media storage (cms/core/storage.py: MEDIA_DIR
or an S3 bucket), outside the code tree.

Every upload has a cost budget. From the header alone (Pillow's ``open`` decodes nothing,
and counting a GIF's frames only skips through its blocks), before any pixel is decoded:
at most MEDIA_MAX_PIXELS per frame, MEDIA_MAX_FRAMES frames, MEDIA_MAX_TOTAL_PIXELS
frames × pixels and MEDIA_MAX_DECODED_BYTES of decoded frames. Then a deadline of
MEDIA_PROCESS_SECONDS, checked between frames and between renditions, bounds the
re-encoding. The work runs outside any database transaction (so on SQLite it never holds
the write lock); only the row is written afterwards, in a short transaction, and the
files are removed again if that fails. Deleting an image removes its row first, then its
files (a file without its row is harmless; a row without its files is a broken image).
"""

import errno
import hashlib
import io
import secrets
import time
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError
from sqlalchemy import func, or_, select
from sqlalchemy.exc import OperationalError

from cms.audit import services as audit
from cms.core.database import outside_transaction, write_transaction
from cms.core.formatting import utcnow
from cms.core.pagination import Page
from cms.core.storage import Entry, Storage, media_storage
from cms.core.text import nfc
from cms.extensions import db
from cms.media.models import RENDITIONS, Media

# Pillow format -> suffix of the stored original.
FORMATS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp", "GIF": ".gif"}
DEFAULT_MAX_PIXELS = 40_000_000  # about 8000 × 5000: any real photo, no decompression bomb
DEFAULT_MAX_FRAMES = 500
DEFAULT_MAX_TOTAL_PIXELS = 60_000_000  # frames × width × height: about 2-3 s of work
DEFAULT_MAX_DECODED_BYTES = 256 * 1024 * 1024
DEFAULT_PROCESS_SECONDS = 10.0  # well under gunicorn's 30 s worker timeout
# The only metadata a re-encoded file keeps: what displaying its pixels needs. Pillow
# copies some keys of a decoded image's ``info`` into the new file (a JPEG's comment, a
# GIF's comment and extensions), so everything else is dropped before saving.
KEPT_INFO = ("transparency", "duration", "loop", "disposal", "background", "icc_profile")
# The monotonic clock of the processing deadline (a module attribute so tests can slow it).
clock = time.monotonic


class UploadError(ValueError):
    """An upload that is refused, with a message for the person who sent it and the HTTP
    status to answer with (413 for a file or an image too large to process, 507 when the
    media storage is full, 503 when it cannot be written or the database cannot take the
    row, else 400)."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


@dataclass
class CheckedImage:
    """An upload that passed every check, its first frame decoded."""

    image: Image.Image
    format: str
    frames: int
    width: int
    height: int


@dataclass
class Deadline:
    """The time budget of one upload's processing, checked between steps."""

    seconds: float
    end: float = field(init=False)

    def __post_init__(self):
        self.end = clock() + self.seconds

    def check(self) -> None:
        """Refuse the upload (413) once the budget is spent."""
        if clock() >= self.end:
            raise UploadError(too_slow_message(self.seconds), 413)


def _setting(name: str, default):
    """A media limit from the configuration, its default when unset or 0."""
    return type(default)(current_app.config.get(name) or default)


def max_pixels() -> int:
    """The decompression-bomb limit in pixels per frame (MEDIA_MAX_PIXELS)."""
    return _setting("MEDIA_MAX_PIXELS", DEFAULT_MAX_PIXELS)


def process_seconds() -> float:
    """The time budget for re-encoding one upload (MEDIA_PROCESS_SECONDS)."""
    return _setting("MEDIA_PROCESS_SECONDS", DEFAULT_PROCESS_SECONDS)


def _bytes_per_pixel(mode: str) -> int:
    """Bytes Pillow holds per pixel of a decoded image of this mode."""
    if mode in ("1", "L", "P"):
        return 1
    return 2 if mode.startswith("I;16") else 4


def check_cost(probe: Image.Image, frames: int) -> None:
    """Refuse (413) an image whose decoding would cost too much, from its header alone."""
    pixels = probe.width * probe.height
    # GIF frames after the first are decoded as RGB(A): four bytes a pixel.
    decoded = pixels * (_bytes_per_pixel(probe.mode) + 4 * (frames - 1))
    if (
        frames > _setting("MEDIA_MAX_FRAMES", DEFAULT_MAX_FRAMES)
        or pixels * frames > _setting("MEDIA_MAX_TOTAL_PIXELS", DEFAULT_MAX_TOTAL_PIXELS)
        or decoded > _setting("MEDIA_MAX_DECODED_BYTES", DEFAULT_MAX_DECODED_BYTES)
    ):
        raise UploadError(cost_message(frames, probe.width, probe.height), 413)


def check_image(data: bytes, deadline: Deadline | None = None) -> CheckedImage:
    """Decide from the bytes alone whether this is an image we accept; raise UploadError.

    The limits are checked on the header before any pixel is decoded; then the file is
    verified and its first frame decoded.
    """
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
                raise UploadError(bomb_message(probe.width, probe.height), 413)
            # Only a GIF keeps its animation; of other formats one frame is decoded.
            frames = probe.n_frames if probe.format == "GIF" else 1
            check_cost(probe, frames)
            probe.verify()
            # verify() leaves the image unusable: open again and decode the first frame.
            image = Image.open(io.BytesIO(data))
            image.load()
    except UploadError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise UploadError(bomb_message(), 413) from None
    except UnidentifiedImageError:
        raise UploadError(
            _("Tệp này không phải là ảnh. Chỉ nhận ảnh JPEG, PNG, WebP hoặc GIF.")
        ) from None
    except MemoryError:
        raise UploadError(bomb_message(), 413) from None
    except Exception:
        # Pillow meets malformed input with many kinds of error (OSError, SyntaxError,
        # EOFError, IndexError, struct.error…): for an upload they all mean a broken file.
        raise UploadError(broken_message()) from None
    if deadline is not None:
        deadline.check()
    return CheckedImage(image, probe.format, frames, image.width, image.height)


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


def cost_message(frames: int, width: int, height: int) -> str:
    """The message for an image whose frames × pixels cost too much to process."""
    return _(
        "Ảnh quá lớn hoặc quá nhiều khung hình để xử lý (%(frames)s khung hình, "
        "%(w)s × %(h)s điểm ảnh). Hãy giảm kích thước hoặc số khung hình rồi thử lại."
    ) % {"frames": frames, "w": width, "h": height}


def too_slow_message(seconds: float) -> str:
    """The message for an image whose re-encoding ran over the time budget."""
    return _(
        "Ảnh quá lớn hoặc quá nhiều khung hình: không xử lý xong trong %(s)s giây. "
        "Hãy giảm kích thước hoặc số khung hình rồi thử lại."
    ) % {"s": f"{seconds:g}"}


def broken_message() -> str:
    """The message for a file Pillow cannot decode."""
    return _("Ảnh bị hỏng hoặc không đọc được. Hãy chọn ảnh khác.")


def _strip(image: Image.Image) -> Image.Image:
    """Drop every piece of metadata the new file does not need (comments, EXIF, XMP)."""
    image.info = {key: image.info[key] for key in KEPT_INFO if key in image.info}
    return image


def _prepare(image: Image.Image, fmt: str) -> Image.Image:
    """Apply the EXIF orientation and convert to a mode the output format can store.

    The orientation is applied in place (the decoded image is ours): no full-size copy.
    """
    ImageOps.exif_transpose(image, in_place=True)
    if fmt == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    elif fmt in ("PNG", "WEBP") and image.mode not in ("RGB", "RGBA", "L", "LA"):
        image = image.convert("RGBA" if "transparency" in image.info else "RGB")
    return image


def _encode(image: Image.Image, fmt: str) -> bytes:
    """Encode pixels into a fresh file of the format, with no metadata."""
    _strip(image)
    out = io.BytesIO()
    if fmt == "JPEG":
        image.save(out, "JPEG", quality=85, optimize=True, progressive=True)
    elif fmt == "WEBP":
        image.save(out, "WEBP", quality=82, method=4)
    else:
        image.save(out, fmt, optimize=True)
    return out.getvalue()


def _later_frames(image: Image.Image, frames: int, deadline: Deadline) -> Iterator[Image.Image]:
    """Frames 2…n of an animated GIF, one at a time, the deadline checked before each."""
    for index in range(1, frames):
        deadline.check()
        image.seek(index)
        yield _strip(image.copy())


def _encode_original(checked: CheckedImage, deadline: Deadline) -> bytes:
    """Re-encode the upload itself (animated GIFs keep their frames; others are prepared)."""
    if checked.format == "GIF":
        image = checked.image
        image.seek(0)
        first = _strip(image.copy())
        out = io.BytesIO()
        if checked.frames > 1:
            # Pillow pulls the frames from the generator as it encodes them, so the
            # deadline is checked between frames, not once the whole work is done.
            first.save(
                out,
                "GIF",
                save_all=True,
                append_images=_later_frames(image, checked.frames, deadline),
                optimize=False,
            )
        else:
            first.save(out, "GIF", optimize=False)
        return out.getvalue()
    return _encode(checked.image, checked.format)


def _renditions(checked: CheckedImage, deadline: Deadline) -> Iterator[tuple[str, bytes]]:
    """Each rendition (name, bytes): stills resized so their longest side is at most the
    rendition's size, never upscaled, largest first, each made from the one before (the
    image is shrunk in place: the original is encoded already)."""
    image, fmt = checked.image, checked.format
    if fmt == "GIF":
        image.seek(0)
        image, fmt = image.convert("RGBA"), "PNG"
    for name, longest in sorted(RENDITIONS.items(), key=lambda item: -item[1]):
        deadline.check()
        image.thumbnail((longest, longest), Image.Resampling.LANCZOS)
        yield name, _encode(image, fmt)


@dataclass
class Processed:
    """The files of an upload, written to the media storage, and what its row records."""

    filename: str
    format: str
    width: int
    height: int
    size: int
    written: list[str]  # storage keys


def process_upload(data: bytes) -> Processed:
    """Check, re-encode and write an upload's files within its cost budget.

    Touches no database. A refusal (UploadError) leaves no file behind.
    """
    deadline = Deadline(process_seconds())
    checked = check_image(data, deadline)
    now = utcnow()
    folder = f"{now:%Y}/{now:%m}"
    # A Media row, never added to the session, only to name the files.
    names = Media(filename=f"{folder}/{secrets.token_hex(12)}{FORMATS[checked.format]}")
    names.format = checked.format
    try:
        if checked.format != "GIF":
            # Oriented once, for the original and the renditions alike.
            checked.image = _prepare(checked.image, checked.format)
            checked.width, checked.height = checked.image.size
        original = _encode_original(checked, deadline)
        files = {names.filename: original}
        for name, encoded in _renditions(checked, deadline):
            files[names.rendition_name(name)] = encoded
    except UploadError:
        raise
    except MemoryError:
        raise UploadError(
            cost_message(checked.frames, checked.width, checked.height), 413
        ) from None
    except Exception:
        # A frame after the first, decoded only now, is broken (see check_image).
        raise UploadError(broken_message()) from None
    return Processed(
        filename=names.filename,
        format=checked.format,
        width=checked.width,
        height=checked.height,
        size=len(original),
        written=_save_files(files),
    )


def _save_files(files: dict[str, bytes]) -> list[str]:
    """Store the files, all or none; return their keys.

    Each save is all or nothing (a synced temporary file renamed, or one S3 PUT): a full
    disk is noticed before the row is committed, and a worker killed mid-write leaves no
    half image under a real name. On failure every file stored so far is removed; the
    refusal says whether the storage is full (507), cannot be written (503) or cannot be
    reached (503).
    """
    storage = media_storage()
    saved: list[str] = []
    try:
        for key, data in files.items():
            storage.save(key, data)
            saved.append(key)
    except BaseException as exc:
        _remove_files(saved)
        if isinstance(exc, OSError):
            current_app.logger.error("media: cannot store an upload's files: %s", exc)
            raise UploadError(*storage_refusal(exc)) from None
        raise
    return saved


def _remove_files(keys: list[str]) -> list[str]:
    """Remove stored files, going on past failures; return the keys that could not go."""
    storage = media_storage()
    left = []
    for key in keys:
        try:
            storage.delete(key)
        except OSError as exc:  # storage that cannot delete either: an orphan, logged
            current_app.logger.warning("media: cannot remove %s: %s", key, exc)
            left.append(key)
    return left


# Errors that mean the storage could not be reached at all (an S3 server down or hung).
UNREACHABLE = (
    errno.ECONNREFUSED,
    errno.ECONNRESET,
    errno.ETIMEDOUT,
    errno.EHOSTUNREACH,
    errno.ENETUNREACH,
)


def storage_refusal(exc: OSError) -> tuple[str, int]:
    """The message and HTTP status for storage that refused a write."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return storage_full_message(), 507
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return storage_read_only_message(), 503
    if exc.errno in UNREACHABLE:
        return storage_unreachable_message(), 503
    return storage_message(), 503


def storage_full_message() -> str:
    """The message when the media storage is full."""
    return _(
        "Không lưu được ảnh vào kho lưu trữ vì kho đã đầy. Hãy báo quản trị viên rồi thử lại sau."
    )


def storage_read_only_message() -> str:
    """The message when the media storage cannot be written (read-only, no permission)."""
    return _(
        "Không lưu được ảnh vào kho lưu trữ vì kho đang chỉ cho đọc. "
        "Hãy báo quản trị viên rồi thử lại sau."
    )


def storage_unreachable_message() -> str:
    """The message when the media storage (an S3 server) does not answer."""
    return _(
        "Không lưu được ảnh vì không kết nối được tới kho lưu trữ ảnh. "
        "Hãy thử lại sau ít phút hoặc báo quản trị viên."
    )


def storage_message() -> str:
    """The message when the media storage cannot take the files for another reason."""
    return _(
        "Không lưu được ảnh vào kho lưu trữ (đầy hoặc không ghi được). "
        "Hãy thử lại sau hoặc báo quản trị viên."
    )


def store_upload(data: bytes, original_name: str, user, alt: str = "", caption: str = "") -> Media:
    """Check, re-encode and store an upload with its renditions; return the Media row.

    The image work and the file writes run outside any database transaction
    (``outside_transaction()``), so the request holds no lock meanwhile; then the row and
    its audit entry are written and committed in one short transaction. If that fails,
    the files are removed again: no file without its row (a database that is down or
    locked for longer than the busy timeout is a 503 with the form kept).
    """
    with outside_transaction():
        processed = process_upload(data)
    try:
        with write_transaction() as session:
            media = Media(
                filename=processed.filename,
                original_name=nfc(Path(original_name or "").name)[:255],
                format=processed.format,
                width=processed.width,
                height=processed.height,
                size=processed.size,
                alt=nfc(alt)[:300],
                caption=nfc(caption)[:500],
                uploaded_by_id=getattr(user, "id", None),
                created_at=utcnow(),
            )
            session.add(media)
            session.flush()
            audit.record("media.upload", "media", media.id, media.original_name, actor=user)
    except BaseException as exc:
        _remove_files(processed.written)
        if isinstance(exc, OperationalError):
            current_app.logger.exception("media: cannot record an upload")
            raise UploadError(database_busy_message(), 503) from None
        raise
    return media


def media_files(media: Media) -> list[str]:
    """The keys of an image's files: the original and every rendition."""
    return [media.filename, *(media.rendition_name(name) for name in RENDITIONS)]


def delete_media(media_id: int, user) -> bool:
    """Delete an image: its row and audit entry in one short transaction, then its files.

    The files go only once the row is gone, so a failed commit leaves the image whole; a
    file that cannot be removed then is logged and left (an orphan nobody links to).
    Returns False when there is no such image.
    """
    with write_transaction() as session:
        media = session.get(Media, media_id)
        if media is None:
            return False
        keys = media_files(media)
        audit.record("media.delete", "media", media.id, media.original_name, actor=user)
        session.delete(media)
    _remove_files(keys)
    return True


@dataclass
class Copied:
    """What copying media between storages did."""

    copied: int = 0
    skipped: int = 0
    bytes: int = 0


def _md5(data: bytes) -> str:
    """The MD5 hex digest S3 gives as the ETag of a single-part object (not for security)."""
    return hashlib.md5(data, usedforsecurity=False).hexdigest()


def copy_files(origin: Storage, destination: Storage, entries: Iterable[Entry]) -> Copied:
    """Copy the listed files from one storage into another; raise OSError on failure.

    A file the destination holds already with the same size and MD5 is skipped, so a
    copy that stopped halfway is finished by running it again.
    """
    present = {entry.key: entry for entry in destination.list()}
    result = Copied()
    for entry in entries:
        data = origin.read(entry.key)
        there = present.get(entry.key)
        if there is not None and there.size == len(data):
            theirs = there.md5 or _md5(destination.read(entry.key))
            if theirs == _md5(data):
                result.skipped += 1
                continue
        destination.save(entry.key, data)
        result.copied += 1
        result.bytes += len(data)
    return result


def database_busy_message() -> str:
    """The message when the database cannot take the upload's row right now."""
    return _(
        "Chưa lưu được ảnh vì cơ sở dữ liệu đang bận hoặc không truy cập được. "
        "Hãy thử lại sau ít phút."
    )


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
