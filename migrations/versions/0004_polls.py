"""polls: poll, poll_option, ballot, ballot_choice, poll_rate_bucket

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28 07:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "poll",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("question", sa.String(length=300), nullable=False),
        sa.Column("multiple", sa.Boolean(), nullable=False),
        sa.Column("max_choices", sa.Integer(), nullable=False),
        sa.Column("opens_at", sa.DateTime(), nullable=True),
        sa.Column("closes_at", sa.DateTime(), nullable=True),
        sa.Column("results_visibility", sa.String(length=16), nullable=False),
        sa.Column("featured", sa.Boolean(), nullable=False),
        sa.Column("ballot_count", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_poll")),
    )
    with op.batch_alter_table("poll", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_poll_featured"), ["featured"], unique=False)

    op.create_table(
        "poll_option",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("poll_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("vote_count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["poll_id"], ["poll.id"], name=op.f("fk_poll_option_poll_id_poll"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_poll_option")),
    )
    with op.batch_alter_table("poll_option", schema=None) as batch_op:
        batch_op.create_index("ix_poll_option_poll_position", ["poll_id", "position"], unique=False)

    op.create_table(
        "ballot",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("poll_id", sa.Integer(), nullable=False),
        sa.Column("voter_id", sa.String(length=64), nullable=False),
        sa.Column("address_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["poll_id"], ["poll.id"], name=op.f("fk_ballot_poll_id_poll"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ballot")),
        sa.UniqueConstraint("poll_id", "voter_id", name=op.f("uq_ballot_poll_id_voter_id")),
    )
    with op.batch_alter_table("ballot", schema=None) as batch_op:
        batch_op.create_index(
            "ix_ballot_poll_address_created",
            ["poll_id", "address_hash", "created_at"],
            unique=False,
        )

    op.create_table(
        "ballot_choice",
        sa.Column("ballot_id", sa.Integer(), nullable=False),
        sa.Column("option_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["ballot_id"],
            ["ballot.id"],
            name=op.f("fk_ballot_choice_ballot_id_ballot"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["option_id"], ["poll_option.id"], name=op.f("fk_ballot_choice_option_id_poll_option")
        ),
        sa.PrimaryKeyConstraint("ballot_id", "option_id", name=op.f("pk_ballot_choice")),
    )
    with op.batch_alter_table("ballot_choice", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ballot_choice_option_id"), ["option_id"], unique=False)

    op.create_table(
        "poll_rate_bucket",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("slot", sa.Integer(), nullable=False),
        sa.Column("hits", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("key", "slot", name=op.f("pk_poll_rate_bucket")),
    )


def downgrade():
    op.drop_table("poll_rate_bucket")
    with op.batch_alter_table("ballot_choice", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ballot_choice_option_id"))
    op.drop_table("ballot_choice")
    with op.batch_alter_table("ballot", schema=None) as batch_op:
        batch_op.drop_index("ix_ballot_poll_address_created")
    op.drop_table("ballot")
    with op.batch_alter_table("poll_option", schema=None) as batch_op:
        batch_op.drop_index("ix_poll_option_poll_position")
    op.drop_table("poll_option")
    with op.batch_alter_table("poll", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_poll_featured"))
    op.drop_table("poll")
