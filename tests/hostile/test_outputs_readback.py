"""Our files are checked when read back; NaN/Inf are never written; NUL and every other
scalar value round-trip; lone surrogates become U+FFFD, flagged; third-party CSVs keep
their leading apostrophes; ragged rows are reported."""

from __future__ import annotations

import json
import math

import pyarrow.parquet as pq
import pytest

from comments.io import writers
from comments.model.records import Comment, ParsedThread, Thread
from comments.io.pipeline import read_inputs
from comments.model.tree import rebuild
from conftest import SEED, read, run

FORMATS = ["out.jsonl", "out.csv", "out.parquet"]


def _thread(texts: list[str], thread_id: str = "t1", **comment_fields) -> ParsedThread:
    comments = [Comment(id=str(i), text=t, site="s.org", thread_id=thread_id, **comment_fields)
                for i, t in enumerate(texts)]
    return ParsedThread(Thread(thread_id=thread_id, site="s.org", comment_count=len(texts), format="jsonl",
                               source="gen"), rebuild(comments))


def _truncate(path, keep: int) -> None:
    """Keep the thread records and the first ``keep`` comments, as an interrupted copy would."""
    if path.suffix == ".jsonl":
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        path.write_text("".join(lines[: 1 + keep]), encoding="utf-8")
    elif path.suffix == ".csv":
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        path.write_text("".join(lines[: 1 + keep]), encoding="utf-8")
    else:
        pq.write_table(pq.read_table(path).slice(0, keep), path)


@pytest.mark.parametrize("name", FORMATS)
def test_truncated_file_of_ours_gets_a_note_naming_file_and_counts(tmp_path, name):
    out = tmp_path / name
    writers.write([_thread([f"comment {i}" for i in range(300)])], str(out), None)
    result = run("parse", str(out))
    assert result.exit_code == 0 and "note:" not in result.stderr  # whole: no note
    _truncate(out, 120)
    result = run("parse", str(out))
    assert result.exit_code == 0
    notes = [line for line in result.stderr.splitlines() if line.startswith("note:")]
    assert len(notes) == 1, result.stderr
    assert str(out) in notes[0] and "thread t1 says 300 comments, 120 present" in notes[0]


@pytest.mark.parametrize("name", [*FORMATS, "out.convokit"])
def test_non_finite_numbers_are_written_as_null_and_flagged(tmp_path, name):
    pt = _thread(["a", "b"])
    for c in pt.comments:
        c.language, c.topics, c.tone, c.polarity = "en", [], [], float("nan")
        c.topic_scores, c.tone_scores = {"x": float("inf")}, {"critical": 0.5}
    out = tmp_path / name
    writers.write([pt], str(out), None)
    if name.endswith(".jsonl"):
        assert "NaN" not in out.read_text(encoding="utf-8") and "Infinity" not in out.read_text(encoding="utf-8")
    back = read(out)
    assert [c.polarity for c in back.comments] == [None, None]
    assert all(c.topic_scores == {"x": None} and "non_finite" in c.flags for c in back.comments)


def test_model_with_nan_thresholds_is_refused_not_written_as_nan(tmp_path):
    from comments.classification.learn import TextModel
    from test_outputs_models import tiny_model

    model = tiny_model()
    model.thresholds[0] = float("nan")
    with pytest.raises(ValueError, match="thresholds holds NaN"):
        model.save(tmp_path / "m")  # never saved …
    good = tiny_model()
    good.save(tmp_path / "m")
    import numpy as np

    weights = tmp_path / "m" / "weights.npz"
    arrays = dict(np.load(weights))
    arrays["thresholds"] = np.full_like(arrays["thresholds"], np.nan)
    np.savez(weights, **arrays)
    with pytest.raises(ValueError, match="thresholds holds NaN"):  # … nor loaded
        TextModel.load(tmp_path / "m")
    result = run("classify", str(SEED), "--model", str(tmp_path / "m"))
    assert result.exit_code == 2 and "thresholds holds NaN" in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("name", [*FORMATS, "out.convokit"])
def test_every_control_character_and_nul_round_trips(tmp_path, name):
    texts = ["nul\x00here", "".join(map(chr, range(32))) + "\x7f\x80\x9f", "'\"quoted\"", "'=x", "\x00=1",
             "bell\x07 esc\x1b[31m red", "\ufeffbom \uffff \U0010ffff"]
    data = [_thread(texts)]
    data[0].comments[0].author = "a\x00b"
    data[0].thread.title = "t\x00\x1b"
    out = tmp_path / name
    writers.write(data, str(out), None)
    back = read_inputs([str(out)])
    assert not back.errors and not back.notes, (back.errors, back.notes)
    assert [c.text for c in back.comments] == texts
    assert back.comments[0].author == "a\x00b" and back.threads[0].thread.title == "t\x00\x1b"


@pytest.mark.parametrize("name", [*FORMATS, "out.convokit"])
def test_lone_surrogates_become_replacement_characters_flagged(tmp_path, name):
    data = [_thread(["ok", "bad \ud800 half", "\udfff"])]
    data[0].comments[1].author = "x\udc80"
    out = tmp_path / name
    writers.write(data, str(out), None)
    back = read(out)
    assert [c.text for c in back.comments] == ["ok", "bad \ufffd half", "\ufffd"]
    assert back.comments[1].author == "x\ufffd"
    assert [("replaced_surrogate" in c.flags) for c in back.comments] == [False, True, True]


def test_apostrophe_is_removed_only_from_our_own_csv(tmp_path):
    third = tmp_path / "export.csv"
    third.write_text("id,parent_id,text\n1,,'=SUM(A1)\n2,1,'-minus\n", encoding="utf-8")
    assert [c.text for c in read(third).comments] == ["'=SUM(A1)", "'-minus"]

    ours = tmp_path / "out.csv"
    writers.write([_thread(["=SUM(A1)", "-minus"])], str(ours), None)
    assert "'=SUM(A1)" in ours.read_text(encoding="utf-8")
    assert [c.text for c in read(ours).comments] == ["=SUM(A1)", "-minus"]

    writers.sibling(ours).unlink()  # without the sibling threads file it is not recognisably ours
    assert [c.text for c in read(ours).comments] == ["'=SUM(A1)", "'-minus"]

    writers.write([_thread(["=SUM(A1)"])], str(ours), None)
    lines = ours.read_text(encoding="utf-8").splitlines()
    ours.write_text("\n".join([lines[0] + ",extra"] + [line + "," for line in lines[1:]]) + "\n", encoding="utf-8")
    assert [c.text for c in read(ours).comments] == ["'=SUM(A1)"]  # another header: a third-party table


def test_ragged_rows_are_reported_with_line_numbers(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text("id,parent_id,text\n1,,fine\n2,1,too,many,cells\n3,1\n4,,fine\n", encoding="utf-8")
    result = read_inputs([str(path)])
    assert [c.text for c in result.comments] == ["fine", "too,many,cells", "", "fine"]
    assert result.comments[1].flags == ["joined_cells"]
    (long,) = [n for n in result.notes if "more cells than the header" in n]
    (short,) = [n for n in result.notes if "fewer cells than the header" in n]
    assert str(path) in long and "1 row" in long and "(lines 3)" in long
    assert str(path) in short and "1 row" in short and "(lines 4)" in short
    cli = run("parse", str(path))
    assert cli.exit_code == 0 and "note: " in cli.stderr and "(lines 3)" in cli.stderr and "1 joined_cells" in cli.stderr


def test_cleaning_keeps_finite_values(tmp_path):
    row = writers.clean({"record": "comment", "flags": [], "polarity": -0.5, "topic_scores": {"a": 1.0}})
    assert row == {"record": "comment", "flags": [], "polarity": -0.5, "topic_scores": {"a": 1.0}}
    assert math.isfinite(row["polarity"])
    assert json.dumps(writers.clean({"record": "thread", "x": float("-inf")}), allow_nan=False) == '{"record": "thread", "x": null}'


def test_training_texts_keep_their_leading_apostrophe(tmp_path):
    from comments.classification.training_data import read_training_csv

    path = tmp_path / "train.csv"
    path.write_text("text,hostile\n" + "'=so what,1\nplain,0\n" * 5, encoding="utf-8")
    texts, labels = read_training_csv(str(path), "text", [])
    assert texts == ["'=so what", "plain"] * 5 and labels["hostile"].tolist() == [1, 0] * 5
