"""pseudonymize: no author name or e-mail address survives anywhere in a comment,
pseudonyms are stable per salt and differ between salts, and free-form text never
crashes the e-mail scan."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import FIXTURES, jsonl_records, run

from comments.io.pseudonymize import pseudonym, pseudonymize, replace_emails
from comments.model.records import Comment, ParsedThread, Thread

NAMES = st.from_regex(r"[A-Z][a-z]{3,8}", fullmatch=True)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


@settings(max_examples=100, deadline=None)
@given(st.lists(NAMES, min_size=1, max_size=4, unique=True), st.text(max_size=10), st.text(min_size=1, max_size=8))
def test_no_name_or_address_survives(names, filler, salt):
    comments = [Comment(id=str(i), author=name, text=f"@{names[i - 1]} {filler} {name}.x@mail.example.org",
                        meta={"author_email": f"{name}@example.com", "profile": {"name": name}})
                for i, name in enumerate(names)]
    pseudonymize([ParsedThread(Thread(thread_id="t"), comments)], salt)
    for c in comments:
        dumped = repr(c.to_dict())
        assert all(name not in dumped for name in names), dumped
        assert c.author == pseudonym(names[int(c.id)], salt)
        assert all(m.endswith("@example.invalid") for m in EMAIL.findall(c.text))


@settings(max_examples=100, deadline=None)
@given(NAMES, st.text(min_size=1, max_size=8), st.text(min_size=1, max_size=8))
def test_pseudonyms_are_stable_per_salt(name, salt, other):
    assert pseudonym(name, salt) == pseudonym(f" {name.upper()} ", salt)
    assert re.fullmatch(r"user-[0-9a-f]{10}", pseudonym(name, salt))
    if other != salt:
        assert pseudonym(name, salt) != pseudonym(name, other)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab.@-+_ x1"), max_size=80))
def test_replace_emails_finds_what_the_pattern_finds(text):
    assert replace_emails(text, lambda address: "<E>") == EMAIL.sub("<E>", text)
    assert replace_emails(text, lambda address: address) == text


def test_names_in_article_text_are_replaced_too():
    """An e-mail digest quotes readers by name in the article text ("John Smith wrote on …",
    "Thanks John.", "Maria wrote:"): no author name, nor a first name of one, survives in any
    JSONL record, and the same person gets the same pseudonym in article and author field."""
    fixture = str(FIXTURES / "email_quotes.txt")
    plain = jsonl_records(run("parse", fixture).stdout)
    authors = {r["author"] for r in plain if r["record"] == "comment" and r["author"]}
    assert len(authors) >= 2
    words = authors | {a.split()[0] for a in authors}
    assert any(w in r.get("article_text", "") or "" for r in plain for w in words)  # the fixture does name them
    out = run("parse", fixture, "--pseudonymize", "--salt", "s")
    assert out.exit_code == 0, out.output
    records = jsonl_records(out.stdout)
    for record in records:
        for value in record.values():
            assert not any(re.search(rf"\b{re.escape(w)}\b", str(value)) for w in words), (record, words)
    article = next(r["article_text"] for r in records if r["record"] == "thread")
    assert all(pseudonym(a, "s") in article for a in authors)


def test_mentions_of_names_ending_in_a_period_are_replaced():
    """Forums abbreviate surnames ("Martina K.", "Peter F."): an @-mention of such a name, at
    the end of a sentence, before more words or a colon, is replaced like any other (``\\b``
    after the "." used to fail, so the name leaked)."""
    comments = [
        Comment(id="c1", author="Martina K.", text="Tempo 130 wäre vernünftig. Die Unfallzahlen sprechen für sich."),
        Comment(id="c2", author="Peter F.", parent_id="c1",
                text="Ich sehe das anders als @Martina K. Auf freien Strecken fährt man entspannter."),
        Comment(id="c3", author="Jana", parent_id="c2",
                text="@Peter F. du hast recht, aber die Zahlen aus den Niederlanden zeigen etwas anderes."),
        Comment(id="c4", author="Martina K.", parent_id="c3",
                text="@Jana: Genau. @Peter F.: lies die Studie, bevor du antwortest."),
    ]
    thread = ParsedThread(thread=Thread(thread_id="t1", title="Tempolimit"), comments=comments)
    pseudonymize([thread], "salt")
    texts = " ".join(c.text for c in thread.comments)
    for name in ("Martina", "Peter F", "Jana"):
        assert name not in texts, texts
    assert "@" + pseudonym("Martina K.", "salt") + " Auf" in texts
    assert "@" + pseudonym("Peter F.", "salt") + " du hast recht" in texts
    assert "@" + pseudonym("Peter F.", "salt") + ": lies" in texts


def test_a_mention_spans_the_handle_and_a_trailing_period_is_punctuation():
    """"@peter f.x" lost the "f." of "f.x" to the author "Peter F." ("@user-… x"): the name
    matched up to its period although the word ran on. A mention ends where the handle ends:
    handle characters (word characters, "-") and a "." between them; a trailing "." is the
    sentence's. English and German comments of one thread."""
    authors = ["Peter F.", "Peter", "Anna", "anna.k", "Martina K."]
    texts = {
        "en1": "@peter f.x is the column you want, not f.y: the frame is called f in the notebook.",
        "en2": "Good point @Martina K.. The Dutch data says otherwise, though.",
        "en3": "I'm with @Anna. Speed limits save lives.",
        "de1": "Frag doch @anna.k, sie wohnt in Kassel und fährt die Strecke jeden Tag.",
        "de2": "@Peter F. du hast recht, aber @Anna-Lena hat die Studie verlinkt.",
        "de3": "@Peter F.: lies die Studie, bevor du antwortest. @Peter: du auch.",
    }
    comments = [Comment(id=k, author=authors[i % len(authors)], text=t) for i, (k, t) in enumerate(texts.items())]
    thread = ParsedThread(Thread(thread_id="tempolimit"), comments)
    pseudonymize([thread], "salt")
    out = {c.id: c.text for c in thread.comments}
    p = {a: "@" + pseudonym(a, "salt") for a in authors}
    assert out["en1"] == f"{p['Peter']} f.x is the column you want, not f.y: the frame is called f in the notebook."
    assert out["en2"] == f"Good point {p['Martina K.']}. The Dutch data says otherwise, though."
    assert out["en3"] == f"I'm with {p['Anna']}. Speed limits save lives."
    assert out["de1"] == f"Frag doch {p['anna.k']}, sie wohnt in Kassel und fährt die Strecke jeden Tag."
    assert out["de2"] == f"{p['Peter F.']} du hast recht, aber @Anna-Lena hat die Studie verlinkt."
    assert out["de3"] == f"{p['Peter F.']}: lies die Studie, bevor du antwortest. {p['Peter']}: du auch."


def test_yes_no_flags_under_author_are_not_hashed():
    """Disqus's ``author.isAnonymous`` says "true"/"false": no one's name, kept as it is, while
    the author's name and username next to it are pseudonyms."""
    fixture = str(FIXTURES / "exports" / "disqus_anonymous.xml")
    out = run("parse", fixture, "--pseudonymize", "--salt", "s")
    assert out.exit_code == 0, out.output
    comments = [r for r in jsonl_records(out.stdout) if r["record"] == "comment"]
    assert [r["meta"]["author"]["isAnonymous"] for r in comments] == ["true", "false"]
    assert comments[1]["meta"]["author"]["username"] == pseudonym("bert", "s")
    assert comments[0]["meta"]["author"]["name"] == pseudonym("Gast Anna", "s")
