"""Vietnamese folding, slugs and NFC normalisation."""

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cms.core.text import fold, nfc, slugify


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Cải cách hành chính", "cai cach hanh chinh"),
        ("Đoàn kiểm tra", "doan kiem tra"),
        ("ĐỒNG BẰNG SÔNG CỬU LONG", "dong bang song cuu long"),
        ("hoà", "hoa"),
        ("hòa", "hoa"),
        ("thuỷ lợi", "thuy loi"),
        ("thủy lợi", "thuy loi"),
        ("  nhiều   khoảng   trắng ", "nhieu khoang trang"),
        ("", ""),
    ],
)
def test_fold(text, folded):
    assert fold(text) == folded


def test_nfd_and_nfc_fold_the_same():
    word = "Thị xã An Hòa – Đường Nguyễn Huệ"
    assert fold(unicodedata.normalize("NFD", word)) == fold(word)


def test_nfc_normalises_input():
    decomposed = unicodedata.normalize("NFD", "Tiếng Việt")
    assert decomposed != "Tiếng Việt"
    assert nfc(" " + decomposed + " ") == "Tiếng Việt"
    assert nfc(None) == ""


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        (
            "Đoàn kiểm tra của tỉnh làm việc tại thị xã",
            "doan-kiem-tra-cua-tinh-lam-viec-tai-thi-xa",
        ),
        ("Quý II - 2024: kết quả!", "quy-ii-2024-ket-qua"),
        ("???", "bai-viet"),
        ("Hội nghị “Dân vận khéo” năm 2025", "hoi-nghi-dan-van-kheo-nam-2025"),
    ],
)
def test_slugify(title, slug):
    assert slugify(title) == slug


def test_slug_is_cut_on_a_word_boundary():
    slug = slugify("Thông báo " * 30, max_length=40)
    assert len(slug) <= 40 and not slug.endswith("-")
    assert slug.startswith("thong-bao-thong-bao")


@given(st.text(max_size=300))
def test_slug_is_always_url_safe(text):
    slug = slugify(text)
    assert slug and all(ch.isascii() and (ch.isalnum() or ch == "-") for ch in slug)
    assert slug == slug.lower()
