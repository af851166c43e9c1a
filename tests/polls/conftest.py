"""Poll fixtures: a poll factory and a helper that votes like a browser."""

from datetime import timedelta

import pytest

from cms.core.formatting import utcnow
from cms.extensions import db
from cms.polls.models import Poll, PollOption

ORIGIN = "http://portal.test"


@pytest.fixture
def make_poll(app):
    """Factory: an open single-answer poll with four options unless overridden."""

    def factory(options=("Rất tốt", "Tốt", "Bình thường", "Chưa đáp ứng"), **overrides):
        values = {
            "question": "Website đáp ứng nhu cầu thông tin của bạn ở mức độ nào?",
            "opens_at": utcnow() - timedelta(days=1),
            "closes_at": None,
            "multiple": False,
            "max_choices": 1,
            "results_visibility": "always",
            "featured": False,
        }
        values.update(overrides)
        poll = Poll(**values)
        db.session.add(poll)
        db.session.flush()
        for position, label in enumerate(options, start=1):
            db.session.add(PollOption(poll_id=poll.id, position=position, label=label))
        db.session.commit()
        return poll

    return factory


@pytest.fixture
def option_ids(app):
    """Function: the ids of a poll's options in order."""

    def ids(poll_id: int) -> list[int]:
        rows = db.session.query(PollOption).filter_by(poll_id=poll_id)
        return [o.id for o in rows.order_by(PollOption.position).all()]

    return ids


@pytest.fixture
def vote():
    """Post a vote like a browser: ``vote(client, poll_id, [ids], json=True)``."""

    def do_vote(client, poll_id, options, json=False, origin=ORIGIN, headers=None, **kwargs):
        sent = dict(headers or {})
        if origin:
            sent["Origin"] = origin
        if json:
            sent["Accept"] = "application/json"
        data = {"option": [str(o) for o in options]} if options is not None else {}
        return client.post(f"/binh-chon/{poll_id}", data=data, headers=sent, **kwargs)

    return do_vote
