"""Bare reactions get the tone their words say (session 19, docs/models.md): "+1" and "Danke!" supportive,
"Quelle?" questioning, a wink sarcastic and critical, "lol", "OK" or a friendly smiley no tone — whatever the
model's priors say about a two-word comment; substantive comments and reactions the lexicon does not know are
the model's."""

from __future__ import annotations

import inspect

import numpy as np
import pytest

from comments.classification.classify import DEFAULT_TONE, _load_model, classify
from comments.classification.reactions import REACTION_TOKENS, is_bare, is_reaction, lexicon, reaction_of
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


def test_a_bare_reaction_is_one_definition_per_side():
    """classify's topics read ``is_reaction`` (few words, few off the stop list); drift, stickiness, the taxonomy
    fit and ``taxonomy suggest`` read one test, ``suggest.says_something`` over ``is_bare``; the tone rule reads
    only what ``is_reaction`` calls a reaction."""
    from comments.analyses import drift, topic_stats  # noqa: F401
    from comments.classification import suggest, topics, topics_batch  # noqa: F401

    assert topics.is_reaction is is_reaction and suggest.is_bare is is_bare
    assert "says_something" in inspect.getsource(drift._sides) and "says_something" in inspect.getsource(
        topic_stats.thread_text)
    long = "Danke danke danke danke danke danke danke"  # seven words: no longer classify's bare reaction …
    assert len(tokenize(long)) > REACTION_TOKENS and not is_reaction(tokenize(long))
    assert is_bare(long, tokenize(long))  # … but the analyses' (only lexicon words)
    assert reaction_of(long, tokenize(long), "de") is None
    assert reaction_of("Danke danke!", tokenize("Danke danke!"), "de").tones == {"supportive"}


#: short real answers from the corpora (fix20k's list): few words, but words of their own
ANSWERS = [("Which Java version are you using?", "en"), ("The redesign is propaganda.", "en"),
           ("It is normal here.", "en"), ("rif forever", "en"), ("Oh no! iOS or Android?", "en"),
           ("Why isn’t your name orange anymore?", "en"), ("You missed Julia and Chapel", "en"),
           ("Nicht mein Präsident!", "de"), ("… das ist ja das Problem xD", "de"),
           ("Wow, the new parser is fast", "en"), ("Interesting article about Cuba", "en"),
           ("First they came for the socialists", "en"), ("Erster Eindruck: zu teuer.", "de"),
           ("Welcome to the reddit app experience.", "en"), ("Reddit, please listen. We need this.", "en"),
           ("🔵 🔴 🔵 T H O U G H T P O L I C E 🔵 🔴 🔵", "en")]
#: bare reactions from the corpora: only lexicon terms, function words, emoji and an address
BARE = [("Agreed!!", "en"), ("Thanks", "en"), ("Quelle?", "de"), ("Das stimmt.", "de"), ("Hahahaha", "de"),
        ("👀", "en"), ("...", "en"), ("*+", "de"), ("This, exactly this please", "en"), ("That's great too!", "en"),
        ("Danke für den Link!", "de"), ("Many thanks Daniel", "en"), ("Thank you Amanda!", "en"),
        ("You are welcome Jessica..", "en"), ("Glad to be of help, Nika!", "en"), ("Our pleasure, enjoy! x", "en"),
        ("Gern geschehen, Tina 🙂", "de"),
        # interjections, greetings and "first!" posts (review21b #7; the corpora's: Sweet!, Good call., Perfection,
        # Hi mom, Erster!1, Zweiter., Drölfter!, sure), alone or with another reaction
        ("Sweet!", "en"), ("Good call.", "en"), ("Perfection", "en"), ("Hi mom", "en"), ("Erster!1", "de"),
        ("Zweiter.", "de"), ("Drölfter!", "de"), ("sure", "en"), ("Wow", "en"), ("Cool", "en"), ("Interesting", "en"),
        ("Amen", "en"), ("First!", "en"), ("Wow, thanks!", "en"), ("Cool, danke", "de"), ("LOL wow", "en"),
        ("Super, danke dir!", "de")]
NAMES = frozenset({"daniel", "amanda", "jessica", "nika", "tina"})


def test_the_analyses_bare_reaction_is_what_the_lexicon_and_function_words_make_up():
    """Not "few words": a short answer with a word of its own says something, whatever its length, while a text
    of reaction terms, function words, emoji and the name it addresses does not. classify's test calls most of
    the answers reactions (the stop list holds "version", "normal", "name", "experience", "need") and is
    unchanged."""
    for text, _ in ANSWERS:
        assert not is_bare(text, tokenize(text), NAMES), text
    assert sum(is_reaction(tokenize(text), language) for text, language in ANSWERS) >= 10
    for text, _ in BARE:  # (whatever language a short comment is guessed to be in: German and English alike)
        assert is_bare(text, tokenize(text), NAMES), text
    assert not is_bare("Thank you Amanda!", tokenize("Thank you Amanda!"))  # no reader of that name here


def test_says_something_leaves_out_placeholders_and_addresses_the_threads_authors():
    """``says_something`` (the analyses' one test): a "[deleted]" placeholder and a pingback say nothing; a
    thank-you naming an author of the thread is a bare reaction, naming someone else is not."""
    from comments.classification.suggest import says_something, thread_names

    thread = [Comment(id="a", text="Der Kuchen ist zu trocken geworden.", author="Tina Berger", language="de"),
              Comment(id="b", parent_id="a", text="Gern geschehen, Tina 🙂", author="Backblog", language="de"),
              Comment(id="c", parent_id="a", text="Danke, Rezept von Oma Erna!", author="Backblog", language="de"),
              Comment(id="d", parent_id="a", text="[deleted]", language="de"),
              Comment(id="e", text="Rezept Linkliste", kind="pingback", language="de")]
    names = thread_names(thread)
    assert names == {"tina", "berger", "backblog"}
    assert [says_something(c, names=names) for c in thread] == [True, False, True, False, False]


def test_courtesy_and_interjections_are_the_analyses_only():
    """``courtesy`` terms ("Gern geschehen!", "You're welcome") and ``interjection`` ones ("Wow", "Erster!") make a
    bare reaction for the analyses only: the tone rule leaves such a comment to the model, as before the classes
    were written."""
    _, classes = lexicon()
    only = {"courtesy", "interjection"}
    assert all(classes[name][3] for name in only) and not any(c[3] for name, c in classes.items() if name not in only)
    for text, language in (("Gern geschehen!", "de"), ("You're welcome!", "en"), ("Great to hear!", "en"),
                           ("Wow, thanks!", "en"), ("Nice one!", "en"), ("Erster!1", "de"), ("Sure.", "en")):
        assert is_bare(text, tokenize(text)) and reaction_of(text, tokenize(text), language) is None, text
    assert reaction_of("Sure thing", tokenize("Sure thing"), "en").classes == ("irony",)  # the longer term still


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
    assert all(tones <= set(TONES) and -1.0 <= polarity <= 1.0 for tones, polarity, *_ in classes.values())


def test_hostile_text_is_read_in_linear_time():
    """A long run of reaction-like units is not a bare reaction (length first): no quadratic matching."""
    import time

    text = "+1 " * 200_000
    start = time.perf_counter()
    assert reaction_of(text, tokenize(text), "de") is None
    got = classify_many([text, ";) " * 100_000])
    assert time.perf_counter() - start < 10 and len(got) == 2
    assert got[0].polarity is None  # (no letter to score, and too long for a bare reaction)
