"""Bare reactions ("Quelle?", "+1", "Danke!", "lol", "😉"): what they are and what their words say in tone.

:func:`is_reaction` is the one definition of a bare reaction (topics give it no topic of its own, drift and
``taxonomy suggest`` leave it out). :func:`reaction_of` reads such a comment with ``data/reactions.toml``, a
lexicon written from LABELLING's tone definitions (agreeing, thanking, praising → supportive; a request for a
source or a genuine question → questioning; a wink or mock agreement → sarcastic and critical; laughter, "OK" or a
friendly smiley → no tone): a model reading a two-word comment has little but its priors to go by, while the
guide defines these words (docs/models.md "Session 19: bare reactions").
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from comments.text.tokens import function_words, stop_words, words

REACTION_WORDS = 3  # a comment with this many content words or fewer …
REACTION_TOKENS = 6  # … and this many words or fewer is a reaction: no topic, whatever terms it uses

#: a reaction's units: an action in asterisks (``*g*``), an emoticon (``;-)``, ``:D``, ``^^``), "+1", a word (with
#: an apostrophe: "that's"), or one emoji; variation selectors, joiners and skin tones are no unit
_UNIT = re.compile(r"\*\w+\*|[;:=][-']?[)(\]\[dDpP]+(?!\w)|\^\^|\+ ?1(?!\d)|\w+(?:['’]\w+)?"
                   r"|[\U0001F300-\U0001F3FA\U0001F400-\U0001FAFF\u2600-\u27BF]")
#: what a reaction may hold besides its units: spaces, punctuation, emoji modifiers
_REST = re.compile(r"[\s.,!?…\"'„“”‚‘’«»()\-–—:;\ufe0f\u200d\U0001F3FB-\U0001F3FF]*")
_LAUGH = re.compile(r"(?:ha){2,}h?|(?:he){2,}h?|(?:hi){2,}h?|l+o+l+|lmf?ao+|x+d+")
_LONGEST = 3  # the most units a term has
_ASKED = re.compile(r"\?[\s!?.…]*$")  # a comment that ends in a question mark (after its last word or emoji)


@dataclass(frozen=True)
class Reaction:
    """A bare reaction's classes (``data/reactions.toml``), the tones they give and the bound they set on its
    polarity (positive: at least this, negative: at most this, 0: none)."""

    classes: tuple[str, ...]
    tones: frozenset[str]
    polarity: float


def is_reaction(tokens: list[str], language: str = "de") -> bool:
    """Only a reaction ("Quelle?", "Danke!", "+1", an emoji): no topic of its own.

    Content words are the words not in ``stop_words`` (the classifiers' test, which the shipped models were
    chosen with: the English list also holds content words such as "version", "problem", "name"). The analyses
    count with :func:`is_bare` instead ("Which Java version are you using?" says something)."""
    if len(tokens) > REACTION_TOKENS:
        return False
    stops = stop_words(language)
    return sum(1 for w in tokens if w not in stops and len(w) > 1) <= REACTION_WORDS


def is_bare(text: str, tokens: list[str] | None = None, names: frozenset[str] = frozenset()) -> bool:
    """The analyses' bare reaction: a text made up only of ``data/reactions.toml`` terms ("Quelle" with or
    without a question mark: it names no subject either way), emoji and emoticons, German and English function
    words (``function_words``; both, as the lexicon holds both: a short comment's language is often guessed wrong
    or not yet known), numbers, one-letter words and the names of the thread's authors (an address: "Thank
    you Amanda!"), however many; a text without a word ("👀", "...") is one; more than two one-letter words spell
    something ("T H O U G H T"). ``tokens``: ``words(text)`` when the caller has them (else the text is read
    word by word, and the first word none of these can hold ends the test: most comments are read no further
    than their first few words)."""
    function = _function_words()
    vocabulary = _vocabulary()
    seen: list[str] = []
    for w in tokens if tokens is not None else (w for chunk in text.split() for w in words(chunk)):
        if (len(w) > 1 and w not in function and w not in vocabulary and w not in names and not w.isdigit()
                and not _LAUGH.fullmatch(w)):
            return False
        seen.append(w)
    if not seen:
        return True
    if sum(len(w) == 1 and w.isalpha() for w in seen) > 2:
        return False
    units = _units(text)
    if units is None:  # a web address, a number's sign, a symbol the lexicon has no unit for
        return False
    terms = lexicon()[0]
    i = 0
    while i < len(units):
        for n in range(min(_LONGEST, len(units) - i), 0, -1):
            if " ".join(units[i:i + n]) in terms:
                break
        else:
            unit = units[i]
            if (unit[0].isalnum() and len(unit) > 1 and not unit.isdigit() and unit not in function
                    and unit not in names):
                return False  # a content word (an emoji or emoticon outside the lexicon is still a reaction's)
            n = 1
        i += n
    return True


@lru_cache(maxsize=1)
def _function_words() -> frozenset[str]:
    """German and English function words (for :func:`is_bare`)."""
    return function_words("de") | function_words("en")


@lru_cache(maxsize=1)
def _vocabulary() -> frozenset[str]:
    """Every word of a lexicon term (for :func:`is_bare`'s first look)."""
    return frozenset(word for term in lexicon()[0] for word in term.split())


@lru_cache(maxsize=1)
def lexicon() -> tuple[dict[str, str], dict[str, tuple[frozenset[str], float, bool, bool]]]:
    """``data/reactions.toml`` as term → class and class → (tones, polarity, needs a question mark, only the
    analyses read it)."""
    data = tomllib.loads((resources.files("comments") / "data" / "reactions.toml").read_text(encoding="utf-8"))
    terms: dict[str, str] = {}
    classes = {}
    for name, entry in data.items():
        classes[name] = (frozenset(entry["tones"]), float(entry["polarity"]), bool(entry.get("needs_question")),
                         bool(entry.get("analyses_only")))
        for term in entry["terms"]:
            key = " ".join(_units(term))
            if terms.get(key, name) != name:
                raise ValueError(f"reactions.toml: {term!r} is in both {terms[key]!r} and {name!r}")
            terms[key] = name
    return terms, classes


def _units(text: str) -> list[str] | None:
    """The lower-case units of ``text`` (laughter written "hahaha" read as "haha", "+ 1" as "+1"), or None when it
    holds anything else than units, spaces and punctuation (a URL's slashes, a number's sign, an unknown symbol)."""
    lower = text.lower()
    found = list(_UNIT.finditer(lower))
    end = 0
    for m in found:
        if not _REST.fullmatch(lower, end, m.start()):
            return None
        end = m.end()
    if not _REST.fullmatch(lower, end):
        return None
    units = [m.group().replace(" ", "").replace("’", "'") for m in found]
    return ["haha" if _LAUGH.fullmatch(u) and u[0] == "h" else "lol" if u[0] == "l" and _LAUGH.fullmatch(u)
            else "xd" if _LAUGH.fullmatch(u) else u for u in units]


def reaction_of(text: str, tokens: list[str], language: str) -> Reaction | None:
    """What a bare reaction's words say (None: not a bare reaction, or a word of it is not in the lexicon: the
    model decides). Each unit is read as the longest term it begins; the tones are the union of the classes',
    the polarity bound the classes' one farthest from 0 (a blaming one on a tie; never a positive one for irony).
    Agreement asked as a question ("Stimmt das?") is a question: questioning only."""
    if len(tokens) > REACTION_TOKENS or len(text) > 80 or not is_reaction(tokens, language):
        return None
    units = _units(text)
    if not units:
        return None
    terms, classes = lexicon()
    question = "?" in text
    seen: list[str] = []
    i = 0
    while i < len(units):
        for n in range(min(_LONGEST, len(units) - i), 0, -1):
            name = terms.get(" ".join(units[i:i + n]))
            if name is not None:
                break
        else:
            return None
        if classes[name][2] and not question or classes[name][3]:  # a courtesy ("Gern geschehen"): the model's
            return None
        if name != "filler" and name not in seen:
            seen.append(name)
        i += n
    if not seen:
        return None
    if seen == ["agree"] and _ASKED.search(text):  # "Stimmt das?", "Richtig?", "True?": a genuine question, no agreement
        seen = ["question"]
    tones = frozenset().union(*(classes[name][0] for name in seen))
    bounds = [classes[name][1] for name in seen]
    if "sarcastic" in tones:  # irony: praise or thanks with an eye-roll ("Klasse 🙄") is blame, no positive bound
        bounds = [p for p in bounds if p <= 0]
    polarity = min(bounds, key=lambda p: (-abs(p), p))
    return Reaction(tuple(seen), tones, polarity)
