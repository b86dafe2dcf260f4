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
    # the site rows have every other column of the thread rows (depth histogram aside, and what
    # the input holds of each thread's stated count)
    assert {k for r in a.rows["depth_by_thread"] for k in r if not k.startswith("depth_")} - {
        "thread_id", "stated_count", "not_loaded"} == \
        {k for r in a.rows["depth_by_site"] for k in r if not k.startswith("depth_")}


def test_every_row_counts_every_depth_empty_threads_included(raw_report):
    """depth_by_thread.csv had blank depth_N cells for threads without comments (and past a
    thread's own deepest reply): they are counts, so 0, and each row's counts add up."""
    from conftest import csv_rows

    result = read(RAW, FIXTURES / "reddit_thread.json", FIXTURES / "disqus_small.xml")
    classify(result.threads)
    a = analyse(result.threads, parts=("depth", "compare"))
    deepest = max(c.depth for pt in result.threads for c in pt.comments)
    tables = {name: a.rows[name] for name in ("depth_by_thread", "depth_by_site", "compare_sites", "compare_threads")}
    tables["depth_by_thread.csv"] = csv_rows(raw_report / "depth_by_thread.csv")
    assert any(not int(r["comments"]) for r in tables["depth_by_thread"])  # the seed folder's empty threads
    for name, rows in tables.items():
        last = deepest if not name.endswith(".csv") else max(int(r["max_depth"]) for r in rows)
        for r in rows:
            counts = [r[f"depth_{d}"] for d in range(last + 1)]
            assert "" not in counts and None not in counts, (name, r["site"])
            assert sum(map(int, counts)) == int(r["comments"]) and f"depth_{last + 1}" not in r, name


def test_a_site_without_comments_has_empty_cells_not_zeros(raw_report):
    """The seed's cubaheute.de has one thread and no comments: its rows showed share 0.0
    (0 of 0) and leaf_share, h-index and structural virality 0.0, which read as measured.
    They are empty cells now (as compare_sites.csv's shares are); counts stay 0."""
    from conftest import csv_rows

    from comments.analyses.depth import RATIOS

    depth = {r["site"]: r for r in csv_rows(raw_report / "depth_by_site.csv")}
    empty = [site for site, r in depth.items() if r["comments"] == "0"]
    assert "cubaheute.de" in empty
    for site in empty:
        assert all(depth[site][k] == "" for k in RATIOS) and depth[site]["max_depth"] == "0", site
    for name in ("topic_shares_by_site", "tone_shares_by_site"):
        rows = [r for r in csv_rows(raw_report / f"{name}.csv") if r["group"] in empty]
        assert rows and all(r["share"] == "" and r["comments"] == r["of"] == "0" for r in rows), name
        assert all(r["share"] != "" for r in csv_rows(raw_report / f"{name}.csv") if r["of"] != "0"), name
    assert all(v != "" for site, r in depth.items() if site not in empty for v in r.values())
