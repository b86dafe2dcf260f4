"""Reports on a WordPress export with 6.9's block notes (status ``note``: editors' remarks on the draft, no
reader wrote them): classify reads no topic, tone or polarity in them, every share table counts them apart
(label ``editorial_note``), as deleted comments and pingbacks are, and the summaries say how many."""

from __future__ import annotations

import csv

from comments.classification.classify import classify
from comments.classification.taxonomy import load
from comments.model.placeholders import is_placeholder, placeholder_flags
from comments.reporting import report as reporting
from conftest import FIXTURES, read


def _rows(path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_editorial_notes_are_set_apart_from_reader_comments_and_counted(tmp_path):
    threads = read(FIXTURES / "wxr_comment_types.xml").threads
    comments = [c for pt in threads for c in pt.comments]
    notes = [c for c in comments if c.status == "note"]
    assert len(notes) == 2 and all(map(is_placeholder, notes))
    assert placeholder_flags(comments) == [is_placeholder(c) for c in comments]
    classify(threads)
    # the notes were read as reader comments: tones informative/critical and critical/sarcastic, polarity -0.7
    assert all(not c.tone and not c.topics and c.polarity is None for c in notes)
    assert any(c.tone for c in comments if c.status != "note")  # the readers' comments are still read
    reporting.run(threads, load(), tmp_path, "all")
    for name in ("tone_shares_by_site", "topic_shares_by_site"):
        rows = {r["label"]: r for r in _rows(tmp_path / f"{name}.csv")}
        assert (rows["editorial_note"]["comments"], rows["editorial_note"]["of"]) == ("2", "7"), name
    tone = {r["label"]: int(r["comments"]) for r in _rows(tmp_path / "tone_shares_by_site.csv")}
    readers_critical = sum("critical" in (c.tone or ()) for c in comments)
    assert tone["critical"] == readers_critical
    topics_md = (tmp_path / "topics.md").read_text(encoding="utf-8")
    assert ("Of these 7 comments, 2 (29 %) are editorial notes (status note: the site's own notes, such as "
            "WordPress's block notes on a draft or WooCommerce's order notes, not a reader's words), so no topic, tone "
            "or polarity is read in them") in topics_md
    assert "the 2 editorial notes are not read for topics and counted apart" in topics_md
    assert "Of these 7 comments, 2 (29 %) are editorial notes" in (tmp_path / "compare.md").read_text(encoding="utf-8")
