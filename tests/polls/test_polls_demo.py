"""The demo polls: created once, with counters that match their ballot rows."""

from cms.extensions import db
from cms.polls.demo import DEMO_QUESTION, seed_demo_poll
from cms.polls.models import Ballot, Poll
from cms.polls.queries import recount


def test_seed_demo_poll_is_idempotent(client):
    poll = seed_demo_poll()
    assert poll is not None and poll.question == DEMO_QUESTION
    assert seed_demo_poll() is None
    assert db.session.query(Poll).count() == 2
    for each in db.session.query(Poll):
        assert db.session.query(Ballot).filter_by(poll_id=each.id).count() == each.ballot_count
        counts = recount(each.id)
        assert sum(counts.values()) == each.ballot_count
    html = client.get("/").get_data(as_text=True)
    assert DEMO_QUESTION in html
    for label in ("Rất tốt", "Tốt", "Bình thường", "Chưa đáp ứng"):
        assert f"<span>{label}</span>" in html
    results = client.get(f"/binh-chon/{poll.id}/ket-qua").get_data(as_text=True)
    assert "<strong>1.200</strong>" in results
    archive = client.get("/binh-chon/luu-tru").get_data(as_text=True)
    assert "Bạn thường đọc tin trên Cổng thông tin bằng thiết bị nào?" in archive
