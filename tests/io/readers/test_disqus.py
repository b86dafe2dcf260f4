"""Disqus XML exports: threads, parents, deleted and spam comments."""

from __future__ import annotations

from conftest import FIXTURES, read


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
