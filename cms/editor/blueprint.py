"""The editor area's blueprint, guarded as a whole: every route needs a staff login."""

from flask import Blueprint, current_app, request

from cms.core.access import guard

bp = Blueprint("editor", __name__, url_prefix="/quan-tri")
guard(bp, "reporter")

# Endpoints whose requests carry an image plus the article's text.
UPLOAD_ENDPOINTS = {"editor.article_new", "editor.article_edit", "editor.media_upload"}
FORM_MARGIN = 1024 * 1024  # room for the text fields beside a file of MAX_CONTENT_LENGTH
MAX_FORM_FIELD = 4 * 1024 * 1024  # a long article body


@bp.url_value_preprocessor
def _raise_limits_for_uploads(endpoint, _values):
    """Let an upload request be a little over MAX_CONTENT_LENGTH, so a too-large image is
    refused by our own check with the article form re-shown, instead of a bare 413.

    A URL value preprocessor runs before every before_request hook, including the CSRF
    check that is the first to read the body.
    """
    if endpoint in UPLOAD_ENDPOINTS and request.method == "POST":
        limit = current_app.config.get("MAX_CONTENT_LENGTH")
        if limit:
            request.max_content_length = limit + FORM_MARGIN
        request.max_form_memory_size = MAX_FORM_FIELD
