"""Revisions: every save keeps one (who, when); compare two; restore one."""

import re

from sqlalchemy import select

from cms.content.models import Article, ArticleRevision
from cms.extensions import db


def _revisions(article_id):
    return list(
        db.session.execute(
            select(ArticleRevision)
            .where(ArticleRevision.article_id == article_id)
            .order_by(ArticleRevision.id)
        ).scalars()
    )


def _write_three_versions(client, form_data):
    client.post("/quan-tri/bai-viet/moi", data=form_data(body="<p>Dòng một.</p><p>Dòng hai.</p>"))
    article = db.session.execute(select(Article)).scalar_one()
    client.post(
        f"/quan-tri/bai-viet/{article.id}/sua",
        data=form_data(body="<p>Dòng một.</p><p>Dòng hai đã sửa.</p>", version=1),
    )
    client.post(
        f"/quan-tri/bai-viet/{article.id}/sua",
        data=form_data(
            title="Tiêu đề mới",
            body="<p>Dòng một.</p><p>Dòng hai đã sửa.</p>"
            '<p><a href="https://x.vn">Liên kết</a></p>',
            version=2,
        ),
    )
    db.session.refresh(article)
    return article


def test_every_save_keeps_a_revision_with_who_and_when(client, as_user, people, form_data):
    as_user(people["alice"])
    article = _write_three_versions(client, form_data)
    revisions = _revisions(article.id)
    assert [r.article_version for r in revisions] == [1, 2, 3]
    assert all(r.author_id == people["alice"].id and r.created_at for r in revisions)
    page = client.get(f"/quan-tri/bai-viet/{article.id}/phien-ban").get_data(as_text=True)
    assert page.count("<td>Nguyễn Thị Alice</td>") == 3


def test_compare_two_revisions(client, as_user, people, form_data):
    as_user(people["alice"])
    article = _write_three_versions(client, form_data)
    first, _second, third = _revisions(article.id)
    response = client.get(f"/quan-tri/bai-viet/{article.id}/so-sanh?tu={first.id}&den={third.id}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "<del>Dòng hai.</del>" in page
    assert "<ins>Dòng hai đã sửa.</ins>" in page
    assert "<ins>Liên kết (https://x.vn)</ins>" in page
    assert "<ins>Tiêu đề mới</ins>" in page
    assert (
        client.get(f"/quan-tri/bai-viet/{article.id}/so-sanh?tu={first.id}&den=999").status_code
        == 404
    )


def test_compare_needs_revisions_of_the_same_article(client, as_user, people, form_data):
    as_user(people["alice"])
    article = _write_three_versions(client, form_data)
    client.post("/quan-tri/bai-viet/moi", data=form_data(title="Bài khác"))
    other = _revisions(article.id + 1)[0]
    first = _revisions(article.id)[0]
    url = f"/quan-tri/bai-viet/{article.id}/so-sanh?tu={first.id}&den={other.id}"
    assert client.get(url).status_code == 404


def test_restore_a_revision(client, as_user, people, form_data):
    as_user(people["alice"])
    article = _write_three_versions(client, form_data)
    first = _revisions(article.id)[0]
    response = client.post(
        f"/quan-tri/bai-viet/{article.id}/phien-ban/{first.id}/khoi-phuc", data={"version": 3}
    )
    assert response.status_code == 302
    db.session.refresh(article)
    assert article.body == "<p>Dòng một.</p><p>Dòng hai.</p>"
    assert article.title == "Thị xã ra quân dọn vệ sinh môi trường"
    assert article.version == 4
    assert _revisions(article.id)[-1].kind == "restore"
    # Restoring from a stale page is refused.
    response = client.post(
        f"/quan-tri/bai-viet/{article.id}/phien-ban/{first.id}/khoi-phuc", data={"version": 3}
    )
    assert response.status_code == 302
    db.session.refresh(article)
    assert article.version == 4
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "chưa khôi phục" in page


def test_restore_by_reporter_on_published_article_is_pending(
    client, as_user, people, make_article, category, form_data
):
    article = make_article(author_id=people["alice"].id, category=category, title="Bản 1")
    as_user(people["editor"])
    client.post(f"/quan-tri/bai-viet/{article.id}/sua", data=form_data(title="Bản 2", version=1))
    as_user(people["alice"])
    # make_article did not create a revision; the editor's save made the first one.
    page = client.get(f"/quan-tri/bai-viet/{article.id}/phien-ban").get_data(as_text=True)
    assert "Bản 2" in page
    revision = _revisions(article.id)[0]
    db.session.refresh(article)
    client.post(
        f"/quan-tri/bai-viet/{article.id}/phien-ban/{revision.id}/khoi-phuc",
        data={"version": article.version},
    )
    db.session.refresh(article)
    assert article.pending_revision_id is not None and article.title == "Bản 2"
    assert re.search("Bản 2", client.get("/").get_data(as_text=True))
