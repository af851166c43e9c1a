"""Search fixtures: a GET helper for /tim-kiem and a parser for the result titles."""

import html
import re

import pytest

RESULT_TITLE = re.compile(r'<h3 class="result-title"><a href="([^"]+)">(.*?)</a></h3>', re.S)
TAG = re.compile(r"<[^>]+>")


def result_titles(page: str) -> list[str]:
    """The plain titles of the results listed on a results page, in order."""
    return [html.unescape(TAG.sub("", m.group(2))) for m in RESULT_TITLE.finditer(page)]


@pytest.fixture
def app(make_app):
    """The search tests' app: no rate limit, so a test may search as often as it likes
    (tests/search/test_search_budget.py builds apps with the limit on)."""
    app = make_app(SEARCH_RATE_LIMIT=0)
    with app.app_context():
        yield app


@pytest.fixture
def search(client):
    """``search(q, **params)`` → (status, html) of GET /tim-kiem."""

    def do_search(q=None, **params):
        if q is not None:
            params["q"] = q
        response = client.get("/tim-kiem", query_string=params)
        return response.status_code, response.get_data(as_text=True)

    return do_search


@pytest.fixture
def found(search):
    """``found(q, **params)`` → the result titles, asserting the page answered 200."""

    def do_found(q, **params):
        status, page = search(q, **params)
        assert status == 200, page
        return result_titles(page)

    return do_found
