"""reporting/empty.py: a section whose table is empty, or whose chart is left out,
says why, the reason computed from the data the report was made of."""

from __future__ import annotations

from comments.analyses.analysis import analyse
from comments.model.records import Comment, ParsedThread, Thread
from comments.model.tree import rebuild
from comments.reporting.report import write_report
from conftest import FIXTURES, RAW, csv_rows, read


def test_no_dates_no_change_of_subject_and_one_site_are_said(raw_report):
    comments = read(RAW).comments
    assert comments and not any(c.created_at for c in comments)  # the reason, from the inputs
    topics = (raw_report / "topics.md").read_text(encoding="utf-8")
    assert not csv_rows(raw_report / "topics_over_time.csv") and not (raw_report / "topics_over_time.png").exists()
    assert ("The table topics_over_time.csv is empty and the topics_over_time chart is left out: "
            "no comment has a date.") in topics
    edges = csv_rows(raw_report / "drift_edges.csv")
    both = [e for e in edges if e["changed_subject"] != ""]
    assert edges and both and not any(e["changed_subject"] == "True" for e in both)
    assert not csv_rows(raw_report / "drift_changes.csv")
    assert ("The table drift_changes.csv is empty: no reply where parent and reply both have a topic changes the "
            "subject.") in (raw_report / "drift.md").read_text(encoding="utf-8")
    sites = [r for r in csv_rows(raw_report / "compare_sites.csv") if int(r["comments"])]
    assert len(sites) == 1 and not csv_rows(raw_report / "compare_words.csv")
    compare = (raw_report / "compare.md").read_text(encoding="utf-8")
    assert ("The table compare_words.csv is empty: only one site has comments, so there is no other site to set "
            "it apart from.") in compare
    page = (raw_report / "index.html").read_text(encoding="utf-8")
    assert "topics_over_time chart is left out: no comment has a date" in page  # the page says it too


def test_a_table_is_called_empty_exactly_when_it_has_no_csv_rows(tmp_path):
    """Two sites with dates and replies: topics_over_time is drawn and not called empty,
    and every table of every section is called empty exactly when its CSV has no rows."""
    from comments.classification.classify import classify

    result = read(FIXTURES / "reddit_thread.json", FIXTURES / "disqus_small.xml", RAW / "winfuture.de__xiaomi-sperre.txt",
                  RAW / "stadt-bremerhaven.de__xiaomi-kuba-syrien.txt")
    classify(result.threads)
    write_report(analyse(result.threads), tmp_path)
    assert csv_rows(tmp_path / "topics_over_time.csv") and (tmp_path / "topics_over_time.png").is_file()
    text = "\n".join((tmp_path / f"{n}.md").read_text(encoding="utf-8") for n in ("topics", "depth", "drift", "compare"))
    terms = csv_rows(tmp_path / "topic_terms.csv")  # often none: a marker word needs 3 comments of its topic
    left_out = text.count("left out:") - text.count("left out: each ")  # compare's rule for groups aside
    assert left_out == (0 if terms else 1) and (terms or "topic_terms chart is left out" in text)
    for table in tmp_path.glob("*.csv"):
        assert (f"The table {table.name} is empty" in text) == (not csv_rows(table)), table.name


def _thread(site: str, texts: list[str]) -> ParsedThread:
    """A flat thread of ``site`` (no topics, no dates)."""
    return ParsedThread(Thread(thread_id="t", site=site),
                        rebuild([Comment(id=str(i), text=t, language="de") for i, t in enumerate(texts)]))


def test_no_topic_no_reply_and_no_clear_word_are_said(tmp_path):
    """Flat threads of two sites saying the same things: no reply, no topic, no word
    that sets a site apart."""
    same = ["Das ist doch immer so, oder nicht?", "Ja, schon mal gehört."] * 6
    a = analyse([_thread("a.de", same), _thread("b.de", same)], parts=("topics", "drift", "compare"))
    write_report(a, tmp_path, ("topics", "drift", "compare"))
    topics = (tmp_path / "topics.md").read_text(encoding="utf-8")
    assert ("The tables topic_terms.csv and topics_over_time.csv are empty and the topic_terms and "
            "topics_over_time charts are left out: no comment has a topic.") not in topics  # two reasons, two sentences
    assert ("The table topic_terms.csv is empty and the topic_cooccurrence and topic_terms charts are left out: no "
            "comment has a topic." in topics)
    assert "topics_over_time chart is left out: no comment has a date." in topics
    assert ("The tables drift_edges.csv, drift_changes.csv and drift_chains.csv are empty and the drift_by_depth "
            "chart is left out: no comment is a reply." in (tmp_path / "drift.md").read_text(encoding="utf-8"))
    # twelve short comments a site: no word could pass, so no "no word sets a site apart" is claimed
    assert ("The table compare_words.csv is empty: the sites have too few comments to tell words apart (no word of "
            "any site could be over-represented beyond chance, whatever its words: words_testable in "
            "compare_sites.csv)." in (tmp_path / "compare.md").read_text(encoding="utf-8"))
