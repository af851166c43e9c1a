"""Vietnamese-aware matching through /tim-kiem, the same cases on SQLite and PostgreSQL."""

import unicodedata
from datetime import timedelta

import pytest
from sqlalchemy import text, update

from cms.content.models import Article
from cms.core.formatting import utcnow
from cms.core.text import fold
from cms.extensions import db
from tests.search.conftest import result_titles


def test_fold_treats_old_and_new_tone_placement_alike():
    """ "hoà"/"hòa" and "thuỷ"/"thủy" fold to the same letters; đ folds to d."""
    assert fold("hoà") == fold("hòa") == "hoa"
    assert fold("thuỷ") == fold("thủy") == "thuy"
    assert fold("Đoàn Kiểm tra") == "doan kiem tra"
    assert fold(unicodedata.normalize("NFD", "Đoàn kiểm tra")) == "doan kiem tra"


def test_unaccented_query_finds_accented_title(make_article, found):
    make_article(title="Đẩy mạnh cải cách hành chính năm 2024")
    make_article(title="Lễ hội văn hóa dân gian")
    assert found("cai cach hanh chinh") == ["Đẩy mạnh cải cách hành chính năm 2024"]
    assert found("CẢI CÁCH hành chính") == ["Đẩy mạnh cải cách hành chính năm 2024"]


def test_d_with_stroke_folds_to_d(make_article, found):
    make_article(title="Đoàn kiểm tra liên ngành làm việc tại phường")
    assert found("doan kiem tra") == ["Đoàn kiểm tra liên ngành làm việc tại phường"]
    assert found("Đoàn") == ["Đoàn kiểm tra liên ngành làm việc tại phường"]


def test_nfc_and_nfd_queries_give_the_same_results(make_article, found):
    make_article(title="Tiêm chủng mở rộng cho trẻ em dưới một tuổi")
    make_article(title="Trẻ em vui Tết Trung thu")
    nfc = unicodedata.normalize("NFC", "trẻ em")
    nfd = unicodedata.normalize("NFD", "trẻ em")
    assert nfc != nfd
    assert sorted(found(nfc)) == sorted(found(nfd))
    assert len(found(nfd)) == 2


def test_nfd_stored_text_is_found(make_article, found):
    make_article(title=unicodedata.normalize("NFD", "Hội nghị tổng kết công tác thủy lợi"))
    assert len(found("tổng kết thủy lợi")) == 1


@pytest.mark.parametrize(
    ("stored", "typed"),
    [
        ("Hoà giải ở cơ sở", "hòa giải"),
        ("Hòa giải ở cơ sở", "hoà giải"),
        ("Công trình thuỷ lợi", "thủy lợi"),
        ("Công trình thủy lợi", "thuỷ lợi"),
    ],
)
def test_old_and_new_tone_placement_match(make_article, found, stored, typed):
    make_article(title=stored)
    assert found(typed) == [stored]


def test_words_in_quotes_are_a_phrase(make_article, found):
    make_article(title="Kiểm tra an toàn thực phẩm")
    make_article(title="An ninh trật tự được kiểm soát, không cần tra cứu")
    assert found('"an toàn thực phẩm"') == ["Kiểm tra an toàn thực phẩm"]
    assert found('"kiểm tra"') == ["Kiểm tra an toàn thực phẩm"]
    assert len(found("kiểm tra")) == 2


def test_last_word_matches_as_a_prefix(make_article, found):
    make_article(title="Cải cách hành chính ở phường An Hòa")
    assert found("cai cach hanh chi") == ["Cải cách hành chính ở phường An Hòa"]
    assert found("phường An Hò") == ["Cải cách hành chính ở phường An Hòa"]


def test_leading_minus_excludes_a_word(make_article, found):
    make_article(title="Kiểm tra an toàn thực phẩm tại chợ")
    make_article(title="Kiểm tra công tác phòng cháy")
    assert found("kiểm tra -chợ") == ["Kiểm tra công tác phòng cháy"]
    assert found('kiểm tra -"an toàn"') == ["Kiểm tra công tác phòng cháy"]
    assert found("-kiểm") == []


def test_body_and_summary_are_searched_without_html(make_article, found):
    make_article(
        title="Thông báo lịch tiếp công dân",
        summary="Lịch tiếp công dân của Chủ tịch UBND.",
        body="<p>Tại <strong>trụ sở</strong> Bộ phận một cửa&nbsp;thị xã.</p>",
    )
    assert found("tru so bo phan mot cua") == ["Thông báo lịch tiếp công dân"]
    assert found("chu tich ubnd") == ["Thông báo lịch tiếp công dân"]
    assert found("strong") == []


def test_title_match_ranks_above_body_match(make_article, found):
    make_article(title="Tin hoạt động tuần", body="<p>Bàn về nông thôn mới ở xã.</p>")
    make_article(title="Xây dựng nông thôn mới nâng cao", body="<p>Hội nghị.</p>")
    assert found("nông thôn mới") == ["Xây dựng nông thôn mới nâng cao", "Tin hoạt động tuần"]


def test_typo_in_title_word(make_article, search, app):
    """PostgreSQL finds the article by trigram similarity; SQLite suggests the right words."""
    make_article(title="Đoàn kiểm tra liên ngành làm việc tại phường")
    status, page = search("doan kiem traa lien nganh")
    assert status == 200
    if db.engine.dialect.name == "postgresql":
        assert result_titles(page) == ["Đoàn kiểm tra liên ngành làm việc tại phường"]
        assert "tiêu đề gần giống" in page
    assert "Có phải bạn muốn tìm" in page
    assert "kiểm tra" in page.split("Có phải bạn muốn tìm")[1]


def test_only_public_articles_are_found(make_article, found):
    future = utcnow() + timedelta(days=2)
    make_article(title="Quy hoạch chung đã công bố")
    for status in ("draft", "pending", "unpublished", "trash"):
        make_article(title=f"Quy hoạch chung bản {status}", status=status)
    make_article(title="Quy hoạch chung sắp công bố", published_at=future)
    assert found("quy hoach chung") == ["Quy hoạch chung đã công bố"]


def test_scheduled_article_appears_when_its_time_comes_without_reindex(make_article, found):
    art = make_article(title="Lịch nghỉ Tết Nguyên đán", published_at=utcnow() + timedelta(hours=1))
    assert found("lich nghi tet") == []
    # The clock moving past published_at is not a write to the article: no ORM event runs.
    db.session.execute(
        update(Article)
        .where(Article.id == art.id)
        .values(published_at=utcnow() - timedelta(minutes=1)),
        execution_options={"synchronize_session": False},
    )
    db.session.commit()
    assert found("lich nghi tet") == ["Lịch nghỉ Tết Nguyên đán"]


def test_index_follows_edit_unpublish_trash_and_delete(make_article, found):
    art = make_article(title="Khánh thành cầu Bến Đá")
    assert found("ben da") == ["Khánh thành cầu Bến Đá"]
    art.title = "Khánh thành nhà văn hóa khu phố"
    art.body = "<p>Nhà văn hóa mới.</p>"
    db.session.commit()
    assert found("ben da") == []
    assert found("nha van hoa") == ["Khánh thành nhà văn hóa khu phố"]
    art.status = "unpublished"
    db.session.commit()
    assert found("nha van hoa") == []
    art.status = "published"
    db.session.commit()
    assert found("nha van hoa") == ["Khánh thành nhà văn hóa khu phố"]
    art.status = "trash"
    db.session.commit()
    assert found("nha van hoa") == []
    art.status = "published"
    db.session.commit()
    db.session.delete(art)
    db.session.commit()
    assert found("nha van hoa") == []
    if db.engine.dialect.name == "sqlite":
        left = db.session.execute(text("SELECT count(*) FROM article_search")).scalar_one()
        assert left == 0


def test_reindex_command_rebuilds_the_index(make_article, runner, found):
    make_article(title="Hội thi tìm hiểu pháp luật")
    make_article(title="Giải bóng đá thiếu niên")
    if db.engine.dialect.name == "sqlite":
        db.session.execute(text("DELETE FROM article_search"))
        db.session.commit()
        assert found("phap luat") == []
    result = runner.invoke(args=["search", "reindex"])
    assert result.exit_code == 0, result.output
    assert found("phap luat") == ["Hội thi tìm hiểu pháp luật"]
    if db.engine.dialect.name == "sqlite":
        assert "Indexed 2 articles" in result.output


def test_reindex_has_help(runner):
    result = runner.invoke(args=["search", "reindex", "--help"])
    assert result.exit_code == 0
    assert "progress bar" in result.output


def test_postgres_folding_function_maps_d_with_stroke(app):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL only: the unaccent-based folding function")
    value = db.session.execute(
        text("SELECT portal_fold(:v)"), {"v": "Đoàn KIỂM tra – thuỷ lợi, “Đắk Lắk”"}
    ).scalar_one()
    assert value.split() == ["doan", "kiem", "tra", "thuy", "loi", "dak", "lak"]
    nfd = unicodedata.normalize("NFD", "Đoàn kiểm tra")
    assert db.session.execute(text("SELECT portal_fold(:v)"), {"v": nfd}).scalar_one() == (
        "doan kiem tra"
    )
