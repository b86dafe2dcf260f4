"""Corpus.comments_df / threads_df: one row per record, SPEC columns in SPEC order, typed."""

from __future__ import annotations

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
