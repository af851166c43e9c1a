"""Managing categories: create, rename (old address answers 301), reorder, toggles, delete."""

from sqlalchemy import select

from cms.content.models import Category, SlugRedirect
from cms.extensions import db

P = "/quan-tri/he-thong/chuyen-muc"


def _order():
    return [
        c.name
        for c in db.session.execute(
            select(Category).order_by(Category.position, Category.id)
        ).scalars()
    ]


def test_create_makes_the_slug_from_the_name(client, login_as, make_category):
    login_as(client, "admin")
    make_category(name="Tin tức")
    response = client.post(f"{P}/tao", data={"name": "Cải cách hành chính", "in_menu": "y"})
    assert response.status_code == 303
    category = db.session.execute(
        select(Category).where(Category.name == "Cải cách hành chính")
    ).scalar_one()
    assert category.slug == "cai-cach-hanh-chinh"
    assert category.in_menu and not category.on_home
    assert _order() == ["Tin tức", "Cải cách hành chính"]
    assert client.get("/chuyen-muc/cai-cach-hanh-chinh").status_code == 200
    assert "Cải cách hành chính" in client.get("/").text


def test_duplicate_slug_is_refused(client, login_as, make_category):
    login_as(client, "admin")
    make_category(name="Văn hóa")
    response = client.post(f"{P}/tao", data={"name": "Văn Hóa"})
    assert response.status_code == 400
    assert "đã được một chuyên mục khác dùng" in response.text
    assert 'value="Văn Hóa"' in response.text


def test_empty_name_is_refused(client, login_as):
    login_as(client, "admin")
    response = client.post(f"{P}/tao", data={"name": "  "})
    assert response.status_code == 400
    assert "Hãy nhập tên chuyên mục." in response.text


def test_rename_with_a_new_slug_redirects_the_old_address(client, login_as, make_category):
    login_as(client, "admin")
    category = make_category(name="Kinh tế")
    response = client.post(
        f"{P}/{category.id}/sua",
        data={"name": "Kinh tế – Xã hội", "slug": "", "in_menu": "y", "on_home": "y"},
    )
    assert response.status_code == 303
    db.session.refresh(category)
    assert category.slug == "kinh-te-xa-hoi"
    old = client.get("/chuyen-muc/kinh-te")
    assert old.status_code == 301 and old.headers["Location"].endswith("/chuyen-muc/kinh-te-xa-hoi")
    # Renaming again keeps every old address working.
    client.post(f"{P}/{category.id}/sua", data={"name": "Kinh tế", "slug": "kinh-te-2"})
    assert client.get("/chuyen-muc/kinh-te").headers["Location"].endswith("/chuyen-muc/kinh-te-2")
    assert (
        client.get("/chuyen-muc/kinh-te-xa-hoi")
        .headers["Location"]
        .endswith("/chuyen-muc/kinh-te-2")
    )


def test_a_new_category_may_take_an_old_slug(client, login_as, make_category):
    login_as(client, "admin")
    category = make_category(name="Thông báo")
    client.post(f"{P}/{category.id}/sua", data={"name": "Thông báo", "slug": "thong-bao-moi"})
    client.post(f"{P}/tao", data={"name": "Thông báo"})
    assert client.get("/chuyen-muc/thong-bao").status_code == 200
    assert db.session.execute(select(SlugRedirect)).scalars().all() == []


def test_rename_without_slug_change_adds_no_redirect(client, login_as, make_category):
    login_as(client, "admin")
    category = make_category(name="Văn hóa", slug="van-hoa")
    client.post(
        f"{P}/{category.id}/sua",
        data={"name": "Văn hóa", "slug": "van-hoa", "description": "Mô tả"},
    )
    db.session.refresh(category)
    assert category.description == "Mô tả"
    assert db.session.execute(select(SlugRedirect)).first() is None


def test_reorder(client, login_as, make_category):
    login_as(client, "admin")
    first, _second, third = (make_category(name=n) for n in ("Một", "Hai", "Ba"))
    client.post(f"{P}/{third.id}/len")
    assert _order() == ["Một", "Ba", "Hai"]
    client.post(f"{P}/{first.id}/xuong")
    assert _order() == ["Ba", "Một", "Hai"]
    client.post(f"{P}/{third.id}/len")  # already first: nothing changes
    assert _order() == ["Ba", "Một", "Hai"]


def test_toggles_change_the_public_menu(client, login_as, make_category):
    login_as(client, "admin")
    category = make_category(name="Ẩn hiện")
    assert 'href="/chuyen-muc/an-hien"' in client.get("/").text
    client.post(f"{P}/{category.id}/menu")
    client.post(f"{P}/{category.id}/trang-chu")
    db.session.refresh(category)
    assert not category.in_menu and not category.on_home
    client.post(f"{P}/{category.id}/menu")
    db.session.refresh(category)
    assert category.in_menu


def test_delete_empty_category(client, login_as, make_category):
    login_as(client, "admin")
    category_id = make_category(name="Tạm").id
    response = client.post(f"{P}/{category_id}/xoa")
    assert response.status_code == 303
    assert db.session.get(Category, category_id) is None


def test_delete_refused_while_articles_remain(client, login_as, make_category, make_article):
    login_as(client, "admin")
    category = make_category(name="Có bài")
    make_article(category=category, status="trash")
    response = client.post(f"{P}/{category.id}/xoa", follow_redirects=True)
    assert "Không thể xóa chuyên mục “Có bài”" in response.text
    assert "1 bài viết" in response.text
    assert db.session.get(Category, category.id) is not None


def test_list_shows_counts(client, login_as, make_category, make_article):
    login_as(client, "admin")
    category = make_category(name="Đếm")
    make_article(category=category)
    make_article(category=category, status="draft")
    page = client.get(P)
    assert page.status_code == 200
    assert "Đếm" in page.text and "<td>2</td>" in page.text
