"""What a URL may carry, checked once at the edge: ids the database can hold, no control
characters in path arguments or query values.

``<id:article_id>`` matches only ASCII digits from 1 to 2^31 − 1 (PostgreSQL's INTEGER),
so a bigger, negative or non-ASCII id is a plain 404 on every database, before any
query runs; ``id_arg`` applies the same rule to ids in the query string.
"""

import re

from flask import Flask, abort, request
from flask_babel import gettext as _
from werkzeug.routing import BaseConverter, ValidationError

from cms.core.text import has_control_chars

MAX_ID = 2**31 - 1
_ID = re.compile(r"[0-9]{1,10}")


def parse_id(value) -> int | None:
    """An id in 1 … MAX_ID from ASCII digits (or an int), else None ('٣', '1_0', ' 1' too)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and _ID.fullmatch(value):
        number = int(value)
    else:
        return None
    return number if 1 <= number <= MAX_ID else None


class IdConverter(BaseConverter):
    """A database id in a path: ``<id:name>``; anything else does not match (404)."""

    regex = r"[0-9]{1,10}"
    part_isolating = True
    weight = 50

    def to_python(self, value: str) -> int:
        """The id as an int; out of range is no match."""
        number = parse_id(value)
        if number is None:
            raise ValidationError()
        return number

    def to_url(self, value) -> str:
        """The id as digits."""
        return str(int(value))


def id_arg(name: str) -> int | None:
    """An id from the query string: None when absent or empty, a 404 when not a valid id."""
    raw = request.args.get(name, "")
    if raw == "":
        return None
    number = parse_id(raw)
    if number is None:
        abort(404)
    return number


def _refuse_control_chars():
    """A control character in a path argument is a 404, in a query value a 400."""
    for value in (request.view_args or {}).values():
        if isinstance(value, str) and has_control_chars(value):
            abort(404)
    for key, values in request.args.lists():
        if any(has_control_chars(text, multiline=True) for text in (key, *values)):
            abort(
                400,
                description=_(
                    "Địa chỉ trang chứa ký tự điều khiển không hợp lệ (ví dụ ký tự NUL). "
                    "Hãy kiểm tra lại đường dẫn."
                ),
            )


def init_app(app: Flask) -> None:
    """Register the ``id`` converter and the URL check that runs before every view."""
    app.url_map.converters["id"] = IdConverter
    app.before_request(_refuse_control_chars)
