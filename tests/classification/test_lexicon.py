"""The lexicon's one-pass matching against the per-term semantics it implements (issue 11:
classify speed with identical output): every term kind is checked by a plain reference
that tries each term on each word or window, on generated comments."""

from __future__ import annotations

import random
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from comments.classification.lexicon import SHORT, Lexicon, Term
from comments.classification.taxonomy import load
from comments.classification.tone import cues
from comments.text.tokens import tokenize, words

TERMS = ["sanktion", "*sanktion", "=eu", "custom rom", "us-", "adb*", "adb", "=root", "krieg", "=krieg", "kriegs",
         "trade war", "war on", "long arm", "north korea", "nord-korea", "mi unlock", "die hard", "die", "the",
         "na klar", "na und", "na ja", "na super", "keine ahnung", "a b c", "a b", "=us", "agb", "*staaten",
         "co2", "=g7", "3rd party", "=3p"]
WORDS = ["sanktion", "sanktionen", "us", "use", "used", "eu", "root", "rooten", "custom", "rom", "roms", "krieg",
         "kriege", "kriegs", "kriegen", "trade", "war", "wars", "on", "long", "arm", "arms", "north", "korea", "nord",
         "mi", "unlock", "unlocked", "die", "hard", "harder", "the", "na", "klar", "und", "ja", "super", "keine",
         "ahnung", "a", "b", "c", "agb", "adb", "adbkit", "vereinigte", "staaten", "staatenlos", "x",
         "co2", "co", "2", "20", "g7", "g", "7", "70", "3rd", "3", "p", "3p", "party", "co2-ausstoß"]


def reference(terms: list[Term], tokens: list[str]) -> dict[str, float]:
    """Lexicon.scores as its docstring states it, term by term: per distinct word the
    strongest term of each category (a whole-word term only on the word or its first
    hyphen part), plus every phrase (hyphens split like spaces) found anywhere."""
    out: dict[str, float] = {}
    flat = [p for t in tokens for p in t.split("-") if p]
    for token in set(tokens):
        pieces = [token] + ([p for p in token.split("-") if p] if "-" in token else [])
        best: dict[str, float] = {}
        for term in terms:
            if (kind := _single(term)) is None:
                continue
            word, head, star, whole = kind
            for n, piece in enumerate(pieces):
                if head:
                    hit = n == 0 and "-" in token and token.split("-", 1)[0] == word
                elif star:
                    hit = piece.startswith(word.rstrip("*"))
                elif whole:
                    hit = piece == word and n < 2
                elif term.text.startswith("*"):
                    hit = word in piece
                else:
                    hit = piece.startswith(word)
                if hit:
                    best[term.category] = max(best.get(term.category, 0.0), term.weight)
        for category, weight in best.items():
            out[category] = out.get(category, 0.0) + weight
    for term in terms:
        parts, whole = _parts(term), False
        if (read := _read_as(term)) is not None:  # "co2": the words "co" and "2" in a row
            parts = read
            whole = term.text.startswith("=") or len(term.text) <= SHORT or read[-1].isdigit()
        if len(parts) < 2 or term.text.startswith("*"):
            continue
        n = len(parts)
        if any(flat[i:i + n - 1] == parts[:-1] and flat[i + n - 1].startswith(parts[-1])
               and (not whole or flat[i + n - 1] == parts[-1]) for i in range(len(flat) - n + 1)):
            out[term.category] = out.get(term.category, 0.0) + term.weight
    return out


@cache
def _parts(term: Term) -> list[str]:
    """``term.parts``, worked out once per term (the reference asks for it per word)."""
    return term.parts


@cache
def _single(term: Term) -> tuple[str, bool, bool, bool] | None:
    """A one-word term's word and kind (a head ``us-``, a prefix ``adb*``, a whole word),
    or None for a phrase or a term the tokenizer reads as several words."""
    parts = _parts(term)
    if len(parts) != 1 or _read_as(term) is not None:
        return None
    word = parts[0]
    head = term.text.endswith("-") and not term.text.startswith(("=", "*"))
    star = word.endswith("*") and not term.text.startswith(("=", "*"))
    whole = term.text.startswith("=") or (not term.text.startswith(("*", "=")) and not head and not star
                                         and len(word) <= SHORT)
    return word, head, star, whole


@cache
def _read_as(term: Term) -> list[str] | None:
    """The words the tokenizer reads a term's parts as, when they are not the parts
    themselves (digits split off: "g7" is "g", "7")."""
    if term.text.startswith(("*", "~")):
        return None
    parts = [p.rstrip("*") for p in term.parts]
    read = [w for p in parts for w in words(p)]
    return None if read == parts else read


def comments(n: int, seed: int = 3) -> list[str]:
    rng = random.Random(seed)
    glue = (" ", " ", " ", "-", ", ", ". ")
    return ["".join(rng.choice(WORDS) + rng.choice(glue) for _ in range(rng.randint(1, 12))) for _ in range(n)]


def test_every_term_kind_matches_as_term_by_term_reading_does():
    terms = [Term(t, f"c{i % 7}", 1.0 + (i % 3)) for i, t in enumerate(TERMS)]
    lexicon = Lexicon(terms)
    for text in comments(3000):
        assert lexicon.scores(text) == pytest.approx(reference(terms, tokenize(text))), text


def test_phrases_starting_with_common_words_match_only_with_their_followers():
    lexicon = Lexicon([Term("na klar", "irony"), Term("die hard", "film"), Term("a b c", "abc")])
    assert lexicon.scores("Na klar, die Sache ist gelaufen") == {"irony": 1.0}
    assert lexicon.scores("die die die harder na na") == {"film": 1.0}  # the last word of a phrase is a prefix
    assert lexicon.scores("a b x a b c") == {"abc": 1.0} and lexicon.scores("a b b c") == {}
    assert lexicon.scores("a-b-c") == {"abc": 1.0}  # hyphens split like spaces
    assert lexicon.scores("die") == {} and lexicon.scores("") == {}


@pytest.mark.parametrize("language", ["de", "en"])
def test_shipped_terms_and_cues_match_as_term_by_term_reading_does(language):
    # the default taxonomy's seed terms and one language's tone cues, as classify combines them
    terms = [t for t in load().lexicon.terms + cues(language).terms if t.language in (None, language)
             and not t.text.startswith("~")]
    lexicon = Lexicon(terms)
    vocabulary = sorted({p for t in terms for p in t.parts} | set(WORDS))
    rng = random.Random(11)
    for _ in range(1500):
        text = " ".join(rng.choice(vocabulary) + rng.choice(("", "", "s", "en", "-x")) for _ in range(rng.randint(1, 15)))
        assert lexicon.scores(text) == pytest.approx(reference(terms, tokenize(text))), text


def test_terms_with_digits_match_as_the_words_the_tokenizer_reads():
    """The tokenizer reads "CO2" as "co", "2" and "G7-Gipfel" as "g", "7", "gipfel", so
    `co2`, `=g7`, `=g20` and `=3p` (shipped in examples/tempolimit.toml and the default
    taxonomy) never matched; they now match as those words in a row, whole-word terms
    only on the whole last word ("G70" is no G7)."""
    tempolimit = load("examples/tempolimit.toml").lexicon
    assert tempolimit.scores("Ein Tempolimit von 130 würde CO2 sparen und Unfälle verhindern.", language="de") \
        .get("climate") == 2.0
    assert tempolimit.scores("Die CO2-Steuer trifft Pendler auf dem Land.", language="de").get("climate") == 2.0
    assert "climate" not in tempolimit.scores("Eco2 heißt die neue Reifenmarke, sagt mein Händler.", language="de")
    shipped = load().lexicon
    assert shipped.scores("Beim G7-Gipfel und beim G20 in Rom wurde über Kuba verhandelt.",
                          language="de").get("geopolitics", 0) >= 2.0
    assert "geopolitics" not in shipped.scores("Die G70 ist eine Limousine von Genesis.", language="de")
    assert shipped.scores("Mit einem 3P Tool habe ich die Daten exportiert.", language="de") == {"consumer_rights": 1.0}


def test_a_term_the_tokenizer_can_never_give_is_reported():
    lexicon = Lexicon([Term("c++", "code"), Term("=---", "code"), Term("rust", "code")])
    assert [(t.text, why) for t, why in lexicon.unmatchable] == [
        ("c++", "the tokenizer reads it as c"), ("=---", "the tokenizer reads it as no word")]
    assert lexicon.scores("C++ ist schnell, aber Rust ist sicherer.") == {"code": 1.0}


#: the words of the terms below and their letters: what words near the terms are made of
_NEAR = sorted({w for t in TERMS + ["*rieg", "*kti", "sank*", "kri"] for w in t.strip("=*~-").replace("-", " ").split()})
_WORD_NEAR = st.builds(lambda a, w, k, b: a + w[:k] + b, st.sampled_from(["", "", "x", "kriegs", "us-", "a"]),
                       st.sampled_from(_NEAR), st.integers(1, 12), st.text(alphabet="sanktiorudebgm-", max_size=4))


@settings(max_examples=3000, deadline=None)
@given(st.lists(_WORD_NEAR, min_size=1, max_size=6))
def test_words_near_the_terms_match_as_term_by_term_reading_does(parts):
    """Words sharing beginnings and insides with the terms ("sankt", "kriegsanktion", "adbu"): the
    prefix search stops where no prefix term begins as the word does, and the infix terms are
    tried only in words one of them is in; neither may lose a hit."""
    terms = [Term(t, f"c{i}", 1.0) for i, t in enumerate(TERMS + ["*rieg", "*kti", "sank*", "kri"])]
    text = " ".join(parts)
    assert _LEXICON(tuple(terms)).scores(text) == pytest.approx(reference(terms, tokenize(text))), text


@cache
def _LEXICON(terms: tuple[Term, ...]) -> Lexicon:
    return Lexicon(list(terms))


def test_lemma_terms_read_all_caps_german_nouns_and_a_verb_opening_a_question():
    """simplemma reads "KRIEG" as the verb "kriegen" and does not know "HANDYS": an all-caps word
    is also read as a German noun is written ("Krieg", "Handys"); "Kriegen wir das hin?" (a verb
    put first, before a pronoun) stays the verb, while "Kriegen in Afrika …" is the noun."""
    lexicon = Lexicon([Term("~krieg", "war"), Term("~handy", "phone"), Term("~steuer", "tax"), Term("~phone", "phone")])
    assert lexicon.scores("DER KRIEG IST DOCH LÄNGST VERLOREN, DAS IST KLAR!", language="de") == {"war": 1.0}
    assert lexicon.scores("DIE HANDYS SIND ALLE GESPERRT UND DIE STEUERN ZU HOCH!", language="de") == {
        "phone": 1.0, "tax": 1.0}
    assert lexicon.scores("Kriegen wir das noch hin, bevor die Sperre kommt?", language="de") == {}
    assert lexicon.scores("KRIEGEN WIR DAS NOCH HIN?", language="de") == {}
    assert lexicon.scores("Wir kriegen das noch hin.", language="de") == {}
    assert lexicon.scores("Kriegen in Afrika wird kaum Beachtung geschenkt.", language="de") == {"war": 1.0}
    assert lexicon.scores("Kriege sind schlimm. Krieg, er ist nie gerecht.", language="de") == {"war": 1.0}
    assert lexicon.scores("THE PHONES ARE LOCKED", language="en") == {"phone": 1.0}


def test_a_soft_hyphen_joins_a_word_for_lemma_terms_too():
    """"Kriegs\\u00adgefahr" is the compound "Kriegsgefahr" (never implied by ``~krieg``), not
    "Kriegs" and "gefahr"."""
    lexicon = Lexicon([Term("~krieg", "war")])
    assert lexicon.scores("Die Kriegs\u00adgefahr steigt.", language="de") == {}
    assert lexicon.scores("Die Kriegsgefahr steigt.", language="de") == {}
    assert lexicon.scores("Der Krieg\u00ad steigt.", language="de") == {"war": 1.0}


@settings(max_examples=1500, deadline=None)
@given(st.lists(_WORD_NEAR | st.sampled_from(WORDS + ["", "ä", "İ", "x" * 30]), max_size=12), st.booleans())
def test_token_hits_many_equals_token_by_token(tokens, asked_before):
    """``token_hits_many`` (words matching no term told apart together, level by level of the prefix
    terms) gives each token's hits as ``_token_hits`` does, in order, for words near the terms, the
    empty word and words longer than any prefix term; also when some were asked before (cached)."""
    terms = [Term(t, f"c{i}", 1.0 + i % 3) for i, t in enumerate(TERMS + ["*rieg", "*kti", "sank*", "kri"])]
    one, many = Lexicon(terms), Lexicon(terms)
    if asked_before:
        many.token_hits_many(tokens[::2])
    assert many.token_hits_many(tokens) == [one._token_hits(t) for t in tokens]
    assert many._no_hits == one._no_hits | (many._no_hits - one._no_hits if asked_before else set())


@pytest.mark.parametrize("language", ["de", "en"])
def test_token_hits_many_on_the_shipped_terms_and_cues(language):
    """On classify's combined lexicon of each language (prefix terms up to 21 letters, infix terms) and the
    words of the terms with endings: the same hits as token by token."""
    from comments.classification.classify import _combined
    from comments.classification.lexicon_batch import effective

    lexicon = effective(_combined(load(), language), language)
    fresh = Lexicon(lexicon.terms)
    vocabulary = sorted({p for t in lexicon.terms for p in t.parts} | set(WORDS))
    tokens = [w + end for w in vocabulary for end in ("", "s", "en", "x", "-x")] + [w[:3] for w in vocabulary]
    assert Lexicon(lexicon.terms).token_hits_many(tokens) == [fresh._token_hits(t) for t in tokens]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.text(alphabet="abcä.*", min_size=1, max_size=6), max_size=15),
       st.lists(st.text(alphabet="abcä.*", max_size=8), max_size=15), st.integers(0, 3))
def test_begins_with_any_is_startswith_whatever_the_shortest_prefix(prefixes, words, shortest):
    """The prefix test of term matching (``begins_with_any``, each word tried against the prefixes sharing
    its first one to three characters) says what ``str.startswith`` of all the prefixes says: prefixes of
    one, two, three and more characters, words shorter than every prefix, the empty word, no prefix."""
    from comments.classification.lexicon import begins_with_any

    prefixes = tuple(p for p in prefixes if len(p) >= shortest)
    assert begins_with_any(prefixes)(words) == [w.startswith(prefixes) for w in words]
