"""Serving stored media files."""

from flask import Blueprint, abort, current_app, send_from_directory

bp = Blueprint("media", __name__)

# Only our own generated file names are served; anything else is a 404.
ALLOWED_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".gif")


@bp.get("/media/<path:filename>")
def serve(filename: str):
    """Serve a stored image with its content type, nosniff and a long cache lifetime."""
    if not filename.lower().endswith(ALLOWED_SUFFIXES):
        abort(404)
    response = send_from_directory(current_app.config["MEDIA_DIR"], filename, max_age=30 * 86400)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; img-src 'self'"
    return response
