"""Fixtures of the editor tests: people of each role, a category, article form data."""

import pytest

from tests.auth.auth_helpers import fast_argon2

__all__ = ["fast_argon2"]  # autouse: these tests create many accounts


@pytest.fixture
def category(make_category):
    """The category articles are written in."""
    return make_category(name="Tin tức – Sự kiện")


@pytest.fixture
def people(make_user):
    """Two reporters, an editor and an admin."""
    return {
        "alice": make_user("alice", "reporter", full_name="Nguyễn Thị Alice"),
        "bob": make_user("bob", "reporter", full_name="Trần Văn Bob"),
        "editor": make_user("bien-tap", "editor", full_name="Lê Biên Tập"),
        "admin": make_user("quan-tri", "admin"),
    }


@pytest.fixture
def form_data(category):
    """Factory: the article form's fields, with overrides."""

    def factory(**overrides):
        data = {
            "title": "Thị xã ra quân dọn vệ sinh môi trường",
            "slug": "",
            "category_id": str(category.id),
            "summary": "Hàng trăm người dân tham gia.",
            "body": "<p>Sáng nay, <strong>hàng trăm</strong> người dân đã tham gia.</p>",
            "image_url": "",
            "image_caption": "",
            "image_alt": "",
            "byline": "Minh Anh",
            "source": "",
            "published_at": "",
            "action": "save",
        }
        data.update({k: str(v) for k, v in overrides.items()})
        return data

    return factory


@pytest.fixture
def as_user(client, login_as):
    """Log the test client in as one of ``people``: ``as_user(people["alice"])``.

    Also the way to log out: ``as_user(None)``.
    """

    def login(user):
        if user is None:
            with client.session_transaction() as session:
                session.clear()
            return None
        login_as(client, user=user)
        return user

    return login
