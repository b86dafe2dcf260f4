"""Report sentences that say what their tables count (claims22 F1–F4): compare's left-out rule names every kind
of record it does not count and accounts for every thread of the input; depth.md says a site's h-index and
structural virality are means per thread; "Dated comments" says which records it leaves out."""

from __future__ import annotations

import pytest

from comments.analyses.sentences import apart_kinds
from comments.analyses.topic_stats import SET_APART, topic_labels
from conftest import corpus, csv_rows, made_once, read, run, write_rows


def _out(tmp_path_factory, name: str, *args: str):
    def make(out):
        result = run(*args, "--out", str(out), "-q", "-j", "1")
        assert result.exit_code == 0, result.output
    return made_once(tmp_path_factory, name, make)


@pytest.fixture(scope="module")
def wordpress(tmp_path_factory):
    """The two WXR exports: 82 threads, 73 without a comment, one holding only a pending comment, and the
    20-comment theme-test thread with one pending comment (so 19 counted: left out)."""
    path = corpus("wordpress")
    return (read(path).threads, _out(tmp_path_factory, "fix22e_wp_thread", "compare", str(path), "--by", "thread"),
            _out(tmp_path_factory, "fix22e_wp_all", "report", "all", str(path)))


def _kinds(threads) -> set[str]:
    return {x for pt in threads for c in pt.comments for x in topic_labels(c) if x in SET_APART}


def test_the_left_out_rule_names_every_kind_it_does_not_count_and_every_thread(wordpress):
    threads, out, _ = wordpress
    kinds = _kinds(threads)
    assert {"pingback", "unpublished"} <= kinds and "deleted" not in kinds
    counted = {pt.thread.thread_id: sum(not set(topic_labels(c)) & set(SET_APART) for c in pt.comments)
               for pt in threads}
    empty = sum(not pt.comments for pt in threads)
    only_apart = sum(bool(pt.comments) and not counted[pt.thread.thread_id] for pt in threads)
    assert (len(threads), empty, only_apart) == (82, 73, 1)
    # the theme-test thread: 20 comments, one pending, so 19 counted and below the limit of 20
    assert any(len(pt.comments) == 20 and counted[pt.thread.thread_id] == 19 for pt in threads)
    note = ("82 of 82 threads left out: each thread needs at least 20 comments (pingbacks and unpublished comments "
            "not counted); 73 of them hold no comment at all, 1 only unpublished comments")
    assert all(r["note"].startswith(note) for r in csv_rows(out / "compare_tests.csv"))
    summary = (out / "compare.md").read_text(encoding="utf-8")
    assert f"Topic mix: no test, {note}." in summary and "deleted comments not counted" not in summary
    assert len(csv_rows(out / "compare_threads.csv")) == 82  # the header's and the note's total


def test_threads_of_only_deleted_comments_are_accounted_for(tmp_path):
    """Two threads compared, one of 5 comments below the limit, one whose comments were all deleted (as Der
    Standard's removed posts): compared + left out = every thread of the input."""
    said = ["I think the rent cap will not help tenants in the long run.", "Why does the city not build more?",
            "Das sehe ich anders, die Mieten steigen trotzdem.", "Great points, thanks for writing this up.",
            "The numbers in the article are from 2019, hardly current."]
    rows = []
    for thread, n in (("a", 24), ("b", 22), ("c", 5)):
        rows += [{"id": f"{thread}{i}", "thread_id": thread, "site": "example.org", "author": f"user{i % 7}",
                  "text": f"{said[i % 5]} ({i})", "created_at": f"2024-03-{1 + i % 20:02d}T10:00:00Z"}
                 for i in range(n)]
    rows += [{"id": f"d{i}", "thread_id": "d", "site": "example.org", "author": "[deleted]", "text": "[deleted]",
              "created_at": "2024-03-02T10:00:00Z"} for i in range(3)]
    path = write_rows(tmp_path / "comments.jsonl", rows)
    result = run("compare", str(path), "--by", "thread", "--out", str(tmp_path / "out"), "-q", "-j", "1")
    assert result.exit_code == 0, result.output
    tests = csv_rows(tmp_path / "out" / "compare_tests.csv")
    assert {r["groups"] for r in tests if r["p_value"]} == {"2"}
    assert all(r["note"].startswith("2 of 4 threads left out: each thread needs at least 20 comments (deleted "
                                    "comments not counted); 1 of them holds only deleted comments") for r in tests)
    summary = (tmp_path / "out" / "compare.md").read_text(encoding="utf-8")
    assert "4 threads" in summary.splitlines()[2] and "between the 2 threads compared (2 of 4 threads left out" in summary


def test_apart_kinds_names_each_label_of_the_one_list():
    assert apart_kinds(SET_APART) == "pingbacks, editorial notes, deleted and unpublished comments"
    assert apart_kinds(["deleted"]) == "deleted comments" and apart_kinds(["pingback"]) == "pingbacks"
    assert apart_kinds([]) == ""


def test_site_h_index_and_virality_are_said_to_be_means_per_thread(wordpress):
    _, _, out = wordpress
    rows = [r for r in csv_rows(out / "depth_by_thread.csv") if r["site"] == "wpthemetestdata.wordpress.com"
            and int(r["comments"])]
    site = next(r for r in csv_rows(out / "depth_by_site.csv") if r["site"] == "wpthemetestdata.wordpress.com")
    top = max(rows, key=lambda r: int(r["comments"]))
    assert float(site["structural_virality"]) == pytest.approx(
        sum(float(r["structural_virality"]) for r in rows) / len(rows), abs=1e-3)
    said = (f"mean per thread over its {len(rows)} threads with comments: h-index 1, structural virality "
            f"{float(site['structural_virality']):.2f} (its largest thread, {top['thread_id']} with {top['comments']} "
            f"comments: h-index {top['h_index']}, structural virality {float(top['structural_virality']):.2f})")
    assert said in (out / "depth.md").read_text(encoding="utf-8")
    assert float(top["structural_virality"]) > float(site["structural_virality"])  # why the mean must say so


def test_dated_comments_say_which_records_they_leave_out(wordpress):
    threads, _, out = wordpress
    periods = {r["period"] for r in csv_rows(out / "topics_over_time.csv")}
    counted = {c.created_at[:7] for pt in threads for c in pt.comments
               if c.created_at and not set(topic_labels(c)) & set(SET_APART)}
    every = {c.created_at[:7] for pt in threads for c in pt.comments if c.created_at}
    assert periods == counted and every > counted  # months holding only pingbacks or pending comments
    said = f"Dated comments (not counting pingbacks and unpublished comments) fall in {len(counted)} months"
    assert said in (out / "topics.md").read_text(encoding="utf-8")
