"""``next`` after login goes only to a path on this site (cases after Django's own tests)."""

import pytest

from cms.core.redirects import safe_next
from tests.auth.auth_helpers import form_login

BAD_NEXT = [
    "http://example.com",
    "http:///example.com",
    "https://example.com",
    "ftp://example.com",
    "///example.com",
    "//example.com",
    "//evil.com/quan-tri/",
    "/\\evil.com",
    "\\\\evil.com",
    "\\/evil.com",
    "/\\/evil.com",
    "https:evil.com",
    "http:evil.com",
    " //evil.com",
    "\t//evil.com",
    "/ /evil.com ",
    "//evil.com\n",
    "\n//evil.com",
    "/\t/evil.com",
    "/\r/evil.com",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "evil.com",
    "quan-tri",
    "@evil.com",
    "http://portal.test@evil.com",
    "mailto:a@evil.com",
    "/" + "a" * 2100,
]

GOOD_NEXT = [
    "/",
    "/quan-tri/",
    "/quan-tri/tai-khoan/mat-khau",
    "/chuyen-muc/tin-tuc?trang=2",
    "/tim-kiem?q=h%E1%BB%8Dp+b%C3%A1o",
    "/view/?param=http://example.com",
    "/view/?param=https://example.com",
    "/view?param=ftp://example.com",
    "/view/?param=//example.com",
    "/url%20with%20spaces/",
    "/path#fragment",
]


@pytest.mark.parametrize("target", BAD_NEXT)
def test_bad_next_is_refused(target):
    assert safe_next(target) is None


@pytest.mark.parametrize("target", GOOD_NEXT)
def test_local_next_is_kept(target):
    assert safe_next(target) == target


def test_login_with_bad_next_goes_home(client, make_user):
    make_user("bientap", "editor")
    for target in BAD_NEXT:
        response = form_login(client, "bientap", next_url=target)
        assert response.status_code == 303, target
        assert response.headers["Location"] == "/quan-tri/", target


@pytest.mark.parametrize("target", ["//evil.com", "/\\evil.com", "javascript:alert(1)"])
def test_already_logged_in_with_bad_next_goes_home(client, login_as, target):
    login_as(client, "editor")
    response = client.get("/dang-nhap", query_string={"next": target})
    assert response.headers["Location"] == "/quan-tri/"


def test_login_page_keeps_next_in_the_form(client):
    page = client.get("/dang-nhap?next=/quan-tri/tai-khoan/mat-khau")
    assert 'value="/quan-tri/tai-khoan/mat-khau"' in page.text


def test_login_with_local_next(client, make_user):
    make_user("bientap", "editor")
    response = form_login(client, "bientap", next_url="/chuyen-muc/tin-tuc?trang=2")
    assert response.headers["Location"] == "/chuyen-muc/tin-tuc?trang=2"
