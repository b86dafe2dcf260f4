"""Taxonomy files edited by hand: every mistake is one error naming the file, the line, the
topic and the key; a term that can never match is a warning, whatever makes it so."""

from __future__ import annotations

import pytest

from comments.classification.taxonomy import TaxonomyError, load
from conftest import SEED, run

#: a draft as `taxonomy suggest` writes it (GermEval 2018 tweets), before the user's edit
DRAFT = """# Draft taxonomy written by `comments taxonomy suggest` from 4,961 substantive comments
# Edit it before use: rename labels, merge or drop topics, delete imprecise terms.

name = "ge"
description = "Topics discovered in 4,961 comments of 1 thread"

[topics.afd_waehlen]
label = "AfD / wählen / afd wählen"
description = "AfD, wählen, afd wählen — e.g. “Bei Neuwahlen wird safe AFD gewählt”"
strong = ["=wählen", "=gewählt", "afd wählen"]
terms = ["=afd", "partei", "bundestag", "alice weidel",
  "wähler", "altpartei"]

[topics.merkel]
label = "Kanzlerin Merkel"
description = "Merkel, Vasall, Tagesschau"
strong = ["merkel", "vasall", "merkel vasall"]
terms = ["tagesschau", "angela merkel", "lügenpresse"]
"""
MERKEL = 'label = "Kanzlerin Merkel"'


def edited(tmp_path, line: str, before: str = MERKEL):
    """The draft with ``line`` added before ``before``; (path, 1-based line number of ``line``)."""
    text = DRAFT.replace(before, f"{line}\n{before}", 1)
    path = tmp_path / "ge.toml"
    path.write_text(text, encoding="utf-8")
    return path, text.splitlines().index(line) + 1


@pytest.mark.parametrize("line,message", [
    ('strog = ["kanzlerin"]', "topics.merkel: unknown key `strog` (a topic has label, description, weight, strong,"),
    ('strong_en = "merkel"', "topics.merkel: `strong_en` must be a list of strings ([\"…\", …]), got 'merkel'"),
    ('terms_de = ["kanzlerin", 7]', "topics.merkel: `terms_de` item 2 must be a string, got 7"),
    ("label = 5", "topics.merkel: `label` must be a string, got 5"),
    ('description = ["Merkel"]', "topics.merkel: `description` must be a string, got ['Merkel']"),
    ("weight = -3", "topics.merkel: weight must be a finite number above 0, got -3"),
])
def test_a_hand_edit_gone_wrong_names_line_topic_and_key(tmp_path, line, message):
    """An unknown key was ignored, a string or a number among the terms gave "needs strong
    and/or terms" with no line, and ``label = 5`` was accepted."""
    if line.startswith(("label", "description")):  # replacing the topic's own key
        path = tmp_path / "ge.toml"
        key = line.split(" ")[0]
        text = DRAFT.replace(MERKEL if key == "label" else 'description = "Merkel, Vasall, Tagesschau"', line)
        path.write_text(text, encoding="utf-8")
        number = text.splitlines().index(line) + 1
    else:
        path, number = edited(tmp_path, line)
    with pytest.raises(TaxonomyError) as caught:
        load(path)
    assert str(caught.value).startswith(f"{path}: line {number}: {message}")
    result = run("classify", str(SEED), "--taxonomy", str(path), "-q")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.splitlines() == [f"error: --taxonomy: {caught.value}"]


@pytest.mark.parametrize("text,message", [
    ('name = "ge"\n\n[topic.merkel]\nstrong = ["merkel"]\n', "line 3: unknown key `topic` (a taxonomy has name, "
                                                           "description, topics)"),
    ('name = 5\n[topics.merkel]\nstrong = ["merkel"]\n', "line 1: `name` must be a string, got 5"),
    ('name = "ge"\n[topics.merkel]\nlabel = "Merkel"\nstrong = ["", "  "]\n',
     "line 2: topics.merkel has no terms: it needs `strong` and/or `terms`"),
    ('name = "ge"\ntopics.merkel = "Merkel"\n', "topics.merkel must be a table ([topics.merkel])"),
    # a label is an id: our CSV output joins a comment's labels with ";", so one holding it would read back as two
    ('name = "ge"\n[topics."a;b"]\nstrong = ["merkel"]\n', "line 2: topics.a;b: an id is ASCII letters, digits, _ and -"),
])
def test_file_level_mistakes_name_their_line(tmp_path, text, message):
    path = tmp_path / "t.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(TaxonomyError) as caught:
        load(path)
    assert str(caught.value).startswith(f"{path}: {message}")


def test_terms_that_never_match_are_all_warned(tmp_path):
    """"" and "*" silently never matched while "=*" and "-" were warned; now each is named."""
    path, _ = edited(tmp_path, 'terms_de = ["", "*", "=*", "-", "~", "kanzlerin"]')
    taxonomy = load(path)
    assert [(t.text, why) for t, why in taxonomy.lexicon.unmatchable] == [
        ("*", "the tokenizer reads it as no word"), ("=*", "the tokenizer reads it as no word"),
        ("-", "the tokenizer reads it as no word"), ("~", "the tokenizer reads it as no word"),
        ("", "it is empty")]
    assert taxonomy.lexicon.scores("Die Kanzlerin schweigt.", language="de") == {"merkel": 1.0}
    result = run("classify", str(SEED), "--taxonomy", str(path), "-q")
    assert result.exit_code == 0, result.output
    warned = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert len(warned) == 5 and warned[-1] == f"warning: {path}: term “” of topic merkel can never match: it is empty"


def test_the_shipped_and_example_taxonomies_still_load():
    from conftest import ROOT

    for path in (None, ROOT / "examples" / "tempolimit.toml", ROOT / "examples" / "sites" / "taxonomy.toml"):
        taxonomy = load(path)
        assert taxonomy.topics and not taxonomy.lexicon.unmatchable


def test_a_taxonomy_loads_from_text_as_from_its_file():
    """``loads`` (a draft checked before it is written, no temp file) reads what ``load`` reads."""
    from comments.classification.taxonomy import default_path, loads

    text = default_path().read_text(encoding="utf-8")
    from_file, from_text = load(None), loads(text, default_path())
    assert from_text.ids == from_file.ids and from_text.fingerprint == from_file.fingerprint
    assert loads('[topics.a]\nterms = ["x"]\n', "draft.toml").name == "draft"
    with pytest.raises(TaxonomyError, match=r"^draft\.toml: line 2: topics\.a: unknown key `term`"):
        loads('[topics.a]\nterm = ["x"]\n', "draft.toml")
    with pytest.raises(TaxonomyError, match=r"^draft\.toml: invalid TOML"):
        loads("[topics.a\n", "draft.toml")


@pytest.mark.parametrize("topic_id", ["none", "pingback", "deleted", "editorial_note", "other_language", "None"])
def test_an_id_the_tables_use_for_no_topic_is_refused(tmp_path, topic_id):
    """`[topics.none]` was accepted: compare's `topic_none` column then held the no-topic share and the topic's share
    was lost; `pingback` shared its column with the pingbacks. Now one error line, exit 2, no output."""
    path = tmp_path / "ge.toml"
    text = DRAFT.replace("[topics.merkel]", f"[topics.{topic_id}]")
    path.write_text(text, encoding="utf-8")
    number = text.splitlines().index(f"[topics.{topic_id}]") + 1
    with pytest.raises(TaxonomyError) as caught:
        load(path)
    assert str(caught.value).startswith(f"{path}: line {number}: topics.{topic_id}: reserved id")
    out = tmp_path / "cmp"
    result = run("compare", str(SEED), "--by", "thread", "--taxonomy", str(path), "--out", str(out), "-q")
    assert result.exit_code == 2 and not out.exists()
    assert result.stderr.splitlines() == [f"error: --taxonomy: {caught.value}"]


def test_the_reserved_ids_are_the_labels_the_tables_use():
    from comments.analyses import topic_stats
    from comments.classification.taxonomy import RESERVED_IDS

    assert {topic_stats.NONE, topic_stats.PINGBACK, topic_stats.DELETED, topic_stats.NOTE,
            topic_stats.UNREAD, topic_stats.UNSHOWN} == set(RESERVED_IDS)


@pytest.mark.parametrize("header,line,message", [
    ('[topics."Zutaten und Mehl"]', None, 'topics.Zutaten und Mehl: an id is ASCII letters, digits, _ and -'),
    ('[topics."<b>x</b>"]', None, "topics.<b>x</b>: an id is ASCII letters, digits, _ and -"),
    ("[topics.merkel]", 'label = "  "', "topics.merkel: empty label"),
])
def test_an_id_that_is_no_slug_and_an_empty_label_are_errors(tmp_path, header, line, message):
    text = DRAFT.replace("[topics.merkel]", header).replace(MERKEL, line or MERKEL)
    path = tmp_path / "ge.toml"
    path.write_text(text, encoding="utf-8")
    number = text.splitlines().index(line or header) + 1
    with pytest.raises(TaxonomyError) as caught:
        load(path)
    assert str(caught.value).startswith(f"{path}: line {number}: {message}")


def test_a_label_or_term_given_twice_is_warned(tmp_path):
    text = DRAFT.replace(MERKEL, 'label = "AfD / wählen / afd wählen"').replace('"lügenpresse"]',
                                                                             '"lügenpresse", "Tagesschau "]')
    path = tmp_path / "ge.toml"
    path.write_text(text, encoding="utf-8")
    assert load(path).warnings == [
        "topics.merkel: term “tagesschau” is listed 2 times",
        "label “AfD / wählen / afd wählen” is given to afd_waehlen, merkel: the topics cannot be told apart by label"]
    result = run("classify", str(SEED), "--taxonomy", str(path), "-q")
    assert result.exit_code == 0, result.output
    assert [line for line in result.stderr.splitlines() if line.startswith("warning:")] == [
        f"warning: {path}: {note}" for note in load(path).warnings]


def test_the_api_warns_what_the_cli_warns(tmp_path):
    """comments.classify(taxonomy=PATH) raises each warning the CLI prints as a UserWarning
    (a notebook user saw none of them before)."""
    import comments

    text = DRAFT.replace(MERKEL, 'label = "AfD / wählen / afd wählen"').replace('"lügenpresse"]',
                                                                             '"lügenpresse", "Tagesschau ", "*"]')
    path = tmp_path / "ge.toml"
    path.write_text(text, encoding="utf-8")
    corpus = comments.read(SEED)
    with pytest.warns(UserWarning) as caught:
        comments.classify(corpus, taxonomy=path)
    cli = run("classify", str(SEED), "--taxonomy", str(path), "-q")
    assert [str(w.message) for w in caught] == [
        line.removeprefix("warning: ") for line in cli.stderr.splitlines() if line.startswith("warning:")]
    assert len(caught) == 3


def test_a_taxonomy_saved_with_a_utf8_bom_loads(tmp_path):
    """Windows editors' "UTF-8 with BOM": read as every input is (it was "invalid TOML
    (Invalid statement (at line 1, column 1))" for an invisible cause)."""
    from pathlib import Path

    example = Path(__file__).parents[2] / "examples" / "tempolimit.toml"
    bom = tmp_path / "tempolimit.toml"
    bom.write_bytes(b"\xef\xbb\xbf" + example.read_bytes())
    assert load(bom) == load(example)
