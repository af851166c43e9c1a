"""Dates and numbers the Vietnamese way, in one place.

Dates are stored as naive UTC and shown in Asia/Ho_Chi_Minh whatever the server's zone.
"""

from datetime import UTC, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from flask_babel import get_locale

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def utcnow() -> datetime:
    """The current time as naive UTC, the form every timestamp is stored in."""
    return datetime.now(UTC).replace(tzinfo=None)


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
