"""The vote's same-origin check compares the scheme as well as the host."""

import pytest

from cms.extensions import db
from cms.polls.models import Ballot


@pytest.mark.parametrize(
    ("site", "headers"),
    [
        ("https://portal.test", {"Origin": "http://portal.test"}),
        ("https://portal.test", {"Referer": "http://portal.test/bai-viet/1-tin"}),
        ("http://portal.test", {"Origin": "https://portal.test"}),
        ("https://portal.test", {"Origin": "http://[portal.test"}),
    ],
    ids=["http-origin-on-https", "http-referer-on-https", "https-origin-on-http", "unparsable"],
)
def test_vote_from_another_scheme_is_refused(option_ids, client, make_poll, vote, site, headers):
    poll = make_poll()
    r = vote(client, poll.id, [option_ids(poll.id)[0]], origin=None, headers=headers, base_url=site)
    assert r.status_code == 403
    assert "hãy bình chọn từ trang của cổng" in r.get_data(as_text=True)
    assert db.session.query(Ballot).count() == 0


def test_vote_from_the_same_scheme_and_host_is_counted(option_ids, client, make_poll, vote):
    poll = make_poll()
    r = vote(
        client,
        poll.id,
        [option_ids(poll.id)[0]],
        origin="https://portal.test",
        json=True,
        base_url="https://portal.test",
    )
    assert r.status_code == 200, r.get_data(as_text=True)
    assert db.session.query(Ballot).count() == 1
