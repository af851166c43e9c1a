"""Visitor statistics: visit sessions (short-lived) and daily totals (kept for ever)."""

from datetime import date, datetime

from sqlalchemy import Date, String
from sqlalchemy.orm import Mapped, mapped_column

from cms.extensions import db


class VisitSession(db.Model):
    """One visit: a random session id from the visitor's cookie; no IP, no user agent."""

    __tablename__ = "stats_visit"

    sid: Mapped[str] = mapped_column(String(32), primary_key=True)
    day: Mapped[date] = mapped_column(Date)  # Vietnam day on which the visit started
    started_at: Mapped[datetime]  # naive UTC
    last_seen: Mapped[datetime] = mapped_column(index=True)  # naive UTC, to the minute


class DailyVisits(db.Model):
    """The number of visits started on one Vietnam day: one aggregated row per day."""

    __tablename__ = "stats_daily"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    visits: Mapped[int] = mapped_column(default=0)
