"""Term lists matched against comment words: the engine behind topic seed terms and
tone lexicons.

A term is matched on lower-cased word tokens (hyphenated compounds are also split
into their parts):

* ``sanktion``   — a word starting with it (Sanktion, Sanktionspolitik),
* ``*sanktion``  — it anywhere inside a word (US-Sanktionen, Wirtschaftssanktion),
* ``=eu``        — exactly this word,
* ``custom rom`` — consecutive words (the last one as a prefix),
* ``us-``        — the first part of a hyphenated compound (US-Sanktionen, not "use"),
* ``adb*``       — a prefix even though it is short,
* ``~krieg``     — a word whose lemma (simplemma, in the comment's language, read with
  its written case) is this: Krieg, Kriege, Kriegs — not the verb "kriegen", which the
  prefix ``krieg`` would also match.

A term the tokenizer would split (digits split from letters: ``co2`` is read as "co", "2";
``z.b`` as "z", "b") is matched as the phrase of those words, whole-word when the term is
(``=g7`` does not match "G70"); one it reads as no word or as one other word (``c++``)
can never match and is listed in ``Lexicon.unmatchable``.

A term may belong to one language (``Term.language`` "de" or "en"): it is matched only
in comments of that language (and in comments whose language is unknown).

Precise matching: a term of three letters or fewer (``adb``, ``agb``) matches the whole
word only, unless it ends in ``*``; a whole-word term (``=root``, short terms) matches a
hyphenated compound only as its first part ("Root-Rechte", "EU-Kommission"), not as a
later one ("--no-preserve-root", "Anti-Root").

Matching is per distinct word and cached, so a large corpus costs one dictionary
look-up per word.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import compress, islice, repeat
from operator import and_, getitem, is_, not_

from comments.text.tokens import INVISIBLE, Tokens, tokenize, words

LANGUAGES = ("de", "en")
LEMMA_MAX = 64  # longer words (pathological input) are not lemmatised
_CASED_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*", re.UNICODE)


@dataclass(frozen=True)
class Term:
    text: str
    category: str
    weight: float = 1.0
    language: str | None = None  # "de" or "en": matched only in comments of that language

    @property
    def parts(self) -> list[str]:
        return self.text.lstrip("=*~").replace("-", " ").split()


@lru_cache(maxsize=1 << 18)
def lemma(word: str, language: str) -> str:
    """simplemma's lemma of a written word (case kept: German nouns are capitalised),
    lower-cased."""
    import simplemma

    return simplemma.lemmatize(word, lang=language).lower()


#: a personal pronoun after a capitalised first word makes it a verb ("Kriegen wir das hin?"), not a noun
_PRONOUN_AFTER = re.compile(r"[ \t]+(?:wir|ich|du|sie|er|es|ihr|man)\b", re.IGNORECASE)
_SENTENCE_END = frozenset(".!?:;\n\"„“»«()-–—")


def _written_forms(text: str) -> set[str]:
    """The distinct words of ``text`` as written for lemmatising; a capitalised word opening a
    sentence and followed by a personal pronoun is read lower-cased (a verb put first: "Kriegen wir
    das hin?", "KRIEGEN WIR …" — the noun would be "Kriegen in Afrika")."""
    out: set[str] = set()
    for m in _CASED_WORD.finditer(text):
        word = m.group()
        if word[0].isupper() and _PRONOUN_AFTER.match(text, m.end()) is not None:
            i = m.start() - 1
            while i >= 0 and text[i].isspace():  # (each run of spaces is passed once: linear)
                i -= 1
            if i < 0 or text[i] in _SENTENCE_END:
                word = word.lower()
        out.add(word)
    return out


def _case_forms(word: str, language: str) -> tuple[str, ...]:
    """The forms of a written word to lemmatise: as written, and an all-caps word ("KRIEG",
    "HANDYS") also as a German noun is written (capitalised) and lower-cased (its case tells
    simplemma nothing)."""
    if len(word) > 1 and word.isupper():
        return (word.capitalize(), word.lower()) if language == "de" else (word.lower(),)
    return (word,)


@dataclass
class Lexicon:
    """Categories of weighted terms; ``scores`` gives, per category, the evidence found
    in a text."""

    terms: list[Term]
    _prefix: dict[str, list[Term]] = field(default_factory=dict, repr=False)
    _exact: dict[str, list[Term]] = field(default_factory=dict, repr=False)
    _infix: list[tuple[str, Term]] = field(default_factory=list, repr=False)
    _phrases: dict[str, list[tuple[list[str], Term]]] = field(default_factory=dict, repr=False)
    _cache: dict[str, tuple[Term, ...]] = field(default_factory=dict, repr=False)
    _token_cache: dict[str, tuple[tuple[str, float], ...]] = field(default_factory=dict, repr=False)
    _phrase_starts: frozenset[str] = frozenset()
    #: first word of a phrase → its phrases' second parts (a word that follows it starts with one)
    _phrase_seconds: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False)
    _no_hits: set[str] = field(default_factory=set, repr=False)  # words known to match no term
    _heads: dict[str, list[Term]] = field(default_factory=dict, repr=False)  # ``us-``: compound heads
    _whole: set[Term] = field(default_factory=set, repr=False)  # terms that match whole words only
    _longest_prefix: int = 0  # no prefix term is longer: longer prefixes of a word need no look-up
    _prefix_heads: frozenset[str] = frozenset()  # every beginning of a prefix term (the prefix loop's stop)
    _any_infix: re.Pattern = field(default=re.compile(""), repr=False)  # any infix term's text, in one search
    _lemmas: dict[str, list[Term]] = field(default_factory=dict, repr=False)  # ``~krieg``: lemma → terms
    _languages: dict[str | None, Lexicon] = field(default_factory=dict, repr=False)  # per comment language
    _tagged: bool = False  # some terms belong to one language
    _lemma_languages: tuple[str, ...] = LANGUAGES  # lemmatised in these (one: a per-language lexicon)
    #: terms no comment can match (the tokenizer never gives their words), each with why
    unmatchable: list[tuple[Term, str]] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self._tagged = any(t.language for t in self.terms)
        for term in self.terms:
            if term.text.startswith("~") and term.parts:
                self._lemmas.setdefault(" ".join(term.parts), []).append(term)
                continue
            mode = term.text[0] if term.text[0] in "=*" else ""
            parts = term.parts
            if not parts:  # only markers or hyphens ("*", "=", "~", "-"): no word to match
                self.unmatchable.append((term, "the tokenizer reads it as no word"))
                continue
            compiled = _compiled(parts) if mode != "*" else None
            if compiled is not None:  # "co2": the tokenizer gives "co", "2", so it is matched as that phrase
                if len(compiled) < 2:
                    self.unmatchable.append((term, f"the tokenizer reads it as {' '.join(compiled) or 'no word'}"))
                    continue
                parts = compiled
                if mode == "=" or len(term.text) <= SHORT or compiled[-1].isdigit():  # whole words, as =g7
                    self._whole.add(term)
            if len(parts) == 1 and mode == "" and term.text.endswith("-"):
                self._heads.setdefault(parts[0], []).append(term)
            elif len(parts) > 1:
                self._phrases.setdefault(parts[0], []).append((parts, term))
            elif parts and mode == "" and parts[0].endswith("*"):
                self._prefix.setdefault(parts[0].rstrip("*"), []).append(term)
            elif parts and (mode == "=" or (mode == "" and len(parts[0]) <= SHORT)):
                self._exact.setdefault(parts[0], []).append(term)
                self._whole.add(term)
            elif parts and mode == "*":
                self._infix.append((parts[0], term))
            elif parts:
                self._prefix.setdefault(parts[0], []).append(term)
        self._phrase_starts = frozenset(self._phrases)
        self._longest_prefix = max(map(len, self._prefix), default=0)
        self._prefix_heads = frozenset(key[:end] for key in self._prefix for end in range(1, len(key) + 1))
        self._any_infix = re.compile("|".join(re.escape(text) for text, _ in self._infix))
        self._phrase_seconds = {first: tuple(sorted({parts[1] for parts, _ in entries}))
                                for first, entries in self._phrases.items()}

    @property
    def categories(self) -> list[str]:
        return sorted({t.category for t in self.terms})

    def _hits(self, word: str) -> tuple[Term, ...]:
        hit = self._cache.get(word)
        if hit is None:
            found = list(self._exact.get(word, ()))
            heads = self._prefix_heads
            for end in range(1, min(len(word), self._longest_prefix) + 1):  # prefix terms: every prefix of the word
                head = word[:end]
                if head not in heads:  # (begins no prefix term: no longer prefix is one)
                    break
                found.extend(self._prefix.get(head, ()))
            if self._infix and self._any_infix.search(word) is not None:  # (most words hold none)
                found.extend(term for text, term in self._infix if text in word)
            hit = tuple(found)
            if len(self._cache) < 1_000_000:
                self._cache[word] = hit
        return hit

    def _phrase_hits(self, tokens: list[str]) -> set[Term]:
        """Multi-word terms present in ``tokens`` (hyphens split like spaces). Only the
        places where a phrase's first word is followed by a word starting with one of its
        phrases' second parts are looked at (found in C: phrase starts such as "die" or
        "the" are common words; their followers rarely fit)."""
        flat = tokens.flat if isinstance(tokens, Tokens) else Tokens(tokens).flat
        if len(flat) < 2:
            return set()
        return self._phrases_at(flat, compress(range(len(flat) - 1), map(self._phrase_starts.__contains__, flat)))

    def _phrases_at(self, flat: list[str], places: Iterable[int]) -> set[Term]:
        """The multi-word terms that begin at ``places`` of ``flat`` (words with hyphens
        split), each place a phrase's first word followed by another word."""
        hits: set[Term] = set()
        seconds = self._phrase_seconds
        phrases = self._phrases
        size = len(flat)
        for i in places:
            first = flat[i]
            if flat[i + 1].startswith(seconds[first]):
                for parts, term in phrases[first]:
                    n = len(parts)
                    if (i + n <= size and flat[i + n - 1].startswith(parts[-1]) and flat[i:i + n - 1] == parts[:-1]
                            and (flat[i + n - 1] == parts[-1] or term not in self._whole)):
                        hits.add(term)
        return hits

    @property
    def phrase_seconds(self) -> tuple[str, ...]:
        """Every phrase's second part (a word that can follow a phrase start starts with one)."""
        return tuple(sorted({second for seconds in self._phrase_seconds.values() for second in seconds}))

    def _token_hits(self, token: str) -> tuple[tuple[str, float], ...]:
        """(category, strongest weight) for a token and its hyphen parts (cached);
        whole-word terms match only the token or its first part."""
        hit = self._token_cache.get(token)
        if hit is None:
            best: dict[str, float] = {}
            for n, piece in enumerate(_pieces(token)):
                for term in self._hits(piece):
                    if n < 2 or term not in self._whole:
                        best[term.category] = max(best.get(term.category, 0.0), term.weight)
            if "-" in token:
                for term in self._heads.get(token.split("-", 1)[0], ()):
                    best[term.category] = max(best.get(term.category, 0.0), term.weight)
            hit = tuple(best.items())
            if not hit and len(self._no_hits) < 1_000_000:
                self._no_hits.add(token)
            elif len(self._token_cache) < 1_000_000:
                self._token_cache[token] = hit
        return hit

    def token_hits_many(self, tokens: list[str]) -> list[tuple[tuple[str, float], ...]]:
        """``[self._token_hits(t) for t in tokens]`` (the same caches filled): the tokens without a
        hyphen that match no term — most words seen for the first time — are told apart together by
        compiled maps (:meth:`_match_none`) instead of a prefix loop each; the others as before."""
        out = list(map(self._token_cache.get, tokens))
        no_hits = self._no_hits
        asked = []
        for k in compress(range(len(tokens)), map(is_, out, repeat(None))):
            if tokens[k] in no_hits:
                out[k] = ()
            elif "-" not in tokens[k]:
                asked.append(k)
        plain = [tokens[k] for k in asked]
        none = self._match_none(plain)
        for k, word, empty in zip(asked, plain, none):
            if empty:
                out[k] = ()
        gone = list(compress(plain, none))
        self._cache.update(zip(islice(gone, max(0, 1_000_000 - len(self._cache))), repeat(())))  # (as _hits keeps them)
        no_hits.update(islice(gone, max(0, 1_000_000 - len(no_hits))))
        return [self._token_hits(t) if hit is None else hit for t, hit in zip(tokens, out)]

    def _match_none(self, words: list[str]) -> list[bool]:
        """Whether each word (one without a hyphen) matches no term (:meth:`_hits` finds none): it
        is no exact term, holds no infix term and begins with no prefix term (each word tried against
        the prefix terms that begin as it does, :func:`begins_with_any`), in compiled code."""
        none = list(map(not_, map(self._exact.__contains__, words)))
        if self._infix:
            none = list(map(and_, none, map(is_, map(self._any_infix.search, words), repeat(None))))
        if self._begins_prefix is not None:
            none = list(map(and_, none, map(not_, self._begins_prefix(words))))
        return none

    @property
    def _begins_prefix(self) -> Callable[[list[str]], list[bool]] | None:
        """words → whether a prefix term begins each (:func:`begins_with_any`; None: no prefix term)."""
        try:
            return self.__dict__["_prefix_test"]
        except KeyError:
            keys = tuple(key for key in self._prefix if key)  # (the prefix loop reads heads of one letter on)
            found = self.__dict__["_prefix_test"] = begins_with_any(keys) if keys else None
            return found

    def for_language(self, language: str | None) -> Lexicon:
        """The terms that apply to a comment in ``language`` (all when it is neither German
        nor English, or when no term belongs to one language)."""
        if not (self._tagged or self._lemmas) or language not in LANGUAGES:
            return self
        found = self._languages.get(language)
        if found is None:
            found = self._languages[language] = Lexicon(
                [Term(t.text, t.category, t.weight) for t in self.terms if t.language in (None, language)])
            found._lemma_languages = (language,)
        return found

    def _lemma_hits(self, text: str) -> dict[str, float]:
        """category → weight of the distinct lemma terms (``~krieg``) found in ``text``."""
        found: set[Term] = set()
        if INVISIBLE.search(text) is not None:
            text = INVISIBLE.sub("", text)  # "Kriegs\u00adgefahr" is one word, as the tokenizer reads it
        for written in _written_forms(text):
            if len(written) > LEMMA_MAX:  # no lemma to find; simplemma's affix search is slow on huge "words"
                continue
            # like whole-word terms: a hyphenated compound matches as a whole or by its first part
            for word in (written, written.split("-", 1)[0]) if "-" in written else (written,):
                for language in self._lemma_languages:
                    for form in _case_forms(word, language):
                        found.update(self._lemmas.get(lemma(form, language), ()))
        out: dict[str, float] = {}
        for term in found:
            out[term.category] = out.get(term.category, 0.0) + term.weight
        return out

    def scores(self, text: str, tokens: list[str] | None = None, language: str | None = None) -> dict[str, float]:
        """category → evidence: per distinct word, the weight of the strongest term it
        matches (overlapping terms such as "kuba" and "kuban" count once), plus phrases
        and lemma terms; ``language``: the comment's (see :meth:`for_language`)."""
        if language in LANGUAGES and (self._tagged or self._lemmas):
            return self.for_language(language).scores(text, tokens)
        tokens = tokenize(text) if tokens is None else tokens
        out: dict[str, float] = {}
        distinct = tokens.distinct if isinstance(tokens, Tokens) else set(tokens)
        for token in distinct.difference(self._no_hits):  # most words match nothing: skipped in C
            hits = self._token_cache.get(token)
            if hits is None:
                hits = self._token_hits(token)
            for category, weight in hits:
                out[category] = out.get(category, 0.0) + weight
        hyphenated = ("-" in text or not text) and any("-" in t for t in distinct)  # text: a quick pre-test
        if hyphenated or not self._phrase_starts.isdisjoint(distinct):
            for term in self._phrase_hits(tokens):
                out[term.category] = out.get(term.category, 0.0) + term.weight
        if self._lemmas:
            for category, weight in self._lemma_hits(text).items():
                out[category] = out.get(category, 0.0) + weight
        return out


SHORT = 3  # terms this short match whole words only (unless written ``adb*``)


def _compiled(parts: list[str]) -> list[str] | None:
    """The words the tokenizer gives for a term's parts when they differ from the parts
    (digits split from letters: "co2" → "co", "2"; "3rd" → "3", "rd"), else None; the
    tokenizer itself is unchanged (shipped models depend on its output)."""
    if not parts:  # only hyphens or markers
        return []
    body = parts[:-1] + [parts[-1][:-1] if parts[-1].endswith("*") else parts[-1]]
    found = [w for part in body for w in words(part)]
    return None if found == body else found


def begins_with_any(prefixes: tuple[str, ...]) -> Callable[[list[str]], list[bool]]:
    """words → ``[w.startswith(prefixes) for w in words]``, each word tried only against the prefixes
    that begin as it does (their first characters, as many as the shortest prefix has, up to three: a
    dictionary look-up), in compiled code: no Python step per word, and a few tries instead of one per
    prefix (a lexicon has hundreds)."""
    size = min(3, min(map(len, prefixes), default=0))
    if not prefixes:
        return lambda words: [False] * len(words)
    if not size:  # (the empty prefix begins every word)
        return lambda words: [True] * len(words)
    by_head: dict[str, tuple[str, ...]] = {}
    for prefix in prefixes:
        by_head[prefix[:size]] = by_head.get(prefix[:size], ()) + (prefix,)
    cut = slice(None, size)
    return lambda words: list(map(str.startswith, words, map(by_head.get, map(getitem, words, repeat(cut)), repeat(()))))


def _pieces(token: str) -> Iterable[str]:
    yield token
    if "-" in token:
        yield from (p for p in token.split("-") if p)


def build(categories: dict[str, Iterable[str]], weights: dict[str, float] | None = None) -> Lexicon:
    """A lexicon from ``{category: [terms]}``; ``weights`` per category (default 1)."""
    weights = weights or {}
    return Lexicon([Term(t.lower().strip(), cat, weights.get(cat, 1.0)) for cat, ts in categories.items()
                    for t in ts if t.strip()])
