"""Counting visits: sessions, days and weeks in Vietnam time, online now, what never counts.

Every test runs twice: on the SQL backend and on the Redis backend (see conftest.py).
"""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from cms.core.database import write_transaction
from cms.core.formatting import VN_TZ
from cms.core.redis_client import redis_client, redis_key
from cms.extensions import db
from cms.settings.services import update_settings
from cms.stats import services
from cms.stats.models import DailyVisits, VisitSession

GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"


def _visit_cookie(response) -> str | None:
    for header in response.headers.getlist("Set-Cookie"):
        if header.startswith(f"{services.COOKIE_NAME}="):
            return header
    return None


def _sidebar(html: str) -> dict[str, str]:
    return dict(re.findall(r'data-stat="(\w+)">([^<]*)<', html))


def test_n_distinct_sessions_make_n_visits(clock, new_visitor, numbers):
    for _ in range(7):
        new_visitor()
    counts = numbers()
    assert (counts.today, counts.week, counts.total, counts.online) == (7, 7, 7, 7)


def test_one_session_with_many_page_views_is_one_visit(
    app, clock, client, visit, make_article, numbers
):
    article = make_article()
    pages = ["/", f"/bai-viet/{article.id}-{article.slug}", "/so-do-cong"]
    for i in range(12):
        assert visit(client, pages[i % 3]).status_code == 200
        clock.advance(minutes=4)  # 44 minutes in all, never 30 without a request
    counts = numbers()
    assert (counts.today, counts.total) == (1, 1)


def test_the_cookie_is_written_when_the_visit_starts_then_at_most_once_a_minute(
    clock, client, visit, numbers
):
    first = _visit_cookie(visit(client))
    assert first and "HttpOnly" in first and "SameSite=Lax" in first and "Path=/" in first
    clock.advance(seconds=30)
    assert _visit_cookie(visit(client)) is None  # same minute: nothing written
    clock.advance(seconds=31)
    assert _visit_cookie(visit(client)) is not None  # a minute later: last seen updated
    assert _visit_cookie(visit(client)) is None
    assert numbers().today == 1


def test_a_returning_visitor_within_the_minute_costs_no_write(
    app, clock, client, visit, count_queries
):
    visit(client)
    clock.advance(seconds=20)
    with count_queries() as statements:
        visit(client, "/so-do-cong")
    writes = [s for s in statements if re.match(r"\s*(INSERT|UPDATE|DELETE)", s, re.I)]
    assert writes == []
    stats_reads = [s for s in statements if "stats_" in s]
    assert len(stats_reads) <= 1  # the sidebar's numbers: one statement at most


def test_a_visit_counts_on_the_day_it_started_and_a_new_one_after_the_timeout(
    app, clock, client, visit, numbers
):
    clock.set(2026, 6, 10, 23, 50, tz=VN_TZ)
    visit(client)
    clock.set(2026, 6, 11, 0, 10, tz=VN_TZ)  # after midnight, still active
    visit(client)
    counts = numbers()
    assert counts.today == 0 and counts.week == 1
    assert services.backend().daily(date(2026, 6, 10), date(2026, 6, 11)) == {date(2026, 6, 10): 1}
    clock.set(2026, 6, 11, 0, 41, tz=VN_TZ)  # 31 minutes without a request: a new visit
    visit(client)
    counts = numbers()
    assert (counts.today, counts.week, counts.total) == (1, 2, 2)


def test_visit_timeout_is_configurable(make_app, stats_config, clock, visit):
    app = make_app(VISIT_TIMEOUT_MINUTES=10, **stats_config)
    with app.app_context():
        services.backend().reset()
        client = app.test_client()
        visit(client)
        clock.advance(minutes=9)
        visit(client)
        clock.advance(minutes=11)
        visit(client)
        assert services.current_counts().today == 2
        services.backend().reset()


def test_the_week_starts_on_monday_in_vietnam_whatever_the_server_zone(
    app, clock, new_visitor, numbers, server_in_new_york
):
    assert datetime.now().astimezone().tzinfo != VN_TZ
    # Sunday 14 June 2026, 23:30 in Vietnam (11:30 on Sunday in New York).
    clock.set(2026, 6, 14, 23, 30, tz=VN_TZ)
    for _ in range(3):
        new_visitor()
    counts = numbers()
    assert (counts.today, counts.week) == (3, 3)
    # Monday 00:05 in Vietnam is still Sunday 13:05 in New York and 17:05 UTC.
    clock.set(2026, 6, 14, 13, 5, tz=ZoneInfo("America/New_York"))
    assert clock.now.astimezone(VN_TZ).weekday() == 0
    for _ in range(2):
        new_visitor()
    counts = numbers()
    assert (counts.today, counts.week, counts.total) == (2, 2, 5)
    # Sunday 21 June, 23:59 in Vietnam: the same week.
    clock.set(2026, 6, 21, 23, 59, tz=VN_TZ)
    new_visitor()
    counts = numbers()
    assert (counts.today, counts.week, counts.total) == (1, 3, 6)


def test_online_counts_sessions_seen_within_the_window(app, clock, client, visit, new_visitor):
    visit(client)
    for _ in range(3):
        new_visitor()
    assert services.current_counts().online == 4
    clock.advance(minutes=4)
    assert services.current_counts().online == 4
    clock.advance(minutes=2)  # 6 minutes: everyone dropped out of the 5-minute window
    assert services.current_counts().online == 0
    visit(client)  # the first visitor comes back within the visit: online again
    counts = services.current_counts()
    assert (counts.online, counts.today) == (1, 4)


def _request_cases(article_path):
    return {
        "googlebot": ("GET", "/", {"User-Agent": GOOGLEBOT}),
        "no user agent": ("GET", "/", {"User-Agent": ""}),
        "script": ("GET", "/", {"User-Agent": "python-requests/2.32.3"}),
        "head": ("HEAD", "/", {}),
        "post": ("POST", "/", {}),
        "static file": ("GET", "/static/css/portal.css", {}),
        "media file": ("GET", "/media/2026/06/anh.jpg", {}),
        "health check": ("GET", "/healthz", {}),
        "sec-purpose prefetch": ("GET", "/", {"Sec-Purpose": "prefetch"}),
        "purpose prefetch": ("GET", "/", {"Purpose": "prefetch"}),
        "prerender": ("GET", "/", {"Sec-Purpose": "prefetch;prerender"}),
        "404 page": ("GET", "/chuyen-muc/khong-co", {}),
        "redirect": ("GET", article_path, {}),
        "robots.txt": ("GET", "/robots.txt", {}),
        "sitemap": ("GET", "/sitemap.xml", {}),
        "login page": ("GET", "/dang-nhap", {}),
        "staff area": ("GET", "/quan-tri/thong-ke/", {}),
    }


@pytest.mark.parametrize("case", list(_request_cases("")))
def test_what_is_not_a_visit(app, clock, visit, make_article, numbers, case):
    article = make_article()
    method, path, headers = _request_cases(f"/bai-viet/{article.id}")[case]
    response = visit(app.test_client(), path, method=method, **headers)
    assert _visit_cookie(response) is None
    counts = numbers()
    assert (counts.today, counts.online) == (0, 0)


def test_staff_pages_do_not_count_even_for_a_logged_in_editor(
    app, clock, client, visit, login_as, numbers
):
    login_as(client, "editor")
    assert visit(client, "/quan-tri/thong-ke/").status_code == 200
    assert numbers().today == 0


def test_counting_happens_even_when_a_page_cache_answers(make_app, stats_config, clock, visit):
    app = make_app(**stats_config)
    cached = "<!doctype html><title>Trang lưu sẵn</title><p>Trang lưu sẵn</p>"

    def page_cache():
        return app.response_class(cached, mimetype="text/html")

    app.before_request_funcs.setdefault(None, []).insert(0, page_cache)
    with app.app_context():
        services.backend().reset()
        response = visit(app.test_client(), "/")
        assert response.get_data(as_text=True) == cached
        assert services.current_counts().today == 1
        services.backend().reset()


def test_a_forged_cookie_is_a_new_visit(app, clock, client, visit, numbers):
    visit(client)
    client.set_cookie(services.COOKIE_NAME, "abc.1.deadbeef", domain="portal.test")
    assert _visit_cookie(visit(client)) is not None
    assert numbers().today == 2


def test_a_failing_store_never_breaks_the_page(app, clock, visit, monkeypatch):
    def broken(*_args, **_kwargs):
        raise RuntimeError("store down")

    monkeypatch.setattr(services.backend(), "start_visit", broken)
    app.logger.disabled = True
    response = visit(app.test_client())
    app.logger.disabled = False
    assert response.status_code == 200 and _visit_cookie(response) is None


def test_counting_can_be_switched_off(make_app, stats_config, visit):
    app = make_app(STATS_ENABLED=False, **stats_config)
    with app.app_context():
        services.backend().reset()
        response = visit(app.test_client())
        assert _visit_cookie(response) is None
        assert "Thống kê truy cập" not in response.get_data(as_text=True)
        assert services.current_counts().total == 0


def test_the_sidebar_shows_the_four_numbers_with_the_offset(app, clock, visit, new_visitor):
    update_settings(visits_offset=1_476_000)
    for _ in range(2):
        new_visitor()
    # A third visitor's page is rendered before the hook counts them.
    html = visit(app.test_client(), "/").get_data(as_text=True)
    for label in ("Thống kê truy cập", "Đang online", "Hôm nay", "Trong tuần", "Tất cả"):
        assert label in html
    assert _sidebar(html) == {"online": "2", "today": "2", "week": "2", "total": "1.476.002"}


def test_the_sidebar_groups_thousands(app, clock, visit):
    clock.set(2026, 6, 10, 12, 0, tz=VN_TZ)
    with write_transaction() as session:
        session.add(DailyVisits(day=date(2026, 6, 9), visits=10_487))
        session.add(DailyVisits(day=date(2025, 1, 1), visits=1_466_228))
    html = visit(app.test_client()).get_data(as_text=True)
    assert _sidebar(html)["week"] == "10.487"  # this visit is counted after rendering
    assert _sidebar(html)["total"] == "1.476.715"
    html = visit(app.test_client()).get_data(as_text=True)
    assert _sidebar(html)["total"] == "1.476.716"


def test_no_raw_ip_address_is_stored(app, clock, visit):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = "203.0.113.77"
    visit(client)
    assert set(VisitSession.__table__.columns.keys()) == {"sid", "day", "started_at", "last_seen"}
    backend = services.backend()
    if backend.name == "redis":
        client = redis_client()
        stored = [k.decode() for k in client.scan_iter(match=redis_key("*"))]
        stored += [m.decode() for m in client.zrange(backend.online_key, 0, -1)]
        assert stored and not any("203.0.113" in s for s in stored)


def test_no_third_party_script_in_the_sidebar(app, clock, visit):
    html = visit(app.test_client()).get_data(as_text=True)
    block = html.split('id="box-stats"', 1)[1].split("</section>", 1)[0]
    assert "<script" not in block


def test_the_monitoring_snippet_is_emitted_on_public_pages_only(
    app, clock, client, visit, login_as
):
    snippet = '<script src="https://tinnhiemmang.vn/monitor.js" data-id="ubnd-42"></script>'
    update_settings(monitoring_snippet=snippet)
    # Emitted as is, but for the request's CSP nonce on its <script> tag.
    tagged = re.sub(r'<script nonce="[^"]+"', "<script", visit(client, "/").get_data(as_text=True))
    assert snippet in tagged
    login_as(client, "editor")
    assert "tinnhiemmang" not in visit(client, "/quan-tri/thong-ke/").get_data(as_text=True)


def test_prune_removes_old_sessions_and_keeps_daily_totals(app, clock, runner, new_visitor):
    for _ in range(3):
        new_visitor()
    clock.advance(days=2)
    new_visitor()
    result = runner.invoke(args=["stats", "prune"])
    assert result.exit_code == 0 and "Pruned 3" in result.output
    counts = services.current_counts()
    assert counts.total == 4 and counts.online == 1


def test_visits_are_in_the_database_at_once(app, clock, runner, new_visitor):
    """On both backends: a Redis that restarts empty loses no visit (no sync needed)."""
    for _ in range(3):
        new_visitor()
    stored = dict(db.session.execute(select(DailyVisits.day, DailyVisits.visits)).all())
    assert stored == {date(2026, 6, 10): 3}
    result = runner.invoke(args=["stats", "sync"])
    assert result.exit_code == 0
    assert services.current_counts().today == 3  # not counted twice


def test_day_counters_left_in_redis_by_an_older_version_are_moved(make_app, redis_config, clock):
    """Upgrading from the version that kept up to 5 minutes of visits in a Redis hash
    (``<STATS_REDIS_PREFIX>days``) loses none of them."""
    app = make_app(**redis_config)
    with app.app_context():
        legacy = f"{app.config['STATS_REDIS_PREFIX']}days"
        redis_client().hincrby(legacy, "2026-06-10", 5)
        redis_client().hincrby(legacy, "2026-06-09", 7)
        db.session.add(DailyVisits(day=date(2026, 6, 9), visits=100))
        db.session.commit()
        counts = services.current_counts()
        assert (counts.today, counts.week, counts.total) == (5, 112, 112)
        assert not redis_client().exists(legacy)
        stored = dict(db.session.execute(select(DailyVisits.day, DailyVisits.visits)).all())
        assert stored == {date(2026, 6, 9): 107, date(2026, 6, 10): 5}
        services.backend().reset()


def test_stats_show_command(app, clock, runner, new_visitor):
    new_visitor()
    result = runner.invoke(args=["stats", "show"])
    assert result.exit_code == 0 and "today 1" in result.output


def test_new_visits_prune_old_sessions_now_and_then(app, clock, runner, new_visitor, monkeypatch):
    for _ in range(3):
        new_visitor()
    clock.advance(days=2)
    monkeypatch.setattr(services, "PRUNE_SECONDS", 0)
    new_visitor()  # this visit's transaction also prunes
    assert "Pruned 0" in runner.invoke(args=["stats", "prune"]).output
    counts = services.current_counts()
    assert counts.total == 4 and counts.online == 1


def test_the_sidebar_is_cached_for_a_few_seconds_per_worker(
    make_app, stats_config, clock, visit, count_queries
):
    app = make_app(CACHE_SECONDS=60, **stats_config)
    with app.app_context():
        services.backend().reset()
        first = _sidebar(visit(app.test_client()).get_data(as_text=True))
        client = app.test_client()
        visit(client)  # a second visitor, counted
        with count_queries() as statements:
            later = _sidebar(visit(client, "/so-do-cong").get_data(as_text=True))
        assert later == first == {"online": "0", "today": "0", "week": "0", "total": "0"}
        assert not [s for s in statements if "stats_" in s]
        assert services.current_counts().today == 2
        services.backend().reset()
