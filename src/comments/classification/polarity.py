"""Polarity (−1..1): textblob-de's German lexicon (and TextBlob's English one) applied
directly, with what colloquial comment language needs on top.

textblob-de looks words up by their exact form, so "dummer" or "verlogener" count for
nothing, and it runs at ~600 comments/s. Here the same lexicon is read once
(``defusedxml``), every entry is also indexed by its Snowball stem, and a comment is
scored with one dictionary look-up per word: negation ("nicht gut"), intensifiers
("sehr schlecht") and a list of colloquial words the lexicon lacks ("Quatsch",
"Abzocke", "geht gar nicht") are handled. The tone model then adds stance
(``tone._result``): blame is never positive, a purely informative comment never negative.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from itertools import compress, repeat
from operator import eq, not_
from importlib.util import find_spec
from pathlib import Path

from comments.text.tokens import stem, words

_ENGLISH = {"en": "en"}  # (read_languages: any other language, None too, is read as German)


def read_languages(languages: list[str | None]) -> list[str]:
    """Each comment's language as the polarity lexicon and the tone cues read it: ``en`` for English,
    else ``de`` (``tone.cue_language`` of each), by a C-level map (no Python call per comment)."""
    return list(map(_ENGLISH.get, languages, repeat("de")))

NEGATIONS = frozenset("nicht kein keine keinen keinem keiner keines nie niemals nichts ohne weder "
                      "not no never none nothing without n't cannot".split())
INTENSIFIERS = {"sehr": 1.5, "total": 1.5, "extrem": 1.8, "absolut": 1.6, "völlig": 1.6, "äußerst": 1.7,
                "echt": 1.3, "wirklich": 1.3, "ziemlich": 1.2, "so": 1.2, "zu": 1.2, "richtig": 1.3,
                "mega": 1.5, "super": 1.5, "voll": 1.3, "very": 1.5, "really": 1.3, "extremely": 1.8,
                "totally": 1.5, "absolutely": 1.6, "so much": 1.3, "too": 1.2, "quite": 1.1}
DOWNTONERS = {"etwas": 0.6, "bisschen": 0.6, "kaum": 0.5, "eher": 0.8, "slightly": 0.6, "somewhat": 0.7}

#: German words comment sections use that the lexicon misses or misjudges (polarity −1..1).
COLLOQUIAL = {
    # German, negative
    "quatsch": -0.8, "unsinn": -0.8, "blödsinn": -0.9, "schwachsinn": -1.0, "mist": -0.8, "müll": -0.8,
    "schrott": -0.9, "murks": -0.8, "abzocke": -1.0, "frechheit": -0.9, "skandal": -0.8, "sauerei": -0.9,
    "lächerlich": -0.8, "peinlich": -0.7, "erbärmlich": -1.0, "armselig": -0.9, "leider": -0.5, "schade": -0.5,
    "problem": -0.4, "probleme": -0.4, "sinnlos": -0.7, "nervig": -0.6, "dumm": -0.8, "blöd": -0.7,
    "bescheuert": -0.9, "idiot": -1.0, "idioten": -1.0, "depp": -0.9, "lüge": -0.9, "lügen": -0.9,
    "lügner": -1.0, "verlogen": -1.0, "heuchler": -0.9, "korrupt": -0.9, "katastrophe": -0.9, "desaster": -0.9,
    "versagen": -0.8, "versagt": -0.8, "unverschämt": -0.9, "dreist": -0.7, "widerlich": -1.0, "ekelhaft": -1.0,
    "zum kotzen": -1.0, "kotzen": -0.9, "scheiße": -1.0, "scheiß": -0.9, "scheisse": -1.0, "kacke": -0.9,
    "unfassbar": -0.6, "unglaublich": -0.4, "traurig": -0.7, "wütend": -0.8, "angst": -0.6, "gefahr": -0.6,
    "gefährlich": -0.7, "schlimm": -0.8, "schlimmer": -0.8, "schlecht": -0.8, "schlechter": -0.8, "mies": -0.8,
    "übel": -0.7, "übler": -0.7, "hetze": -0.9, "propaganda": -0.7, "zensur": -0.7, "diktatur": -0.8,
    "sperre": -0.4, "gesperrt": -0.5, "unbrauchbar": -0.8, "krieg": -0.6, "leiden": -0.6, "opfer": -0.5,
    "ungerecht": -0.8, "unfair": -0.8, "falsch": -0.6, "fehler": -0.5, "versager": -1.0, "witz": -0.3,
    "bedroht": -0.5, "bedrohung": -0.6, "gewalt": -0.7, "mord": -0.9, "tot": -0.6, "töten": -0.9,
    "verbrecher": -1.0, "kriminell": -0.9, "betrug": -0.9, "betrüger": -1.0, "abschaum": -1.0, "pack": -0.6,
    "unmöglich": -0.5, "nix": -0.3, "nie": -0.2, "verarschen": -0.9, "verarsche": -0.9, "gelaber": -0.7,
    "jammern": -0.5, "heulen": -0.5, "schande": -0.9, "schämen": -0.7, "arrogant": -0.8, "ignorant": -0.8,
    "naiv": -0.5, "panik": -0.6, "chaos": -0.6, "zwang": -0.5, "zwangs": -0.5, "willkür": -0.8,
    "bürokratie": -0.3, "steuergeld": -0.2, "pleite": -0.6, "krise": -0.5, "armut": -0.6,
    # German, positive
    "danke": 0.6, "super": 0.7, "toll": 0.7, "tolle": 0.7, "toller": 0.7, "tollen": 0.7, "tolles": 0.7, "klasse": 0.7, "prima": 0.7, "spitze": 0.8, "genial": 0.8,
    "gut": 0.6, "gute": 0.6, "guter": 0.6, "gutes": 0.6, "besser": 0.4, "beste": 0.8, "bester": 0.8,
    "richtig": 0.3, "stimmt": 0.3, "freue": 0.6, "freut": 0.6, "schön": 0.6, "lustig": 0.4, "respekt": 0.6,
    "bravo": 0.7, "hilfreich": 0.6, "sinnvoll": 0.5, "vernünftig": 0.5, "interessant": 0.4, "spannend": 0.4,
    "gerne": 0.4, "liebe": 0.5, "lieben": 0.6, "perfekt": 0.9, "hervorragend": 0.9, "gelungen": 0.7,
}
#: English words the lexicon misses or misjudges; German comment sections use them too (loanwords).
COLLOQUIAL_EN = {
    "thanks": 0.5, "great": 0.8, "awesome": 0.9, "cool": 0.5, "nice": 0.6, "love": 0.6, "lol": 0.2,
    "crap": -0.8, "shit": -0.9, "sucks": -0.8, "scam": -0.9, "stupid": -0.8, "idiotic": -0.9, "ridiculous": -0.7,
    "illegal": -0.6, "unfortunately": -0.5, "sadly": -0.5, "greed": -0.7, "garbage": -0.8,
}
NEGATIVE_PHRASES = {"geht gar nicht": -0.9, "geht absolut gar nicht": -1.0, "kein wunder": -0.4,
                    "kopf schütteln": -0.7, "zum kotzen": -1.0, "keine ahnung": -0.5, "should be illegal": -0.8}


def _lexicon_path(package: str, name: str) -> Path | None:
    """A data file inside an installed package, found without importing the package
    (importing textblob-de imports NLTK: two seconds for a file path)."""
    spec = find_spec(package)
    for folder in (spec.submodule_search_locations or []) if spec else []:
        path = Path(folder) / name
        if path.is_file():
            return path
    return None


#: Frequent function words and adverbs the lexicons rate but comments use neutrally
#: ("einfach" = simply, "wohl" = probably, "sicher" = surely).
NEUTRAL = frozenset("""einfach wohl sicher eben halt ganz gleich schon bald genau natürlich offiziell international
deutlich direkt weiter weiterhin klar gerne gern sehr so mal doch ja nein eigentlich wirklich echt total richtig
frei freie freien allgemein möglich möglichst normal normalerweise besonders lieber like well right pretty just
even still sure free""".split())


def _read_xml(path: Path | None) -> dict[str, tuple[float, str]]:
    """word form → (mean polarity, part of speech) of the lexicon's entries for it."""
    if path is None:
        return {}
    import defusedxml.ElementTree as ET

    sums: dict[str, list[float]] = {}
    pos: dict[str, str] = {}
    for el in ET.parse(path).getroot().iter("word"):
        form = (el.get("form") or "").lower()
        try:
            value = float(el.get("polarity") or 0)
        except ValueError:
            continue
        if form and value:
            sums.setdefault(form, []).append(value)
            pos.setdefault(form, el.get("pos") or "")
    return {form: (sum(v) / len(v), pos[form]) for form, v in sums.items()}


@lru_cache(maxsize=1)
def _lexicons() -> dict[str, dict[str, tuple[float, str]]]:
    """Each language's lexicon as shipped: word form → (polarity, part of speech)."""
    return {"de": _read_xml(_lexicon_path("textblob_de", "data/de-sentiment.xml")),
            "en": _read_xml(_lexicon_path("textblob", "en/en-sentiment.xml"))}


@lru_cache(maxsize=2)
def lexicon(language: str = "de") -> tuple[dict[str, float], dict[str, float]]:
    """(word → polarity, adjective/verb stem → polarity) of one language: German
    comments are read with textblob-de's lexicon, our German words and the English
    loanwords (``COLLOQUIAL_EN``); English ones with TextBlob's lexicon and
    ``COLLOQUIAL_EN`` (so English "bad", "hell" or "war" never meet German text, nor
    German "also" or "mist" English text). Anything else is read as German."""
    from comments.text.tokens import stop_words

    language = "en" if language == "en" else "de"
    shipped = _lexicons()[language]
    colloquial = dict(COLLOQUIAL_EN) if language == "en" else {**COLLOQUIAL_EN, **COLLOQUIAL}
    table = {form: value for form, (value, _) in shipped.items()}
    table.update(colloquial)
    for word in NEUTRAL | stop_words(language):
        if word not in colloquial:
            table.pop(word, None)
    stems: dict[str, list[float]] = {}
    inflectable = {f: v for f, (v, p) in shipped.items() if p in ("JJ", "VB")}
    inflectable.update({k: v for k, v in colloquial.items() if " " not in k})
    for form, value in inflectable.items():
        root = stem(form, language)
        if len(form) >= 5 and len(root) >= 4 and form not in NEUTRAL:
            stems.setdefault(root, []).append(value)
    return table, {s: sum(v) / len(v) for s, v in stems.items()}


@lru_cache(maxsize=1 << 18)
def word_polarity(word: str, language: str = "de") -> float:
    """Polarity of one lower-case word in a language's lexicon: its own entry, else
    that of its Snowball stem (so inflected adjectives count: "dummer" → "dumm")."""
    table, stems = lexicon(language)
    value = table.get(word)
    if value is None and len(word) >= 5 and word not in NEUTRAL:
        root = stem(word, language)
        if word.startswith(root):  # the stemmer folds umlauts: "Geräte" must not meet "geraten"
            value = stems.get(root)
    return value or 0.0


_NEGATE, _BOOST = "negate", "boost"
#: per language: token → its polarity (0.0: none), _NEGATE, or (_BOOST, factor, polarity when it ends the text)
_ROLES: dict[str, dict[str, object]] = {"de": {}, "en": {}}
_ZERO: dict[str, set[str]] = {"de": set(), "en": set()}  # tokens known to play no part in :func:`polarity`


def _role(token: str, language: str) -> object:
    """What a token does in :func:`polarity`, stored in ``_ROLES`` (vocabularies repeat)."""
    if token in NEGATIONS:
        role: object = _NEGATE
    elif token in INTENSIFIERS:  # "super" intensifies, or is praise at the end
        role = (_BOOST, INTENSIFIERS[token], word_polarity(token, language) if token not in DOWNTONERS else None)
    elif token in DOWNTONERS:
        role = (_BOOST, DOWNTONERS[token], None)
    else:
        role = word_polarity(token, language)
    if len(_ROLES[language]) < 1_000_000:
        _ROLES[language][token] = role
    return role


_PHRASE_STARTS = frozenset(phrase.split()[0] for phrase in NEGATIVE_PHRASES)


def polarity(text: str, tokens: list[str] | None = None, language: str | None = None) -> float:
    """Mean polarity of the opinion words of ``text``, with negation and intensity, in
    the lexicon of the comment's ``language`` (detected when not given; see :func:`lexicon`).

    Only tokens that may do something are visited (most words of a comment are known
    to carry no polarity: ``_ZERO``); a skipped word still ends an intensifier's reach."""
    tokens = words(text) if tokens is None else tokens
    if language is None:
        from comments.text.language import detect

        language = detect(text, tokens)
    language = "en" if language == "en" else "de"
    zero = _ZERO[language]
    # the places of the tokens not known to be neutral, listed (in C) before the loop adds to ``zero``
    return _polarity(text, tokens, language, list(compress(range(len(tokens)), map(not_, map(zero.__contains__,
                                                                                             tokens)))))


def scored_polarities(values: list[float], tokens: list[list[str]], reactions=frozenset(),
                      ids=None) -> list[float | None]:
    """``values`` with None for each comment that has no word to score (its tokens hold no
    letter: "1", "10", emoji, punctuation): 0.0 would say "neutral" and pull every mean toward
    it, where there is nothing to read. The rows in ``reactions`` (bare reactions the reaction
    lexicon reads, "👍", "+1": their class gives the polarity) keep their value. ``ids``: the
    chunk's token ids in this thread's token table, when the caller has them (whether a token
    holds a letter is then a column, each distinct token looked at once, not a search per comment)."""
    if ids is None:
        letter = _LETTER.search
        return [v if i in reactions or letter(" ".join(tok)) else None
                for i, (v, tok) in enumerate(zip(values, tokens))]
    import numpy as np

    from comments.text.token_table import table as token_table

    n = len(tokens)
    owners = np.repeat(np.arange(n), np.fromiter(map(len, tokens), dtype=np.int64, count=n))
    lettered = np.bincount(owners[token_table().column("holds a letter", _holding_letters, bool, many=True)[ids]],
                           minlength=n).tolist()
    out = [v if seen else None for v, seen in zip(values, lettered)]
    for i in reactions:
        out[i] = values[i]
    return out


def _holding_letters(tokens: list[str]):
    """Whether each token holds a letter (``_LETTER``; a :meth:`TokenTable.column` of ``many``)."""
    return map(bool, map(_LETTER.search, tokens))


_LETTER = re.compile(r"[^\W\d_]")  # a letter of any script


def polarity_many(texts: list[str], tokens: list[list[str]], languages: list[str | None], ids) -> list[float]:
    """:func:`polarity` of a chunk of comments, equal text by text (``languages`` given:
    each comment's; ``ids``: the chunk's token ids in this thread's token table). What each
    token does (its role) is a column over the ids (each distinct token's role looked at
    once), and :func:`_polarity`'s walk over the places of the opinion words, negations and
    intensifiers becomes array steps over the chunk (:func:`_scores_of_places`); only a
    comment holding the first word of a negative phrase is searched for the phrases in Python.
    (Leaving out every neutral word, as :func:`polarity` does once ``_ZERO`` knows it, changes
    nothing: a neutral word only ends an intensifier's reach, and so does the gap it leaves.)"""
    import numpy as np

    from comments.text.token_table import table as token_table

    tokens_of = token_table()
    n = len(tokens)
    if not n:
        return []
    languages = read_languages(languages)
    lengths = np.fromiter(map(len, tokens), dtype=np.int64, count=n)
    ends = np.cumsum(lengths)
    role = tokens_of.by_language("polarity role id", _role_id_of, ids, languages, lengths)
    places = np.flatnonzero(role > 0)
    owners = np.searchsorted(ends, places, side="right")
    local = places - (ends - lengths)[owners]  # each place's position in its comment
    english = np.fromiter(map(eq, languages, repeat("en")), dtype=bool, count=n)
    scores, value_owners = _scores_of_places(role[places], owners, local, (lengths - 1)[owners], english[owners])
    totals = np.bincount(value_owners, weights=scores, minlength=n).tolist()  # in order, as sum() adds
    counts = np.bincount(value_owners, minlength=n).tolist()
    phrasal = np.zeros(n, dtype=bool)
    phrasal[np.repeat(np.arange(n), lengths)[tokens_of.column("phrase start", _PHRASE_STARTS.__contains__, bool)[ids]]] = True
    for i in np.flatnonzero(phrasal).tolist():
        lowered = texts[i].lower()
        for phrase, value in NEGATIVE_PHRASES.items():
            if phrase in lowered:
                totals[i] += value
                counts[i] += 1
    return [max(-1.0, min(1.0, total / count)) if count else 0.0 for total, count in zip(totals, counts)]


#: a role's id in :data:`_ROLE_IDS` (0: no part in polarity); per id its kind and numbers
_NONE, _NEG, _SET, _VALUE = 0, 1, 2, 3
_ROLE_IDS: dict[tuple[str, object], int] = {}
_ROLE_TABLE: list[tuple[int, float, float, float]] = [(_NONE, 0.0, 1.0, 0.0)]  # (kind, value, factor, value at the end)


def _role_id(role: object, language: str) -> int:
    """A role's id (each distinct role one; 0 for none): a boost with its factor and the
    value it has when it ends the text (0.0 for none: it then only ends a boost)."""
    if type(role) is not tuple and role == 0.0:
        return 0
    key = (language, role)
    found = _ROLE_IDS.get(key)
    if found is None:
        if role is _NEGATE:
            entry = (_NEG, 0.0, 1.0, 0.0)
        elif type(role) is tuple:
            entry = (_SET, 0.0, role[1], role[2] or 0.0)
        else:
            entry = (_VALUE, role, 1.0, role)
        with _ROLE_LOCK:  # (threads classifying at once share the ids)
            found = _ROLE_IDS.get(key)
            if found is None:
                _ROLE_TABLE.append(entry)
                found = _ROLE_IDS[key] = len(_ROLE_TABLE) - 1
    return found


_ROLE_LOCK = threading.Lock()
_ROLE_ARRAY: list = [None]  # _ROLE_TABLE as an array, remade when it has grown


def _role_array():
    import numpy as np

    found = _ROLE_ARRAY[0]
    if found is None or len(found) < len(_ROLE_TABLE):
        found = _ROLE_ARRAY[0] = np.array(_ROLE_TABLE[:], dtype=np.float64)
    return found


def _role_id_of(language: str):
    """token → its role's id (see :func:`_role_id`)."""
    roles = _ROLES[language]

    def of(token: str) -> int:
        role = roles.get(token)
        if role is None:
            role = _role(token, language)
        return _role_id(role, language)
    return of


def _forward_fill(values, defined):
    """``values`` where ``defined``, else the last defined value before (the first is always defined)."""
    import numpy as np

    at = np.where(defined, np.arange(len(values)), 0)
    return values[np.maximum.accumulate(at)]


def _scores_of_places(role_ids, owners, local, last, english):
    """The opinion-word scores :func:`_polarity` collects, in order, and their comments,
    from the places of the chunk's active tokens (``role_ids``; ``owners``: each place's
    comment, ``local``: its position there, ``last``: its comment's last position).
    The walk's state becomes two forward fills: the boost in force (set by an intensifier,
    kept across negations, ended by a gap, an opinion word or a comment's start) and the
    reach of the last negation (ended by the opinion word it negates)."""
    import numpy as np

    table = _role_array()
    kind = table[role_ids, 0].astype(np.int64)
    factor, end_value = table[role_ids, 2], table[role_ids, 3]
    value = table[role_ids, 1]
    k = len(role_ids)
    if not k:
        return np.zeros(0), np.zeros(0, dtype=np.int64)
    first = np.ones(k, dtype=bool)
    first[1:] = owners[1:] != owners[:-1]
    adjacent = np.zeros(k, dtype=bool)
    adjacent[1:] = ~first[1:] & (local[1:] == local[:-1] + 1)
    at_end = (kind == _SET) & (local == last)
    ends_boost = at_end & (end_value == 0.0)  # an intensifier ending the text with no value of its own
    kind = np.where(at_end & ~ends_boost, _VALUE, kind)
    value = np.where(at_end, end_value, value)
    # the boost after each place: its factor (an intensifier), 1.0 (an opinion word, an intensifier at the
    # end, a negation after a gap), else (a negation right after the previous place) what was in force
    after = np.where(kind == _SET, factor, 1.0)
    boost_after = _forward_fill(after, (kind != _NEG) | ~adjacent)
    boost = np.where(adjacent, np.concatenate(([1.0], boost_after[:-1])), 1.0)
    # the reach of the last negation after each place (-1: none), reset at a comment's start and by an
    # opinion word (it negates the word or has expired before it)
    reach_after = _forward_fill(np.where(kind == _NEG, local + 3, -1),
                                (kind == _NEG) | (kind == _VALUE) | first)
    reach = np.where(first, -1, np.concatenate(([-1], reach_after[:-1])))
    words = np.flatnonzero(kind == _VALUE)
    v = value[words]
    negated = local[words] <= reach[words]
    v = np.where(negated, np.where(v > 0, -0.5 * v, -0.3 * v), v)
    scores = np.maximum(-1.0, np.minimum(1.0, v * boost[words]))
    return scores, owners[words]


def _polarity(text: str, tokens: list[str], language: str, places: list[int]) -> float:
    """:func:`polarity` from the places of the tokens that may play a part (in order)."""
    roles = _ROLES[language]
    scores: list[float] = []
    negate_until = -1
    boost = 1.0
    last = len(tokens) - 1
    previous = -2
    zero = _ZERO[language]
    for i in places:
        if i != previous + 1:
            boost = 1.0  # a word without polarity came between
        previous = i
        token = tokens[i]
        role = roles.get(token)
        if role is None:
            role = _role(token, language)
        if role == 0.0:
            boost = 1.0
            if len(zero) < 1_000_000:
                zero.add(token)
        elif role is _NEGATE:
            negate_until = i + 3
        else:
            if type(role) is tuple:
                if i < last or role[2] is None:
                    boost = role[1]
                    continue
                role = role[2]  # an intensifier needs a word to intensify
                if not role:
                    boost = 1.0
                    continue
            value = role
            if i <= negate_until:
                value = -0.5 * value if value > 0 else -0.3 * value
                negate_until = -1
            scores.append(max(-1.0, min(1.0, value * boost)))
            boost = 1.0
    if not _PHRASE_STARTS.isdisjoint(tokens):
        lowered = text.lower()
        for phrase, value in NEGATIVE_PHRASES.items():
            if phrase in lowered:
                scores.append(value)
    if not scores:
        return 0.0
    return max(-1.0, min(1.0, sum(scores) / len(scores)))
