"""Per-site tables (depth_by_site, compare_sites) carry no thread_id column: it would
always be empty there; the per-thread tables keep it."""

from __future__ import annotations

from comments.analyses.analysis import analyse
from comments.classification.classify import classify
from conftest import FIXTURES, RAW, read


def test_site_tables_have_no_thread_id_and_thread_tables_keep_it():
    result = read(RAW, FIXTURES / "reddit_thread.json", FIXTURES / "disqus_small.xml")
    classify(result.threads)
    a = analyse(result.threads, parts=("depth", "compare"))
    for site_table, thread_table in (("depth_by_site", "depth_by_thread"), ("compare_sites", "compare_threads")):
        site_rows, thread_rows = a.rows[site_table], a.rows[thread_table]
        assert len(site_rows) == len({pt.thread.site for pt in result.threads}) > 1
        assert all("thread_id" not in r for r in site_rows), site_table
        assert all(r["thread_id"] for r in thread_rows), thread_table
        assert "thread_id" not in getattr(a, site_table).columns  # the API's DataFrame too
    # the site rows have every other column of the thread rows (depth histogram aside)
    assert {k for r in a.rows["depth_by_thread"] for k in r if not k.startswith("depth_")} - {"thread_id"} == \
        {k for r in a.rows["depth_by_site"] for k in r if not k.startswith("depth_")}
