"""``flask search …``: maintain the search index."""

import click
from flask.cli import AppGroup
from sqlalchemy import func, select

from cms.content.models import Article
from cms.core.database import is_sqlite
from cms.extensions import db
from cms.search.index import rebuild

search_cli = AppGroup("search", help="Maintain the full-text search index.")


@search_cli.command("reindex")
def reindex_command():
    """Rebuild the search index from every article, with a progress bar."""
    if not is_sqlite(db.engine):
        # The tsvector is a generated column: PostgreSQL recomputes it on every write.
        db.session.execute(db.text("REINDEX INDEX ix_article_search_vector"))
        db.session.execute(db.text("REINDEX INDEX ix_article_title_trgm"))
        click.echo("PostgreSQL keeps the search column itself; its indexes were rebuilt.")
        return
    # On the session's connection: the command's one transaction, committed at its end.
    connection = db.session.connection()
    total = connection.execute(select(func.count()).select_from(Article)).scalar_one()
    with click.progressbar(length=total, label="Indexing articles") as bar:
        count = rebuild(connection, bar.update)
    click.echo(f"Indexed {count} articles.")
