"""Log lines: one line per event, plain text or JSON (LOG_FORMAT), with the request id.

Every record goes through one handler on the root logger, so the app's own lines, the
libraries' warnings and the per-request line (``cms.request``) look alike. A record made
while a request is being served carries its request id, method and path (never the query
string, which may hold what a reader searched for, and never the client's address: a line
that needs to tell clients apart logs ``address_tag()``). An exception is written on the
same line (JSON escapes its newlines; the text format indents nothing and joins them).
"""

import json
import logging
import sys
from datetime import UTC, datetime

from flask import Flask, has_request_context, request
from flask.logging import default_handler

REQUEST_ID_ENVIRON = "cms.request_id"
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
# Fields a record may carry (``log.info(..., extra={"status": 200})``), copied to JSON.
EXTRA_FIELDS = ("request_id", "method", "path", "status", "duration_ms", "endpoint")


class StderrHandler(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is at the time (test runners swap it)."""

    def __init__(self) -> None:
        """A handler with no fixed stream."""
        super().__init__(stream=sys.stderr)

    @property
    def stream(self):
        """The current standard error."""
        return sys.stderr

    @stream.setter
    def stream(self, _value) -> None:
        """Ignored: the stream is always the current standard error."""


class RequestFilter(logging.Filter):
    """Adds the request id, method and path to records made while serving a request."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Fill in the request's fields unless the record already has them."""
        if has_request_context():
            defaults = {
                "request_id": request.environ.get(REQUEST_ID_ENVIRON, ""),
                "method": request.method,
                "path": request.path,
            }
        else:
            defaults = {"request_id": "-"}
        for name, value in defaults.items():
            if not getattr(record, name, None):
                setattr(record, name, value)
        return True


class TextFormatter(logging.Formatter):
    """``time level logger [request id] message``, an exception folded onto the line."""

    def __init__(self) -> None:
        """The text format with ISO-like UTC times."""
        super().__init__(TEXT_FORMAT)

    def formatTime(self, record, datefmt=None) -> str:
        """The record's time in UTC, to the millisecond."""
        return _iso_time(record)

    def format(self, record: logging.LogRecord) -> str:
        """One line, whatever the message or traceback holds."""
        if not hasattr(record, "request_id"):
            record.request_id = "-"
        return super().format(record).replace("\n", " | ")


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request fields, exception."""

    def format(self, record: logging.LogRecord) -> str:
        """The record as a JSON line."""
        line = {
            "time": _iso_time(record),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in EXTRA_FIELDS:
            value = getattr(record, name, None)
            if value not in (None, "", "-"):
                line[name] = value
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            line["exception"] = record.exc_text
        if record.stack_info:
            line["stack"] = self.formatStack(record.stack_info)
        return json.dumps(line, ensure_ascii=False, default=str)


def _iso_time(record: logging.LogRecord) -> str:
    """The record's creation time in UTC, ISO 8601 with milliseconds."""
    moment = datetime.fromtimestamp(record.created, UTC)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


_HANDLER = StderrHandler()
_HANDLER.addFilter(RequestFilter())


def configure(app: Flask) -> None:
    """Send every log record through the one root handler, in the app's LOG_FORMAT.

    Idempotent: a process holds one handler whatever number of apps it builds (the last
    app's format wins); Alembic's logging setup may remove it, the next app puts it back.
    """
    json_lines = app.config.get("LOG_FORMAT", "text") == "json"
    _HANDLER.setFormatter(JsonFormatter() if json_lines else TextFormatter())
    root = logging.getLogger()
    if _HANDLER not in root.handlers:
        root.addHandler(_HANDLER)
    # The app's logger ("cms") and its children log at LOG_LEVEL; libraries keep theirs.
    app.logger.removeHandler(default_handler)
    app.logger.setLevel(str(app.config.get("LOG_LEVEL", "info")).upper())
