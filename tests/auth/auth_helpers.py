"""Helpers shared by the auth and admin tests: logging in through the form, cookies, CSRF."""

import re

import pytest
from argon2 import PasswordHasher

from cms.users import passwords
from tests.conftest import TEST_PASSWORD

HOST = "portal.test"  # SERVER_NAME of the test apps: cookies are host-only for it
_CSRF = re.compile(
    r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"'
)


def form_login(client, username, password=TEST_PASSWORD, remember=False, next_url="", **extra):
    """POST the login form (CSRF disabled apps) and return the response."""
    data = {"username": username, "password": password, "next": next_url, **extra}
    if remember:
        data["remember"] = "y"
    return client.post("/dang-nhap", data=data)


def csrf_from(html: str) -> str:
    """The first CSRF token in a page."""
    match = _CSRF.search(html)
    assert match, "no csrf_token in the page"
    return match.group(1) or match.group(2)


def cookies_of(client) -> dict:
    """The client's cookies for the test host, by name."""
    names = ("session", "remember_token")
    return {n: c.value for n in names if (c := client.get_cookie(n, domain=HOST)) is not None}


def replay(app, cookies: dict):
    """A fresh client carrying only the given cookies."""
    other = app.test_client()
    for name, value in cookies.items():
        other.set_cookie(name, value, domain=HOST)
    return other


def is_login_redirect(response) -> bool:
    """True when the response sends the browser to the login page."""
    return response.status_code in (302, 303) and "/dang-nhap" in response.headers["Location"]


@pytest.fixture(autouse=True)
def fast_argon2(monkeypatch):
    """Argon2id with tiny costs: these tests hash and verify hundreds of passwords."""
    monkeypatch.setattr(
        passwords, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    )
