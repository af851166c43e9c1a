"""The staff page of visitor statistics, its CSV export and the demo data (both backends)."""

import csv
import io
import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from cms.core.database import write_transaction
from cms.extensions import db
from cms.stats import services
from cms.stats.demo import DEMO_DAYS, seed_demo_stats
from cms.stats.models import DailyVisits

URLS = ["/quan-tri/thong-ke/", "/quan-tri/thong-ke/tong-hop-theo-ngay.csv"]


@pytest.mark.parametrize("url", URLS)
def test_anonymous_visitors_are_sent_to_the_login_page(client, url):
    response = client.get(url)
    assert response.status_code == 302 and "/dang-nhap" in response.location


@pytest.mark.parametrize("url", URLS)
def test_reporters_may_not_see_the_statistics(client, login_as, url):
    login_as(client, "reporter")
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("role", ["editor", "admin"])
@pytest.mark.parametrize("url", URLS)
def test_editors_and_admins_see_the_statistics(client, login_as, role, url):
    login_as(client, role)
    assert client.get(url).status_code == 200


def _seed(days: dict[date, int]) -> None:
    with write_transaction() as session:
        for day, visits in days.items():
            session.add(DailyVisits(day=day, visits=visits))


def test_the_dashboard_shows_numbers_charts_and_most_read(
    client, login_as, clock, new_visitor, make_article
):
    today = date(2026, 6, 10)
    _seed({today - timedelta(days=1): 1234, today - timedelta(days=100): 5678})
    popular = make_article(title="Lễ hội đua thuyền truyền thống", view_count=4321)
    make_article(title="Bài chưa ai đọc", view_count=0)
    new_visitor()
    login_as(client, "editor")
    html = client.get("/quan-tri/thong-ke/").get_data(as_text=True)
    stats = dict(re.findall(r'data-stat="(\w+)">([^<]*)<', html))
    assert stats == {"online": "1", "today": "1", "week": "1.235", "total": "6.913"}
    # Two accessible server-drawn charts, each with a title, a description and a table.
    assert html.count('role="img"') == 2
    assert '<title id="chart-30-title">' in html and '<desc id="chart-365-desc">' in html
    assert html.count("<table>") >= 2 and "09/06/2026" in html and "1.234" in html
    assert html.count("<rect ") == 30 + 365
    assert popular.title in html and "4.321" in html and "Bài chưa ai đọc" not in html
    assert 'href="/quan-tri/thong-ke/tong-hop-theo-ngay.csv"' in html
    assert "<script" not in html.split("<main", 1)[1]


def test_the_staff_navigation_links_to_the_statistics(client, login_as):
    login_as(client, "editor")
    html = client.get("/quan-tri/thong-ke/").get_data(as_text=True)
    assert re.search(r'<a href="/quan-tri/thong-ke/" aria-current="page">Thống kê truy cập', html)


def test_the_csv_export_has_a_bom_and_every_daily_total(client, login_as, clock, new_visitor):
    _seed({date(2025, 1, 1): 700, date(2026, 6, 9): 42})
    new_visitor()
    login_as(client, "admin")
    response = client.get("/quan-tri/thong-ke/tong-hop-theo-ngay.csv")
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    body = response.get_data()
    assert body.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows == [
        ["Ngày", "Lượt truy cập"],
        ["2025-01-01", "700"],
        ["2026-06-09", "42"],
        ["2026-06-10", "1"],
    ]


def test_the_dashboard_stays_cheap_after_years_of_data(client, login_as, clock, count_queries):
    start = date(2020, 1, 1)
    _seed({start + timedelta(days=i): 100 + i % 50 for i in range(6 * 365)})
    login_as(client, "editor")
    with count_queries() as statements:
        assert client.get("/quan-tri/thong-ke/").status_code == 200
    assert len(statements) <= 12


def test_demo_statistics_are_believable_and_idempotent(app, clock):
    assert seed_demo_stats() == DEMO_DAYS
    assert seed_demo_stats() == 0
    rows = dict(db.session.execute(select(DailyVisits.day, DailyVisits.visits)).all())
    today = services.vn_day(clock())
    assert len(rows) == DEMO_DAYS and today not in rows
    assert min(rows) == today - timedelta(days=DEMO_DAYS)
    weekdays = [v for d, v in rows.items() if d.weekday() < 5]
    weekends = [v for d, v in rows.items() if d.weekday() >= 5]
    assert 200 < sum(weekdays) / len(weekdays) < 2000
    assert sum(weekends) / len(weekends) < sum(weekdays) / len(weekdays)
    total = db.session.execute(select(func.sum(DailyVisits.visits))).scalar()
    assert services.current_counts().total == total
