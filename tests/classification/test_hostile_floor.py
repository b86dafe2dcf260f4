"""The shipped tone model's definitional floor for ``hostile`` (session 14, docs/models.md): an
unambiguous insult or vulgarity outside quoted text is hostile whatever the model's score; a harsh
verdict on a text, a gender form, a quoted or discussed word is not made hostile by it."""

from __future__ import annotations

import json

import numpy as np
import pytest

from comments.classification.classify import DEFAULT_TONE, classify
from comments.classification.learn import TextModel
from comments.classification.tone import classify_many, cue_language, cues, features, floor_hits, unquoted
from comments.model.records import Comment, ParsedThread, Thread
from comments.text.language import detect

#: what a community manager found unlabelled (session 14), and more of the same, German and English
PLAIN_INSULTS = [
    "Was für ein Arschloch.", "Der Bürgermeister ist ein Arschloch, und zwar schon immer.", "Halt's Maul.",
    "Verpiss dich!", "Nur ein Kretin kann so etwas schreiben.", "What an asshole.",
    "Du Vollidiot hast doch keine Ahnung.", "So ein Volltrottel, echt.", "Der Typ ist ein Wichser.",
    "Halt die Fresse, keiner hat dich gefragt.", "Dieser Schwachkopf schon wieder.", "Alles Idioten hier.",
    "Was für ein Dreckskerl, der Vermieter.", "Leck mich doch.", "Scheiß Regierung, alle gleich.",
    "Der Kommentator ist ein Hohlkopf.", "Du Spast.", "Ihr seid doch alle Deppen.",
    "Shut your mouth, you moron.", "Fuck off with this.", "He is a complete dickhead.", "Go to hell, troll.",
    "What a jackass.", "Only morons buy this phone.", "You imbecile, read the thread.", "STFU already.",
]

#: LABELLING.md's boundary cases and words under discussion or quoted: the floor does not fire
NOT_FLOORED = [
    "Das ist doch Unsinn.", "Ein peinlicher Artikel, schlecht recherchiert.", "That is nonsense.",
    "What an embarrassing article.", "Die Richter*innen und Nutzer:innen haben entschieden.",
    "Ist 'Pfeife' ein Schimpfwort?", "Er nannte ihn „Idiot“, das fand ich daneben.",
    "> Du Idiot\nSo redet man hier nicht miteinander.", 'He called me "moron" and left the room.',
]


def one(text: str) -> Comment:
    threads = [ParsedThread(Thread(thread_id="t", site="s"), [Comment(id="c", text=text)])]
    classify(threads)
    return threads[0].comments[0]


def _hits(texts: list[str]) -> list[bool]:
    languages = [cue_language(detect(t)) for t in texts]
    found = [cues(lang).scores(t) for lang, t in zip(languages, texts)]
    return floor_hits(texts, found, languages).tolist()


@pytest.mark.parametrize("text", PLAIN_INSULTS)
def test_a_plain_insult_is_hostile(text):
    c = one(text)
    model = TextModel.load(DEFAULT_TONE)
    assert "hostile" in c.tone, (text, c.tone_scores)
    assert c.tone_scores["hostile"] >= model.floor["hostile"]
    assert c.polarity is None or c.polarity <= 0.0  # blame is never positive


def test_boundary_cases_quotes_and_discussed_words_are_not_floored():
    assert _hits(NOT_FLOORED) == [False] * len(NOT_FLOORED)
    for text in NOT_FLOORED[:5]:
        assert "hostile" not in one(text).tone, text


def test_unquoted_keeps_apostrophes_and_blanks_quotes():
    assert unquoted("Halt's Maul.") == "Halt's Maul."
    assert "Idiot" not in unquoted("Er sagte „Idiot“ und ging.")
    assert "Idiot" not in unquoted("> Du Idiot\nNein.")
    assert "Idiot" not in unquoted("- > Du Idiot\n- Nein.") and "Idiot" not in unquoted("2. > Du Idiot")  # quote in an item
    assert "Idiot" in unquoted("- Du Idiot")
    assert "Idiot" in unquoted("Er sagte „nein“, du Idiot.")


@pytest.mark.parametrize("mark", ["„", "»", "«", "‚", "‘", "“", "'", '"'])
def test_unclosed_quotation_marks_take_linear_time(mark):
    import time

    text = (" " + mark) * 100_000 + " du Idiot"
    start = time.process_time()
    assert _hits([text]) == [True]  # an unclosed mark quotes nothing: the insult after the last one counts
    assert time.process_time() - start < 5.0  # quadratic: 10^10 steps


def test_the_floor_only_raises_scores_and_the_batch_path_agrees():
    model = TextModel.load(DEFAULT_TONE)
    texts = PLAIN_INSULTS + NOT_FLOORED
    floored = classify_many(texts, model=model)
    plain = TextModel.load(DEFAULT_TONE)
    plain.floor = {}
    unfloored = classify_many(texts, model=plain)
    for text, a, b in zip(texts, floored, unfloored):
        for label in model.labels:
            assert a.tone_scores[label] >= b.tone_scores[label]
            if label != "hostile":
                assert a.tone_scores[label] == b.tone_scores[label] and (label in a.tone) == (label in b.tone), text
    missed = sum("hostile" not in r.tone for r in unfloored[:len(PLAIN_INSULTS)])
    assert missed >= 5  # what the floor is for: the model alone misses these


def test_model_file_floor_round_trip_and_checks(tmp_path):
    model = TextModel.load(DEFAULT_TONE)
    assert set(model.floor) == {"hostile"} and model.floor["hostile"] > 0.5 and model.floor_masked is False
    model.save(tmp_path / "m")
    again = TextModel.load(tmp_path / "m")
    assert again.floor == model.floor and again.floor_masked == model.floor_masked
    meta_path = tmp_path / "m" / "model.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    for bad in ({"labels": {"hostile": 1.5}}, {"labels": {"rude": 0.9}}, {"labels": {"hostile": "0.9"}},
                {"labels": {"hostile": 0.9}, "masked": "yes"}, ["hostile"]):
        meta_path.write_text(json.dumps(dict(meta, floor=bad)), encoding="utf-8")
        with pytest.raises(ValueError, match="floor"):
            TextModel.load(tmp_path / "m")


def test_masked_vulgarity_is_counted_but_not_a_floor_hit_of_the_shipped_model():
    text = "Der Bürgermeister ist ein A****loch."
    assert features(text)["masked"] == 1
    assert _hits([text]) == [False]
    assert floor_hits([text], [{}], ["de"], np.array([1])).tolist() == [True]
