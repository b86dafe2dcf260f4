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


def test_a_previous_dataset_that_cannot_be_deleted_is_a_note_of_the_dask_run(tmp_path, monkeypatch):
    """``parse --engine dask -o x.parquet`` over an earlier run: the new folders are written,
    and an old one that cannot be deleted is a note naming where it is left (exit 0)."""
    from comments.io import atomic
    from conftest import SEED, run

    out = tmp_path / "x.parquet"
    first = run("parse", str(SEED), "-o", str(out), "--engine", "dask", "-j", "1")
    assert first.exit_code == 0, first.stderr

    real = atomic.shutil.rmtree

    def rmtree(path, *args, **kwargs):  # only the previous folders that stepped aside (Dask's own go)
        if atomic.Path(path).name.startswith(".x."):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(atomic.shutil, "rmtree", rmtree)
    again = run("parse", str(SEED), "-o", str(out), "--engine", "dask", "-j", "1")
    assert again.exit_code == 0, again.stderr
    notes = [line for line in again.stderr.splitlines() if "the previous output could not be removed" in line]
    assert len(notes) == 2 and all(line.startswith("note: ") and "Permission denied" in line for line in notes)
    assert len([p for p in tmp_path.iterdir() if p.name.startswith(".x.")]) == 2  # left where the notes say
