"""Reports on threads with deleted and removed comments ("[deleted]", "[removed]", "[gelöscht]", status deleted or
removed): they have no reader's words, so classify gives them no topic or tone and every share table counts them
apart (label `deleted`), never as critical or supportive or as read without a label; the summaries say how many."""

from __future__ import annotations

import csv

from comments.classification.classify import classify
from comments.classification.taxonomy import load
from comments.model.records import Comment, ParsedThread, Thread
from comments.model.tree import rebuild
from comments.reporting import report as reporting

ASKHISTORIANS = [
    "Did medieval peasants really never travel more than a few miles from their village?",
    "This is a common myth. Pilgrimage, seasonal labour and markets took many people far beyond their parish.",
    "Thank you, that was a great answer, really helpful.",
    "Sorry, but this is just wrong and lazy. Sources please, this sub has rules.",
]
FORUM = [
    "Die Sanktionen gegen Russland treffen die Falschen, Xiaomi sperrt die Handys auf der Krim.",
    "Danke für den ausführlichen Artikel, das war sehr hilfreich.",
    "Wer ein Gerät kauft, dem gehört es. Eine Fernsperre ist Enteignung der Kunden.",
]


def _threads(gone: bool = True) -> list[ParsedThread]:
    reddit = [Comment(id=f"r{i}", text=t) for i, t in enumerate(ASKHISTORIANS)]
    forum = [Comment(id=f"f{i}", text=t) for i, t in enumerate(FORUM)]
    if gone:
        reddit += [Comment(id="rx", parent_id="r0", text="[removed]"),
                   Comment(id="ry", parent_id="r0", text="[deleted]", status="deleted", author="[deleted]")]
        forum += [Comment(id="fx", parent_id="f0", text="[gelöscht]"),
                  Comment(id="fy", parent_id="f0", text="Die Sanktionen sind Unsinn, du Idiot.", status="removed"),
                  Comment(id="fz", text="", status="deleted")]  # Disqus isDeleted
    return [ParsedThread(Thread(thread_id="1a2b3c", site="reddit.com/r/AskHistorians"), rebuild(reddit)),
            ParsedThread(Thread(thread_id="krim", site="forum.example.de"), rebuild(forum))]


def _rows(path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_deleted_comments_are_counted_apart_in_the_tone_and_topic_shares_and_said(tmp_path):
    threads = _threads()
    classify(threads)
    reporting.run(threads, load(), tmp_path, "all")
    for name in ("tone_shares_by_site", "topic_shares_by_site"):
        rows = {(r["group"], r["label"]): r for r in _rows(tmp_path / f"{name}.csv")}
        assert rows[("reddit.com/r/AskHistorians", "deleted")]["comments"] == "2", name
        assert rows[("forum.example.de", "deleted")]["comments"] == "3", name
        assert rows[("reddit.com/r/AskHistorians", "deleted")]["of"] == "6"
    tone = {(r["group"], r["label"]): int(r["comments"]) for r in _rows(tmp_path / "tone_shares_by_site.csv")}
    # the removed comment's words ("du Idiot") are not read: no hostile comment is left on the forum
    assert tone[("forum.example.de", "hostile")] == 0
    # the tone labels of every site count its readers' comments only
    for site, n in (("reddit.com/r/AskHistorians", len(ASKHISTORIANS)), ("forum.example.de", len(FORUM))):
        assert sum(k for (g, label), k in tone.items() if g == site and label not in ("deleted",)) >= n
        assert tone[(site, "none")] <= n
    topics_md = (tmp_path / "topics.md").read_text(encoding="utf-8")
    assert ("Of these 12 comments, 5 (42 %) were deleted or removed (status deleted/removed, or only a placeholder "
            "such as “[deleted]”: no reader's words), so no topic, tone or polarity is read in them") in topics_md
    assert "the 5 deleted comments are not read for topics and counted apart" in topics_md
    assert "**deleted**" not in topics_md and "most often deleted" not in topics_md
    compare_md = (tmp_path / "compare.md").read_text(encoding="utf-8")
    assert "Of these 12 comments, 5 (42 %) were deleted or removed" in compare_md
    assert all("tone_deleted" in row for row in _rows(tmp_path / "compare_sites.csv"))


def test_without_deleted_comments_no_table_or_summary_changes(tmp_path):
    threads = _threads(gone=False)
    classify(threads)
    reporting.run(threads, load(), tmp_path, "all")
    for name in ("tone_shares_by_site", "topic_shares_by_site", "topic_tone"):
        assert all("deleted" not in row.values() for row in _rows(tmp_path / f"{name}.csv")), name
    assert all("tone_deleted" not in row for row in _rows(tmp_path / "compare_sites.csv"))
    assert "deleted" not in (tmp_path / "topics.md").read_text(encoding="utf-8")
