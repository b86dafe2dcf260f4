"""Disqus XML exports: threads, parents, deleted and spam comments."""

from __future__ import annotations

from conftest import FIXTURES, corpus, read


def by_id(result):
    return {c.id: c for c in result.comments}


def test_disqus_threads_parents_deleted_and_spam():
    result = read(FIXTURES / "disqus_small.xml")
    (pt,) = result.threads
    assert (pt.thread.site, pt.thread.thread_id, pt.thread.title) == (
        "newsportal.example.com", "900", "Xiaomi locks phones in Crimea")
    c = by_id(result)
    assert c["1"].text == "Sanctions hit ordinary people first.\n\nSecond paragraph & more."
    assert (c["2"].parent_id, c["3"].parent_id, c["3"].depth) == ("1", "2", 2)
    assert c["3"].status == "deleted" and c["4"].status == "spam"


def test_one_site_per_export_and_post_fields_kept():
    """A thread whose forum links only ``localhost``, one without forum and one only a post
    names take the export's site (not the file stem); a post's own ``<id>`` and an
    unreadable ``isSpam`` stay in meta (flagged ``invalid_value``); meta values trimmed."""
    result = read(FIXTURES / "disqus_mixed_export.xml")
    assert {pt.thread.thread_id: pt.thread.site for pt in result.threads} == {
        "71": "stadtblog.example.de", "72": "stadtblog.example.de", "73": "stadtblog.example.de",
        "99": "stadtblog.example.de"}
    c = by_id(result)
    assert c["501"].meta["id"] == "8806312945511377201" and "id" not in c["502"].meta
    assert (c["501"].status, c["501"].flags, c["501"].meta["isSpam"]) == ("visible", ["invalid_value"], "ja")
    assert c["501"].meta["author"]["email"] == "leser@example.de"


def test_corpus_isso_one_site_remark42_ids_and_bad_values():
    """isso's export: thread 2 links example.org; threads 3 (no link), 7 (localhost) and
    1337 (named only by a post) take it too. remark42's: each post's ``<id>`` in meta, the
    unreadable ``isSpam="123"`` kept as given."""
    isso = read(corpus("disqus/isso__disqus.xml"))
    assert {pt.thread.thread_id: pt.thread.site for pt in isso.threads} == dict.fromkeys(
        ["2", "3", "7", "1337"], "example.org")
    remark = by_id(read(corpus("disqus/remark42__disqus.xml")))
    assert remark["299619020"].meta["id"] == "3565798471341011339"
    assert remark["x299986073"].meta["isSpam"] == "123" and "invalid_value" in remark["x299986073"].flags


def test_thread_title_entities_decoded_once():
    """Disqus writes a thread's title HTML-escaped inside CDATA: the title is the page's."""
    result = read(FIXTURES / "exports" / "disqus_anonymous.xml")
    assert result.threads[0].thread.title == "Xiaomi & co \u2013 gesperrt"
