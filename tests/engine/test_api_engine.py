"""The Python API on Dask (``comments.read(..., engine="dask")``) gives the local API's
results: every analysis table (counts and labels exact, floats within 1e-9 relative),
the compare tables and files, the written records' bytes, problems and summaries."""

from __future__ import annotations

import json
import math
import sys

import pandas as pd
import pytest

import comments



def _same_frames(got: pd.DataFrame, want: pd.DataFrame, name: str) -> None:
    assert list(got.columns) == list(want.columns) and len(got) == len(want), name
    for column in want.columns:
        for a, b in zip(got[column].tolist(), want[column].tolist()):
            if isinstance(a, float) and isinstance(b, float):
                assert (math.isnan(a) and math.isnan(b)) or a == pytest.approx(b, rel=1e-9, abs=1e-12), (name, column)
            elif pd.isna(a) if not isinstance(a, (list, dict)) else False:
                assert pd.isna(b), (name, column)
            else:
                assert a == b, (name, column)


@pytest.fixture(scope="module")
def corpora(inputs, scheduler):
    return comments.read(inputs), comments.read(inputs, engine="dask", scheduler=scheduler)


def test_read_on_dask_is_lazy_and_loads_no_dask_in_the_driver_until_a_run(corpora):
    _, lazy = corpora
    assert isinstance(lazy, comments.DaskCorpus) and lazy.summary() == comments.DaskCorpus.UNREAD and lazy.problems == []


def test_analyse_gives_every_table_of_the_local_engine(corpora):
    local, lazy = corpora
    want, got = comments.analyse(local), comments.analyse(lazy)
    assert sorted(got.tables) == sorted(want.tables) and len(want.tables) == 22
    for name in want.tables:
        _same_frames(got.tables[name], want.tables[name], name)
    assert lazy.summary() == local.summary() and lazy.notes == local.notes


def test_the_corpus_a_classified_one_was_made_from_tells_its_run(inputs, scheduler):
    """``big.summary()`` after ``analyse(classify(big))`` said "not read yet": the run read big's inputs."""
    big = comments.read(inputs, engine="dask", scheduler=scheduler)
    comments.analyse(comments.classify(big), parts=("depth",))
    assert big.summary() == comments.read(inputs).summary() != comments.DaskCorpus.UNREAD


def test_classify_then_write_gives_the_local_bytes(corpora, tmp_path):
    local, lazy = corpora
    planned = comments.classify(lazy)
    assert planned.classified and not lazy.classified  # the input handle is untouched
    comments.classify(local).write(tmp_path / "local.jsonl")
    planned.write(tmp_path / "dask.jsonl")
    assert (tmp_path / "dask.jsonl").read_bytes() == (tmp_path / "local.jsonl").read_bytes()


def test_a_tone_model_with_reply_context_reads_the_parents_on_dask_too(scheduler, tmp_path):
    """A ``--model`` with reply-context columns (``tone_context``) classified in Dask's worker processes gives
    the local bytes: each reply read with its parent, an orphan and a top-level comment without one."""
    from conftest import context_model, write_rows

    context_model(tmp_path / "ctx")
    question = "Does the remote lock also apply to phones bought in the EU? I ordered mine from a shop in Spain."
    answer = "No. Phones activated with a German SIM are not affected, the statement says so explicitly."
    rows = [row for k in range(40) for row in (
        {"thread_id": f"t{k}", "id": "q", "parent_id": None, "text": f"{question} {k}"},
        {"thread_id": f"t{k}", "id": "a", "parent_id": "q", "text": f"{answer} {k}"},
        {"thread_id": f"t{k}", "id": "top", "parent_id": None, "text": f"{answer} {k}"},
        {"thread_id": f"t{k}", "id": "o", "parent_id": "gone", "text": f"{answer} {k}"})]
    path = write_rows(tmp_path / "replies.jsonl", rows)
    comments.classify(comments.read(path), model=tmp_path / "ctx").write(tmp_path / "local.jsonl")
    comments.classify(comments.read(path, engine="dask", scheduler=scheduler), model=tmp_path / "ctx").write(
        tmp_path / "dask.jsonl")
    assert (tmp_path / "dask.jsonl").read_bytes() == (tmp_path / "local.jsonl").read_bytes()
    tones = {(r["thread_id"], r["id"]): r["tone_scores"] for r in map(json.loads, (tmp_path / "dask.jsonl").open())
             if r["record"] == "comment"}
    for k in range(40):  # the answer read under its question; the orphan as the top-level comment
        answer, top, orphan = (tones[f"t{k}", i]["informative"] for i in ("a", "top", "o"))
        assert answer > top == orphan


def test_compare_by_thread_gives_the_local_tables_and_files(corpora, tmp_path):
    local, lazy = corpora
    want = comments.compare(local, by="thread", out=tmp_path / "local")
    got = comments.compare(lazy, by="thread", out=tmp_path / "dask")
    for name in want.tables:
        _same_frames(got.tables[name], want.tables[name], name)
    names = sorted(p.name for p in (tmp_path / "local").iterdir())
    assert names == sorted(p.name for p in (tmp_path / "dask").iterdir())
    assert (tmp_path / "dask" / "compare.md").read_bytes() == (tmp_path / "local" / "compare.md").read_bytes()


def test_a_classified_corpus_is_analysed_as_the_local_one(inputs, scheduler, tmp_path):
    """Classified input is not classified again (its labels are kept), on both engines."""
    comments.classify(comments.read(inputs)).write(tmp_path / "c.jsonl")
    records = [json.loads(line) for line in (tmp_path / "c.jsonl").read_text().splitlines()]
    for r in records:
        if r["record"] == "comment":
            r["topics"] = ["consumer_rights"]
    (tmp_path / "c.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    want = comments.analyse(comments.read(tmp_path / "c.jsonl"), parts=("topics",))
    got = comments.analyse(comments.read(tmp_path / "c.jsonl", engine="dask", scheduler=scheduler), parts=("topics",))
    for name in want.tables:
        _same_frames(got.tables[name], want.tables[name], name)
    shares = got.tables["topic_shares_by_site"]
    assert set(shares[shares.label == "consumer_rights"].share) == {1.0}


def test_frames_and_collect_are_the_local_apis(inputs, scheduler):
    """Docs: the results are the local API's. comments_df(), threads_df() and collect() gave
    the threads in bucket order (read back from a Parquet folder of one part per bucket):
    equal only after sorting. Now in input order, as ``comments.read`` gives them."""
    local = comments.read(inputs)
    lazy = comments.read(inputs, engine="dask", scheduler=scheduler, partition_size=50_000)  # several buckets
    assert lazy.comments_df().equals(local.comments_df()) and lazy.threads_df().equals(local.threads_df())
    collected = lazy.collect()
    assert [pt.thread.to_dict() for pt in collected] == [pt.thread.to_dict() for pt in local]
    assert [c.to_dict() for c in collected.comments] == [c.to_dict() for c in local.comments]


def test_problems_collect_and_errors_raise(inputs, scheduler, tmp_path):
    missing = tmp_path / "missing.jsonl"
    lazy = comments.read(inputs, missing, engine="dask", scheduler=scheduler)
    frame = lazy.comments_df()
    assert len(frame) == 3001 and lazy.problems == [f"{missing}: no such file"]
    assert lazy.summary() == comments.read(inputs, missing).summary()
    with pytest.raises(comments.ReadError, match="no such file"):
        comments.read(missing, engine="dask", scheduler=scheduler, errors="raise").write(tmp_path / "x.jsonl")


@pytest.mark.parametrize("call", [lambda: comments.read(sys.stdin, engine="dask"),
                                  lambda: comments.read("x", engine="dask", pseudonymize=True),
                                  lambda: comments.read("x", engine="spark"),
                                  lambda: comments.read("x", engine="dask", partition_size=0),
                                  lambda: comments.classify(comments.read("x", engine="dask"), adapt=True)])
def test_what_the_dask_api_cannot_do_is_said_before_any_work(call):
    with pytest.raises((TypeError, ValueError)):
        call()


def test_collect_keeps_the_lost_lines_of_the_run(tmp_path):
    """DaskCorpus.collect() built its Corpus without the run's lost lines: the summary said
    nothing of the 1,202 unreadable lines the local Corpus reports. Now both say the same."""
    distributed = pytest.importorskip("distributed")
    from conftest import broken_jsonl

    path = broken_jsonl(tmp_path / "export.jsonl", extra_bad=1200)
    local = comments.read(path)
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                  dashboard_address=":0") as cluster:  # any free port: no warning
        collected = comments.read(path, engine="dask", scheduler=cluster.scheduler_address).collect()
    assert local.result.lost_lines == collected.result.lost_lines == 1202
    assert collected.problems == local.problems and collected.summary() == local.summary()
    assert "1,202 unreadable lines left out" in collected.summary()
    assert [c.id for c in collected.comments] == [c.id for c in local.comments]


def test_a_spill_folder_that_cannot_be_used_is_named_before_any_work(tmp_path):
    """``spill="/missing/folder"`` was taken as it was; the run then raised FileNotFoundError
    naming an internal temporary name (``…/.comments-dask-spill.32681-1138cbc6.comments-tmp``).
    Now ``read`` says what is wrong with the folder the user gave, as a ValueError."""
    missing = tmp_path / "nospill"
    with pytest.raises(ValueError, match=f"^spill: {missing}: no such folder$"):
        comments.read(tmp_path, engine="dask", spill=missing)
    (tmp_path / "file").write_text("x")
    with pytest.raises(ValueError, match=f"^spill: {tmp_path / 'file'}: not a folder$"):
        comments.read(tmp_path, engine="dask", spill=str(tmp_path / "file"))
    with pytest.raises(TypeError, match="spill must be a folder"):
        comments.read(tmp_path, engine="dask", spill=3)
    assert comments.read(tmp_path, engine="dask", spill=tmp_path).summary() == comments.DaskCorpus.UNREAD


def test_a_spill_folder_gone_by_the_run_is_named_in_an_output_error(inputs, scheduler, tmp_path):
    """The folder removed between ``read`` and the run: an OutputError naming it (as every output
    the run cannot write), not a FileNotFoundError naming the temporary folder inside it."""
    from comments.io.atomic import OutputError

    spill = tmp_path / "spill"
    spill.mkdir()
    big = comments.read(inputs, engine="dask", scheduler=scheduler, spill=spill)
    spill.rmdir()
    with pytest.raises(OutputError) as caught:
        comments.analyse(big, parts="depth", progress=False)
    assert caught.value.path == str(spill) and "comments-tmp" not in str(caught.value)
    assert str(caught.value) == f"{spill}: cannot make the spill folder there (No such file or directory)"
