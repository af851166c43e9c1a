"""A readable comparison of two revisions: changed fields, line by line (difflib)."""

import difflib
import html
import re
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from cms.content.models import REVISION_FIELDS
from cms.core.formatting import format_datetime

FIELD_LABELS = {
    "title": _l("Tiêu đề"),
    "slug": _l("Đường dẫn"),
    "category_id": _l("Chuyên mục"),
    "summary": _l("Tóm tắt"),
    "body": _l("Nội dung"),
    "image_url": _l("Ảnh đại diện"),
    "image_caption": _l("Chú thích ảnh"),
    "image_alt": _l("Mô tả ảnh"),
    "byline": _l("Bút danh"),
    "source": _l("Nguồn"),
    "is_featured": _l("Tin nổi bật"),
    "published_at": _l("Thời điểm xuất bản"),
}

_BLOCK_END = re.compile(r"(</(?:p|h[1-6]|li|blockquote|figure|figcaption|tr|caption)>|<br\s*/?>)")
_IMG = re.compile(r"<img[^>]*\ssrc=\"([^\"]*)\"[^>]*>")
_LINK = re.compile(r"<a[^>]*\shref=\"([^\"]*)\"[^>]*>(.*?)</a>", re.S)
_TAG = re.compile(r"<[^>]+>")


@dataclass
class FieldDiff:
    """The changes to one field: hunks of (op, text) lines, op in " ", "-", "+"."""

    name: str
    label: str
    hunks: list[list[tuple[str, str]]]


def body_lines(value: str) -> list[str]:
    """Sanitized HTML as lines of text, one per block; images and link targets kept visible."""
    text = _BLOCK_END.sub(lambda m: m.group(1) + "\n", value or "")
    text = _IMG.sub(lambda m: f"[{_l('Ảnh')}: {m.group(1)}]", text)
    text = _LINK.sub(lambda m: f"{m.group(2)} ({m.group(1)})", text)
    text = html.unescape(_TAG.sub("", text))
    return [line.strip() for line in text.splitlines() if line.strip()]


def _lines(name: str, value, categories: dict) -> list[str]:
    if name == "body":
        return body_lines(value)
    if name == "category_id":
        return [categories.get(value, str(value))]
    if name == "published_at":
        return [format_datetime(value)] if value else []
    if name == "is_featured":
        return [str(_l("Có") if value else _l("Không"))]
    return [line for line in str(value or "").splitlines() if line.strip()]


def compare(old: dict, new: dict, categories: dict, context: int = 2) -> list[FieldDiff]:
    """The fields that differ between two revisions' field dicts, as grouped hunks."""
    result = []
    for name in REVISION_FIELDS:
        a, b = _lines(name, old.get(name), categories), _lines(name, new.get(name), categories)
        if a == b:
            continue
        matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
        hunks = []
        for group in matcher.get_grouped_opcodes(context):
            hunk: list[tuple[str, str]] = []
            for tag, i1, i2, j1, j2 in group:
                if tag == "equal":
                    hunk.extend((" ", line) for line in a[i1:i2])
                    continue
                hunk.extend(("-", line) for line in a[i1:i2])
                hunk.extend(("+", line) for line in b[j1:j2])
            hunks.append(hunk)
        result.append(FieldDiff(name, str(FIELD_LABELS[name]), hunks))
    return result
