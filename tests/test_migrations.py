"""The schema comes only from the Alembic migrations: from an empty database, and from
each previous revision with data in it, up to the head and back down."""

import unicodedata
from datetime import datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

from cms import create_app
from cms.core.database import in_models
from cms.core.privacy import address_tag
from cms.extensions import db
from tests.conftest import BACKEND, base_config, fresh_postgres_url


def _fresh_url(tmp_path, name):
    if BACKEND != "postgres":
        return f"sqlite:///{tmp_path / (name + '.sqlite3')}"
    return fresh_postgres_url(name)


@pytest.fixture
def empty_app(tmp_path):
    """An app on an empty database (no tables at all)."""
    app = create_app(base_config(tmp_path, _fresh_url(tmp_path, "migrations")))
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


def _revisions(app):
    script = ScriptDirectory.from_config(app.extensions["migrate"].migrate.get_config())
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


def test_one_linear_history(empty_app):
    script = ScriptDirectory.from_config(empty_app.extensions["migrate"].migrate.get_config())
    assert len(script.get_heads()) == 1, "the migrations must form one line (one head)"


def test_upgrade_from_empty_gives_exactly_the_models(empty_app):
    upgrade()
    with db.engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"include_object": in_models, "compare_type": True}
        )
        diff = compare_metadata(context, db.metadata)
    assert diff == []


def test_every_revision_upgrades_from_the_previous_one_with_data(empty_app):
    revisions = _revisions(empty_app)
    assert revisions[0] == "0001"
    upgrade(revision="0001")
    now = datetime(2025, 1, 2, 3, 4, 5)
    db.session.execute(
        text(
            "INSERT INTO category (id, name, slug, description, position, in_menu, on_home) "
            "VALUES (1, 'Tin tức – Sự kiện', 'tin-tuc-su-kien', '', 1, true, true)"
        )
    )
    db.session.execute(
        text(
            "INSERT INTO article (id, title, slug, summary, body, byline, source, category_id,"
            " image_url, image_caption, image_alt, is_featured, status, published_at,"
            " created_at, updated_at, view_count, version) VALUES (1, 'Đoàn kiểm tra', "
            "'doan-kiem-tra', '', '<p>Nội dung</p>', 'Minh Anh', '', 1, '', '', '', false,"
            " 'published', :now, :now, :now, 7, 1)"
        ),
        {"now": now},
    )
    db.session.commit()
    for revision in revisions[1:]:
        upgrade(revision=revision)
        title = db.session.execute(text("SELECT title FROM article WHERE id = 1")).scalar_one()
        assert title == "Đoàn kiểm tra", revision
        db.session.commit()
    # and all the way back down, then up again
    downgrade(revision="base")
    tables = set(inspect(db.engine).get_table_names()) - {"alembic_version"}
    assert not {t for t in tables if not t.startswith("sqlite_")}
    upgrade()
    assert db.session.execute(text("SELECT count(*) FROM article")).scalar_one() == 0


def test_0007_folds_user_names_and_pseudonymises_addresses(empty_app):
    """From 0006 with data: names folding alike are made unique, raw addresses go."""
    upgrade(revision="0006")
    now = datetime(2025, 1, 2, 3, 4, 5)
    users = [
        (1, "Đức"),
        (2, "ĐỨC"),
        (3, "bob"),
        (4, "đức-2"),
        (5, unicodedata.normalize("NFD", "đức")),
    ]
    for user_id, name in users:
        db.session.execute(
            text(
                'INSERT INTO "user" (id, username, full_name, email, role, password_hash,'
                " is_active_account, session_token, created_at) VALUES (:id, :name, '', '',"
                " 'editor', '', true, :token, :now)"
            ),
            {"id": user_id, "name": name, "token": f"t{user_id}", "now": now},
        )
    for address in ("203.0.113.7", "203.0.113.7", "2001:db8::1", ""):
        db.session.execute(
            text(
                "INSERT INTO audit_entry (created_at, actor_id, actor_name, action, target_type,"
                " detail, address) VALUES (:now, 1, 'Đức', 'login', 'user', '', :address)"
            ),
            {"now": now, "address": address},
        )
    db.session.execute(
        text(
            "INSERT INTO login_failure (scope, key, created_at) "
            "VALUES ('address', '203.0.113.7', :now)"
        ),
        {"now": now},
    )
    db.session.commit()
    upgrade(revision="0007")
    rows = db.session.execute(
        text('SELECT id, username, username_key, must_change_password FROM "user" ORDER BY id')
    ).all()
    assert [(r.username, r.username_key) for r in rows] == [
        ("Đức", "đức"),  # the oldest keeps its name
        ("ĐỨC-3", "đức-3"),  # "-2" is taken by account 4's own name
        ("bob", "bob"),
        ("đức-2", "đức-2"),
        ("đức-4", "đức-4"),  # the NFD spelling, now NFC, renamed too
    ]
    assert not any(r.must_change_password for r in rows)
    addresses = db.session.execute(text("SELECT address FROM audit_entry ORDER BY id")).scalars()
    assert list(addresses) == [
        address_tag("203.0.113.7"),
        address_tag("203.0.113.7"),
        address_tag("2001:db8::1"),
        "",
    ]
    assert db.session.execute(text("SELECT count(*) FROM login_failure")).scalar_one() == 0
    kept = text("SELECT count(*) FROM audit_entry WHERE actor_id = 1")  # no table copy nulled it
    assert db.session.execute(kept).scalar_one() == 4
    counts = db.session.execute(text("SELECT DISTINCT repeat_count FROM audit_entry")).scalars()
    assert list(counts) == [1]
    db.session.commit()
    # The unique index now holds on every database (SQLite's lower() would not have).
    with pytest.raises(IntegrityError):
        db.session.execute(
            text(
                'INSERT INTO "user" (id, username, username_key, full_name, email, role,'
                " password_hash, is_active_account, session_token, created_at) VALUES (9,"
                " 'BOB', 'bob', '', '', 'editor', '', true, 't9', :now)"
            ),
            {"now": now},
        )
    db.session.rollback()
    downgrade(revision="0006")
    assert db.session.execute(text('SELECT count(*) FROM "user"')).scalar_one() == 5
    assert db.session.execute(text("SELECT count(*) FROM audit_entry")).scalar_one() == 4


def _article_indexes():
    """The names of the article table's indexes, as the database reports them."""
    return {index["name"] for index in inspect(db.engine).get_indexes("article")}


@pytest.mark.parametrize("had_index", [False, True])
def test_0008_adds_the_featured_index_only_where_absent(empty_app, had_index):
    """A database at 0007 created before 0001 gained the index gets it; one with it is unchanged."""
    upgrade(revision="0007")
    if not had_index:
        # As a database created from the first release of 0001 would be.
        db.session.execute(text("DROP INDEX ix_article_featured_status_published_at"))
        db.session.commit()
    before = _article_indexes()
    assert ("ix_article_featured_status_published_at" in before) is had_index
    upgrade(revision="0008")
    after = _article_indexes()
    assert after == before | {"ix_article_featured_status_published_at"}
    columns = next(
        index["column_names"]
        for index in inspect(db.engine).get_indexes("article")
        if index["name"] == "ix_article_featured_status_published_at"
    )
    assert columns == ["is_featured", "status", "published_at"]
    downgrade(revision="0007")  # the index belongs to 0001: it stays
    assert "ix_article_featured_status_published_at" in _article_indexes()


def test_0009_swaps_the_category_index_and_counts_published_articles(empty_app):
    """From 0008 with data: the index ends in id, article_count is filled and then kept by
    the database on every write; the downgrade gives the previous index back."""
    upgrade(revision="0008")
    now = datetime(2025, 1, 2, 3, 4, 5)
    for cid, slug in ((1, "tin-tuc"), (2, "van-hoa")):
        db.session.execute(
            text(
                "INSERT INTO category (id, name, slug, description, position, in_menu, on_home)"
                " VALUES (:id, :slug, :slug, '', :id, true, true)"
            ),
            {"id": cid, "slug": slug},
        )
    insert = text(
        "INSERT INTO article (id, title, slug, summary, body, byline, source, category_id,"
        " image_url, image_caption, image_alt, is_featured, status, published_at, created_at,"
        " updated_at, view_count, version, review_note, trashed_from) VALUES (:id, 'Tin', 'tin',"
        " '', '', '', '', :cid, '', '', '', false, :status, :at, :now, :now, 0, 1, '', '')"
    )
    rows = [
        (1, 1, "published", now),
        (2, 1, "published", now),
        (3, 1, "draft", now),
        (4, 1, "published", None),  # no time: never public, not counted
        (5, 2, "published", datetime(2099, 1, 1)),  # scheduled: counted, subtracted when read
        (6, 2, "trash", now),
    ]
    for aid, cid, status, at in rows:
        db.session.execute(insert, {"id": aid, "cid": cid, "status": status, "at": at, "now": now})
    db.session.commit()
    upgrade(revision="0009")
    indexes = {
        index["name"]: index["column_names"] for index in inspect(db.engine).get_indexes("article")
    }
    assert indexes["ix_article_category_status_published_id"] == [
        "category_id",
        "status",
        "published_at",
        "id",
    ]
    assert "ix_article_category_status_published_at" not in indexes

    def counts():
        query = text("SELECT category_id, published FROM article_count ORDER BY category_id")
        return dict(db.session.execute(query).all())

    assert counts() == {1: 2, 2: 1}
    # Kept by the triggers: a new category, a state change, a move, a delete, a view count.
    db.session.execute(
        text(
            "INSERT INTO category (id, name, slug, description, position, in_menu, on_home)"
            " VALUES (3, 'Kinh tế', 'kinh-te', '', 3, true, true)"
        )
    )
    db.session.execute(insert, {"id": 7, "cid": 3, "status": "published", "at": now, "now": now})
    db.session.execute(text("UPDATE article SET status = 'published' WHERE id = 3"))
    db.session.execute(text("UPDATE article SET status = 'trash' WHERE id = 1"))
    db.session.execute(text("UPDATE article SET category_id = 2 WHERE id = 2"))
    db.session.execute(text("UPDATE article SET published_at = :now WHERE id = 4"), {"now": now})
    db.session.execute(text("UPDATE article SET view_count = view_count + 5 WHERE id = 5"))
    db.session.execute(text("DELETE FROM article WHERE id = 7"))
    db.session.commit()
    assert counts() == {1: 2, 2: 2, 3: 0}
    db.session.commit()
    downgrade(revision="0008")
    indexes = {
        index["name"]: index["column_names"] for index in inspect(db.engine).get_indexes("article")
    }
    assert indexes["ix_article_category_status_published_at"] == [
        "category_id",
        "status",
        "published_at",
    ]
    assert "ix_article_category_status_published_id" not in indexes
    assert "article_count" not in inspect(db.engine).get_table_names()
    db.session.execute(text("UPDATE article SET status = 'draft' WHERE id = 2"))  # no trigger left
    db.session.commit()
