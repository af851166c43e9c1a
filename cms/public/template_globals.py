"""What every template may use: the settings, the menu, URL helpers, the locale."""

from urllib.parse import urlencode

from flask import Flask, request, url_for
from flask_babel import get_locale
from markupsafe import Markup

from cms.content.queries import all_categories
from cms.core.fragments import fragment, rendering_fragment
from cms.settings.services import get_settings


def article_url(row, **kwargs) -> str:
    """The canonical URL of an article (any object with id and slug).

    Lists link dozens of articles per page, so the plain case is built directly (the
    same path as the public.article route); anything else goes through url_for.
    """
    path = f"{request.script_root}/bai-viet/{row.id}-{row.slug}"
    if not kwargs:
        return path
    if kwargs == {"_external": True}:
        return request.host_url.rstrip("/") + path
    return url_for("public.article", article_id=row.id, slug=row.slug, **kwargs)


def category_url(row) -> str:
    """A category's URL (any object with a slug), built like article_url."""
    return f"{request.script_root}/chuyen-muc/{row.slug}"


def cached_include(template: str, key: str = "", **extra) -> Markup:
    """A partial that is the same for every reader (header, menu, footer), from the
    fragment cache; settings and category changes clear it.

    ``key`` must tell apart every value passed in ``extra``.
    """
    return fragment(f"fragment:{template}:{key}", template, lambda: extra)


def _site() -> dict:
    """Values every template gets."""
    return {
        "site": get_settings(),
        "menu": [c for c in all_categories() if c.in_menu],
        "categories": all_categories(),
        "lang": str(get_locale() or "vi"),
    }


def print_url(row) -> str:
    """The print view's URL."""
    return f"{article_url(row)}/ban-in"


def page_url(number: int) -> str:
    """The current page's URL with another page number (``trang``).

    A list's other parameters (a search, staff filters) are kept; in a cached fragment,
    which every query string shares, only the page number is.
    """
    query = {} if rendering_fragment() else request.args.to_dict()
    query.pop("trang", None)
    if number > 1:
        query["trang"] = number
    # The same path with another query string: no need to build the route again.
    path = request.script_root + request.path
    return f"{path}?{urlencode(query)}" if query else path


def register(app: Flask) -> None:
    """Install the helpers as globals and a context processor."""
    app.jinja_env.globals.update(
        article_url=article_url,
        category_url=category_url,
        print_url=print_url,
        page_url=page_url,
        cached_include=cached_include,
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.context_processor(_site)
