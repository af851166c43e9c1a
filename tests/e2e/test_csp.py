"""The Content-Security-Policy in a real browser: public pages, the monitoring snippet and
the staff editor (Quill) run with no violation, and a script without the nonce is refused.

The ``new_page`` fixture fails any test whose pages log a CSP violation (so the poll's
results shown in place, tests/e2e/test_polls.py, are covered too); these tests also check
it in place, so the failure names the page.
"""

import pytest

from cms.extensions import db
from cms.settings.services import update_settings
from cms.users.models import User
from cms.users.passwords import hash_password
from tests.conftest import TEST_PASSWORD

SNIPPET = "<script>window.monitoringRuns = (window.monitoringRuns || 0) + 1;</script>"


def _inject_inline_script(page) -> None:
    """Add an inline script without the nonce, as an injection would."""
    page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "window.injected = true;";
            document.body.appendChild(script);
        }"""
    )


def test_public_pages_and_the_monitoring_snippet_run_under_the_policy(demo_content, page):
    with demo_content.app.app_context():
        update_settings(monitoring_snippet=SNIPPET)
        db.session.commit()  # services never commit: the caller's unit of work does
        db.session.remove()

    response = page.goto(demo_content("/"))
    policy = response.headers["content-security-policy"]
    assert "'unsafe-inline'" not in policy.split("script-src", 1)[1].split(";", 1)[0]
    # The administrator's inline script runs: the server gave it this request's nonce.
    assert page.evaluate("window.monitoringRuns") == 1
    page.locator("main .card-title a").first.click()
    page.wait_for_load_state()
    assert "/bai-viet/" in page.url
    assert page.evaluate("window.monitoringRuns") == 1
    page.locator(".textsize button[data-size=large]").click()
    page.locator("a.print-link").click()
    page.wait_for_load_state()
    page.goto(demo_content("/tim-kiem?q=l%E1%BB%85+h%E1%BB%99i"))
    page.goto(demo_content("/so-do-cong"))
    assert page.csp_violations == []

    # What an injection would add is refused (and reported), so the policy is in force.
    _inject_inline_script(page)
    page.wait_for_timeout(200)
    assert page.evaluate("window.injected") is None
    assert any("inline script" in v for v in page.csp_violations), page.csp_violations
    page.csp_violations.clear()


@pytest.fixture
def editor_server(make_live_server, editor_assets):
    """A live server with CSRF on and an editor account."""
    server = make_live_server(WTF_CSRF_ENABLED=True)
    with server.app.app_context():
        db.session.add(
            User(
                username="bientap",
                role="editor",
                full_name="Trần Thu Hà",
                password_hash=hash_password(TEST_PASSWORD),
            )
        )
        db.session.commit()
        db.session.remove()
    return server


def test_the_quill_editor_runs_under_the_policy(editor_server, page, log_in):
    server = editor_server
    log_in(page, server, "bientap")

    response = page.goto(server("/quan-tri/bai-viet/moi"))
    assert "content-security-policy" in response.headers
    editor = page.locator(".ql-editor")
    editor.click()
    page.keyboard.type("Sáng nay, ")
    page.keyboard.press("Control+b")
    page.keyboard.type("hơn 500 người dân")
    page.keyboard.press("Control+b")
    page.keyboard.press("Enter")
    page.click(".ql-toolbar button.ql-list[value=bullet]")
    page.keyboard.type("Thi nấu cơm")
    page.click(".ql-toolbar button.ql-image")
    page.wait_for_selector("#media-picker[open]")
    page.keyboard.press("Escape")
    assert "<strong>hơn 500 người dân</strong>" in editor.inner_html()
    assert page.csp_violations == []
