"""Corpus.comments_df / threads_df: one row per record, SPEC columns in SPEC order, typed."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pandas as pd
import pytest
from hypothesis import given, strategies as st

import comments
from comments.api.frames import parse_date
from comments.model.records import CLASSIFICATION_FIELDS, COMMENT_FIELDS, THREAD_FIELDS
from conftest import FIXTURES, RAW


def test_comments_df_one_typed_row_per_comment():
    corpus = comments.read(RAW, FIXTURES / "reddit_thread.json")
    df = corpus.comments_df()
    assert list(df.columns) == list(COMMENT_FIELDS) and len(df) == len(corpus.comments)
    assert str(df["depth"].dtype) == "Int64" and str(df["position"].dtype) == "Int64"
    assert isinstance(df["created_at"].dtype, pd.DatetimeTZDtype) and str(df["created_at"].dt.tz) == "UTC"
    assert all(isinstance(v, list) for v in df["flags"]) and all(isinstance(v, dict) for v in df["meta"])
    # every timestamp a record holds is in the frame (none lost to NaT)
    stamps = [c.created_at for pt in corpus.threads for c in sorted(pt.comments, key=lambda c: c.position)]
    assert df["created_at"].notna().tolist() == [s is not None for s in stamps] and any(stamps)
    assert df["depth"].max() > 0
    text = corpus.comments_df(dates="text")
    assert text["created_at"].tolist() == [s if s is not None else pd.NA for s in stamps]


def test_rows_own_their_lists():
    corpus = comments.classify(comments.read(RAW))
    df = corpus.comments_df()
    assert list(df.columns) == list(COMMENT_FIELDS) + list(CLASSIFICATION_FIELDS)
    assert str(df["polarity"].dtype) == "Float64"
    df.loc[0, "topics"].append("edited")
    assert "edited" not in corpus.comments_df().loc[0, "topics"]


def test_threads_df():
    corpus = comments.read(RAW)
    df = corpus.threads_df()
    assert list(df.columns) == list(THREAD_FIELDS) and len(df) == 5
    assert df["comment_count"].tolist() == [len(pt.comments) for pt in corpus.threads]
    assert str(df["declared_count"].dtype) == "Int64" and df["site"].tolist() == [pt.thread.site for pt in corpus]
    with pytest.raises(ValueError):
        corpus.threads_df(dates="epoch")


def test_parse_date_partial_naive_and_offsets():
    assert parse_date("2021-09") == datetime(2021, 9, 1, tzinfo=timezone.utc)
    assert parse_date("2021") == datetime(2021, 1, 1, tzinfo=timezone.utc)
    assert parse_date("2021-09-05T10:00:00+02:00") == datetime(2021, 9, 5, 8, tzinfo=timezone.utc)
    assert parse_date("2021-09-05T10:00:00Z") == datetime(2021, 9, 5, 10, tzinfo=timezone.utc)
    assert parse_date(None) is None
    with pytest.raises(ValueError, match="dates='text'"):
        parse_date("gestern")


@given(st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2100, 1, 1),
                    timezones=st.sampled_from([timezone.utc, timezone(timedelta(hours=2)),
                                               timezone(timedelta(hours=-5, minutes=-30))])))
def test_parse_date_keeps_the_instant(moment):
    assert parse_date(moment.isoformat()) == moment


# --- Frames back to a corpus (Corpus.from_frames) -------------------------------------


def _records(corpus):
    return [c.to_dict() for c in corpus.comments], [pt.thread.to_dict() for pt in corpus.threads]


def test_frames_of_a_classified_corpus_come_back_as_the_same_records():
    """comments_df()/threads_df() → from_frames gives the records again (dates as the UTC
    text the datetimes mean; data/raw's dates have no offset), classification included."""
    corpus = comments.classify(comments.read(RAW))
    back = comments.Corpus.from_frames(corpus.comments_df(dates="text"), corpus.threads_df(dates="text"))
    assert back.classified and not back.notes and _records(back) == _records(corpus)
    again = comments.Corpus.from_frames(corpus.comments_df(), corpus.threads_df())
    assert [c.to_dict() for c in again.comments] == [c.to_dict() for c in corpus.comments]
    assert [parse_date(pt.thread.published_at) for pt in again.threads] == [
        parse_date(pt.thread.published_at) for pt in corpus.threads]


def test_a_filtered_frame_is_repaired_as_read_repairs_a_tree():
    """Dropping the depth-1 replies leaves their replies without a parent: they are top-level
    now, flagged orphan with the parent's id kept, and a note counts them; analyses run on it."""
    corpus = comments.read(RAW)
    df = corpus.comments_df()
    kept = df[df.depth != 1]
    sub = comments.Corpus.from_frames(kept)
    lost = set(df.id[df.depth == 1])
    orphans = [c for c in sub.comments if "orphan" in c.flags]
    assert orphans and {c.missing_parent_id for c in orphans} <= lost and all(c.depth == 0 for c in orphans)
    assert len(orphans) == sum(kept.parent_id.isin(lost))
    assert sub.notes == [f"{len(orphans)} replies whose parent is not in the frame: top-level now, flag orphan "
                         "(the parent's id in missing_parent_id)"]
    table = comments.analyse(sub, parts=("depth",)).depth_by_thread
    assert table["comments"].sum() == len(kept) and table["max_depth"].max() == kept.depth.max() - 2  # depth 2 is top-level now


def test_a_csv_written_by_pandas_reads_back(tmp_path):
    """``df.to_csv`` writes lists as Python literals and numeric ids as numbers (12.0 in a
    column with gaps): both come back as the records had them; an added column goes to meta."""
    corpus = comments.classify(comments.read_text(
        '{"id": 11, "text": "Xiaomi sperrt Handys in Kuba."}\n{"id": 12, "parent_id": 11, "text": "Quelle?"}\n'
        '{"id": 13, "text": "Custom ROM drauf, Bootloader entsperren."}\n', name="forum.example__t.jsonl"))
    path = tmp_path / "c.csv"
    corpus.comments_df().assign(coder="A").to_csv(path, index=False)
    read = pd.read_csv(path)
    assert read.parent_id.dtype == "float64"
    back = comments.Corpus.from_frames(read)
    want = [c.to_dict() | {"meta": {"coder": "A"}} for c in corpus.comments]
    assert [c.to_dict() for c in back.comments] == want


def test_our_parquet_read_by_pandas_reads_back(tmp_path):
    """The README's route for big corpora: ``parse``/``classify -o x.parquet``, then
    ``pandas.read_parquet``, gives list cells as numpy arrays and score maps as (name, score)
    pairs; ``from_frames`` takes them back to the same records (it raised "can only convert
    an array of size 1")."""
    corpus = comments.classify(comments.read(RAW))
    corpus.write(tmp_path / "x.parquet")
    df, threads = pd.read_parquet(tmp_path / "x.parquet"), pd.read_parquet(tmp_path / "x.threads.parquet")
    assert type(df.topics.iloc[0]).__name__ == "ndarray" and isinstance(df.topic_scores.iloc[0], list)
    back = comments.Corpus.from_frames(df, threads)
    assert [c.to_dict() for c in back.comments] == [c.to_dict() for c in corpus.comments]


def test_a_list_cell_that_is_no_list_names_its_cell():
    df = comments.read(RAW).comments_df()
    df.loc[df.index[2], "flags"] = "__import__('os')"
    with pytest.raises(ValueError, match=r"row 3, column flags: .* is no list or map"):
        comments.Corpus.from_frames(df)
    with pytest.raises(ValueError, match="needs the columns thread_id and text"):
        comments.Corpus.from_frames(df.drop(columns=["text"]))


def test_a_cell_nested_too_deep_is_the_value_error_naming_it():
    """``"[" * 100_000`` in a meta or flags cell (a hostile CSV read with pandas) is the
    documented ValueError naming the cell, not a RecursionError from the JSON reader."""
    for column in ("meta", "flags"):
        df = comments.read(RAW).comments_df()
        df[column] = df[column].astype(object)
        df.at[df.index[1], column] = "[" * 100_000
        with pytest.raises(ValueError, match=rf"row 2, column {column}: '\[\[\[.* is no "):
            comments.Corpus.from_frames(df)


@pytest.mark.parametrize("column, cell, want", [
    ("flags", [{"a": 1}, 3, None], "list of names"), ("flags", "[{'a': 1}, 3, None]", "list of names"),
    ("topics", ["politics", 1], "list of names"), ("meta", ["orphan"], "map"),
    ("topic_scores", {"politics": "high"}, "map of names to scores")])
def test_a_list_or_map_cell_of_the_wrong_shape_names_its_cell(column, cell, want):
    """A flags cell ``[{'a': 1}, 3, None]`` (object or text) is no list of flag names: a
    ValueError naming the cell, never a record holding it as is."""
    df = comments.classify(comments.read(RAW)).comments_df()
    df[column] = df[column].astype(object)
    df.at[df.index[3], column] = cell
    with pytest.raises(ValueError, match=rf"row 4, column {column}: .* is no {want}$"):
        comments.Corpus.from_frames(df)
    df.at[df.index[3], column] = None  # a missing cell stays allowed
    assert len(comments.Corpus.from_frames(df).comments) == len(df)


@pytest.mark.parametrize("name", ["hackernews/algolia_item_17.json", "html_comments"])
def test_our_csv_read_by_pandas_reads_back(name, tmp_path):
    """README: a frame read back with ``pandas.read_csv`` comes back as a corpus. Our CSV
    (``parse``/``classify -o x.csv``) joins flags and labels with ``;`` and guards cells that
    a spreadsheet would take for a formula (``'+``, ``'@name``): from_frames raised "'orphan'
    is no list or map" on it and kept the guard in texts and authors. Both, parsed and
    classified, now give the records ``comments.read`` gives of the same file."""
    from conftest import corpus as shared

    parsed = comments.read(shared(name))
    for made in (parsed, comments.classify(parsed)):
        path = tmp_path / f"{made.classified}.csv"
        made.write(path)
        frame = pd.read_csv(path)
        assert frame["flags"].notna().any() or name == "html_comments"  # hackernews: an orphan
        back = comments.Corpus.from_frames(frame, pd.read_csv(path.with_name(f"{path.stem}.threads.csv")))
        assert _records(back) == _records(made) == _records(comments.read(path))
        assert back.comments_df().equals(made.comments_df()) and back.threads_df().equals(made.threads_df())
        if made.classified:
            assert frame["tone"].dropna().str.contains(";").any()  # several labels in one cell
    guarded = [c.text for c in parsed.comments if c.text.startswith(("+", "-", "=", "@"))]
    assert name != "html_comments" or guarded  # the guard is exercised


def test_a_joined_cell_reads_as_a_list_outside_our_whole_table_too():
    """Columns picked from our CSV (no longer our header) still read ``a;b`` as a list; text that
    is no list of names stays an error naming the cell."""
    frame = pd.DataFrame({"thread_id": ["t", "t"], "text": ["a", "b"], "tone": ["critical;sarcastic", "hostile"],
                          "flags": ["orphan", float("nan")]})
    back = comments.Corpus.from_frames(frame)
    assert [c.tone for c in back.comments] == [["critical", "sarcastic"], ["hostile"]]
    for bad in ("critical; sarcastic()", "[critical", "{'a': 1}"):
        with pytest.raises(ValueError, match=r"row 1, column tone: .* is no list"):
            comments.Corpus.from_frames(frame.assign(tone=[bad, "hostile"]))


def test_whole_numbers_read_back_as_float_come_back_as_int(tmp_path):
    """pandas reads ``declared_count`` of threads where some lack it as float64 (80.0); the
    records hold ints again (SPEC), and a count that is no whole number names its cell."""
    two = comments.read(FIXTURES / "reddit_thread.json", RAW)
    counts = [pt.thread.declared_count for pt in two.threads]
    assert None in counts and any(isinstance(n, int) for n in counts)
    two.write(tmp_path / "two.parquet")
    threads = pd.read_parquet(tmp_path / "two.threads.parquet")
    assert threads.declared_count.dtype == "float64"
    back = comments.Corpus.from_frames(pd.read_parquet(tmp_path / "two.parquet"), threads)
    assert [pt.thread.declared_count for pt in back.threads] == counts
    back.write(tmp_path / "rt.jsonl")
    written = [json.loads(line) for line in (tmp_path / "rt.jsonl").read_text().splitlines()]
    assert [type(r["declared_count"]) for r in written if r["record"] == "thread" and r["declared_count"]] == [int, int]
    threads.loc[threads.index[1], "declared_count"] = 80.5
    with pytest.raises(ValueError, match=r"row 2, column declared_count: '80.5' is no whole number"):
        comments.Corpus.from_frames(pd.read_parquet(tmp_path / "two.parquet"), threads)


def test_a_bad_cell_of_our_csv_names_its_row(tmp_path):
    """Our CSV read by pandas, edited by hand: a meta cell that is no JSON object is a
    ValueError naming the row (the CSV reader's InputError had no row and was no ValueError)."""
    corpus = comments.classify(comments.read(RAW))
    corpus.write(tmp_path / "c.csv")
    frame = pd.read_csv(tmp_path / "c.csv")
    frame.loc[frame.index[3], "meta"] = "{broken"
    with pytest.raises(ValueError, match=r"^row 4, column meta: meta cell is not a JSON object: '\{broken'"):
        comments.Corpus.from_frames(frame)
    frame = pd.read_csv(tmp_path / "c.csv", dtype=str)  # every cell text: counts and ids too
    assert _records(comments.Corpus.from_frames(frame))[0] == _records(corpus)[0]


def test_a_hand_built_frame_with_our_columns_is_not_read_as_csv_text():
    """review19: a frame built by hand with exactly our CSV's columns and ``flags`` all None was read as our CSV
    (every cell as CSV text): ``meta={"score": 3}`` failed, list ``topics`` failed with a JSON error naming no
    column, and ``'=1+1`` lost its apostrophe (the formula guard removed). Its cells are values, taken as they are."""

    fields = list(COMMENT_FIELDS) + list(CLASSIFICATION_FIELDS)
    row = dict.fromkeys(fields)
    rows = [{**row, "thread_id": "t", "site": "s", "id": "a", "position": 0, "text": "'=1+1", "meta": {"score": 3},
             "topics": ["economy"], "tone": ["critical", "sarcastic"], "polarity": -0.4},
            {**row, "thread_id": "t", "site": "s", "id": "b", "parent_id": "a", "position": 1, "text": "Stimmt das?",
             "topics": [], "tone": ["questioning"], "polarity": 0.0}]
    back = comments.Corpus.from_frames(pd.DataFrame(rows, columns=fields))
    first, second = back.comments
    assert first.text == "'=1+1" and first.meta == {"score": 3}
    assert (first.topics, first.tone, second.tone) == (["economy"], ["critical", "sarcastic"], ["questioning"])
    assert second.parent_id == "a" and second.text == "Stimmt das?"


def test_a_bad_cell_of_our_csv_names_its_column(tmp_path):
    """Our CSV read by pandas with a score cell edited to no JSON: the error names its row and column (it was a bare
    JSON error); a list cell put into such a frame by hand is taken as it is."""
    corpus = comments.classify(comments.read(RAW))
    corpus.write(tmp_path / "c.csv")
    frame = pd.read_csv(tmp_path / "c.csv")
    bad = frame.copy()
    bad["tone_scores"] = bad["tone_scores"].astype(object)
    bad.loc[bad.index[1], "tone_scores"] = "{not json"
    with pytest.raises(ValueError, match=r"^row 2, column tone_scores: "):
        comments.Corpus.from_frames(bad)
    listed = frame.copy()
    listed["topics"] = listed["topics"].astype(object)
    listed.at[listed.index[0], "topics"] = ["economy"]
    assert comments.Corpus.from_frames(listed).comments[0].topics == ["economy"]


def test_missing_positions_keep_frame_order_and_are_noted():
    """A frame whose position column is empty (a user's own frame, say) is no TypeError: the
    comments keep the frame's order, are renumbered, and a note says so."""
    df = comments.read(RAW).comments_df()
    df["position"] = None
    back = comments.Corpus.from_frames(df)
    for pt in back.threads:
        want = list(df.id[(df.site == pt.thread.site) & (df.thread_id == pt.thread.thread_id)])
        assert [c.id for c in pt.comments] == want and [c.position for c in pt.comments] == list(range(len(want)))
    assert back.notes == [f"{len(df)} comments with no position: placed after their thread's other comments, "
                          "in frame order"]


def test_a_text_pandas_read_as_missing_is_empty_text_and_noted(tmp_path):
    """pandas.read_csv reads the text "NA" as NaN: the comment gets an empty text (never a NaN
    or None text) and the note names the cause and keep_default_na=False."""
    df = comments.read(RAW).comments_df()
    df.loc[0, "text"] = "NA"
    df.to_csv(tmp_path / "c.csv", index=False)
    back = comments.Corpus.from_frames(pd.read_csv(tmp_path / "c.csv"))
    first = next(c for c in back.comments if c.id == str(df.id[0]))
    assert first.text == "" and all(isinstance(c.text, str) for c in back.comments)
    assert any(n.startswith("1 comment with no text") and "keep_default_na=False" in n for n in back.notes)
    kept = comments.Corpus.from_frames(pd.read_csv(tmp_path / "c.csv", keep_default_na=False))
    assert next(c for c in kept.comments if c.id == str(df.id[0])).text == "NA"
