"""A sample whose replies' parents were left out (30 One Million Posts articles: 4,359 of
6,818 comments answer posts not in the sample): the orphans are repaired to top level, and
the depth and compare reports say how many there are and that depth is understated,
rather than "no replies: every comment is top-level" and "mean depth 0.00" alone."""

from __future__ import annotations

import csv
import json

from comments.analyses.depth import site_stats, thread_stats
from comments.model.records import Comment, ParsedThread, Thread
from comments.model.tree import rebuild
from conftest import SEED, jsonl_records, run


def _sample(tmp_path):
    """The seed thread twice: whole on one site, and on another only its first-level
    replies, as a labelled sample keeps them (their parents not in it)."""
    records = jsonl_records(run("parse", str(SEED)).stdout)
    rows = []
    for site, keep in (("whole.example", lambda r: True), ("sample.example", lambda r: r.get("depth") == 1)):
        rows += [dict(r, site=site) for r in records if r["record"] == "thread" or keep(r)]
    path = tmp_path / "sample.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def _csv(path):
    with open(path, encoding="utf-8", newline="") as fh:
        return {row["site"]: row for row in csv.DictReader(fh)}


def test_orphans_are_counted_and_said(tmp_path):
    path = _sample(tmp_path)
    depth, compare = tmp_path / "depth", tmp_path / "compare"
    assert run("report", "depth", str(path), "--out", str(depth), "-q").exit_code == 0
    assert run("compare", str(path), "--out", str(compare), "-q").exit_code == 0
    rows = _csv(depth / "depth_by_site.csv")
    assert (rows["sample.example"]["replies"], rows["sample.example"]["orphans"]) == ("0", "9")
    assert rows["whole.example"]["orphans"] == "0" and rows["whole.example"]["replies"] == "15"
    text = (depth / "depth.md").read_text(encoding="utf-8")
    assert ("On **sample.example**, 9 comments in 1 thread and no reply whose parent is in the input: 9 comments "
            "are replies whose parent is not in the input, repaired to top level (flag orphan), so depth is "
            "understated and there is no reply structure to describe.") in text
    assert "every comment is top-level" not in text
    said = (compare / "compare.md").read_text(encoding="utf-8")
    assert _csv(compare / "compare_sites.csv")["sample.example"]["orphans"] == "9"
    assert ("On **sample.example** (1 thread, 9 comments)" in said
            and "mean depth 0.00 (too few threads for an interval: 1 < 5; 9 comments are replies whose parent is "
                "not in the input, repaired to top level (flag orphan), so depth is understated)" in said)
    whole = said.split("On **whole.example**")[1].split("\n")[0]
    assert "orphan" not in whole


def test_a_thread_with_replies_and_orphans_says_both():
    comments = [Comment(id="1", parent_id=None), Comment(id="2", parent_id="1"), Comment(id="3", parent_id="gone"),
                Comment(id="4", parent_id="3")]
    stats = thread_stats(ParsedThread(Thread(thread_id="t", site="s"), rebuild(comments)))
    assert (stats.top_level, stats.replies, stats.orphans) == (2, 2, 1)
    assert site_stats("s", [stats, stats]).orphans == 2
