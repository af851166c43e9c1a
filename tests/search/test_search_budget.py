"""The search's cost budget: rate limit, query caps, time limit, and the "did you mean" words."""

import html
import re
import time

import pytest
import redis
from sqlalchemy import text

from cms.core.privacy import address_pseudonym
from cms.extensions import db
from cms.search import services
from cms.search.budget import execute
from cms.search.services import search_articles
from cms.search.suggest import build_vocabulary, suggest_query
from tests.search.conftest import result_titles

SUGGESTION = re.compile(r'did-you-mean">.*?<a href="[^"]+">(.*?)</a>', re.S)


def suggestion(page: str) -> str | None:
    """The "did you mean" query a results page offers, if any."""
    match = SUGGESTION.search(page)
    return html.unescape(match.group(1)) if match else None


def box_value(page: str) -> str:
    """What the results page's own search box holds."""
    return html.unescape(re.search(r'id="q-page" type="search" name="q" value="([^"]*)"', page)[1])


# --- Rate limit ---------------------------------------------------------------------------


def test_anonymous_searches_over_the_limit_get_429_with_the_query_kept(make_app):
    app = make_app(SEARCH_RATE_LIMIT=3)
    client = app.test_client()
    for _ in range(3):
        assert client.get("/tim-kiem", query_string={"q": "cải cách"}).status_code == 200
    # The empty form costs nothing: it runs no search.
    assert client.get("/tim-kiem").status_code == 200
    response = client.get("/tim-kiem", query_string={"q": "cải cách <hành chính>"})
    page = response.get_data(as_text=True)
    assert response.status_code == 429
    assert 1 <= int(response.headers["Retry-After"]) <= 60
    assert "Bạn đã tìm kiếm quá nhiều lần trong một phút" in page
    assert box_value(page) == "cải cách <hành chính>"
    assert 'class="search-form"' in page


def test_staff_get_a_higher_limit(make_app, login_as):
    app = make_app(SEARCH_RATE_LIMIT=1, SEARCH_RATE_LIMIT_STAFF=3)
    staff = app.test_client()
    with app.app_context():
        login_as(staff, "editor")
    codes = [staff.get("/tim-kiem?q=xa").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]


def test_without_a_working_redis_each_worker_counts_for_itself(make_app):
    # Nothing listens on port 1: the limit degrades to this worker's memory, never a 500.
    app = make_app(SEARCH_RATE_LIMIT=2, REDIS_URL="redis://127.0.0.1:1/0")
    client = app.test_client()
    codes = [client.get("/tim-kiem?q=xa").status_code for _ in range(3)]
    assert codes == [200, 200, 429]


def test_the_redis_counter_is_shared_by_every_worker_and_keyed_by_a_pseudonym(
    make_app, redis_config
):
    workers = [make_app(SEARCH_RATE_LIMIT=3, **redis_config) for _ in range(2)]
    clients = [w.test_client() for w in workers]
    codes = [clients[n % 2].get("/tim-kiem?q=xa").status_code for n in range(4)]
    assert codes == [200, 200, 200, 429]
    server = redis.Redis.from_url(redis_config["REDIS_URL"])
    names = [k.decode() for k in server.scan_iter(match=f"{redis_config['REDIS_PREFIX']}*")]
    server.close()
    with workers[0].test_request_context(environ_base={"REMOTE_ADDR": "127.0.0.1"}):
        tag = address_pseudonym("search")
    search_keys = [n for n in names if ":search:rate:" in n]
    assert len(search_keys) == 1 and tag in search_keys[0]
    assert not any("127.0.0.1" in n for n in names)


# --- Query caps ---------------------------------------------------------------------------


def test_words_beyond_the_cap_are_ignored_with_a_notice(make_app, make_article):
    app = make_app(SEARCH_RATE_LIMIT=0, SEARCH_MAX_TERMS=3)
    with app.app_context():
        make_article(title="Đoàn kiểm tra liên ngành làm việc tại phường")
    client = app.test_client()
    q = "đoàn kiểm tra không có trong bài"
    page = client.get("/tim-kiem", query_string={"q": q}).get_data(as_text=True)
    assert "Từ khóa quá dài: chỉ 3 từ đầu tiên" in page
    assert result_titles(page) == ["Đoàn kiểm tra liên ngành làm việc tại phường"]
    assert box_value(page) == q
    page = client.get("/tim-kiem", query_string={"q": "đoàn kiểm tra"}).get_data(as_text=True)
    assert "Từ khóa quá dài" not in page


def test_characters_beyond_the_cap_are_ignored_with_a_notice(make_app):
    app = make_app(SEARCH_RATE_LIMIT=0, SEARCH_MAX_CHARS=20)
    page = app.test_client().get("/tim-kiem", query_string={"q": "kiểm tra " * 10})
    assert page.status_code == 200
    assert "tối đa 20 ký tự" in page.get_data(as_text=True)
    assert 'maxlength="20"' in page.get_data(as_text=True)


# --- Time limit ---------------------------------------------------------------------------

SLOW = {
    # Each runs far longer than the budget; only the database can stop it.
    "postgresql": "SELECT pg_sleep(5)",
    "sqlite": (
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c"
    ),
}


@pytest.fixture
def slow_search(monkeypatch):
    """Make the search's candidate query a statement that never ends by itself."""

    def slow(*_args):
        execute(text(SLOW[db.engine.dialect.name])).all()
        return []

    monkeypatch.setattr(services, "_candidates_sqlite", slow)
    monkeypatch.setattr(services, "_candidates_postgres", slow)


def test_a_search_over_its_time_budget_is_a_friendly_page(make_app, make_article, slow_search):
    app = make_app(SEARCH_RATE_LIMIT=0, SEARCH_TIMEOUT_MS=200)
    with app.app_context():
        make_article(title="Đoàn kiểm tra liên ngành")
    started = time.monotonic()
    response = app.test_client().get("/tim-kiem", query_string={"q": '"thị xã" năm'})
    assert time.monotonic() - started < 3
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Truy vấn quá phức tạp, hãy thử từ khóa ngắn hơn" in page
    assert box_value(page) == '"thị xã" năm'
    # The layout around it was read after the cancelled statement: the request went on.
    assert 'class="search-form"' in page and "</footer>" in page


AFTER = {
    # Longer than what was left of the search's budget, well within any sane default.
    "postgresql": "SELECT pg_sleep(0.5)",
    "sqlite": (
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 200000) "
        "SELECT count(*) FROM c"
    ),
}


def test_the_time_limit_ends_with_the_search(app, make_article):
    make_article(title="Đoàn kiểm tra liên ngành")
    assert search_articles("kiem tra", public_only=True, timeout_ms=300).total == 1
    time.sleep(0.35)  # the search's deadline has passed
    # The rest of the request's transaction runs without the search's limit.
    db.session.execute(text(AFTER[db.engine.dialect.name])).all()


# --- "Did you mean" -----------------------------------------------------------------------


def test_did_you_mean_corrects_the_whole_query(app, make_article, search):
    make_article(title="Đẩy mạnh cải cách hành chính quý II")
    make_article(title="Công tác cải cách hành chính năm 2024")
    # "cahc" is as close to "các" (one letter less) as to "cách" (two letters swapped).
    make_article(title="Kiểm tra các trường học, các nhà trẻ")
    status, page = search("cai cahc hanh chinh")
    assert status == 200
    assert suggestion(page) == "cải cách hành chính"


def test_did_you_mean_prefers_words_that_go_together(app, make_article, search):
    # "dã" is the more frequent title word, and "dna" is one edit from both "dã" and "dân":
    # only the query as a whole ("nông dân", as titles write it) can decide.
    for n in range(3):
        make_article(title=f"Giải chạy việt dã truyền thống lần {n + 1}")
    make_article(title="Hội Nông dân thị xã tổng kết năm")
    _status, page = search("nong dna")
    assert suggestion(page) == "nông dân"


def test_a_word_of_an_unpublished_or_trashed_title_is_never_suggested(
    app, make_article, login_as, search
):
    make_article(title="Hội nghị tổng kết công tác dân vận")
    hidden = {
        "go": make_article(title="Phương án phòng chống sạt lở đất"),
        "xoa": make_article(title="Kế hoạch nạo vét kênh mương"),
    }
    never = make_article(title="Dự thảo quy hoạch khu công nghiệp", status="draft")
    assert suggestion(search("sat loo")[1]) == "sạt lở"
    assert suggestion(search("nao vett")[1]) == "nạo vét"
    editor = app.test_client()
    login_as(editor, "editor")
    for action, article in hidden.items():
        assert editor.post(f"/quan-tri/bai-viet/{article.id}/{action}").status_code == 302
    # Right after the change: no waiting for the vocabulary to expire.
    assert suggestion(search("sat loo")[1]) is None
    assert suggestion(search("nao vett")[1]) is None
    assert suggestion(search("du thao quy hoachh")[1]) is None
    assert never.status == "draft"


def test_a_stale_vocabulary_of_another_worker_cannot_leak_a_word(app, make_article, search):
    make_article(title="Hội nghị tổng kết công tác dân vận")
    # What another worker may still hold: the words of a title that readers can no longer see.
    make_article(title="Phương án phòng chống sạt lở đất", status="unpublished")
    stale = build_vocabulary(["Phương án phòng chống sạt lở đất", "Hội nghị tổng kết"])
    assert suggest_query("sat loo", stale) == "sạt lở"
    app.extensions["search.vocab"] = (time.monotonic(), stale)
    assert suggestion(search("sat loo")[1]) is None
