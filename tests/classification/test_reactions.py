"""Bare reactions get the tone their words say (session 19, docs/models.md): "+1" and "Danke!" supportive,
"Quelle?" questioning, a wink sarcastic and critical, "lol", "OK" or a friendly smiley no tone — whatever the
model's priors say about a two-word comment; substantive comments and reactions the lexicon does not know are
the model's."""

from __future__ import annotations

import numpy as np
import pytest

from comments.classification.classify import DEFAULT_TONE, _load_model, classify
from comments.classification.reactions import REACTION_TOKENS, is_reaction, lexicon, reaction_of
from comments.classification.tone import THRESHOLD, classify_many
from comments.model.records import Comment, ParsedThread, Thread
from comments.model.tree import rebuild
from comments.text.tokens import tokenize

#: a realistic German thread under an article on remote-locked phones, and an English one: (parent, text, tones)
GERMAN = [
    (None, "Xiaomi sperrt Geräte, die in der Krim aktiviert wurden, per Fernabschaltung. Das ist ein Skandal für "
           "jeden Kunden, der sein Handy bezahlt hat.", None),
    (0, "Quelle?", {"questioning"}),
    (0, "+1", {"supportive"}),
    (0, "Genau.", {"supportive"}),
    (1, "https://www.heise.de/news/Xiaomi-sperrt-Smartphones-auf-der-Krim.html steht alles drin.", None),
    (4, "Danke!", {"supportive"}),
    (0, "Na klar, die Hersteller meinen es nur gut mit uns ;)", None),
    (0, "Ja klar ;-)", {"critical", "sarcastic"}),
    (0, "lol", set()),
    (0, "OK", set()),
    (0, "Stimmt nicht!", {"critical"}),
    (0, "Warum?", {"questioning"}),
    (0, "Totaler Schwachsinn!", None),  # a bare reaction the lexicon does not know: the model's
]
ENGLISH = [
    (None, "Xiaomi remotely locks phones activated in Crimea. Customers who paid for the hardware have no recourse, "
           "which is exactly why I only buy phones with an unlockable bootloader.", None),
    (0, "Source?", {"questioning"}),
    (0, "Agreed.", {"supportive"}),
    (0, "😂😂😂", set()),
    (0, "This.", {"supportive"}),
    (0, "Thanks a lot!", {"supportive"}),
    (0, "Yeah, sure. 🙄", {"critical", "sarcastic"}),
    (0, "Great, another walled garden. Sanctions really work, don't they?", None),
    (0, "Not true", {"critical"}),
    (0, "haha :)", set()),
]


def _threads(rows) -> list[ParsedThread]:
    comments = [Comment(id=str(i), parent_id=None if p is None else str(p), text=t) for i, (p, t, _) in enumerate(rows)]
    return [ParsedThread(Thread(thread_id="t", site="s"), rebuild(comments))]


def _by_text(threads) -> dict[str, Comment]:
    return {c.text: c for pt in threads for c in pt.comments}


@pytest.mark.parametrize("rows", [GERMAN, ENGLISH], ids=["de", "en"])
@pytest.mark.parametrize("default_tone", [True, False], ids=["shipped model", "cue weights"])
def test_bare_reactions_get_the_tone_their_words_say(rows, default_tone):
    threads = classify(_threads(rows), default_tone=default_tone)
    got = _by_text(threads)
    thresholds = (dict(zip(_load_model(str(DEFAULT_TONE)).labels, _load_model(str(DEFAULT_TONE)).thresholds))
                  if default_tone else dict.fromkeys(got[rows[0][1]].tone_scores, THRESHOLD))
    for _, text, tones in rows:
        c = got[text]
        if tones is None:
            continue
        assert set(c.tone) == tones, text
        assert c.topics == [], text  # (topics' definition of a bare reaction is the same one)
        for label, score in c.tone_scores.items():  # the scores agree with the labels
            assert (score >= thresholds[label]) == (label in tones), (text, label, score)
        # the lexicon's polarity corrected by the tones, at least 0.2 for agreement, at most -0.2 for blame
        assert (c.polarity >= 0.2 if "supportive" in tones else c.polarity <= -0.2 if "critical" in tones
                else c.polarity >= 0.0), (text, c.polarity)


def test_what_lang19_found_is_mended():
    """lang19 (session 19): "lol" and "OK" were critical and sarcastic, "Genau." also supportive, "😂😂😂" sarcastic
    with polarity −0.2, "Agreed." critical and supportive."""
    texts = ["lol", "OK", "Genau.", "😂😂😂", "Agreed."]
    got = classify_many(texts, model=_load_model(str(DEFAULT_TONE)), languages=["en", "en", "de", "de", "en"])
    assert [r.tone for r in got] == [[], [], ["supportive"], [], ["supportive"]]
    assert got[2].polarity >= 0.2 and got[4].polarity >= 0.2
    assert min(r.polarity for r in got) >= 0.0  # laughter and "OK" are no blame


def test_substantive_comments_and_unknown_reactions_are_the_models():
    """Only a bare reaction whose every word the lexicon knows is read by it: the others' tone is the model's,
    exactly as without the rule."""
    from comments.classification import tone

    model = _load_model(str(DEFAULT_TONE))
    texts = [t for _, t, tones in GERMAN + ENGLISH if tones is None] + [
        "Quelle: spiegel.de", "Das ist so.", "Echt jetzt?", "Danke für nichts, ihr Abzocker.", "Toll."]
    assert all(tone.reactions_said([t], [tokenize(t)], ["de"]) == [] for t in texts)
    with_rule = classify_many(texts, model=model)
    original = tone.reactions_said
    try:
        tone.reactions_said = lambda *args: []
        without = classify_many(texts, model=model)
    finally:
        tone.reactions_said = original
    assert with_rule == without


def test_a_bare_reaction_is_one_definition():
    """topics, drift and suggest read the same ``is_reaction``; the rule reads only what it calls a reaction."""
    from comments.classification import suggest, topics, topics_batch  # noqa: F401

    assert topics.is_reaction is is_reaction and suggest.is_reaction is is_reaction
    long = "Danke danke danke danke danke danke danke"  # seven words: no longer a bare reaction
    assert len(tokenize(long)) > REACTION_TOKENS and not is_reaction(tokenize(long))
    assert reaction_of(long, tokenize(long), "de") is None
    assert reaction_of("Danke danke!", tokenize("Danke danke!"), "de").tones == {"supportive"}



def test_the_analyses_reaction_counts_only_function_words_as_no_content():
    """The classifiers' test counts no word of the English stop list as content ("experience",
    "need", "please" are on it), the analyses' (``function_only``, ``suggest.says_something``)
    only function words: the classifiers still call these reactions, the analyses do not."""
    from comments.classification.suggest import is_substantive, says_something

    for text in ("Welcome to the reddit app experience.", "Reddit, please listen. We need this."):
        assert is_reaction(tokenize(text), "en") and not is_reaction(tokenize(text), "en", function_only=True), text
        comment = Comment(id="x", text=text, language="en")
        assert says_something(comment) and not is_substantive(comment)
    for text in ("Agreed!!", "Many thanks Daniel", "Thanks"):  # still bare reactions for both
        assert is_reaction(tokenize(text), "en") and is_reaction(tokenize(text), "en", function_only=True), text
    assert is_reaction(tokenize("Danke für die Quelle!"), "de", function_only=True)  # German: the same stop list


@pytest.mark.parametrize("text, classes", [
    ("Quelle bitte?", ("source_request",)), ("Danke dir 👍🏻", ("thanks", "agree")), ("Hahahaha", ("laughter",)),
    ("*g*", ("irony",)), ("Das stimmt.", ("agree",)), ("That's not true", ("disagree",)), ("❤️", ("praise",)),
    ("Warum", None), ("Quelle: https://example.org", None), ("Danke für den Link!", None),
    ("Citation needed", ("source_request",)), ("Link", None), ("+1 Quelle?", ("agree", "source")),
    (":-)", ("smiley",)), ("Stimmt das?", ("question",)), ("Richtig?!", ("question",)),
])
def test_reaction_classes(text, classes):
    found = reaction_of(text, tokenize(text), "de")
    assert (found.classes if found else None) == classes


@pytest.mark.parametrize("default_tone", [True, False], ids=["shipped model", "cue weights"])
def test_agreement_asked_as_a_question_is_questioning_only(default_tone):
    """review19: "Richtig?", "Stimmt das?", "Genau?", "True?", "Ja?", "right?" lost ``questioning`` to the agreement
    class (only supportive); by LABELLING a genuine question is questioning, not supportive: questioning only,
    polarity 0. Agreement with a question beside it ("+1 Quelle?") keeps both."""
    asked = ["Richtig?", "Stimmt das?", "Genau?", "True?", "Ja?", "right?", "Korrekt?"]
    rows = [(None, "Xiaomi sperrt Geräte auf der Krim per Fernabschaltung, ein Skandal für jeden Kunden.", None)]
    rows += [(0, text, {"questioning"}) for text in asked] + [(0, "+1 Quelle?", {"supportive", "questioning"})]
    got = _by_text(classify(_threads(rows), default_tone=default_tone))
    assert {text: set(got[text].tone) for _, text, _ in rows[1:]} == {text: tones for _, text, tones in rows[1:]}
    assert {got[text].polarity for text in asked} == {0.0}
    assert reaction_of("Genau.", tokenize("Genau."), "de").tones == {"supportive"}  # (without "?" agreement)


@pytest.mark.parametrize("default_tone", [True, False], ids=["shipped model", "cue weights"])
def test_irony_gets_no_positive_polarity(default_tone):
    """review19: "Klasse 🙄" had polarity +0.5, "Danke 🙄" +0.3 (the praise's bound, farthest from 0): a reaction
    that says sarcastic is blame, its polarity at most 0 (here at most the irony's −0.2)."""
    texts = ["Klasse 🙄", "Danke 🙄", "Super, danke ;-)", "Bravo *hust*", "Great 🙄"]
    rows = [(None, "Xiaomi sperrt Geräte auf der Krim per Fernabschaltung, ein Skandal für jeden Kunden.", None)]
    rows += [(0, text, None) for text in texts]
    got = _by_text(classify(_threads(rows), default_tone=default_tone))
    for text in texts:
        found = reaction_of(text, tokenize(text), "de")
        if found is None:  # (a word the lexicon does not know: the model's)
            continue
        assert "sarcastic" in found.tones and found.polarity <= 0, text
        assert "sarcastic" in got[text].tone and got[text].polarity <= -0.2, (text, got[text].polarity)
    assert reaction_of("Klasse 🙄", tokenize("Klasse 🙄"), "de").polarity == -0.2


def test_the_lexicon_holds_each_term_once_and_only_known_tones():
    from comments.model.records import TONES

    terms, classes = lexicon()
    assert set(terms.values()) == set(classes)
    assert all(tones <= set(TONES) and -1.0 <= polarity <= 1.0 for tones, polarity, _ in classes.values())


def test_hostile_text_is_read_in_linear_time():
    """A long run of reaction-like units is not a bare reaction (length first): no quadratic matching."""
    import time

    text = "+1 " * 200_000
    start = time.perf_counter()
    assert reaction_of(text, tokenize(text), "de") is None
    got = classify_many([text, ";) " * 100_000])
    assert time.perf_counter() - start < 10 and len(got) == 2
    assert got[0].polarity is None  # (no letter to score, and too long for a bare reaction)
