"""Locale selection: Vietnamese by default, English when the reader chose it."""

from flask import Flask, current_app, has_request_context, request
from flask_babel import get_translations

from cms.extensions import babel


def select_locale() -> str:
    """The reader's choice from the ``lang`` cookie, else Vietnamese."""
    choice = request.cookies.get("lang", "") if request else ""
    return choice if choice in current_app.config["LANGUAGES"] else "vi"


def _translations():
    """This request's translations, looked up once per request instead of per string."""
    if not has_request_context():
        return get_translations()
    translations = request.environ.get("cms.translations")
    if translations is None:
        translations = request.environ["cms.translations"] = get_translations()
    return translations


def init_app(app: Flask) -> None:
    """Bind Flask-Babel with our locale selector and fast template gettext callables."""
    babel.init_app(app, locale_selector=select_locale)
    # Pages use dozens of strings; Flask-Babel's callables resolve the locale and the
    # catalog again for each one.
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: _translations().ugettext(s),
        ngettext=lambda s, p, n: _translations().ungettext(s, p, n),
        pgettext=lambda c, s: _translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: _translations().unpgettext(c, s, p, n),
        newstyle=True,
    )
