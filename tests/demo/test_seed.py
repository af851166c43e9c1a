"""``flask seed-demo``: the demo content loads once, is public where it should be, and is safe."""

import unicodedata
from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select

from cms.content.models import Article, Category
from cms.content.sanitize import sanitize
from cms.core.formatting import utcnow
from cms.demo import content
from cms.demo.images import SCENES
from cms.extensions import db
from cms.settings.models import SiteSettings

CATEGORY_SLUGS = {
    "tin-tuc-su-kien",
    "cai-cach-hanh-chinh",
    "kinh-te",
    "van-hoa-xa-hoi",
    "thong-bao",
}


def _seed(runner, *args):
    result = runner.invoke(args=["seed-demo", *args])
    assert result.exit_code == 0, result.output
    return result


def _counts():
    return {
        model.__name__: db.session.scalar(select(func.count()).select_from(model))
        for model in (Article, Category, SiteSettings)
    }


def _scheduled():
    return db.session.scalars(select(Article).where(Article.published_at > utcnow())).one()


def test_seed_creates_public_articles_in_every_category(app, runner):
    result = _seed(runner)
    assert "articles" in result.output
    public = db.session.scalars(select(Article).where(Article.public_filter())).all()
    assert len(public) >= 30
    slugs = set(db.session.scalars(select(Category.slug)))
    assert slugs == CATEGORY_SLUGS
    by_id = {c.id: c.slug for c in db.session.scalars(select(Category))}
    assert {by_id[a.category_id] for a in public} == CATEGORY_SLUGS
    assert 3 <= sum(a.is_featured for a in public) <= 4
    assert sum(bool(a.image_url) for a in public) >= 20
    assert all(50 <= a.view_count <= 5000 for a in public)
    two_years_ago = utcnow() - timedelta(days=731)
    assert all(two_years_ago < a.published_at < utcnow() for a in public)
    drafts = db.session.scalars(select(Article).where(Article.status == "draft")).all()
    assert len(drafts) == 2
    assert _scheduled().status == "published"


def test_settings_are_filled(app, runner):
    _seed(runner)
    row = db.session.get(SiteSettings, 1)
    assert row.portal_name == "Cổng thông tin điện tử thị xã An Hòa"
    assert row.agency_name == "Ủy ban nhân dân thị xã An Hòa"
    assert row.visits_offset == 1476000
    assert 4 <= len(row.agency_links) <= 6
    assert all(link["url"].startswith("https://") for link in row.agency_links)
    assert row.attribution_notice.startswith("Ghi rõ nguồn “Cổng thông tin điện tử")


def test_settings_typed_by_an_administrator_are_kept(app, runner):
    db.session.add(SiteSettings(id=1, portal_name="Cổng của tôi", phone="0123"))
    db.session.commit()
    _seed(runner)
    db.session.expire_all()
    row = db.session.get(SiteSettings, 1)
    assert row.portal_name == "Cổng của tôi"
    assert row.phone == "0123"
    assert row.agency_name == "Ủy ban nhân dân thị xã An Hòa"


def test_running_twice_creates_nothing_new(app, runner):
    _seed(runner)
    before = _counts()
    result = _seed(runner)
    assert "Nothing new" in result.output
    assert _counts() == before


def test_if_empty_does_nothing_on_a_seeded_database(app, runner):
    _seed(runner, "--if-empty")
    before = _counts()
    result = _seed(runner, "--if-empty")
    assert "not loaded" in result.output
    assert _counts() == before


def test_if_empty_seeds_an_empty_database(app, runner):
    _seed(runner, "--if-empty")
    assert _counts()["Article"] == len(content.ARTICLES)


def test_scheduled_article_is_not_public_yet(app, runner, client):
    _seed(runner)
    scheduled = _scheduled()
    home = client.get("/").get_data(as_text=True)
    newest = db.session.scalars(
        select(Article).where(Article.public_filter()).order_by(Article.published_at.desc())
    ).first()
    assert newest.title in home
    assert scheduled.title not in home
    assert client.get(f"/bai-viet/{scheduled.id}-{scheduled.slug}").status_code == 404
    assert client.get(f"/bai-viet/{newest.id}-{newest.slug}").status_code == 200


def test_images_are_written_and_served(app, runner, client):
    _seed(runner)
    folder = Path(app.config["MEDIA_DIR"]) / "demo"
    assert {p.stem for p in folder.glob("*.jpg")} == set(SCENES)
    urls = set(db.session.scalars(select(Article.image_url).where(Article.image_url != "")))
    for url in urls:
        assert (folder / url.removeprefix("/media/demo/")).is_file()
    response = client.get(sorted(urls)[0])
    assert response.status_code == 200
    assert response.mimetype == "image/jpeg"
    assert response.data[:3] == b"\xff\xd8\xff"


def test_existing_images_are_not_redrawn(app, runner):
    folder = Path(app.config["MEDIA_DIR"]) / "demo"
    folder.mkdir(parents=True)
    (folder / "le-hoi.jpg").write_bytes(b"mine")
    result = _seed(runner)
    assert f"Created {len(SCENES) - 1} images" in result.output
    assert (folder / "le-hoi.jpg").read_bytes() == b"mine"


def test_bodies_are_sanitized_nfc_and_slugs_are_unique(app, runner):
    _seed(runner)
    articles = db.session.scalars(select(Article)).all()
    for article in articles:
        assert article.body == sanitize(article.body)
        assert article.body.count("<p>") >= 3
        for text in (article.title, article.summary, article.body, article.byline):
            assert text == unicodedata.normalize("NFC", text)
    assert any("<table>" in a.body for a in articles)
    assert any("<ul>" in a.body for a in articles)
    assert any("<figure><img" in a.body for a in articles)
    assert len({a.slug for a in articles}) == len(articles)


def test_help(runner):
    result = runner.invoke(args=["seed-demo", "--help"])
    assert result.exit_code == 0
    assert "--if-empty" in result.output


def test_seed_adds_the_demo_poll_and_visitor_statistics(app, runner, client):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    assert "Created the demo polls." in result.output
    html = client.get("/").get_data(as_text=True)
    assert "Website đáp ứng nhu cầu thông tin của bạn ở mức độ nào?" in html
    assert "Thống kê truy cập" in html
    again = runner.invoke(args=["seed-demo"])
    assert "Polls exist already" in again.output
    assert "Added visitor statistics for 0 days." in again.output
