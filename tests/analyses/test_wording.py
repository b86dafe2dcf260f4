"""Wording of the summaries a new user found wrong: "In 1 of the 1 thread", nested
parentheses around the interval note, "-0.00", "h-index 3.0" where the table has 3,
"so no leading topic is named" in sections that name none, and the chains' word rule."""

from __future__ import annotations

import io
import re

from comments.analyses.depth import shown_h
from comments.analyses.sentences import num
from comments.io.writers import write_rows
from conftest import ROOT, corpus, csv_rows, run


def test_one_thread_with_a_fitted_slope_is_the_one_thread(raw_report):
    """The slope is over replies only (the drift_slope chart's points): the seed's 15
    replies at depths 1 and 2 show no significant change, said of "the one thread"."""
    fitted = [r for r in csv_rows(raw_report / "drift_by_thread.csv") if r["slope_p"]]
    significant = [r for r in fitted if float(r["slope_p_adjusted"]) < 0.05]
    assert len(fitted) == 1 and not significant  # data/raw: the seed thread alone
    text = (raw_report / "drift.md").read_text(encoding="utf-8")
    assert ("In the one thread with a fitted slope, the replies' similarity to the article does not change "
            "significantly with their depth (replies only, as in the drift_slope chart") in text
    assert "of the 1 thread" not in text


def test_interval_note_without_nested_parentheses(raw_report):
    notes = {r["interval_note"] for r in csv_rows(raw_report / "compare_sites.csv") if int(r["comments"])}
    assert notes == {"too few threads for an interval: 1 < 5"}
    text = (raw_report / "compare.md").read_text(encoding="utf-8")
    assert "(too few threads for an interval: 1 < 5)" in text and not re.search(r"\([^()]*\(", text)


def test_h_index_prints_as_its_table_has_it(raw_report):
    text = (raw_report / "depth.md").read_text(encoding="utf-8")
    for r in csv_rows(raw_report / "depth_by_site.csv"):
        if int(r["comments"]):
            h = float(r["h_index"])
            assert h.is_integer() and f"h-index {int(h)}," in text
    assert not re.search(r"h-index \d+\.0\b", text)


def test_no_negative_zero_in_text_or_csv():
    assert num(-0.001) == "0.00" and num(-0.004, 2) == "0.00" and num(-0.006) == "-0.01" and num(-0.04, 1) == "0.0"
    assert shown_h(3.0) == 3 and str(shown_h(4.25)) == "4.25" and str(shown_h(13 / 3)) == "4.33"
    handle = io.StringIO()
    write_rows(handle, ["a", "b"], [{"a": -0.0, "b": round(-0.00001, 3)}])
    assert handle.getvalue().strip() == "0.0,0.0"


def test_only_sections_that_name_a_leading_topic_say_none_is_named(tmp_path):
    """English Reddit threads with the default (German, Xiaomi) taxonomy: it does not fit;
    topics and compare would name a leading topic and say they do not, depth and drift never
    name one and do not say so."""
    result = run("report", "all", str(corpus("reddit")), "--out", str(tmp_path), "-q", "-j", "1")
    assert result.exit_code == 0, result.output
    for name, names_topics in (("topics", True), ("compare", True), ("depth", False), ("drift", False)):
        text = (tmp_path / f"{name}.md").read_text(encoding="utf-8")
        assert "does not fit this corpus" in text, name
        assert ("so no leading topic is named" in text) == names_topics, name


def test_the_chain_rule_reads_the_same_in_the_summary_and_the_readme(raw_report):
    rule = "at least five distinct content words"
    assert rule in (raw_report / "drift.md").read_text(encoding="utf-8")
    assert rule in " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())


def _levels(h: int, thread: str):
    """A thread whose h-index is ``h``: ``h`` comments at each nesting level 1 … ``h``."""
    from comments.model.records import Comment, ParsedThread, Thread
    from comments.model.tree import rebuild

    comments = []
    for level in range(h):
        for i in range(h):
            parent = f"{level - 1}-{i}" if level else None
            comments.append(Comment(id=f"{level}-{i}", parent_id=parent, text=f"Kommentar {level} {i}"))
    return ParsedThread(Thread(thread_id=thread, site="s.de"), rebuild(comments))


def test_a_sites_mean_h_index_reads_the_same_in_sentence_and_table(tmp_path):
    """depth.md said "h-index 4.2" where depth_by_site.csv had 4.25."""
    from comments.classification.classify import classify
    from comments.classification.taxonomy import load
    from comments.reporting import report as reporting

    threads = [_levels(4, "a"), _levels(4, "b"), _levels(4, "c"), _levels(5, "d")]
    classify(threads, jobs=1)
    reporting.run(threads, load(), tmp_path, "depth")
    assert [r["h_index"] for r in csv_rows(tmp_path / "depth_by_site.csv")] == ["4.25"]
    assert sorted(r["h_index"] for r in csv_rows(tmp_path / "depth_by_thread.csv")) == ["4", "4", "4", "5"]
    assert "h-index 4.25," in (tmp_path / "depth.md").read_text(encoding="utf-8")


def test_percentages_and_decimals_round_half_up_and_never_say_none_of_some():
    """"1 comment (0 %)" for 1 of 360, and 0.575 printed "0.57" beside a table holding
    0.575: one rounding, half-up on the decimal the CSV holds."""
    from comments.analyses.sentences import pct, rounded

    assert pct(1 / 360) == "< 1 %" and pct(359 / 360) == "> 99 %"
    assert pct(0.0) == "0 %" and pct(1.0) == "100 %" and pct(0.125) == "13 %" and pct(0.145) == "15 %"
    assert f"{0.575:.2f}" == "0.57" and num(0.575) == "0.58" and num(2.675) == "2.68" and num(0.125, 2) == "0.13"
    assert num(-0.001) == "0.00" and num(None) == "–" and rounded(0.0005, 3) == "0.001"
    assert num(1234.5, 0) == "1235" and num(-2.5, 0) == "-3"  # half away from zero, as a reader rounds


def test_no_most_claim_rests_on_fewer_than_five_comments(raw_report, tmp_path):
    """Real pages whose taxonomy does not fit said "the most frequent change is from
    geopolitics to consumer_rights (1 reply)" and "Topics overlap most between …
    (3 comments)"; the seed said "open_source most often critical and informative (3 of 3
    each)". A "most" claim now rests on at least MIN_CLAIM comments or replies, and none is
    made about topics when the taxonomy does not fit."""
    from comments.analyses.sentences import MIN_CLAIM

    topics = (raw_report / "topics.md").read_text(encoding="utf-8")
    for m in re.finditer(r"most often [^(]*\((\d+) of \d+", topics):
        assert int(m.group(1)) >= MIN_CLAIM, m.group(0)
    for m in re.finditer(r"overlap most between .*?\((\d+) comments", topics):
        assert int(m.group(1)) >= MIN_CLAIM, m.group(0)
    assert "most often" in topics or "Too few comments about" in topics
    result = run("report", "all", str(corpus("html_wordpress")), "--out", str(tmp_path), "-q")
    assert result.exit_code == 0, result.stderr
    drift, page_topics = ((tmp_path / f"{n}.md").read_text(encoding="utf-8") for n in ("drift", "topics"))
    assert "The taxonomy does not fit" in page_topics
    assert "overlap most" not in page_topics and "most often" not in page_topics
    assert "parent and reply both have a topic" not in drift and "the most frequent change" not in drift  # none said


def test_one_judged_reply_is_said_in_the_singular(tmp_path):
    """review21b #8: "Of the 2 replies whose parent has a topic, 1 are judged …, and 1 (100 %) keep …": one reply
    judged (the other a bare thanks), the verbs in the singular. Labels set by the test, texts a real thread's."""
    from comments.classification.taxonomy import load
    from comments.model.records import Comment, ParsedThread, Thread
    from comments.model.tree import rebuild
    from comments.reporting.report import run as report

    rows = [("1", None, "Die Sanktionen gegen Kuba treffen vor allem die einfachen Leute.", ["geopolitics"]),
            ("2", "1", "Die US-Blockade gegen Kuba gibt es seit 60 Jahren, das ist nichts Neues.", ["geopolitics"]),
            ("3", "1", "Danke!", [])]
    comments = [Comment(id=i, parent_id=p, text=t, topics=topics, tone=[], polarity=0.0, language="de")
                for i, p, t, topics in rows]
    report([ParsedThread(Thread(thread_id="t", site="x.de", title="Kuba"), rebuild(comments))], load(), tmp_path,
           "drift")
    text = (tmp_path / "drift.md").read_text(encoding="utf-8")
    assert ("Of the 2 replies whose parent has a topic, 1 is judged (1 is a bare reaction: not judged, kept_topic "
            "empty), and 1 (100 %) keeps at least one of its topics (stickiness).") in text
