"""State mentions: how many different states a comment names, and whether it names an
international actor — the topic model's ``states`` feature kind.

Comments about states and their conflicts often name a state, its army or an alliance
without any term of the taxonomy ("Was macht Kasachstan da?"). The names come from a
general source, not from our data: the Unicode CLDR territory names in German and English
(``data/states.toml``, written by ``benchmarks/state_names.py`` from Babel's copy), plus a
short hand list of international actors (NATO, the UN, the EU, armies, seats of power).
They are matched through the lexicon (:mod:`comments.classification.lexicon`): each state
is one category, so the number of categories found is the number of different states
named. A name matches as a whole word or with a genitive/plural ending ("Russlands",
"China's"); German names in German comments and English names in English ones.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path

from comments.classification.lexicon import Lexicon, Term
from comments.text.tokens import tokenize

NAMES = Path(__file__).resolve().parents[1] / "data" / "states.toml"
#: the feature columns of the ``states`` kind, in order
FEATURES = ("states:count", "states:multi", "states:actor", "states:foreign")
#: the states whose politics is domestic for most writers of a language (their own country named is mostly
#: domestic politics, which SPEC does not count as geopolitics): "states:foreign" leaves them out
HOME = {"de": frozenset({"DE", "AT", "CH"}), "en": frozenset({"US", "GB", "CA", "AU", "IE", "NZ"})}
COUNT_CAP = 3  # "states:count" is min(distinct states, COUNT_CAP) / COUNT_CAP
ACTOR = "@"  # actor categories start with this; state categories are ISO codes
ENDINGS = ("", "s", "'s", "’s")


def name_terms(name: str, category: str, language: str | None) -> list[Term]:
    """The lexicon terms of one name: a single word whole (and with a genitive/plural
    ending), several words as a phrase, ``XY-`` the head of a compound."""
    if name.endswith("-"):  # the head of a compound only ("US-Armee", not the pronoun "us")
        return [Term(name.lower(), category, 1.0, language)]
    words = list(tokenize(name))
    if len(words) == 1:
        return [Term(f"={words[0]}{end}", category, 1.0, language) for end in ENDINGS]
    return [Term(" ".join(words), category, 1.0, language)] if words else []


def read_names(path: Path = NAMES) -> Lexicon:
    """The state and actor lexicon of ``path`` (a name listed under two states counts for
    the first)."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    terms: list[Term] = []
    owner: dict[str, str] = {}
    for code, by_language in data.get("states", {}).items():
        de, en = (set(by_language.get(lang, [])) for lang in ("de", "en"))
        for name in sorted(de | en):
            if owner.setdefault(name.lower(), code) != code:
                continue
            language = None if name in de and name in en else ("de" if name in de else "en")
            terms += name_terms(name, code, language)
    for actor, texts in data.get("actors", {}).items():
        terms += [Term(t.lower(), ACTOR + actor) for t in texts]
    return Lexicon(terms)


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The shipped names (read once)."""
    return read_names()


def named(text: str, tokens: list[str] | None = None, language: str | None = None) -> tuple[set[str], set[str]]:
    """(the states a text names, the international actors it names)."""
    found = lexicon().scores(text, tokenize(text) if tokens is None else tokens, language)
    return {c for c in found if not c.startswith(ACTOR)}, {c[1:] for c in found if c.startswith(ACTOR)}


def features(text: str, tokens: list[str] | None = None,
             language: str | None = None) -> tuple[float, float, float, float]:
    """The ``states`` kind's columns (:data:`FEATURES`): the distinct states named (capped,
    scaled to 0..1), whether two or more are named, whether an international actor is, and
    the distinct states named other than the :data:`HOME` states of the comment's language."""
    states, actors = named(text, tokens, language)
    foreign = states - HOME.get(language or "", frozenset())
    return (min(len(states), COUNT_CAP) / COUNT_CAP, float(len(states) >= 2), float(bool(actors)),
            min(len(foreign), COUNT_CAP) / COUNT_CAP)
