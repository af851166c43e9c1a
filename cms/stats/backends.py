"""Where the visitor counts live: the database by default, Redis when REDIS_URL is set.

Both backends have the same interface and pass the same tests. The SQL backend keeps one
row per visit (for "online now", pruned after a day) and one aggregated row per Vietnam
day. The Redis backend keeps a counter per day (HINCRBY on one hash, a field per day) and
a sorted set of session ids by last-seen time. About every SYNC_SECONDS (and on
``flask stats sync``) the day counters are *moved* into the same SQL table of daily
totals: added there, then subtracted in Redis. So the totals end up durable in the
database even when Redis keeps nothing on disk, Redis only ever holds the last few
minutes, and a reader's number is simply database + Redis.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import redis
from sqlalchemy import case, delete, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite

from cms.core.database import write_transaction
from cms.extensions import db
from cms.stats.models import DailyVisits, VisitSession

SESSION_KEEP = timedelta(days=1)  # visit rows older than this are pruned
SYNC_SECONDS = 300  # Redis day counters are copied to the database this often


@dataclass(frozen=True)
class Counts:
    """The four numbers of the sidebar, without the settings offset."""

    online: int
    today: int
    week: int
    total: int


def add_daily(session, rows: list[dict]) -> None:
    """Add visits to daily totals with one upsert (rows: {"day": date, "visits": n})."""
    table = DailyVisits.__table__
    dialect = session.get_bind().dialect.name
    if dialect in ("sqlite", "postgresql"):
        make = sqlite.insert if dialect == "sqlite" else postgresql.insert
        stmt = make(table)
        stmt = stmt.on_conflict_do_update(
            index_elements=["day"], set_={"visits": table.c.visits + stmt.excluded.visits}
        )
        session.execute(stmt, rows)
        return
    for row in rows:  # any other database: update, then insert when missing
        current = session.get(DailyVisits, row["day"])
        if current is None:
            session.add(DailyVisits(**row))
        else:
            current.visits += row["visits"]
        session.flush()


def sql_daily(first: date | None = None, last: date | None = None) -> dict[date, int]:
    """Daily totals stored in the database between two days (inclusive)."""
    stmt = select(DailyVisits.day, DailyVisits.visits).order_by(DailyVisits.day)
    if first is not None:
        stmt = stmt.where(DailyVisits.day >= first)
    if last is not None:
        stmt = stmt.where(DailyVisits.day <= last)
    return {day: visits for day, visits in db.session.execute(stmt)}


def sql_counts(today: date, monday: date, extra=None) -> tuple[int, ...]:
    """Today's, this week's and all stored visits (and an extra scalar) in one statement."""
    d = DailyVisits
    columns = [
        func.coalesce(func.sum(case((d.day == today, d.visits), else_=0)), 0),
        func.coalesce(func.sum(case(((d.day >= monday) & (d.day <= today), d.visits), else_=0)), 0),
        func.coalesce(func.sum(d.visits), 0),
    ]
    if extra is not None:
        columns.append(extra)
    row = db.session.execute(select(*columns).select_from(d)).one()
    return tuple(int(value) for value in row)


class SqlBackend:
    """Visits in the database: one insert + upsert per new visit, one update per minute."""

    name = "sql"

    def start_visit(self, sid: str, now: datetime, day: date, prune: bool = False) -> None:
        """Record a new visit and add it to its day's total, in one write transaction."""
        with write_transaction() as session:
            session.execute(
                insert(VisitSession).values(sid=sid, day=day, started_at=now, last_seen=now)
            )
            add_daily(session, [{"day": day, "visits": 1}])
            if prune:
                old = VisitSession.last_seen < now - SESSION_KEEP
                session.execute(delete(VisitSession).where(old))

    def touch(self, sid: str, now: datetime) -> None:
        """Mark a visit as still active (called at most once a minute per visit)."""
        with write_transaction() as session:
            session.execute(
                update(VisitSession).where(VisitSession.sid == sid).values(last_seen=now)
            )

    def counts(self, now: datetime, today: date, monday: date, online_since: datetime) -> Counts:
        """The four numbers in a single SQL statement."""
        online = (
            select(func.count())
            .select_from(VisitSession)
            .where(VisitSession.last_seen >= online_since)
            .scalar_subquery()
        )
        today_n, week_n, total_n, online_n = sql_counts(today, monday, online)
        return Counts(online=online_n, today=today_n, week=week_n, total=total_n)

    def daily(self, first: date | None = None, last: date | None = None) -> dict[date, int]:
        """Daily totals between two days (inclusive)."""
        return sql_daily(first, last)

    def prune(self, now: datetime) -> int:
        """Delete visit rows not seen for a day; return how many."""
        with write_transaction() as session:
            result = session.execute(
                delete(VisitSession).where(VisitSession.last_seen < now - SESSION_KEEP)
            )
        return result.rowcount or 0

    def sync(self) -> int:
        """Nothing to copy: the database is the store."""
        return 0

    def reset(self) -> None:
        """Forget everything (tests)."""
        with write_transaction() as session:
            session.execute(delete(VisitSession))
            session.execute(delete(DailyVisits))


# Subtract what was copied to the database, and drop the field when it reaches zero,
# atomically with respect to concurrent HINCRBY calls.
_TAKE = """
local left = redis.call('HINCRBY', KEYS[1], ARGV[1], -tonumber(ARGV[2]))
if left == 0 then redis.call('HDEL', KEYS[1], ARGV[1]) end
return left
"""


class RedisBackend:
    """Visits in Redis: HINCRBY per day and a sorted set of sessions; no SQL on the hot path."""

    name = "redis"

    def __init__(self, url: str, prefix: str = "stats:") -> None:
        self.client = redis.Redis.from_url(url)
        self.prefix = prefix
        self.days_key = f"{prefix}days"
        self.online_key = f"{prefix}online"
        self.due_key = f"{prefix}sync-due"
        self.lock_key = f"{prefix}sync-lock"
        self._take = self.client.register_script(_TAKE)

    def start_visit(self, sid: str, now: datetime, day: date, prune: bool = False) -> None:
        """Count a new visit on its day and mark the session as online, in one round trip."""
        pipe = self.client.pipeline(transaction=False)
        pipe.hincrby(self.days_key, day.isoformat(), 1)
        pipe.zadd(self.online_key, {sid: now.timestamp()})
        pipe.set(self.due_key, "1", nx=True, ex=SYNC_SECONDS)
        if prune:
            pipe.zremrangebyscore(self.online_key, "-inf", (now - SESSION_KEEP).timestamp())
        results = pipe.execute()
        if results[2]:  # this worker won the periodic copy to the database
            self.sync()

    def touch(self, sid: str, now: datetime) -> None:
        """Mark a visit as still active."""
        self.client.zadd(self.online_key, {sid: now.timestamp()})

    def _live(self, values: dict) -> dict[date, int]:
        return {date.fromisoformat(k.decode()): int(v) for k, v in values.items() if int(v)}

    def counts(self, now: datetime, today: date, monday: date, online_since: datetime) -> Counts:
        """The four numbers: one SQL statement plus one Redis round trip."""
        today_n, week_n, total_n = sql_counts(today, monday)
        pipe = self.client.pipeline(transaction=False)
        pipe.hgetall(self.days_key)
        pipe.zcount(self.online_key, online_since.timestamp(), "+inf")
        values, online = pipe.execute()
        live = self._live(values)
        return Counts(
            online=int(online),
            today=today_n + live.get(today, 0),
            week=week_n + sum(v for d, v in live.items() if monday <= d <= today),
            total=total_n + sum(live.values()),
        )

    def daily(self, first: date | None = None, last: date | None = None) -> dict[date, int]:
        """Daily totals between two days: the database's plus what Redis has not moved yet."""
        totals = sql_daily(first, last)
        for day, value in self._live(self.client.hgetall(self.days_key)).items():
            if (first is None or day >= first) and (last is None or day <= last):
                totals[day] = totals.get(day, 0) + value
        return dict(sorted(totals.items()))

    def prune(self, now: datetime) -> int:
        """Drop sessions not seen for a day from the online set; return how many."""
        return int(
            self.client.zremrangebyscore(self.online_key, "-inf", (now - SESSION_KEEP).timestamp())
        )

    def sync(self) -> int:
        """Move Redis's day counters into the database's daily totals; return days moved.

        The database is written first, then the same amounts are subtracted in Redis: a
        crash between the two can count a few minutes twice, never lose them.
        """
        if not self.client.set(self.lock_key, "1", nx=True, ex=60):
            return 0  # another worker is moving them right now
        try:
            live = self._live(self.client.hgetall(self.days_key))
            if not live:
                return 0
            with write_transaction() as session:
                add_daily(session, [{"day": d, "visits": v} for d, v in live.items()])
            for day, value in live.items():
                self._take(keys=[self.days_key], args=[day.isoformat(), value])
            return len(live)
        finally:
            self.client.delete(self.lock_key)

    def reset(self) -> None:
        """Forget everything under this backend's prefix, and the database's totals (tests)."""
        keys = list(self.client.scan_iter(match=f"{self.prefix}*", count=1000))
        if keys:
            self.client.delete(*keys)
        SqlBackend().reset()
