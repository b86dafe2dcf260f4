"""analyse(): one typed DataFrame per report table, reduced from per-thread partials in any order."""

from __future__ import annotations

import csv
import random

import pytest

from comments.analyses.analysis import TABLES, analyse, combine, partial, wanted_parts
from comments.classification.classify import classify
from comments.classification.taxonomy import load
from comments.text.tokens import Stems
from conftest import FIXTURES, SEED, read


@pytest.fixture(scope="module")
def threads():
    result = read(SEED, FIXTURES / "wxr_small.xml", FIXTURES / "disqus_small.xml", FIXTURES / "hn_official.json")
    classify(result.threads)
    return result.threads


@pytest.fixture(scope="module")
def analysis(threads):
    return analyse(threads, taxonomy=load())


def test_every_table_is_documented_and_a_typed_dataframe(analysis):
    assert set(analysis.rows) == set(TABLES)
    frames = analysis.tables
    sites = frames["depth_by_site"]
    assert list(sites["site"]) == sorted(sites["site"])
    assert str(sites["comments"].dtype) == "Int64" and str(sites["mean_depth"].dtype) == "Float64"
    assert analysis.depth_by_site is frames["depth_by_site"]  # tables are attributes too
    assert int(sites["comments"].sum()) == analysis.counts["comments"] == sum(
        int(r["comments"]) for r in analysis.rows["depth_by_thread"])
    shares = frames["topic_shares_by_site"]
    assert set(shares.columns) == {"group", "label", "comments", "of", "share"}


def test_combining_partials_in_any_order_gives_the_same_tables(threads, analysis):
    """What a distributed engine does: partials computed anywhere, combined in any order."""
    taxonomy = load()
    stems = Stems()
    partials = [partial(pt, taxonomy, ("all",), stems) for pt in threads]
    random.Random(3).shuffle(partials)
    again = combine(partials, taxonomy, ("all",), "site", stems.surface)
    for name in TABLES:
        assert again.rows[name] == analysis.rows[name], name


def test_parts_compute_only_what_they_need(threads):
    depth = analyse(threads, taxonomy=load(), parts=("depth",))
    assert "depth_by_site" in depth.rows and "drift_edges" not in depth.rows and "topic_tone" not in depth.rows
    assert depth.rows["topic_coverage"]  # every report part says whether the taxonomy fits
    with pytest.raises(ValueError, match="unknown report part"):
        wanted_parts(["depth", "shape"])
    with pytest.raises(ValueError, match="site or thread"):
        analyse(threads, by="author")


def test_the_written_csvs_are_the_analysis_tables(threads, analysis, tmp_path):
    from comments.reporting import write_report

    report = write_report(analysis, tmp_path)
    for name in ("depth_by_thread", "topic_tone", "drift_edges", "compare_tests"):
        with (tmp_path / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        assert len(rows) == len(analysis.tables[name]), name
        assert list(rows[0]) == list(analysis.tables[name].columns), name
    assert [s.name for s in report.sections] == ["topics", "depth", "drift", "compare"]


def test_by_thread_comparison_has_intervals_per_thread(threads):
    a = analyse(threads, taxonomy=load(), parts=("compare",), by="thread")
    rows = {r["thread_id"]: r for r in a.rows["compare_threads"]}
    seed = rows["stadt-bremerhaven.de__xiaomi-kuba-syrien"]
    assert seed["mean_depth_ci_low"] is not None and seed["mean_depth_ci_low"] <= seed["mean_depth"]
    assert {r["by"] for r in a.rows["compare_tests"]} == {"thread"}


@pytest.mark.parametrize("suffix", [".jsonl", ".csv", ".parquet"])
def test_a_mismatch_in_classify_output_of_a_page_names_the_file_given_not_the_page(tmp_path, suffix):
    """``classify --taxonomy`` output of a real HTML page reported with the default taxonomy: the error line named
    the page (the threads' ``source``, kept through classify) as if the user had given it. Now the file given on the
    command line comes first, the thread and the page it was parsed from follow as context; the same whichever way
    report reads it (one thread at a time, workers reading byte ranges, the whole corpus, stdin, the API)."""
    import comments
    from conftest import ROOT, corpus, run

    from comments.analyses.analysis import TaxonomyMismatch

    page = corpus("html_comments/grossefragen.wordpress.com__projekt.html")
    out = tmp_path / f"projekt{suffix}"
    tempolimit = str(ROOT / "examples" / "tempolimit.toml")
    assert run("classify", str(page), "--taxonomy", tempolimit, "-o", str(out), "-q").exit_code == 0
    tail = (f"thread {comments.read(out).threads[0].thread.thread_id}, parsed from {page}: classified with topics the "
            "taxonomy 'xiaomi-remote-lock' does not have (safety): give the taxonomy it was classified with "
            "(--taxonomy FILE; taxonomy= in Python)")
    for options in ([], ["-j", "2"], ["--pseudonymize", "--salt", "s"]):
        result = run("report", "all", str(out), "-o", str(tmp_path / "r"), "-q", *options)
        assert (result.exit_code, result.stderr) == (1, f"error: {out}: {tail}\n"), options
        assert not (tmp_path / "r").exists()
    if suffix == ".jsonl":
        piped = run("report", "all", "-", "-o", str(tmp_path / "r"), "-q", input=out.read_text(encoding="utf-8"))
        assert piped.stderr == f"error: <stdin>: {tail}\n"
    with pytest.raises(TaxonomyMismatch) as caught:
        comments.analyse(comments.read(out))
    assert str(caught.value) == f"{out}: {tail}"
