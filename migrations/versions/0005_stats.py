"""stats: visit sessions and daily visit totals

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28 07:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "stats_visit",
        sa.Column("sid", sa.String(length=32), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("last_seen", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("sid", name=op.f("pk_stats_visit")),
    )
    with op.batch_alter_table("stats_visit", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_stats_visit_last_seen"), ["last_seen"], unique=False)

    op.create_table(
        "stats_daily",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("visits", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_stats_daily")),
    )


def downgrade():
    op.drop_table("stats_daily")
    with op.batch_alter_table("stats_visit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stats_visit_last_seen"))
    op.drop_table("stats_visit")
