"""Writing a discovered topic model as a taxonomy: terms from the corpus's own words,
escaped strings, ASCII ids."""

from __future__ import annotations

import tomllib

import pytest

from comments.classification import taxonomy_draft as td
from comments.classification.suggest import Corpus


def test_terms_are_the_corpus_words():
    """Prefixes only where they match no other lemma's words; else the written forms."""
    docs = Corpus()
    for text in ["Die Häuser sind alt.", "Das Haus ist neu.", "Ein Hausboot.", "The servers run.",
                 "One server crashed.", "Serve the soup.", "Servers again.", "Raspberry Pi boards."]:
        docs.add(text, "en" if text[0] in "TOSR" else "de", 0)
    terms = td.Terms(docs)
    assert terms.of("haus") == ["=haus", "=häuser"]  # no common prefix of four letters
    assert terms.of("server") == ["server"]
    assert terms.of("pi") == ["=pi"]
    assert terms.of("raspberry pi") == ["raspberry pi"]


def test_prefix_rules():
    """A prefix that starts another lemma's words is replaced by the written forms, except
    for German compounds of the lemma; a prefix cut short of its lemma needs five letters;
    a phrase does not end in a stump."""
    docs = Corpus()
    texts = [("Die Wohnung ist teuer.", "de"), ("Neue Wohnungen fehlen.", "de"), ("Die Wohnungsnot wächst.", "de"),
             ("Der Wohnungsmarkt ist leer.", "de"), ("The compiler failed.", "en"), ("I compile it.", "en"),
             ("It compiles fine.", "en"), ("Compilers differ.", "en"), ("Die Medien schweigen.", "de"),
             ("Ein Medium reicht.", "de"), ("Wir wollen Leute einladen.", "de"), ("Leute einzuladen ist gut.", "de")]
    for text, language in texts:
        docs.add(text, language, 0)
    terms = td.Terms(docs)
    assert terms.of("wohnung") == ["wohnung"]  # Wohnungsnot and Wohnungsmarkt are about it too
    assert terms.of("compile") == ["=compile", "=compiles"]  # "compile" would match "compiler"
    assert terms.of("medium") == ["=medien", "=medium"]  # not "medi" (Medizin)
    assert terms.of("leute einladen") == ["leute einladen", "leute einzuladen"]  # not "leute ein"


def test_untrusted_text_stays_a_string():
    nasty = 'a "quote" \\ back\nslash\t[topics.evil]\x00\x7f\ud800 end'
    topic = td.DraftTopic("x", nasty, nasty, ["=x"], [], 1.0)
    data = tomllib.loads(td.to_toml("n", nasty, [topic], ["header"]))
    assert list(data["topics"]) == ["x"]
    assert data["topics"]["x"]["label"] == nasty.replace("\ud800", "\ufffd")


@pytest.mark.parametrize(("text", "expected"), [("Wärmepumpe Straße", "waermepumpe_strasse"),
                                                 ("heat pump", "heat_pump"), ("café-crème", "cafe_creme"),
                                                 ("Київ", "")])
def test_slug(text, expected):
    assert td.slug(text) == expected
