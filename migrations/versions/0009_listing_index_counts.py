"""listings that cost the same at any depth: an index ending in id, per-category counts

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-13 07:00:00

``ix_article_category_status_published_id`` (``category_id, status, published_at, id``)
replaces ``ix_article_category_status_published_at``, of which it is a superset: a
category's public list is ordered ``published_at DESC, id DESC``, and with ``id`` in the
index that order is a backward range of it, so the ids of any page are read from the index
alone (no sort on disk, no heap read of the skipped rows).

``article_count`` holds, per category, the articles whose status is "published" with a
publication time (scheduled ones included); triggers on ``article`` keep it on every
insert, delete and change of status, category or publication time, whoever writes. The
public count subtracts the scheduled articles still ahead (cms.content.queries). Filled
here from the existing rows.
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

OLD_INDEX = "ix_article_category_status_published_at"
NEW_INDEX = "ix_article_category_status_published_id"

# "Counted" is: status published and a publication time set (public now or scheduled).
SQLITE_TRIGGERS = [
    """
    CREATE TRIGGER article_count_insert AFTER INSERT ON article
    WHEN NEW.status = 'published' AND NEW.published_at IS NOT NULL
    BEGIN
        INSERT OR IGNORE INTO article_count (category_id, published) VALUES (NEW.category_id, 0);
        UPDATE article_count SET published = published + 1 WHERE category_id = NEW.category_id;
    END
    """,
    """
    CREATE TRIGGER article_count_delete AFTER DELETE ON article
    WHEN OLD.status = 'published' AND OLD.published_at IS NOT NULL
    BEGIN
        UPDATE article_count SET published = published - 1 WHERE category_id = OLD.category_id;
    END
    """,
    # Only when what decides "counted" or its category changed (a view count, an edit of
    # the text or a re-save of the same values writes nothing here).
    """
    CREATE TRIGGER article_count_update AFTER UPDATE OF status, category_id, published_at
    ON article
    WHEN OLD.status IS NOT NEW.status OR OLD.category_id IS NOT NEW.category_id
        OR (OLD.published_at IS NULL) IS NOT (NEW.published_at IS NULL)
    BEGIN
        UPDATE article_count SET published = published - 1
        WHERE category_id = OLD.category_id
            AND OLD.status = 'published' AND OLD.published_at IS NOT NULL;
        INSERT OR IGNORE INTO article_count (category_id, published)
        SELECT NEW.category_id, 0
        WHERE NEW.status = 'published' AND NEW.published_at IS NOT NULL;
        UPDATE article_count SET published = published + 1
        WHERE category_id = NEW.category_id
            AND NEW.status = 'published' AND NEW.published_at IS NOT NULL;
    END
    """,
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS article_count_insert",
    "DROP TRIGGER IF EXISTS article_count_delete",
    "DROP TRIGGER IF EXISTS article_count_update",
]

PG_TRIGGERS = [
    """
    CREATE OR REPLACE FUNCTION article_count_track() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'UPDATE'
            AND OLD.status IS NOT DISTINCT FROM NEW.status
            AND OLD.category_id IS NOT DISTINCT FROM NEW.category_id
            AND (OLD.published_at IS NULL) = (NEW.published_at IS NULL) THEN
            RETURN NULL;
        END IF;
        IF TG_OP IN ('UPDATE', 'DELETE')
            AND OLD.status = 'published' AND OLD.published_at IS NOT NULL THEN
            UPDATE article_count SET published = published - 1
            WHERE category_id = OLD.category_id;
        END IF;
        IF TG_OP IN ('UPDATE', 'INSERT')
            AND NEW.status = 'published' AND NEW.published_at IS NOT NULL THEN
            INSERT INTO article_count (category_id, published) VALUES (NEW.category_id, 1)
            ON CONFLICT (category_id)
            DO UPDATE SET published = article_count.published + 1;
        END IF;
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE TRIGGER article_count_track
    AFTER INSERT OR DELETE OR UPDATE OF status, category_id, published_at ON article
    FOR EACH ROW EXECUTE FUNCTION article_count_track()
    """,
]
PG_DROP = [
    "DROP TRIGGER IF EXISTS article_count_track ON article",
    "DROP FUNCTION IF EXISTS article_count_track()",
]

FILL = """
    INSERT INTO article_count (category_id, published)
    SELECT category_id, count(*) FROM article
    WHERE status = 'published' AND published_at IS NOT NULL
    GROUP BY category_id
"""


def _article_indexes() -> set[str]:
    """The names of the article table's indexes, as the database reports them."""
    return {index["name"] for index in sa.inspect(op.get_bind()).get_indexes("article")}


def upgrade():
    """Swap the category index for one ending in id; create, fill and wire article_count."""
    op.create_index(
        NEW_INDEX, "article", ["category_id", "status", "published_at", "id"], unique=False
    )
    if OLD_INDEX in _article_indexes():
        op.drop_index(OLD_INDEX, table_name="article")
    op.create_table(
        "article_count",
        sa.Column("category_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("published", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["category_id"],
            ["category.id"],
            name=op.f("fk_article_count_category_id_category"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("category_id", name=op.f("pk_article_count")),
    )
    postgres = op.get_bind().dialect.name == "postgresql"
    for statement in PG_TRIGGERS if postgres else SQLITE_TRIGGERS:
        op.execute(statement)
    op.execute(FILL)


def downgrade():
    """Remove the triggers and the table; put the previous index back."""
    postgres = op.get_bind().dialect.name == "postgresql"
    for statement in PG_DROP if postgres else SQLITE_DROP:
        op.execute(statement)
    op.drop_table("article_count")
    op.create_index(OLD_INDEX, "article", ["category_id", "status", "published_at"], unique=False)
    op.drop_index(NEW_INDEX, table_name="article")
