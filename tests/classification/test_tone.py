"""Tone cues and polarity read each comment in its own language (issue 11 item 3)."""

from __future__ import annotations

from comments.classification.classify import classify
from comments.classification.polarity import polarity
from comments.classification.tone import classify_many, cues, features, question_words
from comments.model.records import Comment, ParsedThread, Thread


def test_english_comments_are_not_read_with_german_cues():
    # "also", "was", "pack" are German cues (explanation, question word, insult); in English they are not
    german, english = cues("de"), cues("en")
    assert german.scores("Das ist also klar.").get("explain") and not english.scores("This is also clear.").get("explain")
    assert german.scores("So ein Pack!").get("insult") and not english.scores("A pack of cards.").get("insult")
    assert "was" in question_words("de") and "who" in question_words("en") and "wer" not in question_words("en")
    f = features("This is also a pack of six.", language="en")
    assert f["explain"] == 0 and f["insult"] == 0
    assert features("Das ist also ein Pack.", language="de")["insult"] > 0


def test_english_cues_the_german_lists_lacked():
    assert features("Great stuff, well written. Thank you!", language="en")["agree"] >= 2
    assert features("You should try the other tool instead.", language="en")["propose"] >= 2
    assert features("Yeah right, what could possibly go wrong", language="en")["irony_strong"] >= 2


def test_language_is_detected_when_not_given():
    assert features("This is also what we found.") == features("This is also what we found.", language="en")
    assert features("Das ist also klar, oder?") == features("Das ist also klar, oder?", language="de")


def test_polarity_uses_the_comments_language_lexicon():
    # German "Bad" is a bathroom, English "bad" is bad; German "Mist" is rubbish, English "mist" is fog
    assert polarity("Das Bad ist frisch renoviert.", language="de") == 0.0
    assert polarity("This is bad.", language="en") < 0
    assert polarity("So ein Mist.", language="de") < 0
    assert polarity("Morning mist over the lake.", language="en") == 0.0
    # English loanwords still count in German comments
    assert polarity("Echt nice, danke!", language="de") > 0
    assert polarity("Echt toller Service!", language="de") > 0  # inflected short adjectives


def test_classify_passes_each_comments_language_to_tone():
    texts = ["This is also a pack of lies, you idiot.", "Das ist also ein Pack von Lügnern, du Idiot."]
    threads = [ParsedThread(Thread(thread_id=str(i)), [Comment(id="0", text=t)]) for i, t in enumerate(texts)]
    classify(threads)
    comments = [pt.comments[0] for pt in threads]
    assert [c.language for c in comments] == ["en", "de"]
    alone = classify_many(texts, model=None, languages=["en", "de"])
    direct = classify_many(texts, model=None)  # languages detected inside
    assert [r.tone for r in alone] == [r.tone for r in direct]


#: the surface cue patterns as first written (an assertion first); tone._SURFACE leads with a character
ORIGINAL_SURFACE = {
    "numbers": r"\b\d+(?:[.,]\d+)?",
    "shout": r"\b[A-ZÄÖÜ]{4,}\b",
    "winks": r"[😉😜🙃🙄😏😂🤣😆]|;-?\)|\*g+\*|\*lol\*|\*hust\*|\*ironie|\*sarkasmus|(?<!\w)/s\b",
    "self_correct": r"(?<=\w)(?:…|\.\.\.)\s?(?=\w)",
}
SURFACE_PALETTE = "aZÄ1٣_ .,…/s;-)*g😉\n!?ÖÜABCD"


def test_rewritten_surface_patterns_find_what_the_originals_found():
    import random
    import re

    from comments.classification.tone import _SURFACE

    patterns = {name: pattern for name, _, pattern in _SURFACE}
    rng = random.Random(9)
    texts = ["".join(rng.choice(SURFACE_PALETTE) for _ in range(rng.randint(0, 25))) for _ in range(20000)]
    texts += ["Das kostet 3,5 Mio. und 12.000 Leute, a1 b22 ...", "ABCD und ABCDE, aABCD ABCDe", "so /s ok a/s",
              "Also...ja … nein...so", ";-) *ggg* *lol* *ironie 😉"]
    for name, original in ORIGINAL_SURFACE.items():
        old = re.compile(original)
        for text in texts:
            assert patterns[name].findall(text) == old.findall(text), (name, text)


def test_gender_star_and_masked_words_through_the_gates():
    # the substring gates must not hide a cue: masked words counted, gender stars not
    assert features("Staatsanwält*innen und Richter*innen", language="de")["masked"] == 0
    assert features("So ein d*ck und gef****t", language="de")["masked"] == 2
    assert features("Na klar 😉 *ggg*", language="de")["winks"] == 2
    assert features("Lies: https://example.org/1234 und 42 Seiten", language="de")["numbers"] == 1


def test_stretched_words_are_found_through_the_token_pretest():
    import random
    import re

    from comments.text.tokens import tokenize

    stretched = re.compile(r"([a-zäöü])\1\1")
    rng = random.Random(4)
    for _ in range(3000):
        text = "".join(rng.choice("aAäÄoö İx-1 .sss") for _ in range(rng.randint(0, 20)))
        assert features(text, tokenize(text), language="de")["stretched"] == len(stretched.findall(text)), text
    assert features("Jaaaa sooo toll", language="de")["stretched"] == 2
    assert features("JAAA, Soo", language="de")["stretched"] == 0


def test_shared_scores_keep_every_value_and_sign():
    import math

    from comments.classification.tone import shared, shared_scores

    values = [0.0, -0.0, 0.5, 0.1234, -0.25, float("nan"), 1.0, float("0.5")]
    out = [shared(v) for v in values]
    assert [math.copysign(1.0, v) for v in out] == [math.copysign(1.0, v) for v in values]
    assert out[:5] + out[6:] == values[:5] + values[6:] and math.isnan(out[5])
    assert out[2] is out[7] and shared(0.0) is shared(float("0.0"))  # one object per value
    scores = shared_scores(["a", "b"], [0.25, float("0.25")])
    assert scores == {"a": 0.25, "b": 0.25} and scores["a"] is scores["b"]


def test_round4_is_pythons_round_bit_for_bit():
    """``tone.round4`` (numpy) equals ``round(v, 4)`` on every value, including halves
    that float products blur (0.00005, 1.00015), -0.0, huge, tiny, inf and NaN."""
    import math
    import random

    import numpy as np
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from comments.classification.tone import round4

    def same(values):
        got = round4(np.array(values, dtype=np.float64)).tolist()
        for v, g in zip(values, got):
            want = round(v, 4)
            assert (math.isnan(want) and math.isnan(g)) or (g == want and math.copysign(1, g) == math.copysign(1, want)), v

    single = np.array([0.12345, 0.33333334, 1.00015], dtype=np.float32)  # float32 in: float64 out, as Python rounds
    got = round4(single)
    assert got.dtype == np.float64 and got.tolist() == [round(float(v), 4) for v in single]
    rng = random.Random(3)
    halves = [(k + 0.5) / 1e4 for k in range(-3000, 3000)]
    same(halves + [math.nextafter(h, 2) for h in halves] + [math.nextafter(h, -2) for h in halves]
         + [rng.random() for _ in range(20000)] + [1 - math.exp(-rng.random() * 3) for _ in range(20000)]
         + [0.0, -0.0, 1e-300, -1e-300, 1e4, 1e4 + 0.5, 1e17, -1e17, 1.00015, 0.00005, math.inf, -math.inf,
            math.nan])
    settings(max_examples=2000, deadline=None)(given(st.lists(st.floats(), max_size=20))(same))()


def test_shared_rows_equal_rounded_shared_dictionaries():
    import numpy as np

    from comments.classification.tone import shared, shared_rows

    rng = np.random.default_rng(4)
    for x in (rng.random((500, 4)), np.array([[0.0, -0.0, 0.12345, float("nan")]]), np.zeros((0, 3))):
        labels = [f"t{j}" for j in range(x.shape[1])]
        want = [{t: shared(round(v, 4)) for t, v in zip(labels, row)} for row in x.tolist()]
        got = shared_rows(labels, x)
        assert [list(map(repr, d.values())) for d in got] == [list(map(repr, d.values())) for d in want]
        assert [list(d) for d in got] == [list(d) for d in want]


def test_shared_dicts_equal_shared_scores_row_by_row():
    """``shared_dicts`` (one shared float per distinct value of a chunk) gives each row's
    ``shared_scores`` dictionary: the same keys, values and shared objects."""
    import numpy as np
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from comments.classification.tone import shared_dicts, shared_scores

    def same(rows):
        x = np.round(np.array(rows, dtype=np.float64).reshape(len(rows), 3), 4)
        labels = ["a", "b", "c"]
        got, want = shared_dicts(labels, x), [shared_scores(labels, row) for row in x.tolist()]
        assert [list(d.items()) for d in got] == [list(d.items()) for d in want]
        assert all(g[k] is w[k] for g, w in zip(got, want) for k in labels)  # the same shared objects

    same([[0.0, 0.5, 1.0], [0.12345, 0.5, 0.0]])
    same([])
    # values that are not all ten-thousandths in 0..1 (read by distinct value, not from the table)
    for x in (np.array([[0.123456, 0.5, 1.0]]), np.array([[2.0, 0.5, 0.25]]), np.array([[1e-5, 0.0, 0.3]])):
        got, want = shared_dicts(["a", "b", "c"], x), [shared_scores(["a", "b", "c"], row) for row in x.tolist()]
        assert [list(d.items()) for d in got] == [list(d.items()) for d in want]
    assert shared_dicts(["a"], np.zeros((2, 0))) == [{}, {}]
    prob = st.floats(min_value=0.0, max_value=1.0)
    settings(max_examples=500, deadline=None)(given(st.lists(st.lists(prob, min_size=3, max_size=3), max_size=30))(same))()


def test_stance_polarities_equal_stance_polarity_value_for_value():
    """The array form of the stance correction gives ``stance_polarity``'s value, sign of
    zero included, for every pattern of labels and edge polarities (±0.0, ±1, beyond, NaN)."""
    import math
    import random
    from itertools import product

    import numpy as np

    from comments.classification.tone import TONES, stance_polarities, stance_polarity

    rng = random.Random(6)
    values = [0.0, -0.0, 0.5, -0.5, 1.0, -1.0, 1.5, -1.5, 0.2, -0.2, 0.00005, -0.00005, math.nan, math.inf]
    values += [rng.uniform(-1.2, 1.2) for _ in range(300)]
    patterns = list(product((False, True), repeat=len(TONES)))
    pol = [v for v in values for _ in patterns]
    picks = [p for _ in values for p in patterns]
    got = stance_polarities(pol, np.array(picks)).tolist()
    for v, p, g in zip(pol, picks, got):
        want = stance_polarity(v, [t for t, yes in zip(TONES, p) if yes])
        assert repr(g) == repr(want), (v, p)


def test_label_lists_and_cue_languages_equal_the_row_by_row_reading():
    """``_label_lists`` (each distinct pattern's labels read once, lists made by C-level maps) gives each
    row its own list of the picked labels in order; ``cue_languages`` is ``cue_language`` of each."""
    import random

    import numpy as np

    from comments.classification.tone import TONES, _label_lists, cue_language, cue_languages

    rng = np.random.default_rng(3)
    for rows in (0, 1, 7, 500):
        picks = rng.random((rows, len(TONES))) < 0.3
        got = _label_lists(TONES, picks)
        assert got == [[label for label, p in zip(TONES, row) if p] for row in picks.tolist()]
        assert len({id(row) for row in got}) == len(got)  # (every comment owns its list)
    languages = [random.Random(k).choice(["de", "en", "other", None, "fr", "EN", ""]) for k in range(200)]
    assert cue_languages(languages) == list(map(cue_language, languages))
