"""The app factory: configuration safety, database tuning, locale, queries per page."""

from datetime import timedelta

import pytest
from sqlalchemy import event, text

from cms import create_app
from cms.config import ConfigError
from cms.content.models import Article, Category
from cms.core import database
from cms.core.cache import MAX_ENTRIES, TTLCache
from cms.core.formatting import utcnow
from cms.extensions import db
from cms.settings.models import SiteSettings


@pytest.mark.parametrize("key", ["", "dev", "changeme", "short"])
def test_production_refuses_to_start_without_a_real_secret(monkeypatch, key):
    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", key)
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app()


def test_production_starts_with_a_real_secret(monkeypatch, tmp_path):
    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "x" * 64)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'p.sqlite3'}")
    app = create_app()
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_sqlite_connections_are_tuned(app):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite pragmas")
    with db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 30000


def test_postgres_goes_through_psycopg3(app):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL driver")
    assert db.engine.dialect.driver == "psycopg"


def test_english_locale(client, make_article):
    client.set_cookie("lang", "en", domain="portal.test")
    html = client.get("/").get_data(as_text=True)
    assert 'lang="en"' in html
    assert "Latest news" in html and "Tin mới nhất" not in html


def test_language_switch_sets_cookie_and_goes_back(client):
    response = client.get("/ngon-ngu/en?next=/so-do-cong")
    assert response.status_code == 302 and response.location.endswith("/so-do-cong")
    assert "lang=en" in response.headers["Set-Cookie"]
    assert client.get("/ngon-ngu/en?next=//evil.example").location.endswith("/")


def _page_urls(articles):
    article = articles[len(articles) // 2]
    return ["/", "/chuyen-muc/tin-tuc-su-kien", f"/bai-viet/{article.id}-{article.slug}"]


def test_public_pages_run_a_fixed_small_number_of_queries(
    client, make_category, make_article, count_queries
):
    """No N+1: the query count is the same with 10 articles and with many more."""
    cats = [make_category(name=n) for n in ("Tin tức – Sự kiện", "Kinh tế", "Văn hóa", "Thông báo")]
    few = [make_article(category=cats[n % 4], is_featured=n == 0) for n in range(10)]
    counts_few = {}
    for url in _page_urls(few):
        client.get(url)  # a returning visitor: the visit has started already
        with count_queries() as queries:
            assert client.get(url).status_code == 200
        counts_few[url.split("/")[1] or "home"] = len(queries)
    many = few + [make_article(category=cats[n % 4]) for n in range(120)]
    counts_many = {}
    for url in _page_urls(many):
        client.get(url)
        with count_queries() as queries:
            assert client.get(url).status_code == 200
        counts_many[url.split("/")[1] or "home"] = len(queries)
    assert counts_few == counts_many
    print("queries per page:", counts_many)
    assert max(counts_many.values()) <= 8, counts_many


def test_write_lock_mode_does_not_leak_to_later_requests(client):
    """A sync worker serves every request in one thread: after a POST, a GET reads normally."""
    begins = []

    def _capture(conn):
        begins.append(database._immediate.get())

    event.listen(db.engine, "begin", _capture)
    try:
        client.post("/ngon-ngu/en")  # any POST (405 here) marks its request as a writer
        assert database._immediate.get() is False
        begins.clear()
        client.get("/")
    finally:
        event.remove(db.engine, "begin", _capture)
    assert begins and begins[0] is False  # later ones may be the counters' own writes


def test_language_switch_returns_to_the_page_it_was_clicked_on(client):
    response = client.get("/ngon-ngu/en", headers={"Referer": "http://portal.test/so-do-cong?x=1"})
    assert response.location.endswith("/so-do-cong?x=1")
    other_site = client.get("/ngon-ngu/vi", headers={"Referer": "https://evil.example/x"})
    assert other_site.location.endswith("/") and "evil" not in other_site.location


def test_the_per_worker_cache_stays_bounded(app):
    """A crawler walking the whole archive must not grow a worker's memory without end."""
    app.config["CACHE_SECONDS"] = 60
    cache = TTLCache()
    for n in range(MAX_ENTRIES * 5):
        assert cache.get(f"article:{n}", lambda n=n: n) == n
    assert len(cache._data) <= MAX_ENTRIES
    assert cache.get(f"article:{MAX_ENTRIES * 5 - 1}", lambda: "reloaded") == MAX_ENTRIES * 5 - 1


def test_caches_follow_every_commit_whatever_wrote_it(make_app):
    """With a long cache, rows changed through the ORM show at once in this worker."""
    app = make_app(CACHE_SECONDS=600)
    client = app.test_client()
    with app.app_context():
        category = Category(name="Tin tức", slug="tin-tuc", position=1)
        db.session.add_all([category, SiteSettings(id=1, portal_name="Cổng cũ")])
        db.session.commit()
        assert "Cổng cũ" in client.get("/").get_data(as_text=True)
        db.session.get(SiteSettings, 1).portal_name = "Cổng mới"
        db.session.add(
            Article(
                title="Tin vừa đăng",
                slug="tin-vua-dang",
                category_id=category.id,
                status="published",
                published_at=utcnow() - timedelta(minutes=1),
            )
        )
        category.name = "Tin tức – Sự kiện"
        db.session.commit()
    html = client.get("/").get_data(as_text=True)
    assert "Cổng mới" in html and "Cổng cũ" not in html
    assert "Tin vừa đăng" in html and "Tin tức – Sự kiện" in html
    with app.app_context():
        db.session.add(SiteSettings(id=2, portal_name="x"))
        db.session.rollback()  # nothing committed: nothing to forget, nothing breaks
    assert "Cổng mới" in client.get("/").get_data(as_text=True)
