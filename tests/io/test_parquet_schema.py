"""One Parquet layout: the writers' tables (general and fast path) have exactly the
shared schema, and the reader turns its map columns back into dicts."""

from __future__ import annotations

from pathlib import Path

from comments.io import fastwrite, writers
from comments.io.parquet_schema import (
    comment_schema,
    maps_to_pairs,
    pairs_to_maps,
    thread_schema,
    threads_path,
)
from comments.model.records import CLASSIFICATION_FIELDS, COMMENT_FIELDS, Comment, ParsedThread, Thread
from conftest import FIXTURES, read


def _threads(classified: bool) -> list[ParsedThread]:
    comment = Comment(id="1", text="Hallo", thread_id="t", site="s")
    if classified:
        comment.topics, comment.tone = ["politik"], ["critical"]
        comment.topic_scores, comment.tone_scores = {"politik": 0.75}, {"critical": 0.5}
        comment.language, comment.polarity = "de", -0.25
    return [ParsedThread(Thread(thread_id="t", site="s"), [comment])]


def test_writers_use_the_shared_schema(tmp_path):
    for classified in (False, True):
        comments, thread_table = writers.parquet_tables(_threads(classified), tmp_path / "x.parquet",
                                                        tmp_path / "x.threads.parquet")
        columns = COMMENT_FIELDS + (CLASSIFICATION_FIELDS if classified else ())
        assert comments.schema == comment_schema(columns)
        assert thread_table.schema == thread_schema()
    assert fastwrite.SCHEMA == comment_schema()


def test_threads_file_sits_beside_the_comments_file():
    assert threads_path(Path("out/x.parquet")) == Path("out/x.threads.parquet")
    assert threads_path(Path("x.csv")) == Path("x.threads.csv")
    assert writers.sibling(Path("out/x.parquet")) == threads_path(Path("out/x.parquet"))


def test_map_columns_round_trip_through_pairs():
    row = {"id": "1", "topic_scores": {"a": 0.5, "b": 0.25}, "tone_scores": None}
    pairs = maps_to_pairs(dict(row))
    assert pairs["topic_scores"] == [("a", 0.5), ("b", 0.25)] and pairs["tone_scores"] is None
    assert pairs_to_maps(pairs) == row


def test_classified_parquet_reads_back_with_score_maps(tmp_path):
    threads = read(FIXTURES / "wxr_small.xml").threads
    for pt in threads:
        for c in pt.comments:
            c.topics, c.topic_scores, c.tone, c.tone_scores = ["x"], {"x": 0.5}, [], {"hostile": 0.125}
    out = tmp_path / "c.parquet"
    writers.write(threads, str(out), None)
    back = read(out).comments
    assert back and all(c.topic_scores == {"x": 0.5} and c.tone_scores == {"hostile": 0.125} for c in back)
