"""Input checked once at the edge: ids, redirects, ``next``, control characters, dates, JSON."""

from datetime import date, datetime

import pytest
from wtforms import Form

from cms.content.models import Article, Category, SlugRedirect
from cms.core.formatting import parse_date, parse_datetime
from cms.core.forms import BaseForm, SubForm
from cms.core.redirects import safe_next
from cms.core.urls import MAX_ID, parse_id
from cms.extensions import db
from cms.polls.models import Poll

HUGE_IDS = [str(MAX_ID + 1), str(2**63), "99999999999999999999", "٣", "３", "-1", "0"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1", 1), (str(MAX_ID), MAX_ID), (7, 7), ("٣", None), ("３", None), (" 1", None),
     ("1_0", None), ("-1", None), ("0", None), (str(MAX_ID + 1), None), (True, None),
     (2**40, None), ("", None), (None, None), ("1\n", None)],
)  # fmt: skip
def test_parse_id_takes_only_ascii_digits_in_the_integer_range(value, expected):
    assert parse_id(value) == expected


@pytest.mark.parametrize("raw", HUGE_IDS)
def test_ids_outside_the_integer_range_are_a_plain_404(client, make_article, raw):
    make_article()
    for path in (
        f"/bai-viet/{raw}",
        f"/bai-viet/{raw}-tieu-de",
        f"/bai-viet/{raw}-tieu-de/ban-in",
        f"/binh-chon/{raw}",
        f"/binh-chon/{raw}/ket-qua",
        f"/binh-chon/{raw}/trang-thai",
        f"/sitemap-{raw}.xml",
    ):
        assert client.get(path).status_code == 404, path
    # (Werkzeug answers 405 when only the path of another method's rule looked alike.)
    response = client.post(f"/binh-chon/{raw}", headers={"Origin": "http://portal.test"})
    assert response.status_code in (404, 405)


def test_the_largest_id_still_reaches_the_view(client, login_as):
    login_as(client, "admin")
    assert client.get(f"/quan-tri/he-thong/nguoi-dung/{MAX_ID}").status_code == 404
    assert client.get(f"/quan-tri/he-thong/chuyen-muc/{MAX_ID + 1}/sua").status_code == 404


@pytest.mark.parametrize("param", ["chuyen-muc", "tac-gia"])
@pytest.mark.parametrize("raw", ["99999999999999999999", str(2**31), "٣", "-3"])
def test_huge_or_foreign_ids_in_filters_are_a_404(client, login_as, param, raw):
    login_as(client, "editor")
    response = client.get("/quan-tri/bai-viet", query_string={param: raw})
    assert response.status_code == 404


def test_redirects_keep_only_the_page_number(client, make_article, make_category):
    article = make_article(title="Tin mới")
    category = make_category(name="Kinh tế", slug="kinh-te-moi")
    db.session.add(SlugRedirect(kind="category", old_slug="kinh-te", target_id=category.id))
    db.session.commit()
    hostile = "slug=x&article_id=x&endpoint=x&_method=POST&_external=1&_scheme=https&_anchor=a"
    response = client.get(f"/bai-viet/{article.id}?{hostile}")
    assert response.status_code == 301
    assert response.location == f"/bai-viet/{article.id}-tin-moi"
    response = client.get(f"/chuyen-muc/kinh-te?{hostile}&trang=2")
    assert response.status_code == 301
    assert response.location == "/chuyen-muc/kinh-te-moi?trang=2"


@pytest.mark.parametrize(
    "target",
    ["/\t/evil.example", "/%09/evil.example", "/%0a/evil.example", "/%5Cevil.example",
     "/%2F/evil.example", "\r\nLocation: x", "/a\x00b", "/a\x85b", "/\ud800"],
)  # fmt: skip
def test_safe_next_refuses_what_browsers_turn_into_another_host(target):
    assert safe_next(target) is None


@pytest.mark.parametrize(
    "query",
    ["next=/%09/evil.example", "next=%0D%0ALocation:%20x", "next=//evil.example",
     "next=/%5Cevil.example", "next=https://evil.example/"],
)  # fmt: skip
def test_language_switch_never_leaves_the_site(client, query):
    response = client.get(f"/ngon-ngu/en?{query}")
    assert response.status_code == 302
    assert response.location == "/"


def test_language_switch_goes_back_to_a_local_page_or_referrer(client):
    assert client.get("/ngon-ngu/en?next=/tim-kiem%3Fq%3Dx").location == "/tim-kiem?q=x"
    back = client.get("/ngon-ngu/vi", headers={"Referer": "http://portal.test/so-do-cong?a=1"})
    assert back.location == "/so-do-cong?a=1"
    broken = client.get("/ngon-ngu/vi", headers={"Referer": "http://[oops/"})
    assert broken.location == "/"


@pytest.mark.parametrize(
    "path", ["/chuyen-muc/a%00b", "/chuyen-muc/a%00b/rss.xml", "/media/a%00.jpg"]
)
def test_a_control_character_in_a_path_is_a_404(client, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("query", ["q=a%00b", "q=%01", "trang=1&x=%7F", "chuyen_muc=%00"])
def test_a_control_character_in_the_query_is_a_400_with_a_message(client, query):
    response = client.get(f"/tim-kiem?{query}")
    assert response.status_code == 400
    assert "ký tự điều khiển" in response.get_data(as_text=True)


def test_text_fields_refuse_control_characters_and_keep_the_typed_text(client, login_as):
    login_as(client, "admin")
    response = client.post(
        "/quan-tri/he-thong/chuyen-muc/tao",
        data={"name": "Văn\x00hóa", "description": "Dòng 1\r\nDòng 2\x0b"},
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert page.count("ký tự điều khiển không hợp lệ") == 2
    assert "Văn\x00hóa" in page or "Văn\ufffdhóa" in page
    assert db.session.query(Category).count() == 0


def test_multi_line_fields_keep_tabs_and_line_breaks(client, login_as):
    login_as(client, "admin")
    response = client.post(
        "/quan-tri/he-thong/chuyen-muc/tao",
        data={"name": "Văn hóa", "description": "Dòng 1\r\n\tDòng 2"},
    )
    assert response.status_code == 303
    assert db.session.query(Category).one().description.endswith("Dòng 2")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("31/12/2025", date(2025, 12, 31)), ("2025-12-31", date(2025, 12, 31)),
     ("01/01/0001", None), ("9999-12-31", None), ("31/12/1899", None),
     ("31/12/2200", date(2200, 12, 31)),
     ("٢٠٢٥-01-01", None), ("", None), ("x" * 100, None)],
)  # fmt: skip
def test_the_date_parser_refuses_years_outside_a_sane_range(raw, expected):
    assert parse_date(raw) == expected


def test_the_datetime_parser_refuses_years_outside_a_sane_range():
    assert parse_datetime("2025-07-23T08:30") == datetime(2025, 7, 23, 8, 30)
    assert parse_datetime("0001-01-01T00:00") is None
    assert parse_datetime("9999-12-31T23:59") is None


@pytest.mark.parametrize("day", ["01/01/0001", "9999-12-31", "0001-01-01"])
def test_audit_log_dates_outside_the_range_are_refused_with_a_message(client, login_as, day):
    login_as(client, "admin")
    for name in ("since", "until"):
        response = client.get("/quan-tri/he-thong/nhat-ky", query_string={name: day})
        assert response.status_code == 400
        assert "từ năm 1900 đến 2200" in response.get_data(as_text=True)


def test_article_form_refuses_a_publication_year_one(client, login_as, make_category):
    category = make_category(name="Tin tức")
    login_as(client, "editor")
    response = client.post(
        "/quan-tri/bai-viet/moi",
        data={
            "title": "Bài hẹn giờ",
            "category_id": category.id,
            "published_at": "0001-01-01T00:00",
        },
    )
    assert response.status_code == 400
    assert "từ năm 1900 đến 2200" in response.get_data(as_text=True)
    assert db.session.query(Article).count() == 0


@pytest.mark.parametrize(
    "fields",
    [{"closes_at": "9999-12-31T23:59"}, {"opens_at": "0001-01-01T00:00"},
     {"options-0-option_id": "٣"}, {"options-0-option_id": "３"},
     {"options-0-option_id": "99999999999999999999"}],
)  # fmt: skip
def test_poll_form_refuses_dates_and_non_ascii_option_ids(client, login_as, fields):
    login_as(client, "editor")
    data = {
        "question": "Câu hỏi?",
        "results_visibility": "always",
        "options-0-label": "Có",
        "options-1-label": "Không",
    }
    response = client.post("/quan-tri/binh-chon/moi", data={**data, **fields})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "từ năm 1900 đến 2200" in page or "Danh sách phương án không hợp lệ" in page
    assert 'value="Câu hỏi?"' in page
    assert db.session.query(Poll).count() == 0


@pytest.mark.parametrize(
    "payload",
    [{"title": 5}, {"title": ["x"]}, {"title": "x", "category_id": {"a": 1}},
     {"title": "x", "version": 1.5}, {"title": "x", "is_featured": 3}],
)  # fmt: skip
def test_autosave_type_checks_its_json(client, login_as, make_category, payload):
    make_category(name="Tin tức")
    login_as(client, "reporter")
    response = client.post("/quan-tri/bai-viet/tu-luu", json=payload)
    assert response.status_code == 400
    data = response.get_json()
    assert data["ok"] is False and "kiểu giá trị sai" in data["message"]


@pytest.mark.parametrize(
    "payload",
    [{"title": "a\x00b"}, {"title": "x", "version": 99999999999999999999},
     {"title": "x", "category_id": "٣"}, {"title": "x", "body": "\ud800"}],
)  # fmt: skip
def test_autosave_refuses_control_characters_and_huge_numbers(
    client, login_as, make_category, payload
):
    category = make_category(name="Tin tức")
    login_as(client, "reporter")
    response = client.post(
        "/quan-tri/bai-viet/tu-luu", json={"category_id": category.id, **payload}
    )
    assert response.status_code == 400
    assert response.get_json()["ok"] is False
    assert db.session.query(Article).count() == 0


@pytest.mark.parametrize(
    "payload", [{"name": 5}, {"name": ["Văn hóa"]}, {"in_menu": "x", "name": None}]
)
def test_a_json_body_sent_to_any_form_is_type_checked(client, login_as, payload):
    login_as(client, "admin")
    response = client.post("/quan-tri/he-thong/chuyen-muc/tao", json=payload)
    assert response.status_code == 400
    assert "kiểu giá trị sai" in response.get_json()["message"]
    assert db.session.query(Category).count() == 0


def test_a_json_body_of_the_right_types_still_fills_a_form(client, login_as):
    login_as(client, "admin")
    response = client.post(
        "/quan-tri/he-thong/chuyen-muc/tao", json={"name": "Văn hóa", "in_menu": True}
    )
    assert response.status_code == 303
    assert db.session.query(Category).one().name == "Văn hóa"


@pytest.mark.parametrize("version", ["99999999999999999999", str(2**31), "٣", "-99999999999"])
def test_numbers_in_form_fields_must_fit_the_integer_column(
    client, login_as, make_article, version
):
    article = make_article()
    login_as(client, "editor")
    response = client.post(
        f"/quan-tri/bai-viet/{article.id}/sua",
        data={"title": "Tiêu đề đã sửa", "category_id": article.category_id, "version": version},
    )
    assert response.status_code == 400
    assert 'value="Tiêu đề đã sửa"' in response.get_data(as_text=True)
    db.session.refresh(article)
    assert article.title != "Tiêu đề đã sửa" and article.version == 1


def test_every_form_of_the_app_derives_from_the_checked_base(app):
    found = []
    todo = list(Form.__subclasses__())
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.startswith("cms.") and cls.__module__ != "cms.core.forms":
            found.append(cls)
    assert len(found) > 10
    unchecked = [
        f"{c.__module__}.{c.__name__}" for c in found if not issubclass(c, BaseForm | SubForm)
    ]
    assert not unchecked, f"forms not built on cms.core.forms.BaseForm: {unchecked}"
