"""The chunk-wise tone features (``tone.feature_matrix``, ``surface.counts_many``) equal the
per-comment ones (``tone.feature_row``, ``surface.counts``) float for float, on real
comments and on hostile text."""

from __future__ import annotations

import random

import numpy as np
import pytest
from conftest import corpus

from comments.classification import surface, tone
from comments.classification.tone import cue_language, cues, feature_row
from comments.classification.tone_batch import feature_matrix
from comments.text.language import detect
from comments.text.tokens import tokenize

FRAGMENTS = ("Staatsanwält*innen", "Richter*innen", "Kolleg*in", "jede*r", "d*ck", "gef****t", "Sch**ße", "f***",
             "*ggg*", "*lol*", ";-)", "/s", "😉", "🙄", "💩", "🤬", "⚓️", "US-Sanktionen", "--no-preserve-root",
             "„Zitat“", "\"quoted words here\"", "‚so‘", "'x'", "http://example.org/a?b=1", "www.test.de", "3,5",
             "1.000", "42", "²", "½", "٣", "İstanbul", "ǅ", "ß", "ẞ", "Ⅻ", "ﬁ", "ΑΣ", "STOP", "NEIN!!!", "??!", "...",
             "…", "Jaaaa", "sooo", "Quelle?", "Warum?", "Why?", "nicht gut", "@user", "@troll_putin", "#tag", "-", "'",
             "\t", "\n", "  ", "\x00", "\ud800", "du", "you", "Quatsch", "great", "ÄÖÜ", "ABCD", "Idiot")


def _hostile(n: int, seed: int = 11) -> list[str]:
    rng = random.Random(seed)
    glue = (" ", "", "-", ", ", ". ", "! ", "? ", "\n", "*", "'", "\n\x00")
    return ["".join(rng.choice(FRAGMENTS) + rng.choice(glue) for _ in range(rng.randint(0, 12)))
            for _ in range(n)]


def _germeval(n: int) -> list[str]:
    path = corpus("labeled_de/germeval2018/germeval2018.training.txt")
    return [line.split("\t")[0] for line in path.read_text(encoding="utf-8").splitlines()[:n]]


def _both(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    tokens = [tokenize(t) for t in texts]
    languages = [cue_language(detect(t, k)) for t, k in zip(texts, tokens)]
    found = [cues(lang).scores(t, k) for t, k, lang in zip(texts, tokens, languages)]
    rows = np.array([feature_row(t, k, f, lang) for t, k, f, lang in zip(texts, tokens, found, languages)],
                    dtype=np.float64).reshape(len(texts), len(tone._ALL_COLUMNS))
    return rows, feature_matrix(texts, tokens, found, languages)


@pytest.mark.parametrize("texts", [_hostile(3000), ["", " ", "\n"], ["Nur einer?"], [""], [],
                                   ["ABC", "DEFG", "xyzAB", "CDxy", "ÄÖÜ", "Ü NEIN", "STOP!", "AB", "CD", "AAAA"],
                                   ["wort " * 4095, "wort " * 4096, "Frage? " * 5000, "kurz"]],
                         ids=["hostile", "empty", "one", "one-empty", "none", "capital-runs-across-texts",
                              "beyond-the-word-count-table"])
def test_feature_matrix_equals_rows_on_hostile_text(texts):
    rows, matrix = _both(texts)
    assert matrix.shape == (len(texts), len(tone._ALL_COLUMNS))
    assert rows.tobytes() == matrix.tobytes()  # bit for bit (-0.0 and rounding included)


def test_feature_matrix_equals_rows_on_real_comments():
    texts = _germeval(3000) + ["This is not a critical issue, is it? Maybe you should look at the data: https://x.org/1"]
    rows, matrix = _both(texts)
    assert rows.tobytes() == matrix.tobytes()
    assert matrix[:, tone._ALL_COLUMNS.index("mentions")].sum() > 1000  # tweets: the @ columns were exercised


def test_counts_many_equals_counts():
    texts = _hostile(2000, seed=3) + ["Lies: https://example.org/1234 und 42 Seiten", "SO NICHT!!! ;-)"]
    tokens = [tokenize(t) for t in texts]
    capitals = [len(tone._UPPER.findall(t)) for t in texts]
    digits = [any(map(t.__contains__, "0123456789")) for t in texts]
    many = surface.counts_many(texts, tokens, capitals, digits)
    for i, text in enumerate(texts):
        assert {name: int(column[i]) for name, column in many.items()} == \
            surface.counts(text, tokens[i], capitals[i], digits[i]), text
    assert many["urls"].sum() > 0 and many["numbers"].sum() > 0 and many["masked"].sum() > 0


def test_counts_many_with_stretchy_column_equals_counts():
    """The stretched cue's gate from the token table column (``stretchy``) gives what the
    per-comment gate gives: upper-case runs (no match in the text), runs across a hyphen,
    umlauts, one-comment and empty chunks."""
    from comments.text.token_table import table

    texts = _hostile(1500, seed=5) + ["Jaaaa", "JAAAA", "Sooo-gut", "schööön", "", "aaa-bbb ccc", "ÄÄÄ äää"]
    for chunk in (texts, texts[-4:-3], texts[-3:-2], []):
        tokens = [tokenize(t) for t in chunk]
        capitals = [len(tone._UPPER.findall(t)) for t in chunk]
        digits = [any(map(t.__contains__, "0123456789")) for t in chunk]
        tokens_of = table()
        ids = tokens_of.ids(tokens)
        mine = np.repeat(np.arange(len(chunk)), [len(k) for k in tokens]).astype(np.intp)
        stretchy = np.bincount(mine[tokens_of.column("stretchy", surface.may_stretch_token, bool)[ids]],
                               minlength=len(chunk)) > 0
        many = surface.counts_many(chunk, tokens, capitals, digits, stretchy)
        for i, text in enumerate(chunk):
            assert {name: int(column[i]) for name, column in many.items()} == \
                surface.counts(text, tokens[i], capitals[i], digits[i]), text
    assert stretchy.size == 0 and many["stretched"].size == 0


def test_classify_many_is_the_same_in_chunks_of_one():
    texts = _hostile(300, seed=5)
    whole = tone.classify_many(texts)
    alone = [tone.classify_many([t])[0] for t in texts]
    assert [(r.tone, r.tone_scores, r.polarity) for r in whole] == [(r.tone, r.tone_scores, r.polarity) for r in alone]


def test_holding_equals_possible_text_by_text():
    """Which texts hold a cue's anchors (``surface._holding``: one-character anchors by a
    table, longer ones compared at the places of their first character) is what
    ``possible`` says text by text, also where an anchor's pieces end one text and begin
    the next ("ht" | "tp", ".." | "."), in empty texts and at a chunk's last character."""
    import random

    rng = random.Random(8)
    pieces = ["http", "htt", "p", "www.", "ww", "w.", "/s", "/", "s", "...", "..", ".", "....", "!!", "!", "?", "??",
              "?!", "!?", "…", "😉", "💩", "*", ";", "'", '"', "«", "a", " ", "\n", "h", "\ud800"]
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 6))) for _ in range(4000)]
    texts += ["ht", "tp://x", "..", ".", "", "www", ".", "!", "!", "/", "s"]
    for chunk in (texts, texts[-2:], texts[:1], []):
        holds = surface._holding(chunk)
        for i, text in enumerate(chunk):
            assert {name for name, column in holds.items() if column[i]} == surface.possible(text), repr(text)


def _reference(texts: list[str], model=None) -> list[tuple]:
    """What ``classify_many`` gave comment by comment before its results became columns:
    the hand-set model's labels, scores and stance (``_result``), or the learned model's
    labels and scores with the stance, blame never positive."""
    from itertools import compress

    tokens = [tokenize(t) for t in texts]
    languages = [detect(t, k) for t, k in zip(texts, tokens)]
    matrix = feature_matrix(texts, tokens, [cues(cue_language(lang)).scores(t, k) for t, k, lang in
                                            zip(texts, tokens, languages)], list(map(cue_language, languages)))
    polarities = matrix[:, tone._ALL_COLUMNS.index("polarity")].tolist()
    cue = tone._rounded(matrix[:, tone._CUE_COLUMNS])
    if model is None:
        return [(r.tone, r.tone_scores, r.polarity) for r in map(tone._result, polarities, cue.tolist())]
    from comments.classification.learn import HAND_FEATURES

    stance = [tone.stance_polarity(p, list(compress(tone.TONES, picks)))
              for p, picks in zip(polarities, (cue >= tone.THRESHOLD).tolist())]
    hand = matrix[:, [tone._ALL_COLUMNS.index(name) for name in HAND_FEATURES]]
    probabilities = model.predict_matrix(None, texts, hand, tone.word_counts(model, tokens, languages))
    picked = (probabilities >= np.asarray(model.thresholds)).tolist()
    for i, (text, lang) in enumerate(zip(texts, languages)):  # the floor, comment by comment (session 14)
        if model.floor and tone.floor_hits([text], [cues(cue_language(lang)).scores(text)], [cue_language(lang)])[0]:
            for label, score in model.floor.items():
                j = model.labels.index(label)
                probabilities[i, j], picked[i][j] = max(probabilities[i, j], score), True
    out = []
    for s, row, picks in zip(stance, np.round(probabilities, 4).tolist(), picked):
        labels = list(compress(model.labels, picks))
        out.append((labels, dict(zip(model.labels, row)), min(s, 0.0) if {"critical", "hostile", "sarcastic"} & set(labels)
                    else s))
    return out


@pytest.mark.parametrize("learned", [False, True], ids=["hand-set", "learned"])
def test_classify_many_columns_equal_the_per_comment_results(learned):
    """Labels, scores and polarity of ``classify_many`` (made as columns, the stance in array
    steps) equal the per-comment results, bit for bit, on real and hostile text."""
    from comments.classification.classify import DEFAULT_TONE, _load_model

    model = _load_model(str(DEFAULT_TONE)) if learned else None
    texts = _germeval(1500) + _hostile(1500, seed=21)
    got = [(r.tone, r.tone_scores, r.polarity) for r in tone.classify_many(texts, model=model)]
    want = _reference(texts, model)
    assert repr(got) == repr(want)
    assert any(r[0] for r in got) and any(r[2] < 0 for r in got) and any(r[2] > 0 for r in got)
