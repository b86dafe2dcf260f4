"""WXR (WordPress export) files: posts, comment kinds, statuses and text."""

from __future__ import annotations

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
