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
