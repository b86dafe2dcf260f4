"""Each reader on a fixture we wrote: ids, parents, authors, dates, kind, status, text."""

from __future__ import annotations

import shutil

import pytest

from comments.model.errors import InputError
from comments.io.readers import detect
from conftest import FIXTURES, read


def by_id(result):
    return {c.id: c for c in result.comments}


def test_wxr_post_comments_kinds_statuses_and_text():
    result = read(FIXTURES / "wxr_small.xml")
    (pt,) = result.threads  # the attachment without comments is not a thread
    t = pt.thread
    assert (t.site, t.thread_id, t.format) == ("technikblog.example.de", "4711", "wxr")
    assert t.published_at == "2021-09-16T08:00:00Z"
    assert t.article_text == "Xiaomi sperrt Geräte in Kuba & Syrien.\n\nZweiter Absatz."
    c = by_id(result)
    assert c["11"].text == 'Das ist die lange Hand der US-Sanktionen.\nZweite Zeile.\n\nNeuer Absatz mit "Zitat".'
    assert c["11"].created_at == "2021-09-16T08:12:00Z"
    assert (c["12"].parent_id, c["12"].depth) == ("11", 1)
    assert (c["13"].parent_id, c["13"].depth, c["13"].status) == ("12", 2, "pending")
    assert c["14"].kind == "pingback"
    assert c["15"].status == "spam"


def test_disqus_threads_parents_deleted_and_spam():
    result = read(FIXTURES / "disqus_small.xml")
    (pt,) = result.threads
    assert (pt.thread.site, pt.thread.thread_id, pt.thread.title) == (
        "newsportal.example.com", "900", "Xiaomi locks phones in Crimea")
    c = by_id(result)
    assert c["1"].text == "Sanctions hit ordinary people first.\n\nSecond paragraph & more."
    assert (c["2"].parent_id, c["3"].parent_id, c["3"].depth) == ("1", "2", 2)
    assert c["3"].status == "deleted" and c["4"].status == "spam"


def test_wordpress_rest_json():
    result = read(FIXTURES / "wp_rest.json")
    c = by_id(result)
    assert result.threads[0].thread.site == "handyblog.example.org"
    assert c["502"].text == "Geht nur mit Mi Unlock – und das dauert."
    assert (c["503"].parent_id, c["503"].depth, c["503"].status) == ("502", 2, "pending")
    assert c["501"].created_at == "2021-09-17T08:00:00Z"


def test_wordpress_html_nesting_authors_and_escaped_markup_stays_text():
    result = read(FIXTURES / "wp_comments.html")
    (pt,) = result.threads
    assert pt.thread.site == "handyblog.example.org" and pt.thread.declared_count == 3
    c = by_id(result)
    assert c["81"].author == "Karl & Co"
    assert c["81"].created_at == "2021-09-18T12:00:00+02:00"
    assert c["81"].text == "Das ist ein Kill Switch.\n\n<script>alert(1)</script> bleibt Text."
    assert (c["82"].parent_id, c["82"].author) == ("81", "Petra")
    assert c["82"].text == "Genau\n\nso\n\nist es."
    assert (c["83"].kind, c["83"].parent_id) == ("pingback", None)


def test_reddit_thread_more_stubs_and_deleted_placeholders():
    result = read(FIXTURES / "reddit_thread.json")
    (pt,) = result.threads
    t = pt.thread
    assert (t.thread_id, t.title, t.declared_count, t.unloaded_count) == (
        "pq1abc", "Xiaomi is bricking phones in Cuba", 6, 2)
    assert t.article_text == "Anyone else & affected?"
    c = by_id(result)
    assert set(c) == {"h1", "h2", "h3", "h4"}  # the `more` stub is not a comment
    assert c["h1"].text == "Flash a custom ROM > problem solved"
    assert (c["h2"].status, c["h2"].author) == ("deleted", None)
    assert (c["h3"].parent_id, c["h3"].depth) == ("h2", 2)
    assert c["h4"].status == "removed"
    assert c["h1"].created_at == "2021-09-15T10:01:40Z"


def test_pushshift_ndjson_links_and_orphans():
    result = read(FIXTURES / "pushshift.ndjson")
    c = by_id(result)
    assert c["k2"].parent_id == "k1"
    assert c["k3"].parent_id is None and c["k3"].missing_parent_id == "k0" and c["k3"].flags == ["orphan"]


def test_hackernews_official_items():
    result = read(FIXTURES / "hn_official.json")
    (pt,) = result.threads
    assert pt.thread.title == "Xiaomi phones disabled in sanctioned countries"
    c = by_id(result)
    assert c["28500001"].parent_id is None
    assert c["28500001"].text == "Remote kill switches should be illegal.\n\nOwnership means control."
    assert (c["28500002"].parent_id, c["28500002"].text) == ("28500001", "Agreed / see GrapheneOS.")
    assert c["28500003"].status == "deleted"


def test_staticman_replying_to_is_index_of_top_level_in_date_order(tmp_path):
    folder = tmp_path / "xiaomi-sperre"
    shutil.copytree(FIXTURES / "staticman" / "xiaomi-sperre", folder)
    result = read(folder)
    c = by_id(result)
    # top-level in date order: 0a1b (10:00), 0a1d (10:30)
    assert c["0a1c"].parent_id == "0a1b"
    assert c["0a1e"].parent_id == "0a1d"
    assert [x.id for x in result.comments] == ["0a1b", "0a1d", "0a1c", "0a1e"]
    assert c["0a1b"].text == "Open Source ist die einzige Lösung.\n\nLineageOS läuft super."


def test_generic_csv_with_named_columns_and_formula_cell():
    result = read(FIXTURES / "generic_semicolon.csv",
                  columns={"id": "Kommentar-ID", "parent_id": "Antwort auf", "text": "Beitrag"})
    c = by_id(result)
    assert c["2"].parent_id == "1" and c["3"].parent_id == "1"
    assert c["2"].text == '=HYPERLINK("http://evil")'
    assert (c["1"].author, c["1"].created_at) == ("anna", "2021-09-16T10:00:00")


def test_flat_section_infers_parent_from_mentions():
    result = read(FIXTURES / "flat_mentions.txt")
    comments = result.comments
    assert [c.author for c in comments] == ["Max Mustermann", "Erika", "Jan", "Max Mustermann"]
    assert comments[1].parent_id == comments[0].id and "inferred_parent" in comments[1].flags
    assert comments[3].parent_id == comments[1].id
    assert comments[2].parent_id is None and comments[2].flags == []
    assert comments[0].created_at == "2021-09-16T10:12"
    assert "Schreibe einen Kommentar" not in comments[-1].text


def test_email_quotes_each_block_after_a_wrote_line_is_a_comment():
    result = read(FIXTURES / "email_quotes.txt")
    comments = result.comments
    assert [c.author for c in comments] == ["John Smith", "Maria"]
    assert comments[0].text == ("This is what happens when you buy closed hardware.\n"
                                "Flash LineageOS and be done with it.\n\nAlso: vote with your wallet.")
    assert comments[0].created_at == "2021-09-17"
    assert "Thanks John" in result.threads[0].thread.article_text


@pytest.mark.parametrize("head", ['{"foo": 1}', "<?xml version='1.0'?><note/>", "[1, 2, 3]"])
def test_structured_data_no_reader_knows_is_unknown_format(head):
    with pytest.raises(InputError, match="unknown format"):
        detect(head)


@pytest.mark.parametrize("document", [
    "Zitronenkuchen\n\nZutaten: Mehl, Zucker.\n\n1. Den Ofen auf 180 Grad vorheizen.\n2. Mehl und Zucker mischen.\n"
    "3. Backen, bis der Kuchen goldbraun ist.\n",
    "Licence\n\nSection 1 – Definitions.\n\n  1. Adapted Material means material subject to copyright.\n"
    "  2. Licensor means the individual or entity granting rights.\n",
])
def test_numbered_article_text_without_a_comment_section_is_not_comments(tmp_path, document):
    """A numbered list is a comment section only with a stated count or bulleted replies."""
    path = tmp_path / "page.txt"
    path.write_text(document, encoding="utf-8")
    result = read(path)
    assert result.comments == [] and "1." in result.threads[0].thread.article_text
    assert any("no comment section recognised" in n for n in result.notes)
