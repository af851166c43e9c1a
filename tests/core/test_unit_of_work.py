"""One unit of work per request and per CLI command: an action and its audit entry are
saved together or not at all; nothing commits work it did not start."""

from datetime import timedelta

import pytest
from flask import flash, has_request_context, redirect, request
from sqlalchemy import event, func, select, text, update
from sqlalchemy.orm import Session

from cms.audit.models import AuditEntry
from cms.content.models import Article, Category
from cms.core.database import write_transaction
from cms.core.formatting import utcnow
from cms.extensions import db
from cms.settings.models import SiteSettings
from cms.users.models import User
from cms.users.services import find_user
from tests.auth.auth_helpers import fast_argon2
from tests.conftest import BACKEND, TEST_PASSWORD

__all__ = ["fast_argon2"]  # autouse fixture

GOOD = "Mật-khẩu-dòng-lệnh-2025"
SETTINGS_FORM = {
    "portal_name": "Cổng thông tin điện tử thị xã Hòa Bình",
    "agency_links": "",
    "visits_offset": "0",
}


@pytest.fixture
def app(make_app):
    """An app whose unexpected errors become error pages, as in production."""
    app = make_app(PROPAGATE_EXCEPTIONS=False, STATS_ENABLED=False)
    with app.app_context():
        yield app


@pytest.fixture
def audit_refused(app):
    """Make the database refuse every audit row, as a full disk or a broken table would.

    On PostgreSQL the refusal is a deferred constraint trigger, so it fires at COMMIT
    (the failure comes from the commit itself); on SQLite a trigger refuses the INSERT.
    """
    if BACKEND == "postgres":
        create = [
            "CREATE FUNCTION refuse_audit() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'audit log refused'; END $$",
            "CREATE CONSTRAINT TRIGGER refuse_audit AFTER INSERT ON audit_entry "
            "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION refuse_audit()",
        ]
        drop = ["DROP TRIGGER refuse_audit ON audit_entry", "DROP FUNCTION refuse_audit()"]
    else:
        create = [
            "CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_entry "
            "BEGIN SELECT RAISE(ABORT, 'audit log refused'); END"
        ]
        drop = ["DROP TRIGGER refuse_audit"]
    for statement in create:
        db.session.execute(text(statement))
    db.session.commit()
    yield
    db.session.rollback()
    for statement in drop:
        db.session.execute(text(statement))
    db.session.commit()


def _audit_count() -> int:
    db.session.rollback()  # a fresh snapshot
    return db.session.execute(select(func.count()).select_from(AuditEntry)).scalar_one()


def _assert_refused(response) -> None:
    """An error page, not the redirect or page that would claim success."""
    assert response.status_code == 500, response.status_code
    assert "location" not in response.headers


# --- an action whose audit entry fails leaves no change ----------------------------------


def test_publish_whose_audit_fails_is_not_published(
    app, client, login_as, make_article, audit_refused
):
    article = make_article(title="Bài chờ xuất bản", status="pending", published_at=None)
    login_as(client, "editor")
    _assert_refused(client.post(f"/quan-tri/bai-viet/{article.id}/xuat-ban", data={}))
    db.session.rollback()
    assert db.session.get(Article, article.id).status == "pending"
    assert "Bài chờ xuất bản" not in client.get("/").text
    assert _audit_count() == 0


def test_unpublish_whose_audit_fails_stays_online(
    app, client, login_as, make_article, audit_refused
):
    article = make_article(title="Bài đang đăng")
    login_as(client, "editor")
    _assert_refused(client.post(f"/quan-tri/bai-viet/{article.id}/go"))
    db.session.rollback()
    assert db.session.get(Article, article.id).status == "published"
    assert "Bài đang đăng" in client.get("/").text
    assert _audit_count() == 0


def test_user_created_only_with_its_audit_entry(app, client, login_as, audit_refused):
    login_as(client, "admin")
    response = client.post(
        "/quan-tri/he-thong/nguoi-dung/tao",
        data={"username": "phongvien-moi", "full_name": "Trần Thị Mai", "role": "reporter"},
    )
    _assert_refused(response)
    assert find_user("phongvien-moi") is None
    assert _audit_count() == 0


def test_settings_saved_only_with_their_audit_entry(app, client, login_as, audit_refused):
    db.session.add(SiteSettings(id=1, portal_name="Cổng cũ"))
    db.session.commit()
    login_as(client, "admin")
    _assert_refused(client.post("/quan-tri/he-thong/cai-dat", data=SETTINGS_FORM))
    db.session.rollback()
    assert db.session.get(SiteSettings, 1).portal_name == "Cổng cũ"
    assert "Cổng cũ" in client.get("/").text
    assert _audit_count() == 0


def test_the_same_actions_save_with_their_audit_entry(app, client, login_as, make_article):
    """The control: without the refusal each action is saved, with exactly its entry."""
    article = make_article(title="Bài chờ xuất bản", status="pending", published_at=None)
    login_as(client, "admin")
    assert client.post(f"/quan-tri/bai-viet/{article.id}/xuat-ban", data={}).status_code == 302
    assert client.post(f"/quan-tri/bai-viet/{article.id}/go").status_code == 302
    client.post(
        "/quan-tri/he-thong/nguoi-dung/tao",
        data={"username": "phongvien-moi", "full_name": "Trần Thị Mai", "role": "reporter"},
    )
    assert client.post("/quan-tri/he-thong/cai-dat", data=SETTINGS_FORM).status_code == 303
    db.session.rollback()
    actions = db.session.execute(select(AuditEntry.action).order_by(AuditEntry.id)).scalars()
    assert list(actions) == [
        "article.publish",
        "article.unpublish",
        "user.create",
        "settings.update",
    ]
    assert find_user("phongvien-moi") is not None


# --- the edge: commit after success, roll back after failure -----------------------------


def _category_route(app, status: int):
    """A POST route that adds a category, flashes "done" and answers with ``status``."""

    @app.post(f"/_test/category/{status}")
    def add_category():
        db.session.add(Category(name=f"Mục {status}", slug=f"muc-{status}", position=1))
        flash("Đã thêm chuyên mục.", "success")
        if status == 303:
            return redirect("/", 303)
        return "answered", status


def _category_names() -> list[str]:
    db.session.rollback()
    return list(db.session.execute(select(Category.name)).scalars())


@pytest.mark.parametrize(
    ("status", "saved"), [(303, True), (200, True), (400, False), (409, False)]
)
def test_a_route_added_later_is_one_unit_of_work_too(app, status, saved):
    _category_route(app, status)
    assert app.test_client().post(f"/_test/category/{status}").status_code == status
    assert _category_names() == ([f"Mục {status}"] if saved else [])


def test_a_view_that_raises_saves_nothing(app):
    @app.post("/_test/raises")
    def raises():
        db.session.add(Category(name="Nửa chừng", slug="nua-chung", position=1))
        db.session.flush()
        raise RuntimeError("a bug after the first write")

    assert app.test_client().post("/_test/raises").status_code == 500
    assert _category_names() == []


def test_a_failed_commit_is_an_error_and_its_flash_is_dropped(app):
    _category_route(app, 303)

    def refuse(_session):
        if has_request_context():  # the test's own session commits before each request
            raise RuntimeError("the disk is full")

    client = app.test_client()
    event.listen(Session, "before_commit", refuse)
    try:
        response = client.post("/_test/category/303")
    finally:
        event.remove(Session, "before_commit", refuse)
    _assert_refused(response)
    assert _category_names() == []
    with client.session_transaction() as cookie:
        assert "_flashes" not in cookie  # no "done" message waits for the next page


def test_a_page_that_only_reads_commits_nothing(app, client, make_article):
    """(An article page commits its view count, a unit of its own: not looked at here.)"""
    slug = db.session.get(Category, make_article().category_id).slug
    commits = []

    def note_commit(_conn):
        if has_request_context():  # the test's own session commits before each request
            commits.append(request.path)

    event.listen(db.engine, "commit", note_commit)
    try:
        for url in ("/", f"/chuyen-muc/{slug}", "/tim-kiem?q=bai"):
            assert client.get(url).status_code == 200, url
    finally:
        event.remove(db.engine, "commit", note_commit)
    assert commits == []


# --- write_transaction() commits only what it started ------------------------------------


def test_write_transaction_refuses_work_it_did_not_start(app):
    with app.test_request_context("/", method="POST"):
        db.session.add(Category(name="Của người khác", slug="cua-nguoi-khac", position=1))
        with pytest.raises(RuntimeError), write_transaction():
            pass
        db.session.rollback()
        # A statement run through the session writes without a flush: refused too.
        db.session.execute(update(Article).values(view_count=Article.view_count + 1))
        with pytest.raises(RuntimeError), write_transaction():
            pass
        db.session.rollback()
    assert _category_names() == []


def test_write_transaction_after_a_read_commits_its_own_block(app):
    with app.test_request_context("/", method="POST"):
        db.session.execute(select(func.count()).select_from(Category)).scalar_one()
        with write_transaction() as session:
            session.add(Category(name="Riêng", slug="rieng", position=1))
    assert _category_names() == ["Riêng"]


def test_the_view_count_flush_in_teardown_never_commits_a_failed_request(app, make_article):
    """A teardown hook finds the session clean: the request's leftovers are rolled back."""
    article = make_article()

    @app.get("/_test/leftover")
    def leftover():
        db.session.add(Category(name="Bỏ dở", slug="bo-do", position=1))
        raise RuntimeError("failed after a change")

    client = app.test_client()
    assert client.get(f"/bai-viet/{article.id}-{article.slug}").status_code == 200
    assert client.get("/_test/leftover").status_code == 500
    assert "Bỏ dở" not in _category_names()
    db.session.rollback()
    assert db.session.get(Article, article.id).view_count == 1  # the flush still wrote


# --- a CLI command is one audited unit of work -------------------------------------------


def _users(runner, *args, input=None):
    return runner.invoke(args=["users", *args], input=input)


def _entries() -> list[tuple[str, str, int | None]]:
    db.session.rollback()
    rows = db.session.execute(
        select(AuditEntry.action, AuditEntry.actor_name, AuditEntry.actor_id).order_by(
            AuditEntry.id
        )
    )
    return [tuple(row) for row in rows]


def test_cli_users_commands_are_audited(app, make_user):
    runner = app.test_cli_runner()
    assert _users(runner, "ensure-admin").exit_code == 0
    create = _users(
        runner, "create", "phongvien1", "--role", "reporter", "--password-stdin", input=GOOD + "\n"
    )
    assert create.exit_code == 0, create.output
    reset = _users(runner, "set-password", "phongvien1", "--password-stdin", input=GOOD + "!\n")
    assert reset.exit_code == 0, reset.output
    assert _users(runner, "deactivate", "phongvien1").exit_code == 0
    entries = _entries()
    assert [action for action, _name, _id in entries] == [
        "user.create",
        "user.create",
        "user.password_reset",
        "user.deactivate",
    ]
    assert all(name.startswith("cli") and actor_id is None for _a, name, actor_id in entries)
    assert not find_user("phongvien1").is_active


def test_cli_command_whose_audit_fails_changes_nothing(app, make_user, audit_refused):
    make_user("bientap", "editor")
    runner = app.test_cli_runner()
    create = _users(
        runner, "create", "phongvien1", "--role", "reporter", "--password-stdin", input=GOOD + "\n"
    )
    assert create.exit_code == 1
    assert find_user("phongvien1") is None
    errors = [line for line in create.output.splitlines() if line.startswith("Error")]
    assert len(errors) == 1 and "nothing was changed" in errors[0], create.output
    assert "Traceback" not in create.output
    deactivate = _users(runner, "deactivate", "bientap")
    assert deactivate.exit_code == 1
    db.session.rollback()
    assert find_user("bientap").is_active
    assert db.session.execute(select(func.count()).select_from(User)).scalar_one() == 1


def test_cli_refusal_is_one_line_and_rolls_back(app, make_user):
    make_user("bientap", "editor")
    result = _users(
        app.test_cli_runner(),
        "create",
        "BIENTAP",
        "--role",
        "editor",
        "--password-stdin",
        input=GOOD + "\n",
    )
    assert result.exit_code == 1
    assert result.output.strip().count("\n") == 0 and result.output.startswith("Error: ")
    assert _entries() == []


# --- deliberate separate units stay separate ---------------------------------------------


def test_a_refused_login_is_audited_although_the_answer_is_an_error(app, client, make_user):
    make_user("bientap", "editor")
    response = client.post("/dang-nhap", data={"username": "bientap", "password": "sai-roi"})
    assert response.status_code == 401
    assert [action for action, _n, _i in _entries()] == ["login.failed"]
    response = client.post("/dang-nhap", data={"username": "bientap", "password": TEST_PASSWORD})
    assert response.status_code == 303
    db.session.rollback()
    user = find_user("bientap")
    assert user.last_login_at is not None and user.last_login_at > utcnow() - timedelta(minutes=1)
    assert [action for action, _n, _i in _entries()] == ["login.failed", "login"]
