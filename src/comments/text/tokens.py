"""Words of a comment: tokenising, case folding, Snowball stems and stop words (all
offline: the Snowball stemmers of PyStemmer and NLTK need no data download, stop words
come from the ``stop-words`` package)."""

from __future__ import annotations

import re
from collections import Counter
from collections import _count_elements as tally  # Counter.update of an iterable, without its per-call checks
from functools import lru_cache

WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*|\d+(?:[.,]\d+)?", re.UNICODE)

#: what writers type for an apostrophe besides ' : the typographic ’ and ‘, the modifier letter ʼ, and the accents
#: ´ and ` a German keyboard offers next to it ("geht`s", "tut´s", "don´t": 62 such words in the corpora and training
#: texts); :func:`straight_apostrophes` makes each a ' where words are matched across them (quotes, stop words).
#: ``WORD`` and what ``classify`` reads keep them as they are.
APOSTROPHES = "’‘ʼ´`"


def straight_apostrophes(text: str) -> str:
    """``text`` with every apostrophe of ``APOSTROPHES`` as ' (one character for one: positions kept), so "kann`s",
    "kann´s" and "kann's" are one word to a matcher: a reply typed with ' quotes a parent written with ` or ’.
    (A substring test and ``replace`` per mark: C scans, where ``str.translate`` looks up every character.)"""
    if text.isascii():
        return text.replace("`", "'") if "`" in text else text
    for mark in APOSTROPHES:
        if mark in text:
            text = text.replace(mark, "'")
    return text


#: what may surround a word inside a whitespace-separated chunk ("(Hallo," "„so“"): no letter
#: or digit, so no ``WORD`` match can start at one of these or take one in at its edges
EDGES = "".join(c for c in map(chr, range(33, 127)) if not c.isalnum()) + "“”„‚‘’«»…–—·•¡¿"


#: invisible format characters that join a word's parts as written: soft hyphen (U+00AD, "&shy;" on news
#: sites), zero-width space and non-joiner, word joiner, zero-width no-break space; left out of a word
#: ("Boot\u00adloader" is "bootloader"; the comment's text keeps them)
INVISIBLE = re.compile("[\u00ad\u200b\u200c\u2060\ufeff]")


def _joined(word: str) -> list[str]:
    """The tokens of a chunk (edges stripped) that is not one plain word: invisible characters
    left out first."""
    if not word.isascii() and INVISIBLE.search(word) is not None:
        word = INVISIBLE.sub("", word).strip(EDGES)
        if word.isalpha():
            return [word]
    return WORD.findall(word) if word else []


def words(text: str) -> list[str]:
    """Lower-case word tokens (hyphenated compounds kept whole, numbers kept): the
    matches of ``WORD`` in the lower-cased text, found chunk by chunk (no match spans
    whitespace). A chunk that is a plain word once ``EDGES`` are stripped from its ends
    (most are) is that one token; only the others go through the regex."""
    return cased_words(text.lower())


def cased_words(text: str) -> list[str]:
    """:func:`words` with the case kept (for a lemmatiser, which tells German nouns from
    verbs by case; ``words`` is this of the lower-cased text)."""
    out: list[str] = []
    for chunk in text.split():
        word = chunk.strip(EDGES)
        if word.isalpha():
            out.append(word)
        elif word:
            out.extend(_joined(word))
    return out


#: a placeholder a data set writes for what it took out ("|LBR|", GermEval's line break): no word
PLACEHOLDER = re.compile(r"\|[A-Z]+\|")
#: GermEval's placeholder for a line break in a comment (its data sets are one comment a line)
LINE_BREAK = "|LBR|"


def chunk_words(chunk: str) -> list[str]:
    """The word tokens :func:`words` finds in one lower-cased chunk of text without
    whitespace (``words`` inlines this, being the hot path)."""
    word = chunk.strip(EDGES)
    return [word] if word.isalpha() else _joined(word)


def first_word(text: str) -> str | None:
    """``words(text)[0]`` (None when there is none), without tokenising the rest."""
    for chunk in text.lower().split():
        word = chunk.strip(EDGES)
        if word.isalpha():
            return word
        if word and (found := _joined(word)):
            return found[0]
    return None


_UNSPLIT: list[str] = []  # marks Tokens whose flat view is themselves


class Tokens(list):
    """``words(text)`` with the derived views the lexicons need, computed once. It has no
    ``__init__`` of its own (made as fast as a list: :meth:`TokenTable.tokenize_many
    <comments.text.token_table.TokenTable.tokenize_many>` makes one per comment); each view's
    slot is set on first use."""

    __slots__ = ("_distinct", "_flat")

    @property
    def distinct(self) -> set[str]:
        try:
            return self._distinct
        except AttributeError:
            found = self._distinct = set(self)
            return found

    @property
    def flat(self) -> list[str]:
        """Hyphenated compounds split into their parts (the tokens joined by hyphens and split
        at every hyphen, empty parts left out: the same parts as splitting token by token, in C)."""
        try:
            found = self._flat
        except AttributeError:
            found = self._flat = list(filter(None, "-".join(self).split("-")))
        return self if found is _UNSPLIT else found


def tokenize(text: str) -> Tokens:
    tokens = Tokens(words(text))
    if "-" not in text:
        tokens._flat = _UNSPLIT  # no compound to split (not ``tokens`` itself: a reference cycle
        # would outlive the batch while the garbage collector is paused)
    return tokens


@lru_cache(maxsize=4)
def _stemmer(language: str):
    """A language's Snowball ``stem`` function. German: PyStemmer's compiled Snowball 2.2,
    which gives NLTK's stems (the shipped models were trained with NLTK's pure-Python
    ``SnowballStemmer``) at a fraction of the cost: no difference on the 1.2 million word
    forms of simplemma's German and English dictionaries nor on any corpus's words
    (benchmarks/stem_check.py), so PyStemmer < 3 (Snowball 3 changed the algorithm).
    English: NLTK's, whose stems differ from Snowball's on words such as "realization" and
    "relationally" (NLTK keeps "realize", "relate")."""
    if language == "de":
        import Stemmer

        return Stemmer.Stemmer("german", 0).stemWord  # (no cache of its own: ``stem`` has one)
    from nltk.stem.snowball import SnowballStemmer

    return SnowballStemmer("english").stem


@lru_cache(maxsize=1 << 18)
def stem(word: str, language: str = "de") -> str:
    """Snowball stem of a lower-case word (cached: comment vocabularies repeat)."""
    return _stemmer("de" if language == "de" else "en")(word.lower() if language == "de" else word)


@lru_cache(maxsize=4)
def stop_words(language: str) -> frozenset[str]:
    from stop_words import get_stop_words

    return frozenset(get_stop_words("german" if language == "de" else "english"))


#: English function words: pronouns, determiners, auxiliaries and modals, prepositions, conjunctions, a few
#: adverbs of degree, place and time, and the contractions the tokenizer keeps whole ("don't", "we'll"): the
#: Snowball English stop list with modals and indefinite pronouns added, the kind and size of the German list
#: (``stop_words("de")``, 263 words: the same kind). ``stop_words("en")`` (1,333 words) also holds content
#: words such as problem, work, name, new, old, good, need, know, look and changes, so "Thanks. We'll look into
#: it! Let us know if anything changes." had no content word at all.
_EN_FUNCTION = """i me my myself mine we us our ours ourselves you your yours yourself yourselves he him his himself
she her hers herself it its itself they them their theirs themselves one oneself what which who whom whose this that
these those am is are was were be been being have has had having do does did doing done would should could ought
will shall can cannot may might must a an the and but if or nor because as until while of at by for with about
against between into through during before after above below to from up down in out on off over under again
further then once here there when where why how all any both each few more most other others another some such no
not only own same so than too very just also even still yet now ever never always else either neither whether
though although since unless upon within without via per among toward towards onto across along around beyond
behind beside besides despite except inside outside throughout till every much many several enough anything
something nothing everything anyone someone everyone nobody none anybody somebody everybody whatever whoever
whichever however therefore thus hence etc""".split()
_EN_FUNCTION += [f"{w}'{end}" for w, ends in (
    ("i", "m ve d ll"), ("you", "re ve d ll"), ("he", "s d ll"), ("she", "s d ll"), ("it", "s d ll"),
    ("we", "re ve d ll"), ("they", "re ve d ll"), ("that", "s d ll"), ("there", "s d ll re"), ("here", "s"),
    ("who", "s d ll ve"), ("what", "s d ll re ve"), ("where", "s d"), ("when", "s d"), ("why", "s d"), ("how", "s d"),
    ("let", "s"), ("would", "ve"), ("should", "ve"), ("could", "ve"), ("might", "ve"), ("must", "ve"))
    for end in ends.split()]
_EN_FUNCTION += [f"{w}n't" for w in "is are was were has have had does do did wo would sha should ca could must might need "
                 "ai".split()]
_EN_FUNCTION += [w.replace("'", "\u2019") for w in _EN_FUNCTION if "'" in w]  # the typographic apostrophe too


@lru_cache(maxsize=4)
def function_words(language: str) -> frozenset[str]:
    """The words drift leaves out as carrying no content (``comments.text.similarity``): the
    German stop list, or :data:`_EN_FUNCTION` for English; both function words only, so a
    short English reply keeps its nouns and verbs ("name", "look", "changes")."""
    return stop_words("de") if language == "de" else frozenset(_EN_FUNCTION)


def content_words(text: str, language: str = "de", numbers: bool = True, function_only: bool = False) -> list[str]:
    """Words that carry content: no stop words (``function_only``: no function words, drift's
    :func:`function_words`), no one-letter words (nor numbers if ``numbers`` is False)."""
    stops = function_words(language) if function_only else stop_words(language)
    return [w for w in words(text) if w not in stops and len(w) > 1 and (numbers or not w.isdigit())]


class _WordStems(dict):
    """word → (word, its stem), or None for a word ``content_words(numbers=False)`` leaves
    out (stop word, one letter, number): one language's table of a run's :class:`Stems`,
    sharing its (word, language) → stem cache, filled on a word's first sight (the pair made
    once: a repeated word costs one lookup, not a lookup and a new tuple)."""

    def __init__(self, stem_of: dict[tuple[str, str], str], language: str) -> None:
        super().__init__()
        self.stem_of, self.language, self.stops = stem_of, language, stop_words(language)

    def __missing__(self, word: str) -> tuple[str, str] | None:
        pair = None
        if word not in self.stops and len(word) > 1 and not word.isdigit():
            key = (word, self.language)
            found = self.stem_of.get(key)
            if found is None:
                found = self.stem_of[key] = stem(word, self.language)
            pair = (word, found)
        self[word] = pair
        return pair


class Stems:
    """Each comment's content-word stems (stop words, one-letter words and numbers left
    out), computed once per run, and the written forms seen for every stem (so tables
    can show "möglich" rather than the stem "moglich")."""

    def __init__(self) -> None:
        self._by_comment: dict[int, list[str]] = {}
        self._counts: Counter = Counter()  # written form → occurrences
        self._stem_of: dict[tuple[str, str], str] = {}
        self._surface: dict[str, str] | None = None
        self._words: dict[str, _WordStems] = {}  # language → word → (word, stem) (None: a word left out)

    def of(self, comment) -> list[str]:
        key = id(comment)
        found = self._by_comment.get(key)
        if found is None:
            found = self.of_text(comment.text, comment.language or "de")
            self._by_comment[key] = found
        return found

    def of_text(self, text: str, language: str = "de") -> list[str]:
        kept = content_words(text, language, numbers=False)
        self._counts.update(kept)
        self._surface = None
        cache = self._stem_of
        out = []
        for w in kept:
            s = cache.get((w, language))
            if s is None:
                s = cache[(w, language)] = stem(w, language)
            out.append(s)
        return out

    def of_words(self, tokens: list[str], language: str = "de") -> list[str]:
        """``of_text`` of the text whose ``words`` are ``tokens``, each distinct word looked
        at once per run (a repeated word costs one dict lookup)."""
        return [s for _, s in self.forms_of_words(tokens, language)]

    def forms_of_words(self, tokens: list[str], language: str = "de") -> list[tuple[str, str]]:
        """``of_words`` as (written form, stem) pairs, so that a table can name a stem by the
        form a given set of comments uses most (a topic's "Krieg", not the corpus's "kriegen")."""
        table = self._words.get(language)
        if table is None:
            table = self._words[language] = _WordStems(self._stem_of, language)
        pairs = [p for p in map(table.__getitem__, tokens) if p is not None]
        tally(self._counts, [w for w, _ in pairs])
        self._surface = None
        return pairs

    def surface(self, stem_: str) -> str:
        if self._surface is None:
            best: dict[str, tuple[int, str]] = {}
            for (word, _), s in self._stem_of.items():
                n = self._counts.get(word, 0)
                if s not in best or (n, word) > best[s]:
                    best[s] = (n, word)
            self._surface = {s: w for s, (_, w) in best.items()}
        return self._surface.get(stem_, stem_)

    def __getstate__(self) -> dict:
        """Pickled (sent back by a Dask worker) without the per-comment cache, whose keys
        are object ids that mean nothing in another process."""
        return {**self.__dict__, "_by_comment": {}, "_surface": None}

    def merge(self, other: Stems) -> None:
        """Add the written forms another process's Stems saw, so that ``surface`` names
        every stem as one process reading all the texts would."""
        self._counts.update(other._counts)
        self._stem_of.update(other._stem_of)
        self._surface = None
