"""Every editor page answers for each role (a first pass before the detailed tests)."""

import pytest

from cms.content.models import Article
from cms.editor import views
from cms.extensions import db


@pytest.mark.parametrize("role", ["reporter", "editor", "admin"])
def test_pages_render(client, login_as, category, form_data, role):
    login_as(client, role)
    for path in [
        "/quan-tri/",
        "/quan-tri/bai-viet",
        "/quan-tri/bai-viet/moi",
        "/quan-tri/thu-vien-anh",
    ]:
        response = client.get(path)
        assert response.status_code == 200, path
    response = client.post("/quan-tri/bai-viet/moi", data=form_data())
    assert response.status_code == 302
    article = db.session.execute(db.select(Article)).scalar_one()
    for path in [
        f"/quan-tri/bai-viet/{article.id}/sua",
        f"/quan-tri/bai-viet/{article.id}/xem-truoc",
        f"/quan-tri/bai-viet/{article.id}/phien-ban",
    ]:
        assert client.get(path).status_code == 200, path


def test_form_works_without_the_editor_assets(client, login_as, category, monkeypatch):
    monkeypatch.setattr(views, "rich_editor_ready", lambda: False)
    login_as(client, "reporter")
    page = client.get("/quan-tri/bai-viet/moi").get_data(as_text=True)
    assert "vendor/quill" not in page
    assert '<textarea aria-labelledby="body-label" class="body-source"' in page
    assert 'name="csrf_token"' in page or "csrf_token" in page


def test_form_loads_the_editor_assets_when_installed(client, login_as, category, monkeypatch):
    monkeypatch.setattr(views, "rich_editor_ready", lambda: True)
    login_as(client, "reporter")
    page = client.get("/quan-tri/bai-viet/moi").get_data(as_text=True)
    assert "/static/vendor/quill/quill.js" in page and "/static/js/editor.js" in page
