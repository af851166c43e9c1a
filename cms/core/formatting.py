"""Dates and numbers the Vietnamese way, in one place.

Dates are stored as naive UTC and shown in Asia/Ho_Chi_Minh whatever the server's zone.
"""

from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from flask_babel import get_locale

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")

# Dates people may type: far from the ends of datetime's range, so that converting
# between Vietnam time and UTC, or adding a day, can never overflow.
MIN_YEAR = 1900
MAX_YEAR = 2200
DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y")
DATETIME_FORMATS = ("%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M")


# The one clock of the app. Tests shift it (to 23:30 UTC, say, when the Vietnam day is
# already the next one) with set_clock_offset(); nothing else reads the system clock.
_offset = timedelta(0)


def set_clock_offset(offset: timedelta) -> None:
    """Shift the app's clock by ``offset`` (tests only: a clock that still advances)."""
    global _offset
    _offset = offset


def now_utc() -> datetime:
    """The current time, aware, in UTC."""
    return datetime.now(UTC) + _offset


def utcnow() -> datetime:
    """The current time as naive UTC, the form every timestamp is stored in."""
    return now_utc().replace(tzinfo=None)


def to_local(value: datetime) -> datetime:
    """Convert a stored naive-UTC (or aware) datetime to Vietnam time."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(VN_TZ)


def local_to_utc(value: datetime) -> datetime:
    """Convert a naive Vietnam-time datetime (from a form) to naive UTC."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=VN_TZ)
    return value.astimezone(UTC).replace(tzinfo=None)


def _parse(raw: str | None, formats: tuple[str, ...]) -> datetime | None:
    """The first format that reads ``raw``, if its year is within MIN_YEAR … MAX_YEAR."""
    text = (raw or "").strip()
    if not text or len(text) > 40 or not text.isascii():
        return None
    for fmt in formats:
        try:
            value = datetime.strptime(text, fmt)
        except ValueError:
            continue
        return value if MIN_YEAR <= value.year <= MAX_YEAR else None
    return None


def parse_date(raw: str | None) -> date | None:
    """A date typed as dd/mm/yyyy (or yyyy-mm-dd from a date input); None if unreadable
    or outside the years MIN_YEAR … MAX_YEAR. The one date parser of the app."""
    value = _parse(raw, DATE_FORMATS)
    return value.date() if value else None


def parse_datetime(raw: str | None) -> datetime | None:
    """A naive local date and time from a datetime-local input; None if unreadable or
    outside the years MIN_YEAR … MAX_YEAR."""
    return _parse(raw, DATETIME_FORMATS)


@lru_cache(maxsize=8192)
def format_date(value: datetime | None) -> str:
    """dd/mm/yyyy in Vietnam time."""
    return to_local(value).strftime("%d/%m/%Y") if value else ""


@lru_cache(maxsize=8192)
def format_time(value: datetime | None) -> str:
    """HH:MM in Vietnam time."""
    return to_local(value).strftime("%H:%M") if value else ""


@lru_cache(maxsize=8192)
def format_datetime(value: datetime | None) -> str:
    """HH:MM dd/mm/yyyy in Vietnam time."""
    return f"{format_time(value)} {format_date(value)}" if value else ""


def format_number(value: int | float | None) -> str:
    """Group thousands: 1.476.716 in Vietnamese, 1,476,716 in English."""
    if value is None:
        return ""
    grouped = f"{int(value):,}"
    if str(get_locale() or "vi") == "vi":
        grouped = grouped.replace(",", ".")
    return grouped


@lru_cache(maxsize=8192)
def iso(value: datetime | None) -> str:
    """ISO 8601 with the Vietnam offset, for machine-readable attributes."""
    return to_local(value).isoformat(timespec="seconds") if value else ""


def register(app) -> None:
    """Expose the formatters as Jinja filters."""
    app.jinja_env.filters.update(
        date_vn=format_date,
        time_vn=format_time,
        datetime_vn=format_datetime,
        number=format_number,
        iso=iso,
    )
