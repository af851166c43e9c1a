"""RSS feeds: /rss.xml for the whole site, /chuyen-muc/<slug>/rss.xml per category."""

from flask import Blueprint, Response, abort, render_template, request, url_for

from cms.content.queries import all_categories, categories_by_id
from cms.feeds.services import as_html_text, etag, feed_items, last_modified, rfc822, xml_safe
from cms.settings.services import get_settings

bp = Blueprint("feeds", __name__)

MAX_AGE = 300


def _feed_response(items: list, category=None) -> Response:
    """Render the feed, with ETag and Last-Modified; answer 304 when the reader has it."""
    site = get_settings()
    cats = categories_by_id()
    self_url = request.base_url
    modified = last_modified(items)
    response = Response(mimetype="application/rss+xml")
    # Besides the items, the channel text and the items' category names are shown.
    shown = [site.portal_name, site.tagline or "", self_url]
    if category:
        shown += [category.name, category.description or ""]
    shown += [cats[i].name for i in sorted({row.category_id for row in items}) if i in cats]
    response.set_etag(etag(items, *shown))
    response.last_modified = modified
    response.cache_control.public = True
    response.cache_control.max_age = MAX_AGE
    response.make_conditional(request)
    if response.status_code == 304:
        return response
    # Characters XML forbids are dropped from the whole document (text, names, URLs).
    response.set_data(
        xml_safe(
            render_template(
                "feeds/rss.xml",
                site=site,
                items=items,
                category=category,
                cats=cats,
                self_url=self_url,
                link=url_for("public.category", slug=category.slug, _external=True)
                if category
                else url_for("public.home", _external=True),
                build_date=rfc822(modified),
                ttl_minutes=MAX_AGE // 60,
                rfc822=rfc822,
                as_html_text=as_html_text,
            )
        )
    )
    return response


@bp.get("/rss.xml")
def site_feed():
    """The newest articles of the whole portal."""
    return _feed_response(feed_items())


@bp.get("/chuyen-muc/<slug>/rss.xml")
def category_feed(slug: str):
    """The newest articles of one category."""
    category = next((c for c in all_categories() if c.slug == slug), None)
    if category is None:
        abort(404)
    return _feed_response(feed_items(category.id), category)
