"""Reading polls: the sidebar poll, a public poll, results, the archive, CSV."""

import csv
import io
from dataclasses import dataclass, replace
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import selectinload

from cms.core.cache import app_cache
from cms.core.formatting import utcnow
from cms.core.pagination import Page
from cms.extensions import db
from cms.polls.models import Ballot, BallotChoice, Poll, PollOption


@dataclass(frozen=True)
class SidebarPoll:
    """A detached copy of the sidebar poll, for rendering the cached sidebar fragment."""

    id: int
    question: str
    multiple: bool
    limit: int
    opens_at: datetime | None
    closes_at: datetime | None
    options: tuple[tuple[int, str], ...]

    def state(self, now: datetime | None = None) -> str:
        """draft, open or closed, decided now."""
        return Poll.state_at(self.opens_at, self.closes_at, now or utcnow())


def sidebar_poll() -> SidebarPoll | None:
    """One query: the featured poll once opened, else the latest open poll, with options.

    Not cached here: the sidebar block that shows it is a cached fragment
    (``cached_include("polls/_sidebar.html")``), so this runs once per render of it.
    """
    now = utcnow()
    chosen = (
        select(Poll.id)
        .where(or_(and_(Poll.featured, Poll.public_filter(now)), Poll.open_filter(now)))
        .order_by(Poll.featured.desc(), Poll.opens_at.desc(), Poll.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    rows = db.session.execute(
        select(
            Poll.id,
            Poll.question,
            Poll.multiple,
            Poll.max_choices,
            Poll.opens_at,
            Poll.closes_at,
            PollOption.id,
            PollOption.label,
        )
        .join(PollOption, PollOption.poll_id == Poll.id)
        .where(Poll.id == chosen)
        .order_by(PollOption.position, PollOption.id)
    ).all()
    if not rows:
        return None
    first = rows[0]
    return SidebarPoll(
        id=first[0],
        question=first[1],
        multiple=first[2],
        limit=Poll.limit_for(first[2], first[3]),
        opens_at=first[4],
        closes_at=first[5],
        options=tuple((row[6], row[7]) for row in rows),
    )


def forget_poll() -> None:
    """Drop this worker's cached sidebar block and poll definitions after a change."""
    app_cache().clear(prefix="fragment:polls/")
    app_cache().clear(prefix="polls.def.")


@dataclass(frozen=True)
class OptionView:
    """A detached option with its vote count."""

    id: int
    label: str
    vote_count: int = 0


@dataclass(frozen=True)
class PollView:
    """A detached, read-only poll for the public pages and the vote (safe to cache)."""

    id: int
    question: str
    multiple: bool
    max_choices: int
    opens_at: datetime | None
    closes_at: datetime | None
    results_visibility: str
    ballot_count: int
    options: tuple[OptionView, ...]

    @property
    def limit(self) -> int:
        """How many options one ballot may choose."""
        return Poll.limit_for(self.multiple, self.max_choices)

    def state(self, now: datetime | None = None) -> str:
        """draft, open or closed, decided now."""
        return Poll.state_at(self.opens_at, self.closes_at, now or utcnow())

    def with_counts(self, ballots: int, counts: dict[int, int]) -> "PollView":
        """The same poll with fresh counters."""
        options = tuple(replace(o, vote_count=counts.get(o.id, 0)) for o in self.options)
        return replace(self, ballot_count=ballots, options=options)


def _load_definition(poll_id: int) -> PollView | None:
    """A poll readers may see (opened), with its options; counts as of now."""
    poll = public_poll(poll_id)
    if poll is None:
        return None
    return PollView(
        id=poll.id,
        question=poll.question,
        multiple=poll.multiple,
        max_choices=poll.max_choices,
        opens_at=poll.opens_at,
        closes_at=poll.closes_at,
        results_visibility=poll.results_visibility,
        ballot_count=poll.ballot_count,
        options=tuple(OptionView(o.id, o.label, o.vote_count) for o in poll.options),
    )


def poll_definition(poll_id: int) -> PollView | None:
    """The public poll's question, options and times (cached per worker for CACHE_SECONDS).

    Its counts may be a few seconds old: use fresh_poll() to show results.
    """
    return app_cache().get(f"polls.def.{poll_id}", lambda: _load_definition(poll_id))


def counts_of(poll_id: int) -> tuple[int, dict[int, int]]:
    """One query: the poll's ballot counter and each option's counter."""
    rows = db.session.execute(
        select(Poll.ballot_count, PollOption.id, PollOption.vote_count)
        .join(PollOption, PollOption.poll_id == Poll.id)
        .where(Poll.id == poll_id)
    ).all()
    ballots = rows[0][0] if rows else 0
    return ballots, {row[1]: row[2] for row in rows}


def fresh_poll(poll_id: int) -> PollView | None:
    """The public poll with its current counts (the definition may come from the cache)."""
    definition = poll_definition(poll_id)
    if definition is None:
        return None
    ballots, counts = counts_of(poll_id)
    if set(counts) != {o.id for o in definition.options}:
        # Options changed since the definition was cached: load it again.
        app_cache().clear(f"polls.def.{poll_id}")
        return _load_definition(poll_id)
    return definition.with_counts(ballots, counts)


def get_poll(poll_id: int) -> Poll | None:
    """Any poll with its options (the staff area)."""
    return db.session.execute(
        select(Poll).options(selectinload(Poll.options)).where(Poll.id == poll_id)
    ).scalar_one_or_none()


def public_poll(poll_id: int) -> Poll | None:
    """A poll readers may see (opened, possibly closed) with its options, or None."""
    return db.session.execute(
        select(Poll)
        .options(selectinload(Poll.options))
        .where(Poll.id == poll_id, Poll.public_filter())
    ).scalar_one_or_none()


def has_voted(poll_id: int, voter_id: str | None) -> bool:
    """True when this voter already has a ballot in this poll."""
    if not voter_id:
        return False
    return bool(
        db.session.execute(
            select(exists().where(Ballot.poll_id == poll_id, Ballot.voter_id == voter_id))
        ).scalar()
    )


def results_visible(poll: "Poll | PollView", voted: bool, now: datetime | None = None) -> bool:
    """May this reader see the results? Always once the poll has closed."""
    if poll.state(now) == "closed" or poll.results_visibility == "always":
        return True
    return poll.results_visibility == "after_vote" and voted


def largest_remainder(counts: list[int], total: int = 100) -> list[int]:
    """Whole percentages of counts that add up to exactly ``total`` (Hamilton's method)."""
    whole = sum(counts)
    if whole <= 0:
        return [0 for _ in counts]
    quotas = [c * total / whole for c in counts]
    shares = [int(q) for q in quotas]
    short = total - sum(shares)
    # Largest remainders first; ties go to the larger count, then to the earlier option.
    order = sorted(range(len(counts)), key=lambda i: (-(quotas[i] - shares[i]), -counts[i], i))
    for i in order[:short]:
        shares[i] += 1
    return shares


@dataclass(frozen=True)
class ResultRow:
    """One option's line in the results."""

    option_id: int
    label: str
    count: int
    percent: int


@dataclass(frozen=True)
class Results:
    """A poll's results: per-option counts and percentages, ballots and choices in total."""

    rows: tuple[ResultRow, ...]
    ballots: int
    choices: int


def results(poll: "Poll | PollView") -> Results:
    """The results from the counters kept with every ballot (options already loaded)."""
    counts = [opt.vote_count for opt in poll.options]
    percents = largest_remainder(counts)
    rows = tuple(
        ResultRow(opt.id, opt.label, opt.vote_count, pct)
        for opt, pct in zip(poll.options, percents, strict=True)
    )
    return Results(rows=rows, ballots=poll.ballot_count, choices=sum(counts))


def recount(poll_id: int) -> dict[int, int]:
    """Count the choices from the ballot rows themselves (to check the counters)."""
    rows = db.session.execute(
        select(PollOption.id, func.count(BallotChoice.ballot_id))
        .select_from(PollOption)
        .outerjoin(BallotChoice, BallotChoice.option_id == PollOption.id)
        .where(PollOption.poll_id == poll_id)
        .group_by(PollOption.id)
    ).all()
    return {option_id: count for option_id, count in rows}


def archive(page: int, per_page: int) -> Page:
    """Closed polls, most recently closed first, with their options."""
    now = utcnow()
    total = db.session.execute(
        select(func.count()).select_from(Poll).where(Poll.closed_filter(now))
    ).scalar_one()
    items = (
        db.session.execute(
            select(Poll)
            .options(selectinload(Poll.options))
            .where(Poll.closed_filter(now))
            .order_by(Poll.closes_at.desc(), Poll.id.desc())
            .limit(per_page)
            .offset((page - 1) * per_page)
        )
        .scalars()
        .all()
    )
    return Page(list(items), page, per_page, total)


def staff_list() -> list[Poll]:
    """Every poll for the staff list, newest first."""
    return list(
        db.session.execute(select(Poll).order_by(Poll.created_at.desc(), Poll.id.desc()))
        .scalars()
        .all()
    )


def _cell(value) -> str:
    """A CSV cell that a spreadsheet will not run as a formula."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def results_csv(poll: Poll) -> str:
    """The results as CSV text with a BOM, so spreadsheets read Vietnamese correctly."""
    res = results(poll)
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([_("STT"), _("Phương án"), _("Số lượt chọn"), _("Tỷ lệ (%)")])
    for n, row in enumerate(res.rows, start=1):
        writer.writerow([n, _cell(row.label), row.count, row.percent])
    writer.writerow(["", _("Tổng số phiếu"), res.ballots, ""])
    writer.writerow(["", _("Câu hỏi"), _cell(poll.question), ""])
    return out.getvalue()
