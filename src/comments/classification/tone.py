"""Tone: the six SPEC tone labels and polarity, from cues comment language uses.

textblob-de alone misses irony and much colloquial German, so each comment is turned
into a small, explainable feature vector — lexicon hits (``data/tone.toml``), irony
markers (winks, *ggg*, mock quotes, stretched words), questions and demands for
sources, insults and masked vulgarity (``d*ck``, ``gef****t``), links, numbers and
quotes, and lexicon polarity — and one logistic model per label turns the features
into a probability. The weights are set by hand from the label definitions (no
labelled data is shipped); ``comments train`` fits models on users' own labels.
"""

from __future__ import annotations

import math
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, compress, repeat
from importlib import resources
from operator import contains

from comments.classification import lexicon as lexicon_mod
from comments.classification.polarity import polarity as lexicon_polarity
from comments.classification.polarity import read_languages, scored_polarities
from comments.classification.surface import SURFACE as _SURFACE  # noqa: F401  (tests read the patterns here)
from comments.classification.surface import counts as surface_counts
from comments.classification.surface import quotes  # noqa: F401
from comments.text.language import detect as detect_language
from comments.text.quotes import own_lines
from comments.model.records import TONES  # label names live in the model
from comments.text.tokens import first_word, stem, stop_words, tokenize

THRESHOLD = 0.5
FLOOR = "hostile_floor"  # tone.toml's lists of unambiguous insults and vulgarity (not a model feature)

_SENTENCE = re.compile(r"[^.!?…\n]+[.!?…]*")
_EMOJI = re.compile("[\U0001F300-\U0001FAFF\u2600-\u27BF]")
_ASCII = str.isascii


_UPPER = re.compile(r"[A-ZÄÖÜ]")
_DIGIT = re.compile(r"\d")  # what the tokenizer counts as a digit (also non-ASCII ones)


def _has_digit(text: str) -> bool:
    """Whether the tokenizer finds a number (any Unicode digit)."""
    return any(map(text.__contains__, "0123456789")) or (not text.isascii() and _DIGIT.search(text) is not None)


def _caps_share(capitals: int, tokens: list[str], digits: bool = True) -> float:
    """Share of upper-case letters (shouting); the letters are counted from the words
    (``digits``: whether the text has any, so number tokens must be left out)."""
    letters = sum(map(len, tokens))
    if digits:
        letters -= sum(len(t) for t in tokens if t[0].isdigit())
    return min(1.0, capitals / letters) if letters else 0.0


_CUE_FEATURES = ("insult", "vulgar", "belittle", "irony", "irony_strong", "agree", "propose", "disagree", "contrast",
                 "criticism", "source", "explain", "evidence", "reaction", "wonder")
_NO_CUES = dict.fromkeys(_CUE_FEATURES, 0.0)
_SECOND_PERSON = frozenset("du dich dir dein deine deinen deinem deiner ihr euch euer eure sie you your".split())


LANGUAGES = ("de", "en")  # the cue lists tone.toml has; any other comment is read as German


def cue_language(language: str | None) -> str:
    """The cue lists a comment is read with: ``en`` for English, else ``de`` (as the
    learned model's stems: anything not clearly English is read as German)."""
    return "en" if language == "en" else "de"


cue_languages = read_languages  # ``list(map(cue_language, languages))``, by a C-level map


@lru_cache(maxsize=2)
def _cue_lists(language: str = "de") -> dict[str, list[str]]:
    """tone.toml's lists for one language: the top-level lists (German), or its
    ``[en]`` table."""
    data = tomllib.loads((resources.files("comments") / "data" / "tone.toml").read_text(encoding="utf-8"))
    lists = data["en"] if language == "en" else {name: terms for name, terms in data.items() if isinstance(terms, list)}
    # the floor reads both languages' unambiguous terms: a short comment's language is often guessed wrong
    return dict(lists, **{FLOOR: data.get(FLOOR, []) + data["en"].get(FLOOR, [])})


@lru_cache(maxsize=2)
def cues(language: str = "de") -> lexicon_mod.Lexicon:
    """The tone cue lexicon of one language (see :func:`cue_language`)."""
    return lexicon_mod.build(_cue_lists(cue_language(language)))


@lru_cache(maxsize=2)
def question_words(language: str = "de") -> frozenset[str]:
    """Words that open a genuine question ("wer", "warum"; "who", "is", …)."""
    return frozenset(t.lstrip("=") for t in _cue_lists(cue_language(language))["question_word"])


def features(text: str, tokens: list[str] | None = None, found: dict[str, float] | None = None,
             language: str | None = None) -> dict[str, float]:
    """The cue counts of one comment (see module docstring); ``found``: the cue
    lexicon's scores when already computed (by a combined lexicon); ``language``: the
    comment's (detected here when not given), which picks cue lists and polarity lexicon."""
    return dict(zip(_ALL_COLUMNS, feature_row(text, tokens, found, language)))


def feature_row(text: str, tokens: list[str] | None = None, found: dict[str, float] | None = None,
                language: str | None = None) -> list[float]:
    """:func:`features` as a list in ``_ALL_COLUMNS`` order (what the models read; no
    dictionary is built per comment)."""
    tokens = tokenize(text) if tokens is None else tokens
    if language is None:
        language = detect_language(text, tokens)
    language = cue_language(language)
    found = cues(language).scores(text, tokens) if found is None else found
    questions, question_share, asks, opens = _questions(text, language) if "?" in text else (0, 0.0, 0, 0.0)
    n = len(tokens)
    size = len(text)
    capitals = len(_UPPER.findall(text))
    ascii_digit = any(map(text.__contains__, "0123456789"))
    surface = surface_counts(text, tokens, capitals, ascii_digit)
    exclaims = text.count("!")
    mentions = text.count("@")
    row = [
        math.log1p(n),  # words
        1.0 if n <= 4 else 0.0,  # short
        surface["urls"],
        min(surface["numbers"], 5),
        min(surface["quotes"], 3),
        min(surface["scare_quotes"], 2),
        surface["masked"],
        surface["winks"],
        surface["stretched"],
        surface["self_correct"],
        min(surface["shout"], 3),
        min(surface["angry_emoji"], 3),
        min(surface["punct_runs"], 3),
        questions,
        question_share,
        asks,
        opens,  # opens_with_question
        min(exclaims, 3),
        min(exclaims / max(1, size) * 100, 10.0),  # exclaim_rate
        min(text.count("?") / max(1, size) * 100, 10.0),  # question_rate
        _caps_share(capitals, tokens, ascii_digit or _has_digit(text)),
        min(len(_EMOJI.findall(text)), 5) if not _ASCII(text) else 0,  # emoji
        min(mentions, 3),
        1.0 if mentions and text.lstrip().startswith("@") else 0.0,  # opens_with_mention
        min(size / 500, 4.0),  # length
        sum(map(_SECOND_PERSON.__contains__, tokens)) / max(1, n) * 10,  # second_person
        lexicon_polarity(text, tokens, language),
    ]
    row.extend(value if value < 4.0 else 4.0 for value in map(found.get, _CUE_FEATURES, _ZEROS))
    return row


_ZEROS = (0.0,) * len(_CUE_FEATURES)
_ASKING = ("?", "?!")  # how a question sentence ends


def _questions(text: str, language: str) -> tuple[int, float, int, float]:
    """(questions, question_share, asks, opens_with_question) of a text holding "?"."""
    asking = question_words(language)
    sentences = list(filter(None, map(str.strip, _SENTENCE.findall(text))))
    questions = [s for s in sentences if s.endswith(_ASKING)]
    asks = sum(1 for s in questions if (w := first_word(s)) is not None and w in asking)
    opens = 1.0 if sentences and sentences[0].endswith("?") else 0.0
    return len(questions), len(questions) / max(1, len(sentences)), asks, opens


#: Hand-set logistic weights per tone (bias first); see the module docstring.
WEIGHTS: dict[str, dict[str, float]] = {
    "informative": {"bias": -1.9, "words": 0.55, "urls": 1.6, "numbers": 0.35, "quotes": 0.4, "source": 0.6,
                    "explain": 0.35, "question_share": -2.2, "short": -1.5, "insult": -0.6, "irony": -0.4,
                    "irony_strong": -0.9, "winks": -0.8, "belittle": -0.4, "criticism": -0.15, "exclaims": -0.3,
                    "stretched": -0.8},
    "questioning": {"bias": -2.3, "questions": 0.9, "opens_with_question": 1.6, "asks": 0.8, "evidence": 1.6,
                    "wonder": 2.2, "short": 0.6, "question_share": 1.0, "irony": -0.5, "irony_strong": -0.8,
                    "insult": -0.6, "belittle": -0.8, "criticism": -0.25, "words": -0.15},
    "critical": {"bias": -2.0, "criticism": 0.75, "disagree": 0.9, "contrast": 0.25, "insult": 0.8, "vulgar": 0.8,
                 "masked": 1.6, "belittle": 0.9, "irony": 0.5, "irony_strong": 1.2, "winks": 0.4,
                 "scare_quotes": 0.35, "polarity": -2.0, "exclaims": 0.2, "agree": -0.3, "words": 0.15,
                 "short": -0.8, "evidence": -0.5, "urls": -0.5},
    "sarcastic": {"bias": -3.0, "irony_strong": 3.2, "irony": 0.8, "winks": 1.4, "stretched": 1.5,
                  "scare_quotes": 0.5, "self_correct": 1.3, "exclaims": 0.15, "urls": -0.8, "source": -0.3},
    "hostile": {"bias": -1.8, "insult": 2.4, "vulgar": 2.6, "masked": 4.0, "belittle": 1.2, "second_person": 0.2,
                "shout": 0.5, "angry_emoji": 1.0, "punct_runs": 0.45, "exclaims": 0.2, "polarity": -1.0,
                "irony_strong": 0.4, "winks": 0.3, "scare_quotes": 0.4, "criticism": 0.25},
    "supportive": {"bias": -2.6, "agree": 0.9, "propose": 1.0, "polarity": 1.2, "disagree": -0.3, "insult": -1.0,
                   "irony": -0.4, "irony_strong": -1.0, "winks": -0.3, "criticism": -0.1},
}


@dataclass
class ToneResult:
    tone: list[str]
    tone_scores: dict[str, float]
    polarity: float


FEATURES = sorted({name for w in WEIGHTS.values() for name in w if name != "bias"})
#: every feature :func:`features` returns, in the column order of the shared feature matrix
_ALL_COLUMNS = ("words", "short", "urls", "numbers", "quotes", "scare_quotes", "masked", "winks", "stretched",
                "self_correct", "shout", "angry_emoji", "punct_runs", "questions", "question_share", "asks",
                "opens_with_question", "exclaims", "exclaim_rate", "question_rate", "caps_share", "emoji",
                "mentions", "opens_with_mention", "length", "second_person", "polarity") + _CUE_FEATURES
_CUE_COLUMNS = [_ALL_COLUMNS.index(name) for name in FEATURES]  # the hand-set model's columns


@lru_cache(maxsize=1)
def _matrices():
    import numpy as np

    weights = np.array([[WEIGHTS[t].get(name, 0.0) for name in FEATURES] for t in TONES])
    bias = np.array([WEIGHTS[t].get("bias", 0.0) for t in TONES])
    return weights, bias


def _probabilities(x):
    """The hand-set model's probabilities (rounded) for a comments × ``FEATURES`` matrix."""
    return _rounded(x).tolist()


def _rounded(x):
    """:func:`_probabilities` as an array."""
    import numpy as np

    weights, bias = _matrices()
    z = np.clip(x @ weights.T + bias, -30.0, 30.0)
    return np.round(1.0 / (1.0 + np.exp(-z)), 4)


def stance_polarity(pol: float, labels: list[str] | set[str]) -> float:
    """Lexicon polarity corrected by the comment's tone labels (see README, Polarity)."""
    if "sarcastic" in labels and pol > 0:
        pol = -0.5 * pol - 0.1  # irony: the praise is meant as blame
    if pol == 0.0 and ("hostile" in labels or "critical" in labels):
        pol = -0.2 if "hostile" not in labels else -0.4
    if "critical" in labels or "hostile" in labels or "sarcastic" in labels:
        pol = min(pol, -0.2)  # blame is not positive, whatever words it uses ("Na super, wieder kein Update")
    elif "informative" in labels:
        pol = max(pol, 0.0)  # reporting bad news ("Krieg", "Sanktionen") is not negative sentiment
    return round(max(-1.0, min(1.0, pol)), 4)


def stance_polarities(pol, picks):
    """:func:`stance_polarity` of many comments in array steps, equal value for value
    (``pol``: lexicon polarities, ``picks``: comments × ``TONES`` booleans). Python's
    ``min(a, b)`` and ``max(a, b)`` are written as the comparisons they make (so NaN and
    -0.0 come out as there) and the rounding is :func:`round4`."""
    import numpy as np

    pol = np.asarray(pol, dtype=np.float64)
    picks = np.asarray(picks, dtype=bool).reshape(len(pol), len(TONES))
    sarcastic, hostile, critical, informative = (picks[:, TONES.index(t)]
                                                 for t in ("sarcastic", "hostile", "critical", "informative"))
    pol = np.where(sarcastic & (pol > 0), -0.5 * pol - 0.1, pol)
    pol = np.where((pol == 0.0) & (hostile | critical), np.where(hostile, -0.4, -0.2), pol)
    blame = critical | hostile | sarcastic
    pol = np.where(blame, np.where(-0.2 < pol, -0.2, pol), np.where(informative & (0.0 > pol), 0.0, pol))
    pol = np.where(pol < 1.0, pol, 1.0)  # min(1.0, pol)
    pol = np.where(pol > -1.0, pol, -1.0)  # max(-1.0, ...)
    return round4(pol)


_SHARED: dict[float, float] = {}  # a positive score value → the one float object kept for it
_ZERO = 0.0
SHARED_MAX = 100_000  # scores are rounded to 4 decimals: at most 10,001 values in 0..1


def shared(value: float) -> float:
    """``value``, as the one float object kept for a positive score of its value: a
    million comments' rounded scores then hold some thousand floats, not ten million (24
    bytes each). +0.0 is one object too; -0.0, negative and unusual values (NaN) are
    returned as they are."""
    if value > 0.0:
        return _SHARED.setdefault(value, value) if len(_SHARED) < SHARED_MAX else value
    return _ZERO if value == 0.0 and math.copysign(1.0, value) > 0 else value


def round4(x):
    """``round(v, 4)`` of every element of a float array, bit for bit as Python rounds
    (the correctly rounded decimal), in numpy: ``rint(v * 1e4) / 1e4`` picks the same
    ten-thousandth wherever ``v * 1e4`` is not within 1e-6 of a half (its rounding error
    is below 1e-8 for |v| <= 1e4), and the division then rounds as Python's string
    conversion does; the few elements near a half, large or not finite are rounded by
    Python. Float64 out for any float input (float32 is widened first: its rounded values
    would not be Python's, and the bounds above hold for float64)."""
    import numpy as np

    x = np.asarray(x, dtype=np.float64)
    with np.errstate(over="ignore", invalid="ignore"):
        y = x * 1e4
        out = np.rint(y) / 1e4
        unsure = ~((np.abs(y - np.floor(y) - 0.5) > 1e-6) & (np.abs(x) <= 1e4))  # (NaN and inf: unsure)
    for i in np.flatnonzero(unsure).tolist():
        out.flat[i] = round(float(x.flat[i]), 4)
    return out


def shared_rows(labels, x) -> list[dict[str, float]]:
    """One dictionary per row of the float array ``x``: label → ``shared(round(v, 4))``
    (:func:`round4` for the rounding; when no rounded value is negative, -0.0 or NaN,
    :func:`shared_scores` makes each row's dictionary in C)."""
    import numpy as np

    rounded = round4(x)
    if not (np.signbit(rounded) | np.isnan(rounded)).any():
        return shared_dicts(labels, rounded)
    return [dict(zip(labels, map(shared, row))) for row in rounded.tolist()]


def shared_dicts(labels, values) -> list[dict[str, float]]:
    """``[shared_scores(labels, row) for row in values.tolist()]`` for a 2-D array of rounded
    scores (none negative, -0.0 or NaN, as there), value for value: when every value is a
    ten-thousandth in 0..1 (``k / 1e4``, as :func:`round4` and ``np.round(v, 4)`` give for
    probabilities) its shared float is read from a table by ``k``; otherwise each distinct value of
    the chunk is made its shared float once. The rows are read from an object array (instead
    of a dictionary probe per score)."""
    import numpy as np

    values = np.asarray(values, dtype=np.float64)
    if not values.size:
        return [dict(zip(labels, row)) for row in values.tolist()]
    objects = _tenths_of_thousands(values)
    if objects is None:
        distinct, inverse = np.unique(values, return_inverse=True)
        found = np.empty(len(distinct), dtype=object)
        found[:] = (list(map(_SHARED.setdefault, distinct.tolist(), distinct.tolist())) if len(_SHARED) < SHARED_MAX
                    else distinct.tolist())
        objects = found[inverse.reshape(values.shape)]
    # (each row a tuple zipped from the columns' lists: cheaper than a list per row from ``tolist``)
    return list(map(dict, map(zip, repeat(labels), zip(*objects.T.tolist()))))


_TABLE: list = [None, None]  # [k → the shared float k / 1e4 (an object array), which k are filled]


def _tenths_of_thousands(values):
    """The shared floats of ``values`` read by ``k = rint(v * 1e4)`` from a table of 10,001
    (None unless every value is exactly ``k / 1e4`` with 0 <= k <= 10,000 and none is -0.0;
    ``k / 1e4``, a correctly rounded division, is the float Python's ``round(v, 4)`` gives)."""
    import numpy as np

    keys = np.rint(values * 1e4)
    if not ((keys >= 0).all() and (keys <= 10_000).all() and (keys / 1e4 == values).all()
            and not np.signbit(values).any()):
        return None
    if _TABLE[0] is None:
        _TABLE[0], _TABLE[1] = np.empty(10_001, dtype=object), np.zeros(10_001, dtype=bool)
    table, filled = _TABLE
    keys = keys.astype(np.intp)
    missing = np.unique(keys[~filled[keys]]).tolist()
    if missing:
        made = [k / 1e4 for k in missing]
        table[missing] = list(map(_SHARED.setdefault, made, made)) if len(_SHARED) < SHARED_MAX else made
        filled[missing] = True
    return table[keys]


def shared_scores(labels, probabilities) -> dict[str, float]:
    """``dict(zip(labels, probabilities))`` with :func:`shared` values (probabilities are
    never negative, and a rounded one of 0 is +0.0: its sign cannot be lost)."""
    if len(_SHARED) < SHARED_MAX:
        probabilities = map(_SHARED.setdefault, probabilities, probabilities)
    return dict(zip(labels, probabilities))


def _result(pol: float, probs: list[float]) -> ToneResult:
    """The hand-set model's labels from its probabilities; ``pol``: lexicon polarity."""
    scores = shared_scores(TONES, probs)
    labels = [t for t in TONES if scores[t] >= THRESHOLD]
    return ToneResult(labels, scores, stance_polarity(pol, labels))


def classify(text: str, tokens: list[str] | None = None, found: dict[str, float] | None = None) -> ToneResult:
    """Tone labels, their probabilities and polarity of one comment."""
    return classify_many([text], [tokens], [found])[0]


def classify_many(texts: list[str], tokens: list[list[str] | None] | None = None,
                  found: list[dict[str, float] | None] | None = None, model=None,
                  languages: list[str | None] | None = None, ids=None) -> list[ToneResult]:
    """:func:`classify` for many comments, scored in one matrix product: by the cue
    features' hand-set weights, or by a learned ``model`` (a tone ``TextModel``: word
    stems in each comment's language and the same cue features; its own thresholds).
    The cue features become one matrix (all columns either model reads), built once.
    ``ids``: the chunk's token ids in this thread's token table, when the caller has them."""
    return list(map(ToneResult, *classify_columns(texts, tokens, found, model, languages, ids)))


def classify_columns(texts: list[str], tokens: list[list[str] | None] | None = None,
                     found: list[dict[str, float] | None] | None = None, model=None,
                     languages: list[str | None] | None = None, ids=None, parents: list[str | None] | None = None
                     ) -> tuple[list[list[str]], list[dict[str, float]], list[float]]:
    """:func:`classify_many` as three lists (labels, scores and polarity of each comment:
    what a caller setting them on comments needs, without a result object per comment).
    ``parents``: each comment's parent text (None: no parent in the input), read by a model with
    reply-context columns (``tone_context``; None for all: no comment has a parent)."""
    if not texts:
        return [], [], []
    import numpy as np

    if tokens is None or None in tokens:  # (the tone pass gives every comment's)
        tokens = [tokenize(t) if tok is None else tok for t, tok in zip(texts, tokens or [None] * len(texts))]
    found = found or [None] * len(texts)
    if languages is None or None in languages:
        languages = [detect_language(t, tok) if lang is None else lang
                     for t, tok, lang in zip(texts, tokens, languages or [None] * len(texts))]
    cue_langs = cue_languages(languages)
    if model is not None and getattr(model, "own_lines", False):
        texts, tokens, found, ids = _own_lines_of(texts, tokens, found, ids)
    if None in found:
        found = [cues(lang).scores(t, tok) if fd is None else fd
                 for t, tok, fd, lang in zip(texts, tokens, found, cue_langs)]
    from comments.classification.tone_batch import feature_matrix

    from comments.text.token_table import table as token_table

    if ids is None:
        ids = token_table().ids(tokens)
    matrix = feature_matrix(texts, tokens, found, cue_langs, ids)
    polarities = matrix[:, _ALL_COLUMNS.index("polarity")]
    cue_probabilities = _rounded(matrix[:, _CUE_COLUMNS])
    # the hand-set model's stance: its labels (as _result picks them)
    cue_picks = cue_probabilities >= THRESHOLD
    cue_polarities = stance_polarities(polarities, cue_picks)
    said = reactions_said(texts, tokens, languages)
    if model is None:
        with_reactions(TONES, np.full(len(TONES), THRESHOLD), cue_probabilities, cue_picks, cue_polarities, said,
                       polarities)
        return (_label_lists(TONES, cue_picks), shared_dicts(TONES, cue_probabilities),
                scored_polarities(cue_polarities.tolist(), tokens, {row for row, *_ in said}, ids))
    from comments.classification.learn import HAND_FEATURES

    hand = matrix[:, [_ALL_COLUMNS.index(name) for name in HAND_FEATURES]]
    if getattr(model, "context", None) or getattr(model, "cues_by_language", False):
        hand = model.with_context(hand, parents, cue_langs)
    probabilities = model.predict_matrix(None, texts, hand, word_counts(model, tokens, languages, ids))
    chosen = probabilities >= np.asarray(model.thresholds)
    if getattr(model, "floor", None):
        masked = matrix[:, _ALL_COLUMNS.index("masked")] if model.floor_masked else None
        with_floor(model, probabilities, chosen, floor_hits(texts, found, cue_langs, masked))
    labels_of = model.labels
    # polarity keeps the cue model's stance (its measured agreement, README "Polarity"); blame the
    # learned model finds is never positive (Python's ``min(p, 0.0)``)
    blame = chosen[:, [j for j, label in enumerate(labels_of) if label in _BLAME]].any(axis=1)
    polarity = np.where(blame & (0.0 < cue_polarities), 0.0, cue_polarities)
    with_reactions(labels_of, np.asarray(model.thresholds), probabilities, chosen, polarity, said, polarities)
    rounded = np.round(probabilities, 4)
    return (_label_lists(labels_of, chosen), shared_dicts(labels_of, rounded),
            scored_polarities(polarity.tolist(), tokens, {row for row, *_ in said}, ids))


#: quoted text: a "> " line (also a list item holding a quote, "- > "), or a span in quotation marks whose opening mark follows no letter ("Halt's" is no quote);
#: a span stops at the next opening mark too, so a line of unclosed marks is read in linear time
_QUOTED = re.compile(r"^[ \t]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)?>.*$|(?<!\w)(?:„[^„“”\n]*[“”]|“[^“”\n]*”|\"[^\"\n]*\"|»[^»«\n]*«|«[^«»\n]*»"
                     r"|‚[^‚‘’\n]*[‘’]|‘[^‘’\n]*’|'[^'\n]*'(?!\w))", re.MULTILINE)
_QUOTE_MARKS = frozenset(">„“\"»«‚‘'")


def _own_lines_of(texts: list[str], tokens: list[list[str]], found: list, ids):
    """What a model that reads no quoted line is given (:func:`own_lines`): a text with a "> " line without it, its
    tokens, cue scores (None: scored again) and token ids made again; the others as they are."""
    changed = [i for i in compress(range(len(texts)), map(contains, texts, repeat(">"))) if own_lines(texts[i]) != texts[i]]
    if not changed:
        return texts, tokens, found, ids
    import numpy as np

    from comments.text.token_table import _gather, table as token_table

    keep_ids = ids is not None and not token_table().full  # (a full table starts afresh: every id made again)
    lengths = np.fromiter(map(len, tokens), dtype=np.int64, count=len(tokens))
    texts, tokens, found = list(texts), list(tokens), list(found)
    for i in changed:
        texts[i] = own_lines(texts[i])
        tokens[i] = tokenize(texts[i])
        found[i] = None
    if not keep_ids:
        return texts, tokens, found, None
    new = token_table().ids([tokens[i] for i in changed])  # one call: the table cannot start afresh within it
    # each comment's ids read from the old ones, a changed comment's from the new ones (placed after them)
    new_lengths = np.fromiter(map(len, [tokens[i] for i in changed]), dtype=np.int64, count=len(changed))
    starts = np.cumsum(lengths) - lengths
    starts[changed] = len(ids) + np.cumsum(new_lengths) - new_lengths
    lengths[changed] = new_lengths
    return texts, tokens, found, _gather(np.concatenate([ids, new]), starts, lengths)


def unquoted(text: str) -> str:
    """``text`` with its quoted parts blanked (``text`` itself when it holds no quotation mark)."""
    return text if _QUOTE_MARKS.isdisjoint(text) else _QUOTED.sub(" ", text)


def floor_hits(texts: list[str], found: list[dict[str, float]], languages: list[str], masked=None):
    """Which comments hold an unambiguous insult or vulgarity (tone.toml's ``hostile_floor``, German and English;
    with ``masked``, each comment's count of masked vulgarity, also ``d*ck``) outside quoted
    text: SPEC defines them as ``hostile``, whatever a model says. A hit inside quotes —
    reported speech, or the word discussed ("ist 'Pfeife' ein Schimpfwort?") — does not count;
    ``found``: each comment's cue lexicon scores; ``languages``: its cue language."""
    import numpy as np

    from comments.classification.surface import counts as surface_counts

    hits = np.zeros(len(texts), dtype=bool)
    floors = np.fromiter(map(dict.get, found, repeat(FLOOR), repeat(0.0)), dtype=np.float64, count=len(found)) > 0
    asked = floors | (np.asarray(masked) > 0) if masked is not None else floors  # (most comments: neither)
    for i in np.flatnonzero(asked).tolist():
        text, language, lexical = texts[i], languages[i], bool(floors[i])
        masks = masked is not None and masked[i] > 0
        rest = unquoted(text)
        if rest is text:
            hits[i] = True
            continue
        tokens = tokenize(rest)
        hits[i] = ((lexical and cues(language).scores(rest, tokens).get(FLOOR, 0.0) > 0)
                   or (masks and surface_counts(rest, tokens, 0, False)["masked"] > 0))
    return hits


def with_floor(model, probabilities, chosen, hits) -> None:
    """In place: a comment the floor hits (:func:`floor_hits`) gets each floor label of the
    ``model`` (``model.floor``: label → score), its score at least the floor's — the share of
    such comments the training split's gold labels call hostile, so scores stay probabilities."""
    import numpy as np

    for label, score in getattr(model, "floor", {}).items():
        j = model.labels.index(label)
        probabilities[hits, j] = np.maximum(probabilities[hits, j], score)
        chosen[hits, j] = True


def reactions_said(texts: list[str], tokens: list[list[str]], languages: list[str | None]) -> list[tuple]:
    """The bare reactions among the comments (``reactions.reaction_of``: a reaction whose every word the
    reaction lexicon knows) as (row, tones, polarity)."""
    from comments.classification.reactions import REACTION_TOKENS, reaction_of

    short = compress(range(len(tokens)), map(REACTION_TOKENS.__ge__, map(len, tokens)))  # (most are longer)
    return [(i, r.tones, r.polarity) for i in short
            if (r := reaction_of(texts[i], tokens[i], languages[i] or "de")) is not None]


def with_reactions(labels, thresholds, probabilities, chosen, polarity, said, lexical) -> None:
    """In place: a bare reaction (:func:`reactions_said`) gets the tones its words say and only those; each
    label's score is kept where it agrees, else raised to the label's threshold (a tone the reaction says) or
    capped just below it (one it does not say), both on the 4-decimal grid scores are rounded to, so that
    ``tone_scores`` agree with ``tone``. The polarity is the lexicon's (``lexical``) corrected by those tones
    (:func:`stance_polarity`), then at least the reaction's positive value or at most its negative one; a
    reaction that only asks (questioning alone) is 0 (docs/models.md "Session 19")."""
    import numpy as np

    for i, tones, value in said:
        says = np.array([label in tones for label in labels], dtype=bool)
        probabilities[i] = np.where(says, np.maximum(probabilities[i], np.ceil(thresholds * 1e4) / 1e4),
                                    np.minimum(probabilities[i], np.floor(thresholds * 1e4 - 1) / 1e4))
        chosen[i] = says
        if tones == _ONLY_ASKS:  # a genuine question ("Korrekt?", "Quelle?") states no sentiment
            polarity[i] = 0.0
            continue
        pol = stance_polarity(float(lexical[i]), tones)
        polarity[i] = max(pol, value) if value > 0 else min(pol, value) if value < 0 else pol


def _label_lists(labels: list[str] | tuple[str, ...], picks) -> list[list[str]]:
    """Each row's picked labels, in ``labels`` order (each comment its own list; each
    distinct pattern of picks read once)."""
    import numpy as np

    n = len(picks)
    if not len(labels) or len(labels) > 62:  # (more labels than an integer's bits: row by row)
        return [list(compress(labels, row)) for row in np.asarray(picks, dtype=bool).reshape(n, len(labels)).tolist()]
    bits = (picks.astype(np.int64) << np.arange(len(labels), dtype=np.int64)).sum(axis=1).tolist()
    known = {pattern: tuple(label for j, label in enumerate(labels) if pattern >> j & 1) for pattern in set(bits)}
    return list(map(list, map(known.__getitem__, bits)))  # (C-level maps: no Python step per row)


_BLAME = frozenset(("critical", "hostile", "sarcastic"))
_ONLY_ASKS = frozenset(("questioning",))


def stem_words(tokens: list[str], language: str) -> str:
    """Space-separated Snowball stems of a comment's content words (as
    ``learn.stem_text`` gives for its text)."""
    return " ".join(stem_list(tokens, language))


def stem_list(tokens: list[str], language: str) -> list[str]:
    """:func:`stem_words` as a list (what the learned model's word counts read)."""
    return list(filter(None, map(content_stems(language).__getitem__, tokens)))


def word_counts(model, tokens: list[list[str]], languages: list[str | None], ids=None):
    """A learned tone model's word count matrix of a chunk of comments (what its
    ``predict_matrix`` builds from :func:`stem_list` of each): each distinct token's stem
    id in the model's vocabulary is a column of this thread's token table (``ids``: the
    chunk's token ids there, when the caller has them), stop words and one-letter words
    are dropped, and the counts are made from the id arrays."""
    import numpy as np

    from comments.text.token_table import table as token_table

    tokens_of = token_table()
    ids = tokens_of.ids(tokens) if ids is None else ids
    table = model.gram_table()
    n = len(tokens)
    lengths = np.fromiter(map(len, tokens), dtype=np.int64, count=n)
    # (the table object is the column's key: held by the model, never reused)
    stem_ids = tokens_of.by_language(table, lambda language: _stem_id(table, language), ids, languages, lengths)
    kept = stem_ids >= 0
    return table.counts(stem_ids[kept], np.repeat(np.arange(n, dtype=np.int64), lengths)[kept], n)


def _stem_id(table, language: str):
    """token → the id of its stem in a learned model's word table (``learn._GramTable``), or
    -1 for a stop word or one-letter word (as :func:`stem_list` leaves out)."""
    stems, ids, unknown = content_stems(language), table.ids, table.unknown

    def of(word: str) -> int:
        found = stems[word]
        return ids.get(found, unknown) if found else -1
    return of


class _ContentStems(dict):
    """token → its stem, or "" for a stop word or one-letter word: one look-up per
    token once a word has been seen (comment vocabularies repeat)."""

    def __init__(self, language: str) -> None:
        super().__init__()
        self.language = language
        self.stops = stop_words(language)

    def __missing__(self, word: str) -> str:
        value = "" if word in self.stops or len(word) <= 1 else stem(word, self.language)
        if len(self) < 1_000_000:
            self[word] = value
        return value


@lru_cache(maxsize=4)
def content_stems(language: str) -> _ContentStems:
    """The shared token → stem cache of one language (see :class:`_ContentStems`)."""
    return _ContentStems(language)
