"""The counting hook: which responses count as a page view of a visitor.

Counting happens in an ``after_request`` hook, when the response is known: only a
successful (2xx) HTML page answered to a GET counts, so error pages, redirects, feeds and
files never do. Flask runs after_request hooks for every response, also one that a
before_request page cache returns, so the numbers do not depend on a page being rendered.
"""

from functools import lru_cache

from crawlerdetect import CrawlerDetect
from flask import Flask, Request, Response, current_app, request

from cms.extensions import db
from cms.stats import services

# Paths that are never page views of a reader: files, health checks, the staff area.
EXCLUDED_PREFIXES = (
    "/static/",
    "/media/",
    "/healthz",
    "/quan-tri",
    "/dang-nhap",
    "/dang-xuat",
    "/favicon",
)
_detector = CrawlerDetect()


@lru_cache(maxsize=4096)
def is_bot(user_agent: str) -> bool:
    """True for crawlers, bots and clients sending no user agent (crawlerdetect's list)."""
    return not user_agent.strip() or _detector.is_crawler(user_agent)


# WSGI environ keys of the headers that mark speculative loads (prefetch, prerender).
PURPOSE_HEADERS = ("HTTP_SEC_PURPOSE", "HTTP_PURPOSE", "HTTP_X_PURPOSE", "HTTP_X_MOZ")


def is_prefetch(environ: dict) -> bool:
    """True for speculative loads (link prefetch, prerender) that no person has seen yet."""
    for key in PURPOSE_HEADERS:
        value = environ.get(key)
        if value and any(word in value.lower() for word in ("prefetch", "prerender", "preview")):
            return True
    return False


def counts_as_visit(req: Request, response: Response) -> bool:
    """True when this request and its response are a reader's successful HTML page view."""
    environ = req.environ
    return (
        environ["REQUEST_METHOD"] == "GET"
        and 200 <= response.status_code < 300
        and response.mimetype == "text/html"
        and not req.path.startswith(EXCLUDED_PREFIXES)
        and req.endpoint != "static"
        and not is_prefetch(environ)
        and not is_bot(environ.get("HTTP_USER_AGENT", ""))
    )


def count_response(response: Response) -> Response:
    """after_request hook: record the visit and refresh the visitor's cookie when needed."""
    req = request._get_current_object()
    if not current_app.config["STATS_ENABLED"] or not counts_as_visit(req, response):
        return response
    try:
        value = services.record_visit(req.cookies.get(services.COOKIE_NAME))
    except Exception:
        # A counter must never break a page: log it, answer the page as it is.
        db.session.rollback()
        current_app.logger.exception("visitor statistics: could not record a visit")
        return response
    if value is not None:
        config = current_app.config
        response.set_cookie(
            services.COOKIE_NAME,
            value,
            # The cookie outlives the timeout a little; the server decides from its content.
            max_age=(config["VISIT_TIMEOUT_MINUTES"] + 2) * 60,
            httponly=True,
            samesite="Lax",
            secure=bool(config.get("SESSION_COOKIE_SECURE")),
        )
    return response


def init_app(app: Flask) -> None:
    """Install the counting hook."""
    app.after_request(count_response)
