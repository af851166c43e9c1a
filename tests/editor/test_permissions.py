"""Who may read, edit and publish what: the ownership rules of the editor area."""

from datetime import timedelta

import pytest

from cms.content.models import Article
from cms.core.formatting import utcnow
from cms.extensions import db


@pytest.fixture
def drafts(make_article, people, category):
    """A draft by each reporter."""
    return {
        name: make_article(
            title=f"Bản nháp của {name}",
            author_id=people[name].id,
            status="draft",
            published_at=None,
            category=category,
        )
        for name in ("alice", "bob")
    }


def _action_urls(article_id):
    base = f"/quan-tri/bai-viet/{article_id}"
    return [
        ("get", f"{base}/sua"),
        ("get", f"{base}/xem-truoc"),
        ("get", f"{base}/phien-ban"),
        ("post", f"{base}/sua"),
        ("post", f"{base}/gui-duyet"),
        ("post", f"{base}/xuat-ban"),
        ("post", f"{base}/tra-lai"),
        ("post", f"{base}/go"),
        ("post", f"{base}/xoa"),
        ("post", f"{base}/khoi-phuc"),
        ("post", f"{base}/tu-luu"),
    ]


def test_anonymous_is_sent_to_login(client, drafts):
    for method, url in _action_urls(drafts["alice"].id):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert "/dang-nhap" in response.headers["Location"]
    assert client.post("/quan-tri/bai-viet/1/tu-luu", json={}).status_code == 401


def test_reporter_cannot_touch_another_reporters_draft(client, as_user, people, drafts, form_data):
    as_user(people["bob"])
    for method, url in _action_urls(drafts["alice"].id):
        kwargs = {"data": form_data(version=1)} if method == "post" else {}
        response = getattr(client, method)(url, **kwargs)
        assert response.status_code == 403, url
    db.session.refresh(drafts["alice"])
    assert drafts["alice"].status == "draft"
    assert drafts["alice"].title == "Bản nháp của alice"


def test_reporter_list_shows_only_his_own(client, as_user, people, drafts):
    as_user(people["bob"])
    page = client.get("/quan-tri/bai-viet").get_data(as_text=True)
    assert "Bản nháp của bob" in page
    assert "Bản nháp của alice" not in page
    # The author filter cannot widen a reporter's list.
    page = client.get(f"/quan-tri/bai-viet?tac-gia={people['alice'].id}").get_data(as_text=True)
    assert "Bản nháp của alice" not in page


def test_missing_article_is_404(client, as_user, people):
    as_user(people["alice"])
    assert client.get("/quan-tri/bai-viet/9999/sua").status_code == 404
    assert client.post("/quan-tri/bai-viet/9999/xuat-ban").status_code == 404


def test_reporter_cannot_publish_his_own(client, as_user, people, drafts):
    as_user(people["alice"])
    article = drafts["alice"]
    assert client.post(f"/quan-tri/bai-viet/{article.id}/xuat-ban").status_code == 403
    # Not through the form's publish button either: the article stays a draft.
    client.post(
        f"/quan-tri/bai-viet/{article.id}/sua",
        data={
            "title": article.title,
            "category_id": article.category_id,
            "version": article.version,
            "action": "publish",
            "published_at": "2020-01-01T08:00",
            "is_featured": "y",
        },
    )
    db.session.refresh(article)
    assert article.status == "draft"
    assert article.published_at is None
    assert article.is_featured is False
    # Nor approve or send back.
    assert (
        client.post(f"/quan-tri/bai-viet/{article.id}/tra-lai", data={"note": "x"}).status_code
        == 403
    )
    assert client.get("/quan-tri/duyet-bai").status_code == 403


def test_reporter_cannot_publish_via_submit_then_publish(client, as_user, people, drafts):
    as_user(people["alice"])
    article = drafts["alice"]
    assert client.post(f"/quan-tri/bai-viet/{article.id}/gui-duyet").status_code == 302
    db.session.refresh(article)
    assert article.status == "pending"
    assert client.post(f"/quan-tri/bai-viet/{article.id}/xuat-ban").status_code == 403
    db.session.refresh(article)
    assert article.status == "pending"


@pytest.mark.parametrize("role", ["editor", "admin"])
def test_editor_and_admin_may_work_on_any_article(client, as_user, people, drafts, role):
    as_user(people[role])
    article = drafts["alice"]
    assert client.get(f"/quan-tri/bai-viet/{article.id}/sua").status_code == 200
    page = client.get("/quan-tri/bai-viet").get_data(as_text=True)
    assert "Bản nháp của alice" in page and "Bản nháp của bob" in page
    assert client.post(f"/quan-tri/bai-viet/{article.id}/xuat-ban").status_code == 302
    db.session.refresh(article)
    assert article.status == "published"
    assert article.published_at <= utcnow()


def test_reporter_cannot_unpublish_or_trash_a_published_article(
    client, as_user, people, make_article, category
):
    article = make_article(author_id=people["alice"].id, category=category)
    as_user(people["alice"])
    assert client.post(f"/quan-tri/bai-viet/{article.id}/go").status_code == 403
    assert client.post(f"/quan-tri/bai-viet/{article.id}/xoa").status_code == 403
    db.session.refresh(article)
    assert article.status == "published"


def test_preview_is_staff_only(client, as_user, people, make_article, category):
    article = make_article(
        author_id=people["alice"].id,
        status="draft",
        published_at=utcnow() + timedelta(days=1),
        category=category,
        title="Bài chưa đăng",
    )
    assert client.get(f"/bai-viet/{article.id}-{article.slug}").status_code == 404
    assert client.get(f"/quan-tri/bai-viet/{article.id}/xem-truoc").status_code == 302
    as_user(people["bob"])
    assert client.get(f"/quan-tri/bai-viet/{article.id}/xem-truoc").status_code == 403
    as_user(people["alice"])
    response = client.get(f"/quan-tri/bai-viet/{article.id}/xem-truoc")
    assert response.status_code == 200
    assert "Bài chưa đăng" in response.get_data(as_text=True)
    assert db.session.get(Article, article.id).status == "draft"
