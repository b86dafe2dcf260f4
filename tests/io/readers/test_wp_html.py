"""Saved WordPress comment pages: nesting, authors, escaped markup kept as text."""

from __future__ import annotations

from conftest import FIXTURES, read


def by_id(result):
    return {c.id: c for c in result.comments}


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
