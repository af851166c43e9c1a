"""Demo polls for a first run: the portal's satisfaction poll and a past one."""

import random
import secrets
from datetime import timedelta

from sqlalchemy import func, insert, select

from cms.core.formatting import utcnow
from cms.extensions import db
from cms.polls.models import Ballot, BallotChoice, Poll, PollOption

DEMO_QUESTION = "Website đáp ứng nhu cầu thông tin của bạn ở mức độ nào?"
DEMO_OPTIONS = (("Rất tốt", 412), ("Tốt", 538), ("Bình thường", 187), ("Chưa đáp ứng", 63))
PAST_QUESTION = "Bạn thường đọc tin trên Cổng thông tin bằng thiết bị nào?"
PAST_OPTIONS = (("Điện thoại di động", 604), ("Máy tính", 251), ("Máy tính bảng", 47))


def _add_poll(question, options, opens_at, closes_at, featured, rng) -> Poll:
    """A single-answer poll whose ballots and counters match the given counts."""
    poll = Poll(
        question=question,
        multiple=False,
        max_choices=1,
        opens_at=opens_at,
        closes_at=closes_at,
        results_visibility="always",
        featured=featured,
        ballot_count=sum(count for _label, count in options),
    )
    db.session.add(poll)
    db.session.flush()
    span = ((closes_at or utcnow()) - opens_at).total_seconds()
    for position, (label, count) in enumerate(options, start=1):
        option = PollOption(poll_id=poll.id, position=position, label=label, vote_count=count)
        db.session.add(option)
        db.session.flush()
        first = db.session.execute(select(func.coalesce(func.max(Ballot.id), 0))).scalar_one()
        db.session.execute(
            insert(Ballot),
            [
                {
                    "poll_id": poll.id,
                    "voter_id": f"demo-{secrets.token_hex(12)}",
                    "address_hash": "",
                    "created_at": opens_at + timedelta(seconds=rng.uniform(0, span)),
                }
                for _ in range(count)
            ],
        )
        ids = db.session.execute(
            select(Ballot.id).where(Ballot.poll_id == poll.id, Ballot.id > first)
        ).scalars()
        db.session.execute(
            insert(BallotChoice), [{"ballot_id": bid, "option_id": option.id} for bid in ids]
        )
    return poll


def seed_demo_poll() -> Poll | None:
    """Create the demo polls when there is no poll yet (idempotent); return the featured one."""
    if db.session.execute(select(Poll.id).limit(1)).first() is not None:
        return None
    rng = random.Random(4)
    now = utcnow()
    _add_poll(
        PAST_QUESTION,
        PAST_OPTIONS,
        now - timedelta(days=240),
        now - timedelta(days=150),
        False,
        rng,
    )
    return _add_poll(DEMO_QUESTION, DEMO_OPTIONS, now - timedelta(days=120), None, True, rng)
