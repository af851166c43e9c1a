"""The media library in the editor area: browse, search, upload, pick for the editor."""

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from cms.core.access import wants_json
from cms.core.database import outside_transaction
from cms.core.pagination import check_in_range, page_arg
from cms.core.text import nfc
from cms.editor.blueprint import bp
from cms.editor.forms import UploadForm
from cms.media import services

PER_PAGE = 24


def _library(form: UploadForm, status: int = 200, error: str | None = None):
    page = page_arg()
    query = nfc(request.args.get("q", ""))[:200]
    pager = services.search(query, page, PER_PAGE)
    check_in_range(page, pager.total, PER_PAGE)
    if wants_json() and request.method == "GET":
        return {
            "items": [services.as_json(m) for m in pager.items],
            "page": pager.page,
            "pages": pager.pages,
            "total": pager.total,
        }
    return (
        render_template(
            "media/library.html",
            pager=pager,
            q=query,
            form=form,
            error=error,
            upload_limit=current_app.config.get("MAX_CONTENT_LENGTH") or 0,
        ),
        status,
    )


@bp.get("/thu-vien-anh")
def media_library():
    """Browse and search uploaded images (JSON for the editor's image picker)."""
    return _library(UploadForm())


@bp.post("/thu-vien-anh/tai-len")
def media_upload():
    """Upload an image; refused files get a clear message (JSON for the editor).

    The image work runs outside any database transaction (see ``store_upload``), and a
    refusal is rendered outside one too: on SQLite this request holds the write lock only
    while it inserts the row.
    """
    form = UploadForm()
    upload = request.files.get("file")
    error, status = None, 400
    if not form.validate():
        error = _("Biểu mẫu không hợp lệ; hãy tải lại trang rồi thử lại.")
    elif upload is None or not upload.filename:
        error = _("Hãy chọn một tệp ảnh để tải lên.")
    if error is None:
        try:
            media = services.store_upload(
                upload.read(),
                upload.filename,
                current_user,
                alt=form.alt.data or "",
                caption=form.caption.data or "",
            )
        except services.UploadError as exc:
            error, status = str(exc), exc.status
    if error is not None:
        if wants_json():
            return {"ok": False, "message": error}, status
        with outside_transaction():
            return _library(form, status, error)
    if wants_json():
        with outside_transaction():  # reloading the committed row takes no write lock
            return {"ok": True, "media": services.as_json(media)}, 201
    flash(_("Đã tải ảnh lên."), "success")
    return redirect(url_for(".media_library"))
