"""Poll fixtures: a poll factory and a helper that votes like a browser."""

import pytest

from cms.extensions import db
from cms.polls.models import PollOption
from tests.conftest import add_poll

ORIGIN = "http://portal.test"


@pytest.fixture
def make_poll(app):
    """Factory: an open single-answer poll with four options unless overridden."""
    return add_poll


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
