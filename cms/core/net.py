"""The client's network address, honouring a known number of reverse proxies."""

from flask import current_app, request

MAX_ADDRESS_LENGTH = 64


def client_address() -> str:
    """The client's address: the peer, or the X-Forwarded-For entry our proxies vouch for.

    With TRUSTED_PROXIES = N, the N-th entry from the right of X-Forwarded-For was added
    by the outermost trusted proxy; anything left of it is whatever the client claimed.
    Like Werkzeug's ProxyFix, a header with fewer than N entries is ignored.
    """
    trusted = int(current_app.config.get("TRUSTED_PROXIES", 0) or 0)
    address = request.remote_addr or ""
    if trusted > 0:
        header = request.headers.get("X-Forwarded-For", "")
        entries = [part.strip() for part in header.split(",") if part.strip()]
        if len(entries) >= trusted:
            address = entries[-trusted]
    return address[:MAX_ADDRESS_LENGTH]
