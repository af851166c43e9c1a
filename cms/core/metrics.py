"""Prometheus metrics: what the app counts, and the small API features call.

The metrics are module-level objects of ``prometheus_client``'s default registry (one set
per process, whatever number of apps a test builds). Under gunicorn with
``PROMETHEUS_MULTIPROC_DIR`` set (before Python starts: the library picks its storage when
it is imported), every worker writes its values to files in that directory and ``/metrics``
adds them up across workers (``render()``); without the variable, one process serves its
own registry. Labels stay few and bounded: the Flask endpoint name (not the path), the
method, the status class, a cache's kind (the first word of its key), a dependency's name.
"""

import os
import re

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
# Seconds; a page is expected well under 100 ms, a search or an upload may take seconds.
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
_CACHE_KIND = re.compile(r"[a-z_]{1,24}")

REQUESTS = Counter(
    "cms_http_requests",
    "HTTP requests answered, by Flask endpoint, method and status class.",
    ["endpoint", "method", "status"],
)
LATENCY = Histogram(
    "cms_http_request_duration_seconds",
    "Time from the start of a request to its response, by Flask endpoint and method.",
    ["endpoint", "method"],
    buckets=LATENCY_BUCKETS,
)
SERVER_ERRORS = Counter(
    "cms_http_server_errors",
    "Responses with a 5xx status, by Flask endpoint and status code.",
    ["endpoint", "code"],
)
VOTES = Counter("cms_poll_votes", "Ballots counted in polls.")
VISITS = Counter("cms_visits", "Visits started (the visitor counter's 'Tất cả' grows by these).")
CACHE = Counter(
    "cms_cache_lookups",
    "Per-process cache lookups, by kind of key and result (hit or miss).",
    ["kind", "result"],
)
DEPENDENCY_UP = Gauge(
    "cms_dependency_up",
    "1 when the dependency answered the last time the app used or checked it, else 0.",
    ["dependency"],
    multiprocess_mode="mostrecent",
)


def method_label(method: str) -> str:
    """The method as a label: the standard ones as they are, anything else as 'other'."""
    return method if method in METHODS else "other"


def observe_request(endpoint: str, method: str, status: int, seconds: float) -> None:
    """Count one answered request and its latency."""
    method = method_label(method)
    REQUESTS.labels(endpoint, method, f"{status // 100}xx").inc()
    LATENCY.labels(endpoint, method).observe(seconds)
    if status >= 500:
        SERVER_ERRORS.labels(endpoint, str(status)).inc()


def count_vote() -> None:
    """Count one ballot recorded in a poll."""
    VOTES.inc()


def count_visit() -> None:
    """Count one visit started."""
    VISITS.inc()


def count_cache(key: str, hit: bool) -> None:
    """Count one cache lookup, labelled by the key's first word ('settings', 'fragment', …)."""
    match = _CACHE_KIND.match(key)
    CACHE.labels(match.group() if match else "other", "hit" if hit else "miss").inc()


def dependency_state(name: str, up: bool) -> None:
    """Record what was last seen of a dependency ('database', 'redis')."""
    DEPENDENCY_UP.labels(name).set(1 if up else 0)


def multiprocess_dir() -> str:
    """The directory shared by the workers' metric files, or '' in single-process mode."""
    return os.environ.get(MULTIPROC_ENV, "")


def render() -> tuple[bytes, str]:
    """The exposition text of every metric (summed across workers in multiprocess mode)."""
    if multiprocess_dir():
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST
