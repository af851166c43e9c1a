"""Error pages in the reader's language, never a stack trace.

Failure policy for the database: when it cannot be reached (connection refused or lost,
no pooled connection free, SQLite still locked after its busy timeout) every page answers
503 with ``Retry-After``, in Vietnamese for browsers and as JSON for JSON clients. That
page comes from a standalone template rendered without the context processors, since the
portal's layout reads its settings and menu from the database. The session is rolled back
and the next request gets a fresh, pinged connection (``pool_pre_ping``), so the app
recovers by itself once the database is back.

An error page tells the truth about the user's data: a page that was only read says
nothing about data; a form sent with POST says it was not saved when this request sent
no COMMIT (its transaction was rolled back), and that part of it may have been saved
when a COMMIT was sent before the error (even one that failed: its answer may be lost).
"""

import sqlite3

from flask import Flask, current_app, g, has_request_context, render_template, request
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy import event
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import Engine
from werkzeug.exceptions import HTTPException

from cms.core.access import wants_json
from cms.core.database import SAFE_METHODS
from cms.extensions import db

FALLBACK = (
    "<!doctype html><html lang=vi><meta charset=utf-8><title>Lỗi hệ thống</title>"
    "<h1>Đã có lỗi xảy ra</h1><p>Vui lòng thử lại sau ít phút.</p></html>"
)
# How long a client is asked to wait before retrying while the database is unreachable:
# a PostgreSQL restart or a failover takes seconds to a minute.
RETRY_AFTER_SECONDS = 30
# SQLite errors that mean "not now" rather than a bug in a statement ("no such table").
SQLITE_UNAVAILABLE = (
    "database is locked",
    "database table is locked",
    "unable to open database",
    "disk i/o error",
    "database or disk is full",
)
# SQLSTATE classes of PostgreSQL errors that mean "not now": connection exception,
# insufficient resources, operator intervention (shutdown, starting up), transaction
# rollback (deadlock, serialization), lock not available.
PG_UNAVAILABLE = ("08", "53", "57", "40", "55P03")
_COMMITTED = "cms_committed"


def custom_message(exc: HTTPException) -> str | None:
    """The message given with abort(code, description=...), not Werkzeug's English default."""
    if isinstance(exc, CSRFError):
        return _(
            "Phiên làm việc đã hết hạn hoặc biểu mẫu không hợp lệ. "
            "Hãy tải lại trang rồi gửi lại; nội dung bạn đã nhập vẫn còn trên trang trước."
        )
    default = type(exc).description
    return exc.description if exc.description and exc.description != default else None


def database_unavailable(exc: BaseException | None) -> bool:
    """True when ``exc`` (or the error that caused it) says the database cannot serve now."""
    for _depth in range(5):
        if exc is None:
            return False
        if isinstance(exc, sa_exc.InterfaceError | sa_exc.TimeoutError | sa_exc.DisconnectionError):
            return True
        if isinstance(exc, sa_exc.DBAPIError) and exc.connection_invalidated:
            return True
        if isinstance(exc, sa_exc.OperationalError):
            orig = exc.orig
            if isinstance(orig, sqlite3.Error):
                return any(text in str(orig).lower() for text in SQLITE_UNAVAILABLE)
            state = getattr(orig, "sqlstate", None)
            # No SQLSTATE: the connection itself failed (refused, reset, timed out).
            return state is None or str(state).startswith(PG_UNAVAILABLE)
        exc = exc.__cause__ or exc.__context__
    return False


@event.listens_for(Engine, "commit")
def _note_commit(_conn) -> None:
    """Remember that this request sent a COMMIT: its error page must not say that nothing
    was saved (a COMMIT whose answer was lost with the connection may have been applied)."""
    if has_request_context():
        g.setdefault(_COMMITTED, True)


def data_note() -> str:
    """What the error page can truthfully say about the data the user sent."""
    if request.method in SAFE_METHODS:
        return ""
    if g.get(_COMMITTED):
        return _(
            "Một phần thao tác có thể đã được lưu. Hãy mở lại trang để kiểm tra trước khi gửi lại."
        )
    return _(
        "Thao tác của bạn chưa được lưu. Hãy quay lại trang trước (nội dung bạn đã "
        "nhập vẫn còn ở đó) và gửi lại sau ít phút."
    )


def _rollback() -> None:
    """End the failed transaction; with the database gone even that may fail."""
    try:
        db.session.rollback()
    except Exception:
        current_app.logger.warning("could not roll back after an error", exc_info=False)


def render_standalone(template: str, **context) -> str:
    """Render an error template that reads nothing from the database.

    The context processors (which load the settings and the menu) are skipped; the
    template gets only the request, its language and what is passed here.
    """
    return current_app.jinja_env.get_template(template).render(
        request=request, lang=str(get_locale() or "vi"), **context
    )


def _render(template: str, status: int, **context):
    """Render an error page; if the layout fails (database down), a standalone page."""
    try:
        return render_template(template, **context), status
    except Exception as exc:
        _rollback()
        current_app.logger.warning(
            "error page %s: layout failed (%s), standalone page used", status, type(exc).__name__
        )
    try:
        page = render_standalone(
            "errors/plain.html",
            title=context.get("title") or _("Đã có lỗi xảy ra"),
            message=context.get("message") or _("Vui lòng thử lại sau ít phút."),
        )
    except Exception:
        current_app.logger.exception("could not render the standalone error page")
        page = FALLBACK
    return page, status


def database_unavailable_response():
    """The 503 answer while the database cannot be reached (HTML or JSON)."""
    headers = {"Retry-After": str(RETRY_AFTER_SECONDS), "Cache-Control": "no-store"}
    message = _(
        "Hệ thống tạm thời không truy cập được cơ sở dữ liệu. "
        "Vui lòng thử lại sau khoảng %(seconds)s giây."
    ) % {"seconds": RETRY_AFTER_SECONDS}
    note = data_note()
    if wants_json():
        body = {
            "error": "Service Unavailable",
            "message": f"{message} {note}".strip(),
            "retry_after": RETRY_AFTER_SECONDS,
        }
        return body, 503, headers
    try:
        page = render_standalone("errors/503.html", message=message, data_note=note)
    except Exception:
        current_app.logger.exception("could not render the 503 page")
        page = FALLBACK
    return page, 503, headers


def server_error_response(exc: BaseException):
    """The answer to an unexpected error: 503 when the database is down, else 500."""
    _rollback()
    if database_unavailable(exc):
        # One line, not a traceback per request, while the database is down.
        current_app.logger.warning(
            "database unavailable on %s %s: %s",
            request.method,
            request.path,
            str(exc).splitlines()[0] if str(exc) else type(exc).__name__,
        )
        return database_unavailable_response()
    current_app.logger.error("unhandled error on %s %s", request.method, request.path, exc_info=exc)
    note = data_note()
    if wants_json():
        message = f"{_('Đã có lỗi xảy ra.')} {note}".strip()
        return (
            {"error": "Internal Server Error", "message": message},
            500,
            {"Cache-Control": "no-store"},
        )
    page, status = _render("errors/500.html", 500, data_note=note)
    return page, status, {"Cache-Control": "no-store"}


def register(app: Flask) -> None:
    """Render 4xx/5xx errors with the portal's layout (JSON for API clients)."""

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException):
        if exc.code is None or exc.code < 400:
            return exc
        original = getattr(exc, "original_exception", None)
        if exc.code == 500 and original is not None:
            # An error outside the view (an after_request hook) that Flask wrapped.
            return server_error_response(original)
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
        return server_error_response(exc)
