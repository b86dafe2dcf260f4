"""analyse / write_report / compare: the report commands' tables and files, from Python."""

from __future__ import annotations

import comments
from conftest import RAW


def _files(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.suffix in (".csv", ".md", ".html")}


def test_write_report_gives_the_cli_report_files(tmp_path, raw_report):
    """(``raw_report``: the folder of ``comments report all data/raw``, made once per run.)"""
    corpus = comments.read(RAW, progress=False)
    comments.write_report(comments.analyse(corpus, progress=False), tmp_path / "api", progress=False)
    api, cli = _files(tmp_path / "api"), _files(raw_report)
    assert api.keys() == cli.keys() and len(api) > 10
    assert api == cli


def test_tables_are_dataframes_matching_the_written_csvs(tmp_path):
    import pandas as pd

    corpus = comments.read(RAW, progress=False)
    analysis = comments.analyse(corpus, parts=["depth"], progress=False)
    comments.write_report(analysis, tmp_path, parts=["depth"], progress=False)
    written = pd.read_csv(tmp_path / "depth_by_thread.csv")
    assert written["comments"].tolist() == analysis.depth_by_thread["comments"].tolist()
    assert int(analysis.depth_by_thread["comments"].sum()) == len(corpus.comments)


def test_an_explicit_taxonomy_reclassifies_classified_input(tmp_path):
    from conftest import ROOT

    classified = comments.classify(comments.read(RAW, progress=False), progress=False)
    default = comments.analyse(classified, parts=["topics"], progress=False)
    other = comments.analyse(classified, taxonomy=ROOT / "examples" / "tempolimit.toml", parts=["topics"],
                             progress=False)
    assert set(default.topic_shares_by_site["label"]) != set(other.topic_shares_by_site["label"])


def test_compare_by_thread_has_one_row_per_thread():
    corpus = comments.read(RAW, progress=False)
    result = comments.compare(corpus, by="thread", progress=False)
    assert len(result.compare_threads) == len(corpus.threads)


def _schema_kept(analysis) -> None:
    """Every table has its documented leading columns, and every column its dtype whatever its values."""
    from comments.analyses.analysis import FRAME_COLUMNS, column_dtype

    assert len(analysis.tables) == 22
    for name, frame in analysis.tables.items():
        lead = FRAME_COLUMNS[name]
        assert list(frame.columns[:len(lead)]) == lead, name
        assert {c: str(t) for c, t in frame.dtypes.items()} == {c: column_dtype(c) for c in frame.columns}, name


def test_tables_keep_their_columns_and_dtypes_whatever_the_rows():
    """An empty table was a 0×0 frame (``analysis.drift_changes["replies"]``: KeyError), and a
    float column was object holding None when every value was missing (compare_tests by
    site), Int64 when every value was whole (h_index, drift rates): the schema followed the
    data. html_comments has no subject change and too few sites for a test."""
    from conftest import corpus as shared

    analysis = comments.analyse(comments.read(shared("html_comments"), progress=False), progress=False)
    assert analysis.drift_changes.empty and analysis.drift_changes["replies"].dtype == "Int64"
    assert analysis.compare_tests["p_value"].isna().all() and analysis.compare_tests["p_value"].dtype == "Float64"
    _schema_kept(analysis)
    empty = comments.analyse(comments.read_text("", name="x.jsonl"), progress=False)
    assert empty.depth_by_site.empty and list(empty.depth_by_site.columns[:2]) == ["site", "threads"]
    _schema_kept(empty)


def test_one_part_named_as_a_str():
    """``analyse(c, parts="depth")`` was taken letter by letter: "unknown report part 'd'"."""
    import pytest

    corpus = comments.read(RAW, progress=False)
    one = comments.analyse(corpus, parts="depth", progress=False)
    assert one.parts == ["depth"] and one.depth_by_thread.equals(
        comments.analyse(corpus, parts=["depth"], progress=False).depth_by_thread)
    with pytest.raises(ValueError, match="unknown report part 'dept'"):
        comments.analyse(corpus, parts="dept", progress=False)
