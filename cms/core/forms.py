"""The base of every form: what a field may hold is checked here, once.

Every form of the app derives from ``BaseForm`` (``SubForm`` for the rows of a field
list), which adds to every field the checks its type needs: text without control
characters (tab and line breaks allowed in multi-line fields), whole numbers in ASCII
digits that fit the database's INTEGER column, dates through the one date parser. A
refused field gets a clear Vietnamese message; the form is shown again (400) with what
was typed.
"""

from flask import abort, request
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import Form
from wtforms.fields import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    HiddenField,
    IntegerField,
    PasswordField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import NumberRange, ValidationError

from cms.core.formatting import (
    DATETIME_FORMATS,
    MAX_YEAR,
    MIN_YEAR,
    parse_date,
    parse_datetime,
)
from cms.core.text import has_control_chars, has_surrogates
from cms.core.urls import MAX_ID

CONTROL_MESSAGE = _l(
    "Ô này chứa ký tự điều khiển không hợp lệ (ví dụ ký tự NUL); hãy xóa ký tự đó rồi gửi lại."
)
NUMBER_MESSAGE = _l("Hãy nhập một số nguyên bằng chữ số 0–9, không quá %(max)s.")


def clean_text(_form, field) -> None:
    """Validator: text only, and no control characters (multi-line fields keep line breaks)."""
    if field.data is None:
        return
    if not isinstance(field.data, str):
        raise ValidationError(_l("Giá trị của ô này không hợp lệ."))
    if has_control_chars(field.data, multiline=isinstance(field, TextAreaField)):
        raise ValidationError(CONTROL_MESSAGE)


def bounded_integer(_form, field) -> None:
    """Validator: a whole number typed in ASCII digits that fits an INTEGER column."""
    if field.process_errors:
        return
    raw = (field.raw_data or [""])[0]
    typed = raw.strip() if isinstance(raw, str) else str(raw)
    digits = typed[1:] if typed.startswith("-") else typed
    if typed and not (digits.isascii() and digits.isdigit()):
        raise ValidationError(NUMBER_MESSAGE % {"max": MAX_ID})
    if field.data is not None and not -MAX_ID <= field.data <= MAX_ID:
        raise ValidationError(NUMBER_MESSAGE % {"max": MAX_ID})


def _checks_for(field) -> list:
    """The checks a field's type needs beyond its own validators."""
    if isinstance(field, PasswordField | HiddenField):
        # A password is hashed, never shown or stored as text; hidden fields carry what
        # the server put there and are checked where used (safe_next, parse_id).
        return []
    if isinstance(field, StringField):
        return [clean_text]
    if isinstance(field, IntegerField):
        own_range = any(isinstance(v, NumberRange) for v in field.validators)
        return [] if own_range else [bounded_integer]
    return []


class _Checked:
    """Adds the type checks of ``_checks_for`` to every field's validation."""

    def validate(self, extra_validators=None) -> bool:
        """Validate with each field's own validators, then the checks of its type."""
        extra = {name: list(checks) for name, checks in (extra_validators or {}).items()}
        for name, field in self._fields.items():
            checks = _checks_for(field)
            if checks:
                extra.setdefault(name, []).extend(checks)
        return super().validate(extra_validators=extra)


class BaseForm(_Checked, FlaskForm):
    """The base of every form of the app (with its CSRF token)."""

    class Meta:
        """Flask-WTF reads a JSON body as form data as it is; we check its types first."""

        def wrap_formdata(self, form, formdata):
            """A JSON body goes through json_formdata (a 400 naming the field if wrong)."""
            automatic = formdata is not None and not hasattr(formdata, "getlist")
            if automatic and _json_submission():
                try:
                    return json_formdata(form, request.get_json(silent=True))
                except JsonFormError as exc:
                    abort(400, description=str(exc))
            return super().wrap_formdata(form, formdata)


def _json_submission() -> bool:
    """True for a submitted request whose body is JSON rather than form fields."""
    return (
        request.method in ("POST", "PUT", "PATCH", "DELETE")
        and request.is_json
        and not request.form
        and not request.files
    )


class SubForm(_Checked, Form):
    """The base of a row inside a field list (no CSRF token of its own)."""


class LocalDateField(DateField):
    """A date typed as dd/mm/yyyy or sent by <input type=date>, within a sane range."""

    def process_formdata(self, valuelist) -> None:
        """Read the date with the one date parser; refuse it with a Vietnamese message."""
        raw = valuelist[0] if valuelist else ""
        self.data = None
        if not isinstance(raw, str) or not raw.strip():
            return
        self.data = parse_date(raw)
        if self.data is None:
            raise ValueError(
                _l(
                    "Ngày không hợp lệ: hãy nhập ngày/tháng/năm, từ năm %(min)s đến %(max)s "
                    "(ví dụ: 31/12/2025).",
                    min=MIN_YEAR,
                    max=MAX_YEAR,
                )
            )


class LocalDateTimeField(DateTimeLocalField):
    """A Vietnam date and time from <input type=datetime-local>, within a sane range."""

    def __init__(self, label=None, validators=None, format=DATETIME_FORMATS, **kwargs):
        """``format``: the one to show the value in first (any of DATETIME_FORMATS is read)."""
        formats = [format] if isinstance(format, str) else list(format)
        super().__init__(label, validators, format=formats, **kwargs)

    def process_formdata(self, valuelist) -> None:
        """Read the value with the one date parser; refuse it with a Vietnamese message."""
        raw = valuelist[0] if valuelist else ""
        self.data = None
        if not isinstance(raw, str) or not raw.strip():
            return
        self.data = parse_datetime(raw)
        if self.data is None:
            raise ValueError(
                _l(
                    "Thời điểm không hợp lệ: hãy chọn ngày giờ từ năm %(min)s đến %(max)s.",
                    min=MIN_YEAR,
                    max=MAX_YEAR,
                )
            )


class JsonFormError(ValueError):
    """A JSON body that does not have the shape of the form: the message says which field."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def json_formdata(form: Form, payload) -> MultiDict:
    """A JSON object as form data for ``form``, each value of the type its field takes.

    Text fields take strings; number and choice fields strings or whole numbers; check
    boxes strings or true/false. Unknown keys are ignored. Anything else (a lone surrogate
    from a "\\ud800" escape too, which no page or database could take) raises
    JsonFormError, answered 400 with the message: never a number where text is expected.
    """
    if not isinstance(payload, dict):
        raise JsonFormError(str(_l("Dữ liệu gửi lên không hợp lệ.")))
    data = MultiDict()
    for name, value in payload.items():
        field = form._fields.get(name)
        if field is None:
            continue
        if isinstance(value, str) and not has_surrogates(value):
            data[name] = value
            continue
        numeric = isinstance(field, IntegerField | SelectField)
        if isinstance(value, bool) and isinstance(field, BooleanField):
            data[name] = "y" if value else ""
        elif isinstance(value, int) and not isinstance(value, bool) and numeric:
            data[name] = str(value)
        else:
            raise JsonFormError(
                str(
                    _l(
                        "Dữ liệu gửi lên không hợp lệ: ô “%(field)s” có kiểu giá trị sai.",
                        field=field.label.text or name,
                    )
                ),
                name,
            )
    return data
