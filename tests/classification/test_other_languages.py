"""Comments in languages other than German and English, end to end: their language is
`other`, their tone and polarity are not read (the cue lists, stems and polarity lexicon
are German and English), their topics come from the taxonomy's terms (names and words
shared across languages), and short reactions keep their thread's language."""

from __future__ import annotations

from comments.classification.classify import classify
from comments.model.records import Comment, ParsedThread, Thread
from comments.model.tree import rebuild


def thread(*pairs: tuple[str | None, str], key: str = "t") -> ParsedThread:
    comments = [Comment(id=str(i), parent_id=p, text=t) for i, (p, t) in enumerate(pairs)]
    return ParsedThread(Thread(thread_id=key, site="s"), rebuild(comments))


def recipe_page() -> ParsedThread:
    """A recipe page's comments as readers write them: mostly English, some Spanish and
    French, short reactions."""
    return thread(
        (None, "I made this buttercream for my daughter's birthday and it was the best frosting I have ever made."),
        ("0", "Muchas gracias, me alegro de que te guste!"),
        (None, "Merci beaucoup pour la recette, elle est vraiment délicieuse et facile."),
        (None, "Can I use salted butter instead of unsalted? The store was out of it."),
        ("3", "Great stuff."),
        (None, "Hola, ¿se puede congelar la crema? La hice ayer y me sobró bastante."),
        ("5", "lol"),
        (None, "This is terrible advice, the sugar ratio is completely wrong and it came out grainy."),
        (None, "Ottima ricetta, l'ho fatta per la festa di mia figlia ed è piaciuta a tutti."),
        (None, "+1"),
    )


def test_other_language_comments_get_no_tone_and_no_polarity():
    pt = recipe_page()
    classify([pt])
    by_text = {c.text: c for c in pt.comments}
    assert [c.language for c in pt.comments] == ["en", "other", "other", "en", "en", "other", "en", "en", "other",
                                                 "en"]
    for c in pt.comments:
        if c.language == "other":
            assert c.tone == [] and c.tone_scores == {} and c.polarity is None
        else:
            assert set(c.tone_scores) and c.polarity is not None  # read as before
    assert "critical" in by_text["This is terrible advice, the sugar ratio is completely wrong and it came out "
                                 "grainy."].tone


def test_other_language_comments_are_not_scored_for_tone_and_the_rest_keep_theirs(monkeypatch):
    """The tone pass reads only German and English comments (an `other` one's result would be
    dropped); the others' tone is what it is when every comment goes through the pass
    (labels, scores, polarity), with and without the scores kept."""
    from comments.classification import tone

    mixed = recipe_page()
    classify([mixed])
    alone = thread(*[(None, c.text) for c in mixed.comments if c.language != "other"])
    classify([alone])
    fields = lambda cs: [(c.tone, c.tone_scores, c.polarity) for c in cs]  # noqa: E731
    assert fields(c for c in mixed.comments if c.language != "other") == fields(alone.comments)
    read: list[str] = []
    scored = tone.classify_columns
    monkeypatch.setattr(tone, "classify_columns", lambda texts, *a, **k: read.extend(texts) or scored(texts, *a, **k))
    again = recipe_page()
    classify([again], keep_scores=False)
    assert read == [c.text for c in again.comments if c.language != "other"]
    assert all(c.tone == [] and c.tone_scores is None and c.topic_scores is None and c.polarity is None
               for c in again.comments if c.language == "other")


def test_results_do_not_depend_on_the_workers():
    one, many = recipe_page(), recipe_page()
    classify([one])
    classify([many], jobs=2)
    fields = lambda pt: [(c.language, c.topics, c.tone, c.tone_scores, c.polarity) for c in pt.comments]  # noqa: E731
    assert fields(one) == fields(many)


def test_short_reactions_take_the_thread_language_and_a_spanish_thread_is_other():
    spanish = thread(
        (None, "El bloqueo del bootloader es una vergüenza, compré el teléfono y ahora no puedo instalar nada."),
        ("0", "Totalmente de acuerdo, por eso ya no compro Xiaomi."),
        ("0", "Gracias!"),
        (None, "¿Alguien sabe si con Mi Unlock todavía se puede desbloquear en Cuba?"),
        key="es")
    german = thread((None, "Die Sanktionen treffen die Kunden, nicht die Regierungen."), ("0", "Danke!"), ("0", "lol"),
                    key="de")
    classify([spanish, german])
    assert [c.language for c in spanish.comments] == ["other"] * 4  # "Gracias!": the thread's language
    assert [c.language for c in german.comments] == ["de", "de", "de"]
    # topics from terms every language shares (bootloader, Mi Unlock): still found
    assert "bootloader_unlocking" in spanish.comments[0].topics
    assert "bootloader_unlocking" in spanish.comments[3].topics
    assert all(c.tone == [] for c in spanish.comments)


def test_a_thread_of_reactions_only_is_read_as_german_or_english():
    pt = thread((None, "Great stuff."), ("0", "lol"), key="r")
    classify([pt])
    assert [c.language for c in pt.comments] == ["en", "en"]


def test_an_empty_comment_is_other():
    pt = thread((None, "Das ist nicht das Problem, die Sperre gilt für alle Geräte."), ("0", ""), key="e")
    classify([pt])
    assert [c.language for c in pt.comments] == ["de", "other"]


def test_a_tone_model_given_with_model_leaves_other_language_comments_unread():
    from comments.classification.classify import DEFAULT_TONE

    pt = recipe_page()
    classify([pt], model=DEFAULT_TONE)
    assert [c.tone for c in pt.comments if c.language == "other"] == [[], [], [], []]
    assert all(c.tone_scores == {} and c.polarity is None for c in pt.comments if c.language == "other")


def test_adapt_learns_nothing_from_other_language_comments():
    """``--adapt`` stemmed every comment not English as German: a Cuban reader's Spanish
    comments put German stems of Spanish words ("sancion", "gobiern") into the adapted
    vocabulary, and the German model then scored Spanish text. Now comments in another
    language neither train the adapted model nor are scored by it: their topics come from
    the terms alone, as without ``--adapt``, and the model is the one the German comments alone give."""
    from comments.classification.taxonomy import load
    from comments.classification.topics import TopicClassifier
    from test_classify import adapt_pairs

    spanish = ["Las sanciones del gobierno de Estados Unidos contra Cuba son injustas para la gente común.",
               "El gobierno cubano también tiene la culpa, pero las sanciones empeoran todo para nosotros.",
               "Aquí en La Habana no podemos desbloquear el teléfono por culpa de las sanciones del gobierno.",
               "Nadie en mi familia puede usar su Xiaomi por culpa de las sanciones, es una vergüenza."]
    german = adapt_pairs()
    with_spanish = german + [(None, text) for text in spanish]
    plain, adapted, alone = thread(*with_spanish), thread(*with_spanish), thread(*german)
    classify([plain])
    classify([adapted], adapt=True)
    classify([alone], adapt=True)
    assert [c.language for c in adapted.comments[-4:]] == ["other"] * 4
    for got, want in zip(adapted.comments[-4:], plain.comments[-4:]):
        assert (got.topics, got.topic_scores) == (want.topics, want.topic_scores)  # the terms alone
    fitted, without = (TopicClassifier(load(), adapt=True).fit([pt]) for pt in (adapted, alone))
    vocabulary = fitted.vectorizer.vocabulary_
    assert not {"sancion", "gobiern", "cuba", "culp"} & set(vocabulary) and "sanktion" in vocabulary
    assert vocabulary == without.vectorizer.vocabulary_  # learned as if the Spanish comments were not there
    assert fitted.models.keys() == without.models.keys() and all(
        (fitted.models[t].coef_ == without.models[t].coef_).all() for t in fitted.models)
