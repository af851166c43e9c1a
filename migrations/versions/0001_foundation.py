"""foundation: users, categories, articles, settings

Revision ID: 0001
Revises:
Create Date: 2026-11-28 05:50:48.319051

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    """Create the foundation tables."""
    op.create_table(
        "category",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("slug", sa.String(length=120), nullable=False),
        sa.Column("description", sa.String(length=500), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("in_menu", sa.Boolean(), nullable=False),
        sa.Column("on_home", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_category")),
    )
    with op.batch_alter_table("category", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_category_slug"), ["slug"], unique=True)

    op.create_table(
        "site_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("portal_name", sa.String(length=200), nullable=False),
        sa.Column("tagline", sa.String(length=300), nullable=False),
        sa.Column("agency_name", sa.String(length=200), nullable=False),
        sa.Column("responsible_person", sa.String(length=200), nullable=False),
        sa.Column("license_info", sa.String(length=300), nullable=False),
        sa.Column("address", sa.String(length=300), nullable=False),
        sa.Column("phone", sa.String(length=60), nullable=False),
        sa.Column("fax", sa.String(length=60), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("attribution_notice", sa.Text(), nullable=False),
        sa.Column("agency_links", sa.JSON(), nullable=False),
        sa.Column("monitoring_snippet", sa.Text(), nullable=False),
        sa.Column("visits_offset", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_site_settings")),
    )
    op.create_table(
        "slug_redirect",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("old_slug", sa.String(length=120), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_slug_redirect")),
        sa.UniqueConstraint("kind", "old_slug", name=op.f("uq_slug_redirect_kind_old_slug")),
    )
    op.create_table(
        "user",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("full_name", sa.String(length=120), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("is_active_account", sa.Boolean(), nullable=False),
        sa.Column("session_token", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_login_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user")),
    )
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_user_username"), ["username"], unique=True)

    op.create_table(
        "article",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("slug", sa.String(length=120), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("byline", sa.String(length=120), nullable=False),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("image_url", sa.String(length=500), nullable=False),
        sa.Column("image_caption", sa.String(length=500), nullable=False),
        sa.Column("image_alt", sa.String(length=300), nullable=False),
        sa.Column("is_featured", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("published_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("view_count", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["author_id"], ["user.id"], name=op.f("fk_article_author_id_user")),
        sa.ForeignKeyConstraint(
            ["category_id"], ["category.id"], name=op.f("fk_article_category_id_category")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_article")),
    )
    with op.batch_alter_table("article", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_article_author_id"), ["author_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_article_category_id"), ["category_id"], unique=False)
        batch_op.create_index(
            "ix_article_category_status_published_at",
            ["category_id", "status", "published_at"],
            unique=False,
        )
        batch_op.create_index(
            "ix_article_status_published_at", ["status", "published_at"], unique=False
        )
        batch_op.create_index(
            "ix_article_featured_status_published_at",
            ["is_featured", "status", "published_at"],
            unique=False,
        )


def downgrade():
    """Drop the foundation tables."""
    with op.batch_alter_table("article", schema=None) as batch_op:
        batch_op.drop_index("ix_article_featured_status_published_at")
        batch_op.drop_index("ix_article_status_published_at")
        batch_op.drop_index("ix_article_category_status_published_at")
        batch_op.drop_index(batch_op.f("ix_article_category_id"))
        batch_op.drop_index(batch_op.f("ix_article_author_id"))

    op.drop_table("article")
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_user_username"))

    op.drop_table("user")
    op.drop_table("slug_redirect")
    op.drop_table("site_settings")
    with op.batch_alter_table("category", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_category_slug"))

    op.drop_table("category")
