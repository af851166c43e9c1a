"""Write operations on polls: casting a vote, and what editors do to a poll.

The staff operations are audited in the same transaction and never commit (the request
does, once: cms/core/unit_of_work.py); the cached sidebar and poll definitions follow the
commit (``forget_on_commit``). A vote is a unit of its own (see ``cast_vote``).
"""

import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import DateTime, bindparam, delete, select, text, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from cms.audit.services import record
from cms.core import metrics
from cms.core.cache import forget_on_commit
from cms.core.database import write_transaction
from cms.core.formatting import utcnow
from cms.core.text import fold, nfc
from cms.extensions import db
from cms.polls import ratelimit
from cms.polls.models import VISIBILITIES, Ballot, BallotChoice, Poll, PollOption
from cms.polls.queries import PollView, forget_poll, has_voted

MAX_OPTIONS = 20
MAX_SUBMITTED_VALUES = 50
_DIGITS = re.compile(r"[0-9]{1,9}")
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


class VoteError(Exception):
    """A vote refused: a code for programs, an HTTP status and a message for people."""

    def __init__(self, code: str, status: int, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.status = status
        self.message = message


def parse_option_ids(values: list) -> list[int]:
    """Turn submitted option values into distinct ids, refusing anything malformed."""
    if not isinstance(values, list) or len(values) > MAX_SUBMITTED_VALUES:
        raise VoteError("malformed", 400, _("Dữ liệu bình chọn không hợp lệ."))
    ids: list[int] = []
    for value in values:
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            raise VoteError("malformed", 400, _("Dữ liệu bình chọn không hợp lệ."))
        raw = str(value).strip()
        if not _DIGITS.fullmatch(raw):
            raise VoteError("malformed", 400, _("Dữ liệu bình chọn không hợp lệ."))
        if int(raw) not in ids:
            ids.append(int(raw))
    return ids


def check_choices(poll: PollView, option_ids: list[int], now: datetime | None = None) -> list[int]:
    """Refuse a vote the poll cannot take: not open, empty, foreign option, too many."""
    state = poll.state(now)
    if state == "draft":
        raise VoteError("not_open", 404, _("Cuộc bình chọn này chưa mở."))
    if state == "closed":
        raise VoteError("closed", 409, _("Cuộc bình chọn này đã kết thúc, không nhận thêm phiếu."))
    if not option_ids:
        raise VoteError("empty", 400, _("Bạn chưa chọn phương án nào."))
    valid = {opt.id for opt in poll.options}
    if any(oid not in valid for oid in option_ids):
        raise VoteError("unknown_option", 400, _("Phương án bạn chọn không thuộc câu hỏi này."))
    if len(option_ids) > poll.limit:
        if poll.limit == 1:
            raise VoteError("too_many", 400, _("Câu hỏi này chỉ được chọn một phương án."))
        raise VoteError("too_many", 400, _("Chỉ được chọn tối đa %(n)d phương án.", n=poll.limit))
    return sorted(option_ids)


def _already_voted() -> VoteError:
    return VoteError("already_voted", 409, _("Bạn đã bình chọn cho câu hỏi này rồi. Cảm ơn bạn!"))


def _rate_limited() -> VoteError:
    return VoteError(
        "rate_limited", 429, _("Bạn gửi bình chọn quá nhanh. Vui lòng thử lại sau ít phút.")
    )


def _lock_key(poll_id: int, addr_hash: str) -> int:
    """A signed 64-bit advisory-lock key for one poll and one client address."""
    digest = hashlib.sha256(f"poll:{poll_id}:{addr_hash}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def _address_limited() -> VoteError:
    return VoteError(
        "address_limit",
        429,
        _(
            "Đã có quá nhiều phiếu bình chọn từ địa chỉ mạng của bạn cho câu hỏi này. "
            "Vui lòng thử lại sau."
        ),
    )


def _insert_ballot(
    conn: Connection, poll: PollView, choices: list[int], voter_id: str, addr_hash: str, now
) -> tuple[int, dict[int, int]] | None:
    """Add the ballot, its choices and the counters; None when nothing was added.

    One INSERT … SELECT adds the ballot only while the address is under its cap, and
    ON CONFLICT DO NOTHING skips it when the voter already has one (the unique
    constraint decides, whatever the race), so no statement fails and the transaction
    (with the rate-limit bump) always commits. Returns the fresh counters.
    """
    if conn.dialect.name == "postgresql":
        # Serialise ballots from one address in one poll so the cap is exact.
        conn.execute(_ADVISORY_LOCK, {"k": _lock_key(poll.id, addr_hash)})
    config = current_app.config
    since = now - timedelta(hours=int(config["POLL_ADDRESS_WINDOW_HOURS"]))
    ballot_id = conn.execute(
        _INSERT_BALLOT,
        {
            "poll_id": poll.id,
            "voter_id": voter_id,
            "addr": addr_hash,
            "now": now,
            "since": since,
            "cap": int(config["POLL_MAX_VOTES_PER_ADDRESS"]),
        },
    ).scalar()
    if ballot_id is None:
        return None
    conn.execute(_INSERT_CHOICE, [{"ballot_id": ballot_id, "option_id": oid} for oid in choices])
    # Counters last, always the poll row first, then its options: one lock order for all.
    ballots = conn.execute(_COUNT_BALLOT, {"poll_id": poll.id}).scalar_one()
    rows = conn.execute(
        _COUNT_OPTIONS,
        {"poll_id": poll.id, "chosen": choices},
    ).all()
    return ballots, {option_id: count for option_id, count in rows}


# The vote's statements, written once as SQL that SQLite (3.35+) and PostgreSQL share:
# this is the hot path, and building them as expressions cost more than running them.
_ADVISORY_LOCK = text("SELECT pg_advisory_xact_lock(:k)")
# One INSERT … SELECT adds the ballot only while the address is under its cap; ON
# CONFLICT DO NOTHING skips it when the voter has one already (the unique constraint
# decides, whatever the race), so no statement fails and the transaction always commits.
_INSERT_BALLOT = text(
    "INSERT INTO ballot (poll_id, voter_id, address_hash, created_at) "
    # Casts: PostgreSQL cannot infer the types of parameters in a select list.
    "SELECT CAST(:poll_id AS INTEGER), CAST(:voter_id AS VARCHAR), CAST(:addr AS VARCHAR), :now "
    "WHERE (SELECT count(*) FROM ballot WHERE poll_id = :poll_id AND address_hash = :addr "
    "AND created_at >= :since) < :cap "
    "ON CONFLICT (poll_id, voter_id) DO NOTHING RETURNING id"
).bindparams(bindparam("now", type_=DateTime()), bindparam("since", type_=DateTime()))
_INSERT_CHOICE = text(
    "INSERT INTO ballot_choice (ballot_id, option_id) VALUES (:ballot_id, :option_id)"
)
_COUNT_BALLOT = text(
    "UPDATE poll SET ballot_count = ballot_count + 1 WHERE id = :poll_id RETURNING ballot_count"
)
_COUNT_OPTIONS = text(
    "UPDATE poll_option SET vote_count = vote_count + "
    "CASE WHEN id IN :chosen THEN 1 ELSE 0 END "
    "WHERE poll_id = :poll_id RETURNING id, vote_count"
).bindparams(bindparam("chosen", expanding=True))


def cast_vote(
    poll: PollView,
    option_ids: list[int],
    voter_id: str,
    addr_hash: str,
    now: datetime | None = None,
) -> tuple[int, dict[int, int]]:
    """Record one ballot of a voter in a poll, or raise VoteError; nothing is counted twice.

    The unique (poll_id, voter_id) constraint decides races between workers; the
    ballot, its choices and the counters are written in one transaction, which also
    counts the attempt for the rate limit (kept even when the vote is refused).
    Returns the fresh counters: (ballots, votes per option id).
    """
    now = now or utcnow()
    choices = check_choices(poll, option_ids, now)
    rate_key = f"a:{addr_hash}"
    redis_hits = ratelimit.bump_redis(rate_key)  # None: counted in the database below
    if redis_hits is not None and ratelimit.over_limit(redis_hits):
        raise _rate_limited()
    limited = False
    counts = None
    try:
        # A unit of its own, committed here: the rate-limit count must stay when the vote
        # is refused (the request then answers 4xx, and the edge rolls back), and the
        # counters returned are the committed ones. Nothing else of the request writes.
        with write_transaction() as session:
            # Core statements on the session's connection: this is the hot path.
            conn = session.connection()
            if redis_hits is None:
                limited = ratelimit.over_limit(ratelimit.bump_db(conn, rate_key))
            if not limited:
                counts = _insert_ballot(conn, poll, choices, voter_id, addr_hash, now)
    except IntegrityError as exc:
        # A foreign key: an option removed since the page was shown.
        raise VoteError(
            "conflict", 409, _("Câu hỏi vừa được thay đổi. Hãy tải lại trang rồi bình chọn.")
        ) from exc
    if limited:
        raise _rate_limited()
    if counts is None:
        raise _already_voted() if has_voted(poll.id, voter_id) else _address_limited()
    metrics.count_vote()
    return counts


# --- Staff operations -------------------------------------------------------------


@dataclass
class OptionInput:
    """One option row of the edit form: an existing option (by id) or a new one."""

    option_id: int | None
    label: str
    position: int
    remove: bool = False


@dataclass
class PollInput:
    """What the edit form submits, already parsed."""

    question: str
    options: list[OptionInput] = field(default_factory=list)
    multiple: bool = False
    max_choices: int = 1
    opens_at: datetime | None = None
    closes_at: datetime | None = None
    results_visibility: str = "always"
    featured: bool = False


class PollEditError(Exception):
    """The edit was refused; ``messages`` says why, nothing was saved."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages


def _core(label: str) -> str:
    """A label without accents, case, spacing or punctuation (what a typo fix may change)."""
    return _NOT_ALNUM.sub("", fold(label))


def _plan_options(poll: Poll | None, items: list[OptionInput], errors: list[str]):
    """Decide which options to keep, rename, add and delete; votes never move."""
    existing = {opt.id: opt for opt in poll.options} if poll else {}
    seen: set[int] = set()
    keep: list[tuple[int, int, PollOption | None, str]] = []
    to_delete: list[PollOption] = []
    for index, item in enumerate(items):
        label = nfc(item.label)
        if item.option_id is None:
            if label and not item.remove:
                keep.append((item.position, index, None, label))
            continue
        opt = existing.get(item.option_id)
        if opt is None or item.option_id in seen:
            errors.append(_("Danh sách phương án không hợp lệ. Hãy tải lại trang."))
            continue
        seen.add(opt.id)
        if item.remove:
            if opt.vote_count > 0:
                errors.append(
                    _("Phương án “%(label)s” đã có người chọn nên không thể xóa.", label=opt.label)
                )
            to_delete.append(opt)
            continue
        if not label:
            errors.append(
                _(
                    "Phương án “%(label)s” đang để trống: hãy nhập nội dung hoặc đánh dấu Xóa.",
                    label=opt.label,
                )
            )
            continue
        if opt.vote_count > 0 and label != opt.label and _core(label) != _core(opt.label):
            errors.append(
                _(
                    "Phương án “%(old)s” đã có người chọn: chỉ được sửa dấu, chữ hoa/thường, "
                    "khoảng trắng hoặc dấu câu, không được đổi thành “%(new)s”.",
                    old=opt.label,
                    new=label,
                )
            )
        keep.append((item.position, index, opt, label))
    for opt in existing.values():
        if opt.id not in seen:
            keep.append((opt.position, len(items) + opt.position, opt, opt.label))
    keep.sort(key=lambda entry: (entry[0], entry[1]))
    return keep, to_delete


def _check_poll(poll: Poll | None, data: PollInput, keep: list, errors: list[str]) -> None:
    """The rules that do not depend on a single option."""
    if not nfc(data.question):
        errors.append(_("Hãy nhập câu hỏi."))
    if len(keep) < 2:
        errors.append(_("Cần ít nhất hai phương án."))
    if len(keep) > MAX_OPTIONS:
        errors.append(_("Tối đa %(n)d phương án.", n=MAX_OPTIONS))
    cores = [_core(entry[3]) for entry in keep]
    if len(set(cores)) != len(cores):
        errors.append(_("Có hai phương án trùng nhau."))
    if data.multiple and not 2 <= data.max_choices <= max(2, len(keep)):
        errors.append(_("Số phương án tối đa được chọn phải từ 2 đến %(n)d.", n=max(2, len(keep))))
    if data.results_visibility not in VISIBILITIES:
        errors.append(_("Cách hiển thị kết quả không hợp lệ."))
    if data.opens_at and data.closes_at and data.closes_at <= data.opens_at:
        errors.append(_("Thời điểm đóng phải sau thời điểm mở."))
    if data.closes_at and not data.opens_at:
        errors.append(_("Hãy nhập thời điểm mở khi đã có thời điểm đóng."))
    if poll is not None and poll.ballot_count > 0:
        if poll.multiple and not data.multiple:
            errors.append(
                _("Câu hỏi đã có phiếu: không thể chuyển từ chọn nhiều sang chọn một phương án.")
            )
        elif poll.multiple and data.max_choices < poll.max_choices:
            errors.append(_("Câu hỏi đã có phiếu: không thể giảm số phương án tối đa được chọn."))


def save_poll(poll: Poll | None, data: PollInput) -> Poll:
    """Create (poll=None) or update a poll, or raise PollEditError with every reason.

    Once a poll has votes: an option with votes may not be deleted, and its label may
    change only in accents, case, spacing or punctuation (a typo fix); options may be
    added and reordered. Votes belong to option ids and are never reassigned.
    """
    errors: list[str] = []
    keep, to_delete = _plan_options(poll, data.options, errors)
    _check_poll(poll, data, keep, errors)
    if errors:
        raise PollEditError(list(dict.fromkeys(errors)))
    creating = poll is None
    if poll is None:
        poll = Poll(ballot_count=0)
        db.session.add(poll)
    poll.question = nfc(data.question)
    poll.multiple = data.multiple
    poll.max_choices = data.max_choices if data.multiple else 1
    poll.opens_at = data.opens_at
    poll.closes_at = data.closes_at
    poll.results_visibility = data.results_visibility
    for opt in to_delete:
        db.session.delete(opt)
    db.session.flush()
    for position, (_pos, _index, opt, label) in enumerate(keep, start=1):
        if opt is None:
            db.session.add(PollOption(poll_id=poll.id, position=position, label=label))
        else:
            opt.position = position
            opt.label = label
    _apply_featured(poll, data.featured)
    record("poll.create" if creating else "poll.update", "poll", poll.id, poll.question)
    return poll


def _apply_featured(poll: Poll, featured: bool) -> None:
    """Make this poll the sidebar's (clearing any other), or stop featuring it."""
    if featured:
        db.session.execute(
            update(Poll)
            .where(Poll.id != poll.id, Poll.featured.is_(True))
            .values(featured=False)
            .execution_options(synchronize_session=False)
        )
    poll.featured = featured


def set_featured(poll: Poll, featured: bool = True) -> None:
    """Choose (or stop choosing) the poll the sidebar shows."""
    _apply_featured(poll, featured)
    record("poll.feature" if featured else "poll.unfeature", "poll", poll.id)


def open_now(poll: Poll, now: datetime | None = None) -> None:
    """Open the poll at once (reopening a closed one drops its past closing time)."""
    now = now or utcnow()
    poll.opens_at = now if poll.opens_at is None or poll.opens_at > now else poll.opens_at
    if poll.closes_at is not None and poll.closes_at <= now:
        poll.closes_at = None
    record("poll.open", "poll", poll.id)


def close_now(poll: Poll, now: datetime | None = None) -> None:
    """Close an open poll at once."""
    now = now or utcnow()
    poll.closes_at = now
    record("poll.close", "poll", poll.id)


def reset_votes(poll: Poll) -> int:
    """Delete every ballot of the poll and zero its counters (admins only); audit-logged."""
    # Lock the poll row first (PostgreSQL) so a vote in flight lands wholly before or after.
    db.session.execute(select(Poll.id).where(Poll.id == poll.id).with_for_update())
    ballots = select(Ballot.id).where(Ballot.poll_id == poll.id)
    db.session.execute(delete(BallotChoice).where(BallotChoice.ballot_id.in_(ballots)))
    removed = db.session.execute(delete(Ballot).where(Ballot.poll_id == poll.id)).rowcount
    db.session.execute(
        update(PollOption)
        .where(PollOption.poll_id == poll.id)
        .values(vote_count=0)
        .execution_options(synchronize_session=False)
    )
    poll.ballot_count = 0
    record("poll.reset", "poll", poll.id, f"{removed} phiếu: {poll.question}")
    return removed


def delete_poll(poll: Poll) -> None:
    """Delete a poll that has no votes (a poll with votes is closed, not deleted)."""
    if poll.ballot_count > 0:
        raise PollEditError([_("Câu hỏi đã có phiếu nên không thể xóa; hãy đóng câu hỏi.")])
    poll_id = poll.id
    record("poll.delete", "poll", poll_id, poll.question)
    db.session.delete(poll)


# The sidebar and the poll pages follow every committed change to a poll, whatever wrote it.
forget_on_commit((Poll, PollOption), forget_poll)
