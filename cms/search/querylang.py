"""The reader's query language, parsed into folded terms and rendered for each engine.

Words in double quotes are a phrase, the last word matches as a prefix, a leading ``-``
excludes a word or phrase; everything else is folded (cms.core.text.fold) and reduced to
ASCII letters and digits, so no character the reader types ever reaches FTS5 or
to_tsquery as syntax.
"""

import re
from dataclasses import dataclass, field
from functools import cached_property

from cms.core.text import fold, nfc

MAX_QUERY_CHARS = 200
MAX_TERMS = 10
# A quoted phrase (closed or running to the end), or a bare run of non-space characters.
_PIECE = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_TOKEN = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class Term:
    """One word or phrase as folded tokens; ``prefix`` lets its last token match a prefix."""

    tokens: tuple[str, ...]
    prefix: bool = False
    quoted: bool = False

    def fts5(self) -> str:
        """The term as an FTS5 string (tokens are [a-z0-9]+, so quoting is enough)."""
        return f'"{" ".join(self.tokens)}"' + ("*" if self.prefix else "")

    def tsquery(self) -> str:
        """The term as a to_tsquery fragment: tokens joined by <->, :* for a prefix."""
        parts = list(self.tokens)
        if self.prefix:
            parts[-1] += ":*"
        return parts[0] if len(parts) == 1 else "(" + " <-> ".join(parts) + ")"


@dataclass(frozen=True)
class ParsedQuery:
    """A parsed query: terms to find and terms to exclude; ``cut`` when some were dropped."""

    text: str
    include: tuple[Term, ...] = field(default_factory=tuple)
    exclude: tuple[Term, ...] = field(default_factory=tuple)
    cut: bool = False

    @property
    def is_empty(self) -> bool:
        """True when nothing is left to search for."""
        return not self.include

    def fts5(self) -> str:
        """The FTS5 MATCH expression."""
        expr = "(" + " AND ".join(t.fts5() for t in self.include) + ")"
        for term in self.exclude:
            expr += " NOT " + term.fts5()
        return expr

    def tsquery(self) -> str:
        """The to_tsquery expression."""
        expr = " & ".join(t.tsquery() for t in self.include)
        for term in self.exclude:
            expr += f" & !{term.tsquery()}"
        return expr

    @property
    def has_prefix(self) -> bool:
        """True when the last word is matched as a prefix."""
        return any(t.prefix for t in self.include)

    def exact(self) -> "ParsedQuery":
        """The same query with the last word matched whole."""
        include = tuple(Term(t.tokens, False, t.quoted) for t in self.include)
        return ParsedQuery(self.text, include, self.exclude, self.cut)

    @cached_property
    def _title_needles(self) -> list[tuple[str, Term]]:
        """Per included term: the text to look for among space-padded title tokens."""
        return [(" " + " ".join(t.tokens) + ("" if t.prefix else " "), t) for t in self.include]

    def title_score(self, folded_title: str) -> int:
        """Title match score: 2 per token of a term found whole in the title, else 1 per token."""
        words = _TOKEN.findall(folded_title)
        padded = " " + " ".join(words) + " "
        score = 0
        for needle, term in self._title_needles:
            if needle in padded:
                score += 2 * len(term.tokens)
                continue
            last = len(term.tokens) - 1
            for i, tok in enumerate(term.tokens):
                if f" {tok}{'' if term.prefix and i == last else ' '}" in padded:
                    score += 1
        return score

    def words(self) -> list[str]:
        """The folded words to find, in order (for similarity and suggestions)."""
        return [tok for t in self.include for tok in t.tokens]

    def highlight_terms(self) -> list[tuple[str, bool]]:
        """(token, is_prefix) pairs to mark in titles and snippets."""
        pairs = []
        for term in self.include:
            for i, tok in enumerate(term.tokens):
                pairs.append((tok, term.prefix and i == len(term.tokens) - 1))
        return pairs


def parse(
    raw: str | None, max_terms: int = MAX_TERMS, max_chars: int = MAX_QUERY_CHARS
) -> ParsedQuery:
    """Parse what the reader typed; never raises, whatever the input.

    Only the first ``max_chars`` characters and ``max_terms`` words count (a quoted phrase
    counts each of its words); ``cut`` says when something beyond that was dropped.
    """
    max_terms = max(1, max_terms)
    full = nfc(raw or "")
    text = full[:max_chars]
    cut = bool(_TOKEN.search(fold(full[len(text) : len(text) + max_chars])))
    include: list[Term] = []
    exclude: list[Term] = []
    count = 0
    for match in _PIECE.finditer(text):
        negated, phrase, bare = match.group(1), match.group(2), match.group(3)
        quoted = bare is None
        if quoted:
            source = phrase
        else:
            negated = "-" if bare.startswith("-") and len(bare) > 1 else ""
            source = bare[1:] if negated else bare
        tokens = tuple(_TOKEN.findall(fold(source)))
        if not tokens:
            continue
        if count >= max_terms:
            cut = True
            break
        if len(tokens) > max_terms - count:
            tokens, cut = tokens[: max_terms - count], True
        count += len(tokens)
        (exclude if negated else include).append(Term(tokens, quoted=quoted))
    if include and not include[-1].quoted and len(include[-1].tokens[-1]) >= 2:
        include[-1] = Term(include[-1].tokens, prefix=True)
    return ParsedQuery(text, tuple(include), tuple(exclude), cut)
