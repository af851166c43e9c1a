"""Where the visitor counts live: the database by default, Redis when REDIS_URL is set.

Both backends have the same interface and pass the same tests. Both keep one aggregated
row per Vietnam day in the database, written when a visit starts, so the totals are
durable whatever happens to Redis. The SQL backend also keeps one row per visit (for
"online now", pruned after a day); the Redis backend keeps who is online in a sorted set
instead, and falls back to the SQL backend's rows while Redis does not answer.
"""

import contextlib
import dataclasses
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import redis
from sqlalchemy import case, delete, func, insert, select, text, update
from sqlalchemy.dialects import postgresql, sqlite

from cms.core.database import write_transaction
from cms.core.redis_client import redis_client, redis_key
from cms.extensions import db
from cms.stats.models import DailyVisits, VisitSession

SESSION_KEEP = timedelta(days=1)  # visit rows older than this are pruned


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


def count_visit(session, day: date) -> None:
    """Add one visit to its day's total, in the caller's write transaction.

    On PostgreSQL the commit does not wait for the write-ahead log to reach the disk
    (``synchronous_commit`` off for this transaction only): a new visit then costs about
    0.5 ms instead of one disk flush (~8 ms), and the most a *database server crash* can
    lose is the visits of its last second or so (wal_writer_delay × 3); a Redis restart,
    or a killed worker, loses none.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SET LOCAL synchronous_commit TO OFF"))
    add_daily(session, [{"day": day, "visits": 1}])


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
            count_visit(session, day)
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
# atomically with respect to concurrent HINCRBY calls (the legacy day counters, below).
_TAKE = """
local left = redis.call('HINCRBY', KEYS[1], ARGV[1], -tonumber(ARGV[2]))
if left == 0 then redis.call('HDEL', KEYS[1], ARGV[1]) end
return left
"""


class RedisBackend:
    """Daily totals in the database, written through; who is online in Redis.

    A new visit is added to its day's total in the database at once (one upsert), so a
    Redis restart, or a Redis that keeps nothing on disk, loses no visit and no total ever
    goes backwards; Redis holds only the sorted set of sessions by last-seen time (so the
    per-minute "last seen" writes never touch the database). While Redis does not answer
    (see cms/core/redis_client.py), a visit is recorded as the SQL backend records it
    (a session row too), and "online" adds both stores.

    Before this design the day counters lived in a Redis hash for up to five minutes,
    under ``STATS_REDIS_PREFIX`` (default ``stats:``): ``sync()`` moves whatever such a
    hash still holds into the database, once per process on first use and on
    ``flask stats sync``, so an upgrade loses none of them.
    """

    name = "redis"

    def __init__(self, legacy_prefix: str = "stats:") -> None:
        self.legacy_days_key = f"{legacy_prefix}days"
        self.legacy_online_key = f"{legacy_prefix}online"
        self.legacy_checked = False

    @property
    def online_key(self) -> str:
        """The sorted set of session ids by last-seen time."""
        return redis_key("stats", "online")

    def _upgrade_once(self) -> None:
        """Move the legacy day counters into the database, once per process."""
        if self.legacy_checked:
            return
        try:
            self._move_legacy()
        except redis.RedisError:
            return  # tried again on the next call
        self.legacy_checked = True

    def start_visit(self, sid: str, now: datetime, day: date, prune: bool = False) -> None:
        """Mark the visit online in Redis and add it to its day's total in the database."""
        self._upgrade_once()
        try:
            pipe = redis_client().pipeline(transaction=False)
            pipe.zadd(self.online_key, {sid: now.timestamp()})
            if prune:
                pipe.zremrangebyscore(self.online_key, "-inf", (now - SESSION_KEEP).timestamp())
            pipe.execute()
        except redis.RedisError:
            SqlBackend().start_visit(sid, now, day, prune)  # counted, and online, in SQL
            return
        with write_transaction() as session:
            count_visit(session, day)

    def touch(self, sid: str, now: datetime) -> None:
        """Mark a visit as still active (in the database while Redis does not answer)."""
        try:
            redis_client().zadd(self.online_key, {sid: now.timestamp()})
        except redis.RedisError:
            SqlBackend().touch(sid, now)  # a visit started during the outage has a row

    def counts(self, now: datetime, today: date, monday: date, online_since: datetime) -> Counts:
        """The four numbers: one SQL statement plus one Redis round trip."""
        self._upgrade_once()
        sql = SqlBackend().counts(now, today, monday, online_since)
        try:
            online = int(redis_client().zcount(self.online_key, online_since.timestamp(), "+inf"))
        except redis.RedisError:
            online = 0  # the visits of the outage are in the SQL count
        return dataclasses.replace(sql, online=sql.online + online)

    def daily(self, first: date | None = None, last: date | None = None) -> dict[date, int]:
        """Daily totals between two days (inclusive): the database holds them all."""
        self._upgrade_once()
        return sql_daily(first, last)

    def prune(self, now: datetime) -> int:
        """Drop sessions not seen for a day, from Redis and the database; return how many."""
        removed = SqlBackend().prune(now)
        with contextlib.suppress(redis.RedisError):  # else trimmed at the next prune
            removed += int(
                redis_client().zremrangebyscore(
                    self.online_key, "-inf", (now - SESSION_KEEP).timestamp()
                )
            )
        return removed

    def sync(self) -> int:
        """Move the legacy Redis day counters into the database; return the days moved."""
        try:
            return self._move_legacy()
        except redis.RedisError:
            return 0  # nothing is lost: they are moved when Redis answers again

    def _move_legacy(self) -> int:
        """Move the legacy day counters: into the database first, then out of Redis.

        A crash between the two can count a few minutes twice, never lose them.
        """
        client = redis_client()
        lock = redis_key("stats", "sync-lock")
        if not client.exists(self.legacy_days_key, self.legacy_online_key):
            return 0
        if not client.set(lock, "1", nx=True, ex=60):
            return 0  # another worker is moving them right now
        try:
            client.delete(self.legacy_online_key)  # who is online repopulates in minutes
            live = {
                date.fromisoformat(k.decode()): int(v)
                for k, v in client.hgetall(self.legacy_days_key).items()
                if int(v)
            }
            if not live:
                return 0
            with write_transaction() as session:
                add_daily(session, [{"day": d, "visits": v} for d, v in live.items()])
            take = client.register_script(_TAKE)
            for day, value in live.items():
                take(keys=[self.legacy_days_key], args=[day.isoformat(), value])
            return len(live)
        finally:
            client.delete(lock)

    def reset(self) -> None:
        """Forget everything under this backend's keys, and the database's (tests)."""
        client = redis_client()
        keys = list(client.scan_iter(match=redis_key("stats", "*"), count=1000))
        client.delete(*keys, self.legacy_days_key, self.legacy_online_key)
        SqlBackend().reset()
