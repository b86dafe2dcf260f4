"""The post's author's replies in the depth and compare reports: flawlessfood's 11
replies are all the blog author's thanks ("46 % are replies" read as discussion among
readers), spektrum's only reply is the author's. The tables count them, the summaries say
so, and readers' own reply share is given where it changes the picture."""

from __future__ import annotations

import csv

import pytest

from comments.analyses.sentences import post_author_sentence
from comments.model.records import Comment, ParsedThread, Thread
from comments.analyses.depth import thread_stats
from comments.model.tree import rebuild
from conftest import CORPORA, run


def _csv(path):
    with open(path, encoding="utf-8", newline="") as fh:
        return {row["site"]: row for row in csv.DictReader(fh)}


def test_depth_and_compare_say_the_replies_are_the_hosts(tmp_path):
    pages = [CORPORA / "html_comments" / n for n in ("flawlessfood.co.uk__olive.html", "spektrum.de__engelbart.html")]
    if not all(p.exists() for p in pages):
        pytest.skip(f"shared corpus not available: {CORPORA / 'html_comments'}")
    depth, compare = tmp_path / "depth", tmp_path / "compare"
    assert run("report", "depth", *map(str, pages), "--out", str(depth), "-q").exit_code == 0
    assert run("compare", *map(str, pages), "--out", str(compare), "-q").exit_code == 0
    rows = _csv(depth / "depth_by_site.csv")
    food = rows["flawlessfood.co.uk"]
    assert (food["comments"], food["replies"], food["by_post_author"], food["post_author_replies"]) == ("24", "11",
                                                                                                      "11", "11")
    assert rows["scilogs.spektrum.de"]["post_author_replies"] == "1"
    said = (depth / "depth.md").read_text(encoding="utf-8")
    assert ("46 % are replies" in said and "All 11 replies are by the post's author; none of the readers' own 13 "
            "comments is a reply (by_post_author, post_author_replies in depth_by_site.csv)." in said)
    assert "The only reply is by the post's author" in said
    compared = (compare / "compare.md").read_text(encoding="utf-8")
    food_line = compared.split("On **flawlessfood.co.uk**")[1].split("\n")[0]
    assert "All 11 replies are by the post's author; none of the readers' own 13 comments is a reply" in food_line
    assert _csv(compare / "compare_sites.csv")["flawlessfood.co.uk"]["post_author_replies"] == "11"


def test_a_thread_counts_the_authors_comments_and_replies():
    comments = rebuild([Comment(id="1"), Comment(id="2", parent_id="1", meta={"post_author": True}),
                        Comment(id="3", meta={"is_submitter": True}), Comment(id="4", parent_id="3")])
    stats = thread_stats(ParsedThread(Thread(thread_id="t", site="s"), comments))
    assert (stats.by_post_author, stats.post_author_replies, stats.replies) == (2, 1, 2)


@pytest.mark.parametrize("args, said", [
    ((24, 11, 11, 11), "All 11 replies are by the post's author; none of the readers' own 13 comments is a reply"),
    ((54, 1, 1, 1), "The only reply is by the post's author (by_post_author"),
    ((100, 40, 6, 3), "3 of the 40 replies are by the post's author (6 comments by the author in all) (by_post"),
    ((100, 40, 30, 30), "30 of the 40 replies are by the post's author; readers' own 70 comments are 14 % replies"),
    ((10, 4, 2, 0), "2 comments are by the post's author, none of them replies; readers' own 8 comments are 50 %"),
])
def test_the_sentence_names_the_authors_share_and_readers_own_where_it_differs(args, said):
    assert said in post_author_sentence(*args, "t.csv")


def test_no_sentence_when_the_source_marks_no_author():
    assert post_author_sentence(24, 11, 0, 0, "t.csv") is None


def test_the_page_tree_marks_the_hosts_comments():
    from comments.analyses.largest import slim
    from comments.reporting.html_report import tree_items
    from conftest import corpus, read

    (pt,) = read(corpus("html_comments/flawlessfood.co.uk__olive.html")).threads
    slim(pt)  # as the report keeps its largest threads
    who = [fields["who"] for kind, fields in tree_items(pt, {})[0] if kind == "open"]
    assert who.count("Kay (the post's author)") == 11 and len(who) == 24


def test_the_mark_survives_parse_output_read_back(tmp_path):
    """parse → JSONL, that JSONL → Parquet and → CSV: the reports read
    each back with the same 11 replies by the post's author."""
    from conftest import corpus

    page = corpus("html_comments/flawlessfood.co.uk__olive.html")
    jsonl, parquet, table = tmp_path / "food.jsonl", tmp_path / "food.parquet", tmp_path / "food.csv"
    assert run("parse", str(page), "-o", str(jsonl), "-q").exit_code == 0
    assert run("parse", str(jsonl), "-o", str(parquet), "-q").exit_code == 0
    assert run("parse", str(jsonl), "-o", str(table), "-q").exit_code == 0
    for path in (jsonl, parquet, table):
        out = tmp_path / f"depth_{path.suffix[1:]}"
        assert run("report", "depth", str(path), "--out", str(out), "-q").exit_code == 0
        row = _csv(out / "depth_by_site.csv")["flawlessfood.co.uk"]
        assert (row["by_post_author"], row["post_author_replies"]) == ("11", "11"), path.suffix
