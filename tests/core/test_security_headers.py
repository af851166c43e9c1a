"""The Content-Security-Policy of HTML pages, scripts that obey it, the monitoring snippet's
nonce, and the ``lang`` cookie's Secure flag."""

import re
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest
from flask import url_for

from cms.config import ConfigError
from cms.content.models import Category
from cms.core.formatting import utcnow
from cms.extensions import db
from cms.polls.models import Poll, PollOption
from cms.settings.services import update_settings

ROOT = Path(__file__).resolve().parents[2]
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "srcdoc"}


class _Tags(HTMLParser):
    """Every start tag of a page with its attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def directives(response) -> dict[str, list[str]]:
    """The response's Content-Security-Policy as {directive: sources}."""
    policy = response.headers["Content-Security-Policy"]
    parsed = {}
    for part in policy.split(";"):
        name, *sources = part.split()
        parsed[name] = sources
    return parsed


def assert_scripts_obey_the_policy(response) -> None:
    """No inline script without the nonce, no event handler attribute, no javascript: URL."""
    policy = directives(response)
    scripts = policy["script-src"]
    assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts
    assert policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'self'"]
    nonces = {s[len("'nonce-") : -1] for s in scripts if s.startswith("'nonce-")}
    parser = _Tags()
    parser.feed(response.get_data(as_text=True))
    for tag, attrs in parser.tags:
        handlers = [name for name in attrs if name.startswith("on")]
        assert not handlers, (response.request.path, tag, handlers)
        for name in URL_ATTRIBUTES & attrs.keys():
            value = re.sub(r"[\x00-\x20]+", "", attrs[name] or "").lower()
            assert not value.startswith("javascript:"), (response.request.path, tag, attrs)
        if tag == "script":
            src = attrs.get("src")
            if src:
                assert src.startswith("/static/") or attrs.get("nonce") in nonces, attrs
            else:
                assert attrs.get("nonce") in nonces, (response.request.path, attrs)


@pytest.fixture
def portal(app, make_article, make_user):
    """An article in a category, a featured poll and an admin: something on every page."""
    article = make_article(title="Lễ hội đền", summary="Tóm tắt.")
    poll = Poll(question="Bạn thấy thế nào?", opens_at=utcnow() - timedelta(days=1), featured=True)
    db.session.add(poll)
    db.session.flush()
    db.session.add_all(PollOption(poll_id=poll.id, position=n, label=f"Ý {n}") for n in (1, 2))
    db.session.commit()
    return {"article": article, "poll": poll, "admin": make_user("quantri", role="admin")}


def _urls(app, portal) -> list[str]:
    """One URL of every GET rule, its arguments filled from the portal's rows."""
    article, poll, admin = portal["article"], portal["poll"], portal["admin"]
    values = {
        "article_id": article.id,
        "poll_id": poll.id,
        "user_id": admin.id,
        "category_id": article.category_id,
        "number": 1,
        "code": "en",
    }
    urls = []
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            if "GET" not in rule.methods or "filename" in rule.arguments:
                continue
            args = {name: values.get(name) for name in rule.arguments}
            if "slug" in rule.arguments:
                category = db.session.get(Category, article.category_id)
                args["slug"] = article.slug if "article_id" in rule.arguments else category.slug
            urls.append(url_for(rule.endpoint, **args))
    return urls


def test_every_html_page_has_a_policy_its_scripts_obey(app, client, portal, login_as):
    pages = 0
    for who in ("anonymous", "admin"):
        if who == "admin":
            login_as(client, user=portal["admin"])
        for url in _urls(app, portal):
            response = client.get(url)
            if response.mimetype != "text/html":
                assert response.status_code != 200 or "Content-Security-Policy" not in (
                    response.headers
                ), url
                continue
            assert "Content-Security-Policy" in response.headers, (who, url)
            if response.status_code == 200:
                assert_scripts_obey_the_policy(response)
                pages += 1
    assert pages > 30
    # An error page is HTML too.
    missing = client.get("/khong-co-trang-nay")
    assert missing.status_code == 404
    assert_scripts_obey_the_policy(missing)


def test_no_template_or_script_has_inline_code():
    """Templates link scripts from /static; no inline handler or javascript: URL anywhere."""
    for path in (ROOT / "templates").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for tag in re.findall(r"<script\b[^>]*>", text, re.IGNORECASE):
            assert "src=" in tag or "csp_nonce()" in tag, (path, tag)
        assert not re.search(r"<[a-z][^>]*\son[a-z]+\s*=", text, re.IGNORECASE), path
        assert "javascript:" not in text.lower(), path
    for path in (ROOT / "static" / "js").glob("*.js"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"\beval\(|new Function\(|setAttribute\(\s*['\"]on", text), path


def test_the_monitoring_snippet_runs_with_the_request_nonce(make_app):
    app = make_app(CSP_EXTRA_SCRIPT_SRC="https://www.googletagmanager.com")
    client = app.test_client()
    with app.app_context():
        update_settings(
            monitoring_snippet=(
                '<script async src="https://tinnhiemmang.vn/monitor.js?id=1&amp;v=2"></script>\n'
                "<SCRIPT>window.dataLayer = window.dataLayer || [];</SCRIPT>\n"
                '<script>document.write("<script src=/static/js/print.js><\\/script>");</script>\n'
                '<img src="https://tinnhiemmang.vn/badge.png" alt="Tín nhiệm mạng">\n'
                '<script src="//stats.example.gov.vn/a.js"></script>'
                '<script src="https://evil.example;script-src *"></script>'
            )
        )
        db.session.commit()
    first = client.get("/")
    scripts = directives(first)["script-src"]
    nonce = next(s for s in scripts if s.startswith("'nonce-"))[len("'nonce-") : -1]
    page = first.get_data(as_text=True)
    assert f'<script nonce="{nonce}" async src="https://tinnhiemmang.vn/monitor.js' in page
    assert f'<script nonce="{nonce}">window.dataLayer' in page
    # A "<script" inside a script's own text is left as it is.
    assert f'<script nonce="{nonce}">document.write("<script src=/static/js/print.js>' in page
    assert "https://tinnhiemmang.vn" in scripts and "stats.example.gov.vn" in scripts
    assert "https://www.googletagmanager.com" in scripts
    # A src that would inject a directive is not put in the policy.
    assert not any("evil" in s or s == "*" for s in scripts)
    assert_scripts_obey_the_policy(first)
    second = client.get("/")
    assert f"'nonce-{nonce}'" not in second.headers["Content-Security-Policy"]
    # The staff area never shows the snippet.
    assert "tinnhiemmang" not in client.get("/dang-nhap").get_data(as_text=True)


def test_a_page_without_inline_script_names_no_nonce(client):
    response = client.get("/")
    assert "'nonce-" not in response.headers["Content-Security-Policy"]
    assert "'unsafe-inline'" in directives(response)["style-src"]  # the poll bars' width


@pytest.mark.parametrize("value", ["'unsafe-inline'", "https://a.example;script-src *", "*,x"])
def test_a_csp_setting_that_is_not_an_origin_is_refused(make_app, value):
    with pytest.raises(ConfigError, match="CSP_EXTRA_SCRIPT_SRC"):
        make_app(CSP_EXTRA_SCRIPT_SRC=value)


@pytest.mark.parametrize(("secure", "flag"), [(True, True), (False, False)])
def test_the_language_cookie_is_secure_in_production(make_app, secure, flag):
    """SESSION_COOKIE_SECURE is on in production (APP_ENV=production, SECURE_COOKIES)."""
    client = make_app(SESSION_COOKIE_SECURE=secure).test_client()
    response = client.get("/ngon-ngu/en?next=/")
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("lang=en;")
    assert ("Secure" in cookie) is flag
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
