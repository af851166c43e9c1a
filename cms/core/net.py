"""Behind reverse proxies: who the client is, and which scheme and host it asked for.

One place decides: ``init_app`` wraps the app in Werkzeug's ``ProxyFix`` with the number of
proxies named by TRUSTED_PROXIES (0, the default: trust none, every ``X-Forwarded-*`` header
is the client's own claim and is ignored). After it, ``request.remote_addr``,
``request.scheme`` and ``request.host`` are the client's, so ``url_for(_external=True)``
builds ``https://`` links behind a TLS proxy and the vote's same-origin check compares the
page's own origin; nothing else parses a forwarding header.

- ``X-Forwarded-For``: every proxy appends the address it saw, so with N trusted proxies
  the N-th entry from the right is the client (entries further left are whatever the client
  claimed; a header with fewer than N entries is ignored).
- ``X-Forwarded-Proto``, ``-Host`` and ``-Port``: set (overwritten) by the proxy nearest the
  app, the local nginx of deploy/nginx/portal.conf, so only its one value is believed,
  whatever N is. With a load balancer in front of that nginx, the nginx passes the
  balancer's values on (README, "Behind a reverse proxy").
- ``X-Forwarded-Prefix`` is never believed: the portal is served at the root of its host.
"""

from flask import Flask, request
from werkzeug.middleware.proxy_fix import ProxyFix

MAX_ADDRESS_LENGTH = 64


class TrustedProxies:
    """WSGI middleware: ProxyFix with the app's TRUSTED_PROXIES, read at each request.

    Read per request (a dictionary look-up) rather than once, so the setting has one home,
    ``app.config``, and a test that changes it is believed.
    """

    def __init__(self, app: Flask) -> None:
        """Wrap the app's current WSGI callable."""
        self.config = app.config
        self.inner = app.wsgi_app
        self.fixes: dict[int, ProxyFix] = {}

    def __call__(self, environ, start_response):
        """Rewrite the environ from the trusted proxies' headers, then call the app."""
        hops = self.config["TRUSTED_PROXIES"]
        if hops <= 0:
            return self.inner(environ, start_response)
        fix = self.fixes.get(hops)
        if fix is None:
            fix = self.fixes[hops] = ProxyFix(
                self.inner, x_for=hops, x_proto=1, x_host=1, x_port=1, x_prefix=0
            )
        return fix(environ, start_response)


def init_app(app: Flask) -> None:
    """Put the trusted-proxies middleware in front of the app."""
    app.wsgi_app = TrustedProxies(app)


def client_address() -> str:
    """The client's address as the trusted proxies report it (cut to a sane length)."""
    return (request.remote_addr or "")[:MAX_ADDRESS_LENGTH]
