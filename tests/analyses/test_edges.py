"""Drift edges as columns: the same records, rows and counts as the Edge objects they replace."""

from __future__ import annotations

import random

from comments.analyses import drift, edges as edges_mod, structure
from comments.analyses.analysis import _row
from comments.analyses.sentences import _edge_counts
from comments.model.records import Comment, ParsedThread, Thread
from comments.model.tree import rebuild


def _thread(seed: int, n: int) -> ParsedThread:
    rng = random.Random(seed)
    words = "Kuba Sanktionen Bootloader Sperre Hersteller Quelle Export Handy".split()
    topics = [None, [], ["a"], ["b"], ["a", "b"]]
    comments = [Comment(id=f"c{i}", parent_id=None if i == 0 or rng.random() < 0.3 else f"c{rng.randrange(i)}",
                        text=" ".join(rng.choice(words) for _ in range(rng.randint(0, 9))),
                        topics=rng.choice(topics), language="de") for i in range(n)]
    return ParsedThread(Thread(thread_id=f"t{seed}", site=f"s{seed % 2}.de",
                               article_text="Kuba Sanktionen" if seed % 3 else None), rebuild(comments))


def test_blocks_give_back_the_edges_their_rows_and_counts():
    from comments.classification.suggest import says_something

    threads = [_thread(seed, n) for seed, n in ((1, 40), (2, 1), (3, 120), (4, 0), (5, 60))]
    blocks = [drift.thread_drift(pt)[0] for pt in threads]
    columns = edges_mod.Edges(blocks)
    everything = [e for b in blocks for e in b]
    assert len(columns) == len(everything) == sum(len(pt.comments) - sum(c.parent_id is None for c in pt.comments)
                                                   for pt in threads)
    by_id = {(pt.thread.thread_id, c.id): c for pt in threads for c in pt.comments}
    for e in everything:  # each record is its reply: parent, depth and topics as the comments have them
        c = by_id[(e.thread_id, e.id)]
        assert e.parent_id == c.parent_id and e.depth == c.depth and e.topics == (c.topics or [])
        assert e.parent_topics == (by_id[(e.thread_id, c.parent_id)].topics or [])
        if not e.parent_topics or not c.text:  # nothing to keep, or no words to keep it with
            assert e.kept_topic is None
        elif e.kept_topic is None:  # a bare reaction (only lexicon and function words): not judged
            assert not says_something(c)
        else:
            assert e.kept_topic is bool(set(e.parent_topics) & set(e.topics))
    assert list(columns) == everything
    assert list(columns.rows()) == [_row(e) for e in everything]
    assert list(columns.rows())[0].keys() == _row(everything[0]).keys()
    assert _edge_counts(columns) == _edge_counts(everything)
    assert structure.drift_rate_by_site_depth(columns) == structure.drift_rate_by_site_depth(everything)
    points = [(e.depth, e.sim_article if e.sim_article is not None else e.sim_root, e.site) for e in everything]
    assert columns.similarity_points() == [p for p in points if p[1] is not None]
    assert not edges_mod.Edges([]) and len(edges_mod.Edges([])) == 0


def test_records_are_made_a_slice_at_a_time(monkeypatch):
    block = drift.thread_drift(_thread(3, 120))[0]
    whole = list(block)
    monkeypatch.setattr(edges_mod, "STEP", 7)
    assert list(block) == whole and len(whole) > 7
