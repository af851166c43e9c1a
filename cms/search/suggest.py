""" "Did you mean": a corrected query built from the words of published titles.

The vocabulary holds the words of the newest VOCAB_TITLES public titles (folded, with the
written form seen most often) and which words follow which in those titles. It is kept per
worker for VOCAB_SECONDS so new titles join it, and forgotten at once when a commit changes
an article (unpublish, trash, a title edit), so this worker never suggests a word of a
title readers can no longer see. Other workers may hold the old vocabulary for a while; the
search service therefore only offers a suggestion that finds a public article right now.

Each unknown word gets a few close words (rapidfuzz, optimal string alignment, so a swap of
two letters counts as one edit); the whole query is then ranked at once, preferring words
that follow each other in some title, so "nong dna" becomes "nông dân" (as in "Hội Nông
dân"), not the equally close "nông dã".
"""

import math
import re
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

from flask import current_app
from rapidfuzz import process
from rapidfuzz.distance import OSA
from sqlalchemy import select

from cms.content.models import Article
from cms.core.cache import forget_on_commit
from cms.core.text import fold
from cms.extensions import db

VOCAB_TITLES = 20000
VOCAB_SECONDS = 600
MAX_WORDS = 10
CANDIDATES = 6  # close words kept per unknown word
MIN_SIMILARITY = 0.6  # normalised OSA similarity: one edit in a word of three letters passes
PAIR_BONUS = 0.5  # for two words that follow each other in some title
FREQUENCY_WEIGHT = 0.01  # a tie-break towards common words, never more than a fraction of an edit

_WORD = re.compile(r"\w+")
_TOKEN = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class Vocabulary:
    """Title words and word pairs, folded, with their most frequent written forms."""

    counts: dict[str, int]
    forms: dict[str, str]
    pair_forms: dict[tuple[str, str], tuple[str, str]]
    keys: tuple[str, ...]


def build_vocabulary(titles: Iterable[str]) -> Vocabulary:
    """The vocabulary of these titles.

    Written words and pairs are counted first (Counter does that in C); each distinct
    word is folded once.
    """
    words: list[str] = []
    pairs: list[tuple[str, str]] = []
    for title in titles:
        found = _WORD.findall(title.lower())
        words.extend(found)
        pairs.extend(pairwise(found))
    written = Counter(words)
    folded = {}
    for word in written:
        tokens = _TOKEN.findall(fold(word))
        if len(tokens) == 1:
            folded[word] = tokens[0]
    counts: dict[str, int] = {}
    forms: dict[str, tuple[int, str]] = {}
    for word, n in written.items():
        key = folded.get(word)
        if key is None:
            continue
        counts[key] = counts.get(key, 0) + n
        if n > forms.get(key, (0, ""))[0]:
            forms[key] = (n, word)
    pair_forms: dict[tuple[str, str], tuple[int, tuple[str, str]]] = {}
    for (first, second), n in Counter(pairs).items():
        key = (folded.get(first), folded.get(second))
        if None not in key and n > pair_forms.get(key, (0, ()))[0]:
            pair_forms[key] = (n, (first, second))
    return Vocabulary(
        counts,
        {key: form for key, (_n, form) in forms.items()},
        {key: form for key, (_n, form) in pair_forms.items()},
        tuple(counts),
    )


def _load_vocabulary() -> Vocabulary:
    """The vocabulary of the newest public titles."""
    titles = db.session.execute(
        select(Article.title)
        .where(Article.public_filter())
        .order_by(Article.published_at.desc())
        .limit(VOCAB_TITLES)
    ).scalars()
    return build_vocabulary(titles)


def vocabulary() -> Vocabulary:
    """This worker's vocabulary, loaded when missing, forgotten or older than VOCAB_SECONDS."""
    cached = current_app.extensions.get("search.vocab")
    now = time.monotonic()
    if cached and now - cached[0] < VOCAB_SECONDS:
        return cached[1]
    vocab = _load_vocabulary()
    current_app.extensions["search.vocab"] = (now, vocab)
    return vocab


def forget_vocabulary() -> None:
    """Drop this worker's vocabulary after an article change (it reloads when next needed)."""
    current_app.extensions.pop("search.vocab", None)


# Unpublishing, trashing or retitling an article forgets the vocabulary, whatever wrote it.
forget_on_commit((Article,), forget_vocabulary)


def _choices(vocab: Vocabulary, key: str) -> list[tuple[str, float]]:
    """(folded word, score) choices for one query word: itself when known, else close words."""
    if key in vocab.counts:
        return [(key, 1.0)]
    if len(key) < 3 or key.isdigit():
        return []
    close = process.extract(
        key,
        vocab.keys,
        scorer=OSA.normalized_similarity,
        limit=CANDIDATES,
        score_cutoff=MIN_SIMILARITY,
    )
    return [(word, score) for word, score, _index in close]


def _best_path(vocab: Vocabulary, lattice: list[list[tuple[str, float]]]) -> list[str]:
    """The sequence of choices with the best total score (Viterbi over word pairs)."""
    top = math.log1p(max(vocab.counts.values()))

    def own(word: str, score: float) -> float:
        return score + FREQUENCY_WEIGHT * math.log1p(vocab.counts[word]) / top

    best = {word: (own(word, score), [word]) for word, score in lattice[0]}
    for choices in lattice[1:]:
        step = {}
        for word, score in choices:
            gain = own(word, score)
            step[word] = max(
                (
                    (total + gain + (PAIR_BONUS if (prev, word) in vocab.pair_forms else 0), path)
                    for prev, (total, path) in best.items()
                ),
                key=lambda item: item[0],
            )
            step[word] = (step[word][0], [*step[word][1], word])
        best = step
    return max(best.values(), key=lambda item: item[0])[1]


def _written(vocab: Vocabulary, path: list[str]) -> list[str]:
    """The written form of each chosen word, taken from a title pair where there is one."""
    words = []
    for i, key in enumerate(path):
        form = vocab.forms[key]
        if i > 0 and (path[i - 1], key) in vocab.pair_forms:
            form = vocab.pair_forms[(path[i - 1], key)][1]
        elif i + 1 < len(path) and (key, path[i + 1]) in vocab.pair_forms:
            form = vocab.pair_forms[(key, path[i + 1])][0]
        words.append(form)
    return words


def suggest_query(raw: str, vocab: Vocabulary | None = None) -> str | None:
    """A corrected query when some word of ``raw`` is not a title word and a close one is."""
    vocab = vocabulary() if vocab is None else vocab
    typed = [w for w in _WORD.findall(raw.lower()) if _TOKEN.fullmatch(fold(w))][:MAX_WORDS]
    if not typed or not vocab.counts:
        return None
    keys = [fold(w) for w in typed]
    lattice = [_choices(vocab, key) for key in keys]
    if all(len(c) == 1 and c[0][0] == key for c, key in zip(lattice, keys, strict=True)):
        return None  # every word is a title word already: nothing to correct
    # A word with no close title word stays as typed and splits the query in two runs.
    out: list[str] = []
    changed = False
    run: list[int] = []
    for i in [*range(len(typed)), None]:
        if i is not None and lattice[i]:
            run.append(i)
            continue
        if run:
            path = _best_path(vocab, [lattice[j] for j in run])
            changed = changed or any(p != keys[j] for p, j in zip(path, run, strict=True))
            out.extend(_written(vocab, path))
            run = []
        if i is not None:
            out.append(typed[i])
    return " ".join(out) if changed else None
