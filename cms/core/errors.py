"""Error pages in the reader's language, never a stack trace."""

from flask import Flask, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from cms.core.access import wants_json
from cms.extensions import db

FALLBACK = (
    "<!doctype html><html lang=vi><meta charset=utf-8><title>Lỗi hệ thống</title>"
    "<h1>Đã có lỗi xảy ra</h1><p>Vui lòng thử lại sau ít phút.</p></html>"
)


def custom_message(exc: HTTPException) -> str | None:
    """The message given with abort(code, description=...), not Werkzeug's English default."""
    if isinstance(exc, CSRFError):
        return _(
            "Phiên làm việc đã hết hạn hoặc biểu mẫu không hợp lệ. "
            "Hãy tải lại trang rồi gửi lại; nội dung bạn đã nhập vẫn còn trên trang trước."
        )
    default = type(exc).description
    return exc.description if exc.description and exc.description != default else None


def _render(template: str, status: int, **context):
    """Render an error page; if even that fails (database down), answer plain HTML."""
    try:
        return render_template(template, **context), status
    except Exception:
        db.session.rollback()
        return FALLBACK, status


def register(app: Flask) -> None:
    """Render 4xx/5xx errors with the portal's layout (JSON for API clients)."""

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException):
        if exc.code is None or exc.code < 400:
            return exc
        message = custom_message(exc)
        if wants_json():
            return {"error": exc.name, "message": message or exc.description}, exc.code
        known = (400, 403, 404, 405, 413, 429)
        template = f"errors/{exc.code}.html" if exc.code in known else "errors/generic.html"
        response = _render(template, exc.code, error=exc, message=message)
        if exc.code == 405:
            return response[0], 405, {"Allow": ", ".join(exc.valid_methods or [])}
        return response

    @app.errorhandler(Exception)
    def _server_error(exc: Exception):
        db.session.rollback()
        app.logger.exception("unhandled error on %s %s", request.method, request.path)
        if wants_json():
            return {"error": "Internal Server Error", "message": "Đã có lỗi xảy ra."}, 500
        return _render("errors/500.html", 500)
