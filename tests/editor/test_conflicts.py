"""Edit conflicts: a stale save is refused and the typed text stays; autosave checks too."""

import re

from sqlalchemy import func, select

from cms.content.models import Article, ArticleRevision
from cms.extensions import db


def _draft(make_article, people, category, **overrides):
    values = {
        "author_id": people["alice"].id,
        "status": "draft",
        "published_at": None,
        "category": category,
        "title": "Bản nháp chung",
    }
    values.update(overrides)
    return make_article(**values)


def test_stale_save_is_refused_and_text_kept(
    client, as_user, people, make_article, category, form_data
):
    article = _draft(make_article, people, category)
    as_user(people["editor"])
    first = client.post(
        f"/quan-tri/bai-viet/{article.id}/sua",
        data=form_data(title="Sửa của biên tập viên", version=1),
    )
    assert first.status_code == 302
    as_user(people["alice"])
    second = client.post(
        f"/quan-tri/bai-viet/{article.id}/sua",
        data=form_data(
            title="Sửa của phóng viên", body="<p>Đoạn văn tôi vừa gõ rất dài.</p>", version=1
        ),
    )
    assert second.status_code == 409
    page = second.get_data(as_text=True)
    assert "Chưa lưu: bài viết vừa được người khác sửa" in page
    assert 'value="Sửa của phóng viên"' in page
    assert "Đoạn văn tôi vừa gõ rất dài." in page
    # The form now carries the current version: saving again is a deliberate choice.
    assert re.search(r'name="version"[^>]*value="2"', page) or re.search(
        r'value="2"[^>]*name="version"', page
    )
    db.session.refresh(article)
    assert article.title == "Sửa của biên tập viên" and article.version == 2


def test_same_version_twice_only_one_wins(
    client, as_user, people, make_article, category, form_data
):
    article = _draft(make_article, people, category)
    as_user(people["alice"])
    codes = [
        client.post(
            f"/quan-tri/bai-viet/{article.id}/sua", data=form_data(title=f"Lần {n}", version=1)
        ).status_code
        for n in range(3)
    ]
    assert codes == [302, 409, 409]
    db.session.refresh(article)
    assert article.title == "Lần 0"


def test_autosave_saves_draft_and_checks_version(client, as_user, people, make_article, category):
    article = _draft(make_article, people, category)
    as_user(people["alice"])
    url = f"/quan-tri/bai-viet/{article.id}/tu-luu"
    payload = {
        "title": "Tự lưu lần 1",
        "category_id": category.id,
        "body": "<p>a</p>",
        "version": 1,
    }
    response = client.post(url, json=payload)
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["version"] == 2
    response = client.post(url, json={**payload, "title": "Tự lưu lần 2", "version": 2})
    assert response.status_code == 200
    db.session.refresh(article)
    assert article.title == "Tự lưu lần 2" and article.status == "draft"
    # Successive autosaves share one revision.
    kinds = db.session.execute(
        select(ArticleRevision.kind).where(ArticleRevision.article_id == article.id)
    ).scalars()
    assert list(kinds) == ["autosave"]
    stale = client.post(url, json={**payload, "title": "Cũ", "version": 1})
    assert stale.status_code == 409
    assert stale.get_json()["conflict"] is True
    db.session.refresh(article)
    assert article.title == "Tự lưu lần 2"


def test_autosave_of_a_new_article_creates_the_draft(client, as_user, people, category):
    as_user(people["alice"])
    response = client.post(
        "/quan-tri/bai-viet/tu-luu",
        json={"title": "Bài mới tự lưu", "category_id": category.id, "body": "<p>x</p>"},
    )
    assert response.status_code == 201
    data = response.get_json()
    article = db.session.get(Article, data["id"])
    assert article.status == "draft" and article.author_id == people["alice"].id
    assert data["edit_url"].endswith(f"/quan-tri/bai-viet/{article.id}/sua")


def test_autosave_rejects_bad_input(client, as_user, people, make_article, category):
    article = _draft(make_article, people, category)
    as_user(people["alice"])
    url = f"/quan-tri/bai-viet/{article.id}/tu-luu"
    assert client.post(url, data="not json", content_type="application/json").status_code == 400
    assert client.post(url, json=["a"]).status_code == 400
    response = client.post(url, json={"title": "", "category_id": category.id, "version": 1})
    assert response.status_code == 400 and response.get_json()["ok"] is False
    # Only drafts autosave.
    published = make_article(author_id=people["alice"].id, category=category)
    response = client.post(
        f"/quan-tri/bai-viet/{published.id}/tu-luu",
        json={"title": "x", "category_id": category.id, "version": 1},
    )
    assert response.status_code == 409


def test_autosave_needs_the_csrf_header(make_app, make_user, make_category, login_as):
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        category = make_category()
        user = make_user("carol", "reporter")
        client = app.test_client()
        login_as(client, user=user)
        payload = {"title": "Bài", "category_id": category.id}
        assert client.post("/quan-tri/bai-viet/tu-luu", json=payload).status_code == 400
        foreign = client.post(
            "/quan-tri/bai-viet/tu-luu", json=payload, headers={"X-CSRFToken": "forged"}
        )
        assert foreign.status_code == 400
        page = client.get("/quan-tri/bai-viet/moi").get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        response = client.post(
            "/quan-tri/bai-viet/tu-luu", json=payload, headers={"X-CSRFToken": token}
        )
        assert response.status_code == 201
        assert db.session.execute(select(func.count()).select_from(Article)).scalar_one() == 1
