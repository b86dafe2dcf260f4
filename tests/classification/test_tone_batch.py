"""The chunk-wise tone features (``tone.feature_matrix``, ``surface.counts_many``) equal the
per-comment ones (``tone.feature_row``, ``surface.counts``) float for float, on real
comments and on hostile text."""

from __future__ import annotations

import random
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
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


def _counted_alike(chunk: list[str]) -> dict[str, np.ndarray]:
    """``counts_many`` of a chunk, asserted equal to ``counts`` text by text."""
    tokens = [tokenize(t) for t in chunk]
    capitals = [len(tone._UPPER.findall(t)) for t in chunk]
    digits = [any(map(t.__contains__, "0123456789")) for t in chunk]
    many = surface.counts_many(chunk, tokens, capitals, digits)
    for i, text in enumerate(chunk):
        assert {name: int(column[i]) for name, column in many.items()} == \
            surface.counts(text, tokens[i], capitals[i], digits[i]), repr(text)
    return many


def test_counts_many_equals_counts():
    many = _counted_alike(_hostile(2000, seed=3) + ["Lies: https://example.org/1234 und 42 Seiten", "SO NICHT!!! ;-)"])
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


#: the characters a cue's match begins with, its pieces, and what ends a match or forbids one
PIECES = ["http", "htt", "p", "://", "www.", "ww", "w.", "w", "/s", "/", "s", "...", "..", ".", "....", "!!", "!", "?",
          "??", "?!", "!?", "…", "😉", "💩", "*", ";", ";-", ")", "-", "'", '"', "«", "»", "„", "“", "‘", "’", "a", "ä",
          " ", "\n", "h", "\ud800", "1", "23", ",", "٣", "²", "_", "ABCD", "AB", "Ä", "Ü", "É", "g", "*g*", "lol",
          "aaa", "äää", "Richter*innen", "d*ck"]


def test_counts_many_equals_counts_where_cues_begin_and_end_at_text_edges():
    """The places where a cue may begin (``surface.Scan``) are read per text: also where a
    cue's characters end one text and go on in the next ("ht" | "tp", ".." | ".", "AB" |
    "CD", "1" | "23"), in empty texts and at a chunk's first and last character."""
    rng = random.Random(8)
    texts = ["".join(rng.choice(PIECES) for _ in range(rng.randint(0, 8))) for _ in range(4000)]
    texts += ["ht", "tp://x", "..", ".", "", "www", ".", "!", "!", "/", "s", "AB", "CD", "1", "23", "'a", "b'"]
    for chunk in (texts, texts[-2:], texts[:1], []):
        _counted_alike(chunk)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(PIECES) | st.text(max_size=3), max_size=10).map("".join), max_size=20))
def test_counts_many_equals_counts_on_any_text(texts):
    """``counts_many`` (each cue tried only where it may begin; quotes from the chunk's
    quotation marks) counts what ``counts`` counts text by text, on any text."""
    _counted_alike(texts)


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
        return _with_reactions([(r.tone, r.tone_scores, r.polarity) for r in map(tone._result, polarities, cue.tolist())],
                               texts, tokens, languages, polarities, tone.TONES, [tone.THRESHOLD] * len(tone.TONES))
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
    return _with_reactions(out, texts, tokens, languages, polarities, model.labels, model.thresholds)


def _with_reactions(out, texts, tokens, languages, polarities, labels, thresholds) -> list[tuple]:
    """``out`` with each bare reaction the reaction lexicon reads (session 19) given its tones, comment by comment:
    each score raised to its label's threshold or capped just below it on the 4-decimal grid, the polarity the
    lexicon's corrected by those tones and bounded by the reaction's value."""
    import math

    from comments.classification.reactions import reaction_of

    reacted = set()
    for i, (text, tok, language) in enumerate(zip(texts, tokens, languages)):
        r = reaction_of(text, tok, language or "de")
        if r is None:
            continue
        scores = {label: (max(out[i][1][label], math.ceil(th * 1e4) / 1e4) if label in r.tones
                          else min(out[i][1][label], math.floor(th * 1e4 - 1) / 1e4))
                  for label, th in zip(labels, thresholds)}
        pol = tone.stance_polarity(polarities[i], r.tones)
        pol = max(pol, r.polarity) if r.polarity > 0 else min(pol, r.polarity) if r.polarity < 0 else pol
        out[i] = ([label for label in labels if label in r.tones], scores, pol)
        reacted.add(i)
    # a comment with no letter to score (and no reaction the lexicon reads) has no polarity (session 19)
    letter = re.compile(r"[^\W\d_]").search
    return [(a, b, p if i in reacted or letter(" ".join(tok)) else None) for i, ((a, b, p), tok) in enumerate(zip(out, tokens))]


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


def test_own_lines_of_gives_the_ids_of_the_tokens_it_gives():
    """``tone._own_lines_of``: quoted lines taken out of some texts of a chunk, the ids it gives are
    those of the tokens it gives, comment after comment (the changed ones read from new ids)."""
    from comments.classification.tone import _own_lines_of, own_lines
    from comments.text.token_table import table as token_table
    from comments.text.tokens import tokenize

    texts = ["> quoted line\nmy answer here", "no quote at all", "", "a > b is no quote",
             "first\n> zitiert wird das\n>> und das\nund meine Antwort", "x", "> only quoted"]
    tokens = [tokenize(t) for t in texts]
    ids = token_table().ids(tokens)
    got_texts, got_tokens, found, got_ids = _own_lines_of(texts, tokens, [{}] * len(texts), ids)
    assert got_texts == [own_lines(t) for t in texts]
    assert [list(t) for t in got_tokens] == [list(tokenize(own_lines(t))) for t in texts]
    assert got_ids.tolist() == token_table().ids(got_tokens).tolist()
    assert [f is None for f in found] == [own_lines(t) != t for t in texts]
