"""The article life cycle through HTTP: draft, review, publish or schedule, send back,
unpublish, trash and restore; reporters' edits of published articles as pending revisions."""

from datetime import timedelta

from sqlalchemy import select

from cms.audit.models import AuditEntry
from cms.content.models import Article, ArticleRevision
from cms.core.formatting import to_local, utcnow
from cms.editor import services
from cms.editor.services import status_of
from cms.extensions import db


def _new_article(client, form_data, **overrides) -> Article:
    response = client.post("/quan-tri/bai-viet/moi", data=form_data(**overrides))
    assert response.status_code == 302, response.get_data(as_text=True)
    return db.session.execute(select(Article).order_by(Article.id.desc()).limit(1)).scalar_one()


def _local(value) -> str:
    return to_local(value).strftime("%Y-%m-%dT%H:%M:%S")


def _actions() -> list[str]:
    """The life-cycle actions of the audit log, oldest first (saves left out)."""
    rows = db.session.execute(select(AuditEntry.action).order_by(AuditEntry.id)).scalars()
    return [a for a in rows if a not in ("article.create", "article.update")]


def test_write_submit_send_back_resubmit_publish(client, as_user, people, form_data):
    as_user(people["alice"])
    article = _new_article(client, form_data)
    assert article.status == "draft" and article.author_id == people["alice"].id
    assert article.slug == "thi-xa-ra-quan-don-ve-sinh-moi-truong"
    response = client.post(
        f"/quan-tri/bai-viet/{article.id}/sua",
        data=form_data(version=article.version, action="submit"),
    )
    assert response.status_code == 302
    db.session.refresh(article)
    assert article.status == "pending"

    as_user(people["editor"])
    queue = client.get("/quan-tri/duyet-bai").get_data(as_text=True)
    assert article.title in queue
    assert '<span class="badge" aria-label="1">1</span>' in queue
    response = client.post(
        f"/quan-tri/bai-viet/{article.id}/tra-lai", data={"note": "Cần thêm ảnh và số liệu."}
    )
    assert response.status_code == 302
    db.session.refresh(article)
    assert article.status == "draft"
    assert article.review_note == "Cần thêm ảnh và số liệu."
    assert article.title not in client.get("/quan-tri/duyet-bai").get_data(as_text=True)

    as_user(people["alice"])
    dashboard = client.get("/quan-tri/").get_data(as_text=True)
    assert "Cần thêm ảnh và số liệu." in dashboard
    form_page = client.get(f"/quan-tri/bai-viet/{article.id}/sua").get_data(as_text=True)
    assert "Cần thêm ảnh và số liệu." in form_page
    client.post(
        f"/quan-tri/bai-viet/{article.id}/sua",
        data=form_data(version=article.version, action="submit", summary="Đã bổ sung số liệu."),
    )
    db.session.refresh(article)
    assert article.status == "pending" and article.review_note == ""

    as_user(people["editor"])
    response = client.post(f"/quan-tri/bai-viet/{article.id}/xuat-ban", data={"published_at": ""})
    assert response.status_code == 302
    db.session.refresh(article)
    assert article.status == "published" and article.is_public()
    assert article.title in client.get("/").get_data(as_text=True)
    assert _actions()[-4:] == [
        "article.submit",
        "article.return",
        "article.submit",
        "article.publish",
    ]


def test_note_is_required_to_send_back(client, as_user, people, form_data):
    as_user(people["alice"])
    article = _new_article(client, form_data, action="submit")
    as_user(people["editor"])
    client.post(f"/quan-tri/bai-viet/{article.id}/tra-lai", data={"note": "  "})
    db.session.refresh(article)
    assert article.status == "pending"


def test_scheduled_article_appears_only_after_its_time(client, as_user, people, form_data):
    as_user(people["editor"])
    ahead = utcnow() + timedelta(hours=2)
    article = _new_article(
        client,
        form_data,
        title="Thông báo lịch tiếp công dân",
        published_at=_local(ahead),
        action="publish",
    )
    assert status_of(article) == "scheduled"
    assert abs((article.published_at - ahead).total_seconds()) < 1
    assert "Thông báo lịch tiếp công dân" not in client.get("/").get_data(as_text=True)
    assert client.get(f"/bai-viet/{article.id}-{article.slug}").status_code == 404
    listing = client.get("/quan-tri/bai-viet?trang-thai=scheduled").get_data(as_text=True)
    assert "Thông báo lịch tiếp công dân" in listing
    assert _actions()[-1] == "article.schedule"
    # Its time comes: no job runs, the public query sees it.
    article.published_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert "Thông báo lịch tiếp công dân" in client.get("/").get_data(as_text=True)
    assert client.get(f"/bai-viet/{article.id}-{article.slug}").status_code == 200


def test_schedule_from_the_publish_button(client, as_user, people, form_data):
    as_user(people["alice"])
    article = _new_article(client, form_data, action="submit")
    as_user(people["editor"])
    ahead = utcnow() + timedelta(minutes=30)
    client.post(f"/quan-tri/bai-viet/{article.id}/xuat-ban", data={"published_at": _local(ahead)})
    db.session.refresh(article)
    assert status_of(article) == "scheduled"
    assert article.title not in client.get("/").get_data(as_text=True)


def test_unpublish_trash_restore(client, as_user, people, make_article, category):
    article = make_article(author_id=people["alice"].id, category=category, title="Bài sẽ gỡ")
    as_user(people["editor"])
    assert "Bài sẽ gỡ" in client.get("/").get_data(as_text=True)
    client.post(f"/quan-tri/bai-viet/{article.id}/go")
    db.session.refresh(article)
    assert article.status == "unpublished"
    assert "Bài sẽ gỡ" not in client.get("/").get_data(as_text=True)
    client.post(f"/quan-tri/bai-viet/{article.id}/xoa")
    db.session.refresh(article)
    assert article.status == "trash" and article.trashed_from == "unpublished"
    assert "Bài sẽ gỡ" not in client.get("/quan-tri/bai-viet").get_data(as_text=True)
    assert "Bài sẽ gỡ" in client.get("/quan-tri/bai-viet?trang-thai=trash").get_data(as_text=True)
    client.post(f"/quan-tri/bai-viet/{article.id}/khoi-phuc")
    db.session.refresh(article)
    assert article.status == "unpublished"
    assert _actions()[-3:] == ["article.unpublish", "article.trash", "article.restore"]


def test_reporter_trashes_and_restores_own_draft(client, as_user, people, form_data):
    as_user(people["alice"])
    article = _new_article(client, form_data)
    client.post(f"/quan-tri/bai-viet/{article.id}/xoa")
    db.session.refresh(article)
    assert article.status == "trash"
    client.post(f"/quan-tri/bai-viet/{article.id}/khoi-phuc")
    db.session.refresh(article)
    assert article.status == "draft"


def test_reporter_edit_of_published_article_waits_for_review(
    client, as_user, people, make_article, category, form_data
):
    article = make_article(
        author_id=people["alice"].id,
        category=category,
        title="Tiêu đề đang đăng",
        body="<p>Nội dung đang đăng.</p>",
    )
    url = f"/bai-viet/{article.id}-{article.slug}"
    as_user(people["alice"])
    response = client.post(
        f"/quan-tri/bai-viet/{article.id}/sua",
        data=form_data(
            title="Tiêu đề đã sửa",
            body="<p>Nội dung đã sửa.</p>",
            slug=article.slug,
            version=article.version,
        ),
    )
    assert response.status_code == 302
    db.session.refresh(article)
    assert article.pending_revision_id is not None
    assert article.title == "Tiêu đề đang đăng"
    public = client.get(url).get_data(as_text=True)
    assert "Nội dung đang đăng." in public and "Nội dung đã sửa." not in public
    # The reporter keeps working from his pending edit.
    assert "Tiêu đề đã sửa" in client.get(f"/quan-tri/bai-viet/{article.id}/sua").get_data(
        as_text=True
    )

    as_user(people["editor"])
    queue = client.get("/quan-tri/duyet-bai").get_data(as_text=True)
    assert "Bản sửa của bài đang đăng" in queue
    preview = client.get(
        f"/quan-tri/bai-viet/{article.id}/xem-truoc?phien-ban={article.pending_revision_id}"
    ).get_data(as_text=True)
    assert "Nội dung đã sửa." in preview
    client.post(f"/quan-tri/bai-viet/{article.id}/duyet-ban-sua")
    db.session.refresh(article)
    assert article.pending_revision_id is None
    assert article.title == "Tiêu đề đã sửa"
    assert "Nội dung đã sửa." in client.get(url).get_data(as_text=True)


def test_pending_revision_sent_back_keeps_published_text(
    client, as_user, people, make_article, category, form_data
):
    article = make_article(author_id=people["alice"].id, category=category, title="Bài gốc")
    as_user(people["alice"])
    client.post(
        f"/quan-tri/bai-viet/{article.id}/sua",
        data=form_data(title="Bài sửa sai", version=article.version),
    )
    db.session.refresh(article)
    revision_id = article.pending_revision_id
    as_user(people["editor"])
    client.post(f"/quan-tri/bai-viet/{article.id}/tra-lai", data={"note": "Sai tên đơn vị."})
    db.session.refresh(article)
    assert article.pending_revision_id is None
    assert article.title == "Bài gốc" and article.status == "published"
    assert db.session.get(ArticleRevision, revision_id).kind == "rejected"
    as_user(people["alice"])
    assert "Sai tên đơn vị." in client.get("/quan-tri/").get_data(as_text=True)


def test_editor_edit_of_published_article_applies_at_once(
    client, as_user, people, make_article, category, form_data
):
    article = make_article(author_id=people["alice"].id, category=category, title="Bài gốc")
    as_user(people["editor"])
    client.post(
        f"/quan-tri/bai-viet/{article.id}/sua",
        data=form_data(
            title="Bài đã biên tập",
            version=article.version,
            published_at=_local(article.published_at),
        ),
    )
    db.session.refresh(article)
    assert article.title == "Bài đã biên tập" and article.pending_revision_id is None
    assert "Bài đã biên tập" in client.get("/").get_data(as_text=True)


def test_body_is_sanitized_on_save(client, as_user, people, form_data):
    as_user(people["alice"])
    article = _new_article(
        client,
        form_data,
        body='<p onclick="alert(1)">Xin chào<script>alert(1)</script></p>'
        '<a href="javascript:alert(1)">x</a><img src="https://evil.example/a.png">',
    )
    assert "script" not in article.body and "onclick" not in article.body
    assert "javascript" not in article.body and "evil.example" not in article.body
    assert "Xin chào" in article.body


def test_invalid_form_keeps_text(client, as_user, people, form_data):
    as_user(people["alice"])
    response = client.post(
        "/quan-tri/bai-viet/moi",
        data=form_data(title="", body="<p>Đoạn văn quý giá chưa lưu</p>", slug="Sai Slug!"),
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Hãy nhập tiêu đề." in page
    assert "Đoạn văn quý giá chưa lưu" in page
    assert db.session.execute(select(Article)).first() is None


def test_review_badge_and_dashboard_for_editors(client, as_user, people, form_data):
    as_user(people["alice"])
    _new_article(client, form_data, title="Bài thứ nhất", action="submit")
    _new_article(client, form_data, title="Bài thứ hai", action="submit")
    page = client.get("/quan-tri/").get_data(as_text=True)
    assert "Duyệt bài" not in page  # reporters have no review link
    as_user(people["editor"])
    page = client.get("/quan-tri/").get_data(as_text=True)
    assert '<span class="badge" aria-label="2">2</span>' in page
    assert "Bài thứ nhất" in page and "Bài thứ hai" in page


def test_list_filters_and_pagination(
    client, as_user, people, make_article, category, make_category
):
    other = make_category(name="Kinh tế")
    for n in range(25):
        make_article(
            title=f"Tin kinh tế số {n}",
            category=other,
            author_id=people["bob"].id,
            status="draft",
            published_at=None,
        )
    make_article(
        title="Đường giao thông nông thôn", category=category, author_id=people["alice"].id
    )
    as_user(people["editor"])
    page1 = client.get(f"/quan-tri/bai-viet?chuyen-muc={other.id}").get_data(as_text=True)
    assert "26 bài viết" not in page1 and "25 bài viết" in page1
    assert 'rel="next"' in page1
    page2 = client.get(f"/quan-tri/bai-viet?chuyen-muc={other.id}&trang=2").get_data(as_text=True)
    assert page2.count("Tin kinh tế số") == 5
    assert client.get(f"/quan-tri/bai-viet?chuyen-muc={other.id}&trang=9").status_code == 404
    # Text search ignores diacritics through the slug.
    found = client.get("/quan-tri/bai-viet?q=duong+giao+thong").get_data(as_text=True)
    assert "Đường giao thông nông thôn" in found and "Tin kinh tế" not in found
    found = client.get("/quan-tri/bai-viet?q=Đường").get_data(as_text=True)
    assert "Đường giao thông nông thôn" in found
    by_author = client.get(f"/quan-tri/bai-viet?tac-gia={people['alice'].id}").get_data(
        as_text=True
    )
    assert "1 bài viết" in by_author
    drafts = client.get("/quan-tri/bai-viet?trang-thai=draft").get_data(as_text=True)
    assert "25 bài viết" in drafts
    assert client.get("/quan-tri/bai-viet?q=%25_").status_code == 200
    # LIKE wildcards in the text are matched as themselves, and not through the slug.
    make_article(title="Bài viết mẫu", category=category, author_id=people["editor"].id)
    found = client.get("/quan-tri/bai-viet?q=%25").get_data(as_text=True)
    assert "<p>0 bài viết</p>" in found


def test_article_awaiting_review_twice_is_counted_once(
    client, as_user, people, make_article, category, form_data
):
    # A reporter's pending edit of a published article; the editor takes the article
    # down; the reporter sends it for review: pending, with the old pending edit kept.
    article = make_article(author_id=people["alice"].id, category=category, title="Bài gốc")
    as_user(people["alice"])
    client.post(
        f"/quan-tri/bai-viet/{article.id}/sua",
        data=form_data(title="Bài sửa", version=article.version),
    )
    as_user(people["editor"])
    client.post(f"/quan-tri/bai-viet/{article.id}/go")
    as_user(people["alice"])
    client.post(f"/quan-tri/bai-viet/{article.id}/gui-duyet")
    db.session.refresh(article)
    assert article.status == "pending" and article.pending_revision_id is not None

    as_user(people["editor"])
    queue = client.get("/quan-tri/duyet-bai").get_data(as_text=True)
    assert queue.count(f'id="bai-{article.id}"') == 1
    assert '<span class="badge" aria-label="1">1</span>' in queue
    # Publishing from the queue goes back to the queue, where the reporter's older edit
    # of the now published article still waits.
    response = client.post(f"/quan-tri/bai-viet/{article.id}/xuat-ban", data={"from_queue": "1"})
    assert response.headers["Location"].endswith("/quan-tri/duyet-bai")
    queue = client.get("/quan-tri/duyet-bai").get_data(as_text=True)
    assert "Bản sửa của bài đang đăng" in queue and "Bài mới chờ duyệt" not in queue


def test_services_log_the_given_user(people, make_article, category):
    # Outside a request (a command, a job) there is no current_user: the audit log must
    # still name the person the service acted for.
    article = make_article(author_id=people["alice"].id, category=category, status="draft")
    services.submit(article, people["alice"])
    services.publish(article, people["editor"])
    rows = db.session.execute(
        select(AuditEntry.action, AuditEntry.actor_id).order_by(AuditEntry.id)
    ).all()
    assert [tuple(r) for r in rows] == [
        ("article.submit", people["alice"].id),
        ("article.publish", people["editor"].id),
    ]
