"""outside_transaction(): slow work between transactions, never under SQLite's write lock."""

import sqlite3

import pytest
from sqlalchemy import event, func, select

from cms.content.models import Category
from cms.core.database import outside_transaction
from cms.extensions import db
from tests.conftest import BACKEND


@pytest.mark.skipif(BACKEND != "sqlite", reason="SQLite's write lock")
def test_a_post_releases_the_write_lock_inside_the_block(make_app):
    app = make_app()
    seen = {}

    def others_can_write() -> bool:
        """Whether another connection gets the write lock at once (no busy wait)."""
        other = sqlite3.connect(
            app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///"), timeout=0
        )
        other.isolation_level = None
        try:
            other.execute("BEGIN IMMEDIATE")
            other.execute("ROLLBACK")
            return True
        except sqlite3.OperationalError:
            return False
        finally:
            other.close()

    @app.post("/_test/slow")
    def slow():
        db.session.execute(select(1))  # a POST's first statement takes the write lock
        seen["before"] = others_can_write()
        with outside_transaction():
            db.session.execute(select(func.count()).select_from(Category))  # reads still work
            seen["inside"] = others_can_write()
        seen["after"] = db.session().in_transaction()
        db.session.execute(select(1))  # what the request writes next starts afresh
        return "ok"

    begins = []
    with app.app_context():
        engine = db.engine

    def note_begin(_conn, _cursor, statement, *_args):
        if statement.startswith("BEGIN"):
            begins.append(statement)

    event.listen(engine, "before_cursor_execute", note_begin)
    try:
        assert app.test_client().post("/_test/slow").status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", note_begin)
    assert seen == {"before": False, "inside": True, "after": False}
    assert begins == ["BEGIN IMMEDIATE", "BEGIN", "BEGIN IMMEDIATE"]


def test_uncommitted_changes_are_refused_not_committed_or_lost(app):
    with app.test_request_context("/", method="POST"):
        db.session.add(Category(name="Chưa lưu", slug="chua-luu"))
        with pytest.raises(RuntimeError), outside_transaction():
            pass
        db.session.rollback()
        db.session.add(Category(name="Đã flush", slug="da-flush"))
        db.session.flush()  # written in the transaction, not committed
        with pytest.raises(RuntimeError), outside_transaction():
            pass
        db.session.rollback()
        with pytest.raises(RuntimeError), outside_transaction():
            db.session.add(Category(name="Ghi bên trong", slug="ghi-ben-trong"))
        assert db.session.execute(select(func.count()).select_from(Category)).scalar_one() == 0
        with outside_transaction():  # a clean session is fine
            assert db.session.execute(select(func.count()).select_from(Category)).scalar_one() == 0
