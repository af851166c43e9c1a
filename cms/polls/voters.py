"""Who is voting: the voter cookie and the salted hash of the client address."""

import re
import secrets
from urllib.parse import urlsplit

from flask import Response, current_app, request

from cms.core.net import client_address
from cms.core.privacy import pseudonym

VOTER_COOKIE = "binhchon_voter"
_VOTER_RE = re.compile(r"^[A-Za-z0-9_-]{32}$")


def new_voter_id() -> str:
    """A fresh random voter id (32 URL-safe characters, 192 bits)."""
    return secrets.token_urlsafe(24)


def current_voter_id() -> str | None:
    """The voter id from the request's cookie, or None when absent or malformed."""
    value = request.cookies.get(VOTER_COOKIE, "")
    return value if _VOTER_RE.match(value) else None


def set_voter_cookie(response: Response, voter_id: str) -> None:
    """Give the browser its long-lived, HttpOnly, SameSite=Lax voter cookie."""
    days = int(current_app.config["POLL_VOTER_COOKIE_DAYS"])
    response.set_cookie(
        VOTER_COOKIE,
        voter_id,
        max_age=days * 24 * 3600,
        httponly=True,
        samesite="Lax",
        secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")),
    )


def address_hash(address: str | None = None) -> str:
    """HMAC-SHA256 of the client address with a key derived from SECRET_KEY (hex, 32 chars)."""
    # pseudonym(), not address_pseudonym(): an unknown address hashes too, as it always has.
    return pseudonym(address if address is not None else client_address(), "polls.address")


def same_origin() -> bool:
    """True when the request comes from one of our own pages (Origin, else Referer).

    The anonymous vote cannot carry a per-session token (pages may be cached), so
    cross-site forgery is refused here and by the SameSite=Lax voter cookie.
    """
    if request.headers.get("Sec-Fetch-Site", "") == "cross-site":
        return False
    source = request.headers.get("Origin") or request.headers.get("Referer") or ""
    if not source or source == "null":
        return False
    try:
        parts = urlsplit(source)
    except ValueError:  # an unparsable header ("http://[") is no page of ours
        return False
    # The scheme counts too: an http:// page of this host, which anyone on the network path
    # can forge, must not vote on the https site.
    return (parts.scheme.lower(), parts.netloc.lower()) == (
        request.scheme,
        request.host.lower(),
    )
