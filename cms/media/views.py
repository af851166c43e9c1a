"""Serving stored media files from whichever storage holds them (cms/core/storage.py)."""

from flask import Blueprint, Response, abort, current_app
from flask_babel import gettext as _

from cms.core.storage import media_storage

bp = Blueprint("media", __name__)

# Only our own generated file names are served; anything else is a 404.
ALLOWED_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".gif")
MAX_AGE = 30 * 86400  # a stored file never changes under its name
RETRY_AFTER_SECONDS = 30


@bp.get("/media/<path:filename>")
def serve(filename: str):
    """Serve a stored image with its content type, nosniff and a long cache lifetime.

    Streamed from the directory or the bucket; a missing file is a 404, and storage that
    cannot be reached is a 503 with Retry-After (never cached).
    """
    if not filename.lower().endswith(ALLOWED_SUFFIXES):
        abort(404)
    try:
        response = media_storage().serve(filename, MAX_AGE)
    except FileNotFoundError:
        abort(404)
    except OSError as exc:
        current_app.logger.warning("media: cannot serve %s: %s", filename, exc)
        response = Response(
            _("Kho lưu trữ ảnh tạm thời không truy cập được. Hãy thử lại sau ít phút."),
            503,
            {"Retry-After": str(RETRY_AFTER_SECONDS), "Cache-Control": "no-store"},
            mimetype="text/plain",
        )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; img-src 'self'"
    return response
