"""The reader's pages through HTTP: home, category, article, print view, maps, errors."""

from datetime import timedelta

import pytest

from cms.content.models import Article, Category, SlugRedirect
from cms.content.services import flush_views
from cms.core.formatting import format_date, utcnow
from cms.extensions import db
from cms.settings.services import update_settings


def test_home_lists_featured_latest_and_category_blocks(client, make_category, make_article):
    news = make_category(name="Tin tức – Sự kiện")
    economy = make_category(name="Kinh tế")
    hidden = make_category(name="Nội bộ", on_home=False, in_menu=False)
    make_article(title="Khai mạc hội chợ nông sản", category=economy, is_featured=True)
    make_article(title="Đoàn kiểm tra làm việc tại phường", category=news)
    make_article(title="Giá lúa tăng nhẹ", category=economy)
    make_article(title="Bài không lên trang chủ", category=hidden)
    html = client.get("/").get_data(as_text=True)
    assert 'class="featured"' in html
    assert "Khai mạc hội chợ nông sản" in html
    assert "Đoàn kiểm tra làm việc tại phường" in html
    assert f'id="cat-{news.id}"' in html and f'id="cat-{economy.id}"' in html
    assert f'id="cat-{hidden.id}"' not in html
    # the featured article is not repeated in its category block
    block = html.split(f'id="cat-{economy.id}"', 1)[1].split("</section>", 1)[0]
    assert "Giá lúa tăng nhẹ" in block and "Khai mạc hội chợ nông sản" not in block
    # the menu shows menu categories only
    assert "/chuyen-muc/kinh-te" in html and "/chuyen-muc/noi-bo" not in html


def test_home_without_content_still_renders(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "Chưa có bài viết nào." in response.get_data(as_text=True)


def test_article_page_shows_every_part(client, make_article):
    article = make_article(
        title="Hội nghị tổng kết công tác cải cách hành chính",
        summary="Tóm tắt hội nghị.",
        body="<p>Đoạn một.</p><p>Đoạn hai.</p>",
        byline="P.V Hoàng Long",
        source="Theo Sở Nội vụ",
        image_url="/media/demo/hoi-nghi.jpg",
        image_caption="Quang cảnh hội nghị",
        image_alt="Đại biểu dự hội nghị",
        published_at=utcnow().replace(year=2024, month=7, day=23, hour=1, minute=30),
        view_count=1475999,
    )
    url = f"/bai-viet/{article.id}-{article.slug}"
    html = client.get(url).get_data(as_text=True)
    assert "<h1" in html and "Hội nghị tổng kết công tác cải cách hành chính" in html
    assert "23/07/2024 08:30" in html  # 01:30 UTC is 08:30 in Asia/Ho_Chi_Minh
    assert "Tóm tắt hội nghị." in html
    assert "<figcaption>Quang cảnh hội nghị</figcaption>" in html
    assert 'alt="Đại biểu dự hội nghị"' in html
    assert '<p class="byline">P.V Hoàng Long</p>' in html
    assert "Theo Sở Nội vụ" in html
    assert "1.476.000" in html  # the view just counted, thousands with dots
    assert f'href="/bai-viet/{article.id}-{article.slug}/ban-in"' in html
    assert "Tin khác" in html


def test_view_counter_writes_in_batches(client, make_article):
    article = make_article()
    for _ in range(3):
        client.get(f"/bai-viet/{article.id}-{article.slug}")
    db.session.expire_all()
    assert db.session.get(Article, article.id).view_count == 3


def test_other_news_lists_title_and_date_and_paginates(client, make_article):
    articles = [make_article(title=f"Tin số {n}") for n in range(1, 15)]
    current = articles[0]
    url = f"/bai-viet/{current.id}-{current.slug}"
    page1 = client.get(url).get_data(as_text=True)
    other = articles[1]
    shown = format_date(other.published_at)  # the Vietnam day, whatever the hour in UTC
    assert f'{other.title}</a> <span class="date">({shown})' in page1
    assert current.title + "</a>" not in page1.split("Tin khác", 1)[1]
    assert 'aria-label="Phân trang tin khác"' in page1
    page2 = client.get(url + "?trang=2")
    assert page2.status_code == 200
    assert client.get(url + "?trang=3").status_code == 404  # 13 others, 10 per page


def test_print_view(client, make_article):
    article = make_article(title="Thông báo lịch tiếp công dân", byline="Văn phòng HĐND-UBND")
    response = client.get(f"/bai-viet/{article.id}-{article.slug}/ban-in")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Thông báo lịch tiếp công dân" in html
    assert "css/print.css" in html and 'class="sidebar"' not in html
    assert "Văn phòng HĐND-UBND" in html


def test_category_listing_paginates_with_page_numbers(app, client, make_category, make_article):
    app.config["PAGE_SIZE"] = 5
    cat = make_category(name="Văn hóa – Xã hội")
    for n in range(12):
        make_article(title=f"Lễ hội truyền thống {n}", category=cat)
    html = client.get("/chuyen-muc/van-hoa-xa-hoi").get_data(as_text=True)
    assert html.count('class="card"') == 5
    assert 'href="/chuyen-muc/van-hoa-xa-hoi?trang=3"' in html
    assert client.get("/chuyen-muc/van-hoa-xa-hoi?trang=3").status_code == 200
    last = client.get("/chuyen-muc/van-hoa-xa-hoi?trang=3").get_data(as_text=True)
    assert last.count('class="card"') == 2
    assert client.get("/chuyen-muc/van-hoa-xa-hoi?trang=4").status_code == 404


@pytest.mark.parametrize("page", ["0", "-1", "abc", "1.5", "", "99999999999", "2%00", "１"])
def test_bad_page_numbers_are_404(client, make_article, page):
    article = make_article()
    assert client.get("/?trang=1").status_code == 200
    cat_url = "/chuyen-muc/tin-tuc-su-kien"
    # A NUL anywhere in the query string is refused at the edge (400) before the pager.
    expected = 400 if "%00" in page else 404
    assert client.get(f"{cat_url}?trang={page}").status_code == expected
    assert client.get(f"/bai-viet/{article.id}-{article.slug}?trang={page}").status_code == expected


def test_empty_category_has_page_one_only(client, make_category):
    make_category(name="Thông báo")
    assert client.get("/chuyen-muc/thong-bao").status_code == 200
    assert client.get("/chuyen-muc/thong-bao?trang=2").status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/chuyen-muc/khong-co",
        "/bai-viet/999999-khong-co",
        "/bai-viet/999999",
        "/bai-viet/99999999999999999999999-x",
        "/bai-viet/abc",
        "/trang-khong-ton-tai",
        "/sitemap-0.xml",
        "/sitemap-99.xml",
        "/media/khong-co.jpg",
        "/media/../../etc/passwd",
        "/ngon-ngu/fr",
    ],
)
def test_unknown_things_are_vietnamese_404s(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.get_data(as_text=True)


def test_server_error_page_is_vietnamese_and_rolls_back(app, client, monkeypatch):
    def broken(*_args, **_kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("cms.public.views.queries.featured", broken)
    response = client.get("/")
    assert response.status_code == 500
    assert "Đã có lỗi xảy ra" in response.get_data(as_text=True)
    assert "boom" not in response.get_data(as_text=True)


@pytest.mark.parametrize("status", ["draft", "pending", "unpublished", "trash"])
def test_non_published_articles_are_not_public(client, make_article, status):
    article = make_article(title="Bài chưa công khai", status=status)
    assert client.get(f"/bai-viet/{article.id}-{article.slug}").status_code == 404
    assert client.get(f"/bai-viet/{article.id}-{article.slug}/ban-in").status_code == 404
    assert "Bài chưa công khai" not in client.get("/").get_data(as_text=True)


def test_scheduling_works_at_query_time(client, make_article, monkeypatch):
    later = utcnow() + timedelta(hours=2)
    article = make_article(title="Thông báo lịch cắt điện", published_at=later)
    url = f"/bai-viet/{article.id}-{article.slug}"
    assert client.get(url).status_code == 404
    assert "Thông báo lịch cắt điện" not in client.get("/").get_data(as_text=True)
    # Two hours and a minute later, with no job having run, it is public.
    future = later + timedelta(minutes=1)
    monkeypatch.setattr("cms.content.models.article.utcnow", lambda: future)
    monkeypatch.setattr("cms.content.queries.utcnow", lambda: future)
    assert client.get(url).status_code == 200
    assert "Thông báo lịch cắt điện" in client.get("/").get_data(as_text=True)


def test_article_url_with_old_or_missing_slug_redirects_permanently(client, make_article):
    article = make_article(title="Tiêu đề cũ")
    old_url = f"/bai-viet/{article.id}-{article.slug}"
    article.title = "Tiêu đề mới đã sửa"
    article.slug = "tieu-de-moi-da-sua"
    db.session.commit()
    response = client.get(old_url + "?trang=1")
    assert response.status_code == 301
    assert response.location.endswith(f"/bai-viet/{article.id}-tieu-de-moi-da-sua?trang=1")
    response = client.get(f"/bai-viet/{article.id}")
    assert response.status_code == 301
    assert response.location.endswith(f"/bai-viet/{article.id}-tieu-de-moi-da-sua")
    response = client.get(f"/bai-viet/{article.id}-tieu-de-cu/ban-in")
    assert response.status_code == 301
    assert response.location.endswith("-tieu-de-moi-da-sua/ban-in")


def test_category_old_slug_redirects(client, make_category):
    cat = make_category(name="Kinh tế", slug="kinh-te-moi")
    db.session.add(SlugRedirect(kind="category", old_slug="kinh-te", target_id=cat.id))
    db.session.commit()
    response = client.get("/chuyen-muc/kinh-te?trang=1")
    assert response.status_code == 301
    assert response.location.endswith("/chuyen-muc/kinh-te-moi?trang=1")


def test_footer_comes_from_site_settings(client):
    update_settings(
        portal_name="Cổng thông tin điện tử thị xã Thử Nghiệm",
        agency_name="Ủy ban nhân dân thị xã Thử Nghiệm",
        responsible_person="Ông Nguyễn Văn A – Chánh Văn phòng",
        license_info="Giấy phép số 01/GP-TTĐT",
        address="Số 1 đường Trần Hưng Đạo",
        phone="0200 3 123 456",
        fax="0200 3 123 457",
        email="ubnd@thunghiem.example.gov.vn",
        agency_links=[{"name": "Cổng TTĐT tỉnh", "url": "https://tinh.example.gov.vn"}],
    )
    html = client.get("/").get_data(as_text=True)
    footer = html.split('class="site-footer"', 1)[1]
    for text in (
        "Cổng thông tin điện tử thị xã Thử Nghiệm",
        "Ủy ban nhân dân thị xã Thử Nghiệm",
        "Ông Nguyễn Văn A – Chánh Văn phòng",
        "Giấy phép số 01/GP-TTĐT",
        "Số 1 đường Trần Hưng Đạo",
        "0200 3 123 456",
        "0200 3 123 457",
        "ubnd@thunghiem.example.gov.vn",
        'href="https://tinh.example.gov.vn"',
        "Ghi rõ nguồn “Cổng thông tin điện tử thị xã Thử Nghiệm” khi phát hành lại thông tin",
    ):
        assert text in footer, text


def test_settings_are_escaped(client):
    update_settings(portal_name="<script>alert(1)</script>", address="<b>x</b>")
    html = client.get("/").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_site_map_sitemap_and_robots(client, make_category, make_article):
    cat = make_category(name="Cải cách hành chính")
    article = make_article(title="Một cửa liên thông", category=cat)
    make_article(title="Bản nháp", category=cat, status="draft")
    html = client.get("/so-do-cong").get_data(as_text=True)
    assert "Sơ đồ cổng" in html and "/chuyen-muc/cai-cach-hanh-chinh" in html
    index = client.get("/sitemap.xml")
    assert index.mimetype == "application/xml"
    assert "http://portal.test/sitemap-1.xml" in index.get_data(as_text=True)
    chunk = client.get("/sitemap-1.xml").get_data(as_text=True)
    assert f"http://portal.test/bai-viet/{article.id}-mot-cua-lien-thong" in chunk
    assert "ban-nhap" not in chunk
    robots = client.get("/robots.txt").get_data(as_text=True)
    assert "Disallow: /quan-tri/" in robots and "Sitemap: http://portal.test/sitemap.xml" in robots


def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json == {"status": "ok"}


def test_healthz_is_liveness_and_ready_reports_database_down(app, client, monkeypatch):
    def down(*_args, **_kwargs):
        raise ConnectionError("database is down")

    monkeypatch.setattr("cms.core.health.db.session.execute", down)
    assert client.get("/healthz").status_code == 200  # alive: a restart would not help
    ready = client.get("/healthz/ready")
    assert ready.status_code == 503 and ready.json["failed"] == ["database"]


def test_accessibility_landmarks(client, make_article):
    article = make_article(image_url="/media/x.jpg")
    for url in ("/", f"/bai-viet/{article.id}-{article.slug}", "/chuyen-muc/tin-tuc-su-kien"):
        html = client.get(url).get_data(as_text=True)
        assert 'class="skip-link" href="#noi-dung"' in html
        assert '<main id="noi-dung"' in html and 'role="banner"' in html
        assert 'role="contentinfo"' in html and "<nav" in html
        assert html.count("<h1") == 1
        assert 'lang="vi"' in html
        for tag in html.split("<img")[1:]:
            assert "alt=" in tag.split(">", 1)[0]


def test_security_headers(client):
    response = client.get("/")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "SAMEORIGIN"


def test_footer_without_settings_names_the_default_portal(client):
    """A fresh install (no settings row yet) shows the default name in the notice."""
    footer = client.get("/").get_data(as_text=True).split('class="site-footer"', 1)[1]
    assert "Ghi rõ nguồn “Cổng thông tin điện tử” khi phát hành lại" in footer
    assert "None" not in footer


def test_views_are_buffered_and_shown_before_they_are_written(make_app):
    """Views wait in the worker and go to the database in one batch, losing none."""
    app = make_app(VIEW_FLUSH_SECONDS=3600)
    with app.app_context():
        category = Category(name="Tin tức", slug="tin-tuc", position=1)
        db.session.add(category)
        db.session.flush()
        article = Article(
            title="Bài đếm lượt xem",
            slug="bai-dem-luot-xem",
            category_id=category.id,
            status="published",
            published_at=utcnow() - timedelta(hours=1),
            view_count=10,
        )
        db.session.add(article)
        db.session.commit()
        url, article_id = f"/bai-viet/{article.id}-{article.slug}", article.id
    client = app.test_client()
    for _ in range(3):
        html = client.get(url).get_data(as_text=True)
    assert "Lượt xem: 13" in html  # shown with this worker's unwritten views
    with app.app_context():
        assert db.session.get(Article, article_id).view_count == 10  # not written yet
        assert flush_views(force=True) == 1
        db.session.expire_all()
        assert db.session.get(Article, article_id).view_count == 13
