"""Drift figures on a constructed thread, checked by hand."""

from __future__ import annotations

import pytest

from comments.analyses.drift import drift_tables, thread_drift
from comments.model.records import Comment, ParsedThread, Thread
from comments.model.tree import rebuild

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
    assert by["c"].sim_parent < 0.1 and by["c"].kept_topic is False
    assert by["d"].kept_topic is False and by["d"].sim_parent > 0.2  # shares "custom rom flashen bootloader"
    assert by["f"].kept_topic is None  # its parent has no topic to keep
    assert by["c"].sim_article < 0.1
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
    assert chains[0].drift > 0.9
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


def test_a_reply_changes_subject_only_with_a_topic_of_its_own_and_none_of_its_parents():
    edges, summary, _ = thread_drift(build())
    by = {e.id: e for e in edges}
    assert by["b"].changed_subject is False  # keeps geopolitics
    assert by["c"].changed_subject is True  # geopolitics → bootloader_unlocking
    assert by["d"].changed_subject is None  # no topic of its own: not a change of subject
    assert by["f"].changed_subject is None  # its parent has no topic
    assert summary.changes == {("geopolitics", "bootloader_unlocking"): 1}


def test_a_reply_that_keeps_a_topic_and_adds_one_is_no_change_of_subject():
    comments = [Comment(id="a", parent_id=None, topics=["x"], text="Alpha beta gamma."),
                Comment(id="b", parent_id="a", topics=["x", "y"], text="Alpha delta epsilon.")]
    edges, summary, _ = thread_drift(ParsedThread(Thread(thread_id="t", site="s"), rebuild(comments)))
    assert edges[0].changed_subject is False and not summary.changes
    assert summary.transitions[("x", "y")] == 1  # the transition table still counts the pair


def test_similarity_does_not_collapse_without_shared_stems():
    comments = [Comment(id="a", parent_id=None, text="Die Smartphonehersteller sperren Geräte aus der Ferne."),
                Comment(id="b", parent_id="a", text="Smartphones gesperrt? Fernsperrung ist Herstellerwillkür.")]
    edges, _, _ = thread_drift(ParsedThread(Thread(thread_id="t", site="s"), rebuild(comments)))
    assert edges[0].sim_parent > 0.1


def test_chains_need_text_at_both_ends():
    comments = [Comment(id="a", parent_id=None, text="Quelle?"),
                Comment(id="b", parent_id="a", text="Die Sanktionen der USA treffen Kuba und seine Bürger hart."),
                Comment(id="c", parent_id="b", text="Custom ROM flashen geht nur mit entsperrtem Bootloader.")]
    _, _, chains = thread_drift(ParsedThread(Thread(thread_id="t", site="s"), rebuild(comments)))
    assert chains == []  # "Quelle?" cannot be compared with anything


def test_slopes_are_reported_only_when_significant_after_benjamini_hochberg():
    from comments.analyses.drift import ThreadDrift, significant_slopes

    def summary(name, p):
        return ThreadDrift("s", name, 10, None, None, None, -0.1, -0.2, -0.05, p)

    rows = [summary("strong", 0.001), summary("weak", 0.04), *(summary(f"n{i}", 0.5 + i / 100) for i in range(8))]
    found = significant_slopes(rows)
    # BH over 10 threads: 0.001 × 10 = 0.01 < 0.05; 0.04 × 10 / 2 = 0.2 is not
    assert [s.thread_id for s in found] == ["strong"]
    assert rows[0].slope_p_adjusted == pytest.approx(0.01) and rows[1].slope_p_adjusted == pytest.approx(0.2)


def test_slope_p_value_comes_from_linregress():
    from scipy.stats import linregress

    _, summary, _ = thread_drift(build())
    assert summary.slope_p is not None and 0 <= summary.slope_p <= 1
    assert summary.slope == pytest.approx(linregress(*zip(*_article_points(build()))).slope)


def _article_points(pt):
    from comments.analyses.drift import _Similarity
    from comments.text.tokens import Stems

    sim = _Similarity(pt, Stems())
    values = sim.pairs(list(range(len(pt.comments))), [sim.article] * len(pt.comments))
    return [(c.depth, v) for c, v in zip(pt.comments, values) if v is not None]
