"""Believable demo visitor statistics: daily totals for the last 400 days."""

import math
import random
from datetime import timedelta

from sqlalchemy import select

from cms.extensions import db
from cms.stats import services
from cms.stats.models import DailyVisits

DEMO_DAYS = 400


def demo_visits(index: int, weekday: int, rng: random.Random) -> int:
    """Visits on day ``index`` (0 = oldest): slow growth, quiet weekends, noise, news peaks."""
    base = 420 + 0.45 * index  # a portal slowly gaining readers
    season = 1 + 0.08 * math.sin(index / 58)  # festivals, school year
    weekend = 0.55 if weekday >= 5 else 1.0
    peak = rng.choice([1.0] * 40 + [1.6, 2.2])  # now and then a story everyone reads
    return max(0, int(base * season * weekend * peak * rng.uniform(0.85, 1.15)))


def seed_demo_stats(days: int = DEMO_DAYS) -> int:
    """Add daily totals for the days before today that have none; return how many were added.

    Idempotent: days already present (counted or seeded) are left as they are. The rows
    join the caller's transaction (the CLI command commits once, at its end).
    """
    today = services.vn_day(services.clock())
    first = today - timedelta(days=days)
    rng = random.Random(20240723)
    present = set(
        db.session.execute(select(DailyVisits.day).where(DailyVisits.day >= first)).scalars()
    )
    added = 0
    for i in range(days):
        day = first + timedelta(days=i)
        visits = demo_visits(i, day.weekday(), rng)
        if day not in present:
            db.session.add(DailyVisits(day=day, visits=visits))
            added += 1
    return added
