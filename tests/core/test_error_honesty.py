"""The error page says the user's data was kept only when it was.

A page that was only read says nothing about data; a form whose request committed
nothing (its transaction rolled back) says it was not saved and that the typed text is on
the previous page; a request that committed something before failing says part of it may
have been saved. The same for JSON clients and for errors after the view.
"""

import pytest
from sqlalchemy import select

from cms.content.models import Category
from cms.extensions import db

JSON = {"Accept": "application/json"}
KEPT = "Dữ liệu của bạn không bị mất"
NOT_SAVED = "Thao tác của bạn chưa được lưu"
MAYBE_SAVED = "Một phần thao tác có thể đã được lưu"


@pytest.fixture
def failing_app(make_app):
    """An app with routes that fail: on a read, on a write before and after a commit."""
    app = make_app(PROPAGATE_EXCEPTIONS=False)

    @app.route("/test-fail", methods=["GET", "POST"])
    def fail():
        db.session.add(Category(name="Chưa lưu", slug="chua-luu", position=9))
        db.session.flush()
        raise RuntimeError("a bug")

    @app.post("/test-fail-after-commit")
    def fail_after_commit():
        db.session.add(Category(name="Đã lưu", slug="da-luu", position=8))
        db.session.commit()
        raise RuntimeError("a bug after the commit")

    @app.get("/test-fail-after-request")
    def fine():
        return "ok"

    @app.after_request
    def broken_hook(response):
        if response.get_data() == b"ok":
            raise RuntimeError("a bug in an after_request hook")
        return response

    return app


def _slugs(app) -> set[str]:
    """The category slugs in the database."""
    with app.app_context():
        return set(db.session.scalars(select(Category.slug)))


def test_a_failed_read_says_nothing_about_data(failing_app):
    response = failing_app.test_client().get("/test-fail")
    assert response.status_code == 500 and response.headers["Cache-Control"] == "no-store"
    page = response.get_data(as_text=True)
    assert "Đã có lỗi xảy ra" in page and response.headers["X-Request-ID"] in page
    assert KEPT not in page and NOT_SAVED not in page and MAYBE_SAVED not in page


def test_a_failed_write_that_committed_nothing_says_it_was_not_saved(failing_app):
    client = failing_app.test_client()
    page = client.post("/test-fail", data={"text": "Đã gõ"}).get_data(as_text=True)
    assert NOT_SAVED in page and "vẫn còn" in page and KEPT not in page
    api = client.post("/test-fail", headers=JSON)
    assert api.status_code == 500 and NOT_SAVED in api.json["message"]
    assert "chua-luu" not in _slugs(failing_app)  # true: it was rolled back


def test_a_failed_write_after_a_commit_says_part_may_be_saved(failing_app):
    response = failing_app.test_client().post("/test-fail-after-commit")
    page = response.get_data(as_text=True)
    assert response.status_code == 500
    assert MAYBE_SAVED in page and NOT_SAVED not in page and KEPT not in page
    assert "da-luu" in _slugs(failing_app)  # true: it was committed


def test_an_error_after_the_view_is_a_500_page_not_a_bad_request(failing_app):
    response = failing_app.test_client().get("/test-fail-after-request")
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "Đã có lỗi xảy ra" in page and "Yêu cầu không hợp lệ" not in page
