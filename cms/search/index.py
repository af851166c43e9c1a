"""Keeping the SQLite FTS5 index in step with the articles, and rebuilding it.

The index holds every article (drafts too, for the staff search); who may see what is
decided at query time against the article table, so publish, unpublish, schedule and
trash need no index write at all. Title, summary and body changes are written by ORM
mapper events inside the same transaction as the article, whatever code path saves it.
On PostgreSQL the tsvector is a generated column: the database keeps it itself.
"""

from collections.abc import Callable

from sqlalchemy import event, inspect, text
from sqlalchemy.engine import Connection

from cms.content.models import Article
from cms.core.database import is_sqlite
from cms.core.text import fold, plain_text

FTS_TABLE = "article_search"  # the literal name is also written in the SQL below
INDEXED = ("title", "summary", "body")

_INSERT = text("INSERT INTO article_search (rowid, title, body) VALUES (:id, :title, :body)")
_DELETE = text("DELETE FROM article_search WHERE rowid = :id")


def index_row(article_id: int, title: str, summary: str, body: str) -> dict:
    """The FTS5 row of an article: folded title, folded summary plus body text."""
    return {
        "id": article_id,
        "title": fold(title),
        "body": fold(f"{summary or ''} {plain_text(body)}"),
    }


def _reindex(connection: Connection, article: Article) -> None:
    """Replace the article's index row (SQLite only; PostgreSQL keeps its column itself)."""
    if is_sqlite(connection.engine):
        connection.execute(_DELETE, {"id": article.id})
        connection.execute(
            _INSERT, index_row(article.id, article.title, article.summary, article.body)
        )


def _after_insert(_mapper, connection: Connection, target: Article) -> None:
    _reindex(connection, target)


def _after_update(_mapper, connection: Connection, target: Article) -> None:
    state = inspect(target)
    if any(state.attrs[name].history.has_changes() for name in INDEXED):
        _reindex(connection, target)


def _after_delete(_mapper, connection: Connection, target: Article) -> None:
    if is_sqlite(connection.engine):
        connection.execute(_DELETE, {"id": target.id})


def install_listeners() -> None:
    """Hook the article mapper events once per process."""
    for name, handler in (
        ("after_insert", _after_insert),
        ("after_update", _after_update),
        ("after_delete", _after_delete),
    ):
        if not event.contains(Article, name, handler):
            event.listen(Article, name, handler)


def rebuild(connection: Connection, progress: Callable[[int], None] | None = None) -> int:
    """Rebuild the SQLite index from the article table; return the number of articles."""
    connection.execute(text("DELETE FROM article_search"))
    total = 0
    last_id = 0
    while True:
        rows = connection.execute(
            text(
                "SELECT id, title, summary, body FROM article WHERE id > :last "
                "ORDER BY id LIMIT 1000"
            ),
            {"last": last_id},
        ).all()
        if not rows:
            break
        connection.execute(_INSERT, [index_row(r.id, r.title, r.summary, r.body) for r in rows])
        last_id = rows[-1].id
        total += len(rows)
        if progress:
            progress(len(rows))
    connection.execute(text("INSERT INTO article_search (article_search) VALUES ('optimize')"))
    return total
