"""Highlighting matched words: escape first, then wrap folded matches in <mark>.

The text is folded character by character (the same fold as the index) while keeping
where each folded character came from, so "doan" marks "Đoàn" in the original text.
"""

import re
from functools import lru_cache

from markupsafe import Markup, escape

from cms.core.text import fold, nfc

SNIPPET_CHARS = 240
LEAD_CHARS = 50
MAX_SPANS = 200
MAX_SNIPPET_SOURCE = 2500


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    return " " if ch.isspace() else fold(ch)


class _FoldTable(dict):
    """A str.translate table that folds each character the first time it is seen."""

    def __missing__(self, code: int) -> str:
        value = self[code] = _fold_char(chr(code))
        return value


_TABLE = _FoldTable()


def _folded_with_map(text: str) -> tuple[str, list[int] | range]:
    """The folded text and, for each folded character, its index in ``text``."""
    folded = text.translate(_TABLE)
    if len(folded) == len(text):  # every character folded to exactly one: same positions
        return folded, range(len(text))
    where: list[int] = []
    for i, ch in enumerate(text):
        where.extend([i] * len(_fold_char(ch)))
    return folded, where


def _pattern(terms: list[tuple[str, bool]]) -> re.Pattern | None:
    """One regex for every term, longest first; a prefix term may run on to the word's end."""
    if not terms:
        return None
    parts = sorted(
        {re.escape(tok) + (r"[a-z0-9]*" if prefix else "") for tok, prefix in terms},
        key=len,
        reverse=True,
    )
    return re.compile(r"(?<![a-z0-9])(?:" + "|".join(parts) + r")(?![a-z0-9])")


def _spans(text: str, terms: list[tuple[str, bool]]) -> list[tuple[int, int]]:
    """(start, end) ranges of ``text`` whose folded form matches a term."""
    pattern = _pattern(terms)
    if pattern is None or not text:
        return []
    folded, where = _folded_with_map(text)
    spans = []
    for m in pattern.finditer(folded):
        spans.append((where[m.start()], where[m.end() - 1] + 1))
        if len(spans) >= MAX_SPANS:
            break
    return spans


def _render(text: str, spans: list[tuple[int, int]], start: int, end: int) -> Markup:
    """Escape text[start:end] and wrap the spans inside it in <mark>."""
    pieces = []
    pos = start
    for a, b in spans:
        if b <= start or a >= end or a < pos:
            continue
        pieces.append(escape(text[pos:a]))
        pieces.append(Markup("<mark>%s</mark>") % text[a : min(b, end)])
        pos = min(b, end)
    pieces.append(escape(text[pos:end]))
    return Markup("").join(pieces)


def highlight(text: str | None, terms: list[tuple[str, bool]]) -> Markup:
    """The whole text, escaped, with the matched words marked."""
    text = nfc(text)
    return _render(text, _spans(text, terms), 0, len(text))


def _densest(spans: list[tuple[int, int]], width: int) -> int:
    """Start of the span that begins the window of ``width`` holding the most spans."""
    best_start, best_count, right = spans[0][0], 0, 0
    for left, (a, _b) in enumerate(spans):
        right = max(right, left)
        while right < len(spans) and spans[right][0] < a + width:
            right += 1
        if right - left > best_count:
            best_start, best_count = a, right - left
    return best_start


def snippet(text: str | None, terms: list[tuple[str, bool]], size: int = SNIPPET_CHARS) -> Markup:
    """A window of the text around the densest group of matches, escaped and marked."""
    text = re.sub(r"\s+", " ", nfc(text)[:MAX_SNIPPET_SOURCE])
    spans = _spans(text, terms)
    if len(text) <= size:
        return _render(text, spans, 0, len(text))
    start = 0
    if spans:
        start = max(0, _densest(spans, size - LEAD_CHARS) - LEAD_CHARS)
        space = text.rfind(" ", 0, start + 1)
        start = space + 1 if space > 0 and start - space < 20 else start
    end = min(len(text), start + size)
    space = text.rfind(" ", start, end)
    if end < len(text) and space > start + size // 2:
        end = space
    body = _render(text, spans, start, end)
    return (
        (Markup("… ") if start > 0 else Markup(""))
        + body
        + (Markup(" …") if end < len(text) else Markup(""))
    )
