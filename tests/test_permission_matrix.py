"""Every staff URL × {anonymous, reporter, editor, admin, deactivated}: redirect, 403 or allowed.

The routes are discovered from the app, so a staff route of a new blueprint fails this test
until someone decides who may use it. Anonymous and deactivated users are sent to the login
page and a role below the route's is refused with 403, for every method; an allowed role
gets the page (GET). What an allowed POST then does is tested with each feature.
"""

import pytest

from cms.polls.demo import seed_demo_poll

# The least role each staff endpoint needs ("reporter" = any staff member).
EDITOR_ONLY = {
    "editor.review_queue",
    "editor.article_publish",
    "editor.article_return",
    "editor.article_unpublish",
    "editor.revision_approve",
}
ROLES = ("reporter", "editor", "admin")
RANK = {role: n for n, role in enumerate(ROLES)}
SKIPPED = {"auth.logout"}  # ends the session itself; tested in tests/auth
# What an allowed GET answers when it is not a page of its own.
ALLOWED_GET = {
    "admin.index": 302,  # goes on to the user list
    "editor.revision_compare": 404,  # a factory-made article has no revisions to compare
}


def required(endpoint: str) -> str:
    """The least role an endpoint needs."""
    blueprint = endpoint.split(".", 1)[0]
    if blueprint == "admin" or endpoint == "polls.staff_reset":
        return "admin"
    if blueprint in ("polls", "stats") or endpoint in EDITOR_ONLY:
        return "editor"
    return "reporter"


def staff_rules(app):
    """(endpoint, method, rule) of every staff route."""
    found = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/quan-tri") and rule.endpoint not in ("auth.password_change",):
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            found.append((rule.endpoint, method, rule))
    return found


@pytest.fixture
def world(app, make_user, make_article, make_category):
    """One of everything the staff URLs name, the article written by the reporter."""
    reporter = make_user(username="phong-vien", role="reporter")
    category = make_category(name="Thông báo")
    article = make_article(title="Bài của phóng viên", author_id=reporter.id, category=category)
    poll = seed_demo_poll()
    return {
        "reporter": reporter,
        "ids": {
            "article_id": article.id,
            "category_id": category.id,
            "user_id": reporter.id,
            "poll_id": poll.id,
            "revision_id": 1,
        },
    }


def _url(rule, ids):
    return rule.build({name: ids[name] for name in rule.arguments}, append_unknown=False)[1]


def _who(request_role, client, login_as, world):
    if request_role == "anonymous":
        return
    if request_role == "deactivated":
        login_as(client, "admin", username="former-admin", is_active_account=False)
        return
    if request_role == "reporter":
        login_as(client, user=world["reporter"])
        return
    login_as(client, request_role)


@pytest.mark.parametrize("who", ["anonymous", "deactivated", *ROLES])
def test_permission_matrix(app, client, login_as, world, who):
    rules = staff_rules(app)
    unknown = [
        e
        for e, _, _ in rules
        if e.split(".")[0] not in ("admin", "auth", "editor", "polls", "stats")
    ]
    assert not unknown, f"decide who may use these: {unknown}"
    _who(who, client, login_as, world)
    problems = []
    for endpoint, method, rule in rules:
        if endpoint in SKIPPED:
            continue
        url = _url(rule, world["ids"])
        allowed = who in ROLES and RANK[who] >= RANK[required(endpoint)]
        if allowed and method != "GET":
            continue  # the action itself: tested with each feature
        response = client.open(url, method=method, headers={"Accept": "text/html"})
        location = response.headers.get("Location", "")
        if who in ("anonymous", "deactivated"):
            ok = response.status_code == 302 and "/dang-nhap" in location
        elif RANK[who] < RANK[required(endpoint)]:
            ok = response.status_code == 403
        elif method == "GET":
            ok = response.status_code == ALLOWED_GET.get(endpoint, 200)
        else:
            continue
        if not ok:
            problems.append(f"{who} {method} {url} -> {response.status_code} {location}")
    assert not problems, "\n".join(problems)
