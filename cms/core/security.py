"""Response headers that every page carries, and the Content-Security-Policy of HTML pages.

Scripts run only from our own origin, or inline with the request's nonce (``csp_nonce()``
in templates). The monitoring snippet from the site settings is trusted HTML from an
administrator: rendered with ``|with_csp_nonce``, its <script> tags get the nonce and the
origins its scripts load from are allowed for that response; what those scripts load in
turn is allowed by CSP_EXTRA_SCRIPT_SRC and CSP_EXTRA_CONNECT_SRC. Styles keep
'unsafe-inline': the poll bars size themselves with a style attribute (also when polls.js
inserts the results), and a monitoring snippet may carry inline styles.
"""

import html
import re
import secrets
from urllib.parse import urlsplit

from flask import Flask, current_app, g, request
from markupsafe import Markup

# A source we put in the policy from settings or the snippet: a scheme ("https:") or a
# host with optional scheme, port and path. Never a quoted keyword ('unsafe-inline'),
# white space, ";" or ",": a setting cannot weaken or break the policy.
_SOURCE = re.compile(
    r"^(?:[a-z][a-z0-9+.-]*:"
    r"|(?:[a-z][a-z0-9+.-]*://)?(?:\*\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*(?::(?:[0-9]{1,5}|\*))?"
    r"(?:/[a-z0-9._~%/-]*)?)$",
    re.IGNORECASE,
)
# A script element: its start tag, then its text up to the first "</script" (as browsers
# parse it), so a "<script" written inside a script's own text is left alone.
_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)(?:</script\s*>|$)", re.IGNORECASE | re.DOTALL)
_SRC = re.compile(r"\ssrc\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s\"'>]+))", re.IGNORECASE)


def is_csp_source(source: str) -> bool:
    """True for a plain origin or scheme that may go into the policy (cms/config.py checks
    the CSP_EXTRA_* settings with it)."""
    return bool(_SOURCE.match(source))


def csp_nonce() -> str:
    """This request's nonce for inline scripts (made when first asked, one per request)."""
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(18)
    return g.csp_nonce


def _origin(url: str) -> str | None:
    """The CSP source of a script URL's origin; None for our own (relative) or odd URLs."""
    try:
        parts = urlsplit(html.unescape(url).strip())
    except ValueError:
        return None
    if not parts.netloc:
        return None
    source = f"{parts.scheme}://{parts.netloc}" if parts.scheme else parts.netloc
    return source if is_csp_source(source) else None


def with_csp_nonce(snippet: str | None) -> Markup:
    """An administrator's trusted HTML with this request's nonce on each <script> tag; the
    origins of its scripts are allowed in this response's policy."""
    if not snippet:
        return Markup("")
    origins = g.setdefault("csp_script_origins", set())

    def tag(match: re.Match) -> str:
        src = _SRC.search(match.group(1))
        origin = _origin(next(v for v in src.groups() if v is not None)) if src else None
        if origin:
            origins.add(origin)
        return f'<script nonce="{csp_nonce()}"{match.group(0)[len("<script") :]}'

    tagged = _SCRIPT.sub(tag, snippet)
    return Markup(tagged)  # noqa: S704 - an administrator's snippet, emitted as is by design


def content_security_policy() -> str:
    """The policy of this HTML response."""
    config = current_app.config
    scripts = ["'self'", *config["CSP_EXTRA_SCRIPT_SRC"], *sorted(g.get("csp_script_origins", ()))]
    if "csp_nonce" in g:
        scripts.append(f"'nonce-{g.csp_nonce}'")
    directives = [
        "default-src 'self'",
        "script-src " + " ".join(dict.fromkeys(scripts)),
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: https:",
        "connect-src " + " ".join(["'self'", *config["CSP_EXTRA_CONNECT_SRC"]]),
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'self'",
    ]
    return "; ".join(directives)


def init_app(app: Flask) -> None:
    """Add conservative security headers and the CSP; staff pages are never cached."""
    app.jinja_env.globals["csp_nonce"] = csp_nonce
    app.jinja_env.filters["with_csp_nonce"] = with_csp_nonce

    @app.after_request
    def _headers(response):
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "SAMEORIGIN")
        response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        if request.path.startswith("/quan-tri") or request.path == "/dang-nhap":
            response.headers["Cache-Control"] = "no-store"
        if app.config["APP_ENV"] == "production":
            response.headers.setdefault(
                "Strict-Transport-Security", "max-age=31536000; includeSubDomains"
            )
        if response.mimetype == "text/html":
            response.vary.add("Cookie")
            response.headers.setdefault("Content-Security-Policy", content_security_policy())
        return response
