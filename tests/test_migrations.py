"""The schema comes only from the Alembic migrations: from an empty database, and from
each previous revision with data in it, up to the head and back down."""

from datetime import datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from cms import create_app
from cms.core.database import in_models
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
