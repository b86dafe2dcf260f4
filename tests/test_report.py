"""Reports: the numbers in the tables, the files named in the README, safe HTML and CSV."""

from __future__ import annotations

import csv
import re

import pytest

from comments import report as reporting
from comments.classify import classify
from comments.compare import bootstrap_mean, mix_test
from comments.model import Comment, ParsedThread, Thread
from comments.taxonomy import load
from comments.topic_stats import log_odds
from comments.tree import rebuild
from conftest import FIXTURES, RAW, SEED, read, run

FILES = {
    "topics": ["topics.md", "topic_shares_by_site.csv", "topic_shares_by_thread.csv", "tone_shares_by_site.csv",
               "topic_tone.csv", "topic_cooccurrence.csv", "topic_terms.csv", "topics_over_time.csv",
               "topics_by_site.png", "topics_by_site.svg", "topic_tone.png", "topic_cooccurrence.png"],
    "depth": ["depth.md", "depth_by_thread.csv", "depth_by_site.csv", "depth_by_site.png", "subthread_sizes.svg",
              "tree_01.png"],
    "drift": ["drift.md", "drift_edges.csv", "drift_by_thread.csv", "drift_transitions.csv", "drift_chains.csv",
              "drift_transitions.png", "drift_by_depth.png", "drift_slope.png", "drift_along_thread.png"],
    "compare": ["compare.md", "compare_sites.csv", "compare_threads.csv", "compare_tests.csv", "compare_words.csv",
                "compare_topics.png", "compare_tone.svg", "compare_structure.png"],
}

EVIL = '<script>alert("x")</script><img src=x onerror="alert(1)"> =HYPERLINK("http://evil")'


def rows(path):
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """The seed thread plus two more sites, one comment carrying markup and a formula."""
    result = read(SEED, FIXTURES / "wxr_small.xml", FIXTURES / "disqus_small.xml")
    result.threads[0].comments[0].text = EVIL + " " + result.threads[0].comments[0].text
    classify(result.threads)
    out = tmp_path_factory.mktemp("report")
    reporting.run(result.threads, load(), out, "all")
    return result, out


def test_every_documented_file_is_written(corpus):
    _, out = corpus
    for names in FILES.values():
        for name in names:
            assert (out / name).is_file(), name
    assert (out / "index.html").is_file()


def test_depth_table_numbers(corpus):
    _, out = corpus
    seed = [r for r in rows(out / "depth_by_thread.csv") if r["site"] == "stadt-bremerhaven.de"][0]
    assert (seed["comments"], seed["top_level"], seed["max_depth"], seed["h_index"]) == ("25", "10", "2", "3")
    assert (seed["depth_0"], seed["depth_1"], seed["depth_2"]) == ("10", "9", "6")
    sites = {r["site"]: r for r in rows(out / "depth_by_site.csv")}
    assert set(sites) == {"stadt-bremerhaven.de", "technikblog.example.de", "newsportal.example.com"}
    assert sites["technikblog.example.de"]["comments"] == "5"


def test_topic_tables_add_up(corpus):
    result, out = corpus
    shares = rows(out / "topic_shares_by_site.csv")
    seed = {r["label"]: int(r["comments"]) for r in shares if r["group"] == "stadt-bremerhaven.de"}
    expected = {t: sum(t in c.topics for c in result.threads[0].comments) for t in load().ids}
    expected["none"] = sum(not c.topics for c in result.threads[0].comments)
    assert seed == expected
    cooc = {(r["topic_a"], r["topic_b"]): int(r["comments"]) for r in rows(out / "topic_cooccurrence.csv")}
    all_comments = [c for pt in result.threads for c in pt.comments]
    assert cooc[("geopolitics", "geopolitics")] == sum("geopolitics" in c.topics for c in all_comments)
    assert "The most discussed topic is" in (out / "topics.md").read_text()


def test_compare_tests_sites(corpus):
    _, out = corpus
    tests = {r["field"]: r for r in rows(out / "compare_tests.csv")}
    assert tests["topics"]["sites"] == "3" and float(tests["topics"]["cramers_v"]) > 0
    assert "Cramér's V" in (out / "compare.md").read_text()


def test_drift_report_names_the_crimea_chain(corpus):
    _, out = corpus
    text = (out / "drift.md").read_text()
    assert "Wieso eigentlich die Krim?" in text and "nato" in text.lower()


def test_untrusted_text_is_escaped_in_html_and_neutralised_in_csv(corpus):
    _, out = corpus
    page = (out / "index.html").read_text()
    assert "<script" not in page.replace("&lt;script", "")
    assert "onerror=" not in page.replace('onerror=&quot;', "")
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert page.count("<details") == page.count("</details>")
    edges = (out / "drift_chains.csv").read_text()
    assert not re.search(r'(^|,)[=+@]', edges, re.M)


def test_mix_test_with_one_site_says_so():
    result = read(SEED)
    classify(result.threads)
    t = mix_test(result.threads, "topics", load().ids)
    assert t.chi2 is None and "fewer than two sites" in t.note


def test_cramers_v_and_log_odds_by_hand():
    def site(name, topic, n):
        comments = [Comment(id=str(i), text="x", topics=[topic]) for i in range(n)]
        return ParsedThread(Thread(thread_id=name, site=name), rebuild(comments))

    t = mix_test([site("a", "x", 10), site("b", "y", 10)], "topics", ["x", "y"])
    assert t.chi2 == pytest.approx(20.0) and t.cramers_v == pytest.approx(1.0) and t.dof == 1
    from collections import Counter

    scores = dict(log_odds(Counter({"krim": 10, "und": 50}), Counter({"rom": 10, "und": 50})))
    assert scores["krim"] > 0 > scores["rom"] and abs(scores["und"]) < 1


def test_bootstrap_interval_is_reproducible():
    values = [float(v) for v in range(20)]
    mean, low, high = bootstrap_mean(values)
    assert mean == pytest.approx(9.5) and low < mean < high
    assert bootstrap_mean(values) == (mean, low, high)


@pytest.mark.parametrize("command", [("report", "topics"), ("report", "depth"), ("report", "drift"), ("compare",)])
def test_report_commands(tmp_path, command):
    result = run(*command, str(RAW), "--out", str(tmp_path), "-j", "1")
    assert result.exit_code == 0, result.output
    key = command[-1]
    for name in FILES[key][:3]:
        assert (tmp_path / name).is_file()


def test_report_all_command_on_data_raw(tmp_path):
    result = run("report", "all", str(RAW), "--out", str(tmp_path), "-j", "1")
    assert result.exit_code == 0, result.output
    page = (tmp_path / "index.html").read_text()
    assert "Reply trees of the largest threads" in page and "Quelle?" in page
    assert "fewer than two sites have comments" in (tmp_path / "compare.md").read_text()


def test_reports_are_byte_for_byte_reproducible(tmp_path):
    for name in ("a", "b"):
        assert run("report", "all", str(SEED), "--out", str(tmp_path / name), "-j", "1").exit_code == 0
    files = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert files == sorted(p.name for p in (tmp_path / "b").iterdir())
    for name in files:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
