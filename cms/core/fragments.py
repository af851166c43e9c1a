"""Fragment caching: parts of a page that are the same for every reader.

A fragment is rendered once per worker and language and kept for CACHE_SECONDS; the page
around it is still rendered for every request. The key's prefix says what clears it:
``fragment:`` (settings and category changes) or ``content:`` (article changes too).
"""

from collections.abc import Callable
from contextvars import ContextVar

from flask import render_template
from flask_babel import get_locale
from markupsafe import Markup

from cms.core.cache import app_cache

# True while a fragment renders: it is shared by every URL that maps to its key, so what it
# shows must not come from the request's query string (see page_url in
# cms/public/template_globals.py).
_rendering = ContextVar("fragment_rendering", default=False)


def rendering_fragment() -> bool:
    """True while a cached fragment is being rendered."""
    return _rendering.get()


def fragment(key: str, template: str, load: Callable[[], dict] = dict) -> Markup:
    """The rendered template for this key and the reader's language, from the cache."""
    locale = str(get_locale() or "vi")

    def render() -> Markup:
        token = _rendering.set(True)
        try:
            # render_template's output is already escaped HTML.
            return Markup(render_template(template, **load()))  # noqa: S704
        finally:
            _rendering.reset(token)

    return app_cache().get(f"{key}:{locale}", render)
