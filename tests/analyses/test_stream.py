"""analyse_inputs: the tables of analyse() on the whole corpus, from threads read one at a time."""

from __future__ import annotations

import pytest

from comments.analyses.analysis import analyse
from comments.analyses.stream import Request, _Largest, analyse_inputs
from comments.api.learning import classify as classify_corpus
from comments.api.corpus import read as read_corpus
from comments.classification.classify import classify
from comments.classification.taxonomy import load
from comments.io import writers
from comments.model.records import Comment, ParsedThread, Thread
from conftest import FIXTURES, RAW, corpus, read, run


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    """Classified JSONL of data/raw and of real shared threads; the second unclassified too."""
    folder = tmp_path_factory.mktemp("stream")
    raw = read(RAW)
    classify(raw.threads)
    other = read(corpus("reddit"), corpus("staticman"), FIXTURES / "disqus_small.xml")
    writers.write(other.threads, str(folder / "plain.jsonl"), None)
    classify(other.threads)
    writers.write(raw.threads, str(folder / "raw.jsonl"), None)
    writers.write(other.threads, str(folder / "other.jsonl"), None)
    return {name: str(folder / f"{name}.jsonl") for name in ("raw", "other", "plain")}


def _whole(*inputs):
    """The tables as the reports made them before: the corpus read whole, classified by the rule."""
    c = classify_corpus(read_corpus(*inputs), keep_scores=False)
    return analyse(c.threads, taxonomy=load()), c


def _same(streamed, whole) -> None:
    assert list(streamed.rows) == list(whole.rows)
    for name in whole.rows:
        assert repr(list(streamed.rows[name])) == repr(list(whole.rows[name])), name  # NaN: by repr
    assert streamed.counts == whole.counts
    assert [pt.thread.thread_id for pt in streamed.largest] == [pt.thread.thread_id for pt in whole.largest]
    assert streamed.icicles == whole.icicles


@pytest.mark.parametrize("names", [("raw", "other"), ("other",), ("raw", "plain")])
def test_every_table_is_the_whole_corpus_analysis(files, names):
    inputs = [files[n] for n in names]
    streamed, result = analyse_inputs(Request(inputs), load(), max_threads=3)
    whole, c = _whole(*inputs)
    whole.largest = whole.largest[:3]
    whole.icicles = whole.icicles[:3]
    _same(streamed, whole)
    assert result.summary() == c.summary()


def test_a_failing_input_is_left_out_and_a_split_thread_reads_whole(files, tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text(open(files["other"], encoding="utf-8").read() + "{not json\n", encoding="utf-8")
    streamed, result = analyse_inputs(Request([files["raw"], str(bad)]), load())
    whole, c = _whole(files["raw"], str(bad))
    _same(streamed, whole)
    assert result.errors == c.problems and len(result.errors) == 1
    copy = tmp_path / "copy.jsonl"  # the same threads in a second input (the same file named twice is read once)
    copy.write_text(open(files["raw"], encoding="utf-8").read(), encoding="utf-8")
    assert analyse_inputs(Request([files["raw"], str(copy)]), load()) is None


def test_largest_threads_break_ties_by_site_then_thread():
    keep = _Largest(2)
    for site, tid, n in [("b", "1", 3), ("a", "2", 3), ("a", "1", 1), ("a", "3", 3), ("c", "0", 5), ("a", "0", 0)]:
        keep.offer(ParsedThread(Thread(thread_id=tid, site=site), [Comment(id=str(i), position=i) for i in range(n)]))
    assert [(pt.thread.site, pt.thread.thread_id) for pt in keep.threads()] == [("c", "0"), ("a", "2")]


def test_report_all_streams_and_writes_the_same_files(files, tmp_path):
    streamed = run("report", "all", files["raw"], files["other"], "--out", str(tmp_path / "s"), "-j", "1")
    whole = run("report", "all", "-", files["other"], "--out", str(tmp_path / "w"), "-j", "1",
                input=open(files["raw"], encoding="utf-8").read())  # stdin: read whole
    assert streamed.exit_code == whole.exit_code == 0, streamed.stderr
    made = sorted(p.name for p in (tmp_path / "s").iterdir())
    assert made == sorted(p.name for p in (tmp_path / "w").iterdir()) and "index.html" in made
    for name in made:
        if name.endswith((".csv", ".md", ".html")):
            assert (tmp_path / "s" / name).read_bytes() == (tmp_path / "w" / name).read_bytes(), name


def test_a_kept_large_thread_lists_in_the_page_as_the_whole_thread():
    from comments.model.tree import rebuild
    from comments.reporting import html_report
    from comments.analyses.stream import LISTED, LISTED_DEPTH, _slim

    assert (LISTED, LISTED_DEPTH) == (html_report.MAX_COMMENTS_SHOWN + 1, html_report.MAX_DEPTH_SHOWN)
    comments = [Comment(id=str(i), parent_id=None if i % 50 == 0 else str(i - 1), text=f"text {i} " * 3,
                        topics=["a"], topic_scores={"a": 0.5}) for i in range(4000)]
    rebuild(comments)
    pt = ParsedThread(Thread(thread_id="t", site="s"), comments)
    colours = {"a": "#000"}
    before = html_report.tree_items(pt, colours, 10**9)
    _slim(pt)
    assert html_report.tree_items(pt, colours, 10**9) == before
    assert sum(not c.text for c in pt.comments) > 900 and all(c.topic_scores is None for c in pt.comments)
