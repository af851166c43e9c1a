"""The reader's search page at /tim-kiem."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask import Blueprint, current_app, render_template, request
from flask_babel import gettext as _
from markupsafe import Markup

from cms.content.queries import all_categories, categories_by_id
from cms.core.formatting import local_to_utc, parse_date
from cms.core.pagination import check_in_range, page_arg
from cms.core.text import plain_text
from cms.search.budget import SearchTooCostly
from cms.search.highlight import highlight, snippet
from cms.search.querylang import parse
from cms.search.ratelimit import retry_after
from cms.search.services import RESULT_CAP, SearchResult, search_articles

bp = Blueprint("search", __name__)

SNIPPET_BODY = 5000  # characters of body HTML looked at for a snippet
ORDER_ARGS = {"lien-quan": "relevance", "moi-nhat": "newest"}


@dataclass(frozen=True)
class Hit:
    """One result as the page shows it."""

    id: int
    slug: str
    title_html: Markup
    snippet_html: Markup
    published_at: datetime | None
    category: object


def _filters(errors: list[str]) -> dict:
    """Read and check the filters from the query string; problems go to ``errors``."""
    cats = {c.slug: c for c in all_categories()}
    slug = request.args.get("chuyen_muc", "").strip()
    category = cats.get(slug)
    if slug and category is None:
        errors.append(_("Chuyên mục bạn chọn không tồn tại; đang tìm trong mọi chuyên mục."))
    dates = {}
    for key, label in (("tu_ngay", _("Từ ngày")), ("den_ngay", _("Đến ngày"))):
        raw = request.args.get(key, "")
        dates[key] = parse_date(raw) if raw.strip() else None
        if raw.strip() and dates[key] is None:
            errors.append(
                _("%(label)s không hợp lệ: hãy nhập theo dạng ngày/tháng/năm, ví dụ 23/07/2024.")
                % {"label": label}
            )
    if dates["tu_ngay"] and dates["den_ngay"] and dates["tu_ngay"] > dates["den_ngay"]:
        errors.append(_("Ngày bắt đầu phải trước hoặc bằng ngày kết thúc."))
        dates["den_ngay"] = None
    order_arg = request.args.get("sap_xep", "lien-quan")
    return {
        "category": category,
        "date_from": dates["tu_ngay"],
        "date_to": dates["den_ngay"],
        "order_arg": order_arg if order_arg in ORDER_ARGS else "lien-quan",
    }


def _bound(day: date | None, *, end: bool = False) -> datetime | None:
    """The UTC instant a Vietnam calendar day starts (or, with end, the next day starts)."""
    if day is None:
        return None
    start = datetime(day.year, day.month, day.day) + (timedelta(days=1) if end else timedelta())
    return local_to_utc(start)


def _page(q: str, result: SearchResult, filters: dict, errors: list[str], **extra) -> str:
    """The results page (also for a refused search, with ``refused`` set)."""
    cats = categories_by_id()
    terms = result.query.highlight_terms()
    hits = [
        Hit(
            id=row.id,
            slug=row.slug,
            title_html=highlight(row.title, terms),
            snippet_html=snippet(f"{row.summary} {plain_text(row.body[:SNIPPET_BODY])}", terms),
            published_at=row.published_at,
            category=cats.get(row.category_id),
        )
        for row in result.items
    ]
    return render_template(
        "search/results.html",
        q=q,
        search_query=q,
        result=result,
        hits=hits,
        filters=filters,
        errors=errors,
        result_cap=RESULT_CAP,
        max_terms=current_app.config["SEARCH_MAX_TERMS"],
        max_chars=current_app.config["SEARCH_MAX_CHARS"],
        **extra,
    )


@bp.get("/tim-kiem")
def results():
    """Search results: filters, relevance or newest order, highlighted snippets, pages.

    A search costs a rate-limit count per address and runs within SEARCH_TIMEOUT_MS; over
    either budget the reader gets the form back, query kept, with a message (429 or 400).
    """
    page = page_arg()
    q = request.args.get("q", "")
    errors: list[str] = []
    filters = _filters(errors)
    per_page = current_app.config["PAGE_SIZE"]
    parsed = parse(
        q, current_app.config["SEARCH_MAX_TERMS"], current_app.config["SEARCH_MAX_CHARS"]
    )
    refused = SearchResult(parsed, [], 0, page, per_page, "relevance")
    wait = None if parsed.is_empty else retry_after()
    if wait is not None:
        message = _(
            "Bạn đã tìm kiếm quá nhiều lần trong một phút. Vui lòng đợi khoảng %(n)s giây "
            "rồi bấm Tìm lại; từ khóa của bạn vẫn còn trong ô tìm kiếm."
        ) % {"n": wait}
        html = _page(q, refused, filters, errors, refused_message=message)
        return html, 429, {"Retry-After": str(wait)}
    try:
        result = search_articles(
            parsed,
            public_only=True,
            category_id=filters["category"].id if filters["category"] else None,
            date_from=_bound(filters["date_from"]),
            date_to=_bound(filters["date_to"], end=True),
            order=ORDER_ARGS[filters["order_arg"]],
            page=page,
            per_page=per_page,
        )
    except SearchTooCostly:
        current_app.logger.warning("search over its time budget (%d words)", len(parsed.words()))
        message = _(
            "Truy vấn quá phức tạp, hãy thử từ khóa ngắn hơn (ít từ hơn, hoặc bỏ dấu ngoặc kép)."
        )
        return _page(q, refused, filters, errors, refused_message=message), 400
    if not result.query.is_empty:
        check_in_range(page, result.pager.total, per_page)
    return _page(q, result, filters, errors), 400 if errors else 200
