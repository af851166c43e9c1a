"""The site settings form: every field, validated, shown on the public pages."""

import pytest

from cms.audit.models import AuditEntry
from cms.extensions import db
from cms.settings.models import SiteSettings

URL = "/quan-tri/he-thong/cai-dat"
FULL = {
    "portal_name": "Cổng thông tin điện tử thị xã Hòa Bình",
    "tagline": "Thông tin chính thống",
    "agency_name": "Ủy ban nhân dân thị xã Hòa Bình",
    "responsible_person": "Nguyễn Văn An",
    "license_info": "Giấy phép số 12/GP-STTTT",
    "address": "Số 1 đường Trần Hưng Đạo",
    "phone": "0218 3852 123",
    "fax": "0218 3852 124",
    "email": "vanphong@hoabinh.gov.vn",
    "attribution_notice": "Ghi rõ nguồn khi phát hành lại.",
    "agency_links": "Chính phủ | https://chinhphu.vn\n\nTỉnh ủy | https://tinhuy.example.vn/trang-chu",
    "monitoring_snippet": "<!-- mã theo dõi -->",
    "visits_offset": "1476716",
}


def test_form_shows_current_values(client, login_as):
    db.session.add(
        SiteSettings(
            id=1, portal_name="Cổng cũ", agency_links=[{"name": "A", "url": "https://a.vn"}]
        )
    )
    db.session.commit()
    login_as(client, "admin")
    page = client.get(URL)
    assert 'value="Cổng cũ"' in page.text
    assert "A | https://a.vn" in page.text


def test_save_every_field(client, login_as):
    login_as(client, "admin")
    response = client.post(URL, data=FULL)
    assert response.status_code == 303
    row = db.session.get(SiteSettings, 1)
    for name, value in FULL.items():
        if name not in ("agency_links", "visits_offset"):
            assert getattr(row, name) == value, name
    assert row.agency_links == [
        {"name": "Chính phủ", "url": "https://chinhphu.vn"},
        {"name": "Tỉnh ủy", "url": "https://tinhuy.example.vn/trang-chu"},
    ]
    assert row.visits_offset == 1476716
    home = client.get("/")
    assert "Ủy ban nhân dân thị xã Hòa Bình" in home.text
    assert "vanphong@hoabinh.gov.vn" in home.text


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("portal_name", "", "Hãy nhập tên cổng thông tin."),
        ("email", "vanphong@", "Địa chỉ thư điện tử không hợp lệ"),
        ("email", "a b@c.vn", "Địa chỉ thư điện tử không hợp lệ"),
        ("agency_links", "Chính phủ https://chinhphu.vn", "Dòng 1"),
        ("agency_links", "Xấu | javascript:alert(1)", "http:// hoặc https://"),
        ("agency_links", "Tốt | https://a.vn\nXấu | ftp://b.vn", "Dòng 2"),
        ("agency_links", " | https://a.vn", "Dòng 1"),
        ("visits_offset", "-5", "Hãy nhập một số không âm."),
        ("portal_name", "x" * 201, "200"),
    ],
)
def test_bad_input_is_refused_and_kept(client, login_as, field, value, message):
    login_as(client, "admin")
    response = client.post(URL, data={**FULL, field: value})
    assert response.status_code == 400
    assert message in response.text
    assert "Ủy ban nhân dân thị xã Hòa Bình" in response.text  # what was typed stays
    assert db.session.get(SiteSettings, 1) is None


def test_settings_change_is_audited(client, login_as):
    login_as(client, "admin")
    client.post(URL, data=FULL)
    entry = db.session.execute(db.select(AuditEntry)).scalar_one()
    assert entry.action == "settings.update" and "portal_name" in entry.detail
