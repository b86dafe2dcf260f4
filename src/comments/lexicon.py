"""Term lists matched against comment words: the engine behind topic seed terms and
tone lexicons.

A term is matched on lower-cased word tokens (hyphenated compounds are also split
into their parts):

* ``sanktion``   — a word starting with it (Sanktion, Sanktionspolitik),
* ``*sanktion``  — it anywhere inside a word (US-Sanktionen, Wirtschaftssanktion),
* ``=eu``        — exactly this word,
* ``custom rom`` — consecutive words (the last one as a prefix).

Matching is per distinct word and cached, so a large corpus costs one dictionary
look-up per word.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from comments.tokens import words


@dataclass(frozen=True)
class Term:
    text: str
    category: str
    weight: float = 1.0

    @property
    def parts(self) -> list[str]:
        return self.text.lstrip("=*").replace("-", " ").split()


def _word_match(term: str, word: str, mode: str) -> bool:
    if mode == "=":
        return word == term
    if mode == "*":
        return term in word
    return word.startswith(term)


@dataclass
class Lexicon:
    """Categories of weighted terms; ``match`` gives, per category, the weighted terms
    found in a text."""

    terms: list[Term]
    _single: list[tuple[str, str, Term]] = field(default_factory=list, repr=False)
    _phrases: dict[str, list[tuple[list[str], Term]]] = field(default_factory=dict, repr=False)
    _cache: dict[str, tuple[Term, ...]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for term in self.terms:
            mode = term.text[0] if term.text[0] in "=*" else ""
            parts = term.parts
            if len(parts) == 1:
                self._single.append((parts[0], mode, term))
            elif parts:
                self._phrases.setdefault(parts[0], []).append((parts, term))

    @property
    def categories(self) -> list[str]:
        return sorted({t.category for t in self.terms})

    def _hits(self, word: str) -> tuple[Term, ...]:
        hit = self._cache.get(word)
        if hit is None:
            hit = tuple(term for text, mode, term in self._single if _word_match(text, word, mode))
            if len(self._cache) < 1_000_000:
                self._cache[word] = hit
        return hit

    def found(self, text: str, tokens: list[str] | None = None,
              phrases_only: bool = False) -> dict[str, dict[str, float]]:
        """category → {term: weight} of the distinct terms in ``text``."""
        tokens = words(text) if tokens is None else tokens
        out: dict[str, dict[str, float]] = {}
        for i, token in enumerate(tokens):
            if not phrases_only:
                for piece in _pieces(token):
                    for term in self._hits(piece):
                        out.setdefault(term.category, {})[term.text] = term.weight
            if token in self._phrases or (("-" in token) and token.split("-")[0] in self._phrases):
                flat = [p for t in tokens[i:i + 4] for p in t.split("-")]
                for parts, term in self._phrases.get(flat[0], []):
                    if len(flat) >= len(parts) and flat[: len(parts) - 1] == parts[:-1] and \
                            flat[len(parts) - 1].startswith(parts[-1]):
                        out.setdefault(term.category, {})[term.text] = term.weight
        return out

    def scores(self, text: str, tokens: list[str] | None = None) -> dict[str, float]:
        """category → evidence: per distinct word, the weight of the strongest term it
        matches (overlapping terms such as "kuba" and "kuban" count once), plus phrases."""
        tokens = words(text) if tokens is None else tokens
        best: dict[str, dict[str, float]] = {}
        for token in set(tokens):
            for piece in _pieces(token):
                for term in self._hits(piece):
                    slot = best.setdefault(term.category, {})
                    slot[token] = max(slot.get(token, 0.0), term.weight)
        out = {cat: sum(v.values()) for cat, v in best.items()}
        for cat, hits in self.found(text, tokens, phrases_only=True).items():
            out[cat] = out.get(cat, 0.0) + sum(hits.values())
        return out


def _pieces(token: str) -> Iterable[str]:
    yield token
    if "-" in token:
        yield from (p for p in token.split("-") if p)


def build(categories: dict[str, Iterable[str]], weights: dict[str, float] | None = None) -> Lexicon:
    """A lexicon from ``{category: [terms]}``; ``weights`` per category (default 1)."""
    weights = weights or {}
    return Lexicon([Term(t.lower().strip(), cat, weights.get(cat, 1.0)) for cat, ts in categories.items()
                    for t in ts if t.strip()])
