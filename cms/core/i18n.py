"""Locale selection: Vietnamese by default, English when the reader chose it."""

from flask import Flask, current_app, request

from cms.extensions import babel


def select_locale() -> str:
    """The reader's choice from the ``lang`` cookie, else Vietnamese."""
    choice = request.cookies.get("lang", "") if request else ""
    return choice if choice in current_app.config["LANGUAGES"] else "vi"


def init_app(app: Flask) -> None:
    """Bind Flask-Babel with our locale selector."""
    babel.init_app(app, locale_selector=select_locale)
