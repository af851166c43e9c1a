"""search: FTS5 index (SQLite) or unaccent + tsvector + trigram (PostgreSQL)

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-28 07:00:00

SQLite: an FTS5 table ``article_search`` holding the folded title and the folded text of
summary and body (HTML stripped), filled here from existing rows and kept up to date by
the ORM events in cms/search/index.py.

PostgreSQL: extensions unaccent and pg_trgm, an immutable folding function (unaccent is
only stable), a text search configuration (simple with unaccent), a stored generated
tsvector column with a GIN index, and a trigram GIN index on the folded title.
"""

import html
import re

import sqlalchemy as sa
from alembic import op

from cms.core.text import fold

# revision identifiers, used by Alembic.
revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

PG_UPGRADE = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    """
    CREATE OR REPLACE FUNCTION public.portal_unaccent(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$
    """,
    # NFC, strip the marks (unaccent maps đ/Đ to d/D too), lowercase, keep [a-z0-9] words:
    # the same result as cms.core.text.fold followed by the query parser's tokenizer.
    """
    CREATE OR REPLACE FUNCTION public.portal_fold(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$ SELECT regexp_replace(lower(public.portal_unaccent(normalize($1, NFC))),
                                '[^a-z0-9]+', ' ', 'g') $$
    """,
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS public.portal_vi",
    "CREATE TEXT SEARCH CONFIGURATION public.portal_vi (COPY = pg_catalog.simple)",
    """
    ALTER TEXT SEARCH CONFIGURATION public.portal_vi
    ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part
    WITH public.unaccent, simple
    """,
    """
    ALTER TABLE article ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('public.portal_vi'::regconfig,
                              coalesce(public.portal_fold(title), '')), 'A')
        || setweight(to_tsvector('public.portal_vi'::regconfig,
                                 coalesce(public.portal_fold(summary || ' ' || regexp_replace(
                                     body, '<[^>]*>|&#?[a-zA-Z0-9]+;', ' ', 'g')), '')), 'B')
    ) STORED
    """,
    "CREATE INDEX ix_article_search_vector ON article USING gin (search_vector)",
    "CREATE INDEX ix_article_title_trgm ON article USING gin "
    "(public.portal_fold(title) gin_trgm_ops)",
]

PG_DOWNGRADE = [
    "DROP INDEX IF EXISTS ix_article_title_trgm",
    "DROP INDEX IF EXISTS ix_article_search_vector",
    "ALTER TABLE article DROP COLUMN IF EXISTS search_vector",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS public.portal_vi",
    "DROP FUNCTION IF EXISTS public.portal_fold(text)",
    "DROP FUNCTION IF EXISTS public.portal_unaccent(text)",
]


def _plain_body(summary: str, body: str) -> str:
    """Summary and body as one folded text without tags (same rule as cms/search/index.py)."""
    return fold(summary + " " + html.unescape(re.sub(r"<[^>]*>", " ", body or "")))


def upgrade():
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        for statement in PG_UPGRADE:
            op.execute(statement)
        return
    op.execute(
        "CREATE VIRTUAL TABLE article_search USING fts5("
        "title, body, tokenize = 'unicode61 remove_diacritics 0', prefix = '2 3')"
    )
    rows = bind.execute(sa.text("SELECT id, title, summary, body FROM article")).all()
    insert = sa.text("INSERT INTO article_search (rowid, title, body) VALUES (:id, :title, :body)")
    for start in range(0, len(rows), 1000):
        bind.execute(
            insert,
            [
                {"id": r.id, "title": fold(r.title), "body": _plain_body(r.summary, r.body)}
                for r in rows[start : start + 1000]
            ],
        )


def downgrade():
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        for statement in PG_DOWNGRADE:
            op.execute(statement)
        return
    op.execute("DROP TABLE IF EXISTS article_search")
