"""Prometheus metrics at /metrics: who may read them, what they count, several workers."""

import json
import os
import re
from datetime import timedelta

import pytest
from prometheus_client.parser import text_string_to_metric_families

from cms.core.formatting import utcnow
from cms.extensions import db
from cms.polls.models import Poll, PollOption
from tests.conftest import BACKEND, ROOT
from tests.servers import gunicorn_server, http_get

OUTSIDE = {"REMOTE_ADDR": "203.0.113.9"}
ID = re.compile(r"[0-9a-f]{16}")


def samples(text: str) -> dict:
    """{(name, frozenset(labels)): value} of an exposition text."""
    found = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            found[(sample.name, frozenset(sample.labels.items()))] = sample.value
    return found


def value(text: str, name: str, **labels) -> float:
    """One sample's value (0 when absent)."""
    return samples(text).get((name, frozenset(labels.items())), 0.0)


def scrape(client, **kwargs) -> str:
    """The /metrics text (asserting it was served)."""
    response = client.get("/metrics", **kwargs)
    assert response.status_code == 200, response.status_code
    assert response.mimetype == "text/plain"
    return response.get_data(as_text=True)


def test_local_address_reads_the_metrics(client):
    text = scrape(client)
    assert "cms_http_requests_total" in text
    assert "cms_dependency_up" in text


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer wrong-token"},
        {"Authorization": "Basic c2VjcmV0LW1ldHJpY3MtdG9rZW4="},
        {"Authorization": "secret-metrics-token"},
    ],
)
def test_other_addresses_get_404_without_the_token(make_app, headers):
    client = make_app(METRICS_TOKEN="secret-metrics-token").test_client()
    response = client.get("/metrics", headers=headers, environ_base=OUTSIDE)
    assert response.status_code == 404
    assert "cms_http_requests_total" not in response.get_data(as_text=True)


def test_the_token_opens_the_metrics_from_anywhere(make_app):
    client = make_app(METRICS_TOKEN="secret-metrics-token").test_client()
    headers = {"Authorization": "Bearer secret-metrics-token"}
    assert "cms_http_requests_total" in scrape(client, headers=headers, environ_base=OUTSIDE)


def test_no_token_configured_means_no_token_accepted(make_app):
    client = make_app(METRICS_TOKEN="").test_client()
    response = client.get("/metrics", headers={"Authorization": "Bearer "}, environ_base=OUTSIDE)
    assert response.status_code == 404


def test_allowed_networks_are_configurable(make_app):
    client = make_app(METRICS_ALLOWED_IPS="10.0.0.0/8, 2001:db8::/32").test_client()
    assert client.get("/metrics", environ_base={"REMOTE_ADDR": "10.1.2.3"}).status_code == 200
    assert client.get("/metrics", environ_base={"REMOTE_ADDR": "2001:db8::7"}).status_code == 200
    assert client.get("/metrics").status_code == 404  # 127.0.0.1 is no longer listed
    assert client.get("/metrics", environ_base=OUTSIDE).status_code == 404


def test_a_request_forwarded_by_an_untrusted_proxy_is_not_local(make_app):
    """Through a local nginx with TRUSTED_PROXIES=0, every peer address is 127.0.0.1."""
    client = make_app(TRUSTED_PROXIES=0).test_client()
    forwarded = {"X-Forwarded-For": "203.0.113.9"}
    assert client.get("/metrics", headers=forwarded).status_code == 404
    trusted = make_app(TRUSTED_PROXIES=1).test_client()
    assert trusted.get("/metrics", headers=forwarded).status_code == 404  # the real client
    local = {"X-Forwarded-For": "127.0.0.1"}
    assert trusted.get("/metrics", headers=local).status_code == 200


def test_a_bad_allowed_address_stops_the_app_naming_the_variable(make_app):
    with pytest.raises(Exception, match="METRICS_ALLOWED_IPS"):
        make_app(METRICS_ALLOWED_IPS="127.0.0.1 not-an-address")


def test_requests_are_counted_by_endpoint_method_and_status_class(client):
    before = scrape(client)
    for _ in range(3):
        assert client.get("/").status_code == 200
    assert client.get("/khong-co-trang-nay").status_code == 404
    after = scrape(client)
    ok = {"endpoint": "public.home", "method": "GET", "status": "2xx"}
    assert (
        value(after, "cms_http_requests_total", **ok)
        - value(before, "cms_http_requests_total", **ok)
        == 3
    )
    missing = {"endpoint": "none", "method": "GET", "status": "4xx"}
    assert (
        value(after, "cms_http_requests_total", **missing)
        - value(before, "cms_http_requests_total", **missing)
        == 1
    )
    latency = {"endpoint": "public.home", "method": "GET"}
    counted = value(after, "cms_http_request_duration_seconds_count", **latency) - value(
        before, "cms_http_request_duration_seconds_count", **latency
    )
    assert counted == 3
    # No label holds a path: the 404's path is nowhere in the exposition.
    assert "khong-co-trang-nay" not in after


def test_server_errors_are_counted(make_app):
    app = make_app()

    @app.get("/thu-loi")
    def broken():
        raise RuntimeError("boom")

    client = app.test_client()
    before = scrape(client)
    assert client.get("/thu-loi").status_code == 500
    after = scrape(client)
    labels = {"endpoint": "broken", "code": "500"}
    assert (
        value(after, "cms_http_server_errors_total", **labels)
        - value(before, "cms_http_server_errors_total", **labels)
        == 1
    )


def test_votes_visits_and_cache_lookups_are_counted(app, client):
    poll = Poll(
        question="Website đáp ứng nhu cầu thông tin của bạn ở mức độ nào?",
        opens_at=utcnow() - timedelta(days=1),
        closes_at=None,
        multiple=False,
        max_choices=1,
        results_visibility="always",
        featured=False,
    )
    db.session.add(poll)
    db.session.flush()
    option = PollOption(poll_id=poll.id, position=1, label="Rất tốt")
    db.session.add(option)
    db.session.commit()
    before = scrape(client)
    response = client.post(
        f"/binh-chon/{poll.id}",
        data={"option": [str(option.id)]},
        headers={"Origin": "http://portal.test"},
    )
    assert response.status_code == 303
    browser = {"User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0"}
    assert app.test_client().get("/", headers=browser).status_code == 200
    assert app.test_client().get("/", headers=browser).status_code == 200
    after = scrape(client)
    assert value(after, "cms_poll_votes_total") - value(before, "cms_poll_votes_total") == 1
    assert value(after, "cms_visits_total") - value(before, "cms_visits_total") == 2
    hit = {"kind": "settings", "result": "hit"}
    miss = {"kind": "settings", "result": "miss"}
    lookups = sum(
        value(after, "cms_cache_lookups_total", **labels)
        - value(before, "cms_cache_lookups_total", **labels)
        for labels in (hit, miss)
    )
    assert lookups >= 2  # at least one lookup of the settings per page


def test_dependency_state_is_reported(client):
    text = scrape(client)
    assert value(text, "cms_dependency_up", dependency="database") == 1
    assert ("cms_dependency_up", frozenset({("dependency", "redis")})) not in samples(text)


def test_redis_down_is_reported(make_app):
    client = make_app(REDIS_URL="redis://127.0.0.1:1/0", REDIS_TIMEOUT_SECONDS=0.2).test_client()
    assert value(scrape(client), "cms_dependency_up", dependency="redis") == 0


# --- several gunicorn workers ------------------------------------------------------------


def _get(url: str) -> tuple[int, str]:
    """(status, body) of a GET on a new connection."""
    return http_get(url, timeout=10)


@pytest.fixture
def gunicorn(tmp_path, template_db):
    """The app under gunicorn with deploy/gunicorn.conf.py and 2 workers; yields its URL."""
    if BACKEND == "postgres":
        database = template_db["url"]
    else:
        database = f"sqlite:///{tmp_path / 'portal.sqlite3'}"
        (tmp_path / "portal.sqlite3").write_bytes(template_db["path"].read_bytes())
    metrics_dir = tmp_path / "metrics"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("PROMETHEUS", "PYTEST"))},
        "APP_ENV": "production",
        "SECRET_KEY": "gunicorn-test-secret-key-0123456789",
        "DATABASE_URL": database,
        "INSTANCE_PATH": str(tmp_path),
        "MEDIA_DIR": str(tmp_path / "media"),
        "REDIS_URL": "",
        "PROMETHEUS_MULTIPROC_DIR": str(metrics_dir),
        "LOG_FORMAT": "json",
    }
    log = tmp_path / "gunicorn.log"
    deployed = str(ROOT / "deploy" / "gunicorn.conf.py")  # the shipped settings, as shipped
    with gunicorn_server(env, 2, [], log, config=deployed, stop_timeout=30) as server:
        yield server.url, metrics_dir, log


def test_two_workers_add_up_their_counts(app, gunicorn):
    url, metrics_dir, log = gunicorn
    endpoint = app.url_map.bind("portal.test").match("/healthz")[0]
    labels = {"endpoint": endpoint, "method": "GET", "status": "2xx"}
    status, text = _get(url + "/metrics")
    assert status == 200
    base = value(text, "cms_http_requests_total", **labels)
    sent = 40
    for _ in range(sent):  # a new connection each: the kernel hands them to either worker
        assert _get(url + "/healthz")[0] == 200
    text = _get(url + "/metrics")[1]
    assert value(text, "cms_http_requests_total", **labels) - base == sent
    # Each worker wrote its own file of counters, and /metrics summed them.
    pids = {p.stem.rsplit("_", 1)[1] for p in metrics_dir.glob("counter_*.db")}
    assert len(pids) >= 2, pids
    assert value(text, "cms_dependency_up", dependency="database") == 1
    # LOG_FORMAT=json: the app's lines are JSON, one per request, each with its id.
    lines = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
    served = [line for line in lines if line.get("path") == "/healthz"]
    assert len(served) >= sent and all(ID.fullmatch(line["request_id"]) for line in served)


def test_database_down_is_reported(make_app, tmp_path):
    """A database that cannot be opened: /metrics still answers, with the gauge at 0."""
    make_app()  # the PostgreSQL run empties its database through the first app made
    app = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'missing' / 'x.sqlite3'}")
    assert value(scrape(app.test_client()), "cms_dependency_up", dependency="database") == 0
