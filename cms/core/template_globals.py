"""What every template may use: the settings, the menu, URL helpers, the locale."""

from flask import Flask, request, url_for
from flask_babel import get_locale

from cms.content.queries import all_categories
from cms.settings.services import get_settings


def article_url(row, **kwargs) -> str:
    """The canonical URL of an article (any object with id and slug)."""
    return url_for("public.article", article_id=row.id, slug=row.slug, **kwargs)


def print_url(row) -> str:
    """The print view's URL."""
    return url_for("public.article_print", article_id=row.id, slug=row.slug)


def page_url(number: int) -> str:
    """The current page's URL with another page number (``trang``)."""
    args = dict(request.view_args or {})
    query = request.args.to_dict()
    query.pop("trang", None)
    if number > 1:
        query["trang"] = number
    return url_for(request.endpoint, **args, **query)


def register(app: Flask) -> None:
    """Install the helpers as globals and a context processor."""
    app.jinja_env.globals.update(article_url=article_url, print_url=print_url, page_url=page_url)
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    @app.context_processor
    def _site():
        return {
            "site": get_settings(),
            "menu": [c for c in all_categories() if c.in_menu],
            "categories": all_categories(),
            "lang": str(get_locale() or "vi"),
        }
