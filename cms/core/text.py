"""Vietnamese text: NFC normalisation on input, folding for slugs and search."""

import html
import re
import unicodedata

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_SPACES = re.compile(r"\s+")
_TAG = re.compile(r"<[^>]*>")
# Tags inside a word's run of text ("<b>đầy</b>đủ." is "đầyđủ."): dropped, not a space.
_INLINE_TAG = re.compile(r"</?(?:a|b|strong|em|i|u|s|sub|sup|span)\b[^>]*>", re.IGNORECASE)
# C0 and C1 control characters, DEL and lone surrogates: never part of typed text (NUL
# breaks PostgreSQL, most of them make XML ill-formed, a surrogate cannot be stored).
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
# The same, less the tab and line breaks a multi-line field legitimately holds.
_CONTROL_MULTILINE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def nfc(value: str | None) -> str:
    """Return the text NFC-normalised, with surrounding white space removed."""
    if not value:
        return ""
    return unicodedata.normalize("NFC", value).strip()


def has_control_chars(value: str, multiline: bool = False) -> bool:
    """True when ``value`` holds a control character (tab and line breaks allowed if multiline)."""
    return bool((_CONTROL_MULTILINE if multiline else _CONTROL).search(value))


def has_surrogates(value: str) -> bool:
    """True when ``value`` holds a lone surrogate (only a JSON "\\ud800" escape makes one)."""
    return bool(_SURROGATE.search(value))


def fold(value: str | None) -> str:
    """Fold Vietnamese text to lowercase ASCII letters: "Đoàn Kiểm tra" -> "doan kiem tra".

    NFC then NFD, strip the combining marks, map đ/Đ to d (đ is a letter of its own,
    not d with a mark, so decomposition never removes its stroke), lowercase.
    """
    if not value:
        return ""
    text = unicodedata.normalize("NFD", unicodedata.normalize("NFC", value))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("đ", "d").replace("Đ", "d")
    return _SPACES.sub(" ", text.lower()).strip()


def slugify(value: str | None, max_length: int = 80) -> str:
    """Make a URL slug: folded, ASCII letters and digits joined by hyphens."""
    slug = _NON_ALNUM.sub("-", fold(value)).strip("-")
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0] or slug[:max_length]
    return slug or "bai-viet"


def plain_text(markup: str | None) -> str:
    """Rich-text HTML as plain text: inline tags dropped, block tags a space, entities
    decoded (the one HTML-to-text of the project)."""
    return html.unescape(_TAG.sub(" ", _INLINE_TAG.sub("", markup or "")))
