"""Visitor statistics: deciding when a visit starts, and reading the numbers.

A visit is a visitor session: a random id kept in a signed cookie together with the time
it was last written. The cookie alone tells whether a request continues a visit, so the
common request (a returning visitor within the same minute) reads and writes nothing.
A visit is written once when it starts (added to the total of the Vietnam day on which it
started) and its "last seen" time at most once a minute; it ends after
VISIT_TIMEOUT_MINUTES without a request. "Now" comes from ``clock()``, which tests replace.
"""

import csv
import dataclasses
import hmac
import io
import secrets
import time
from datetime import UTC, date, datetime, timedelta

from flask import Flask, current_app
from flask_babel import get_locale
from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy import select

from cms.content.models import Article
from cms.core import metrics
from cms.core.cache import app_cache
from cms.core.formatting import VN_TZ, now_utc
from cms.core.privacy import pseudonym
from cms.extensions import db
from cms.settings.services import get_settings
from cms.stats.backends import Counts, RedisBackend, SqlBackend

COOKIE_NAME = "visit"
TOUCH_SECONDS = 60  # "last seen" is written at most this often per visit
PRUNE_SECONDS = 600  # each worker prunes old visit rows at most this often
CSV_BOM = "\ufeff"


def clock() -> datetime:
    """The current time, aware, in UTC (the app's clock; tests monkeypatch this)."""
    return now_utc()


def vn_day(moment: datetime) -> date:
    """The Vietnam calendar day of an aware moment, whatever the server's time zone."""
    return moment.astimezone(VN_TZ).date()


def week_start(day: date) -> date:
    """The Monday of a day's week."""
    return day - timedelta(days=day.weekday())


def _naive_utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None)


def make_backend(app: Flask) -> SqlBackend | RedisBackend:
    """The database backend, or the Redis one when REDIS_URL is set."""
    if app.config.get("REDIS_URL"):
        return RedisBackend(app.config["STATS_REDIS_PREFIX"])
    return SqlBackend()


def backend() -> SqlBackend | RedisBackend:
    """The current app's backend."""
    return current_app.extensions["stats_backend"]


# --- the visit cookie -------------------------------------------------------------------


def _signature(payload: str) -> str:
    """The cookie's signature: a keyed HMAC of its payload (cms.core.privacy)."""
    return pseudonym(payload, "cms.stats.visit", length=24)


def encode_cookie(sid: str, stamp: int) -> str:
    """The cookie value for a visit last written at ``stamp`` (Unix seconds)."""
    payload = f"{sid}.{stamp}"
    return f"{payload}.{_signature(payload)}"


def decode_cookie(value: str | None) -> tuple[str, int] | None:
    """(session id, last written) from a cookie value, or None when missing or forged."""
    if not value or len(value) > 80:
        return None
    parts = value.split(".")
    if len(parts) != 3 or not parts[1].isdigit() or not parts[0]:
        return None
    if not hmac.compare_digest(parts[2], _signature(f"{parts[0]}.{parts[1]}")):
        return None
    return parts[0], int(parts[1])


def _prune_due() -> bool:
    """True once every PRUNE_SECONDS per worker (first after PRUNE_SECONDS of uptime)."""
    now = time.monotonic()
    state = current_app.extensions.setdefault("stats_prune", {"last": now})
    if now - state["last"] < PRUNE_SECONDS:
        return False
    state["last"] = now
    return True


def record_visit(cookie: str | None) -> str | None:
    """Count a page view of a visitor; return the new cookie value, or None to keep it.

    A valid cookie written less than a minute ago costs nothing; an older one within the
    timeout updates "last seen"; otherwise a new visit starts on today's Vietnam day.
    """
    now = clock()
    stamp = int(now.timestamp())
    visit = decode_cookie(cookie)
    if visit is not None:
        sid, last = visit
        age = stamp - last
        if age < TOUCH_SECONDS:  # also a clock that went back: still the same visit
            return None
        if age < current_app.config["VISIT_TIMEOUT_MINUTES"] * 60:
            backend().touch(sid, _naive_utc(now))
            return encode_cookie(sid, stamp)
    sid = secrets.token_urlsafe(16)
    backend().start_visit(sid, _naive_utc(now), vn_day(now), prune=_prune_due())
    metrics.count_visit()
    return encode_cookie(sid, stamp)


# --- reading the numbers ----------------------------------------------------------------


def stats_enabled() -> bool:
    """True when visits are being counted (STATS_ENABLED)."""
    return bool(current_app.config["STATS_ENABLED"])


def current_counts() -> Counts:
    """Online now, today, this week and all time (without the offset), uncached."""
    now = clock()
    today = vn_day(now)
    since = now - timedelta(minutes=current_app.config["ONLINE_WINDOW_MINUTES"])
    return backend().counts(_naive_utc(now), today, week_start(today), _naive_utc(since))


def visitor_numbers(offset: int | None = None) -> Counts | None:
    """The sidebar's numbers, all time plus the settings' offset.

    ``offset`` defaults to the site settings' visits_offset. None when statistics are
    off or the store cannot be read (the page is then shown without them). Not cached
    here: sidebar_block() keeps the rendered block, which is what every page reads.
    """
    if not current_app.config["STATS_ENABLED"]:
        return None
    try:
        counts = current_counts()
    except Exception:
        db.session.rollback()
        current_app.logger.exception("visitor statistics: could not read the counts")
        return None
    return with_offset(counts, offset)


def with_offset(counts: Counts, offset: int | None = None) -> Counts:
    """The counts with the settings' starting offset (visits_offset) added to all time."""
    if offset is None:
        offset = get_settings().visits_offset
    return dataclasses.replace(counts, total=counts.total + (offset or 0))


def sidebar_block(offset: int | None = None) -> Markup:
    """The sidebar's HTML block, rendered once per language and cached with the numbers.

    Rendering four numbers with the ``number`` filter costs more than the rest of the
    counter on every page, so the rendered block is kept for CACHE_SECONDS per worker.
    """

    def render() -> Markup:
        template = current_app.jinja_env.get_template("stats/_numbers.html")
        return Markup(template.render(vs=visitor_numbers(offset)))  # noqa: S704 - autoescaped

    if not current_app.config["STATS_ENABLED"]:
        return Markup("")
    return app_cache().get(f"stats.sidebar:{get_locale()}:{offset}", render)


def daily_series(days: int) -> list[tuple[date, int]]:
    """Visits per Vietnam day for the last ``days`` days up to today, zeros included."""
    today = vn_day(clock())
    first = today - timedelta(days=days - 1)
    totals = backend().daily(first, today)
    return [(d, totals.get(d, 0)) for d in (first + timedelta(days=i) for i in range(days))]


def all_daily() -> dict[date, int]:
    """Every stored daily total, oldest first."""
    return backend().daily()


def daily_csv() -> str:
    """The daily totals as CSV with a UTF-8 BOM (so spreadsheet programs read it right)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([_("Ngày"), _("Lượt truy cập")])
    for day, visits in all_daily().items():
        writer.writerow([day.isoformat(), visits])
    return CSV_BOM + out.getvalue()


def most_read(limit: int = 10) -> list:
    """The published articles with the most views."""
    return db.session.execute(
        select(Article.id, Article.slug, Article.title, Article.view_count, Article.published_at)
        .where(Article.status == "published", Article.view_count > 0)
        .order_by(Article.view_count.desc(), Article.id.desc())
        .limit(limit)
    ).all()


def prune() -> int:
    """Delete visit data older than needed; return how many sessions were removed."""
    return backend().prune(_naive_utc(clock()))


def sync() -> int:
    """Move day counters an older version left in Redis into the database; return days moved.

    Visits are written to the database as they come, so there is nothing else to move.
    """
    return backend().sync()
