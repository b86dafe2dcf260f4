"""Dataset folders (the Dask engine's Parquet output) are replaced whole or not at all,
and never over a folder someone else made."""

from __future__ import annotations

import pytest

from comments.io.atomic import DATASET_MARK, OutputError, replacing_folders


def test_folders_replace_earlier_output_together(tmp_path):
    comments, threads = tmp_path / "x.parquet", tmp_path / "x.threads.parquet"
    comments.write_text("a file output of the local engine")
    for run in ("first", "second"):
        with replacing_folders(comments, threads) as (a, b):
            (a / "part-00000.parquet").write_text(run)
            (b / "part-00000.parquet").write_text(run)
        assert (comments / "part-00000.parquet").read_text() == (threads / "part-00000.parquet").read_text() == run
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.parquet", "x.threads.parquet"]  # no temporaries left


def test_a_failed_run_leaves_the_previous_output(tmp_path):
    comments, threads = tmp_path / "x.parquet", tmp_path / "x.threads.parquet"
    with replacing_folders(comments, threads) as (a, b):
        (a / "part-00000.parquet").write_text("kept")
    with pytest.raises(RuntimeError), replacing_folders(comments, threads) as (a, b):
        (a / "part-00000.parquet").write_text("half")
        raise RuntimeError("a worker died")
    assert (comments / "part-00000.parquet").read_text() == "kept"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.parquet", "x.threads.parquet"]


def test_a_folder_we_did_not_write_is_refused(tmp_path):
    theirs = tmp_path / "x.parquet"
    theirs.mkdir()
    (theirs / "notes.txt").write_text("mine")
    with pytest.raises(OutputError, match=DATASET_MARK), replacing_folders(theirs, tmp_path / "x.threads.parquet"):
        pass
    assert (theirs / "notes.txt").read_text() == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.parquet"]
