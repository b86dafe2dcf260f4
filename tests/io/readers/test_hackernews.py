"""Hacker News items (official API)."""

from __future__ import annotations

from conftest import FIXTURES, read


def by_id(result):
    return {c.id: c for c in result.comments}


def test_hackernews_official_items():
    result = read(FIXTURES / "hn_official.json")
    (pt,) = result.threads
    assert pt.thread.title == "Xiaomi phones disabled in sanctioned countries"
    c = by_id(result)
    assert c["28500001"].parent_id is None
    assert c["28500001"].text == "Remote kill switches should be illegal.\n\nOwnership means control."
    assert (c["28500002"].parent_id, c["28500002"].text) == ("28500001", "Agreed / see GrapheneOS.")
    assert c["28500003"].status == "deleted"
