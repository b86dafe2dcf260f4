"""Drift figures on a constructed thread, checked by hand."""

from __future__ import annotations

import pytest

from comments.drift import drift_tables, thread_drift
from comments.model import Comment, ParsedThread, Thread
from comments.tree import rebuild

ARTICLE = "Xiaomi sperrt Smartphones in Kuba wegen Sanktionen der USA."


def build() -> ParsedThread:
    rows = [  # id, parent, topics, text
        ("a", None, ["geopolitics"], "Die Sanktionen der USA treffen Kuba hart."),
        ("b", "a", ["geopolitics"], "Die Sanktionen der USA treffen Kuba hart."),  # same words as its parent
        ("c", "b", ["bootloader_unlocking"], "Bootloader entsperren, Custom ROM flashen, fertig mit Mi Unlock."),
        ("d", "c", [], "Custom ROM flashen geht nur mit entsperrtem Bootloader und viel Geduld."),
        ("e", None, [], "Das Wetter heute ist schön."),
        ("f", "e", ["consumer_rights"], "Kunden zahlen am Ende für jede Fernabschaltung."),
    ]
    comments = [Comment(id=i, parent_id=p, topics=t, text=x) for i, p, t, x in rows]
    return ParsedThread(Thread(thread_id="t", site="s", article_text=ARTICLE), rebuild(comments))


def test_edges_similarities_and_topic_keeping():
    edges, summary, chains = thread_drift(build())
    by = {e.id: e for e in edges}
    assert set(by) == {"b", "c", "d", "f"}
    assert by["b"].sim_parent == pytest.approx(1.0) and by["b"].kept_topic is True
    assert by["c"].sim_parent == pytest.approx(0.0) and by["c"].kept_topic is False
    assert by["d"].kept_topic is False and by["d"].sim_parent > 0.2  # shares "custom rom flashen bootloader"
    assert by["f"].kept_topic is None  # its parent has no topic to keep
    assert by["c"].sim_article == pytest.approx(0.0)
    assert by["b"].sim_article > 0.3
    # stickiness: of b, c, d (parents with topics), only b keeps one
    assert summary.stickiness == pytest.approx(1 / 3)
    assert summary.drift_rate_by_depth == {1: 0.0, 2: 1.0, 3: 1.0}
    assert summary.transitions == {("geopolitics", "geopolitics"): 1, ("geopolitics", "bootloader_unlocking"): 1,
                                   ("bootloader_unlocking", "none"): 1, ("none", "consumer_rights"): 1}


def test_similarity_to_the_article_falls_with_depth():
    _, summary, _ = thread_drift(build())
    assert summary.slope < 0
    assert summary.slope_low <= summary.slope <= summary.slope_high


def test_furthest_drifting_chain_comes_first():
    _, _, chains = thread_drift(build())
    assert chains[0].ids == ["a", "b", "c", "d"]
    assert chains[0].drift == pytest.approx(1.0)
    assert chains[0].openings[0] == "Die Sanktionen der USA treffen Kuba hart."


def test_without_article_replies_are_compared_with_their_root_comment():
    pt = build()
    pt.thread.article_text = None
    edges, summary, _ = thread_drift(pt)
    by = {e.id: e for e in edges}
    assert by["b"].sim_article is None and by["b"].sim_root == pytest.approx(1.0)
    assert summary.slope is not None


def test_tables_cover_every_thread():
    edges, summaries, chains = drift_tables([build(), ParsedThread(Thread(thread_id="empty", site="s"), [])])
    assert len(summaries) == 2 and summaries[0].replies == 0 and summaries[0].stickiness is None
    assert len(edges) == 4
