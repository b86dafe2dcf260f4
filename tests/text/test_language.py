"""Language identification: German, English, `other` for comments clearly in another
language, and None (too short to tell) for reactions, so classify gives them their
thread's language."""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from comments.text import language
from comments.text.language import closer, detect, identify

OTHER = [
    # (language, a reader comment as written on recipe, news and tech pages)
    ("es", "Muchas gracias, me alegro de que te guste!"),
    ("es", "Hice la receta el domingo para mis hijos y les encantó, la próxima vez le pondré más canela."),
    ("fr", "Merci beaucoup pour la recette, elle est vraiment délicieuse et facile."),
    ("fr", "Franchement, je trouve que l'auteur exagère un peu, les chiffres ne disent pas ça du tout."),
    ("it", "Che bella ricetta! L'ho preparata per il compleanno di mia madre ed è piaciuta a tutti."),
    ("it", "Secondo me il problema vero è che nessuno controlla cosa fanno queste aziende con i nostri dati."),
    ("nl", "Wat een lekker recept, ik heb het vanavond gemaakt en iedereen wilde nog een stuk."),
    ("nl", "Ik snap niet waarom de gemeente hier zo lang over moet doen, het ligt al jaren stil."),
    ("tr", "Tarif için teşekkürler, annemin yaptığı kurabiyelerin tadını hatırlattı bana."),
    ("tr", "Bu telefonu iki yıl önce aldım ve hâlâ hiçbir sorun yaşamadım, tavsiye ederim."),
    ("pt", "Adorei a receita, ficou muito fofinho e a minha família pediu para fazer de novo."),
    ("ru", "Спасибо за статью, очень полезно, особенно про настройки роутера."),
    ("ru", "Спасибо!"),  # another script: however short
    ("el", "Ευχαριστώ πολύ για τη συνταγή!"),
    ("zh", "这个食谱太棒了，谢谢分享"),
    ("ar", "شكرا جزيلا على الوصفة"),
]

GERMAN_ENGLISH = [
    ("de", "Das ist doch alles nur Symbolpolitik, die Kunden zahlen am Ende die Zeche."),
    ("de", "Tolles Rezept, hat super geklappt und schmeckt der ganzen Familie."),
    ("de", "Habe den Kuchen gestern gebacken, Zitronenglasur obendrauf, einfach himmlisch lecker."),
    ("en", "This recipe was amazing, my kids loved it and asked for seconds."),
    ("en", "I'm not convinced, the article ignores how export controls actually work in practice."),
    # mixed German and English: the language whose function words dominate
    ("de", "Ich finde das Rezept super, aber the frosting was a bit too sweet für meinen Geschmack."),
    ("en", "Honestly the whole Datenschutz thing is overblown, nobody reads the AGB anyway."),
]

SHORT = ["lol", "+1", "Danke!", "Great stuff.", "Quelle?", "Mega geil!!!", "👍", "Totally agree", "Stimmt.",
         # no function word at all: told by the thread, as before
         "Absolutely delicious frosting, piped beautifully onto cupcakes yesterday evening."]

CODE = ["def unlock(device): return device.bootloader.unlock()",
        "fastboot oem unlock && fastboot flash recovery twrp.img",
        "SELECT id, text FROM comments WHERE parent_id IS NULL;"]


@pytest.mark.parametrize("code, text", OTHER)
def test_a_comment_clearly_in_another_language_is_other(code, text):
    assert identify(text) == "other" and detect(text) == "other"


@pytest.mark.parametrize("code, text", GERMAN_ENGLISH)
def test_german_and_english_comments_keep_their_language(code, text):
    assert identify(text) == code


@pytest.mark.parametrize("text", SHORT)
def test_a_short_reaction_is_too_short_to_tell(text):
    assert identify(text) is None
    assert closer(text) in ("de", "en")  # (for a thread where no comment can tell)


@pytest.mark.parametrize("text", CODE)
def test_a_code_snippet_is_never_other(text):
    assert identify(text) != "other"


def test_no_words_is_too_short_to_tell_and_detect_says_other():
    assert identify("") is None and identify("  ") is None
    assert detect("") == "other" and detect("😀") == "other"


def test_the_identifier_is_loaded_only_when_the_function_words_are_weak(monkeypatch):
    """A comment full of German or English function words never reaches the identifier
    (its load costs about half a second of CPU, its call some 50 µs)."""
    def refuse():
        raise AssertionError("identifier used")

    monkeypatch.setattr(language, "_identifier", refuse)
    assert identify("Das ist nicht das Problem, die Sperre gilt für alle Geräte.") == "de"
    assert identify("It is not the phone, it is the way they sell it to you.") == "en"
    assert identify("Danke!") is None
    with pytest.raises(AssertionError):
        identify("Merci beaucoup pour la recette, elle est vraiment délicieuse et facile.")


def test_the_unpacked_model_is_cached_and_gives_the_same_answers(tmp_path, monkeypatch):
    """The shipped model is unpacked once into the cache (about 0.6 s of CPU) and mapped
    from there afterwards; a cache that cannot be written, or is damaged, falls back to
    unpacking each time — the answers never change."""
    import py3langid.modelio

    texts = [t for _, t in OTHER] + [t for _, t in GERMAN_ENGLISH]
    before = [language._identifier().classify(t) for t in texts]
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    try:
        language._identifier.cache_clear()
        assert [language._identifier().classify(t) for t in texts] == before
        assert (language.cache_dir() / "ptc.npy").is_file() and language.cache_dir().parent == tmp_path / "comments"
        language._identifier.cache_clear()

        def unpack(*args):
            raise AssertionError("unpacked again")

        with monkeypatch.context() as m:
            m.setattr(py3langid.modelio, "load_model", unpack)
            assert [language._identifier().classify(t) for t in texts] == before  # from the cache
        language._identifier.cache_clear()
        (language.cache_dir() / "row.npy").write_bytes(b"damaged")
        assert [language._identifier().classify(t) for t in texts] == before
        language._identifier.cache_clear()
        (tmp_path / "blocked").write_text("a file, not a folder")
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "blocked"))
        assert [language._identifier().classify(t) for t in texts] == before
    finally:
        language._identifier.cache_clear()


def test_a_huge_comment_is_read_from_its_opening(monkeypatch):
    """A pasted article of a megabyte: the identifier reads its first READ_CHARS characters."""
    seen = []
    real = language._identifier()

    class Spy:
        def classify(self, text):
            seen.append(len(text))
            return real.classify(text)

    monkeypatch.setattr(language, "_identifier", Spy)
    text = "Hice la receta el domingo para mis hijos y les encantó, la próxima vez le pondré más canela. " * 12_000
    assert identify(text) == "other"
    assert seen == [language.READ_CHARS]


def test_a_thread_without_a_letter_is_decided_without_loading_the_identifier(monkeypatch):
    """A thread of "+1", "👍", "100%" or a list of numbers (a Reddit counting chain of the
    corpus) has no language to find: it loaded the identifier (0.6 s of CPU on a first run)
    to rank digits and signs. Now such text is ``en`` (the tie's answer) without it; a
    thread whose short comments have letters ("Danke!" vs "Agreed!") still asks it."""
    from comments.classification.classify import classify
    from comments.model.records import Comment, ParsedThread, Thread

    def refuse():
        raise AssertionError("identifier used")

    monkeypatch.setattr(language, "_identifier", refuse)
    chain = ParsedThread(Thread(thread_id="t", site="s"), [
        Comment(id=str(i), parent_id=str(i - 1) if i > 1 else None, text=str(i)) for i in range(1, 11)])
    signs = ParsedThread(Thread(thread_id="u", site="s"), [
        Comment(id="a", text="+1"), Comment(id="b", parent_id="a", text="👍"), Comment(id="c", text="100% „!!!“")])
    classify([chain, signs])
    assert {c.language for pt in (chain, signs) for c in pt.comments} == {"en"}
    assert closer("...") == "en"
    with pytest.raises(AssertionError):
        closer("Danke!")


def _short_comments() -> list[tuple[str, str]]:
    """tests/data/short_comments.tsv: 120 team-written short comments (language, text)."""
    import csv
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "data" / "short_comments.tsv"
    with open(path, encoding="utf-8", newline="") as f:
        return [(r["language"], r["text"]) for r in csv.DictReader(f, delimiter="\t")]


def test_short_comments_in_other_languages_are_never_german_or_english():
    """Short Dutch, Polish, … comments sharing a few function words with German or English
    ("Dit is echt onzin": "is"; "Kto za to zapłaci? Oczywiście my.": "to", "my") were read as
    English, and very short ones ("Kesinlikle katılıyorum.") took their thread's language:
    the identifier decides a short comment that shows another language when it is sure. On
    the 60 foreign comments: 48 other and 12 too short to tell (were 43, 13 and 4 English);
    the 60 German and English ones are read as before."""
    found = [(code, text, identify(text)) for code, text in _short_comments()]
    foreign = [got for code, _, got in found if code not in ("de", "en")]
    assert len(foreign) == 60 and "de" not in foreign and "en" not in foreign
    assert foreign.count("other") == 48
    ours = [(code, got) for code, _, got in found if code in ("de", "en")]
    assert len(ours) == 60 and all(got in (code, None) for code, got in ours)  # (session 19: "Gute Besserung an
    # alle Betroffenen!" was English by "an"; now too short to tell, its thread's language)
    assert sum(got == code for code, got in ours) == 43
    assert identify("Kesinlikle katılıyorum.") == "other" and identify("To jest jakiś żart.") == "other"


def test_a_short_foreign_comment_in_a_german_thread_keeps_its_own_language():
    from comments.classification.classify import classify
    from comments.model.records import Comment, ParsedThread, Thread
    from comments.model.tree import rebuild

    texts = ["Die Mieten steigen und keiner tut was dagegen, das ist das Problem.",
             "Kesinlikle katılıyorum.", "Kto za to zapłaci? Oczywiście my.", "Quelle bitte?"]
    pt = ParsedThread(Thread(thread_id="t", site="s"),
                      rebuild([Comment(id=str(i), text=t) for i, t in enumerate(texts)]))
    classify([pt])
    assert [c.language for c in pt.comments] == ["de", "other", "other", "de"]


#: German replies whose only function words English shares ("an", "will", "so", "in"), and English
#: ones whose only function word German shares (session 19, lang19's findings)
SHARED_WORDS = [("de", "Danke an alle!"), ("de", "Bin gerade so sauer"), ("de", "Gruss an alle Leser"),
                ("de", "Herzlichen Dank an alle Paketboten, gerade eingetroffen"),
                ("en", "Same in Brazil!"), ("en", "Mine died in Iran last week."), ("en", "Also in Spain.")]


@pytest.mark.parametrize("code, text", SHARED_WORDS)
def test_words_both_languages_write_decide_neither(code, text):
    """"an", "will", "in", "so", "was" count for neither language: such a comment is too short
    to tell (its thread's language), not English (or German) by a tie."""
    assert identify(text) is None


def test_a_shared_word_no_longer_outweighs_the_other_language():
    assert identify("Kein Islamunterricht an deutschen Schulen.") == "de"  # (was en: "an")
    assert identify("Ich will nen neues Handy") == "de"  # (was en: "will" against "ich")
    assert identify("Diese Leute leiden an Realitätsverlust.") == "de"  # (umlaut, no function word left)
    assert identify("The trade war in China will hurt everyone.") == "en"  # (was a tie: "war", "in" against "the")


@pytest.mark.parametrize("text", ["Danke an alle!", "Bin gerade so sauer", "Same in Brazil!"])
def test_a_tie_takes_the_thread_language_in_classify(text):
    from comments.classification.classify import classify
    from comments.model.records import Comment, ParsedThread, Thread
    from comments.model.tree import rebuild

    for opening, expected in (("Xiaomi sperrt jetzt die Handys in Kuba, das ist doch nicht normal.", "de"),
                              ("Xiaomi is locking the phones in Cuba, this is not normal at all.", "en")):
        pt = ParsedThread(Thread(thread_id="t", site="s"), rebuild([Comment(id="1", text=opening),
                                                                    Comment(id="2", parent_id="1", text=text)]))
        classify([pt])
        assert [c.language for c in pt.comments] == [expected, expected]


LONG_FOREIGN = [
    # ten words or more, fewer than two stop words of another language's list: the identifier was never asked
    "C'est vraiment scandaleux, je ne vais plus acheter de téléphone Xiaomi.",
    "See on täiesti naeruväärne, ma ei osta enam kunagi Xiaomi telefoni.",
    "Minu telefon lukustati eile ära ja keegi ei vasta mu kirjadele.",
    "Þetta er algjört hneyksli, ég kaupi aldrei aftur Xiaomi síma.",
    # an "ü" no longer breaks the "es"/"no" tie towards German
    "Es una vergüenza, Xiaomi ya no permite desbloquear el bootloader.",
]


@pytest.mark.parametrize("text", LONG_FOREIGN)
def test_a_long_comment_with_weak_function_words_asks_the_identifier(text):
    assert identify(text) == "other"


def test_the_language_is_decided_on_the_comments_own_words():
    """A reply's "> " quoted lines, or a long passage it quotes in quotation marks, do not decide
    its language (the tone model reads it without them too); a quote with nothing else of enough
    words is read whole."""
    statement = ("Xiaomi has always complied with the laws and regulations of the jurisdictions where it operates, "
                 "and the company is reviewing the situation with its partners.")
    assert identify(f"> {statement}\n\nWas für ein widerliches Stück PR-Geschwurbel. Die Kunden sind denen doch "
                    "völlig egal, Hauptsache der Umsatz stimmt.") == "de"
    assert identify(f'Die offizielle Stellungnahme lautet: "{statement}" Lächerlich, einfach nur lächerlich.') == "de"
    assert identify('My German colleague summed it up: "Das ist eine bodenlose Frechheit, die Kunden werden hier '
                    'für dumm verkauft und keiner tut was dagegen." I couldn\'t agree more.') == "en"
    assert identify(f"> {statement}\n\nlol") == "en"  # (nothing of its own to tell by)
    assert identify(f'"{statement}"') == "en"
    assert identify('Er sagte "nein" und ging.') == "de"  # a short quotation is a word in marks


LINK_PIECES = ("@magna_est", "@x", "@", "https://x.de/a", "http://", "www.", "www.y.com", "aan", "abba", "celle",
               "ci", "celle-ci", "aujourd", "hui", "'", "-", "(", ")", ",", ":", "Hallo", "the", "und", "ab", "x1", "é")


@settings(max_examples=500, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(LINK_PIECES), st.sampled_from(("", " ", "  ", "\n", "-", "\u00a0"))),
                max_size=14))
def test_other_language_words_without_links_equal_the_words_read_again(parts):
    """The foreign stop words of a text with links or handles: the shortcut (every link and
    handle a whole piece, no foreign stop word among the text's words: none) gives what
    reading the text again without them gives, handles glued to words and hyphens included."""
    from comments.text.tokens import words

    text = "".join(piece + glue for piece, glue in parts)
    expected = len(language._other_words().intersection(words(language._LINKS.sub(" ", text))))
    assert language._other_language_words(text, words(text)) == expected


def test_other_language_words_read_the_text_again_when_a_link_splits_a_word():
    assert language._other_language_words("celle-www.x.de", ["celle-www", "x", "de"]) == 1  # "celle"
    assert language._other_language_words("@a aan", ["a", "aan"]) == 1
    assert language._other_language_words("@aan hallo", ["aan", "hallo"]) == 0
