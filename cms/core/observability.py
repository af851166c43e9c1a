"""Request ids, the per-request log line, request metrics and the /metrics endpoint.

Each request gets an id: the one a trusted reverse proxy sent in ``X-Request-ID`` when it
is a short safe token (only with TRUSTED_PROXIES set: a client talking to the app
directly could otherwise choose it), else a new random one. It is returned in the
``X-Request-ID`` response header, carried by every log line of the request and shown on
the error pages (``request_id()`` in templates), so a reader can quote it and an operator
find the matching lines.

``/metrics`` answers only the addresses in METRICS_ALLOWED_IPS (networks allowed) or a
request with ``Authorization: Bearer <METRICS_TOKEN>``; anyone else gets a 404, as if the
page did not exist. When a proxy forwarded the request but TRUSTED_PROXIES is 0, the peer
address is the proxy's own, so the address rule does not apply (only the token does).
"""

import hmac
import ipaddress
import logging
import re
import secrets
import time

from flask import Flask, Response, abort, current_app, has_request_context, request

from cms.core import health, logs, metrics
from cms.core.net import client_address

REQUEST_ID_HEADER = "X-Request-ID"
_SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
_STARTED = "cms.started"
_FORWARDING_HEADERS = ("X-Forwarded-For", "Forwarded", "X-Real-IP")
request_log = logging.getLogger("cms.request")


def request_id() -> str:
    """The current request's id ('' outside a request)."""
    return request.environ.get(logs.REQUEST_ID_ENVIRON, "") if has_request_context() else ""


def _incoming_request_id() -> str:
    """The id sent by a trusted proxy, when it is a short safe token; else ''."""
    if not current_app.config["TRUSTED_PROXIES"]:
        return ""
    value = request.headers.get(REQUEST_ID_HEADER, "")
    return value if _SAFE_REQUEST_ID.fullmatch(value) else ""


def _start_request() -> None:
    """Note when the request started and give it its id."""
    request.environ[_STARTED] = time.perf_counter()
    request.environ[logs.REQUEST_ID_ENVIRON] = _incoming_request_id() or secrets.token_hex(8)


def _finish_request(response: Response) -> Response:
    """Return the id, count the request and write its one log line."""
    response.headers[REQUEST_ID_HEADER] = request_id()
    started = request.environ.get(_STARTED)
    seconds = time.perf_counter() - started if started is not None else 0.0
    endpoint = request.url_rule.endpoint if request.url_rule else "none"
    metrics.observe_request(endpoint, request.method, response.status_code, seconds)
    level = logging.ERROR if response.status_code >= 500 else logging.INFO
    request_log.log(
        level,
        "%s %s %s %.1f ms",
        request.method,
        request.path,
        response.status_code,
        seconds * 1000,
        extra={
            "status": response.status_code,
            "duration_ms": round(seconds * 1000, 1),
            "endpoint": endpoint,
        },
    )
    return response


def _address_allowed() -> bool:
    """True when the client's address is in METRICS_ALLOWED_IPS."""
    forwarded = any(name in request.headers for name in _FORWARDING_HEADERS)
    if forwarded and not current_app.config["TRUSTED_PROXIES"]:
        return False
    try:
        address = ipaddress.ip_address(client_address())
    except ValueError:
        return False
    if getattr(address, "ipv4_mapped", None):
        address = address.ipv4_mapped
    allowed = current_app.config.get("METRICS_ALLOWED_IPS", ())
    return any(address in ipaddress.ip_network(network) for network in allowed)


def _token_allowed() -> bool:
    """True when the request carries the METRICS_TOKEN as a bearer token."""
    token = current_app.config.get("METRICS_TOKEN") or ""
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    if not token or scheme.lower() != "bearer":
        return False
    return hmac.compare_digest(given.strip().encode(), token.encode())


def _check_dependencies() -> None:
    """Look at the database and Redis (when configured) so their gauges are fresh.

    With the readiness checks themselves (cms/core/health.py), so /metrics and
    /healthz/ready agree on what "up" means.
    """
    for name, check in (("database", health.check_database), ("redis", health.check_redis)):
        try:
            configured = check()
        except Exception:  # any failure means "down" to the gauge; the error is not ours
            metrics.dependency_state(name, False)
        else:
            if configured is not False:  # Redis not configured: no gauge at all
                metrics.dependency_state(name, True)


def metrics_view():
    """The Prometheus exposition, for allowed addresses or the token; 404 for anyone else."""
    if not (_address_allowed() or _token_allowed()):
        abort(404)
    _check_dependencies()
    body, content_type = metrics.render()
    return Response(body, content_type=content_type, headers={"Cache-Control": "no-store"})


def init_app(app: Flask) -> None:
    """Install logging, the request hooks, the /metrics route and the template global."""
    logs.configure(app)
    # Registered before any other hook: the start is stamped first and, as after-request
    # hooks run in reverse order, the response is counted and logged last.
    app.before_request(_start_request)
    app.after_request(_finish_request)
    app.add_url_rule("/metrics", endpoint="metrics", view_func=metrics_view)
    app.add_template_global(request_id, "request_id")
