"""Public pages: home, category, article and its print view, site map, sitemap.xml, robots."""

from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    url_for,
)
from markupsafe import Markup
from sqlalchemy import select

from cms.content import queries
from cms.content.models import SlugRedirect
from cms.content.services import record_view, views_of
from cms.core import health
from cms.core.formatting import format_number
from cms.core.fragments import fragment
from cms.core.pagination import Page, check_in_range, page_arg, page_params
from cms.core.redirects import safe_next
from cms.core.text import plain_text
from cms.extensions import db

bp = Blueprint("public", __name__)

HOME_LATEST = 8
HOME_BLOCK = 5
OTHER_NEWS = 10
SITEMAP_CHUNK = 10000


def _home_data() -> dict:
    """What the home page lists, read in three queries."""
    featured = queries.featured()
    exclude = {featured.id} if featured else set()
    home_cats = [c for c in queries.all_categories() if c.on_home]
    return {
        "featured": featured,
        "latest": queries.latest(HOME_LATEST, exclude=exclude),
        "home_cats": home_cats,
        "blocks": queries.home_blocks([c.id for c in home_cats], HOME_BLOCK, exclude=exclude),
    }


def _fragment(key: str, template: str, load) -> Markup:
    """A list or article part of a public page, cached until articles change.

    The key names all the fragment depends on (the page number among it); the rest of the
    query string is not in it, so junk parameters neither miss the cache nor fill it, and
    the pager's links in the fragment carry only the page number.
    """
    return fragment(f"content:fragment:{key}", template, load)


@bp.get("/")
def home():
    """Home page: the featured article, the latest articles, a block per home category."""
    main = _fragment("home", "public/_home_main.html", _home_data)
    return render_template("public/home.html", main=main)


def _category_or_redirect(slug: str):
    """Find a category by slug; an old slug redirects, an unknown one is a 404."""
    for cat in queries.all_categories():
        if cat.slug == slug:
            return cat
    old = db.session.execute(
        select(SlugRedirect.target_id).where(
            SlugRedirect.kind == "category", SlugRedirect.old_slug == slug
        )
    ).scalar_one_or_none()
    target = queries.categories_by_id().get(old) if old is not None else None
    if target is None:
        abort(404)
    return target


@bp.get("/chuyen-muc/<slug>")
def category(slug: str):
    """A category's articles, newest first, with page numbers."""
    page = page_arg()
    cat = _category_or_redirect(slug)
    if cat.slug != slug:
        return redirect(url_for(".category", slug=cat.slug, **page_params(page)), 301)
    per_page = current_app.config["PAGE_SIZE"]
    total = queries.count_public(cat.id)
    check_in_range(page, total, per_page)

    def load():
        items = queries.latest(per_page, (page - 1) * per_page, category_id=cat.id)
        return {"listing": Page(items, page, per_page, total)}

    main = _fragment(f"category:{cat.id}:{page}:{per_page}", "public/_category_list.html", load)
    return render_template("public/category.html", category=cat, page=page, main=main)


def _load_article(article_id: int, slug: str | None, endpoint: str, query: dict | None = None):
    """The public article, or a 404; a wrong or missing slug answers 301 to the right URL,
    rebuilt from the view's own arguments and ``query`` (never the request's own keys)."""
    article = queries.cached(f"article:{article_id}", lambda: queries.public_article(article_id))
    if article is None:
        abort(404)
    if slug != article.slug:
        abort(
            redirect(
                url_for(endpoint, article_id=article.id, slug=article.slug, **(query or {})), 301
            )
        )
    return article


@bp.get("/bai-viet/<id:article_id>")
@bp.get("/bai-viet/<id:article_id>-<slug>")
def article(article_id: int, slug: str | None = None):
    """An article with its "Tin khác" list of other articles, paginated."""
    page = page_arg()
    art = _load_article(article_id, slug, ".article", page_params(page))
    cat = queries.categories_by_id().get(art.category_id)
    total = max(0, queries.count_public(art.category_id) - 1)
    check_in_range(page, total, OTHER_NEWS)

    def load():
        others = queries.latest(
            OTHER_NEWS, (page - 1) * OTHER_NEWS, category_id=art.category_id, exclude=(art.id,)
        )
        return {"others": Page(others, page, OTHER_NEWS, total)}

    other_news = _fragment(f"others:{art.id}:{page}", "public/_other_news.html", load)
    record_view(art.id)
    parts = {"article": art, "category": cat}
    head = _fragment(
        f"article-head:{art.id}:{request.host_url}",  # absolute links: scheme and host
        "public/_article_head.html",
        lambda: {**parts, "description": _description(art)},
    )
    main = _fragment(
        f"article:{art.id}:{request.host_url}", "public/_article_main.html", lambda: parts
    )
    crumbs = _fragment(f"article-crumbs:{art.id}", "public/_article_crumbs.html", lambda: parts)
    # The one per-request value of the article, punched into its cached rendering.
    main = Markup(str(main).replace("<!--views-->", format_number(views_of(art)), 1))  # noqa: S704
    return render_template(
        "public/article.html",
        article=art,
        category=cat,
        article_head=head,
        article_main=main,
        article_crumbs=crumbs,
        article_description=queries.cached(
            f"article-description:{art.id}", lambda: _description(art)
        ),
        other_news=other_news,
    )


def _description(art) -> str:
    """The page description: the summary (plain text, not HTML: "<5%" stays), or else the
    start of the body (HTML) as plain text."""
    text = " ".join(((art.summary or "").strip() or plain_text(art.body)).split())
    return text if len(text) <= 300 else text[:297].rsplit(" ", 1)[0] + "..."


@bp.get("/bai-viet/<id:article_id>-<slug>/ban-in")
def article_print(article_id: int, slug: str):
    """The print view of an article (Decree 42/2022/NĐ-CP)."""
    art = _load_article(article_id, slug, ".article_print")
    cat = queries.categories_by_id().get(art.category_id)
    return render_template("public/print.html", article=art, category=cat)


@bp.get("/so-do-cong")
def site_map():
    """The HTML site map ("Sơ đồ cổng")."""
    return render_template("public/site_map.html")


@bp.get("/sitemap.xml")
def sitemap_index():
    """A sitemap index pointing at chunks of at most SITEMAP_CHUNK articles (by id range)."""
    chunks = queries.sitemap_chunks(SITEMAP_CHUNK)
    xml = render_template("public/sitemap_index.xml", chunks=range(1, chunks + 1))
    return Response(xml, mimetype="application/xml")


@bp.get("/sitemap-<id:number>.xml")
def sitemap_chunk(number: int):
    """One chunk of the sitemap; the first also lists the home and category pages."""
    if number < 1:
        abort(404)
    # A chunk whose ids are all unpublished is still listed by the index: an empty urlset.
    if number > queries.sitemap_chunks(SITEMAP_CHUNK):
        abort(404)
    rows = queries.sitemap_rows(number, SITEMAP_CHUNK)
    xml = render_template("public/sitemap.xml", rows=rows, first=number == 1)
    return Response(xml, mimetype="application/xml")


@bp.get("/robots.txt")
def robots():
    """Let crawlers read the public site, not the staff area."""
    lines = [
        "User-agent: *",
        "Disallow: /quan-tri/",
        "Disallow: /dang-nhap",
        f"Sitemap: {url_for('.sitemap_index', _external=True)}",
        "",
    ]
    return Response("\n".join(lines), mimetype="text/plain")


NO_STORE = {"Cache-Control": "no-store"}


@bp.get("/healthz")
def healthz():
    """Liveness: 200 whenever the process answers; it touches no database or Redis."""
    return {"status": "ok"}, 200, NO_STORE


@bp.get("/healthz/ready")
def healthz_ready():
    """Readiness: database, Redis and media storage, and which of them failed (JSON)."""
    report, status = health.readiness()
    return report, status, NO_STORE


def _referrer_path() -> str:
    """The path and query of the page the reader came from, when it is on this site.

    The language link is the same on every page (so the header can be cached): it goes
    back to the page it was clicked on.
    """
    try:
        referrer = urlsplit(request.referrer or "")
    except ValueError:  # an unparsable Referer ("http://[") is no page of ours
        return ""
    if referrer.netloc != request.host:
        return ""
    return referrer.path + (f"?{referrer.query}" if referrer.query else "")


@bp.get("/ngon-ngu/<code>")
def set_language(code: str):
    """Remember the reader's language choice in a cookie and go back."""
    if code not in current_app.config["LANGUAGES"]:
        abort(404)
    back = request.args.get("next", "") or _referrer_path()
    response = redirect(safe_next(back) or url_for(".home"))
    response.set_cookie(
        "lang",
        code,
        max_age=365 * 24 * 3600,
        samesite="Lax",
        httponly=True,
        secure=bool(current_app.config["SESSION_COOKIE_SECURE"]),
    )
    return response
