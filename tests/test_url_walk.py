"""Every URL rule, walked with hostile input as anonymous and as each role: never a 5xx,
never a Location that leaves the site.

The rules come from ``app.url_map`` and the form field names from the forms themselves, so
a new route or field is covered without editing this test. Every path argument gets hostile
values (huge, negative and non-ASCII numbers, NUL and other control characters, CR LF,
10 KB strings) while the others stay valid; the valid paths (including the ones that
redirect: an article without its slug, a renamed category's old slug) get hostile query
strings (view-argument names, ``_method``, ``_external``, off-site ``next``) and, for POST,
hostile form fields and malformed JSON. What is sent is sampled deterministically (the same
requests on every run) so that one database stays under a minute on two cores.
"""

import random
import re
from urllib.parse import quote, urlencode, urlsplit

import pytest
from wtforms import Form
from wtforms.fields import FieldList, FormField
from wtforms.fields.core import UnboundField

from cms.content.models import ArticleRevision, Category, SlugRedirect
from cms.extensions import db
from tests.conftest import add_poll

HOST = "portal.test"
ROLES = ("anonymous", "reporter", "editor", "admin")

HOSTILE_VALUES = [
    "-1",
    "0",
    str(2**31),
    str(2**31 - 1),
    str(2**63),
    "99999999999999999999",
    "1e9",
    " 1",
    "1_0",
    "٣",
    "３",
    "\x00",
    "a\x00b",
    "\x01\x0b\x0c\x7f",
    "\r\nLocation: x",
    "\t",
    "x" * 10240,
    "0001-01-01T00:00",
    "9999-12-31",
    "01/01/0001",
    "<script>alert(1)</script>",
    "../../etc/passwd",
    "//evil.example",
]
# Raw query strings (already URL-encoded), sent to every valid path.
HOSTILE_QUERIES = [
    "slug=x",
    "article_id=x",
    "endpoint=x",
    "_method=POST",
    "_external=1&_scheme=https",
    "_anchor=x",
    "category_id=1&poll_id=1&number=2",
    "next=/%09/evil.example",
    "next=%0D%0ALocation:%20x",
    "next=//evil.example",
    "next=/%5Cevil.example",
    "next=https://evil.example/",
    "trang=2",
    "trang=99999999999999999999",
    "trang=%D9%A3",
    "q=%00",
    "q=a%00b&trang=-1",
]
# Query parameters the views read, each also sent with every hostile value.
KNOWN_PARAMS = [
    "trang",
    "q",
    "next",
    "chuyen-muc",
    "tac-gia",
    "trang-thai",
    "phien-ban",
    "tu",
    "den",
    "user",
    "action",
    "since",
    "until",
    "chuyen_muc",
    "tu_ngay",
    "den_ngay",
    "sap_xep",
    "cam-on",
]
MALFORMED_JSON = [
    b"{",
    b"[]",
    b"null",
    b'"x"',
    b'{"title": 5, "version": "x"}',
    b'{"title": ["x"], "category_id": {"a": 1}}',
    b'{"title": "\\u0000", "body": "\\ud800"}',
    b'{"options": ["\xd9\xa3"]}',
    b'{"options": [99999999999999999999]}',
    b'{"version": 99999999999999999999, "title": "x", "category_id": 1}',
]
# Requests per (rule, method, role) for each kind of variation, sampled deterministically
# (a third of them where the role is not the rule's audience).
PATH_SAMPLE = 10
QUERY_SAMPLE = 8
FORM_SAMPLE = 5
JSON_SAMPLE = 3


def _form_classes() -> list[type]:
    """Every form class of the application, found through the WTForms base class."""
    seen: list[type] = []
    todo = list(Form.__subclasses__())
    while todo:
        cls = todo.pop()
        if cls not in seen:
            seen.append(cls)
            todo.extend(cls.__subclasses__())
    return [c for c in seen if c.__module__.startswith("cms.")]


def _field_names(cls: type, prefix: str = "") -> list[str]:
    """The form-data names of a form class's fields (a field list's first rows included)."""
    names = []
    for attr in dir(cls):
        field = getattr(cls, attr, None)
        if not isinstance(field, UnboundField):
            continue
        name = prefix + attr
        if (
            field.field_class is FieldList
            and field.args
            and isinstance(field.args[0], UnboundField)
        ):
            inner = field.args[0]
            if inner.field_class is FormField:
                for row in range(2):
                    names += _field_names(inner.args[0], f"{name}-{row}-")
            else:
                names += [f"{name}-0", f"{name}-1"]
        else:
            names.append(name)
    return names


# Fields read outside a form class, besides every field of every form.
EXTRA_FIELDS = ["option", "action", "from_queue", "bat"]
FORM_FIELDS = [*sorted({n for cls in _form_classes() for n in _field_names(cls)}), *EXTRA_FIELDS]


@pytest.fixture
def world(app, make_user, make_article, make_category):
    """An article with a revision, a renamed category (old slug kept), an open poll, users."""
    users = {role: make_user(username=f"walk-{role}", role=role) for role in ROLES[1:]}
    other = make_user(username="walk-other", role="reporter")
    category = make_category(name="Văn hóa – Xã hội")
    category.slug = "van-hoa-xa-hoi-moi"
    db.session.add(SlugRedirect(kind="category", old_slug="van-hoa-xa-hoi", target_id=category.id))
    article = make_article(title="Bài kiểm tra đường dẫn", category=category)
    article.author_id = users["reporter"].id
    db.session.add(
        ArticleRevision(
            article_id=article.id,
            author_id=users["reporter"].id,
            title=article.title,
            slug=article.slug,
            category_id=category.id,
        )
    )
    poll = add_poll(options=("Tốt", "Chưa tốt"), question="Bạn thấy cổng thông tin thế nào?")
    revision = db.session.query(ArticleRevision).filter_by(article_id=article.id).first()
    return {
        "users": users,
        "values": {
            "article_id": [str(article.id)],
            "slug": [article.slug, category.slug, "van-hoa-xa-hoi", "sai-duong-dan"],
            "poll_id": [str(poll.id)],
            "category_id": [str(category.id), str(db.session.query(Category.id).first()[0])],
            "user_id": [str(other.id)],
            "revision_id": [str(revision.id)],
            "number": ["1", "2"],
            "code": ["en", "vi"],
            "filename": ["anh.jpg", "css/site.css"],
        },
    }


def _fill(rule: str, values: dict[str, str]) -> str:
    """The rule's path with each argument replaced by its (percent-encoded) value."""
    return re.sub(
        r"<(?:[^:<>]+:)?([^<>]+)>",
        lambda m: quote(values[m.group(1)], safe=""),
        rule,
    )


def _off_site(location: str) -> bool:
    """True when a browser would leave the site following this Location header."""
    # Browsers drop tabs and newlines, strip leading spaces and controls, read \\ as /.
    seen = re.sub(r"[\t\n\r]", "", location).lstrip(
        "\x00\x01\x02\x03\x04\x05\x06\x07\x08"
        "\x0b\x0c\x0e\x0f\x10\x11\x12\x13\x14\x15"
        "\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f "
    )
    seen = seen.replace("\\", "/")
    if seen.startswith("//"):
        return True
    parts = urlsplit(seen)
    if parts.scheme and parts.scheme not in ("http", "https"):
        return True
    return bool(parts.netloc) and parts.hostname != HOST


def _requests(world, rule, method: str, rng: random.Random, light: bool):
    """(path, query string, kwargs) to send for one rule and method; fewer when ``light``."""
    share = 3 if light else 1
    args = sorted(rule.arguments)
    valid = {name: world["values"].get(name, ["x"]) for name in args}
    first = {name: values[0] for name, values in valid.items()}
    # Valid paths: each argument's variants with the others at their first value.
    paths = {_fill(rule.rule, first)}
    for name in args:
        for value in valid[name][1:]:
            paths.add(_fill(rule.rule, {**first, name: value}))
    paths = sorted(paths)
    sent = []
    for path in paths:
        sent.append((path, "", {}))
    # Hostile path arguments, one argument at a time.
    hostile_paths = [
        _fill(rule.rule, {**first, name: value}) for name in args for value in HOSTILE_VALUES
    ]
    for path in rng.sample(hostile_paths, min(PATH_SAMPLE // share, len(hostile_paths))):
        sent.append((path, "", {}))
    # Hostile query strings on valid paths.
    queries = list(HOSTILE_QUERIES) + [
        urlencode({name: value}) for name in KNOWN_PARAMS for value in HOSTILE_VALUES
    ]
    for query in rng.sample(queries, QUERY_SAMPLE // share):
        sent.append((rng.choice(paths), query, {}))
    for path in paths:  # the redirecting paths always get the view-argument names
        sent.append((path, "slug=x&article_id=x&endpoint=x&_method=POST", {}))
        sent.append((path, "_external=1&_scheme=https&next=/%09/evil.example", {}))
    if method == "POST":
        for _ in range(FORM_SAMPLE // share):
            names = rng.sample(FORM_FIELDS, min(8, len(FORM_FIELDS)))
            data = {name: rng.choice(HOSTILE_VALUES) for name in names}
            sent.append((rng.choice(paths), "", {"data": data}))
        for body in rng.sample(MALFORMED_JSON, JSON_SAMPLE // share):
            headers = {"Content-Type": "application/json", "Accept": "application/json"}
            sent.append((rng.choice(paths), "", {"data": body, "headers": headers}))
    return sent


def _rules(app):
    """(rule, method) of every rule, logout last (it ends the session)."""
    found = [
        (rule, method)
        for rule in app.url_map.iter_rules()
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"})
    ]
    return sorted(found, key=lambda pair: (pair[0].endpoint == "auth.logout", pair[0].rule))


@pytest.mark.parametrize("role", ROLES)
def test_every_url_survives_hostile_input(role, app, world, login_as):
    """No 5xx and no off-site Location for any rule, method and hostile input."""
    client = app.test_client()
    user = world["users"].get(role)
    failures = []
    count = staff_pages = 0
    for rule, method in _rules(app):
        rng = random.Random(f"{rule.rule} {method} {role}")
        if user is not None:  # again for each rule: a POST may have ended the session
            login_as(client, user=user)
        # A role walks its own area in full, the others' (where it is refused or sees
        # what anonymous readers see) with fewer samples.
        light = rule.rule.startswith("/quan-tri") == (user is None)
        for path, query, kwargs in _requests(world, rule, method, rng, light):
            headers = {"Origin": f"http://{HOST}", **kwargs.pop("headers", {})}
            count += 1
            try:
                response = client.open(
                    path, method=method, query_string=query, headers=headers, **kwargs
                )
            except Exception as exc:  # an answer that cannot even be sent
                failures.append(f"{method} {path[:120]}?{query[:80]} -> {exc!r:.200}")
                continue
            if response.status_code == 200 and path.startswith("/quan-tri"):
                staff_pages += 1
            location = response.headers.get("Location", "")
            if response.status_code >= 500 or (location and _off_site(location)):
                body = kwargs.get("data")
                shown = body[:80] if isinstance(body, bytes) else sorted(body or [])[:4]
                failures.append(
                    f"{method} {path[:120]}?{query[:80]} {shown!r}"
                    f" -> {response.status_code} {location[:80]!r}"
                )
            response.close()
    assert count > 500
    # Staff roles really walked the staff area (anonymous readers are sent to log in).
    assert (staff_pages > 20) == (user is not None), staff_pages
    assert not failures, f"{len(failures)} of {count} requests failed:\n" + "\n".join(failures[:60])
