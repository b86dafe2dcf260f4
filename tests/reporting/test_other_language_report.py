"""Reports on comments in other languages: the tone tables count them apart
(`other_language`: tone not read) rather than as `none`, and topics.md says how many
there are — only when there are any."""

from __future__ import annotations

import csv

from comments.classification.classify import classify
from comments.classification.taxonomy import load
from comments.model.records import Comment, ParsedThread, Thread
from comments.model.tree import rebuild
from comments.reporting import report as reporting

TEXTS = [
    "I made this buttercream for my daughter's birthday and it was the best frosting I have ever made.",
    "Muchas gracias, me alegro de que te guste!",
    "Merci beaucoup pour la recette, elle est vraiment délicieuse et facile.",
    "Can I use salted butter instead of unsalted? The store was out of it.",
    "This is terrible advice, the sugar ratio is completely wrong and it came out grainy.",
    "Great stuff.",
]


def _report(tmp_path, texts):
    comments = [Comment(id=str(i), parent_id=None, text=t) for i, t in enumerate(texts)]
    threads = [ParsedThread(Thread(thread_id="t", site="recipes.example"), rebuild(comments))]
    classify(threads)
    reporting.run(threads, load(), tmp_path, "topics")
    with (tmp_path / "tone_shares_by_site.csv").open(encoding="utf-8", newline="") as handle:
        shares = {row["label"]: row for row in csv.DictReader(handle)}
    with (tmp_path / "topic_tone.csv").open(encoding="utf-8", newline="") as handle:
        topic_tone = list(csv.DictReader(handle))
    return shares, topic_tone, (tmp_path / "topics.md").read_text(encoding="utf-8")


def test_other_language_comments_are_counted_apart_and_said(tmp_path):
    shares, topic_tone, summary = _report(tmp_path, TEXTS)
    assert shares["other_language"]["comments"] == "2" and shares["other_language"]["of"] == "6"
    read = sum(int(shares[t]["comments"]) for t in ("none",))
    assert read + 2 <= 6  # the two are not among the comments read without a tone
    assert sum(int(r["comments"]) for r in topic_tone if r["tone"] == "other_language") == 2
    assert ("2 comments (33 %) are in a language other than German and English and carry no tone label"
            in summary)
    assert "most often other_language" not in summary


def test_without_other_language_comments_nothing_changes(tmp_path):
    shares, topic_tone, summary = _report(tmp_path, [TEXTS[0], TEXTS[3], TEXTS[4]])
    assert "other_language" not in shares and all(r["tone"] != "other_language" for r in topic_tone)
    assert "language other than" not in summary
