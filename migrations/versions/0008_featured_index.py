"""the featured-articles index, where a database created before 0001 gained it lacks it

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-12 07:00:00

``ix_article_featured_status_published_at`` (``is_featured, status, published_at``: the home
page's featured block) was added to 0001 after 0001 had been released. A database created
from the earlier 0001 never ran that line, and Alembic will not run 0001 again, so such a
database has lacked the index ever since. Released migrations are never edited again; this
revision creates the index only where it is absent (looked up by name first), so a database
built from the later 0001 is left as it is.

The downgrade leaves the index in place: it belongs to 0001 (whose downgrade drops it), and
dropping it here would remove it from databases that had it all along.
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

INDEX = "ix_article_featured_status_published_at"


def upgrade():
    """Create the featured-articles index unless the article table already has it."""
    existing = {index["name"] for index in sa.inspect(op.get_bind()).get_indexes("article")}
    if INDEX not in existing:
        op.create_index(INDEX, "article", ["is_featured", "status", "published_at"], unique=False)


def downgrade():
    """Leave the index: 0001 owns it (see the module docstring)."""
