"""Reddit threads and Pushshift dumps: `more` stubs, deleted placeholders, orphans."""

from __future__ import annotations

from conftest import FIXTURES, read


def by_id(result):
    return {c.id: c for c in result.comments}


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
