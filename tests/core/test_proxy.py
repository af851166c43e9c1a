"""Behind reverse proxies: client address, scheme and host come from trusted proxies only.

Requests arrive as nginx sends them (deploy/nginx/portal.conf): from 127.0.0.1, to the
upstream's address, with X-Forwarded-For (appended at each hop) and X-Forwarded-Proto,
-Host and -Port (set by the nginx nearest the app).
"""

import re
from datetime import timedelta

import pytest

from cms.core.formatting import utcnow
from cms.core.net import client_address
from cms.extensions import db
from cms.polls.models import Ballot, Poll, PollOption

UPSTREAM = "http://127.0.0.1:8000"  # what nginx's proxy_pass connects to
NGINX = {"REMOTE_ADDR": "127.0.0.1"}
ONE_HOP = {
    "X-Forwarded-For": "203.0.113.7",
    "X-Forwarded-Proto": "https",
    "X-Forwarded-Host": "portal.example",
    "X-Forwarded-Port": "443",
}
SITE = "https://portal.example"


def through_proxy(client, path, headers=ONE_HOP, **kwargs):
    """A request as the proxy forwards it."""
    return client.get(path, headers=headers, base_url=UPSTREAM, environ_base=NGINX, **kwargs)


def canonical(html: str) -> str:
    """The page's canonical link."""
    return re.search(r'<link rel="canonical" href="([^"]+)"', html).group(1)


@pytest.fixture
def site(app):
    """The test app configured as in production: no SERVER_NAME, links follow the request."""
    app.config["SERVER_NAME"] = None
    return app


def behind(app, hops: int):
    """The app, told that ``hops`` proxies stand in front of it."""
    app.config["TRUSTED_PROXIES"] = hops
    return app


def address_probe(app):
    """A route that answers client_address(), to see it through HTTP."""
    app.add_url_rule("/thu-dia-chi", "address_probe", client_address)
    return app.test_client()


def test_links_are_https_when_a_trusted_proxy_says_so(site, make_article):
    app = behind(site, 1)
    art = make_article(title="Thông báo lịch tiếp công dân")
    html = through_proxy(app.test_client(), f"/bai-viet/{art.id}-{art.slug}").text
    url = f"{SITE}/bai-viet/{art.id}-{art.slug}"
    assert canonical(html) == url
    assert f'<meta property="og:url" content="{url}">' in html
    assert "127.0.0.1:8000" not in html


def test_feeds_sitemaps_and_robots_use_the_proxys_scheme_and_host(site, make_article):
    app = behind(site, 1)
    art = make_article()
    client = app.test_client()
    rss = through_proxy(client, "/rss.xml").text
    assert f"<link>{SITE}/</link>" in rss and f"{SITE}/bai-viet/{art.id}-{art.slug}" in rss
    assert "http://" not in rss.replace("http://www.w3.org", "")
    assert f"<loc>{SITE}/sitemap-1.xml</loc>" in through_proxy(client, "/sitemap.xml").text
    chunk = through_proxy(client, "/sitemap-1.xml").text
    assert f"<loc>{SITE}/bai-viet/{art.id}-{art.slug}</loc>" in chunk
    assert "http://127.0.0.1" not in chunk
    robots = through_proxy(client, "/robots.txt").text
    assert f"Sitemap: {SITE}/sitemap.xml" in robots.splitlines()


def test_a_non_default_port_is_kept(site):
    app = behind(site, 1)
    headers = {**ONE_HOP, "X-Forwarded-Port": "8443"}
    robots = through_proxy(app.test_client(), "/robots.txt", headers=headers).text
    assert "Sitemap: https://portal.example:8443/sitemap.xml" in robots


def test_a_client_cannot_choose_scheme_host_or_prefix_without_trusted_proxies(site):
    """TRUSTED_PROXIES=0 (the default): the same headers are the client's own claim."""
    app = site
    assert app.config["TRUSTED_PROXIES"] == 0
    headers = {**ONE_HOP, "X-Forwarded-Prefix": "/gia-mao"}
    robots = through_proxy(app.test_client(), "/robots.txt", headers=headers).text
    assert "Sitemap: http://127.0.0.1:8000/sitemap.xml" in robots


def test_the_prefix_header_is_never_believed(site):
    app = behind(site, 1)
    headers = {**ONE_HOP, "X-Forwarded-Prefix": "/gia-mao"}
    robots = through_proxy(app.test_client(), "/robots.txt", headers=headers).text
    assert f"Sitemap: {SITE}/sitemap.xml" in robots


@pytest.mark.parametrize(
    ("trusted", "forwarded", "expected"),
    [
        (0, "203.0.113.7", "127.0.0.1"),  # a spoofing client talking to the app directly
        (1, "203.0.113.7", "203.0.113.7"),  # one proxy
        (1, "6.6.6.6, 203.0.113.7", "203.0.113.7"),  # the client's own claim is left of it
        (2, "203.0.113.7, 10.0.0.5", "203.0.113.7"),  # a load balancer, then nginx
        (2, "6.6.6.6, 203.0.113.7, 10.0.0.5", "203.0.113.7"),
        (2, "10.0.0.5", "127.0.0.1"),  # fewer entries than proxies: ignored
    ],
)
def test_the_client_address_counts_trusted_hops_from_the_right(
    make_app, trusted, forwarded, expected
):
    client = address_probe(make_app(TRUSTED_PROXIES=trusted))
    response = through_proxy(client, "/thu-dia-chi", headers={"X-Forwarded-For": forwarded})
    assert response.text == expected


def test_two_proxies_scheme_and_host_come_from_the_nearest(site):
    """Behind a load balancer and nginx, nginx passes the balancer's scheme on as its own."""
    app = behind(site, 2)
    headers = {**ONE_HOP, "X-Forwarded-For": "203.0.113.7, 10.0.0.5"}
    robots = through_proxy(app.test_client(), "/robots.txt", headers=headers).text
    assert f"Sitemap: {SITE}/sitemap.xml" in robots


@pytest.fixture
def poll(app):
    """An open poll with two options; returns (poll id, first option id)."""
    poll = Poll(
        question="Website có hữu ích không?",
        opens_at=utcnow() - timedelta(days=1),
        multiple=False,
        max_choices=1,
    )
    db.session.add(poll)
    db.session.flush()
    first = PollOption(poll_id=poll.id, position=1, label="Có")
    db.session.add_all([first, PollOption(poll_id=poll.id, position=2, label="Không")])
    db.session.commit()
    return poll.id, first.id


@pytest.mark.parametrize(
    ("trusted", "host", "status", "ballots"),
    [
        (1, "portal.example", 200, 1),  # nginx sends Host $host as well
        (1, "127.0.0.1:8000", 200, 1),  # a proxy that sends the upstream's name as Host
        (0, "portal.example", 403, 0),  # the same headers from an untrusted client
        (0, "127.0.0.1:8000", 403, 0),
    ],
)
def test_a_vote_from_the_https_site_behind_the_proxy(app, poll, trusted, host, status, ballots):
    app.config["TRUSTED_PROXIES"] = trusted
    poll_id, option = poll
    response = app.test_client().post(
        f"/binh-chon/{poll_id}",
        data={"option": str(option)},
        headers={**ONE_HOP, "Host": host, "Origin": SITE, "Accept": "application/json"},
        base_url=UPSTREAM,
        environ_base=NGINX,
    )
    assert response.status_code == status, response.text
    assert db.session.query(Ballot).count() == ballots


def test_cached_article_parts_keep_each_origins_links(site, make_article):
    """A fragment rendered for a direct http:// request is not served to https readers."""
    app = behind(site, 1)
    app.config["CACHE_SECONDS"] = 60
    art = make_article()
    path = f"/bai-viet/{art.id}-{art.slug}"
    client = app.test_client()
    direct = client.get(path, headers={"Host": "portal.example"}, environ_base=NGINX)
    assert canonical(direct.text) == f"http://portal.example{path}"
    assert canonical(through_proxy(client, path).text) == f"{SITE}{path}"
