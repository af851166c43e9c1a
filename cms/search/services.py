"""The search engine: one function for readers and staff, on SQLite FTS5 or PostgreSQL.

Matching, counting and ranking are bounded whatever the table size: counts stop at
RESULT_CAP ("more than 300 results"), and when more than RESULT_CAP articles match,
only the newest RESULT_CAP of them are ranked (by how well their titles match).
Time is bounded too: every statement runs under the search's budget (cms.search.budget,
SEARCH_TIMEOUT_MS), which the database enforces and which ends in SearchTooCostly.
"""

import time
from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from sqlalchemy import column, func, literal, literal_column, select, table
from sqlalchemy.dialects.postgresql import REGCONFIG

from cms.content.models import Article
from cms.core.database import is_sqlite
from cms.core.formatting import utcnow
from cms.core.pagination import Page
from cms.extensions import db
from cms.search.budget import SearchTooCostly, budget, execute
from cms.search.index import FTS_TABLE
from cms.search.querylang import ParsedQuery, parse
from cms.search.suggest import suggest_query, vocabulary

RESULT_CAP = 300
TITLE_WEIGHT = 5.0
BODY_WEIGHT = 1.0
ORDERS = ("relevance", "newest")

_fts = table(FTS_TABLE, column("rowid"), column("title"))
_EPOCH = datetime(1970, 1, 1)

ROW_COLUMNS = (
    Article.id,
    Article.title,
    Article.slug,
    Article.summary,
    Article.body,
    Article.status,
    Article.published_at,
    Article.updated_at,
    Article.category_id,
    Article.author_id,
)


@dataclass
class SearchResult:
    """One page of search results and what the page needs to explain them."""

    query: ParsedQuery
    items: list
    total: int
    page: int
    per_page: int
    order: str
    capped: bool = False
    fuzzy: bool = False
    suggestion: str | None = None

    @property
    def pager(self) -> Page:
        """The page numbers (within the counted results)."""
        return Page(self.items, self.page, self.per_page, min(self.total, RESULT_CAP))


def _conditions(*, public_only, author_id, category_id, date_from, date_to, include_trash):
    """The WHERE conditions besides the text match."""
    conds = []
    if public_only:
        conds.append(Article.public_filter(utcnow()))
    elif not include_trash:
        conds.append(Article.status != "trash")
    if author_id is not None:
        conds.append(Article.author_id == author_id)
    if category_id is not None:
        conds.append(Article.category_id == category_id)
    if date_from is not None:
        conds.append(Article.published_at >= date_from)
    if date_to is not None:
        conds.append(Article.published_at < date_to)
    return conds


def _match_sqlite(expr: str):
    """An FTS5 MATCH of the index table against an expression."""
    return literal_column(FTS_TABLE).op("MATCH")(expr)


def _visible_sqlite(conds):
    """The index row's article meets the conditions (a correlated lookup by primary key)."""
    return select(literal(1)).where(Article.id == _fts.c.rowid, *conds).exists()


def _tsquery(parsed: ParsedQuery):
    return func.to_tsquery(literal("public.portal_vi").cast(REGCONFIG), parsed.tsquery())


def _vector():
    return literal_column("article.search_vector")


def _candidates_sqlite(parsed: ParsedQuery, conds, public_only: bool) -> list:
    """The newest RESULT_CAP + 1 visible matches: (id, None, date), newest id first.

    The FTS table drives the loop (walking its doclists from the highest rowid down and
    stopping early); the article conditions are a correlated lookup by primary key.
    """
    stamp = (
        select(Article.published_at if public_only else Article.updated_at)
        .where(Article.id == _fts.c.rowid)
        .scalar_subquery()
    )
    query = (
        select(_fts.c.rowid.label("id"), literal(None).label("title"), stamp.label("stamp"))
        .where(_match_sqlite(parsed.fts5()), _visible_sqlite(conds))
        .order_by(_fts.c.rowid.desc())
        .limit(RESULT_CAP + 1)
    )
    return [tuple(r) for r in execute(query)]


def _title_scores_sqlite(parsed: ParsedQuery, rows: list) -> dict[int, int]:
    """Title scores of candidate rows: 2 when the title holds the words as one phrase, 1 when
    it holds them all; two FTS queries on the title column, limited to the candidates' ids.
    """
    if not rows:
        return {}
    low = min(r[0] for r in rows)
    words = " AND ".join(t.fts5() for t in parsed.include)
    tokens = parsed.words()
    phrase = '"' + " ".join(tokens) + '"' + ("*" if parsed.has_prefix else "")
    scores: dict[int, int] = {}
    for expr, score in ((f"{{title}} : ({words})", 1), (f"{{title}} : {phrase}", 2)):
        if score == 2 and len(tokens) < 2:
            break
        query = select(_fts.c.rowid).where(_match_sqlite(expr), _fts.c.rowid >= low)
        for rowid in execute(query).scalars():
            scores[rowid] = score
    return scores


def _ranked_sqlite(parsed: ParsedQuery, conds, limit: int, offset: int) -> list[int]:
    """One page of ids by bm25 (title weighted higher), for a match set under the cap."""
    rank = func.bm25(literal_column(FTS_TABLE), TITLE_WEIGHT, BODY_WEIGHT)
    query = (
        select(_fts.c.rowid)
        .where(_match_sqlite(parsed.fts5()), _visible_sqlite(conds))
        .order_by(rank, _fts.c.rowid.desc())
        .limit(limit)
        .offset(offset)
    )
    return list(execute(query).scalars())


def _candidates_postgres(parsed: ParsedQuery, conds, public_only: bool) -> list:
    """The newest RESULT_CAP + 1 visible matches: (id, folded title, date), newest id first."""
    stamp = Article.published_at if public_only else Article.updated_at
    query = (
        select(Article.id, func.portal_fold(Article.title), stamp.label("stamp"))
        .where(_vector().op("@@")(_tsquery(parsed)), *conds)
        .order_by(Article.id.desc())
        .limit(RESULT_CAP + 1)
    )
    return [tuple(r) for r in execute(query)]


def _ranked_postgres(parsed: ParsedQuery, conds, limit: int, offset: int) -> list[int]:
    """One page of ids by ts_rank (title weight A, body weight B), under the cap."""
    tsq = _tsquery(parsed)
    query = (
        select(Article.id)
        .where(_vector().op("@@")(tsq), *conds)
        .order_by(func.ts_rank(_vector(), tsq).desc(), Article.id.desc())
        .limit(limit)
        .offset(offset)
    )
    return list(execute(query).scalars())


def _count(source, conds) -> int:
    """Matches counted up to RESULT_CAP + 1."""
    inner = source.where(*conds).limit(RESULT_CAP + 1).subquery()
    return execute(select(func.count()).select_from(inner)).scalar_one()


def _fuzzy_ids_postgres(parsed, conds, limit, offset) -> tuple[int, list]:
    """Titles similar to the query words (pg_trgm), for a query with a typo."""
    words = " ".join(parsed.words())
    folded_title = func.portal_fold(Article.title)
    match = literal(words).op("<%")(folded_title)
    total = _count(select(literal(1)).select_from(Article).where(match), conds)
    query = (
        select(Article.id)
        .where(match, *conds)
        .order_by(func.word_similarity(words, folded_title).desc(), Article.id.desc())
    )
    return total, execute(query.limit(limit).offset(offset)).scalars().all()


def _newest_first(row) -> tuple:
    return (row[2] or _EPOCH, row[0])


def _find(parsed, conds, order, public_only, limit, offset) -> tuple[int, list[int]]:
    """Count (up to the cap) and pick one page of ids.

    The last word is first matched whole: when that alone passes the cap, the prefix
    could only add matches beyond it, and FTS5 would have to merge a large prefix doclist.
    Under the cap the engine ranks (bm25 / ts_rank); over it, the newest RESULT_CAP
    matches are ranked here by how well their titles match, then by date.
    """
    postgres = not is_sqlite(db.engine)
    candidates = _candidates_postgres if postgres else _candidates_sqlite
    ranked = _ranked_postgres if postgres else _ranked_sqlite
    rows = candidates(parsed.exact() if parsed.has_prefix else parsed, conds, public_only)
    if parsed.has_prefix and len(rows) <= RESULT_CAP:
        rows = candidates(parsed, conds, public_only)
    total = len(rows)
    if order == "relevance" and total <= RESULT_CAP:
        return total, ranked(parsed, conds, limit, offset) if rows else []
    rows = sorted(rows[:RESULT_CAP], key=_newest_first, reverse=True)
    if order == "relevance":
        if postgres:
            rows.sort(key=lambda r: parsed.title_score(r[1]), reverse=True)
        else:
            scores = _title_scores_sqlite(parsed, rows)
            rows.sort(key=lambda r: scores.get(r[0], 0), reverse=True)
    return total, [r[0] for r in rows[offset : offset + limit]]


def _rows(ids: list[int]) -> list:
    """The rows of these ids, in the same order."""
    if not ids:
        return []
    rows = execute(select(*ROW_COLUMNS).where(Article.id.in_(ids))).all()
    by_id = {row.id: row for row in rows}
    return [by_id[i] for i in ids if i in by_id]


def _finds_public(parsed: ParsedQuery) -> bool:
    """True when the query (last word whole) matches at least one public article now."""
    exact = parsed.exact()
    public = [Article.public_filter(utcnow())]
    if is_sqlite(db.engine):
        query = select(_fts.c.rowid).where(_match_sqlite(exact.fts5()), _visible_sqlite(public))
    else:
        query = select(Article.id).where(_vector().op("@@")(_tsquery(exact)), *public)
    return execute(query.limit(1)).first() is not None


def _suggestion(parsed: ParsedQuery, milliseconds: int) -> str | None:
    """A "did you mean" query that finds a public article, or None (also when out of time).

    The vocabulary is loaded outside the budget: its cost does not depend on the query.
    """
    vocab = vocabulary()
    try:
        with budget(milliseconds):
            text = suggest_query(parsed.text, vocab)
            return text if text and _finds_public(parse(text)) else None
    except SearchTooCostly:
        return None


def search_articles(
    query: str | ParsedQuery,
    *,
    public_only: bool,
    author_id: int | None = None,
    category_id: int | None = None,
    date_from: datetime | None = None,
    date_to: datetime | None = None,
    order: str = "relevance",
    page: int = 1,
    per_page: int = 12,
    include_trash: bool = False,
    suggest: bool = True,
    timeout_ms: int | None = None,
) -> SearchResult:
    """Search articles: public ones for readers, or (public_only=False) drafts too for staff.

    ``author_id`` limits the search to one author's articles (a reporter's own);
    dates are naive UTC bounds on published_at (``date_to`` exclusive). Never raises on
    odd input: whatever the query, the result is a (possibly empty) page, unless the
    search needs more than ``timeout_ms`` (default SEARCH_TIMEOUT_MS), when
    it raises SearchTooCostly.
    """
    parsed = query if isinstance(query, ParsedQuery) else parse(query)
    order = order if order in ORDERS else "relevance"
    result = SearchResult(parsed, [], 0, page, per_page, order)
    if parsed.is_empty:
        return result
    if timeout_ms is None:
        timeout_ms = int(current_app.config["SEARCH_TIMEOUT_MS"])
    conds = _conditions(
        public_only=public_only,
        author_id=author_id,
        category_id=category_id,
        date_from=date_from,
        date_to=date_to,
        include_trash=include_trash,
    )
    offset = (page - 1) * per_page
    started = time.monotonic()
    with budget(timeout_ms):
        total, ids = _find(parsed, conds, order, public_only, per_page, offset)
        if total == 0 and not parsed.exclude and not is_sqlite(db.engine):
            total, ids = _fuzzy_ids_postgres(parsed, conds, per_page, offset)
            result.fuzzy = total > 0
        result.items = _rows(ids)
    result.total = total
    result.capped = total > RESULT_CAP
    if suggest and (total == 0 or result.fuzzy):
        left = timeout_ms - int((time.monotonic() - started) * 1000) if timeout_ms > 0 else 0
        if timeout_ms <= 0 or left > 0:
            result.suggestion = _suggestion(parsed, left)
    return result
