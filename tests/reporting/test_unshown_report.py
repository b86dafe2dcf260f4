"""Reports on exports holding comments readers never saw (Disqus ``isSpam`` → status ``spam``, WordPress
``comment_approved`` 0 → ``pending``): classify still labels them (a moderator's queue wants their tone), but every
share table counts them apart (label ``unpublished``), as deleted comments and editorial notes are, drift and
the compare tests leave them out, the summaries say how many and index.html's tree marks them (newcomer21 F1)."""

from __future__ import annotations

import csv

from comments.classification.classify import classify
from comments.classification.taxonomy import load
from comments.reporting import report as reporting
from conftest import FIXTURES, corpus, read


def _rows(path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _report(tmp_path, *paths):
    threads = read(*paths).threads
    classify(threads)
    comments = [c for pt in threads for c in pt.comments]
    reporting.run(threads, load(), tmp_path, "all")
    return comments


def _tone(tmp_path) -> dict[str, int]:
    out: dict[str, int] = {}
    for r in _rows(tmp_path / "tone_shares_by_site.csv"):
        out[r["label"]] = out.get(r["label"], 0) + int(r["comments"])
    return out


def test_spam_and_pending_comments_are_counted_apart_and_marked(tmp_path):
    comments = _report(tmp_path, FIXTURES / "disqus_small.xml", FIXTURES / "wxr_small.xml")
    unseen = [c for c in comments if c.status in ("spam", "pending")]
    assert {c.status for c in unseen} == {"spam", "pending"}
    assert any(c.tone or c.topics for c in unseen)  # classify read them: the labels are in the output
    tone = _tone(tmp_path)
    assert tone["unpublished"] == len(unseen)
    for label in ("critical", "informative", "questioning", "supportive", "hostile", "sarcastic"):
        assert tone.get(label, 0) == sum(label in (c.tone or ()) for c in comments if c not in unseen), label
    topics = {}
    for r in _rows(tmp_path / "topic_shares_by_site.csv"):
        topics[r["label"]] = topics.get(r["label"], 0) + int(r["comments"])
    assert topics["unpublished"] == len(unseen)
    topics_md = (tmp_path / "topics.md").read_text(encoding="utf-8")
    said = f"{len(unseen)} ({round(100 * len(unseen) / len(comments))} %) were never shown to readers (status spam or pending"
    assert said in topics_md and said in (tmp_path / "compare.md").read_text(encoding="utf-8")
    assert f"the {len(unseen)} comments no reader saw (spam or pending) are counted apart" in topics_md
    page = (tmp_path / "index.html").read_text(encoding="utf-8")
    spam = sum(c.status == "spam" for c in comments)
    assert page.count('<span class="badge status">spam: not shown to readers</span>') == spam >= 1
    assert '<span class="badge status">pending: awaiting moderation, not shown to readers</span>' in page
    for row in _rows(tmp_path / "drift_edges.csv"):  # no reply–parent pair with such a comment is compared
        ids = {row.get("id"), row.get("parent_id")}
        if ids & {c.id for c in unseen}:
            assert row["not_compared"] == "placeholder", row


def test_remark42_spam_post_is_not_one_of_the_critical_comments(tmp_path):
    """remark42's Disqus export: post 299986073 ("some ugly spam", isSpam) was one of the 4 "critical" of 6."""
    _report(tmp_path, corpus("disqus/remark42__disqus.xml"))
    tone = _tone(tmp_path)
    assert (tone["critical"], tone["unpublished"]) == (3, 1)


def test_a_site_whose_only_hostile_comment_is_spam_has_no_hostile_share_and_drift_says_deleted(tmp_path):
    """A Disqus export whose one hostile post is spam Disqus never showed (newcomer21 F1: the site's whole hostile
    share was that post), and a reply chain through a deleted post, which drift.md printed as an empty quote “”."""
    comments = _report(tmp_path, FIXTURES / "disqus_spam_deleted.xml")
    [spam] = [c for c in comments if c.status == "spam"]
    assert "hostile" in spam.tone  # classify read it
    tone = _tone(tmp_path)
    assert (tone["hostile"], tone["unpublished"], tone["deleted"]) == (0, 1, 1)
    drift = (tmp_path / "drift.md").read_text(encoding="utf-8")
    assert " → (deleted) → " in drift and "“”" not in drift
    page = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert '<span class="badge status">deleted</span> <strong>Anon</strong>' in page


def _tree_texts(folder) -> str:
    return "".join(p.read_text(encoding="utf-8") for p in sorted(folder.glob("tree_*.svg")))


def test_trees_draw_spam_as_unpublished_and_name_it_only_where_there_is_some(tmp_path):
    """review21b #8: every tree chart's legend listed `unpublished` (and pingback, deleted, editorial_note), also
    on the seeds, which hold none, while a spam comment was drawn in its classify topic's colour: a tree box now
    carries the comment's label in the topic tables, and the legend names a label counted apart only where a box
    has it."""
    comments = _report(tmp_path / "spam", FIXTURES / "disqus_spam_deleted.xml")
    assert {"spam", "deleted"} <= {c.status for c in comments}
    drawn = _tree_texts(tmp_path / "spam")
    assert ">unpublished</text>" in drawn and ">deleted</text>" in drawn and ">pingback</text>" not in drawn
    _report(tmp_path / "plain", FIXTURES / "reddit_thread.json")
    drawn = _tree_texts(tmp_path / "plain")
    assert drawn and ">none</text>" in drawn
    assert all(f">{label}</text>" not in drawn for label in ("unpublished", "pingback", "editorial_note"))
